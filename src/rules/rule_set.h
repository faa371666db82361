// RuleSet: a versioned JSON document of rules that turn one person's facts
// into a colour with reasons (DESIGN.md "Rules", docs/rules.md):
//
//   {"version": "…", "effective": "<ISO 8601>", "author": "…", "description": "…",
//    "dialect": "jsonlogic" (optional), "signature": … (optional, not checked here),
//    "rules": [{"id": "…", "colour": "green|yellow|red", "when": <logic>,
//               "reason": "text with {fact.path} placeholders", "source": "…"?,
//               "comment": "…"?}, …]}
//
// Loading validates everything and compiles every rule against the facts
// layout; a malformed set is INVALID_ARGUMENT naming the rule and the problem.
// The colour of a person is the most severe colour among matching rules
// (green if none); the reasons are the matching rules' texts, filled from the
// facts, in rule order.
//
// Thread-safety: a RuleSet is immutable after loading and may be shared
// (std::shared_ptr<const RuleSet>); each thread evaluates with its own
// Evaluator and Frame.
#ifndef ONECODE_RULES_RULE_SET_H_
#define ONECODE_RULES_RULE_SET_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/colour.h"
#include "core/status.h"
#include "core/time.h"
#include "rules/logic.h"

namespace onecode::rules {

struct Rule {
  std::string id;
  Colour colour = Colour::kGreen;
  std::string reason;  // as written, with {placeholders}
  std::string source;  // may be empty
  Program when;

  // The reason split into literal text and placeholder slots.
  struct Part {
    std::string text;  // literal text, when slot < 0
    int slot = -1;     // a layout slot to print
  };
  std::vector<Part> parts;
};

class RuleSet {
 public:
  // Parses and validates a rule set. `layout` is the facts shape rules are
  // compiled against (default: PersonFactsLayout()).
  static StatusOr<RuleSet> Parse(std::string_view json_text, std::shared_ptr<const DataLayout> layout = nullptr);
  // Reads a file and parses it; IO_ERROR if it cannot be read; messages start
  // with the file name.
  static StatusOr<RuleSet> Load(const std::string& path, std::shared_ptr<const DataLayout> layout = nullptr);

  RuleSet(RuleSet&&) = default;
  RuleSet& operator=(RuleSet&&) = default;

  const std::string& version() const { return version_; }
  Timestamp effective() const { return effective_; }
  const std::string& author() const { return author_; }
  const std::string& description() const { return description_; }
  Dialect dialect() const { return dialect_; }
  const std::vector<Rule>& rules() const { return rules_; }
  const std::shared_ptr<const DataLayout>& layout() const { return layout_; }

  // Evaluates every rule over `facts`; returns the colour and sets *matched
  // to the indexes of matching rules (cleared first; reuse it to avoid
  // allocation). A rule whose evaluation fails (CertLogic type errors) does
  // not match; the first such error is stored in *error when given.
  // REQUIRES: facts.layout() is layout().
  Colour Evaluate(const Frame& facts, Evaluator& evaluator, std::vector<uint32_t>* matched,
                  Status* error = nullptr) const;
  // The reason of rule `index` with placeholders filled from `facts`.
  std::string Reason(uint32_t index, const Frame& facts) const;
  std::vector<std::string> Reasons(const std::vector<uint32_t>& matched, const Frame& facts) const;

 private:
  RuleSet() = default;
  std::string version_, author_, description_;
  Timestamp effective_;
  Dialect dialect_ = Dialect::kJsonLogic;
  std::vector<Rule> rules_;
  std::shared_ptr<const DataLayout> layout_;
};

}  // namespace onecode::rules

#endif  // ONECODE_RULES_RULE_SET_H_
