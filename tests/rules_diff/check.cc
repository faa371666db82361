// Differential test, checking half: reads the cases gen.js wrote (one JSON
// object per line: logic, data, and json-logic-js's expected result or
// error), evaluates each with our engine and reports every difference.
// Exit status 0 when all cases agree, 1 otherwise, 2 on bad input.
//
// usage: onecode_rules_diff CASES.jsonl
#include <cstdio>
#include <fstream>
#include <string>

#include <boost/json.hpp>

#include "rules/json_compare.h"

#include "rules/logic.h"

namespace {

using onecode::rules::SameJson;

using onecode::rules::Arena;
using onecode::rules::Evaluator;
using onecode::rules::Program;


}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: onecode_rules_diff CASES.jsonl\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "onecode_rules_diff: cannot read %s\n", argv[1]);
    return 2;
  }
  std::string line;
  int cases = 0, agree = 0, both_error = 0, differ = 0, skipped = 0;
  Evaluator ev;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto parsed = onecode::rules::ParseJson(line);
    if (!parsed.ok() || !parsed->is_object()) {
      std::fprintf(stderr, "onecode_rules_diff: line %d is not a JSON object\n", cases + 1);
      return 2;
    }
    ++cases;
    const auto& o = parsed->get_object();
    if (o.contains("undefined")) {  // JSON.stringify gave undefined: nothing to compare
      ++skipped;
      continue;
    }
    const bool want_error = o.contains("error");
    std::string got;
    bool got_error = false;
    auto program = Program::Compile(o.at("logic"));
    boost::json::value result;
    if (!program.ok()) {
      got_error = true;
      got = "compile error: " + program.status().message();
    } else {
      Arena arena;
      auto r = ev.Evaluate(*program, onecode::rules::FromJson(o.at("data"), &arena));
      if (!r.ok()) {
        got_error = true;
        got = "error: " + r.status().message();
      } else {
        result = onecode::rules::ToJson(*r);
        got = onecode::rules::ToJsonText(*r);
      }
    }
    bool same;
    if (want_error || got_error) {
      same = want_error && got_error;
      if (same) ++both_error;
    } else {
      same = SameJson(result, o.at("expected"));
    }
    if (same) {
      ++agree;
      continue;
    }
    if (++differ <= 20) {
      std::printf("DIFFERENT case %d\n  logic: %s\n  data: %s\n  json-logic-js: %s\n  ours: %s\n", cases,
                  boost::json::serialize(o.at("logic")).c_str(), boost::json::serialize(o.at("data")).c_str(),
                  want_error ? ("throws: " + std::string(o.at("error").as_string())).c_str()
                             : boost::json::serialize(o.at("expected")).c_str(),
                  got.c_str());
    }
  }
  std::printf("onecode_rules_diff: %d cases, %d agree (%d where both report an error), %d differ, %d skipped\n",
              cases, agree, both_error, differ, skipped);
  return differ == 0 && cases > 0 ? 0 : 1;
}
