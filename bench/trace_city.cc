#include "trace_city.h"

#include <algorithm>
#include <cmath>

#include "core/geo.h"
#include "core/random.h"

namespace onecode::bench {
namespace {

using tracing::PositionTable;

// Stream names (StreamSeed tags).
enum : uint64_t { kPlacesStream = 1, kHouseholdStream = 2, kDaysStream = 3, kCasesStream = 4 };

constexpr double kHalfSide = 20000;  // the metro is [-20 km, 20 km] in both axes
constexpr LonLat kCentre{104.066, 30.657};
constexpr double kBucket = 2000;  // venue lookup buckets
constexpr int kBuckets = static_cast<int>(2 * kHalfSide / kBucket);

struct Point {
  double x = 0, y = 0;  // metres east, north of the centre
};

bool Inside(Point p) { return std::abs(p.x) < kHalfSide && std::abs(p.y) < kHalfSide; }

Point Around(Rng& rng, Point c, double sd) {
  for (int i = 0; i < 16; ++i) {
    const Point p{c.x + rng.Normal(0, sd), c.y + rng.Normal(0, sd)};
    if (Inside(p)) return p;
  }
  return Point{std::clamp(c.x, -kHalfSide + 1, kHalfSide - 1), std::clamp(c.y, -kHalfSide + 1, kHalfSide - 1)};
}

Point Uniform(Rng& rng) { return Point{rng.Uniform(-kHalfSide, kHalfSide), rng.Uniform(-kHalfSide, kHalfSide)}; }

Point SubCentre(int k) {
  const double a = Radians(15 + 60 * k);
  return Point{11000 * std::cos(a), 11000 * std::sin(a)};
}

// A point from the mix: `centre` share around the centre (sd_centre), `sub`
// share around one of the six sub-centres (sd_sub), the rest uniform.
Point Hub(Rng& rng, double centre, double sd_centre, double sub, double sd_sub) {
  const double u = rng.Uniform();
  if (u < centre) return Around(rng, Point{}, sd_centre);
  if (u < centre + sub) return Around(rng, SubCentre(static_cast<int>(rng.Below(6))), sd_sub);
  return Uniform(rng);
}

double Dist2(Point a, Point b) { return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y); }

int BucketOf(Point p) {
  const int bx = std::clamp(static_cast<int>((p.x + kHalfSide) / kBucket), 0, kBuckets - 1);
  const int by = std::clamp(static_cast<int>((p.y + kHalfSide) / kBucket), 0, kBuckets - 1);
  return by * kBuckets + bx;
}

struct Places {
  std::vector<Point> compounds, workplaces, schools, venues;
  std::vector<uint32_t> bucket_start, bucket_venues;  // venues by 2 km bucket (CSR)

  // A venue in the 2 km square around `p`, else anywhere.
  uint32_t VenueNear(Rng& rng, Point p) const {
    const int b = BucketOf(p);
    const uint32_t n = bucket_start[b + 1] - bucket_start[b];
    if (n == 0) return static_cast<uint32_t>(rng.Below(venues.size()));
    return bucket_venues[bucket_start[b] + rng.Below(n)];
  }
};

Places MakePlaces(const CityOptions& o) {
  Rng rng(StreamSeed(o.seed, {kPlacesStream}));
  Places pl;
  const uint32_t n = std::max<uint32_t>(o.persons, 1);
  pl.compounds.resize(std::max<uint32_t>(1, n / 300));
  for (Point& p : pl.compounds) p = Hub(rng, 0.45, 5000, 0.35, 2500);
  pl.workplaces.resize(std::max<uint32_t>(1, n / 60));
  for (Point& p : pl.workplaces) p = Hub(rng, 0.40, 2500, 0.40, 2000);
  pl.schools.resize(std::max<uint32_t>(1, n / 600));
  for (Point& p : pl.schools) p = Around(rng, pl.compounds[rng.Below(pl.compounds.size())], 800);
  pl.venues.resize(std::max<uint32_t>(1, n / 250));
  for (Point& p : pl.venues) {
    const bool near_home = rng.Bernoulli(0.5);
    p = near_home ? Around(rng, pl.compounds[rng.Below(pl.compounds.size())], 300)
                  : Around(rng, pl.workplaces[rng.Below(pl.workplaces.size())], 300);
  }
  pl.bucket_start.assign(kBuckets * kBuckets + 1, 0);
  for (const Point& p : pl.venues) ++pl.bucket_start[BucketOf(p) + 1];
  for (int b = 0; b < kBuckets * kBuckets; ++b) pl.bucket_start[b + 1] += pl.bucket_start[b];
  pl.bucket_venues.resize(pl.venues.size());
  std::vector<uint32_t> fill(pl.bucket_start.begin(), pl.bucket_start.end() - 1);
  for (uint32_t v = 0; v < pl.venues.size(); ++v) pl.bucket_venues[fill[BucketOf(pl.venues[v])]++] = v;
  return pl;
}

// The nearest of `tries` random places (a short commute is likelier).
Point NearestOf(Rng& rng, const std::vector<Point>& places, Point from, int tries) {
  Point best = places[rng.Below(places.size())];
  for (int i = 1; i < tries; ++i) {
    const Point c = places[rng.Below(places.size())];
    if (Dist2(c, from) < Dist2(best, from)) best = c;
  }
  return best;
}

enum class Role { kWorker, kPupil, kHome };

// Appends one person's stays over the period, in time order.
class DayPlanner {
 public:
  DayPlanner(const CityOptions& o, const Places& places, City* city) : o_(o), pl_(places), city_(city) {
    period_end_ = o.first_day + static_cast<int64_t>(o.days) * 86400;
  }

