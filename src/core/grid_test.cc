#include "core/grid.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/geo.h"
#include "core/random.h"

namespace onecode {
namespace {

// A random point over mainland China's bounding box.
LonLat RandomPoint(Rng& rng) { return LonLat{rng.Uniform(73.0, 135.0), rng.Uniform(18.0, 54.0)}; }

bool Contains(const std::vector<GridCell>& cells, GridCell c) {
  return std::find(cells.begin(), cells.end(), c) != cells.end();
}

bool IsStrictlySorted(const std::vector<GridCell>& cells) {
  for (size_t i = 1; i < cells.size(); ++i) {
    if (!(cells[i - 1] < cells[i])) return false;
  }
  return true;
}

// Distance in metres from `p` to the nearest point of the rectangle `b`.
double DistanceToBounds(LonLat p, const CellBounds& b) {
  const LonLat nearest{std::clamp(p.lon, b.west, b.east), std::clamp(p.lat, b.south, b.north)};
  return DistanceMetres(p, nearest);
}

TEST(GridTest, PointLiesInTheBoundsOfItsCellAndCentreMapsBack) {
  const Grid grid;
  Rng rng(20240229);
  for (int i = 0; i < 100000; ++i) {
    const LonLat p = RandomPoint(rng);
    const GridCell c = grid.CellOf(p);
    const CellBounds b = grid.Bounds(c);
    ASSERT_LE(b.south, p.lat);
    ASSERT_LT(p.lat, b.north);
    ASSERT_LE(b.west, p.lon);
    ASSERT_LT(p.lon, b.east);

    const LonLat centre = grid.Centre(c);
    ASSERT_EQ(grid.CellOf(centre), c) << "centre of (" << c.row << "," << c.col << ")";
    EXPECT_NEAR(centre.lat, (b.south + b.north) / 2, 1e-9);
    EXPECT_NEAR(centre.lon, (b.west + b.east) / 2, 1e-9);
    // No point of a cell is further than half its diagonal from its centre.
    ASSERT_LE(DistanceMetres(p, centre), 800.0 * std::sqrt(0.5) * 1.01);
  }
}

TEST(GridTest, NegativeCoordinatesWork) {
  const Grid grid;
  for (LonLat p : {LonLat{-0.001, -0.001}, LonLat{-73.9, -40.7}, LonLat{-0.5, 10.0}, LonLat{10.0, -0.5}}) {
    const GridCell c = grid.CellOf(p);
    EXPECT_EQ(c.col < 0, p.lon < 0) << p.lon;
    EXPECT_EQ(c.row < 0, p.lat < 0) << p.lat;
    EXPECT_EQ(grid.CellOf(grid.Centre(c)), c);
    const CellBounds b = grid.Bounds(c);
    EXPECT_LE(b.south, p.lat);
    EXPECT_LT(p.lat, b.north);
    EXPECT_LE(b.west, p.lon);
    EXPECT_LT(p.lon, b.east);
  }
}

void ExpectCellSize(const Grid& grid, double lat, double size_m) {
  const GridCell c = grid.CellOf(LonLat{110.0, lat});
  const CellBounds b = grid.Bounds(c);
  const double mid = (b.south + b.north) / 2;
  const double height = DistanceMetres(LonLat{b.west, b.south}, LonLat{b.west, b.north});
  const double width_mid = DistanceMetres(LonLat{b.west, mid}, LonLat{b.east, mid});
  const double width_south = DistanceMetres(LonLat{b.west, b.south}, LonLat{b.east, b.south});
  const double width_north = DistanceMetres(LonLat{b.west, b.north}, LonLat{b.east, b.north});
  // grid.h promises square to within 0.5% between latitudes 18 and 54.
  EXPECT_NEAR(height, size_m, size_m * 0.005) << "lat " << lat;
  EXPECT_NEAR(width_mid, size_m, size_m * 0.005) << "lat " << lat;
  EXPECT_NEAR(width_south, size_m, size_m * 0.01) << "lat " << lat;
  EXPECT_NEAR(width_north, size_m, size_m * 0.01) << "lat " << lat;
  // Wider at the south edge than at the north (northern hemisphere).
  EXPECT_GT(width_south, width_north) << "lat " << lat;
}

TEST(GridTest, CellsAreAbout800MetresSquare) {
  const Grid grid;
  EXPECT_EQ(grid.cell_size_m(), 800.0);
  for (double lat : {18.0, 30.0, 54.0}) ExpectCellSize(grid, lat, 800.0);
}

TEST(GridTest, OtherCellSizeWorks) {
  auto grid = Grid::Make(500.0);
  ASSERT_TRUE(grid.ok());
  EXPECT_EQ(grid->cell_size_m(), 500.0);
  for (double lat : {18.0, 30.0, 54.0}) ExpectCellSize(*grid, lat, 500.0);

  Rng rng(500);
  const Grid g800;
  int differs = 0;
  for (int i = 0; i < 10000; ++i) {
    const LonLat p = RandomPoint(rng);
    const GridCell c = grid->CellOf(p);
    ASSERT_EQ(grid->CellOf(grid->Centre(c)), c);
    ASSERT_LE(DistanceMetres(p, grid->Centre(c)), 500.0 * std::sqrt(0.5) * 1.01);
    if (!(g800.CellOf(p) == c)) ++differs;
  }
  EXPECT_GT(differs, 9000);  // a different grid, not the 800 m one
}

TEST(GridTest, PointsOnABoundaryBelongToTheCellNorthAndEast) {
  const Grid grid;
  Rng rng(7);
  for (int i = 0; i < 20000; ++i) {
    const GridCell c = grid.CellOf(RandomPoint(rng));
    const CellBounds b = grid.Bounds(c);
    const double mid_lat = (b.south + b.north) / 2, mid_lon = (b.west + b.east) / 2;
    // The south-west corner and the south and west edges belong to c.
    ASSERT_EQ(grid.CellOf(LonLat{b.west, b.south}), c) << c.row << "," << c.col;
    ASSERT_EQ(grid.CellOf(LonLat{b.west, mid_lat}), c) << c.row << "," << c.col;
    ASSERT_EQ(grid.CellOf(LonLat{mid_lon, b.south}), c) << c.row << "," << c.col;
    // The east edge belongs to the cell to the east, the north edge to the row above.
    ASSERT_EQ(grid.CellOf(LonLat{b.east, mid_lat}), (GridCell{c.row, c.col + 1})) << c.row << "," << c.col;
    ASSERT_EQ(grid.CellOf(LonLat{mid_lon, b.north}).row, c.row + 1) << c.row << "," << c.col;
    // CellsNear agrees with CellOf on the boundary.
    const std::vector<GridCell> near = grid.CellsNear(LonLat{b.west, b.south}, 0.0);
    ASSERT_EQ(near.size(), 1u) << c.row << "," << c.col;
    ASSERT_EQ(near[0], c) << c.row << "," << c.col;
  }
}

TEST(GridTest, NeighboursTouchTheCell) {
  const Grid grid;
  Rng rng(11);
  const double eps = 1e-9;  // degrees; ~0.1 mm
  for (int i = 0; i < 5000; ++i) {
    const GridCell c = grid.CellOf(RandomPoint(rng));
    const CellBounds b = grid.Bounds(c);
    const std::vector<GridCell> ns = grid.Neighbours(c);
    ASSERT_TRUE(IsStrictlySorted(ns));
    ASSERT_FALSE(Contains(ns, c));
    ASSERT_TRUE(Contains(ns, (GridCell{c.row, c.col - 1})));
    ASSERT_TRUE(Contains(ns, (GridCell{c.row, c.col + 1})));
    // Columns of the rows above and below are offset from c's. North of the
    // equator a row's cells are wider in degrees than those of the row below,
    // so c's span [west, east] meets 1-2 cells of the row above (1 only when
    // it falls inside one) and 2-3 of the row below.
    int above = 0, below = 0;
    for (GridCell n : ns) {
      ASSERT_LE(std::abs(n.row - c.row), 1);
      above += n.row == c.row + 1;
      below += n.row == c.row - 1;
      const CellBounds nb = grid.Bounds(n);
      // n's bounds touch or overlap the bounds of c grown by eps.
      EXPECT_LE(nb.south, b.north + eps);
      EXPECT_GE(nb.north, b.south - eps);
      EXPECT_LE(nb.west, b.east + eps);
      EXPECT_GE(nb.east, b.west - eps);
    }
    EXPECT_GE(above, 1);
    EXPECT_LE(above, 2);
    EXPECT_GE(below, 2);
    EXPECT_LE(below, 3);
    EXPECT_EQ(ns.size(), static_cast<size_t>(2 + above + below));
  }
}

TEST(GridTest, NeighboursAcrossTheEquatorIncludeCornerCells) {
  // Rows 0 and -1 are mirror images about the equator, so their columns have
  // the same width and line up exactly: a cell of row 0 touches three cells of
  // row -1, two of them only at a corner.
  const Grid grid;
  for (int32_t k = -20000; k <= 20000; k += 7) {
    const std::vector<GridCell> ns = grid.Neighbours(GridCell{0, k});
    for (int32_t col : {k - 1, k, k + 1}) {
      ASSERT_TRUE(Contains(ns, (GridCell{-1, col}))) << "col " << k << " misses (-1," << col << ")";
    }
    ASSERT_FALSE(Contains(ns, (GridCell{-1, k - 2})));
    ASSERT_FALSE(Contains(ns, (GridCell{-1, k + 2})));
    const std::vector<GridCell> back = grid.Neighbours(GridCell{-1, k});
    for (int32_t col : {k - 1, k, k + 1}) {
      ASSERT_TRUE(Contains(back, (GridCell{0, col}))) << "col " << k << " misses (0," << col << ")";
    }
  }
}

TEST(GridTest, PointsJustOutsideTheCellLandInANeighbour) {
  const Grid grid;
  Rng rng(12);
  const double d = 1e-7;  // degrees; ~1 cm outside
  for (int i = 0; i < 2000; ++i) {
    const GridCell c = grid.CellOf(RandomPoint(rng));
    const CellBounds b = grid.Bounds(c);
    const std::vector<GridCell> ns = grid.Neighbours(c);
    std::vector<LonLat> outside = {
        {b.west - d, b.south - d}, {b.east + d, b.south - d}, {b.west - d, b.north + d}, {b.east + d, b.north + d}};
    constexpr int kSteps = 40;
    for (int k = 0; k <= kSteps; ++k) {
      const double f = static_cast<double>(k) / kSteps;
      const double lon = b.west + (b.east - b.west) * f;
      const double lat = b.south + (b.north - b.south) * f;
      outside.push_back({lon, b.south - d});
      outside.push_back({lon, b.north + d});
      outside.push_back({b.west - d, lat});
      outside.push_back({b.east + d, lat});
    }
    for (LonLat p : outside) {
      const GridCell hit = grid.CellOf(p);
      ASSERT_NE(hit, c);
      ASSERT_TRUE(Contains(ns, hit)) << "cell (" << c.row << "," << c.col << "): point " << p.lon << "," << p.lat
                                     << " lands in (" << hit.row << "," << hit.col << ")";
    }
  }
}

TEST(GridTest, NeighbourRelationIsSymmetric) {
  const Grid grid;
  Rng rng(13);
  for (int i = 0; i < 2000; ++i) {
    const GridCell c = grid.CellOf(RandomPoint(rng));
    for (GridCell n : grid.Neighbours(c)) {
      ASSERT_TRUE(Contains(grid.Neighbours(n), c))
          << "(" << n.row << "," << n.col << ") is a neighbour of (" << c.row << "," << c.col << ") but not back";
    }
  }
}

TEST(GridTest, CellsNearWithZeroRadiusIsTheCellItself) {
  const Grid grid;
  Rng rng(14);
  for (int i = 0; i < 20000; ++i) {
    const LonLat p = RandomPoint(rng);
    const std::vector<GridCell> cells = grid.CellsNear(p, 0.0);
    ASSERT_EQ(cells.size(), 1u) << p.lon << "," << p.lat;
    ASSERT_EQ(cells[0], grid.CellOf(p));
  }
  // Also on a cell corner.
  const CellBounds b = grid.Bounds(GridCell{4000, 15000});
  const std::vector<GridCell> corner = grid.CellsNear(LonLat{b.west, b.south}, 0.0);
  ASSERT_FALSE(corner.empty());
  EXPECT_TRUE(Contains(corner, grid.CellOf(LonLat{b.west, b.south})));
}

TEST(GridTest, CellsNearWithNegativeRadiusActsAsZero) {
  const Grid grid;
  Rng rng(16);
  for (int i = 0; i < 20000; ++i) {
    const LonLat p = RandomPoint(rng);
    const std::vector<GridCell> cells = grid.CellsNear(p, -50.0);
    ASSERT_EQ(cells.size(), 1u) << p.lon << "," << p.lat;
    ASSERT_EQ(cells[0], grid.CellOf(p));
  }
}

TEST(GridTest, CellsNearCoversEveryPointWithinTheRadius) {
  const Grid grid;
  Rng rng(15);
  for (double radius : {1.0, 50.0, 400.0, 800.0, 1500.0, 3000.0}) {
    for (int i = 0; i < 300; ++i) {
      const LonLat p = RandomPoint(rng);
      const std::vector<GridCell> cells = grid.CellsNear(p, radius);
      ASSERT_TRUE(IsStrictlySorted(cells));
      ASSERT_TRUE(Contains(cells, grid.CellOf(p)));
      // Sample the disc (CellsNear uses a local flat-Earth metric, so stay a
      // hair inside the great-circle radius).
      for (int k = 0; k < 200; ++k) {
        const double angle = rng.Uniform(0.0, 2 * kPi);
        const double dist = radius * std::sqrt(rng.Uniform());
        const LonLat q = OffsetMetres(p, dist * std::cos(angle), dist * std::sin(angle));
        if (DistanceMetres(p, q) > radius * 0.995) continue;
        const GridCell hit = grid.CellOf(q);
        ASSERT_TRUE(Contains(cells, hit)) << "radius " << radius << ": point " << dist << " m away in ("
                                          << hit.row << "," << hit.col << ") missing";
      }
      // And the disc's rim, where the extreme cells are.
      for (int k = 0; k < 64; ++k) {
        const double angle = 2 * kPi * k / 64;
        const LonLat q = OffsetMetres(p, 0.995 * radius * std::cos(angle), 0.995 * radius * std::sin(angle));
        ASSERT_TRUE(Contains(cells, grid.CellOf(q))) << "radius " << radius << " angle " << angle;
      }
      // Every cell returned really comes within the radius.
      for (GridCell c : cells) {
        ASSERT_LE(DistanceToBounds(p, grid.Bounds(c)), radius * 1.005 + 1e-6)
            << "radius " << radius << " cell (" << c.row << "," << c.col << ")";
      }
    }
  }
}

TEST(GridTest, CellsNearGrowsWithRadius) {
  const Grid grid;
  const LonLat p{116.397, 39.909};
  size_t previous = 0;
  for (double radius : {0.0, 100.0, 800.0, 2000.0, 5000.0}) {
    const std::vector<GridCell> cells = grid.CellsNear(p, radius);
    EXPECT_GE(cells.size(), previous) << radius;
    previous = cells.size();
  }
  // A 5 km disc covers pi * 25 km^2 / 0.64 km^2 ~ 123 cells, plus a rim.
  const size_t n = grid.CellsNear(p, 5000.0).size();
  EXPECT_GT(n, 110u);
  EXPECT_LT(n, 200u);
}

TEST(GridCellTest, PackUnpackRoundTrips) {
  const int32_t kMin = std::numeric_limits<int32_t>::min(), kMax = std::numeric_limits<int32_t>::max();
  for (int32_t row : {kMin, kMin + 1, -100000, -1, 0, 1, 2500, 6750, kMax - 1, kMax}) {
    for (int32_t col : {kMin, -16875, -1, 0, 1, 16875, kMax}) {
      const GridCell c{row, col};
      EXPECT_EQ(GridCell::Unpack(c.Pack()), c) << row << "," << col;
    }
  }
  EXPECT_NE((GridCell{0, 1}).Pack(), (GridCell{1, 0}).Pack());
  EXPECT_NE((GridCell{-1, 0}).Pack(), (GridCell{0, -1}).Pack());
}

TEST(GridCellTest, PackOrdersByRowThenColumn) {
  std::vector<GridCell> cells;
  for (int32_t row : {-3, -1, 0, 2, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()}) {
    for (int32_t col : {-5, -1, 0, 7, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()}) {
      cells.push_back(GridCell{row, col});
    }
  }
  for (GridCell a : cells) {
    for (GridCell b : cells) {
      const bool by_fields = a.row < b.row || (a.row == b.row && a.col < b.col);
      EXPECT_EQ(a.Pack() < b.Pack(), by_fields) << a.row << "," << a.col << " vs " << b.row << "," << b.col;
      EXPECT_EQ(a < b, by_fields);
    }
  }
}

TEST(GridTest, MakeRejectsBadSizes) {
  for (double size : {0.0, -800.0, 9.99, 100000.5, 1e9, std::numeric_limits<double>::quiet_NaN(),
                      std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    auto g = Grid::Make(size);
    ASSERT_FALSE(g.ok()) << size;
    EXPECT_EQ(g.status().code(), StatusCode::kInvalidArgument);
  }
  for (double size : {10.0, 500.0, 800.0, 100000.0}) {
    auto g = Grid::Make(size);
    ASSERT_TRUE(g.ok()) << size;
    EXPECT_EQ(g->cell_size_m(), size);
  }
}

// WithinMetres gives DistanceMetres' answer, including right at the limit
// and beyond its small-angle range.
TEST(GeoTest, WithinMetresAgreesWithTheHaversine) {
  Rng rng(11);
  int inside = 0, outside = 0;
  for (int i = 0; i < 200000; ++i) {
    const LonLat a = RandomPoint(rng);
    const double limit = rng.Uniform(1.0, 5000.0);
    // Distances spread around the limit, a share of them within 1e-4 of it,
    // a few far away (hundreds of km: the full formula).
    const double f = i % 4 == 0 ? 1 + rng.Uniform(-2e-4, 2e-4) : i % 97 == 0 ? 300 : rng.Uniform(0.2, 2.0);
    const double bearing = rng.Uniform(0.0, 2 * kPi);
    const LonLat b = OffsetMetres(a, f * limit * std::sin(bearing), f * limit * std::cos(bearing));
    const bool want = DistanceMetres(a, b) <= limit;
    ASSERT_EQ(WithinMetres(a, std::cos(Radians(a.lat)), b, std::cos(Radians(b.lat)), limit), want)
        << a.lon << "," << a.lat << " " << b.lon << "," << b.lat << " limit " << limit;
    (want ? inside : outside) += 1;
  }
  EXPECT_GT(inside, 50000);
  EXPECT_GT(outside, 50000);
  // Exactly on the limit (as DistanceMetres measures it) counts as within.
  const LonLat a{104.07, 30.67}, b{104.08, 30.68};
  const double d = DistanceMetres(a, b);
  EXPECT_TRUE(WithinMetres(a, std::cos(Radians(a.lat)), b, std::cos(Radians(b.lat)), d));
  EXPECT_FALSE(WithinMetres(a, std::cos(Radians(a.lat)), b, std::cos(Radians(b.lat)), std::nextafter(d, 0.0)));
}

}  // namespace
}  // namespace onecode
