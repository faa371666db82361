// Ingest: every row stored or quarantined with a reason, idempotent reloads,
// appends, clear errors for bad files.
#include "ingest/ingest.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "feeds/csv_reader.h"
#include "sim/simulator.h"
#include "store/store.h"

namespace onecode::ingest {
namespace {

namespace fs = std::filesystem;

std::string TempDir(const std::string& tag) {
  std::string templ = (fs::temp_directory_path() / ("onecode-ingest-" + tag + "-XXXXXX")).string();
  EXPECT_NE(mkdtemp(templ.data()), nullptr);
  return templ;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  auto reader = CsvReader::Open(path);
  if (!reader.ok()) return rows;
  CsvRecord rec;
  std::string error;
  while (reader->Next(&rec, &error) == CsvResult::kRecord) rows.emplace_back(rec.fields.begin(), rec.fields.end());
  return rows;
}

const char kP1[] = "510104-0000000000000001";
const char kP2[] = "510104-0000000000000002";

// A hand-made feed directory with two persons and two cells.
std::string SmallFeeds() {
  const std::string dir = TempDir("feeds");
  WriteFile(dir + "/persons.csv", std::string("person,name,home_region,phone_tail\n") + kP1 + ",张三,510104,1234\n" +
                                      kP2 + ",\"李, 四\",510104,5678\n");
  WriteFile(dir + "/cells.csv",
            "cell,lon,lat,radius_m,region\nc1,104.06,30.67,300,510104\nc2,104.07,30.68,400,510104\n");
  return dir;
}

struct Loaded {
  Status status;
  IngestReport report;
};

Loaded Ingest(const std::string& store_dir, const std::string& feeds) {
  Loaded out;
  auto store = store::Store::Open(store_dir, true);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return out;
  IngestOptions options;
  options.segment_rows = 1000;  // several segments even for small inputs
  out.status = IngestDirectory(**store, feeds, options, nullptr, &out.report);
  return out;
}

TEST(IngestTest, EachBadRowKindIsQuarantinedWithItsLineAndReason) {
  const std::string feeds = SmallFeeds(), store_dir = TempDir("store");
  std::string cdr = "person,cell,start,end\n";
  cdr += std::string(kP1) + ",c1,2026-11-01T00:00:00Z,2026-11-01T01:00:00Z\n";   // 2 good
  cdr += std::string(kP1) + ",c1,2026-11-01T01:00:00Z\n";                        // 3 column count
  cdr += std::string(kP1) + ",c2,yesterday,2026-11-01T02:00:00Z\n";              // 4 time
  cdr += std::string(kP1) + ",c2,2026-11-01T03:00:00Z,2026-11-01T02:00:00Z\n";   // 5 end < start
  cdr += std::string(kP1) + ",c9,2026-11-01T03:00:00Z,2026-11-01T04:00:00Z\n";   // 6 unknown cell
  cdr += "510104-00000000000000ff,c1,2026-11-01T03:00:00Z,2026-11-01T04:00:00Z\n";  // 7 unknown person
  cdr += std::string(kP2) + ",c\xff\xfe,2026-11-01T03:00:00Z,2026-11-01T04:00:00Z\n";  // 8 UTF-8
  cdr += std::string(kP2) + ",c1," + std::string(70000, '9') + ",x\n";           // 9 long line
  cdr += std::string(kP2) + ",c2,1793491200,1793494800\n";                        // 10 good (Unix seconds)
  cdr += "\"" + std::string(kP2) + "\",\"c1\",2026-11-01T05:00:00Z,2026-11-01T06:00:00Z\n";  // 11 good (quoted)
  WriteFile(feeds + "/cdr.csv", cdr);
  WriteFile(feeds + "/cases.csv", std::string("case,person,status,onset,reported,region\n") + "C1," + kP1 +
                                      ",confirmed,,2026-11-02T00:00:00Z,510104\n" + "C2," + kP2 +
                                      ",confirmed,,2026-11-02T00:00:00Z,990104\n" + "C3," + kP2 +
                                      ",healthy,,2026-11-02T00:00:00Z,510104\n");
  const Loaded r = Ingest(store_dir, feeds);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.report.loaded.at("cdr"), 3u);
  EXPECT_EQ(r.report.quarantined.at("cdr"), 7u);
  EXPECT_EQ(r.report.loaded.at("cases"), 1u);
  EXPECT_EQ(r.report.quarantined.at("cases"), 2u);
  for (const FileReport& f : r.report.files) EXPECT_EQ(f.rows, f.loaded + f.quarantined) << f.path;

