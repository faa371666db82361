// `onecode demo`: a fresh embedded store → sim → ingest → keys → trace →
// colours → demo accounts → serve. The README's main job.
#include <signal.h>

#include <rocksdb/write_batch.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "api/users.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "codes/key_store.h"
#include "core/clock.h"
#include "core/region.h"
#include "core/time.h"
#include "ingest/ingest.h"
#include "pipeline/assess.h"
#include "pipeline/trace_run.h"
#include "server/app.h"
#include "sim/simulator.h"
#include "store/store.h"

namespace onecode::cli {
namespace {

struct DemoOptions {
  int64_t persons = 50000;
  int days = 14;
  uint64_t seed = 7;
  int port = 8080;
  std::string dir = "demo-data", bind = "127.0.0.1";
  bool serve = true;
  double max_loop_lag_ms = server::HttpServerOptions{}.max_loop_lag_ms;
};

// A demo citizen of each colour: person id and phone tail (their log-in).
struct DemoCitizen {
  std::string person, phone_tail, colour, name;
};

Status RunDemo(const DemoOptions& o, int* exit_code) {
  namespace fs = std::filesystem;
  const auto t_start = std::chrono::steady_clock::now();
  auto stage = [&](const char* name, const std::string& detail) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    std::printf("[%5.1f s] %-8s %s\n", s, name, detail.c_str());
    std::fflush(stdout);
  };
  Progress progress(StderrIsTerminal());
  auto update = [&](const std::string& s) { progress.Update(s); };

  // Fresh directories: the demo never touches anything outside o.dir.
  const std::string sim_dir = o.dir + "/sim", store_dir = o.dir + "/store";
  std::error_code ec;
  fs::remove_all(sim_dir, ec);
  fs::remove_all(store_dir, ec);
  fs::create_directories(o.dir, ec);
  if (ec) return Status::IoError(o.dir + ": " + ec.message());

  // 1. Simulate the last `days` local days up to today, so codes and itineraries are current.
  sim::SimParams params;
  params.persons = o.persons;
  params.days = o.days;
  params.seed = o.seed;
  params.threads = 2;
  const int64_t today = LocalDayOf(SystemClock().Now(), kChinaUtcOffsetSeconds);
  params.start_day = today - o.days + 1;
  sim::SimSummary summary;
  ONECODE_RETURN_IF_ERROR(sim::RunSimulation(params, sim_dir, update, &summary));
  progress.Done("");
  stage("sim", std::to_string(o.persons) + " persons x " + std::to_string(o.days) + " days, seed " +
                   std::to_string(o.seed) + " -> " + sim_dir);

  // 2. Ingest into a fresh embedded store.
  ONECODE_ASSIGN_OR_RETURN(auto store, store::Store::Open(store_dir, /*create=*/true));
  ingest::IngestReport report;
  ONECODE_RETURN_IF_ERROR(ingest::IngestDirectory(*store, sim_dir, ingest::IngestOptions{}, update, &report));
  progress.Done("");
  uint64_t rows = 0, quarantined = 0;
  for (const auto& [feed, n] : report.loaded) rows += n;
  for (const auto& [feed, n] : report.quarantined) quarantined += n;
  stage("ingest", std::to_string(rows) + " rows loaded, " + std::to_string(quarantined) + " quarantined -> " +
                      store_dir);

  // 3. Node keys for the simulated province (the node's issuer region).
  std::string region_text = store->persons().size() > 0 ? store->persons().id(0).substr(0, 2) + "0000" : "510000";
  ONECODE_ASSIGN_OR_RETURN(RegionCode region, RegionCode::Parse(region_text));
  const codes::KeyStore keys(store_dir);
  ONECODE_ASSIGN_OR_RETURN(auto issuer, keys.Init(region, SystemClock().Now(), codes::kDefaultKeyLifetimeSeconds));
  stage("keys", "issuer " + region.ToString() + " key " + std::to_string(issuer.key_id) + " in " + keys.dir());

  // 4. Trace every case.
  pipeline::TraceRunOptions trace;
  trace.progress = update;
  ONECODE_ASSIGN_OR_RETURN(auto traced, pipeline::RunTrace(*store, trace));
  progress.Done("");
  uint64_t close = traced.edges_by_kind[0] + traced.edges_by_kind[1] + traced.edges_by_kind[2];
  stage("trace", std::to_string(traced.cases_traced) + " cases, " + std::to_string(close) +
                     " close-contact edges, " + std::to_string(traced.edges_by_kind[5]) + " second-degree");

  // 5. Colours with the default rule set.
  ONECODE_ASSIGN_OR_RETURN(auto rules, pipeline::ActiveRules(*store, pipeline::DefaultRulesPath()));
  ONECODE_ASSIGN_OR_RETURN(auto coloured, pipeline::RunColours(*store, rules, -1, 2, update));
  progress.Done("");
  stage("colours", "green " + std::to_string(coloured.counts[0]) + ", yellow " + std::to_string(coloured.counts[1]) +
                       ", red " + std::to_string(coloured.counts[2]) + " (rule set " + rules.version() + ")");

