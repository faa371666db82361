// Stay points from one person's records: the cleaned pipeline (DetectStays,
// after CleanRecords) and the naive reading it is measured against
// (NaiveStays). Methods and defaults are explained in docs/trajectory.md.
//
// Pure functions; thread-safe as long as callers do not share output
// buffers. O(records) per person for ordinary traces; no allocation once
// `out` has grown (reuse it across persons).
#ifndef ONECODE_TRAJECTORY_STAYS_H_
#define ONECODE_TRAJECTORY_STAYS_H_

#include <span>
#include <vector>

#include "trajectory/cell_index.h"
#include "trajectory/params.h"
#include "trajectory/types.h"

namespace onecode::trajectory {

// Stay points of one person, in four steps (docs/trajectory.md):
//  1. Stay-point detection in the style of Li et al. (2008), adapted to cell
//     records: from a record, the following records join the stay while their
//     tower lies within max(stay_distance_m, stay_radius_factor x its radius)
//     of the stay's running centroid and the gap before them is at most
//     max_idle_gap_seconds. The stay is kept if it lasts at least
//     dwell_seconds and longer than crossing its cells at pass_through_kmh
//     takes, and detection resumes after it; otherwise at the next record.
//  2. Places: stays whose centroids lie within max(stay_distance_m,
//     place_radius_factor x mean radius) of an earlier place join it, and
//     all its stays share the pooled estimate: position = centroid of the
//     towers weighted by time / radius, uncertainty radius = sqrt(spread^2 +
//     (uncertainty_radius_share x mean radius)^2), county by
//     params.region_method (kNearestCell uses `index`; without one it falls
//     back to the time vote).
//  3. The place of most night-time takes person.home_region when enough of
//     its time was on cells of that county (use_registered_home).
//  4. A stay starting just after a manifest leg arrives (ending just before
//     one departs) takes the leg's arrival (departure) county when enough of
//     its time was on cells there (use_manifests).
//
// REQUIRES: `cleaned` is the output of CleanRecords for one person (sorted,
// non-overlapping, every cell an index into `cells`); `person.legs` sorted by
// dep. Clears `out`, then fills it sorted by start; with
// split_at_local_midnight, a stay spanning local midnight becomes one stay
// per local day with the same position and region. Uses a thread-local
// scratch buffer, so it allocates only while a thread's buffers grow.
void DetectStays(std::span<const Interval> cleaned, std::span<const CellInfo> cells, const TrajectoryParams& params,
                 std::vector<StayPoint>* out, const PersonContext& person = {}, const CellIndex* index = nullptr);

// The naive reading: raw records, each at its own tower, no cleaning.
// Consecutive records on the same cell with a gap of at most
// max_idle_gap_seconds are merged; a merged record lasting at least
// dwell_seconds is a stay at its tower, with the tower's radius and county.
// REQUIRES: `raw` sorted by start. Records with an unknown cell or
// end <= start are skipped. Clears `out`; split at midnight as above.
void NaiveStays(std::span<const Interval> raw, std::span<const CellInfo> cells, const TrajectoryParams& params,
                std::vector<StayPoint>* out);

}  // namespace onecode::trajectory

#endif  // ONECODE_TRAJECTORY_STAYS_H_
