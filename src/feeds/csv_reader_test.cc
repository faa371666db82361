#include "feeds/csv_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/random.h"
#include "core/text_buffer.h"
#include "feeds/schema.h"

namespace onecode {
namespace {

namespace fs = std::filesystem;

// Each test gets a fresh directory under the GoogleTest temp dir.
class CsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) /
           ("onecode_csv_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream out(p, std::ios::binary);
    out << content;
    out.close();
    EXPECT_TRUE(out.good()) << p;
    return p.string();
  }

  CsvReader Open(const std::string& content, size_t max_record_bytes = CsvReader::kDefaultMaxRecordBytes) {
    auto r = CsvReader::Open(Write("in.csv", content), max_record_bytes);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::move(r).value();
  }

  fs::path dir_;
};

std::vector<std::string> Fields(const CsvRecord& r) { return {r.fields.begin(), r.fields.end()}; }
using Row = std::vector<std::string>;

TEST_F(CsvReaderTest, ReadsSimpleRows) {
  CsvReader reader = Open("person,cell,start,end\np1,c1,10,20\np2,c2,30,40\n");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"person", "cell", "start", "end"}));
  EXPECT_EQ(rec.line, 1u);
  EXPECT_EQ(rec.raw, "person,cell,start,end");
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"p1", "c1", "10", "20"}));
  EXPECT_EQ(rec.line, 2u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"p2", "c2", "30", "40"}));
  EXPECT_EQ(rec.line, 3u);
  EXPECT_EQ(rec.raw, "p2,c2,30,40");
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);  // stays at the end
}

TEST_F(CsvReaderTest, EmptyFieldsAndBlankLines) {
  CsvReader reader = Open(",,\na,,b\n\nlast,\n");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"", "", ""}));
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"a", "", "b"}));
  EXPECT_EQ(rec.line, 2u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);  // the blank line
  EXPECT_EQ(rec.raw, "");
  EXPECT_EQ(rec.line, 3u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"last", ""}));
  EXPECT_EQ(rec.line, 4u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, QuotedFieldsWithCommasQuotesAndNewlines) {
  CsvReader reader = Open(
      "id,text\n"
      "1,\"a,b\"\n"
      "2,\"say \"\"hi\"\"\"\n"
      "3,\"two\nlines\"\n"
      "4,\"three\nlines\nhere\",\"\"\n"
      "5,plain\n");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(rec.line, 1u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"1", "a,b"}));
  EXPECT_EQ(rec.line, 2u);
  EXPECT_EQ(rec.raw, "1,\"a,b\"");
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"2", "say \"hi\""}));
  EXPECT_EQ(rec.line, 3u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"3", "two\nlines"}));
  EXPECT_EQ(rec.line, 4u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"4", "three\nlines\nhere", ""}));
  EXPECT_EQ(rec.line, 6u);  // record 3 took lines 4-5
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"5", "plain"}));
  EXPECT_EQ(rec.line, 9u);  // record 4 took lines 6-8
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, SeveralUnescapedFieldsInOneRecordAreAllValid) {
  // Fields that needed unescaping share one scratch buffer; all of them must
  // stay valid together.
  CsvReader reader = Open("\"a\"\"1\",plain,\"b,2\",\"\",\"c\n3\",\"" + std::string(300, 'z') + "\"\n");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"a\"1", "plain", "b,2", "", "c\n3", std::string(300, 'z')}));
}

