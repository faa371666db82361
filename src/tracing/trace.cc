#include "tracing/trace.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <new>
#include <thread>
#include <unordered_map>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "core/geo.h"
#include "core/grid.h"
#include "core/random.h"

namespace onecode::tracing {
namespace {

// Grid::CellOf with the column width of each row computed once, and
// multiplications by reciprocals instead of divisions: tracing places every row
// of every person (tens of millions) in the grid. IndexBy corrects its first
// guess exactly as Grid::IndexOf does, so the cells are Grid::CellOf's.
class CellLocator {
 public:
  CellLocator(const Grid& grid, std::span<const float> lats)
      : grid_(grid), h_(grid.row_height_deg()), inv_h_(1 / grid.row_height_deg()) {
    // The rows' latitude range from a sample of them (reading all of a big
    // table's costs a quarter of a second); a row outside it is still placed
    // exactly, through Grid (slower).
    float lo = 90, hi = -90;
    const size_t stride = std::max<size_t>(1, lats.size() / 65536);
    for (size_t i = 0; i < lats.size(); i += stride) lo = std::min(lo, lats[i]), hi = std::max(hi, lats[i]);
    if (!lats.empty()) lo = std::min(lo, lats.back()), hi = std::max(hi, lats.back());
    if (lo > hi) lo = hi = 0;
    row0_ = grid.RowOf(std::max(-89.0, lo - 0.5));
    const int32_t row1 = grid.RowOf(std::min(89.0, hi + 0.5));
    if (row1 - row0_ < (1 << 22)) {
      for (int32_t r = row0_; r <= row1; ++r) {
        widths_.push_back(grid.ColumnWidthDegrees(r));
        inv_widths_.push_back(1 / widths_.back());
      }
    }
  }
  // floor(x / size) for |x / size| < 2^29. The first guess truncates an
  // offset positive value (no std::floor: without SSE4.1 it compiles to a slow
  // generic sequence) and the corrections make it exact, as in Grid::IndexOf.
  static int32_t IndexBy(double x, double size, double inv) {
    constexpr double kOffset = 1 << 30;
    int32_t k = static_cast<int32_t>(static_cast<int64_t>(x * inv + kOffset) - (int64_t{1} << 30));
    while (static_cast<double>(k + 1) * size <= x) ++k;
    while (static_cast<double>(k) * size > x) --k;
    return k;
  }
  int32_t RowOf(double lat) const { return IndexBy(lat, h_, inv_h_); }
  int32_t ColOf(int32_t row, double lon) const {
    const uint32_t i = static_cast<uint32_t>(row - row0_);
    return i < widths_.size() ? IndexBy(lon, widths_[i], inv_widths_[i])
                              : Grid::IndexOf(lon, grid_.ColumnWidthDegrees(row));
  }
  double Width(int32_t row) const {
    const uint32_t i = static_cast<uint32_t>(row - row0_);
    return i < widths_.size() ? widths_[i] : grid_.ColumnWidthDegrees(row);
  }
  uint64_t CellOf(double lon, double lat) const {
    const int32_t row = RowOf(lat);
    return GridCell{row, ColOf(row, lon)}.Pack();
  }
  const Grid& grid() const { return grid_; }

 private:
  const Grid& grid_;
  double h_, inv_h_;
  int32_t row0_ = 0;
  std::vector<double> widths_, inv_widths_;
};

// Grid cells a row counts in: its own cell, plus every cell within `reach_m`
// of its position (probed at 8 points around it). Returns the count (<= 9),
// distinct, own cell first. Longitude offsets use the row's centre latitude.
int CellsOf(const CellLocator& loc, double lon, double lat, double reach_m, uint64_t out[9]) {
  const int32_t row = loc.RowOf(lat);
  const double w = loc.Width(row);
  const int32_t col = loc.ColOf(row, lon);
  out[0] = GridCell{row, col}.Pack();
  int n = 1;
  if (reach_m <= 0) return n;
  const double h = loc.grid().row_height_deg();
  const double dlat = reach_m / kMetresPerDegreeLat;
  const double dlon = reach_m * w / loc.grid().cell_size_m();  // w degrees of longitude = one cell's metres
  const bool north = lat + dlat >= (row + 1) * h, south = lat - dlat < row * h;
  const bool east = lon + dlon >= (col + 1) * w, west = lon - dlon < col * w;
  if (!(north || south || east || west)) return n;
  // Probe directions E, W, N, S, NE, NW, SE, SW (this order: a pair of rows
  // is counted in the first of the contact's cells it shares).
  constexpr int kSign[8][2] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, 1}, {1, -1}, {-1, -1}};
  const double diag = 0.70710678;
  // With a reach under one cell a probe lands in the row above, below or its
  // own, and in its own row in the column beside or its own: the same
  // products IndexOf keeps its answer consistent with decide which. A probe
  // whose directions cross no border stays in the own cell: skipped.
  const bool near = dlat < 0.5 * h && dlon < 0.5 * w;  // (half: no rounding can carry a probe two cells)
  for (const auto& sign : kSign) {
    const int sx = sign[0], sy = sign[1];
    if (near && !((sx > 0 && east) || (sx < 0 && west) || (sy > 0 && north) || (sy < 0 && south))) continue;
    const double f = sx != 0 && sy != 0 ? diag : 1;
    const double x = lon + sx * f * dlon, y = lat + sy * f * dlat;
    uint64_t c;
    if (!near) {
      c = loc.CellOf(x, y);
    } else {
      const int32_t pr = y >= (row + 1) * h ? row + 1 : y < row * h ? row - 1 : row;
      if (pr == row) {
        c = GridCell{row, x >= (col + 1) * w ? col + 1 : x < col * w ? col - 1 : col}.Pack();
      } else {
        c = GridCell{pr, loc.ColOf(pr, x)}.Pack();
      }
    }
    bool seen = false;
    for (int k = 0; k < n; ++k) seen |= out[k] == c;
    if (!seen) out[n++] = c;
  }
  return n;
}

// Calls f(cell) for every grid cell of the lon/lat box within `half_m` of
// (lon, lat): a superset of the disc of that radius.
template <typename F>
void BoxCells(const CellLocator& loc, double lon, double lat, double half_m, F&& f) {
  const int32_t row0 = loc.RowOf(lat - half_m / kMetresPerDegreeLat);
  const int32_t row1 = loc.RowOf(lat + half_m / kMetresPerDegreeLat);
  for (int32_t gr = row0; gr <= row1; ++gr) {
    const double dlon = half_m * loc.Width(gr) / loc.grid().cell_size_m();
    const int32_t c0 = loc.ColOf(gr, lon - dlon), c1 = loc.ColOf(gr, lon + dlon);
    for (int32_t gc = c0; gc <= c1; ++gc) f(GridCell{gr, gc}.Pack());
  }
}

// The half-width of the box of cells an open (unpinned) row reaches a venue
// in: min(its radius, venue_reach_m), a little wider so that no rounding can
// leave a cell of the disc out.
double ReachBoxM(const TraceParams& params, double radius_m) {
  return 1.01 * std::min<double>(params.venue_reach_m, radius_m) + 10;
}

double ReachOf(const TraceParams& params, float radius_m) {
  if (params.mode == ColocationMode::kChengdu) return 0;
  return std::min(params.border_radius_share * radius_m, params.border_max_m);
}

