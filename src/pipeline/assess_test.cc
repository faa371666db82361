// Assessment over a hand-made store: feeds written as CSV, loaded by ingest,
// contacts found by RunTrace, then BuildFacts / RunColours / RunDryRun /
// PublishRules checked person by person.
//
// The region (all times UTC; local = +08:00; "now" = 2026-11-10T12:00:00Z,
// local 20:00 on 2026-11-10, also the end of the latest location record):
//   P1 case      confirmed, onset 11-07T00, reported 11-08T00 (infectious from 11-03T00);
//                at cell A 11-05 02:00-04:00.
//   P2 close     at cell A with P1 11-05 02:00-04:00 (colocation, 120 min);
//                at cell B 11-06 02:00-04:00 with P3 and P4.
//   P3 second    at cell B with P2; negatives 11-05T00 (before the contact),
//                11-07T01 and 11-08T02 (25 h later): two after the contact.
//   P4 second    at cell B with P2; negatives 11-07T01 and 11-07T13 (12 h apart): one.
//   P5 fever     declarations 11-09T02 36.5, 11-10T02 38.2 "cough", 11-11T02 36.6 (after now).
//   P6 high-risk at cell E (county 510105, high risk from 11-08) 11-09 01:00-06:00 (5 h).
//   P7 nothing   at cell A 11-05 06:00-08:00 (after the case left), at cell D 11-10 10:00-12:00.
//   P8 medium    at cell F (county 510106, medium risk all along) 11-09 01:00-06:00; negative 11-10T00.
//   P9 medium    at cell F 11-09 01:00-06:00 too; negative 11-08T00 (60 h before now).
#include "pipeline/assess.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "core/time.h"
#include "ingest/ingest.h"
#include "pipeline/trace_eval.h"
#include "pipeline/trace_run.h"
#include "store/store.h"

