#include "sim/simulator.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include <boost/json.hpp>

#include "core/parallel.h"
#include "core/random.h"
#include "core/text_buffer.h"
#include "core/time.h"
#include "sim/copresence.h"
#include "sim/feed_writer.h"
#include "sim/geography.h"
#include "sim/outbreak.h"
#include "sim/planner.h"
#include "sim/population.h"
#include "sim/radio.h"

namespace onecode::sim {
namespace {

enum Stream : uint64_t { kScans = 0x5ca };
constexpr size_t kChunkPersons = 2048;
constexpr double kScanShare = 0.8;            // arrivals at a venue that scan its code
constexpr double kForwardedScanPerDay = 0.003;  // scans of a forwarded photo, per person-day

std::string_view VenueLabel(PlaceKind kind) {
  switch (kind) {
    case PlaceKind::kOffice: return "写字楼";
    case PlaceKind::kSchool: return "学校";
    case PlaceKind::kShop: return "超市";
    case PlaceKind::kRestaurant: return "餐厅";
    case PlaceKind::kPark: return "公园";
    case PlaceKind::kHotel: return "酒店";
    case PlaceKind::kHospital: return "人民医院";
    case PlaceKind::kRailStation: return "火车站";
    case PlaceKind::kAirport: return "机场";
    case PlaceKind::kCoachStation: return "汽车客运站";
    case PlaceKind::kHome: return "住宅";
  }
  return "";
}

struct Chunk {
  TextBuffer text[17];
  uint64_t rows[17] = {};
  uint64_t contacts = 0;
  uint64_t plan_hash = 0;  // sum of PlanHash over the chunk's person-days
  DayPlan plan;
  std::vector<CellInterval> records;
  std::vector<Overlap> overlaps;
  std::vector<std::pair<uint32_t, PersonDayEvents>> events;

  TextBuffer& Row(Table t) {
    ++rows[static_cast<size_t>(t)];
    return text[static_cast<size_t>(t)];
  }
  void Clear() {
    for (auto& t : text) t.clear();
    std::fill(std::begin(rows), std::end(rows), 0);
    contacts = 0;
    plan_hash = 0;
    events.clear();
  }
};

// A fingerprint of one person-day's plan; the two passes must agree on it.
uint64_t PlanHash(uint32_t person, const DayPlan& plan) {
  uint64_t h = Mix64(person);
  for (const Segment& s : plan.segments) {
    h = Mix64(h ^ static_cast<uint64_t>(s.start));
    h = Mix64(h ^ static_cast<uint64_t>(s.end) ^ (static_cast<uint64_t>(s.place) << 32));
    h = Mix64(h ^ s.zone ^ (static_cast<uint64_t>(s.service) << 32) ^ (static_cast<uint64_t>(s.seat) << 16));
  }
  return h;
}

class Run {
 public:
  Run(const SimParams& p, FeedWriter& writer, const ProgressFn& progress)
      : p_(p),
        writer_(writer),
        progress_(progress),
        geo_(Geography::Build(p.seed, p.provinces, p.persons)),
        pop_(Population::Build(p.seed, p.persons, geo_)),
        timetable_(geo_),
        planner_(p_, geo_, pop_, timetable_),
        radio_(p_.drift, geo_, p.seed),
        outbreak_(p_, geo_, pop_, planner_) {}

  Status Execute(SimSummary* summary) {
    ONECODE_RETURN_IF_ERROR(WriteStatic());
    ONECODE_RETURN_IF_ERROR(OutbreakPass());
    ONECODE_RETURN_IF_ERROR(WriteHealthRecords());
    ONECODE_RETURN_IF_ERROR(FeedPass());
    summary->provinces = static_cast<int>(geo_.provinces().size());
    summary->cities = static_cast<int>(geo_.cities().size());
    summary->counties = static_cast<int>(geo_.counties().size());
    summary->towers = geo_.towers().size();
    summary->venues = geo_.venue_count();
    summary->infections = outbreak_.infections().size();
    summary->cases = outbreak_.CasePersons().size();
    summary->true_contacts = writer_.rows(Table::kTruthContacts);
    return Status::Ok();
  }