// The sources' rows, indexed by grid cell. Each cell holds a run of entries
// sorted by start, each carrying what the scan of a person's rows checks on
// every candidate (times, source, person, venue, at-home), so that scan never
// reaches into the big columns at a case's row; what the rarer checks need
// (positions, homes) is in a side table by entry id. Cells are found through a
// dense array over the bounding box of the sources' cells (an open-addressing
// table when that box is too large); the first candidate through a bucket
// index over the starts. Immutable once built.
class CellTable {
 public:
  // What the scan of a person's row reads of every candidate, in one place.
  struct Entry {
    uint32_t from, to;  // the source row clipped to the source's window
    uint32_t id;        // the (source, row) pair: the same in every cell the row touches
    uint32_t source;    // index into the sources
    uint32_t person;    // the source's person
    uint32_t venue;     // venue scanned during the source row, or kNoVenue
    uint32_t at_home;   // the source row is at the source person's home
  };
  // The rest, read only when a rule needs it. One per id.
  struct Row {
    float lon, lat, radius_m;
    float home_lon, home_lat;  // the source person's home
    double cos_lat;            // cos of lat (for WithinMetres)
  };

  void Build(std::vector<std::pair<uint64_t, Entry>>& items, std::vector<Row> rows) {
    rows_ = std::move(rows);
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second.from < b.second.from;
    });
    entries_.clear();
    froms_.clear();
    keys_.clear();
    for (size_t i = 0; i < items.size(); ++i) {
      if (i == 0 || items[i].first != items[i - 1].first) keys_.push_back(items[i].first);
      entries_.push_back(items[i].second);
      froms_.push_back(items[i].second.from);
    }
    cells_.assign(keys_.size(), CellInfo{});
    buckets_.clear();
    for (uint32_t i = 0, k = 0; i < items.size(); ++k) {
      CellInfo& c = cells_[k];
      c.begin = i;
      for (; i < items.size() && items[i].first == keys_[k]; ++i) {
        c.max_len = std::max(c.max_len, items[i].second.to - items[i].second.from);
      }
      c.end = i;
      if (c.end - c.begin <= 8) continue;
      // buckets_[c.buckets + j]: the first entry starting at or after (c.base + j) << kBucketShift.
      // A few entries over a long time would make many empty buckets: those
      // cells binary-search instead (n = 0).
      const uint32_t base = froms_[c.begin] >> kBucketShift;
      const uint32_t n = (froms_[c.end - 1] >> kBucketShift) - base + 1;
      if (n > 4 * (c.end - c.begin)) continue;
      c.base = base, c.n = n;
      c.buckets = static_cast<uint32_t>(buckets_.size());
      uint32_t j0 = c.begin;
      for (uint32_t j = 0; j < c.n; ++j) {
        const uint64_t at = static_cast<uint64_t>(c.base + j) << kBucketShift;
        while (j0 < c.end && froms_[j0] < at) ++j0;
        buckets_.push_back(j0);
      }
    }
    dense_.clear();
    slots_.clear();
    if (keys_.empty()) return;
    row0_ = col0_ = INT32_MAX;
    int32_t row1 = INT32_MIN, col1 = INT32_MIN;
    for (uint64_t key : keys_) {
      const GridCell c = GridCell::Unpack(key);
      row0_ = std::min(row0_, c.row), row1 = std::max(row1, c.row);
      col0_ = std::min(col0_, c.col), col1 = std::max(col1, c.col);
    }
    rows_n_ = static_cast<uint64_t>(row1 - row0_) + 1, cols_n_ = static_cast<uint64_t>(col1 - col0_) + 1;
    if (rows_n_ * cols_n_ <= (uint64_t{1} << 24)) {
      dense_.assign(rows_n_ * cols_n_, UINT32_MAX);
      for (uint32_t k = 0; k < keys_.size(); ++k) {
        const GridCell c = GridCell::Unpack(keys_[k]);
        dense_[static_cast<uint64_t>(c.row - row0_) * cols_n_ + static_cast<uint64_t>(c.col - col0_)] = k;
      }
      return;
    }
    size_t cap = 16;
    while (cap < keys_.size() * 2) cap <<= 1;
    mask_ = cap - 1;
    slots_.assign(cap, UINT32_MAX);
    for (uint32_t k = 0; k < keys_.size(); ++k) {
      size_t s = Mix64(keys_[k]) & mask_;
      while (slots_[s] != UINT32_MAX) s = (s + 1) & mask_;
      slots_[s] = k;
    }
  }

  // The entries of the cell with key index `k` (from KeyIndex, not
  // UINT32_MAX) that may overlap [from, ...), sorted by `from` (the caller
  // still checks each one).
  std::span<const Entry> Find(uint32_t k, uint32_t from) const {
    const CellInfo& c = cells_[k];
    uint32_t b = c.begin;
    // No entry of this cell is longer than max_len: skip those that start
    // before from - max_len (they end before `from`).
    const uint32_t lo = from > c.max_len ? from - c.max_len : 0;
    if (c.n > 0) {  // through the buckets
      const uint32_t j = lo >> kBucketShift;
      if (j >= c.base + c.n) return {};
      if (j > c.base) {
        b = buckets_[c.buckets + (j - c.base)];
        while (b < c.end && froms_[b] < lo) ++b;
      }
    } else if (c.end - b > 8) {
      b = static_cast<uint32_t>(std::lower_bound(froms_.begin() + b, froms_.begin() + c.end, lo) - froms_.begin());
    }
    return std::span<const Entry>(entries_.data() + b, entries_.data() + c.end);
  }
  // Where a scan of one cell stands: the `from` it was last given and the
  // entry it started at.
  struct Cursor {
    uint32_t from = 0, at = UINT32_MAX;
  };
  // Find for the rows of one person in one cell, in time order: from where
  // the previous scan started, a few steps on (the index when it is far, or
  // when `from` went back).
  std::span<const Entry> FindNext(uint32_t k, uint32_t from, Cursor* cursor) const {
    const CellInfo& c = cells_[k];
    if (cursor->at != UINT32_MAX && from >= cursor->from) {
      const uint32_t lo = from > c.max_len ? from - c.max_len : 0;
      uint32_t b = cursor->at;
      int steps = 0;
      while (b < c.end && froms_[b] < lo && steps < 16) ++b, ++steps;
      if (steps < 16) {
        *cursor = Cursor{from, b};
        return std::span<const Entry>(entries_.data() + b, entries_.data() + c.end);
      }
    }
    const std::span<const Entry> found = Find(k, from);
    *cursor = Cursor{from, found.empty() ? c.end : static_cast<uint32_t>(found.data() - entries_.data())};
    return found;
  }
  // Moves the cursor past the entries at it that ended by `from` (up to 16):
  // they end before this scan and every later one of the person's rows in
  // the cell (whose `from` only grows). A quarter fewer entries visited at
  // 300k persons x 1,000 cases (218.6 M -> 165.9 M).
  void Trim(uint32_t k, uint32_t from, Cursor* cursor) const {
    const CellInfo& c = cells_[k];
    uint32_t b = cursor->at;
    for (int steps = 0; b < c.end && entries_[b].to <= from && steps < 16; ++steps) ++b;
    cursor->at = b;
  }
  const Row& row(uint32_t id) const { return rows_[id]; }
  bool empty() const { return keys_.empty(); }
  // The cells, in key-index order.
  const std::vector<uint64_t>& keys() const { return keys_; }
  // The key index of `cell`; UINT32_MAX when it holds no entry.
  uint32_t KeyIndex(uint64_t cell) const {
    if (keys_.empty()) return UINT32_MAX;
    if (!dense_.empty()) {
      const GridCell c = GridCell::Unpack(cell);
      const uint64_t r = static_cast<uint64_t>(static_cast<int64_t>(c.row) - row0_);
      const uint64_t q = static_cast<uint64_t>(static_cast<int64_t>(c.col) - col0_);
      return r < rows_n_ && q < cols_n_ ? dense_[r * cols_n_ + q] : UINT32_MAX;
    }
    for (size_t s = Mix64(cell) & mask_;; s = (s + 1) & mask_) {
      const uint32_t k = slots_[s];
      if (k == UINT32_MAX || keys_[k] == cell) return k;
    }
  }

 private:
  std::vector<Entry> entries_;
  std::vector<uint32_t> froms_;  // entries_[i].from
  std::vector<Row> rows_;
  std::vector<uint64_t> keys_;
  // Per cell: its entries [begin, end), the longest, and (for cells of more
  // than 8 entries, unless they are spread thin) a bucket index over the
  // starts: n buckets of 2^kBucketShift seconds from `base`, at
  // buckets_[buckets].
  static constexpr int kBucketShift = 12;  // 68 minutes
  struct CellInfo {
    uint32_t begin = 0, end = 0, max_len = 0;
    uint32_t base = 0, n = 0, buckets = 0;
  };
  std::vector<CellInfo> cells_;
  std::vector<uint32_t> buckets_;
  std::vector<uint32_t> dense_;  // (row - row0_) * cols_n_ + (col - col0_) -> key index
  int32_t row0_ = 0, col0_ = 0;
  uint64_t rows_n_ = 0, cols_n_ = 0;
  std::vector<uint32_t> slots_;
  size_t mask_ = 0;
};

