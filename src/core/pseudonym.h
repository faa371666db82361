// Person pseudonyms: the only person identifiers OneCode stores or sends.
//
// A pseudonym is "<home region>-<16 lowercase hex>", e.g.
// "510104-3f9a0c1b2d4e5f60": the home county (so federation can route an event
// to the person's home node without a lookup) and a keyed BLAKE2b hash of the
// national ID number with an 8-byte output (crypto_generichash with outlen 8;
// BLAKE2b mixes the output length in, so this is not the first 8 bytes of a
// longer digest). Without the key the hash cannot be reversed or enumerated;
// the key never leaves the node that holds it.
#ifndef ONECODE_CORE_PSEUDONYM_H_
#define ONECODE_CORE_PSEUDONYM_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/region.h"
#include "core/status.h"

namespace onecode {

inline constexpr size_t kPseudonymLength = 23;  // 6 + '-' + 16
using PseudonymKey = std::array<uint8_t, 32>;

// The pseudonym of `national_id` for a resident of `home`. Deterministic for a
// given key. Thread-safe.
std::string Pseudonymize(const PseudonymKey& key, std::string_view national_id, RegionCode home);
// Writes the 23 characters of the pseudonym to `out` (no allocation).
void PseudonymizeTo(const PseudonymKey& key, std::string_view national_id, RegionCode home, char* out);

// OK when `text` has the pseudonym form with a valid region code.
Status ValidatePseudonym(std::string_view text);
// The home region encoded in a valid pseudonym.
StatusOr<RegionCode> PseudonymRegion(std::string_view text);

}  // namespace onecode

#endif  // ONECODE_CORE_PSEUDONYM_H_
