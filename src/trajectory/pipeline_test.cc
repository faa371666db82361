// End-to-end tests of the trajectory stage on simulated regions: the cleaned
// pipeline against the truth and against the naive reading.
//
// The acceptance run of issue 3 (20,000 persons x 14 days, seeds 7, 8, 9) is
// DISABLED_ by default because it writes ~0.8 GB per seed; run it with
//   onecode_tests --gtest_also_run_disabled_tests --gtest_filter='*MeasureSeeds*'
// or point ONECODE_TRAJECTORY_REGIONS at existing simulator directories
// (colon-separated) to score those instead.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/simulator.h"
#include "trajectory/simulated_region.h"

namespace onecode::trajectory {
namespace {

namespace fs = std::filesystem;

std::string TempDir(const std::string& tag) {
  std::string templ = (fs::temp_directory_path() / ("onecode-" + tag + "-XXXXXX")).string();
  char* made = mkdtemp(templ.data());
  EXPECT_NE(made, nullptr);
  return templ;
}

std::string Line(const char* what, const Score& cleaned, const Score& naive) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%-14s P %.4f R %.4f (derived %llu, true %llu) | naive P %.4f R %.4f (derived %llu)\n",
                what, cleaned.precision(), cleaned.recall(), static_cast<unsigned long long>(cleaned.derived),
                static_cast<unsigned long long>(cleaned.truth), naive.precision(), naive.recall(),
                static_cast<unsigned long long>(naive.derived));
  return buf;
}

std::string Describe(const PipelineRun& run) {
  const CleanStats& c = run.clean;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "time           cleaned %.2f s, naive %.2f s (2 threads, including copying the outputs)\n"
                "cleaning       in %llu out %llu joined %llu (at midnight %llu) in-leg %llu far-jumps %llu "
                "ping-pong %llu speed %llu unexplained %llu\n",
                run.cleaned_seconds, run.naive_seconds, static_cast<unsigned long long>(c.input),
                static_cast<unsigned long long>(c.output), static_cast<unsigned long long>(c.joined),
                static_cast<unsigned long long>(c.joined_at_midnight),
                static_cast<unsigned long long>(c.dropped_during_leg),
                static_cast<unsigned long long>(c.dropped_far_jump),
                static_cast<unsigned long long>(c.pingpong_reassigned),
                static_cast<unsigned long long>(c.dropped_speed), static_cast<unsigned long long>(c.unexplained_jumps));
  return Line("itinerary", run.itinerary_score, run.naive_itinerary_score) +
         Line("stays", run.stay_score, run.naive_stay_score) +
         Line("stays 1:1", run.strict_stay_score, run.naive_strict_stay_score) + buf;
}

void ExpectTargets(const PipelineRun& run) {
  EXPECT_GE(run.itinerary_score.precision(), 0.98);
  EXPECT_GE(run.itinerary_score.recall(), 0.95);
  // Better than the naive reading on every measure, clearly so where the
  // naive reading is hurt by drift (itinerary precision, fragmented stays).
  EXPECT_GT(run.itinerary_score.precision(), run.naive_itinerary_score.precision() + 0.015);
  EXPECT_GE(run.itinerary_score.recall(), run.naive_itinerary_score.recall());
  EXPECT_GT(run.stay_score.precision(), run.naive_stay_score.precision());
  EXPECT_GE(run.stay_score.recall(), run.naive_stay_score.recall());
  // One-to-one, fragments no longer count: the naive reading's precision
  // collapses. (Its one-to-one recall stays higher: merging nearby places
  // costs the cleaned pipeline a few true stays; see docs/trajectory.md.)
  EXPECT_GT(run.strict_stay_score.precision(), run.naive_strict_stay_score.precision() + 0.2);
}

// A small default-drift region shared by the tests below.
class SmallRegionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = TempDir("traj");
    sim::SimParams p;
    p.persons = 3000;
    p.days = 4;
    p.seed = 7;
    sim::SimSummary summary;
    const Status st = sim::RunSimulation(p, dir, nullptr, &summary);
    ASSERT_TRUE(st.ok()) << st.ToString();
    region_ = new SimulatedRegion;
    const Status loaded = LoadSimulatedRegion(dir, region_);
    fs::remove_all(dir);
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  }
  static void TearDownTestSuite() {
    delete region_;
    region_ = nullptr;
  }
  static const SimulatedRegion& region() { return *region_; }

 private:
  static SimulatedRegion* region_;
};
SimulatedRegion* SmallRegionTest::region_ = nullptr;

