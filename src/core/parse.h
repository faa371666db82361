// ParseNumber: the whole of `s` as a number (integer or floating point), with
// no allocation and no locale. False for empty text, trailing characters or
// out-of-range values.
#ifndef ONECODE_CORE_PARSE_H_
#define ONECODE_CORE_PARSE_H_

#include <charconv>
#include <string_view>

namespace onecode {

template <typename T>
bool ParseNumber(std::string_view s, T* out) {
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace onecode

#endif  // ONECODE_CORE_PARSE_H_
