#include "core/time.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

namespace onecode {
namespace {

// Independent of the library: the Gregorian leap-year rule.
bool TestIsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int TestDaysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && TestIsLeap(y) ? 29 : kDays[m - 1];
}

TEST(CivilDateTest, KnownAnchors) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({1970, 1, 2}), 1);
  EXPECT_EQ(DaysFromCivil({1969, 12, 31}), -1);
  // 2000-01-01T00:00:00Z is Unix time 946684800 = 10957 days.
  EXPECT_EQ(DaysFromCivil({2000, 1, 1}), 10957);
  // 2000 is a leap year (divisible by 400): Jan 31 + Feb 29 days later.
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 10957 + 31 + 29);
  // 2024-02-29T00:00:00Z is Unix time 1709164800 = 19782 days.
  EXPECT_EQ(DaysFromCivil({2024, 2, 29}), 19782);
  EXPECT_EQ(DaysFromCivil({2024, 3, 1}), 19783);
  // 1900-01-01T00:00:00Z is Unix time -2208988800 = -25567 days.
  EXPECT_EQ(DaysFromCivil({1900, 1, 1}), -25567);
  // 2026-01-01T00:00:00Z is Unix time 1767225600 = 20454 days.
  EXPECT_EQ(DaysFromCivil({2026, 1, 1}), 20454);

  EXPECT_EQ(CivilFromDays(0), (CivilDate{1970, 1, 1}));
  EXPECT_EQ(CivilFromDays(-1), (CivilDate{1969, 12, 31}));
  EXPECT_EQ(CivilFromDays(19782), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(CivilFromDays(11017), (CivilDate{2000, 3, 1}));
  EXPECT_EQ(CivilFromDays(-25567), (CivilDate{1900, 1, 1}));
}

TEST(CivilDateTest, EveryDayFrom1900To2100RoundTrips) {
  int64_t expected = -25567;  // 1900-01-01, checked against Unix time above
  int days_seen = 0;
  for (int y = 1900; y <= 2100; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= TestDaysInMonth(y, m); ++d) {
        const CivilDate date{y, m, d};
        ASSERT_TRUE(IsValidCivilDate(date)) << y << "-" << m << "-" << d;
        ASSERT_EQ(DaysFromCivil(date), expected) << y << "-" << m << "-" << d;
        ASSERT_EQ(CivilFromDays(expected), date) << expected;
        ++expected;
        ++days_seen;
      }
    }
  }
  // 201 years; 1900 and 2100 are not leap years, 2000 is: 49 leap years.
  EXPECT_EQ(days_seen, 201 * 365 + 49);
  EXPECT_EQ(CivilFromDays(expected), (CivilDate{2101, 1, 1}));
}

TEST(CivilDateTest, RoundTripFarFromTheEpoch) {
  for (int64_t day = -1000000; day <= 3000000; day += 997) {
    const CivilDate d = CivilFromDays(day);
    ASSERT_TRUE(IsValidCivilDate(d)) << day;
    ASSERT_EQ(DaysFromCivil(d), day);
  }
  EXPECT_EQ(CivilFromDays(DaysFromCivil({1, 1, 1})), (CivilDate{1, 1, 1}));
  EXPECT_EQ(DaysFromCivil({9999, 12, 31}) - DaysFromCivil({9999, 1, 1}), 364);
}