namespace onecode::pipeline {
namespace {

namespace fs = std::filesystem;

const std::string kCase = "510104-0000000000000001";
const std::string kClose = "510104-0000000000000002";
const std::string kSecondTwoTests = "510104-0000000000000003";
const std::string kSecondOneTest = "510104-0000000000000004";
const std::string kFever = "510104-0000000000000005";
const std::string kHighRisk = "510104-0000000000000006";
const std::string kNothing = "510104-0000000000000007";
const std::string kMediumTested = "510104-0000000000000008";
const std::string kMediumUntested = "510104-0000000000000009";
const std::vector<std::string> kEveryone = {kCase,     kClose,   kSecondTwoTests, kSecondOneTest, kFever,
                                            kHighRisk, kNothing, kMediumTested,   kMediumUntested};

int64_t T(const char* text) {
  auto t = ParseTimestamp(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? t->seconds : 0;
}

const int64_t kNow = T("2026-11-10T12:00:00Z");

std::string TempDir(const std::string& tag) {
  std::string templ = (fs::temp_directory_path() / ("onecode-assess-" + tag + "-XXXXXX")).string();
  EXPECT_NE(mkdtemp(templ.data()), nullptr);
  return templ;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Cdr(const std::string& person, const char* cell, const char* start, const char* end) {
  return person + "," + cell + "," + start + "," + end + "\n";
}

// Writes the feeds above into `dir`.
void WriteFeeds(const std::string& dir) {
  std::string persons = "person,name,home_region,phone_tail\n";
  for (size_t i = 0; i < kEveryone.size(); ++i) persons += kEveryone[i] + ",Person " + std::to_string(i + 1) + ",510104,000" + std::to_string(i + 1) + "\n";
  WriteFile(dir + "/persons.csv", persons);
  // Cells about 10 km apart, so no two of them share a grid cell or a place.
  WriteFile(dir + "/cells.csv",
            "cell,lon,lat,radius_m,region\n"
            "cA,104.000000,30.600000,300,510104\n"
            "cB,104.100000,30.600000,300,510104\n"
            "cD,104.200000,30.600000,300,510104\n"
            "cE,104.300000,30.700000,300,510105\n"
            "cF,104.400000,30.800000,300,510106\n");
  std::string cdr = "person,cell,start,end\n";
  cdr += Cdr(kCase, "cA", "2026-11-05T02:00:00Z", "2026-11-05T04:00:00Z");
  cdr += Cdr(kClose, "cA", "2026-11-05T02:00:00Z", "2026-11-05T04:00:00Z");
  cdr += Cdr(kClose, "cB", "2026-11-06T02:00:00Z", "2026-11-06T04:00:00Z");
  cdr += Cdr(kSecondTwoTests, "cB", "2026-11-06T02:00:00Z", "2026-11-06T04:00:00Z");
  cdr += Cdr(kSecondOneTest, "cB", "2026-11-06T02:00:00Z", "2026-11-06T04:00:00Z");
  cdr += Cdr(kHighRisk, "cE", "2026-11-09T01:00:00Z", "2026-11-09T06:00:00Z");
  cdr += Cdr(kNothing, "cA", "2026-11-05T06:00:00Z", "2026-11-05T08:00:00Z");
  cdr += Cdr(kNothing, "cD", "2026-11-10T10:00:00Z", "2026-11-10T12:00:00Z");
  cdr += Cdr(kMediumTested, "cF", "2026-11-09T01:00:00Z", "2026-11-09T06:00:00Z");
  cdr += Cdr(kMediumUntested, "cF", "2026-11-09T01:00:00Z", "2026-11-09T06:00:00Z");
  WriteFile(dir + "/cdr.csv", cdr);
  WriteFile(dir + "/cases.csv", "case,person,status,onset,reported,region\nC1," + kCase +
                                    ",confirmed,2026-11-07T00:00:00Z,2026-11-08T00:00:00Z,510104\n");
  WriteFile(dir + "/tests.csv", "person,sampled,result,lab\n" +                             //
                                    kSecondTwoTests + ",2026-11-05T00:00:00Z,negative,L1\n" +  //
                                    kSecondTwoTests + ",2026-11-07T01:00:00Z,negative,L1\n" +  //
                                    kSecondTwoTests + ",2026-11-08T02:00:00Z,negative,L1\n" +  //
                                    kSecondOneTest + ",2026-11-07T01:00:00Z,negative,L1\n" +   //
                                    kSecondOneTest + ",2026-11-07T13:00:00Z,negative,L1\n" +   //
                                    kMediumTested + ",2026-11-10T00:00:00Z,negative,L1\n" +    //
                                    kMediumUntested + ",2026-11-08T00:00:00Z,negative,L1\n");
  WriteFile(dir + "/declarations.csv", "person,time,temperature_c,symptoms,note\n" +  //
                                           kFever + ",2026-11-09T02:00:00Z,36.5,,\n" +  //
                                           kFever + ",2026-11-10T02:00:00Z,38.2,cough,\n" +
                                           kFever + ",2026-11-11T02:00:00Z,36.6,,after now\n");
  WriteFile(dir + "/risk_areas.csv",
            "region,level,from,to\n510105,high,2026-11-08T00:00:00Z,2026-11-20T00:00:00Z\n"
            "510106,medium,2026-11-01T00:00:00Z,2026-11-20T00:00:00Z\n");
}

// A store holding the feeds above, traced. Removed with the object.
class TestRegion {
 public:
  TestRegion() : feeds_(TempDir("feeds")), dir_(TempDir("store")) {
    WriteFeeds(feeds_);
    auto st = store::Store::Open(dir_, true);
    if (!st.ok()) {
      ADD_FAILURE() << st.status().ToString();
      return;
    }
    store_ = std::move(*st);
    ingest::IngestReport report;
    const Status in = ingest::IngestDirectory(*store_, feeds_, ingest::IngestOptions{}, nullptr, &report);
    EXPECT_TRUE(in.ok()) << in.ToString();
    for (const auto& [feed, n] : report.quarantined) EXPECT_EQ(n, 0u) << feed << " rows quarantined";
    TraceRunOptions options;
    options.threads = 1;
    options.params.second_degree = true;  // opt-in (tracing/params.h)
    auto traced = RunTrace(*store_, options);
    EXPECT_TRUE(traced.ok()) << traced.status().ToString();
  }
  ~TestRegion() {
    store_.reset();
    fs::remove_all(feeds_);
    fs::remove_all(dir_);
  }
  store::Store& store() { return *store_; }
  bool ok() const { return store_ != nullptr; }
  const std::string& dir() const { return dir_; }

 private:
  std::string feeds_, dir_;
  std::unique_ptr<store::Store> store_;
};

std::string DefaultRulesText() { return ReadFile(DefaultRulesPath()); }

// The case's window is 11-03T00 to 11-08T00 (onset 11-07, 4 days before, to
// the report). A true contact is one with >= 10 min together inside it; the
// rows of one pair add up.
TEST(ScoreContactsTest, ATrueContactHasTenMinutesInsideTheCaseWindow) {
  TestRegion region;
  ASSERT_TRUE(region.ok());
  store::Store& st = region.store();
  const std::string truth = TempDir("truth");
  WriteFile(truth + "/contacts.csv",
            "person,other,kind,where,start,end,minutes\n" +                                               //
                kCase + "," + kClose + ",colocation,V1,2026-11-05T02:00:00Z,2026-11-05T04:00:00Z,120\n" +  //
                kCase + "," + kNothing + ",colocation,V2,2026-11-07T23:55:00Z,2026-11-08T00:30:00Z,35\n" +  //
                kCase + "," + kFever + ",colocation,V3,2026-11-06T01:00:00Z,2026-11-06T01:06:00Z,6\n" +     //
                kCase + "," + kFever + ",colocation,V4,2026-11-06T02:00:00Z,2026-11-06T02:06:00Z,6\n" +     //
                kCase + "," + kHighRisk + ",colocation,V5,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,1440\n");
  auto cases = LoadCases(st);
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  ASSERT_EQ(cases->size(), 1u);
  tracing::Edge close;
  close.case_id = 0;
  close.person = st.persons().Find(kClose);
  tracing::Edge nothing = close;
  nothing.person = st.persons().Find(kNothing);
  const std::vector<tracing::Edge> edges = {close, nothing};
  uint64_t unknown = 0;
  auto score = ScoreContacts(st, *cases, edges, tracing::TraceParams{}, kNow, truth, &unknown);
  ASSERT_TRUE(score.ok()) << score.status().ToString();
  // True: kClose (120 min inside) and kFever (6 + 6 min); not kNothing (5 min
  // inside, the rest after the report) nor kHighRisk (before the window).
  EXPECT_EQ(score->truth, 2u);
  EXPECT_EQ(score->flagged, 2u);
  EXPECT_EQ(score->matched_truth, 1u);
  EXPECT_EQ(score->matched_flagged, 1u);
  EXPECT_EQ(unknown, 0u);
  fs::remove_all(truth);
}

// The default rule set with the fever rule turned red, as version `version`.
std::string FeverRedRules(const std::string& version) {
  boost::json::value doc = boost::json::parse(DefaultRulesText());
  doc.as_object()["version"] = version;
  bool found = false;
  for (auto& r : doc.as_object()["rules"].as_array()) {
    if (r.as_object()["id"].as_string() == "fever-or-symptoms-today") r.as_object()["colour"] = "red", found = true;
  }
  EXPECT_TRUE(found);
  return boost::json::serialize(doc);
}

rules::RuleSet DefaultRules() {
  auto r = rules::RuleSet::Load(DefaultRulesPath());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(*r);
}

std::vector<std::string> ReasonsOf(const StoredColour& c) {
  std::vector<std::string> out;
  const boost::json::value parsed = boost::json::parse(c.reasons_json);
  for (const auto& v : parsed.as_array()) out.emplace_back(v.as_string());
  return out;
}

TEST(AssessTest, TracingStoredTheArrangedEdges) {
  TestRegion region;
  ASSERT_TRUE(region.ok());
  std::vector<StoredEdge> edges;
  ASSERT_TRUE(ForEachStoredEdge(region.store(), [&](const StoredEdge& e) { edges.push_back(e); }).ok());
  std::map<std::string, std::vector<StoredEdge>> by_person;
  for (const auto& e : edges) by_person[e.person].push_back(e);
  ASSERT_EQ(by_person[kClose].size(), 1u);
  EXPECT_EQ(by_person[kClose][0].kind, "colocation");
  EXPECT_EQ(by_person[kClose][0].case_id, "C1");
  EXPECT_EQ(by_person[kClose][0].minutes, 120);
  for (const std::string& p : {kSecondTwoTests, kSecondOneTest}) {
    ASSERT_EQ(by_person[p].size(), 1u) << p;
    EXPECT_EQ(by_person[p][0].kind, "second_degree");
    EXPECT_EQ(by_person[p][0].via, kClose);
    EXPECT_EQ(by_person[p][0].end, T("2026-11-06T04:00:00Z"));
  }
  for (const std::string& p : {kCase, kFever, kHighRisk, kNothing, kMediumTested, kMediumUntested}) EXPECT_TRUE(by_person[p].empty()) << p;
}

TEST(AssessTest, BuildFactsDerivesEachFactFromTheStore) {
  TestRegion region;
  ASSERT_TRUE(region.ok());
  store::Store& st = region.store();
  auto data = mobility::MobilityData::Load(st);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->latest_time(), kNow);
  auto facts = BuildFacts(st, *data, kNow, 2, nullptr);
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  ASSERT_EQ(facts->size(), kEveryone.size());
  auto of = [&](const std::string& person) -> const rules::PersonFacts& { return (*facts)[st.persons().Find(person)]; };
  for (const auto& f : *facts) EXPECT_EQ(f.now.seconds, kNow);

  const auto& c = of(kCase);
  EXPECT_EQ(c.case_status, "confirmed");
  ASSERT_TRUE(c.case_onset_days_ago.has_value());
  EXPECT_EQ(*c.case_onset_days_ago, 3);  // floor(3.5 days since the onset)
  EXPECT_FALSE(c.contact_degree.has_value());

  const auto& close = of(kClose);
  EXPECT_EQ(close.case_status, "");
  ASSERT_TRUE(close.contact_degree.has_value());
  EXPECT_EQ(*close.contact_degree, 1);
  EXPECT_EQ(close.contact_kind, "colocation");
  EXPECT_EQ(close.contact_last_days_ago, 5);  // floor(5.33): the contact ended 11-05T04
  EXPECT_EQ(close.contact_minutes, 120);
  EXPECT_EQ(close.negatives_24h_apart_since_contact, 0);
  EXPECT_FALSE(close.last_negative_hours_ago.has_value());

  const auto& two = of(kSecondTwoTests);
  EXPECT_EQ(two.contact_degree, 2);
  EXPECT_EQ(two.contact_kind, "second_degree");
  EXPECT_EQ(two.contact_last_days_ago, 4);  // floor(4.33): ended 11-06T04
  // The negative before the contact does not count; the two after are 25 h apart.
  EXPECT_EQ(two.negatives_24h_apart_since_contact, 2);
  EXPECT_EQ(two.last_negative_hours_ago, 58);  // 11-08T02 -> 11-10T12

  const auto& one = of(kSecondOneTest);
  EXPECT_EQ(one.contact_degree, 2);
  EXPECT_EQ(one.negatives_24h_apart_since_contact, 1);  // 12 h apart: one
  EXPECT_EQ(one.last_negative_hours_ago, 71);           // 11-07T13 -> 11-10T12

  const auto& fever = of(kFever);
  EXPECT_EQ(fever.fever, true);  // 38.2 on the latest declaration before now
  EXPECT_EQ(fever.symptoms, std::vector<std::string>{"cough"});
  EXPECT_EQ(fever.declaration_days_ago, 0);
  EXPECT_FALSE(fever.contact_degree.has_value());

  const auto& high = of(kHighRisk);
  EXPECT_EQ(high.high_risk_days_ago, 1);  // local day 11-09, today 11-10
  EXPECT_FALSE(high.medium_risk_days_ago.has_value());
  EXPECT_EQ(high.regions, std::vector<std::string>{"510105"});

  const auto& medium = of(kMediumTested);
  EXPECT_EQ(medium.medium_risk_days_ago, 1);
  EXPECT_FALSE(medium.high_risk_days_ago.has_value());
  EXPECT_EQ(medium.last_negative_hours_ago, 12);
  EXPECT_FALSE(medium.negatives_24h_apart_since_contact.has_value());  // no contact: not counted
  EXPECT_EQ(medium.regions, std::vector<std::string>{"510106"});
  EXPECT_EQ(of(kMediumUntested).last_negative_hours_ago, 60);

  const auto& nothing = of(kNothing);
  EXPECT_EQ(nothing.case_status, "");
  EXPECT_FALSE(nothing.contact_degree.has_value());
  EXPECT_FALSE(nothing.high_risk_days_ago.has_value());
  EXPECT_FALSE(nothing.fever.has_value());
  EXPECT_FALSE(nothing.declaration_days_ago.has_value());
  EXPECT_FALSE(nothing.last_negative_hours_ago.has_value());
  EXPECT_FALSE(nothing.negatives_24h_apart_since_contact.has_value());
  EXPECT_TRUE(nothing.regions.empty());  // 2-hour stays make no itinerary entry

  // As of the day before: the fever declaration of 11-10 is in the future,
  // the one of 11-09 (36.5) is today's and is not a fever.
  auto earlier = BuildFacts(st, *data, T("2026-11-09T12:00:00Z"), 1, nullptr);
  ASSERT_TRUE(earlier.ok());
  const auto& fever_before = (*earlier)[st.persons().Find(kFever)];
  EXPECT_EQ(fever_before.fever, false);
  EXPECT_EQ(fever_before.declaration_days_ago, 0);
  EXPECT_EQ((*earlier)[st.persons().Find(kHighRisk)].high_risk_days_ago, 0);
}

TEST(AssessTest, RunColoursStoresColoursReasonsAndTheDay) {
  TestRegion region;
  ASSERT_TRUE(region.ok());
  store::Store& st = region.store();
  const rules::RuleSet rules = DefaultRules();
  auto r = RunColours(st, rules, kNow, 2, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->ruleset_version, rules.version());
  EXPECT_EQ(r->now, kNow);
  EXPECT_EQ(r->counts[0], 3u);  // green: P3, P7, P8
  EXPECT_EQ(r->counts[1], 4u);  // yellow: P4, P5, P6, P9
  EXPECT_EQ(r->counts[2], 2u);  // red: P1, P2

  struct Want {
    std::string person;
    Colour colour;
    std::vector<std::string> reasons;
  };
  const std::vector<Want> want = {
      {kCase, Colour::kRed, {"Registered confirmed case"}},
      {kClose, Colour::kRed, {"Close contact of a case (colocation), 5 day(s) ago"}},
      {kSecondTwoTests, Colour::kGreen, {}},
      {kSecondOneTest,
       Colour::kYellow,
       {"Second-degree contact or spatiotemporal companion 4 day(s) ago; yellow until two negative tests at least "
        "24 h apart"}},
      {kFever, Colour::kYellow, {"Declared fever or symptoms today (cough)"}},
      {kHighRisk, Colour::kYellow, {"Stayed in a high-risk area 1 day(s) ago"}},
      {kNothing, Colour::kGreen, {}},
      {kMediumTested, Colour::kGreen, {}},
      {kMediumUntested,
       Colour::kYellow,
       {"Stayed in a medium-risk area 1 day(s) ago and no negative test in the last 48 h"}},
  };
  for (const Want& w : want) {
    auto c = GetColour(st, w.person);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE(c->has_value()) << w.person;
    EXPECT_EQ((*c)->colour, w.colour) << w.person;
    EXPECT_EQ((*c)->ruleset_version, rules.version());
    EXPECT_EQ((*c)->computed_at, kNow);
    EXPECT_EQ(ReasonsOf(**c), w.reasons) << w.person;
  }
  auto none = GetColour(st, "510104-00000000000000ff");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  // The day's counts for the admin chart.
  auto day = st.Get("H:2026-11-10");
  ASSERT_TRUE(day.ok());
  ASSERT_TRUE(day->has_value());
  const auto h = boost::json::parse(**day).as_object();
  EXPECT_EQ(h.at("green").to_number<int>(), 3);
  EXPECT_EQ(h.at("yellow").to_number<int>(), 4);
  EXPECT_EQ(h.at("red").to_number<int>(), 2);
  EXPECT_EQ(h.at("ruleset").as_string(), rules.version());
  EXPECT_EQ(h.at("computed_at").as_string(), "2026-11-10T12:00:00Z");

  // Without --now: one second before the end of the latest location record.
  auto d = RunColours(st, rules, -1, 1, nullptr);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->now, kNow - 1);
}

TEST(AssessTest, DryRunCountsTransitionsAndStoresNothing) {
  TestRegion region;
  ASSERT_TRUE(region.ok());
  store::Store& st = region.store();
  ASSERT_TRUE(RunColours(st, DefaultRules(), kNow, 1, nullptr).ok());

  // The same rules again: nothing changes.
  auto same = RunDryRun(st, DefaultRules(), kNow, 1, 5);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->transitions[0][0], 3u);
  EXPECT_EQ(same->transitions[1][1], 4u);
  EXPECT_EQ(same->transitions[2][2], 2u);
  EXPECT_TRUE(same->samples.empty());

