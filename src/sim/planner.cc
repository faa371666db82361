#include "sim/planner.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/random.h"
#include "core/time.h"

namespace onecode::sim {
namespace {

enum Stream : uint64_t { kRides = 0x91a, kPlan, kZones };

constexpr int kTrainSlots[] = {7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21};
constexpr int kCoachSlots[] = {7, 9, 11, 13, 15, 17, 19};
constexpr int kFlightSlots[] = {8, 11, 14, 17, 20};

// Door-to-door time of a local move: walking under 1.5 km, city traffic under
// 20 km, roads beyond; plus two minutes to get going.
int64_t LocalTravelSeconds(double metres) {
  const double speed = metres < 1500 ? 1.3 : metres < 20000 ? 6.5 : 12.0;
  return 120 + static_cast<int64_t>(metres / speed);
}

// Builds a gap-free plan: an open stay at the current place, closed when the
// person moves.
class PlanBuilder {
 public:
  PlanBuilder(const Geography& geo, int64_t day_start, uint32_t place, DayPlan* plan)
      : geo_(geo), plan_(plan), day_start_(day_start), end_(day_start + kSecondsPerDay), now_(day_start),
        stay_start_(day_start), place_(place) {
    plan_->segments.clear();
  }
  int64_t now() const { return now_; }
  uint32_t place() const { return place_; }
  int64_t At(int hour, int minute) const { return day_start_ + hour * 3600 + minute * 60; }
  int64_t end() const { return end_; }

  void StayUntil(int64_t t) { now_ = std::max(now_, std::min(t, end_)); }

  // A local move to `dest`. With `force`, a move that would run past midnight
  // is shortened to end at midnight; otherwise it is refused (returns false).
  bool MoveTo(uint32_t dest, bool force = false) {
    if (dest == kNone) return false;
    if (dest == place_) return true;
    int64_t duration = LocalTravelSeconds(DistanceMetres(geo_.place(place_).pos, geo_.place(dest).pos));
    if (now_ + duration > end_ - 60) {
      if (!force) return false;
      duration = std::max<int64_t>(0, end_ - now_);
    }
    CloseStay();
    Segment move;
    move.start = now_;
    move.end = now_ + duration;
    move.from = place_;
    move.place = dest;
    move.is_stay = false;
    if (duration > 0) plan_->segments.push_back(move);
    now_ += duration;
    place_ = dest;
    stay_start_ = now_;
    return true;
  }

  void RideTo(uint32_t service, uint16_t seat, Mode mode, int64_t dep, int64_t arr, uint32_t dest_station) {
    StayUntil(dep);
    CloseStay();
    Segment ride;
    ride.start = now_;
    ride.end = std::min(end_, std::max(now_ + 60, arr));
    ride.from = place_;
    ride.place = dest_station;
    ride.service = service;
    ride.seat = seat;
    ride.mode = mode;
    ride.is_stay = false;
    plan_->segments.push_back(ride);
    now_ = ride.end;
    place_ = dest_station;
    stay_start_ = now_;
  }

  // Goes to `place` at `start` (or now, if later) for `duration`, passing by
  // `base` first when there is time for it. Skipped if it would end too late.
  bool Visit(uint32_t place, int64_t start, int64_t duration, uint32_t base) {
    if (place == kNone) return false;
    start = std::max(start, now_);
    // Back at base by 23:30.
    if (start + duration + TravelSeconds(place, base) > At(23, 30)) return false;
    if (place_ != base && start - now_ > 90 * 60) MoveTo(base);
    StayUntil(start);
    if (!MoveTo(place)) return false;
    StayUntil(now_ + duration);
    return true;
  }

  void Finish() {
    now_ = end_;
    CloseStay();
  }

  int64_t TravelSeconds(uint32_t a, uint32_t b) const {
    return LocalTravelSeconds(DistanceMetres(geo_.place(a).pos, geo_.place(b).pos));
  }

 private:
  void CloseStay() {
    if (now_ > stay_start_) {
      Segment stay;
      stay.start = stay_start_;
      stay.end = now_;
      stay.place = place_;
      plan_->segments.push_back(stay);
    }
    stay_start_ = now_;
  }

