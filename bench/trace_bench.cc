// Tracing speed: Trace() (first degree, stays mode) of C cases against N
// persons x 14 days of stays from the synthetic metro of trace_city.h, with
// generation timed apart and memory reported. Prints one JSON object per line:
//
//   {"step":"generate",...}  rows, seconds, bytes of the columns, RSS after
//   {"step":"trace","mode":"default",...}  per case count: median/min seconds
//        over the repeats, edges by kind, peak RSS during the trace
//   {"step":"trace","mode":"plain_grid",...}  with --peer-dir: the engine on
//        the plain grid (no border rule, no venue or home checks, no distance
//        limit), the form the SQL peers compute
//   {"step":"export",...}  with --peer-dir: DIR/stays.csv (person,cell_row,cell_col,
//        start_s,end_s: every stay with its grid cell), DIR/cases.csv
//        (case_id,person,from_s,to_s) and DIR/engine.csv (case_id,person,
//        seconds: the engine's co-location hits, sorted) for bench/trace_bench.sh
//
//   {"step":"crowding",...}  with --stats: how many persons share a grid cell
//        at 03:00 and 12:00 of day 1 (to judge how dense the synthetic city is)
//
// --no-default skips the default-mode traces (only the peer export runs);
// --plain times the plain grid without --peer-dir (no export, no check);
// --max-pair-distance-m and --venue-reach-m override those parameters of the
// default mode;
// --wide-radius-share F gives that share of stays a suburban radius (800-4,000 m;
// the simulator's cleaned stays: 9.4% above 800 m), the rest 300-800 m;
// --no-extras leaves out the venue and home columns (the default mode then
// has no venue exclusion or home match to apply).
//
// Peak RSS during a trace is VmHWM after resetting it (/proc/self/clear_refs)
// just before: the data plus the trace's own working memory.
//
// usage: onecode_trace_bench [--persons N] [--cases C] [--case-counts 10,100,1000]
//          [--days D] [--seed S] [--threads T] [--repeats R] [--no-extras] [--stats] [--no-default] [--plain]
//          [--max-pair-distance-m M] [--venue-reach-m M] [--wide-radius-share F] [--peer-dir DIR]
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <vector>

#include "core/grid.h"
#include "trace_city.h"
#include "tracing/trace.h"

namespace {

using onecode::bench::City;
using onecode::bench::CityOptions;
using namespace onecode::tracing;

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A field of /proc/self/status in MB ("VmRSS", "VmHWM"); -1 when unreadable.
double StatusMb(const char* key) {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return -1;
  char line[256];
  double mb = -1;
  const size_t n = std::strlen(key);
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, key, n) == 0 && line[n] == ':') {
      mb = std::strtod(line + n + 1, nullptr) / 1024.0;
      break;
    }
  }
  std::fclose(f);
  return mb;
}

// Resets VmHWM to the current RSS (Linux >= 4.0); false when not allowed.
bool ResetPeakRss() {
  std::FILE* f = std::fopen("/proc/self/clear_refs", "w");
  if (f == nullptr) return false;
  const bool ok = std::fputs("5", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

// CPU seconds (user + system) of the whole process so far, all threads.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double MaxRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// Buffered CSV of integers.
class CsvOut {
 public:
  explicit CsvOut(const std::string& path) : f_(std::fopen(path.c_str(), "w")) { buf_.reserve(1 << 20); }
  ~CsvOut() { Close(); }
  bool ok() const { return f_ != nullptr && ok_; }
  void Text(const char* s) { buf_.append(s); }
  template <typename... T>
  void Row(T... values) {
    bool first = true;
    ((Field(static_cast<int64_t>(values), first), first = false), ...);
    buf_.push_back('\n');
    if (buf_.size() > (1 << 20) - 128) Flush();
  }
  bool Close() {
    if (f_ == nullptr) return false;
    Flush();
    ok_ = std::fclose(f_) == 0 && ok_;
    f_ = nullptr;
    return ok_;
  }

 private:
  void Field(int64_t v, bool first) {
    if (!first) buf_.push_back(',');
    char tmp[24];
    const auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, r.ptr);
  }
  void Flush() {
    if (f_ != nullptr && !buf_.empty()) ok_ = std::fwrite(buf_.data(), 1, buf_.size(), f_) == buf_.size() && ok_;
    buf_.clear();
  }
  std::FILE* f_;
  std::string buf_;
  bool ok_ = true;
};

struct Timing {
  double median = 0, min = 0;
  double cpu_median = 0;  // CPU seconds of the median repeat (less sensitive to other load)
  std::string all;  // JSON array of every repeat
  double peak_rss_mb = -1;
};

template <typename Fn>
Timing Repeat(int repeats, Fn fn) {
  std::vector<double> s;
  std::vector<std::pair<double, double>> wall_cpu;
  Timing t;
  for (int r = 0; r < repeats; ++r) {
    const bool reset = ResetPeakRss();
    const double c0 = CpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    s.push_back(Since(t0));
    wall_cpu.push_back({s.back(), CpuSeconds() - c0});
    t.peak_rss_mb = std::max(t.peak_rss_mb, reset ? StatusMb("VmHWM") : MaxRssMb());
  }
  t.all = "[";
  for (size_t i = 0; i < s.size(); ++i) t.all += (i ? "," : "") + std::to_string(s[i]);
  t.all += "]";
  std::sort(s.begin(), s.end());
  t.median = s[s.size() / 2];
  t.min = s.front();
  std::sort(wall_cpu.begin(), wall_cpu.end());
  t.cpu_median = wall_cpu[wall_cpu.size() / 2].second;
  return t;
}

std::vector<uint32_t> ParseList(const std::string& s) {
  std::vector<uint32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(static_cast<uint32_t>(std::stoul(s.substr(i, j - i))));
    i = j + 1;
  }
  return out;
}

