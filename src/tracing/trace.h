// The tracing engine: finds the contacts of cases by "collision" of their
// positions, trips and venue scans with everyone else's, and keeps the
// evidence of every edge. Store-agnostic (pipeline/trace_run.h feeds it).
//
//   co-location    a person's rows (stays, or raw records in the plain
//                  Chengdu mode) in the same grid cell as a case's rows inside
//                  the case's window, cumulative >= min_minutes;
//   co-travel      same service (vehicle + date): flight within N rows or the
//                  same carriage = close; the rest of the vehicle = weaker;
//   venue          scans of the same venue within +-window of the case's scan;
//                  a scan contradicted by the scanner's own stay is suspect;
//   second degree  the close contacts of the close contacts, as their own
//                  class (TraceSecondDegree).
//
// Each case is traced independently of the others (its edges depend only on
// its own window and the data), so tracing new cases alone and retracing all
// give the same edges. Thread-safe: Trace() only reads its inputs.
#ifndef ONECODE_TRACING_TRACE_H_
#define ONECODE_TRACING_TRACE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "tracing/params.h"
#include "tracing/types.h"

namespace onecode::tracing {

struct TraceInput {
  // Where everyone was: cleaned stays (stays mode) or raw records (Chengdu
  // mode), one table over all persons.
  const PositionTable* positions = nullptr;
  std::span<const Trip> trips;       // any order
  std::span<const Scan> scans;       // any order
  std::span<const VenueInfo> venues; // by venue index
};

struct TraceStats {
  uint64_t cases = 0, sources_second_degree = 0;
  uint64_t edges_by_kind[kContactKinds] = {};
  double seconds = 0;
  double join_seconds = 0;   // finding the hits (all kinds)
  double write_seconds = 0;  // writing them out as edges in case order
};

// Traces `cases` (first degree) and returns their edges sorted by EdgeLess.
// In Chengdu mode only co-location edges are produced (the plain rule knows
// nothing else).
std::vector<Edge> Trace(const TraceInput& input, std::span<const CaseWindow> cases, const TraceParams& params,
                        int threads, TraceStats* stats);

// Second degree, at the person level: the close contacts (close-kind edges of
// `first`) become sources from their first contact until their case's window
// end plus second_degree_days; anyone in close contact with a source who is
// neither a case nor a close contact gets ONE edge (the via with most
// minutes), attributed to a case of that via. A pure function of `first`, so
// it is the same whether `first` was traced at once or case by case.
std::vector<Edge> TraceSecondDegree(const TraceInput& input, std::span<const Edge> first,
                                    std::span<const CaseWindow> cases, const TraceParams& params, int threads);

// --- The building blocks, exposed for tests and the benchmark. ---

// Who is traced from: `person` inside [from, to), reported under `tag`.
struct Source {
  uint32_t tag = 0;
  uint32_t person = 0;
  int64_t from = 0, to = 0;
};

// A contact found from one source: like Edge, with `tag` for the case.
struct Hit {
  uint32_t tag = 0;
  uint32_t person = 0;
  ContactKind kind = ContactKind::kColocation;
  uint64_t where = 0;
  int64_t start = 0, end = 0;
  int64_t seconds = 0;
};

// Co-location of every person with the sources. Hits sorted by (tag, person).
std::vector<Hit> FindColocation(const PositionTable& positions, std::span<const Source> sources,
                                const TraceParams& params, int threads);
// Co-travel (close and vehicle) with the sources' trips that depart inside their windows.
std::vector<Hit> FindCotravel(std::span<const Trip> trips, std::span<const Source> sources, const TraceParams& params);
// Venue co-scans (and suspect ones) with the sources' scans inside their windows.
// `positions` (may be null: nothing is suspect) tells where each scanner was.
std::vector<Hit> FindVenue(std::span<const Scan> scans, std::span<const VenueInfo> venues,
                           const PositionTable* positions, std::span<const Source> sources, const TraceParams& params);

// True when `person`'s row covering `time` (within 10 minutes) lies farther
// from `at` than the suspect distance: their own records say they were elsewhere.
bool ScanContradicted(const PositionTable& positions, uint32_t person, int64_t time, double lon, double lat,
                      const TraceParams& params);

}  // namespace onecode::tracing

#endif  // ONECODE_TRACING_TRACE_H_
