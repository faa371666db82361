#include "tracing/trace.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>
#include <unordered_map>

#include "core/geo.h"
#include "core/grid.h"
#include "core/random.h"

namespace onecode::tracing {
namespace {

// Grid cells a row counts in: its own cell, plus every cell within `reach_m`
// of its position (probed at 8 points around it). Returns the count (<= 9),
// distinct, own cell first.
int CellsOf(const Grid& grid, double lon, double lat, double reach_m, uint64_t out[9]) {
  const LonLat p{lon, lat};
  out[0] = grid.CellOf(p).Pack();
  int n = 1;
  if (reach_m <= 0) return n;
  const CellBounds b = grid.Bounds(GridCell::Unpack(out[0]));
  const double dlat = reach_m / kMetresPerDegreeLat;
  const double dlon = dlat / std::cos(Radians(lat));
  const bool north = lat + dlat >= b.north, south = lat - dlat < b.south;
  const bool east = lon + dlon >= b.east, west = lon - dlon < b.west;
  if (!(north || south || east || west)) return n;
  const double diag = 0.70710678;
  const double probes[8][2] = {{dlon, 0}, {-dlon, 0}, {0, dlat}, {0, -dlat},
                               {dlon * diag, dlat * diag}, {-dlon * diag, dlat * diag},
                               {dlon * diag, -dlat * diag}, {-dlon * diag, -dlat * diag}};
  for (const auto& d : probes) {
    const uint64_t c = grid.CellOf(LonLat{lon + d[0], lat + d[1]}).Pack();
    bool seen = false;
    for (int k = 0; k < n; ++k) seen |= out[k] == c;
    if (!seen) out[n++] = c;
  }
  return n;
}

double ReachOf(const TraceParams& params, float radius_m) {
  if (params.mode == ColocationMode::kChengdu) return 0;
  return std::min(params.border_radius_share * radius_m, params.border_max_m);
}

// The sources' rows, indexed by grid cell: an open-addressing table from cell
// key to a run of entries. Immutable once built.
class CellTable {
 public:
  struct Entry {
    uint32_t source;   // index into the sources
    uint32_t row;      // the source's row (to count each pair of rows once)
    int64_t from, to;  // the row clipped to the source's window
  };

  void Build(std::vector<std::pair<uint64_t, Entry>>& items) {
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second.from < b.second.from;
    });
    entries_.clear();
    keys_.clear();
    starts_.clear();
    for (size_t i = 0; i < items.size(); ++i) {
      if (i == 0 || items[i].first != items[i - 1].first) {
        keys_.push_back(items[i].first);
        starts_.push_back(static_cast<uint32_t>(entries_.size()));
      }
      entries_.push_back(items[i].second);
    }
    starts_.push_back(static_cast<uint32_t>(entries_.size()));
    max_len_.assign(keys_.size(), 0);
    for (uint32_t k = 0; k < keys_.size(); ++k) {
      for (uint32_t i = starts_[k]; i < starts_[k + 1]; ++i) {
        max_len_[k] = std::max(max_len_[k], entries_[i].to - entries_[i].from);
      }
    }
    size_t cap = 16;
    while (cap < keys_.size() * 2) cap <<= 1;
    mask_ = cap - 1;
    slots_.assign(cap, UINT32_MAX);
    for (uint32_t k = 0; k < keys_.size(); ++k) {
      size_t s = Mix64(keys_[k]) & mask_;
      while (slots_[s] != UINT32_MAX) s = (s + 1) & mask_;
      slots_[s] = k;
    }
  }

