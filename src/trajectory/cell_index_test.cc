#include "trajectory/cell_index.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/geo.h"
#include "core/random.h"

namespace onecode::trajectory {
namespace {

TEST(LocalDistanceTest, AgreesWithTheGreatCircle) {
  Rng rng(3);
  for (int k = 0; k < 1000; ++k) {
    const LonLat a{rng.Uniform(73, 135), rng.Uniform(18, 54)};
    const double range = rng.Uniform(10, 100000);
    const LonLat b = OffsetMetres(a, rng.Uniform(-range, range), rng.Uniform(-range, range));
    const double exact = DistanceMetres(a, b);
    EXPECT_NEAR(LocalDistanceMetres(a.lon, a.lat, b.lon, b.lat), exact, 1e-3 * exact + 0.01);
  }
  for (double d = -90; d <= 90; d += 0.5) EXPECT_NEAR(CosDegrees(d), std::cos(Radians(d)), 1e-6);
}

TEST(CellIndexTest, NearestMatchesBruteForce) {
  Rng rng(11);
  std::vector<CellInfo> cells;
  const LonLat centre{104.07, 30.67};
  // A dense core and a sparse countryside, like the simulator's.
  for (int k = 0; k < 3000; ++k) {
    const double r = k < 2000 ? 8000 : 80000;
    const LonLat p = OffsetMetres(centre, rng.Uniform(-r, r), rng.Uniform(-r, r));
    cells.push_back(CellInfo{p.lon, p.lat, 300, static_cast<uint32_t>(k)});
  }
  const CellIndex index(cells);
  for (int q = 0; q < 2000; ++q) {
    const double r = q % 2 == 0 ? 10000 : 150000;  // some queries outside the grid
    const LonLat p = OffsetMetres(centre, rng.Uniform(-r, r), rng.Uniform(-r, r));
    uint32_t best = 0;
    double best_d = 1e300;
    for (uint32_t i = 0; i < cells.size(); ++i) {
      const double d = LocalDistanceMetres(p.lon, p.lat, cells[i].lon, cells[i].lat);
      if (d < best_d) {
        best_d = d;
        best = i;
      }
    }
    const uint32_t got = index.Nearest(p.lon, p.lat);
    ASSERT_LT(got, cells.size());
    EXPECT_NEAR(LocalDistanceMetres(p.lon, p.lat, cells[got].lon, cells[got].lat), best_d, 1e-6) << q;
    (void)best;
  }
}

TEST(CellIndexTest, EmptyAndSingle) {
  const std::vector<CellInfo> none;
  EXPECT_EQ(CellIndex(none).Nearest(104, 30), UINT32_MAX);
  const std::vector<CellInfo> one = {CellInfo{104, 30, 100, 1}};
  EXPECT_EQ(CellIndex(one).Nearest(120, 40), 0u);
}

}  // namespace
}  // namespace onecode::trajectory
