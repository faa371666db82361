// UTF-8 validation (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
#ifndef ONECODE_CORE_UTF8_H_
#define ONECODE_CORE_UTF8_H_

#include <string_view>

namespace onecode {

inline bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) { ++p; continue; }
    int n;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) { n = 1; }
    else if (c == 0xe0) { n = 2; lo = 0xa0; }
    else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) { n = 2; }
    else if (c == 0xed) { n = 2; hi = 0x9f; }
    else if (c == 0xf0) { n = 3; lo = 0x90; }
    else if (c >= 0xf1 && c <= 0xf3) { n = 3; }
    else if (c == 0xf4) { n = 3; hi = 0x8f; }
    else return false;
    if (end - p <= n) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (int k = 2; k <= n; ++k) {
      if (p[k] < 0x80 || p[k] > 0xbf) return false;
    }
    p += n + 1;
  }
  return true;
}

}  // namespace onecode

#endif  // ONECODE_CORE_UTF8_H_
