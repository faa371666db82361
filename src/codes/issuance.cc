#include "codes/issuance.h"

#include <sodium.h>


namespace onecode::codes {
namespace {

bool ParseUint(std::string_view s, uint64_t max, uint64_t* out) {
  if (s.empty() || s.size() > 19) return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > max) return false;
  *out = v;
  return true;
}

}  // namespace

uint32_t RulesetVersionNumber(std::string_view version) {
  uint64_t v = 0;
  if (ParseUint(version, UINT32_MAX, &v)) return static_cast<uint32_t>(v);
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(version.data()), version.size(), nullptr, 0);
  return static_cast<uint32_t>(h[0]) << 24 | static_cast<uint32_t>(h[1]) << 16 | static_cast<uint32_t>(h[2]) << 8 | h[3];
}

StatusOr<ColourRecord> ParseColourRecord(std::string_view value) {
  const auto f = store::SplitTabs(value);
  if (f.size() != 4) {
    return Status::InvalidArgument("colour record has " + std::to_string(f.size()) +
                                   " fields, expected colour, ruleset_version, computed_at, reasons");
  }
  ColourRecord r;
  auto colour = ParseColour(f[0]);
  if (!colour) return Status::InvalidArgument("colour record: '" + std::string(f[0].substr(0, 20)) + "' is not green, yellow or red");
  r.colour = *colour;
  uint64_t v = 0;
  if (f[1].empty()) return Status::InvalidArgument("colour record: empty rule set version");
  r.ruleset_version = RulesetVersionNumber(f[1]);
  if (f[2].size() != 10 || !ParseUint(f[2], 9999999999ull, &v)) {
    return Status::InvalidArgument("colour record: computed_at '" + std::string(f[2].substr(0, 20)) + "' is not 10-digit Unix seconds");
  }
  r.computed_at = static_cast<int64_t>(v);
  r.reasons_json = std::string(f[3]);
  return r;
}

StatusOr<IssuedCode> IssueCode(const store::Store& store, const KeyStore& keys, std::string_view person, Timestamp now,
                               uint32_t validity_seconds) {
  if (validity_seconds < 1 || validity_seconds > kMaxValiditySeconds) {
    return Status::InvalidArgument("validity must be 1.." + std::to_string(kMaxValiditySeconds) + " seconds");
  }
  if (now.seconds < 0 || now.seconds > UINT32_MAX) return Status::InvalidArgument("issue time out of range");
  auto person_value = store.Get(std::string(store::kPersonPrefix) + std::string(person));
  if (!person_value.ok()) return person_value.status();
  if (!person_value->has_value()) return Status::NotFound("no person " + std::string(person) + " in the store");
  auto colour_value = store.Get(std::string(kColourPrefix) + std::string(person));
  if (!colour_value.ok()) return colour_value.status();
  if (!colour_value->has_value()) {
    return Status::NotFound("no colour for " + std::string(person) + "; run onecode colours");
  }
  auto colour = ParseColourRecord(**colour_value);
  if (!colour.ok()) return Status::InvalidArgument("L:" + std::string(person) + ": " + colour.status().message());
  const auto person_fields = store::SplitTabs(**person_value);
  const std::string_view name = person_fields.size() >= 2 ? person_fields[1] : std::string_view();

  auto issuer = keys.SigningKeyAt(now);
  if (!issuer.ok()) return issuer.status();
  auto secret = keys.CodeIdSecret();
  if (!secret.ok()) return secret.status();

  IssuedCode out;
  TokenFields& f = out.fields;
  f.region = issuer->entry.region;
  f.key_id = issuer->entry.key_id;
  f.code_id = ComputeCodeId(*secret, person, now);
  f.colour = colour->colour;
  f.issued = static_cast<uint32_t>(now.seconds);
  f.validity = validity_seconds;
  f.ruleset_version = colour->ruleset_version;
  f.masked_name = MaskName(name);
  if (f.masked_name.size() > kMaxMaskedNameBytes) f.masked_name = "*";
  auto text = SignToken(f, issuer->key);
  if (!text.ok()) return text.status();
  out.text = std::move(*text);
  return out;
}

}  // namespace onecode::codes