  const auto q = ReadCsv(store_dir + "/quarantine/cdr.csv");
  ASSERT_EQ(q.size(), 8u);  // header + 7
  EXPECT_EQ(q[0], (std::vector<std::string>{"source", "line", "reason", "raw"}));
  std::map<std::string, std::string> reason_by_line;
  for (size_t i = 1; i < q.size(); ++i) {
    EXPECT_EQ(q[i][0], feeds + "/cdr.csv");
    reason_by_line[q[i][1]] = q[i][2];
  }
  EXPECT_NE(reason_by_line["3"].find("expected 4 fields"), std::string::npos) << reason_by_line["3"];
  EXPECT_NE(reason_by_line["4"].find("bad start"), std::string::npos) << reason_by_line["4"];
  EXPECT_EQ(reason_by_line["5"], "end before start");
  EXPECT_NE(reason_by_line["6"].find("unknown cell"), std::string::npos);
  EXPECT_NE(reason_by_line["7"].find("unknown person"), std::string::npos);
  EXPECT_EQ(reason_by_line["8"], "invalid UTF-8");
  EXPECT_EQ(reason_by_line["9"], "line longer than 64 KiB");
  // The raw line is kept (line 5 shown in full).
  for (size_t i = 1; i < q.size(); ++i) {
    if (q[i][1] == "5") {
      EXPECT_EQ(q[i][3], std::string(kP1) + ",c2,2026-11-01T03:00:00Z,2026-11-01T02:00:00Z");
    }
  }
  const auto qc = ReadCsv(store_dir + "/quarantine/cases.csv");
  ASSERT_EQ(qc.size(), 3u);
  EXPECT_NE(qc[1][2].find("region"), std::string::npos) << qc[1][2];
  EXPECT_NE(qc[2][2].find("status"), std::string::npos) << qc[2][2];

  auto store = store::Store::Open(store_dir, false);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->IntervalCount(), 3u);
  EXPECT_EQ((*store)->persons().size(), 2u);
  fs::remove_all(feeds);
  fs::remove_all(store_dir);
}

TEST(IngestTest, LoadingTheSameFilesTwiceChangesNothing) {
  const std::string dir = TempDir("sim"), store_dir = TempDir("store");
  sim::SimParams p;
  p.persons = 1500;
  p.days = 2;
  p.seed = 3;
  sim::SimSummary summary;
  ASSERT_TRUE(sim::RunSimulation(p, dir, nullptr, &summary).ok());
  const Loaded first = Ingest(store_dir, dir);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  EXPECT_EQ(first.report.loaded.at("cdr"), summary.rows[static_cast<size_t>(Table::kCdr)]);
  EXPECT_EQ(first.report.loaded.at("persons"), 1500u);
  uint64_t quarantined = 0;
  for (const auto& [feed, n] : first.report.quarantined) quarantined += n;
  EXPECT_EQ(quarantined, 0u) << "the simulator writes only valid rows";
  uint64_t intervals_after_first = 0;
  size_t keys_after_first = 0;
  {
    auto store = store::Store::Open(store_dir, false);
    ASSERT_TRUE(store.ok());
    intervals_after_first = (*store)->IntervalCount();
    EXPECT_EQ(intervals_after_first, summary.rows[static_cast<size_t>(Table::kCdr)]);
    EXPECT_GT((*store)->segments().size(), 1u);
    ASSERT_TRUE((*store)->Scan("", [&](std::string_view, std::string_view) { ++keys_after_first; return true; }).ok());
  }
  const Loaded second = Ingest(store_dir, dir);
  ASSERT_TRUE(second.status.ok());
  for (const FileReport& f : second.report.files) EXPECT_EQ(f.status, "already_loaded") << f.path;
  auto store = store::Store::Open(store_dir, false);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->IntervalCount(), intervals_after_first);
  size_t keys = 0;
  ASSERT_TRUE((*store)->Scan("", [&](std::string_view, std::string_view) { ++keys; return true; }).ok());
  EXPECT_EQ(keys, keys_after_first);
  // A copy of an already loaded file under another name is recognised too.
  const std::string copy_dir = TempDir("copy");
  fs::copy_file(dir + "/feeds/cdr.csv", copy_dir + "/cdr-copy.csv");
  store.value().reset();
  const Loaded third = Ingest(store_dir, copy_dir);
  ASSERT_TRUE(third.status.ok());
  ASSERT_EQ(third.report.files.size(), 1u);
  EXPECT_EQ(third.report.files[0].status, "already_loaded");
  for (const auto& d : {dir, store_dir, copy_dir}) fs::remove_all(d);
}

