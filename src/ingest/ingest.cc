#include "ingest/ingest.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <future>
#include <thread>

#include <boost/json.hpp>
#include <rocksdb/write_batch.h>

#include "core/memory.h"
#include "core/parse.h"
#include "core/pseudonym.h"
#include "core/region.h"
#include "core/text_buffer.h"
#include "core/time.h"
#include "core/utf8.h"
#include "feeds/csv_reader.h"
#include "feeds/schema.h"

namespace onecode::ingest {
namespace {

namespace fs = std::filesystem;
constexpr size_t kMaxLine = 64 * 1024;
constexpr size_t kBatchRows = 20000;

// A read-only memory map of a whole file.
class MappedFile {
 public:
  static StatusOr<std::unique_ptr<MappedFile>> Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const int err = errno;
      std::string msg = path + ": " + std::strerror(err);
      return err == ENOENT ? Status::NotFound(msg) : Status::IoError(msg);
    }
    struct stat sb;
    if (::fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
      ::close(fd);
      return Status::IoError(path + ": not a readable regular file");
    }
    std::unique_ptr<MappedFile> m(new MappedFile);
    m->size_ = static_cast<size_t>(sb.st_size);
    if (m->size_ > 0) {
      void* p = ::mmap(nullptr, m->size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        return Status::IoError(path + ": " + std::strerror(errno));
      }
      m->data_ = static_cast<const char*>(p);
      ::madvise(p, m->size_, MADV_SEQUENTIAL);
    }
    ::close(fd);
    return m;
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  std::string_view view() const { return {data_ == nullptr ? "" : data_, size_}; }

 private:
  MappedFile() = default;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// Maps the pages of bytes[from, to) in one call instead of one fault per
// page (MADV_POPULATE_READ, Linux 5.14+; older kernels fall back to
// read-ahead advice).
void PrefaultRange(std::string_view bytes, size_t from, size_t to) {
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
  if (to <= from) return;
  char* base = const_cast<char*>(bytes.data());
  const size_t begin = from & ~size_t{4095};
  if (::madvise(base + begin, to - begin, MADV_POPULATE_READ) != 0) {
    ::madvise(base + begin, to - begin, MADV_WILLNEED);
  }
}

// The identity of a file's bytes: BLAKE2b-256 over the file size and the
// BLAKE2b-256 of each 64 MiB block (blocks hashed on `threads` threads).
std::string Fingerprint(std::string_view bytes, int threads) {
  constexpr size_t kBlock = 64u << 20;
  const size_t blocks = (bytes.size() + kBlock - 1) / kBlock;
  std::vector<unsigned char> block_hashes(std::max<size_t>(blocks, 1) * 32, 0);
  auto hash_blocks = [&](size_t first, size_t step) {
    for (size_t b = first; b < blocks; b += step) {
      const size_t off = b * kBlock, n = std::min(kBlock, bytes.size() - off);
      PrefaultRange(bytes, off, off + n);
      crypto_generichash(&block_hashes[b * 32], 32, reinterpret_cast<const unsigned char*>(bytes.data() + off), n,
                         nullptr, 0);
      // Unmap the block's pages from this process once hashed (they stay in
      // the page cache), so memory does not grow with the file size.
      ::madvise(const_cast<char*>(bytes.data()) + off, n & ~size_t{4095}, MADV_DONTNEED);
    }
  };
  const size_t workers = static_cast<size_t>(std::max(1, threads));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(hash_blocks, t, workers);
  hash_blocks(0, workers);
  for (auto& th : pool) th.join();
  unsigned char hash[32];
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof hash);
  const uint64_t size = bytes.size();
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(&size), sizeof size);
  crypto_generichash_update(&state, block_hashes.data(), blocks * 32);
  crypto_generichash_final(&state, hash, sizeof hash);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : hash) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// Quarantined rows of one feed, appended to STORE/quarantine/<feed>.csv.
