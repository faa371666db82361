// Tracing over the store: loads cases, stays (or raw records), trips, scans
// and venues from a store, runs the tracing engine (tracing/trace.h), and
// keeps the edges in the store, tracing only cases that are new or changed
// since the last run (incremental) unless asked for a full retrace.
//
// Stored keys (docs/formats/store.md):
//   E:<case>:<nnnnnnn>   one edge: kind person via via_kind where start end minutes
//   Q:case:<case>        the fingerprint the case was traced under
//   Q:trace              JSON of the last run: parameters, counts, data fingerprint
// Not thread-safe (writes the store).
#ifndef ONECODE_PIPELINE_TRACE_RUN_H_
#define ONECODE_PIPELINE_TRACE_RUN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "mobility/mobility.h"
#include "store/store.h"
#include "tracing/params.h"
#include "tracing/trace.h"

namespace onecode::pipeline {

// One row of the case registry (K:<case>).
struct CaseRecord {
  std::string id;
  uint32_t person = 0;  // dense index; IdIndex::kMissing when the person is unknown
  std::string status;   // confirmed | suspected | asymptomatic | cleared
  int64_t onset = -1;   // -1 when unknown
  int64_t reported = 0;
  uint32_t region = 0;
};

StatusOr<std::vector<CaseRecord>> LoadCases(const store::Store& store);

// The infectious window of a case under `params` as of `now`: from
// window_before_days before min(onset, reported) to the report (isolation),
// clipped to [now - lookback_days, now]. False when the case is not traced
// (suspected, cleared, unknown person) or the window is empty.
bool CaseWindowOf(const CaseRecord& c, const tracing::TraceParams& params, int64_t now, int64_t* from, int64_t* to);

// Everything the engine reads, loaded from a store.
struct TraceData {
  tracing::PositionTable positions;  // stays (stays mode) or raw records (Chengdu mode)
  std::vector<tracing::Trip> trips;
  std::vector<std::string> services;  // service id -> "G2031 2026-11-03"
  std::vector<tracing::Scan> scans;
  std::vector<tracing::VenueInfo> venues;
  int64_t now = 0;  // end of the latest location record
};

StatusOr<TraceData> LoadTraceData(const store::Store& store, const mobility::MobilityData& data,
                                  tracing::ColocationMode mode, int threads,
                                  const std::function<void(const std::string&)>& progress);

// The text of an edge's `where`: "grid:<row>:<col>" (co-location and second
// degree through it), "<vehicle> <date>" (co-travel) or the venue id.
std::string WhereText(const store::Store& store, const TraceData& data, const tracing::Edge& e);

struct TraceRunOptions {
  tracing::TraceParams params;
  bool full = false;  // retrace every case
  int threads = 2;
  std::function<void(const std::string&)> progress;
};

struct TraceRunResult {
  uint64_t cases_total = 0;    // traceable cases
  uint64_t cases_traced = 0;   // traced in this run
  uint64_t cases_skipped = 0;  // unchanged since the last run
  uint64_t cases_removed = 0;  // no longer traceable (cleared): edges removed
  uint64_t edges_by_kind[tracing::kContactKinds] = {};  // stored edges after the run, all cases
  double seconds = 0;
  std::string params_json;
};

// `onecode trace`: traces new and changed cases (all with `full`) and stores
// their edges. Only stays mode is stored.
StatusOr<TraceRunResult> RunTrace(store::Store& store, const TraceRunOptions& options);

// A stored edge with its text fields.
struct StoredEdge {
  std::string case_id, person, kind, via, via_kind, where;
  int64_t start = 0, end = 0;
  int32_t minutes = 0;
};

// Calls fn for every stored edge in (case, edge number) order.
Status ForEachStoredEdge(const store::Store& store, const std::function<void(const StoredEdge&)>& fn);

// Traces every case in memory (nothing stored) — for eval and tests.
StatusOr<std::vector<tracing::Edge>> TraceInMemory(const store::Store& store, const mobility::MobilityData& data,
                                                   const tracing::TraceParams& params, int threads,
                                                   std::vector<CaseRecord>* cases, TraceData* loaded);

}  // namespace onecode::pipeline

#endif  // ONECODE_PIPELINE_TRACE_RUN_H_
