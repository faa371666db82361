#include "core/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

namespace onecode {
namespace {

// Tolerances below are many standard errors wide, and the seeds are fixed, so
// these tests are deterministic; they fail only if a distribution is wrong.

TEST(Mix64Test, MatchesSplitMix64ReferenceOutputs) {
  // SplitMix64 (Vigna) from state 0 first yields 0xe220a8397b1dcdaf; from
  // state 1234567 it yields 6457827717110365317, 3203168211198807973 (the
  // published test vector). Mix64(x) is one SplitMix64 step from state x.
  EXPECT_EQ(Mix64(0), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(Mix64(1234567), 6457827717110365317ULL);
  EXPECT_EQ(Mix64(1234567 + 0x9e3779b97f4a7c15ULL), 3203168211198807973ULL);
}

TEST(RngTest, SameSeedGivesSameSequence) {
  Rng a(42), b(42);
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(a.Next(), b.Next()) << i;
  Rng c(42), d(42);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(c.Uniform(), d.Uniform());
    ASSERT_EQ(c.Normal(), d.Normal());
    ASSERT_EQ(c.Below(97), d.Below(97));
  }
}

TEST(RngTest, DifferentSeedsGiveDifferentSequences) {
  for (uint64_t seed : {0ULL, 1ULL, 42ULL, 0xffffffffffffffffULL}) {
    Rng a(seed), b(seed + 1);
    int equal = 0;
    for (int i = 0; i < 1000; ++i) equal += a.Next() == b.Next();
    EXPECT_EQ(equal, 0) << seed;
  }
}

TEST(RngTest, OutputsAreDistinctAndUseAllBits) {
  Rng rng(0);  // seed 0 must not give a degenerate (all-zero) state
  std::set<uint64_t> seen;
  uint64_t any_or = 0, all_and = ~0ULL;
  for (int i = 0; i < 10000; ++i) {
    const uint64_t v = rng.Next();
    seen.insert(v);
    any_or |= v;
    all_and &= v;
  }
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_EQ(any_or, ~0ULL);  // every bit is 1 sometimes
  EXPECT_EQ(all_and, 0ULL);  // and 0 sometimes
}

TEST(StreamSeedTest, DependsOnSeedTagsAndTheirOrder) {
  const uint64_t base = StreamSeed(7, {1, 2, 3});
  EXPECT_EQ(StreamSeed(7, {1, 2, 3}), base);  // deterministic
  EXPECT_NE(StreamSeed(8, {1, 2, 3}), base);
  EXPECT_NE(StreamSeed(7, {1, 2, 4}), base);
  EXPECT_NE(StreamSeed(7, {3, 2, 1}), base);
  EXPECT_NE(StreamSeed(7, {2, 1, 3}), base);
  EXPECT_NE(StreamSeed(7, {1, 2}), base);
  EXPECT_NE(StreamSeed(7, {1, 2, 3, 0}), base);
  EXPECT_NE(StreamSeed(7, {}), StreamSeed(7, {0}));
  EXPECT_NE(StreamSeed(7, {0}), StreamSeed(7, {0, 0}));
  EXPECT_NE(StreamSeed(7, {}), 7u);
}

TEST(StreamSeedTest, ManyStreamsAreAllDistinct) {
  std::set<uint64_t> seeds;
  int n = 0;
  for (uint64_t person = 0; person < 200; ++person) {
    for (uint64_t day = 0; day < 50; ++day) {
      seeds.insert(StreamSeed(1, {person, day}));
      seeds.insert(StreamSeed(1, {day, person}));
      n += 2;
    }
  }
  // The tag lists {a, b} inserted are all with a < 200, b < 50 or a < 50,
  // b < 200: 10000 + 10000 minus the 50 * 50 lists in both groups. Every
  // distinct list must give a distinct seed.
  EXPECT_EQ(n, 20000);
  EXPECT_EQ(seeds.size(), 20000u - 2500u);
}

TEST(StreamSeedTest, StreamsFromNeighbouringTagsAreUncorrelated) {
  Rng a(StreamSeed(99, {1000})), b(StreamSeed(99, {1001}));
  int same_half = 0;
  const int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) same_half += (a.Uniform() < 0.5) == (b.Uniform() < 0.5);
  // Independent streams agree half the time; sd = 158.
  EXPECT_NEAR(same_half, kDraws / 2, 2000);
}

TEST(RngTest, BelowStaysInRange) {
  Rng rng(3);
  for (uint64_t n : {1ULL, 2ULL, 3ULL, 7ULL, 10ULL, 1000ULL, 1ULL << 40, (1ULL << 63) + 12345ULL, ~0ULL}) {
    for (int i = 0; i < 10000; ++i) ASSERT_LT(rng.Below(n), n) << n;
  }
  for (int i = 0; i < 100; ++i) ASSERT_EQ(rng.Below(1), 0u);
}

double ChiSquare(const std::vector<int>& counts, double expected) {
  double chi2 = 0;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  return chi2;
}

TEST(RngTest, BelowIsRoughlyUniform) {
  Rng rng(4);
  for (uint64_t n : {2ULL, 6ULL, 10ULL, 37ULL}) {
    const int kDraws = 100000;
    std::vector<int> counts(n, 0);
    for (int i = 0; i < kDraws; ++i) ++counts[rng.Below(n)];
    const double expected = static_cast<double>(kDraws) / static_cast<double>(n);
    const double chi2 = ChiSquare(counts, expected);
    // For n - 1 degrees of freedom chi2 has mean n - 1 and sd sqrt(2 (n - 1)).
    // The upper bound is > 7 sd out; the lower catches a suspiciously even
    // (e.g. cycling) generator.
    const double df = static_cast<double>(n - 1);
    EXPECT_LT(chi2, df + 8 * std::sqrt(2 * df) + 10) << "n=" << n;
    if (n > 2) {
      EXPECT_GT(chi2, df / 20) << "n=" << n;
    }
    for (int c : counts) EXPECT_NEAR(c, expected, 6 * std::sqrt(expected)) << "n=" << n;
  }
}

TEST(RngTest, BetweenIsInclusiveAndHitsBothEnds) {
  Rng rng(5);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) {
    const int64_t v = rng.Between(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    ++counts[static_cast<size_t>(v + 3)];
  }
  for (int c : counts) EXPECT_NEAR(c, 10000, 600);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(rng.Between(5, 5), 5);
}

TEST(RngTest, UniformIsInHalfOpenUnitInterval) {
  Rng rng(6);
  const int kDraws = 1000000;
  double sum = 0, sum_sq = 0, lo = 1, hi = 0;
  int below_tenth = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sum_sq += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    below_tenth += u < 0.1;
  }
  const double mean = sum / kDraws;
  EXPECT_NEAR(mean, 0.5, 0.003);  // se = 0.00029
  EXPECT_NEAR(sum_sq / kDraws - mean * mean, 1.0 / 12, 0.002);
  EXPECT_NEAR(below_tenth, kDraws / 10, 2500);  // sd = 300
  EXPECT_LT(lo, 1e-4);
  EXPECT_GT(hi, 1 - 1e-4);
}

