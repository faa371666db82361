// Deterministic random numbers: the one random source of the project.
//
// Rng is xoshiro256** (Blackman & Vigna) seeded through SplitMix64. All
// distributions are implemented here rather than taken from <random>, whose
// distributions differ between standard libraries: the same seed gives the same
// numbers on every build. An Rng is not thread-safe; give each thread or each
// logical stream its own, derived with StreamSeed(seed, tags...) so results do
// not depend on thread scheduling.
#ifndef ONECODE_CORE_RANDOM_H_
#define ONECODE_CORE_RANDOM_H_

#include <cmath>
#include <cstdint>
#include <initializer_list>

namespace onecode {

// SplitMix64 finaliser: a good 64-bit mixing function.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A seed for an independent stream named by `tags` (e.g. {person, day, kRadio}).
inline uint64_t StreamSeed(uint64_t seed, std::initializer_list<uint64_t> tags) {
  uint64_t h = Mix64(seed);
  for (uint64_t t : tags) h = Mix64(h ^ Mix64(t + 0x632be59bd9b4e019ULL));
  return h;
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (uint64_t& s : s_) {
      x += 0x9e3779b97f4a7c15ULL;
      s = Mix64(x);
    }
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n). REQUIRES: n > 0. Lemire's multiply-shift; the bias is
  // below 2^-32 for the n used here.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform integer in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  bool Bernoulli(double p) { return Uniform() < p; }
  // Exponential with the given mean.
  double Exponential(double mean) { return -mean * std::log1p(-Uniform()); }
  // Standard normal (Box-Muller; one of the pair is discarded for simplicity).
  double Normal() {
    const double u1 = 1.0 - Uniform();  // (0, 1]
    const double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // Log-normal whose underlying normal has the given mu and sigma.
  double LogNormal(double mu, double sigma) { return std::exp(Normal(mu, sigma)); }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace onecode

#endif  // ONECODE_CORE_RANDOM_H_
