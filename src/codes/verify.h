// Verification of a token against a trust list: the checks every gate makes,
// in the order docs/formats/token.md ("Verifying") lists them — the server
// calls this function and the web gate page repeats the same checks in JS.
// Pure and thread-safe; the trust list is only read.
#ifndef ONECODE_CODES_VERIFY_H_
#define ONECODE_CODES_VERIFY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codes/token.h"
#include "codes/trust_list.h"
#include "core/time.h"

namespace onecode::codes {

// Why a token passes or stops, in check order. Only kPass lets a person through.
enum class VerifyReason {
  kPass,
  kMalformed,      // not a well-formed OneCode token
  kUnknownIssuer,  // (region, key id) is not in the trust list
  kBadSignature,   // the signature does not verify with the issuer's key
  kKeyNotValid,    // the issuer's key was not valid at the token's issue time
  kNotYetValid,    // issued after now + skew
  kExpired,        // now - skew is past issued + validity
  kYellow,         // valid, but the colour is yellow
  kRed,            // valid, but the colour is red
};

// "pass", "malformed", "unknown_issuer", "bad_signature", "key_not_valid",
// "not_yet_valid", "expired", "yellow", "red".
std::string_view VerifyReasonCode(VerifyReason r);

inline constexpr int64_t kDefaultClockSkewSeconds = 30;

struct VerifyOptions {
  Timestamp now;
  int64_t skew_seconds = kDefaultClockSkewSeconds;  // tolerated clock difference, both ways
};

struct Verdict {
  VerifyReason reason = VerifyReason::kMalformed;
  std::string detail;  // one line: why, in words
  // The token's fields when it parsed (kMalformed: nullopt). Only trust the
  // colour and name when signature_ok.
  std::optional<TokenFields> token;
  bool signature_ok = false;
  bool pinned = false;  // the trust list was checked against a pinned root

  bool pass() const { return reason == VerifyReason::kPass; }
};

// Runs every check on `text` (the QR text, "OC1:...") and returns the first
// that fails, or kPass.
Verdict VerifyToken(std::string_view text, const TrustList& trust, const VerifyOptions& options);

}  // namespace onecode::codes

#endif  // ONECODE_CODES_VERIFY_H_