TEST(IngestTest, ALaterDaysFileAppends) {
  const std::string feeds = SmallFeeds(), store_dir = TempDir("store");
  WriteFile(feeds + "/cdr-2026-11-01.csv",
            std::string("person,cell,start,end\n") + kP1 + ",c1,2026-11-01T00:00:00Z,2026-11-01T01:00:00Z\n");
  ASSERT_TRUE(Ingest(store_dir, feeds).status.ok());
  const std::string later = TempDir("later");
  WriteFile(later + "/cdr-2026-11-02.csv", std::string("person,cell,start,end\n") + kP1 +
                                               ",c2,2026-11-02T00:00:00Z,2026-11-02T01:00:00Z\n" + kP2 +
                                               ",c2,2026-11-02T00:00:00Z,2026-11-02T01:00:00Z\n");
  const Loaded r = Ingest(store_dir, later);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.report.loaded.at("cdr"), 2u);
  auto store = store::Store::Open(store_dir, false);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->IntervalCount(), 3u);
  for (const auto& d : {feeds, store_dir, later}) fs::remove_all(d);
}

TEST(IngestTest, EmptyFilesWrongHeadersAndMissingInputsAreClearErrors) {
  const std::string store_dir = TempDir("store");
  {
    const std::string feeds = SmallFeeds();
    WriteFile(feeds + "/tests.csv", "");
    const Loaded r = Ingest(store_dir, feeds);
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status.message().find("tests.csv: empty file"), std::string::npos) << r.status.ToString();
    fs::remove_all(feeds);
  }
  {
    const std::string feeds = SmallFeeds();
    WriteFile(feeds + "/tests.csv", "person,sampled,outcome,lab\n");
    const Loaded r = Ingest(store_dir, feeds);
    EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status.message().find("wrong header"), std::string::npos) << r.status.ToString();
    EXPECT_NE(r.status.message().find("person,sampled,result,lab"), std::string::npos);
    fs::remove_all(feeds);
  }
  {
    const std::string feeds = SmallFeeds();
    WriteFile(feeds + "/tests.csv", "person,sampled,result,lab\n");  // only a header: fine
    WriteFile(feeds + "/notes.txt", "not a feed");
    const Loaded r = Ingest(store_dir, feeds);
    EXPECT_TRUE(r.status.ok()) << r.status.ToString();
    bool saw_tests = false;
    for (const FileReport& f : r.report.files) {
      if (f.feed == "tests") { saw_tests = true; EXPECT_EQ(f.rows, 0u); }
    }
    EXPECT_TRUE(saw_tests);
    ASSERT_EQ(r.report.ignored.size(), 1u);
    fs::remove_all(feeds);
  }
  EXPECT_EQ(Ingest(store_dir, "/nonexistent/onecode-feeds").status.code(), StatusCode::kNotFound);
  const std::string empty_dir = TempDir("empty");
  EXPECT_EQ(Ingest(store_dir, empty_dir).status.code(), StatusCode::kNotFound);
  fs::remove_all(empty_dir);
  fs::remove_all(store_dir);
}