  // 6. Demo accounts: one operator per role with a fresh password, and one citizen per colour.
  struct Account {
    std::string name;
    api::Role role;
    std::string password;
  };
  std::vector<Account> accounts = {{"official", api::Role::kOfficial, api::GeneratePassword()},
                                   {"gate", api::Role::kGate, api::GeneratePassword()},
                                   {"auditor", api::Role::kAuditor, api::GeneratePassword()},
                                   {"admin", api::Role::kAdmin, api::GeneratePassword()}};
  rocksdb::WriteBatch batch;
  for (const Account& a : accounts) {
    ONECODE_ASSIGN_OR_RETURN(std::string hash, api::HashPassword(a.password));
    api::PutUser(api::UserRecord{a.name, a.role, hash, SystemClock().Now().seconds}, &batch);
  }
  ONECODE_RETURN_IF_ERROR(store->Commit(&batch, /*sync=*/true));
  std::vector<DemoCitizen> citizens;
  for (const char* want : {"red", "yellow", "green"}) {
    for (uint32_t p = 0; p < store->persons().size(); ++p) {
      const std::string& id = store->persons().id(p);
      ONECODE_ASSIGN_OR_RETURN(auto c, pipeline::GetColour(*store, id));
      if (!c || ColourName(c->colour) != want) continue;
      ONECODE_ASSIGN_OR_RETURN(auto person, api::LoadPerson(*store, id));
      if (!person) continue;
      citizens.push_back(DemoCitizen{id, person->phone_tail, want, person->name});
      break;
    }
  }
  stage("accounts", std::to_string(accounts.size()) + " operators, " + std::to_string(citizens.size()) +
                        " demo citizens");

  if (!o.serve) return Status::Ok();

  // 7. Serve until SIGINT/SIGTERM.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  SystemClock clock;
  server::HttpServerOptions http;
  http.bind = o.bind;
  http.port = static_cast<uint16_t>(o.port);
  http.max_loop_lag_ms = o.max_loop_lag_ms;
  server::App app(*store, clock, http);
  const Status started = app.Start();
  if (!started.ok()) {
    *exit_code = started.code() == StatusCode::kInvalidArgument ? 2 : 1;
    return started;
  }
  const std::string base = "http://" + o.bind + ":" + std::to_string(app.port());
  stage("serve", base + "/  ready");
  std::printf("\n  Citizen page  %s/me\n  Gate page     %s/gate\n  Admin page    %s/admin\n  API           %s/api/v1  "
              "(docs/api.md)\n\n  Demo log-ins (passwords are new on every run):\n",
              base.c_str(), base.c_str(), base.c_str(), base.c_str());
  for (const Account& a : accounts) {
    std::printf("    %-9s user %-9s password %s\n", std::string(api::RoleName(a.role)).c_str(), a.name.c_str(),
                a.password.c_str());
  }
  for (const DemoCitizen& c : citizens) {
    std::printf("    citizen   person %s  phone tail %s  (%s)\n", c.person.c_str(), c.phone_tail.c_str(),
                c.colour.c_str());
  }
  std::printf("\n  Ctrl-C stops the server; the store stays in %s.\n", store_dir.c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&signals, &sig);
  app.Stop();
  std::printf("OneCode demo stopped\n");
  return Status::Ok();
}

}  // namespace

void RegisterDemo(CLI::App& app, int* exit_code) {
  auto opt = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Fresh embedded store -> sim -> ingest -> trace -> colours -> serve; prints the URLs and demo log-ins");
  cmd->add_option("--persons", opt->persons, "Simulated residents")->capture_default_str()->check(CLI::Range(100, 2000000));
  cmd->add_option("--days", opt->days, "Simulated days, ending today")->capture_default_str()->check(CLI::Range(1, 28));
  cmd->add_option("--seed", opt->seed, "Random seed")->capture_default_str();
  cmd->add_option("--port", opt->port, "TCP port (0: any free port)")->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", opt->bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--dir", opt->dir, "Working directory (sim/ and store/ are recreated in it)")->capture_default_str();
  cmd->add_flag("!--no-serve", opt->serve, "Stop after the pipeline (no server)");
  cmd->add_option("--max-loop-lag-ms", opt->max_loop_lag_ms,
                  "Overload shedding, as onecode serve --max-loop-lag-ms (0 = off)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10000.0));
  cmd->callback([opt, exit_code] {
    const Status st = RunDemo(*opt, exit_code);
    if (!st.ok()) {
      std::fprintf(stderr, "onecode demo: %s\n", st.message().c_str());
      if (*exit_code == 0) *exit_code = st.code() == StatusCode::kInvalidArgument ? 2 : 1;
    }
  });
}

}  // namespace onecode::cli
