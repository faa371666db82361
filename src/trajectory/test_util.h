// Helpers for hand-made trajectory tests: towers placed in metres around a
// reference point, times in minutes from local midnight of 2026-11-01.
#ifndef ONECODE_TRAJECTORY_TEST_UTIL_H_
#define ONECODE_TRAJECTORY_TEST_UTIL_H_

#include <cstdint>
#include <vector>

#include "core/geo.h"
#include "core/time.h"
#include "trajectory/types.h"

namespace onecode::trajectory::testing {

inline constexpr LonLat kOrigin{104.07, 30.67};

// Local midnight starting 2026-11-01 (+08:00), in UTC seconds.
inline int64_t Day0() { return LocalDayStart(DaysFromCivil({2026, 11, 1}), kChinaUtcOffsetSeconds).seconds; }
inline int64_t Minute(double m) { return Day0() + static_cast<int64_t>(m * 60); }

// A cell table built tower by tower.
class Towers {
 public:
  // Adds a tower east_m / north_m from kOrigin; returns its index.
  uint32_t Add(double east_m, double north_m, float radius_m = 300, uint32_t region = 510104) {
    const LonLat p = OffsetMetres(kOrigin, east_m, north_m);
    cells_.push_back(CellInfo{p.lon, p.lat, radius_m, region});
    return static_cast<uint32_t>(cells_.size() - 1);
  }
  const std::vector<CellInfo>& cells() const { return cells_; }

 private:
  std::vector<CellInfo> cells_;
};

// [from, to) minutes on `cell`.
inline Interval On(uint32_t cell, double from, double to) { return Interval{cell, Minute(from), Minute(to)}; }

}  // namespace onecode::trajectory::testing

#endif  // ONECODE_TRAJECTORY_TEST_UTIL_H_
