#include "api/citizen_api.h"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/json_fields.h"
#include "api/users.h"
#include "core/region.h"
#include "core/time.h"
#include "mobility/mobility.h"

namespace onecode::api {

namespace json = boost::json;

namespace {

constexpr std::string_view kSymptoms[] = {"fever", "cough", "sore_throat", "fatigue", "loss_of_smell"};

std::string_view RiskName(int level) { return level == 2 ? "high" : level == 1 ? "medium" : "low"; }

// REQUIRES: ReadLock held.
StatusOr<PersonRecord> RequirePerson(const ApiContext& ctx, std::string_view person) {
  if (person.empty() || person.size() > 64) return Status::InvalidArgument("bad person identifier");
  auto rec = LoadPerson(ctx.store(), person);
  if (!rec.ok()) return rec.status();
  if (!rec->has_value()) return Status::NotFound("no person " + std::string(person));
  return std::move(**rec);
}

struct DerivedDay {
  int64_t day;
  uint32_t region;
  int minutes;
  int risk;
};

struct Derived {
  int64_t as_of = 0, first_day = 0, today = 0;
  std::vector<DerivedDay> days;
  std::shared_ptr<const mobility::MobilityData> data;
};

// REQUIRES: ReadLock held.
StatusOr<Derived> Derive(ApiContext& ctx, std::string_view person) {
  const uint32_t index = ctx.store().persons().Find(person);
  if (index == IdIndex::kMissing) return Status::NotFound("no person " + std::string(person));
  auto data = ctx.Mobility();
  if (!data.ok()) return data.status();
  Derived d;
  d.data = *data;
  d.as_of = ctx.clock().Now().seconds;
  if (d.data->latest_time() > 0) d.as_of = std::min<int64_t>(d.as_of, d.data->latest_time() - 1);
  d.today = LocalDayOf(Timestamp{d.as_of}, kChinaUtcOffsetSeconds);
  d.first_day = d.today - ctx.options().itinerary_days + 1;
  mobility::PersonResult r;
  mobility::RunPerson(ctx.store(), *d.data, trajectory::TrajectoryParams{}, mobility::Method::kCleaned, index, &r);
  for (const auto& e : r.itinerary) {
    if (e.day < d.first_day || e.day > d.today) continue;
    const int64_t start = LocalDayStart(e.day, kChinaUtcOffsetSeconds).seconds;
    d.days.push_back({e.day, e.region, e.minutes, d.data->MaxRisk(e.region, start, start + kSecondsPerDay)});
  }
  return d;
}

json::object DayJson(const mobility::MobilityData& data, int64_t day, uint32_t region) {
  std::string region_text = std::to_string(region);
  std::string city;
  auto code = RegionCode::Parse(region_text);
  if (code.ok()) {
    region_text = code->ToString();
    if (code->level() == RegionLevel::kCounty) city = data.RegionName(code->CityCode().value());
  }
  return {{"date", FormatDate(day)}, {"region", region_text}, {"name", data.RegionName(region)}, {"city", city}};
}

}  // namespace

StatusOr<json::object> HealthStatus(ApiContext& ctx, std::string_view person) {
  auto lock = ctx.ReadLock();
  auto rec = RequirePerson(ctx, person);
  if (!rec.ok()) return rec.status();
  auto row = ctx.store().Get(std::string(kColourPrefix) + std::string(person));
  if (!row.ok()) return row.status();
  json::object out;
  out["person"] = person;
  out["masked_name"] = MaskName(rec->name);
  out["colour"] = nullptr;
  out["reasons"] = json::array();
  out["ruleset_version"] = nullptr;
  out["computed_at"] = nullptr;
  if (row->has_value()) {
    // colour TAB ruleset_version TAB computed_at TAB reasons (JSON array of strings)
    const auto f = store::SplitTabs(**row);
    if (f.size() >= 3) {
      out["colour"] = f[0];
      out["ruleset_version"] = f[1];
      int64_t t = 0;
      for (char c : f[2]) t = t * 10 + (c - '0');
      out["computed_at"] = IsoTime(t);
    }
    if (f.size() >= 4) {
      boost::system::error_code ec;
      json::value reasons = json::parse(f[3], ec);
      if (!ec && reasons.is_array()) out["reasons"] = std::move(reasons);
    }
  }
  out["as_of"] = IsoTime(ctx.clock().Now().seconds);
  return out;
}

StatusOr<json::object> DerivedItinerary(ApiContext& ctx, std::string_view person) {
  auto lock = ctx.ReadLock();
  auto d = Derive(ctx, person);
  if (!d.ok()) return d.status();
  json::array days;
  for (const auto& e : d->days) {
    json::object day = DayJson(*d->data, e.day, e.region);
    day["minutes"] = e.minutes;
    day["risk"] = RiskName(e.risk);
    days.push_back(std::move(day));
  }
  return json::object{{"person", person},
                      {"as_of", IsoTime(d->as_of)},
                      {"from", FormatDate(d->first_day)},
                      {"to", FormatDate(d->today)},
                      {"days", std::move(days)}};
}

StatusOr<json::object> DeclareHealth(ApiContext& ctx, std::string_view person, const json::object& body) {
  std::optional<double> temperature;
  ONECODE_RETURN_IF_ERROR(GetNumber(body, "temperature_c", false, &temperature));
  if (temperature && (*temperature < 30 || *temperature > 45)) {
    return Status::InvalidArgument("temperature_c out of range (30-45)");
  }
  std::string note;
  ONECODE_RETURN_IF_ERROR(GetString(body, "note", false, 500, &note));
  bool has[std::size(kSymptoms)] = {};
  if (const json::value* s = body.if_contains("symptoms"); s != nullptr && !s->is_null()) {
    if (!s->is_array()) return Status::InvalidArgument("field 'symptoms' must be an array of names");
    for (const json::value& v : s->as_array()) {
      const json::string* name = v.if_string();
      auto it = name == nullptr ? std::end(kSymptoms)
                                : std::find(std::begin(kSymptoms), std::end(kSymptoms),
                                            std::string_view(name->data(), name->size()));
      if (it == std::end(kSymptoms)) {
        return Status::InvalidArgument(
            "unknown symptom; allowed: fever, cough, sore_throat, fatigue, loss_of_smell");
      }
      has[it - std::begin(kSymptoms)] = true;
    }
  }
  // The ingest format: symptoms ';'-separated in the fixed order.
  std::string symptoms;
  json::array symptom_list;
  for (size_t i = 0; i < std::size(kSymptoms); ++i) {
    if (!has[i]) continue;
    if (!symptoms.empty()) symptoms += ';';
    symptoms += kSymptoms[i];
    symptom_list.emplace_back(kSymptoms[i]);
  }
  std::string temp_text;
  if (temperature) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", *temperature);
    temp_text = buf;
  }
  auto lock = ctx.ReadLock();
  auto rec = RequirePerson(ctx, person);
  if (!rec.ok()) return rec.status();
  const int64_t now = ctx.clock().Now().seconds;
  auto writer = ctx.WriterLock();
  rocksdb::WriteBatch batch;
  batch.Put(std::string(store::kDeclarationPrefix) + std::string(person) + ":" + Pad10(now),
            temp_text + "\t" + symptoms + "\t" + note);
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  json::object out{{"person", person}, {"time", IsoTime(now)}, {"symptoms", std::move(symptom_list)}, {"note", note}};
  out["temperature_c"] = temperature ? json::value(std::round(*temperature * 10) / 10) : json::value(nullptr);
  return out;
}

