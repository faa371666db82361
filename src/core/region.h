// RegionCode: a 6-digit administrative division code in the GB/T 2260 style.
//
// Digits 1-2 name the province, 3-4 the city (prefecture), 5-6 the county
// (district). A province code ends in 0000, a city code in 00. Value type,
// immutable, cheap to copy; safe to share between threads.
#ifndef ONECODE_CORE_REGION_H_
#define ONECODE_CORE_REGION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace onecode {

enum class RegionLevel { kProvince, kCity, kCounty };

class RegionCode {
 public:
  // Parses exactly six ASCII digits. The province part must be 11-82 (the
  // range GB/T 2260 uses), and a code with city part 00 must have county 00.
  // Returns INVALID_ARGUMENT naming the problem otherwise.
  static StatusOr<RegionCode> Parse(std::string_view text);
  // REQUIRES: province in [11, 82], city and county in [0, 99], and
  // county == 0 when city == 0. Asserts in debug builds.
  static RegionCode FromParts(int province, int city, int county);

  int province() const { return static_cast<int>(value_ / 10000); }
  int city() const { return static_cast<int>(value_ / 100 % 100); }
  int county() const { return static_cast<int>(value_ % 100); }
  uint32_t value() const { return value_; }
  RegionLevel level() const;

  // The enclosing region one level up; nullopt for a province.
  std::optional<RegionCode> Parent() const;
  RegionCode ProvinceCode() const { return RegionCode(value_ / 10000 * 10000); }
  // REQUIRES: level() != kProvince.
  RegionCode CityCode() const { return RegionCode(value_ / 100 * 100); }
  // True when `other` is this region or lies inside it.
  bool Contains(RegionCode other) const;

  std::string ToString() const;  // always six digits

  friend bool operator==(RegionCode a, RegionCode b) { return a.value_ == b.value_; }
  friend auto operator<=>(RegionCode a, RegionCode b) { return a.value_ <=> b.value_; }

 private:
  explicit RegionCode(uint32_t value) : value_(value) {}
  uint32_t value_;
};

}  // namespace onecode

#endif  // ONECODE_CORE_REGION_H_
