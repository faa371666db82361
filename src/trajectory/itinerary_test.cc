#include "trajectory/itinerary.h"

#include <vector>

#include <gtest/gtest.h>

#include "trajectory/test_util.h"

namespace onecode::trajectory {
namespace {

using testing::Minute;

StayPoint Stay(double from_minute, double to_minute, uint32_t region) {
  StayPoint s;
  s.start = Minute(from_minute);
  s.end = Minute(to_minute);
  s.region = region;
  return s;
}

int64_t Day(int k) { return DaysFromCivil({2026, 11, 1}) + k; }

TEST(BuildItineraryTest, SumsStaysPerDayAndCountyAndKeepsFourHours) {
  const std::vector<StayPoint> stays = {
      Stay(0, 120, 510104),    // 2 h
      Stay(150, 270, 510104),  // +2 h = exactly 240 min: kept
      Stay(300, 539, 510105),  // 239 min: not kept
  };
  std::vector<ItineraryEntry> out;
  BuildItinerary(stays, {}, TrajectoryParams{}, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].day, Day(0));
  EXPECT_EQ(out[0].region, 510104u);
  EXPECT_EQ(out[0].minutes, 240);
  EXPECT_EQ(out[0].stays, 2);
  EXPECT_FALSE(out[0].arrived_by_manifest);
}

TEST(BuildItineraryTest, SplitsAStaySpanningMidnight) {
  // 20:00 day 0 to 07:00 day 1: 4 h on day 0, 7 h on day 1.
  const std::vector<StayPoint> stays = {Stay(20 * 60, 31 * 60, 510104), Stay(32 * 60, 37 * 60, 510105)};
  std::vector<ItineraryEntry> out;
  BuildItinerary(stays, {}, TrajectoryParams{}, &out);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].day, Day(0));
  EXPECT_EQ(out[0].minutes, 240);
  EXPECT_EQ(out[1].day, Day(1));
  EXPECT_EQ(out[1].region, 510104u);
  EXPECT_EQ(out[1].minutes, 420);
  EXPECT_EQ(out[2].day, Day(1));
  EXPECT_EQ(out[2].region, 510105u);
  EXPECT_EQ(out[2].minutes, 300);
}

TEST(BuildItineraryTest, SortsCountiesWithinADayAndMarksManifestArrivals) {
  const std::vector<StayPoint> stays = {Stay(0, 300, 510302), Stay(400, 700, 510104)};
  const std::vector<Leg> legs = {Leg{Minute(310), Minute(390), 510302, 510104, LegMode::kTrain}};
  std::vector<ItineraryEntry> out;
  BuildItinerary(stays, legs, TrajectoryParams{}, &out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].region, 510104u);
  EXPECT_TRUE(out[0].arrived_by_manifest);
  EXPECT_EQ(out[1].region, 510302u);
  EXPECT_FALSE(out[1].arrived_by_manifest);
}

TEST(BuildItineraryTest, IgnoresStaysWithoutACounty) {
  std::vector<ItineraryEntry> out = {ItineraryEntry{}};
  BuildItinerary(std::vector<StayPoint>{Stay(0, 600, 0)}, {}, TrajectoryParams{}, &out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace onecode::trajectory