// Seconds each person spent per grid cell (Chengdu's 30-hour condition).
using CellSeconds = std::unordered_map<uint64_t, int64_t>;

void AddCellSeconds(const PositionTable& t, uint32_t person, int64_t from, int64_t to, const Grid& grid,
                    CellSeconds* out) {
  for (uint32_t r = t.offsets[person]; r < t.offsets[person + 1]; ++r) {
    const int64_t a = std::max<int64_t>(t.start[r], from), b = std::min<int64_t>(t.end[r], to);
    if (b > a) (*out)[grid.CellOf(LonLat{t.lon[r], t.lat[r]}).Pack()] += b - a;
  }
}

// Runs fn(chunk, worker) for every chunk in [0, chunks) on up to `threads`
// threads; `worker` (< Workers(chunks, threads)) names the thread, for state
// kept per thread.
int Workers(size_t chunks, int threads) { return std::max(1, std::min<int>(threads, static_cast<int>(chunks))); }

template <typename Fn>
void ParallelChunks(size_t chunks, int threads, Fn fn) {
  std::atomic<size_t> next{0};
  auto worker = [&](int w) {
    for (size_t c; (c = next.fetch_add(1)) < chunks;) fn(c, w);
  };
  const int n = Workers(chunks, threads);
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i) pool.emplace_back(worker, i);
  worker(0);
  for (auto& t : pool) t.join();
}

// Reserves room for `n` elements and asks the kernel to back it with huge
// pages: the trace's output runs to gigabytes, and faulting it in 4 KB pages
// costs more than writing it. (Prefaulting it on several threads was measured
// no faster here: docs/tracing.md.)
template <typename T>
void ReserveHuge(std::vector<T>* v, size_t n) {
  v->reserve(n);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const uintptr_t lo = (reinterpret_cast<uintptr_t>(v->data()) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t hi = (reinterpret_cast<uintptr_t>(v->data() + v->capacity())) & ~(kHuge - 1);
  if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);  // advice only: failure is harmless
#endif
}

// One person's overlap with each source, summed per (source, cell) as the
// pairs of rows are found. A slot per source, stamped with the person, holds
// the first kInline cells; more spill to a short list. Cheaper than collecting
// every pair and sorting them: a person meets the same source many times
// (every night at home, every working day) in a few cells.
class PairSums {
 public:
  struct Cell {
    uint32_t cell;  // key index: orders as the cell keys do
    uint32_t seconds, first, last;
  };

  explicit PairSums(size_t sources) : slots_(sources) {}

  void Start(uint32_t person) {
    person_ = person;
    touched_.clear();
    spill_.clear();
  }
  void Add(uint32_t source, uint32_t cell, uint32_t a, uint32_t b) {
    Slot& s = slots_[source];
    if (s.person != person_) {
      s.person = person_;
      s.n = 0;
      touched_.push_back(source);
    }
    for (uint32_t i = 0; i < s.n; ++i) {
      if (s.cells[i].cell == cell) return Merge(&s.cells[i], a, b);
    }
    if (s.n < kInline) {
      s.cells[s.n++] = Cell{cell, b - a, a, b};
      return;
    }
    for (auto& [src, c] : spill_) {
      if (src == source && c.cell == cell) return Merge(&c, a, b);
    }
    spill_.push_back({source, Cell{cell, b - a, a, b}});
  }
  bool empty() const { return touched_.empty(); }
  // Calls fn(source, cells) for each source met (in the order first met),
  // with its cells (in no particular order).
  template <typename Fn>
  void ForEach(Fn fn) {
    for (uint32_t source : touched_) {
      const Slot& s = slots_[source];
      if (s.n < kInline || spill_.empty()) {
        fn(source, std::span<const Cell>(s.cells, s.n));
        continue;
      }
      cells_.assign(s.cells, s.cells + s.n);
      for (const auto& [src, c] : spill_) {
        if (src == source) cells_.push_back(c);
      }
      fn(source, std::span<const Cell>(cells_));
    }
  }

 private:
  static constexpr uint32_t kInline = 4;
  struct Slot {
    uint32_t person = UINT32_MAX;
    uint32_t n = 0;
    Cell cells[kInline];
  };
  static void Merge(Cell* c, uint32_t a, uint32_t b) {
    c->seconds += b - a;
    c->first = std::min(c->first, a);
    c->last = std::max(c->last, b);
  }
  std::vector<Slot> slots_;
  uint32_t person_ = UINT32_MAX;
  std::vector<uint32_t> touched_;
  std::vector<std::pair<uint32_t, Cell>> spill_;
  std::vector<Cell> cells_;
};

// A co-location hit as FindColocation's workers produce it (half a Hit's size:
// the largest trace makes tens of millions).
struct CoHit {
  uint32_t tag;
  uint32_t person;
  uint32_t cell;  // index of the cell in the CellTable
  uint32_t start, end;
  uint32_t seconds;
};

// Memory of a trace's hits, handed back to the kernel group by group as they
// are written out, so a trace never holds all its hits and all its output at
// once (at 1M persons x 1,000 cases: 1.3 GB and 1.8 GB). Memory is time on
// this class of VM: a page the process has not touched in the last seconds
// costs ~2 CPU s per GB to fault in (docs/tracing.md, "Speed").
class HitStore {
 public:
  HitStore() = default;
  HitStore(const HitStore&) = delete;
  HitStore& operator=(const HitStore&) = delete;
  HitStore(HitStore&& o) noexcept : blocks_(std::move(o.blocks_)), cur_(o.cur_), left_(o.left_) {
    o.cur_ = nullptr, o.left_ = 0;
  }
  ~HitStore() { Release(); }

