// Points on the Earth and distances between them (spherical Earth model).
#ifndef ONECODE_CORE_GEO_H_
#define ONECODE_CORE_GEO_H_

#include <cmath>

namespace onecode {

inline constexpr double kEarthRadiusMetres = 6371008.8;  // mean radius (IUGG)
inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kMetresPerDegreeLat = kEarthRadiusMetres * kPi / 180.0;

struct LonLat {
  double lon = 0;  // degrees east
  double lat = 0;  // degrees north
};

inline double Radians(double degrees) { return degrees * kPi / 180.0; }

// Great-circle distance in metres (haversine).
inline double DistanceMetres(LonLat a, LonLat b) {
  const double dlat = Radians(b.lat - a.lat), dlon = Radians(b.lon - a.lon);
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(Radians(a.lat)) * std::cos(Radians(b.lat)) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusMetres * std::asin(std::sqrt(h < 1 ? h : 1));
}

// DistanceMetres(a, b) <= limit_m, the same answer, mostly without
// trigonometry: `cos_a` and `cos_b` are cos(Radians(a.lat)) and
// cos(Radians(b.lat)) (worked out once per point by the caller). Within
// ~60 km the haversine's sines and arcsine are replaced by their arguments
// (relative error < 2e-5); only a distance within 1e-4 of the limit, or a
// longer one, is computed in full.
inline bool WithinMetres(LonLat a, double cos_a, LonLat b, double cos_b, double limit_m) {
  const double dlat = Radians(b.lat - a.lat), dlon = Radians(b.lon - a.lon);
  if (std::abs(dlat) < 1e-2 && std::abs(dlon) < 1e-2) {
    const double d = kEarthRadiusMetres * std::sqrt(dlat * dlat + cos_a * cos_b * dlon * dlon);
    if (d < limit_m * (1 - 1e-4)) return true;
    if (d > limit_m * (1 + 1e-4)) return false;
  }
  return DistanceMetres(a, b) <= limit_m;
}

// The point `east_m` metres east and `north_m` metres north of `p` (local
// tangent-plane approximation; accurate to well under 1% within 100 km).
inline LonLat OffsetMetres(LonLat p, double east_m, double north_m) {
  return LonLat{p.lon + east_m / (kMetresPerDegreeLat * std::cos(Radians(p.lat))),
                p.lat + north_m / kMetresPerDegreeLat};
}

// Linear interpolation between two points (fraction f in [0, 1]); fine for the
// distances a person covers between two samples.
inline LonLat Interpolate(LonLat a, LonLat b, double f) {
  return LonLat{a.lon + (b.lon - a.lon) * f, a.lat + (b.lat - a.lat) * f};
}

}  // namespace onecode

#endif  // ONECODE_CORE_GEO_H_
