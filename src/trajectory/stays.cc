#include "trajectory/stays.h"

#include <algorithm>
#include <cmath>

#include "core/time.h"

namespace onecode::trajectory {
namespace {

constexpr int kMaxRegions = 8;
constexpr int kMaxCells = 24;
constexpr size_t kMaxPlaces = 256;  // places searched per person

// Seconds per cell of one stay or place (the kMaxCells cells held longest).
struct Tally {
  int n = 0;
  uint32_t cell[kMaxCells];
  int64_t seconds[kMaxCells];

  void Add(uint32_t c, int64_t s) {
    for (int k = 0; k < n; ++k) {
      if (cell[k] == c) {
        seconds[k] += s;
        return;
      }
    }
    if (n < kMaxCells) {
      cell[n] = c;
      seconds[n++] = s;
      return;
    }
    int least = 0;
    for (int k = 1; k < n; ++k) {
      if (seconds[k] < seconds[least]) least = k;
    }
    if (seconds[least] < s) {
      cell[least] = c;
      seconds[least] = s;
    }
  }
  void Merge(const Tally& o) {
    for (int k = 0; k < o.n; ++k) Add(o.cell[k], o.seconds[k]);
  }
};

// Weighted sums of tower positions (offsets in degrees from an origin shared
// by one person, so spreads do not cancel catastrophically), radii and
// county votes, for one stay or one pooled place.
class Sums {
 public:
  void Clear() {
    w_ = sx_ = sy_ = sxx_ = syy_ = sr_ = 0;
    n_regions_ = 0;
  }
  // Adds tower `c` held for `seconds` (weight seconds / radius).
  void Add(const CellInfo& c, double lon0, double lat0, double seconds, double radius_floor_m) {
    const double w = seconds / std::max<double>(c.radius_m, radius_floor_m);
    const double dx = c.lon - lon0, dy = c.lat - lat0;
    w_ += w;
    sx_ += w * dx;
    sy_ += w * dy;
    sxx_ += w * dx * dx;
    syy_ += w * dy * dy;
    sr_ += w * c.radius_m;
    Vote(c.region, w);
  }
  void Merge(const Sums& o) {
    w_ += o.w_;
    sx_ += o.sx_;
    sy_ += o.sy_;
    sxx_ += o.sxx_;
    syy_ += o.syy_;
    sr_ += o.sr_;
    for (int k = 0; k < o.n_regions_; ++k) Vote(o.regions_[k], o.region_w_[k]);
  }
  // Centroid offsets in degrees.
  double dx() const { return sx_ / w_; }
  double dy() const { return sy_ / w_; }
  // Weighted RMS distance of the towers from the centroid, in metres.
  double SpreadMetres(double lat) const {
    const double mx = dx(), my = dy();
    const double vx = std::max(0.0, sxx_ / w_ - mx * mx), vy = std::max(0.0, syy_ / w_ - my * my);
    const double kx = CosDegrees(lat) * kMetresPerDegreeLat;
    return std::sqrt(vx * kx * kx + vy * kMetresPerDegreeLat * kMetresPerDegreeLat);
  }
  double MeanRadius() const { return sr_ / w_; }
  uint32_t VotedRegion() const {
    int best = 0;
    for (int k = 1; k < n_regions_; ++k) {
      if (region_w_[k] > region_w_[best] || (region_w_[k] == region_w_[best] && regions_[k] < regions_[best])) best = k;
    }
    return n_regions_ == 0 ? 0 : regions_[best];
  }

 private:
  void Vote(uint32_t region, double w) {
    for (int k = 0; k < n_regions_; ++k) {
      if (regions_[k] == region) {
        region_w_[k] += w;
        return;
      }
    }
    if (n_regions_ < kMaxRegions) {
      regions_[n_regions_] = region;
      region_w_[n_regions_++] = w;
    }
  }

