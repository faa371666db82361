#include "trajectory/stays.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "core/geo.h"
#include "trajectory/clean.h"
#include "trajectory/test_util.h"

namespace onecode::trajectory {
namespace {

using testing::Minute;
using testing::On;
using testing::Towers;

std::vector<StayPoint> Stays(const Towers& t, const std::vector<Interval>& records, const PersonContext& person = {},
                             const TrajectoryParams& params = {}) {
  std::vector<StayPoint> out;
  DetectStays(records, t.cells(), params, &out, person);
  return out;
}

std::vector<StayPoint> CleanedStays(const Towers& t, const std::vector<Interval>& raw) {
  std::vector<Interval> cleaned;
  CleanRecords(raw, t.cells(), {}, TrajectoryParams{}, &cleaned, nullptr);
  return Stays(t, cleaned);
}

double Metres(const StayPoint& s, const CellInfo& c) { return DistanceMetres({s.lon, s.lat}, {c.lon, c.lat}); }

TEST(DetectStaysTest, NineMinutesIsNotAStayTenIs) {
  Towers t;
  const uint32_t a = t.Add(0, 0);
  EXPECT_TRUE(Stays(t, {On(a, 60, 69)}).empty());
  const auto stays = Stays(t, {On(a, 60, 70)});
  ASSERT_EQ(stays.size(), 1u);
  EXPECT_EQ(stays[0].start, Minute(60));
  EXPECT_EQ(stays[0].end, Minute(70));
  EXPECT_EQ(stays[0].records, 1u);
  EXPECT_EQ(stays[0].region, 510104u);
  std::vector<StayPoint> naive;
  NaiveStays(std::vector<Interval>{On(a, 60, 69)}, t.cells(), TrajectoryParams{}, &naive);
  EXPECT_TRUE(naive.empty());
}

TEST(DetectStaysTest, APingPongSequenceCollapsesIntoOneStay) {
  Towers t;
  // B is farther from A than a stay may spread (600 m for 300 m cells).
  const uint32_t a = t.Add(0, 0), b = t.Add(1500, 0);
  const std::vector<Interval> raw = {On(a, 0, 40), On(b, 40, 41), On(a, 41, 42), On(b, 42, 44), On(a, 44, 84)};
  EXPECT_GT(Stays(t, raw).size(), 1u);  // uncleaned: broken by the flips
  const auto stays = CleanedStays(t, raw);
  ASSERT_EQ(stays.size(), 1u);
  EXPECT_EQ(stays[0].start, Minute(0));
  EXPECT_EQ(stays[0].end, Minute(84));
  EXPECT_LT(Metres(stays[0], t.cells()[a]), 1.0);
}

TEST(DetectStaysTest, BridgesAnIdleGapAtTheSamePlace) {
  Towers t;
  const uint32_t a = t.Add(0, 0), b = t.Add(250, 0);
  const auto stays = Stays(t, {On(a, 0, 60), On(b, 240, 300)});
  ASSERT_EQ(stays.size(), 1u);
  EXPECT_EQ(stays[0].end - stays[0].start, 300 * 60);
  TrajectoryParams short_gaps;
  short_gaps.max_idle_gap_seconds = 60 * 60;
  EXPECT_EQ(Stays(t, {On(a, 0, 60), On(b, 240, 300)}, {}, short_gaps).size(), 2u);
}

TEST(DetectStaysTest, AnArrivalRecordBeforeASilenceStartsTheStay) {
  // Arrived at 0 (one record on B, 936 m from A: farther than a stay may
  // spread on these cells), then the phone fell idle until A served it from
  // 67 min on. The person was there during the silence.
  Towers t;
  const uint32_t a = t.Add(0, 0, 450), b = t.Add(852, 387, 450);
  const std::vector<Interval> records = {On(b, 0, 8), On(a, 67, 116)};
  const auto stays = Stays(t, records);
  ASSERT_EQ(stays.size(), 1u);
  EXPECT_EQ(stays[0].start, Minute(0));
  EXPECT_EQ(stays[0].end, Minute(116));
  EXPECT_EQ(stays[0].records, 2u);
  TrajectoryParams off;
  off.idle_bridge_m = 0;
  const auto unbridged = Stays(t, records, {}, off);
  ASSERT_EQ(unbridged.size(), 1u);
  EXPECT_EQ(unbridged[0].start, Minute(67));
  // A record on a tower farther than idle_bridge_m, or before a silence
  // shorter than idle_bridge_min_seconds, does not move the start.
  const uint32_t far = t.Add(1500, 0, 450);
  EXPECT_EQ(Stays(t, {On(far, 0, 8), On(a, 67, 116)})[0].start, Minute(67));
  EXPECT_EQ(Stays(t, {On(b, 0, 8), On(a, 12, 116)})[0].start, Minute(12));
}

TEST(DetectStaysTest, MovingIsNotAStay) {
  Towers t;
  std::vector<Interval> records;
  for (int k = 0; k < 8; ++k) records.push_back(On(t.Add(1600.0 * k, 0), 4 * k, 4 * k + 4));  // 24 km/h
  EXPECT_TRUE(Stays(t, records).empty());
}

TEST(DetectStaysTest, AShortHoldOnALargeCellIsAPassThrough) {
  Towers t;
  const uint32_t rural = t.Add(0, 0, 3000);
  // Crossing 2 x 3 km at 20 km/h takes 18 minutes.
  EXPECT_TRUE(Stays(t, {On(rural, 0, 14)}).empty());
  EXPECT_EQ(Stays(t, {On(rural, 0, 40)}).size(), 1u);
  TrajectoryParams off;
  off.pass_through_kmh = 0;
  EXPECT_EQ(Stays(t, {On(rural, 0, 14)}, {}, off).size(), 1u);
}

TEST(DetectStaysTest, SplitsAtLocalMidnight) {
  Towers t;
  const uint32_t a = t.Add(0, 0);
  const auto stays = Stays(t, {On(a, -120, 0), On(a, 0, 120)});
  ASSERT_EQ(stays.size(), 2u);
  EXPECT_EQ(stays[0].start, Minute(-120));
  EXPECT_EQ(stays[0].end, Minute(0));
  EXPECT_EQ(stays[1].start, Minute(0));
  EXPECT_EQ(stays[1].end, Minute(120));
  EXPECT_EQ(stays[0].lon, stays[1].lon);
  EXPECT_EQ(stays[0].records, 1u);
  EXPECT_EQ(stays[1].records, 1u);
  TrajectoryParams whole;
  whole.split_at_local_midnight = false;
  EXPECT_EQ(Stays(t, {On(a, -120, 0), On(a, 0, 120)}, {}, whole).size(), 1u);
}

TEST(DetectStaysTest, PositionIsTheTimeWeightedCentroidAndRadiusCoversTheSpread) {
  Towers t;
  const uint32_t a = t.Add(0, 0), b = t.Add(400, 0);
  const auto stays = Stays(t, {On(a, 0, 180), On(b, 180, 240)});
  ASSERT_EQ(stays.size(), 1u);
  const LonLat expected = OffsetMetres(testing::kOrigin, 100, 0);
  EXPECT_LT(DistanceMetres({stays[0].lon, stays[0].lat}, expected), 2.0);
  // Spread sqrt(0.75 x 100^2 + 0.25 x 300^2) = 173 m, combined with the 300 m radius.
  EXPECT_NEAR(stays[0].radius_m, std::hypot(173.2, 300.0), 3.0);
  EXPECT_EQ(stays[0].records, 2u);
}

TEST(DetectStaysTest, CountyByTimeVote) {
  Towers t;
  const uint32_t a = t.Add(0, 0, 300, 510104), b = t.Add(300, 0, 300, 510105);
  const auto stays = Stays(t, {On(a, 600, 780), On(b, 780, 840)});
  ASSERT_EQ(stays.size(), 1u);
  EXPECT_EQ(stays[0].region, 510104u);
}

TEST(DetectStaysTest, TheNightPlaceTakesTheRegisteredHomeCountyWhenItsCellsAllowIt) {
  Towers t;
  const uint32_t a = t.Add(0, 0, 300, 510104), b = t.Add(300, 0, 300, 510105);
  // 22:00-06:00 local: 6 h on A's county, 2 h on B's.
  const std::vector<Interval> night = {On(a, -120, 240), On(b, 240, 360)};
  auto region_of = [&](uint32_t home, bool use) {
    TrajectoryParams p;
    p.use_registered_home = use;
    const auto stays = Stays(t, night, PersonContext{home, {}}, p);
    EXPECT_EQ(stays.size(), 2u);  // split at midnight
    return stays.empty() ? 0u : stays[0].region;
  };
  EXPECT_EQ(region_of(510105, true), 510105u);
  EXPECT_EQ(region_of(510105, false), 510104u);
  EXPECT_EQ(region_of(510106, true), 510104u);  // no cell there: the register cannot be right here
  EXPECT_EQ(region_of(0, true), 510104u);
}

TEST(DetectStaysTest, WithAnIndexTheRegisterNeedsATowerOfItsCountyNearby) {
  Towers t;
  const uint32_t a = t.Add(0, 0, 300, 510104), b = t.Add(300, 0, 300, 510104);
  t.Add(-700, 0, 300, 510105);   // across the border, never serving, 775 m from the place
  t.Add(9000, 0, 300, 510106);   // far away
  const CellIndex index(t.cells());
  const std::vector<Interval> night = {On(a, -120, 240), On(b, 240, 360)};
  auto region_of = [&](uint32_t home) {
    std::vector<StayPoint> out;
    DetectStays(night, t.cells(), TrajectoryParams{}, &out, PersonContext{home, {}}, &index);
    EXPECT_EQ(out.size(), 2u);
    return out.empty() ? 0u : out[0].region;
  };
  EXPECT_EQ(region_of(510105), 510105u);  // within 3 x the place's radius (about 3 x 320 m)
  EXPECT_EQ(region_of(510106), 510104u);  // implausible: keeps the cells' county
}

TEST(DetectStaysTest, NightPlacesAroundTheHomeShareItsCounty) {
  Towers t;
  // A rural home seen from two large cells 5 km apart: two places, both nights.
  const uint32_t a = t.Add(0, 0, 3000, 510221), b = t.Add(5000, 0, 3000, 510222);
  std::vector<Interval> records;
  for (int day = 0; day < 4; ++day) {
    const double base = day * 1440;
    records.push_back(On(day % 2 == 0 ? a : b, base - 180, base + 420));  // 21:00-07:00
  }
  std::vector<StayPoint> out;
  TrajectoryParams p;
  p.place_radius_factor = 1.0;  // keep the two cells apart for this test
  DetectStays(records, t.cells(), p, &out, PersonContext{510222, {}});
  ASSERT_FALSE(out.empty());
  for (const StayPoint& s : out) EXPECT_EQ(s.region, 510222u);
}

TEST(DetectStaysTest, VisitsToOnePlacePoolTheirEvidence) {
  Towers t;
  const uint32_t a = t.Add(0, 0), b = t.Add(400, 0), elsewhere = t.Add(8000, 0);
  const auto stays = Stays(t, {On(a, 0, 60), On(elsewhere, 90, 300), On(b, 330, 390)});
  ASSERT_EQ(stays.size(), 3u);
  EXPECT_EQ(stays[0].lon, stays[2].lon);
  EXPECT_EQ(stays[0].lat, stays[2].lat);
  EXPECT_LT(DistanceMetres({stays[0].lon, stays[0].lat}, OffsetMetres(testing::kOrigin, 200, 0)), 2.0);
  EXPECT_LT(Metres(stays[1], t.cells()[elsewhere]), 1.0);
  TrajectoryParams apart;
  apart.pool_places = false;
  const auto unpooled = Stays(t, {On(a, 0, 60), On(elsewhere, 90, 300), On(b, 330, 390)}, {}, apart);
  ASSERT_EQ(unpooled.size(), 3u);
  EXPECT_NE(unpooled[0].lon, unpooled[2].lon);
}

TEST(DetectStaysTest, TheArrivalCountyComesFromTheManifestWhenTheCellsSplit) {
  Towers t;
  // After arriving: 25 min on a small cell of county P, 35 min on a large
  // cell of county Q. The vote (time / radius) says P; the manifest says Q.
  const uint32_t p_cell = t.Add(0, 0, 300, 510302), q_cell = t.Add(500, 0, 900, 510303);
  const std::vector<Interval> records = {On(p_cell, 100, 125), On(q_cell, 125, 160)};
  EXPECT_EQ(Stays(t, records)[0].region, 510302u);
  const std::vector<Leg> legs = {Leg{Minute(40), Minute(100), 510104, 510303, LegMode::kTrain}};
  EXPECT_EQ(Stays(t, records, PersonContext{0, legs})[0].region, 510303u);
  TrajectoryParams no_manifests;
  no_manifests.use_manifests = false;
  EXPECT_EQ(Stays(t, records, PersonContext{0, legs}, no_manifests)[0].region, 510302u);
}

TEST(DetectStaysTest, NearestCellRegionNeedsAnIndex) {
  Towers t;
  const uint32_t a = t.Add(0, 0, 300, 510104), b = t.Add(300, 0, 300, 510105);
  t.Add(120, 10, 300, 510106);  // never serves, but is nearest to the centroid
  TrajectoryParams p;
  p.region_method = RegionMethod::kNearestCell;
  const std::vector<Interval> records = {On(a, 600, 700), On(b, 700, 760)};
  std::vector<StayPoint> out;
  DetectStays(records, t.cells(), p, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].region, 510104u);  // no index: falls back to the vote
  const CellIndex index(t.cells());
  DetectStays(records, t.cells(), p, &out, {}, &index);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].region, 510106u);
}

TEST(NaiveStaysTest, EachLongHoldOnOneCellIsAStayAtThatTower) {
  Towers t;
  const uint32_t a = t.Add(0, 0, 300, 510104), b = t.Add(400, 0, 500, 510105);
  const std::vector<Interval> raw = {On(a, 0, 5), On(a, 5, 20), On(b, 20, 25), On(a, 25, 30), On(b, 30, 50)};
  std::vector<StayPoint> stays;
  NaiveStays(raw, t.cells(), TrajectoryParams{}, &stays);
  ASSERT_EQ(stays.size(), 2u);
  EXPECT_EQ(stays[0].start, Minute(0));
  EXPECT_EQ(stays[0].end, Minute(20));
  EXPECT_EQ(stays[0].records, 2u);
  EXPECT_EQ(stays[0].lon, t.cells()[a].lon);
  EXPECT_EQ(stays[0].radius_m, 300.0f);
  EXPECT_EQ(stays[1].start, Minute(30));
  EXPECT_EQ(stays[1].region, 510105u);
}

}  // namespace
}  // namespace onecode::trajectory
