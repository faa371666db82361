#include "trajectory/itinerary.h"

#include <algorithm>

#include "core/time.h"

namespace onecode::trajectory {
namespace {

constexpr int kMaxCountiesPerDay = 32;

// One day's running totals per county.
struct DayTotals {
  int64_t day = 0;
  int n = 0;
  uint32_t region[kMaxCountiesPerDay];
  int64_t seconds[kMaxCountiesPerDay];
  uint16_t stays[kMaxCountiesPerDay];

  void Add(uint32_t r, int64_t s) {
    for (int k = 0; k < n; ++k) {
      if (region[k] == r) {
        seconds[k] += s;
        ++stays[k];
        return;
      }
    }
    if (n == kMaxCountiesPerDay) return;  // a person cannot stay in 32 counties in a day
    region[n] = r;
    seconds[n] = s;
    stays[n++] = 1;
  }
};

}  // namespace

void BuildItinerary(std::span<const StayPoint> stays, std::span<const Leg> legs, const TrajectoryParams& p,
                    std::vector<ItineraryEntry>* out) {
  out->clear();
  DayTotals totals;
  bool open = false;
  const int64_t min_seconds = static_cast<int64_t>(p.itinerary_min_minutes) * kSecondsPerMinute;
  auto flush = [&] {
    const size_t first = out->size();
    for (int k = 0; k < totals.n; ++k) {
      if (totals.seconds[k] < min_seconds) continue;
      ItineraryEntry e;
      e.day = totals.day;
      e.region = totals.region[k];
      e.minutes = static_cast<int32_t>(totals.seconds[k] / kSecondsPerMinute);
      e.stays = totals.stays[k];
      for (const Leg& leg : legs) {
        if (leg.to_region == e.region && LocalDayOf(Timestamp{leg.arr}, p.utc_offset_seconds) == e.day) {
          e.arrived_by_manifest = true;
        }
      }
      out->push_back(e);
    }
    std::sort(out->begin() + static_cast<std::ptrdiff_t>(first), out->end(),
              [](const ItineraryEntry& a, const ItineraryEntry& b) { return a.region < b.region; });
    totals.n = 0;
  };
  for (const StayPoint& s : stays) {
    if (s.region == 0 || s.end <= s.start) continue;
    int64_t start = s.start;
    int64_t day = LocalDayOf(Timestamp{start}, p.utc_offset_seconds);
    while (start < s.end) {
      const int64_t day_end = LocalDayStart(day + 1, p.utc_offset_seconds).seconds;
      const int64_t piece_end = std::min(s.end, day_end);
      if (!open || day != totals.day) {
        if (open) flush();
        totals.day = day;
        open = true;
      }
      totals.Add(s.region, piece_end - start);
      start = piece_end;
      ++day;
    }
  }
  if (open) flush();
}

}  // namespace onecode::trajectory
