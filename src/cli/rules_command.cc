// `onecode rules eval LOGIC DATA` and `onecode rules check FILE`: the rules
// subcommand group (room for `rules dryrun`, which reads the store, beside them).
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "cli/assess_commands.h"
#include "cli/commands.h"
#include "rules/logic.h"
#include "rules/rule_set.h"

namespace onecode::cli {
namespace {

// JSON text, or the contents of a file when the argument is "@path".
StatusOr<std::string> ArgumentText(const std::string& arg) {
  if (arg.empty() || arg[0] != '@') return arg;
  std::ifstream in(arg.substr(1), std::ios::binary);
  if (!in) return Status::IoError(arg.substr(1) + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int Fail(const char* command, const Status& st) {
  std::fprintf(stderr, "onecode rules %s: %s\n", command, st.message().c_str());
  return st.code() == StatusCode::kIoError ? 1 : 2;
}

void RegisterEval(CLI::App& group, int* exit_code) {
  struct Opt {
    std::string logic, data, dialect = "jsonlogic";
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = group.add_subcommand("eval", "Evaluate one JsonLogic expression over one data object; prints the result as JSON");
  cmd->add_option("LOGIC", opt->logic, "The logic: JSON text, or @file")->required();
  cmd->add_option("DATA", opt->data, "The data: JSON text, or @file (default: null)");
  cmd->add_option("--dialect", opt->dialect, "jsonlogic (json-logic-js 2.0.5 semantics + date helpers) or certlogic (EU DCC CertLogic)")
      ->capture_default_str();
  cmd->callback([opt, exit_code] {
    const auto dialect = rules::ParseDialect(opt->dialect);
    if (!dialect) {
      *exit_code = Fail("eval", Status::InvalidArgument("--dialect must be jsonlogic or certlogic"));
      return;
    }
    auto logic_text = ArgumentText(opt->logic);
    if (!logic_text.ok()) { *exit_code = Fail("eval", logic_text.status()); return; }
    auto data_text = ArgumentText(opt->data.empty() ? "null" : opt->data);
    if (!data_text.ok()) { *exit_code = Fail("eval", data_text.status()); return; }
    rules::CompileOptions options;
    options.dialect = *dialect;
    auto program = rules::Program::Parse(*logic_text, options);
    if (!program.ok()) { *exit_code = Fail("eval", program.status()); return; }
    auto data = rules::ParseJson(*data_text);
    if (!data.ok()) {
      *exit_code = Fail("eval", Status::InvalidArgument("data is " + data.status().message()));
      return;
    }
    rules::Arena arena;
    rules::Evaluator evaluator;
    auto result = evaluator.Evaluate(*program, rules::FromJson(*data, &arena));
    if (!result.ok()) { *exit_code = Fail("eval", result.status()); return; }
    std::printf("%s\n", rules::ToJsonText(*result).c_str());
  });
}

void RegisterCheck(CLI::App& group, int* exit_code) {
  struct Opt {
    std::string file;
    bool json = false;
  };
  auto opt = std::make_shared<Opt>();
  CLI::App* cmd = group.add_subcommand("check", "Validate a rule set file; prints its version and rule count, or the error");
  cmd->add_option("FILE", opt->file, "Rule set (JSON, see docs/rules.md)")->required();
  cmd->add_flag("--json", opt->json, "Print one JSON object");
  cmd->callback([opt, exit_code] {
    auto set = rules::RuleSet::Load(opt->file);
    if (!set.ok()) { *exit_code = Fail("check", set.status()); return; }
    size_t by_colour[3] = {0, 0, 0};
    for (const auto& r : set->rules()) ++by_colour[static_cast<int>(r.colour)];
    if (opt->json) {
      boost::json::object out{{"file", opt->file},
                              {"version", set->version()},
                              {"effective", FormatTimestamp(set->effective())},
                              {"author", set->author()},
                              {"dialect", std::string(rules::DialectName(set->dialect()))},
                              {"rules", set->rules().size()},
                              {"red", by_colour[2]},
                              {"yellow", by_colour[1]},
                              {"green", by_colour[0]}};
      std::printf("%s\n", boost::json::serialize(out).c_str());
      return;
    }
    std::printf("%s: valid rule set, version %s, %zu rules (%zu red, %zu yellow, %zu green), %s, effective %s\n",
                opt->file.c_str(), set->version().c_str(), set->rules().size(), by_colour[2], by_colour[1],
                by_colour[0], std::string(rules::DialectName(set->dialect())).c_str(),
                FormatTimestamp(set->effective()).c_str());
  });
}

}  // namespace

void RegisterRules(CLI::App& app, int* exit_code) {
  CLI::App* group = app.add_subcommand("rules", "Rule sets and the JsonLogic engine (eval, check, dryrun, publish)");
  group->require_subcommand(1);
  RegisterEval(*group, exit_code);
  RegisterCheck(*group, exit_code);
  RegisterRulesStore(*group, exit_code);  // dryrun, publish (cli/assess_commands.cc)
}

}  // namespace onecode::cli