TEST(CivilDateTest, ValidatesDates) {
  EXPECT_TRUE(IsValidCivilDate({2024, 2, 29}));
  EXPECT_TRUE(IsValidCivilDate({2000, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2100, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({1900, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2023, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2026, 2, 30}));
  EXPECT_FALSE(IsValidCivilDate({2026, 4, 31}));
  EXPECT_TRUE(IsValidCivilDate({2026, 12, 31}));
  EXPECT_FALSE(IsValidCivilDate({2026, 13, 1}));
  EXPECT_FALSE(IsValidCivilDate({2026, 0, 1}));
  EXPECT_FALSE(IsValidCivilDate({2026, 1, 0}));
  EXPECT_FALSE(IsValidCivilDate({2026, 1, 32}));
  EXPECT_FALSE(IsValidCivilDate({2026, -1, 1}));
}

TEST(ParseTimestampTest, ParsesUtcWithZ) {
  auto t = ParseTimestamp("2000-01-01T00:00:00Z");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->seconds, 946684800);

  t = ParseTimestamp("1970-01-01T00:00:00Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 0);

  t = ParseTimestamp("2026-01-01T08:30:15Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 1767225600 + 8 * 3600 + 30 * 60 + 15);

  t = ParseTimestamp("1969-12-31T23:59:59Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, -1);

  t = ParseTimestamp("2024-02-29T23:59:59Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 1709164800 + 86399);
}

TEST(ParseTimestampTest, ParsesOffsets) {
  // All of these name the instant 2000-01-01T00:00:00Z.
  for (const char* text : {"2000-01-01T08:00:00+08:00", "1999-12-31T18:30:00-05:30", "2000-01-01T00:00:00+00:00",
                           "2000-01-01T00:00:00-00:00", "2000-01-01T14:00:00+14:00",
                           "1999-12-31T23:15:00-00:45"}) {
    auto t = ParseTimestamp(text);
    ASSERT_TRUE(t.ok()) << text << ": " << t.status().ToString();
    EXPECT_EQ(t->seconds, 946684800) << text;
  }
  // An offset can move the instant across a month and leap day.
  auto t = ParseTimestamp("2024-03-01T07:59:59+08:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(FormatTimestamp(*t), "2024-02-29T23:59:59Z");
}

TEST(ParseTimestampTest, ParsesUnixSeconds) {
  auto t = ParseTimestamp("0");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 0);
  t = ParseTimestamp("1709164800");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 1709164800);
  t = ParseTimestamp("-1");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, -1);
  t = ParseTimestamp("-2208988800");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, -2208988800);
  t = ParseTimestamp("999999999999");  // 12 digits: the documented maximum
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 999999999999);
  t = ParseTimestamp("000000000042");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->seconds, 42);
}

TEST(ParseTimestampTest, RejectsJunk) {
  for (const char* text :
       {"", "-", "+5", "1e9", "12.5", "abc", " 0", "0 ", "1234567890123", "-1234567890123",
        "2000-01-01", "2000-01-01T00:00:00", "2000-01-01 00:00:00Z", "2000-01-01T00:00Z", "2000/01/01T00:00:00Z",
        "2000-1-01T00:00:00Z", "2000-01-01T0:00:00Z", "2000-01-01T00:00:00z", "2000-01-01T00:00:00UTC",
        "2000-01-01T00:00:00Zjunk", "2000-01-01T00:00:00+0800", "2000-01-01T00:00:00+08", "2000-01-01T00:00:00+8:00",
        "2000-01-01T00:00:00+08:00Z", "2000-01-01T00:00:00 +08:00", "2000-01-01T00:00:00*08:00",
        "2000-01-01T00:00:00+15:00", "2000-01-01T00:00:00+08:60", "2000-01-01T00:00:00+0a:00",
        "x000-01-01T00:00:00Z", "2000-01-01T00:00:00.5Z"}) {
    auto t = ParseTimestamp(text);
    EXPECT_FALSE(t.ok()) << "'" << text << "' parsed as " << (t.ok() ? t->seconds : 0);
    if (!t.ok()) {
      EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(ParseTimestampTest, RejectsImpossibleDatesAndTimes) {
  for (const char* text : {"2026-02-30T00:00:00Z", "2100-02-29T00:00:00Z", "2023-02-29T12:00:00Z",
                           "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                           "2026-01-00T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
                           "2026-01-01T23:59:60Z", "2026-01-01T99:00:00+08:00"}) {
    auto t = ParseTimestamp(text);
    EXPECT_FALSE(t.ok()) << text;
  }
  EXPECT_TRUE(ParseTimestamp("2024-02-29T00:00:00Z").ok());
  EXPECT_TRUE(ParseTimestamp("2000-02-29T00:00:00Z").ok());
}

TEST(ParseTimestampTest, ErrorNamesTheInput) {
  auto t = ParseTimestamp("2026-02-30T00:00:00Z");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("2026-02-30"), std::string::npos) << t.status().message();
}

TEST(ParseDateTest, ParsesAndRejects) {
  auto d = ParseDate("2024-02-29");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, 19782);
  d = ParseDate("1970-01-01");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, 0);
  for (const char* text : {"", "2024-02-30", "2100-02-29", "2024-2-29", "2024/02/29", "2024-02-29Z", "20240229",
                           "2024-02-2a", "2024-13-01"}) {
    EXPECT_FALSE(ParseDate(text).ok()) << text;
  }
}

