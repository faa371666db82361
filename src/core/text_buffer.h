// TextBuffer: an append-only byte buffer with fast number, time and CSV field
// formatting, for output paths that write millions of rows.
//
// Not thread-safe; give each thread its own. Formatting never allocates beyond
// the buffer's own growth.
#ifndef ONECODE_CORE_TEXT_BUFFER_H_
#define ONECODE_CORE_TEXT_BUFFER_H_

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace onecode {

class TextBuffer {
 public:
  std::string_view view() const { return {data_.data(), data_.size()}; }
  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  void clear() { data_.clear(); }
  void reserve(size_t n) { data_.reserve(n); }

  TextBuffer& Append(std::string_view s) {
    data_.insert(data_.end(), s.begin(), s.end());
    return *this;
  }
  TextBuffer& Append(char c) {
    data_.push_back(c);
    return *this;
  }
  TextBuffer& AppendInt(int64_t v);
  // `v` with exactly `decimals` digits after the point (rounded half away from zero).
  TextBuffer& AppendFixed(double v, int decimals);
  TextBuffer& AppendTimestamp(Timestamp t) {
    char* p = Grow(20);
    FormatTimestampTo(t, p);
    return *this;
  }
  TextBuffer& AppendDate(int64_t day) {
    char* p = Grow(10);
    FormatDateTo(day, p);
    return *this;
  }
  // A CSV field per RFC 4180: quoted (with quotes doubled) only when it holds a
  // comma, quote, CR or LF.
  TextBuffer& AppendCsvField(std::string_view s);

 private:
  char* Grow(size_t n) {
    const size_t old = data_.size();
    data_.resize(old + n);
    return data_.data() + old;
  }
  std::vector<char> data_;
};

}  // namespace onecode

#endif  // ONECODE_CORE_TEXT_BUFFER_H_
