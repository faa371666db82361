#include "trajectory/simulated_region.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/region.h"
#include "core/time.h"
#include "feeds/csv_reader.h"
#include "feeds/table_reader.h"
#include "feeds/schema.h"
#include "trajectory/cell_index.h"
#include "trajectory/itinerary.h"
#include "trajectory/stays.h"

namespace onecode::trajectory {
namespace {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using IdMap = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

// Reads every data row of `table` under `dir`, calling row(fields) -> Status.
template <typename RowFn>
Status ForEachRowIn(const std::string& dir, Table table, RowFn row) {
  return onecode::ForEachRow(dir + "/" + RelativePath(SchemaOf(table)), table, row);
}

int ColumnIndex(Table table, std::string_view name) {
  const auto cols = SchemaOf(table).columns;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].name == name) return static_cast<int>(i);
  }
  return -1;  // schema.cc names every column used below
}

Status ParseDouble(std::string_view s, double* v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size()) return Status::InvalidArgument("bad number");
  return Status::Ok();
}

Status ParseTime(std::string_view s, int64_t* v) {
  auto t = ParseTimestamp(s);
  if (!t.ok()) return t.status();
  *v = t->seconds;
  return Status::Ok();
}

Status ParseRegion(std::string_view s, uint32_t* v) {
  auto r = RegionCode::Parse(s);
  if (!r.ok()) return r.status();
  *v = r->value();
  return Status::Ok();
}

// Looks up a person, remembering the last hit (rows come grouped by person).
class PersonLookup {
 public:
  explicit PersonLookup(const IdMap& ids) : ids_(ids) {}
  Status Find(std::string_view id, uint32_t* person) {
    if (id != last_) {
      auto it = ids_.find(id);
      if (it == ids_.end()) return Status::InvalidArgument("unknown person");
      last_.assign(id);
      last_index_ = it->second;
    }
    *person = last_index_;
    return Status::Ok();
  }

