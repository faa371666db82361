// Rule evaluation speed: a rule set (default rules/default.json) over N
// synthetic persons' facts drawn from a fixed seed with a realistic mix (most
// green; some cases, contacts, risk-area stays, tests, declarations). Single
// thread. Prints one JSON object: persons, rules, rule evaluations per second
// (with and without the cost of writing typed facts into the frame) and the
// colour counts. With --write-facts FILE it also writes the same facts as
// JSON Lines for the json-logic-js peer (bench/rules_peer.cjs).
//
// usage: onecode_rules_bench [--persons N] [--seed S] [--rules FILE] [--write-facts FILE] [--repeats R]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/random.h"
#include "rules/facts.h"
#include "rules/rule_set.h"

namespace {

using onecode::Colour;
using onecode::Rng;
using onecode::Timestamp;
using onecode::rules::PersonFacts;

PersonFacts Draw(Rng& rng, Timestamp now) {
  static const char* kRegions[] = {"310101", "110105", "440305", "510104", "330106", "420102", "320582"};
  static const char* kKinds[] = {"colocation", "cotravel", "venue"};
  static const char* kSymptoms[] = {"cough", "sore throat", "fatigue", "loss of smell"};
  PersonFacts p;
  p.now = now;
  const int regions = 1 + static_cast<int>(rng.Below(3));
  for (int i = 0; i < regions; ++i) p.regions.push_back(kRegions[rng.Below(7)]);
  // Cases: 0.2% (confirmed, asymptomatic, suspected, cleared).
  if (rng.Bernoulli(0.002)) {
    const double u = rng.Uniform();
    p.case_status = u < 0.6 ? "confirmed" : u < 0.85 ? "asymptomatic" : u < 0.95 ? "suspected" : "cleared";
    if (p.case_status != "asymptomatic") p.case_onset_days_ago = static_cast<double>(rng.Below(15));
  }
  // Contacts: 1% first degree, 1.5% second degree or spatiotemporal companion.
  const double c = rng.Uniform();
  if (c < 0.025) {
    const bool first = c < 0.01;
    p.contact_degree = first ? 1 : (rng.Bernoulli(0.5) ? 2 : 1);
    p.contact_kind = first ? kKinds[rng.Below(3)] : (p.contact_degree == 1 ? "companion" : kKinds[rng.Below(3)]);
    p.contact_last_days_ago = static_cast<double>(rng.Below(21));
    p.contact_minutes = static_cast<double>(10 + rng.Below(200));
    p.negatives_24h_apart_since_contact = static_cast<int>(rng.Below(4));
  }
  // Risk areas: 3% high, 5% medium within 20 days.
  if (rng.Bernoulli(0.03)) p.high_risk_days_ago = static_cast<double>(rng.Below(21));
  if (rng.Bernoulli(0.05)) p.medium_risk_days_ago = static_cast<double>(rng.Below(21));
  // Tests: 60% have a negative test in the last 4 days; 0.3% a positive one.
  if (rng.Bernoulli(0.6)) p.last_negative_hours_ago = static_cast<double>(rng.Below(97));
  if (rng.Bernoulli(0.003)) p.last_positive_days_ago = static_cast<double>(rng.Below(15));
  // Declarations: 80% declared within 3 days; 1% fever, 1% symptoms.
  if (rng.Bernoulli(0.8)) {
    p.declaration_days_ago = static_cast<double>(rng.Below(4));
    p.fever = rng.Bernoulli(0.01);
    if (rng.Bernoulli(0.01)) p.symptoms.push_back(kSymptoms[rng.Below(4)]);
  }
  // Overrides: 0.01%.
  if (rng.Bernoulli(0.0001)) {
    p.override_colour = rng.Bernoulli(0.5) ? "red" : "yellow";
    p.override_reason = "set by officials in a test";
    p.override_until = Timestamp{now.seconds + 7 * 86400};
  }
  return p;
}

double Seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  long persons = 1000000;
  uint64_t seed = 7;
  int repeats = 3;
  std::string rules_file = "rules/default.json", facts_out;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "onecode_rules_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--persons") persons = std::stol(next());
    else if (a == "--seed") seed = std::stoull(next());
    else if (a == "--rules") rules_file = next();
    else if (a == "--write-facts") facts_out = next();
    else if (a == "--repeats") repeats = std::stoi(next());
    else {
      std::fprintf(stderr, "usage: onecode_rules_bench [--persons N] [--seed S] [--rules FILE] [--write-facts FILE] [--repeats R]\n");
      return 2;
    }
  }
  auto set = onecode::rules::RuleSet::Load(rules_file);
  if (!set.ok()) {
    std::fprintf(stderr, "onecode_rules_bench: %s\n", set.status().message().c_str());
    return 2;
  }
  Rng rng(seed);
  const Timestamp now{1795680000};  // 2026-11-26T08:00:00Z
  std::vector<PersonFacts> people;
  people.reserve(persons);
  for (long i = 0; i < persons; ++i) people.push_back(Draw(rng, now));

  onecode::rules::Frame frame(onecode::rules::PersonFactsLayout());
  if (!facts_out.empty()) {
    std::FILE* f = std::fopen(facts_out.c_str(), "w");
    if (f == nullptr) {
      std::fprintf(stderr, "onecode_rules_bench: cannot write %s\n", facts_out.c_str());
      return 1;
    }
    std::string line;
    for (const auto& p : people) {
      onecode::rules::FillFrame(p, &frame);
      line.clear();
      onecode::rules::AppendJson(frame.Root(), &line);
      line.push_back('\n');
      std::fwrite(line.data(), 1, line.size(), f);
    }
    std::fclose(f);
  }

  onecode::rules::Evaluator ev;
  std::vector<uint32_t> matched;
  matched.reserve(set->rules().size());
  long counts[3] = {0, 0, 0};
  uint32_t colour_hash = 0;  // over the sequence of colours, to compare person by person with the peer
  double best_total = 1e30, best_fill = 1e30;
  for (int r = 0; r < repeats; ++r) {
    long c[3] = {0, 0, 0};
    uint32_t h = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (const auto& p : people) {
      onecode::rules::FillFrame(p, &frame);
      const int colour = static_cast<int>(set->Evaluate(frame, ev, &matched));
      ++c[colour];
      h = h * 31 + static_cast<uint32_t>(colour);
    }
    colour_hash = h;
    const auto t1 = std::chrono::steady_clock::now();
    volatile long sink = 0;
    for (const auto& p : people) {
      onecode::rules::FillFrame(p, &frame);
      sink = sink + frame.Get(0).size;
    }
    const auto t2 = std::chrono::steady_clock::now();
    best_total = std::min(best_total, Seconds(t0, t1));
    best_fill = std::min(best_fill, Seconds(t1, t2));
    std::memcpy(counts, c, sizeof c);
  }
  const double evals = static_cast<double>(persons) * static_cast<double>(set->rules().size());
  const double eval_only = std::max(best_total - best_fill, 1e-9);
  std::printf(
      "{\"engine\":\"onecode\",\"persons\":%ld,\"rules\":%zu,\"rule_evaluations\":%.0f,\"seconds_fill_and_evaluate\":%.4f,"
      "\"seconds_fill_only\":%.4f,\"evals_per_second_end_to_end\":%.0f,\"evals_per_second_evaluate_only\":%.0f,"
      "\"green\":%ld,\"yellow\":%ld,\"red\":%ld,\"colour_hash\":%u}\n",
      persons, set->rules().size(), evals, best_total, best_fill, evals / best_total, evals / eval_only, counts[0],
      counts[1], counts[2], colour_hash);
  return 0;
}