  const Geography& geo_;
  DayPlan* plan_;
  int64_t day_start_, end_, now_, stay_start_;
  uint32_t place_;
};

uint32_t PickOne(std::span<const uint32_t> items, Rng& rng) {
  return items.empty() ? kNone : items[rng.Below(items.size())];
}

int64_t Minutes(Rng& rng, int lo, int hi) { return rng.Between(lo, hi) * 60; }

}  // namespace

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kLocal: return "local";
    case Mode::kTrain: return "train";
    case Mode::kCoach: return "coach";
    case Mode::kFlight: return "flight";
  }
  return "unknown";
}

// --- Timetable

Timetable::Timetable(const Geography& geo) : geo_(&geo), n_cities_(static_cast<uint32_t>(geo.cities().size())) {}

std::span<const int> Timetable::SlotHours(Mode mode) {
  switch (mode) {
    case Mode::kTrain: return kTrainSlots;
    case Mode::kCoach: return kCoachSlots;
    case Mode::kFlight: return kFlightSlots;
    case Mode::kLocal: break;
  }
  return {};
}

double Timetable::DistanceKm(uint32_t a, uint32_t b) const {
  return DistanceMetres(geo_->cities()[a].centre, geo_->cities()[b].centre) / 1000.0;
}

bool Timetable::Offers(uint32_t a, uint32_t b, Mode mode) const {
  if (a == b) return false;
  const double d = DistanceKm(a, b);
  switch (mode) {
    case Mode::kTrain: return d >= 40;
    case Mode::kCoach: return d <= 450;
    case Mode::kFlight: return d >= 300;
    case Mode::kLocal: return false;
  }
  return false;
}

uint32_t Timetable::ServiceId(uint32_t a, uint32_t b, Mode mode, int slot) const {
  return ((a * n_cities_ + b) * 4 + static_cast<uint32_t>(mode)) * 16 + static_cast<uint32_t>(slot);
}

Timetable::Service Timetable::Info(uint32_t service) const {
  Service s;
  const int slot = static_cast<int>(service % 16);
  s.mode = static_cast<Mode>(service / 16 % 4);
  const uint32_t pair = service / 64;
  s.from_city = pair / n_cities_;
  s.to_city = pair % n_cities_;
  s.departure_offset = SlotHours(s.mode)[static_cast<size_t>(slot)] * 3600;
  const double d = DistanceKm(s.from_city, s.to_city);
  double hours = 0;
  switch (s.mode) {
    case Mode::kTrain: hours = d / 250 + 0.3; break;
    case Mode::kCoach: hours = d / 70 + 0.25; break;
    case Mode::kFlight: hours = d / 650 + 0.75; break;
    case Mode::kLocal: break;
  }
  s.duration = static_cast<int64_t>(hours * 3600) / 60 * 60;
  return s;
}

void Timetable::AppendVehicle(TextBuffer& out, uint32_t service) const {
  static constexpr std::string_view kAirlines[] = {"CA", "MU", "CZ", "3U", "HU", "ZH"};
  const uint32_t slot = service % 16, pair = service / 64;
  const Mode mode = static_cast<Mode>(service / 16 % 4);
  switch (mode) {
    case Mode::kTrain: out.Append('G').AppendInt(1 + pair * 16 + slot); break;
    case Mode::kCoach: out.Append('B').AppendInt(101 + pair * 8 + slot); break;
    case Mode::kFlight:
      out.Append(kAirlines[(pair / n_cities_ + pair % n_cities_) % 6]).AppendInt(1001 + pair * 8 + slot);
      break;
    case Mode::kLocal: out.Append("local"); break;
  }
}

int Timetable::SeatCapacity(Mode mode) {
  switch (mode) {
    case Mode::kTrain: return 8 * 18 * 5;
    case Mode::kCoach: return 12 * 4;
    case Mode::kFlight: return 30 * 6;
    case Mode::kLocal: break;
  }
  return 0;
}

void Timetable::SeatPosition(Mode mode, int seat, int* carriage, int* row) {
  switch (mode) {
    case Mode::kTrain: *carriage = seat / 90 + 1; *row = seat % 90 / 5 + 1; return;
    case Mode::kCoach: *carriage = 1; *row = seat / 4 + 1; return;
    case Mode::kFlight: *carriage = 0; *row = seat / 6 + 1; return;
    case Mode::kLocal: break;
  }
  *carriage = 0;
  *row = 0;
}

