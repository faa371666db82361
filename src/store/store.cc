#include "store/store.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include "core/parse.h"

namespace onecode::store {
namespace {

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  if (s.IsNoSpace() || s.IsIOError()) return Status::IoError(what + ": " + s.ToString());
  return Status::Internal(what + ": " + s.ToString());
}

}  // namespace

std::string Pad10(int64_t seconds) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%010lld", static_cast<long long>(seconds));
  return buf;
}

std::vector<std::string_view> SplitTabs(std::string_view value) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  for (;;) {
    const size_t tab = value.find('\t', pos);
    if (tab == std::string_view::npos) {
      out.push_back(value.substr(pos));
      return out;
    }
    out.push_back(value.substr(pos, tab - pos));
    pos = tab + 1;
  }
}

StatusOr<std::unique_ptr<Store>> Store::Open(const std::string& dir, bool create) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!create && !fs::exists(fs::path(dir) / "db" / "CURRENT", ec)) {
    return Status::NotFound(dir + ": no OneCode store here (run `onecode ingest --store " + dir + " DIR` first)");
  }
  for (const char* sub : {"", "/segments", "/quarantine"}) {
    fs::create_directories(dir + sub, ec);
    if (ec) return Status::IoError(dir + sub + ": " + ec.message());
  }
  std::unique_ptr<Store> s(new Store(dir));
  rocksdb::Options options;
  options.create_if_missing = create;
  options.compression = rocksdb::kNoCompression;
  options.IncreaseParallelism(2);
  options.max_open_files = 256;
  rocksdb::DB* db = nullptr;
  ONECODE_RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(options, dir + "/db", &db), dir + "/db"));
  s->db_.reset(db);
  ONECODE_RETURN_IF_ERROR(s->LoadDictionaries());
  return s;
}

Store::Store(std::string dir) : dir_(std::move(dir)) {}
Store::~Store() = default;

Status Store::Commit(rocksdb::WriteBatch* batch, bool sync) {
  // The one write path: the audit record (governance issue) goes here.
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  return FromRocks(db_->Write(wo, batch), dir_ + "/db write");
}

StatusOr<std::optional<std::string>> Store::Get(std::string_view key) const {
  std::string value;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  ONECODE_RETURN_IF_ERROR(FromRocks(s, "read"));
  return std::optional<std::string>(std::move(value));
}

Status Store::ScanImpl(std::string_view prefix,
                       const std::function<bool(std::string_view, std::string_view)>& fn) const {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    if (k.size() < prefix.size() || std::string_view(k.data(), prefix.size()) != prefix) break;
    if (!fn(std::string_view(k.data(), k.size()), std::string_view(it->value().data(), it->value().size()))) break;
  }
  return FromRocks(it->status(), "scan");
}

Status Store::LoadDictionaries() {
  // Persons: value "index\tname\thome_region\tphone_tail".
  std::vector<std::pair<uint32_t, std::string>> persons;
  ONECODE_RETURN_IF_ERROR(Scan(kPersonPrefix, [&](std::string_view k, std::string_view v) {
    uint32_t index = 0;
    ParseNumber(v.substr(0, v.find('\t')), &index);
    persons.emplace_back(index, std::string(k.substr(kPersonPrefix.size())));
    return true;
  }));
  std::sort(persons.begin(), persons.end());
  for (size_t i = 0; i < persons.size(); ++i) {
    if (persons[i].first != i) return Status::Internal("person index " + std::to_string(i) + " missing in the store");
    persons_.Insert(persons[i].second);
  }
  // Cells: value "index\tlon\tlat\tradius_m\tregion".
  std::vector<std::pair<uint32_t, std::pair<std::string, CellRecord>>> cells;
  Status parse_error;
  ONECODE_RETURN_IF_ERROR(Scan(kCellPrefix, [&](std::string_view k, std::string_view v) {
    const auto f = SplitTabs(v);
    uint32_t index = 0, region = 0;
    CellRecord c;
    double radius = 0;
    if (f.size() != 5 || !ParseNumber(f[0], &index) || !ParseNumber(f[1], &c.lon) || !ParseNumber(f[2], &c.lat) ||
        !ParseNumber(f[3], &radius) || !ParseNumber(f[4], &region)) {
      parse_error = Status::Internal("corrupt cell record " + std::string(k));
      return false;
    }
    c.radius_m = static_cast<float>(radius);
    c.region = region;
    cells.push_back({index, {std::string(k.substr(kCellPrefix.size())), c}});
    return true;
  }));
  ONECODE_RETURN_IF_ERROR(parse_error);
  std::sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].first != i) return Status::Internal("cell index " + std::to_string(i) + " missing in the store");
    cells_.Insert(cells[i].second.first);
    cell_records_.push_back(cells[i].second.second);
  }
  ONECODE_RETURN_IF_ERROR(Scan(kVenuePrefix, [&](std::string_view k, std::string_view) {
    venues_.Insert(k.substr(kVenuePrefix.size()));
    return true;
  }));
  // Segments: key "G:<name>".
  std::vector<std::string> names;
  ONECODE_RETURN_IF_ERROR(Scan(kSegmentPrefix, [&](std::string_view k, std::string_view) {
    names.emplace_back(k.substr(kSegmentPrefix.size()));
    return true;
  }));
  for (const std::string& name : names) {
    auto seg = Segment::Open(SegmentDir() + "/" + name, /*verify=*/false);
    if (!seg.ok()) return seg.status();
    segments_.push_back(*seg);
    uint64_t number = 0;
    if (name.size() > 8) ParseNumber(std::string_view(name).substr(4, 6), &number);
    next_segment_ = std::max(next_segment_, number + 1);
  }
  return Status::Ok();
}

std::string Store::NextSegmentName() {
  char buf[32];
  std::snprintf(buf, sizeof buf, "seg-%06llu.ocs", static_cast<unsigned long long>(next_segment_++));
  return buf;
}

Status Store::AddSegment(const std::string& name, rocksdb::WriteBatch* batch) {
  // Just written and fsynced by WriteSegment, which computed the checksum
  // from the same buffer: the header and size are checked, the columns are
  // not read again.
  auto seg = Segment::Open(SegmentDir() + "/" + name, /*verify=*/false);
  if (!seg.ok()) return seg.status();
  segments_.push_back(*seg);
  const std::string key = std::string(kSegmentPrefix) + name;
  batch->Put(key, std::to_string((*seg)->size()));
  return Status::Ok();
}

uint64_t Store::IntervalCount() const {
  uint64_t n = 0;
  for (const auto& s : segments_) n += s->size();
  return n;
}

}  // namespace onecode::store