 private:
  size_t persons() const { return pop_.size(); }
  const std::array<char, kPseudonymLength>& Id(uint32_t i) const { return pop_.person(i).id; }
  std::string_view IdView(uint32_t i) const { return std::string_view(Id(i).data(), kPseudonymLength); }
  RegionCode CountyCode(uint32_t county) const { return geo_.counties()[county].code; }
  void AppendRegion(TextBuffer& out, RegionCode code) const { out.Append(code.ToString()); }

  Status Flush(Table t, TextBuffer& text, uint64_t rows) {
    Status s = writer_.Append(t, text.view(), rows);
    text.clear();
    return s;
  }

  Status WriteStatic() {
    TextBuffer out;
    uint64_t rows = 0;
    // Regions.
    auto region_row = [&](RegionCode code, const std::string& name, std::string_view level,
                          std::optional<RegionCode> parent, LonLat pos) {
      AppendRegion(out, code);
      out.Append(',').AppendCsvField(name).Append(',').Append(level).Append(',');
      if (parent) AppendRegion(out, *parent);
      out.Append(',').AppendFixed(pos.lon, 6).Append(',').AppendFixed(pos.lat, 6).Append('\n');
      ++rows;
    };
    for (const Province& prov : geo_.provinces()) {
      region_row(prov.code, prov.name, "province", std::nullopt, prov.centre);
      for (uint32_t c : prov.cities) {
        const City& city = geo_.cities()[c];
        region_row(city.code, city.name, "city", prov.code, city.centre);
        for (uint32_t k : city.counties) {
          const County& county = geo_.counties()[k];
          region_row(county.code, county.name, "county", city.code, county.seat);
        }
      }
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kRegions, out, rows));
    // Persons.
    rows = 0;
    for (uint32_t i = 0; i < persons(); ++i) {
      out.Append(IdView(i)).Append(',').AppendCsvField(pop_.NameOf(i)).Append(',');
      AppendRegion(out, CountyCode(geo_.place(pop_.person(i).home).county));
      out.Append(',').Append(pop_.PhoneTailOf(i)).Append('\n');
      ++rows;
      if (out.size() > (1 << 20)) { ONECODE_RETURN_IF_ERROR(Flush(Table::kPersons, out, rows)); rows = 0; }
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kPersons, out, rows));
    // Cells.
    rows = 0;
    for (uint32_t t = 0; t < geo_.towers().size(); ++t) {
      const Tower& tower = geo_.towers()[t];
      geo_.AppendTowerId(out, t);
      out.Append(',').AppendFixed(tower.pos.lon, 6).Append(',').AppendFixed(tower.pos.lat, 6).Append(',');
      out.AppendInt(tower.radius_m).Append(',');
      AppendRegion(out, CountyCode(tower.county));
      out.Append('\n');
      ++rows;
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kCells, out, rows));
    // Venues (feed) and every place (truth).
    rows = 0;
    std::vector<int> serial(geo_.counties().size() * kPlaceKindCount, 0);
    for (uint32_t v = 0; v < geo_.venue_count(); ++v) {
      const Place& place = geo_.place(v);
      geo_.AppendPlaceId(out, v);
      const County& county = geo_.counties()[place.county];
      std::string name;
      if (place.kind == PlaceKind::kRailStation || place.kind == PlaceKind::kAirport ||
          place.kind == PlaceKind::kCoachStation || place.kind == PlaceKind::kHospital) {
        name = geo_.cities()[county.city].name + std::string(VenueLabel(place.kind));
      } else {
        const int n = ++serial[place.county * kPlaceKindCount + static_cast<size_t>(place.kind)];
        name = county.name + std::string(VenueLabel(place.kind)) + std::to_string(n) + "号";
      }
      out.Append(',').AppendCsvField(name).Append(',').AppendFixed(place.pos.lon, 6).Append(',');
      out.AppendFixed(place.pos.lat, 6).Append(',');
      AppendRegion(out, county.code);
      out.Append('\n');
      ++rows;
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kVenues, out, rows));
    rows = 0;
    for (uint32_t v = 0; v < geo_.places().size(); ++v) {
      const Place& place = geo_.place(v);
      geo_.AppendPlaceId(out, v);
      out.Append(',').Append(PlaceKindName(place.kind)).Append(',').AppendFixed(place.pos.lon, 6).Append(',');
      out.AppendFixed(place.pos.lat, 6).Append(',');
      AppendRegion(out, CountyCode(place.county));
      out.Append('\n');
      ++rows;
      if (out.size() > (1 << 20)) { ONECODE_RETURN_IF_ERROR(Flush(Table::kTruthPlaces, out, rows)); rows = 0; }
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kTruthPlaces, out, rows));
    return WriteParams();
  }

  Status WriteParams() {
    boost::json::object o;
    o["persons"] = p_.persons;
    o["days"] = p_.days;
    o["seed"] = p_.seed;
    o["provinces"] = p_.provinces;
    o["start_date"] = FormatDate(p_.start_day);
    o["utc_offset_hours"] = kChinaUtcOffsetSeconds / 3600;
    const DriftParams& d = p_.drift;
    o["drift"] = {{"nearest_share", d.nearest_share},
                  {"reselect_mean_minutes", d.reselect_mean_minutes},
                  {"pingpong_per_hour", d.pingpong_per_hour},
                  {"pingpong_min_flips", d.pingpong_min_flips},
                  {"pingpong_max_flips", d.pingpong_max_flips},
                  {"pingpong_flip_min_seconds", d.pingpong_flip_min_seconds},
                  {"pingpong_flip_max_seconds", d.pingpong_flip_max_seconds},
                  {"far_jump_per_day", d.far_jump_per_day},
                  {"far_jump_min_km", d.far_jump_min_km},
                  {"far_jump_max_km", d.far_jump_max_km},
                  {"stay_gap_probability", d.stay_gap_probability},
                  {"night_gap_probability", d.night_gap_probability},
                  {"move_sample_seconds", d.move_sample_seconds},
                  {"max_coverage_km", d.max_coverage_km}};
    const TravelParams& t = p_.travel;
    o["travel"] = {{"trip_start_per_day", t.trip_start_per_day},
                   {"min_nights", t.min_nights},
                   {"max_nights", t.max_nights},
                   {"same_province_share", t.same_province_share}};
    const OutbreakParams& b = p_.outbreak;
    o["outbreak"] = {{"seeds", b.seeds},
                     {"transmission_per_hour", b.transmission_per_hour},
                     {"min_contact_minutes", b.min_contact_minutes},
                     {"cotravel_rows", b.cotravel_rows},
                     {"asymptomatic_share", b.asymptomatic_share},
                     {"incubation_median_days", b.incubation_median_days},
                     {"incubation_sigma", b.incubation_sigma},
                     {"unreported_share", b.unreported_share},
                     {"screening_per_day", b.screening_per_day},
                     {"fever_declaration_share", b.fever_declaration_share},
                     {"background_declarations_per_day", b.background_declarations_per_day},
                     {"suspected_per_day_per_100k", b.suspected_per_day_per_100k},
                     {"high_risk_cases_7d", b.high_risk_cases_7d},
                     {"risk_area_days", b.risk_area_days}};
    const std::string path = writer_.dir() + "/truth/params.json";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return Status::IoError(path + ": cannot create");
    const std::string text = boost::json::serialize(o) + "\n";
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    if (std::fclose(f) != 0 || !ok) return Status::IoError(path + ": write failed");
    return Status::Ok();
  }

  void InitWhereabouts(std::vector<Whereabouts>* where) const {
    where->assign(persons(), Whereabouts{});
    for (uint32_t i = 0; i < persons(); ++i) (*where)[i].night_place = pop_.person(i).home;
  }

  size_t ChunkCount() const { return (persons() + kChunkPersons - 1) / kChunkPersons; }

  Status OutbreakPass() {
    outbreak_.Seed();
    std::vector<Whereabouts> where, next(persons());
    InitWhereabouts(&where);
    std::vector<Ride> rides;
    std::vector<Chunk> slots(static_cast<size_t>(std::max(1, p_.threads)) * 3);
    std::vector<std::pair<uint32_t, PersonDayEvents>> day_events;
    plan_hashes_.assign(static_cast<size_t>(p_.days), 0);
    for (int day = 0; day < p_.days; ++day) {
      outbreak_.BeginDay(day);
      const auto& isolate_at = outbreak_.isolate_at();
      planner_.PlanRides(day, where, isolate_at, &rides);
      CopresenceIndex index(geo_.places().size(), p_.outbreak.cotravel_rows);
      DayPlan plan;
      Whereabouts ignored;
      for (const auto& inf : outbreak_.InfectiousOn(day)) {
        planner_.PlanDay(inf.person, day, where[inf.person], rides[inf.person], isolate_at[inf.person], &plan, &ignored);
        index.Add(inf.person, plan, inf.from, inf.to);
      }
      RunOrdered(
          ChunkCount(), p_.threads, slots,
          [&](size_t c, Chunk& chunk) {
            chunk.Clear();
            const auto end = static_cast<uint32_t>(std::min(persons(), (c + 1) * kChunkPersons));
            PersonDayEvents ev;
            for (auto i = static_cast<uint32_t>(c * kChunkPersons); i < end; ++i) {
              planner_.PlanDay(i, day, where[i], rides[i], isolate_at[i], &chunk.plan, &next[i]);
              chunk.plan_hash += PlanHash(i, chunk.plan);
              chunk.overlaps.clear();
              if (!index.empty()) index.Find(i, chunk.plan, &chunk.overlaps);
              outbreak_.PersonDay(i, day, chunk.plan, chunk.overlaps, &ev);
              if (ev.infected || ev.screened || ev.declared) chunk.events.emplace_back(i, ev);
            }
          },
          [&](size_t, Chunk& chunk) {
            // Only collect here: workers still read the outbreak state.
            day_events.insert(day_events.end(), chunk.events.begin(), chunk.events.end());
            plan_hashes_[static_cast<size_t>(day)] += chunk.plan_hash;
          });
      for (const auto& [person, ev] : day_events) outbreak_.Apply(day, ev);
      day_events.clear();
      where.swap(next);
      if (progress_) {
        progress_("pass 1/2 (outbreak): day " + std::to_string(day + 1) + "/" + std::to_string(p_.days) + ", " +
                  std::to_string(outbreak_.infections().size()) + " infected");
      }
    }
    return outbreak_.Finish();
  }

  Status WriteHealthRecords() {
    TextBuffer out;
    uint64_t rows = 0;
    auto region_of = [&](uint32_t person) { return CountyCode(geo_.place(pop_.person(person).home).county); };
    for (const CaseRecord& c : outbreak_.cases()) {
      out.Append(c.id).Append(',').Append(IdView(c.person)).Append(',').Append(c.status).Append(',');
      if (c.onset != kNever) out.AppendTimestamp(Timestamp{c.onset});
      out.Append(',').AppendTimestamp(Timestamp{c.reported}).Append(',');
      AppendRegion(out, region_of(c.person));
      out.Append('\n');
      ++rows;
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kCases, out, rows));
    rows = 0;
    const int64_t sim_start = planner_.DayStart(0), sim_end = planner_.DayStart(p_.days);
    // The health records are a snapshot at the end of the simulated period.
    for (const TestRecord& t : outbreak_.tests()) {
      if (t.sampled < sim_start || t.sampled >= sim_end) continue;
      out.Append(IdView(t.person)).Append(',').AppendTimestamp(Timestamp{t.sampled}).Append(',');
      out.Append(t.positive ? "positive" : "negative").Append(",L");
      AppendRegion(out, geo_.cities()[t.city].code);
      out.Append("-01\n");
      ++rows;
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kTests, out, rows));
    rows = 0;
    for (const Declaration& d : outbreak_.declarations()) {
      if (d.time < sim_start || d.time >= sim_end) continue;
      out.Append(IdView(d.person)).Append(',').AppendTimestamp(Timestamp{d.time}).Append(',');
      if (d.temperature_decicelsius > 0) out.AppendFixed(d.temperature_decicelsius / 10.0, 1);
      out.Append(',').AppendCsvField(Outbreak::SymptomText(d.symptoms)).Append(',');
      out.AppendCsvField(Outbreak::NoteText(d.note)).Append('\n');
      ++rows;
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kDeclarations, out, rows));
    rows = 0;
    for (const RiskPeriod& r : outbreak_.risk_periods()) {
      AppendRegion(out, CountyCode(r.county));
      out.Append(',').Append(r.level == 2 ? "high" : "medium").Append(',');
      out.AppendTimestamp(Timestamp{r.from}).Append(',').AppendTimestamp(Timestamp{r.to}).Append('\n');
      ++rows;
    }
    ONECODE_RETURN_IF_ERROR(Flush(Table::kRiskAreas, out, rows));
    rows = 0;
    const auto& cases = outbreak_.cases();
    for (const Infection& inf : outbreak_.infections()) {
      out.Append(IdView(inf.person)).Append(',').AppendTimestamp(Timestamp{inf.infected_at}).Append(',');
      if (inf.infector != kNone) out.Append(IdView(inf.infector));
      out.Append(',');
      if (inf.place != kNone) geo_.AppendPlaceId(out, inf.place);
      if (inf.service != kNone) timetable_.AppendVehicle(out, inf.service);
      out.Append(',');
      if (inf.onset != kNever) out.AppendTimestamp(Timestamp{inf.onset});
      out.Append(',');
      if (inf.reported != kNever && inf.case_number >= 0) out.AppendTimestamp(Timestamp{inf.reported});
      out.Append(',');
      if (inf.case_number >= 0) out.Append(cases[static_cast<size_t>(inf.case_number)].id);
      out.Append('\n');
      ++rows;
    }
    return Flush(Table::kTruthInfections, out, rows);
  }

  // Everything one person-day contributes to the feed pass.
  void PersonDayRows(uint32_t i, int day, const CopresenceIndex& index, Chunk& chunk) const {
    const DayPlan& plan = chunk.plan;
    const std::string_view id = IdView(i);
    const int64_t day_start = planner_.DayStart(day);
    // Operator records.
    radio_.Records(i, day, plan, &serving_[i], &chunk.records);
    for (const CellInterval& r : chunk.records) {
      TextBuffer& out = chunk.Row(Table::kCdr);
      out.Append(id).Append(',');
      geo_.AppendTowerId(out, r.tower);
      out.Append(',').AppendTimestamp(Timestamp{r.start}).Append(',').AppendTimestamp(Timestamp{r.end}).Append('\n');
    }
    Rng rng(StreamSeed(p_.seed, {kScans, i, static_cast<uint64_t>(day)}));
    // Venue scans of the day, written in time order at the end.
    struct Scan {
      int64_t time;
      uint32_t venue;
      bool forwarded;
    };
    Scan scans[64];
    int n_scans = 0;
    // Stays, scans, rides, itinerary.
    std::pair<uint32_t, int64_t> county_seconds[16];
    int counties = 0;
    for (size_t k = 0; k < plan.segments.size(); ++k) {
      const Segment& s = plan.segments[k];
      if (s.is_stay) {
        const Place& place = geo_.place(s.place);
        TextBuffer& out = chunk.Row(Table::kTruthStays);
        out.Append(id).Append(',');
        geo_.AppendPlaceId(out, s.place);
        out.Append(',').AppendFixed(place.pos.lon, 6).Append(',').AppendFixed(place.pos.lat, 6).Append(',');
        out.AppendTimestamp(Timestamp{s.start}).Append(',').AppendTimestamp(Timestamp{s.end}).Append('\n');
        const bool arrival = k > 0;  // not the stay carried over from last night
        if (arrival && s.place < geo_.venue_count() && rng.Bernoulli(kScanShare) && n_scans < 63) {
          scans[n_scans++] = Scan{std::min(s.end - 1, s.start + rng.Between(0, 120)), s.place, false};
        }
        int j = 0;
        while (j < counties && county_seconds[j].first != place.county) ++j;
        if (j == counties && counties < 16) county_seconds[counties++] = {place.county, 0};
        if (j < 16) county_seconds[j].second += s.end - s.start;
      } else if (s.service != kNone) {
        const auto info = timetable_.Info(s.service);
        TextBuffer& out = chunk.Row(Table::kTransport);
        out.Append(id).Append(',').Append(ModeName(info.mode)).Append(',');
        timetable_.AppendVehicle(out, s.service);
        out.Append(',').AppendDate(p_.start_day + day).Append(',');
        const int64_t dep = day_start + info.departure_offset;
        out.AppendTimestamp(Timestamp{dep}).Append(',').AppendTimestamp(Timestamp{dep + info.duration}).Append(',');
        AppendRegion(out, CountyCode(geo_.place(s.from).county));
        out.Append(',');
        AppendRegion(out, CountyCode(geo_.place(s.place).county));
        out.Append(',');
        Timetable::AppendSeat(out, s.mode, s.seat);
        out.Append('\n');
      }
    }
    std::sort(county_seconds, county_seconds + counties,
              [&](const auto& a, const auto& b) { return CountyCode(a.first) < CountyCode(b.first); });
    for (int j = 0; j < counties; ++j) {
      if (county_seconds[j].second < 4 * kSecondsPerHour) continue;
      TextBuffer& out = chunk.Row(Table::kTruthItineraries);
      out.Append(id).Append(',').AppendDate(p_.start_day + day).Append(',');
      AppendRegion(out, CountyCode(county_seconds[j].first));
      out.Append(',').AppendInt(county_seconds[j].second / 60).Append('\n');
    }
    // A forwarded photo of a venue code, scanned far from the venue.
    if (rng.Bernoulli(kForwardedScanPerDay)) {
      const uint32_t city = geo_.CityOfPlace(pop_.person(i).home);
      const auto venues = geo_.VenuesInCity(city, rng.Bernoulli(0.5) ? PlaceKind::kRestaurant : PlaceKind::kShop);
      if (!venues.empty()) {
        const uint32_t v = venues[rng.Below(venues.size())];
        const int64_t t = day_start + rng.Between(10 * kSecondsPerHour, 20 * kSecondsPerHour);
        bool really_there = false;
        for (const Segment& s : plan.segments) {
          if (s.is_stay && s.place == v && s.start <= t && t < s.end) really_there = true;
        }
        if (!really_there) scans[n_scans++] = Scan{t, v, true};
      }
    }
    std::sort(scans, scans + n_scans, [](const Scan& a, const Scan& b) {
      return a.time != b.time ? a.time < b.time : a.venue < b.venue;
    });
    for (int k = 0; k < n_scans; ++k) {
      for (Table table : {Table::kVenueScans, Table::kTruthForwardedScans}) {
        if (table == Table::kTruthForwardedScans && !scans[k].forwarded) continue;
        TextBuffer& out = chunk.Row(table);
        out.Append(id).Append(',');
        geo_.AppendPlaceId(out, scans[k].venue);
        out.Append(',').AppendTimestamp(Timestamp{scans[k].time}).Append('\n');
      }
    }
    // True close contacts with cases.
    if (index.empty()) return;
    chunk.overlaps.clear();
    index.Find(i, plan, &chunk.overlaps);
    auto& ov = chunk.overlaps;
    std::sort(ov.begin(), ov.end(), [](const Overlap& a, const Overlap& b) {
      if (a.focus != b.focus) return a.focus < b.focus;
      if (a.place != b.place) return a.place < b.place;
      if (a.service != b.service) return a.service < b.service;
      return a.start < b.start;
    });
    for (size_t a = 0; a < ov.size();) {
      size_t b = a;
      int64_t total = 0, first = ov[a].start, last = ov[a].end;
      while (b < ov.size() && ov[b].focus == ov[a].focus && ov[b].place == ov[a].place &&
             ov[b].service == ov[a].service) {
        total += ov[b].end - ov[b].start;
        first = std::min(first, ov[b].start);
        last = std::max(last, ov[b].end);
        ++b;
      }
      if (total >= static_cast<int64_t>(p_.outbreak.min_contact_minutes * 60)) {
        TextBuffer& out = chunk.Row(Table::kTruthContacts);
        out.Append(IdView(ov[a].focus)).Append(',').Append(id).Append(',');
        if (ov[a].service != kNone) {
          out.Append("cotravel,");
          timetable_.AppendVehicle(out, ov[a].service);
        } else {
          out.Append("colocation,");
          geo_.AppendPlaceId(out, ov[a].place);
        }
        out.Append(',').AppendTimestamp(Timestamp{first}).Append(',').AppendTimestamp(Timestamp{last}).Append(',');
        out.AppendInt(total / 60).Append('\n');
      }
      a = b;
    }
  }

  Status FeedPass() {
    std::vector<Whereabouts> where, next(persons());
    InitWhereabouts(&where);
    std::vector<Ride> rides;
    const auto& isolate_at = outbreak_.isolate_at();
    const std::vector<uint32_t> cases = outbreak_.CasePersons();
    serving_.assign(persons(), kNone);
    std::vector<Chunk> slots(static_cast<size_t>(std::max(1, p_.threads)) * 3);
    Status status;
    for (int day = 0; day < p_.days; ++day) {
      planner_.PlanRides(day, where, isolate_at, &rides);
      const int64_t day_start = planner_.DayStart(day);
      uint64_t feed_hash = 0;
      CopresenceIndex index(geo_.places().size(), p_.outbreak.cotravel_rows);
      DayPlan plan;
      Whereabouts ignored;
      for (uint32_t c : cases) {
        planner_.PlanDay(c, day, where[c], rides[c], isolate_at[c], &plan, &ignored);
        index.Add(c, plan, day_start, std::min(day_start + kSecondsPerDay, isolate_at[c]));
      }
      RunOrdered(
          ChunkCount(), p_.threads, slots,
          [&](size_t c, Chunk& chunk) {
            chunk.Clear();
            const auto end = static_cast<uint32_t>(std::min(persons(), (c + 1) * kChunkPersons));
            for (auto i = static_cast<uint32_t>(c * kChunkPersons); i < end; ++i) {
              planner_.PlanDay(i, day, where[i], rides[i], isolate_at[i], &chunk.plan, &next[i]);
              chunk.plan_hash += PlanHash(i, chunk.plan);
              PersonDayRows(i, day, index, chunk);
            }
          },
          [&](size_t, Chunk& chunk) {
            feed_hash += chunk.plan_hash;
            for (size_t t = 0; t < 17; ++t) {
              if (chunk.text[t].empty() || !status.ok()) continue;
              status = writer_.Append(static_cast<Table>(t), chunk.text[t].view(), chunk.rows[t]);
            }
          });
      ONECODE_RETURN_IF_ERROR(status);
      if (feed_hash != plan_hashes_[static_cast<size_t>(day)]) {
        return Status::Internal("the feed pass rebuilt different plans than the outbreak pass on day " +
                                std::to_string(day + 1));
      }
      where.swap(next);
      if (progress_) {
        const double mb = static_cast<double>(writer_.bytes(Table::kCdr)) / 1e6;
        char buf[160];
        std::snprintf(buf, sizeof buf, "pass 2/2 (feeds): day %d/%d, %llu location records, %.0f MB", day + 1,
                      p_.days, static_cast<unsigned long long>(writer_.rows(Table::kCdr)), mb);
        progress_(buf);
      }
    }
    return Status::Ok();
  }

  SimParams p_;
  FeedWriter& writer_;
  const ProgressFn& progress_;
  Geography geo_;
  Population pop_;
  Timetable timetable_;
  Planner planner_;
  Radio radio_;
  Outbreak outbreak_;
  std::vector<uint64_t> plan_hashes_;  // per day, from the outbreak pass
  // Per person: the cell serving at the end of the last day written. Each
  // entry is touched only by the worker that owns the person's chunk.
  mutable std::vector<uint32_t> serving_;
};

}  // namespace