TEST_F(SmallRegionTest, LoadsEveryRow) {
  EXPECT_EQ(region().persons.size(), 3000u);
  EXPECT_GT(region().record_count, 3000u * 4 * 20);
  EXPECT_FALSE(region().truth_stays.empty());
  EXPECT_FALSE(region().truth_itinerary.empty());
}

TEST_F(SmallRegionTest, MeetsTheTargetsAndBeatsTheNaiveReading) {
  PipelineRun run;
  const Status st = RunPipelines(region(), TrajectoryParams{}, 2, &run);
  ASSERT_TRUE(st.ok()) << st.ToString();
  std::printf("%s", Describe(run).c_str());
  ExpectTargets(run);
  // Every input record is accounted for.
  const CleanStats& c = run.clean;
  EXPECT_EQ(c.input + c.split_by_leg,
            c.output + c.joined + c.dropped_bad + c.dropped_during_leg + c.dropped_far_jump + c.dropped_speed);
  EXPECT_EQ(c.dropped_bad, 0u);
  EXPECT_GT(c.joined_at_midnight, 0u);
  EXPECT_GT(c.dropped_far_jump, 0u);
  EXPECT_GT(c.pingpong_reassigned, 0u);
}

TEST_F(SmallRegionTest, SameResultWhateverTheThreads) {
  PipelineRun one, two;
  ASSERT_TRUE(RunPipelines(region(), TrajectoryParams{}, 1, &one).ok());
  ASSERT_TRUE(RunPipelines(region(), TrajectoryParams{}, 2, &two).ok());
  ASSERT_EQ(one.itinerary.size(), two.itinerary.size());
  EXPECT_TRUE(one.itinerary == two.itinerary);
  ASSERT_EQ(one.stays.size(), two.stays.size());
  for (size_t i = 0; i < one.stays.size(); ++i) {
    ASSERT_EQ(one.stays[i].start, two.stays[i].start);
    ASSERT_EQ(one.stays[i].lon, two.stays[i].lon);
  }
}

// Issue 3's acceptance: 20,000 persons x 14 days, seeds 7, 8 and 9.
TEST(TrajectoryAcceptance, DISABLED_MeasureSeeds) {
  std::vector<std::string> dirs;
  std::vector<std::string> made;
  if (const char* env = std::getenv("ONECODE_TRAJECTORY_REGIONS")) {
    std::stringstream ss(env);
    for (std::string d; std::getline(ss, d, ':');) {
      if (!d.empty()) dirs.push_back(d);
    }
  }
  const bool simulate = dirs.empty();
  for (uint64_t seed : {7, 8, 9}) {
    if (!simulate) break;
    dirs.push_back("seed " + std::to_string(seed));
  }
  for (size_t k = 0; k < dirs.size(); ++k) {
    std::string dir = dirs[k];
    if (simulate) {
      dir = TempDir("traj-acc");
      sim::SimParams p;  // 20,000 x 14 by default
      p.seed = 7 + k;
      sim::SimSummary summary;
      const Status st = sim::RunSimulation(p, dir, nullptr, &summary);
      ASSERT_TRUE(st.ok()) << st.ToString();
    }
    SimulatedRegion region;
    const Status loaded = LoadSimulatedRegion(dir, &region);
    if (simulate) fs::remove_all(dir);
    ASSERT_TRUE(loaded.ok()) << loaded.ToString();
    PipelineRun run;
    const Status st = RunPipelines(region, TrajectoryParams{}, 2, &run);
    ASSERT_TRUE(st.ok()) << st.ToString();
    const double one = TimeCleanedPipeline(region, TrajectoryParams{}, 1);
    const double two = TimeCleanedPipeline(region, TrajectoryParams{}, 2);
    std::printf("== %s: %zu persons, %llu records\n%s"
                "stage only     %.2f s on 1 thread, %.2f s on 2 (%.1f M records/s on 2)\n",
                dirs[k].c_str(), region.persons.size(), static_cast<unsigned long long>(region.record_count),
                Describe(run).c_str(), one, two, static_cast<double>(region.record_count) / two / 1e6);
    ExpectTargets(run);
  }
}

}  // namespace
}  // namespace onecode::trajectory
