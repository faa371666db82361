// Input and output types of the trajectory stage: one person's operator
// records and manifest legs in, cleaned records, stay points and itinerary
// entries out. Plain data; the store fills the inputs (issue 3), the tracing
// stage reads the stays (issue 4).
#ifndef ONECODE_TRAJECTORY_TYPES_H_
#define ONECODE_TRAJECTORY_TYPES_H_

#include <cstdint>
#include <span>

namespace onecode::trajectory {

// A cell tower, addressed by its dense index in the store's cell table.
struct CellInfo {
  double lon = 0, lat = 0;
  float radius_m = 0;
  uint32_t region = 0;  // RegionCode::value() of the county the tower stands in
};

// One operator record of one person: [start, end) on `cell`.
struct Interval {
  uint32_t cell = 0;
  int64_t start = 0, end = 0;  // UTC seconds
};

enum class LegMode : uint8_t { kTrain, kCoach, kFlight };

// One transport manifest leg of the person.
struct Leg {
  int64_t dep = 0, arr = 0;  // UTC seconds
  uint32_t from_region = 0, to_region = 0;  // RegionCode::value()
  LegMode mode = LegMode::kTrain;
};

// What is known about one person besides their records: the register's home
// county and the manifest legs. Views; the caller owns the data.
struct PersonContext {
  uint32_t home_region = 0;   // registered home county (persons.home_region); 0 = unknown
  std::span<const Leg> legs;  // sorted by dep
};

// A place the person held for at least the dwell threshold.
struct StayPoint {
  int64_t start = 0, end = 0;  // UTC seconds
  double lon = 0, lat = 0;     // position estimate
  float radius_m = 0;          // uncertainty radius (about 1 sigma)
  uint32_t region = 0;         // county, RegionCode::value()
  uint32_t records = 0;        // operator records that support it
};

// One (day, county) of the itinerary: cumulative stay time that local day.
struct ItineraryEntry {
  int64_t day = 0;        // local (+08:00) day number, LocalDayOf()
  uint32_t region = 0;    // county, RegionCode::value()
  int32_t minutes = 0;    // time in stays there that day
  uint16_t stays = 0;     // stays that contributed
  bool arrived_by_manifest = false;  // a manifest leg arrived in this county that day
};

}  // namespace onecode::trajectory

#endif  // ONECODE_TRAJECTORY_TYPES_H_