  // The entries of `cell` that may overlap [from, to), sorted by `from`
  // (the caller still checks each one).
  std::span<const Entry> Find(uint64_t cell, int64_t from) const {
    for (size_t s = Mix64(cell) & mask_;; s = (s + 1) & mask_) {
      const uint32_t k = slots_[s];
      if (k == UINT32_MAX) return {};
      if (keys_[k] != cell) continue;
      const Entry* b = entries_.data() + starts_[k];
      const Entry* e = entries_.data() + starts_[k + 1];
      if (e - b > 8) {
        // No entry of this cell is longer than max_len_[k]: skip those that end before `from`.
        const int64_t lo = from - max_len_[k];
        b = std::lower_bound(b, e, lo, [](const Entry& x, int64_t v) { return x.from < v; });
      }
      return std::span<const Entry>(b, e);
    }
  }
  bool empty() const { return keys_.empty(); }

 private:
  std::vector<Entry> entries_;
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> starts_;
  std::vector<int64_t> max_len_;
  std::vector<uint32_t> slots_;
  size_t mask_ = 0;
};

// Seconds each person spent per grid cell (Chengdu's 30-hour condition).
using CellSeconds = std::unordered_map<uint64_t, int64_t>;

void AddCellSeconds(const PositionTable& t, uint32_t person, int64_t from, int64_t to, const Grid& grid,
                    CellSeconds* out) {
  for (uint32_t r = t.offsets[person]; r < t.offsets[person + 1]; ++r) {
    const int64_t a = std::max<int64_t>(t.start[r], from), b = std::min<int64_t>(t.end[r], to);
    if (b > a) (*out)[grid.CellOf(LonLat{t.lon[r], t.lat[r]}).Pack()] += b - a;
  }
}

template <typename Fn>
void ParallelChunks(size_t chunks, int threads, Fn fn) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t c; (c = next.fetch_add(1)) < chunks;) fn(c);
  };
  const int n = std::max(1, std::min<int>(threads, static_cast<int>(chunks)));
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

}  // namespace