TEST_F(CsvReaderTest, CrlfLineEndings) {
  CsvReader reader = Open("a,b\r\nc,\"d\r\ne\"\r\n\r\nf,g\r\n");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"a", "b"}));
  EXPECT_EQ(rec.raw, "a,b");
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"c", "d\r\ne"}));  // line break inside quotes is data
  EXPECT_EQ(rec.line, 2u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(rec.raw, "");
  EXPECT_EQ(rec.line, 4u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"f", "g"}));
  EXPECT_EQ(rec.line, 5u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, LastLineWithoutNewline) {
  CsvReader reader = Open("a,b\nc,d");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"c", "d"}));
  EXPECT_EQ(rec.line, 2u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);

  CsvReader crlf = Open("x\r\n\"y,z\"\r");
  ASSERT_EQ(crlf.Next(&rec, &error), CsvResult::kRecord);
  ASSERT_EQ(crlf.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"y,z"}));
  EXPECT_EQ(crlf.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, EmptyFile) {
  CsvReader reader = Open("");
  CsvRecord rec;
  std::string error;
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, RecordLongerThanMaxIsReportedAndSkipped) {
  const std::string long_line(100, 'x');
  CsvReader reader = Open("short,1\n" + long_line + "\nafter,2\n", 16);
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"short", "1"}));
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_NE(error.find("longer than 16"), std::string::npos) << error;
  EXPECT_EQ(rec.line, 2u);
  EXPECT_FALSE(rec.raw.empty());
  EXPECT_EQ(rec.raw.find_first_not_of('x'), std::string_view::npos);  // a prefix of the bad line
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"after", "2"}));
  EXPECT_EQ(rec.line, 3u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, RecordOfExactlyMaxBytesIsAccepted) {
  const std::string max16(16, 'a'), max17(17, 'b');
  CsvReader reader = Open(max16 + "\n" + max17 + "\n" + max16, 16);
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(rec.raw, max16);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_EQ(rec.line, 2u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(rec.raw, max16);
  EXPECT_EQ(rec.line, 3u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, LongRecordAtEndOfFileWithoutNewline) {
  CsvReader reader = Open("a\n" + std::string(50, 'y'), 16);
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_EQ(rec.line, 2u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, RecordLongerThanTheReadBufferIsSkipped) {
  // The reader's buffer is at least 1 MiB; a 3 MiB line must be skipped
  // across several refills, and the rows after it read normally.
  std::string content = "first\n" + std::string(3 << 20, 'q') + "\n";
  for (int i = 0; i < 1000; ++i) content += "row" + std::to_string(i) + "," + std::to_string(i * 2) + "\n";
  CsvReader reader = Open(content, 1024);
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"first"}));
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_EQ(rec.line, 2u);
  EXPECT_LE(rec.raw.size(), 1025u);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << i << ": " << error;
    ASSERT_EQ(Fields(rec), (Row{"row" + std::to_string(i), std::to_string(i * 2)}));
    ASSERT_EQ(rec.line, static_cast<uint64_t>(i + 3));
  }
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, UnterminatedQuote) {
  CsvReader reader = Open("a,b\nc,\"never closed\nd,e\n");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_NE(error.find("unterminated"), std::string::npos) << error;
  EXPECT_EQ(rec.line, 2u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, TextAfterClosingQuote) {
  CsvReader reader = Open("x,\"ab\"c,d\nnext,1\n");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_NE(error.find("text after closing quote"), std::string::npos) << error;
  EXPECT_NE(error.find("field 2"), std::string::npos) << error;
  EXPECT_EQ(rec.line, 1u);
  EXPECT_EQ(rec.raw, "x,\"ab\"c,d");
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(Fields(rec), (Row{"next", "1"}));
  EXPECT_EQ(rec.line, 2u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, StrayQuoteInUnquotedFieldSpoilsOnlyItsOwnLine) {
  // A quote in the middle of an unquoted field is malformed, but it must not
  // open a quoted section that swallows the following lines.
  CsvReader reader = Open("O\"Brien,1\nnext,2\nthird,\"3\"\nx,ab\"c,\"d\"\nlast,\"\"\"q\"\"\"\n");
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_EQ(rec.line, 1u);
  EXPECT_EQ(rec.raw, "O\"Brien,1");
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"next", "2"}));
  EXPECT_EQ(rec.line, 2u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"third", "3"}));
  EXPECT_EQ(rec.line, 3u);
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_NE(error.find("quote inside an unquoted field 2"), std::string::npos) << error;
  EXPECT_EQ(rec.line, 4u);
  EXPECT_EQ(rec.raw, "x,ab\"c,\"d\"");
  ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << error;
  EXPECT_EQ(Fields(rec), (Row{"last", "\"q\""}));
  EXPECT_EQ(rec.line, 5u);
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, MissingFileIsNotFound) {
  const std::string path = (dir_ / "no_such.csv").string();
  auto r = CsvReader::Open(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find(path), std::string::npos) << r.status().message();
}

