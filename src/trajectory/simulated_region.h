// Test support: a simulator output directory loaded into the trajectory
// stage's inputs (cells, per-person records and legs) and the truth it is
// scored against, plus a runner for both pipelines. Built into the test
// binary only; the product reads the same data from the store.
// Not thread-safe while loading; RunPipelines uses its own threads.
#ifndef ONECODE_TRAJECTORY_SIMULATED_REGION_H_
#define ONECODE_TRAJECTORY_SIMULATED_REGION_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "trajectory/clean.h"
#include "trajectory/eval.h"
#include "trajectory/params.h"
#include "trajectory/types.h"

namespace onecode::trajectory {

struct SimulatedRegion {
  std::vector<CellInfo> cells;                 // feeds/cells.csv, index = row order
  std::vector<std::string> persons;            // feeds/persons.csv order; index = person number
  std::vector<uint32_t> home_regions;          // persons.csv home_region, by person
  std::vector<std::vector<Interval>> records;  // feeds/cdr.csv by person, sorted by start
  std::vector<std::vector<Leg>> legs;          // feeds/transport.csv by person, sorted by dep
  std::vector<EvalStay> truth_stays;           // truth/stays.csv, sorted by (person, start)
  std::vector<ItineraryKey> truth_itinerary;   // truth/itineraries.csv, sorted
  uint64_t record_count = 0;
};

// Reads DIR/feeds and DIR/truth as the simulator writes them. Returns
// NOT_FOUND/IO_ERROR for a missing file, INVALID_ARGUMENT (file:line: reason)
// for a wrong header or a row that does not parse.
Status LoadSimulatedRegion(const std::string& dir, SimulatedRegion* out);

// Both pipelines over every person, and their scores.
struct PipelineRun {
  std::vector<EvalStay> stays, naive_stays;                    // sorted by (person, start)
  std::vector<ItineraryKey> itinerary, naive_itinerary;        // sorted
  CleanStats clean;
  double cleaned_seconds = 0;  // wall time of clean + stays + itinerary for everyone
  double naive_seconds = 0;
  Score itinerary_score, naive_itinerary_score, stay_score, naive_stay_score;
  Score strict_stay_score, naive_strict_stay_score;  // StayMatchParams::one_to_one
};

// Runs CleanRecords + DetectStays + BuildItinerary and NaiveStays +
// BuildItinerary (without legs) for every person on `threads` threads, then
// scores both against the truth.
Status RunPipelines(const SimulatedRegion& region, const TrajectoryParams& params, int threads, PipelineRun* run);

// Wall seconds of CleanRecords + DetectStays + BuildItinerary for every
// person on `threads` threads, outputs discarded: the stage's own cost.
double TimeCleanedPipeline(const SimulatedRegion& region, const TrajectoryParams& params, int threads);

}  // namespace onecode::trajectory

#endif  // ONECODE_TRAJECTORY_SIMULATED_REGION_H_
