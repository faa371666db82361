// Simulator: writes a synthetic region's feeds and its ground truth.
//
// Two passes over the days. The first runs daily life and the outbreak
// (transmission through co-presence, reports, tests, declarations) without
// writing location data; the second rebuilds every person-day from the same
// seeds and the now-known cases, and streams operator records, manifests,
// venue scans, true stays, itineraries and true contacts to disk in chunks, so
// memory stays flat in the number of days. Same parameters, same bytes.
#ifndef ONECODE_SIM_SIMULATOR_H_
#define ONECODE_SIM_SIMULATOR_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"
#include "feeds/schema.h"
#include "sim/params.h"

namespace onecode::sim {

struct SimSummary {
  int64_t persons = 0;
  int days = 0;
  uint64_t seed = 0;
  int provinces = 0, cities = 0, counties = 0;
  uint64_t towers = 0, venues = 0;
  uint64_t infections = 0, cases = 0, true_contacts = 0;
  uint64_t rows[17] = {};
  uint64_t bytes[17] = {};
  double seconds = 0;
};

// Called from the writing thread with a short status ("pass 2/2 day 3/14 ...").
using ProgressFn = std::function<void(const std::string&)>;

// Checks parameter ranges; INVALID_ARGUMENT names the parameter.
Status ValidateParams(const SimParams& params);

// Runs the simulation into `out_dir` (created if missing).
Status RunSimulation(const SimParams& params, const std::string& out_dir, const ProgressFn& progress,
                     SimSummary* summary);

}  // namespace onecode::sim

#endif  // ONECODE_SIM_SIMULATOR_H_