std::vector<Hit> FindColocation(const PositionTable& t, std::span<const Source> sources, const TraceParams& params,
                                int threads) {
  const Grid grid(params.grid_m);
  const uint32_t persons = t.persons();
  // Index the sources' rows by cell.
  std::vector<std::pair<uint64_t, CellTable::Entry>> items;
  std::vector<CellSeconds> source_hours;  // Chengdu 30 h condition, per source
  const bool hours_rule = params.mode == ColocationMode::kChengdu && params.chengdu_hours > 0;
  if (hours_rule) source_hours.resize(sources.size());
  std::vector<uint8_t> is_source_person(persons, 0);
  for (uint32_t s = 0; s < sources.size(); ++s) {
    const Source& src = sources[s];
    if (src.person >= persons) continue;
    is_source_person[src.person] = 1;
    for (uint32_t r = t.offsets[src.person]; r < t.offsets[src.person + 1]; ++r) {
      const int64_t a = std::max<int64_t>(t.start[r], src.from), b = std::min<int64_t>(t.end[r], src.to);
      if (b <= a) continue;
      uint64_t cells[9];
      const int n = CellsOf(grid, t.lon[r], t.lat[r], ReachOf(params, t.radius_m[r]), cells);
      for (int k = 0; k < n; ++k) items.push_back({cells[k], CellTable::Entry{s, r, a, b}});
    }
    if (hours_rule) {
      const int64_t lookback_from = src.to - static_cast<int64_t>(params.lookback_days) * 86400;
      AddCellSeconds(t, src.person, lookback_from, src.to, grid, &source_hours[s]);
    }
  }
  CellTable table;
  table.Build(items);
  items.clear();
  items.shrink_to_fit();
  if (table.empty()) return {};

  const int64_t min_seconds = static_cast<int64_t>(params.min_minutes) * 60;
  const bool stays_mode = params.mode == ColocationMode::kStays;
  const bool has_venue = t.venue.size() == t.size();
  const bool has_home = t.at_home.size() == t.size() && t.home_lon.size() == persons;
  const double hours_seconds = params.chengdu_hours * 3600;
  constexpr uint32_t kChunk = 4096;
  const size_t chunks = (persons + kChunk - 1) / kChunk;
  std::vector<std::vector<Hit>> out(chunks);
  ParallelChunks(chunks, threads, [&](size_t c) {
    // Per person: overlap seconds per (source, cell), and the source rows
    // already matched by the current row (a pair of rows counts once).
    struct Acc {
      uint32_t source;
      uint64_t cell;
      int64_t seconds, first, last;
    };
    std::vector<Acc> acc;
    std::vector<uint64_t> matched;  // (source << 32 | row)
    CellSeconds own_hours;
    std::vector<Hit>& hits = out[c];
    const uint32_t p_end = std::min<uint32_t>(persons, static_cast<uint32_t>((c + 1) * kChunk));
    for (uint32_t p = static_cast<uint32_t>(c * kChunk); p < p_end; ++p) {
      acc.clear();
      for (uint32_t r = t.offsets[p]; r < t.offsets[p + 1]; ++r) {
        if (params.mode == ColocationMode::kStays && t.radius_m[r] > params.max_stay_radius_m) continue;
        uint64_t cells[9];
        const int n = CellsOf(grid, t.lon[r], t.lat[r], ReachOf(params, t.radius_m[r]), cells);
        matched.clear();
        const int64_t rs = t.start[r], re = t.end[r];
        for (int k = 0; k < n; ++k) {
          for (const CellTable::Entry& e : table.Find(cells[k], rs)) {
            if (e.from >= re) break;  // sorted by from
            if (e.to <= rs) continue;
            const Source& src = sources[e.source];
            if (src.person == p) continue;
            if (stays_mode) {
              const uint32_t va = has_venue ? t.venue[r] : PositionTable::kNoVenue;
              const uint32_t vb = has_venue ? t.venue[e.row] : PositionTable::kNoVenue;
              const bool both = va != PositionTable::kNoVenue && vb != PositionTable::kNoVenue;
              if (params.venue_exclusion && both && va != vb) continue;
              if (has_home && params.home_match_m > 0 && t.at_home[r] && t.at_home[e.row] &&
                  !(DistanceMetres(LonLat{t.home_lon[p], t.home_lat[p]},
                                   LonLat{t.home_lon[src.person], t.home_lat[src.person]}) <= params.home_match_m)) {
                continue;
              }
              if (params.max_pair_distance_m > 0 && !(both && va == vb)) {
                const double ra = t.radius_m[r], rb = t.radius_m[e.row];
                const double limit =
                    std::max(params.max_pair_distance_m, params.pair_radius_factor * std::sqrt(ra * ra + rb * rb));
                if (DistanceMetres(LonLat{t.lon[r], t.lat[r]}, LonLat{t.lon[e.row], t.lat[e.row]}) > limit) continue;
              }
            }
            const uint64_t pair = static_cast<uint64_t>(e.source) << 32 | e.row;
            if (std::find(matched.begin(), matched.end(), pair) != matched.end()) continue;
            matched.push_back(pair);
            const int64_t a = std::max(rs, e.from), b = std::min(re, e.to);
            acc.push_back(Acc{e.source, cells[k], b - a, a, b});
          }
        }
      }
      if (acc.empty()) continue;
      if (hours_rule) {
        own_hours.clear();
        AddCellSeconds(t, p, INT64_MIN / 2, INT64_MAX / 2, grid, &own_hours);
      }
      // Sum per source over the cells that qualify; the cell with most time is the place.
      std::sort(acc.begin(), acc.end(),
                [](const Acc& a, const Acc& b) { return a.source != b.source ? a.source < b.source : a.cell < b.cell; });
      // Merge the pieces of each (source, cell).
      size_t w = 0;
      for (size_t i = 0; i < acc.size(); ++i) {
        if (w > 0 && acc[w - 1].source == acc[i].source && acc[w - 1].cell == acc[i].cell) {
          acc[w - 1].seconds += acc[i].seconds;
          acc[w - 1].first = std::min(acc[w - 1].first, acc[i].first);
          acc[w - 1].last = std::max(acc[w - 1].last, acc[i].last);
        } else {
          acc[w++] = acc[i];
        }
      }
      acc.resize(w);
      for (size_t i = 0; i < acc.size();) {
        size_t j = i;
        Hit h{acc[i].source, p, ContactKind::kColocation, 0, INT64_MAX, INT64_MIN, 0};
        int64_t best = -1;
        for (; j < acc.size() && acc[j].source == acc[i].source; ++j) {
          if (hours_rule) {
            const auto own = own_hours.find(acc[j].cell);
            const auto theirs = source_hours[acc[j].source].find(acc[j].cell);
            const bool ok = (own != own_hours.end() && own->second >= hours_seconds) ||
                            (theirs != source_hours[acc[j].source].end() && theirs->second >= hours_seconds);
            if (!ok) continue;
          }
          h.seconds += acc[j].seconds;
          h.start = std::min(h.start, acc[j].first);
          h.end = std::max(h.end, acc[j].last);
          if (acc[j].seconds > best) best = acc[j].seconds, h.where = acc[j].cell;
        }
        if (h.seconds >= min_seconds && h.seconds > 0) hits.push_back(h);
        i = j;
      }
    }
  });
  std::vector<Hit> all;
  size_t total = 0;
  for (const auto& v : out) total += v.size();
  all.reserve(total);
  for (auto& v : out) all.insert(all.end(), v.begin(), v.end());
  return all;
}

