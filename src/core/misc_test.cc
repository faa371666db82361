// Tests of the small core pieces: colour, pseudonym, text buffer, status,
// clock and the ordered parallel runner.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/colour.h"
#include "core/parallel.h"
#include "core/pseudonym.h"
#include "core/region.h"
#include "core/status.h"
#include "core/text_buffer.h"

namespace onecode {
namespace {

// ---------------------------------------------------------------- colour

TEST(ColourTest, OrderedBySeverity) {
  EXPECT_LT(Colour::kGreen, Colour::kYellow);
  EXPECT_LT(Colour::kYellow, Colour::kRed);
  EXPECT_LT(Colour::kGreen, Colour::kRed);
}

TEST(ColourTest, MoreSevereTakesTheWorse) {
  const Colour all[] = {Colour::kGreen, Colour::kYellow, Colour::kRed};
  for (Colour a : all) {
    EXPECT_EQ(MoreSevere(a, a), a);
    for (Colour b : all) EXPECT_EQ(MoreSevere(a, b), MoreSevere(b, a));
  }
  EXPECT_EQ(MoreSevere(Colour::kGreen, Colour::kYellow), Colour::kYellow);
  EXPECT_EQ(MoreSevere(Colour::kYellow, Colour::kGreen), Colour::kYellow);
  EXPECT_EQ(MoreSevere(Colour::kRed, Colour::kGreen), Colour::kRed);
  EXPECT_EQ(MoreSevere(Colour::kYellow, Colour::kRed), Colour::kRed);
}

TEST(ColourTest, NamesRoundTrip) {
  EXPECT_EQ(ColourName(Colour::kGreen), "green");
  EXPECT_EQ(ColourName(Colour::kYellow), "yellow");
  EXPECT_EQ(ColourName(Colour::kRed), "red");
  for (Colour c : {Colour::kGreen, Colour::kYellow, Colour::kRed}) {
    const std::optional<Colour> back = ParseColour(ColourName(c));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, c);
  }
}

TEST(ColourTest, ParseRejectsOtherSpellings) {
  for (const char* text : {"", "Green", "RED", "Yellow", "blue", " green", "green ", "gree", "redd", "0", "unknown"}) {
    EXPECT_FALSE(ParseColour(text).has_value()) << "'" << text << "'";
  }
}

// ------------------------------------------------------------- pseudonym

PseudonymKey SequentialKey() {
  PseudonymKey key;
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i);
  return key;
}

