// UTC time and calendar-day arithmetic.
//
// Timestamp is whole seconds since the Unix epoch, UTC. Days are counted as
// days since 1970-01-01 (DayNumber); a "local day" is the calendar day at a
// fixed UTC offset (China Standard Time, +08:00, has no daylight saving, so a
// fixed offset is exact for the regions OneCode serves). All functions are
// pure and thread-safe.
#ifndef ONECODE_CORE_TIME_H_
#define ONECODE_CORE_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace onecode {

inline constexpr int64_t kSecondsPerMinute = 60;
inline constexpr int64_t kSecondsPerHour = 3600;
inline constexpr int64_t kSecondsPerDay = 86400;
// Offset of China Standard Time; pages and itineraries use local days.
inline constexpr int64_t kChinaUtcOffsetSeconds = 8 * kSecondsPerHour;

struct Timestamp {
  int64_t seconds = 0;  // since 1970-01-01T00:00:00Z

  friend auto operator<=>(Timestamp, Timestamp) = default;
  friend bool operator==(Timestamp, Timestamp) = default;
};

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1-12
  int day = 1;    // 1-31
  friend bool operator==(CivilDate, CivilDate) = default;
};

// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
int64_t DaysFromCivil(CivilDate date);
CivilDate CivilFromDays(int64_t days);
bool IsValidCivilDate(CivilDate date);

// The day number of `t` at UTC offset `offset_seconds` (e.g. +8 h for China).
inline int64_t LocalDayOf(Timestamp t, int64_t offset_seconds) {
  const int64_t s = t.seconds + offset_seconds;
  return s >= 0 ? s / kSecondsPerDay : -((-s + kSecondsPerDay - 1) / kSecondsPerDay);
}
// The UTC instant at which local day `day` begins.
inline Timestamp LocalDayStart(int64_t day, int64_t offset_seconds) {
  return Timestamp{day * kSecondsPerDay - offset_seconds};
}

// Parses "YYYY-MM-DDTHH:MM:SSZ", the same with "+HH:MM"/"-HH:MM" instead of
// "Z", or an integer count of Unix seconds. Returns INVALID_ARGUMENT otherwise
// (including impossible dates such as 2026-02-30).
StatusOr<Timestamp> ParseTimestamp(std::string_view text);
// Parses "YYYY-MM-DD" to a day number.
StatusOr<int64_t> ParseDate(std::string_view text);

// Writes exactly 20 characters "YYYY-MM-DDTHH:MM:SSZ" to `out` (years 0-9999).
// Returns out + 20. No allocation; for hot output paths.
char* FormatTimestampTo(Timestamp t, char* out);
// Writes exactly 10 characters "YYYY-MM-DD" of day number `day`. Returns out + 10.
char* FormatDateTo(int64_t day, char* out);
std::string FormatTimestamp(Timestamp t);
std::string FormatDate(int64_t day);

}  // namespace onecode

#endif  // ONECODE_CORE_TIME_H_