  double w_ = 0, sx_ = 0, sy_ = 0, sxx_ = 0, syy_ = 0, sr_ = 0;
  uint32_t regions_[kMaxRegions] = {};
  double region_w_[kMaxRegions] = {};
  int n_regions_ = 0;
};

// A detected stay before output: records [first, last] and their evidence.
struct Candidate {
  size_t first = 0, last = 0;
  Sums sums;   // running centroid, relative to the person's origin
  Tally tally;
  uint32_t place = 0;
};

// Stays of one person at one place, pooled.
struct Place {
  Sums sums;
  Tally tally;
  int64_t night_seconds = 0;
  StayPoint estimate;
};

// Per-thread scratch, grown once and reused: no allocation per person.
struct Scratch {
  std::vector<Candidate> candidates;
  std::vector<Place> places;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Position, radius and county of a place from the time its cells served.
StayPoint Estimate(const Tally& t, std::span<const CellInfo> cells, const TrajectoryParams& p,
                   const CellIndex* index, double* home_share, uint32_t home_region) {
  Sums sums;
  sums.Clear();
  const double lon0 = cells[t.cell[0]].lon, lat0 = cells[t.cell[0]].lat;
  int64_t top = 0;
  for (int k = 0; k < t.n; ++k) top = std::max(top, t.seconds[k]);
  double total = 0, home = 0;
  for (int k = 0; k < t.n; ++k) {
    const double seconds = static_cast<double>(t.seconds[k]);
    const double weight_seconds =
        p.position_time_exponent == 1.0
            ? seconds
            : static_cast<double>(top) * std::pow(seconds / static_cast<double>(top), p.position_time_exponent);
    sums.Add(cells[t.cell[k]], lon0, lat0, weight_seconds, p.weight_radius_floor_m);
    total += static_cast<double>(t.seconds[k]);
    if (cells[t.cell[k]].region == home_region) home += static_cast<double>(t.seconds[k]);
  }
  *home_share = total > 0 ? home / total : 0;
  StayPoint s;
  s.lon = lon0 + sums.dx();
  s.lat = lat0 + sums.dy();
  const double spread = sums.SpreadMetres(s.lat), cell_term = p.uncertainty_radius_share * sums.MeanRadius();
  s.radius_m = static_cast<float>(std::sqrt(spread * spread + cell_term * cell_term));
  s.region = sums.VotedRegion();
  if (p.region_method == RegionMethod::kNearestCell && index != nullptr) {
    const uint32_t nearest = index->Nearest(s.lon, s.lat);
    if (nearest < cells.size()) s.region = cells[nearest].region;
  }
  return s;
}

// The share of the tally's time spent on cells of `region`.
double RegionShare(const Tally& t, std::span<const CellInfo> cells, uint32_t region) {
  int64_t total = 0, in = 0;
  for (int k = 0; k < t.n; ++k) {
    total += t.seconds[k];
    if (cells[t.cell[k]].region == region) in += t.seconds[k];
  }
  return total > 0 ? static_cast<double>(in) / static_cast<double>(total) : 0;
}

// Seconds of [start, end) that fall in the local night window.
int64_t NightSeconds(int64_t start, int64_t end, const TrajectoryParams& p) {
  int64_t total = 0;
  const int64_t from = p.home_night_from_hour * kSecondsPerHour, to = p.home_night_to_hour * kSecondsPerHour;
  for (int64_t day = LocalDayOf(Timestamp{start}, p.utc_offset_seconds) - 1;
       LocalDayStart(day, p.utc_offset_seconds).seconds < end; ++day) {
    const int64_t base = LocalDayStart(day, p.utc_offset_seconds).seconds;
    // The night that begins on `day`: [from, 24h + to) when from > to, else [from, to).
    const int64_t lo = base + from, hi = base + (from > to ? kSecondsPerDay + to : to);
    total += std::max<int64_t>(0, std::min(end, hi) - std::max(start, lo));
  }
  return total;
}

// Appends `stay` covering records [first, last] of `records`, cut at local
// midnight when asked; each piece counts the records that overlap it.
void EmitStay(const StayPoint& stay, std::span<const Interval> records, size_t first, size_t last,
              const TrajectoryParams& p, std::vector<StayPoint>* out) {
  if (!p.split_at_local_midnight) {
    out->push_back(stay);
    out->back().records = static_cast<uint32_t>(last - first + 1);
    return;
  }
  int64_t day = LocalDayOf(Timestamp{stay.start}, p.utc_offset_seconds);
  int64_t start = stay.start;
  size_t r = first;
  while (start < stay.end) {
    const int64_t piece_end = std::min(stay.end, LocalDayStart(day + 1, p.utc_offset_seconds).seconds);
    uint32_t count = 0;
    size_t j = r;
    while (j <= last && records[j].start < piece_end) {
      if (records[j].end > start) ++count;
      ++j;
    }
    // The next piece starts with the record spanning the boundary, if any.
    r = (j > r && records[j - 1].end > piece_end) ? j - 1 : j;
    StayPoint piece = stay;
    piece.start = start;
    piece.end = piece_end;
    piece.records = count;
    out->push_back(piece);
    start = piece_end;
    ++day;
  }
}

}  // namespace

void DetectStays(std::span<const Interval> cleaned, std::span<const CellInfo> cells, const TrajectoryParams& p,
                 std::vector<StayPoint>* out, const PersonContext& person, const CellIndex* index) {
  const uint32_t home_region = person.home_region;
  out->clear();
  const size_t n = cleaned.size();
  if (n == 0) return;
  Scratch& scratch = ThreadScratch();
  scratch.candidates.clear();
  scratch.places.clear();
  const double lon0 = cells[cleaned[0].cell].lon, lat0 = cells[cleaned[0].cell].lat;

  // 1. Stay points (Li et al. 2008 with a running centroid and cell-sized thresholds).
  Sums sums;
  size_t i = 0;
  while (i < n) {
    sums.Clear();
    sums.Add(cells[cleaned[i].cell], lon0, lat0, static_cast<double>(cleaned[i].end - cleaned[i].start),
             p.weight_radius_floor_m);
    size_t last = i;
    for (size_t j = i + 1; j < n; ++j) {
      if (cleaned[j].start - cleaned[last].end > p.max_idle_gap_seconds) break;
      const CellInfo& c = cells[cleaned[j].cell];
      const double limit = std::max(p.stay_distance_m, p.stay_radius_factor * c.radius_m);
      if (LocalDistanceMetres(lon0 + sums.dx(), lat0 + sums.dy(), c.lon, c.lat) > limit) break;
      sums.Add(c, lon0, lat0, static_cast<double>(cleaned[j].end - cleaned[j].start), p.weight_radius_floor_m);
      last = j;
    }
    // Held long enough, and longer than it takes to drive across its cells.
    const double held = static_cast<double>(cleaned[last].end - cleaned[i].start);
    if (held < static_cast<double>(p.dwell_seconds) ||
        (p.pass_through_kmh > 0 &&
         held < 2 * (sums.MeanRadius() + sums.SpreadMetres(lat0 + sums.dy())) / (p.pass_through_kmh / 3.6))) {
      ++i;
      continue;
    }
    // A phone that fell silent: the record just before a silence that ends
    // where this stay starts, on a tower near it, is where the person already
    // was (arrived, one record, then an idle phone until the stay's records
    // begin). The stay starts there.
    size_t first = i;
    const size_t free_from = scratch.candidates.empty() ? 0 : scratch.candidates.back().last + 1;
    if (p.idle_bridge_m > 0 && i > free_from) {
      const Interval& before = cleaned[i - 1];
      const int64_t silence = cleaned[i].start - before.end;
      if (silence >= p.idle_bridge_min_seconds && silence <= p.idle_bridge_max_seconds &&
          LocalDistanceMetres(lon0 + sums.dx(), lat0 + sums.dy(), cells[before.cell].lon, cells[before.cell].lat) <=
              p.idle_bridge_m) {
        first = i - 1;
        sums.Add(cells[before.cell], lon0, lat0, static_cast<double>(before.end - before.start), p.weight_radius_floor_m);
      }
    }
    Candidate& cand = scratch.candidates.emplace_back();
    cand.first = first;
    cand.last = last;
    cand.sums = sums;
    cand.tally.n = 0;
    for (size_t k = first; k <= last; ++k) cand.tally.Add(cleaned[k].cell, cleaned[k].end - cleaned[k].start);
    i = last + 1;
  }

  // 2. Places: stays of the person at the same place pool their evidence.
  for (Candidate& c : scratch.candidates) {
    size_t best = scratch.places.size();
    // Bounded so that a trace of endless new places stays linear.
    if (p.pool_places && scratch.places.size() < kMaxPlaces) {
      const double lon = lon0 + c.sums.dx(), lat = lat0 + c.sums.dy();
      double best_d = 0;
      for (size_t k = 0; k < scratch.places.size(); ++k) {
        const Sums& place = scratch.places[k].sums;
        const double d = LocalDistanceMetres(lon, lat, lon0 + place.dx(), lat0 + place.dy());
        const double limit =
            std::max(p.stay_distance_m, p.place_radius_factor * std::max(c.sums.MeanRadius(), place.MeanRadius()));
        if (d <= limit && (best == scratch.places.size() || d < best_d)) {
          best = k;
          best_d = d;
        }
      }
    }
    const int64_t night = NightSeconds(cleaned[c.first].start, cleaned[c.last].end, p);
    if (best == scratch.places.size()) {
      Place& place = scratch.places.emplace_back();
      place.sums = c.sums;
      place.tally = c.tally;
      place.night_seconds = night;
    } else {
      Place& place = scratch.places[best];
      place.sums.Merge(c.sums);
      place.tally.Merge(c.tally);
      place.night_seconds += night;
    }
    c.place = static_cast<uint32_t>(best);
  }

  // 3. Each place's estimate; the place of most nights takes the registered
  // home county when its cells support it.
  size_t home = scratch.places.size();
  for (size_t k = 0; k < scratch.places.size(); ++k) {
    Place& place = scratch.places[k];
    double home_share = 0;
    place.estimate = Estimate(place.tally, cells, p, index, &home_share, home_region);
    if (home_region == 0 || !p.use_registered_home || place.night_seconds < p.home_min_night_seconds ||
        (home < scratch.places.size() && place.night_seconds <= scratch.places[home].night_seconds)) {
      continue;
    }
    // The register is plausible when the home county has a tower near the
    // place (with an index), or served enough of the time there (without).
    const bool plausible =
        index != nullptr
            ? index->NearestInRegion(place.estimate.lon, place.estimate.lat, home_region,
                                     p.home_reach_radius_factor * place.estimate.radius_m) != UINT32_MAX
            : home_share >= p.home_min_share;
    if (plausible) home = k;
  }
  if (home < scratch.places.size()) {
    // Night places around it are the same home, split by coarse cells.
    const StayPoint main = scratch.places[home].estimate;
    for (Place& place : scratch.places) {
      const double reach = p.home_reach_radius_factor * std::max(main.radius_m, place.estimate.radius_m);
      if (&place == &scratch.places[home] ||
          (place.night_seconds >= p.home_min_night_seconds &&
           LocalDistanceMetres(main.lon, main.lat, place.estimate.lon, place.estimate.lat) <= reach)) {
        place.estimate.region = home_region;
      }
    }
  }

  // 4. Output, each stay at its place's pooled estimate; a stay right after
  // (before) a manifest leg is in the leg's arrival (departure) county when
  // its cells support that.
  size_t leg = 0;
  for (const Candidate& c : scratch.candidates) {
    StayPoint stay = scratch.places[c.place].estimate;
    stay.start = cleaned[c.first].start;
    stay.end = cleaned[c.last].end;
    if (p.use_manifests) {
      const std::span<const Leg> legs = person.legs;
      while (leg < legs.size() && legs[leg].arr + p.manifest_window_seconds < stay.start) ++leg;
      for (size_t k = leg; k < legs.size() && legs[k].dep - p.manifest_window_seconds <= stay.end; ++k) {
        if (stay.start >= legs[k].arr && stay.start <= legs[k].arr + p.manifest_window_seconds &&
            RegionShare(c.tally, cells, legs[k].to_region) >= p.manifest_min_share) {
          stay.region = legs[k].to_region;
        } else if (stay.end <= legs[k].dep && stay.end >= legs[k].dep - p.manifest_window_seconds &&
                   RegionShare(c.tally, cells, legs[k].from_region) >= p.manifest_min_share) {
          stay.region = legs[k].from_region;
        }
      }
    }
    EmitStay(stay, cleaned, c.first, c.last, p, out);
  }
}

void NaiveStays(std::span<const Interval> raw, std::span<const CellInfo> cells, const TrajectoryParams& p,
                std::vector<StayPoint>* out) {
  out->clear();
  const size_t n = raw.size();
  size_t i = 0;
  while (i < n) {
    if (raw[i].cell >= cells.size() || raw[i].end <= raw[i].start) {
      ++i;
      continue;
    }
    size_t last = i;
    while (last + 1 < n && raw[last + 1].cell == raw[i].cell && raw[last + 1].end > raw[last + 1].start &&
           raw[last + 1].start - raw[last].end <= p.max_idle_gap_seconds) {
      ++last;
    }
    if (raw[last].end - raw[i].start >= p.dwell_seconds) {
      const CellInfo& c = cells[raw[i].cell];
      StayPoint stay;
      stay.start = raw[i].start;
      stay.end = raw[last].end;
      stay.lon = c.lon;
      stay.lat = c.lat;
      stay.radius_m = c.radius_m;
      stay.region = c.region;
      EmitStay(stay, raw, i, last, p, out);
    }
    i = last + 1;
  }
}

}  // namespace onecode::trajectory
