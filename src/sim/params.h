// Parameters of the synthetic region. Every number that shapes the data is
// here, with its default and the reason for it in docs/simulator.md; the
// simulator writes the values it used to truth/params.json.
#ifndef ONECODE_SIM_PARAMS_H_
#define ONECODE_SIM_PARAMS_H_

#include <cstdint>

namespace onecode::sim {

// How operator location records drift from the phone's true position.
struct DriftParams {
  // Share of serving-cell (re)selections that pick the nearest tower; the rest
  // pick the 2nd..6th nearest with weight 1/rank^2. Field studies of CDR
  // against GPS find the nearest tower serving roughly half to three quarters
  // of the time.
  double nearest_share = 0.6;
  // Mean minutes on one serving cell before the network reselects while the
  // phone stays put.
  double reselect_mean_minutes = 120;
  // Ping-pong episodes per hour while staying: the phone flips between two
  // cells for a few minutes (A-B-A-B).
  double pingpong_per_hour = 0.12;
  int pingpong_min_flips = 2;
  int pingpong_max_flips = 6;
  double pingpong_flip_min_seconds = 20;
  double pingpong_flip_max_seconds = 180;
  // One-record far jumps per person-day: a single short record on a cell
  // 5-40 km away (overshooting cells, ducting).
  double far_jump_per_day = 0.25;
  double far_jump_min_km = 5;
  double far_jump_max_km = 40;
  // Idle gaps: probability that a stay of an hour or more has a stretch with no
  // record at all (20-60% of the stay), and that a night at home has a 1-4 h gap.
  double stay_gap_probability = 0.35;
  double night_gap_probability = 0.5;
  // Seconds between position samples while moving.
  double move_sample_seconds = 240;
  // A position farther than this from every tower has no coverage.
  double max_coverage_km = 8;
};

struct TravelParams {
  double trip_start_per_day = 0.004;  // chance a person at home starts a trip on a day
  int min_nights = 1;
  int max_nights = 4;
  double same_province_share = 0.7;  // when K > 1
};

struct OutbreakParams {
  int seeds = 0;                      // seeded infections; 0 = max(3, persons / 2000)
  double transmission_per_hour = 0.02;   // hazard per hour together (x place weight)
  double min_contact_minutes = 15;    // shorter co-presence neither infects nor counts as a contact
  int cotravel_rows = 2;              // |row difference| that counts as close on a vehicle
  double asymptomatic_share = 0.25;
  double incubation_median_days = 5.2;  // log-normal (Lauer et al. 2020)
  double incubation_sigma = 0.42;
  double unreported_share = 0.1;      // symptomatic people who never report on their own
  double screening_per_day = 0.02;    // share of people tested at random each day
  double fever_declaration_share = 0.6;
  double background_declarations_per_day = 0.002;
  double suspected_per_day_per_100k = 3;  // fevers reported as suspected, later cleared
  int high_risk_cases_7d = 3;         // cases in 7 days that make a county high risk
  int risk_area_days = 14;            // days a county stays at risk after its last case
};

struct SimParams {
  int64_t persons = 20000;
  int days = 14;
  uint64_t seed = 1;
  int provinces = 1;
  int64_t start_day = 0;  // local day number of the first day; 0 = 2026-11-01
  int threads = 2;
  DriftParams drift;
  TravelParams travel;
  OutbreakParams outbreak;
};

}  // namespace onecode::sim

#endif  // ONECODE_SIM_PARAMS_H_
