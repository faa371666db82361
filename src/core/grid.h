// Grid: square cells of a fixed size (default 800 m) over longitude/latitude.
//
// Rows are bands of `cell_size_m` metres of latitude. Within a row, columns are
// `cell_size_m` metres wide measured at the row's centre latitude, so a cell is
// square to within 0.5% anywhere between latitudes 18 and 54 (the row-wise
// scaling of the sinusoidal projection). Columns of neighbouring rows do not
// line up; Neighbours() and CellsNear() account for that. Not defined across
// the antimeridian or near the poles. Immutable; thread-safe.
#ifndef ONECODE_CORE_GRID_H_
#define ONECODE_CORE_GRID_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/geo.h"
#include "core/status.h"

namespace onecode {

struct GridCell {
  int32_t row = 0;
  int32_t col = 0;

  // A 64-bit key that orders cells by row, then column.
  uint64_t Pack() const {
    return (static_cast<uint64_t>(static_cast<uint32_t>(row) ^ 0x80000000u) << 32) |
           (static_cast<uint32_t>(col) ^ 0x80000000u);
  }
  static GridCell Unpack(uint64_t key) {
    return GridCell{static_cast<int32_t>(static_cast<uint32_t>(key >> 32) ^ 0x80000000u),
                    static_cast<int32_t>(static_cast<uint32_t>(key) ^ 0x80000000u)};
  }
  friend bool operator==(GridCell, GridCell) = default;
  friend auto operator<=>(GridCell, GridCell) = default;
};

struct CellBounds {
  double south, north, west, east;  // degrees
};

class Grid {
 public:
  // REQUIRES: cell_size_m in [10, 100000].
  explicit Grid(double cell_size_m = 800.0);
  static StatusOr<Grid> Make(double cell_size_m);

  double cell_size_m() const { return size_m_; }
  // The cell holding `p`; a point on a boundary belongs to the cell north/east of it.
  GridCell CellOf(LonLat p) const;
  LonLat Centre(GridCell c) const;
  CellBounds Bounds(GridCell c) const;
  // Every other cell that shares an edge or a corner with `c`, sorted: the two
  // beside it in its row and the 1-3 of each adjacent row whose columns meet
  // c's west-east span. Columns of adjacent rows almost never line up, so this
  // is nearly always 6 cells, not a 3x3 block; use CellsNear() for "every
  // cell within a distance".
  std::vector<GridCell> Neighbours(GridCell c) const;
  // Every cell that comes within `radius_m` of `p` (including CellOf(p)),
  // sorted. Used for positions with an uncertainty radius.
  std::vector<GridCell> CellsNear(LonLat p, double radius_m) const;

  // The pieces of CellOf, for callers that look up many points and cache the
  // column width of each row (tracing): CellOf(p) == {RowOf(p.lat),
  // IndexOf(p.lon, ColumnWidthDegrees(RowOf(p.lat)))}, exactly.
  double row_height_deg() const { return row_height_deg_; }
  int32_t RowOf(double lat) const { return IndexOf(lat, row_height_deg_); }
  double ColumnWidthDegrees(int32_t row) const;
  // floor(x / size), corrected so that k * size <= x < (k + 1) * size holds
  // for the products Bounds() computes.
  static int32_t IndexOf(double x, double size);

 private:
  double size_m_;
  double row_height_deg_;
};

}  // namespace onecode

#endif  // ONECODE_CORE_GRID_H_
