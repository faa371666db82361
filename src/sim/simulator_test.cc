// End-to-end tests of the simulator: determinism, the documented file
// formats, agreement between feeds and truth, drift statistics against the
// configured rates, and the outbreak.
#include "sim/simulator.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "core/geo.h"
#include "core/pseudonym.h"
#include "core/region.h"
#include "core/time.h"
#include "feeds/csv_reader.h"
#include "feeds/schema.h"
#include "feeds/table_reader.h"

namespace onecode::sim {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;

std::string TempDir(const std::string& tag) {
  std::string templ = (fs::temp_directory_path() / ("onecode-" + tag + "-XXXXXX")).string();
  char* made = mkdtemp(templ.data());
  EXPECT_NE(made, nullptr);
  return templ;
}

// Reads a table, checking the header and every record against the schema.
Rows ReadTable(const std::string& dir, Table table) {
  Rows rows;
  const Status st = ForEachRow(dir + "/" + RelativePath(SchemaOf(table)), table,
                               [&](const std::vector<std::string_view>& fields) {
                                 rows.emplace_back(fields.begin(), fields.end());
                                 return Status::Ok();
                               });
  EXPECT_TRUE(st.ok()) << st.ToString();
  return rows;
}

int64_t Time(const std::string& s) {
  auto t = ParseTimestamp(s);
  EXPECT_TRUE(t.ok()) << s;
  return t.ok() ? t->seconds : 0;
}

std::string FileBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

SimParams SmallParams(uint64_t seed) {
  SimParams p;
  p.persons = 6000;
  p.days = 10;
  p.seed = seed;
  p.outbreak.seeds = 8;  // enough spread in a small region to test every record kind
  return p;
}

// One default-parameter region shared by the read-only tests.
class SimulatedRegion : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(TempDir("sim"));
    summary_ = new SimSummary;
    const Status st = RunSimulation(SmallParams(7), *dir_, nullptr, summary_);
    ASSERT_TRUE(st.ok()) << st.ToString();
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete summary_;
  }
  static const std::string& dir() { return *dir_; }
  static const SimSummary& summary() { return *summary_; }

 private:
  static std::string* dir_;
  static SimSummary* summary_;
};
std::string* SimulatedRegion::dir_ = nullptr;
SimSummary* SimulatedRegion::summary_ = nullptr;