void Timetable::AppendSeat(TextBuffer& out, Mode mode, int seat) {
  int carriage = 0, row = 0;
  SeatPosition(mode, seat, &carriage, &row);
  auto two = [&](int v) { out.Append(static_cast<char>('0' + v / 10)).Append(static_cast<char>('0' + v % 10)); };
  switch (mode) {
    case Mode::kTrain: two(carriage); out.Append('-'); two(row); out.Append("ABCDF"[seat % 5]); return;
    case Mode::kCoach: two(carriage); out.Append('-'); two(row); out.Append("ABCD"[seat % 4]); return;
    case Mode::kFlight: out.AppendInt(row).Append("ABCDEF"[seat % 6]); return;
    case Mode::kLocal: break;
  }
}

uint32_t Timetable::StationOf(uint32_t city, Mode mode) const {
  const City& c = geo_->cities()[city];
  switch (mode) {
    case Mode::kTrain: return c.rail_station;
    case Mode::kCoach: return c.coach_station;
    case Mode::kFlight: return c.airport;
    case Mode::kLocal: break;
  }
  return kNone;
}

// --- Planner

Planner::Planner(const SimParams& params, const Geography& geo, const Population& pop, const Timetable& timetable)
    : params_(params), geo_(geo), pop_(pop), timetable_(&timetable) {}

int64_t Planner::DayStart(int day) const {
  const int64_t first = params_.start_day;
  return LocalDayStart(first + day, kChinaUtcOffsetSeconds).seconds;
}

void Planner::PlanRides(int day, std::span<const Whereabouts> where, std::span<const int64_t> isolate_at,
                        std::vector<Ride>* rides) const {
  const size_t n = pop_.size();
  rides->assign(n, Ride{});
  const int64_t day_start = DayStart(day);
  std::unordered_map<uint32_t, std::vector<uint8_t>> occupied;  // service -> seats taken today
  const auto& cities = geo_.cities();
  const Timetable& tt = *timetable_;

  auto choose_mode = [&](uint32_t a, uint32_t b, Rng& rng) {
    const double d = tt.DistanceKm(a, b);
    double w[4] = {0, 0, 0, 0};
    w[static_cast<int>(Mode::kCoach)] = d < 150 ? 0.5 : d < 300 ? 0.15 : d <= 450 ? 0.1 : 0;
    w[static_cast<int>(Mode::kTrain)] = d < 40 ? 0 : d < 150 ? 0.5 : d < 300 ? 0.85 : d <= 450 ? 0.6 : 0.5;
    w[static_cast<int>(Mode::kFlight)] = d < 300 ? 0 : d <= 450 ? 0.3 : 0.5;
    double total = 0;
    for (int m = 1; m < 4; ++m) if (tt.Offers(a, b, static_cast<Mode>(m))) total += w[m];
    double u = rng.Uniform() * total;
    for (int m = 1; m < 4; ++m) {
      if (!tt.Offers(a, b, static_cast<Mode>(m)) || w[m] == 0) continue;
      if (u < w[m]) return static_cast<Mode>(m);
      u -= w[m];
    }
    return Mode::kTrain;
  };
  // A slot whose arrival is before 23:30; `afternoon` prefers departures after noon.
  auto choose_slot = [&](uint32_t a, uint32_t b, Mode mode, bool afternoon, Rng& rng) {
    const auto hours = Timetable::SlotHours(mode);
    int eligible[16];
    int count = 0;
    for (int s = 0; s < static_cast<int>(hours.size()); ++s) {
      const auto info = tt.Info(tt.ServiceId(a, b, mode, s));
      if (info.departure_offset + info.duration > 23 * 3600 + 1800) continue;
      if (afternoon && hours[static_cast<size_t>(s)] < 12 && rng.Bernoulli(0.7)) continue;
      eligible[count++] = s;
    }
    return count == 0 ? -1 : eligible[rng.Below(static_cast<uint64_t>(count))];
  };
  auto take_seat = [&](uint32_t service, Mode mode, Rng& rng) -> int {
    const int cap = Timetable::SeatCapacity(mode);
    auto& seats = occupied[service];
    if (seats.empty()) seats.assign(static_cast<size_t>(cap), 0);
    int seat = static_cast<int>(rng.Below(static_cast<uint64_t>(cap)));
    for (int tries = 0; tries < cap; ++tries, seat = (seat + 1) % cap) {
      if (!seats[static_cast<size_t>(seat)]) {
        seats[static_cast<size_t>(seat)] = 1;
        return seat;
      }
    }
    return -1;  // sold out
  };

  for (uint32_t i = 0; i < n; ++i) {
    const Whereabouts& w = where[i];
    if (w.isolated || isolate_at[i] < day_start) continue;
    Rng rng(StreamSeed(params_.seed, {kRides, i, static_cast<uint64_t>(day)}));
    const uint32_t home_city = geo_.CityOfPlace(pop_.person(i).home);
    Ride ride;
    uint32_t from, to;
    if (w.trip_city != kNone) {
      if (w.return_day != day) continue;
      from = w.trip_city;
      to = home_city;
      ride.outbound = false;
    } else {
      if (!rng.Bernoulli(params_.travel.trip_start_per_day)) continue;
      from = home_city;
      const uint32_t province = cities[home_city].province;
      const bool same_province = geo_.provinces().size() == 1 || rng.Bernoulli(params_.travel.same_province_share);
      std::vector<uint32_t> options;
      for (uint32_t c = 0; c < cities.size(); ++c) {
        if (c != home_city && (cities[c].province == province) == same_province) options.push_back(c);
      }
      if (options.empty()) continue;
      to = options[rng.Below(options.size())];
      ride.outbound = true;
      ride.dest_city = to;
      ride.hotel = PickOne(geo_.VenuesInCity(to, PlaceKind::kHotel), rng);
      ride.return_day = day + static_cast<int32_t>(rng.Between(params_.travel.min_nights, params_.travel.max_nights));
    }
    const Mode mode = choose_mode(from, to, rng);
    const int slot = choose_slot(from, to, mode, !ride.outbound, rng);
    if (slot < 0) continue;  // nothing arrives before 23:30
    ride.service = tt.ServiceId(from, to, mode, slot);
    // Someone reported today travels only if they arrive two hours before.
    const auto info = tt.Info(ride.service);
    if (isolate_at[i] < day_start + info.departure_offset + info.duration + 2 * kSecondsPerHour) continue;
    const int seat = take_seat(ride.service, mode, rng);
    if (seat < 0) continue;  // sold out: they stay
    ride.seat = static_cast<uint16_t>(seat);
    (*rides)[i] = ride;
  }
}

