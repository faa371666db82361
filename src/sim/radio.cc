#include "sim/radio.h"

#include <algorithm>
#include <cmath>

#include "core/random.h"
#include "core/time.h"

namespace onecode::sim {
namespace {

enum Stream : uint64_t { kRadio = 0x7ad };

class Painter {
 public:
  explicit Painter(std::vector<CellInterval>* out) : out_(out) {}
  // Appends [start, end) on `tower`, merging with the previous piece.
  void Emit(uint32_t tower, int64_t start, int64_t end) {
    if (end <= start) return;
    if (!out_->empty() && out_->back().tower == tower && out_->back().end == start) {
      out_->back().end = end;
    } else {
      out_->push_back(CellInterval{tower, start, end});
    }
  }

 private:
  std::vector<CellInterval>* out_;
};

}  // namespace

Radio::Radio(const DriftParams& params, const Geography& geo, uint64_t seed)
    : params_(params), geo_(geo), seed_(seed) {}

void Radio::Records(uint32_t person, int day, const DayPlan& plan, uint32_t* carry,
                    std::vector<CellInterval>* out) const {
  out->clear();
  Rng rng(StreamSeed(seed_, {kRadio, person, static_cast<uint64_t>(day)}));
  const double max_m = params_.max_coverage_km * 1000;
  std::vector<CellInterval> pieces;  // one segment's records, before gaps
  Painter painter(out);

  // Serving cell selection among the nearest towers.
  auto choose = [&](const NearTower* near, int n) -> uint32_t {
    if (n == 1 || rng.Bernoulli(params_.nearest_share)) return near[0].tower;
    double total = 0;
    for (int r = 1; r < n; ++r) total += 1.0 / ((r + 1) * (r + 1));
    double u = rng.Uniform() * total;
    for (int r = 1; r < n; ++r) {
      const double w = 1.0 / ((r + 1) * (r + 1));
      if (u < w) return near[r].tower;
      u -= w;
    }
    return near[n - 1].tower;
  };

  const int64_t day_start = plan.segments.empty() ? 0 : plan.segments.front().start;
  for (const Segment& seg : plan.segments) {
    pieces.clear();
    Painter local(&pieces);
    if (seg.is_stay) {
      NearTower near[6];
      const int n = geo_.NearestTowers(geo_.place(seg.place).pos, 6, max_m, near);
      if (n == 0) continue;
      int64_t t = seg.start;
      uint32_t cur = choose(near, n);
      if (seg.start == day_start && *carry != kNone) {
        for (int r = 0; r < n; ++r) {
          if (near[r].tower == *carry) cur = *carry;
        }
      }
      const double pingpong_rate = params_.pingpong_per_hour / 3600.0;
      auto next_pingpong = [&](int64_t from) {
        return pingpong_rate > 0 ? from + static_cast<int64_t>(rng.Exponential(1.0 / pingpong_rate))
                                 : seg.end;
      };
      int64_t reselect = t + std::max<int64_t>(120, static_cast<int64_t>(rng.Exponential(params_.reselect_mean_minutes * 60)));
      int64_t pingpong = next_pingpong(t);
      while (t < seg.end) {
        if (pingpong < reselect && pingpong < seg.end && n > 1) {
          local.Emit(cur, t, pingpong);
          t = pingpong;
          // Flip between the current cell and another of the three nearest.
          uint32_t other = near[rng.Below(static_cast<uint64_t>(std::min(n, 3)))].tower;
          if (other == cur) other = near[0].tower == cur ? near[1].tower : near[0].tower;
          const int flips = static_cast<int>(rng.Between(params_.pingpong_min_flips, params_.pingpong_max_flips));
          for (int k = 0; k < flips && t < seg.end; ++k) {
            const auto d = static_cast<int64_t>(
                rng.Uniform(params_.pingpong_flip_min_seconds, params_.pingpong_flip_max_seconds));
            local.Emit(k % 2 == 0 ? other : cur, t, std::min(t + d, seg.end));
            t += d;
          }
          pingpong = next_pingpong(t);
          reselect = std::max(reselect, t);
        } else {
          const int64_t end = std::min(reselect, seg.end);
          local.Emit(cur, t, end);
          t = end;
          cur = choose(near, n);
          reselect = t + std::max<int64_t>(120, static_cast<int64_t>(rng.Exponential(params_.reselect_mean_minutes * 60)));
        }
      }
      // Idle gaps: never on stays under an hour, so every stay keeps a record.
      int64_t gap_start = 0, gap_end = 0;
      const int64_t length = seg.end - seg.start;
      if (length >= 3600 && rng.Bernoulli(params_.stay_gap_probability)) {
        const auto gap = static_cast<int64_t>(length * rng.Uniform(0.2, 0.6));
        gap_start = seg.start + static_cast<int64_t>(rng.Uniform() * static_cast<double>(length - gap));
        gap_end = gap_start + gap;
      }
      int64_t night_start = 0, night_end = 0;
      const int64_t night_lo = day_start + 3600, night_hi = day_start + 5 * 3600 + 1800;
      if (seg.start <= night_lo && seg.end >= night_hi && rng.Bernoulli(params_.night_gap_probability)) {
        const int64_t gap = rng.Between(3600, 4 * 3600);
        night_start = night_lo + static_cast<int64_t>(rng.Uniform() * static_cast<double>(night_hi - night_lo - gap));
        night_end = night_start + gap;
      }
      for (const CellInterval& p : pieces) {
        // Subtract up to two gaps from the piece.
        int64_t s = p.start, e = p.end;
        int64_t cut[2][2] = {{gap_start, gap_end}, {night_start, night_end}};
        if (cut[0][0] > cut[1][0]) std::swap(cut[0], cut[1]);
        for (auto& c : cut) {
          if (c[1] <= c[0] || c[1] <= s || c[0] >= e) continue;
          if (c[0] > s) painter.Emit(p.tower, s, c[0]);
          s = std::max(s, c[1]);
        }
        if (s < e) painter.Emit(p.tower, s, e);
      }
    } else {
      if (seg.mode == Mode::kFlight) continue;  // phones off in the air
      const LonLat a = geo_.place(seg.from).pos, b = geo_.place(seg.place).pos;
      const auto step = static_cast<int64_t>(std::max(10.0, params_.move_sample_seconds));
      const double length = static_cast<double>(seg.end - seg.start);
      // Handover with hysteresis: the phone keeps its serving cell while that
      // cell stays among the three nearest and within 1.5x (+300 m) of the
      // nearest; otherwise it hands over (to the nearest or, per
      // nearest_share, a neighbour).
      uint32_t serving = kNone;
      for (int64_t t = seg.start; t < seg.end; t += step) {
        const int64_t e = std::min(t + step, seg.end);
        const double f = length > 0 ? (static_cast<double>(t + e) / 2 - static_cast<double>(seg.start)) / length : 0;
        NearTower near[3];
        const int n = geo_.NearestTowers(Interpolate(a, b, f), 3, max_m, near);
        if (n == 0) {
          serving = kNone;
          continue;
        }
        bool keep = false;
        for (int r = 0; r < n; ++r) {
          if (near[r].tower == serving && near[r].distance_m <= 1.5 * near[0].distance_m + 300) keep = true;
        }
        if (!keep) serving = choose(near, n);
        painter.Emit(serving, t, e);
      }
    }
  }

  // Far jumps: a single short record on a distant cell.
  if (params_.far_jump_per_day > 0 && !out->empty()) {
    double at = rng.Exponential(1.0 / params_.far_jump_per_day);
    while (at < 1.0) {
      const int64_t t = day_start + static_cast<int64_t>(at * kSecondsPerDay);
      const int64_t d = rng.Between(30, 180);
      at += rng.Exponential(1.0 / params_.far_jump_per_day);
      // The record containing t, if any.
      auto it = std::upper_bound(out->begin(), out->end(), t,
                                 [](int64_t v, const CellInterval& c) { return v < c.start; });
      if (it == out->begin()) continue;
      --it;
      if (t >= it->end) continue;
      const LonLat here = geo_.towers()[it->tower].pos;
      const double r = rng.Uniform(params_.far_jump_min_km, params_.far_jump_max_km) * 1000;
      const double angle = rng.Uniform(0, 2 * kPi);
      NearTower far[1];
      if (geo_.NearestTowers(OffsetMetres(here, r * std::cos(angle), r * std::sin(angle)), 1, max_m, far) == 0) {
        continue;
      }
      if (DistanceMetres(geo_.towers()[far[0].tower].pos, here) < params_.far_jump_min_km * 1000 * 0.8) continue;
      // Split the record: [start, t) old, [t, t+d) far, [t+d, end) old.
      const CellInterval old = *it;
      const int64_t jump_end = std::min(t + d, old.end);
      const auto pos = it - out->begin();
      std::vector<CellInterval> replacement;
      if (t > old.start) replacement.push_back({old.tower, old.start, t});
      replacement.push_back({far[0].tower, t, jump_end});
      if (jump_end < old.end) replacement.push_back({old.tower, jump_end, old.end});
      out->erase(out->begin() + pos);
      out->insert(out->begin() + pos, replacement.begin(), replacement.end());
    }
    // A jump can land next to a record on the same far cell: merge them.
    size_t w = 0;
    for (size_t k = 1; k < out->size(); ++k) {
      CellInterval& last = (*out)[w];
      const CellInterval& cur = (*out)[k];
      if (cur.tower == last.tower && cur.start == last.end) {
        last.end = cur.end;
      } else {
        (*out)[++w] = cur;
      }
    }
    out->resize(w + 1);
  }
  const int64_t day_end = day_start + kSecondsPerDay;
  *carry = !out->empty() && out->back().end == day_end ? out->back().tower : kNone;
}

}  // namespace onecode::sim