  // Room for n hits, contiguous; valid until Release(). Blocks are 2 MB
  // (huge-page sized and aligned), except a store's first when its first run
  // is small (under 64 KB): then 64 KB, so a small trace's 64 groups x
  // workers stores stay small. (Growing every store's blocks step by step
  // instead cost a big trace 0.7 s: the output then faulted in small pages.)
  CoHit* Alloc(size_t n) {
    if (n > left_) {
      const size_t want = n * sizeof(CoHit);
      const size_t unit = blocks_.empty() && want < kSmallBytes ? kSmallBytes : kBlockBytes;
      const size_t bytes = (want + unit - 1) / unit * unit;
      void* p = MapBlock(bytes);
      blocks_.push_back({p, bytes});
      cur_ = static_cast<CoHit*>(p), left_ = bytes / sizeof(CoHit);
    }
    CoHit* at = cur_;
    cur_ += n, left_ -= n;
    return at;
  }
  void Release() {
    for (const auto& [p, bytes] : blocks_) UnmapBlock(p, bytes);
    blocks_.clear();
    cur_ = nullptr, left_ = 0;
  }

 private:
  static constexpr size_t kBlockBytes = size_t{2} << 20;  // one huge page
  static constexpr size_t kSmallBytes = size_t{64} << 10;
  static void* MapBlock(size_t bytes) {
#if defined(__linux__)
    if (bytes < kBlockBytes) {
      void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();
      return p;
    }
    // Aligned to 2 MB so the kernel can back the block with huge pages.
    const size_t slop = kBlockBytes;
    void* raw = mmap(nullptr, bytes + slop, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const uintptr_t lo = reinterpret_cast<uintptr_t>(raw);
    const uintptr_t at = (lo + slop - 1) & ~(slop - 1);
    if (at > lo) munmap(raw, at - lo);
    if (lo + slop > at) munmap(reinterpret_cast<void*>(at + bytes), lo + slop - at);
#if defined(MADV_HUGEPAGE)
    madvise(reinterpret_cast<void*>(at), bytes, MADV_HUGEPAGE);  // advice only
#endif
    return reinterpret_cast<void*>(at);
#else
    return ::operator new(bytes);
#endif
  }
  static void UnmapBlock(void* p, size_t bytes) {
#if defined(__linux__)
    munmap(p, bytes);
#else
    (void)bytes;
    ::operator delete(p);
#endif
  }
  std::vector<std::pair<void*, size_t>> blocks_;
  CoHit* cur_ = nullptr;
  size_t left_ = 0;
};

// The co-location hits of a trace. The sources are split into groups (ranges
// of the output order); each chunk of persons leaves one run of hits per group
// it met, persons ascending and each (person, tag) at most once, in the
// group's stores (one per worker, released together once the group is
// written). `cells` turns CoHit::cell into a cell key.
struct CoHits {
  struct Run {
    const CoHit* data = nullptr;
    uint32_t n = 0;
  };
  uint32_t groups = 0;
  std::vector<uint32_t> group_of;       // by tag
  std::vector<std::vector<Run>> runs;   // [chunk][group]
  std::vector<std::vector<HitStore>> stores;  // [group][worker]
  std::vector<uint64_t> cells;
  uint64_t total = 0;
  // The chunks are written out in `halves` ranges (one per writing thread);
  // tag_counts[worker][half * tags + tag]: the hits of each tag in the half's
  // chunks that worker joined (counted at the end of each chunk).
  int halves = 1;
  std::vector<std::vector<uint32_t>> tag_counts;
  int HalfOf(size_t chunk) const {
    int h = 0;
    while (h + 1 < halves && chunk >= runs.size() * static_cast<size_t>(h + 1) / static_cast<size_t>(halves)) ++h;
    return h;
  }

