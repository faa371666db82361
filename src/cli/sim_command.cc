#include <cmath>
#include <cstdio>
#include <string>

#include <boost/json.hpp>

#include "cli/commands.h"
#include "cli/progress.h"
#include "core/time.h"
#include "feeds/schema.h"
#include "sim/simulator.h"

namespace onecode::cli {
namespace {

struct SimOptions {
  sim::SimParams params;
  std::string out;
  std::string start_date = "2026-11-01";
  bool json = false;
  bool progress = false;
};

boost::json::object SummaryJson(const sim::SimSummary& s) {
  boost::json::object feeds, truth, bytes;
  for (const TableSchema& t : AllTables()) {
    const auto i = static_cast<size_t>(t.table);
    (t.is_truth ? truth : feeds)[t.name] = s.rows[i];
    bytes[std::string(t.is_truth ? "truth/" : "feeds/") + std::string(t.name)] = s.bytes[i];
  }
  uint64_t total_rows = 0, total_bytes = 0;
  for (size_t i = 0; i < 17; ++i) {
    total_rows += s.rows[i];
    total_bytes += s.bytes[i];
  }
  boost::json::object o;
  o["persons"] = s.persons;
  o["days"] = s.days;
  o["seed"] = s.seed;
  o["provinces"] = s.provinces;
  o["cities"] = s.cities;
  o["counties"] = s.counties;
  o["cells"] = s.towers;
  o["venues"] = s.venues;
  o["infections"] = s.infections;
  o["cases"] = s.cases;
  o["true_contacts"] = s.true_contacts;
  o["rows"] = feeds;
  o["truth_rows"] = truth;
  o["bytes"] = bytes;
  o["seconds"] = std::round(s.seconds * 100) / 100;
  o["rows_per_second"] = s.seconds > 0 ? std::round(static_cast<double>(total_rows) / s.seconds) : 0.0;
  o["mb_per_second"] = s.seconds > 0 ? std::round(static_cast<double>(total_bytes) / 1e6 / s.seconds * 10) / 10 : 0.0;
  return o;
}

void PrintHuman(const sim::SimSummary& s, const std::string& out) {
  std::printf("Synthetic region written to %s/ in %.1f s\n", out.c_str(), s.seconds);
  std::printf("  %lld persons, %d days, seed %llu\n", static_cast<long long>(s.persons), s.days,
              static_cast<unsigned long long>(s.seed));
  std::printf("  %d province(s), %d cities, %d counties, %llu cells, %llu venues\n", s.provinces, s.cities,
              s.counties, static_cast<unsigned long long>(s.towers), static_cast<unsigned long long>(s.venues));
  std::printf("  outbreak: %llu infected, %llu cases reported, %llu true close contacts\n",
              static_cast<unsigned long long>(s.infections), static_cast<unsigned long long>(s.cases),
              static_cast<unsigned long long>(s.true_contacts));
  std::printf("  %-28s %14s %12s\n", "file", "rows", "MB");
  for (const TableSchema& t : AllTables()) {
    const auto i = static_cast<size_t>(t.table);
    std::printf("  %-28s %14llu %12.1f\n", RelativePath(t).c_str(), static_cast<unsigned long long>(s.rows[i]),
                static_cast<double>(s.bytes[i]) / 1e6);
  }
}

}  // namespace

void RegisterSim(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<SimOptions>();
  CLI::App* cmd = app.add_subcommand("sim", "Write a synthetic region's feeds and ground truth");
  cmd->add_option("--persons", opt->params.persons, "Number of residents")->required();
  cmd->add_option("--days", opt->params.days, "Number of days")->required();
  cmd->add_option("--seed", opt->params.seed, "Random seed: same seed, same bytes")->required();
  cmd->add_option("--regions", opt->params.provinces, "Number of provinces (1-26)")->capture_default_str();
  cmd->add_option("--out", opt->out, "Output directory (feeds/ and truth/ are created in it)")->required();
  cmd->add_option("--start", opt->start_date, "First local date, YYYY-MM-DD")->capture_default_str();
  cmd->add_option("--threads", opt->params.threads, "Worker threads")->capture_default_str();
  cmd->add_option("--nearest-share", opt->params.drift.nearest_share,
                  "Share of serving-cell choices that pick the nearest tower")->capture_default_str();
  cmd->add_option("--pingpong-per-hour", opt->params.drift.pingpong_per_hour,
                  "Ping-pong episodes per hour at a stay")->capture_default_str();
  cmd->add_option("--far-jumps-per-day", opt->params.drift.far_jump_per_day,
                  "One-record far jumps per person-day")->capture_default_str();
  cmd->add_option("--stay-gap-probability", opt->params.drift.stay_gap_probability,
                  "Chance a stay of 1 h+ has an idle gap")->capture_default_str();
  cmd->add_option("--seeds", opt->params.outbreak.seeds, "Seeded infections (0 = persons/2000, at least 3)")
      ->capture_default_str();
  cmd->add_option("--transmission-per-hour", opt->params.outbreak.transmission_per_hour,
                  "Infection hazard per hour together")->capture_default_str();
  cmd->add_flag("--json", opt->json, "Print one JSON summary object on stdout");
  cmd->add_flag("--progress", opt->progress, "Show progress even when stderr is not a terminal");
  cmd->callback([opt, exit_code] {
    auto start = ParseDate(opt->start_date);
    if (!start.ok()) {
      std::fprintf(stderr, "onecode sim: --start: %s\n", start.status().message().c_str());
      *exit_code = 2;
      return;
    }
    opt->params.start_day = *start;
    Progress progress(opt->progress || StderrIsTerminal());
    sim::SimSummary summary;
    const Status st = sim::RunSimulation(opt->params, opt->out, [&](const std::string& line) { progress.Update(line); },
                                         &summary);
    if (!st.ok()) {
      progress.Done("");
      std::fprintf(stderr, "onecode sim: %s\n", st.message().c_str());
      *exit_code = st.code() == StatusCode::kInvalidArgument ? 2 : 1;
      return;
    }
    progress.Done("simulation done");
    if (opt->json) {
      std::printf("%s\n", boost::json::serialize(SummaryJson(summary)).c_str());
    } else {
      PrintHuman(summary, opt->out);
    }
  });
}

}  // namespace onecode::cli
