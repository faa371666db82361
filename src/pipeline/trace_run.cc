#include "pipeline/trace_run.h"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <unordered_map>

#include <boost/json.hpp>
#include <sodium.h>

#include "core/geo.h"
#include "core/grid.h"
#include "core/time.h"
#include "core/parse.h"

namespace onecode::pipeline {
namespace {

using tracing::ColocationMode;
using tracing::ContactKind;
using tracing::Edge;

constexpr std::string_view kEdgePrefix = "E:";
constexpr std::string_view kSecondPrefix = "E2:";
constexpr std::string_view kSecondMarkKey = "Q:second";
constexpr std::string_view kCaseMarkPrefix = "Q:case:";
constexpr std::string_view kTraceRunKey = "Q:trace";

std::string Hex(const unsigned char* p, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) s += d[p[i] >> 4], s += d[p[i] & 15];
  return s;
}

// Fingerprint of the data tracing reads, cases excluded: every loaded file
// that is not a case file, and the rows written directly (trips, scans).
StatusOr<std::string> DataFingerprint(const store::Store& store) {
  crypto_generichash_state h;
  crypto_generichash_init(&h, nullptr, 0, 16);
  Status bad;
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kFilePrefix, [&](std::string_view k, std::string_view v) {
    if (v.find("\"feed\":\"cases\"") != std::string_view::npos) return true;
    crypto_generichash_update(&h, reinterpret_cast<const unsigned char*>(k.data()), k.size());
    return true;
  }));
  for (std::string_view prefix : {store::kTransportPrefix, store::kScanPrefix, store::kVenuePrefix}) {
    uint64_t n = 0;
    ONECODE_RETURN_IF_ERROR(store.Scan(prefix, [&](std::string_view, std::string_view) { return ++n, true; }));
    crypto_generichash_update(&h, reinterpret_cast<const unsigned char*>(&n), sizeof n);
  }
  unsigned char out[16];
  crypto_generichash_final(&h, out, sizeof out);
  return Hex(out, sizeof out);
}

std::string ShortHash(std::string_view text) {
  unsigned char out[16];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
  return Hex(out, sizeof out);
}

}  // namespace

namespace {

std::string EdgeValue(const store::Store& store, const TraceData& td, const Edge& e) {
  std::string value;
  value.append(tracing::KindName(e.kind)).append("\t").append(store.persons().id(e.person)).append("\t");
  if (e.kind == ContactKind::kSecondDegree) {
    value.append(store.persons().id(e.via)).append("\t").append(tracing::KindName(e.via_kind));
  } else {
    value.append("\t");
  }
  value.append("\t").append(WhereText(store, td, e)).append("\t").append(store::Pad10(e.start)).append("\t");
  value.append(store::Pad10(e.end)).append("\t").append(std::to_string(e.minutes));
  return value;
}

}  // namespace

StatusOr<std::vector<CaseRecord>> LoadCases(const store::Store& store) {
  std::vector<CaseRecord> cases;
  Status bad;
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kCasePrefix, [&](std::string_view k, std::string_view v) {
    // K:<case> -> person status onset reported region
    const auto f = store::SplitTabs(v);
    CaseRecord c;
    c.id = std::string(k.substr(store::kCasePrefix.size()));
    if (f.size() != 5 || !ParseNumber(f[3], &c.reported) || (!f[2].empty() && !ParseNumber(f[2], &c.onset)) ||
        !ParseNumber(f[4], &c.region)) {
      bad = Status::Internal("corrupt case record " + std::string(k));
      return false;
    }
    c.person = store.persons().Find(f[0]);
    c.status = std::string(f[1]);
    cases.push_back(std::move(c));
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);
  return cases;
}

