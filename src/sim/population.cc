#include "sim/population.h"

#include <algorithm>
#include <cstdio>
#include <unordered_set>

#include "core/random.h"
#include "sim/names.h"

namespace onecode::sim {
namespace {

enum Stream : uint64_t { kHouseholds = 0x70b, kNames, kPhone, kKey, kHabits };

// An 18-character resident ID in the GB 11643 layout: region, birth date,
// sequence and ISO 7064 MOD 11-2 check character.
std::string NationalId(RegionCode region, Rng& rng) {
  std::string id = region.ToString();
  const int year = static_cast<int>(rng.Between(1945, 2018));
  const int month = static_cast<int>(rng.Between(1, 12)), day = static_cast<int>(rng.Between(1, 28));
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d%03d", year, month, day, static_cast<int>(rng.Between(0, 999)));
  id += buf;
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[static_cast<size_t>(i)] - '0') * kWeights[i];
  id += "10X98765432"[sum % 11];
  return id;
}

uint32_t PickOne(std::span<const uint32_t> items, Rng& rng) {
  return items.empty() ? kNone : items[rng.Below(items.size())];
}

}  // namespace

Population Population::Build(uint64_t seed, int64_t n, Geography& geo) {
  Population pop;
  pop.seed_ = seed;
  pop.persons_.reserve(static_cast<size_t>(n));
  Rng rng(StreamSeed(seed, {kHouseholds}));

  PseudonymKey key;
  Rng key_rng(StreamSeed(seed, {kKey}));
  for (uint8_t& b : key) b = static_cast<uint8_t>(key_rng.Next());

  const auto& counties = geo.counties();
  std::vector<double> cdf;
  double total = 0;
  for (const County& c : counties) cdf.push_back(total += c.weight);
  std::vector<std::vector<uint32_t>> homes_by_county(counties.size());

  // Household sizes: 1: 15%, 2: 30%, 3: 30%, 4: 15%, 5: 10%.
  static constexpr double kSizeCdf[5] = {0.15, 0.45, 0.75, 0.90, 1.0};
  std::unordered_set<std::string> used_ids;
  used_ids.reserve(static_cast<size_t>(n));
  while (static_cast<int64_t>(pop.persons_.size()) < n) {
    const double u = rng.Uniform();
    int size = 1;
    while (size < 5 && u >= kSizeCdf[size - 1]) ++size;
    size = static_cast<int>(std::min<int64_t>(size, n - static_cast<int64_t>(pop.persons_.size())));
    const double w = rng.Uniform() * total;
    const uint32_t county =
        static_cast<uint32_t>(std::upper_bound(cdf.begin(), cdf.end(), w) - cdf.begin()) % counties.size();
    const uint32_t home = geo.AddHome(geo.RandomPointIn(county, rng, false));
    const uint32_t home_county = geo.place(home).county;
    homes_by_county[home_county].push_back(home);
    const uint32_t first = static_cast<uint32_t>(pop.persons_.size());
    for (int m = 0; m < size; ++m) {
      Person p;
      p.home = home;
      p.household_first = first;
      // Resident IDs are unique: draw again on the rare clash (same county,
      // birth date and sequence number).
      for (;;) {
        const std::string national_id = NationalId(counties[home_county].code, rng);
        if (!used_ids.insert(national_id).second) continue;
        PseudonymizeTo(key, national_id, counties[home_county].code, p.id.data());
        break;
      }
      if (m < 2) {
        p.role = rng.Bernoulli(0.75) ? Role::kWorker : Role::kHomebody;
      } else {
        const double r = rng.Uniform();
        p.role = r < 0.6 ? Role::kStudent : r < 0.8 ? Role::kWorker : Role::kHomebody;
      }
      pop.persons_.push_back(p);
    }
  }

  // Work places and habits, now that every home exists.
  for (uint32_t i = 0; i < pop.persons_.size(); ++i) {
    Person& p = pop.persons_[i];
    Rng h(StreamSeed(seed, {kHabits, i}));
    const uint32_t home_county = geo.place(p.home).county;
    const uint32_t city = counties[home_county].city;
    const auto& city_counties = geo.cities()[city].counties;
    uint32_t work_county = home_county;
    if (p.role == Role::kWorker) {
      if (h.Bernoulli(0.4)) work_county = city_counties[h.Below(city_counties.size())];
      static constexpr PlaceKind kOther[] = {PlaceKind::kShop, PlaceKind::kRestaurant, PlaceKind::kSchool,
                                             PlaceKind::kHotel, PlaceKind::kHospital};
      const PlaceKind kind = h.Bernoulli(0.7) ? PlaceKind::kOffice : kOther[h.Below(5)];
      p.work = PickOne(geo.VenuesInCounty(work_county, kind), h);
      if (p.work == kNone) p.work = PickOne(geo.VenuesInCity(city, kind), h);
      if (p.work == kNone) p.work = PickOne(geo.VenuesInCity(city, PlaceKind::kOffice), h);
      p.weekend_worker = h.Bernoulli(0.12);
    } else if (p.role == Role::kStudent) {
      p.work = PickOne(geo.VenuesInCounty(home_county, PlaceKind::kSchool), h);
      if (p.work == kNone) p.work = PickOne(geo.VenuesInCity(city, PlaceKind::kSchool), h);
    }
    for (uint32_t& s : p.shops) {
      s = PickOne(geo.VenuesInCounty(home_county, PlaceKind::kShop), h);
      if (s == kNone) s = PickOne(geo.VenuesInCity(city, PlaceKind::kShop), h);
    }
    p.restaurants[0] = PickOne(geo.VenuesInCounty(home_county, PlaceKind::kRestaurant), h);
    const uint32_t work_area = p.work != kNone ? geo.place(p.work).county : home_county;
    p.restaurants[1] = PickOne(geo.VenuesInCounty(work_area, PlaceKind::kRestaurant), h);
    for (uint32_t& r : p.restaurants) {
      if (r == kNone) r = PickOne(geo.VenuesInCity(city, PlaceKind::kRestaurant), h);
    }
    p.park = PickOne(geo.VenuesInCounty(home_county, PlaceKind::kPark), h);
    if (p.park == kNone) p.park = PickOne(geo.VenuesInCity(city, PlaceKind::kPark), h);
    // Friends live in the same county.
    const auto& homes = homes_by_county[home_county];
    p.friend_home = homes[h.Below(homes.size())];
    if (p.friend_home == p.home) p.friend_home = kNone;
  }
  // Teams of about ten at each work place, in person order.
  constexpr uint32_t kTeamSize = 10;
  std::vector<uint32_t> workers(geo.places().size(), 0);
  pop.teams_at_.assign(geo.places().size(), 0);
  for (Person& p : pop.persons_) {
    if (p.work == kNone) continue;
    p.team = static_cast<uint16_t>(std::min<uint32_t>(workers[p.work]++ / kTeamSize + 1, 65535));
    pop.teams_at_[p.work] = std::max<uint16_t>(pop.teams_at_[p.work], p.team);
  }
  return pop;
}

uint32_t Population::HouseholdSize(uint32_t first) const {
  uint32_t n = 0;
  while (first + n < persons_.size() && persons_[first + n].household_first == first) ++n;
  return n;
}

std::string Population::NameOf(uint32_t i) const {
  Rng rng(StreamSeed(seed_, {kNames, i}));
  return PersonName(rng);
}

std::string Population::PhoneTailOf(uint32_t i) const {
  Rng rng(StreamSeed(seed_, {kPhone, i}));
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04d", static_cast<int>(rng.Below(10000)));
  return buf;
}

}  // namespace onecode::sim
