// Interval segments: the columnar on-disk form of operator location records.
//
// A segment holds N intervals as four little-endian uint32 columns — person
// index, cell index, start and end (Unix seconds) — sorted by (person, start,
// end, cell): 16 bytes per interval, before any compression. Grammar and
// checksum in docs/formats/store.md. Segments are immutable once written;
// a Segment object is a read-only memory map, safe to share between threads.
#ifndef ONECODE_STORE_SEGMENT_H_
#define ONECODE_STORE_SEGMENT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"

namespace onecode::store {

struct IntervalRow {
  uint32_t person, cell, start, end;
  friend bool operator==(const IntervalRow&, const IntervalRow&) = default;
};
static_assert(sizeof(IntervalRow) == 16);

inline bool RowLess(const IntervalRow& a, const IntervalRow& b) {
  if (a.person != b.person) return a.person < b.person;
  if (a.start != b.start) return a.start < b.start;
  if (a.end != b.end) return a.end < b.end;
  return a.cell < b.cell;
}

// Sorts `rows` (in place, on up to `threads` threads) and writes them to
// `path` durably: a temporary file, fsync, rename, fsync of the directory.
// IO_ERROR names the path (a full disk shows up here).
Status WriteSegment(const std::string& path, std::vector<IntervalRow>& rows, int threads);

class Segment {
 public:
  // Maps `path` and checks its header and size. With `verify`, also checks
  // the checksum of every column (reads the whole file).
  static StatusOr<std::shared_ptr<const Segment>> Open(const std::string& path, bool verify);
  ~Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  size_t size() const { return count_; }
  const uint32_t* persons() const { return columns_; }
  const uint32_t* cells() const { return columns_ + count_; }
  const uint32_t* starts() const { return columns_ + 2 * count_; }
  const uint32_t* ends() const { return columns_ + 3 * count_; }
  // First row whose person is >= `person`.
  size_t LowerBound(uint32_t person) const;
  const std::string& path() const { return path_; }

 private:
  Segment() = default;
  std::string path_;
  void* map_ = nullptr;
  size_t map_size_ = 0;
  size_t count_ = 0;
  const uint32_t* columns_ = nullptr;
};

// The checksum of a segment's column bytes (64-bit, word-wise mixing).
uint64_t SegmentChecksum(const void* data, size_t bytes);

}  // namespace onecode::store

#endif  // ONECODE_STORE_SEGMENT_H_
