// Radio: turns a person-day's true movements into operator location records
// with the drift real networks show (see DriftParams and docs/simulator.md):
// serving cell often not the nearest, ping-pong between neighbours, one-record
// far jumps, idle gaps, no coverage in flight or far from towers.
// Const and thread-safe; randomness comes from (seed, person, day).
#ifndef ONECODE_SIM_RADIO_H_
#define ONECODE_SIM_RADIO_H_

#include <cstdint>
#include <vector>

#include "sim/geography.h"
#include "sim/params.h"
#include "sim/planner.h"

namespace onecode::sim {

struct CellInterval {
  uint32_t tower;
  int64_t start, end;  // UTC seconds, [start, end)
};

class Radio {
 public:
  Radio(const DriftParams& params, const Geography& geo, uint64_t seed);

  // The records of `person` on `day` for `plan`, in time order, adjacent
  // records on the same cell merged. Clears `out` first. `carry` is the cell
  // serving the person at the end of the previous day (kNone if unknown): the
  // phone stays on it past midnight when it is still among the nearest; on
  // return it holds the cell serving at the end of this day.
  void Records(uint32_t person, int day, const DayPlan& plan, uint32_t* carry,
               std::vector<CellInterval>* out) const;

 private:
  const DriftParams& params_;
  const Geography& geo_;
  uint64_t seed_;
};

}  // namespace onecode::sim

#endif  // ONECODE_SIM_RADIO_H_