[[noreturn]] void Fail(int code, const std::string& why) {
  std::fprintf(stderr, "onecode_trace_bench: %s\n", why.c_str());
  std::exit(code);
}

// How crowded the grid is at `at` (UTC seconds): cells with anyone in them,
// the most persons in one cell, and the persons a person shares a cell with on
// average (person-weighted mean of the cell counts).
void PrintCrowding(const PositionTable& t, int64_t at, const char* label, const TraceParams& params) {
  const onecode::Grid grid(params.grid_m);
  std::vector<uint64_t> cells;
  for (size_t r = 0; r < t.size(); ++r) {
    if (t.start[r] <= at && at < t.end[r]) cells.push_back(grid.CellOf(onecode::LonLat{t.lon[r], t.lat[r]}).Pack());
  }
  std::sort(cells.begin(), cells.end());
  uint64_t occupied = 0, most = 0;
  double weighted = 0;
  for (size_t i = 0; i < cells.size();) {
    size_t j = i;
    while (j < cells.size() && cells[j] == cells[i]) ++j;
    const uint64_t n = j - i;
    ++occupied;
    most = std::max(most, n);
    weighted += static_cast<double>(n) * static_cast<double>(n);
    i = j;
  }
  std::printf("{\"step\":\"crowding\",\"at\":\"%s\",\"persons_placed\":%zu,\"cells_occupied\":%llu,"
              "\"most_in_a_cell\":%llu,\"mean_cell_mates\":%.0f}\n",
              label, cells.size(), static_cast<unsigned long long>(occupied), static_cast<unsigned long long>(most),
              cells.empty() ? 0.0 : weighted / static_cast<double>(cells.size()) - 1);
}

