#include "tracing/params.h"

#include <boost/json.hpp>

namespace onecode::tracing {

TraceParams TraceParams::PlainGrid() {
  TraceParams p;
  p.border_max_m = 0;
  p.venue_exclusion = false;
  p.home_match_m = 0;
  p.max_pair_distance_m = 0;
  p.pair_radius_factor = 0;
  p.venue_reach_m = 0;
  return p;
}

std::string TraceParams::ToJson() const {
  boost::json::object o;
  o["mode"] = mode == ColocationMode::kStays ? "stays" : "chengdu";
  o["grid_m"] = grid_m;
  o["min_minutes"] = min_minutes;
  o["border_radius_share"] = border_radius_share;
  o["border_max_m"] = border_max_m;
  o["max_stay_radius_m"] = max_stay_radius_m;
  o["venue_exclusion"] = venue_exclusion;
  o["max_pair_distance_m"] = max_pair_distance_m;
  o["pair_radius_factor"] = pair_radius_factor;
  o["home_match_m"] = home_match_m;
  o["venue_reach_m"] = venue_reach_m;
  o["chengdu_hours"] = chengdu_hours;
  o["window_before_days"] = window_before_days;
  o["lookback_days"] = lookback_days;
  o["flight_rows"] = flight_rows;
  o["venue_window_minutes"] = venue_window_minutes;
  o["suspect_min_m"] = suspect_min_m;
  o["suspect_radius_factor"] = suspect_radius_factor;
  o["second_degree"] = second_degree;
  o["second_degree_days"] = second_degree_days;
  return boost::json::serialize(o);
}

}  // namespace onecode::tracing
