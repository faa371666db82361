#include "rules/rule_set.h"

#include <fstream>
#include <set>
#include <sstream>

#include <boost/json.hpp>

#include "rules/facts.h"

namespace onecode::rules {
namespace {

Status Bad(const std::string& message) { return Status::InvalidArgument(message); }

std::string RuleName(const boost::json::object& rule, size_t index) {
  const auto* id = rule.if_contains("id");
  if (id != nullptr && id->is_string() && !id->get_string().empty()) {
    return "rule \"" + std::string(id->get_string()) + "\"";
  }
  return "rules[" + std::to_string(index) + "]";
}

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Splits "text {a.b} more {{literal}}" into parts; placeholders must name a
// fact of the layout.
Status ParseReason(const std::string& reason, const DataLayout& layout, std::vector<Rule::Part>* parts) {
  std::string text;
  for (size_t i = 0; i < reason.size(); ++i) {
    const char c = reason[i];
    if (c == '{' && i + 1 < reason.size() && reason[i + 1] == '{') {
      text.push_back('{');
      ++i;
    } else if (c == '}' && i + 1 < reason.size() && reason[i + 1] == '}') {
      text.push_back('}');
      ++i;
    } else if (c == '{') {
      const size_t close = reason.find('}', i);
      if (close == std::string::npos) return Bad("reason: unclosed \"{\" at offset " + std::to_string(i));
      const std::string name = reason.substr(i + 1, close - i - 1);
      const int slot = layout.Find(name);
      if (slot < 0) return Bad("reason: unknown placeholder {" + name + "}");
      if (!text.empty()) parts->push_back({std::move(text), -1});
      text.clear();
      parts->push_back({"", slot});
      i = close;
    } else if (c == '}') {
      return Bad("reason: unmatched \"}\" at offset " + std::to_string(i) + " (write }} for a brace)");
    } else {
      text.push_back(c);
    }
  }
  if (!text.empty()) parts->push_back({std::move(text), -1});
  return Status::Ok();
}

void AppendFact(const Value& v, std::string* out) {
  switch (v.kind) {
    case ValueKind::kNull: return;
    case ValueKind::kArray:
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i) out->append(", ");
        AppendFact(v.items[i], out);
      }
      return;
    case ValueKind::kObject: AppendJson(v, out); return;
    default: AppendString(v, out); return;
  }
}

}  // namespace