  // Fever turns red: exactly P5 moves from yellow to red, with the new reason.
  auto fever_red = rules::RuleSet::Parse(FeverRedRules("test-fever-red"));
  ASSERT_TRUE(fever_red.ok()) << fever_red.status().ToString();
  auto d = RunDryRun(st, *fever_red, kNow, 2, 5);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->ruleset_version, "test-fever-red");
  const uint64_t want[3][3] = {{3, 0, 0}, {0, 3, 1}, {0, 0, 2}};
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) EXPECT_EQ(d->transitions[a][b], want[a][b]) << a << "->" << b;
  }
  ASSERT_EQ(d->samples.size(), 1u);
  EXPECT_EQ(d->samples[0].person, kFever);
  EXPECT_EQ(d->samples[0].from, Colour::kYellow);
  EXPECT_EQ(d->samples[0].to, Colour::kRed);
  EXPECT_EQ(d->samples[0].reasons, std::vector<std::string>{"Declared fever or symptoms today (cough)"});

  // No samples asked: the counts only.
  auto counts_only = RunDryRun(st, *fever_red, kNow, 1, 0);
  ASSERT_TRUE(counts_only.ok());
  EXPECT_EQ(counts_only->transitions[1][2], 1u);
  EXPECT_TRUE(counts_only->samples.empty());

  // Nothing was stored: P5 is still yellow under the default rules.
  auto c = GetColour(st, kFever);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->colour, Colour::kYellow);
  EXPECT_EQ((*c)->ruleset_version, DefaultRules().version());
  auto active = ActiveRules(st, DefaultRulesPath());
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->version(), DefaultRules().version());
}