StatusOr<json::object> ListDeclarations(ApiContext& ctx, std::string_view person) {
  auto lock = ctx.ReadLock();
  auto rec = RequirePerson(ctx, person);
  if (!rec.ok()) return rec.status();
  const std::string prefix = std::string(store::kDeclarationPrefix) + std::string(person) + ":";
  json::array rows;
  ONECODE_RETURN_IF_ERROR(ctx.store().Scan(prefix, [&](std::string_view k, std::string_view v) {
    const auto f = store::SplitTabs(v);
    int64_t t = 0;
    for (char c : k.substr(prefix.size())) t = t * 10 + (c - '0');
    json::array symptoms;
    if (f.size() >= 2 && !f[1].empty()) {
      size_t pos = 0;
      while (pos <= f[1].size()) {
        const size_t semi = std::min(f[1].find(';', pos), f[1].size());
        symptoms.emplace_back(f[1].substr(pos, semi - pos));
        pos = semi + 1;
      }
    }
    json::object row{{"time", IsoTime(t)}, {"symptoms", std::move(symptoms)}, {"note", f.size() >= 3 ? f[2] : ""}};
    double temp = 0;
    row["temperature_c"] = nullptr;
    if (!f.empty() && !f[0].empty() && std::sscanf(std::string(f[0]).c_str(), "%lf", &temp) == 1) {
      row["temperature_c"] = temp;
    }
    rows.push_back(std::move(row));
    return true;
  }));
  std::reverse(rows.begin(), rows.end());
  if (rows.size() > 100) rows.resize(100);
  return json::object{{"person", person}, {"declarations", std::move(rows)}};
}

