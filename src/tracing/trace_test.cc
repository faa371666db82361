// Tests of the tracing engine on small hand-made cases whose answer is known:
// one test per behaviour, each checking kind, person, minutes, start/end and
// where of every edge. Plus the case window of the pipeline layer and two
// whole-table checks (thread count does not change the edges; the plain rule
// equals a brute-force join).
#include "tracing/trace.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "core/geo.h"
#include "core/grid.h"
#include "core/id_index.h"
#include "core/random.h"
#include "pipeline/trace_run.h"

namespace onecode::tracing {

// Readable failure messages (gtest finds it through the argument's namespace;
// internal linkage, so no other test can clash with it).
static void PrintTo(const Edge& e, std::ostream* os) {
  *os << "{case " << e.case_id << ", person " << e.person << ", " << KindName(e.kind) << ", via " << e.via << " "
      << KindName(e.via_kind) << ", where " << e.where << ", " << e.start << ".." << e.end << ", " << e.minutes
      << " min}";
}

namespace {

constexpr int64_t kMin = 60, kHour = 3600, kDay = 86400;
constexpr int64_t t0 = 1'764'000'000;  // 2025-11-24T16:00:00Z; any time that fits the uint32 columns
constexpr uint32_t kNone = PositionTable::kNoVenue;

// A cell well inside a city at latitude 30.66 and points placed relative to its centre.
struct Place {
  Grid grid{800};
  GridCell cell = grid.CellOf(LonLat{104.06, 30.66});
  LonLat centre = grid.Centre(cell);
  // `east_m` / `north_m` metres from the centre of the cell.
  LonLat At(double east_m, double north_m = 0) const { return OffsetMetres(centre, east_m, north_m); }
  // `m` metres west (negative) or east (positive) of the cell's east border, at the centre's latitude.
  LonLat FromEastBorder(double m) const {
    const double east = grid.Bounds(cell).east;
    return OffsetMetres(LonLat{east, centre.lat}, m, 0);
  }
  uint64_t Key(int32_t dcol = 0) const { return GridCell{cell.row, cell.col + dcol}.Pack(); }
};

struct Row {
  uint32_t person;
  int64_t start, end;
  LonLat at;
  float radius_m = 50;
  uint32_t venue = kNone;
  bool at_home = false;
};

// A position table of `persons` persons from rows in any order. `homes`
// (empty, or one per person) fills the home columns.
PositionTable MakeTable(std::vector<Row> rows, uint32_t persons, const std::vector<LonLat>& homes = {}) {
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return std::tie(a.person, a.start) < std::tie(b.person, b.start); });
  PositionTable t;
  for (const Row& r : rows) {
    t.Append(r.person, static_cast<uint32_t>(r.start), static_cast<uint32_t>(r.end), static_cast<float>(r.at.lon),
             static_cast<float>(r.at.lat), r.radius_m);
    t.venue.push_back(r.venue);
    t.at_home.push_back(r.at_home ? 1 : 0);
  }
  if (!homes.empty()) {
    for (const LonLat& h : homes) {
      t.home_lon.push_back(static_cast<float>(h.lon));
      t.home_lat.push_back(static_cast<float>(h.lat));
    }
  }
  t.Finish(persons);
  return t;
}

std::vector<Edge> TraceCases(const PositionTable& t, std::vector<CaseWindow> cases, const TraceParams& params = {},
                      std::span<const Trip> trips = {}, std::span<const Scan> scans = {},
                      std::span<const VenueInfo> venues = {}) {
  TraceInput in{&t, trips, scans, venues};
  return Trace(in, cases, params, 1, nullptr);
}

Edge Expect(uint32_t case_id, uint32_t person, ContactKind kind, uint64_t where, int64_t start, int64_t end,
            int32_t minutes) {
  Edge e;
  e.case_id = case_id, e.person = person, e.kind = kind, e.where = where;
  e.start = static_cast<uint32_t>(start), e.end = static_cast<uint32_t>(end);
  e.minutes = static_cast<uint16_t>(minutes);
  return e;
}

// --- Co-location -------------------------------------------------------------

TEST(ColocationTest, TenMinutesCountNineDoNotAndTimeAddsUpInsideTheWindowOnly) {
  const Place pl;
  const CaseWindow case0{0, 0, t0, t0 + 2 * kDay};
  const CaseWindow case1{1, 8, t0, t0 + 2 * kDay};
  const PositionTable t = MakeTable(
      {
          // The case (person 0): three stays in the cell; the last straddles its window's end.
          {0, t0 + 1 * kHour, t0 + 2 * kHour, pl.centre},
          {0, t0 + 5 * kHour, t0 + 6 * kHour, pl.centre},
          {0, t0 + 2 * kDay - 10 * kMin, t0 + 2 * kDay + kHour, pl.centre},
          // 10 minutes with the case: a contact.
          {1, t0 + 2 * kHour - 10 * kMin, t0 + 3 * kHour, pl.At(100)},
          // 9 minutes: not.
          {2, t0 + 2 * kHour - 9 * kMin, t0 + 3 * kHour, pl.At(-100)},
          // 6 + 6 minutes in two separate overlaps: a contact with 12 minutes.
          {3, t0 + 2 * kHour - 6 * kMin, t0 + 2 * kHour + 30 * kMin, pl.At(0, 100)},
          {3, t0 + 5 * kHour - 30 * kMin, t0 + 5 * kHour + 6 * kMin, pl.At(0, 100)},
          // With the case only after its window ends: not.
          {4, t0 + 2 * kDay, t0 + 2 * kDay + kHour, pl.centre},
          // 10 minutes inside the window (and an hour after it): a contact, clipped at the window's end.
          {5, t0 + 2 * kDay - 10 * kMin, t0 + 2 * kDay + kHour, pl.centre},
          // At the same time two cells east, and in the next cell's centre: not.
          {6, t0 + 1 * kHour, t0 + 2 * kHour, pl.At(1600)},
          {7, t0 + 1 * kHour, t0 + 2 * kHour, pl.At(800)},
          // Another case (person 8), 30 minutes with person 0.
          {8, t0 + 5 * kHour, t0 + 5 * kHour + 30 * kMin, pl.At(50, 50)},
      },
      9);
  const std::vector<Edge> edges = TraceCases(t, {case0, case1});
  const auto C = ContactKind::kColocation;
  const std::vector<Edge> want = {
      Expect(0, 1, C, pl.Key(), t0 + 2 * kHour - 10 * kMin, t0 + 2 * kHour, 10),
      Expect(0, 3, C, pl.Key(), t0 + 2 * kHour - 6 * kMin, t0 + 5 * kHour + 6 * kMin, 12),
      Expect(0, 5, C, pl.Key(), t0 + 2 * kDay - 10 * kMin, t0 + 2 * kDay, 10),
      Expect(0, 8, C, pl.Key(), t0 + 5 * kHour, t0 + 5 * kHour + 30 * kMin, 30),
      // Case 1 meets case 0 (a case can be another's contact) but never itself.
      Expect(1, 0, C, pl.Key(), t0 + 5 * kHour, t0 + 5 * kHour + 30 * kMin, 30),
  };
  EXPECT_EQ(edges, want);
}