TEST(AssessTest, DryRunBeforeAnyColoursCountsFromGreen) {
  TestRegion region;
  ASSERT_TRUE(region.ok());
  auto d = RunDryRun(region.store(), DefaultRules(), kNow, 1, 10);
  ASSERT_TRUE(d.ok());
  const uint64_t want[3][3] = {{3, 4, 2}, {0, 0, 0}, {0, 0, 0}};
  for (int a = 0; a < 3; ++a) {
    for (int b = 0; b < 3; ++b) EXPECT_EQ(d->transitions[a][b], want[a][b]) << a << "->" << b;
  }
  EXPECT_EQ(d->samples.size(), 6u);  // 4 green->yellow, 2 green->red
}

TEST(AssessTest, PublishRejectsAMalformedRuleSetAndKeepsTheActiveOne) {
  TestRegion region;
  ASSERT_TRUE(region.ok());
  store::Store& st = region.store();
  boost::json::value doc = boost::json::parse(DefaultRulesText());
  doc.as_object()["version"] = "test-bad";
  auto& list = doc.as_object()["rules"].as_array();
  list.push_back(boost::json::parse(R"({"id": "x", "colour": "purple", "when": true, "reason": "x"})"));
  const std::string bad_colour = boost::json::serialize(doc);
  list.back() = boost::json::parse(R"({"id": "y", "colour": "red", "when": {"==": [1]}, "reason": "y"})");
  const std::string bad_logic = boost::json::serialize(doc);

  const Status colour = PublishRules(st, bad_colour);
  EXPECT_EQ(colour.code(), StatusCode::kInvalidArgument) << colour.ToString();
  EXPECT_NE(colour.message().find("rule \"x\""), std::string::npos) << colour.message();
  EXPECT_NE(colour.message().find("unknown colour \"purple\""), std::string::npos) << colour.message();
  const Status logic = PublishRules(st, bad_logic);
  EXPECT_EQ(logic.code(), StatusCode::kInvalidArgument) << logic.ToString();
  EXPECT_NE(logic.message().find("rule \"y\""), std::string::npos) << logic.message();
  EXPECT_NE(logic.message().find("takes 2 arguments"), std::string::npos) << logic.message();
  EXPECT_EQ(PublishRules(st, "{not json").code(), StatusCode::kInvalidArgument);

  for (const char* key : {"Q:rules", "Q:rules:test-bad"}) {
    auto v = st.Get(key);
    ASSERT_TRUE(v.ok());
    EXPECT_FALSE(v->has_value()) << key;
  }
  auto active = ActiveRules(st, DefaultRulesPath());
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->version(), DefaultRules().version());
}

TEST(AssessTest, PublishedRulesBecomeActiveAndEveryVersionIsKept) {
  TestRegion region;
  ASSERT_TRUE(region.ok());
  store::Store& st = region.store();
  const std::string v1 = FeverRedRules("test-publish-1");
  const std::string v2 = DefaultRulesText();
  ASSERT_TRUE(PublishRules(st, v1).ok());
  auto active = ActiveRules(st, DefaultRulesPath());
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->version(), "test-publish-1");
  auto r = RunColours(st, *active, kNow, 1, nullptr);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->counts[2], 3u);
  auto c = GetColour(st, kFever);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->colour, Colour::kRed);
  EXPECT_EQ((*c)->ruleset_version, "test-publish-1");

  // A second publish replaces the active set; the first stays under its version.
  ASSERT_TRUE(PublishRules(st, v2).ok());
  auto again = ActiveRules(st, "/nonexistent/default.json");  // the published one wins over the file
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->version(), DefaultRules().version());
  auto kept = st.Get("Q:rules:test-publish-1");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ(**kept, v1);
  auto current = st.Get("Q:rules");
  ASSERT_TRUE(current.ok() && current->has_value());
  EXPECT_EQ(**current, v2);
}

}  // namespace
}  // namespace onecode::pipeline
