// Cleaning one person's operator records before stay detection: join records
// split at local midnight, discount records during manifest legs, drop
// one-record far jumps, collapse ping-pong between neighbouring cells, drop
// impossible speeds. The methods and the reasons for each default are in
// docs/trajectory.md.
//
// Pure functions; thread-safe as long as callers do not share output buffers.
// Cost is O(records + legs) per person with no allocation once `out` has
// grown to the person's record count (reuse it across persons).
#ifndef ONECODE_TRAJECTORY_CLEAN_H_
#define ONECODE_TRAJECTORY_CLEAN_H_

#include <cstdint>
#include <span>
#include <vector>

#include "trajectory/params.h"
#include "trajectory/types.h"

namespace onecode::trajectory {

// What cleaning did, in records. Counters add up over calls (the caller
// zeroes them): input + split_by_leg = output + joined + dropped_* (ping-pong
// reassignment changes a record's cell; the merges that follow count as joined).
struct CleanStats {
  uint64_t input = 0;
  uint64_t output = 0;
  uint64_t joined = 0;                 // merged into the previous record on the same cell
  uint64_t joined_at_midnight = 0;     // of which: the halves of a record split at local midnight
  uint64_t dropped_bad = 0;            // unknown cell, empty or overlapping interval
  uint64_t dropped_during_leg = 0;     // wholly inside a manifest leg
  uint64_t clipped_by_leg = 0;         // shortened (still in output) because it overlapped a leg
  uint64_t split_by_leg = 0;           // extra pieces: a leg inside a record leaves two
  uint64_t dropped_far_jump = 0;
  uint64_t pingpong_reassigned = 0;    // records whose cell was replaced (before merging)
  uint64_t dropped_speed = 0;
  uint64_t unexplained_jumps = 0;      // impossible moves kept because both sides are consistent

  CleanStats& operator+=(const CleanStats& o);
};

// Cleans one person's records.
//
// REQUIRES: `raw` is one person's records sorted by start; `legs` that
// person's manifest legs sorted by dep (may be empty). Records whose cell is
// not an index into `cells`, with end <= start, or starting before the
// previous record ends are dropped and counted as dropped_bad (after
// clipping the overlap). Clears `out`, then fills it with the cleaned records:
// sorted, non-overlapping, no two touching records on the same cell.
// `stats` may be null.
void CleanRecords(std::span<const Interval> raw, std::span<const CellInfo> cells, std::span<const Leg> legs,
                  const TrajectoryParams& params, std::vector<Interval>* out, CleanStats* stats);

}  // namespace onecode::trajectory

#endif  // ONECODE_TRAJECTORY_CLEAN_H_