TEST(RngTest, UniformRangeStaysInRange) {
  Rng rng(7);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double v = rng.Uniform(-2.0, 6.0);
    ASSERT_GE(v, -2.0);
    ASSERT_LT(v, 6.0);
    sum += v;
  }
  EXPECT_NEAR(sum / 100000, 2.0, 0.05);  // se = 0.0073
}

TEST(RngTest, ExponentialHasTheRequestedMean) {
  Rng rng(8);
  for (double mean : {0.5, 3.0, 600.0}) {
    const int kDraws = 200000;
    double sum = 0;
    int above_mean = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = rng.Exponential(mean);
      ASSERT_GE(x, 0.0);
      ASSERT_TRUE(std::isfinite(x));
      sum += x;
      above_mean += x > mean;
    }
    // se of the mean = mean / sqrt(200000) = 0.0022 mean.
    EXPECT_NEAR(sum / kDraws, mean, 0.02 * mean);
    // P(X > mean) = 1/e for an exponential; se = 0.0011.
    EXPECT_NEAR(static_cast<double>(above_mean) / kDraws, std::exp(-1.0), 0.01);
  }
}

TEST(RngTest, NormalHasTheRequestedMeanAndSd) {
  Rng rng(9);
  const int kDraws = 200000;
  double sum = 0, sum_sq = 0;
  int within_one = 0, within_two = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.Normal();
    ASSERT_TRUE(std::isfinite(x));
    sum += x;
    sum_sq += x * x;
    within_one += std::fabs(x) < 1;
    within_two += std::fabs(x) < 2;
  }
  const double mean = sum / kDraws;
  EXPECT_NEAR(mean, 0.0, 0.02);  // se = 0.0022
  EXPECT_NEAR(std::sqrt(sum_sq / kDraws - mean * mean), 1.0, 0.02);
  EXPECT_NEAR(static_cast<double>(within_one) / kDraws, 0.6827, 0.01);
  EXPECT_NEAR(static_cast<double>(within_two) / kDraws, 0.9545, 0.005);

  sum = sum_sq = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.Normal(10.0, 2.5);
    sum += x;
    sum_sq += x * x;
  }
  const double m2 = sum / kDraws;
  EXPECT_NEAR(m2, 10.0, 0.05);
  EXPECT_NEAR(std::sqrt(sum_sq / kDraws - m2 * m2), 2.5, 0.05);
}

TEST(RngTest, LogNormalMedianIsExpMu) {
  Rng rng(10);
  const int kDraws = 100000;
  int below = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.LogNormal(2.0, 0.7);
    ASSERT_GT(x, 0.0);
    below += x < std::exp(2.0);
  }
  EXPECT_NEAR(static_cast<double>(below) / kDraws, 0.5, 0.01);  // se = 0.0016
}

TEST(RngTest, BernoulliHasTheRequestedRate) {
  Rng rng(11);
  for (double p : {0.01, 0.3, 0.5, 0.9}) {
    const int kDraws = 100000;
    int hits = 0;
    for (int i = 0; i < kDraws; ++i) hits += rng.Bernoulli(p);
    const double se = std::sqrt(p * (1 - p) / kDraws);
    EXPECT_NEAR(static_cast<double>(hits) / kDraws, p, 7 * se) << p;
  }
  for (int i = 0; i < 10000; ++i) {
    ASSERT_FALSE(rng.Bernoulli(0.0));
    ASSERT_TRUE(rng.Bernoulli(1.0));
  }
}

}  // namespace
}  // namespace onecode