RegionCode Region(const char* text) {
  auto r = RegionCode::Parse(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : RegionCode::FromParts(11, 0, 0);
}

TEST(PseudonymTest, HasTheDocumentedForm) {
  const std::string p = Pseudonymize(SequentialKey(), "110101199003077777", Region("510104"));
  ASSERT_EQ(p.size(), kPseudonymLength);
  EXPECT_EQ(p.substr(0, 7), "510104-");
  for (size_t i = 7; i < p.size(); ++i) {
    EXPECT_TRUE((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')) << p;
  }
  EXPECT_TRUE(ValidatePseudonym(p).ok()) << p;
}

TEST(PseudonymTest, MatchesKeyedBlake2bReference) {
  // Expected digests from Python's hashlib (an independent BLAKE2b):
  //   blake2b(b'110101199003077777', key=bytes(range(32)), digest_size=8)
  //   blake2b(b'', key=bytes(32), digest_size=8)
  EXPECT_EQ(Pseudonymize(SequentialKey(), "110101199003077777", Region("510104")), "510104-c1a0bbe817372442");
  EXPECT_EQ(Pseudonymize(PseudonymKey{}, "", Region("110000")), "110000-36d66ff28cb8ec7b");
}

TEST(PseudonymTest, DeterministicPerKey) {
  const PseudonymKey key = SequentialKey();
  const std::string a = Pseudonymize(key, "440305198001011234", Region("440305"));
  const std::string b = Pseudonymize(key, "440305198001011234", Region("440305"));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, Pseudonymize(key, "440305198001011235", Region("440305")));
}

TEST(PseudonymTest, DifferentKeyGivesDifferentPseudonym) {
  PseudonymKey other = SequentialKey();
  other[31] ^= 1;
  const std::string a = Pseudonymize(SequentialKey(), "440305198001011234", Region("440305"));
  const std::string b = Pseudonymize(other, "440305198001011234", Region("440305"));
  EXPECT_EQ(a.substr(0, 7), b.substr(0, 7));
  EXPECT_NE(a.substr(7), b.substr(7));
}

TEST(PseudonymTest, RegionOnlyChangesThePrefix) {
  const PseudonymKey key = SequentialKey();
  const std::string a = Pseudonymize(key, "440305198001011234", Region("440305"));
  const std::string b = Pseudonymize(key, "440305198001011234", Region("110101"));
  EXPECT_EQ(a.substr(0, 6), "440305");
  EXPECT_EQ(b.substr(0, 6), "110101");
  EXPECT_EQ(a.substr(6), b.substr(6));
}

TEST(PseudonymTest, ManyIdsGiveDistinctPseudonyms) {
  const PseudonymKey key = SequentialKey();
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) seen.insert(Pseudonymize(key, "ID" + std::to_string(i), Region("510104")));
  EXPECT_EQ(seen.size(), 20000u);
}

TEST(PseudonymTest, PseudonymizeToWritesExactly23Characters) {
  char buf[32];
  std::fill(std::begin(buf), std::end(buf), '#');
  PseudonymizeTo(SequentialKey(), "110101199003077777", Region("510104"), buf);
  EXPECT_EQ(std::string(buf, kPseudonymLength), "510104-c1a0bbe817372442");
  EXPECT_EQ(buf[kPseudonymLength], '#');
}

TEST(PseudonymTest, ValidateRejectsMalformed) {
  for (const char* text : {
           "",
           "510104-3f9a0c1b2d4e5f6",     // 15 hex digits
           "510104-3f9a0c1b2d4e5f601",   // 17 hex digits
           "510104-3F9A0C1B2D4E5F60",    // upper case
           "510104-3f9a0c1b2d4e5f6g",    // not hex
           "510104_3f9a0c1b2d4e5f60",    // wrong separator
           "5101043f9a0c1b2d4e5f60a",    // no separator
           "510104-3f9a0c1b-d4e5f60",    // dash in the hash
           "000000-3f9a0c1b2d4e5f60",    // no such province
           "510001-3f9a0c1b2d4e5f60",    // county without a city
           "51010x-3f9a0c1b2d4e5f60",    // region not digits
           " 10104-3f9a0c1b2d4e5f60",
           "510104-3f9a0c1b2d4e5f6 ",
       }) {
    const Status s = ValidatePseudonym(text);
    EXPECT_FALSE(s.ok()) << "'" << text << "'";
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << text;
    EXPECT_FALSE(PseudonymRegion(text).ok()) << text;
  }
  EXPECT_TRUE(ValidatePseudonym("510104-3f9a0c1b2d4e5f60").ok());
  EXPECT_TRUE(ValidatePseudonym("110000-0000000000000000").ok());
}

TEST(PseudonymTest, RegionIsRecovered) {
  for (const char* region : {"510104", "110000", "440300", "820101"}) {
    const std::string p = Pseudonymize(SequentialKey(), "someone", Region(region));
    auto r = PseudonymRegion(p);
    ASSERT_TRUE(r.ok()) << p;
    EXPECT_EQ(*r, Region(region));
  }
}

// ------------------------------------------------------------ text buffer

TEST(TextBufferTest, AppendIntWritesDecimal) {
  TextBuffer b;
  b.AppendInt(0).Append(' ').AppendInt(7).Append(' ').AppendInt(-7).Append(' ').AppendInt(1234567890);
  b.Append(' ').AppendInt(-1000000);
  EXPECT_EQ(b.view(), "0 7 -7 1234567890 -1000000");
}

TEST(TextBufferTest, AppendIntExtremes) {
  TextBuffer b;
  b.AppendInt(std::numeric_limits<int64_t>::max());
  EXPECT_EQ(b.view(), "9223372036854775807");
  b.clear();
  EXPECT_TRUE(b.empty());
  b.AppendInt(std::numeric_limits<int64_t>::min());
  EXPECT_EQ(b.view(), "-9223372036854775808");
  EXPECT_EQ(b.size(), 20u);
}

TEST(TextBufferTest, AppendIntMatchesToString) {
  TextBuffer b;
  for (int64_t v = -100000; v <= 100000; v += 37) {
    b.clear();
    b.AppendInt(v);
    ASSERT_EQ(b.view(), std::to_string(v));
  }
  for (int64_t v = 1; v > 0 && v < std::numeric_limits<int64_t>::max() / 3; v = v * 3 + 1) {
    b.clear();
    b.AppendInt(-v);
    ASSERT_EQ(b.view(), std::to_string(-v));
  }
}

std::string Fixed(double v, int decimals) {
  TextBuffer b;
  b.AppendFixed(v, decimals);
  return std::string(b.view());
}

TEST(TextBufferTest, AppendFixedPadsAndTruncates) {
  EXPECT_EQ(Fixed(1.0, 3), "1.000");
  EXPECT_EQ(Fixed(0.0, 2), "0.00");
  EXPECT_EQ(Fixed(3.14159, 2), "3.14");
  EXPECT_EQ(Fixed(3.14159, 4), "3.1416");
  EXPECT_EQ(Fixed(116.397128, 6), "116.397128");
  EXPECT_EQ(Fixed(0.000001, 6), "0.000001");
  EXPECT_EQ(Fixed(42.0, 0), "42");
  EXPECT_EQ(Fixed(1234567.25, 1), "1234567.3");  // .25 is exact: half away from zero
  EXPECT_EQ(Fixed(0.05, 8), "0.05000000");
}

TEST(TextBufferTest, AppendFixedRoundsHalfAwayFromZero) {
  // Values chosen to be exact in binary so "half" is really half.
  EXPECT_EQ(Fixed(2.5, 0), "3");
  EXPECT_EQ(Fixed(-2.5, 0), "-3");
  EXPECT_EQ(Fixed(0.5, 0), "1");
  EXPECT_EQ(Fixed(-0.5, 0), "-1");
  EXPECT_EQ(Fixed(0.125, 2), "0.13");
  EXPECT_EQ(Fixed(-0.125, 2), "-0.13");
  EXPECT_EQ(Fixed(0.375, 2), "0.38");
  EXPECT_EQ(Fixed(9.9999, 2), "10.00");  // rounding carries into the integer part
  EXPECT_EQ(Fixed(-9.9999, 2), "-10.00");
  EXPECT_EQ(Fixed(0.9999999999, 8), "1.00000000");
}

TEST(TextBufferTest, AppendFixedNegatives) {
  EXPECT_EQ(Fixed(-1.5, 1), "-1.5");
  EXPECT_EQ(Fixed(-0.25, 2), "-0.25");  // negative with zero integer part keeps its sign
  EXPECT_EQ(Fixed(-0.04, 1), "0.0");    // rounds to zero: no "-0.0"
  EXPECT_EQ(Fixed(-0.0, 3), "0.000");
  EXPECT_EQ(Fixed(-73.123456, 6), "-73.123456");
  EXPECT_EQ(Fixed(-1e-9, 8), "0.00000000");
}

TEST(TextBufferTest, AppendFixedParsesBackWithinHalfAUnit) {
  for (double v = -200.0; v <= 200.0; v += 0.0173) {
    for (int decimals : {0, 1, 3, 6}) {
      const std::string s = Fixed(v, decimals);
      const double back = std::stod(s);
      ASSERT_LE(std::fabs(back - v), 0.5 * std::pow(10.0, -decimals) + 1e-9) << v << " -> " << s;
      const size_t dot = s.find('.');
      if (decimals == 0) {
        ASSERT_EQ(dot, std::string::npos) << s;
      } else {
        ASSERT_EQ(s.size() - dot - 1, static_cast<size_t>(decimals)) << s;
      }
    }
  }
}

TEST(TextBufferTest, AppendTimestampAndDate) {
  TextBuffer b;
  b.AppendTimestamp(Timestamp{1709164800}).Append(',').AppendDate(-1);
  EXPECT_EQ(b.view(), "2024-02-29T00:00:00Z,1969-12-31");
}

std::string Csv(std::string_view field) {
  TextBuffer b;
  b.AppendCsvField(field);
  return std::string(b.view());
}

TEST(TextBufferTest, AppendCsvFieldQuotesOnlyWhenNeeded) {
  EXPECT_EQ(Csv("plain"), "plain");
  EXPECT_EQ(Csv(""), "");
  EXPECT_EQ(Csv("with space"), "with space");
  EXPECT_EQ(Csv("中文名字"), "中文名字");
  EXPECT_EQ(Csv("a,b"), "\"a,b\"");
  EXPECT_EQ(Csv("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Csv("\""), "\"\"\"\"");
  EXPECT_EQ(Csv("line1\nline2"), "\"line1\nline2\"");
  EXPECT_EQ(Csv("cr\r"), "\"cr\r\"");
  EXPECT_EQ(Csv(","), "\",\"");
}

TEST(TextBufferTest, RowOfFields) {
  TextBuffer b;
  b.AppendCsvField("x").Append(',').AppendCsvField("y,z").Append(',').AppendInt(3).Append('\n');
  EXPECT_EQ(b.view(), "x,\"y,z\",3\n");
  EXPECT_EQ(b.size(), 10u);
}

// ----------------------------------------------------------------- status

TEST(StatusTest, OkAndErrors) {
  const Status ok = Status::Ok();
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.code(), StatusCode::kOk);
  EXPECT_EQ(ok.ToString(), "OK");
  EXPECT_TRUE(Status().ok());

  const Status bad = Status::InvalidArgument("cdr.csv:12: end before start");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.message(), "cdr.csv:12: end before start");
  EXPECT_EQ(bad.ToString(), "INVALID_ARGUMENT: cdr.csv:12: end before start");

  EXPECT_EQ(Status::NotFound("x").code(), StatusCode::kNotFound);
  EXPECT_EQ(Status::FailedPrecondition("x").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Status::OutOfRange("x").code(), StatusCode::kOutOfRange);
  EXPECT_EQ(Status::IoError("x").code(), StatusCode::kIoError);
  EXPECT_EQ(Status::Internal("x").code(), StatusCode::kInternal);
  EXPECT_EQ(Status::IoError("disk").ToString(), "IO_ERROR: disk");
}

