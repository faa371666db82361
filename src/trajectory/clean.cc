#include "trajectory/clean.h"

#include <algorithm>
#include <limits>

#include "trajectory/cell_index.h"

namespace onecode::trajectory {

CleanStats& CleanStats::operator+=(const CleanStats& o) {
  input += o.input;
  output += o.output;
  joined += o.joined;
  joined_at_midnight += o.joined_at_midnight;
  dropped_bad += o.dropped_bad;
  dropped_during_leg += o.dropped_during_leg;
  clipped_by_leg += o.clipped_by_leg;
  split_by_leg += o.split_by_leg;
  dropped_far_jump += o.dropped_far_jump;
  pingpong_reassigned += o.pingpong_reassigned;
  dropped_speed += o.dropped_speed;
  unexplained_jumps += o.unexplained_jumps;
  return *this;
}

namespace {

int64_t Duration(const Interval& r) { return r.end - r.start; }

bool IsLocalMidnight(int64_t t, int64_t offset) {
  return ((t + offset) % kSecondsPerDay + kSecondsPerDay) % kSecondsPerDay == 0;
}

// The stages share the cells, the parameters and the counters.
class Cleaner {
 public:
  Cleaner(std::span<const CellInfo> cells, std::span<const Leg> legs, const TrajectoryParams& p, CleanStats* stats)
      : cells_(cells), legs_(legs), p_(p), stats_(stats) {}

  // Stage 1: validate, discount records during legs, join touching records
  // on the same cell (the two halves of a record split at midnight).
  void Load(std::span<const Interval> raw, std::vector<Interval>* out) {
    int64_t prev_end = std::numeric_limits<int64_t>::min();
    size_t first_leg = 0;
    for (const Interval& r : raw) {
      ++stats_->input;
      if (r.cell >= cells_.size() || r.end <= r.start || r.end <= prev_end) {
        ++stats_->dropped_bad;
        continue;
      }
      const int64_t start = std::max(r.start, prev_end);
      prev_end = r.end;
      if (!p_.use_manifests) {
        Append(Interval{r.cell, start, r.end}, out);
        continue;
      }
      const int64_t margin = p_.leg_margin_seconds;
      while (first_leg < legs_.size() && legs_[first_leg].arr + margin <= start) ++first_leg;
      int64_t s = start;
      int pieces = 0;
      bool touched = false;
      for (size_t m = first_leg; m < legs_.size() && legs_[m].dep - margin < r.end && s < r.end; ++m) {
        const int64_t lo = legs_[m].dep - margin, hi = legs_[m].arr + margin;
        if (hi <= s) continue;
        touched = true;
        if (lo > s) {
          Append(Interval{r.cell, s, lo}, out);
          ++pieces;
        }
        s = std::max(s, hi);
      }
      if (s < r.end) {
        Append(Interval{r.cell, s, r.end}, out);
        ++pieces;
      }
      if (touched) {
        if (pieces == 0) {
          ++stats_->dropped_during_leg;
        } else {
          ++stats_->clipped_by_leg;
          stats_->split_by_leg += static_cast<uint64_t>(pieces - 1);
        }
      }
    }
  }

  // Stage 2: one-record far jumps. Returns the new size of v.
  size_t DropFarJumps(Interval* v, size_t n) {
    if (n < 3) return n;
    size_t w = 0;
    for (size_t i = 1; i < n; ++i) {
      const Interval cur = v[i];
      bool dropped = false;
      while (w >= 1 && IsFarJump(v[w - 1], v[w], cur)) {
        --w;
        ++stats_->dropped_far_jump;
        dropped = true;
      }
      if (dropped && v[w].cell == cur.cell) {
        // The jump interrupted one record: give its time back to that cell.
        v[w].end = cur.end;
        ++stats_->joined;
      } else {
        v[++w] = cur;
      }
    }
    return w + 1;
  }

  // Stage 3: ping-pong runs A-B-A[-B...] take the cell held longest in the run.
  void CollapsePingPong(Interval* v, size_t n) {
    const int64_t max_record = p_.pingpong_max_record_seconds, max_gap = p_.pingpong_max_gap_seconds;
    auto is_short = [&](size_t j) { return Duration(v[j]) <= max_record; };
    auto gap_ok = [&](size_t j) { return v[j + 1].start - v[j].end <= max_gap; };
    size_t i = 0;
    while (i + 2 < n) {
      const uint32_t a = v[i].cell, b = v[i + 1].cell;
      if (b == a || v[i + 2].cell != a || !is_short(i + 1) || !gap_ok(i) || !gap_ok(i + 1)) {
        ++i;
        continue;
      }
      size_t k = i + 2;  // run is [i, k]
      while (k + 1 < n && is_short(k) && v[k + 1].cell == (v[k].cell == a ? b : a) && gap_ok(k)) ++k;
      int64_t held_a = 0, held_b = 0;
      for (size_t j = i; j <= k; ++j) (v[j].cell == a ? held_a : held_b) += Duration(v[j]);
      const uint32_t winner = held_a >= held_b ? a : b;
      for (size_t j = i; j <= k; ++j) {
        // A long record at either end of the run keeps its cell.
        if (v[j].cell != winner && is_short(j)) {
          v[j].cell = winner;
          ++stats_->pingpong_reassigned;
        }
      }
      i = k;
    }
  }

  // Joins touching records on the same cell. Returns the new size.
  size_t MergeSameCell(Interval* v, size_t n) {
    if (n == 0) return 0;
    size_t w = 0;
    for (size_t i = 1; i < n; ++i) {
      if (v[i].cell == v[w].cell && v[i].start - v[w].end <= p_.join_max_gap_seconds) {
        v[w].end = std::max(v[w].end, v[i].end);
        ++stats_->joined;
      } else {
        v[++w] = v[i];
      }
    }
    return w + 1;
  }

