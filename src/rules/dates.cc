#include "rules/dates.h"

#include "core/time.h"

namespace onecode::rules {
namespace {

constexpr int64_t kMsPerDay = 86400000;

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int DaysInMonth(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Parses "±h", "±hh", "±hmm", "±hhmm", "±h:mm", "±hh:mm" into minutes.
std::optional<int> ParseOffset(std::string_view s) {
  if (s.empty() || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  s.remove_prefix(1);
  int h = 0, m = 0;
  const size_t colon = s.find(':');
  if (colon != std::string_view::npos) {
    if ((colon != 1 && colon != 2) || s.size() != colon + 3) return std::nullopt;
    if (!Digits(s, 0, colon, &h) || !Digits(s, colon + 1, 2, &m)) return std::nullopt;
  } else {
    switch (s.size()) {
      case 1: case 2: if (!Digits(s, 0, s.size(), &h)) return std::nullopt; break;
      case 3: if (!Digits(s, 0, 1, &h) || !Digits(s, 1, 2, &m)) return std::nullopt; break;
      case 4: if (!Digits(s, 0, 2, &h) || !Digits(s, 2, 2, &m)) return std::nullopt; break;
      default: return std::nullopt;
    }
  }
  if (h > 23 || m > 59) return std::nullopt;
  return sign * (h * 60 + m);
}

}  // namespace

std::optional<TimeUnit> ParseTimeUnit(std::string_view s) {
  if (s == "year") return TimeUnit::kYear;
  if (s == "month") return TimeUnit::kMonth;
  if (s == "day") return TimeUnit::kDay;
  if (s == "hour") return TimeUnit::kHour;
  return std::nullopt;
}

std::optional<int64_t> DccDateOfBirth(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (!Digits(s, 0, 4, &y)) return std::nullopt;
  if (s.size() == 4) return DaysFromCivil({y, 12, 31}) * kMsPerDay;
  if (s[4] != '-' || !Digits(s, 5, 2, &m) || m < 1 || m > 12) return std::nullopt;
  if (s.size() == 7) return DaysFromCivil({y, m, DaysInMonth(y, m)}) * kMsPerDay;
  if (s.size() != 10 || s[7] != '-' || !Digits(s, 8, 2, &d)) return std::nullopt;
  if (d < 1 || d > DaysInMonth(y, m)) return std::nullopt;
  return DaysFromCivil({y, m, d}) * kMsPerDay;
}

std::optional<int64_t> ParseDateTime(std::string_view s) {
  if (s.size() <= 10) return DccDateOfBirth(s);
  auto day = DccDateOfBirth(s.substr(0, 10));
  if (!day || s[10] != 'T') return std::nullopt;
  int hh, mm, ss;
  if (!Digits(s, 11, 2, &hh) || s.size() < 19 || s[13] != ':' || !Digits(s, 14, 2, &mm) || s[16] != ':' ||
      !Digits(s, 17, 2, &ss)) {
    return std::nullopt;
  }
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - start < 3) millis = millis * 10 + (s[pos] - '0');
      ++pos;
    }
    if (pos == start) return std::nullopt;
    for (size_t k = pos - start; k < 3; ++k) millis *= 10;
  }
  int offset_minutes = 0;
  std::string_view rest = s.substr(pos);
  if (rest == "Z") {
  } else if (!rest.empty()) {
    auto off = ParseOffset(rest);
    if (!off) return std::nullopt;
    offset_minutes = *off;
  }
  return *day + (int64_t{hh} * 3600 + mm * 60 + ss - offset_minutes * 60) * 1000 + millis;
}

int64_t PlusTime(int64_t millis, int64_t amount, TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kHour: return millis + amount * 3600000;
    case TimeUnit::kDay: return millis + amount * kMsPerDay;
    case TimeUnit::kYear:
    case TimeUnit::kMonth: {
      const int64_t days = millis >= 0 ? millis / kMsPerDay : -((-millis + kMsPerDay - 1) / kMsPerDay);
      const int64_t time_of_day = millis - days * kMsPerDay;
      const CivilDate c = CivilFromDays(days);
      int64_t months = int64_t{c.year} * 12 + (c.month - 1) + (unit == TimeUnit::kYear ? amount * 12 : amount);
      const int64_t y = months >= 0 ? months / 12 : -((-months + 11) / 12);
      const int m = static_cast<int>(months - y * 12) + 1;
      // Day overflow rolls into the next month, as Date.setUTC* does.
      const int64_t new_days = DaysFromCivil({static_cast<int>(y), m, 1}) + c.day - 1;
      return new_days * kMsPerDay + time_of_day;
    }
  }
  return millis;
}

}  // namespace onecode::rules