TEST(StatusTest, CodeNamesAreDistinct) {
  std::set<std::string_view> names;
  for (int c = static_cast<int>(StatusCode::kOk); c <= static_cast<int>(StatusCode::kInternal); ++c) {
    const std::string_view name = StatusCodeName(static_cast<StatusCode>(c));
    EXPECT_NE(name, "UNKNOWN") << c;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(StatusCode::kInternal) + 1);
  EXPECT_EQ(StatusCodeName(StatusCode::kNotFound), "NOT_FOUND");
}

StatusOr<int> Half(int v) {
  if (v % 2 != 0) return Status::InvalidArgument(std::to_string(v) + " is odd");
  return v / 2;
}

Status HalveTwice(int v, int* out) {
  auto a = Half(v);
  if (!a.ok()) return a.status();
  ONECODE_RETURN_IF_ERROR(Half(*a).status());
  *out = *Half(*a);
  return Status::Ok();
}

TEST(StatusOrTest, HoldsValueOrError) {
  StatusOr<int> good = Half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(good.status().ok());
  EXPECT_EQ(good.value(), 4);
  EXPECT_EQ(*good, 4);
  *good = 5;
  EXPECT_EQ(good.value(), 5);

  StatusOr<int> bad = Half(7);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "7 is odd");
}

