#include "mobility/mobility.h"

#include <algorithm>
#include <chrono>

#include "core/parallel.h"
#include "core/parse.h"
#include "core/region.h"
#include "trajectory/clean.h"
#include "trajectory/itinerary.h"
#include "trajectory/stays.h"

namespace onecode::mobility {
namespace {

bool IntervalLess(const trajectory::Interval& a, const trajectory::Interval& b) {
  if (a.start != b.start) return a.start < b.start;
  if (a.end != b.end) return a.end < b.end;
  return a.cell < b.cell;
}

void SortUnique(std::vector<trajectory::Interval>* v) {
  std::sort(v->begin(), v->end(), IntervalLess);
  v->erase(std::unique(v->begin(), v->end(),
                       [](const trajectory::Interval& a, const trajectory::Interval& b) {
                         return a.start == b.start && a.end == b.end && a.cell == b.cell;
                       }),
           v->end());
}

constexpr size_t kChunkPersons = 1024;

}  // namespace

StatusOr<MobilityData> MobilityData::Load(const store::Store& store) {
  MobilityData d;
  for (const store::CellRecord& c : store.cell_records()) {
    d.cells_.push_back(trajectory::CellInfo{c.lon, c.lat, c.radius_m, c.region});
  }
  // Manifest legs: key X:<person>:<dep>:<vehicle>, value mode\tdate\tarr\tfrom\tto\tseat.
  std::vector<std::pair<uint32_t, trajectory::Leg>> legs;
  Status bad;
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kTransportPrefix, [&](std::string_view k, std::string_view v) {
    const std::string_view rest = k.substr(store::kTransportPrefix.size());
    const size_t colon = rest.find(':');
    const uint32_t person = store.persons().Find(rest.substr(0, colon));
    const auto f = store::SplitTabs(v);
    trajectory::Leg leg;
    if (person == IdIndex::kMissing || f.size() != 6 || !ParseNumber(rest.substr(colon + 1, 10), &leg.dep) ||
        !ParseNumber(f[2], &leg.arr) || !ParseNumber(f[3], &leg.from_region) || !ParseNumber(f[4], &leg.to_region)) {
      bad = Status::Internal("corrupt manifest record " + std::string(k));
      return false;
    }
    leg.mode = f[0] == "flight" ? trajectory::LegMode::kFlight
               : f[0] == "coach" ? trajectory::LegMode::kCoach
                                 : trajectory::LegMode::kTrain;
    legs.emplace_back(person, leg);
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);
  std::sort(legs.begin(), legs.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.dep < b.second.dep;
  });
  d.leg_offsets_.assign(store.persons().size() + 1, 0);
  for (const auto& [p, leg] : legs) ++d.leg_offsets_[p + 1];
  for (size_t i = 1; i < d.leg_offsets_.size(); ++i) d.leg_offsets_[i] += d.leg_offsets_[i - 1];
  for (const auto& [p, leg] : legs) d.legs_.push_back(leg);
  // Risk areas: A:<region>:<from>, value level\tto.
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kRiskPrefix, [&](std::string_view k, std::string_view v) {
    const std::string_view rest = k.substr(store::kRiskPrefix.size());
    RiskPeriod r{};
    const auto f = store::SplitTabs(v);
    if (f.size() != 2 || !ParseNumber(rest.substr(0, 6), &r.region) || !ParseNumber(rest.substr(7), &r.from) ||
        !ParseNumber(f[1], &r.to)) {
      bad = Status::Internal("corrupt risk record " + std::string(k));
      return false;
    }
    r.level = f[0] == "high" ? 2 : f[0] == "medium" ? 1 : 0;
    d.risk_.push_back(r);
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kRegionPrefix, [&](std::string_view k, std::string_view v) {
    uint32_t code = 0;
    if (ParseNumber(k.substr(store::kRegionPrefix.size()), &code)) {
      d.region_names_[code] = std::string(v.substr(0, v.find('\t')));
    }
    return true;
  }));
  // Registered home counties: P:<person> -> index, name, home_region, phone_tail.
  d.home_region_.assign(store.persons().size(), 0);
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kPersonPrefix, [&](std::string_view, std::string_view v) {
    const auto f = store::SplitTabs(v);
    uint32_t index = 0, region = 0;
    if (f.size() == 4 && ParseNumber(f[0], &index) && ParseNumber(f[2], &region) && index < d.home_region_.size()) {
      d.home_region_[index] = region;
    }
    return true;
  }));
  d.cell_index_ = std::make_shared<const trajectory::CellIndex>(d.cells_);
  for (const auto& seg : store.segments()) {
    const uint32_t* ends = seg->ends();
    for (size_t i = 0; i < seg->size(); ++i) d.latest_time_ = std::max<int64_t>(d.latest_time_, ends[i]);
  }
  return d;
}

std::span<const trajectory::Leg> MobilityData::LegsOf(uint32_t person) const {
  if (person + 1 >= leg_offsets_.size()) return {};
  return std::span<const trajectory::Leg>(legs_).subspan(leg_offsets_[person],
                                                         leg_offsets_[person + 1] - leg_offsets_[person]);
}