std::vector<Hit> FindCotravel(std::span<const Trip> trips, std::span<const Source> sources, const TraceParams& params) {
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_service;
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_person;
  for (uint32_t i = 0; i < trips.size(); ++i) {
    by_service[trips[i].service].push_back(i);
    by_person[trips[i].person].push_back(i);
  }
  std::vector<Hit> hits;
  for (uint32_t s = 0; s < sources.size(); ++s) {
    const Source& src = sources[s];
    const auto own = by_person.find(src.person);
    if (own == by_person.end()) continue;
    for (uint32_t ci : own->second) {
      const Trip& ct = trips[ci];
      if (ct.arr <= src.from || ct.dep >= src.to) continue;
      for (uint32_t oi : by_service[ct.service]) {
        const Trip& o = trips[oi];
        if (o.person == src.person) continue;
        const bool close = ct.mode == TripMode::kFlight ? std::abs(o.row - ct.row) <= params.flight_rows
                                                        : o.carriage == ct.carriage;
        const int64_t a = std::max({o.dep, ct.dep, src.from}), b = std::min({o.arr, ct.arr, src.to});
        hits.push_back(Hit{s, o.person, close ? ContactKind::kCotravelClose : ContactKind::kCotravelVehicle,
                           ct.service, a, std::max(a, b), std::max<int64_t>(0, b - a)});
      }
    }
  }
  return hits;
}

bool ScanContradicted(const PositionTable& t, uint32_t person, int64_t time, double lon, double lat,
                      const TraceParams& params) {
  if (person >= t.persons()) return false;
  const uint32_t lo = t.offsets[person], hi = t.offsets[person + 1];
  constexpr int64_t kSlack = 10 * 60;
  // First row ending after time - slack.
  uint32_t r = static_cast<uint32_t>(std::upper_bound(t.end.begin() + lo, t.end.begin() + hi,
                                                      static_cast<uint32_t>(std::max<int64_t>(0, time - kSlack))) -
                                     t.end.begin());
  for (; r < hi && t.start[r] <= time + kSlack; ++r) {
    const double d = DistanceMetres(LonLat{t.lon[r], t.lat[r]}, LonLat{lon, lat});
    if (d <= std::max(params.suspect_min_m, params.suspect_radius_factor * t.radius_m[r])) return false;
    if (t.start[r] <= time && time < t.end[r]) return true;  // the row covering the scan says elsewhere
  }
  return false;  // no row near the scan: no evidence either way
}