  // Stage 4: impossible speeds between consecutive records. Returns the new size.
  size_t DropImpossibleSpeeds(Interval* v, size_t n) {
    if (n < 2) return n;
    size_t w = 0;
    for (size_t i = 1; i < n; ++i) {
      const Interval b = v[i];
      const bool has_next = i + 1 < n;
      if (Reachable(v[w], b)) {
        Push(b, v, &w);
        continue;
      }
      // b is the odd one out if the kept record reaches the next one; the
      // kept record is, if its predecessor reaches b (or it is a short first
      // record and b reaches the next one). If both could be, the shorter goes.
      const bool b_odd = has_next && Reachable(v[w], v[i + 1]);
      const bool kept_odd =
          (w >= 1 && Reachable(v[w - 1], b)) ||
          (w == 0 && Duration(v[0]) <= p_.speed_edge_max_seconds && has_next && Reachable(b, v[i + 1]));
      if (b_odd && (!kept_odd || Duration(b) <= Duration(v[w]))) {
        ++stats_->dropped_speed;
        continue;
      }
      if (kept_odd) {
        ++stats_->dropped_speed;
        if (w == 0) {
          v[0] = b;
        } else {
          --w;
          Push(b, v, &w);
        }
        continue;
      }
      if (!has_next && Duration(b) <= p_.speed_edge_max_seconds) {  // a short last record
        ++stats_->dropped_speed;
        continue;
      }
      ++stats_->unexplained_jumps;  // both sides consistent: a real move we cannot explain
      Push(b, v, &w);
    }
    return w + 1;
  }

 private:
  void Append(const Interval& r, std::vector<Interval>* out) {
    if (!out->empty()) {
      Interval& last = out->back();
      if (last.cell == r.cell && r.start - last.end <= p_.join_max_gap_seconds) {
        if (r.start == last.end && IsLocalMidnight(r.start, p_.utc_offset_seconds)) ++stats_->joined_at_midnight;
        last.end = std::max(last.end, r.end);
        ++stats_->joined;
        return;
      }
    }
    out->push_back(r);
  }

  void Push(const Interval& b, Interval* v, size_t* w) {
    if (v[*w].cell == b.cell && b.start - v[*w].end <= p_.join_max_gap_seconds) {
      v[*w].end = b.end;
      ++stats_->joined;
    } else {
      v[++*w] = b;
    }
  }

  const CellInfo& Cell(const Interval& r) const { return cells_[r.cell]; }

  bool IsFarJump(const Interval& prev, const Interval& x, const Interval& next) const {
    if (Duration(x) > p_.far_jump_max_seconds) return false;
    if ((x.start - prev.end) + (next.start - x.end) > p_.far_jump_max_gap_seconds) return false;
    const CellInfo &cp = Cell(prev), &cx = Cell(x), &cn = Cell(next);
    const double threshold =
        std::max(p_.far_jump_min_distance_m, p_.far_jump_radius_factor * (cx.radius_m + std::max(cp.radius_m, cn.radius_m)));
    const double d_px = CellDistanceMetres(cp, cx);
    if (d_px < threshold) return false;
    const double d_xn = CellDistanceMetres(cx, cn);
    if (d_xn < threshold) return false;
    return CellDistanceMetres(cp, cn) <= p_.far_jump_return_share * std::min(d_px, d_xn);
  }

  // Whether b can follow a: within the speed limit, or a manifest leg lies between.
  bool Reachable(const Interval& a, const Interval& b) const {
    const int64_t cap = p_.speed_record_cap_seconds;
    const double dt = static_cast<double>(std::max<int64_t>(0, b.start - a.end)) +
                      0.5 * static_cast<double>(std::min(Duration(a), cap) + std::min(Duration(b), cap));
    const CellInfo &ca = Cell(a), &cb = Cell(b);
    const double allowed = p_.max_speed_kmh / 3.6 * dt + p_.speed_radius_factor * (ca.radius_m + cb.radius_m) +
                           p_.speed_slack_m;
    if (CellDistanceMetres(ca, cb) <= allowed) return true;
    return p_.use_manifests && LegBetween(a, b);
  }

  bool LegBetween(const Interval& a, const Interval& b) const {
    const int64_t margin = p_.leg_margin_seconds;
    auto it = std::lower_bound(legs_.begin(), legs_.end(), a.start - margin,
                               [](const Leg& leg, int64_t t) { return leg.dep < t; });
    return it != legs_.end() && it->arr <= b.end + margin;
  }

  std::span<const CellInfo> cells_;
  std::span<const Leg> legs_;
  const TrajectoryParams& p_;
  CleanStats* stats_;
};

}  // namespace

void CleanRecords(std::span<const Interval> raw, std::span<const CellInfo> cells, std::span<const Leg> legs,
                  const TrajectoryParams& params, std::vector<Interval>* out, CleanStats* stats) {
  CleanStats local;
  Cleaner cleaner(cells, legs, params, &local);
  out->clear();
  out->reserve(raw.size());
  cleaner.Load(raw, out);
  Interval* v = out->data();
  size_t n = out->size();
  n = cleaner.DropFarJumps(v, n);
  cleaner.CollapsePingPong(v, n);
  n = cleaner.MergeSameCell(v, n);
  n = cleaner.DropImpossibleSpeeds(v, n);
  out->resize(n);
  local.output = n;
  if (stats != nullptr) *stats += local;
}

}  // namespace onecode::trajectory