  void ReleaseGroup(uint32_t g) {
    for (HitStore& s : stores[g]) s.Release();
  }
};

// Splits the tags, in output order `order`, into up to kMaxGroups ranges of
// near-equal size; returns each tag's group and the group count.
constexpr uint32_t kMaxGroups = 64;
uint32_t GroupTags(std::span<const uint32_t> order, std::vector<uint32_t>* group_of) {
  const size_t n = order.size();
  const uint32_t groups = static_cast<uint32_t>(std::min<size_t>(n, kMaxGroups));
  group_of->assign(n, 0);
  for (size_t i = 0; i < n; ++i) (*group_of)[order[i]] = static_cast<uint32_t>(i * groups / n);
  return groups;
}

// `order`: the tags in the order the hits will be written out (grouped along it).
CoHits FindColocationChunks(const PositionTable& t, std::span<const Source> sources, const TraceParams& params,
                            int threads, std::span<const uint32_t> order) {
  const Grid grid(params.grid_m);
  const CellLocator loc(grid, t.lat);
  const uint32_t persons = t.persons();
  // Index the sources' rows by cell.
  std::vector<std::pair<uint64_t, CellTable::Entry>> items;
  std::vector<CellSeconds> source_hours;  // Chengdu 30 h condition, per source
  const bool hours_rule = params.mode == ColocationMode::kChengdu && params.chengdu_hours > 0;
  if (hours_rule) source_hours.resize(sources.size());
  const bool has_venue = t.venue.size() == t.size();
  const bool has_home = t.at_home.size() == t.size() && t.home_lon.size() == persons;
  std::vector<CellTable::Row> rows;
  // Pinned-venue reach (params.venue_reach_m, off by default): three more
  // tables of the sources' rows (near, far, open: below); own_cell: each
  // row's own cell, where a pair the reach finds is counted.
  const bool reach = params.mode == ColocationMode::kStays && has_venue && params.venue_reach_m > 0;
  std::vector<std::pair<uint64_t, CellTable::Entry>> reach_near_items, reach_far_items, reach_open_items;
  // An open row whose reach is within near_m probes one cell (the pinned rows
  // are in every cell within near_m of their venue); a wider one probes every
  // cell within its reach (the pinned rows also in their own cell alone).
  const double near_m = grid.cell_size_m();
  std::vector<uint64_t> own_cell;
  for (uint32_t s = 0; s < sources.size(); ++s) {
    const Source& src = sources[s];
    if (src.person >= persons) continue;
    for (uint32_t r = t.offsets[src.person]; r < t.offsets[src.person + 1]; ++r) {
      const int64_t a = std::max<int64_t>(t.start[r], src.from), b = std::min<int64_t>(t.end[r], src.to);
      if (b <= a) continue;
      uint64_t cells[9];
      const int n = CellsOf(loc, t.lon[r], t.lat[r], ReachOf(params, t.radius_m[r]), cells);
      const CellTable::Entry entry{static_cast<uint32_t>(a),
                                   static_cast<uint32_t>(b),
                                   static_cast<uint32_t>(rows.size()),
                                   s,
                                   src.person,
                                   has_venue ? t.venue[r] : PositionTable::kNoVenue,
                                   has_home ? t.at_home[r] : 0u};
      rows.push_back(CellTable::Row{t.lon[r], t.lat[r], t.radius_m[r], has_home ? t.home_lon[src.person] : NAN,
                                    has_home ? t.home_lat[src.person] : NAN, std::cos(Radians(t.lat[r]))});
      for (int k = 0; k < n; ++k) items.push_back({cells[k], entry});
      if (reach) {
        own_cell.push_back(cells[0]);
        // A pinned row in every cell within near_m of its venue, and alone in
        // its own cell (for the open rows of a person that reach farther). An
        // open row in every cell within its reach: a pinned row of a person
        // probes its own cell.
        if (t.venue[r] != PositionTable::kNoVenue) {
          BoxCells(loc, t.lon[r], t.lat[r], ReachBoxM(params, near_m),
                   [&](uint64_t cell) { reach_near_items.push_back({cell, entry}); });
          reach_far_items.push_back({cells[0], entry});
        } else {
          BoxCells(loc, t.lon[r], t.lat[r], ReachBoxM(params, t.radius_m[r]),
                   [&](uint64_t cell) { reach_open_items.push_back({cell, entry}); });
        }
      }
    }
    if (hours_rule) {
      const int64_t lookback_from = src.to - static_cast<int64_t>(params.lookback_days) * 86400;
      AddCellSeconds(t, src.person, lookback_from, src.to, grid, &source_hours[s]);
    }
  }
  const uint32_t ids = static_cast<uint32_t>(rows.size());
  CellTable table;
  table.Build(items, std::move(rows));
  items.clear();
  items.shrink_to_fit();
  CellTable reach_near, reach_far, reach_open;  // (their rows: table's, by id)
  std::vector<uint32_t> own_key(own_cell.size());
  if (reach) {
    reach_near.Build(reach_near_items, {});
    reach_far.Build(reach_far_items, {});
    reach_open.Build(reach_open_items, {});
    for (size_t id = 0; id < own_cell.size(); ++id) own_key[id] = table.KeyIndex(own_cell[id]);
  }
  constexpr uint32_t kChunk = 4096;
  const size_t chunks = (persons + kChunk - 1) / kChunk;
  CoHits out;
  if (table.empty()) return out;
  out.groups = GroupTags(order, &out.group_of);
  out.runs.assign(chunks, std::vector<CoHits::Run>(out.groups));
  out.stores.resize(out.groups);
  for (auto& g : out.stores) g.resize(static_cast<size_t>(Workers(chunks, threads)));
  out.cells = table.keys();
  out.halves = std::max(1, std::min(threads, 2));
  out.tag_counts.assign(static_cast<size_t>(Workers(chunks, threads)),
                        std::vector<uint32_t>(static_cast<size_t>(out.halves) * sources.size(), 0));

  const int64_t min_seconds = static_cast<int64_t>(params.min_minutes) * 60;
  const bool stays_mode = params.mode == ColocationMode::kStays;
  const bool venue_exclusion = params.venue_exclusion;
  const bool home_rule = has_home && params.home_match_m > 0;
  const bool pair_limit = params.max_pair_distance_m > 0;
  const double hours_seconds = params.chengdu_hours * 3600;
  std::atomic<uint64_t> total{0};
  // Per thread, keyed by rows and persons that never repeat across chunks (so
  // never reset): the person's scan cursors by cell, a stamp per source row
  // id (the row that last counted it), whether the person's home is within
  // home_match_m of each source's (for the person in home_seen[source]); and
  // the chunk's hits.
  struct WorkerState {
    PairSums sums;
    std::vector<CellTable::Cursor> cursors;
    std::vector<std::pair<uint32_t, uint32_t>> key_slot;
    std::vector<uint32_t> stamp, home_seen;
    std::vector<uint8_t> home_near;
    CellSeconds own_hours;
    std::vector<CoHit> hits;  // the chunk's, before they go to their groups (kept: its pages stay warm)
    std::vector<uint32_t> fill;
    // The same cursors for the pinned-venue reach's three tables (slots by key index).
    std::vector<CellTable::Cursor> reach_cursors;
    std::vector<std::pair<uint32_t, uint32_t>> reach_slot_near, reach_slot_far, reach_slot_open;
  };
  std::vector<WorkerState> state;
  for (int w = 0; w < Workers(chunks, threads); ++w) {
    state.push_back(WorkerState{PairSums(sources.size()), {},
                                std::vector<std::pair<uint32_t, uint32_t>>(table.keys().size(), {UINT32_MAX, 0}),
                                std::vector<uint32_t>(ids, UINT32_MAX), std::vector<uint32_t>(sources.size(), UINT32_MAX),
                                std::vector<uint8_t>(sources.size(), 0), {}, {}, std::vector<uint32_t>(out.groups), {},
                                std::vector<std::pair<uint32_t, uint32_t>>(reach_near.keys().size(), {UINT32_MAX, 0}),
                                std::vector<std::pair<uint32_t, uint32_t>>(reach_far.keys().size(), {UINT32_MAX, 0}),
                                std::vector<std::pair<uint32_t, uint32_t>>(reach_open.keys().size(), {UINT32_MAX, 0})});
  }
  ParallelChunks(chunks, threads, [&](size_t c, int w) {
    auto& [sums, cursors, key_slot, stamp, home_seen, home_near, own_hours, hits, fill, reach_cursors, reach_slot_near,
           reach_slot_far, reach_slot_open] = state[static_cast<size_t>(w)];
    hits.clear();
    const uint32_t p_end = std::min<uint32_t>(persons, static_cast<uint32_t>((c + 1) * kChunk));
    for (uint32_t p = static_cast<uint32_t>(c * kChunk); p < p_end; ++p) {
      sums.Start(p);
      // Rows in time order; each cell's scan continues from where the
      // person's previous scan of that cell started (a person comes back to
      // the same few cells, home and work, day after day): cursors[slot],
      // with key_slot[key index] = (person, slot), stamped with the person.
      cursors.clear();
      reach_cursors.clear();
      for (uint32_t r = t.offsets[p]; r < t.offsets[p + 1]; ++r) {
        const uint32_t rs = t.start[r], re = t.end[r];
        if (re <= rs) continue;  // an empty row meets nobody (and would wrap the sums)
        if (stays_mode && t.radius_m[r] > params.max_stay_radius_m) continue;
        uint64_t cells[9];
        const int n = CellsOf(loc, t.lon[r], t.lat[r], ReachOf(params, t.radius_m[r]), cells);
        // What the checks below need of this row, read once.
        const uint32_t va = has_venue ? t.venue[r] : PositionTable::kNoVenue;
        const bool row_home = home_rule && t.at_home[r];
        double cos_lat = 2;  // cos of the row's latitude, worked out when a distance is first needed
        auto row_cos = [&] { return cos_lat <= 1 ? cos_lat : (cos_lat = std::cos(Radians(t.lat[r]))); };
        // Two people each at their own home: together only when their homes
        // match (constant per (person, source): worked out once per person).
        auto home_ok = [&](const CellTable::Entry& e) {
          if (!(row_home && e.at_home)) return true;
          if (home_seen[e.source] != p) {
            home_seen[e.source] = p;
            home_near[e.source] = DistanceMetres(LonLat{t.home_lon[p], t.home_lat[p]},
                                                 LonLat{table.row(e.id).home_lon, table.row(e.id).home_lat}) <=
                                  params.home_match_m;
          }
          return home_near[e.source] != 0;
        };
        for (int k = 0; k < n; ++k) {
          const uint32_t key = table.KeyIndex(cells[k]);
          if (key == UINT32_MAX) continue;
          auto& [owner, slot] = key_slot[key];
          if (owner != p) owner = p, slot = static_cast<uint32_t>(cursors.size()), cursors.emplace_back();
          table.Trim(key, rs, &cursors[slot]);  // past entries that ended before this row began
          for (const CellTable::Entry& e : table.FindNext(key, rs, &cursors[slot])) {
            if (e.from >= re) break;  // sorted by from
            if (e.to <= rs) continue;
            if (e.person == p) continue;
            if (stays_mode) {
              const uint32_t vb = e.venue;
              const bool both = va != PositionTable::kNoVenue && vb != PositionTable::kNoVenue;
              if (venue_exclusion && both && va != vb) continue;
              if (!home_ok(e)) continue;
              if (pair_limit && !(both && va == vb)) {
                const CellTable::Row& sr = table.row(e.id);
                const double ra = t.radius_m[r], rb = sr.radius_m;
                const double limit =
                    std::max(params.max_pair_distance_m, params.pair_radius_factor * std::sqrt(ra * ra + rb * rb));
                if (!WithinMetres(LonLat{t.lon[r], t.lat[r]}, row_cos(), LonLat{sr.lon, sr.lat}, sr.cos_lat, limit)) continue;
              }
            }
            // A pair of rows that share several cells counts once, in the
            // first of the row's cells (stamp: the row that last counted
            // each source row).
            if (n > 1 || reach) {
              if (stamp[e.id] == r) continue;
              stamp[e.id] = r;
            }
            const uint32_t a = std::max(rs, e.from), b = std::min(re, e.to);
            sums.Add(e.source, key, a, b);
          }
        }
        // Pinned-venue reach: a pinned row meets the sources' open rows whose
        // position is within min(their radius, reach) of its venue; an open
        // row the sources' pinned rows within min(its radius, reach).
        if (reach) {
          const bool pinned_row = va != PositionTable::kNoVenue;
          auto probe = [&](const CellTable& rt, std::vector<std::pair<uint32_t, uint32_t>>& slots, uint64_t cell) {
            const uint32_t rk = rt.KeyIndex(cell);
            if (rk == UINT32_MAX) return;
            auto& [owner, slot] = slots[rk];
            if (owner != p) owner = p, slot = static_cast<uint32_t>(reach_cursors.size()), reach_cursors.emplace_back();
            rt.Trim(rk, rs, &reach_cursors[slot]);
            for (const CellTable::Entry& e : rt.FindNext(rk, rs, &reach_cursors[slot])) {
              if (e.from >= re) break;
              if (e.to <= rs || e.person == p || stamp[e.id] == r || !home_ok(e)) continue;
              const CellTable::Row& sr = table.row(e.id);
              double within = std::min<double>(params.venue_reach_m, pinned_row ? sr.radius_m : t.radius_m[r]);
              if (params.max_pair_distance_m > 0) within = std::min(within, params.max_pair_distance_m);
              if (!WithinMetres(LonLat{t.lon[r], t.lat[r]}, row_cos(), LonLat{sr.lon, sr.lat}, sr.cos_lat, within)) continue;
              stamp[e.id] = r;
              sums.Add(e.source, own_key[e.id], std::max(rs, e.from), std::min(re, e.to));
            }
          };
          if (pinned_row) {
            probe(reach_open, reach_slot_open, cells[0]);
          } else if (std::min<double>(params.venue_reach_m, t.radius_m[r]) <= near_m) {
            probe(reach_near, reach_slot_near, cells[0]);
          } else if (!reach_far.empty()) {
            BoxCells(loc, t.lon[r], t.lat[r], ReachBoxM(params, t.radius_m[r]),
                     [&](uint64_t cell) { probe(reach_far, reach_slot_far, cell); });
          }
        }
      }
      if (sums.empty()) continue;
      if (hours_rule) {
        own_hours.clear();
        AddCellSeconds(t, p, INT64_MIN / 2, INT64_MAX / 2, grid, &own_hours);
      }
      // Sum per source over the cells that qualify; the cell with most time is the place.
      sums.ForEach([&](uint32_t source, std::span<const PairSums::Cell> cells) {
        CoHit h{source, p, 0, UINT32_MAX, 0, 0};
        int64_t best = -1;
        for (const PairSums::Cell& x : cells) {
          if (hours_rule) {
            const uint64_t key = out.cells[x.cell];
            const auto own = own_hours.find(key);
            const auto theirs = source_hours[source].find(key);
            const bool ok = (own != own_hours.end() && own->second >= hours_seconds) ||
                            (theirs != source_hours[source].end() && theirs->second >= hours_seconds);
            if (!ok) continue;
          }
          h.seconds += x.seconds;
          h.start = std::min(h.start, x.first);
          h.end = std::max(h.end, x.last);
          // The place: the cell with most time (the lowest cell index on a tie).
          if (static_cast<int64_t>(x.seconds) > best || (static_cast<int64_t>(x.seconds) == best && x.cell < h.cell)) {
            best = x.seconds, h.cell = x.cell;
          }
        }
        if (h.seconds >= min_seconds && h.seconds > 0) hits.push_back(h);
      });
    }
    // Each group's hits to that group's store, in person order.
    std::fill(fill.begin(), fill.end(), 0u);
    uint32_t* tag_count = out.tag_counts[static_cast<size_t>(w)].data() + out.HalfOf(c) * sources.size();
    for (const CoHit& h : hits) ++fill[out.group_of[h.tag]], ++tag_count[h.tag];
    std::vector<CoHits::Run>& runs = out.runs[c];
    std::vector<CoHit*> at(out.groups, nullptr);
    for (uint32_t g = 0; g < out.groups; ++g) {
      if (fill[g] == 0) continue;
      at[g] = out.stores[g][static_cast<size_t>(w)].Alloc(fill[g]);
      runs[g] = CoHits::Run{at[g], fill[g]};
    }
    for (const CoHit& h : hits) *at[out.group_of[h.tag]]++ = h;
    total.fetch_add(hits.size(), std::memory_order_relaxed);
  });
  out.total = total.load();
  return out;
}

// Writes the co-location hits (and `other`, a few hits of other kinds sorted
// per tag, each tag's after its co-location hits) to `out` as make(hit)
// values, tags in `order`, each tag's co-location hits by person. Group by
// group, releasing each group's hits once they are written (peak memory: the
// kernel does not hand those very pages back to the next group's region,
// measured; docs/tracing.md).
template <typename T, typename Make, typename MakeOther>
void WriteByTag(CoHits& co, std::span<const uint32_t> order, std::span<const Hit> other, std::vector<T>* out,
                Make make, MakeOther make_other) {
  const size_t n_tags = order.size();
  std::vector<uint32_t> other_count(n_tags, 0);
  for (const Hit& h : other) ++other_count[h.tag];
  std::vector<size_t> other_from(n_tags, 0);  // first of the tag's hits in `other`
  for (size_t i = 1; i < n_tags; ++i) other_from[i] = other_from[i - 1] + other_count[i - 1];
  const size_t n_chunks = co.runs.size();
  out->clear();
  ReserveHuge(out, co.total + other.size());
  // Position in `order` of each tag.
  std::vector<uint32_t> rank(n_tags);
  for (uint32_t i = 0; i < n_tags; ++i) rank[order[i]] = i;
  const int halves = co.groups == 0 ? 1 : co.halves;
  // count[half][rank]: hits of each tag in the half's chunks, then where they go.
  std::vector<size_t> count(static_cast<size_t>(halves) * n_tags, 0);
  size_t i0 = 0;  // first position of the group in `order`
  while (i0 < n_tags) {
    const uint32_t g = co.groups == 0 ? 0 : co.group_of[order[i0]];
    size_t i1 = i0;
    while (i1 < n_tags && (co.groups == 0 || co.group_of[order[i1]] == g)) ++i1;
    // Turn the counts into write positions: per tag, half 0's hits, half 1's,
    // then the tag's others.
    auto half_chunks = [&](int h) {
      return std::pair<size_t, size_t>{n_chunks * static_cast<size_t>(h) / static_cast<size_t>(halves),
                                       n_chunks * static_cast<size_t>(h + 1) / static_cast<size_t>(halves)};
    };
    for (const auto& worker : co.tag_counts) {
      for (int h = 0; h < halves; ++h) {
        for (size_t i = i0; i < i1; ++i) count[static_cast<size_t>(h) * n_tags + i] += worker[static_cast<size_t>(h) * n_tags + order[i]];
      }
    }
    size_t at = out->size();
    for (size_t i = i0; i < i1; ++i) {
      for (int h = 0; h < halves; ++h) {
        size_t& c = count[static_cast<size_t>(h) * n_tags + i];
        const size_t k = c;
        c = at;
        at += k;
      }
      at += other_count[order[i]];
    }
    out->resize(at);  // faults the group's region in
    T* data = out->data();
    if (co.groups != 0) {
      ParallelChunks(static_cast<size_t>(halves), halves, [&](size_t h, int) {
        size_t* pos = count.data() + h * n_tags;
        const auto [c0, c1] = half_chunks(static_cast<int>(h));
        for (size_t c = c0; c < c1; ++c) {
          const CoHits::Run& run = co.runs[c][g];
          for (uint32_t k = 0; k < run.n; ++k) data[pos[rank[run.data[k].tag]]++] = make(run.data[k]);
        }
      });
      co.ReleaseGroup(g);
    }
    for (size_t i = i0; i < i1; ++i) {
      const uint32_t tag = order[i];
      size_t w = count[static_cast<size_t>(halves - 1) * n_tags + i];  // after the tag's co-location hits
      for (size_t k = 0; k < other_count[tag]; ++k) data[w++] = make_other(other[other_from[tag] + k]);
      for (int h = 0; h < halves; ++h) count[static_cast<size_t>(h) * n_tags + i] = 0;
    }
    i0 = i1;
  }
}

Hit HitOf(const CoHit& h, const std::vector<uint64_t>& cells) {
  return Hit{h.tag, h.person, ContactKind::kColocation, cells[h.cell], h.start, h.end, h.seconds};
}

}  // namespace