std::vector<Hit> FindVenue(std::span<const Scan> scans, std::span<const VenueInfo> venues,
                           const PositionTable* positions, std::span<const Source> sources, const TraceParams& params) {
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_venue, by_person;
  for (uint32_t i = 0; i < scans.size(); ++i) {
    by_venue[scans[i].venue].push_back(i);
    by_person[scans[i].person].push_back(i);
  }
  const int64_t window = static_cast<int64_t>(params.venue_window_minutes) * 60;
  auto suspect = [&](const Scan& sc) {
    return positions != nullptr && sc.venue < venues.size() &&
           ScanContradicted(*positions, sc.person, sc.time, venues[sc.venue].lon, venues[sc.venue].lat, params);
  };
  std::vector<Hit> hits;
  for (uint32_t s = 0; s < sources.size(); ++s) {
    const Source& src = sources[s];
    const auto own = by_person.find(src.person);
    if (own == by_person.end()) continue;
    for (uint32_t ci : own->second) {
      const Scan& cs = scans[ci];
      if (cs.time < src.from || cs.time >= src.to) continue;
      if (suspect(cs)) continue;  // the case's own scan of a forwarded photo makes no contacts
      for (uint32_t oi : by_venue[cs.venue]) {
        const Scan& o = scans[oi];
        if (o.person == src.person || std::llabs(o.time - cs.time) > window) continue;
        const ContactKind kind = suspect(o) ? ContactKind::kVenueSuspect : ContactKind::kVenue;
        hits.push_back(Hit{s, o.person, kind, cs.venue, std::min(o.time, cs.time), std::max(o.time, cs.time), 0});
      }
    }
  }
  return hits;
}

namespace {

// Merges hits of the same (tag, person, kind, where) into one, summing time.
void MergeHits(std::vector<Hit>* hits) {
  std::sort(hits->begin(), hits->end(), [](const Hit& a, const Hit& b) {
    if (a.tag != b.tag) return a.tag < b.tag;
    if (a.person != b.person) return a.person < b.person;
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.where != b.where) return a.where < b.where;
    return a.start < b.start;
  });
  size_t w = 0;
  for (size_t i = 0; i < hits->size(); ++i) {
    Hit& h = (*hits)[i];
    if (w > 0) {
      Hit& prev = (*hits)[w - 1];
      if (prev.tag == h.tag && prev.person == h.person && prev.kind == h.kind && prev.where == h.where) {
        prev.start = std::min(prev.start, h.start);
        prev.end = std::max(prev.end, h.end);
        prev.seconds += h.seconds;
        continue;
      }
    }
    (*hits)[w++] = h;
  }
  hits->resize(w);
}

std::vector<Hit> FindAll(const TraceInput& in, std::span<const Source> sources, const TraceParams& params,
                         int threads) {
  std::vector<Hit> hits = FindColocation(*in.positions, sources, params, threads);
  if (params.mode == ColocationMode::kStays) {
    std::vector<Hit> travel = FindCotravel(in.trips, sources, params);
    std::vector<Hit> venue = FindVenue(in.scans, in.venues, in.positions, sources, params);
    hits.insert(hits.end(), travel.begin(), travel.end());
    hits.insert(hits.end(), venue.begin(), venue.end());
  }
  MergeHits(&hits);
  return hits;
}

}  // namespace

std::vector<Edge> Trace(const TraceInput& in, std::span<const CaseWindow> cases, const TraceParams& params,
                        int threads, TraceStats* stats) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Source> sources;
  sources.reserve(cases.size());
  for (uint32_t i = 0; i < cases.size(); ++i) sources.push_back(Source{i, cases[i].person, cases[i].from, cases[i].to});
  std::vector<Hit> first = FindAll(in, sources, params, threads);

  std::vector<Edge> edges;
  edges.reserve(first.size());
  for (const Hit& h : first) {
    edges.push_back(Edge{cases[h.tag].id, h.person, h.kind, UINT32_MAX, ContactKind::kColocation, h.where, h.start,
                         h.end, static_cast<int32_t>(h.seconds / 60)});
  }

  std::sort(edges.begin(), edges.end(), EdgeLess);
  if (stats != nullptr) {
    stats->cases = cases.size();
    for (const Edge& e : edges) ++stats->edges_by_kind[static_cast<int>(e.kind)];
    stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  return edges;
}

