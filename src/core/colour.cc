#include "core/colour.h"

namespace onecode {

std::string_view ColourName(Colour c) {
  switch (c) {
    case Colour::kGreen: return "green";
    case Colour::kYellow: return "yellow";
    case Colour::kRed: return "red";
  }
  return "unknown";
}

std::optional<Colour> ParseColour(std::string_view name) {
  if (name == "green") return Colour::kGreen;
  if (name == "yellow") return Colour::kYellow;
  if (name == "red") return Colour::kRed;
  return std::nullopt;
}

}  // namespace onecode
