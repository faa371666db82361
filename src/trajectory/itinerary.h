// The itinerary: for each local (+08:00) day, the counties where a person's
// stays add up to at least itinerary_min_minutes (default 240, "stayed 4 h or
// more that day"). Pure function; thread-safe as long as callers do not share
// output buffers.
#ifndef ONECODE_TRAJECTORY_ITINERARY_H_
#define ONECODE_TRAJECTORY_ITINERARY_H_

#include <span>
#include <vector>

#include "trajectory/params.h"
#include "trajectory/types.h"

namespace onecode::trajectory {

// Builds one person's itinerary from their stays and manifest legs.
//
// Stays spanning local midnight are split; each day's time is summed per
// county, and entries with at least itinerary_min_minutes (floor of seconds
// / 60, as in truth/itineraries.csv) are kept. `stays` counts the stays (or
// pieces) that contributed; `arrived_by_manifest` is set when a leg arrived
// in that county that day. Legs add no time (the person travels).
//
// REQUIRES: `stays` sorted by start and non-overlapping (DetectStays and
// NaiveStays output); a stay with region 0 is ignored. Clears `out`, then
// fills it sorted by (day, region).
void BuildItinerary(std::span<const StayPoint> stays, std::span<const Leg> legs, const TrajectoryParams& params,
                    std::vector<ItineraryEntry>* out);

}  // namespace onecode::trajectory

#endif  // ONECODE_TRAJECTORY_ITINERARY_H_
