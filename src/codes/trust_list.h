// TrustList: the issuers whose codes a verifier accepts (region, key id,
// Ed25519 public key, validity), signed by a root key — a node's local root
// key today, the hub's later. Text format, rules and examples:
// docs/formats/trust-list.md.
//
// A parsed TrustList is immutable; share it as shared_ptr<const TrustList>
// between threads.
#ifndef ONECODE_CODES_TRUST_LIST_H_
#define ONECODE_CODES_TRUST_LIST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codes/keys.h"
#include "core/status.h"
#include "core/time.h"

namespace onecode::codes {

inline constexpr std::string_view kTrustListHeader = "OneCode trust list 1";
inline constexpr size_t kMaxTrustListBytes = 4 << 20;

// One issuer key. The key verifies codes issued in [valid_from, valid_to].
struct IssuerEntry {
  uint32_t region = 0;  // RegionCode value
  uint16_t key_id = 0;  // 1..65535, unique per region
  PublicKey public_key{};
  int64_t valid_from = 0;  // Unix seconds
  int64_t valid_to = 0;

  // "issuer <region> <key_id> <hex key> <from> <to>" (no newline): the line of
  // the trust list, also the content of STORE/keys/issuer-NNNNN.pub.
  std::string Line() const;
  // Parses Line()'s form. INVALID_ARGUMENT naming the field otherwise.
  static StatusOr<IssuerEntry> ParseLine(std::string_view line);
  friend bool operator==(const IssuerEntry&, const IssuerEntry&) = default;
};

class TrustList {
 public:
  // The signed text of a list holding `entries` (sorted by region, key id),
  // issued at `issued`, signed by `root`.
  static std::string Write(std::vector<IssuerEntry> entries, Timestamp issued, const SigningKey& root);

  // Parses and checks a list, in this order: syntax; the root key equals
  // `pinned_root` when given (else the list is accepted as "unpinned", checked
  // only against the root key it names); the signature; no duplicate
  // (region, key id); no entry whose validity ended at or before `now`.
  // INVALID_ARGUMENT with a one-line reason for a malformed list,
  // PERMISSION_DENIED for a wrong root or a bad signature, FAILED_PRECONDITION
  // for an expired entry, ALREADY_EXISTS for a duplicate key id.
  static StatusOr<TrustList> Parse(std::string_view text, const std::optional<PublicKey>& pinned_root, Timestamp now);

  // The entry for (region, key_id), or nullptr.
  const IssuerEntry* Find(uint32_t region, uint16_t key_id) const;
  const std::vector<IssuerEntry>& entries() const { return entries_; }
  const PublicKey& root() const { return root_; }
  // Whether Parse was given a pinned root (which the list matched).
  bool pinned() const { return pinned_; }
  Timestamp issued() const { return issued_; }

 private:
  std::vector<IssuerEntry> entries_;  // sorted by (region, key_id)
  PublicKey root_{};
  bool pinned_ = false;
  Timestamp issued_;
};

// Reads a pinned root public key file: 64 hex digits and a newline (the form of
// STORE/keys/root.pub and `onecode trust root`).
StatusOr<PublicKey> ParseRootKeyFile(std::string_view text);

}  // namespace onecode::codes

#endif  // ONECODE_CODES_TRUST_LIST_H_
