// Mobility: the trajectory stage run over the store. Loads what the stage
// needs once (cell table, manifest legs per person, area risk periods, region
// names), reads each person's location intervals from every segment (merged,
// exact duplicates dropped — so overlapping loads never double-count), and
// runs cleaning, stay detection and itineraries on many threads with results
// delivered in person order.
#ifndef ONECODE_MOBILITY_MOBILITY_H_
#define ONECODE_MOBILITY_MOBILITY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "store/store.h"
#include "trajectory/cell_index.h"
#include "trajectory/params.h"
#include "trajectory/types.h"

namespace onecode::mobility {

struct RiskPeriod {
  uint32_t region;  // county RegionCode value
  int level;        // 0 low, 1 medium, 2 high
  int64_t from, to;
};

// Read-only view of the store's mobility data. Thread-safe after Load().
class MobilityData {
 public:
  static StatusOr<MobilityData> Load(const store::Store& store);

  std::span<const trajectory::CellInfo> cells() const { return cells_; }
  std::span<const trajectory::Leg> LegsOf(uint32_t person) const;
  // The highest risk level of county `region` at any time in [from, to).
  int MaxRisk(uint32_t region, int64_t from, int64_t to) const;
  // "锦江区" for a known region code value, else the code.
  std::string RegionName(uint32_t region) const;
  // End of the latest location record (the store's "now" by default).
  int64_t latest_time() const { return latest_time_; }
  // Registered home county of a person (persons.home_region), 0 if unknown.
  uint32_t HomeRegion(uint32_t person) const { return person < home_region_.size() ? home_region_[person] : 0; }
  const trajectory::CellIndex& cell_index() const { return *cell_index_; }

 private:
  std::vector<trajectory::CellInfo> cells_;
  std::vector<uint32_t> leg_offsets_;  // CSR by person index
  std::vector<trajectory::Leg> legs_;
  std::vector<RiskPeriod> risk_;       // sorted by region, from
  std::unordered_map<uint32_t, std::string> region_names_;
  std::vector<uint32_t> home_region_;
  std::shared_ptr<const trajectory::CellIndex> cell_index_;
  int64_t latest_time_ = 0;
};

// Appends person `p`'s intervals from every segment, sorted, without exact
// duplicates. Clears `out` first.
void ReadIntervals(const store::Store& store, uint32_t person, std::vector<trajectory::Interval>* out);

struct PersonResult {
  uint32_t person = 0;
  std::vector<trajectory::StayPoint> stays;
  std::vector<trajectory::ItineraryEntry> itinerary;
};

enum class Method { kCleaned, kNaive };

struct RunStats {
  uint64_t persons = 0, intervals = 0, stays = 0, itinerary_entries = 0;
  double seconds = 0;
};

// Runs the pipeline for every person on `threads` threads; calls `sink` on
// the calling thread with the results of consecutive persons, in order.
Status RunAll(const store::Store& store, const MobilityData& data, const trajectory::TrajectoryParams& params,
              Method method, int threads, const std::function<void(std::span<const PersonResult>)>& sink,
              const std::function<void(const std::string&)>& progress, RunStats* stats);

// The pipeline for one person.
void RunPerson(const store::Store& store, const MobilityData& data, const trajectory::TrajectoryParams& params,
               Method method, uint32_t person, PersonResult* out);

}  // namespace onecode::mobility

#endif  // ONECODE_MOBILITY_MOBILITY_H_
