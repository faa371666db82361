// `onecode itinerary`, `onecode export --what stays|itineraries`, `onecode eval`.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/assess_commands.h"
#include "cli/progress.h"
#include "cli/trace_commands.h"
#include "core/region.h"
#include "core/text_buffer.h"
#include "core/time.h"
#include "feeds/csv_reader.h"
#include "feeds/schema.h"
#include "feeds/table_reader.h"
#include "mobility/mobility.h"
#include "store/store.h"
#include "trajectory/eval.h"

namespace onecode::cli {
namespace {

using mobility::Method;

struct Opened {
  std::unique_ptr<store::Store> store;
  mobility::MobilityData data;
};

// Opens an existing store and loads its mobility data; prints the error.
bool OpenStore(const std::string& command, const std::string& dir, Opened* out, int* exit_code) {
  auto st = store::Store::Open(dir, /*create=*/false);
  if (!st.ok()) {
    std::fprintf(stderr, "onecode %s: %s\n", command.c_str(), st.status().message().c_str());
    *exit_code = st.status().code() == StatusCode::kNotFound ? 2 : 1;
    return false;
  }
  auto data = mobility::MobilityData::Load(**st);
  if (!data.ok()) {
    std::fprintf(stderr, "onecode %s: %s\n", command.c_str(), data.status().message().c_str());
    *exit_code = 1;
    return false;
  }
  out->store = std::move(*st);
  out->data = std::move(*data);
  return true;
}

std::string_view RiskName(int level) { return level == 2 ? "high" : level == 1 ? "medium" : "low"; }

std::string LocalTime(int64_t t) {
  // "11-03 08:15" in China Standard Time.
  const int64_t local = t + kChinaUtcOffsetSeconds;
  const CivilDate d = CivilFromDays(LocalDayOf(Timestamp{t}, kChinaUtcOffsetSeconds));
  char buf[32];
  const int64_t sod = ((local % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay;
  std::snprintf(buf, sizeof buf, "%02d-%02d %02d:%02d", d.month, d.day, static_cast<int>(sod / 3600),
                static_cast<int>(sod / 60 % 60));
  return buf;
}

void RegisterItinerary(CLI::App& app, int* exit_code) {
  struct Opt {
    std::string store, person, now;
    int days = 14;
    bool json = false;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = app.add_subcommand("itinerary", "The derived itinerary of one person (counties stayed >= 4 h a day)");
  cmd->add_option("--store", opt->store, "Store directory")->required();
  cmd->add_option("--person", opt->person, "Person pseudonym")->required();
  cmd->add_option("--days", opt->days, "Days back from now")->capture_default_str();
  cmd->add_option("--now", opt->now, "As-of time (ISO 8601); default: the end of the latest location record");
  cmd->add_flag("--json", opt->json, "Print one JSON object");
  cmd->callback([opt, exit_code] {
    Opened o;
    if (!OpenStore("itinerary", opt->store, &o, exit_code)) return;
    const uint32_t person = o.store->persons().Find(opt->person);
    if (person == IdIndex::kMissing) {
      std::fprintf(stderr, "onecode itinerary: no person %s in the store\n", opt->person.c_str());
      *exit_code = 2;
      return;
    }
    // The last moment covered by data (records are half-open, so one second
    // before the latest end).
    int64_t now = std::max<int64_t>(0, o.data.latest_time() - 1);
    if (!opt->now.empty()) {
      auto t = ParseTimestamp(opt->now);
      if (!t.ok()) {
        std::fprintf(stderr, "onecode itinerary: --now: %s\n", t.status().message().c_str());
        *exit_code = 2;
        return;
      }
      now = t->seconds;
    }
    const int64_t today = LocalDayOf(Timestamp{now}, kChinaUtcOffsetSeconds);
    const int64_t first_day = today - opt->days + 1;
    mobility::PersonResult r;
    mobility::RunPerson(*o.store, o.data, trajectory::TrajectoryParams{}, Method::kCleaned, person, &r);
    const auto legs = o.data.LegsOf(person);
    boost::json::array days;
    std::string text;
    for (const auto& e : r.itinerary) {
      if (e.day < first_day || e.day > today) continue;
      const int64_t day_start = LocalDayStart(e.day, kChinaUtcOffsetSeconds).seconds;
      const int risk = o.data.MaxRisk(e.region, day_start, day_start + kSecondsPerDay);
      auto code = RegionCode::Parse(std::to_string(e.region));
      const std::string region_text = code.ok() ? code->ToString() : std::to_string(e.region);
      std::string city;
      if (code.ok() && code->level() == RegionLevel::kCounty) city = o.data.RegionName(code->CityCode().value());
      boost::json::array stays, evidence_legs;
      for (const auto& s : r.stays) {
        if (s.region != e.region || s.end <= day_start || s.start >= day_start + kSecondsPerDay) continue;
        stays.push_back({{"start", FormatTimestamp(Timestamp{s.start})}, {"end", FormatTimestamp(Timestamp{s.end})},
                         {"lon", std::round(s.lon * 1e5) / 1e5}, {"lat", std::round(s.lat * 1e5) / 1e5},
                         {"radius_m", std::round(s.radius_m)}, {"records", s.records}});
      }
      for (const auto& leg : legs) {
        if (leg.to_region == e.region && leg.arr >= day_start && leg.arr < day_start + kSecondsPerDay) {
          evidence_legs.push_back({{"dep", FormatTimestamp(Timestamp{leg.dep})}, {"arr", FormatTimestamp(Timestamp{leg.arr})},
                                   {"from_region", leg.from_region}, {"to_region", leg.to_region}});
        }
      }
      days.push_back({{"date", FormatDate(e.day)}, {"region", region_text}, {"name", o.data.RegionName(e.region)},
                      {"city", city}, {"minutes", e.minutes}, {"risk", RiskName(risk)}, {"stays", stays},
                      {"legs", evidence_legs}});
      char line[256];
      std::snprintf(line, sizeof line, "  %s  %s %s%s  %4.1f h  %zu stay(s)%s  risk: %s\n", FormatDate(e.day).c_str(),
                    region_text.c_str(), city.c_str(), o.data.RegionName(e.region).c_str(), e.minutes / 60.0,
                    stays.size(), evidence_legs.empty() ? "" : ", arrived by manifest leg",
                    std::string(RiskName(risk)).c_str());
      text += line;
    }
    if (opt->json) {
      boost::json::object out{{"person", opt->person}, {"as_of", FormatTimestamp(Timestamp{now})},
                              {"days", opt->days}, {"itinerary", days}};
      std::printf("%s\n", boost::json::serialize(out).c_str());
      return;
    }
    std::printf("Itinerary of %s, %s to %s (China time), counties stayed 4 h or more a day:\n", opt->person.c_str(),
                FormatDate(first_day).c_str(), FormatDate(today).c_str());
    std::printf("%s", text.empty() ? "  (no stays of 4 h or more in these days)\n" : text.c_str());
    std::printf("Derived from operator location records and transport manifests (%s).\n",
                LocalTime(now).c_str());
  });
}

// Writes CSV rows of all persons' results to `path`.
Status ExportDerived(const Opened& o, const std::string& what, const std::string& path, int threads,
                     Progress& progress, uint64_t* rows) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IoError(path + ": cannot create");
  TextBuffer out;
  if (what == "stays") {
    out.Append("person,start,end,lon,lat,radius_m,region,records\n");
  } else {
    out.Append("person,date,region,minutes,stays,risk,arrived_by_manifest\n");
  }
  bool write_ok = true;
  auto flush = [&] {
    if (out.size() > 0 && std::fwrite(out.view().data(), 1, out.size(), f) != out.size()) write_ok = false;
    out.clear();
  };
  mobility::RunStats stats;
  const Status st = mobility::RunAll(
      *o.store, o.data, trajectory::TrajectoryParams{}, Method::kCleaned, threads,
      [&](std::span<const mobility::PersonResult> results) {
        for (const auto& r : results) {
          const std::string& id = o.store->persons().id(r.person);
          if (what == "stays") {
            for (const auto& s : r.stays) {
              out.Append(id).Append(',').AppendTimestamp(Timestamp{s.start}).Append(',');
              out.AppendTimestamp(Timestamp{s.end}).Append(',').AppendFixed(s.lon, 6).Append(',');
              out.AppendFixed(s.lat, 6).Append(',').AppendInt(std::lround(s.radius_m)).Append(',');
              out.AppendInt(s.region).Append(',').AppendInt(s.records).Append('\n');
              ++*rows;
            }
          } else {
            for (const auto& e : r.itinerary) {
              const int64_t day_start = LocalDayStart(e.day, kChinaUtcOffsetSeconds).seconds;
              out.Append(id).Append(',').AppendDate(e.day).Append(',').AppendInt(e.region).Append(',');
              out.AppendInt(e.minutes).Append(',').AppendInt(e.stays).Append(',');
              out.Append(RiskName(o.data.MaxRisk(e.region, day_start, day_start + kSecondsPerDay))).Append(',');
              out.Append(e.arrived_by_manifest ? "true" : "false").Append('\n');
              ++*rows;
            }
          }
        }
        if (out.size() > (1 << 20)) flush();
      },
      [&](const std::string& line) { progress.Update(line); }, &stats);
  flush();
  if (std::fclose(f) != 0) write_ok = false;
  ONECODE_RETURN_IF_ERROR(st);
  if (!write_ok) return Status::IoError(path + ": write failed");
  return Status::Ok();
}

void RegisterExport(CLI::App& app, int* exit_code) {
  struct Opt {
    std::string store, what, out;
    int threads = 2;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = app.add_subcommand("export", "Write a derived table as CSV (columns in docs/formats/exports.md)");
  cmd->add_option("--store", opt->store, "Store directory")->required();
  cmd->add_option("--what", opt->what, "stays | itineraries | contacts | colours")
      ->required()
      ->check(CLI::IsMember({"stays", "itineraries", "contacts", "colours"}));
  cmd->add_option("--out", opt->out, "Output CSV file")->required();
  cmd->add_option("--threads", opt->threads, "Worker threads")->capture_default_str();
  cmd->callback([opt, exit_code] {
    Opened o;
    if (!OpenStore("export", opt->store, &o, exit_code)) return;
    Progress progress(StderrIsTerminal());
    uint64_t rows = 0;
    const Status st = opt->what == "contacts"  ? ExportContacts(*o.store, opt->out, &rows)
                      : opt->what == "colours" ? ExportColours(*o.store, opt->out, &rows)
                                               : ExportDerived(o, opt->what, opt->out, opt->threads, progress, &rows);
    progress.Done("");
    if (!st.ok()) {
      std::fprintf(stderr, "onecode export: %s\n", st.message().c_str());
      *exit_code = st.code() == StatusCode::kNotFound ? 2 : 1;  // e.g. colours before `onecode colours`
      return;
    }
    std::printf("Wrote %llu %s rows to %s\n", static_cast<unsigned long long>(rows), opt->what.c_str(),
                opt->out.c_str());
  });
}

// Reads a truth table, calling fn(fields) for each row; checks the header.
Status ReadTruth(const std::string& dir, Table table, const std::function<void(const std::vector<std::string_view>&)>& fn) {
  return ForEachRow(dir + "/" + std::string(SchemaOf(table).name) + ".csv", table,
                    [&](const std::vector<std::string_view>& fields) {
                      fn(fields);
                      return Status::Ok();
                    });
}

boost::json::object ScoreJson(const trajectory::Score& s) {
  return {{"precision", std::round(s.precision() * 10000) / 10000},
          {"recall", std::round(s.recall() * 10000) / 10000},
          {"derived", s.derived},
          {"true", s.truth}};
}

void RegisterEval(CLI::App& app, int* exit_code) {
  struct Opt {
    std::string store, truth;
    int threads = 2;
    bool json = false;
    tracing::TraceParams trace;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = app.add_subcommand("eval", "Precision and recall of stays and itineraries against ground truth");
  cmd->add_option("--store", opt->store, "Store directory")->required();
  cmd->add_option("--truth", opt->truth, "Truth directory (DIR/truth of `onecode sim`, or DIR)")->required();
  AddTraceParamOptions(cmd, &opt->trace);
  cmd->add_option("--threads", opt->threads, "Worker threads")->capture_default_str();
  cmd->add_flag("--json", opt->json, "Print one JSON object");
  cmd->callback([opt, exit_code] {
    Opened o;
    if (!OpenStore("eval", opt->store, &o, exit_code)) return;
    std::string truth_dir = opt->truth;
    if (std::FILE* probe = std::fopen((truth_dir + "/truth/stays.csv").c_str(), "rb")) {
      std::fclose(probe);
      truth_dir += "/truth";
    }
    std::vector<trajectory::ItineraryKey> true_itinerary;
    std::vector<trajectory::EvalStay> true_stays;
    uint64_t unknown = 0;
    Status st = ReadTruth(truth_dir, Table::kTruthItineraries, [&](const std::vector<std::string_view>& f) {
      const uint32_t p = o.store->persons().Find(f[0]);
      auto day = ParseDate(f[1]);
      auto region = RegionCode::Parse(f[2]);
      if (p == IdIndex::kMissing || !day.ok() || !region.ok()) { ++unknown; return; }
      true_itinerary.push_back({p, *day, region->value()});
    });
    if (st.ok()) {
      st = ReadTruth(truth_dir, Table::kTruthStays, [&](const std::vector<std::string_view>& f) {
        const uint32_t p = o.store->persons().Find(f[0]);
        auto start = ParseTimestamp(f[4]);
        auto end = ParseTimestamp(f[5]);
        if (p == IdIndex::kMissing || !start.ok() || !end.ok()) { ++unknown; return; }
        true_stays.push_back({p, start->seconds, end->seconds, std::stod(std::string(f[2])),
                              std::stod(std::string(f[3])), 0});
      });
    }
    if (!st.ok()) {
      std::fprintf(stderr, "onecode eval: %s\n", st.message().c_str());
      *exit_code = st.code() == StatusCode::kNotFound ? 2 : 1;
      return;
    }
    Progress progress(StderrIsTerminal());
    boost::json::object result;
    double seconds = 0;
    for (Method method : {Method::kCleaned, Method::kNaive}) {
      std::vector<trajectory::ItineraryKey> itinerary;
      std::vector<trajectory::EvalStay> stays;
      mobility::RunStats stats;
      st = mobility::RunAll(
          *o.store, o.data, trajectory::TrajectoryParams{}, method, opt->threads,
          [&](std::span<const mobility::PersonResult> results) {
            for (const auto& r : results) {
              for (const auto& e : r.itinerary) itinerary.push_back({r.person, e.day, e.region});
              for (const auto& s : r.stays) stays.push_back({r.person, s.start, s.end, s.lon, s.lat, s.radius_m});
            }
          },
          [&](const std::string& line) { progress.Update(line); }, &stats);
      if (st.ok()) {
        auto by_person_start = [](const trajectory::EvalStay& a, const trajectory::EvalStay& b) {
          return a.person != b.person ? a.person < b.person : a.start < b.start;
        };
        std::sort(stays.begin(), stays.end(), by_person_start);
        std::sort(true_stays.begin(), true_stays.end(), by_person_start);
        std::sort(itinerary.begin(), itinerary.end());
        std::sort(true_itinerary.begin(), true_itinerary.end());
        true_itinerary.erase(std::unique(true_itinerary.begin(), true_itinerary.end()), true_itinerary.end());
        auto it = trajectory::ScoreItineraries(itinerary, true_itinerary);
        auto ss = trajectory::ScoreStays(stays, true_stays);
        trajectory::StayMatchParams strict;
        strict.one_to_one = true;
        auto ss1 = trajectory::ScoreStays(stays, true_stays, strict);
        if (!it.ok()) st = it.status();
        if (!ss.ok()) st = ss.status();
        if (!ss1.ok()) st = ss1.status();
        if (st.ok()) {
          const std::string suffix = method == Method::kNaive ? "_naive" : "";
          result["itinerary" + suffix] = ScoreJson(*it);
          result["stays" + suffix] = ScoreJson(*ss);
          // Each true stay matched by at most one derived stay: fragments count once.
          result["stays_one_to_one" + suffix] = ScoreJson(*ss1);
        }
      }
      if (!st.ok()) {
        progress.Done("");
        std::fprintf(stderr, "onecode eval: %s\n", st.message().c_str());
        *exit_code = 1;
        return;
      }
      if (method == Method::kCleaned) {
        seconds = stats.seconds;
        result["persons"] = stats.persons;
        result["intervals"] = stats.intervals;
      }
    }
    st = EvalContacts(*o.store, o.data, truth_dir, opt->trace, opt->threads, &result);
    progress.Done("");
    if (!st.ok()) {
      std::fprintf(stderr, "onecode eval: contacts: %s\n", st.message().c_str());
      *exit_code = 1;
      return;
    }
    result["pipeline_seconds"] = std::round(seconds * 100) / 100;
    if (unknown > 0) result["truth_rows_without_store_person"] = unknown;
    if (opt->json) {
      std::printf("%s\n", boost::json::serialize(result).c_str());
      return;
    }
    auto line = [&](const char* what, const char* key) {
      const auto& a = result.at(key).as_object();
      const auto& b = result.at(std::string(key) + "_naive").as_object();
      std::printf("  %-12s precision %.4f  recall %.4f   | naive: precision %.4f  recall %.4f\n", what,
                  a.at("precision").to_number<double>(), a.at("recall").to_number<double>(),
                  b.at("precision").to_number<double>(), b.at("recall").to_number<double>());
    };
    std::printf("Evaluation against %s (%llu persons, cleaned pipeline %.1f s):\n", truth_dir.c_str(),
                static_cast<unsigned long long>(result.at("persons").to_number<uint64_t>()), seconds);
    line("itineraries", "itinerary");
    line("stays", "stays");
    line("stays 1:1", "stays_one_to_one");
    for (const char* key : {"contacts", "contacts_chengdu"}) {
      const auto& c = result.at(key).as_object();
      std::printf("  %-17s precision %.4f  recall %.4f  flagged %llu pairs, %llu persons  true %llu\n", key,
                  c.at("precision").to_number<double>(), c.at("recall").to_number<double>(),
                  static_cast<unsigned long long>(c.at("flagged").to_number<uint64_t>()),
                  static_cast<unsigned long long>(c.at("flagged_persons").to_number<uint64_t>()),
                  static_cast<unsigned long long>(c.at("true").to_number<uint64_t>()));
    }
  });
}

}  // namespace

void RegisterMobility(CLI::App& app, int* exit_code) {
  RegisterItinerary(app, exit_code);
  RegisterExport(app, exit_code);
  RegisterEval(app, exit_code);
}

}  // namespace onecode::cli
