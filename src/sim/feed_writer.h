// FeedWriter: the simulator's output files, one per table of feeds/schema.h,
// each starting with its header line. Counts rows and bytes per table.
// Not thread-safe: one writer thread.
#ifndef ONECODE_SIM_FEED_WRITER_H_
#define ONECODE_SIM_FEED_WRITER_H_

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "feeds/schema.h"

namespace onecode::sim {

class FeedWriter {
 public:
  // Creates DIR/feeds and DIR/truth and every table file in them, replacing
  // files of the same names. IO_ERROR names the path that failed.
  static StatusOr<std::unique_ptr<FeedWriter>> Create(const std::string& dir);
  ~FeedWriter();
  FeedWriter(const FeedWriter&) = delete;
  FeedWriter& operator=(const FeedWriter&) = delete;

  // Appends `rows` complete CSV lines held in `bytes`.
  Status Append(Table table, std::string_view bytes, uint64_t rows);
  // Flushes and closes every file; reports the first write error.
  Status Close();

  uint64_t rows(Table t) const { return rows_[static_cast<size_t>(t)]; }
  uint64_t bytes(Table t) const { return bytes_[static_cast<size_t>(t)]; }
  const std::string& dir() const { return dir_; }

 private:
  static constexpr size_t kTables = 17;
  explicit FeedWriter(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
  std::array<std::FILE*, kTables> files_{};
  std::array<uint64_t, kTables> rows_{};
  std::array<uint64_t, kTables> bytes_{};
};

}  // namespace onecode::sim

#endif  // ONECODE_SIM_FEED_WRITER_H_
