// Copresence: who was at the same place (or in nearby seats of the same
// vehicle) at the same time as a set of "focus" people on one day. Used both
// for transmission (focus = the infectious) and for the true contact list
// (focus = the cases). Build once per day, then query from many threads.
#ifndef ONECODE_SIM_COPRESENCE_H_
#define ONECODE_SIM_COPRESENCE_H_

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "sim/planner.h"

namespace onecode::sim {

struct Overlap {
  uint32_t focus;       // the focus person
  uint32_t place;       // place id, or kNone for a ride
  uint32_t service;     // service id for a ride, else kNone
  int64_t start, end;   // the time together
};

class CopresenceIndex {
 public:
  CopresenceIndex(size_t place_count, int cotravel_rows) : has_focus_(place_count, 0), rows_(cotravel_rows) {}

  // Adds the stays and rides of one focus person. `from`/`to` clip the times
  // the person counts (e.g. the infectious window).
  void Add(uint32_t focus, const DayPlan& plan, int64_t from, int64_t to);
  bool empty() const { return stays_.empty() && rides_.empty(); }

  // Appends every overlap between `plan` (of `person`) and a focus person
  // other than `person`, in plan order then focus order.
  void Find(uint32_t person, const DayPlan& plan, std::vector<Overlap>* out) const;

 private:
  struct Entry {
    uint32_t focus;
    int64_t start, end;
    int carriage = 0, row = 0;
    uint32_t zone = 0;
  };
  std::vector<uint8_t> has_focus_;
  int rows_;
  std::unordered_map<uint32_t, std::vector<Entry>> stays_;  // by place
  std::unordered_map<uint32_t, std::vector<Entry>> rides_;  // by service
};

}  // namespace onecode::sim

#endif  // ONECODE_SIM_COPRESENCE_H_
