// KeyStore: a node's keys, kept as files in STORE/keys/ (docs/codes.md):
//
//   root.key            0600  the local root key that signs the trust list
//   root.pub            0644  its public key (what verifiers pin)
//   code-id.key         0600  BLAKE2b key for per-person code identifiers
//   issuer-NNNNN.key    0600  issuer signing key NNNNN (Ed25519 seed)
//   issuer-NNNNN.pub    0644  its trust-list line: region, id, public key, validity
//
// Secret files are created with O_EXCL and mode 0600 in a 0700 directory,
// fsynced, and refused on read if group or others may read them. No function
// here returns secret bytes in printable form. Methods are safe to call from
// several threads; two processes rotating at once cannot create the same key
// id (O_EXCL), the loser gets ALREADY_EXISTS.
#ifndef ONECODE_CODES_KEY_STORE_H_
#define ONECODE_CODES_KEY_STORE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "codes/keys.h"
#include "codes/trust_list.h"
#include "core/region.h"
#include "core/status.h"
#include "core/time.h"

namespace onecode::codes {

inline constexpr int64_t kDefaultKeyLifetimeSeconds = 365 * kSecondsPerDay;

// The key that signs codes now, with its trust-list entry.
struct ActiveIssuer {
  IssuerEntry entry;
  SigningKey key;
};

class KeyStore {
 public:
  // The keys of the store in `store_dir` (STORE/keys). Touches no file.
  explicit KeyStore(const std::string& store_dir);
  const std::string& dir() const { return dir_; }

  // Creates the root key, the code-id secret and issuer key 1 for `region`,
  // valid [now, now + lifetime]. ALREADY_EXISTS if the store has keys already
  // (nothing is overwritten); IO_ERROR if a file cannot be written.
  StatusOr<IssuerEntry> Init(RegionCode region, Timestamp now, int64_t lifetime_seconds) const;
  // Adds issuer key (highest id + 1) for the same region, valid [now, now +
  // lifetime]; it signs from now on. Older keys keep their validity and stay
  // in the trust list until it ends. FAILED_PRECONDITION without `Init`.
  StatusOr<IssuerEntry> Rotate(Timestamp now, int64_t lifetime_seconds) const;

  // Every issuer key's entry, by key id. FAILED_PRECONDITION without `Init`.
  StatusOr<std::vector<IssuerEntry>> Issuers() const;
  // The newest issuer key valid at `now`. FAILED_PRECONDITION when none is
  // (all expired: rotate), or when its file is readable by others.
  StatusOr<ActiveIssuer> SigningKeyAt(Timestamp now) const;
  StatusOr<SecretBytes> CodeIdSecret() const;
  StatusOr<PublicKey> RootPublicKey() const;
  // The trust list of this node's keys whose validity has not ended at `now`,
  // issued at `now`, signed by the root key.
  StatusOr<std::string> TrustListText(Timestamp now) const;

 private:
  StatusOr<SecretBytes> ReadSecret(const std::string& name, std::string_view header) const;
  Status WriteSecret(const std::string& name, std::string_view header, const SecretBytes& secret) const;
  StatusOr<IssuerEntry> CreateIssuer(RegionCode region, uint16_t key_id, Timestamp now, int64_t lifetime) const;

  std::string store_dir_;
  std::string dir_;
};

}  // namespace onecode::codes

#endif  // ONECODE_CODES_KEY_STORE_H_