TEST(SimulatorTest, SameSeedSameBytesWhateverTheThreads) {
  const std::string a = TempDir("det-a"), b = TempDir("det-b"), c = TempDir("det-c");
  SimParams p = SmallParams(11);
  p.persons = 2500;
  p.days = 4;
  SimSummary s;
  ASSERT_TRUE(RunSimulation(p, a, nullptr, &s).ok());
  p.threads = 1;
  ASSERT_TRUE(RunSimulation(p, b, nullptr, &s).ok());
  p.threads = 2;
  p.seed = 12;
  ASSERT_TRUE(RunSimulation(p, c, nullptr, &s).ok());
  size_t files = 0, differing = 0;
  for (const auto& entry : fs::recursive_directory_iterator(a)) {
    if (!entry.is_regular_file()) continue;
    const fs::path rel = fs::relative(entry.path(), a);
    ++files;
    EXPECT_EQ(FileBytes(entry.path()), FileBytes(fs::path(b) / rel)) << rel;
    if (FileBytes(entry.path()) != FileBytes(fs::path(c) / rel)) ++differing;
  }
  EXPECT_EQ(files, AllTables().size() + 1);  // every table plus truth/params.json
  // A different seed changes the data files (headers-only files can match).
  EXPECT_GE(differing, 10u);
  EXPECT_NE(FileBytes(fs::path(a) / "feeds/cdr.csv"), FileBytes(fs::path(c) / "feeds/cdr.csv"));
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST(SimulatorTest, RejectsBadParameters) {
  SimParams p = SmallParams(1);
  p.persons = 0;
  EXPECT_EQ(ValidateParams(p).code(), StatusCode::kInvalidArgument);
  p = SmallParams(1);
  p.days = 0;
  EXPECT_EQ(ValidateParams(p).code(), StatusCode::kInvalidArgument);
  p = SmallParams(1);
  p.provinces = 27;
  EXPECT_EQ(ValidateParams(p).code(), StatusCode::kInvalidArgument);
  p = SmallParams(1);
  p.drift.nearest_share = 1.5;
  EXPECT_EQ(ValidateParams(p).code(), StatusCode::kInvalidArgument);
  SimSummary s;
  const Status st = RunSimulation(SmallParams(1), "/proc/onecode-cannot-write-here", nullptr, &s);
  EXPECT_EQ(st.code(), StatusCode::kIoError) << st.ToString();
}

TEST_F(SimulatedRegion, EveryFileParsesWithTheDocumentedHeaderAndTypes) {
  std::set<std::string> enums_seen;
  for (const TableSchema& schema : AllTables()) {
    const Rows rows = ReadTable(dir(), schema.table);
    EXPECT_EQ(rows.size(), summary().rows[static_cast<size_t>(schema.table)]) << schema.name;
    for (const auto& row : rows) {
      for (size_t c = 0; c < schema.columns.size() && c < row.size(); ++c) {
        const Column& col = schema.columns[c];
        const std::string& v = row[c];
        if (v.empty()) {
          EXPECT_TRUE(col.optional) << schema.name << "." << col.name << " is empty";
          continue;
        }
        switch (col.type) {
          case ColumnType::kPerson: EXPECT_TRUE(ValidatePseudonym(v).ok()) << v; break;
          case ColumnType::kRegion: EXPECT_TRUE(RegionCode::Parse(v).ok()) << v; break;
          case ColumnType::kTimestamp: EXPECT_TRUE(ParseTimestamp(v).ok()) << v; break;
          case ColumnType::kDate: EXPECT_TRUE(ParseDate(v).ok()) << v; break;
          case ColumnType::kInteger:
            EXPECT_EQ(v.find_first_not_of("0123456789"), std::string::npos) << schema.name << "." << col.name << "=" << v;
            break;
          case ColumnType::kDecimal: {
            char* end = nullptr;
            std::strtod(v.c_str(), &end);
            EXPECT_EQ(*end, '\0') << v;
            break;
          }
          case ColumnType::kEnum:
            // The note lists the allowed values: "a | b | c".
            EXPECT_NE(std::string(col.note).find(v), std::string::npos) << schema.name << "." << col.name << "=" << v;
            enums_seen.insert(std::string(schema.name) + "." + std::string(col.name) + "=" + v);
            break;
          case ColumnType::kId:
          case ColumnType::kText: break;
        }
      }
    }
  }
  // The region has all three modes of transport and tests of both results.
  for (const char* e : {"transport.mode=train", "transport.mode=coach", "tests.result=negative",
                        "tests.result=positive", "cases.status=confirmed"}) {
    EXPECT_TRUE(enums_seen.count(e)) << e;
  }
}

TEST_F(SimulatedRegion, GeographyHasProvincesCitiesAndTenPlusCounties) {
  const Rows regions = ReadTable(dir(), Table::kRegions);
  int provinces = 0, cities = 0, counties = 0;
  std::set<std::string> codes;
  for (const auto& r : regions) {
    EXPECT_TRUE(codes.insert(r[0]).second) << "duplicate region " << r[0];
    auto code = RegionCode::Parse(r[0]);
    ASSERT_TRUE(code.ok());
    if (r[2] == "province") { ++provinces; EXPECT_EQ(code->level(), RegionLevel::kProvince); EXPECT_TRUE(r[3].empty()); }
    if (r[2] == "city") { ++cities; EXPECT_EQ(code->level(), RegionLevel::kCity); EXPECT_EQ(r[3], code->Parent()->ToString()); }
    if (r[2] == "county") { ++counties; EXPECT_EQ(code->level(), RegionLevel::kCounty); EXPECT_EQ(r[3], code->Parent()->ToString()); }
  }
  EXPECT_EQ(provinces, 1);
  EXPECT_GE(cities, 3);
  EXPECT_GE(counties, 10);
  // Towers: dense downtown (radius <= 500 m) and sparse countryside (2-5 km spacing).
  const Rows cells = ReadTable(dir(), Table::kCells);
  size_t dense = 0, sparse = 0;
  for (const auto& c : cells) {
    EXPECT_TRUE(codes.count(c[4])) << c[4];
    const int r = std::stoi(c[3]);
    if (r <= 500) ++dense;
    if (r >= 1500) ++sparse;
  }
  EXPECT_GT(dense, 1000u);
  EXPECT_GT(sparse, 1000u);
}

TEST_F(SimulatedRegion, FeedsReferToKnownPersonsCellsAndVenues) {
  std::unordered_set<std::string> persons, cells, venues;
  for (const auto& r : ReadTable(dir(), Table::kPersons)) {
    EXPECT_TRUE(persons.insert(r[0]).second) << "duplicate person " << r[0];
    EXPECT_EQ(r[0].substr(0, 6), r[2]) << "pseudonym carries the home county";
    EXPECT_GE(r[1].size(), 6u) << "a Chinese name has at least two characters";
    EXPECT_EQ(r[3].size(), 4u);
  }
  EXPECT_EQ(persons.size(), 6000u);
  // Pseudonyms stay unique at scale (resident IDs never clash).
  {
    const std::string big = TempDir("unique");
    SimParams p = SmallParams(21);
    p.persons = 120000;
    p.days = 1;
    SimSummary s;
    ASSERT_TRUE(RunSimulation(p, big, nullptr, &s).ok());
    std::unordered_set<std::string> ids;
    for (const auto& r : ReadTable(big, Table::kPersons)) EXPECT_TRUE(ids.insert(r[0]).second) << r[0];
    EXPECT_EQ(ids.size(), 120000u);
    fs::remove_all(big);
  }
  for (const auto& r : ReadTable(dir(), Table::kCells)) cells.insert(r[0]);
  for (const auto& r : ReadTable(dir(), Table::kVenues)) venues.insert(r[0]);
  for (const auto& r : ReadTable(dir(), Table::kCdr)) {
    ASSERT_TRUE(persons.count(r[0])) << r[0];
    ASSERT_TRUE(cells.count(r[1])) << r[1];
  }
  for (const auto& r : ReadTable(dir(), Table::kVenueScans)) {
    ASSERT_TRUE(persons.count(r[0]));
    ASSERT_TRUE(venues.count(r[1])) << r[1];
  }
  for (Table t : {Table::kTransport, Table::kTests, Table::kDeclarations, Table::kCases}) {
    const size_t column = t == Table::kCases ? 1 : 0;
    for (const auto& r : ReadTable(dir(), t)) { ASSERT_TRUE(persons.count(r[column])) << r[column]; }
  }
}

TEST_F(SimulatedRegion, LocationRecordsAreOrderedAndCoverEveryTrueStay) {
  std::unordered_map<std::string, std::vector<std::pair<int64_t, int64_t>>> records;
  for (const auto& r : ReadTable(dir(), Table::kCdr)) {
    const int64_t s = Time(r[2]), e = Time(r[3]);
    ASSERT_LT(s, e);
    auto& v = records[r[0]];
    if (!v.empty()) { ASSERT_LE(v.back().second, s) << "records of " << r[0] << " overlap or are unordered"; }
    v.emplace_back(s, e);
  }
  size_t stays = 0, covered = 0;
  for (const auto& r : ReadTable(dir(), Table::kTruthStays)) {
    const int64_t s = Time(r[4]), e = Time(r[5]);
    ASSERT_LT(s, e);
    ++stays;
    const auto& v = records[r[0]];
    auto it = std::upper_bound(v.begin(), v.end(), std::make_pair(s, INT64_MAX));
    if (it != v.begin()) --it;
    for (; it != v.end() && it->first < e; ++it) {
      if (it->second > s) { ++covered; break; }
    }
  }
  EXPECT_GT(stays, 6000u * 10);
  EXPECT_EQ(covered, stays) << "every true stay overlaps at least one operator record";
}

TEST_F(SimulatedRegion, TruthItinerariesFollowFromTrueStays) {
  std::unordered_map<std::string, std::string> county_of_place;
  for (const auto& r : ReadTable(dir(), Table::kTruthPlaces)) county_of_place[r[0]] = r[4];
  std::map<std::tuple<std::string, int64_t, std::string>, int64_t> seconds;
  for (const auto& r : ReadTable(dir(), Table::kTruthStays)) {
    const int64_t s = Time(r[4]), e = Time(r[5]);
    const int64_t day = LocalDayOf(Timestamp{s}, kChinaUtcOffsetSeconds);
    ASSERT_EQ(day, LocalDayOf(Timestamp{e - 1}, kChinaUtcOffsetSeconds)) << "stays are split at local midnight";
    seconds[{r[0], day, county_of_place.at(r[1])}] += e - s;
  }
  std::set<std::tuple<std::string, int64_t, std::string>> expected, actual;
  for (const auto& [key, s] : seconds) {
    if (s >= 4 * 3600) expected.insert(key);
  }
  for (const auto& r : ReadTable(dir(), Table::kTruthItineraries)) {
    actual.insert({r[0], *ParseDate(r[1]), r[2]});
    EXPECT_GE(std::stoi(r[3]), 240);
  }
  EXPECT_EQ(actual, expected);
}

TEST_F(SimulatedRegion, OutbreakProducesCasesContactsTestsAndRiskAreas) {
  EXPECT_GE(summary().infections, 20u) << "8 seeds spread further in 10 days";
  EXPECT_GE(summary().cases, 5u);
  EXPECT_GT(summary().true_contacts, summary().cases);
  std::unordered_map<std::string, int64_t> infected_at;
  std::unordered_set<std::string> case_persons;
  const Rows cases = ReadTable(dir(), Table::kCases);
  std::set<std::string> case_counties;
  for (const auto& c : cases) {
    if (c[2] == "confirmed" || c[2] == "asymptomatic") {
      case_persons.insert(c[1]);
      case_counties.insert(c[5]);
    }
    if (c[2] == "asymptomatic") { EXPECT_TRUE(c[3].empty()) << "asymptomatic cases have no onset"; }
    if (c[2] == "confirmed") { EXPECT_FALSE(c[3].empty()); }
  }
  EXPECT_EQ(case_persons.size(), summary().cases);
  const Rows infections = ReadTable(dir(), Table::kTruthInfections);
  for (const auto& r : infections) infected_at[r[0]] = Time(r[1]);
  size_t seeds = 0;
  for (const auto& r : infections) {
    if (r[2].empty()) { ++seeds; continue; }
    ASSERT_TRUE(infected_at.count(r[2])) << "infector " << r[2] << " was never infected";
    EXPECT_LT(infected_at[r[2]] + 86400, infected_at[r[0]] + 1) << "infector infectious only a day after infection";
    EXPECT_FALSE(r[3].empty()) << "a transmission has a place or vehicle";
    if (!r[6].empty()) { EXPECT_TRUE(case_persons.count(r[0])); }
  }
  EXPECT_EQ(seeds, 8u);
  // Every case has a positive test no later than its report.
  std::unordered_map<std::string, int64_t> first_positive;
  for (const auto& t : ReadTable(dir(), Table::kTests)) {
    if (t[2] != "positive") continue;
    auto [it, fresh] = first_positive.emplace(t[0], Time(t[1]));
    if (!fresh) it->second = std::min(it->second, Time(t[1]));
  }
  for (const auto& c : cases) {
    if (c[2] != "confirmed" && c[2] != "asymptomatic") continue;
    ASSERT_TRUE(first_positive.count(c[1])) << c[1];
    EXPECT_LE(first_positive[c[1]], Time(c[4]));
  }
  // Contacts: person is a case; at least 15 minutes; both kinds of evidence valid.
  for (const auto& r : ReadTable(dir(), Table::kTruthContacts)) {
    ASSERT_TRUE(case_persons.count(r[0])) << r[0];
    EXPECT_NE(r[0], r[1]);
    EXPECT_GE(std::stoi(r[6]), 15);
    EXPECT_LE(Time(r[4]), Time(r[5]));
  }
  // Counties with cases get medium or high risk periods.
  std::set<std::string> risky;
  for (const auto& r : ReadTable(dir(), Table::kRiskAreas)) {
    risky.insert(r[0]);
    EXPECT_LT(Time(r[2]), Time(r[3]));
  }
  EXPECT_EQ(risky, case_counties);
}

TEST_F(SimulatedRegion, HealthRecordsAgreeWithTheTruthAndStayInThePeriod) {
  const int64_t start = LocalDayStart(*ParseDate("2026-11-01"), kChinaUtcOffsetSeconds).seconds;
  const int64_t end = start + 10 * 86400;
  std::unordered_map<std::string, int64_t> infected_at;
  for (const auto& r : ReadTable(dir(), Table::kTruthInfections)) infected_at[r[0]] = Time(r[1]);
  // A test is positive exactly when the person was infected 2-21 days before.
  size_t positives = 0, negatives = 0;
  for (const auto& t : ReadTable(dir(), Table::kTests)) {
    const int64_t when = Time(t[1]);
    EXPECT_GE(when, start);
    EXPECT_LT(when, end);
    const auto it = infected_at.find(t[0]);
    const bool detectable = it != infected_at.end() && when >= it->second + 2 * 86400 && when < it->second + 21 * 86400;
    EXPECT_EQ(t[2] == "positive", detectable) << t[0] << " sampled " << t[1];
    (t[2] == "positive" ? positives : negatives)++;
  }
  EXPECT_GT(positives, 0u);
  EXPECT_GT(negatives, positives);
  for (const auto& d : ReadTable(dir(), Table::kDeclarations)) {
    EXPECT_GE(Time(d[1]), start);
    EXPECT_LT(Time(d[1]), end);
  }
  for (const auto& c : ReadTable(dir(), Table::kCases)) {
    EXPECT_GE(Time(c[4]), start);
    EXPECT_LT(Time(c[4]), end);
  }
}

TEST_F(SimulatedRegion, VenueScansAreInTimeOrderAndForwardedOnesAreFlaggedInTruth) {
  std::map<std::string, int64_t> last;
  std::set<std::tuple<std::string, std::string, std::string>> scans;
  for (const auto& r : ReadTable(dir(), Table::kVenueScans)) {
    const int64_t t = Time(r[2]);
    auto [it, fresh] = last.emplace(r[0], t);
    if (!fresh) {
      EXPECT_LE(it->second, t) << r[0];
      it->second = t;
    }
    scans.insert({r[0], r[1], r[2]});
  }
  size_t forwarded = 0;
  for (const auto& r : ReadTable(dir(), Table::kTruthForwardedScans)) {
    EXPECT_TRUE(scans.count({r[0], r[1], r[2]})) << "forwarded scans also appear in the feed";
    ++forwarded;
  }
  EXPECT_GT(forwarded, 0u);
}

TEST_F(SimulatedRegion, TheServingCellOftenSurvivesMidnight) {
  // Records are split at local midnight (daily operator files), but the phone
  // keeps its cell: the first record of a day usually continues the last one.
  // Rows are ordered by day, then person: keep each person's last record.
  std::unordered_map<std::string, std::pair<std::string, std::string>> last;  // cell, end
  size_t continued = 0, days = 0;
  for (const auto& r : ReadTable(dir(), Table::kCdr)) {
    auto& [cell, end] = last[r[0]];
    if (r[2] == end && r[2].substr(11) == "16:00:00Z") {
      ++days;
      if (r[1] == cell) ++continued;
    }
    cell = r[1];
    end = r[3];
  }
  EXPECT_GT(days, 1000u);
  EXPECT_GT(static_cast<double>(continued) / static_cast<double>(days), 0.7);
}

TEST_F(SimulatedRegion, TransportSeatsAreUniquePerVehicleAndDate) {
  std::set<std::tuple<std::string, std::string, std::string>> seats;
  size_t rows = 0;
  for (const auto& r : ReadTable(dir(), Table::kTransport)) {
    ++rows;
    EXPECT_TRUE(seats.insert({r[2], r[3], r[8]}).second) << r[2] << " " << r[3] << " seat " << r[8];
    EXPECT_LT(Time(r[4]), Time(r[5]));
    EXPECT_NE(r[6], r[7]);
  }
  EXPECT_GT(rows, 50u);
}

// Measures drift on a region with one kind of drift switched on at a time.
struct DriftStats {
  double nearest_time_share = 0;   // of record time inside stays
  double far_jumps_per_person_day = 0;
  double stay_coverage = 0;        // share of stay time with a record
  double gapped_stay_share = 0;    // stays >= 1 h with an uncovered stretch >= 10 min
  double pingpong_per_stay_hour = 0;
};

DriftStats MeasureDrift(const DriftParams& drift, int persons, int days) {
  const std::string dir = TempDir("drift");
  SimParams p;
  p.persons = persons;
  p.days = days;
  p.seed = 99;
  p.drift = drift;
  SimSummary summary;
  EXPECT_TRUE(RunSimulation(p, dir, nullptr, &summary).ok());
  struct Cell { LonLat pos; };
  std::unordered_map<std::string, LonLat> cells;
  std::vector<std::pair<std::string, LonLat>> cell_list;
  for (const auto& r : ReadTable(dir, Table::kCells)) {
    const LonLat pos{std::stod(r[1]), std::stod(r[2])};
    cells[r[0]] = pos;
    cell_list.emplace_back(r[0], pos);
  }
  struct Rec { int64_t s, e; std::string cell; };
  std::unordered_map<std::string, std::vector<Rec>> records;
  for (const auto& r : ReadTable(dir, Table::kCdr)) records[r[0]].push_back(Rec{Time(r[2]), Time(r[3]), r[1]});
  DriftStats st;
  double in_stay = 0, on_nearest = 0, stay_time = 0, covered_time = 0, stay_hours = 0;
  size_t far = 0, long_stays = 0, gapped = 0, pingpongs = 0;
  std::unordered_map<std::string, std::string> nearest_cache;
  for (const auto& r : ReadTable(dir, Table::kTruthStays)) {
    const LonLat pos{std::stod(r[2]), std::stod(r[3])};
    const int64_t s = Time(r[4]), e = Time(r[5]);
    auto& nearest = nearest_cache[r[2] + "," + r[3]];
    if (nearest.empty()) {
      double best = 1e18;
      for (const auto& [id, cpos] : cell_list) {
        const double d = DistanceMetres(pos, cpos);
        if (d < best) { best = d; nearest = id; }
      }
    }
    stay_time += static_cast<double>(e - s);
    stay_hours += static_cast<double>(e - s) / 3600;
    const auto& v = records[r[0]];
    int64_t longest_hole = 0, last_end = s;
    std::vector<const Rec*> inside;
    for (const Rec& rec : v) {
      if (rec.e <= s || rec.s >= e) continue;
      const int64_t a = std::max(rec.s, s), b = std::min(rec.e, e);
      covered_time += static_cast<double>(b - a);
      longest_hole = std::max(longest_hole, a - last_end);
      last_end = b;
      inside.push_back(&rec);
      in_stay += static_cast<double>(b - a);
      if (rec.cell == nearest) on_nearest += static_cast<double>(b - a);
      if (DistanceMetres(cells[rec.cell], pos) > 4000 && rec.e - rec.s <= 180) ++far;
    }
    longest_hole = std::max(longest_hole, e - last_end);
    // Stays that start or end at midnight can be cut by the night gap; count
    // only daytime stays of an hour or more.
    if (e - s >= 3600) {
      ++long_stays;
      if (longest_hole >= 600) ++gapped;
    }
    // Ping-pong episodes: maximal A-B-A alternations with short middles.
    for (size_t k = 0; k + 2 < inside.size(); ++k) {
      if (inside[k]->cell == inside[k + 2]->cell && inside[k]->cell != inside[k + 1]->cell &&
          inside[k + 1]->e - inside[k + 1]->s <= 180 && inside[k]->e == inside[k + 1]->s &&
          inside[k + 1]->e == inside[k + 2]->s) {
        ++pingpongs;
        // Skip the rest of this alternation.
        while (k + 2 < inside.size() && inside[k]->cell == inside[k + 2]->cell &&
               inside[k + 1]->e - inside[k + 1]->s <= 180 && inside[k + 1]->e == inside[k + 2]->s) {
          ++k;
        }
      }
    }
  }
  st.nearest_time_share = on_nearest / in_stay;
  st.far_jumps_per_person_day = static_cast<double>(far) / (persons * days) / (stay_time > 0 ? covered_time / (static_cast<double>(persons) * days * 86400) : 1);
  st.stay_coverage = covered_time / stay_time;
  st.gapped_stay_share = static_cast<double>(gapped) / static_cast<double>(long_stays);
  st.pingpong_per_stay_hour = static_cast<double>(pingpongs) / (covered_time / 3600);
  (void)stay_hours;
  std::printf("drift measured: nearest %.3f, far jumps/person-day %.3f, coverage %.3f, gapped stays %.3f, "
              "ping-pong/h %.3f\n", st.nearest_time_share, st.far_jumps_per_person_day, st.stay_coverage,
              st.gapped_stay_share, st.pingpong_per_stay_hour);
  fs::remove_all(dir);
  return st;
}

DriftParams NoDrift() {
  DriftParams d;
  d.nearest_share = 1.0;
  d.pingpong_per_hour = 0;
  d.far_jump_per_day = 0;
  d.stay_gap_probability = 0;
  d.night_gap_probability = 0;
  return d;
}

TEST(DriftTest, WithoutDriftRecordsSitOnTheNearestCell) {
  const DriftStats st = MeasureDrift(NoDrift(), 600, 2);
  EXPECT_GT(st.nearest_time_share, 0.999);
  EXPECT_GT(st.stay_coverage, 0.999);
  EXPECT_EQ(st.far_jumps_per_person_day, 0);
  EXPECT_EQ(st.pingpong_per_stay_hour, 0);
}

TEST(DriftTest, NearestShareMatchesTheConfiguredRate) {
  DriftParams d = NoDrift();
  d.nearest_share = 0.6;
  const DriftStats st = MeasureDrift(d, 800, 2);
  EXPECT_NEAR(st.nearest_time_share, 0.6, 0.04);
}

TEST(DriftTest, FarJumpsMatchTheConfiguredRate) {
  DriftParams d = NoDrift();
  d.far_jump_per_day = 2.0;
  const DriftStats st = MeasureDrift(d, 800, 2);
  // Jumps land uniformly in the day; those inside stays are counted, scaled
  // by the share of the day that stays cover.
  EXPECT_NEAR(st.far_jumps_per_person_day, 2.0, 0.35);
}

TEST(DriftTest, IdleGapsMatchTheConfiguredProbability) {
  DriftParams d = NoDrift();
  d.stay_gap_probability = 0.35;
  const DriftStats st = MeasureDrift(d, 800, 2);
  EXPECT_NEAR(st.gapped_stay_share, 0.35, 0.05);
  EXPECT_LT(st.stay_coverage, 0.95);
}

TEST(DriftTest, PingPongEpisodesMatchTheConfiguredRate) {
  DriftParams d = NoDrift();
  d.pingpong_per_hour = 0.5;
  const DriftStats st = MeasureDrift(d, 800, 2);
  EXPECT_NEAR(st.pingpong_per_stay_hour, 0.5, 0.12);
}

// The command line: --json prints one object with the documented keys; bad
// arguments exit non-zero with a one-line reason.
std::pair<int, std::string> RunCommand(const std::string& args) {
  const std::string cmd = std::string(ONECODE_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(SimCommandTest, JsonSummaryHasRowsPerFeedCasesAndContacts) {
  const std::string dir = TempDir("cli");
  auto [code, out] = RunCommand("sim --persons 1500 --days 3 --seed 5 --out " + dir + " --json");
  ASSERT_EQ(code, 0) << out;
  boost::json::value v = boost::json::parse(out);
  const auto& o = v.as_object();
  EXPECT_EQ(o.at("persons").as_int64(), 1500);
  for (const char* key : {"cases", "true_contacts", "infections", "rows", "truth_rows", "seconds"}) {
    EXPECT_TRUE(o.contains(key)) << key;
  }
  const auto& rows = o.at("rows").as_object();
  for (const TableSchema& t : AllTables()) {
    if (!t.is_truth) { EXPECT_TRUE(rows.contains(t.name)) << t.name; }
  }
  EXPECT_EQ(rows.at("persons").as_int64(), 1500);
  EXPECT_GT(rows.at("cdr").as_int64(), 1500 * 3 * 5);
  fs::remove_all(dir);
}

TEST(SimCommandTest, BadArgumentsFailWithAReason) {
  auto [code, out] = RunCommand("sim --persons 0 --days 3 --seed 5 --out /tmp/never");
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("--persons"), std::string::npos) << out;
  std::tie(code, out) = RunCommand("sim --persons 10 --days 3 --seed 5");
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("--out"), std::string::npos) << out;
  std::tie(code, out) = RunCommand("sim --persons 10 --days 3 --seed 5 --out /tmp/x --start 2026-02-30");
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("no such date"), std::string::npos) << out;
}

}  // namespace
}  // namespace onecode::sim
