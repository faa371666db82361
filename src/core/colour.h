// Colour of a health code, ordered by severity: green < yellow < red.
#ifndef ONECODE_CORE_COLOUR_H_
#define ONECODE_CORE_COLOUR_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace onecode {

enum class Colour : uint8_t { kGreen = 0, kYellow = 1, kRed = 2 };

// "green", "yellow" or "red".
std::string_view ColourName(Colour c);
// Accepts the names above (lower case only); nullopt otherwise.
std::optional<Colour> ParseColour(std::string_view name);
// The more severe of two colours.
inline Colour MoreSevere(Colour a, Colour b) { return a < b ? b : a; }

}  // namespace onecode

#endif  // ONECODE_CORE_COLOUR_H_