// Trace places rows in cells through a table of column widths over the
// latitudes of a sample of the rows; a row outside that range (here a case and
// its contact 15 degrees north of 200,000 other rows, at rows the sample skips)
// is still placed in its exact cell, with and without the border rule.
TEST(ColocationTest, RowsFarFromTheRestAreStillPlacedExactly) {
  const Place pl;
  const Grid grid(800);
  const LonLat north{104.06, 45.66};
  std::vector<Row> rows;
  // 200,000 persons of one row each around the base cell; persons 100,000
  // (the case) and 100,001 in the north, at rows 100,000 and 100,001, which a
  // sample of every third row (200,002 rows / 65,536) skips.
  constexpr uint32_t kCase = 100'000, kPersons = 200'002;
  for (uint32_t p = 0; p < kPersons; ++p) {
    if (p != kCase && p != kCase + 1) rows.push_back({p, t0 + 3 * kDay, t0 + 3 * kDay + kHour, pl.At(p % 700, 0)});
  }
  rows.push_back({kCase, t0, t0 + kHour, north, 50});
  rows.push_back({kCase + 1, t0 + 30 * kMin, t0 + 2 * kHour, OffsetMetres(north, 20, 0), 50});
  const PositionTable t = MakeTable(rows, kPersons);
  const size_t stride = t.size() / 65536;
  ASSERT_EQ(stride, 3u);
  ASSERT_TRUE(kCase % stride != 0 && (kCase + 1) % stride != 0 && kCase + 1 != t.size() - 1);
  const uint64_t want = grid.CellOf(north).Pack();
  ASSERT_EQ(grid.CellOf(OffsetMetres(north, 20, 0)).Pack(), want) << "the test needs both in one cell";
  for (double border : {0.0, 200.0}) {
    TraceParams p;
    p.border_max_m = border;
    const auto edges = TraceCases(t, {{0, kCase, t0, t0 + kDay}}, p);
    ASSERT_EQ(edges.size(), 1u) << "border " << border;
    EXPECT_EQ(edges[0], Expect(0, kCase + 1, ContactKind::kColocation, want, t0 + 30 * kMin, t0 + kHour, 30));
  }
}

TEST(ColocationTest, MinMinutesIsAParameter) {
  const Place pl;
  const PositionTable t = MakeTable({{0, t0, t0 + kHour, pl.centre}, {1, t0 + kHour - 9 * kMin, t0 + 2 * kHour, pl.centre}}, 2);
  TraceParams p;
  EXPECT_TRUE(TraceCases(t, {{0, 0, t0, t0 + kDay}}, p).empty());
  p.min_minutes = 9;
  const auto edges = TraceCases(t, {{0, 0, t0, t0 + kDay}}, p);
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges[0].minutes, 9);
}

TEST(ColocationTest, AStayNearACellBorderCountsInTheCellAcrossIt) {
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  // Person 1: 50 m west of the east border (in the base cell) with a 300 m
  // radius; the case 50 m east of it (in the next cell) with a 20 m radius.
  // Person 2 mirrors it: the case's side is uncertain, person 2's is not.
  const PositionTable t = MakeTable(
      {
          {0, t0 + kHour, t0 + 2 * kHour, pl.FromEastBorder(50), 20},
          {0, t0 + 4 * kHour, t0 + 5 * kHour, pl.FromEastBorder(-50), 300},
          {1, t0 + kHour, t0 + 2 * kHour, pl.FromEastBorder(-50), 300},
          {2, t0 + 4 * kHour, t0 + 5 * kHour, pl.FromEastBorder(50), 20},
          // 250 m west of the border with 300 m: the reach (min(150, 200) m) does not cross.
          {3, t0 + kHour, t0 + 2 * kHour, pl.FromEastBorder(-250), 300},
          // Both uncertain, both in both cells: the hour together counts once, not once per cell.
          {4, t0 + 4 * kHour, t0 + 5 * kHour, pl.FromEastBorder(50), 300},
      },
      5);
  const auto C = ContactKind::kColocation;
  EXPECT_EQ(TraceCases(t, {c}), (std::vector<Edge>{Expect(0, 1, C, pl.Key(1), t0 + kHour, t0 + 2 * kHour, 60),
                                                   Expect(0, 2, C, pl.Key(1), t0 + 4 * kHour, t0 + 5 * kHour, 60),
                                                   Expect(0, 4, C, pl.Key(1), t0 + 4 * kHour, t0 + 5 * kHour, 60)}));
  TraceParams no_border;
  no_border.border_max_m = 0;
  EXPECT_TRUE(TraceCases(t, {c}, no_border).empty());
  TraceParams wide;
  wide.border_max_m = 300;
  wide.border_radius_share = 1;
  const auto edges = TraceCases(t, {c}, wide);
  ASSERT_EQ(edges.size(), 4u);
  EXPECT_EQ(edges[2].person, 3u);
}

TEST(ColocationTest, StaysThatScannedDifferentVenuesNeverCount) {
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  const PositionTable t = MakeTable(
      {
          {0, t0 + kHour, t0 + 3 * kHour, pl.centre, 50, /*venue=*/0},
          {1, t0 + kHour, t0 + 3 * kHour, pl.At(100), 50, /*venue=*/1},  // the shop next door
          {2, t0 + kHour, t0 + 3 * kHour, pl.At(100), 50, /*venue=*/0},  // the same restaurant
          {3, t0 + kHour, t0 + 3 * kHour, pl.At(100), 50},               // scanned nothing
      },
      4);
  const auto C = ContactKind::kColocation;
  EXPECT_EQ(TraceCases(t, {c}), (std::vector<Edge>{Expect(0, 2, C, pl.Key(), t0 + kHour, t0 + 3 * kHour, 120),
                                             Expect(0, 3, C, pl.Key(), t0 + kHour, t0 + 3 * kHour, 120)}));
  TraceParams off;
  off.venue_exclusion = false;
  const auto edges = TraceCases(t, {c}, off);
  ASSERT_EQ(edges.size(), 3u);
  EXPECT_EQ(edges[0].person, 1u);
}