StatusOr<json::object> DeclareItinerary(ApiContext& ctx, std::string_view person, const json::object& body) {
  const json::value* days_value = body.if_contains("days");
  if (days_value == nullptr || !days_value->is_array()) {
    return Status::InvalidArgument("field 'days' must be an array of {date, region}");
  }
  const json::array& in = days_value->as_array();
  if (in.size() > 100) return Status::InvalidArgument("at most 100 itinerary entries");
  std::set<std::pair<int64_t, uint32_t>> declared;
  json::array stored;
  for (const json::value& v : in) {
    if (!v.is_object()) return Status::InvalidArgument("each itinerary entry must be an object {date, region}");
    std::string date_text, region_text;
    ONECODE_RETURN_IF_ERROR(GetString(v.as_object(), "date", true, 10, &date_text));
    ONECODE_RETURN_IF_ERROR(GetString(v.as_object(), "region", true, 6, &region_text));
    auto day = ParseDate(date_text);
    if (!day.ok()) return Status::InvalidArgument("bad date '" + date_text + "': " + day.status().message());
    auto region = RegionCode::Parse(region_text);
    if (!region.ok()) return Status::InvalidArgument("bad region '" + region_text + "': " + region.status().message());
    declared.insert({*day, region->value()});
    stored.push_back(json::object{{"date", date_text}, {"region", region_text}});
  }
  auto lock = ctx.ReadLock();
  auto d = Derive(ctx, person);
  if (!d.ok()) return d.status();
  std::set<std::pair<int64_t, uint32_t>> derived;
  for (const auto& e : d->days) derived.insert({e.day, e.region});
  json::array matched, declared_only, derived_only, outside;
  for (const auto& [day, region] : declared) {
    json::object entry = DayJson(*d->data, day, region);
    if (day < d->first_day || day > d->today) outside.push_back(std::move(entry));
    else if (derived.count({day, region}) > 0) matched.push_back(std::move(entry));
    else declared_only.push_back(std::move(entry));
  }
  for (const auto& [day, region] : derived) {
    if (declared.count({day, region}) == 0) derived_only.push_back(DayJson(*d->data, day, region));
  }
  const int64_t now = ctx.clock().Now().seconds;
  auto writer = ctx.WriterLock();
  rocksdb::WriteBatch batch;
  batch.Put(std::string(kItineraryDeclPrefix) + std::string(person) + ":" + Pad10(now), json::serialize(stored));
  ONECODE_RETURN_IF_ERROR(ctx.Commit(&batch));
  const bool agrees = declared_only.empty() && derived_only.empty();
  return json::object{{"person", person},
                      {"time", IsoTime(now)},
                      {"from", FormatDate(d->first_day)},
                      {"to", FormatDate(d->today)},
                      {"agrees", agrees},
                      {"matched", std::move(matched)},
                      {"declared_not_derived", std::move(declared_only)},
                      {"derived_not_declared", std::move(derived_only)},
                      {"outside_window", std::move(outside)}};
}

}  // namespace onecode::api