std::vector<Edge> TraceSecondDegree(const TraceInput& in, std::span<const Edge> first,
                                    std::span<const CaseWindow> cases, const TraceParams& params, int threads) {
  if (params.mode != ColocationMode::kStays) return {};
  std::unordered_map<uint32_t, const CaseWindow*> case_by_id;
  for (const CaseWindow& c : cases) case_by_id[c.id] = &c;
  // Each close contact is a source from their first contact with a case until
  // that case's report plus a margin (when they would be found and isolated);
  // one source per person, over the union of their windows.
  struct Window {
    int64_t from, to;
    uint32_t case_id;
  };
  std::unordered_map<uint32_t, std::vector<Window>> windows;  // by close contact
  std::vector<uint8_t> excluded;                             // cases and close contacts
  auto exclude = [&](uint32_t p) {
    if (p >= excluded.size()) excluded.resize(p + 1, 0);
    excluded[p] = 1;
  };
  for (const CaseWindow& c : cases) exclude(c.person);
  for (const Edge& e : first) {
    if (!IsCloseKind(e.kind)) continue;
    const auto it = case_by_id.find(e.case_id);
    if (it == case_by_id.end()) continue;
    exclude(e.person);
    const int64_t to = std::max(e.start, it->second->to) + static_cast<int64_t>(params.second_degree_days) * 86400;
    windows[e.person].push_back(Window{e.start, to, e.case_id});
  }
  std::vector<Source> sources;
  std::vector<uint32_t> via_of;
  for (auto& [person, ws] : windows) {
    std::sort(ws.begin(), ws.end(), [](const Window& a, const Window& b) {
      return a.from != b.from ? a.from < b.from : a.case_id < b.case_id;
    });
    int64_t from = INT64_MAX, to = INT64_MIN;
    for (const Window& w : ws) from = std::min(from, w.from), to = std::max(to, w.to);
    via_of.push_back(person);
    sources.push_back(Source{0, person, from, to});
  }
  // Deterministic source order (the map's order is not).
  std::vector<uint32_t> order(sources.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return via_of[a] < via_of[b]; });
  std::vector<Source> sorted;
  for (uint32_t i : order) sorted.push_back(Source{static_cast<uint32_t>(sorted.size()), sources[i].person, sources[i].from, sources[i].to});
  std::vector<Hit> hits = FindAll(in, sorted, params, threads);
  // One edge per person: the via with most minutes (then earliest, then
  // lowest via), attributed to the earliest case whose window of that via
  // overlaps the time together.
  std::vector<Edge> out;
  for (const Hit& h : hits) {
    if (!IsCloseKind(h.kind) || (h.person < excluded.size() && excluded[h.person])) continue;
    const uint32_t via = sorted[h.tag].person;
    uint32_t case_id = UINT32_MAX;
    for (const Window& w : windows[via]) {
      if (h.start < w.to && h.end >= w.from) {
        case_id = w.case_id;
        break;
      }
    }
    if (case_id == UINT32_MAX) continue;
    out.push_back(Edge{case_id, h.person, ContactKind::kSecondDegree, via, h.kind, h.where, h.start, h.end,
                       static_cast<int32_t>(h.seconds / 60)});
  }
  std::sort(out.begin(), out.end(), [](const Edge& a, const Edge& b) {
    if (a.person != b.person) return a.person < b.person;
    if (a.minutes != b.minutes) return a.minutes > b.minutes;
    if (a.start != b.start) return a.start < b.start;
    return EdgeLess(a, b);
  });
  size_t w = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (w > 0 && out[w - 1].person == out[i].person) continue;
    out[w++] = out[i];
  }
  out.resize(w);
  std::sort(out.begin(), out.end(), EdgeLess);
  return out;
}

}  // namespace onecode::tracing