TEST(ColocationTest, AStayPinnedToAVenueMeetsOpenStaysWithinTheirRadiusOfIt) {
  // The case scanned the restaurant (pinned, exact); diners who did not scan
  // have estimates 1.1 km off, in the next cell and beyond both rows' border
  // reach (mid-cell, not on a border, so no rounding decides it), with radii
  // of 1.5 km and 1 km.
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  const PositionTable t = MakeTable(
      {
          {0, t0 + kHour, t0 + 2 * kHour, pl.centre, 300, /*venue=*/0},
          {1, t0 + kHour, t0 + 2 * kHour, pl.At(1100), 1500},  // within its radius of the venue
          {2, t0 + kHour, t0 + 2 * kHour, pl.At(1100), 1000},  // not: 1.1 km > 1 km
          {3, t0 + kHour, t0 + 2 * kHour, pl.At(1100), 1500, /*venue=*/1},  // pinned elsewhere
          {4, t0 + 3 * kHour, t0 + 4 * kHour, pl.At(1100), 1500},  // there later
      },
      5);
  const auto C = ContactKind::kColocation;
  TraceParams p;
  p.venue_reach_m = 2500;
  EXPECT_EQ(TraceCases(t, {c}, p), (std::vector<Edge>{Expect(0, 1, C, pl.Key(), t0 + kHour, t0 + 2 * kHour, 60)}));
  p.venue_reach_m = 1000;  // the reach caps the radius
  EXPECT_TRUE(TraceCases(t, {c}, p).empty());
  p.venue_reach_m = 0;
  EXPECT_TRUE(TraceCases(t, {c}, p).empty());
  // And the other way round: a contact pinned to the venue meets a case whose
  // open estimate lies within the case's radius of it.
  const PositionTable u = MakeTable(
      {
          {0, t0 + kHour, t0 + 2 * kHour, pl.At(1100), 1500},
          {1, t0 + kHour, t0 + 2 * kHour, pl.centre, 300, /*venue=*/0},
      },
      2);
  p.venue_reach_m = 2500;
  EXPECT_EQ(TraceCases(u, {c}, p), (std::vector<Edge>{Expect(0, 1, C, GridCell{pl.cell.row, pl.cell.col + 1}.Pack(),
                                                           t0 + kHour, t0 + 2 * kHour, 60)}));
}

TEST(ColocationTest, NeighboursEachAtTheirOwnHomeAreNotContacts) {
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  const LonLat home0 = pl.At(-250), home1 = pl.At(250), home3 = pl.At(-250, 40);
  const LonLat nowhere{NAN, NAN};
  // 500 m apart, same cell, the whole night.
  const PositionTable t = MakeTable(
      {
          {0, t0, t0 + 8 * kHour, home0, 50, kNone, /*at_home=*/true},
          {1, t0, t0 + 8 * kHour, home1, 50, kNone, true},
          {2, t0, t0 + 8 * kHour, home1, 50, kNone, false},  // a visitor at person 1's: not at own home
          {3, t0, t0 + 8 * kHour, home3, 50, kNone, true},   // lives 40 m away: same building
      },
      4, {home0, home1, nowhere, home3});
  const auto C = ContactKind::kColocation;
  EXPECT_EQ(TraceCases(t, {c}), (std::vector<Edge>{Expect(0, 2, C, pl.Key(), t0, t0 + 8 * kHour, 480),
                                             Expect(0, 3, C, pl.Key(), t0, t0 + 8 * kHour, 480)}));
  TraceParams off;
  off.home_match_m = 0;
  const auto edges = TraceCases(t, {c}, off);
  ASSERT_EQ(edges.size(), 3u);
  EXPECT_EQ(edges[0].person, 1u);
}

TEST(ColocationTest, MaxPairDistanceSeparatesStaysInTheSameCell) {
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  const PositionTable t = MakeTable(
      {
          {0, t0, t0 + kHour, pl.At(-200)},
          {1, t0, t0 + kHour, pl.At(50)},   // 250 m from the case
          {2, t0, t0 + kHour, pl.At(200)},  // 400 m
      },
      3);
  EXPECT_EQ(TraceCases(t, {c}).size(), 2u);
  TraceParams p;
  p.max_pair_distance_m = 300;
  const auto edges = TraceCases(t, {c}, p);
  ASSERT_EQ(edges.size(), 1u);
  EXPECT_EQ(edges[0].person, 1u);
}

// --- Co-travel ---------------------------------------------------------------

TEST(CotravelTest, FlightRowsAndTrainCarriagesMakeCloseOrVehicleContacts) {
  const CaseWindow c{0, 0, t0, t0 + 2 * kDay};
  const PositionTable t = MakeTable({}, 9);
  auto trip = [](uint32_t person, uint32_t service, TripMode mode, int32_t carriage, int32_t row, int64_t dep,
                 int64_t arr) { return Trip{person, service, mode, carriage, row, dep, arr}; };
  const int64_t fd = t0 + 3 * kHour, fa = t0 + 5 * kHour, td = t0 + 8 * kHour, ta = t0 + 10 * kHour;
  const std::vector<Trip> trips = {
      // Flight 10: the case in row 10.
      trip(0, 10, TripMode::kFlight, 0, 10, fd, fa),
      trip(1, 10, TripMode::kFlight, 0, 13, fd, fa),  // 3 rows behind: close
      trip(2, 10, TripMode::kFlight, 0, 15, fd, fa),  // 5 rows: the same vehicle only
      trip(5, 10, TripMode::kFlight, 0, 7, fd, fa),   // 3 rows ahead: close
      // Train 11: the case in carriage 3.
      trip(0, 11, TripMode::kTrain, 3, 5, td, ta),
      trip(3, 11, TripMode::kTrain, 3, 12, td, ta),                  // same carriage: close
      trip(4, 11, TripMode::kTrain, 4, 5, td, ta),                   // next carriage: vehicle
      trip(7, 11, TripMode::kTrain, 3, 1, td + kHour, ta + kHour),   // boards later: close, one hour
      // Flight 12 departs after the case's window: nothing.
      trip(0, 12, TripMode::kFlight, 0, 1, t0 + 3 * kDay, t0 + 3 * kDay + kHour),
      trip(6, 12, TripMode::kFlight, 0, 1, t0 + 3 * kDay, t0 + 3 * kDay + kHour),
      // Another person on flight 10 on someone else's service id (another date): nothing.
      trip(8, 13, TripMode::kFlight, 0, 10, fd, fa),
  };
  const auto Close = ContactKind::kCotravelClose, Vehicle = ContactKind::kCotravelVehicle;
  const std::vector<Edge> want = {
      Expect(0, 1, Close, 10, fd, fa, 120),
      Expect(0, 3, Close, 11, td, ta, 120),
      Expect(0, 5, Close, 10, fd, fa, 120),
      Expect(0, 7, Close, 11, td + kHour, ta, 60),
      Expect(0, 2, Vehicle, 10, fd, fa, 120),
      Expect(0, 4, Vehicle, 11, td, ta, 120),
  };
  EXPECT_EQ(TraceCases(t, {c}, {}, trips), want);
  TraceParams p;
  p.flight_rows = 5;
  const auto wider = TraceCases(t, {c}, p, trips);
  EXPECT_EQ(std::count_if(wider.begin(), wider.end(), [](const Edge& e) { return e.kind == ContactKind::kCotravelClose; }),
            5);
}

