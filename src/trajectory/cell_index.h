// Distances between towers for the hot path, and CellIndex, a nearest-tower
// lookup over the cell table.
//
// LocalDistanceMetres is the equirectangular approximation at the mean
// latitude, within 0.1% of the great-circle distance up to ~100 km, with no
// trigonometric call: trajectory thresholds are hundreds of metres to tens of
// kilometres, and the hot path computes a few distances per record.
#ifndef ONECODE_TRAJECTORY_CELL_INDEX_H_
#define ONECODE_TRAJECTORY_CELL_INDEX_H_

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "core/geo.h"
#include "trajectory/types.h"

namespace onecode::trajectory {

// cos(degrees) for |degrees| <= 90, absolute error below 1e-6 (Taylor series
// to x^10 on [-pi/2, pi/2]).
inline double CosDegrees(double degrees) {
  const double x = degrees * (kPi / 180.0);
  const double x2 = x * x;
  return 1 + x2 * (-1.0 / 2 + x2 * (1.0 / 24 + x2 * (-1.0 / 720 + x2 * (1.0 / 40320 + x2 * (-1.0 / 3628800)))));
}

inline double LocalDistanceMetres(double lon_a, double lat_a, double lon_b, double lat_b) {
  const double dx = (lon_b - lon_a) * CosDegrees((lat_a + lat_b) * 0.5) * kMetresPerDegreeLat;
  const double dy = (lat_b - lat_a) * kMetresPerDegreeLat;
  return std::sqrt(dx * dx + dy * dy);
}

inline double CellDistanceMetres(const CellInfo& a, const CellInfo& b) {
  return LocalDistanceMetres(a.lon, a.lat, b.lon, b.lat);
}

// A bucket grid over the towers for nearest-tower queries. Immutable after
// construction; thread-safe. Holds a view of `cells`, which must outlive it.
class CellIndex {
 public:
  // Buckets are about bucket_m on a side. REQUIRES: bucket_m > 0.
  explicit CellIndex(std::span<const CellInfo> cells, double bucket_m = 1000);

  // The index of the tower nearest to (lon, lat), or UINT32_MAX when there
  // are no towers.
  uint32_t Nearest(double lon, double lat) const;
  // The index of the tower of county `region` nearest to (lon, lat) within
  // max_m, or UINT32_MAX when there is none.
  uint32_t NearestInRegion(double lon, double lat, uint32_t region, double max_m) const;

 private:
  // Ring search from (lon, lat): the nearest tower accepted by `accept`
  // within max_m (infinity: no limit).
  template <typename Accept>
  uint32_t Search(double lon, double lat, double max_m, Accept accept) const;
  int64_t BucketX(double lon) const;
  int64_t BucketY(double lat) const;

  std::span<const CellInfo> cells_;
  double lon0_ = 0, lat0_ = 0;        // south-west corner of the grid
  double dlon_ = 1, dlat_ = 1;        // bucket size in degrees
  double bucket_m_ = 1000;            // bucket size in metres (east-west, at the narrowest)
  int64_t nx_ = 0, ny_ = 0;
  std::vector<uint32_t> start_;       // CSR: bucket b holds order_[start_[b], start_[b + 1])
  std::vector<uint32_t> order_;
};

}  // namespace onecode::trajectory

#endif  // ONECODE_TRAJECTORY_CELL_INDEX_H_
