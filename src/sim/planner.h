// Daily life: where each person is, minute by minute, on each simulated day.
//
// A DayPlan is a gap-free sequence of segments covering one local day: stays
// at places and moves between them (local moves, or rides on a scheduled
// train, coach or flight with a seat). Trips between cities are decided by a
// sequential pass over everyone each morning (seat assignment needs a fixed
// order); the plan of one person-day is then a pure function of the seed, the
// person, the day, their whereabouts that morning and their isolation time, so
// plans can be built on many threads and rebuilt identically in a later pass.
#ifndef ONECODE_SIM_PLANNER_H_
#define ONECODE_SIM_PLANNER_H_

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "core/text_buffer.h"
#include "sim/geography.h"
#include "sim/params.h"
#include "sim/population.h"

namespace onecode::sim {

enum class Mode : uint8_t { kLocal, kTrain, kCoach, kFlight };
std::string_view ModeName(Mode mode);  // "train", "coach", "flight" ("local")

// Scheduled services between every ordered pair of cities. A service id
// encodes (from city, to city, mode, departure slot); a vehicle on a date is
// the pair (service, local date).
class Timetable {
 public:
  explicit Timetable(const Geography& geo);

  struct Service {
    uint32_t from_city, to_city;
    Mode mode;
    int64_t departure_offset;  // seconds after local midnight
    int64_t duration;          // seconds
  };
  // Departure slots a mode offers (same for every pair that has the mode).
  static std::span<const int> SlotHours(Mode mode);
  // Modes offered between two cities, by distance.
  bool Offers(uint32_t from_city, uint32_t to_city, Mode mode) const;
  uint32_t ServiceId(uint32_t from_city, uint32_t to_city, Mode mode, int slot) const;
  Service Info(uint32_t service) const;
  double DistanceKm(uint32_t from_city, uint32_t to_city) const;

  // "G123", "CA1042", "B317".
  void AppendVehicle(TextBuffer& out, uint32_t service) const;
  static int SeatCapacity(Mode mode);
  // Train/coach: "CC-RRL"; flight: "RRL".
  static void AppendSeat(TextBuffer& out, Mode mode, int seat);
  // Carriage (0 for coaches and flights) and row (1-based) of a seat.
  static void SeatPosition(Mode mode, int seat, int* carriage, int* row);
  // The station a mode uses in a city.
  uint32_t StationOf(uint32_t city, Mode mode) const;

 private:
  const Geography* geo_;
  uint32_t n_cities_;
};

struct Segment {
  int64_t start = 0, end = 0;   // UTC seconds, [start, end)
  uint32_t place = kNone;       // stay: where; move: destination
  uint32_t from = kNone;        // move: origin; stay: kNone
  uint32_t service = kNone;     // ride: the service; local move or stay: kNone
  uint16_t seat = 0;
  Mode mode = Mode::kLocal;
  // Stays: the part of the place (0 = all of it): a team at work, a waiting
  // hall at a station, a guest's own hotel room. People are close only when
  // they share place and zone.
  uint32_t zone = 0;
  bool is_stay = true;
};

struct DayPlan {
  std::vector<Segment> segments;
};

// A person's state carried from one day to the next.
struct Whereabouts {
  uint32_t night_place = kNone;  // where the day starts
  uint32_t trip_city = kNone;    // city visited, when away
  uint32_t hotel = kNone;
  int32_t return_day = -1;       // day index of the trip home
  bool isolated = false;         // in a hospital until the end of the simulation
};

// One ride decided by the morning pass.
struct Ride {
  uint32_t service = kNone;
  uint16_t seat = 0;
  bool outbound = true;          // leaving home (true) or coming back (false)
  uint32_t dest_city = kNone;    // outbound: the city visited
  uint32_t hotel = kNone;
  int32_t return_day = -1;
};

class Planner {
 public:
  Planner(const SimParams& params, const Geography& geo, const Population& pop, const Timetable& timetable);

  int64_t DayStart(int day) const;  // UTC instant local day `day` (0-based) begins

  // Decides the rides of day `day` for everyone, in person order. `isolate_at`
  // is each person's report time (INT64_MAX if none). Fills `rides` (indexed
  // by person; service == kNone when no ride).
  void PlanRides(int day, std::span<const Whereabouts> where, std::span<const int64_t> isolate_at,
                 std::vector<Ride>* rides) const;

  // The plan of person `i` on day `day`, and their whereabouts the next
  // morning. Pure; thread-safe.
  void PlanDay(uint32_t i, int day, const Whereabouts& in, const Ride& ride, int64_t isolate_at, DayPlan* plan,
               Whereabouts* out) const;

  const Timetable& timetable() const { return *timetable_; }

 private:
  void AssignZones(uint32_t i, int day, DayPlan* plan) const;
  const SimParams& params_;
  const Geography& geo_;
  const Population& pop_;
  const Timetable* timetable_;
};

}  // namespace onecode::sim

#endif  // ONECODE_SIM_PLANNER_H_
