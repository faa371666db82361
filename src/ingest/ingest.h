// Ingest: loads feed files (CSV with header, or JSON Lines with the same field
// names) into the store, validating every row. A bad row goes to the store's
// quarantine with its source file, line, reason and raw text; every input row
// is either stored or quarantined. A file already loaded (same bytes) is
// skipped, so loading twice changes nothing. The report is returned only
// after the data is durable.
#ifndef ONECODE_INGEST_INGEST_H_
#define ONECODE_INGEST_INGEST_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace onecode::ingest {

struct FileReport {
  std::string path;
  std::string feed;
  std::string status;  // "loaded" or "already_loaded"
  uint64_t rows = 0, loaded = 0, quarantined = 0;
};

struct IngestReport {
  std::map<std::string, uint64_t> loaded, quarantined;  // by feed, this run
  std::vector<FileReport> files;
  std::vector<std::string> ignored;  // files in DIR that name no feed
  uint64_t input_bytes = 0;
  double seconds = 0;
};

using ProgressFn = std::function<void(const std::string&)>;

struct IngestOptions {
  int threads = 2;
  // Intervals buffered before a segment is sorted and written (16 bytes each).
  size_t segment_rows = 32u << 20;
};

// Loads every feed file in `dir` (or `dir`/feeds). Errors: NOT_FOUND when the
// directory or its feed files are missing; INVALID_ARGUMENT for a wrong
// header or a file that is not a feed format; IO_ERROR for unreadable input
// or a failed write (full disk). Files loaded before an error stay loaded.
Status IngestDirectory(store::Store& store, const std::string& dir, const IngestOptions& options,
                       const ProgressFn& progress, IngestReport* report);

// The feed a file name belongs to ("cdr.csv", "cdr-2026-11-02.csv",
// "cdr.jsonl" -> "cdr"), or "" for none.
std::string FeedOfFileName(const std::string& file_name);

}  // namespace onecode::ingest

#endif  // ONECODE_INGEST_INGEST_H_