StatusOr<RuleSet> RuleSet::Parse(std::string_view json_text, std::shared_ptr<const DataLayout> layout) {
  if (!layout) layout = PersonFactsLayout();
  auto parsed = ParseJson(json_text);
  if (!parsed.ok()) return Bad("rule set is " + parsed.status().message());
  const boost::json::value& doc = *parsed;
  if (!doc.is_object()) return Bad("rule set must be a JSON object");
  const auto& top = doc.get_object();
  static const std::set<std::string_view> kTopKeys = {"version", "effective", "author", "description",
                                                      "dialect", "signature", "rules", "comment"};
  for (const auto& kv : top) {
    if (!kTopKeys.count(std::string_view(kv.key()))) return Bad("rule set: unknown field \"" + std::string(kv.key()) + "\"");
  }
  RuleSet set;
  set.layout_ = layout;
  auto text_field = [&](std::string_view name, std::string* out) -> Status {
    const auto* v = top.if_contains(name);
    if (v == nullptr || !v->is_string() || v->get_string().empty()) {
      return Bad("rule set: \"" + std::string(name) + "\" must be a non-empty string");
    }
    *out = std::string(v->get_string());
    return Status::Ok();
  };
  ONECODE_RETURN_IF_ERROR(text_field("version", &set.version_));
  ONECODE_RETURN_IF_ERROR(text_field("author", &set.author_));
  ONECODE_RETURN_IF_ERROR(text_field("description", &set.description_));
  std::string effective;
  ONECODE_RETURN_IF_ERROR(text_field("effective", &effective));
  auto when = ParseTimestamp(effective);
  if (!when.ok()) return Bad("rule set: \"effective\": " + when.status().message());
  set.effective_ = *when;
  if (const auto* d = top.if_contains("dialect")) {
    const auto dialect = d->is_string() ? ParseDialect(std::string_view(d->get_string())) : std::nullopt;
    if (!dialect) return Bad("rule set: \"dialect\" must be \"jsonlogic\" or \"certlogic\"");
    set.dialect_ = *dialect;
  }
  const auto* rules = top.if_contains("rules");
  if (rules == nullptr || !rules->is_array() || rules->get_array().empty()) {
    return Bad("rule set: \"rules\" must be a non-empty array");
  }
  static const std::set<std::string_view> kRuleKeys = {"id", "colour", "when", "reason", "source", "comment"};
  std::set<std::string> ids;
  CompileOptions options;
  options.dialect = set.dialect_;
  options.layout = layout;
  const auto& list = rules->get_array();
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_object()) return Bad("rules[" + std::to_string(i) + "]: must be an object");
    const auto& r = list[i].get_object();
    const std::string name = RuleName(r, i);
    for (const auto& kv : r) {
      if (!kRuleKeys.count(std::string_view(kv.key()))) {
        return Bad(name + ": unknown field \"" + std::string(kv.key()) + "\"");
      }
    }
    Rule rule;
    const auto* id = r.if_contains("id");
    if (id == nullptr || !id->is_string()) return Bad(name + ": \"id\" must be a string");
    rule.id = std::string(id->get_string());
    if (!ValidId(rule.id)) return Bad(name + ": id must be 1-64 characters of A-Z a-z 0-9 - _ .");
    if (!ids.insert(rule.id).second) return Bad(name + ": duplicate id (rules[" + std::to_string(i) + "])");
    const auto* colour = r.if_contains("colour");
    const auto parsed = colour && colour->is_string() ? ParseColour(std::string_view(colour->get_string())) : std::nullopt;
    if (!parsed) {
      return Bad(name + ": unknown colour " + (colour ? boost::json::serialize(*colour) : std::string("(missing)")) +
                 " (green, yellow or red)");
    }
    rule.colour = *parsed;
    const auto* reason = r.if_contains("reason");
    if (reason == nullptr || !reason->is_string() || reason->get_string().empty()) {
      return Bad(name + ": \"reason\" must be a non-empty string");
    }
    rule.reason = std::string(reason->get_string());
    Status st = ParseReason(rule.reason, *layout, &rule.parts);
    if (!st.ok()) return Bad(name + ": " + st.message());
    if (const auto* source = r.if_contains("source")) {
      if (!source->is_string()) return Bad(name + ": \"source\" must be a string");
      rule.source = std::string(source->get_string());
    }
    const auto* logic = r.if_contains("when");
    if (logic == nullptr) return Bad(name + ": \"when\" is missing");
    auto program = Program::Compile(*logic, options);
    if (!program.ok()) return Bad(name + ": when: " + program.status().message());
    for (const auto& path : program->data_paths()) {
      // Every fact a rule reads must exist (a typo would silently read null).
      std::vector<std::string> parts;
      size_t start = 0;
      while (true) {
        const size_t dot = path.find('.', start);
        parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      size_t consumed;
      bool missing;
      layout->Resolve(parts, &consumed, &missing);
      if (missing) return Bad(name + ": when: unknown fact \"" + path + "\"");
    }
    rule.when = std::move(*program);
    set.rules_.push_back(std::move(rule));
  }
  return set;
}

StatusOr<RuleSet> RuleSet::Load(const std::string& path, std::shared_ptr<const DataLayout> layout) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  auto set = Parse(ss.str(), std::move(layout));
  if (!set.ok()) return Status(set.status().code(), path + ": " + set.status().message());
  return set;
}

Colour RuleSet::Evaluate(const Frame& facts, Evaluator& evaluator, std::vector<uint32_t>* matched,
                         Status* error) const {
  matched->clear();
  Colour colour = Colour::kGreen;
  Status first_error;
  for (uint32_t i = 0; i < rules_.size(); ++i) {
    Status st;
    if (evaluator.Test(rules_[i].when, facts, &st)) {
      matched->push_back(i);
      colour = MoreSevere(colour, rules_[i].colour);
    } else if (!st.ok() && first_error.ok()) {
      first_error = Status::InvalidArgument("rule \"" + rules_[i].id + "\": " + st.message());
    }
  }
  if (error != nullptr) *error = first_error;
  return colour;
}

std::string RuleSet::Reason(uint32_t index, const Frame& facts) const {
  std::string out;
  for (const auto& part : rules_[index].parts) {
    if (part.slot < 0) out += part.text;
    else AppendFact(facts.Get(part.slot), &out);
  }
  return out;
}

std::vector<std::string> RuleSet::Reasons(const std::vector<uint32_t>& matched, const Frame& facts) const {
  std::vector<std::string> out;
  out.reserve(matched.size());
  for (uint32_t i : matched) out.push_back(Reason(i, facts));
  return out;
}

}  // namespace onecode::rules