bool CaseWindowOf(const CaseRecord& c, const tracing::TraceParams& params, int64_t now, int64_t* from, int64_t* to) {
  if (c.person == IdIndex::kMissing || (c.status != "confirmed" && c.status != "asymptomatic")) return false;
  const int64_t anchor = c.onset >= 0 ? std::min(c.onset, c.reported) : c.reported;
  *from = std::max(anchor - static_cast<int64_t>(params.window_before_days) * 86400,
                   now - static_cast<int64_t>(params.lookback_days) * 86400);
  *to = std::min(c.reported, now);
  return *to > *from;
}

StatusOr<TraceData> LoadTraceData(const store::Store& store, const mobility::MobilityData& data,
                                  ColocationMode mode, int threads,
                                  const std::function<void(const std::string&)>& progress) {
  TraceData out;
  out.now = data.latest_time();
  const uint32_t persons = static_cast<uint32_t>(store.persons().size());
  tracing::PositionTable& t = out.positions;
  if (mode == ColocationMode::kStays) {
    mobility::RunStats stats;
    ONECODE_RETURN_IF_ERROR(mobility::RunAll(
        store, data, trajectory::TrajectoryParams{}, mobility::Method::kCleaned, threads,
        [&](std::span<const mobility::PersonResult> results) {
          for (const auto& r : results) {
            for (const auto& s : r.stays) {
              t.Append(r.person, static_cast<uint32_t>(s.start), static_cast<uint32_t>(s.end),
                       static_cast<float>(s.lon), static_cast<float>(s.lat), s.radius_m);
            }
          }
        },
        progress ? progress : [](const std::string&) {}, &stats));
  } else {
    // The plain rule: every raw record at its tower's position.
    const auto cells = data.cells();
    std::vector<trajectory::Interval> iv;
    for (uint32_t p = 0; p < persons; ++p) {
      mobility::ReadIntervals(store, p, &iv);
      for (const auto& r : iv) {
        const auto& c = cells[r.cell];
        t.Append(p, static_cast<uint32_t>(r.start), static_cast<uint32_t>(r.end), static_cast<float>(c.lon),
                 static_cast<float>(c.lat), c.radius_m);
      }
      if (progress && p % 20000 == 0) progress("reading raw records: " + std::to_string(p) + " persons");
    }
  }
  t.Finish(persons);

  // Venues by dense index.
  out.venues.resize(store.venues().size());
  Status bad;
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kVenuePrefix, [&](std::string_view k, std::string_view v) {
    const uint32_t idx = store.venues().Find(k.substr(store::kVenuePrefix.size()));
    const auto f = store::SplitTabs(v);
    if (idx == IdIndex::kMissing || f.size() != 4 || !ParseNumber(f[1], &out.venues[idx].lon) ||
        !ParseNumber(f[2], &out.venues[idx].lat)) {
      bad = Status::Internal("corrupt venue record " + std::string(k));
      return false;
    }
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);

  // Trips: X:<person>:<dep>:<vehicle> -> mode date arr from to seat.
  std::unordered_map<std::string, uint32_t> service_ids;
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kTransportPrefix, [&](std::string_view k, std::string_view v) {
    const std::string_view rest = k.substr(store::kTransportPrefix.size());
    const size_t c1 = rest.find(':');
    const auto f = store::SplitTabs(v);
    tracing::Trip trip;
    trip.person = store.persons().Find(rest.substr(0, c1));
    if (trip.person == IdIndex::kMissing || c1 == std::string_view::npos || rest.size() < c1 + 12 || f.size() != 6 ||
        !ParseNumber(rest.substr(c1 + 1, 10), &trip.dep) || !ParseNumber(f[2], &trip.arr)) {
      bad = Status::Internal("corrupt manifest record " + std::string(k));
      return false;
    }
    const std::string_view vehicle = rest.substr(c1 + 12);
    trip.mode = f[0] == "flight" ? tracing::TripMode::kFlight
                : f[0] == "coach" ? tracing::TripMode::kCoach
                                  : tracing::TripMode::kTrain;
    // Seat: flights "23F" (row, letter); trains and coaches "CC-RRL".
    const std::string_view seat = f[5];
    size_t i = 0;
    if (trip.mode != tracing::TripMode::kFlight) {
      const size_t dash = seat.find('-');
      if (dash != std::string_view::npos) {
        ParseNumber(seat.substr(0, dash), &trip.carriage);
        i = dash + 1;
      }
    }
    size_t j = i;
    while (j < seat.size() && seat[j] >= '0' && seat[j] <= '9') ++j;
    if (j > i) ParseNumber(seat.substr(i, j - i), &trip.row);
    std::string key = std::string(vehicle) + " " + std::string(f[1]);
    auto [it, inserted] = service_ids.emplace(key, static_cast<uint32_t>(out.services.size()));
    if (inserted) out.services.push_back(key);
    trip.service = it->second;
    out.trips.push_back(trip);
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);

  // Scans: S:<person>:<time>:<venue>.
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kScanPrefix, [&](std::string_view k, std::string_view) {
    const std::string_view rest = k.substr(store::kScanPrefix.size());
    const size_t c1 = rest.find(':');
    tracing::Scan s;
    s.person = store.persons().Find(rest.substr(0, c1));
    if (s.person == IdIndex::kMissing || c1 == std::string_view::npos || rest.size() < c1 + 12 ||
        !ParseNumber(rest.substr(c1 + 1, 10), &s.time)) {
      bad = Status::Internal("corrupt scan record " + std::string(k));
      return false;
    }
    s.venue = store.venues().Find(rest.substr(c1 + 12));
    if (s.venue == IdIndex::kMissing) return true;
    out.scans.push_back(s);
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);

  // Each stay learns the venue its person scanned during it (unless the
  // person's records contradict the scan: a forwarded photo).
  if (mode == ColocationMode::kStays) {
    // Home: the time-weighted mean position of the stays covering 03:00
    // local time; a row is at home when it covers 03:00 local or lies within
    // 300 m of that position for an hour or more.
    t.home_lon.assign(persons, NAN);
    t.home_lat.assign(persons, NAN);
    t.at_home.assign(t.size(), 0);
    for (uint32_t p = 0; p < persons; ++p) {
      double sx = 0, sy = 0, sw = 0;
      for (uint32_t r = t.offsets[p]; r < t.offsets[p + 1]; ++r) {
        const int64_t first_3am = (static_cast<int64_t>(t.start[r]) + kChinaUtcOffsetSeconds - 3 * 3600 + 86399) /
                                      86400 * 86400 - kChinaUtcOffsetSeconds + 3 * 3600;
        if (first_3am < t.end[r]) {
          const double w = t.end[r] - t.start[r];
          sx += w * t.lon[r], sy += w * t.lat[r], sw += w;
          t.at_home[r] = 1;
        }
      }
      if (sw <= 0) continue;
      t.home_lon[p] = static_cast<float>(sx / sw);
      t.home_lat[p] = static_cast<float>(sy / sw);
      for (uint32_t r = t.offsets[p]; r < t.offsets[p + 1]; ++r) {
        if (t.end[r] - t.start[r] >= 3600 &&
            DistanceMetres(LonLat{t.lon[r], t.lat[r]}, LonLat{t.home_lon[p], t.home_lat[p]}) <= 300) {
          t.at_home[r] = 1;
        }
      }
    }
    t.venue.assign(t.size(), tracing::PositionTable::kNoVenue);
    const tracing::TraceParams defaults;
    for (const tracing::Scan& s : out.scans) {
      const uint32_t lo = t.offsets[s.person], hi = t.offsets[s.person + 1];
      auto it = std::upper_bound(t.start.begin() + lo, t.start.begin() + hi, static_cast<uint32_t>(s.time));
      if (it == t.start.begin() + lo) continue;
      const uint32_t r = static_cast<uint32_t>(it - t.start.begin()) - 1;
      if (s.time >= t.end[r] || t.venue[r] != tracing::PositionTable::kNoVenue) continue;
      const tracing::VenueInfo& v = out.venues[s.venue];
      if (tracing::ScanContradicted(t, s.person, s.time, v.lon, v.lat, defaults)) continue;
      t.venue[r] = s.venue;
      // The scan pins the stay to the venue's known position.
      t.lon[r] = static_cast<float>(v.lon);
      t.lat[r] = static_cast<float>(v.lat);
      // The radius stays: the border rule still reaches the cells around the venue.
    }
  }
  return out;
}