std::vector<Hit> FindColocation(const PositionTable& t, std::span<const Source> sources, const TraceParams& params,
                                int threads) {
  std::vector<uint32_t> order(sources.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  CoHits co = FindColocationChunks(t, sources, params, threads, order);
  std::vector<Hit> all;
  WriteByTag(co, order, {}, &all, [&](const CoHit& h) { return HitOf(h, co.cells); },
             [](const Hit& h) { return h; });
  return all;
}

std::vector<Hit> FindCotravel(std::span<const Trip> trips, std::span<const Source> sources, const TraceParams& params) {
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_service;
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_person;
  for (uint32_t i = 0; i < trips.size(); ++i) {
    by_service[trips[i].service].push_back(i);
    by_person[trips[i].person].push_back(i);
  }
  std::vector<Hit> hits;
  for (uint32_t s = 0; s < sources.size(); ++s) {
    const Source& src = sources[s];
    const auto own = by_person.find(src.person);
    if (own == by_person.end()) continue;
    for (uint32_t ci : own->second) {
      const Trip& ct = trips[ci];
      if (ct.arr <= src.from || ct.dep >= src.to) continue;
      for (uint32_t oi : by_service[ct.service]) {
        const Trip& o = trips[oi];
        if (o.person == src.person) continue;
        const bool close = ct.mode == TripMode::kFlight ? std::abs(o.row - ct.row) <= params.flight_rows
                                                        : o.carriage == ct.carriage;
        const int64_t a = std::max({o.dep, ct.dep, src.from}), b = std::min({o.arr, ct.arr, src.to});
        hits.push_back(Hit{s, o.person, close ? ContactKind::kCotravelClose : ContactKind::kCotravelVehicle,
                           ct.service, a, std::max(a, b), std::max<int64_t>(0, b - a)});
      }
    }
  }
  return hits;
}

bool ScanContradicted(const PositionTable& t, uint32_t person, int64_t time, double lon, double lat,
                      const TraceParams& params) {
  if (person >= t.persons()) return false;
  const uint32_t lo = t.offsets[person], hi = t.offsets[person + 1];
  constexpr int64_t kSlack = 10 * 60;
  // First row ending after time - slack.
  uint32_t r = static_cast<uint32_t>(std::upper_bound(t.end.begin() + lo, t.end.begin() + hi,
                                                      static_cast<uint32_t>(std::max<int64_t>(0, time - kSlack))) -
                                     t.end.begin());
  for (; r < hi && t.start[r] <= time + kSlack; ++r) {
    const double d = DistanceMetres(LonLat{t.lon[r], t.lat[r]}, LonLat{lon, lat});
    if (d <= std::max(params.suspect_min_m, params.suspect_radius_factor * t.radius_m[r])) return false;
    if (t.start[r] <= time && time < t.end[r]) return true;  // the row covering the scan says elsewhere
  }
  return false;  // no row near the scan: no evidence either way
}

std::vector<Hit> FindVenue(std::span<const Scan> scans, std::span<const VenueInfo> venues,
                           const PositionTable* positions, std::span<const Source> sources, const TraceParams& params) {
  std::unordered_map<uint32_t, std::vector<uint32_t>> by_venue, by_person;
  for (uint32_t i = 0; i < scans.size(); ++i) {
    by_venue[scans[i].venue].push_back(i);
    by_person[scans[i].person].push_back(i);
  }
  const int64_t window = static_cast<int64_t>(params.venue_window_minutes) * 60;
  auto suspect = [&](const Scan& sc) {
    return positions != nullptr && sc.venue < venues.size() &&
           ScanContradicted(*positions, sc.person, sc.time, venues[sc.venue].lon, venues[sc.venue].lat, params);
  };
  std::vector<Hit> hits;
  for (uint32_t s = 0; s < sources.size(); ++s) {
    const Source& src = sources[s];
    const auto own = by_person.find(src.person);
    if (own == by_person.end()) continue;
    for (uint32_t ci : own->second) {
      const Scan& cs = scans[ci];
      if (cs.time < src.from || cs.time >= src.to) continue;
      if (suspect(cs)) continue;  // the case's own scan of a forwarded photo makes no contacts
      for (uint32_t oi : by_venue[cs.venue]) {
        const Scan& o = scans[oi];
        if (o.person == src.person || std::llabs(o.time - cs.time) > window) continue;
        const ContactKind kind = suspect(o) ? ContactKind::kVenueSuspect : ContactKind::kVenue;
        hits.push_back(Hit{s, o.person, kind, cs.venue, std::min(o.time, cs.time), std::max(o.time, cs.time), 0});
      }
    }
  }
  return hits;
}

namespace {

// Merges hits of the same (tag, person, kind, where) into one, summing time.
void MergeHits(std::vector<Hit>* hits) {
  std::sort(hits->begin(), hits->end(), [](const Hit& a, const Hit& b) {
    if (a.tag != b.tag) return a.tag < b.tag;
    if (a.person != b.person) return a.person < b.person;
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.where != b.where) return a.where < b.where;
    return a.start < b.start;
  });
  size_t w = 0;
  for (size_t i = 0; i < hits->size(); ++i) {
    Hit& h = (*hits)[i];
    if (w > 0) {
      Hit& prev = (*hits)[w - 1];
      if (prev.tag == h.tag && prev.person == h.person && prev.kind == h.kind && prev.where == h.where) {
        prev.start = std::min(prev.start, h.start);
        prev.end = std::max(prev.end, h.end);
        prev.seconds += h.seconds;
        continue;
      }
    }
    (*hits)[w++] = h;
  }
  hits->resize(w);
}

std::vector<Hit> FindAll(const TraceInput& in, std::span<const Source> sources, const TraceParams& params,
                         int threads) {
  std::vector<Hit> hits = FindColocation(*in.positions, sources, params, threads);
  if (params.mode == ColocationMode::kStays) {
    std::vector<Hit> travel = FindCotravel(in.trips, sources, params);
    std::vector<Hit> venue = FindVenue(in.scans, in.venues, in.positions, sources, params);
    hits.insert(hits.end(), travel.begin(), travel.end());
    hits.insert(hits.end(), venue.begin(), venue.end());
  }
  MergeHits(&hits);
  return hits;
}

}  // namespace

