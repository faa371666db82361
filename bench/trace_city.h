// A synthetic metro for the tracing benchmark: N persons x D days of cleaned
// stays over a 40 x 40 km city with a dense centre and six sub-centres, drawn
// from a fixed seed. Unlike `onecode sim` (feeds with ground truth, written to
// disk) this builds the engine's in-memory PositionTable directly, so that a
// million persons fit in one process and the timing is of the join alone.
//
// The city: residential compounds (about 300 residents each) in households of
// 1-4 sharing one home point; workplaces (about 60 staff), schools (about 600
// pupils) and shops/restaurants (about 250 customers each) placed around the
// centre, the sub-centres and the compounds. A person is a worker (65%), a
// pupil (15%) or stays around home (20%). Every day: the night at home, the
// working or school day (weekdays) and 1-2 short visits to a shop or
// restaurant near home or work; 2-3 outings a day for those at home and on
// weekends. Each stay's position is its place jittered by ~150 m (normal, per
// axis), its uncertainty radius uniform in 300-800 m.
//
// Deterministic: each person's days come from their own stream
// (StreamSeed(seed, {kind, person})), so the same seed gives the same table.
// Not thread-safe (one call builds one city).
#ifndef ONECODE_BENCH_TRACE_CITY_H_
#define ONECODE_BENCH_TRACE_CITY_H_

#include <cstdint>
#include <vector>

#include "tracing/types.h"

namespace onecode::bench {

struct CityOptions {
  uint32_t persons = 1000000;
  int days = 14;
  uint64_t seed = 7;
  int64_t first_day = 1794412800;  // local midnight (UTC+8) of 2026-11-12, a Thursday
  // Optional columns of the default mode: at_home + home_lon/home_lat, venue.
  bool home_columns = true;
  bool venue_column = true;
  // Share of stays with a suburban radius, 800-4,000 m (0 = none: every
  // radius 300-800 m). The simulator's cleaned stays: 9.4% above 800 m.
  double wide_radius_share = 0;
};

struct City {
  tracing::PositionTable stays;  // sorted by (person, start)
  uint32_t compounds = 0, workplaces = 0, schools = 0, venues = 0;
  uint64_t home_stays = 0, work_stays = 0, visit_stays = 0, scanned_visits = 0;
  // Bytes held by the table's columns (their capacity).
  uint64_t Bytes() const;
};

City BuildCity(const CityOptions& options);

// `count` distinct persons (count <= persons) with 5-day infectious windows
// starting at a uniformly random second of the first (days - 5) days. Case i
// has id i.
std::vector<tracing::CaseWindow> DrawCases(const CityOptions& options, uint32_t count);

}  // namespace onecode::bench

#endif  // ONECODE_BENCH_TRACE_CITY_H_