  void Person(uint32_t p, Point home, Role role, Point work) {
    Rng rng(StreamSeed(o_.seed, {kDaysStream, p}));
    p_ = p;
    home_ = home;
    int64_t home_from = o_.first_day;
    for (int d = 0; d < o_.days; ++d) {
      const int64_t day = o_.first_day + static_cast<int64_t>(d) * 86400;
      const bool weekday = (3 + d) % 7 < 5;  // day 0 is a Thursday
      if (weekday && role != Role::kHome) {
        home_from = WorkDay(rng, day, home_from, role, work);
      } else {
        home_from = FreeDay(rng, day, home_from);
      }
    }
    Emit(rng, home_from, period_end_, home_, kHome, PositionTable::kNoVenue);
  }

 private:
  enum Kind { kHome, kWork, kVisit };
  static constexpr int64_t kMin = 60, kHour = 3600;

  int64_t Minutes(Rng& rng, int lo, int hi) { return rng.Between(lo, hi) * kMin; }

  int64_t WorkDay(Rng& rng, int64_t day, int64_t home_from, Role role, Point work) {
    const bool pupil = role == Role::kPupil;
    const int64_t leave = day + 7 * kHour + (pupil ? Minutes(rng, 0, 45) : Minutes(rng, 0, 120));
    Emit(rng, home_from, leave, home_, kHome, PositionTable::kNoVenue);
    const int64_t arrive = leave + Minutes(rng, 15, 60);
    const int64_t done = day + (pupil ? 16 * kHour + Minutes(rng, 0, 60) : 17 * kHour + Minutes(rng, 0, 150));
    const int visits = 1 + static_cast<int>(rng.Below(2));
    const bool lunch = !pupil && (visits == 2 || rng.Bernoulli(0.5));
    if (lunch) {
      const int64_t ls = day + 11 * kHour + 45 * kMin + Minutes(rng, 0, 60);
      const int64_t le = ls + Minutes(rng, 30, 60);
      Emit(rng, arrive, ls - 5 * kMin, work, kWork, PositionTable::kNoVenue);
      Visit(rng, ls, le, work);
      Emit(rng, le + 5 * kMin, done, work, kWork, PositionTable::kNoVenue);
    } else {
      Emit(rng, arrive, done, work, kWork, PositionTable::kNoVenue);
    }
    int64_t t = done;
    for (int i = lunch ? 1 : 0; i < visits; ++i) {
      t += Minutes(rng, 10, 30);
      const int64_t dur = Minutes(rng, 30, 90);
      Visit(rng, t, t + dur, pupil || rng.Bernoulli(0.5) ? home_ : work);
      t += dur;
    }
    return t + Minutes(rng, 15, 60);
  }

  int64_t FreeDay(Rng& rng, int64_t day, int64_t home_from) {
    const int64_t leave = day + 8 * kHour + 30 * kMin + Minutes(rng, 0, 120);
    Emit(rng, home_from, leave, home_, kHome, PositionTable::kNoVenue);
    const int outings = 2 + static_cast<int>(rng.Below(2));
    int64_t t = leave;
    for (int i = 0; i < outings; ++i) {
      t += Minutes(rng, 10, 30);
      const int64_t dur = Minutes(rng, 30, 120);
      // Mostly near home; a quarter of the outings go into town.
      Visit(rng, t, t + dur, rng.Bernoulli(0.75) ? home_ : Around(rng, Point{}, 6000));
      t += dur;
      if (i + 1 < outings) {
        t += Minutes(rng, 10, 30);
        const int64_t back = t + Minutes(rng, 60, 180);
        Emit(rng, t, back, home_, kHome, PositionTable::kNoVenue);
        t = back;
      }
    }
    return t + Minutes(rng, 10, 30);
  }

  void Visit(Rng& rng, int64_t from, int64_t to, Point near) {
    const uint32_t v = pl_.VenueNear(rng, near);
    const bool scanned = rng.Bernoulli(0.6);
    if (scanned) ++city_->scanned_visits;
    Emit(rng, from, to, pl_.venues[v], kVisit, scanned ? v : PositionTable::kNoVenue);
  }