class Quarantine {
 public:
  Quarantine(std::string path, std::string source) : path_(std::move(path)), source_(std::move(source)) {}
  void Add(uint64_t line, std::string_view reason, std::string_view raw) {
    buf_.AppendCsvField(source_).Append(',').AppendInt(static_cast<int64_t>(line)).Append(',');
    buf_.AppendCsvField(reason).Append(',');
    // Keep the raw bytes readable: cut very long lines, keep invalid UTF-8 as is.
    buf_.AppendCsvField(raw.substr(0, 4096)).Append('\n');
    ++count_;
  }
  uint64_t count() const { return count_; }
  Status Flush() {
    if (count_ == 0) return Status::Ok();
    const bool fresh = !fs::exists(path_);
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return Status::IoError(path_ + ": " + std::strerror(errno));
    std::string header = fresh ? "source,line,reason,raw\n" : "";
    bool ok = ::write(fd, header.data(), header.size()) == static_cast<ssize_t>(header.size());
    std::string_view body = buf_.view();
    while (ok && !body.empty()) {
      const ssize_t w = ::write(fd, body.data(), body.size());
      if (w <= 0) { ok = false; break; }
      body.remove_prefix(static_cast<size_t>(w));
    }
    if (ok && ::fsync(fd) != 0) ok = false;
    const int err = errno;
    ::close(fd);
    if (!ok) return Status::IoError(path_ + ": " + std::strerror(err));
    buf_.clear();
    return Status::Ok();
  }

 private:
  std::string path_, source_;
  TextBuffer buf_;
  uint64_t count_ = 0;
};

std::string Pad10(int64_t t) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%010lld", static_cast<long long>(t));
  return buf;
}

