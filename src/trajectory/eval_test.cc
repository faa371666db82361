#include "trajectory/eval.h"

#include <vector>

#include <gtest/gtest.h>

#include "core/geo.h"
#include "trajectory/test_util.h"

namespace onecode::trajectory {
namespace {

using testing::Minute;

EvalStay At(uint32_t person, double from, double to, double east_m, float radius_m = 0) {
  const LonLat p = OffsetMetres(testing::kOrigin, east_m, 0);
  return EvalStay{person, Minute(from), Minute(to), p.lon, p.lat, radius_m};
}

TEST(ScoreItinerariesTest, CountsExactMatches) {
  const std::vector<ItineraryKey> truth = {{1, 100, 510104}, {1, 101, 510104}, {2, 100, 510105}};
  const std::vector<ItineraryKey> derived = {{1, 100, 510104}, {1, 101, 510105}, {2, 100, 510105}, {3, 100, 1}};
  const auto score = ScoreItineraries(derived, truth);
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(score->matched_derived, 2u);
  EXPECT_EQ(score->matched_truth, 2u);
  EXPECT_DOUBLE_EQ(score->precision(), 0.5);
  EXPECT_DOUBLE_EQ(score->recall(), 2.0 / 3);
}

TEST(ScoreItinerariesTest, RejectsUnsortedInput) {
  const std::vector<ItineraryKey> unsorted = {{2, 100, 1}, {1, 100, 1}};
  const auto score = ScoreItineraries(unsorted, {});
  EXPECT_FALSE(score.ok());
  EXPECT_EQ(score.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ScoreItineraries({}, unsorted).ok());
}

TEST(ScoreItinerariesTest, EmptyIsPerfect) {
  const auto score = ScoreItineraries({}, {});
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(score->precision(), 1.0);
  EXPECT_EQ(score->recall(), 1.0);
}

TEST(ScoreStaysTest, NeedsHalfOfTheShorterStayAndANearbyPosition) {
  const std::vector<EvalStay> truth = {At(1, 0, 600, 0), At(1, 620, 700, 5000)};
  const std::vector<EvalStay> derived = {
      At(1, 0, 60, 450),         // inside the first, 450 m away: matches
      At(1, 580, 650, 5000),     // 20 of 70 min overlap the first, 30 of 70 the second: < half of 70
      At(1, 660, 700, 5800, 500),  // 800 m from the second but radius 500: within 2 x 500
  };
  const auto score = ScoreStays(derived, truth);
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(score->matched_derived, 2u);
  EXPECT_EQ(score->matched_truth, 2u);
}

TEST(ScoreStaysTest, DistanceLimitIsAtLeast500Metres) {
  const std::vector<EvalStay> truth = {At(1, 0, 60, 0)};
  EXPECT_EQ(ScoreStays(std::vector<EvalStay>{At(1, 0, 60, 499, 10)}, truth)->matched_derived, 1u);
  EXPECT_EQ(ScoreStays(std::vector<EvalStay>{At(1, 0, 60, 520, 10)}, truth)->matched_derived, 0u);
  EXPECT_EQ(ScoreStays(std::vector<EvalStay>{At(1, 0, 60, 520, 300)}, truth)->matched_derived, 1u);
}

TEST(ScoreStaysTest, OnlyTheSamePersonMatches) {
  const std::vector<EvalStay> truth = {At(1, 0, 60, 0)};
  const std::vector<EvalStay> derived = {At(2, 0, 60, 0)};
  const auto score = ScoreStays(derived, truth);
  ASSERT_TRUE(score.ok());
  EXPECT_EQ(score->matched_derived, 0u);
  EXPECT_EQ(score->recall(), 0.0);
}

TEST(ScoreStaysTest, OneToOneCountsFragmentsOnce) {
  const std::vector<EvalStay> truth = {At(1, 0, 600, 0)};
  const std::vector<EvalStay> fragments = {At(1, 0, 100, 0), At(1, 100, 300, 0), At(1, 300, 600, 0)};
  const auto lenient = ScoreStays(fragments, truth);
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(lenient->matched_derived, 3u);
  StayMatchParams strict;
  strict.one_to_one = true;
  const auto one = ScoreStays(fragments, truth, strict);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->matched_derived, 1u);
  EXPECT_EQ(one->matched_truth, 1u);
}

TEST(ScoreStaysTest, RejectsUnsortedInput) {
  const std::vector<EvalStay> unsorted = {At(1, 60, 70, 0), At(1, 0, 10, 0)};
  EXPECT_FALSE(ScoreStays(unsorted, {}).ok());
  EXPECT_FALSE(ScoreStays({}, unsorted).ok());
}

}  // namespace
}  // namespace onecode::trajectory