TEST(IngestTest, JsonLinesLoadLikeCsv) {
  const std::string feeds = SmallFeeds(), store_dir = TempDir("store");
  WriteFile(feeds + "/cdr.jsonl",
            std::string("{\"person\":\"") + kP1 + "\",\"cell\":\"c1\",\"start\":\"2026-11-01T00:00:00Z\",\"end\":1793494800}\n" +
                "\n" + "{\"person\":\"" + kP1 + "\",\"cell\":\"c1\"}\n" + "not json\n" + "{\"person\":\"" + kP2 +
                "\",\"cell\":\"c2\",\"start\":\"2026-11-01T00:00:00Z\",\"end\":\"2026-11-01T00:30:00Z\",\"x\":1}\n");
  const Loaded r = Ingest(store_dir, feeds);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.report.loaded.at("cdr"), 1u);
  EXPECT_EQ(r.report.quarantined.at("cdr"), 3u);
  const auto q = ReadCsv(store_dir + "/quarantine/cdr.csv");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[1][1], "3");
  EXPECT_NE(q[1][2].find("empty start"), std::string::npos) << q[1][2];
  EXPECT_NE(q[2][2].find("bad JSON"), std::string::npos) << q[2][2];
  EXPECT_NE(q[3][2].find("unknown field x"), std::string::npos) << q[3][2];
  fs::remove_all(feeds);
  fs::remove_all(store_dir);
}

TEST(SegmentTest, RoundTripsSortedColumnsAndDetectsCorruption) {
  const std::string dir = TempDir("seg");
  std::vector<store::IntervalRow> rows = {{2, 7, 300, 400}, {1, 5, 200, 260}, {2, 6, 100, 150}, {1, 9, 100, 200},
                                          {0, 1, 50, 60}};
  ASSERT_TRUE(store::WriteSegment(dir + "/s.ocs", rows, 2).ok());
  auto seg = store::Segment::Open(dir + "/s.ocs", /*verify=*/true);
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  ASSERT_EQ((*seg)->size(), 5u);
  const uint32_t expected[5][4] = {{0, 1, 50, 60}, {1, 9, 100, 200}, {1, 5, 200, 260}, {2, 6, 100, 150}, {2, 7, 300, 400}};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ((*seg)->persons()[i], expected[i][0]);
    EXPECT_EQ((*seg)->cells()[i], expected[i][1]);
    EXPECT_EQ((*seg)->starts()[i], expected[i][2]);
    EXPECT_EQ((*seg)->ends()[i], expected[i][3]);
  }
  EXPECT_EQ((*seg)->LowerBound(1), 1u);
  EXPECT_EQ((*seg)->LowerBound(2), 3u);
  EXPECT_EQ((*seg)->LowerBound(3), 5u);
  seg->reset();
  {
    std::fstream f(dir + "/s.ocs", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(32 + 4 * 7);  // a byte in the cell column
    f.put('\x7f');
  }
  auto bad = store::Segment::Open(dir + "/s.ocs", /*verify=*/true);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("checksum"), std::string::npos) << bad.status().ToString();
  WriteFile(dir + "/t.ocs", "not a segment at all, just text....");
  EXPECT_FALSE(store::Segment::Open(dir + "/t.ocs", false).ok());
  fs::remove_all(dir);
}

TEST(IngestTest, FeedNamesFromFileNames) {
  EXPECT_EQ(FeedOfFileName("cdr.csv"), "cdr");
  EXPECT_EQ(FeedOfFileName("cdr-2026-11-02.csv"), "cdr");
  EXPECT_EQ(FeedOfFileName("venue_scans.jsonl"), "venue_scans");
  EXPECT_EQ(FeedOfFileName("venues.csv"), "venues");
  EXPECT_EQ(FeedOfFileName("cdrx.csv"), "");
  EXPECT_EQ(FeedOfFileName("cdr.txt"), "");
  EXPECT_EQ(FeedOfFileName("places.csv"), "") << "truth tables are not feeds";
}

}  // namespace
}  // namespace onecode::ingest
