// Geography of the synthetic region: provinces, cities, counties, cell towers
// and places (venues, and homes added by the population).
//
// Counties are the Voronoi cells of their seats: a point belongs to the county
// whose seat is nearest. Built once, then read-only; const methods are
// thread-safe.
#ifndef ONECODE_SIM_GEOGRAPHY_H_
#define ONECODE_SIM_GEOGRAPHY_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/geo.h"
#include "core/random.h"
#include "core/region.h"
#include "core/text_buffer.h"

namespace onecode::sim {

inline constexpr uint32_t kNone = 0xffffffffu;

enum class PlaceKind : uint8_t {
  kHome, kOffice, kSchool, kShop, kRestaurant, kPark, kHotel, kHospital, kRailStation, kAirport, kCoachStation,
};
inline constexpr int kPlaceKindCount = 11;
// The truth file's name for the kind ("home", "station", ...).
std::string_view PlaceKindName(PlaceKind kind);

struct Province {
  RegionCode code = RegionCode::FromParts(11, 0, 0);  // set by Build
  std::string name;
  LonLat centre;
  std::vector<uint32_t> cities;
};

struct City {
  RegionCode code = RegionCode::FromParts(11, 0, 0);  // set by Build
  std::string name;
  LonLat centre;
  uint32_t province = 0;
  double core_km = 8;  // radius of the dense urban core
  std::vector<uint32_t> counties;
  uint32_t rail_station = kNone, airport = kNone, coach_station = kNone, hospital = kNone;
};

struct County {
  RegionCode code = RegionCode::FromParts(11, 0, 0);  // set by Build
  std::string name;
  LonLat seat;
  uint32_t city = 0;
  bool urban = false;       // a district of the city proper
  double weight = 1;        // share of the population, before normalising
};

struct Place {
  LonLat pos;
  uint32_t county = 0;
  PlaceKind kind = PlaceKind::kHome;
};

struct Tower {
  LonLat pos;
  uint32_t radius_m = 0;
  uint32_t county = 0;
};

struct NearTower {
  uint32_t tower;
  double distance_m;
};

class Geography {
 public:
  // Builds K provinces sized for `persons` residents. Deterministic in seed.
  static Geography Build(uint64_t seed, int provinces, int64_t persons);

  const std::vector<Province>& provinces() const { return provinces_; }
  const std::vector<City>& cities() const { return cities_; }
  const std::vector<County>& counties() const { return counties_; }
  const std::vector<Tower>& towers() const { return towers_; }
  const std::vector<Place>& places() const { return places_; }
  const Place& place(uint32_t id) const { return places_[id]; }
  uint32_t venue_count() const { return venue_count_; }
  uint32_t CityOfPlace(uint32_t id) const { return counties_[places_[id].county].city; }

  // Venues of one kind in a city or a county (possibly empty).
  std::span<const uint32_t> VenuesInCity(uint32_t city, PlaceKind kind) const;
  std::span<const uint32_t> VenuesInCounty(uint32_t county, PlaceKind kind) const;

  // The county whose seat is nearest to `p`.
  uint32_t CountyAt(LonLat p) const;
  // A random point where people of `county` live or work.
  LonLat RandomPointIn(uint32_t county, Rng& rng, bool central) const;

  // Adds a home (after all venues). Returns its place id.
  uint32_t AddHome(LonLat pos);

  // The k nearest towers within max_m of p, nearest first; returns how many.
  // REQUIRES: k <= 8.
  int NearestTowers(LonLat p, int k, double max_m, NearTower* out) const;

  // "c" + province + 7 digits, e.g. "c510000123".
  void AppendTowerId(TextBuffer& out, uint32_t tower) const;
  // Venues "V" + 7 digits; homes "H" + 8 digits.
  void AppendPlaceId(TextBuffer& out, uint32_t place) const;

 private:
  void AddVenues(uint64_t seed, int64_t persons);
  uint32_t AddVenue(LonLat pos, PlaceKind kind);
  void BuildTowers(uint64_t seed);
  void BuildTowerIndex();

  std::vector<Province> provinces_;
  std::vector<City> cities_;
  std::vector<County> counties_;
  std::vector<Tower> towers_;
  std::vector<Place> places_;
  uint32_t venue_count_ = 0;
  // Venues by (city or county, kind), as CSR offsets into the lists.
  std::vector<uint32_t> city_venues_, city_offsets_;
  std::vector<uint32_t> county_venues_, county_offsets_;

  // Tower index: buckets of bucket_deg_lat x bucket_deg_lon over the bounding box.
  double min_lon_ = 0, min_lat_ = 0, bucket_deg_lon_ = 0, bucket_deg_lat_ = 0;
  int32_t buckets_x_ = 0, buckets_y_ = 0;
  std::vector<uint32_t> bucket_offsets_;  // size buckets_x_*buckets_y_ + 1
  std::vector<uint32_t> bucket_towers_;
};

}  // namespace onecode::sim

#endif  // ONECODE_SIM_GEOGRAPHY_H_
