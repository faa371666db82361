#include "feeds/csv_reader.h"

#include <cerrno>
#include <cstring>

namespace onecode {

StatusOr<CsvReader> CsvReader::Open(const std::string& path, size_t max_record_bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    const int err = errno;
    std::string msg = path + ": " + std::strerror(err);
    if (err == ENOENT) return Status::NotFound(msg);
    return Status::IoError(msg);
  }
  return CsvReader(path, f, max_record_bytes);
}

CsvReader::CsvReader(std::string path, std::FILE* file, size_t max_record_bytes)
    : path_(std::move(path)), file_(file), max_record_bytes_(max_record_bytes) {
  buffer_.resize(std::max<size_t>(1 << 20, 2 * max_record_bytes + 16));
}

CsvReader::CsvReader(CsvReader&& o) noexcept
    : path_(std::move(o.path_)),
      file_(o.file_),
      max_record_bytes_(o.max_record_bytes_),
      buffer_(std::move(o.buffer_)),
      begin_(o.begin_),
      end_(o.end_),
      eof_(o.eof_),
      io_error_(o.io_error_),
      line_(o.line_) {
  o.file_ = nullptr;
}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool CsvReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) {  // cannot happen: buffer > 2 * max record
    eof_ = true;
    io_error_ = true;
    return false;
  }
  const size_t n = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_);
  end_ += n;
  if (n == 0) {
    eof_ = true;
    if (std::ferror(file_)) io_error_ = true;
    return false;
  }
  return true;
}

CsvResult CsvReader::Next(CsvRecord* record, std::string* error) {
  record->fields.clear();
  for (;;) {
    // Scan for the end of the record, honouring quotes. A quote opens a quoted
    // section only at the start of a field (or right after a closing quote,
    // which makes a doubled quote); a stray quote inside an unquoted field is
    // left for SplitFields to reject, so it cannot swallow the lines after it.
    bool in_quotes = false;
    bool field_start = true;
    bool just_closed = false;
    size_t i = begin_;
    size_t newlines = 0;
    bool found = false;
    for (; i < end_; ++i) {
      const char c = buffer_[i];
      if (c == '"') {
        if (in_quotes) {
          in_quotes = false;
          just_closed = true;
        } else if (field_start || just_closed) {
          in_quotes = true;
          just_closed = false;
        }
        field_start = false;
      } else {
        if (c == '\n') {
          if (!in_quotes) { found = true; break; }
          ++newlines;
        }
        field_start = c == ',' && !in_quotes;
        just_closed = false;
      }
      if (i - begin_ > max_record_bytes_) break;
    }
    const size_t length = i - begin_;
    if (!found && length <= max_record_bytes_ && !eof_) {
      Fill();  // reads more bytes or sets eof_; the buffer always has room
      continue;
    }
    if (length > max_record_bytes_) {
      // Skip to the next line break (outside the buffer limit if need be).
      record->line = line_ + 1;
      record->raw = std::string_view(buffer_.data() + begin_, std::min<size_t>(length, 200));
      *error = "record longer than " + std::to_string(max_record_bytes_) + " bytes";
      std::string raw_copy(record->raw);
      for (;;) {
        const void* nl = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
        if (nl != nullptr) {
          begin_ = static_cast<size_t>(static_cast<const char*>(nl) - buffer_.data()) + 1;
          break;
        }
        begin_ = end_;
        if (!Fill()) break;
      }
      ++line_;
      scratch_ = std::move(raw_copy);
      record->raw = scratch_;
      return CsvResult::kBadRecord;
    }
    if (length == 0 && !found) {
      if (io_error_) {
        io_error_ = false;
        *error = "read error in " + path_;
        record->line = line_ + 1;
        record->raw = {};
        return CsvResult::kBadRecord;
      }
      return CsvResult::kEnd;
    }
    std::string_view raw(buffer_.data() + begin_, length);
    begin_ = found ? i + 1 : i;
    record->line = line_ + 1;
    line_ += 1 + newlines;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    record->raw = raw;
    if (in_quotes && !found) {
      *error = "unterminated quoted field";
      return CsvResult::kBadRecord;
    }
    if (!SplitFields(raw, record, error)) return CsvResult::kBadRecord;
    return CsvResult::kRecord;
  }
}

bool CsvReader::SplitFields(std::string_view raw, CsvRecord* record, std::string* error) {
  scratch_.clear();
  scratch_spans_.clear();
  std::vector<int> from_scratch;  // indexes of fields that live in scratch_
  size_t pos = 0;
  for (;;) {
    if (pos < raw.size() && raw[pos] == '"') {
      const size_t start = scratch_.size();
      size_t j = pos + 1;
      bool closed = false;
      while (j < raw.size()) {
        if (raw[j] == '"') {
          if (j + 1 < raw.size() && raw[j + 1] == '"') {
            scratch_ += '"';
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        scratch_ += raw[j++];
      }
      if (!closed) {
        *error = "unterminated quoted field";
        return false;
      }
      if (j < raw.size() && raw[j] != ',') {
        *error = "text after closing quote in field " + std::to_string(record->fields.size() + 1);
        return false;
      }
      scratch_spans_.emplace_back(start, scratch_.size() - start);
      from_scratch.push_back(static_cast<int>(record->fields.size()));
      record->fields.emplace_back();
      if (j >= raw.size()) break;
      pos = j + 1;
    } else {
      const size_t comma = raw.find(',', pos);
      const size_t stop = comma == std::string_view::npos ? raw.size() : comma;
      const std::string_view field = raw.substr(pos, stop - pos);
      if (field.find('"') != std::string_view::npos) {
        *error = "quote inside an unquoted field " + std::to_string(record->fields.size() + 1);
        return false;
      }
      record->fields.push_back(field);
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
  }
  // scratch_ no longer grows: point the quoted fields into it.
  for (size_t k = 0; k < from_scratch.size(); ++k) {
    record->fields[static_cast<size_t>(from_scratch[k])] =
        std::string_view(scratch_).substr(scratch_spans_[k].first, scratch_spans_[k].second);
  }
  return true;
}

}  // namespace onecode
