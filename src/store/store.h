// Store: the node's embedded store. No server: one directory holding
//   db/          RocksDB: keyed data (persons, cells, venues, regions, cases,
//                tests, declarations, risk areas, manifests, venue scans) and
//                the registry of loaded files and interval segments;
//   segments/    columnar interval segments (store/segment.h);
//   quarantine/  rejected input rows, one CSV per feed.
// Key layout and value formats: docs/formats/store.md.
//
// Every write goes through Commit(): the one place where the audit record of
// the governance issue will be added. A Store is used by one process; its
// methods are not thread-safe unless noted.
#ifndef ONECODE_STORE_STORE_H_
#define ONECODE_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id_index.h"
#include "core/status.h"
#include "store/segment.h"

namespace rocksdb {
class DB;
class WriteBatch;
}  // namespace rocksdb

namespace onecode::store {

// Key prefixes (one letter and a colon), see docs/formats/store.md.
inline constexpr std::string_view kPersonPrefix = "P:";
inline constexpr std::string_view kCellPrefix = "C:";
inline constexpr std::string_view kVenuePrefix = "V:";
inline constexpr std::string_view kRegionPrefix = "R:";
inline constexpr std::string_view kCasePrefix = "K:";
inline constexpr std::string_view kTestPrefix = "T:";
inline constexpr std::string_view kDeclarationPrefix = "D:";
inline constexpr std::string_view kRiskPrefix = "A:";
inline constexpr std::string_view kTransportPrefix = "X:";
inline constexpr std::string_view kScanPrefix = "S:";
inline constexpr std::string_view kFilePrefix = "F:";     // loaded file fingerprints
inline constexpr std::string_view kSegmentPrefix = "G:";  // registered segments

struct CellRecord {
  double lon = 0, lat = 0;
  float radius_m = 0;
  uint32_t region = 0;  // RegionCode value
};

class Store {
 public:
  // Opens the store in `dir`, creating it when `create` is true. Loads the
  // person and cell dictionaries and maps the registered segments.
  static StatusOr<std::unique_ptr<Store>> Open(const std::string& dir, bool create);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& dir() const { return dir_; }
  std::string SegmentDir() const { return dir_ + "/segments"; }
  std::string QuarantineDir() const { return dir_ + "/quarantine"; }

  // Applies `batch` atomically; with `sync`, durable (WAL fsync) on return.
  Status Commit(rocksdb::WriteBatch* batch, bool sync);
  // The value stored at `key`, or nullopt.
  StatusOr<std::optional<std::string>> Get(std::string_view key) const;
  // Calls fn(key, value) for every key starting with `prefix`, in key order,
  // until fn returns false.
  template <typename Fn>
  Status Scan(std::string_view prefix, Fn fn) const;
  Status ScanImpl(std::string_view prefix, const std::function<bool(std::string_view, std::string_view)>& fn) const;

  // Dense indexes of persons and cells (insertion order), with their records.
  IdIndex& persons() { return persons_; }
  const IdIndex& persons() const { return persons_; }
  IdIndex& cells() { return cells_; }
  const IdIndex& cells() const { return cells_; }
  std::vector<CellRecord>& cell_records() { return cell_records_; }
  const std::vector<CellRecord>& cell_records() const { return cell_records_; }
  IdIndex& venues() { return venues_; }
  const IdIndex& venues() const { return venues_; }

  // Registered interval segments, oldest first. Thread-safe to read.
  const std::vector<std::shared_ptr<const Segment>>& segments() const { return segments_; }
  // The next unused segment file name ("seg-000042.ocs").
  std::string NextSegmentName();
  // Maps a segment just written by WriteSegment and adds it to `batch` for
  // registration; it becomes part of the store when the batch is committed.
  Status AddSegment(const std::string& name, rocksdb::WriteBatch* batch);
  // Total intervals over all segments.
  uint64_t IntervalCount() const;

 private:
  explicit Store(std::string dir);
  Status LoadDictionaries();

  std::string dir_;
  std::unique_ptr<rocksdb::DB> db_;
  IdIndex persons_, cells_, venues_;
  std::vector<CellRecord> cell_records_;
  std::vector<std::shared_ptr<const Segment>> segments_;
  uint64_t next_segment_ = 0;
};

template <typename Fn>
Status Store::Scan(std::string_view prefix, Fn fn) const {
  return ScanImpl(prefix, [&](std::string_view k, std::string_view v) { return fn(k, v); });
}

// Splits a tab-separated value into at most `max` fields.
std::vector<std::string_view> SplitTabs(std::string_view value);

// A time field in keys and values: 10-digit zero-padded Unix seconds.
std::string Pad10(int64_t seconds);

}  // namespace onecode::store

#endif  // ONECODE_STORE_STORE_H_