// --- Venue -------------------------------------------------------------------

TEST(VenueTest, ScansWithinThirtyMinutesAreContactsAndAForwardedPhotoIsSuspect) {
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  const LonLat v0 = pl.centre, v1 = pl.At(3000, 3000);
  const std::vector<VenueInfo> venues = {{v0.lon, v0.lat}, {v1.lon, v1.lat}};
  const int64_t T = t0 + 10 * kHour;
  const PositionTable t = MakeTable(
      {
          {0, t0 + 9 * kHour, t0 + 12 * kHour, v0},
          // Person 3's own stay at the scan time is 10 km away.
          {3, t0 + 9 * kHour, t0 + 12 * kHour, pl.At(10000), 200},
      },
      5);
  const std::vector<Scan> scans = {
      {0, 0, T},
      {1, 0, T + 30 * kMin},  // venue contact
      {2, 0, T + 40 * kMin},  // too late
      {3, 0, T + 10 * kMin},  // a forwarded photo: suspect
      {4, 1, T},              // another venue
  };
  const std::vector<Edge> want = {
      Expect(0, 1, ContactKind::kVenue, 0, T, T + 30 * kMin, 0),
      Expect(0, 3, ContactKind::kVenueSuspect, 0, T, T + 10 * kMin, 0),
  };
  EXPECT_EQ(TraceCases(t, {c}, {}, {}, scans, venues), want);
  EXPECT_TRUE(ScanContradicted(t, 3, T + 10 * kMin, v0.lon, v0.lat, TraceParams{}));
  EXPECT_FALSE(ScanContradicted(t, 0, T, v0.lon, v0.lat, TraceParams{}));
  EXPECT_FALSE(ScanContradicted(t, 1, T, v0.lon, v0.lat, TraceParams{}));  // no records: no evidence
}

TEST(VenueTest, TheCasesOwnContradictedScanMakesNoContacts) {
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  const LonLat v0 = pl.centre;
  const std::vector<VenueInfo> venues = {{v0.lon, v0.lat}};
  const int64_t T = t0 + 10 * kHour;
  const PositionTable t = MakeTable(
      {
          {0, t0 + 9 * kHour, t0 + 12 * kHour, pl.At(10000), 200},  // the case was 10 km away
          {1, t0 + 9 * kHour, t0 + 12 * kHour, v0},
      },
      2);
  const std::vector<Scan> scans = {{0, 0, T}, {1, 0, T + 5 * kMin}};
  EXPECT_TRUE(TraceCases(t, {c}, {}, {}, scans, venues).empty());
  // The same scan with the case's stay at the venue is a contact.
  const PositionTable there = MakeTable({{0, t0 + 9 * kHour, t0 + 12 * kHour, pl.At(300)}, {1, t0 + 13 * kHour, t0 + 14 * kHour, v0}}, 2);
  EXPECT_EQ(TraceCases(there, {c}, {}, {}, scans, venues),
            (std::vector<Edge>{Expect(0, 1, ContactKind::kVenue, 0, T, T + 5 * kMin, 0)}));
}

// --- Second degree -----------------------------------------------------------

TEST(SecondDegreeTest, ContactsOfCloseContactsAfterTheirContactOnly) {
  const Place pl;
  const CaseWindow a{0, 0, t0, t0 + 2 * kDay};
  const LonLat x = pl.centre, y = pl.At(3200), z = pl.At(0, 3200);
  const PositionTable t = MakeTable(
      {
          {0, t0 + 1 * kHour, t0 + 2 * kHour, x},                 // case A
          {1, t0 + 10 * kMin, t0 + 50 * kMin, y},                 // B with D, before meeting A
          {1, t0 + 1 * kHour, t0 + 2 * kHour, x},                 // B with A (and E)
          {1, t0 + 5 * kHour, t0 + 6 * kHour, z},                 // B with C, after
          {2, t0 + 5 * kHour + 15 * kMin, t0 + 7 * kHour, z},     // C
          {3, t0, t0 + 55 * kMin, y},                             // D
          {4, t0 + 1 * kHour, t0 + 2 * kHour, x},                 // E: with A (and B)
          {4, t0 + 5 * kHour, t0 + 5 * kHour + 30 * kMin, z},     // E: also with B, and 15 min with C
      },
      5);
  TraceInput in{&t, {}, {}, {}};
  const std::vector<CaseWindow> cases = {a};
  const std::vector<Edge> first = Trace(in, cases, TraceParams{}, 1, nullptr);
  const auto C = ContactKind::kColocation;
  ASSERT_EQ(first, (std::vector<Edge>{Expect(0, 1, C, pl.Key(), t0 + kHour, t0 + 2 * kHour, 60),
                                      Expect(0, 4, C, pl.Key(), t0 + kHour, t0 + 2 * kHour, 60)}));
  const std::vector<Edge> second = TraceSecondDegree(in, first, cases, TraceParams{}, 1);
  // C met B (45 min) and E (15 min): one edge, via the one with most minutes. D met B
  // only before B's contact; E is a close contact, never second degree; A is the case.
  Edge want = Expect(0, 2, ContactKind::kSecondDegree, pl.grid.CellOf(z).Pack(), t0 + 5 * kHour + 15 * kMin,
                     t0 + 6 * kHour, 45);
  want.via = 1;
  want.via_kind = C;
  EXPECT_EQ(second, std::vector<Edge>{want});

  TraceParams zero_days;
  zero_days.second_degree_days = 0;
  // B's window ends with A's window; C met B within it: still found.
  EXPECT_EQ(TraceSecondDegree(in, first, cases, zero_days, 1).size(), 1u);
  TraceParams chengdu;
  chengdu.mode = ColocationMode::kChengdu;
  EXPECT_TRUE(TraceSecondDegree(in, first, cases, chengdu, 1).empty());
}