// Replaces tabs and line breaks (the store's value separators) with spaces.
std::string Clean(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

// Validates one row of a feed and, when it is good, adds it to `batch` (keyed
// feeds) or `intervals` (cdr). Returns "" or the reason it is bad.
class RowLoader {
 public:
  RowLoader(store::Store& store, Table table) : store_(store), table_(table) {}

  std::string Load(const std::vector<std::string_view>& f, rocksdb::WriteBatch* batch,
                   std::vector<store::IntervalRow>* intervals) {
    const TableSchema& schema = SchemaOf(table_);
    if (f.size() != schema.columns.size()) {
      return "expected " + std::to_string(schema.columns.size()) + " fields, got " + std::to_string(f.size());
    }
    for (size_t c = 0; c < f.size(); ++c) {
      const Column& col = schema.columns[c];
      if (f[c].empty()) {
        if (!col.optional) return "empty " + std::string(col.name);
        continue;
      }
      std::string why = CheckType(col, f[c]);
      if (!why.empty()) return why;
    }
    switch (table_) {
      case Table::kPersons: return Persons(f, batch);
      case Table::kCells: return Cells(f, batch);
      case Table::kRegions:
        batch->Put(std::string(store::kRegionPrefix) + std::string(f[0]),
                   Clean(f[1]) + "\t" + std::string(f[2]) + "\t" + std::string(f[3]) + "\t" + std::string(f[4]) +
                       "\t" + std::string(f[5]));
        return "";
      case Table::kVenues:
        store_.venues().Insert(f[0]);
        batch->Put(std::string(store::kVenuePrefix) + std::string(f[0]),
                   Clean(f[1]) + "\t" + std::string(f[2]) + "\t" + std::string(f[3]) + "\t" + std::string(f[4]));
        return "";
      case Table::kCdr: return TryFastCdr(f, intervals) ? "" : CdrReason(f);
      case Table::kTransport: {
        if (auto w = KnownPerson(f[0]); !w.empty()) return w;
        const int64_t dep = Time(f[4]), arr = Time(f[5]);
        if (arr < dep) return "arr_time before dep_time";
        batch->Put(std::string(store::kTransportPrefix) + std::string(f[0]) + ":" + Pad10(dep) + ":" + std::string(f[2]),
                   std::string(f[1]) + "\t" + std::string(f[3]) + "\t" + Pad10(arr) + "\t" + std::string(f[6]) + "\t" +
                       std::string(f[7]) + "\t" + std::string(f[8]));
        return "";
      }
      case Table::kVenueScans:
        if (auto w = KnownPerson(f[0]); !w.empty()) return w;
        if (store_.venues().Find(f[1]) == IdIndex::kMissing) return "unknown venue " + std::string(f[1]);
        batch->Put(std::string(store::kScanPrefix) + std::string(f[0]) + ":" + Pad10(Time(f[2])) + ":" + std::string(f[1]), "");
        return "";
      case Table::kCases: {
        if (auto w = KnownPerson(f[1]); !w.empty()) return w;
        const std::string onset = f[3].empty() ? "" : Pad10(Time(f[3]));
        batch->Put(std::string(store::kCasePrefix) + std::string(f[0]),
                   std::string(f[1]) + "\t" + std::string(f[2]) + "\t" + onset + "\t" + Pad10(Time(f[4])) + "\t" +
                       std::string(f[5]));
        return "";
      }
      case Table::kRiskAreas: {
        const int64_t from = Time(f[2]), to = Time(f[3]);
        if (to <= from) return "risk period ends before it starts";
        batch->Put(std::string(store::kRiskPrefix) + std::string(f[0]) + ":" + Pad10(from),
                   std::string(f[1]) + "\t" + Pad10(to));
        return "";
      }
      case Table::kTests:
        if (auto w = KnownPerson(f[0]); !w.empty()) return w;
        batch->Put(std::string(store::kTestPrefix) + std::string(f[0]) + ":" + Pad10(Time(f[1])) + ":" + std::string(f[3]),
                   std::string(f[2]));
        return "";
      case Table::kDeclarations: {
        if (auto w = KnownPerson(f[0]); !w.empty()) return w;
        if (!f[2].empty()) {
          double t = 0;
          ParseNumber(f[2], &t);
          if (t < 30 || t > 45) return "temperature_c out of range (30-45)";
        }
        batch->Put(std::string(store::kDeclarationPrefix) + std::string(f[0]) + ":" + Pad10(Time(f[1])),
                   std::string(f[2]) + "\t" + Clean(f[3]) + "\t" + Clean(f[4]));
        return "";
      }
      default: return "not an input feed";
    }
  }

 private:
  static int64_t Time(std::string_view s) {
    auto t = ParseTimestamp(s);
    return t.ok() ? t->seconds : 0;
  }

  std::string KnownPerson(std::string_view id) const {
    if (store_.persons().Find(id) == IdIndex::kMissing) return "unknown person " + std::string(id);
    return "";
  }

  static std::string CheckType(const Column& col, std::string_view v) {
    switch (col.type) {
      case ColumnType::kPerson: {
        const Status s = ValidatePseudonym(v);
        return s.ok() ? "" : "bad " + std::string(col.name) + ": " + s.message();
      }
      case ColumnType::kRegion: {
        auto r = RegionCode::Parse(v);
        return r.ok() ? "" : "bad " + std::string(col.name) + ": " + r.status().message();
      }
      case ColumnType::kTimestamp: {
        auto t = ParseTimestamp(v);
        if (!t.ok()) return "bad " + std::string(col.name) + ": " + t.status().message();
        if (t->seconds < 0 || t->seconds > 0xffffffffLL) return std::string(col.name) + " out of range (1970-2106)";
        return "";
      }
      case ColumnType::kDate: {
        auto d = ParseDate(v);
        return d.ok() ? "" : "bad " + std::string(col.name) + ": " + d.status().message();
      }
      case ColumnType::kInteger: {
        int64_t x = 0;
        return ParseNumber(v, &x) ? "" : "bad " + std::string(col.name) + ": not an integer";
      }
      case ColumnType::kDecimal: {
        double x = 0;
        if (!ParseNumber(v, &x) || !std::isfinite(x)) return "bad " + std::string(col.name) + ": not a number";
        if (col.name == "lon" && (x < -180 || x > 180)) return "lon out of range";
        if (col.name == "lat" && (x < -90 || x > 90)) return "lat out of range";
        return "";
      }
      case ColumnType::kEnum: {
        // Allowed values are listed in the note as "a | b | c".
        const std::string_view note = col.note;
        size_t pos = 0;
        while (pos <= note.size()) {
          size_t bar = note.find(" | ", pos);
          const std::string_view option = note.substr(pos, bar == std::string_view::npos ? note.npos : bar - pos);
          if (option == v) return "";
          if (bar == std::string_view::npos) break;
          pos = bar + 3;
        }
        return "bad " + std::string(col.name) + ": '" + std::string(v.substr(0, 40)) + "' is not one of " +
               std::string(note);
      }
      case ColumnType::kId:
        if (v.size() > 64) return std::string(col.name) + " longer than 64 bytes";
        for (char c : v) {
          if (c == ':' || c == '\t' || static_cast<unsigned char>(c) < 0x20) {
            return std::string(col.name) + " has a reserved character";
          }
        }
        return "";
      case ColumnType::kText: return "";
    }
    return "";
  }

  std::string Persons(const std::vector<std::string_view>& f, rocksdb::WriteBatch* batch) {
    if (f[0].substr(0, 6) != f[2]) return "home_region differs from the pseudonym's region";
    if (f[3].size() != 4 || f[3].find_first_not_of("0123456789") != std::string_view::npos) {
      return "phone_tail must be 4 digits";
    }
    const uint32_t index = store_.persons().Insert(f[0]);
    batch->Put(std::string(store::kPersonPrefix) + std::string(f[0]),
               std::to_string(index) + "\t" + Clean(f[1]) + "\t" + std::string(f[2]) + "\t" + std::string(f[3]));
    return "";
  }

  std::string Cells(const std::vector<std::string_view>& f, rocksdb::WriteBatch* batch) {
    store::CellRecord c;
    double radius = 0;
    ParseNumber(f[1], &c.lon);
    ParseNumber(f[2], &c.lat);
    ParseNumber(f[3], &radius);
    if (radius <= 0 || radius > 100000) return "radius_m out of range (1-100000)";
    c.radius_m = static_cast<float>(radius);
    c.region = RegionCode::Parse(f[4])->value();
    const uint32_t index = store_.cells().Insert(f[0]);
    auto& records = store_.cell_records();
    if (index >= records.size()) records.resize(index + 1);
    records[index] = c;
    batch->Put(std::string(store::kCellPrefix) + std::string(f[0]),
               std::to_string(index) + "\t" + std::string(f[1]) + "\t" + std::string(f[2]) + "\t" + std::string(f[3]) +
                   "\t" + std::to_string(c.region));
    return "";
  }


 public:
  // The hot path for operator records: validates and appends one row with
  // one lookup per field, each time parsed once; consecutive rows of the same
  // person reuse the last lookup. False (nothing appended) for a bad row:
  // CdrReason() then says why.
  bool TryFastCdr(const std::vector<std::string_view>& f, std::vector<store::IntervalRow>* out) {
    if (f.size() != 4) return false;
    uint32_t person;
    if (!f[0].empty() && f[0] == last_person_id_) {
      person = last_person_;
    } else {
      person = store_.persons().Find(f[0]);
      if (person == IdIndex::kMissing) return false;
      last_person_ = person;
      last_person_id_.assign(f[0]);
    }
    const uint32_t cell = store_.cells().Find(f[1]);
    if (cell == IdIndex::kMissing) return false;
    auto start = ParseTimestamp(f[2]);
    auto end = ParseTimestamp(f[3]);
    if (!start.ok() || !end.ok() || start->seconds < 0 || end->seconds > 0xffffffffLL ||
        end->seconds < start->seconds) {
      return false;
    }
    out->push_back(store::IntervalRow{person, cell, static_cast<uint32_t>(start->seconds),
                                      static_cast<uint32_t>(end->seconds)});
    return true;
  }

  // Why TryFastCdr refused a row (it appends nothing). Only for bad rows.
  std::string CdrReason(const std::vector<std::string_view>& f) const {
    if (f.size() != 4) return "expected 4 fields, got " + std::to_string(f.size());
    if (store_.persons().Find(f[0]) == IdIndex::kMissing) {
      if (f[0].empty()) return "empty person";
      const Status v = ValidatePseudonym(f[0]);
      return v.ok() ? "unknown person " + std::string(f[0]) : "bad person: " + v.message();
    }
    if (store_.cells().Find(f[1]) == IdIndex::kMissing) {
      return f[1].empty() ? "empty cell" : "unknown cell " + std::string(f[1]);
    }
    auto start = ParseTimestamp(f[2]);
    if (!start.ok()) return f[2].empty() ? "empty start" : "bad start: " + start.status().message();
    auto end = ParseTimestamp(f[3]);
    if (!end.ok()) return f[3].empty() ? "empty end" : "bad end: " + end.status().message();
    if (start->seconds < 0 || end->seconds > 0xffffffffLL) return "time out of range (1970-2106)";
    if (end->seconds < start->seconds) return "end before start";
    return "invalid location record";
  }

 private:

  store::Store& store_;
  Table table_;
  uint32_t last_person_ = 0;
  std::string last_person_id_;
};

// The lines of a buffer, each without its '\n' and a trailing '\r', with
// 1-based line numbers.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}
  bool Next(std::string_view* raw) {
    if (pos_ >= text_.size()) return false;
    size_t nl = text_.find('\n', pos_);
    if (nl == std::string_view::npos) nl = text_.size();
    *raw = text_.substr(pos_, nl - pos_);
    pos_ = nl + 1;
    ++line_;
    if (!raw->empty() && raw->back() == '\r') raw->remove_suffix(1);
    return true;
  }
  uint64_t line() const { return line_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint64_t line_ = 0;
};

// Splits a line without quotes at commas; false if it has a quote (the
// caller then takes the general path).
bool SplitLineFast(std::string_view line, std::vector<std::string_view>* fields) {
  fields->clear();
  const char* p = line.data();
  const char* end = p + line.size();
  const char* field = p;
  for (; p < end; ++p) {
    const char c = *p;
    if (c == ',') {
      fields->emplace_back(field, static_cast<size_t>(p - field));
      field = p + 1;
    } else if (c == '"') {
      return false;
    }
  }
  fields->emplace_back(field, static_cast<size_t>(end - field));
  return true;
}

// Splits one CSV line (no embedded line breaks) into fields; quoted fields are
// unescaped into `scratch`. Returns "" or why the line is malformed.
std::string SplitLine(std::string_view line, std::vector<std::string_view>* fields, std::string* scratch) {
  fields->clear();
  if (line.find('"') == std::string_view::npos) {
    size_t pos = 0;
    for (;;) {
      const size_t comma = line.find(',', pos);
      if (comma == std::string_view::npos) {
        fields->push_back(line.substr(pos));
        return "";
      }
      fields->push_back(line.substr(pos, comma - pos));
      pos = comma + 1;
    }
  }
  scratch->clear();
  scratch->reserve(line.size());
  std::vector<std::pair<size_t, size_t>> spans;
  size_t pos = 0;
  for (;;) {
    const size_t start = scratch->size();
    if (pos < line.size() && line[pos] == '"') {
      size_t j = pos + 1;
      bool closed = false;
      while (j < line.size()) {
        if (line[j] == '"') {
          if (j + 1 < line.size() && line[j + 1] == '"') { *scratch += '"'; j += 2; continue; }
          closed = true;
          ++j;
          break;
        }
        *scratch += line[j++];
      }
      if (!closed) return "unterminated quoted field";
      if (j < line.size() && line[j] != ',') return "text after closing quote";
      spans.emplace_back(start, scratch->size() - start);
      if (j >= line.size()) break;
      pos = j + 1;
    } else {
      const size_t comma = line.find(',', pos);
      const size_t stop = comma == std::string_view::npos ? line.size() : comma;
      const std::string_view field = line.substr(pos, stop - pos);
      if (field.find('"') != std::string_view::npos) return "quote inside an unquoted field";
      scratch->append(field);
      spans.emplace_back(start, field.size());
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
  }
  for (const auto& [s, n] : spans) fields->push_back(std::string_view(*scratch).substr(s, n));
  return "";
}

struct LoadResult {
  uint64_t rows = 0, loaded = 0;
};

class FileLoader {
 public:
  FileLoader(store::Store& store, const IngestOptions& options, const ProgressFn& progress)
      : store_(store), options_(options), progress_(progress) {}

  Status Load(const std::string& path, Table table, bool jsonl, std::string_view bytes, Quarantine* q,
              LoadResult* result) {
    pending_.clear();
    segment_names_.clear();
    Status st = !jsonl && table == Table::kCdr ? LoadCdr(path, bytes, q, result)
                                                : LoadRows(path, table, jsonl, bytes, q, result);
    if (st.ok()) st = FlushSegment();
    const Status written = WaitForWrite();  // never leave a write running
    return st.ok() ? written : st;
  }

  // Segments written for the current file; registered with its marker.
  const std::vector<std::string>& segment_names() const { return segment_names_; }

 private:
  Status CheckHeader(const std::string& path, Table table, std::string_view header) const {
    if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
    if (header.size() >= 3 && static_cast<unsigned char>(header[0]) == 0xef) header.remove_prefix(3);  // BOM
    const std::string expected = HeaderLine(SchemaOf(table));
    if (header != expected) {
      return Status::InvalidArgument(path + ": wrong header '" + std::string(header.substr(0, 200)) +
                                     "', expected '" + expected + "'");
    }
    return Status::Ok();
  }

  Status LoadRows(const std::string& path, Table table, bool jsonl, std::string_view bytes, Quarantine* q,
                  LoadResult* result) {
    RowLoader loader(store_, table);
    rocksdb::WriteBatch batch;
    std::vector<std::string_view> fields;
    std::vector<std::string> owned;
    size_t in_batch = 0;
    auto flush_batch = [&]() -> Status {
      if (in_batch == 0) return Status::Ok();
      ONECODE_RETURN_IF_ERROR(store_.Commit(&batch, /*sync=*/false));
      batch.Clear();
      in_batch = 0;
      return Status::Ok();
    };
    auto handle = [&](uint64_t line, std::string_view raw) -> Status {
      ++result->rows;
      std::string why;
      if (!IsValidUtf8(raw)) {
        why = "invalid UTF-8";
      } else if (jsonl) {
        why = JsonFields(table, raw, &owned, &fields);
      }
      if (why.empty()) why = loader.Load(fields, &batch, &pending_);
      if (!why.empty()) {
        q->Add(line, why, raw);
        return Status::Ok();
      }
      ++result->loaded;
      if (++in_batch >= kBatchRows) ONECODE_RETURN_IF_ERROR(flush_batch());
      if (pending_.size() >= options_.segment_rows) ONECODE_RETURN_IF_ERROR(FlushSegment());
      return Status::Ok();
    };
    if (jsonl) {
      LineCursor lines(bytes);
      std::string_view raw;
      while (lines.Next(&raw)) {
        const uint64_t line = lines.line();
        if (raw.find_first_not_of(" \t") == std::string_view::npos) continue;  // blank line
        if (raw.size() > kMaxLine) {
          ++result->rows;
          q->Add(line, "line longer than 64 KiB", raw);
          continue;
        }
        ONECODE_RETURN_IF_ERROR(handle(line, raw));
      }
      return flush_batch();
    }
    auto reader = CsvReader::Open(path, kMaxLine);
    if (!reader.ok()) return reader.status();
    CsvRecord rec;
    std::string error;
    bool header = true;
    for (;;) {
      const CsvResult r = reader->Next(&rec, &error);
      if (r == CsvResult::kEnd) break;
      if (header) {
        if (r != CsvResult::kRecord) return Status::InvalidArgument(path + ": unreadable header: " + error);
        ONECODE_RETURN_IF_ERROR(CheckHeader(path, table, rec.raw));
        header = false;
        continue;
      }
      if (r == CsvResult::kBadRecord) {
        ++result->rows;
        q->Add(rec.line, error.find("longer") != std::string::npos ? "line longer than 64 KiB" : error, rec.raw);
        continue;
      }
      if (rec.raw.empty()) continue;  // a blank line is not a row
      fields.assign(rec.fields.begin(), rec.fields.end());
      ONECODE_RETURN_IF_ERROR(handle(rec.line, rec.raw));
    }
    if (header) return Status::InvalidArgument(path + ": empty file (no header)");
    return flush_batch();
  }

  // Maps a JSON object's fields to the schema's column order.
  static std::string JsonFields(Table table, std::string_view raw, std::vector<std::string>* owned,
                                std::vector<std::string_view>* fields) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(raw, ec);
    if (ec) return "bad JSON: " + ec.message();
    if (!v.is_object()) return "a JSON Lines row must be an object";
    const auto& o = v.as_object();
    const TableSchema& schema = SchemaOf(table);
    owned->assign(schema.columns.size(), std::string());
    for (size_t c = 0; c < schema.columns.size(); ++c) {
      const auto it = o.find(schema.columns[c].name);
      if (it == o.end() || it->value().is_null()) continue;
      const auto& x = it->value();
      if (x.is_string()) {
        (*owned)[c] = std::string(x.as_string());
      } else if (x.is_int64() || x.is_uint64() || x.is_double()) {
        (*owned)[c] = boost::json::serialize(x);
      } else {
        return "field " + std::string(schema.columns[c].name) + " must be a string or a number";
      }
    }
    for (const auto& [key, value] : o) {
      bool known = false;
      for (const Column& c : schema.columns) known = known || c.name == key;
      if (!known) return "unknown field " + std::string(key);
    }
    fields->assign(owned->begin(), owned->end());
    return "";
  }

  // The location feed: the mapped file is split into ranges at line breaks,
  // parsed on `threads` threads, in windows of ~256 MB to bound memory.
  Status LoadCdr(const std::string& path, std::string_view bytes, Quarantine* q, LoadResult* result) {
    const size_t header_end = bytes.find('\n');
    const std::string_view header = bytes.substr(0, header_end);
    if (bytes.empty()) return Status::InvalidArgument(path + ": empty file (no header)");
    ONECODE_RETURN_IF_ERROR(CheckHeader(path, Table::kCdr, header));
    if (header_end == std::string_view::npos) return Status::Ok();
    const int threads = std::max(1, options_.threads);
    struct Part {
      std::string_view text;
      uint64_t lines = 0, loaded = 0, lines_with_blanks = 0;
      std::vector<store::IntervalRow> rows;
      std::vector<std::tuple<uint64_t, std::string, std::string>> bad;  // local line, reason, raw
    };
    std::vector<Part> parts(static_cast<size_t>(threads));
    uint64_t line_base = 1;  // lines before the window (the header is line 1)
    size_t pos = header_end + 1;
    constexpr size_t kWindow = 256u << 20;
    while (pos < bytes.size()) {
      const size_t window_end = std::min(bytes.size(), pos + kWindow);
      size_t cut = window_end;
      if (cut < bytes.size()) {
        const size_t nl = bytes.find('\n', cut);
        cut = nl == std::string_view::npos ? bytes.size() : nl + 1;
      }
      // Split [pos, cut) into `threads` parts at line breaks.
      size_t begin = pos;
      for (int t = 0; t < threads; ++t) {
        size_t end = t + 1 == threads ? cut : pos + (cut - pos) * static_cast<size_t>(t + 1) / static_cast<size_t>(threads);
        if (end < cut) {
          const size_t nl = bytes.find('\n', std::max(end, begin));
          end = nl == std::string_view::npos || nl >= cut ? cut : nl + 1;
        }
        Part& p = parts[static_cast<size_t>(t)];
        p.text = bytes.substr(begin, end - begin);
        p.lines = p.loaded = 0;
        p.rows.clear();
        p.bad.clear();
        begin = end;
      }
      // Fault the window in with one readahead rather than page by page.
      PrefaultRange(bytes, pos, cut);
      std::vector<std::thread> pool;
      for (int t = 1; t < threads; ++t) pool.emplace_back([&, t] { ParseCdrPart(&parts[static_cast<size_t>(t)]); });
      ParseCdrPart(&parts[0]);
      for (auto& th : pool) th.join();
      if (pending_.capacity() == 0) {
        pending_.reserve(std::min(options_.segment_rows, bytes.size() / 60 + 16));
        AdviseHugePages(pending_.data(), pending_.capacity() * sizeof(store::IntervalRow));
      }
      for (Part& p : parts) {
        for (const auto& [local, reason, raw] : p.bad) q->Add(line_base + local, reason, raw);
        result->rows += p.lines;
        result->loaded += p.loaded;
        pending_.insert(pending_.end(), p.rows.begin(), p.rows.end());
        line_base += p.lines_with_blanks;
        if (pending_.size() >= options_.segment_rows) ONECODE_RETURN_IF_ERROR(FlushSegment());
      }
      // Done with this window: drop its pages from our mapping (memory stays
      // bounded by the window, whatever the file size).
      {
        const size_t page_begin = (header_end + 1 > pos ? header_end + 1 : pos) & ~size_t{4095};
        const size_t page_end = cut & ~size_t{4095};
        if (page_end > page_begin) {
          ::madvise(const_cast<char*>(bytes.data()) + page_begin, page_end - page_begin, MADV_DONTNEED);
        }
      }
      pos = cut;
      if (progress_) {
        progress_("ingest " + fs::path(path).filename().string() + ": " + std::to_string(pos * 100 / bytes.size()) +
                  "%, " + std::to_string(result->loaded) + " records");
      }
    }
    return Status::Ok();
  }

  template <typename P>
  void ParseCdrPart(P* p) {
    std::vector<std::string_view> fields;
    std::string scratch;
    RowLoader loader(store_, Table::kCdr);
    const std::string_view text = p->text;
    if (p->rows.capacity() < text.size() / 60 + 16) {
      p->rows.reserve(text.size() / 60 + 16);
      AdviseHugePages(p->rows.data(), p->rows.capacity() * sizeof(store::IntervalRow));
    }
    LineCursor lines(text);
    std::string_view raw;
    while (lines.Next(&raw)) {
      const uint64_t line = lines.line();
      if (raw.empty()) continue;
      ++p->lines;
      // The good path allocates and copies nothing: reasons are built only
      // for bad rows.
      if (raw.size() <= kMaxLine && IsValidUtf8(raw) && SplitLineFast(raw, &fields) &&
          loader.TryFastCdr(fields, &p->rows)) {
        ++p->loaded;
        continue;
      }
      std::string why;
      if (raw.size() > kMaxLine) {
        why = "line longer than 64 KiB";
      } else if (!IsValidUtf8(raw)) {
        why = "invalid UTF-8";
      } else {
        why = SplitLine(raw, &fields, &scratch);  // quoted fields take this path
        if (why.empty() && !loader.TryFastCdr(fields, &p->rows)) why = loader.CdrReason(fields);
      }
      if (!why.empty()) {
        p->bad.emplace_back(line, std::move(why), std::string(raw.substr(0, 4096)));
      } else {
        ++p->loaded;
      }
    }
    p->lines_with_blanks = lines.line();
  }

  // Hands the buffered intervals to a background thread that sorts and
  // writes them as a segment while parsing goes on; one write at a time.
  Status FlushSegment() {
    if (pending_.empty()) return Status::Ok();
    ONECODE_RETURN_IF_ERROR(WaitForWrite());
    const std::string name = store_.NextSegmentName();
    segment_names_.push_back(name);
    writing_ = std::async(std::launch::async,
                          [path = store_.SegmentDir() + "/" + name, rows = std::move(pending_)]() mutable {
                            return store::WriteSegment(path, rows, 1);
                          });
    pending_ = std::vector<store::IntervalRow>();
    return Status::Ok();
  }

  Status WaitForWrite() {
    if (!writing_.valid()) return Status::Ok();
    return writing_.get();
  }

  store::Store& store_;
  const IngestOptions& options_;
  const ProgressFn& progress_;
  std::vector<store::IntervalRow> pending_;
  std::vector<std::string> segment_names_;
  std::future<Status> writing_;
};

int FeedOrder(Table t) {
  switch (t) {
    case Table::kRegions: return 0;
    case Table::kPersons: return 1;
    case Table::kCells: return 2;
    case Table::kVenues: return 3;
    default: return 4;
  }
}

}  // namespace