  void Emit(Rng& rng, int64_t from, int64_t to, Point at, Kind kind, uint32_t venue) {
    // Jitter and radius are drawn even for clipped stays, so clipping does not shift the stream.
    const LonLat pos = OffsetMetres(kCentre, at.x + rng.Normal(0, 150), at.y + rng.Normal(0, 150));
    const bool wide = o_.wide_radius_share > 0 && rng.Bernoulli(o_.wide_radius_share);  // (no draw when 0)
    const float radius = static_cast<float>(wide ? rng.Uniform(800, 4000) : rng.Uniform(300, 800));
    from = std::max(from, o_.first_day);
    to = std::min(to, period_end_);
    if (to <= from) return;
    PositionTable& t = city_->stays;
    t.Append(p_, static_cast<uint32_t>(from), static_cast<uint32_t>(to), static_cast<float>(pos.lon),
             static_cast<float>(pos.lat), radius);
    if (o_.venue_column) t.venue.push_back(venue);
    if (o_.home_columns) t.at_home.push_back(kind == kHome ? 1 : 0);
    (kind == kHome ? city_->home_stays : kind == kWork ? city_->work_stays : city_->visit_stays) += 1;
  }

  const CityOptions& o_;
  const Places& pl_;
  City* city_;
  int64_t period_end_ = 0;
  uint32_t p_ = 0;
  Point home_;
};

template <typename T>
uint64_t CapacityBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

uint64_t City::Bytes() const {
  const PositionTable& t = stays;
  return CapacityBytes(t.person) + CapacityBytes(t.start) + CapacityBytes(t.end) + CapacityBytes(t.lon) +
         CapacityBytes(t.lat) + CapacityBytes(t.radius_m) + CapacityBytes(t.offsets) + CapacityBytes(t.venue) +
         CapacityBytes(t.at_home) + CapacityBytes(t.home_lon) + CapacityBytes(t.home_lat);
}

City BuildCity(const CityOptions& o) {
  const Places places = MakePlaces(o);
  City city;
  city.compounds = static_cast<uint32_t>(places.compounds.size());
  city.workplaces = static_cast<uint32_t>(places.workplaces.size());
  city.schools = static_cast<uint32_t>(places.schools.size());
  city.venues = static_cast<uint32_t>(places.venues.size());
  // About 4.6 stays per person-day; reserve a little more so the columns are
  // allocated once (their capacity is what Bytes() reports).
  const size_t expect = static_cast<size_t>(o.persons) * static_cast<size_t>(o.days) * 47 / 10;
  PositionTable& t = city.stays;
  for (auto* v : {&t.person, &t.start, &t.end}) v->reserve(expect);
  for (auto* v : {&t.lon, &t.lat, &t.radius_m}) v->reserve(expect);
  if (o.venue_column) t.venue.reserve(expect);
  if (o.home_columns) {
    t.at_home.reserve(expect);
    t.home_lon.resize(o.persons);
    t.home_lat.resize(o.persons);
  }
  DayPlanner planner(o, places, &city);
  uint32_t p = 0;
  while (p < o.persons) {
    // One household: 1-4 persons sharing a home point in a compound.
    Rng rng(StreamSeed(o.seed, {kHouseholdStream, p}));
    const double u = rng.Uniform();
    const uint32_t size = std::min<uint32_t>(u < 0.25 ? 1 : u < 0.55 ? 2 : u < 0.85 ? 3 : 4, o.persons - p);
    const Point home = Around(rng, places.compounds[rng.Below(places.compounds.size())], 120);
    const LonLat home_ll = OffsetMetres(kCentre, home.x, home.y);
    for (uint32_t i = 0; i < size; ++i, ++p) {
      const double r = rng.Uniform();
      const Role role = r < 0.65 ? Role::kWorker : r < 0.80 ? Role::kPupil : Role::kHome;
      Point work = home;
      if (role == Role::kWorker) work = NearestOf(rng, places.workplaces, home, 2);
      if (role == Role::kPupil) work = NearestOf(rng, places.schools, home, 6);
      if (o.home_columns) {
        t.home_lon[p] = static_cast<float>(home_ll.lon);
        t.home_lat[p] = static_cast<float>(home_ll.lat);
      }
      planner.Person(p, home, role, work);
    }
  }
  t.Finish(o.persons);
  return city;
}

std::vector<tracing::CaseWindow> DrawCases(const CityOptions& o, uint32_t count) {
  Rng rng(StreamSeed(o.seed, {kCasesStream}));
  count = std::min(count, o.persons);
  std::vector<uint8_t> taken(o.persons, 0);
  std::vector<tracing::CaseWindow> cases;
  cases.reserve(count);
  const int64_t span = std::max<int64_t>(1, static_cast<int64_t>(o.days - 5) * 86400);
  while (cases.size() < count) {
    const uint32_t person = static_cast<uint32_t>(rng.Below(o.persons));
    const int64_t from = o.first_day + rng.Between(0, span - 1);
    if (taken[person]) continue;
    taken[person] = 1;
    cases.push_back(tracing::CaseWindow{static_cast<uint32_t>(cases.size()), person, from, from + 5 * 86400});
  }
  return cases;
}

}  // namespace onecode::bench
