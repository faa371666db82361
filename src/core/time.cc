#include "core/time.h"

namespace onecode {
namespace {

// Days-from-civil and back after Howard Hinnant's public-domain algorithms
// ("chrono-Compatible Low-Level Date Algorithms").
constexpr int64_t DaysFromCivilImpl(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at text[pos]; false if any is not a digit.
bool ReadDigits(std::string_view text, size_t pos, size_t n, int* out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

inline void Put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

int64_t DaysFromCivil(CivilDate date) {
  return DaysFromCivilImpl(date.year, static_cast<unsigned>(date.month), static_cast<unsigned>(date.day));
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

bool IsValidCivilDate(CivilDate date) {
  return date.month >= 1 && date.month <= 12 && date.day >= 1 &&
         date.day <= DaysInMonth(date.year, date.month);
}

StatusOr<int64_t> ParseDate(std::string_view text) {
  CivilDate d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ReadDigits(text, 0, 4, &d.year) ||
      !ReadDigits(text, 5, 2, &d.month) || !ReadDigits(text, 8, 2, &d.day)) {
    return Status::InvalidArgument("date must be YYYY-MM-DD, got '" + std::string(text) + "'");
  }
  if (!IsValidCivilDate(d)) return Status::InvalidArgument("no such date '" + std::string(text) + "'");
  return DaysFromCivil(d);
}

StatusOr<Timestamp> ParseTimestamp(std::string_view text) {
  auto bad = [&](const char* why) {
    return Status::InvalidArgument(std::string(why) + ": '" + std::string(text.substr(0, 40)) + "'");
  };
  if (text.empty()) return bad("empty time");
  // Unix seconds: an optional '-' and 1-12 digits.
  bool all_digits = true;
  for (size_t i = (text[0] == '-' ? 1 : 0); i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') { all_digits = false; break; }
  }
  if (all_digits) {
    const size_t digits = text.size() - (text[0] == '-' ? 1 : 0);
    if (digits == 0 || digits > 12) return bad("Unix seconds out of range");
    int64_t v = 0;
    for (size_t i = (text[0] == '-' ? 1 : 0); i < text.size(); ++i) v = v * 10 + (text[i] - '0');
    return Timestamp{text[0] == '-' ? -v : v};
  }
  CivilDate d;
  int hh = 0, mm = 0, ss = 0;
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || !ReadDigits(text, 0, 4, &d.year) || !ReadDigits(text, 5, 2, &d.month) ||
      !ReadDigits(text, 8, 2, &d.day) || !ReadDigits(text, 11, 2, &hh) || !ReadDigits(text, 14, 2, &mm) ||
      !ReadDigits(text, 17, 2, &ss)) {
    return bad("time must be YYYY-MM-DDTHH:MM:SSZ or Unix seconds");
  }
  if (!IsValidCivilDate(d) || hh > 23 || mm > 59 || ss > 59) return bad("no such time");
  int64_t offset = 0;
  const std::string_view zone = text.substr(19);
  if (zone == "Z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh = 0, om = 0;
    if (!ReadDigits(zone, 1, 2, &oh) || !ReadDigits(zone, 4, 2, &om) || oh > 14 || om > 59) {
      return bad("bad UTC offset");
    }
    offset = (oh * 3600 + om * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    return bad("time needs a zone: 'Z' or +HH:MM");
  }
  return Timestamp{DaysFromCivil(d) * kSecondsPerDay + hh * 3600 + mm * 60 + ss - offset};
}

char* FormatDateTo(int64_t day, char* out) {
  const CivilDate d = CivilFromDays(day);
  const int y = d.year;
  out[0] = static_cast<char>('0' + y / 1000 % 10);
  out[1] = static_cast<char>('0' + y / 100 % 10);
  out[2] = static_cast<char>('0' + y / 10 % 10);
  out[3] = static_cast<char>('0' + y % 10);
  out[4] = '-';
  Put2(out + 5, d.month);
  out[7] = '-';
  Put2(out + 8, d.day);
  return out + 10;
}

char* FormatTimestampTo(Timestamp t, char* out) {
  int64_t day = t.seconds / kSecondsPerDay;
  int64_t sod = t.seconds % kSecondsPerDay;
  if (sod < 0) { sod += kSecondsPerDay; --day; }
  FormatDateTo(day, out);
  out[10] = 'T';
  Put2(out + 11, static_cast<int>(sod / 3600));
  out[13] = ':';
  Put2(out + 14, static_cast<int>(sod / 60 % 60));
  out[16] = ':';
  Put2(out + 17, static_cast<int>(sod % 60));
  out[19] = 'Z';
  return out + 20;
}

std::string FormatTimestamp(Timestamp t) {
  std::string s(20, ' ');
  FormatTimestampTo(t, s.data());
  return s;
}

std::string FormatDate(int64_t day) {
  std::string s(10, ' ');
  FormatDateTo(day, s.data());
  return s;
}

}  // namespace onecode
