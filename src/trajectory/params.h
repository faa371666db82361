// TrajectoryParams: every number that shapes cleaning, stay detection and
// itineraries, with its default. docs/trajectory.md gives the reason for each
// default and the method it follows. Plain data; copy freely.
#ifndef ONECODE_TRAJECTORY_PARAMS_H_
#define ONECODE_TRAJECTORY_PARAMS_H_

#include <cstdint>

#include "core/time.h"

namespace onecode::trajectory {

// How a stay's county is chosen.
enum class RegionMethod : uint8_t {
  kTimeVote,     // the county with the most (time / radius) among the stay's cells
  kNearestCell,  // the county of the cell nearest to the stay's position (needs a CellIndex)
};

struct TrajectoryParams {
  // --- Cleaning (CleanRecords) ---
  // Records on the same cell whose gap is at most this are joined into one
  // (0: only touching records, e.g. the two halves of a record split at local
  // midnight by daily operator files).
  int64_t join_max_gap_seconds = 0;

  // Manifest legs: records that overlap [dep - margin, arr + margin) of a leg
  // are discounted (the person is on the vehicle), and the speed check is not
  // applied across a leg.
  bool use_manifests = true;
  int64_t leg_margin_seconds = 0;
  // A stay that starts within manifest_window_seconds after a leg arrives
  // (ends within it before a leg departs) is in the leg's arrival (departure)
  // county, when at least manifest_min_share of its time was on cells there.
  int64_t manifest_window_seconds = 30 * kSecondsPerMinute;
  double manifest_min_share = 0.5;

  // One-record far jumps: a record of at most far_jump_max_seconds whose cell
  // lies at least max(far_jump_min_distance_m, far_jump_radius_factor x the
  // two cells' radii) from both neighbours, while the neighbours lie within
  // far_jump_return_share of that distance of each other, and the gaps on
  // both sides add up to at most far_jump_max_gap_seconds.
  int64_t far_jump_max_seconds = 300;
  int64_t far_jump_max_gap_seconds = 300;
  double far_jump_min_distance_m = 3000;
  double far_jump_radius_factor = 1.0;
  double far_jump_return_share = 0.5;

  // Ping-pong (oscillation): a run A-B-A[-B-A...] between two cells whose
  // inner records each last at most pingpong_max_record_seconds and follow
  // each other with gaps of at most pingpong_max_gap_seconds. The whole run
  // is given to the cell held longest within it.
  int64_t pingpong_max_record_seconds = 300;
  int64_t pingpong_max_gap_seconds = 60;

  // Impossible speed between consecutive records: their towers are farther
  // apart than max_speed_kmh x dt + speed_radius_factor x (radius_a +
  // radius_b) + speed_slack_m, where dt is the gap between the records plus
  // half of each record's duration capped at speed_record_cap_seconds.
  double max_speed_kmh = 350;
  double speed_radius_factor = 2.0;
  double speed_slack_m = 1000;
  int64_t speed_record_cap_seconds = 600;
  // When the first or the last record of a person is the odd one out, it is
  // dropped only if it lasts at most this long (nothing on its other side
  // confirms it).
  int64_t speed_edge_max_seconds = 300;

  // --- Stay points (DetectStays, NaiveStays) ---
  // A place held at least this long is a stay.
  int64_t dwell_seconds = 10 * kSecondsPerMinute;
  // ...and longer than crossing its cells (2 x their mean radius) at this
  // speed takes: a short hold on a large rural cell is a pass-through (0: off).
  double pass_through_kmh = 20;
  // A record belongs to the current stay while its tower lies within
  // max(stay_distance_m, stay_radius_factor x its radius) of the stay's
  // running centroid.
  double stay_distance_m = 500;
  double stay_radius_factor = 2.0;
  // A gap without records inside a stay (idle phone) is bridged when the
  // records on both sides belong to the same place and the gap is at most this.
  int64_t max_idle_gap_seconds = 12 * kSecondsPerHour;
  // A silence of idle_bridge_min_seconds..idle_bridge_max_seconds just before
  // a stay, after a record on a tower within idle_bridge_m of the stay, is
  // part of the stay: the person arrived, their phone served one record and
  // fell idle (0 m = off).
  int64_t idle_bridge_min_seconds = 10 * kSecondsPerMinute;
  int64_t idle_bridge_max_seconds = 6 * kSecondsPerHour;
  double idle_bridge_m = 1000;
  // Centroid weights are (time on the cell)^position_time_exponent /
  // max(radius, weight_radius_floor_m), time relative to the cell held longest.
  double weight_radius_floor_m = 100;
  double position_time_exponent = 1.0;
  // Uncertainty radius: sqrt(spread^2 + (uncertainty_radius_share x mean
  // radius)^2), where spread is the weighted RMS distance of the stay's
  // towers from its centroid.
  double uncertainty_radius_share = 1.0;
  RegionMethod region_method = RegionMethod::kTimeVote;
  // Stays of one person whose centroids lie within max(stay_distance_m,
  // place_radius_factor x their mean tower radius) of a place found earlier
  // are the same place: they share its pooled position, radius and county
  // (anchor places, as in Isaacman et al. 2011 and Ahas et al. 2010).
  bool pool_places = true;
  double place_radius_factor = 2.0;
  // The registered home county (persons.home_region, also the prefix of the
  // pseudonym) is given to the place where the person spends most of the
  // local night [home_night_from_hour, home_night_to_hour), if at least
  // home_min_night_seconds, when the register is plausible there: a tower of
  // that county within home_reach_radius_factor x the place's uncertainty
  // radius (with a CellIndex), or else at least home_min_share of the time
  // there on cells of that county. The register breaks the tie that cells
  // cannot break near a county border.
  bool use_registered_home = true;
  int64_t home_night_from_hour = 22;
  int64_t home_night_to_hour = 6;
  int64_t home_min_night_seconds = 4 * kSecondsPerHour;
  double home_reach_radius_factor = 3.0;
  double home_min_share = 0.1;
  // Stays are cut at local midnight, like the truth and the daily store
  // segments; the pieces share position and region.
  bool split_at_local_midnight = true;
  int64_t utc_offset_seconds = kChinaUtcOffsetSeconds;

  // --- Itinerary (BuildItinerary) ---
  // A (day, county) enters the itinerary when the person's stays there add
  // up to at least this many minutes that local day.
  int32_t itinerary_min_minutes = 240;
};

}  // namespace onecode::trajectory

#endif  // ONECODE_TRAJECTORY_PARAMS_H_