TEST(SecondDegreeTest, OnlyBeforeTheContactIsNothing) {
  const Place pl;
  const CaseWindow a{0, 0, t0 + kDay, t0 + 3 * kDay};
  const LonLat x = pl.centre, y = pl.At(3200);
  const PositionTable t = MakeTable(
      {
          {0, t0 + kDay + kHour, t0 + kDay + 2 * kHour, x},
          {1, t0 + 2 * kHour, t0 + 5 * kHour, y},  // B with C the day before meeting A
          {1, t0 + kDay + kHour, t0 + kDay + 2 * kHour, x},
          {2, t0 + 2 * kHour, t0 + 5 * kHour, y},
      },
      3);
  TraceInput in{&t, {}, {}, {}};
  const std::vector<CaseWindow> cases = {a};
  const std::vector<Edge> first = Trace(in, cases, TraceParams{}, 1, nullptr);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(TraceSecondDegree(in, first, cases, TraceParams{}, 1).empty());
}

TEST(SecondDegreeTest, OnlyTimeAfterTheContactCountsAndAnyCloseKindLeadsOn) {
  const Place pl;
  const CaseWindow a{0, 0, t0 + kDay, t0 + 3 * kDay};
  const LonLat y = pl.At(3200);
  const int64_t dep = t0 + kDay + kHour, arr = t0 + kDay + 2 * kHour;
  // A and B share a train carriage; B is with F before and after the train.
  const std::vector<Trip> trips = {{0, 5, TripMode::kTrain, 2, 1, dep, arr}, {1, 5, TripMode::kTrain, 2, 9, dep, arr}};
  const PositionTable t = MakeTable(
      {
          {1, t0 + kDay, dep, y},
          {1, arr, t0 + kDay + 5 * kHour, y},
          {2, t0 + kDay, t0 + kDay + 5 * kHour, y},
      },
      3);
  TraceInput in{&t, trips, {}, {}};
  const std::vector<CaseWindow> cases = {a};
  const std::vector<Edge> first = Trace(in, cases, TraceParams{}, 1, nullptr);
  ASSERT_EQ(first, (std::vector<Edge>{Expect(0, 1, ContactKind::kCotravelClose, 5, dep, arr, 60)}));
  Edge want = Expect(0, 2, ContactKind::kSecondDegree, pl.grid.CellOf(y).Pack(), arr, t0 + kDay + 5 * kHour, 180);
  want.via = 1;
  want.via_kind = ContactKind::kColocation;
  EXPECT_EQ(TraceSecondDegree(in, first, cases, TraceParams{}, 1), std::vector<Edge>{want});
}

// --- The plain Chengdu rule --------------------------------------------------

TEST(ChengduModeTest, RawRecordsTenMinutesInTheTowersCell) {
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  TraceParams p;
  p.mode = ColocationMode::kChengdu;
  const PositionTable t = MakeTable(
      {
          {0, t0 + kHour, t0 + 2 * kHour, pl.centre, 1500},
          {1, t0 + 2 * kHour - 10 * kMin, t0 + 3 * kHour, pl.At(300), 1500},
          {2, t0 + 2 * kHour - 9 * kMin, t0 + 3 * kHour, pl.At(300), 1500},
          // Across the border: the tower's cell alone counts, whatever its radius.
          {3, t0 + kHour, t0 + 2 * kHour, pl.FromEastBorder(50), 1500},
      },
      4);
  EXPECT_EQ(TraceCases(t, {c}, p), (std::vector<Edge>{Expect(0, 1, ContactKind::kColocation, pl.Key(),
                                                      t0 + 2 * kHour - 10 * kMin, t0 + 2 * kHour, 10)}));
}

TEST(ChengduModeTest, ThirtyHourConditionNeedsOneOfThemThirtyHoursInThatCell) {
  const Place pl;
  const CaseWindow c{0, 0, t0, t0 + kDay};
  const std::vector<Row> common = {
      {1, t0 + 2 * kHour - 20 * kMin, t0 + 3 * kHour, pl.centre},  // 20 minutes, no long stay
      {2, t0 - 29 * kHour, t0 + 2 * kHour + 10 * kMin, pl.At(100)},  // 31 hours in the cell
      {3, t0 - 40 * kHour, t0 - 9 * kHour, pl.At(1600)},            // 31 hours, in another cell
      {3, t0 + kHour + 30 * kMin, t0 + kHour + 50 * kMin, pl.centre},
  };
  TraceParams plain;
  plain.mode = ColocationMode::kChengdu;
  TraceParams hours = plain;
  hours.chengdu_hours = 30;
  auto with_case = [&](std::vector<Row> rows, Row case_row) {
    rows.push_back(case_row);
    return MakeTable(rows, 4);
  };
  const PositionTable short_case = with_case(common, {0, t0 + kHour, t0 + 2 * kHour, pl.centre});
  auto persons = [](const std::vector<Edge>& edges) {
    std::vector<uint32_t> out;
    for (const Edge& e : edges) out.push_back(e.person);
    return out;
  };
  EXPECT_EQ(persons(TraceCases(short_case, {c}, plain)), (std::vector<uint32_t>{1, 2, 3}));
  const std::vector<Edge> edges = TraceCases(short_case, {c}, hours);
  EXPECT_EQ(edges, (std::vector<Edge>{Expect(0, 2, ContactKind::kColocation, pl.Key(), t0 + kHour, t0 + 2 * kHour, 60)}));
  // The case itself spent 30 hours there (inside the lookback): everyone with 10 minutes counts.
  const PositionTable long_case = with_case(common, {0, t0 - 28 * kHour, t0 + 2 * kHour, pl.centre});
  EXPECT_EQ(persons(TraceCases(long_case, {c}, hours)), (std::vector<uint32_t>{1, 2, 3}));
}

// --- The case window (pipeline) ---------------------------------------------