void Planner::PlanDay(uint32_t i, int day, const Whereabouts& in, const Ride& ride, int64_t isolate_at,
                      DayPlan* plan, Whereabouts* out) const {
  const int64_t day_start = DayStart(day);
  const int64_t day_end = day_start + kSecondsPerDay;
  *out = in;
  PlanBuilder b(geo_, day_start, in.night_place, plan);
  if (in.isolated) {
    b.Finish();
    AssignZones(i, day, plan);
    return;
  }
  Rng rng(StreamSeed(params_.seed, {kPlan, i, static_cast<uint64_t>(day)}));
  const Person& p = pop_.person(i);
  const int64_t weekday = (params_.start_day + day + 4) % 7;  // 0 = Sunday
  const bool weekend = weekday == 0 || weekday == 6;
  const Timetable& tt = *timetable_;

  auto ride_leg = [&](uint32_t base) {
    const auto s = tt.Info(ride.service);
    const int64_t dep = day_start + s.departure_offset, arr = dep + s.duration;
    const uint32_t from_station = tt.StationOf(s.from_city, s.mode);
    const uint32_t to_station = tt.StationOf(s.to_city, s.mode);
    const int64_t wait = s.mode == Mode::kFlight ? Minutes(rng, 70, 110)
                         : s.mode == Mode::kTrain ? Minutes(rng, 20, 40)
                                                  : Minutes(rng, 10, 30);
    const int64_t travel = LocalTravelSeconds(DistanceMetres(geo_.place(b.place()).pos, geo_.place(from_station).pos));
    (void)base;
    b.StayUntil(dep - wait - travel);
    b.MoveTo(from_station, /*force=*/true);
    b.RideTo(ride.service, ride.seat, s.mode, dep, arr, to_station);
    b.StayUntil(b.now() + Minutes(rng, 5, 15));
    return arr;
  };

  if (ride.service != kNone && ride.outbound) {
    ride_leg(p.home);
    b.MoveTo(ride.hotel, true);
    if (b.now() < b.At(18, 0) && rng.Bernoulli(0.5)) {
      b.Visit(PickOne(geo_.VenuesInCity(ride.dest_city, PlaceKind::kRestaurant), rng),
              b.At(18, 30) + Minutes(rng, 0, 30), Minutes(rng, 60, 100), ride.hotel);
    }
    b.MoveTo(ride.hotel, true);
    out->trip_city = ride.dest_city;
    out->hotel = ride.hotel;
    out->return_day = ride.return_day;
  } else if (ride.service != kNone) {
    const auto s = tt.Info(ride.service);
    if (s.departure_offset >= 13 * 3600 && rng.Bernoulli(0.5)) {
      const PlaceKind kind = rng.Bernoulli(0.5) ? PlaceKind::kShop : PlaceKind::kOffice;
      const uint32_t venue = PickOne(geo_.VenuesInCity(in.trip_city, kind), rng);
      // Leave the venue in time to reach the station an hour and a half early.
      const int64_t latest_end = day_start + s.departure_offset - 90 * 60 -
                                 (venue == kNone ? 0 : b.TravelSeconds(venue, tt.StationOf(s.from_city, s.mode)));
      const int64_t start = b.At(9, 0) + Minutes(rng, 0, 60);
      const int64_t duration = std::min<int64_t>(Minutes(rng, 60, 180), latest_end - start);
      if (duration >= 30 * 60) b.Visit(venue, start, duration, in.hotel);
    }
    ride_leg(in.hotel);
    b.MoveTo(p.home, true);
    out->trip_city = kNone;
    out->hotel = kNone;
    out->return_day = -1;
  } else if (in.trip_city != kNone) {
    const uint32_t city = in.trip_city;
    if (rng.Bernoulli(0.6)) {
      b.Visit(PickOne(geo_.VenuesInCity(city, PlaceKind::kOffice), rng), b.At(8, 30) + Minutes(rng, 0, 60),
              Minutes(rng, 360, 510), in.hotel);
    } else {
      b.Visit(PickOne(geo_.VenuesInCity(city, PlaceKind::kPark), rng), b.At(9, 0) + Minutes(rng, 0, 60),
              Minutes(rng, 60, 150), in.hotel);
      b.Visit(PickOne(geo_.VenuesInCity(city, PlaceKind::kShop), rng), b.At(14, 0) + Minutes(rng, 0, 60),
              Minutes(rng, 60, 150), in.hotel);
    }
    if (rng.Bernoulli(0.5)) {
      b.Visit(PickOne(geo_.VenuesInCity(city, PlaceKind::kRestaurant), rng), b.At(18, 0) + Minutes(rng, 0, 60),
              Minutes(rng, 60, 100), in.hotel);
    }
    b.MoveTo(in.hotel, true);
    // No seat home today (sold out): try again tomorrow.
    if (in.return_day <= day) out->return_day = day + 1;
  } else {
    const uint32_t home = p.home;
    if (p.role == Role::kWorker && p.work != kNone && (!weekend || p.weekend_worker)) {
      b.StayUntil(b.At(7, 0) + Minutes(rng, 0, 105));
      if (b.MoveTo(p.work)) {
        if (rng.Bernoulli(0.3) && p.restaurants[1] != kNone) {
          b.StayUntil(b.At(11, 50) + Minutes(rng, 0, 30));
          if (b.MoveTo(p.restaurants[1])) {
            b.StayUntil(b.now() + Minutes(rng, 35, 70));
            b.MoveTo(p.work);
          }
        }
        b.StayUntil(b.At(17, 0) + Minutes(rng, 0, 120));
      }
      const double u = rng.Uniform();
      if (u < 0.25) {
        b.Visit(p.shops[rng.Below(3)], b.now(), Minutes(rng, 20, 60), home);
      } else if (u < 0.4) {
        b.Visit(p.restaurants[0], b.now(), Minutes(rng, 60, 120), home);
      } else if (u < 0.45) {
        b.Visit(p.friend_home, b.now(), Minutes(rng, 60, 180), home);
      }
    } else if (p.role == Role::kStudent && p.work != kNone && !weekend) {
      b.StayUntil(b.At(7, 0) + Minutes(rng, 0, 40));
      if (b.MoveTo(p.work)) b.StayUntil(b.At(16, 0) + Minutes(rng, 0, 90));
      if (rng.Bernoulli(0.1)) b.Visit(p.shops[rng.Below(3)], b.now(), Minutes(rng, 20, 40), home);
    } else {
      const bool homebody = p.role == Role::kHomebody;
      if (rng.Bernoulli(homebody ? 0.35 : 0.15)) {
        b.Visit(p.park, b.At(6, 30) + Minutes(rng, 0, 90), Minutes(rng, 45, 120), home);
      }
      if (rng.Bernoulli(homebody ? 0.55 : 0.45)) {
        b.Visit(p.shops[rng.Below(3)], b.At(9, 0) + Minutes(rng, 0, 120), Minutes(rng, 30, 120), home);
      }
      const bool eat_out = rng.Bernoulli(homebody ? 0.15 : 0.4);
      const bool lunch = rng.Bernoulli(0.5);
      const uint32_t restaurant = p.restaurants[rng.Below(2)];
      if (eat_out && lunch) b.Visit(restaurant, b.At(11, 45) + Minutes(rng, 0, 30), Minutes(rng, 60, 120), home);
      if (rng.Bernoulli(homebody ? 0.08 : 0.2)) {
        b.Visit(p.friend_home, b.At(14, 0) + Minutes(rng, 0, 120), Minutes(rng, 60, 240), home);
      }
      if (eat_out && !lunch) b.Visit(restaurant, b.At(18, 0) + Minutes(rng, 0, 30), Minutes(rng, 60, 120), home);
    }
    b.MoveTo(home, true);
  }
  b.Finish();

  // Isolation: from the report time the person goes to the hospital of the
  // city they are in and stays there.
  if (isolate_at < day_end) {
    auto& segs = plan->segments;
    uint32_t place = in.night_place;
    int64_t now = day_start;
    size_t keep = 0;
    for (; keep < segs.size(); ++keep) {
      Segment& s = segs[keep];
      if (s.end <= isolate_at) continue;
      if (s.start >= isolate_at) break;
      if (s.is_stay) {
        s.end = isolate_at;
      }
      ++keep;
      break;
    }
    segs.resize(keep);
    if (!segs.empty()) {
      place = segs.back().place;
      now = segs.back().end;
    }
    const uint32_t hospital = geo_.cities()[geo_.CityOfPlace(place)].hospital;
    if (place != hospital && now < day_end) {
      const int64_t travel = std::min<int64_t>(
          day_end - now, LocalTravelSeconds(DistanceMetres(geo_.place(place).pos, geo_.place(hospital).pos)));
      Segment move;
      move.start = now;
      move.end = now + travel;
      move.from = place;
      move.place = hospital;
      move.is_stay = false;
      segs.push_back(move);
      now += travel;
    }
    if (now < day_end) {
      if (!segs.empty() && segs.back().is_stay && segs.back().place == hospital) {
        segs.back().end = day_end;
      } else {
        Segment stay;
        stay.start = now;
        stay.end = day_end;
        stay.place = hospital;
        segs.push_back(stay);
      }
    }
    out->isolated = true;
    out->trip_city = kNone;
    out->hotel = kNone;
    out->return_day = -1;
  }
  AssignZones(i, day, plan);
  out->night_place = plan->segments.back().place;
}

