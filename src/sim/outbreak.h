// Outbreak: seeded infections spreading through true co-presence, the course
// of each infection (onset, infectious window, report and isolation), and the
// health records that follow (lab tests, declarations, cases, area risk).
//
// Driven day by day by the simulator's first pass. Every report time is
// decided at least one day before it happens, so the second pass can rebuild
// the same plans from the final isolation times. Not thread-safe: the
// simulator calls the mutating methods from one thread.
#ifndef ONECODE_SIM_OUTBREAK_H_
#define ONECODE_SIM_OUTBREAK_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/status.h"
#include "sim/copresence.h"
#include "sim/geography.h"
#include "sim/params.h"
#include "sim/planner.h"
#include "sim/population.h"

namespace onecode::sim {

inline constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

struct Infection {
  uint32_t person = kNone;
  int64_t infected_at = 0;
  uint32_t infector = kNone;   // kNone for a seed
  uint32_t place = kNone;      // where it happened
  uint32_t service = kNone;    // or on which vehicle
  int64_t onset = kNever;      // kNever when asymptomatic
  int64_t infectious_from = 0, infectious_to = 0;
  int64_t detectable_from = 0, detectable_to = 0;
  int64_t reported = kNever;
  int case_number = -1;        // index into cases once reported in time
};

struct TestRecord {
  uint32_t person;
  int64_t sampled;
  bool positive;
  uint32_t city;  // for the lab id
};

struct Declaration {
  uint32_t person;
  int64_t time;
  int temperature_decicelsius;  // 0 = not given
  uint8_t symptoms;             // bit set of kSymptom*
  uint8_t note;                 // index of a stock note
};

struct CaseRecord {
  uint32_t person;
  std::string id;
  std::string status;  // confirmed | suspected | asymptomatic | cleared
  int64_t onset;       // kNever when none
  int64_t reported;
};

struct RiskPeriod {
  uint32_t county;
  int level;  // 1 medium, 2 high
  int64_t from, to;
};

// Events one person produced on one day in the parallel part of a day.
struct PersonDayEvents {
  bool infected = false;
  Infection infection;
  bool screened = false;
  TestRecord screening{};
  bool declared = false;
  Declaration declaration{};
};

class Outbreak {
 public:
  Outbreak(const SimParams& params, const Geography& geo, const Population& pop, const Planner& planner);

  // Report times by person (kNever when not reported); planners read this.
  const std::vector<int64_t>& isolate_at() const { return isolate_at_; }
  const std::vector<Infection>& infections() const { return infections_; }
  bool IsInfected(uint32_t person) const { return infection_of_[person] >= 0; }

  // Seeds the first infections; call once before day 0.
  void Seed();
  // Morning of `day`: household testing around yesterday's and today's reports.
  void BeginDay(int day);
  // People infectious at some time on `day` and not isolated at its start,
  // sorted; with the part of the day they are infectious.
  struct Infectious {
    uint32_t person;
    int64_t from, to;
  };
  std::vector<Infectious> InfectiousOn(int day) const;

  // Parallel part: what happens to `person` on `day` given their plan and the
  // overlaps with infectious people. Pure; thread-safe.
  void PersonDay(uint32_t person, int day, const DayPlan& plan, const std::vector<Overlap>& overlaps,
                 PersonDayEvents* events) const;
  // Sequential part: records the events, in person order.
  void Apply(int day, const PersonDayEvents& events);

  // After the last day: cases (reported before the end), area risk levels.
  // INTERNAL if a report was ever decided less than a day before it happens
  // (the second pass would then rebuild different plans).
  Status Finish();
  const std::vector<TestRecord>& tests() const { return tests_; }
  const std::vector<Declaration>& declarations() const { return declarations_; }
  const std::vector<CaseRecord>& cases() const { return cases_; }
  const std::vector<RiskPeriod>& risk_periods() const { return risk_; }
  // Persons who became confirmed or asymptomatic cases, sorted.
  std::vector<uint32_t> CasePersons() const;

  static std::string SymptomText(uint8_t symptoms);
  static std::string_view NoteText(uint8_t note);

 private:
  void Infect(const Infection& partial);
  void Report(uint32_t person, int64_t when);
  double PlaceWeight(uint32_t place) const;

  const SimParams& params_;
  const Geography& geo_;
  const Population& pop_;
  const Planner& planner_;
  int64_t sim_end_;
  std::vector<int64_t> isolate_at_;
  std::vector<int32_t> infection_of_;
  std::vector<Infection> infections_;
  std::vector<TestRecord> tests_;
  std::vector<Declaration> declarations_;
  std::vector<CaseRecord> cases_;
  std::vector<RiskPeriod> risk_;
  std::vector<std::pair<int64_t, uint32_t>> household_tests_due_;  // (report time, person reported)
  struct PendingTest {
    int64_t sampled;
    uint32_t person;
    friend auto operator<=>(const PendingTest&, const PendingTest&) = default;
  };
  std::vector<PendingTest> pending_tests_;  // household retests, decided on their day
  std::vector<CaseRecord> suspected_;
  int current_day_ = -1;          // the day BeginDay last started
  uint64_t late_decisions_ = 0;   // reports decided less than a day ahead (must stay 0)
};

}  // namespace onecode::sim

#endif  // ONECODE_SIM_OUTBREAK_H_
