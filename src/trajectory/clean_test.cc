#include "trajectory/clean.h"

#include <vector>

#include <gtest/gtest.h>

#include "trajectory/test_util.h"

namespace onecode::trajectory {
namespace {

using testing::On;
using testing::Minute;
using testing::Towers;

std::vector<Interval> Clean(const Towers& towers, const std::vector<Interval>& raw, CleanStats* stats,
                            const std::vector<Leg>& legs = {}, const TrajectoryParams& params = {}) {
  std::vector<Interval> out;
  CleanRecords(raw, towers.cells(), legs, params, &out, stats);
  // Every input record is accounted for.
  EXPECT_EQ(stats->input + stats->split_by_leg, stats->output + stats->joined + stats->dropped_bad +
                                                    stats->dropped_during_leg + stats->dropped_far_jump +
                                                    stats->dropped_speed);
  return out;
}

TEST(CleanRecordsTest, JoinsARecordSplitAtLocalMidnight) {
  Towers t;
  const uint32_t a = t.Add(0, 0);
  CleanStats stats;
  const auto out = Clean(t, {On(a, -90, 0), On(a, 0, 75)}, &stats);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].start, Minute(-90));
  EXPECT_EQ(out[0].end, Minute(75));
  EXPECT_EQ(stats.joined_at_midnight, 1u);
}

TEST(CleanRecordsTest, KeepsAnIdleGapOnTheSameCell) {
  Towers t;
  const uint32_t a = t.Add(0, 0);
  CleanStats stats;
  const auto out = Clean(t, {On(a, 0, 60), On(a, 120, 180)}, &stats);
  EXPECT_EQ(out.size(), 2u);
  EXPECT_EQ(stats.joined, 0u);
}

TEST(CleanRecordsTest, CollapsesPingPongToTheCellHeldLongest) {
  Towers t;
  const uint32_t a = t.Add(0, 0), b = t.Add(400, 0);
  CleanStats stats;
  // A-B-A-B-A with flips of 45-120 s between two long stretches on A.
  const auto out = Clean(t, {On(a, 0, 30), On(b, 30, 31), On(a, 31, 32.5), On(b, 32.5, 34.5), On(a, 34.5, 80)},
                         &stats);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].cell, a);
  EXPECT_EQ(out[0].start, Minute(0));
  EXPECT_EQ(out[0].end, Minute(80));
  EXPECT_EQ(stats.pingpong_reassigned, 2u);
}

TEST(CleanRecordsTest, PingPongLeavesALongRecordAtTheEndOfTheRunAlone) {
  Towers t;
  const uint32_t a = t.Add(0, 0), b = t.Add(400, 0);
  CleanStats stats;
  // A(long) B(short) A(short) B(long): the phone really moved on to B.
  const auto out = Clean(t, {On(a, 0, 60), On(b, 60, 61), On(a, 61, 62), On(b, 62, 120)}, &stats);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].cell, a);
  EXPECT_EQ(out[0].end, Minute(62));
  EXPECT_EQ(out[1].cell, b);
  EXPECT_EQ(out[1].start, Minute(62));
}

TEST(CleanRecordsTest, DropsAOneRecordFarJump) {
  Towers t;
  const uint32_t a = t.Add(0, 0), far = t.Add(20000, 5000, 1500);
  CleanStats stats;
  const auto out = Clean(t, {On(a, 0, 60), On(far, 60, 62), On(a, 62, 120)}, &stats);
  ASSERT_EQ(out.size(), 1u);  // the record it interrupted is whole again
  EXPECT_EQ(out[0].cell, a);
  EXPECT_EQ(out[0].start, Minute(0));
  EXPECT_EQ(out[0].end, Minute(120));
  EXPECT_EQ(stats.dropped_far_jump, 1u);
}

TEST(CleanRecordsTest, KeepsAShortRecordNearItsNeighbours) {
  Towers t;
  const uint32_t a = t.Add(0, 0), near = t.Add(1200, 0), b = t.Add(300, 300);
  CleanStats stats;
  const auto out = Clean(t, {On(a, 0, 60), On(near, 60, 62), On(b, 62, 120)}, &stats);
  EXPECT_EQ(out.size(), 3u);
  EXPECT_EQ(stats.dropped_far_jump, 0u);
  EXPECT_EQ(stats.dropped_speed, 0u);
}