TEST_F(CsvReaderTest, DirectoryIsAnErrorNotACrash) {
  // fopen() of a directory may succeed on Linux; reading it then fails.
  auto r = CsvReader::Open(dir_.string());
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), StatusCode::kIoError);
    return;
  }
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(r->Next(&rec, &error), CsvResult::kBadRecord);
  EXPECT_NE(error.find(dir_.string()), std::string::npos) << error;
  EXPECT_EQ(r->Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, PathAndMoveKeepPosition) {
  const std::string path = Write("moved.csv", "a\nb\nc\n");
  auto opened = CsvReader::Open(path);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->path(), path);
  CsvRecord rec;
  std::string error;
  ASSERT_EQ(opened->Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(rec.raw, "a");
  CsvReader moved(std::move(*opened));
  EXPECT_EQ(moved.path(), path);
  ASSERT_EQ(moved.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(rec.raw, "b");
  EXPECT_EQ(rec.line, 2u);
  ASSERT_EQ(moved.Next(&rec, &error), CsvResult::kRecord);
  EXPECT_EQ(rec.raw, "c");
  EXPECT_EQ(moved.Next(&rec, &error), CsvResult::kEnd);
}

TEST_F(CsvReaderTest, RoundTripsFieldsWrittenByTextBufferAcrossBufferRefills) {
  // Several MiB of random fields, many needing quotes, so records straddle
  // the reader's buffer refills. Line numbers are counted independently.
  Rng rng(2026);
  const std::string alphabet = "abcXYZ019 ,\"\n\r;-";
  std::vector<Row> rows;
  std::vector<uint64_t> lines;
  TextBuffer out;
  uint64_t line = 1;
  while (out.size() < (3u << 20)) {
    Row row(static_cast<size_t>(rng.Between(1, 6)));
    for (std::string& f : row) {
      const int64_t len = rng.Between(0, 40);
      for (int64_t k = 0; k < len; ++k) f += alphabet[rng.Below(alphabet.size())];
    }
    // A lone field that is empty writes an empty line; keep rows unambiguous.
    if (row.size() == 1 && row[0].empty()) row[0] = "e";
    const size_t before = out.size();
    for (size_t k = 0; k < row.size(); ++k) {
      if (k > 0) out.Append(',');
      out.AppendCsvField(row[k]);
    }
    out.Append(rng.Bernoulli(0.3) ? "\r\n" : "\n");
    rows.push_back(row);
    lines.push_back(line);
    for (size_t k = before; k < out.size(); ++k) line += out.view()[k] == '\n';
  }
  CsvReader reader = Open(std::string(out.view()));
  CsvRecord rec;
  std::string error;
  for (size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(reader.Next(&rec, &error), CsvResult::kRecord) << "row " << i << ": " << error;
    ASSERT_EQ(Fields(rec), rows[i]) << "row " << i;
    ASSERT_EQ(rec.line, lines[i]) << "row " << i;
  }
  EXPECT_EQ(reader.Next(&rec, &error), CsvResult::kEnd);
}

// ----------------------------------------------------------------- schema

TEST(SchemaTest, EveryTableSitsAtItsEnumIndex) {
  const auto tables = AllTables();
  ASSERT_EQ(tables.size(), static_cast<size_t>(Table::kTruthForwardedScans) + 1);
  for (size_t i = 0; i < tables.size(); ++i) {
    const Table t = static_cast<Table>(i);
    EXPECT_EQ(tables[i].table, t) << tables[i].name;
    EXPECT_EQ(&SchemaOf(t), &tables[i]) << tables[i].name;
    EXPECT_EQ(tables[i].is_truth, i >= static_cast<size_t>(Table::kTruthPlaces)) << tables[i].name;
  }
}

TEST(SchemaTest, NamesAreUniqueAndWellFormed) {
  std::set<std::string_view> feeds, truth;
  for (const TableSchema& s : AllTables()) {
    EXPECT_FALSE(s.name.empty());
    EXPECT_EQ(s.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos) << s.name;
    EXPECT_TRUE((s.is_truth ? truth : feeds).insert(s.name).second) << "duplicate table " << s.name;
    ASSERT_FALSE(s.columns.empty()) << s.name;
    std::set<std::string_view> columns;
    for (const Column& c : s.columns) {
      EXPECT_FALSE(c.name.empty()) << s.name;
      EXPECT_EQ(c.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789"), std::string_view::npos)
          << s.name << "." << c.name;
      EXPECT_TRUE(columns.insert(c.name).second) << "duplicate column " << s.name << "." << c.name;
    }
  }
  EXPECT_EQ(feeds.size() + truth.size(), AllTables().size());
}

TEST(SchemaTest, HeaderLine) {
  EXPECT_EQ(HeaderLine(SchemaOf(Table::kCdr)), "person,cell,start,end");
  EXPECT_EQ(HeaderLine(SchemaOf(Table::kVenueScans)), "person,venue,time");
  for (const TableSchema& s : AllTables()) {
    const std::string h = HeaderLine(s);
    EXPECT_EQ(static_cast<size_t>(std::count(h.begin(), h.end(), ',')), s.columns.size() - 1) << s.name;
    EXPECT_EQ(h.substr(0, s.columns[0].name.size()), s.columns[0].name);
  }
}

TEST(SchemaTest, FindTable) {
  EXPECT_EQ(FindTable("cdr", false), &SchemaOf(Table::kCdr));
  EXPECT_EQ(FindTable("stays", true), &SchemaOf(Table::kTruthStays));
  EXPECT_EQ(FindTable("cdr", true), nullptr);
  EXPECT_EQ(FindTable("stays", false), nullptr);
  EXPECT_EQ(FindTable("CDR", false), nullptr);
  EXPECT_EQ(FindTable("cdr.csv", false), nullptr);
  EXPECT_EQ(FindTable("", false), nullptr);
  for (const TableSchema& s : AllTables()) EXPECT_EQ(FindTable(s.name, s.is_truth), &s) << s.name;
}

TEST(SchemaTest, RelativePath) {
  EXPECT_EQ(RelativePath(SchemaOf(Table::kCdr)), "feeds/cdr.csv");
  EXPECT_EQ(RelativePath(SchemaOf(Table::kTruthInfections)), "truth/infections.csv");
}

TEST_F(CsvReaderTest, HeaderLinesReadBackAsColumnNames) {
  for (const TableSchema& s : AllTables()) {
    auto r = CsvReader::Open(Write(std::string(s.name) + ".csv", HeaderLine(s) + "\n"));
    ASSERT_TRUE(r.ok());
    CsvRecord rec;
    std::string error;
    ASSERT_EQ(r->Next(&rec, &error), CsvResult::kRecord) << s.name;
    ASSERT_EQ(rec.fields.size(), s.columns.size()) << s.name;
    for (size_t i = 0; i < s.columns.size(); ++i) EXPECT_EQ(rec.fields[i], s.columns[i].name);
  }
}

}  // namespace
}  // namespace onecode
