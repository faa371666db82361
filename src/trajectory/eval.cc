#include "trajectory/eval.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/geo.h"

namespace onecode::trajectory {

Score& Score::operator+=(const Score& o) {
  derived += o.derived;
  truth += o.truth;
  matched_derived += o.matched_derived;
  matched_truth += o.matched_truth;
  return *this;
}

namespace {

Status CheckSorted(std::span<const ItineraryKey> keys, const char* side) {
  for (size_t i = 1; i < keys.size(); ++i) {
    if (!(keys[i - 1] < keys[i])) {
      return Status::InvalidArgument(std::string(side) + " itinerary entries not sorted and unique at " +
                                     std::to_string(i));
    }
  }
  return Status::Ok();
}

Status CheckSorted(std::span<const EvalStay> stays, const char* side) {
  for (size_t i = 1; i < stays.size(); ++i) {
    const EvalStay &a = stays[i - 1], &b = stays[i];
    if (a.person > b.person || (a.person == b.person && a.start > b.start)) {
      return Status::InvalidArgument(std::string(side) + " stays not sorted by (person, start) at " +
                                     std::to_string(i));
    }
  }
  return Status::Ok();
}

bool StaysMatch(const EvalStay& d, const EvalStay& t, const StayMatchParams& p) {
  const int64_t overlap = std::min(d.end, t.end) - std::max(d.start, t.start);
  if (overlap <= 0) return false;
  const int64_t shorter = std::min(d.end - d.start, t.end - t.start);
  if (static_cast<double>(overlap) < p.min_overlap_share * static_cast<double>(shorter)) return false;
  const double limit = std::max(p.min_distance_m, p.radius_multiple * static_cast<double>(d.radius_m));
  return DistanceMetres(LonLat{d.lon, d.lat}, LonLat{t.lon, t.lat}) <= limit;
}

}  // namespace

StatusOr<Score> ScoreItineraries(std::span<const ItineraryKey> derived, std::span<const ItineraryKey> truth) {
  ONECODE_RETURN_IF_ERROR(CheckSorted(derived, "derived"));
  ONECODE_RETURN_IF_ERROR(CheckSorted(truth, "true"));
  Score score;
  score.derived = derived.size();
  score.truth = truth.size();
  size_t i = 0, j = 0;
  while (i < derived.size() && j < truth.size()) {
    if (derived[i] < truth[j]) {
      ++i;
    } else if (truth[j] < derived[i]) {
      ++j;
    } else {
      ++score.matched_derived;
      ++score.matched_truth;
      ++i;
      ++j;
    }
  }
  return score;
}

StatusOr<Score> ScoreStays(std::span<const EvalStay> derived, std::span<const EvalStay> truth,
                           const StayMatchParams& params) {
  ONECODE_RETURN_IF_ERROR(CheckSorted(derived, "derived"));
  ONECODE_RETURN_IF_ERROR(CheckSorted(truth, "true"));
  Score score;
  score.derived = derived.size();
  score.truth = truth.size();
  std::vector<char> truth_matched(truth.size(), 0);
  size_t j = 0;  // first true stay that can still overlap the current derived one
  for (const EvalStay& d : derived) {
    while (j < truth.size() &&
           (truth[j].person < d.person || (truth[j].person == d.person && truth[j].end <= d.start))) {
      ++j;
    }
    bool matched = false;
    size_t best = truth.size();
    int64_t best_overlap = 0;
    for (size_t k = j; k < truth.size() && truth[k].person == d.person && truth[k].start < d.end; ++k) {
      if (!StaysMatch(d, truth[k], params)) continue;
      if (!params.one_to_one) {
        matched = true;
        truth_matched[k] = 1;
        continue;
      }
      const int64_t overlap = std::min(d.end, truth[k].end) - std::max(d.start, truth[k].start);
      if (!truth_matched[k] && overlap > best_overlap) {
        best = k;
        best_overlap = overlap;
      }
    }
    if (best < truth.size()) {
      matched = true;
      truth_matched[best] = 1;
    }
    if (matched) ++score.matched_derived;
  }
  for (char m : truth_matched) score.matched_truth += static_cast<uint64_t>(m);
  return score;
}

}  // namespace onecode::trajectory