TEST(FormatTest, FormatsKnownInstants) {
  EXPECT_EQ(FormatTimestamp(Timestamp{0}), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{946684800}), "2000-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{-1}), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{-86400}), "1969-12-31T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{-86401}), "1969-12-30T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{1709164800 + 86399}), "2024-02-29T23:59:59Z");
  EXPECT_EQ(FormatTimestamp(Timestamp{-2208988800}), "1900-01-01T00:00:00Z");
  EXPECT_EQ(FormatDate(19782), "2024-02-29");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatDate(DaysFromCivil({5, 6, 7})), "0005-06-07");
}

TEST(FormatTest, FormatToWritesExactlyTwentyAndTenCharacters) {
  char buf[32];
  std::fill(std::begin(buf), std::end(buf), '#');
  char* end = FormatTimestampTo(Timestamp{1709164800}, buf);
  EXPECT_EQ(end, buf + 20);
  EXPECT_EQ(std::string(buf, 20), "2024-02-29T00:00:00Z");
  EXPECT_EQ(buf[20], '#');

  std::fill(std::begin(buf), std::end(buf), '#');
  end = FormatDateTo(19782, buf);
  EXPECT_EQ(end, buf + 10);
  EXPECT_EQ(std::string(buf, 10), "2024-02-29");
  EXPECT_EQ(buf[10], '#');
}

TEST(FormatTest, FormatThenParseRoundTrips) {
  // Steps of a prime number of seconds hit every second-of-day position over
  // the run; the range covers 1900-2100 and negative times.
  const int64_t lo = -2208988800, hi = 4133894400;
  int checked = 0;
  for (int64_t s = lo; s <= hi; s += 1000003) {
    const std::string text = FormatTimestamp(Timestamp{s});
    auto back = ParseTimestamp(text);
    ASSERT_TRUE(back.ok()) << text;
    ASSERT_EQ(back->seconds, s) << text;
    ++checked;
  }
  EXPECT_GT(checked, 6000);
  // Day boundaries on both sides of the epoch.
  for (int64_t s : {-86401LL, -86400LL, -86399LL, -1LL, 0LL, 1LL, 86399LL, 86400LL}) {
    auto back = ParseTimestamp(FormatTimestamp(Timestamp{s}));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->seconds, s);
  }
}

TEST(FormatTest, ParseThenFormatRoundTripsUtcText) {
  for (const char* text : {"2026-11-01T08:00:00Z", "1999-12-31T23:59:59Z", "2024-02-29T12:34:56Z",
                           "1969-07-20T20:17:40Z", "2100-12-31T23:59:59Z"}) {
    auto t = ParseTimestamp(text);
    ASSERT_TRUE(t.ok()) << text;
    EXPECT_EQ(FormatTimestamp(*t), text);
  }
}

TEST(LocalDayTest, ChinaDayChangesAt1600Utc) {
  const int64_t feb28 = 19781, feb29 = 19782;
  auto at = [](const char* text) {
    auto t = ParseTimestamp(text);
    EXPECT_TRUE(t.ok()) << text;
    return t.ok() ? *t : Timestamp{};
  };
  EXPECT_EQ(LocalDayOf(at("2024-02-28T00:00:00Z"), kChinaUtcOffsetSeconds), feb28);
  EXPECT_EQ(LocalDayOf(at("2024-02-28T15:59:59Z"), kChinaUtcOffsetSeconds), feb28);
  EXPECT_EQ(LocalDayOf(at("2024-02-28T16:00:00Z"), kChinaUtcOffsetSeconds), feb29);
  EXPECT_EQ(LocalDayOf(at("2024-02-28T23:59:59Z"), kChinaUtcOffsetSeconds), feb29);
  EXPECT_EQ(LocalDayOf(at("2024-02-29T15:59:59Z"), kChinaUtcOffsetSeconds), feb29);
  EXPECT_EQ(LocalDayOf(at("2024-02-29T16:00:00Z"), kChinaUtcOffsetSeconds), feb29 + 1);
  // Stated in local time directly.
  EXPECT_EQ(LocalDayOf(at("2024-02-29T00:00:00+08:00"), kChinaUtcOffsetSeconds), feb29);
  EXPECT_EQ(LocalDayOf(at("2024-02-28T23:59:59+08:00"), kChinaUtcOffsetSeconds), feb28);
  // Offset zero is the UTC day.
  EXPECT_EQ(LocalDayOf(at("2024-02-28T16:00:00Z"), 0), feb28);
  // A negative offset moves the other way.
  EXPECT_EQ(LocalDayOf(at("2024-02-29T04:59:59Z"), -5 * kSecondsPerHour), feb28);
  EXPECT_EQ(LocalDayOf(at("2024-02-29T05:00:00Z"), -5 * kSecondsPerHour), feb29);
}

