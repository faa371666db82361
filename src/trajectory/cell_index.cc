#include "trajectory/cell_index.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace onecode::trajectory {
namespace {

constexpr int64_t kMaxBuckets = int64_t{4} << 20;

}  // namespace

CellIndex::CellIndex(std::span<const CellInfo> cells, double bucket_m) : cells_(cells) {
  assert(bucket_m > 0);
  if (cells.empty()) return;
  double lon_min = cells[0].lon, lon_max = lon_min, lat_min = cells[0].lat, lat_max = lat_min;
  for (const CellInfo& c : cells) {
    lon_min = std::min(lon_min, c.lon);
    lon_max = std::max(lon_max, c.lon);
    lat_min = std::min(lat_min, c.lat);
    lat_max = std::max(lat_max, c.lat);
  }
  // Buckets at least bucket_m wide everywhere: size longitude at the latitude
  // where a degree is shortest.
  const double widest_lat = std::max(std::abs(lat_min), std::abs(lat_max));
  const double min_cos = std::max(0.05, CosDegrees(std::min(89.0, widest_lat)));
  for (;;) {
    dlat_ = bucket_m / kMetresPerDegreeLat;
    dlon_ = bucket_m / (kMetresPerDegreeLat * min_cos);
    nx_ = static_cast<int64_t>((lon_max - lon_min) / dlon_) + 1;
    ny_ = static_cast<int64_t>((lat_max - lat_min) / dlat_) + 1;
    if (nx_ * ny_ <= kMaxBuckets) break;
    bucket_m *= 2;
  }
  bucket_m_ = bucket_m;
  lon0_ = lon_min;
  lat0_ = lat_min;
  start_.assign(static_cast<size_t>(nx_ * ny_ + 1), 0);
  for (const CellInfo& c : cells) ++start_[static_cast<size_t>(BucketY(c.lat) * nx_ + BucketX(c.lon) + 1)];
  for (size_t b = 1; b < start_.size(); ++b) start_[b] += start_[b - 1];
  order_.resize(cells.size());
  std::vector<uint32_t> fill(start_.begin(), start_.end() - 1);
  for (uint32_t i = 0; i < cells.size(); ++i) {
    order_[fill[static_cast<size_t>(BucketY(cells[i].lat) * nx_ + BucketX(cells[i].lon))]++] = i;
  }
}

int64_t CellIndex::BucketX(double lon) const {
  return std::clamp<int64_t>(static_cast<int64_t>(std::floor((lon - lon0_) / dlon_)), 0, nx_ - 1);
}
int64_t CellIndex::BucketY(double lat) const {
  return std::clamp<int64_t>(static_cast<int64_t>(std::floor((lat - lat0_) / dlat_)), 0, ny_ - 1);
}

template <typename Accept>
uint32_t CellIndex::Search(double lon, double lat, double max_m, Accept accept) const {
  if (cells_.empty()) return std::numeric_limits<uint32_t>::max();
  // A query outside the grid starts from the nearest edge bucket; the
  // stopping rule below still holds for it.
  const int64_t qx = BucketX(lon), qy = BucketY(lat);
  uint32_t best = std::numeric_limits<uint32_t>::max();
  double best_d = std::numeric_limits<double>::infinity();
  const int64_t max_ring = std::max(nx_, ny_);
  for (int64_t ring = 0; ring <= max_ring; ++ring) {
    for (int64_t y = qy - ring; y <= qy + ring; ++y) {
      if (y < 0 || y >= ny_) continue;
      const bool edge_row = y == qy - ring || y == qy + ring;
      const int64_t step = edge_row ? 1 : 2 * ring;  // inner rows: only the two ends
      for (int64_t x = qx - ring; x <= qx + ring; x += step) {
        if (x < 0 || x >= nx_) continue;
        const auto b = static_cast<size_t>(y * nx_ + x);
        for (uint32_t k = start_[b]; k < start_[b + 1]; ++k) {
          const uint32_t i = order_[k];
          if (!accept(cells_[i])) continue;
          const double d = LocalDistanceMetres(lon, lat, cells_[i].lon, cells_[i].lat);
          if (d < best_d || (d == best_d && i < best)) {
            best_d = d;
            best = i;
          }
        }
      }
    }
    // Every bucket not yet seen is at least ring x bucket_m away.
    const double unseen_m = static_cast<double>(ring) * bucket_m_;
    if (best_d <= unseen_m || unseen_m > max_m) break;
  }
  return best_d <= max_m ? best : std::numeric_limits<uint32_t>::max();
}

uint32_t CellIndex::Nearest(double lon, double lat) const {
  return Search(lon, lat, std::numeric_limits<double>::infinity(), [](const CellInfo&) { return true; });
}

uint32_t CellIndex::NearestInRegion(double lon, double lat, uint32_t region, double max_m) const {
  return Search(lon, lat, max_m, [region](const CellInfo& c) { return c.region == region; });
}

}  // namespace onecode::trajectory