int MobilityData::MaxRisk(uint32_t region, int64_t from, int64_t to) const {
  int level = 0;
  for (const RiskPeriod& r : risk_) {
    if (r.region == region && r.from < to && from < r.to) level = std::max(level, r.level);
  }
  return level;
}

std::string MobilityData::RegionName(uint32_t region) const {
  const auto it = region_names_.find(region);
  if (it != region_names_.end()) return it->second;
  return std::to_string(region);
}

void ReadIntervals(const store::Store& store, uint32_t person, std::vector<trajectory::Interval>* out) {
  out->clear();
  for (const auto& seg : store.segments()) {
    for (size_t i = seg->LowerBound(person); i < seg->size() && seg->persons()[i] == person; ++i) {
      out->push_back(trajectory::Interval{seg->cells()[i], seg->starts()[i], seg->ends()[i]});
    }
  }
  SortUnique(out);
}

namespace {

struct Scratch {
  std::vector<trajectory::Interval> cleaned;
  trajectory::CleanStats clean_stats;
};

void Process(const MobilityData& data, const trajectory::TrajectoryParams& params, Method method, uint32_t person,
             const std::vector<trajectory::Interval>& raw, Scratch& scratch, PersonResult* out) {
  out->person = person;
  out->stays.clear();
  out->itinerary.clear();
  const auto legs = data.LegsOf(person);
  if (method == Method::kCleaned) {
    trajectory::CleanRecords(raw, data.cells(), legs, params, &scratch.cleaned, &scratch.clean_stats);
    trajectory::DetectStays(scratch.cleaned, data.cells(), params, &out->stays,
                            trajectory::PersonContext{data.HomeRegion(person), legs}, &data.cell_index());
    trajectory::BuildItinerary(out->stays, legs, params, &out->itinerary);
  } else {
    trajectory::NaiveStays(raw, data.cells(), params, &out->stays);
    trajectory::BuildItinerary(out->stays, {}, params, &out->itinerary);
  }
}

}  // namespace

void RunPerson(const store::Store& store, const MobilityData& data, const trajectory::TrajectoryParams& params,
               Method method, uint32_t person, PersonResult* out) {
  std::vector<trajectory::Interval> raw;
  ReadIntervals(store, person, &raw);
  Scratch scratch;
  Process(data, params, method, person, raw, scratch, out);
}

Status RunAll(const store::Store& store, const MobilityData& data, const trajectory::TrajectoryParams& params,
              Method method, int threads, const std::function<void(std::span<const PersonResult>)>& sink,
              const std::function<void(const std::string&)>& progress, RunStats* stats) {
  const auto t0 = std::chrono::steady_clock::now();
  const size_t persons = store.persons().size();
  const size_t chunks = (persons + kChunkPersons - 1) / kChunkPersons;
  struct Slot {
    std::vector<PersonResult> results;
    std::vector<std::vector<trajectory::Interval>> raw;
    Scratch scratch;
    uint64_t intervals = 0;
  };
  std::vector<Slot> slots(static_cast<size_t>(std::max(1, threads)) * 3);
  RunOrdered(
      chunks, std::max(1, threads), slots,
      [&](size_t c, Slot& slot) {
        const auto first = static_cast<uint32_t>(c * kChunkPersons);
        const auto last = static_cast<uint32_t>(std::min(persons, (c + 1) * kChunkPersons));
        slot.raw.resize(last - first);
        for (auto& r : slot.raw) r.clear();
        for (const auto& seg : store.segments()) {
          const uint32_t* p = seg->persons();
          for (size_t i = seg->LowerBound(first); i < seg->size() && p[i] < last; ++i) {
            slot.raw[p[i] - first].push_back(trajectory::Interval{seg->cells()[i], seg->starts()[i], seg->ends()[i]});
          }
        }
        slot.results.resize(last - first);
        slot.intervals = 0;
        for (uint32_t person = first; person < last; ++person) {
          auto& raw = slot.raw[person - first];
          if (store.segments().size() > 1) {
            SortUnique(&raw);
          } else {  // one segment is sorted already; drop duplicate rows of one file
            raw.erase(std::unique(raw.begin(), raw.end(),
                                  [](const trajectory::Interval& a, const trajectory::Interval& b) {
                                    return a.start == b.start && a.end == b.end && a.cell == b.cell;
                                  }),
                      raw.end());
          }
          slot.intervals += raw.size();
          Process(data, params, method, person, raw, slot.scratch, &slot.results[person - first]);
        }
      },
      [&](size_t c, Slot& slot) {
        stats->persons += slot.results.size();
        stats->intervals += slot.intervals;
        for (const PersonResult& r : slot.results) {
          stats->stays += r.stays.size();
          stats->itinerary_entries += r.itinerary.size();
        }
        sink(slot.results);
        if (progress && (c % 16 == 0 || c + 1 == chunks)) {
          progress("trajectories: " + std::to_string(stats->persons) + "/" + std::to_string(persons) + " persons");
        }
      });
  stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Status::Ok();
}

}  // namespace onecode::mobility
