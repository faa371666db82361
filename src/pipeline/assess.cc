#include "pipeline/assess.h"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <boost/json.hpp>

#include "core/parse.h"
#include "core/time.h"
#include "pipeline/trace_run.h"

namespace onecode::pipeline {
namespace {

constexpr std::string_view kColourPrefix = "L:";
constexpr std::string_view kHistoryPrefix = "H:";
constexpr std::string_view kRulesKey = "Q:rules";
constexpr double kFeverCelsius = 37.3;

double DaysAgo(int64_t now, int64_t t) { return std::floor(static_cast<double>(now - t) / 86400.0); }

int Severity(std::string_view status) {
  if (status == "confirmed") return 3;
  if (status == "asymptomatic") return 2;
  if (status == "suspected") return 1;
  return 0;  // cleared
}

// The part of a key after "<prefix><person>:".
bool SplitPersonKey(std::string_view key, std::string_view prefix, std::string_view* person, std::string_view* rest) {
  key.remove_prefix(prefix.size());
  const size_t c = key.find(':');
  if (c == std::string_view::npos) return false;
  *person = key.substr(0, c);
  *rest = key.substr(c + 1);
  return true;
}

}  // namespace

StatusOr<std::vector<rules::PersonFacts>> BuildFacts(const store::Store& store, const mobility::MobilityData& data,
                                                     int64_t now, int threads,
                                                     const std::function<void(const std::string&)>& progress) {
  const uint32_t persons = static_cast<uint32_t>(store.persons().size());
  std::vector<rules::PersonFacts> facts(persons);
  for (auto& f : facts) f.now = Timestamp{now};
  Status bad;

  // Cases: the most severe open status of the person's case records.
  ONECODE_ASSIGN_OR_RETURN(auto cases, LoadCases(store));
  for (const CaseRecord& c : cases) {
    if (c.person == IdIndex::kMissing || Severity(c.status) == 0 || c.reported > now) continue;
    rules::PersonFacts& f = facts[c.person];
    if (Severity(c.status) > Severity(f.case_status)) {
      f.case_status = c.status;
      f.case_onset_days_ago = DaysAgo(now, c.onset >= 0 ? c.onset : c.reported);
    }
  }

  // Contacts: the most recent first-degree close contact, else the second-degree one.
  std::vector<int64_t> last_contact(persons, INT64_MIN);
  ONECODE_RETURN_IF_ERROR(ForEachStoredEdge(store, [&](const StoredEdge& e) {
    int degree = 0;
    if (e.kind == "colocation" || e.kind == "cotravel_close" || e.kind == "venue") degree = 1;
    if (e.kind == "second_degree") degree = 2;
    if (degree == 0 || e.start > now) return;
    const uint32_t p = store.persons().Find(e.person);
    if (p == IdIndex::kMissing) return;
    rules::PersonFacts& f = facts[p];
    const bool better = !f.contact_degree || degree < *f.contact_degree ||
                        (degree == *f.contact_degree && e.end > last_contact[p]);
    if (!better) return;
    f.contact_degree = degree;
    f.contact_kind = e.kind;
    f.contact_last_days_ago = std::max(0.0, DaysAgo(now, std::min(e.end, now)));
    f.contact_minutes = e.minutes;
    last_contact[p] = e.end;
  }));

  // Tests: T:<person>:<sampled>:<lab> -> result.
  std::vector<std::vector<int64_t>> negatives(persons);
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kTestPrefix, [&](std::string_view k, std::string_view v) {
    std::string_view person, rest;
    int64_t sampled = 0;
    if (!SplitPersonKey(k, store::kTestPrefix, &person, &rest) || !ParseNumber(rest.substr(0, 10), &sampled)) {
      bad = Status::Internal("corrupt test record " + std::string(k));
      return false;
    }
    const uint32_t p = store.persons().Find(person);
    if (p == IdIndex::kMissing || sampled > now) return true;
    rules::PersonFacts& f = facts[p];
    if (v == "negative") {
      const double h = std::floor(static_cast<double>(now - sampled) / 3600.0);
      if (!f.last_negative_hours_ago || h < *f.last_negative_hours_ago) f.last_negative_hours_ago = h;
      negatives[p].push_back(sampled);
    } else if (v == "positive") {
      const double d = DaysAgo(now, sampled);
      if (!f.last_positive_days_ago || d < *f.last_positive_days_ago) f.last_positive_days_ago = d;
    }
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);
  for (uint32_t p = 0; p < persons; ++p) {
    if (!facts[p].contact_degree) continue;
    // Negative tests after the last contact, counted greedily 24 h apart.
    std::sort(negatives[p].begin(), negatives[p].end());
    int n = 0;
    int64_t last = INT64_MIN;
    for (int64_t t : negatives[p]) {
      if (t <= last_contact[p]) continue;
      if (last == INT64_MIN || t - last >= 86400) ++n, last = t;
    }
    facts[p].negatives_24h_apart_since_contact = n;
  }

  // Declarations: the latest one. D:<person>:<time> -> temperature_c symptoms note.
  std::vector<int64_t> decl_time(persons, INT64_MIN);
  const int64_t today = LocalDayOf(Timestamp{now}, kChinaUtcOffsetSeconds);
  ONECODE_RETURN_IF_ERROR(store.Scan(store::kDeclarationPrefix, [&](std::string_view k, std::string_view v) {
    std::string_view person, rest;
    int64_t t = 0;
    if (!SplitPersonKey(k, store::kDeclarationPrefix, &person, &rest) || !ParseNumber(rest.substr(0, 10), &t)) {
      bad = Status::Internal("corrupt declaration record " + std::string(k));
      return false;
    }
    const uint32_t p = store.persons().Find(person);
    if (p == IdIndex::kMissing || t > now || t < decl_time[p]) return true;
    decl_time[p] = t;
    rules::PersonFacts& f = facts[p];
    const auto fields = store::SplitTabs(v);
    double temp = 0;
    f.fever = fields.size() > 0 && !fields[0].empty() && ParseNumber(fields[0], &temp) && temp >= kFeverCelsius;
    f.symptoms.clear();
    if (fields.size() > 1) {
      std::string_view s = fields[1];
      while (!s.empty()) {
        const size_t semi = s.find(';');
        const std::string_view item = s.substr(0, semi);
        if (!item.empty()) f.symptoms.emplace_back(item);
        if (semi == std::string_view::npos) break;
        s.remove_prefix(semi + 1);
      }
    }
    f.declaration_days_ago = static_cast<double>(today - LocalDayOf(Timestamp{t}, kChinaUtcOffsetSeconds));
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(bad);

  // Itinerary with area risk over the last 14 local days.
  const int64_t first_day = today - 13;
  mobility::RunStats stats;
  ONECODE_RETURN_IF_ERROR(mobility::RunAll(
      store, data, trajectory::TrajectoryParams{}, mobility::Method::kCleaned, threads,
      [&](std::span<const mobility::PersonResult> results) {
        for (const auto& r : results) {
          rules::PersonFacts& f = facts[r.person];
          for (const auto& e : r.itinerary) {
            if (e.day < first_day || e.day > today) continue;
            const int64_t day_start = LocalDayStart(e.day, kChinaUtcOffsetSeconds).seconds;
            const int risk = data.MaxRisk(e.region, day_start, day_start + kSecondsPerDay);
            const double ago = static_cast<double>(today - e.day);
            if (risk == 2 && (!f.high_risk_days_ago || ago < *f.high_risk_days_ago)) f.high_risk_days_ago = ago;
            if (risk == 1 && (!f.medium_risk_days_ago || ago < *f.medium_risk_days_ago)) f.medium_risk_days_ago = ago;
            const std::string region = std::to_string(e.region);
            if (std::find(f.regions.begin(), f.regions.end(), region) == f.regions.end()) f.regions.push_back(region);
          }
        }
      },
      progress ? progress : [](const std::string&) {}, &stats));
  return facts;
}

std::vector<Assessment> Assess(const rules::RuleSet& rules, const std::vector<rules::PersonFacts>& facts,
                               int threads) {
  std::vector<Assessment> out(facts.size());
  const int n = std::max(1, threads);
  auto work = [&](size_t from, size_t to) {
    rules::Frame frame(rules.layout());
    rules::Evaluator ev;
    std::vector<uint32_t> matched;
    for (size_t i = from; i < to; ++i) {
      rules::FillFrame(facts[i], &frame);
      out[i].colour = rules.Evaluate(frame, ev, &matched);
      if (!matched.empty()) out[i].reasons = rules.Reasons(matched, frame);
    }
  };
  std::vector<std::thread> pool;
  const size_t step = (facts.size() + n - 1) / n;
  for (int t = 1; t < n; ++t) {
    const size_t a = std::min(facts.size(), t * step), b = std::min(facts.size(), (t + 1) * step);
    if (a < b) pool.emplace_back(work, a, b);
  }
  work(0, std::min(facts.size(), step));
  for (auto& t : pool) t.join();
  return out;
}

std::string DefaultRulesPath() {
  if (const char* env = std::getenv("ONECODE_RULES"); env != nullptr && *env != '\0') return env;
#ifdef ONECODE_SOURCE_DIR
  {
    const std::string p = std::string(ONECODE_SOURCE_DIR) + "/rules/default.json";
    if (std::ifstream(p).good()) return p;
  }
#endif
  return "rules/default.json";
}

StatusOr<rules::RuleSet> ActiveRules(const store::Store& store, const std::string& default_path) {
  ONECODE_ASSIGN_OR_RETURN(auto published, store.Get(kRulesKey));
  if (published.has_value()) {
    auto r = rules::RuleSet::Parse(*published);
    if (!r.ok()) return Status::Internal("published rule set: " + r.status().message());
    return r;
  }
  return rules::RuleSet::Load(default_path);
}

StatusOr<ColoursResult> RunColours(store::Store& store, const rules::RuleSet& rules, int64_t now, int threads,
                                   const std::function<void(const std::string&)>& progress) {
  const auto t0 = std::chrono::steady_clock::now();
  ONECODE_ASSIGN_OR_RETURN(auto data, mobility::MobilityData::Load(store));
  if (now < 0) now = std::max<int64_t>(0, data.latest_time() - 1);
  if (progress) progress("colours: building facts");
  ONECODE_ASSIGN_OR_RETURN(auto facts, BuildFacts(store, data, now, threads, progress));
  if (progress) progress("colours: evaluating rule set " + rules.version());
  const std::vector<Assessment> result = Assess(rules, facts, threads);
  ColoursResult r;
  r.ruleset_version = rules.version();
  r.now = now;
  rocksdb::WriteBatch batch;
  const std::string computed = store::Pad10(now);
  for (uint32_t p = 0; p < result.size(); ++p) {
    boost::json::array reasons;
    for (const std::string& s : result[p].reasons) reasons.emplace_back(s);
    ++r.counts[static_cast<int>(result[p].colour)];
    batch.Put(std::string(kColourPrefix) + store.persons().id(p), std::string(ColourName(result[p].colour)) + "\t" +
                                                                        rules.version() + "\t" + computed + "\t" +
                                                                        boost::json::serialize(reasons));
  }
  boost::json::object day{{"green", r.counts[0]}, {"yellow", r.counts[1]}, {"red", r.counts[2]},
                          {"ruleset", rules.version()}, {"computed_at", FormatTimestamp(Timestamp{now})}};
  batch.Put(std::string(kHistoryPrefix) + FormatDate(LocalDayOf(Timestamp{now}, kChinaUtcOffsetSeconds)),
            boost::json::serialize(day));
  ONECODE_RETURN_IF_ERROR(store.Commit(&batch, /*sync=*/true));
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

StatusOr<std::optional<StoredColour>> GetColour(const store::Store& store, std::string_view person) {
  ONECODE_ASSIGN_OR_RETURN(auto v, store.Get(std::string(kColourPrefix) + std::string(person)));
  if (!v.has_value()) return std::optional<StoredColour>();
  const auto f = store::SplitTabs(*v);
  StoredColour c;
  const auto colour = f.size() == 4 ? ParseColour(f[0]) : std::nullopt;
  if (!colour || !ParseNumber(f[2], &c.computed_at)) return Status::Internal("corrupt colour record of " + std::string(person));
  c.colour = *colour;
  c.ruleset_version = std::string(f[1]);
  c.reasons_json = std::string(f[3]);
  return std::optional<StoredColour>(std::move(c));
}

StatusOr<DryRun> RunDryRun(const store::Store& store, const rules::RuleSet& rules, int64_t now, int threads,
                           int samples_per_transition) {
  ONECODE_ASSIGN_OR_RETURN(auto data, mobility::MobilityData::Load(store));
  if (now < 0) now = std::max<int64_t>(0, data.latest_time() - 1);
  ONECODE_ASSIGN_OR_RETURN(auto facts, BuildFacts(store, data, now, threads, nullptr));
  const std::vector<Assessment> result = Assess(rules, facts, threads);
  DryRun d;
  d.ruleset_version = rules.version();
  int taken[3][3] = {};
  for (uint32_t p = 0; p < result.size(); ++p) {
    ONECODE_ASSIGN_OR_RETURN(auto old, GetColour(store, store.persons().id(p)));
    const Colour from = old ? old->colour : Colour::kGreen;
    const Colour to = result[p].colour;
    const int a = static_cast<int>(from), b = static_cast<int>(to);
    ++d.transitions[a][b];
    if (a != b && taken[a][b] < samples_per_transition) {
      ++taken[a][b];
      d.samples.push_back(DryRun::Sample{store.persons().id(p), from, to, result[p].reasons});
    }
  }
  return d;
}

Status PublishRules(store::Store& store, const std::string& document) {
  auto parsed = rules::RuleSet::Parse(document);
  if (!parsed.ok()) return parsed.status();
  rocksdb::WriteBatch batch;
  batch.Put(std::string(kRulesKey), document);
  batch.Put("Q:rules:" + parsed->version(), document);  // every published version is kept
  return store.Commit(&batch, /*sync=*/true);
}

boost::json::object DryRunToJson(const DryRun& d) {
  boost::json::object matrix;
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) {
      matrix[std::string(ColourName(static_cast<Colour>(a))) + "->" + std::string(ColourName(static_cast<Colour>(b)))] =
          d.transitions[a][b];
    }
  }
  boost::json::array samples;
  for (const auto& s : d.samples) {
    boost::json::array reasons;
    for (const auto& r : s.reasons) reasons.emplace_back(r);
    samples.push_back({{"person", s.person}, {"from", ColourName(s.from)}, {"to", ColourName(s.to)},
                       {"reasons", reasons}});
  }
  return {{"ruleset", d.ruleset_version}, {"transitions", matrix}, {"samples", samples}};
}


}  // namespace onecode::pipeline
