#include "sim/copresence.h"

#include <algorithm>
#include <cstdlib>

namespace onecode::sim {

void CopresenceIndex::Add(uint32_t focus, const DayPlan& plan, int64_t from, int64_t to) {
  for (const Segment& s : plan.segments) {
    const int64_t start = std::max(s.start, from), end = std::min(s.end, to);
    if (end <= start) continue;
    if (s.is_stay) {
      has_focus_[s.place] = 1;
      Entry e{focus, start, end};
      e.zone = s.zone;
      stays_[s.place].push_back(e);
    } else if (s.service != kNone) {
      Entry e{focus, start, end};
      Timetable::SeatPosition(s.mode, s.seat, &e.carriage, &e.row);
      rides_[s.service].push_back(e);
    }
  }
}

void CopresenceIndex::Find(uint32_t person, const DayPlan& plan, std::vector<Overlap>* out) const {
  for (const Segment& s : plan.segments) {
    if (s.is_stay) {
      if (!has_focus_[s.place]) continue;
      const auto it = stays_.find(s.place);
      for (const Entry& e : it->second) {
        if (e.focus == person || e.zone != s.zone) continue;
        const int64_t start = std::max(s.start, e.start), end = std::min(s.end, e.end);
        if (end > start) out->push_back(Overlap{e.focus, s.place, kNone, start, end});
      }
    } else if (s.service != kNone) {
      const auto it = rides_.find(s.service);
      if (it == rides_.end()) continue;
      int carriage = 0, row = 0;
      Timetable::SeatPosition(s.mode, s.seat, &carriage, &row);
      for (const Entry& e : it->second) {
        if (e.focus == person || e.carriage != carriage || std::abs(e.row - row) > rows_) continue;
        const int64_t start = std::max(s.start, e.start), end = std::min(s.end, e.end);
        if (end > start) out->push_back(Overlap{e.focus, kNone, s.service, start, end});
      }
    }
  }
}

}  // namespace onecode::sim
