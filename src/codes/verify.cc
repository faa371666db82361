#include "codes/verify.h"

#include <cstdio>

namespace onecode::codes {
namespace {

std::string IssuerName(const TokenFields& f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%06u/%u", f.region, static_cast<unsigned>(f.key_id));
  return buf;
}

}  // namespace

std::string_view VerifyReasonCode(VerifyReason r) {
  switch (r) {
    case VerifyReason::kPass: return "pass";
    case VerifyReason::kMalformed: return "malformed";
    case VerifyReason::kUnknownIssuer: return "unknown_issuer";
    case VerifyReason::kBadSignature: return "bad_signature";
    case VerifyReason::kKeyNotValid: return "key_not_valid";
    case VerifyReason::kNotYetValid: return "not_yet_valid";
    case VerifyReason::kExpired: return "expired";
    case VerifyReason::kYellow: return "yellow";
    case VerifyReason::kRed: return "red";
  }
  return "malformed";
}

namespace {

Verdict RunChecks(std::string_view text, const TrustList& trust, const VerifyOptions& options) {
  Verdict v;
  // 1-2. Text form and byte layout.
  auto parsed = ParseTokenText(text);
  if (!parsed.ok()) {
    v.reason = VerifyReason::kMalformed;
    v.detail = "malformed token: " + parsed.status().message();
    return v;
  }
  const TokenFields& f = parsed->fields;
  v.token = f;
  // 3. Issuer key in the trust list.
  const IssuerEntry* issuer = trust.Find(f.region, f.key_id);
  if (issuer == nullptr) {
    v.reason = VerifyReason::kUnknownIssuer;
    v.detail = "unknown issuer: key " + IssuerName(f) + " is not in the trust list";
    return v;
  }
  // 4. Signature over everything before it.
  if (!VerifySignature(issuer->public_key, parsed->signed_part(), parsed->signature())) {
    v.reason = VerifyReason::kBadSignature;
    v.detail = "bad signature: the token was altered or not signed by issuer key " + IssuerName(f);
    return v;
  }
  v.signature_ok = true;
  // 5. The key was valid when the token was issued.
  const int64_t issued = f.issued;
  if (issued < issuer->valid_from || issued > issuer->valid_to) {
    v.reason = VerifyReason::kKeyNotValid;
    v.detail = "issuer key " + IssuerName(f) + " was not valid at the issue time " + FormatTimestamp(Timestamp{issued}) +
               " (valid " + FormatTimestamp(Timestamp{issuer->valid_from}) + " to " +
               FormatTimestamp(Timestamp{issuer->valid_to}) + ")";
    return v;
  }
  // 6. Time window, with the skew allowed both ways.
  const int64_t now = options.now.seconds, skew = options.skew_seconds;
  const int64_t expires = issued + static_cast<int64_t>(f.validity);
  if (issued > now + skew) {
    v.reason = VerifyReason::kNotYetValid;
    v.detail = "not yet valid: issued at " + FormatTimestamp(Timestamp{issued}) + ", " + std::to_string(issued - now) +
               " s in the future (skew allowed " + std::to_string(skew) + " s)";
    return v;
  }
  if (now > expires + skew) {
    v.reason = VerifyReason::kExpired;
    v.detail = "expired at " + FormatTimestamp(Timestamp{expires}) + ", " + std::to_string(now - expires) +
               " s ago (valid " + std::to_string(f.validity) + " s, skew allowed " + std::to_string(skew) + " s)";
    return v;
  }
  // 7. Colour.
  if (f.colour == Colour::kYellow || f.colour == Colour::kRed) {
    v.reason = f.colour == Colour::kYellow ? VerifyReason::kYellow : VerifyReason::kRed;
    v.detail = std::string(ColourName(f.colour)) + " code: stop";
    return v;
  }
  v.reason = VerifyReason::kPass;
  v.detail = "green code, valid until " + FormatTimestamp(Timestamp{expires}) + ", signed by " + IssuerName(f);
  return v;
}

}  // namespace

Verdict VerifyToken(std::string_view text, const TrustList& trust, const VerifyOptions& options) {
  Verdict v = RunChecks(text, trust, options);
  v.pinned = trust.pinned();
  if (!v.pinned) v.detail += " (unpinned: no root key pinned, the trust list was checked only against itself)";
  return v;
}

}  // namespace onecode::codes