TEST(StatusOrTest, MovesValueOutAndArrows) {
  StatusOr<std::string> s = std::string("hello");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->size(), 5u);
  std::string taken = std::move(s).value();
  EXPECT_EQ(taken, "hello");

  StatusOr<std::vector<int>> v = std::vector<int>{1, 2, 3};
  v->push_back(4);
  EXPECT_EQ(v->size(), 4u);
}

TEST(StatusOrTest, ReturnIfErrorPropagates) {
  int out = 0;
  EXPECT_TRUE(HalveTwice(12, &out).ok());
  EXPECT_EQ(out, 3);
  out = -1;
  const Status s = HalveTwice(6, &out);  // 6 -> 3, 3 is odd
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "3 is odd");
  EXPECT_EQ(out, -1);
  EXPECT_EQ(HalveTwice(5, &out).message(), "5 is odd");
}

// ------------------------------------------------------------------ clock

TEST(ClockTest, ManualClockAdvancesAndSets) {
  ManualClock clock(Timestamp{1767225600});
  const Clock& as_clock = clock;
  EXPECT_EQ(as_clock.Now().seconds, 1767225600);
  clock.Advance(14 * kSecondsPerDay);
  EXPECT_EQ(as_clock.Now().seconds, 1767225600 + 14 * 86400);
  EXPECT_EQ(FormatTimestamp(as_clock.Now()), "2026-01-15T00:00:00Z");
  clock.Advance(-1);
  EXPECT_EQ(FormatTimestamp(clock.Now()), "2026-01-14T23:59:59Z");
  clock.Set(Timestamp{0});
  EXPECT_EQ(clock.Now().seconds, 0);
  clock.Advance(0);
  EXPECT_EQ(clock.Now().seconds, 0);
}

