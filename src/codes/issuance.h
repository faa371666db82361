// Issuing a person's code from the node's store: reads the person's current
// colour (key L:<person>, written by the colours stage) and name (P:<person>),
// and signs a token with the node's active issuer key. The pipeline layer
// above the token codec; depends on store and codes.
#ifndef ONECODE_CODES_ISSUANCE_H_
#define ONECODE_CODES_ISSUANCE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "codes/key_store.h"
#include "codes/token.h"
#include "core/colour.h"
#include "core/status.h"
#include "core/time.h"
#include "store/store.h"

namespace onecode::codes {

inline constexpr std::string_view kColourPrefix = "L:";
inline constexpr uint32_t kDefaultValiditySeconds = 300;
inline constexpr uint32_t kMaxValiditySeconds = 86400;

// The token's 32-bit rule set version for the text version of a rule set
// ("2026.11.26-1"): the number itself when the text is a decimal number that
// fits, else the first 4 bytes (big-endian) of BLAKE2b-256 of the text.
uint32_t RulesetVersionNumber(std::string_view version);

// The value of L:<person>: colour TAB ruleset_version TAB computed_at TAB reasons.
struct ColourRecord {
  Colour colour = Colour::kGreen;
  uint32_t ruleset_version = 0;
  int64_t computed_at = 0;  // Unix seconds
  std::string reasons_json;  // a JSON array of strings, kept as text
};

// Parses an L: value. INVALID_ARGUMENT naming the bad field.
StatusOr<ColourRecord> ParseColourRecord(std::string_view value);

struct IssuedCode {
  std::string text;  // "OC1:..."
  TokenFields fields;
};

// Signs the code of `person` at `now`, valid `validity_seconds`.
// NOT_FOUND when the person or their colour is missing ("no colour for P; run
// onecode colours"); INVALID_ARGUMENT for a validity outside 1..86400 s or a
// bad L: record; FAILED_PRECONDITION when the node has no usable key.
StatusOr<IssuedCode> IssueCode(const store::Store& store, const KeyStore& keys, std::string_view person, Timestamp now,
                               uint32_t validity_seconds);

}  // namespace onecode::codes

#endif  // ONECODE_CODES_ISSUANCE_H_