void Planner::AssignZones(uint32_t i, int day, DayPlan* plan) const {
  const Person& p = pop_.person(i);
  constexpr uint32_t kOwnRoom = 0x80000000u;
  Rng rng(StreamSeed(params_.seed, {kZones, i, static_cast<uint64_t>(day)}));
  for (Segment& s : plan->segments) {
    if (!s.is_stay) continue;
    const PlaceKind kind = geo_.place(s.place).kind;
    const uint16_t teams = pop_.TeamsAt(s.place);
    switch (kind) {
      case PlaceKind::kHome:
      case PlaceKind::kShop:
      case PlaceKind::kRestaurant:
        s.zone = 0;
        break;
      case PlaceKind::kOffice:
      case PlaceKind::kSchool:
        s.zone = s.place == p.work ? p.team : 1 + static_cast<uint32_t>(rng.Below(std::max<uint16_t>(teams, 1)));
        break;
      case PlaceKind::kHotel:
      case PlaceKind::kHospital:
        s.zone = s.place == p.work ? p.team : kOwnRoom | i;
        break;
      case PlaceKind::kPark:
        s.zone = 1 + static_cast<uint32_t>(rng.Below(8));
        break;
      case PlaceKind::kRailStation:
      case PlaceKind::kCoachStation:
      case PlaceKind::kAirport:
        s.zone = 1 + static_cast<uint32_t>(rng.Below(16));
        break;
    }
  }
}

}  // namespace onecode::sim
