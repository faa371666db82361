// Scoring derived itineraries and stays against the simulator's truth.
//
// Pure functions over in-memory vectors: the caller (CLI `eval`, tests)
// fills them from the store and from truth/*.csv, with persons numbered the
// same way on both sides. Thread-safe.
#ifndef ONECODE_TRAJECTORY_EVAL_H_
#define ONECODE_TRAJECTORY_EVAL_H_

#include <cstdint>
#include <span>

#include "core/status.h"

namespace onecode::trajectory {

// A (person, local day, county) itinerary entry.
struct ItineraryKey {
  uint32_t person = 0;
  int64_t day = 0;      // LocalDayOf(+08:00)
  uint32_t region = 0;  // county, RegionCode::value()

  friend auto operator<=>(const ItineraryKey&, const ItineraryKey&) = default;
  friend bool operator==(const ItineraryKey&, const ItineraryKey&) = default;
};

// A stay of one person, derived or true (true stays have radius 0).
struct EvalStay {
  uint32_t person = 0;
  int64_t start = 0, end = 0;  // UTC seconds, [start, end)
  double lon = 0, lat = 0;
  float radius_m = 0;
};

struct StayMatchParams {
  // A derived stay matches a true stay of the same person when they overlap
  // in time by at least min_overlap_share of the shorter one, and their
  // positions are at most max(min_distance_m, radius_multiple x the derived
  // stay's uncertainty radius) apart.
  double min_overlap_share = 0.5;
  double min_distance_m = 500;
  double radius_multiple = 2;
  // Strict variant: each true stay matches at most one derived stay and vice
  // versa (greedy, in derived order, to the qualifying true stay of largest
  // overlap), so a stay broken into fragments counts once.
  bool one_to_one = false;
};

// Counts behind precision and recall: precision is the share of derived
// items that match some true item, recall the share of true items matched by
// some derived item (one-to-one for stays when asked).
struct Score {
  uint64_t derived = 0, truth = 0;
  uint64_t matched_derived = 0, matched_truth = 0;

  // 1 when there is nothing to score (no derived items: none is wrong).
  double precision() const {
    return derived == 0 ? 1.0 : static_cast<double>(matched_derived) / static_cast<double>(derived);
  }
  double recall() const { return truth == 0 ? 1.0 : static_cast<double>(matched_truth) / static_cast<double>(truth); }
  Score& operator+=(const Score& o);
};

// Exact matching of (person, day, region). REQUIRES: both sorted ascending
// without duplicates; INVALID_ARGUMENT naming the side and position otherwise.
StatusOr<Score> ScoreItineraries(std::span<const ItineraryKey> derived, std::span<const ItineraryKey> truth);

// Stay matching as in StayMatchParams. REQUIRES: both sorted by (person,
// start); INVALID_ARGUMENT otherwise. Each side's stays of one person should
// not overlap each other (true and derived stays never do); overlapping
// stays are still scored, but a stay may then miss a partner it overlaps.
StatusOr<Score> ScoreStays(std::span<const EvalStay> derived, std::span<const EvalStay> truth,
                           const StayMatchParams& params = {});

}  // namespace onecode::trajectory

#endif  // ONECODE_TRAJECTORY_EVAL_H_