TEST(CaseWindowTest, AnchorsAtOnsetOrReportClipsToLookbackAndSkipsUntraced) {
  const TraceParams p;  // 4 days before, 14 days back
  const int64_t now = t0 + 30 * kDay;
  auto record = [](std::string status, int64_t onset, int64_t reported, uint32_t person = 3) {
    pipeline::CaseRecord c;
    c.id = "k1", c.person = person, c.status = std::move(status), c.onset = onset, c.reported = reported;
    return c;
  };
  int64_t from = 0, to = 0;
  // No onset date: anchored at the report.
  ASSERT_TRUE(pipeline::CaseWindowOf(record("confirmed", -1, now - 2 * kDay), p, now, &from, &to));
  EXPECT_EQ(from, now - 6 * kDay);
  EXPECT_EQ(to, now - 2 * kDay);
  // Onset before the report: anchored at onset.
  ASSERT_TRUE(pipeline::CaseWindowOf(record("confirmed", now - 5 * kDay, now - 2 * kDay), p, now, &from, &to));
  EXPECT_EQ(from, now - 9 * kDay);
  EXPECT_EQ(to, now - 2 * kDay);
  // Onset after the report (asymptomatic at report, symptoms later): the report.
  ASSERT_TRUE(pipeline::CaseWindowOf(record("asymptomatic", now - kDay, now - 2 * kDay), p, now, &from, &to));
  EXPECT_EQ(from, now - 6 * kDay);
  EXPECT_EQ(to, now - 2 * kDay);
  // Suspected and cleared cases and unknown persons are not traced.
  EXPECT_FALSE(pipeline::CaseWindowOf(record("suspected", -1, now - 2 * kDay), p, now, &from, &to));
  EXPECT_FALSE(pipeline::CaseWindowOf(record("cleared", -1, now - 2 * kDay), p, now, &from, &to));
  EXPECT_FALSE(pipeline::CaseWindowOf(record("confirmed", -1, now - 2 * kDay, IdIndex::kMissing), p, now, &from, &to));
  // Lookback: onset 20 days ago starts the window 14 days ago; a report after "now" ends it now.
  ASSERT_TRUE(pipeline::CaseWindowOf(record("confirmed", now - 20 * kDay, now - kDay), p, now, &from, &to));
  EXPECT_EQ(from, now - 14 * kDay);
  EXPECT_EQ(to, now - kDay);
  ASSERT_TRUE(pipeline::CaseWindowOf(record("confirmed", -1, now + kDay), p, now, &from, &to));
  EXPECT_EQ(from, now - 3 * kDay);
  EXPECT_EQ(to, now);
  // Reported before the lookback: nothing left to trace.
  EXPECT_FALSE(pipeline::CaseWindowOf(record("confirmed", -1, now - 15 * kDay), p, now, &from, &to));
  TraceParams two = p;
  two.window_before_days = 2;
  ASSERT_TRUE(pipeline::CaseWindowOf(record("confirmed", -1, now - 2 * kDay), two, now, &from, &to));
  EXPECT_EQ(from, now - 4 * kDay);
}

// --- Whole tables --------------------------------------------------------------

struct RandomRegion {
  PositionTable positions;
  std::vector<Trip> trips;
  std::vector<Scan> scans;
  std::vector<VenueInfo> venues;
  std::vector<CaseWindow> cases;
};

// `persons` persons over two days in a square of `side_m` (many contacts),
// with venues scanned, homes, trips and scans. Fixed seed.
RandomRegion MakeRandomRegion(uint32_t persons, double side_m, uint64_t seed) {
  const Place pl;
  Rng rng(StreamSeed(seed, {persons}));
  RandomRegion r;
  const double h = side_m / 2;
  for (int v = 0; v < 40; ++v) {
    const LonLat at = pl.At(rng.Uniform(-h, h), rng.Uniform(-h, h));
    r.venues.push_back({at.lon, at.lat});
  }
  std::vector<Row> rows;
  std::vector<LonLat> homes;
  for (uint32_t p = 0; p < persons; ++p) {
    const LonLat home = pl.At(rng.Uniform(-h, h), rng.Uniform(-h, h));
    homes.push_back(home);
    int64_t t = t0 + rng.Between(0, 6 * kHour);
    const int n = static_cast<int>(rng.Between(0, 3));
    for (int k = 0; k < n; ++k) {
      const int64_t len = rng.Between(5 * kMin, 5 * kHour);
      Row row{p, t, t + len, home, static_cast<float>(rng.Uniform(20, 1200))};
      if (rng.Bernoulli(0.5)) {
        row.at = pl.At(rng.Uniform(-h, h), rng.Uniform(-h, h));
      } else {
        row.at_home = true;
      }
      if (rng.Bernoulli(0.2)) {  // at a venue, scanned; a few scans are forwarded photos (stay elsewhere)
        row.venue = static_cast<uint32_t>(rng.Below(r.venues.size()));
        if (rng.Bernoulli(0.9)) row.at = LonLat{r.venues[row.venue].lon, r.venues[row.venue].lat};
        r.scans.push_back(Scan{p, row.venue, t + rng.Between(0, len - 1)});
      }
      rows.push_back(row);
      t += len + rng.Between(0, 3 * kHour);
    }
    if (rng.Bernoulli(0.1)) {
      const uint32_t service = static_cast<uint32_t>(rng.Below(20));
      const bool flight = service < 10;
      const int64_t dep = t0 + service * kHour;
      r.trips.push_back(Trip{p, service, flight ? TripMode::kFlight : TripMode::kTrain,
                             flight ? 0 : static_cast<int32_t>(rng.Between(1, 8)),
                             static_cast<int32_t>(rng.Between(1, 30)), dep, dep + 2 * kHour});
    }
  }
  r.positions = MakeTable(rows, persons, homes);
  // Half the cases travelled (so co-travel is exercised), half are anyone.
  for (uint32_t i = 0; i < 40; ++i) {
    const uint32_t person = i < 20 ? r.trips[rng.Below(r.trips.size())].person : static_cast<uint32_t>(rng.Below(persons));
    r.cases.push_back(CaseWindow{i, person, t0 + rng.Between(0, 3 * kHour), t0 + rng.Between(6 * kHour, 2 * kDay)});
  }
  return r;
}