std::vector<Edge> Trace(const TraceInput& in, std::span<const CaseWindow> cases, const TraceParams& params,
                        int threads, TraceStats* stats) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<Source> sources;
  sources.reserve(cases.size());
  for (uint32_t i = 0; i < cases.size(); ++i) sources.push_back(Source{i, cases[i].person, cases[i].from, cases[i].to});
  // Output order is EdgeLess: by case id, then kind (co-location first), then
  // person. Cases in id order; each case's co-location edges, then its others.
  const size_t n_cases = cases.size();
  std::vector<uint32_t> order(n_cases);
  for (uint32_t i = 0; i < n_cases; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return cases[a].id != cases[b].id ? cases[a].id < cases[b].id : a < b;
  });
  bool unique_ids = true;
  for (size_t i = 1; i < n_cases; ++i) unique_ids &= cases[order[i - 1]].id != cases[order[i]].id;
  // Co-location makes nearly all the edges (tens of millions on a big city):
  // they go from the workers' runs straight to their place in the output, no
  // concatenation and no sort. The few others are merged and sorted.
  CoHits co = FindColocationChunks(*in.positions, sources, params, threads, order);
  auto edge_of = [&](const Hit& h) {
    return Edge{cases[h.tag].id, h.person, UINT32_MAX, EdgeMinutes(h.seconds), h.kind,
                ContactKind::kColocation, h.where, EdgeTime(h.start), EdgeTime(h.end)};
  };
  std::vector<Hit> other;
  if (params.mode == ColocationMode::kStays) {
    other = FindCotravel(in.trips, sources, params);
    std::vector<Hit> venue = FindVenue(in.scans, in.venues, in.positions, sources, params);
    other.insert(other.end(), venue.begin(), venue.end());
    MergeHits(&other);
    std::sort(other.begin(), other.end(), [&](const Hit& a, const Hit& b) {
      return a.tag != b.tag ? a.tag < b.tag : EdgeLess(edge_of(a), edge_of(b));
    });
  }
  const uint64_t colocation = co.total;
  const auto t1 = std::chrono::steady_clock::now();
  std::vector<Edge> edges;
  WriteByTag(co, order, other, &edges, [&](const CoHit& h) { return edge_of(HitOf(h, co.cells)); }, edge_of);
  // Two windows of one case: interleave them (stable: where EdgeLess ties,
  // the windows stay in input order, so the output is one order, not one of several).
  if (!unique_ids) std::stable_sort(edges.begin(), edges.end(), EdgeLess);

  if (stats != nullptr) {
    stats->cases = cases.size();
    stats->edges_by_kind[static_cast<int>(ContactKind::kColocation)] += colocation;
    for (const Hit& h : other) ++stats->edges_by_kind[static_cast<int>(h.kind)];
    const auto t2 = std::chrono::steady_clock::now();
    stats->seconds = std::chrono::duration<double>(t2 - t0).count();
    stats->join_seconds = std::chrono::duration<double>(t1 - t0).count();
    stats->write_seconds = std::chrono::duration<double>(t2 - t1).count();
  }
  return edges;
}

