#include "store/segment.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "core/memory.h"
#include "core/random.h"

namespace onecode::store {
namespace {

constexpr char kMagic[8] = {'O', 'C', 'S', 'E', 'G', '0', '0', '1'};
constexpr size_t kHeaderBytes = 32;  // magic(8) count(8) checksum(8) reserved(8)

Status Errno(const std::string& what) { return Status::IoError(what + ": " + std::strerror(errno)); }

Status WriteAll(int fd, const void* data, size_t n, const std::string& path) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Errno(path);
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

// Sorts by (person, start, end, cell). Feeds usually arrive in runs already
// sorted (a day's file by person and time), so sorted input is detected first.
void ParallelSort(std::vector<IntervalRow>& rows, int threads) {
  const auto less = [](const IntervalRow& a, const IntervalRow& b) { return RowLess(a, b); };
  if (std::is_sorted(rows.begin(), rows.end(), less)) return;
  if (threads < 2 || rows.size() < 100000) {
    std::sort(rows.begin(), rows.end(), less);
    return;
  }
  const auto mid = rows.begin() + static_cast<std::ptrdiff_t>(rows.size() / 2);
  std::thread left([&] { std::sort(rows.begin(), mid, less); });
  std::sort(mid, rows.end(), less);
  left.join();
  std::inplace_merge(rows.begin(), mid, rows.end(), less);
}

}  // namespace

Status WriteColumns(const std::string& path, const uint32_t* data, size_t n);

uint64_t SegmentChecksum(const void* data, size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = 0x4f43534547ULL ^ bytes;
  size_t i = 0;
  for (; i + 8 <= bytes; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 29;
  }
  for (; i < bytes; ++i) h = (h ^ p[i]) * 0x100000001b3ULL;
  return Mix64(h);
}

Status WriteSegment(const std::string& path, std::vector<IntervalRow>& rows, int threads) {
  const size_t n = rows.size();
  // Columns in (person, start, end, cell) order. Rows are bucketed by person
  // with a counting sort (one pass, stable); feeds list each person's records
  // in time order, so the buckets are nearly always sorted already and only
  // the ones that are not get sorted.
  uint32_t max_person = 0;
  for (const IntervalRow& r : rows) max_person = std::max(max_person, r.person);
  std::vector<uint32_t> columns;
  if (n > 0 && static_cast<size_t>(max_person) <= 4 * n + 1024) {
    std::vector<uint64_t> offset(static_cast<size_t>(max_person) + 2, 0);
    for (const IntervalRow& r : rows) ++offset[r.person + 1];
    for (size_t i = 1; i < offset.size(); ++i) offset[i] += offset[i - 1];
    // Scatter straight into the four columns (no zero-fill of the buffers).
    std::unique_ptr<uint32_t[]> out(new uint32_t[4 * n]);
    AdviseHugePages(out.get(), 4 * n * sizeof(uint32_t));
    uint32_t* cell = out.get() + n;
    uint32_t* start = out.get() + 2 * n;
    uint32_t* end = out.get() + 3 * n;
    {
      std::vector<uint64_t> next(offset.begin(), offset.end() - 1);
      for (const IntervalRow& r : rows) {
        const uint64_t i = next[r.person]++;
        cell[i] = r.cell;
        start[i] = r.start;
        end[i] = r.end;
      }
    }
    std::vector<IntervalRow>().swap(rows);  // free the input early
    for (size_t p = 0; p + 1 < offset.size(); ++p) {
      std::fill(out.get() + offset[p], out.get() + offset[p + 1], static_cast<uint32_t>(p));
      bool sorted = true;
      for (uint64_t i = offset[p] + 1; i < offset[p + 1] && sorted; ++i) {
        sorted = start[i - 1] < start[i] || (start[i - 1] == start[i] && (end[i - 1] < end[i] ||
                                                                          (end[i - 1] == end[i] && cell[i - 1] <= cell[i])));
      }
      if (!sorted) {  // rare: sort this person's rows through a row buffer
        std::vector<IntervalRow> tmp;
        for (uint64_t i = offset[p]; i < offset[p + 1]; ++i) tmp.push_back({static_cast<uint32_t>(p), cell[i], start[i], end[i]});
        std::sort(tmp.begin(), tmp.end(), RowLess);
        for (uint64_t i = offset[p]; i < offset[p + 1]; ++i) {
          const IntervalRow& r = tmp[i - offset[p]];
          cell[i] = r.cell;
          start[i] = r.start;
          end[i] = r.end;
        }
      }
    }
    return WriteColumns(path, out.get(), n);
  }
  ParallelSort(rows, threads);
  columns.resize(4 * n);
  for (size_t i = 0; i < n; ++i) {
    columns[i] = rows[i].person;
    columns[n + i] = rows[i].cell;
    columns[2 * n + i] = rows[i].start;
    columns[3 * n + i] = rows[i].end;
  }
  return WriteColumns(path, columns.data(), n);
}

// Writes the header and the four columns (`data`, 4 * n values) durably.
Status WriteColumns(const std::string& path, const uint32_t* data, size_t n) {
  unsigned char header[kHeaderBytes] = {};
  std::memcpy(header, kMagic, 8);
  const uint64_t count = n;
  const uint64_t checksum = SegmentChecksum(data, 4 * n * sizeof(uint32_t));
  std::memcpy(header + 8, &count, 8);
  std::memcpy(header + 16, &checksum, 8);
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno(tmp);
  Status st = WriteAll(fd, header, kHeaderBytes, tmp);
  if (st.ok()) st = WriteAll(fd, data, 4 * n * sizeof(uint32_t), tmp);
  if (st.ok() && ::fsync(fd) != 0) st = Errno(tmp);
  if (::close(fd) != 0 && st.ok()) st = Errno(tmp);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno(path);
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return Errno(dir);
  const bool synced = ::fsync(dfd) == 0;
  ::close(dfd);
  if (!synced) return Errno(dir);
  return Status::Ok();
}

StatusOr<std::shared_ptr<const Segment>> Segment::Open(const std::string& path, bool verify) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno(path);
  struct stat sb;
  if (::fstat(fd, &sb) != 0) {
    ::close(fd);
    return Errno(path);
  }
  const auto size = static_cast<size_t>(sb.st_size);
  if (size < kHeaderBytes) {
    ::close(fd);
    return Status::Internal(path + ": segment shorter than its header");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return Errno(path);
  std::shared_ptr<Segment> seg(new Segment);
  seg->path_ = path;
  seg->map_ = map;
  seg->map_size_ = size;
  const auto* bytes = static_cast<const unsigned char*>(map);
  if (std::memcmp(bytes, kMagic, 8) != 0) return Status::Internal(path + ": not a OneCode segment (bad magic)");
  uint64_t count = 0, checksum = 0;
  std::memcpy(&count, bytes + 8, 8);
  std::memcpy(&checksum, bytes + 16, 8);
  if (size != kHeaderBytes + count * 16) return Status::Internal(path + ": size does not match its row count");
  seg->count_ = count;
  seg->columns_ = reinterpret_cast<const uint32_t*>(bytes + kHeaderBytes);
  if (verify) {
    if (SegmentChecksum(seg->columns_, count * 16) != checksum) {
      return Status::Internal(path + ": checksum mismatch (corrupt segment)");
    }
    // Release the pages the check touched; readers fault them in again.
    ::madvise(map, size, MADV_DONTNEED);
  }
  ::madvise(map, size, MADV_SEQUENTIAL);
  return std::shared_ptr<const Segment>(std::move(seg));
}

Segment::~Segment() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

size_t Segment::LowerBound(uint32_t person) const {
  return static_cast<size_t>(std::lower_bound(persons(), persons() + count_, person) - persons());
}

}  // namespace onecode::store
