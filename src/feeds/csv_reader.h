// CsvReader: streams RFC 4180 records from a file without a per-row allocation.
//
// Fields are string_views into the reader's buffer, valid until the next call
// to Next(). Quoted fields may hold commas, doubled quotes and line breaks; a
// field that needed unescaping is copied into a scratch buffer owned by the
// reader. A record longer than max_record_bytes is reported as an error and
// skipped, so one bad line cannot take the whole file down. Not thread-safe.
#ifndef ONECODE_FEEDS_CSV_READER_H_
#define ONECODE_FEEDS_CSV_READER_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onecode {

struct CsvRecord {
  std::vector<std::string_view> fields;
  std::string_view raw;     // the record's bytes without the line break
  uint64_t line = 0;        // 1-based line number of the record's first line
};

enum class CsvResult { kRecord, kEnd, kBadRecord };

class CsvReader {
 public:
  static constexpr size_t kDefaultMaxRecordBytes = 64 * 1024;

  // Opens `path`. Returns NOT_FOUND or IO_ERROR with the path and the reason.
  static StatusOr<CsvReader> Open(const std::string& path, size_t max_record_bytes = kDefaultMaxRecordBytes);
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) = delete;
  CsvReader(const CsvReader&) = delete;
  ~CsvReader();

  // Reads the next record into `record`. On kBadRecord, `error` says why
  // (record too long, unterminated quote, text after a closing quote) and
  // record->raw/line locate it; reading can continue with the next record.
  // An I/O error mid-file is kBadRecord with error set and then kEnd.
  CsvResult Next(CsvRecord* record, std::string* error);
  const std::string& path() const { return path_; }

 private:
  CsvReader(std::string path, std::FILE* file, size_t max_record_bytes);
  // Moves unread bytes to the front and reads more; false at end of file.
  bool Fill();
  bool SplitFields(std::string_view raw, CsvRecord* record, std::string* error);

  std::string path_;
  std::FILE* file_;
  size_t max_record_bytes_;
  std::vector<char> buffer_;
  size_t begin_ = 0;  // first unread byte in buffer_
  size_t end_ = 0;    // one past the last valid byte
  bool eof_ = false;
  bool io_error_ = false;
  uint64_t line_ = 0;  // lines consumed so far
  std::string scratch_;
  std::vector<std::pair<size_t, size_t>> scratch_spans_;
};

}  // namespace onecode

#endif  // ONECODE_FEEDS_CSV_READER_H_