std::string FeedOfFileName(const std::string& file_name) {
  std::string stem = file_name;
  for (const char* ext : {".csv", ".jsonl"}) {
    const std::string e = ext;
    if (stem.size() > e.size() && stem.compare(stem.size() - e.size(), e.size(), e) == 0) {
      stem.resize(stem.size() - e.size());
      std::string best;
      for (const TableSchema& s : AllTables()) {
        if (s.is_truth) continue;
        const std::string name(s.name);
        if (stem == name || (stem.size() > name.size() && stem.compare(0, name.size(), name) == 0 &&
                             (stem[name.size()] == '-' || stem[name.size()] == '_' || stem[name.size()] == '.'))) {
          if (name.size() > best.size()) best = name;
        }
      }
      return best;
    }
  }
  return "";
}

Status IngestDirectory(store::Store& store, const std::string& dir, const IngestOptions& options,
                       const ProgressFn& progress, IngestReport* report) {
  const auto t0 = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + ": no such directory");
  fs::path root = dir;
  if (fs::is_directory(root / "feeds", ec)) root /= "feeds";
  struct Input {
    std::string path, name;
    Table table;
    bool jsonl;
  };
  std::vector<Input> inputs;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    const std::string feed = FeedOfFileName(name);
    if (feed.empty()) {
      report->ignored.push_back(entry.path().string());
      continue;
    }
    const TableSchema* schema = FindTable(feed, /*is_truth=*/false);
    const bool jsonl = name.size() > 6 && name.compare(name.size() - 6, 6, ".jsonl") == 0;
    inputs.push_back(Input{entry.path().string(), name, schema->table, jsonl});
  }
  if (ec) return Status::IoError(root.string() + ": " + ec.message());
  if (inputs.empty()) return Status::NotFound(root.string() + ": no feed files (*.csv or *.jsonl named after a feed)");
  std::sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) {
    if (FeedOrder(a.table) != FeedOrder(b.table)) return FeedOrder(a.table) < FeedOrder(b.table);
    return a.name < b.name;
  });

  FileLoader loader(store, options, progress);
  for (const Input& in : inputs) {
    auto file = MappedFile::Open(in.path);
    if (!file.ok()) return file.status();
    const std::string_view bytes = (*file)->view();
    report->input_bytes += bytes.size();
    FileReport fr;
    fr.path = in.path;
    fr.feed = std::string(SchemaOf(in.table).name);
    const std::string marker = std::string(store::kFilePrefix) + Fingerprint(bytes, options.threads);
    auto seen = store.Get(marker);
    if (!seen.ok()) return seen.status();
    if (seen->has_value()) {
      fr.status = "already_loaded";
      report->files.push_back(fr);
      continue;
    }
    if (progress) progress("ingest " + in.name);
    Quarantine q(store.QuarantineDir() + "/" + fr.feed + ".csv", in.path);
    LoadResult result;
    ONECODE_RETURN_IF_ERROR(loader.Load(in.path, in.table, in.jsonl, bytes, &q, &result));
    ONECODE_RETURN_IF_ERROR(q.Flush());
    fr.status = "loaded";
    fr.rows = result.rows;
    fr.loaded = result.loaded;
    fr.quarantined = q.count();
    if (fr.rows != fr.loaded + fr.quarantined) {
      return Status::Internal(in.path + ": row counts do not add up");
    }
    // The file's marker and its segments become visible together, durably.
    rocksdb::WriteBatch batch;
    for (const std::string& name : loader.segment_names()) ONECODE_RETURN_IF_ERROR(store.AddSegment(name, &batch));
    boost::json::object m{{"path", in.path}, {"feed", fr.feed}, {"rows", fr.rows}, {"loaded", fr.loaded},
                          {"quarantined", fr.quarantined}};
    batch.Put(marker, boost::json::serialize(m));
    ONECODE_RETURN_IF_ERROR(store.Commit(&batch, /*sync=*/true));
    report->loaded[fr.feed] += fr.loaded;
    report->quarantined[fr.feed] += fr.quarantined;
    report->files.push_back(fr);
  }
  report->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return Status::Ok();
}

}  // namespace onecode::ingest