std::vector<Edge> TraceSecondDegree(const TraceInput& in, std::span<const Edge> first,
                                    std::span<const CaseWindow> cases, const TraceParams& params, int threads) {
  if (params.mode != ColocationMode::kStays) return {};
  std::unordered_map<uint32_t, const CaseWindow*> case_by_id;
  for (const CaseWindow& c : cases) case_by_id[c.id] = &c;
  // Each close contact is a source from their first contact with a case until
  // that case's report plus a margin (when they would be found and isolated);
  // one source per person, over the union of their windows.
  struct Window {
    int64_t from, to;
    uint32_t case_id;
  };
  std::unordered_map<uint32_t, std::vector<Window>> windows;  // by close contact
  std::vector<uint8_t> excluded;                             // cases and close contacts
  auto exclude = [&](uint32_t p) {
    if (p >= excluded.size()) excluded.resize(p + 1, 0);
    excluded[p] = 1;
  };
  for (const CaseWindow& c : cases) exclude(c.person);
  for (const Edge& e : first) {
    if (!IsCloseKind(e.kind)) continue;
    const auto it = case_by_id.find(e.case_id);
    if (it == case_by_id.end()) continue;
    exclude(e.person);
    const int64_t to = std::max<int64_t>(e.start, it->second->to) + static_cast<int64_t>(params.second_degree_days) * 86400;
    windows[e.person].push_back(Window{e.start, to, e.case_id});
  }
  std::vector<Source> sources;
  std::vector<uint32_t> via_of;
  for (auto& [person, ws] : windows) {
    std::sort(ws.begin(), ws.end(), [](const Window& a, const Window& b) {
      return a.from != b.from ? a.from < b.from : a.case_id < b.case_id;
    });
    int64_t from = INT64_MAX, to = INT64_MIN;
    for (const Window& w : ws) from = std::min(from, w.from), to = std::max(to, w.to);
    via_of.push_back(person);
    sources.push_back(Source{0, person, from, to});
  }
  // Deterministic source order (the map's order is not).
  std::vector<uint32_t> order(sources.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return via_of[a] < via_of[b]; });
  std::vector<Source> sorted;
  for (uint32_t i : order) sorted.push_back(Source{static_cast<uint32_t>(sorted.size()), sources[i].person, sources[i].from, sources[i].to});
  std::vector<Hit> hits = FindAll(in, sorted, params, threads);
  // One edge per person: the via with most minutes (then earliest, then
  // lowest via), attributed to the earliest case whose window of that via
  // overlaps the time together.
  std::vector<Edge> out;
  for (const Hit& h : hits) {
    if (!IsCloseKind(h.kind) || (h.person < excluded.size() && excluded[h.person])) continue;
    const uint32_t via = sorted[h.tag].person;
    uint32_t case_id = UINT32_MAX;
    for (const Window& w : windows[via]) {
      if (h.start < w.to && h.end >= w.from) {
        case_id = w.case_id;
        break;
      }
    }
    if (case_id == UINT32_MAX) continue;
    out.push_back(Edge{case_id, h.person, via, EdgeMinutes(h.seconds), ContactKind::kSecondDegree,
                       h.kind, h.where, EdgeTime(h.start), EdgeTime(h.end)});
  }
  std::sort(out.begin(), out.end(), [](const Edge& a, const Edge& b) {
    if (a.person != b.person) return a.person < b.person;
    if (a.minutes != b.minutes) return a.minutes > b.minutes;
    if (a.start != b.start) return a.start < b.start;
    return EdgeLess(a, b);
  });
  size_t w = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (w > 0 && out[w - 1].person == out[i].person) continue;
    out[w++] = out[i];
  }
  out.resize(w);
  std::sort(out.begin(), out.end(), EdgeLess);
  return out;
}

}  // namespace onecode::tracing
