// The simulated people: households, homes, roles, work places and habits.
// Built once, then read-only; thread-safe to read.
#ifndef ONECODE_SIM_POPULATION_H_
#define ONECODE_SIM_POPULATION_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/pseudonym.h"
#include "sim/geography.h"

namespace onecode::sim {

enum class Role : uint8_t { kWorker, kStudent, kHomebody };

struct Person {
  std::array<char, kPseudonymLength> id;  // pseudonym, not NUL-terminated
  uint32_t home = kNone;                  // place id
  uint32_t work = kNone;                  // office/school/venue place id, or kNone
  uint32_t household_first = 0;           // index of the first member of the household
  uint32_t friend_home = kNone;           // a home they visit
  std::array<uint32_t, 3> shops{};        // usual shops
  std::array<uint32_t, 2> restaurants{};  // usual restaurants
  uint32_t park = kNone;
  uint16_t team = 0;                      // 1-based team at the work place (teams of ~10)
  Role role = Role::kWorker;
  bool weekend_worker = false;
};

class Population {
 public:
  // Creates `n` people in households and adds their homes to `geo`.
  static Population Build(uint64_t seed, int64_t n, Geography& geo);

  const std::vector<Person>& persons() const { return persons_; }
  const Person& person(uint32_t i) const { return persons_[i]; }
  size_t size() const { return persons_.size(); }
  // Household members share a home; [first, first + size).
  uint32_t HouseholdSize(uint32_t first) const;
  // Number of teams working at a place (0 if nobody works there).
  uint16_t TeamsAt(uint32_t place) const { return place < teams_at_.size() ? teams_at_[place] : 0; }
  // Name and a plausible national ID for person i (derived, not stored).
  std::string NameOf(uint32_t i) const;
  std::string PhoneTailOf(uint32_t i) const;

 private:
  uint64_t seed_ = 0;
  std::vector<Person> persons_;
  std::vector<uint16_t> teams_at_;
};

}  // namespace onecode::sim

#endif  // ONECODE_SIM_POPULATION_H_