TEST(ClockTest, SystemClockIsNearRealTime) {
  const SystemClock clock;
  const Timestamp a = clock.Now();
  const auto expected = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  EXPECT_GT(a.seconds, 1577836800);  // after 2020-01-01
  EXPECT_LE(std::llabs(a.seconds - expected), 2);
  EXPECT_LE(a, clock.Now());
}

// --------------------------------------------------------------- parallel

struct Chunk {
  int owner = -1;   // chunk currently using the slot, -1 when free
  int64_t value = 0;
};

TEST(RunOrderedTest, ConsumesInOrderWithSeveralThreadsAndSmallWindow) {
  for (int threads : {1, 2, 4, 8}) {
    for (size_t window : {1u, 2u, 3u, 16u}) {
      const size_t n = 300;
      std::vector<Chunk> slots(window);
      std::vector<size_t> order;
      std::atomic<int> in_flight{0}, max_in_flight{0};
      std::atomic<int> reuse_errors{0};
      RunOrdered(
          n, threads, slots,
          [&](size_t i, Chunk& slot) {
            const int now = ++in_flight;
            int prev = max_in_flight.load();
            while (now > prev && !max_in_flight.compare_exchange_weak(prev, now)) {
            }
            if (slot.owner != -1) ++reuse_errors;
            slot.owner = static_cast<int>(i);
            // Uneven work so chunks finish out of order.
            if ((i * 7919) % 5 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
            slot.value = static_cast<int64_t>(i) * static_cast<int64_t>(i) + 1;
          },
          [&](size_t i, Chunk& slot) {
            EXPECT_EQ(slot.owner, static_cast<int>(i));
            EXPECT_EQ(slot.value, static_cast<int64_t>(i) * static_cast<int64_t>(i) + 1);
            slot.owner = -1;
            --in_flight;
            order.push_back(i);
          });
      ASSERT_EQ(order.size(), n) << threads << " threads, window " << window;
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(order[i], i);
      EXPECT_EQ(reuse_errors.load(), 0);
      EXPECT_LE(max_in_flight.load(), static_cast<int>(window)) << threads << " threads, window " << window;
    }
  }
}

TEST(RunOrderedTest, ZeroChunksCallsNothing) {
  std::vector<int> slots(2);
  int calls = 0;
  RunOrdered(0, 3, slots, [&](size_t, int&) { ++calls; }, [&](size_t, int&) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(RunOrderedTest, ExceptionInWorkPropagates) {
  for (int threads : {1, 3}) {
    std::vector<int> slots(4);
    std::vector<size_t> consumed;
    std::atomic<int> started{0};
    try {
      RunOrdered(
          1000, threads, slots,
          [&](size_t i, int& slot) {
            ++started;
            if (i == 37) throw std::runtime_error("chunk 37 failed");
            slot = static_cast<int>(i);
          },
          [&](size_t i, int& slot) {
            EXPECT_EQ(slot, static_cast<int>(i));
            consumed.push_back(i);
          });
      ADD_FAILURE() << "no exception with " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "chunk 37 failed");
    }
    // Consumption stopped before the failed chunk, in order, and the run did
    // not go on to do the rest of the work.
    EXPECT_LE(consumed.size(), 37u);
    for (size_t k = 0; k < consumed.size(); ++k) EXPECT_EQ(consumed[k], k);
    EXPECT_LT(started.load(), 1000);
  }
}

TEST(RunOrderedTest, ExceptionInConsumePropagates) {
  std::vector<int> slots(3);
  std::vector<size_t> consumed;
  EXPECT_THROW(RunOrdered(
                   500, 2, slots, [](size_t i, int& slot) { slot = static_cast<int>(i); },
                   [&](size_t i, int&) {
                     if (i == 10) throw std::logic_error("consume failed");
                     consumed.push_back(i);
                   }),
               std::logic_error);
  EXPECT_EQ(consumed.size(), 10u);
}

}  // namespace
}  // namespace onecode