TEST(CleanRecordsTest, KeepsATrainAt300KmhWithoutAManifest) {
  Towers t;
  // A 4-minute sample every 20 km: 300 km/h.
  std::vector<Interval> raw;
  for (int k = 0; k < 10; ++k) raw.push_back(On(t.Add(20000.0 * k, 0, 1500), 4 * k, 4 * k + 4));
  CleanStats stats;
  const auto out = Clean(t, raw, &stats);
  EXPECT_EQ(out.size(), raw.size());
  EXPECT_EQ(stats.dropped_speed, 0u);
  EXPECT_EQ(stats.unexplained_jumps, 0u);
}

TEST(CleanRecordsTest, DropsA2000KmhHop) {
  Towers t;
  const uint32_t a = t.Add(0, 0, 500), b = t.Add(500, 0, 500);
  // dt between A and the hop = 0 + (min(30, 10) + 6) / 2 = 8 min; 2000 km/h
  // over 8 minutes is 267 km.
  const uint32_t hop = t.Add(266667, 0, 500);
  CleanStats stats;
  const auto out = Clean(t, {On(a, 0, 30), On(hop, 30, 36), On(b, 36, 70)}, &stats);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].cell, a);
  EXPECT_EQ(out[1].cell, b);
  EXPECT_EQ(stats.dropped_speed, 1u);
}

TEST(CleanRecordsTest, DropsAnImpossibleFirstRecord) {
  Towers t;
  const uint32_t far = t.Add(300000, 0), a = t.Add(0, 0), b = t.Add(300, 0);
  CleanStats stats;
  const auto out = Clean(t, {On(far, 0, 2), On(a, 2, 60), On(b, 60, 90)}, &stats);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].cell, a);
  EXPECT_EQ(stats.dropped_speed, 1u);
}

TEST(CleanRecordsTest, AFlightNeedsItsManifest) {
  Towers t;
  const uint32_t a1 = t.Add(0, 0), a2 = t.Add(300, 0), b1 = t.Add(1200000, 0), b2 = t.Add(1200300, 0);
  // 1,200 km in 100 minutes with the phone off in between.
  const std::vector<Interval> raw = {On(a1, 0, 60), On(a2, 60, 120), On(b1, 220, 280), On(b2, 280, 340)};
  CleanStats without;
  EXPECT_EQ(Clean(t, raw, &without).size(), 4u);
  EXPECT_EQ(without.unexplained_jumps, 1u);  // kept: both sides are consistent

  const std::vector<Leg> legs = {Leg{Minute(125), Minute(215), 510104, 440104, LegMode::kFlight}};
  CleanStats with;
  EXPECT_EQ(Clean(t, raw, &with, legs).size(), 4u);
  EXPECT_EQ(with.unexplained_jumps, 0u);
  EXPECT_EQ(with.dropped_speed, 0u);
}

TEST(CleanRecordsTest, DiscountsRecordsDuringAManifestLeg) {
  Towers t;
  const uint32_t station = t.Add(0, 0), on_train1 = t.Add(30000, 0), on_train2 = t.Add(60000, 0),
                 arrival = t.Add(90000, 0);
  const std::vector<Leg> legs = {Leg{Minute(60), Minute(80), 510104, 510302, LegMode::kTrain}};
  CleanStats stats;
  const auto out = Clean(t,
                         {On(station, 0, 62), On(on_train1, 62, 70), On(on_train2, 70, 78),
                          On(arrival, 78, 120)},
                         &stats, legs);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].cell, station);
  EXPECT_EQ(out[0].end, Minute(60));  // clipped at departure
  EXPECT_EQ(out[1].cell, arrival);
  EXPECT_EQ(out[1].start, Minute(80));  // clipped at arrival
  EXPECT_EQ(stats.dropped_during_leg, 2u);
  EXPECT_EQ(stats.clipped_by_leg, 2u);
}

TEST(CleanRecordsTest, CountsBadRecords) {
  Towers t;
  const uint32_t a = t.Add(0, 0);
  CleanStats stats;
  const auto out = Clean(t,
                         {On(a, 0, 10), On(99, 10, 20) /* unknown cell */, On(a, 30, 30) /* empty */,
                          On(a, 5, 8) /* inside the first */, On(a, 40, 50)},
                         &stats);
  EXPECT_EQ(out.size(), 2u);
  EXPECT_EQ(stats.dropped_bad, 3u);
}

TEST(CleanRecordsTest, EmptyInput) {
  Towers t;
  CleanStats stats;
  EXPECT_TRUE(Clean(t, {}, &stats).empty());
  std::vector<Interval> out = {Interval{}};
  CleanRecords({}, t.cells(), {}, TrajectoryParams{}, &out, nullptr);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace onecode::trajectory
