// `onecode colours`, `onecode rules dryrun|publish`, `onecode export --what colours`.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "cli/assess_commands.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "core/text_buffer.h"
#include "core/time.h"
#include "pipeline/assess.h"
#include "store/store.h"

namespace onecode::cli {
namespace {

// Opens an existing store; prints the error and sets the exit code.
std::unique_ptr<store::Store> OpenOrReport(const char* command, const std::string& dir, int* exit_code) {
  auto st = store::Store::Open(dir, /*create=*/false);
  if (!st.ok()) {
    std::fprintf(stderr, "onecode %s: %s\n", command, st.status().message().c_str());
    *exit_code = st.status().code() == StatusCode::kNotFound ? 2 : 1;
    return nullptr;
  }
  return std::move(*st);
}

bool ParseNow(const char* command, const std::string& text, int64_t* now, int* exit_code) {
  *now = -1;
  if (text.empty()) return true;
  auto t = ParseTimestamp(text);
  if (!t.ok()) {
    std::fprintf(stderr, "onecode %s: --now: %s\n", command, t.status().message().c_str());
    *exit_code = 2;
    return false;
  }
  *now = t->seconds;
  return true;
}

void Fail(const char* command, const Status& st, int* exit_code) {
  std::fprintf(stderr, "onecode %s: %s\n", command, st.message().c_str());
  *exit_code = st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kNotFound ? 2 : 1;
}

}  // namespace

void RegisterColours(CLI::App& app, int* exit_code) {
  struct Opt {
    std::string store, rules, now;
    int threads = 2;
    bool json = false;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = app.add_subcommand("colours", "Evaluate the active (or given) rule set for everyone; store colours with reasons");
  cmd->add_option("--store", opt->store, "Store directory")->required();
  cmd->add_option("--rules", opt->rules, "Rule set file (default: the published rule set, else rules/default.json)");
  cmd->add_option("--now", opt->now, "As-of time (ISO 8601); default: the end of the latest location record");
  cmd->add_option("--threads", opt->threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_flag("--json", opt->json, "Print one JSON object");
  cmd->callback([opt, exit_code] {
    int64_t now;
    if (!ParseNow("colours", opt->now, &now, exit_code)) return;
    auto store = OpenOrReport("colours", opt->store, exit_code);
    if (!store) return;
    auto rules = opt->rules.empty() ? pipeline::ActiveRules(*store, pipeline::DefaultRulesPath())
                                    : rules::RuleSet::Load(opt->rules);
    if (!rules.ok()) return Fail("colours", rules.status(), exit_code);
    Progress progress(StderrIsTerminal());
    auto r = pipeline::RunColours(*store, *rules, now, opt->threads, [&](const std::string& s) { progress.Update(s); });
    progress.Done("");
    if (!r.ok()) return Fail("colours", r.status(), exit_code);
    if (opt->json) {
      boost::json::object o{{"green", r->counts[0]},          {"yellow", r->counts[1]}, {"red", r->counts[2]},
                            {"ruleset", r->ruleset_version}, {"as_of", FormatTimestamp(Timestamp{r->now})},
                            {"seconds", std::round(r->seconds * 100) / 100}};
      std::printf("%s\n", boost::json::serialize(o).c_str());
      return;
    }
    std::printf("Colours as of %s under rule set %s (%.1f s): green %llu, yellow %llu, red %llu\n",
                FormatTimestamp(Timestamp{r->now}).c_str(), r->ruleset_version.c_str(), r->seconds,
                static_cast<unsigned long long>(r->counts[0]), static_cast<unsigned long long>(r->counts[1]),
                static_cast<unsigned long long>(r->counts[2]));
  });
}

void RegisterRulesStore(CLI::App& group, int* exit_code) {
  {
    struct Opt {
      std::string file, store, now;
      int threads = 2, samples = 5;
      bool json = false;
    };
    auto opt = std::make_shared<Opt>();
    CLI::App* cmd = group.add_subcommand("dryrun", "Colour transitions if FILE were published (nothing is stored)");
    cmd->add_option("FILE", opt->file, "Rule set file")->required();
    cmd->add_option("--store", opt->store, "Store directory")->required();
    cmd->add_option("--now", opt->now, "As-of time (ISO 8601); default: the end of the latest location record");
    cmd->add_option("--samples", opt->samples, "People shown per transition")->capture_default_str()->check(CLI::Range(0, 1000));
    cmd->add_option("--threads", opt->threads, "Worker threads")->capture_default_str()->check(CLI::Range(1, 64));
    cmd->add_flag("--json", opt->json, "Print one JSON object");
    cmd->callback([opt, exit_code] {
      int64_t now;
      if (!ParseNow("rules dryrun", opt->now, &now, exit_code)) return;
      auto rules = rules::RuleSet::Load(opt->file);
      if (!rules.ok()) return Fail("rules dryrun", rules.status(), exit_code);
      auto store = OpenOrReport("rules dryrun", opt->store, exit_code);
      if (!store) return;
      auto d = pipeline::RunDryRun(*store, *rules, now, opt->threads, opt->samples);
      if (!d.ok()) return Fail("rules dryrun", d.status(), exit_code);
      const boost::json::object out = pipeline::DryRunToJson(*d);
      if (opt->json) {
        std::printf("%s\n", boost::json::serialize(out).c_str());
        return;
      }
      std::printf("Dry run of rule set %s against the stored colours (rows: now, columns: if published):\n",
                  d->ruleset_version.c_str());
      std::printf("  %-8s %10s %10s %10s\n", "", "green", "yellow", "red");
      for (int a = 0; a < 3; ++a) {
        std::printf("  %-8s %10llu %10llu %10llu\n", std::string(ColourName(static_cast<Colour>(a))).c_str(),
                    static_cast<unsigned long long>(d->transitions[a][0]),
                    static_cast<unsigned long long>(d->transitions[a][1]),
                    static_cast<unsigned long long>(d->transitions[a][2]));
      }
      for (const auto& s : d->samples) {
        std::printf("  %s: %s -> %s", s.person.c_str(), std::string(ColourName(s.from)).c_str(),
                    std::string(ColourName(s.to)).c_str());
        for (const auto& r : s.reasons) std::printf("; %s", r.c_str());
        std::printf("\n");
      }
    });
  }
  {
    struct Opt {
      std::string file, store;
    };
    auto opt = std::make_shared<Opt>();
    CLI::App* cmd = group.add_subcommand("publish", "Make FILE the active rule set of the store (run `rules dryrun` first)");
    cmd->add_option("FILE", opt->file, "Rule set file")->required();
    cmd->add_option("--store", opt->store, "Store directory")->required();
    cmd->callback([opt, exit_code] {
      std::ifstream in(opt->file, std::ios::binary);
      if (!in) return Fail("rules publish", Status::NotFound(opt->file + ": cannot read"), exit_code);
      std::stringstream ss;
      ss << in.rdbuf();
      auto store = OpenOrReport("rules publish", opt->store, exit_code);
      if (!store) return;
      const Status st = pipeline::PublishRules(*store, ss.str());
      if (!st.ok()) return Fail("rules publish", st, exit_code);
      std::printf("Published %s; run `onecode colours` to apply it\n", opt->file.c_str());
    });
  }
}

Status ExportColours(const store::Store& store, const std::string& path, uint64_t* rows) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return Status::IoError(path + ": cannot create");
  TextBuffer out;
  out.Append("person,colour,ruleset,computed_at,reasons\n");
  bool ok = true;
  *rows = 0;
  Status bad;
  const Status st = store.Scan("L:", [&](std::string_view k, std::string_view v) {
    const std::string_view person = k.substr(2);
    auto c = pipeline::GetColour(store, person);
    if (!c.ok() || !c->has_value()) {
      bad = c.ok() ? Status::Internal("colour vanished") : c.status();
      return false;
    }
    (void)v;
    // Reasons: the JSON array, CSV-quoted.
    std::string quoted = "\"";
    for (char ch : (*c)->reasons_json) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    quoted += "\"";
    out.Append(person).Append(',').Append(ColourName((*c)->colour)).Append(',').Append((*c)->ruleset_version);
    out.Append(',').AppendTimestamp(Timestamp{(*c)->computed_at}).Append(',').Append(quoted).Append('\n');
    ++*rows;
    if (out.size() > (1 << 20)) {
      ok &= std::fwrite(out.view().data(), 1, out.size(), f) == out.size();
      out.clear();
    }
    return true;
  });
  ok &= std::fwrite(out.view().data(), 1, out.size(), f) == out.size();
  ok &= std::fclose(f) == 0;
  ONECODE_RETURN_IF_ERROR(st);
  ONECODE_RETURN_IF_ERROR(bad);
  if (!ok) return Status::IoError(path + ": write failed");
  if (*rows == 0) return Status::NotFound("no colours in the store; run onecode colours");
  return Status::Ok();
}

}  // namespace onecode::cli