 private:
  const IdMap& ids_;
  std::string last_;
  uint32_t last_index_ = 0;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

Status LoadSimulatedRegion(const std::string& dir, SimulatedRegion* out) {
  *out = SimulatedRegion{};
  IdMap person_ids, cell_ids;
  const int c_home = ColumnIndex(Table::kPersons, "home_region");
  ONECODE_RETURN_IF_ERROR(ForEachRowIn(dir, Table::kPersons, [&](const std::vector<std::string_view>& f) {
    uint32_t home = 0;
    ONECODE_RETURN_IF_ERROR(ParseRegion(f[c_home], &home));
    person_ids.emplace(std::string(f[0]), static_cast<uint32_t>(out->persons.size()));
    out->persons.emplace_back(f[0]);
    out->home_regions.push_back(home);
    return Status::Ok();
  }));
  const size_t n = out->persons.size();
  out->records.resize(n);
  out->legs.resize(n);

  const int c_lon = ColumnIndex(Table::kCells, "lon"), c_lat = ColumnIndex(Table::kCells, "lat"),
            c_radius = ColumnIndex(Table::kCells, "radius_m"), c_region = ColumnIndex(Table::kCells, "region");
  ONECODE_RETURN_IF_ERROR(ForEachRowIn(dir, Table::kCells, [&](const std::vector<std::string_view>& f) {
    CellInfo c;
    double radius = 0;
    ONECODE_RETURN_IF_ERROR(ParseDouble(f[c_lon], &c.lon));
    ONECODE_RETURN_IF_ERROR(ParseDouble(f[c_lat], &c.lat));
    ONECODE_RETURN_IF_ERROR(ParseDouble(f[c_radius], &radius));
    ONECODE_RETURN_IF_ERROR(ParseRegion(f[c_region], &c.region));
    c.radius_m = static_cast<float>(radius);
    cell_ids.emplace(std::string(f[0]), static_cast<uint32_t>(out->cells.size()));
    out->cells.push_back(c);
    return Status::Ok();
  }));

  {
    PersonLookup persons(person_ids);
    const int c_cell = ColumnIndex(Table::kCdr, "cell"), c_start = ColumnIndex(Table::kCdr, "start"),
              c_end = ColumnIndex(Table::kCdr, "end");
    ONECODE_RETURN_IF_ERROR(ForEachRowIn(dir, Table::kCdr, [&](const std::vector<std::string_view>& f) {
      uint32_t person = 0;
      ONECODE_RETURN_IF_ERROR(persons.Find(f[0], &person));
      auto it = cell_ids.find(f[c_cell]);
      if (it == cell_ids.end()) return Status::InvalidArgument("unknown cell");
      Interval r;
      r.cell = it->second;
      ONECODE_RETURN_IF_ERROR(ParseTime(f[c_start], &r.start));
      ONECODE_RETURN_IF_ERROR(ParseTime(f[c_end], &r.end));
      out->records[person].push_back(r);
      ++out->record_count;
      return Status::Ok();
    }));
  }
  {
    PersonLookup persons(person_ids);
    const int c_mode = ColumnIndex(Table::kTransport, "mode"), c_dep = ColumnIndex(Table::kTransport, "dep_time"),
              c_arr = ColumnIndex(Table::kTransport, "arr_time"),
              c_from = ColumnIndex(Table::kTransport, "from_region"),
              c_to = ColumnIndex(Table::kTransport, "to_region");
    ONECODE_RETURN_IF_ERROR(ForEachRowIn(dir, Table::kTransport, [&](const std::vector<std::string_view>& f) {
      uint32_t person = 0;
      ONECODE_RETURN_IF_ERROR(persons.Find(f[0], &person));
      Leg leg;
      ONECODE_RETURN_IF_ERROR(ParseTime(f[c_dep], &leg.dep));
      ONECODE_RETURN_IF_ERROR(ParseTime(f[c_arr], &leg.arr));
      ONECODE_RETURN_IF_ERROR(ParseRegion(f[c_from], &leg.from_region));
      ONECODE_RETURN_IF_ERROR(ParseRegion(f[c_to], &leg.to_region));
      leg.mode = f[c_mode] == "flight" ? LegMode::kFlight : f[c_mode] == "coach" ? LegMode::kCoach : LegMode::kTrain;
      out->legs[person].push_back(leg);
      return Status::Ok();
    }));
  }
  {
    PersonLookup persons(person_ids);
    const int c_lon = ColumnIndex(Table::kTruthStays, "lon"), c_lat = ColumnIndex(Table::kTruthStays, "lat"),
              c_start = ColumnIndex(Table::kTruthStays, "start"), c_end = ColumnIndex(Table::kTruthStays, "end");
    ONECODE_RETURN_IF_ERROR(ForEachRowIn(dir, Table::kTruthStays, [&](const std::vector<std::string_view>& f) {
      EvalStay s;
      ONECODE_RETURN_IF_ERROR(persons.Find(f[0], &s.person));
      ONECODE_RETURN_IF_ERROR(ParseDouble(f[c_lon], &s.lon));
      ONECODE_RETURN_IF_ERROR(ParseDouble(f[c_lat], &s.lat));
      ONECODE_RETURN_IF_ERROR(ParseTime(f[c_start], &s.start));
      ONECODE_RETURN_IF_ERROR(ParseTime(f[c_end], &s.end));
      out->truth_stays.push_back(s);
      return Status::Ok();
    }));
  }
  {
    PersonLookup persons(person_ids);
    const int c_date = ColumnIndex(Table::kTruthItineraries, "date"),
              c_region = ColumnIndex(Table::kTruthItineraries, "region");
    ONECODE_RETURN_IF_ERROR(ForEachRowIn(dir, Table::kTruthItineraries, [&](const std::vector<std::string_view>& f) {
      ItineraryKey k;
      ONECODE_RETURN_IF_ERROR(persons.Find(f[0], &k.person));
      auto day = ParseDate(f[c_date]);
      if (!day.ok()) return day.status();
      k.day = *day;
      ONECODE_RETURN_IF_ERROR(ParseRegion(f[c_region], &k.region));
      out->truth_itinerary.push_back(k);
      return Status::Ok();
    }));
  }
  // Files are ordered by day, then person: regroup by person.
  for (auto& r : out->records) {
    std::stable_sort(r.begin(), r.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  }
  for (auto& l : out->legs) {
    std::stable_sort(l.begin(), l.end(), [](const Leg& a, const Leg& b) { return a.dep < b.dep; });
  }
  std::stable_sort(out->truth_stays.begin(), out->truth_stays.end(), [](const EvalStay& a, const EvalStay& b) {
    return a.person != b.person ? a.person < b.person : a.start < b.start;
  });
  std::sort(out->truth_itinerary.begin(), out->truth_itinerary.end());
  return Status::Ok();
}

namespace {

// One thread's share of a pipeline run.
struct Shard {
  std::vector<EvalStay> stays;
  std::vector<ItineraryKey> itinerary;
  CleanStats clean;
};

void AppendOutputs(uint32_t person, std::span<const StayPoint> stays, std::span<const ItineraryEntry> entries,
                   Shard* shard) {
  for (const StayPoint& s : stays) shard->stays.push_back(EvalStay{person, s.start, s.end, s.lon, s.lat, s.radius_m});
  for (const ItineraryEntry& e : entries) shard->itinerary.push_back(ItineraryKey{person, e.day, e.region});
}

// Runs fn(first, last, shard) on `threads` contiguous person ranges and
// concatenates the shards in person order.
template <typename Fn>
void RunSharded(size_t persons, int threads, Fn fn, std::vector<EvalStay>* stays,
                std::vector<ItineraryKey>* itinerary, CleanStats* clean) {
  threads = std::max(1, threads);
  std::vector<Shard> shards(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    const size_t first = persons * static_cast<size_t>(t) / static_cast<size_t>(threads);
    const size_t last = persons * static_cast<size_t>(t + 1) / static_cast<size_t>(threads);
    pool.emplace_back([&, first, last, t] { fn(first, last, &shards[static_cast<size_t>(t)]); });
  }
  for (auto& th : pool) th.join();
  stays->clear();
  itinerary->clear();
  for (Shard& s : shards) {
    stays->insert(stays->end(), s.stays.begin(), s.stays.end());
    itinerary->insert(itinerary->end(), s.itinerary.begin(), s.itinerary.end());
    if (clean != nullptr) *clean += s.clean;
  }
}

}  // namespace

Status RunPipelines(const SimulatedRegion& region, const TrajectoryParams& params, int threads, PipelineRun* run) {
  const size_t n = region.records.size();
  auto t0 = std::chrono::steady_clock::now();
  CellIndex index(region.cells);
  RunSharded(
      n, threads,
      [&](size_t first, size_t last, Shard* shard) {
        std::vector<Interval> cleaned;
        std::vector<StayPoint> stays;
        std::vector<ItineraryEntry> entries;
        for (size_t i = first; i < last; ++i) {
          CleanRecords(region.records[i], region.cells, region.legs[i], params, &cleaned, &shard->clean);
          DetectStays(cleaned, region.cells, params, &stays, PersonContext{region.home_regions[i], region.legs[i]}, &index);
          BuildItinerary(stays, region.legs[i], params, &entries);
          AppendOutputs(static_cast<uint32_t>(i), stays, entries, shard);
        }
      },
      &run->stays, &run->itinerary, &run->clean);
  run->cleaned_seconds = Seconds(t0);

  t0 = std::chrono::steady_clock::now();
  RunSharded(
      n, threads,
      [&](size_t first, size_t last, Shard* shard) {
        std::vector<StayPoint> stays;
        std::vector<ItineraryEntry> entries;
        for (size_t i = first; i < last; ++i) {
          NaiveStays(region.records[i], region.cells, params, &stays);
          BuildItinerary(stays, {}, params, &entries);
          AppendOutputs(static_cast<uint32_t>(i), stays, entries, shard);
        }
      },
      &run->naive_stays, &run->naive_itinerary, nullptr);
  run->naive_seconds = Seconds(t0);

  auto score = [](const StatusOr<Score>& s, Score* out) {
    if (!s.ok()) return s.status();
    *out = *s;
    return Status::Ok();
  };
  ONECODE_RETURN_IF_ERROR(score(ScoreItineraries(run->itinerary, region.truth_itinerary), &run->itinerary_score));
  ONECODE_RETURN_IF_ERROR(
      score(ScoreItineraries(run->naive_itinerary, region.truth_itinerary), &run->naive_itinerary_score));
  ONECODE_RETURN_IF_ERROR(score(ScoreStays(run->stays, region.truth_stays), &run->stay_score));
  ONECODE_RETURN_IF_ERROR(score(ScoreStays(run->naive_stays, region.truth_stays), &run->naive_stay_score));
  StayMatchParams strict;
  strict.one_to_one = true;
  ONECODE_RETURN_IF_ERROR(score(ScoreStays(run->stays, region.truth_stays, strict), &run->strict_stay_score));
  ONECODE_RETURN_IF_ERROR(
      score(ScoreStays(run->naive_stays, region.truth_stays, strict), &run->naive_strict_stay_score));
  return Status::Ok();
}

double TimeCleanedPipeline(const SimulatedRegion& region, const TrajectoryParams& params, int threads) {
  const auto t0 = std::chrono::steady_clock::now();
  const CellIndex index(region.cells);
  threads = std::max(1, threads);
  std::vector<std::thread> pool;
  const size_t n = region.records.size();
  std::vector<size_t> sink(static_cast<size_t>(threads), 0);
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<Interval> cleaned;
      std::vector<StayPoint> stays;
      std::vector<ItineraryEntry> entries;
      const size_t first = n * static_cast<size_t>(t) / static_cast<size_t>(threads);
      const size_t last = n * static_cast<size_t>(t + 1) / static_cast<size_t>(threads);
      for (size_t i = first; i < last; ++i) {
        CleanRecords(region.records[i], region.cells, region.legs[i], params, &cleaned, nullptr);
        DetectStays(cleaned, region.cells, params, &stays, PersonContext{region.home_regions[i], region.legs[i]},
                    &index);
        BuildItinerary(stays, region.legs[i], params, &entries);
        sink[static_cast<size_t>(t)] += entries.size();
      }
    });
  }
  for (auto& th : pool) th.join();
  return Seconds(t0);
}

}  // namespace onecode::trajectory