// Writes the peer inputs and the engine's answer (plain grid) under `dir`.
void ExportForPeers(const std::string& dir, const PositionTable& t, std::span<const CaseWindow> cases,
                    const std::vector<Hit>& hits, const TraceParams& params) {
  const auto t0 = std::chrono::steady_clock::now();
  const onecode::Grid grid(params.grid_m);
  {
    CsvOut out(dir + "/stays.csv");
    out.Text("person,cell_row,cell_col,start_s,end_s\n");
    for (size_t r = 0; r < t.size(); ++r) {
      const onecode::GridCell c = grid.CellOf(onecode::LonLat{t.lon[r], t.lat[r]});
      out.Row(t.person[r], c.row, c.col, t.start[r], t.end[r]);
    }
    if (!out.Close()) Fail(1, "cannot write " + dir + "/stays.csv");
  }
  {
    CsvOut out(dir + "/cases.csv");
    out.Text("case_id,person,from_s,to_s\n");
    for (const CaseWindow& c : cases) out.Row(c.id, c.person, c.from, c.to);
    if (!out.Close()) Fail(1, "cannot write " + dir + "/cases.csv");
  }
  uint64_t sum = 0;
  {
    CsvOut out(dir + "/engine.csv");
    for (const Hit& h : hits) {
      out.Row(cases[h.tag].id, h.person, h.seconds);
      sum += static_cast<uint64_t>(h.seconds);
    }
    if (!out.Close()) Fail(1, "cannot write " + dir + "/engine.csv");
  }
  std::printf("{\"step\":\"export\",\"dir\":\"%s\",\"stays\":%zu,\"cases\":%zu,\"hits\":%zu,\"hit_seconds_sum\":%llu,"
              "\"seconds\":%.3f}\n",
              dir.c_str(), t.size(), cases.size(), hits.size(), static_cast<unsigned long long>(sum), Since(t0));
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  CityOptions city_options;
  uint32_t max_cases = 1000;
  std::vector<uint32_t> case_counts;
  int threads = 2, repeats = 3;
  std::string peer_dir;
  bool crowding = false, default_mode = true, plain_mode = false;
  double pair_distance_m = -1, venue_reach_m = -1;  // < 0: the default parameter
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Fail(2, a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--persons") city_options.persons = static_cast<uint32_t>(std::stoul(next()));
      else if (a == "--cases") max_cases = static_cast<uint32_t>(std::stoul(next()));
      else if (a == "--case-counts") case_counts = ParseList(next());
      else if (a == "--days") city_options.days = std::stoi(next());
      else if (a == "--seed") city_options.seed = std::stoull(next());
      else if (a == "--threads") threads = std::stoi(next());
      else if (a == "--repeats") repeats = std::stoi(next());
      else if (a == "--no-extras") city_options.home_columns = city_options.venue_column = false;
      else if (a == "--peer-dir") peer_dir = next();
      else if (a == "--stats") crowding = true;
      else if (a == "--no-default") default_mode = false;
      else if (a == "--plain") plain_mode = true;
      else if (a == "--max-pair-distance-m") pair_distance_m = std::stod(next());
      else if (a == "--venue-reach-m") venue_reach_m = std::stod(next());
      else if (a == "--wide-radius-share") {
        city_options.wide_radius_share = std::stod(next());
        if (!(city_options.wide_radius_share >= 0 && city_options.wide_radius_share <= 1)) Fail(2, "--wide-radius-share: a share in [0, 1]");
      }
      else Fail(2, "usage: onecode_trace_bench [--persons N] [--cases C] [--case-counts 10,100,1000] [--days D] "
                   "[--seed S] [--threads T] [--repeats R] [--no-extras] [--stats] [--no-default] [--plain] [--max-pair-distance-m M] [--venue-reach-m M] [--wide-radius-share F] "
                   "[--peer-dir DIR]");
    } catch (const std::exception&) {
      Fail(2, "bad value for " + a);
    }
  }
  if (city_options.persons == 0 || city_options.days < 6 || repeats < 1 || threads < 1) {
    Fail(2, "need --persons >= 1, --days >= 6, --repeats >= 1, --threads >= 1");
  }
  if (case_counts.empty()) case_counts.push_back(max_cases);
  for (uint32_t c : case_counts) max_cases = std::max(max_cases, c);

  const double rss_before = StatusMb("VmRSS");
  const auto g0 = std::chrono::steady_clock::now();
  const City city = onecode::bench::BuildCity(city_options);
  const double gen_seconds = Since(g0);
  const std::vector<CaseWindow> cases = onecode::bench::DrawCases(city_options, max_cases);
  const PositionTable& t = city.stays;
  std::printf("{\"step\":\"generate\",\"persons\":%u,\"days\":%d,\"seed\":%llu,\"rows\":%zu,"
              "\"rows_per_person_day\":%.2f,\"home_stays\":%llu,\"work_stays\":%llu,\"visit_stays\":%llu,"
              "\"scanned_visits\":%llu,\"compounds\":%u,\"workplaces\":%u,\"schools\":%u,\"venues\":%u,"
              "\"columns\":\"%s\",\"seconds\":%.3f,\"data_mb\":%.1f,\"rss_before_mb\":%.1f,\"rss_after_mb\":%.1f}\n",
              city_options.persons, city_options.days, static_cast<unsigned long long>(city_options.seed), t.size(),
              static_cast<double>(t.size()) / city_options.persons / city_options.days,
              static_cast<unsigned long long>(city.home_stays), static_cast<unsigned long long>(city.work_stays),
              static_cast<unsigned long long>(city.visit_stays), static_cast<unsigned long long>(city.scanned_visits),
              city.compounds, city.workplaces, city.schools, city.venues,
              city_options.home_columns ? "person,start,end,lon,lat,radius_m,venue,at_home,home_lon,home_lat"
                                        : "person,start,end,lon,lat,radius_m",
              gen_seconds, static_cast<double>(city.Bytes()) / (1 << 20), rss_before, StatusMb("VmRSS"));
  std::fflush(stdout);

  TraceInput input;
  input.positions = &t;
  TraceParams defaults;
  if (pair_distance_m >= 0) defaults.max_pair_distance_m = pair_distance_m;
  if (venue_reach_m >= 0) defaults.venue_reach_m = venue_reach_m;
  if (crowding) {
    // Day 1 is a Friday: 03:00 and 12:00 local (UTC+8).
    PrintCrowding(t, city_options.first_day + 86400 + 3 * 3600, "day 1 03:00 local", defaults);
    PrintCrowding(t, city_options.first_day + 86400 + 12 * 3600, "day 1 12:00 local", defaults);
    std::fflush(stdout);
  }
  for (uint32_t count : case_counts) {
    if (!default_mode) break;
    const std::span<const CaseWindow> some(cases.data(), std::min<size_t>(count, cases.size()));
    TraceStats stats;
    const Timing tm = Repeat(repeats, [&] {
      stats = TraceStats{};
      const std::vector<Edge> edges = Trace(input, some, defaults, threads, &stats);
      if (edges.size() != stats.edges_by_kind[0] + stats.edges_by_kind[2] + stats.edges_by_kind[4]) {
        Fail(70, "edge counts do not add up");
      }
    });
    std::printf("{\"step\":\"trace\",\"mode\":\"default\",\"max_pair_distance_m\":%g,\"venue_reach_m\":%g,\"persons\":%u,\"rows\":%zu,\"cases\":%zu,\"threads\":%d,"
                "\"seconds_median\":%.3f,\"cpu_seconds\":%.3f,\"seconds_min\":%.3f,\"seconds_all\":%s,\"last_join_seconds\":%.3f,"
                "\"last_write_seconds\":%.3f,\"colocation\":%llu,\"venue\":%llu,"
                "\"venue_suspect\":%llu,\"peak_rss_mb\":%.1f}\n",
                defaults.max_pair_distance_m, defaults.venue_reach_m, city_options.persons, t.size(), some.size(), threads, tm.median, tm.cpu_median, tm.min, tm.all.c_str(),
                stats.join_seconds, stats.write_seconds,
                static_cast<unsigned long long>(stats.edges_by_kind[0]),
                static_cast<unsigned long long>(stats.edges_by_kind[2]),
                static_cast<unsigned long long>(stats.edges_by_kind[4]), tm.peak_rss_mb);
    std::fflush(stdout);
  }

  if (!peer_dir.empty() || plain_mode) {
    // The plain grid: the form the SQL peers compute.
    const TraceParams plain = TraceParams::PlainGrid();
    std::vector<Edge> edges;
    TraceStats stats;
    const Timing tm = Repeat(repeats, [&] {
      stats = TraceStats{};
      edges = Trace(input, cases, plain, threads, &stats);
    });
    std::printf("{\"step\":\"trace\",\"mode\":\"plain_grid\",\"persons\":%u,\"rows\":%zu,\"cases\":%zu,\"threads\":%d,"
                "\"seconds_median\":%.3f,\"cpu_seconds\":%.3f,\"seconds_min\":%.3f,\"seconds_all\":%s,\"last_join_seconds\":%.3f,"
                "\"last_write_seconds\":%.3f,\"colocation\":%zu,\"peak_rss_mb\":%.1f}\n",
                city_options.persons, t.size(), cases.size(), threads, tm.median, tm.cpu_median, tm.min, tm.all.c_str(),
                stats.join_seconds, stats.write_seconds, edges.size(), tm.peak_rss_mb);
    std::fflush(stdout);
    if (!peer_dir.empty()) {  // (--plain alone: the timing only)
      // The hits with their exact seconds (Trace's edges keep whole minutes):
      // FindColocation is what Trace runs; check the two agree edge by edge.
      std::vector<Source> sources;
      for (const CaseWindow& c : cases) sources.push_back(Source{static_cast<uint32_t>(sources.size()), c.person, c.from, c.to});
      std::vector<Hit> hits = FindColocation(t, sources, plain, threads);
      std::sort(hits.begin(), hits.end(),
                [](const Hit& a, const Hit& b) { return a.tag != b.tag ? a.tag < b.tag : a.person < b.person; });
      if (hits.size() != edges.size()) Fail(70, "Trace() edges and FindColocation hits differ in number");
      for (size_t i = 0; i < hits.size(); ++i) {
        const Edge& e = edges[i];
        if (e.kind != ContactKind::kColocation || e.case_id != cases[hits[i].tag].id || e.person != hits[i].person ||
            e.minutes != hits[i].seconds / 60) {
          Fail(70, "Trace() edge " + std::to_string(i) + " differs from FindColocation's hit");
        }
      }
      ExportForPeers(peer_dir, t, cases, hits, plain);
    }
  }
  std::printf("{\"step\":\"end\",\"max_rss_mb\":%.1f}\n", MaxRssMb());
  return 0;
}