Status ValidateParams(const SimParams& p) {
  if (p.persons < 1 || p.persons > 20'000'000) return Status::InvalidArgument("--persons must be 1-20000000");
  if (p.days < 1 || p.days > 60) return Status::InvalidArgument("--days must be 1-60");
  if (p.provinces < 1 || p.provinces > 26) return Status::InvalidArgument("--regions must be 1-26");
  if (p.threads < 1 || p.threads > 64) return Status::InvalidArgument("--threads must be 1-64");
  const DriftParams& d = p.drift;
  if (d.nearest_share < 0 || d.nearest_share > 1) return Status::InvalidArgument("nearest_share must be 0-1");
  if (d.far_jump_per_day < 0 || d.pingpong_per_hour < 0) return Status::InvalidArgument("drift rates must be >= 0");
  if (d.stay_gap_probability < 0 || d.stay_gap_probability > 1 || d.night_gap_probability < 0 ||
      d.night_gap_probability > 1) {
    return Status::InvalidArgument("gap probabilities must be 0-1");
  }
  if (d.pingpong_min_flips < 1 || d.pingpong_min_flips > d.pingpong_max_flips ||
      d.pingpong_flip_min_seconds < 1 || d.pingpong_flip_min_seconds > d.pingpong_flip_max_seconds) {
    return Status::InvalidArgument("ping-pong flips: need 1 <= min <= max");
  }
  if (d.far_jump_min_km <= 0 || d.far_jump_min_km > d.far_jump_max_km) {
    return Status::InvalidArgument("far jumps: need 0 < min_km <= max_km");
  }
  if (!(d.reselect_mean_minutes > 0) || d.move_sample_seconds < 10 || !(d.max_coverage_km > 0)) {
    return Status::InvalidArgument("reselect time, move sampling (>= 10 s) and coverage must be positive");
  }
  const TravelParams& t = p.travel;
  if (t.trip_start_per_day < 0 || t.trip_start_per_day > 1 || t.min_nights < 1 || t.min_nights > t.max_nights) {
    return Status::InvalidArgument("travel: need 0 <= trip_start_per_day <= 1 and 1 <= min_nights <= max_nights");
  }
  const OutbreakParams& o = p.outbreak;
  if (o.seeds < 0 || o.transmission_per_hour < 0 || o.asymptomatic_share < 0 || o.asymptomatic_share > 1 ||
      o.screening_per_day < 0 || o.screening_per_day > 1 || o.unreported_share < 0 || o.unreported_share > 1) {
    return Status::InvalidArgument("outbreak: seeds, rates and shares out of range");
  }
  if (o.background_declarations_per_day <= 0 ||
      o.suspected_per_day_per_100k / 1e5 > o.background_declarations_per_day) {
    return Status::InvalidArgument("outbreak: suspected cases come from declarations; raise declarations");
  }
  return Status::Ok();
}

Status RunSimulation(const SimParams& params, const std::string& out_dir, const ProgressFn& progress,
                     SimSummary* summary) {
  ONECODE_RETURN_IF_ERROR(ValidateParams(params));
  const auto t0 = std::chrono::steady_clock::now();
  SimParams p = params;
  if (p.start_day == 0) p.start_day = DaysFromCivil(CivilDate{2026, 11, 1});
  auto writer = FeedWriter::Create(out_dir);
  if (!writer.ok()) return writer.status();
  {
    Run run(p, **writer, progress);
    ONECODE_RETURN_IF_ERROR(run.Execute(summary));
  }
  ONECODE_RETURN_IF_ERROR((*writer)->Close());
  summary->persons = p.persons;
  summary->days = p.days;
  summary->seed = p.seed;
  for (size_t t = 0; t < 17; ++t) {
    summary->rows[t] = (*writer)->rows(static_cast<Table>(t));
    summary->bytes[t] = (*writer)->bytes(static_cast<Table>(t));
  }
  summary->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Status::Ok();
}

}  // namespace onecode::sim