TEST(LocalDayTest, DayStartIsLocalMidnight) {
  EXPECT_EQ(FormatTimestamp(LocalDayStart(19782, kChinaUtcOffsetSeconds)), "2024-02-28T16:00:00Z");
  EXPECT_EQ(LocalDayStart(0, kChinaUtcOffsetSeconds).seconds, -8 * 3600);
  EXPECT_EQ(LocalDayStart(0, 0).seconds, 0);
  EXPECT_EQ(LocalDayStart(-1, 0).seconds, -86400);
}

TEST(LocalDayTest, NegativeTimesRoundTowardsEarlierDays) {
  // 1969-12-31T15:59:59Z is 23:59:59 on local 1969-12-31 (day -1).
  EXPECT_EQ(LocalDayOf(Timestamp{-8 * 3600 - 1}, kChinaUtcOffsetSeconds), -1);
  EXPECT_EQ(LocalDayOf(Timestamp{-8 * 3600}, kChinaUtcOffsetSeconds), 0);
  EXPECT_EQ(LocalDayOf(Timestamp{-8 * 3600 - 86400}, kChinaUtcOffsetSeconds), -1);
  EXPECT_EQ(LocalDayOf(Timestamp{-8 * 3600 - 86401}, kChinaUtcOffsetSeconds), -2);
  EXPECT_EQ(LocalDayOf(Timestamp{-1}, 0), -1);
  EXPECT_EQ(LocalDayOf(Timestamp{-86400}, 0), -1);
  EXPECT_EQ(LocalDayOf(Timestamp{-86401}, 0), -2);
  EXPECT_EQ(LocalDayOf(Timestamp{-2208988800}, 0), -25567);
}

TEST(LocalDayTest, DayStartAndDayOfAgreeAroundEveryMidnight) {
  for (int64_t offset : {kChinaUtcOffsetSeconds, int64_t{0}, -5 * kSecondsPerHour - 30 * kSecondsPerMinute}) {
    for (int64_t day = -30000; day <= 30000; day += 7) {
      const Timestamp start = LocalDayStart(day, offset);
      ASSERT_EQ(LocalDayOf(start, offset), day) << day << " offset " << offset;
      ASSERT_EQ(LocalDayOf(Timestamp{start.seconds - 1}, offset), day - 1) << day;
      ASSERT_EQ(LocalDayOf(Timestamp{start.seconds + kSecondsPerDay - 1}, offset), day) << day;
      ASSERT_EQ(LocalDayOf(Timestamp{start.seconds + kSecondsPerDay}, offset), day + 1) << day;
    }
  }
}

TEST(LocalDayTest, LocalDayMatchesFormattedLocalDate) {
  // The +08:00 day of t is the UTC date of t + 8 h.
  for (int64_t s = -500000000; s <= 2000000000; s += 9876543) {
    const int64_t day = LocalDayOf(Timestamp{s}, kChinaUtcOffsetSeconds);
    const std::string shifted = FormatTimestamp(Timestamp{s + kChinaUtcOffsetSeconds});
    ASSERT_EQ(FormatDate(day), shifted.substr(0, 10)) << s;
  }
}

TEST(TimestampTest, Ordering) {
  EXPECT_LT(Timestamp{-1}, Timestamp{0});
  EXPECT_EQ(Timestamp{5}, Timestamp{5});
  EXPECT_GT(Timestamp{6}, Timestamp{5});
}

}  // namespace
}  // namespace onecode