TEST(TraceDeterminismTest, OneAndTwoThreadsGiveTheSameEdges) {
  // More than one 4096-person chunk, so two threads really split the work.
  const RandomRegion r = MakeRandomRegion(9000, 12000, 20261126);
  ASSERT_GT(r.positions.size(), 5000u);
  TraceInput in{&r.positions, r.trips, r.scans, r.venues};
  TraceStats s1, s2;
  const std::vector<Edge> one = Trace(in, r.cases, TraceParams{}, 1, &s1);
  const std::vector<Edge> two = Trace(in, r.cases, TraceParams{}, 2, &s2);
  for (ContactKind k : {ContactKind::kColocation, ContactKind::kCotravelClose, ContactKind::kCotravelVehicle,
                        ContactKind::kVenue, ContactKind::kVenueSuspect}) {
    EXPECT_GT(s1.edges_by_kind[static_cast<int>(k)], 0u) << KindName(k);
  }
  EXPECT_TRUE(std::is_sorted(one.begin(), one.end(), EdgeLess));
  EXPECT_EQ(one, two);
  const std::vector<Edge> second1 = TraceSecondDegree(in, one, r.cases, TraceParams{}, 1);
  const std::vector<Edge> second2 = TraceSecondDegree(in, one, r.cases, TraceParams{}, 2);
  EXPECT_FALSE(second1.empty());
  EXPECT_EQ(second1, second2);
  // Each case alone gives its own edges: tracing is per case (what makes incremental runs exact).
  std::vector<Edge> one_by_one;
  for (const CaseWindow& c : r.cases) {
    const std::vector<Edge> e = Trace(in, std::vector<CaseWindow>{c}, TraceParams{}, 2, nullptr);
    one_by_one.insert(one_by_one.end(), e.begin(), e.end());
  }
  std::sort(one_by_one.begin(), one_by_one.end(), EdgeLess);
  EXPECT_EQ(one_by_one, one);
}

// A case may come with two windows under one id (the engine must not assume
// ids are unique): the edges are those of each window traced alone, together in
// EdgeLess order, windows in input order where EdgeLess ties (two windows can
// give the same person the same start with different ends).
TEST(TraceDeterminismTest, TwoWindowsOfOneCaseGiveTheEdgesOfEach) {
  const RandomRegion r = MakeRandomRegion(3000, 6000, 20261127);
  TraceInput in{&r.positions, r.trips, r.scans, r.venues};
  std::vector<CaseWindow> cases = r.cases;
  // Give cases 1..5 the id of case 0, and put them first: ids out of order too.
  for (int i = 1; i <= 5; ++i) cases[static_cast<size_t>(i)].id = cases[0].id;
  std::reverse(cases.begin(), cases.end());
  const std::vector<Edge> got = Trace(in, cases, TraceParams{}, 2, nullptr);
  std::vector<Edge> want;
  for (const CaseWindow& c : cases) {
    const std::vector<Edge> e = Trace(in, std::vector<CaseWindow>{c}, TraceParams{}, 1, nullptr);
    want.insert(want.end(), e.begin(), e.end());
  }
  std::stable_sort(want.begin(), want.end(), EdgeLess);
  ASSERT_GT(std::count_if(want.begin(), want.end(), [&](const Edge& e) { return e.case_id == cases.back().id; }), 0);
  EXPECT_TRUE(std::is_sorted(got.begin(), got.end(), EdgeLess));
  EXPECT_EQ(got, want);
}

// The brute-force joins' sums: per person, per cell, (seconds, first, last)
// of the pairs of rows they share with one case.
class BruteSums {
 public:
  void Add(uint32_t person, uint64_t cell, int64_t a, int64_t b) {
    auto [it, fresh] = acc_[person].try_emplace(cell, 0, a, b);
    auto& [sum, first, last] = it->second;
    sum += b - a, first = std::min(first, a), last = std::max(last, b);
  }
  // One co-location edge per person with >= min_minutes in all, at the cell
  // with most time (the lowest such cell on a tie).
  void AppendEdges(uint32_t case_id, int32_t min_minutes, std::vector<Edge>* out) const {
    for (const auto& [person, by_cell] : acc_) {
      Edge edge = Expect(case_id, person, ContactKind::kColocation, 0, 0, 0, 0);
      int64_t total = 0, best = -1, start = INT64_MAX, end = INT64_MIN;
      for (const auto& [key, v] : by_cell) {
        const auto& [sum, first, last] = v;
        total += sum, start = std::min(start, first), end = std::max(end, last);
        if (sum > best) best = sum, edge.where = key;
      }
      edge.start = static_cast<uint32_t>(start), edge.end = static_cast<uint32_t>(end);
      edge.minutes = static_cast<uint16_t>(total / 60);
      if (total >= min_minutes * 60) out->push_back(edge);
    }
  }

 private:
  std::map<uint32_t, std::map<uint64_t, std::tuple<int64_t, int64_t, int64_t>>> acc_;
};

TEST(TraceDeterminismTest, ChengduModeEqualsABruteForceJoin) {
  const RandomRegion r = MakeRandomRegion(3000, 4000, 7);
  const PositionTable& t = r.positions;
  TraceParams p;
  p.mode = ColocationMode::kChengdu;
  TraceInput in{&t, {}, {}, {}};
  const std::vector<Edge> got = Trace(in, r.cases, p, 2, nullptr);
  // Every pair of rows in the same cell, clipped to the case's window, summed per (case, person, cell).
  const Grid grid(p.grid_m);
  auto cell = [&](uint32_t row) { return grid.CellOf(LonLat{t.lon[row], t.lat[row]}).Pack(); };
  std::vector<Edge> want;
  for (const CaseWindow& c : r.cases) {
    BruteSums sums;
    for (uint32_t e = t.offsets[c.person]; e < t.offsets[c.person + 1]; ++e) {
      for (uint32_t row = 0; row < t.size(); ++row) {
        if (t.person[row] == c.person || cell(row) != cell(e)) continue;
        const int64_t a = std::max<int64_t>({t.start[row], t.start[e], c.from});
        const int64_t b = std::min<int64_t>({t.end[row], t.end[e], c.to});
        if (b > a) sums.Add(t.person[row], cell(row), a, b);
      }
    }
    sums.AppendEdges(c.id, p.min_minutes, &want);
  }
  std::sort(want.begin(), want.end(), EdgeLess);
  ASSERT_GT(want.size(), 10u);
  EXPECT_EQ(got, want);
}

