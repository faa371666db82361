#include "core/grid.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace onecode {
namespace {

// ceil(x / size), corrected as Grid::IndexOf does: (k - 1) * size < x <= k * size.
int32_t CeilIndex(double x, double size) {
  double k = std::ceil(x / size);
  if ((k - 1) * size >= x) {
    k -= 1;
  } else if (k * size < x) {
    k += 1;
  }
  return static_cast<int32_t>(k);
}

}  // namespace

// x / size can round across an integer when x lies on (or within an ulp of) a
// boundary; the two checks put it back on the side Bounds() agrees with.
int32_t Grid::IndexOf(double x, double size) {
  double k = std::floor(x / size);
  if ((k + 1) * size <= x) {
    k += 1;
  } else if (k * size > x) {
    k -= 1;
  }
  return static_cast<int32_t>(k);
}

Grid::Grid(double cell_size_m) : size_m_(cell_size_m), row_height_deg_(cell_size_m / kMetresPerDegreeLat) {
  assert(cell_size_m >= 10 && cell_size_m <= 100000);
}

StatusOr<Grid> Grid::Make(double cell_size_m) {
  if (!(cell_size_m >= 10 && cell_size_m <= 100000)) {
    return Status::InvalidArgument("grid cell size must be 10-100000 m");
  }
  return Grid(cell_size_m);
}

double Grid::ColumnWidthDegrees(int32_t row) const {
  const double centre_lat = (row + 0.5) * row_height_deg_;
  return size_m_ / (kMetresPerDegreeLat * std::cos(Radians(centre_lat)));
}

GridCell Grid::CellOf(LonLat p) const {
  const int32_t row = IndexOf(p.lat, row_height_deg_);
  return GridCell{row, IndexOf(p.lon, ColumnWidthDegrees(row))};
}

LonLat Grid::Centre(GridCell c) const {
  return LonLat{(c.col + 0.5) * ColumnWidthDegrees(c.row), (c.row + 0.5) * row_height_deg_};
}

CellBounds Grid::Bounds(GridCell c) const {
  const double w = ColumnWidthDegrees(c.row);
  return CellBounds{c.row * row_height_deg_, (c.row + 1) * row_height_deg_, c.col * w, (c.col + 1) * w};
}

std::vector<GridCell> Grid::Neighbours(GridCell c) const {
  const CellBounds b = Bounds(c);
  std::vector<GridCell> out = {GridCell{c.row, c.col - 1}, GridCell{c.row, c.col + 1}};
  for (int32_t row : {c.row - 1, c.row + 1}) {
    const double w = ColumnWidthDegrees(row);
    // Columns [k*w, (k+1)*w] that touch [west, east], corners included.
    const int32_t first = CeilIndex(b.west, w) - 1;
    const int32_t last = IndexOf(b.east, w);
    for (int32_t col = first; col <= last; ++col) out.push_back(GridCell{row, col});
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<GridCell> Grid::CellsNear(LonLat p, double radius_m) const {
  std::vector<GridCell> out;
  radius_m = std::max(0.0, radius_m);  // a negative radius acts as 0
  const double r_deg_lat = radius_m / kMetresPerDegreeLat;
  const int32_t row_lo = IndexOf(p.lat - r_deg_lat, row_height_deg_);
  const int32_t row_hi = IndexOf(p.lat + r_deg_lat, row_height_deg_);
  const double m_per_deg_lon = kMetresPerDegreeLat * std::cos(Radians(p.lat));
  for (int32_t row = row_lo; row <= row_hi; ++row) {
    const double w = ColumnWidthDegrees(row);
    const double r_deg_lon = radius_m / m_per_deg_lon;
    const int32_t col_lo = IndexOf(p.lon - r_deg_lon, w);
    const int32_t col_hi = IndexOf(p.lon + r_deg_lon, w);
    for (int32_t col = col_lo; col <= col_hi; ++col) {
      const CellBounds b = Bounds(GridCell{row, col});
      // Distance from p to the rectangle, in local metres.
      const double dy = (p.lat < b.south ? b.south - p.lat : p.lat > b.north ? p.lat - b.north : 0) *
                        kMetresPerDegreeLat;
      const double dx = (p.lon < b.west ? b.west - p.lon : p.lon > b.east ? p.lon - b.east : 0) * m_per_deg_lon;
      if (dx * dx + dy * dy <= radius_m * radius_m) out.push_back(GridCell{row, col});
    }
  }
  return out;
}

}  // namespace onecode
