#include "sim/geography.h"

#include <algorithm>
#include <cmath>

#include "sim/names.h"

namespace onecode::sim {
namespace {

struct ProvinceSeed {
  int code;
  const char* name;
  double lon, lat;  // approximate position of the capital
};

// Real province codes and capital positions, in an order that spreads the
// first few far apart. Every latitude is within 18-54 degrees north.
constexpr ProvinceSeed kProvinceSeeds[] = {
    {51, "四川省", 104.07, 30.67}, {32, "江苏省", 118.78, 32.06}, {44, "广东省", 113.26, 23.13},
    {37, "山东省", 117.00, 36.67}, {42, "湖北省", 114.31, 30.59}, {61, "陕西省", 108.94, 34.34},
    {21, "辽宁省", 123.43, 41.80}, {35, "福建省", 119.30, 26.08}, {53, "云南省", 102.71, 25.04},
    {41, "河南省", 113.65, 34.76}, {33, "浙江省", 120.15, 30.27}, {43, "湖南省", 112.98, 28.19},
    {13, "河北省", 114.48, 38.03}, {45, "广西壮族自治区", 108.32, 22.82}, {34, "安徽省", 117.27, 31.86},
    {36, "江西省", 115.89, 28.68}, {23, "黑龙江省", 126.63, 45.75}, {22, "吉林省", 125.32, 43.90},
    {14, "山西省", 112.55, 37.87}, {62, "甘肃省", 103.82, 36.06}, {52, "贵州省", 106.71, 26.58},
    {46, "海南省", 110.35, 20.02}, {15, "内蒙古自治区", 111.75, 40.84}, {64, "宁夏回族自治区", 106.27, 38.47},
    {63, "青海省", 101.78, 36.62}, {65, "新疆维吾尔自治区", 87.62, 43.82},
};
constexpr int kMaxProvinces = sizeof(kProvinceSeeds) / sizeof(kProvinceSeeds[0]);

// Tower spacing in metres at `d_km` from a city centre: ~300 m downtown,
// ~1 km at the edge of the core.
double UrbanSpacing(double d_km) { return 300.0 + 55.0 * d_km; }

LonLat RandomInDisk(LonLat centre, double r_min_m, double r_max_m, Rng& rng) {
  // Uniform over the annulus area.
  const double u = rng.Uniform();
  const double r = std::sqrt(r_min_m * r_min_m + u * (r_max_m * r_max_m - r_min_m * r_min_m));
  const double a = rng.Uniform(0, 2 * kPi);
  return OffsetMetres(centre, r * std::cos(a), r * std::sin(a));
}

}  // namespace

std::string_view PlaceKindName(PlaceKind kind) {
  switch (kind) {
    case PlaceKind::kHome: return "home";
    case PlaceKind::kOffice: return "office";
    case PlaceKind::kSchool: return "school";
    case PlaceKind::kShop: return "shop";
    case PlaceKind::kRestaurant: return "restaurant";
    case PlaceKind::kPark: return "park";
    case PlaceKind::kHotel: return "hotel";
    case PlaceKind::kHospital: return "hospital";
    case PlaceKind::kRailStation: return "station";
    case PlaceKind::kAirport: return "airport";
    case PlaceKind::kCoachStation: return "station";
  }
  return "unknown";
}

Geography Geography::Build(uint64_t seed, int provinces, int64_t persons) {
  Geography g;
  Rng rng(StreamSeed(seed, {0x6e0, 1}));
  provinces = std::clamp(provinces, 1, kMaxProvinces);
  for (int p = 0; p < provinces; ++p) {
    const ProvinceSeed& ps = kProvinceSeeds[p];
    Province prov{RegionCode::FromParts(ps.code, 0, 0), ps.name, LonLat{ps.lon, ps.lat}, {}};
    const uint32_t province_index = static_cast<uint32_t>(g.provinces_.size());
    const int n_cities = static_cast<int>(rng.Between(3, 5));
    for (int c = 0; c < n_cities; ++c) {
      City city;
      city.code = RegionCode::FromParts(ps.code, c + 1, 0);
      city.name = PlaceStem(rng) + "市";
      city.province = province_index;
      city.core_km = c == 0 ? 12.0 : rng.Uniform(7.0, 10.0);
      if (c == 0) {
        city.centre = prov.centre;
      } else {
        // 80-350 km from the capital, at least 70 km from every other city.
        for (int attempt = 0; attempt < 100; ++attempt) {
          const double r = rng.Uniform(80e3, 350e3), a = rng.Uniform(0, 2 * kPi);
          city.centre = OffsetMetres(prov.centre, r * std::cos(a), r * std::sin(a));
          bool far_enough = true;
          for (uint32_t other : prov.cities) {
            if (DistanceMetres(g.cities_[other].centre, city.centre) < 70e3) far_enough = false;
          }
          if (far_enough) break;
        }
      }
      const uint32_t city_index = static_cast<uint32_t>(g.cities_.size());
      // Urban districts (codes 02..): around the centre.
      const int n_urban = c == 0 ? static_cast<int>(rng.Between(4, 5)) : static_cast<int>(rng.Between(2, 3));
      const double a0 = rng.Uniform(0, 2 * kPi);
      for (int k = 0; k < n_urban; ++k) {
        County county;
        county.code = RegionCode::FromParts(ps.code, c + 1, 2 + k);
        county.name = PlaceStem(rng) + "区";
        county.city = city_index;
        county.urban = true;
        county.weight = c == 0 ? 4.0 : 3.0;
        if (k == 0) {
          county.seat = OffsetMetres(city.centre, rng.Uniform(-800, 800), rng.Uniform(-800, 800));
        } else {
          const double a = a0 + 2 * kPi * k / (n_urban - 1) + rng.Uniform(-0.3, 0.3);
          const double r = rng.Uniform(4500, 6500);
          county.seat = OffsetMetres(city.centre, r * std::cos(a), r * std::sin(a));
        }
        city.counties.push_back(static_cast<uint32_t>(g.counties_.size()));
        g.counties_.push_back(std::move(county));
      }
      // Rural counties (codes 21..): 25-60 km out.
      const int n_rural = static_cast<int>(rng.Between(2, 4));
      const double b0 = rng.Uniform(0, 2 * kPi);
      for (int k = 0; k < n_rural; ++k) {
        County county;
        county.code = RegionCode::FromParts(ps.code, c + 1, 21 + k);
        county.name = PlaceStem(rng) + "县";
        county.city = city_index;
        county.urban = false;
        county.weight = 1.0;
        const double a = b0 + 2 * kPi * k / n_rural + rng.Uniform(-0.4, 0.4);
        const double r = rng.Uniform(25e3, 60e3);
        county.seat = OffsetMetres(city.centre, r * std::cos(a), r * std::sin(a));
        city.counties.push_back(static_cast<uint32_t>(g.counties_.size()));
        g.counties_.push_back(std::move(county));
      }
      prov.cities.push_back(city_index);
      g.cities_.push_back(std::move(city));
    }
    g.provinces_.push_back(std::move(prov));
  }
  g.AddVenues(seed, persons);
  g.BuildTowers(seed);
  g.BuildTowerIndex();
  return g;
}

uint32_t Geography::CountyAt(LonLat p) const {
  uint32_t best = 0;
  double best_d = 1e300;
  const double coslat = std::cos(Radians(p.lat));
  for (uint32_t i = 0; i < counties_.size(); ++i) {
    const double dx = (counties_[i].seat.lon - p.lon) * coslat, dy = counties_[i].seat.lat - p.lat;
    const double d = dx * dx + dy * dy;
    if (d < best_d) { best_d = d; best = i; }
  }
  return best;
}

LonLat Geography::RandomPointIn(uint32_t county, Rng& rng, bool central) const {
  const County& c = counties_[county];
  if (c.urban) return RandomInDisk(c.seat, 0, central ? 2500 : 4000, rng);
  if (central || rng.Bernoulli(0.7)) return RandomInDisk(c.seat, 0, 3000, rng);
  return RandomInDisk(c.seat, 5000, 20000, rng);  // villages
}

uint32_t Geography::AddVenue(LonLat pos, PlaceKind kind) {
  places_.push_back(Place{pos, CountyAt(pos), kind});
  return static_cast<uint32_t>(places_.size() - 1);
}

uint32_t Geography::AddHome(LonLat pos) {
  places_.push_back(Place{pos, CountyAt(pos), PlaceKind::kHome});
  return static_cast<uint32_t>(places_.size() - 1);
}

void Geography::AddVenues(uint64_t seed, int64_t persons) {
  Rng rng(StreamSeed(seed, {0x6e0, 2}));
  double total_weight = 0;
  for (const County& c : counties_) total_weight += c.weight;
  for (uint32_t ci = 0; ci < cities_.size(); ++ci) {
    City& city = cities_[ci];
    double city_pop = 0;
    for (uint32_t k : city.counties) {
      const County& county = counties_[k];
      const double pop = static_cast<double>(persons) * county.weight / total_weight;
      city_pop += pop;
      auto count = [&](double per_person, int min) {
        return std::max(min, static_cast<int>(std::lround(pop * per_person)));
      };
      for (int i = count(0.6 * 0.6 / 12.0, 2); i > 0; --i) AddVenue(RandomPointIn(k, rng, true), PlaceKind::kOffice);
      for (int i = count(0.18 / 250.0, 1); i > 0; --i) AddVenue(RandomPointIn(k, rng, false), PlaceKind::kSchool);
      for (int i = count(1 / 120.0, 2); i > 0; --i) AddVenue(RandomPointIn(k, rng, false), PlaceKind::kShop);
      for (int i = count(1 / 100.0, 2); i > 0; --i) AddVenue(RandomPointIn(k, rng, true), PlaceKind::kRestaurant);
      for (int i = count(1 / 3000.0, 1); i > 0; --i) AddVenue(RandomPointIn(k, rng, false), PlaceKind::kPark);
    }
    const uint32_t central = city.counties[0];
    for (int i = std::max(2, static_cast<int>(city_pop / 800)); i > 0; --i) {
      AddVenue(RandomPointIn(central, rng, true), PlaceKind::kHotel);
    }
    city.hospital = AddVenue(RandomInDisk(city.centre, 500, 2500, rng), PlaceKind::kHospital);
    city.rail_station = AddVenue(RandomInDisk(city.centre, 2000, 5000, rng), PlaceKind::kRailStation);
    city.coach_station = AddVenue(RandomInDisk(city.centre, 1000, 3000, rng), PlaceKind::kCoachStation);
    city.airport = AddVenue(RandomInDisk(city.centre, 18000, 28000, rng), PlaceKind::kAirport);
  }
  venue_count_ = static_cast<uint32_t>(places_.size());
  // CSR lists by (city, kind) and (county, kind).
  auto build = [&](size_t groups, auto group_of, std::vector<uint32_t>& offsets, std::vector<uint32_t>& items) {
    offsets.assign(groups * kPlaceKindCount + 1, 0);
    for (uint32_t v = 0; v < venue_count_; ++v) {
      ++offsets[group_of(v) * kPlaceKindCount + static_cast<size_t>(places_[v].kind) + 1];
    }
    for (size_t i = 1; i < offsets.size(); ++i) offsets[i] += offsets[i - 1];
    items.assign(venue_count_, 0);
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (uint32_t v = 0; v < venue_count_; ++v) {
      items[fill[group_of(v) * kPlaceKindCount + static_cast<size_t>(places_[v].kind)]++] = v;
    }
  };
  build(cities_.size(), [&](uint32_t v) { return static_cast<size_t>(counties_[places_[v].county].city); },
        city_offsets_, city_venues_);
  build(counties_.size(), [&](uint32_t v) { return static_cast<size_t>(places_[v].county); }, county_offsets_,
        county_venues_);
}

std::span<const uint32_t> Geography::VenuesInCity(uint32_t city, PlaceKind kind) const {
  const size_t i = city * kPlaceKindCount + static_cast<size_t>(kind);
  return std::span<const uint32_t>(city_venues_).subspan(city_offsets_[i], city_offsets_[i + 1] - city_offsets_[i]);
}

std::span<const uint32_t> Geography::VenuesInCounty(uint32_t county, PlaceKind kind) const {
  const size_t i = county * kPlaceKindCount + static_cast<size_t>(kind);
  return std::span<const uint32_t>(county_venues_)
      .subspan(county_offsets_[i], county_offsets_[i + 1] - county_offsets_[i]);
}

void Geography::BuildTowers(uint64_t seed) {
  Rng rng(StreamSeed(seed, {0x6e0, 3}));
  auto add = [&](LonLat pos, double spacing_m) {
    towers_.push_back(Tower{pos, static_cast<uint32_t>(std::lround(spacing_m * 0.75)), CountyAt(pos)});
  };
  for (const City& city : cities_) {
    // Dense core: rings of 500 m, tower count = ring area / spacing^2.
    for (double r = 0; r < city.core_km * 1000; r += 500) {
      const double spacing = UrbanSpacing((r + 250) / 1000);
      const double area = kPi * ((r + 500) * (r + 500) - r * r);
      for (int n = static_cast<int>(std::lround(area / (spacing * spacing))); n > 0; --n) {
        add(RandomInDisk(city.centre, r, r + 500, rng), spacing);
      }
    }
    // County towns.
    for (uint32_t k : city.counties) {
      const County& county = counties_[k];
      if (county.urban) continue;
      const double spacing = 600;
      for (int n = static_cast<int>(kPi * 3000.0 * 3000.0 / (spacing * spacing)); n > 0; --n) {
        add(RandomInDisk(county.seat, 0, 3000, rng), spacing);
      }
    }
    // Airport.
    add(places_[city.airport].pos, 600);
  }
  // Countryside: a disk around each province reaching past its farthest city,
  // towers every 2-5 km.
  for (const Province& prov : provinces_) {
    double reach = 0;
    for (uint32_t c : prov.cities) reach = std::max(reach, DistanceMetres(prov.centre, cities_[c].centre));
    reach += 80e3;
    const double mean_spacing = 3500;
    const int n = static_cast<int>(kPi * reach * reach / (mean_spacing * mean_spacing));
    for (int i = 0; i < n; ++i) {
      const LonLat pos = RandomInDisk(prov.centre, 0, reach, rng);
      bool in_core = false;
      for (uint32_t c : prov.cities) {
        if (DistanceMetres(pos, cities_[c].centre) < cities_[c].core_km * 1000) { in_core = true; break; }
      }
      if (!in_core) add(pos, rng.Uniform(2000, 5000));
    }
  }
}

void Geography::BuildTowerIndex() {
  double max_lon = -1e9, max_lat = -1e9, max_abs_lat = 0;
  min_lon_ = 1e9;
  min_lat_ = 1e9;
  for (const Tower& t : towers_) {
    min_lon_ = std::min(min_lon_, t.pos.lon);
    min_lat_ = std::min(min_lat_, t.pos.lat);
    max_lon = std::max(max_lon, t.pos.lon);
    max_lat = std::max(max_lat, t.pos.lat);
    max_abs_lat = std::max(max_abs_lat, std::fabs(t.pos.lat));
  }
  constexpr double kBucketM = 1000;
  bucket_deg_lat_ = kBucketM / kMetresPerDegreeLat;
  bucket_deg_lon_ = kBucketM / (kMetresPerDegreeLat * std::cos(Radians(max_abs_lat)));
  buckets_x_ = static_cast<int32_t>((max_lon - min_lon_) / bucket_deg_lon_) + 1;
  buckets_y_ = static_cast<int32_t>((max_lat - min_lat_) / bucket_deg_lat_) + 1;
  auto bucket_of = [&](LonLat p) {
    const auto x = static_cast<size_t>((p.lon - min_lon_) / bucket_deg_lon_);
    const auto y = static_cast<size_t>((p.lat - min_lat_) / bucket_deg_lat_);
    return y * static_cast<size_t>(buckets_x_) + x;
  };
  bucket_offsets_.assign(static_cast<size_t>(buckets_x_) * static_cast<size_t>(buckets_y_) + 1, 0);
  for (const Tower& t : towers_) ++bucket_offsets_[bucket_of(t.pos) + 1];
  for (size_t i = 1; i < bucket_offsets_.size(); ++i) bucket_offsets_[i] += bucket_offsets_[i - 1];
  bucket_towers_.assign(towers_.size(), 0);
  std::vector<uint32_t> fill(bucket_offsets_.begin(), bucket_offsets_.end() - 1);
  for (uint32_t i = 0; i < towers_.size(); ++i) bucket_towers_[fill[bucket_of(towers_[i].pos)]++] = i;
}

int Geography::NearestTowers(LonLat p, int k, double max_m, NearTower* out) const {
  int found = 0;
  const double m_per_deg_lon = kMetresPerDegreeLat * std::cos(Radians(p.lat));
  const double bucket_w_m = bucket_deg_lon_ * m_per_deg_lon, bucket_h_m = bucket_deg_lat_ * kMetresPerDegreeLat;
  const double min_bucket_m = std::min(bucket_w_m, bucket_h_m);
  const auto qx = static_cast<int32_t>(std::floor((p.lon - min_lon_) / bucket_deg_lon_));
  const auto qy = static_cast<int32_t>(std::floor((p.lat - min_lat_) / bucket_deg_lat_));
  const int32_t max_ring = static_cast<int32_t>(max_m / min_bucket_m) + 2;
  for (int32_t ring = 0; ring <= max_ring; ++ring) {
    const double ring_min_m = (ring - 1) * min_bucket_m;
    if (ring_min_m > max_m) break;
    if (found == k && ring_min_m > out[k - 1].distance_m) break;
    for (int32_t y = qy - ring; y <= qy + ring; ++y) {
      if (y < 0 || y >= buckets_y_) continue;
      const bool edge_row = (y == qy - ring || y == qy + ring);
      for (int32_t x = qx - ring; x <= qx + ring; x += (edge_row || ring == 0) ? 1 : 2 * ring) {
        if (x < 0 || x >= buckets_x_) continue;
        const size_t b = static_cast<size_t>(y) * static_cast<size_t>(buckets_x_) + static_cast<size_t>(x);
        for (uint32_t i = bucket_offsets_[b]; i < bucket_offsets_[b + 1]; ++i) {
          const uint32_t t = bucket_towers_[i];
          const double dx = (towers_[t].pos.lon - p.lon) * m_per_deg_lon;
          const double dy = (towers_[t].pos.lat - p.lat) * kMetresPerDegreeLat;
          const double d = std::sqrt(dx * dx + dy * dy);
          if (d > max_m) continue;
          if (found == k && d >= out[k - 1].distance_m) continue;
          int pos = found < k ? found++ : k - 1;
          while (pos > 0 && (out[pos - 1].distance_m > d ||
                             (out[pos - 1].distance_m == d && out[pos - 1].tower > t))) {
            out[pos] = out[pos - 1];
            --pos;
          }
          out[pos] = NearTower{t, d};
        }
      }
    }
  }
  return found;
}

void Geography::AppendTowerId(TextBuffer& out, uint32_t tower) const {
  char buf[16];
  const int province = counties_[towers_[tower].county].code.province();
  buf[0] = 'c';
  buf[1] = static_cast<char>('0' + province / 10);
  buf[2] = static_cast<char>('0' + province % 10);
  uint32_t v = tower;
  for (int i = 9; i >= 3; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.Append(std::string_view(buf, 10));
}

void Geography::AppendPlaceId(TextBuffer& out, uint32_t place) const {
  char buf[16];
  int digits;
  uint32_t v;
  if (place < venue_count_) {
    buf[0] = 'V';
    digits = 7;
    v = place;
  } else {
    buf[0] = 'H';
    digits = 8;
    v = place - venue_count_;
  }
  for (int i = digits; i >= 1; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.Append(std::string_view(buf, static_cast<size_t>(digits) + 1));
}

}  // namespace onecode::sim
