// TraceParams: every number that shapes tracing, with its default (the
// national "spatiotemporal companion" practice; docs/tracing.md gives the
// reasons). Recorded with every run. Plain data; copy freely.
#ifndef ONECODE_TRACING_PARAMS_H_
#define ONECODE_TRACING_PARAMS_H_

#include <cstdint>
#include <string>

namespace onecode::tracing {

enum class ColocationMode : uint8_t {
  kStays,    // cleaned stay points, each in the cells its uncertainty touches (default)
  kChengdu,  // the plain rule: raw operator records, the tower's cell, nothing cleaned
};

struct TraceParams {
  ColocationMode mode = ColocationMode::kStays;
  // --- Co-location ---
  double grid_m = 800;        // grid cell size
  int32_t min_minutes = 10;   // cumulative minutes in the same cell as the case
  // Border rule (stays mode): a stay also counts in every neighbouring cell
  // that comes within min(border_radius_share x its radius, border_max_m) of
  // its position, so a stay on a cell border touches both cells.
  double border_radius_share = 0.5;
  double border_max_m = 200;
  // Stays mode: a stay counts only where the person's own location is certain
  // enough to say "in this cell": stays whose radius exceeds this are skipped
  // on the contact's side (their position is a guess over several cells).
  double max_stay_radius_m = 5000;
  // Stays mode: two stays whose persons scanned different venues during them
  // were at different places, whatever the grid says.
  bool venue_exclusion = true;
  // Stays mode: two stays count together only when their positions are at
  // most this far apart (0 = off; the grid cell alone decides). Stays with
  // the same scanned venue always count.
  double max_pair_distance_m = 0;
  // ... or at most pair_radius_factor x sqrt(r1^2 + r2^2) apart, whichever is
  // larger (0 = only the fixed distance).
  double pair_radius_factor = 0;
  // Stays mode: two people each at their own home are together only when
  // their homes (mean night-time positions over the lookback) are at most
  // this far apart (0 = off): neighbours are not household members.
  double home_match_m = 100;
  // Stays mode: a stay pinned to a scanned venue also meets an unpinned stay
  // whose position lies within min(its radius, venue_reach_m) of the venue,
  // in any cell (0 = off). The scan says exactly where one of the two was;
  // the other's tower estimate is often a cell or two off (suburban radii of
  // kilometres): at 2,500 m, +0.5 to +1.7 points of recall on seeds 7-9 for
  // ~10 false pairs per true one, but 1.6x the time of a trace with stays as
  // wide as the simulator's (docs/tracing.md, "Accuracy" and "Speed"). Off
  // by default: recall is >= 0.96 without it, and the 10 s target holds.
  double venue_reach_m = 0;
  // Chengdu mode: also require that one of the two spent >= chengdu_hours in
  // that cell within the lookback (the "30 hours" condition); 0 = off.
  double chengdu_hours = 0;
  // --- Windows ---
  int32_t window_before_days = 4;  // infectious from this many days before min(onset, reported)
  int32_t lookback_days = 14;      // only contacts within this many days before "now"
  // --- Co-travel ---
  int32_t flight_rows = 3;  // same flight within this many rows of the case's seat
  // --- Venue ---
  int32_t venue_window_minutes = 30;  // scans at the same venue within +- this
  // A scan is suspect when the person's stay covering the scan time lies
  // farther than max(suspect_min_m, suspect_radius_factor x the stay's radius)
  // from the venue.
  double suspect_min_m = 2000;
  double suspect_radius_factor = 3;
  // --- Second degree ---
  // Opt-in: on a dense outbreak the first degree already reaches most people,
  // and their contacts are everyone (docs/tracing.md).
  bool second_degree = false;
  // A close contact's own window: from their first contact with the case
  // until this many days after the case's window ends (its report: the day
  // close contacts are found and isolated).
  int32_t second_degree_days = 1;

  // One JSON object with every field (recorded with each run).
  std::string ToJson() const;
  // The plain grid: stays mode with every rule beyond the grid cell switched
  // off (no border rule, venue exclusion, home match, pair limit or reach) —
  // the query the SQL peers of bench/trace_bench.sh compute, checked row for
  // row by ctest's trace_plain_grid_equals_duckdb. A rule added above must be
  // switched off here too.
  static TraceParams PlainGrid();
};

}  // namespace onecode::tracing

#endif  // ONECODE_TRACING_PARAMS_H_