std::string WhereText(const store::Store& store, const TraceData& data, const Edge& e) {
  ContactKind k = e.kind == ContactKind::kSecondDegree ? e.via_kind : e.kind;
  switch (k) {
    case ContactKind::kColocation: {
      const GridCell c = GridCell::Unpack(e.where);
      return "grid:" + std::to_string(c.row) + ":" + std::to_string(c.col);
    }
    case ContactKind::kCotravelClose:
    case ContactKind::kCotravelVehicle:
      return e.where < data.services.size() ? data.services[e.where] : "?";
    default:
      return e.where < store.venues().size() ? store.venues().id(static_cast<uint32_t>(e.where)) : "?";
  }
}

StatusOr<std::vector<Edge>> TraceInMemory(const store::Store& store, const mobility::MobilityData& data,
                                          const tracing::TraceParams& params, int threads,
                                          std::vector<CaseRecord>* cases, TraceData* loaded) {
  ONECODE_ASSIGN_OR_RETURN(*cases, LoadCases(store));
  ONECODE_ASSIGN_OR_RETURN(*loaded, LoadTraceData(store, data, params.mode, threads, nullptr));
  std::vector<tracing::CaseWindow> windows;
  for (uint32_t i = 0; i < cases->size(); ++i) {
    int64_t from, to;
    if (CaseWindowOf((*cases)[i], params, loaded->now, &from, &to)) {
      windows.push_back(tracing::CaseWindow{i, (*cases)[i].person, from, to});
    }
  }
  tracing::TraceInput in{&loaded->positions, loaded->trips, loaded->scans, loaded->venues};
  return tracing::Trace(in, windows, params, threads, nullptr);
}

