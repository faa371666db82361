#include "sim/outbreak.h"

#include <algorithm>
#include <cmath>

#include "core/time.h"

namespace onecode::sim {
namespace {

enum Stream : uint64_t { kSeeds = 0x0b1, kCourse, kDaily, kScreenReport, kHousehold };
enum Symptom : uint8_t { kFever = 1, kCough = 2, kSoreThroat = 4, kFatigue = 8, kLossOfSmell = 16 };

constexpr int64_t kHour = kSecondsPerHour;
constexpr int64_t kDay = kSecondsPerDay;

int64_t Between(Rng& rng, int64_t lo, int64_t hi) { return rng.Between(lo, hi); }

}  // namespace

Outbreak::Outbreak(const SimParams& params, const Geography& geo, const Population& pop, const Planner& planner)
    : params_(params),
      geo_(geo),
      pop_(pop),
      planner_(planner),
      sim_end_(planner.DayStart(params.days)),
      isolate_at_(pop.size(), kNever),
      infection_of_(pop.size(), -1) {}

std::string Outbreak::SymptomText(uint8_t symptoms) {
  static constexpr std::pair<uint8_t, const char*> kNames[] = {
      {kFever, "fever"}, {kCough, "cough"}, {kSoreThroat, "sore_throat"}, {kFatigue, "fatigue"},
      {kLossOfSmell, "loss_of_smell"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if (symptoms & bit) {
      if (!out.empty()) out += ';';
      out += name;
    }
  }
  return out;
}

std::string_view Outbreak::NoteText(uint8_t note) {
  static constexpr std::string_view kNotes[] = {
      "", "日常健康申报", "返程前自查", "cough, took medicine", "发热门诊就诊", "嗓子有点疼"};
  return kNotes[note % 6];
}

double Outbreak::PlaceWeight(uint32_t place) const {
  if (place == kNone) return 1.0;  // a ride
  switch (geo_.place(place).kind) {
    case PlaceKind::kHome: return 0.5;
    case PlaceKind::kRestaurant: return 1.0;
    case PlaceKind::kOffice:
    case PlaceKind::kSchool: return 0.4;
    case PlaceKind::kShop: return 0.6;
    case PlaceKind::kHotel: return 0.5;
    case PlaceKind::kRailStation:
    case PlaceKind::kCoachStation:
    case PlaceKind::kAirport: return 0.4;
    case PlaceKind::kPark: return 0.3;
    case PlaceKind::kHospital: return 0.0;  // isolation wards: protected
  }
  return 1.0;
}

void Outbreak::Seed() {
  Rng rng(StreamSeed(params_.seed, {kSeeds}));
  const int64_t n = static_cast<int64_t>(pop_.size());
  int seeds = params_.outbreak.seeds > 0 ? params_.outbreak.seeds : static_cast<int>(std::max<int64_t>(3, n / 2000));
  seeds = static_cast<int>(std::min<int64_t>(seeds, n));
  const int64_t start = planner_.DayStart(0);
  while (seeds > 0) {
    const auto person = static_cast<uint32_t>(rng.Below(static_cast<uint64_t>(n)));
    if (infection_of_[person] >= 0) continue;
    Infection inf;
    inf.person = person;
    inf.infected_at = start - Between(rng, kDay, 4 * kDay);
    Infect(inf);
    --seeds;
  }
}

void Outbreak::Infect(const Infection& partial) {
  const OutbreakParams& op = params_.outbreak;
  Rng rng(StreamSeed(params_.seed, {kCourse, partial.person}));
  Infection inf = partial;
  const double incubation_days =
      std::clamp(rng.LogNormal(std::log(op.incubation_median_days), op.incubation_sigma), 2.0, 14.0);
  const int64_t symptom_time = inf.infected_at + static_cast<int64_t>(incubation_days * kDay);
  const bool asymptomatic = rng.Bernoulli(op.asymptomatic_share);
  inf.onset = asymptomatic ? kNever : symptom_time;
  inf.infectious_from = std::max(inf.infected_at + kDay, symptom_time - 2 * kDay);
  inf.infectious_to = symptom_time + 7 * kDay;
  inf.detectable_from = inf.infected_at + 2 * kDay;
  inf.detectable_to = inf.infected_at + 21 * kDay;
  infection_of_[inf.person] = static_cast<int32_t>(infections_.size());
  infections_.push_back(inf);
  if (!asymptomatic) {
    if (rng.Bernoulli(op.fever_declaration_share)) {
      Declaration d;
      d.person = inf.person;
      d.time = symptom_time + Between(rng, 0, 12 * kHour);
      d.temperature_decicelsius = static_cast<int>(rng.Between(376, 394));
      d.symptoms = static_cast<uint8_t>(kFever | (rng.Bernoulli(0.6) ? kCough : 0) |
                                        (rng.Bernoulli(0.3) ? kFatigue : 0) | (rng.Bernoulli(0.15) ? kLossOfSmell : 0));
      d.note = 4;
      declarations_.push_back(d);
    }
    if (!rng.Bernoulli(op.unreported_share)) {
      // Seeds are infected before day 0; none is reported before it.
      const int64_t reported =
          std::max(symptom_time + static_cast<int64_t>(rng.Uniform(0.5, 3.0) * kDay),
                   planner_.DayStart(0) + Between(rng, 8 * kHour, 20 * kHour));
      tests_.push_back(TestRecord{inf.person, reported - Between(rng, 4 * kHour, 12 * kHour), true,
                                  geo_.CityOfPlace(pop_.person(inf.person).home)});
      Report(inf.person, reported);
    }
  }
}

void Outbreak::Report(uint32_t person, int64_t when) {
  if (when >= isolate_at_[person]) return;
  // The second pass rebuilds day d's plans knowing every report; that gives
  // the same plans only if pass 1 knew all reports of day d before day d.
  if (when < planner_.DayStart(current_day_ + 1)) ++late_decisions_;
  isolate_at_[person] = when;
  const int32_t k = infection_of_[person];
  if (k >= 0) infections_[static_cast<size_t>(k)].reported = when;
  household_tests_due_.emplace_back(when, person);
}

void Outbreak::BeginDay(int day) {
  current_day_ = day;
  const int64_t day_end = planner_.DayStart(day) + kDay;
  auto detectable = [&](uint32_t m, int64_t t) {
    const int32_t k = infection_of_[m];
    return k >= 0 && t >= infections_[static_cast<size_t>(k)].detectable_from &&
           t < infections_[static_cast<size_t>(k)].detectable_to;
  };
  // Household members of people reported before tonight are tested a few
  // hours after the report; those negative are tested again three days later,
  // decided on that day with what is known then. Positive results are reported
  // a day or more later, so plans for today are unaffected.
  std::vector<std::pair<int64_t, uint32_t>> due = std::move(household_tests_due_);
  household_tests_due_.clear();
  std::sort(due.begin(), due.end());
  for (const auto& [when, reported] : due) {
    if (when >= day_end) {
      household_tests_due_.emplace_back(when, reported);
      continue;
    }
    if (when != isolate_at_[reported]) continue;  // superseded by an earlier report
    const uint32_t first = pop_.person(reported).household_first;
    const uint32_t size = pop_.HouseholdSize(first);
    Rng rng(StreamSeed(params_.seed, {kHousehold, reported, static_cast<uint64_t>(when)}));
    for (uint32_t m = first; m < first + size; ++m) {
      if (m == reported || isolate_at_[m] <= when) continue;
      const int64_t sampled = when + Between(rng, 2 * kHour, 10 * kHour);
      const int64_t retest = when + 3 * kDay + Between(rng, 0, 6 * kHour);
      if (sampled >= day_end) {
        pending_tests_.push_back(PendingTest{sampled, m});
        pending_tests_.push_back(PendingTest{retest, m});
        continue;
      }
      const bool positive = detectable(m, sampled);
      tests_.push_back(TestRecord{m, sampled, positive, geo_.CityOfPlace(pop_.person(m).home)});
      if (positive) {
        Report(m, sampled + Between(rng, 24 * kHour, 36 * kHour));
      } else {
        pending_tests_.push_back(PendingTest{retest, m});
      }
    }
  }
  // Tests sampled today that were scheduled earlier.
  std::sort(pending_tests_.begin(), pending_tests_.end());
  std::vector<PendingTest> later;
  for (const PendingTest& t : pending_tests_) {
    if (t.sampled >= day_end) {
      later.push_back(t);
      continue;
    }
    if (isolate_at_[t.person] <= t.sampled) continue;  // already reported
    const bool positive = detectable(t.person, t.sampled);
    tests_.push_back(TestRecord{t.person, t.sampled, positive, geo_.CityOfPlace(pop_.person(t.person).home)});
    if (positive) {
      Rng rng(StreamSeed(params_.seed, {kHousehold, t.person, static_cast<uint64_t>(t.sampled)}));
      Report(t.person, t.sampled + Between(rng, 24 * kHour, 36 * kHour));
    }
  }
  pending_tests_ = std::move(later);
}

std::vector<Outbreak::Infectious> Outbreak::InfectiousOn(int day) const {
  const int64_t day_start = planner_.DayStart(day), day_end = day_start + kDay;
  std::vector<Infectious> out;
  for (const Infection& inf : infections_) {
    const int64_t from = std::max(inf.infectious_from, day_start);
    const int64_t to = std::min({inf.infectious_to, day_end, isolate_at_[inf.person]});
    if (to > from) out.push_back(Infectious{inf.person, from, to});
  }
  std::sort(out.begin(), out.end(), [](const Infectious& a, const Infectious& b) { return a.person < b.person; });
  return out;
}

void Outbreak::PersonDay(uint32_t person, int day, const DayPlan& plan, const std::vector<Overlap>& overlaps,
                         PersonDayEvents* ev) const {
  (void)plan;
  const OutbreakParams& op = params_.outbreak;
  *ev = PersonDayEvents{};
  Rng rng(StreamSeed(params_.seed, {kDaily, person, static_cast<uint64_t>(day)}));
  const int64_t day_start = planner_.DayStart(day);
  if (infection_of_[person] < 0 && !overlaps.empty()) {
    // Group overlaps by (infectious person, place or vehicle); a group counts
    // only when the time together adds up to the contact threshold.
    std::vector<Overlap> sorted = overlaps;
    std::sort(sorted.begin(), sorted.end(), [](const Overlap& a, const Overlap& b) {
      if (a.focus != b.focus) return a.focus < b.focus;
      if (a.place != b.place) return a.place < b.place;
      if (a.service != b.service) return a.service < b.service;
      return a.start < b.start;
    });
    int64_t best_time = kNever;
    for (size_t i = 0; i < sorted.size();) {
      size_t j = i;
      int64_t total = 0;
      while (j < sorted.size() && sorted[j].focus == sorted[i].focus && sorted[j].place == sorted[i].place &&
             sorted[j].service == sorted[i].service) {
        total += sorted[j].end - sorted[j].start;
        ++j;
      }
      if (total >= static_cast<int64_t>(op.min_contact_minutes * 60)) {
        const double hours = static_cast<double>(total) / kHour;
        const double p = 1 - std::exp(-op.transmission_per_hour * hours * PlaceWeight(sorted[i].place));
        const bool hit = rng.Uniform() < p;
        const int64_t when = sorted[i].start + static_cast<int64_t>(rng.Uniform() * static_cast<double>(sorted[i].end - sorted[i].start));
        if (hit && when < best_time) {
          best_time = when;
          ev->infected = true;
          ev->infection = Infection{};
          ev->infection.person = person;
          ev->infection.infected_at = when;
          ev->infection.infector = sorted[i].focus;
          ev->infection.place = sorted[i].place;
          ev->infection.service = sorted[i].service;
        }
      }
      i = j;
    }
  }
  if (isolate_at_[person] > day_start && rng.Bernoulli(op.screening_per_day)) {
    ev->screened = true;
    const int64_t sampled = day_start + Between(rng, 8 * kHour, 17 * kHour);
    const int32_t k = infection_of_[person];
    const bool positive = k >= 0 && sampled >= infections_[static_cast<size_t>(k)].detectable_from &&
                          sampled < infections_[static_cast<size_t>(k)].detectable_to;
    ev->screening = TestRecord{person, sampled, positive, geo_.CityOfPlace(pop_.person(person).home)};
  }
  if (rng.Bernoulli(op.background_declarations_per_day)) {
    ev->declared = true;
    Declaration& d = ev->declaration;
    d.person = person;
    d.time = day_start + Between(rng, 7 * kHour, 22 * kHour);
    if (rng.Bernoulli(0.8)) {
      d.temperature_decicelsius = static_cast<int>(rng.Between(362, 372));
      d.symptoms = 0;
      d.note = rng.Bernoulli(0.5) ? 1 : 2;
    } else {
      d.temperature_decicelsius = static_cast<int>(rng.Between(373, 379));
      d.symptoms = static_cast<uint8_t>(rng.Bernoulli(0.5) ? kSoreThroat : kCough);
      d.note = rng.Bernoulli(0.5) ? 3 : 5;
    }
    // A fever that gets someone reported as a suspected case, later cleared.
    if (infection_of_[person] < 0 && rng.Uniform() < op.suspected_per_day_per_100k / 1e5 / op.background_declarations_per_day) {
      d.temperature_decicelsius = static_cast<int>(rng.Between(380, 390));
      d.symptoms = kFever;
      d.note = 4;
    }
  }
}

void Outbreak::Apply(int day, const PersonDayEvents& ev) {
  if (ev.infected && infection_of_[ev.infection.person] < 0) Infect(ev.infection);
  if (ev.screened) {
    tests_.push_back(ev.screening);
    if (ev.screening.positive) {
      Rng rng(StreamSeed(params_.seed, {kScreenReport, ev.screening.person, static_cast<uint64_t>(day)}));
      Report(ev.screening.person, ev.screening.sampled + Between(rng, 24 * kHour, 36 * kHour));
    }
  }
  if (ev.declared) {
    declarations_.push_back(ev.declaration);
    const Declaration& d = ev.declaration;
    if (d.temperature_decicelsius >= 380 && infection_of_[d.person] < 0) {
      // Suspected case: reported within hours, tested negative, cleared a day later.
      CaseRecord c;
      c.person = d.person;
      c.onset = d.time;
      c.reported = d.time + 3 * kHour;
      c.status = c.reported + kDay < sim_end_ ? "cleared" : "suspected";
      suspected_.push_back(c);
      tests_.push_back(TestRecord{d.person, c.reported + kHour, false, geo_.CityOfPlace(pop_.person(d.person).home)});
    }
  }
}

Status Outbreak::Finish() {
  if (late_decisions_ > 0) {
    return Status::Internal(std::to_string(late_decisions_) +
                            " report(s) decided less than a day ahead; the feed pass would diverge");
  }
  // Cases: infections reported before the end, then suspected ones.
  std::vector<size_t> order;
  for (size_t k = 0; k < infections_.size(); ++k) {
    if (infections_[k].reported >= planner_.DayStart(0) && infections_[k].reported < sim_end_) order.push_back(k);
  }
  std::vector<CaseRecord> all;
  for (size_t k : order) {
    const Infection& inf = infections_[k];
    CaseRecord c;
    c.person = inf.person;
    c.reported = inf.reported;
    if (inf.onset != kNever && inf.onset <= sim_end_) {
      c.status = "confirmed";
      c.onset = inf.onset;
    } else {
      c.status = "asymptomatic";
      c.onset = kNever;
    }
    all.push_back(c);
  }
  for (const CaseRecord& c : suspected_) {
    if (c.reported < sim_end_) all.push_back(c);  // the feed is a snapshot at the end
  }
  std::sort(all.begin(), all.end(), [](const CaseRecord& a, const CaseRecord& b) {
    return a.reported != b.reported ? a.reported < b.reported : a.person < b.person;
  });
  for (size_t n = 0; n < all.size(); ++n) {
    CaseRecord& c = all[n];
    const RegionCode home = geo_.counties()[geo_.place(pop_.person(c.person).home).county].code;
    char seq[24];
    std::snprintf(seq, sizeof seq, "%05zu", n + 1);
    c.id = "C" + home.ToString() + "-" + seq;
    const int32_t k = infection_of_[c.person];
    if (k >= 0 && (c.status == "confirmed" || c.status == "asymptomatic")) {
      infections_[static_cast<size_t>(k)].case_number = static_cast<int>(n);
    }
  }
  cases_ = std::move(all);

  // Area risk: per county of residence, announced the day after a report.
  const OutbreakParams& op = params_.outbreak;
  std::vector<std::vector<int64_t>> reports(geo_.counties().size());
  for (const CaseRecord& c : cases_) {
    if (c.status != "confirmed" && c.status != "asymptomatic") continue;
    reports[geo_.place(pop_.person(c.person).home).county].push_back(c.reported);
  }
  for (uint32_t county = 0; county < reports.size(); ++county) {
    auto& r = reports[county];
    if (r.empty()) continue;
    std::sort(r.begin(), r.end());
    int current = 0;
    int64_t since = 0;
    for (int d = 0; d <= params_.days + op.risk_area_days; ++d) {
      const int64_t t = planner_.DayStart(d);
      int recent = 0, any = 0;
      for (int64_t when : r) {
        if (when < t && when >= t - 7 * kDay) ++recent;
        if (when < t && when >= t - op.risk_area_days * kDay) ++any;
      }
      const int level = recent >= op.high_risk_cases_7d ? 2 : any > 0 ? 1 : 0;
      if (level != current) {
        if (current > 0) risk_.push_back(RiskPeriod{county, current, since, t});
        current = level;
        since = t;
      }
    }
    if (current > 0) risk_.push_back(RiskPeriod{county, current, since, planner_.DayStart(params_.days + op.risk_area_days + 1)});
  }
  std::sort(risk_.begin(), risk_.end(), [](const RiskPeriod& a, const RiskPeriod& b) {
    return a.from != b.from ? a.from < b.from : a.county < b.county;
  });
  std::sort(tests_.begin(), tests_.end(), [](const TestRecord& a, const TestRecord& b) {
    return a.sampled != b.sampled ? a.sampled < b.sampled : a.person < b.person;
  });
  std::sort(declarations_.begin(), declarations_.end(), [](const Declaration& a, const Declaration& b) {
    return a.time != b.time ? a.time < b.time : a.person < b.person;
  });
  return Status::Ok();
}

std::vector<uint32_t> Outbreak::CasePersons() const {
  std::vector<uint32_t> out;
  for (const Infection& inf : infections_) {
    if (inf.case_number >= 0) out.push_back(inf.person);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace onecode::sim
