#include "core/text_buffer.h"

#include <cmath>

namespace onecode {

TextBuffer& TextBuffer::AppendInt(int64_t v) {
  char tmp[24];
  char* end = tmp + sizeof tmp;
  char* p = end;
  uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) *--p = '-';
  return Append(std::string_view(p, static_cast<size_t>(end - p)));
}

TextBuffer& TextBuffer::AppendFixed(double v, int decimals) {
  static constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  if (decimals < 0) decimals = 0;
  if (decimals > 8) decimals = 8;
  const int64_t scale = kPow10[decimals];
  const bool negative = v < 0;
  const auto scaled = static_cast<int64_t>(std::llround(std::fabs(v) * static_cast<double>(scale)));
  if (negative && scaled != 0) Append('-');
  AppendInt(scaled / scale);
  if (decimals > 0) {
    Append('.');
    char* p = Grow(static_cast<size_t>(decimals));
    int64_t frac = scaled % scale;
    for (int i = decimals - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
  }
  return *this;
}

TextBuffer& TextBuffer::AppendCsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return Append(s);
  Append('"');
  for (char c : s) {
    if (c == '"') Append('"');
    Append(c);
  }
  return Append('"');
}

}  // namespace onecode