StatusOr<TraceRunResult> RunTrace(store::Store& store, const TraceRunOptions& options) {
  const auto t0 = std::chrono::steady_clock::now();
  if (options.params.mode != ColocationMode::kStays) {
    return Status::InvalidArgument("only the default (stays) mode is stored; use eval for the plain rule");
  }
  TraceRunResult result;
  result.params_json = options.params.ToJson();
  auto say = [&](const std::string& s) {
    if (options.progress) options.progress(s);
  };
  ONECODE_ASSIGN_OR_RETURN(auto cases, LoadCases(store));
  ONECODE_ASSIGN_OR_RETURN(std::string data_fp, DataFingerprint(store));
  ONECODE_ASSIGN_OR_RETURN(auto data, mobility::MobilityData::Load(store));
  const int64_t now = data.latest_time();
  const std::string run_fp = ShortHash(data_fp + "|" + result.params_json + "|" + std::to_string(now));

  // Which cases need tracing: new, changed, or traced under other data/params.
  std::map<std::string, std::string> marks;  // case -> fingerprint
  ONECODE_RETURN_IF_ERROR(store.Scan(kCaseMarkPrefix, [&](std::string_view k, std::string_view v) {
    marks.emplace(std::string(k.substr(kCaseMarkPrefix.size())), std::string(v));
    return true;
  }));
  std::vector<tracing::CaseWindow> todo;
  std::vector<std::string> todo_marks;
  std::vector<std::string> remove;
  for (uint32_t i = 0; i < cases.size(); ++i) {
    const CaseRecord& c = cases[i];
    int64_t from, to;
    const bool traceable = CaseWindowOf(c, options.params, now, &from, &to);
    const std::string mark = run_fp + "|" + c.status + "|" + std::to_string(c.onset) + "|" +
                             std::to_string(c.reported) + "|" + std::to_string(from) + "|" + std::to_string(to);
    auto it = marks.find(c.id);
    if (!traceable) {
      if (it != marks.end()) remove.push_back(c.id);
      continue;
    }
    ++result.cases_total;
    if (!options.full && it != marks.end() && it->second == mark) {
      ++result.cases_skipped;
      continue;
    }
    todo.push_back(tracing::CaseWindow{i, c.person, from, to});
    todo_marks.push_back(mark);
    if (it != marks.end()) remove.push_back(c.id);
  }
  // Marks of cases that vanished from the registry.
  for (const auto& [id, mark] : marks) {
    if (std::none_of(cases.begin(), cases.end(), [&](const CaseRecord& c) { return c.id == id; })) {
      remove.push_back(id);
    }
  }

  rocksdb::WriteBatch batch;
  for (const std::string& id : remove) {
    const std::string prefix = std::string(kEdgePrefix) + id + ":";
    ONECODE_RETURN_IF_ERROR(store.Scan(prefix, [&](std::string_view k, std::string_view) {
      batch.Delete(rocksdb::Slice(k.data(), k.size()));
      return true;
    }));
    batch.Delete(std::string(kCaseMarkPrefix) + id);
    if (std::none_of(todo.begin(), todo.end(), [&](const tracing::CaseWindow& w) { return cases[w.id].id == id; })) {
      ++result.cases_removed;
    }
  }

  // Second degree is recomputed from all first-degree edges whenever they
  // change (or the parameters/data did).
  ONECODE_ASSIGN_OR_RETURN(auto second_mark, store.Get(kSecondMarkKey));
  const bool redo_second = options.params.second_degree &&
                           (!todo.empty() || !remove.empty() || !second_mark.has_value() || *second_mark != run_fp);
  std::optional<TraceData> td;
  std::vector<Edge> edges;
  if (!todo.empty() || redo_second) {
    say("tracing: computing stays");
    ONECODE_ASSIGN_OR_RETURN(td, LoadTraceData(store, data, ColocationMode::kStays, options.threads, options.progress));
  }
  if (!todo.empty()) {
    say("tracing " + std::to_string(todo.size()) + " cases: joining");
    tracing::TraceInput in{&td->positions, td->trips, td->scans, td->venues};
    edges = tracing::Trace(in, todo, options.params, options.threads, nullptr);
    // Number edges per case in engine order.
    std::unordered_map<uint32_t, uint32_t> seq;
    for (const Edge& e : edges) {
      const CaseRecord& c = cases[e.case_id];
      char num[16];
      std::snprintf(num, sizeof num, "%07u", seq[e.case_id]++);
      batch.Put(std::string(kEdgePrefix) + c.id + ":" + num, EdgeValue(store, *td, e));
    }
    for (size_t i = 0; i < todo.size(); ++i) {
      batch.Put(std::string(kCaseMarkPrefix) + cases[todo[i].id].id, todo_marks[i]);
    }
    result.cases_traced = todo.size();
  }
  if (redo_second || !options.params.second_degree) {
    ONECODE_RETURN_IF_ERROR(store.Scan(kSecondPrefix, [&](std::string_view k, std::string_view) {
      batch.Delete(rocksdb::Slice(k.data(), k.size()));
      return true;
    }));
    batch.Delete(std::string(kSecondMarkKey));
  }
  if (redo_second) {
    say("tracing: second degree");
    // All first-degree close edges: those just traced and the stored ones of unchanged cases.
    std::unordered_map<std::string, uint32_t> case_index;
    for (uint32_t i = 0; i < cases.size(); ++i) case_index[cases[i].id] = i;
    std::vector<tracing::CaseWindow> all_windows;
    std::vector<uint8_t> traced_now(cases.size(), 0);
    for (const auto& w : todo) traced_now[w.id] = 1;
    for (uint32_t i = 0; i < cases.size(); ++i) {
      int64_t from, to;
      if (CaseWindowOf(cases[i], options.params, now, &from, &to)) {
        all_windows.push_back(tracing::CaseWindow{i, cases[i].person, from, to});
      }
    }
    std::vector<Edge> first;
    for (const Edge& e : edges) {
      if (tracing::IsCloseKind(e.kind)) first.push_back(e);
    }
    ONECODE_RETURN_IF_ERROR(ForEachStoredEdge(store, [&](const StoredEdge& se) {
      ContactKind k;
      const auto ci = case_index.find(se.case_id);
      if (ci == case_index.end() || traced_now[ci->second] || !tracing::ParseKind(se.kind, &k) ||
          !tracing::IsCloseKind(k)) {
        return;
      }
      const uint32_t p = store.persons().Find(se.person);
      if (p == IdIndex::kMissing) return;
      Edge e;
      e.case_id = ci->second, e.person = p, e.kind = k;
      e.start = tracing::EdgeTime(se.start), e.end = tracing::EdgeTime(se.end), e.minutes = tracing::EdgeMinutes(int64_t{se.minutes} * 60);
      first.push_back(e);
    }));
    std::sort(first.begin(), first.end(), tracing::EdgeLess);
    tracing::TraceInput in{&td->positions, td->trips, td->scans, td->venues};
    std::vector<Edge> second = tracing::TraceSecondDegree(in, first, all_windows, options.params, options.threads);
    uint32_t seq = 0;
    for (const Edge& e : second) {
      char num[16];
      std::snprintf(num, sizeof num, "%08u", seq++);
      batch.Put(std::string(kSecondPrefix) + cases[e.case_id].id + ":" + num, EdgeValue(store, *td, e));
    }
    batch.Put(std::string(kSecondMarkKey), run_fp);
  }
  ONECODE_RETURN_IF_ERROR(store.Commit(&batch, /*sync=*/true));

  // Count what is stored now.
  ONECODE_RETURN_IF_ERROR(ForEachStoredEdge(store, [&](const StoredEdge& e) {
    ContactKind k;
    if (tracing::ParseKind(e.kind, &k)) ++result.edges_by_kind[static_cast<int>(k)];
  }));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  boost::json::object run;
  run["params"] = boost::json::parse(result.params_json);
  run["data_fingerprint"] = data_fp;
  run["now"] = now;
  run["cases"] = result.cases_total;
  run["traced"] = result.cases_traced;
  rocksdb::WriteBatch meta;
  meta.Put(std::string(kTraceRunKey), boost::json::serialize(run));
  ONECODE_RETURN_IF_ERROR(store.Commit(&meta, /*sync=*/true));
  return result;
}

Status ForEachStoredEdge(const store::Store& store, const std::function<void(const StoredEdge&)>& fn) {
  Status bad;
  for (std::string_view prefix : {kEdgePrefix, kSecondPrefix}) {
  ONECODE_RETURN_IF_ERROR(store.Scan(prefix, [&](std::string_view k, std::string_view v) {
    const std::string_view rest = k.substr(prefix.size());
    const auto f = store::SplitTabs(v);
    StoredEdge e;
    e.case_id = std::string(rest.substr(0, rest.rfind(':')));
    if (f.size() != 8 || !ParseNumber(f[5], &e.start) || !ParseNumber(f[6], &e.end) || !ParseNumber(f[7], &e.minutes)) {
      bad = Status::Internal("corrupt edge record " + std::string(k));
      return false;
    }
    e.kind = std::string(f[0]);
    e.person = std::string(f[1]);
    e.via = std::string(f[2]);
    e.via_kind = std::string(f[3]);
    e.where = std::string(f[4]);
    fn(e);
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);
  }
  return bad;
}

}  // namespace onecode::pipeline
