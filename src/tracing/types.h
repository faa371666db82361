// Input and output types of the tracing engine ("collision"): positioned
// intervals (stays, or raw operator records for the plain rule), transport
// trips, venue scans and case windows in; contact edges with their evidence
// out. Plain data, numbered by dense person index; the pipeline layer fills
// them from the store (pipeline/trace_run.h), the benchmark synthesises them.
#ifndef ONECODE_TRACING_TYPES_H_
#define ONECODE_TRACING_TYPES_H_

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace onecode::tracing {

// Where people were: one row per stay (or per raw record), columnar, sorted by
// (person, start). `offsets` is the CSR index: the rows of person p are
// [offsets[p], offsets[p+1]).
struct PositionTable {
  std::vector<uint32_t> person;
  std::vector<uint32_t> start, end;  // UTC seconds, [start, end)
  std::vector<float> lon, lat;       // degrees
  std::vector<float> radius_m;       // uncertainty radius (0 for a raw tower position)
  std::vector<uint32_t> offsets;     // size persons + 1
  // Optional (empty, or one per row): the venue the person scanned during
  // the row (dense venue index), kNoVenue when none.
  std::vector<uint32_t> venue;
  static constexpr uint32_t kNoVenue = UINT32_MAX;
  // Optional (empty, or one per row / per person): whether the row is at the
  // person's home, and each person's home position (NaN when unknown).
  std::vector<uint8_t> at_home;
  std::vector<float> home_lon, home_lat;

  size_t size() const { return person.size(); }
  uint32_t persons() const { return offsets.empty() ? 0 : static_cast<uint32_t>(offsets.size() - 1); }
  void Append(uint32_t p, uint32_t s, uint32_t e, float x, float y, float r) {
    person.push_back(p), start.push_back(s), end.push_back(e), lon.push_back(x), lat.push_back(y),
        radius_m.push_back(r);
  }
  // Builds `offsets` for `persons` persons. REQUIRES: rows sorted by person.
  void Finish(uint32_t persons);
};

enum class TripMode : uint8_t { kFlight, kTrain, kCoach };

// One passenger on one transport service (a manifest row).
struct Trip {
  uint32_t person = 0;
  uint32_t service = 0;  // dense id of (vehicle, local date)
  TripMode mode = TripMode::kTrain;
  int32_t carriage = 0;  // train/coach carriage; 0 for flights
  int32_t row = 0;       // seat row
  int64_t dep = 0, arr = 0;
};

struct Scan {
  uint32_t person = 0;
  uint32_t venue = 0;  // dense venue index
  int64_t time = 0;
};

struct VenueInfo {
  double lon = 0, lat = 0;
};

// A case to trace: a confirmed or asymptomatic case with its infectious
// window, already clipped to the lookback period.
struct CaseWindow {
  uint32_t id = 0;      // caller's case number (index into its case list)
  uint32_t person = 0;  // dense person index
  int64_t from = 0, to = 0;
};

enum class ContactKind : uint8_t {
  kColocation = 0,       // same grid cell, cumulative >= min minutes (first degree)
  kCotravelClose = 1,    // same flight within N rows, or same carriage (first degree)
  kVenue = 2,            // scans at the same venue within +-window (first degree)
  kCotravelVehicle = 3,  // same vehicle, not close (weaker; not a close contact)
  kVenueSuspect = 4,     // venue co-scan contradicted by location records (not counted)
  kSecondDegree = 5,     // a close contact of a close contact
};
inline constexpr int kContactKinds = 6;
std::string_view KindName(ContactKind kind);
bool ParseKind(std::string_view name, ContactKind* kind);
// First-degree close contact kinds: colocation, cotravel_close, venue.
inline bool IsCloseKind(ContactKind k) { return static_cast<int>(k) <= 2; }

// One edge: `person` was in contact with case `case_id` (through `via` for
// second degree) — with the evidence: where, when and for how long.
// Packed into 32 bytes (a big city's trace holds tens of millions): times are
// UTC seconds as in PositionTable (valid until 2106), minutes saturate at
// 65,535 (45 days; a trace looks back 14).
struct Edge {
  uint32_t case_id = 0;
  uint32_t person = 0;
  uint32_t via = UINT32_MAX;  // second degree: the close contact in between
  uint16_t minutes = 0;       // cumulative minutes together (scans: 0)
  ContactKind kind = ContactKind::kColocation;
  ContactKind via_kind = ContactKind::kColocation;  // second degree: how person met via
  uint64_t where = 0;           // grid cell key (colocation), service id (cotravel), venue index (venue)
  uint32_t start = 0, end = 0;  // first and last moment together

  friend bool operator==(const Edge&, const Edge&) = default;
};
static_assert(sizeof(Edge) == 32);

// Edge::minutes of a span in seconds (saturating).
inline uint16_t EdgeMinutes(int64_t seconds) {
  return static_cast<uint16_t>(std::clamp<int64_t>(seconds / 60, 0, UINT16_MAX));
}
// Edge::start/end of a UTC time in seconds (clamped to the 32-bit range).
inline uint32_t EdgeTime(int64_t t) { return static_cast<uint32_t>(std::clamp<int64_t>(t, 0, UINT32_MAX)); }

// Orders edges by (case, kind, person, via, where, start).
bool EdgeLess(const Edge& a, const Edge& b);

}  // namespace onecode::tracing

#endif  // ONECODE_TRACING_TYPES_H_
