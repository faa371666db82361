// Realistic Chinese personal names and synthetic place names.
#ifndef ONECODE_SIM_NAMES_H_
#define ONECODE_SIM_NAMES_H_

#include <string>

#include "core/random.h"

namespace onecode::sim {

// A full name: a surname drawn by its frequency in China, then one or two
// given-name characters (two in about 80% of names).
std::string PersonName(Rng& rng);
// A two-character stem such as "临川" for a city or county name.
std::string PlaceStem(Rng& rng);

}  // namespace onecode::sim

#endif  // ONECODE_SIM_NAMES_H_