// The stays mode (border rule, venue exclusion, home match, 30-hour-free) on
// random data equals a brute-force join written from the rules in
// docs/tracing.md: every pair of rows that share a cell (a row's cells: its
// own, plus those of 8 points at its reach, longitude offsets taken at its
// grid row's centre latitude), counted once in the first of the contact's
// cells they share. Two windows of one case id exercise the output order.
void ExpectStaysModeEqualsABruteForceJoin(RandomRegion r, const TraceParams& p) {
  r.cases.push_back(CaseWindow{r.cases[3].id, r.cases[5].person, r.cases[5].from, r.cases[5].to});
  const PositionTable& t = r.positions;
  TraceInput in{&t, {}, {}, {}};
  const std::vector<Edge> got = Trace(in, r.cases, p, 2, nullptr);
  const Grid grid(p.grid_m);
  auto cells_of = [&](uint32_t row) {
    const double lon = t.lon[row], lat = t.lat[row];
    std::vector<uint64_t> out = {grid.CellOf(LonLat{lon, lat}).Pack()};
    const double reach = std::min(p.border_radius_share * t.radius_m[row], p.border_max_m);
    const double dlat = reach / kMetresPerDegreeLat;
    const double dlon = reach * grid.ColumnWidthDegrees(grid.RowOf(lat)) / p.grid_m;
    const double d = 0.70710678;
    const double probes[8][2] = {{dlon, 0},         {-dlon, 0},         {0, dlat},          {0, -dlat},
                                 {dlon * d, dlat * d}, {-dlon * d, dlat * d}, {dlon * d, -dlat * d}, {-dlon * d, -dlat * d}};
    for (const auto& q : probes) {
      const uint64_t c = grid.CellOf(LonLat{lon + q[0], lat + q[1]}).Pack();
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
  };
  std::vector<std::vector<uint64_t>> cells(t.size());
  for (uint32_t row = 0; row < t.size(); ++row) cells[row] = cells_of(row);
  std::vector<Edge> want;
  size_t reached = 0;  // pairs of rows only the pinned-venue reach joins
  size_t reached_wide = 0;  // of which the open row reaches farther than a cell
  size_t limited = 0;       // pairs of rows the pair limit keeps apart
  for (const CaseWindow& c : r.cases) {
    BruteSums sums;
    for (uint32_t e = t.offsets[c.person]; e < t.offsets[c.person + 1]; ++e) {
      for (uint32_t row = 0; row < t.size(); ++row) {
        const uint32_t person = t.person[row];
        if (person == c.person) continue;
        const int64_t a = std::max<int64_t>({t.start[row], t.start[e], c.from});
        const int64_t b = std::min<int64_t>({t.end[row], t.end[e], c.to});
        if (b <= a) continue;
        const bool both = t.venue[row] != kNone && t.venue[e] != kNone;
        if (both && t.venue[row] != t.venue[e]) continue;
        if (t.at_home[row] && t.at_home[e] &&
            !(DistanceMetres(LonLat{t.home_lon[person], t.home_lat[person]},
                             LonLat{t.home_lon[c.person], t.home_lat[c.person]}) <= p.home_match_m)) {
          continue;
        }
        const double d = DistanceMetres(LonLat{t.lon[row], t.lat[row]}, LonLat{t.lon[e], t.lat[e]});
        // The pair limit (when on): rows farther apart than it never count
        // together, unless both scanned the same venue.
        if (p.max_pair_distance_m > 0 && !(both && t.venue[row] == t.venue[e]) &&
            d > std::max(p.max_pair_distance_m, p.pair_radius_factor * std::hypot(t.radius_m[row], t.radius_m[e]))) {
          ++limited;
          continue;
        }
        const auto shared = std::find_if(cells[row].begin(), cells[row].end(), [&](uint64_t k) {
          return std::find(cells[e].begin(), cells[e].end(), k) != cells[e].end();
        });
        if (shared != cells[row].end()) {
          sums.Add(person, *shared, a, b);
        } else if (p.venue_reach_m > 0 && (t.venue[row] != kNone) != (t.venue[e] != kNone)) {
          // Pinned-venue reach: the open row within min(its radius, reach)
          // of the pinned row's venue, counted in the case row's own cell.
          const uint32_t open = t.venue[row] != kNone ? e : row;
          double within = std::min<double>(p.venue_reach_m, t.radius_m[open]);
          if (p.max_pair_distance_m > 0) within = std::min(within, p.max_pair_distance_m);
          if (d <= within) {
            sums.Add(person, cells[e][0], a, b);
            ++reached;
            reached_wide += within > p.grid_m;  // the engine probes every cell within reach of the open row
          }
        }
      }
    }
    sums.AppendEdges(c.id, p.min_minutes, &want);
  }
  std::sort(want.begin(), want.end(), EdgeLess);
  ASSERT_GT(want.size(), 100u);
  size_t border = 0;  // rows in more than one cell: the border rule is really exercised
  for (uint32_t row = 0; row < t.size(); ++row) border += cells[row].size() > 1;
  EXPECT_GT(border, t.size() / 10);
  if (p.max_pair_distance_m > 0) {
    EXPECT_GT(limited, 100u);  // the pair limit is really exercised
  }
  if (p.venue_reach_m > 0 && p.max_pair_distance_m == 0) {  // (a pair limit caps the reach: few pairs)
    EXPECT_GT(reached, 10u);  // the pinned-venue reach is really exercised,
    EXPECT_GT(reached_wide, 5u);  // for open rows that reach farther than a cell,
    if (p.grid_m >= 400) {
      EXPECT_GT(reached - reached_wide, 5u);  // and (real cells) within one
    }
  }
  EXPECT_EQ(got, want);
}

// The default parameters, and with the pinned-venue reach on (off by default).
TraceParams WithReach(TraceParams p = {}) {
  p.venue_reach_m = 2500;
  return p;
}

TEST(TraceDeterminismTest, StaysModeEqualsABruteForceJoin) {
  ExpectStaysModeEqualsABruteForceJoin(MakeRandomRegion(2500, 5000, 11), TraceParams{});
  ExpectStaysModeEqualsABruteForceJoin(MakeRandomRegion(2500, 5000, 11), WithReach());
}

TEST(TraceDeterminismTest, StaysModeEqualsABruteForceJoinOverSeveralChunks) {
  // More than one 4,096-person chunk: the hits of both threads are scattered into case order.
  ExpectStaysModeEqualsABruteForceJoin(MakeRandomRegion(9000, 12000, 12), WithReach());
}

TEST(TraceDeterminismTest, StaysModeEqualsABruteForceJoinWithAPairLimit) {
  // The pair limit, fixed and by the rows' radii, with the reach capped by it.
  TraceParams p = WithReach();
  p.max_pair_distance_m = 300;
  p.pair_radius_factor = 0.8;
  ExpectStaysModeEqualsABruteForceJoin(MakeRandomRegion(2500, 5000, 14), p);
}

TEST(TraceDeterminismTest, StaysModeEqualsABruteForceJoinWhenTheReachExceedsACell) {
  // 100 m cells and a reach of up to 700 m: probes land several cells away.
  TraceParams p;
  p.grid_m = 100;
  p.border_radius_share = 1;
  p.border_max_m = 5000;
  ExpectStaysModeEqualsABruteForceJoin(MakeRandomRegion(2500, 5000, 13), WithReach(p));
}

}  // namespace
}  // namespace onecode::tracing
