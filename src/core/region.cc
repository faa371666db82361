#include "core/region.h"

#include <cassert>

namespace onecode {

StatusOr<RegionCode> RegionCode::Parse(std::string_view text) {
  if (text.size() != 6) {
    return Status::InvalidArgument("region code must have 6 digits, got '" + std::string(text) + "'");
  }
  uint32_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return Status::InvalidArgument("region code must be digits only, got '" + std::string(text) + "'");
    }
    v = v * 10 + static_cast<uint32_t>(c - '0');
  }
  const uint32_t province = v / 10000, city = v / 100 % 100, county = v % 100;
  if (province < 11 || province > 82) {
    return Status::InvalidArgument("region code '" + std::string(text) + "' has no such province (11-82)");
  }
  if (city == 0 && county != 0) {
    return Status::InvalidArgument("region code '" + std::string(text) + "' names a county without a city");
  }
  return RegionCode(v);
}

RegionCode RegionCode::FromParts(int province, int city, int county) {
  assert(province >= 11 && province <= 82);
  assert(city >= 0 && city <= 99 && county >= 0 && county <= 99);
  assert(city != 0 || county == 0);
  return RegionCode(static_cast<uint32_t>(province * 10000 + city * 100 + county));
}

RegionLevel RegionCode::level() const {
  if (value_ % 10000 == 0) return RegionLevel::kProvince;
  if (value_ % 100 == 0) return RegionLevel::kCity;
  return RegionLevel::kCounty;
}

std::optional<RegionCode> RegionCode::Parent() const {
  switch (level()) {
    case RegionLevel::kProvince: return std::nullopt;
    case RegionLevel::kCity: return ProvinceCode();
    case RegionLevel::kCounty: return CityCode();
  }
  return std::nullopt;
}

bool RegionCode::Contains(RegionCode other) const {
  switch (level()) {
    case RegionLevel::kProvince: return other.value_ / 10000 == value_ / 10000;
    case RegionLevel::kCity: return other.value_ / 100 == value_ / 100;
    case RegionLevel::kCounty: return other.value_ == value_;
  }
  return false;
}

std::string RegionCode::ToString() const {
  std::string s(6, '0');
  uint32_t v = value_;
  for (int i = 5; i >= 0; --i) {
    s[static_cast<size_t>(i)] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return s;
}

}  // namespace onecode
