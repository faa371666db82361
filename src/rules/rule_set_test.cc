// Tests of rule sets: loading and rejecting, colours and reasons, and the
// default rule set (rules/default.json) on the persons the issue names.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "rules/facts.h"
#include "rules/rule_set.h"

namespace onecode::rules {
namespace {

const std::string kDefaultRules = ONECODE_RULES_DEFAULT_FILE;

std::string SetWith(const std::string& rules) {
  return R"({"version": "t1", "effective": "2026-11-26T00:00:00Z", "author": "test", "description": "d", "rules": )" +
         rules + "}";
}

std::string Error(const std::string& rules) {
  auto set = RuleSet::Parse(SetWith(rules));
  return set.ok() ? "ok" : set.status().message();
}

TEST(RuleSetTest, RejectsMalformedSetsNamingTheRule) {
  EXPECT_EQ(Error(R"([{"id": "a", "colour": "orange", "when": true, "reason": "r"}])"),
            "rule \"a\": unknown colour \"orange\" (green, yellow or red)");
  EXPECT_EQ(Error(R"([{"id": "a", "colour": "red", "when": {"nope": 1}, "reason": "r"}])"),
            "rule \"a\": when: at /: unknown operator \"nope\"");
  EXPECT_EQ(Error(R"([{"id": "a", "colour": "red", "when": true, "reason": "r"},
                      {"id": "a", "colour": "red", "when": true, "reason": "r"}])"),
            "rule \"a\": duplicate id (rules[1])");
  EXPECT_EQ(Error(R"([{"id": "a", "colour": "red", "when": true, "reason": "at {contact.minute}"}])"),
            "rule \"a\": reason: unknown placeholder {contact.minute}");
  EXPECT_EQ(Error(R"([{"id": "a", "colour": "red", "when": {"var": "contact.minute"}, "reason": "r"}])"),
            "rule \"a\": when: unknown fact \"contact.minute\"");
  EXPECT_EQ(Error(R"([{"id": "a", "colour": "red", "when": {"==": [1]}, "reason": "r"}])"),
            "rule \"a\": when: at /: operator \"==\" takes 2 arguments, got 1");
  EXPECT_EQ(Error(R"([{"id": "a", "colour": "red", "reason": "r"}])"), "rule \"a\": \"when\" is missing");
  EXPECT_EQ(Error(R"([{"id": "a", "colour": "red", "when": true, "reason": "r", "whn": 1}])"),
            "rule \"a\": unknown field \"whn\"");
  EXPECT_EQ(Error(R"([{"colour": "red", "when": true, "reason": "r"}])"), "rules[0]: \"id\" must be a string");
  EXPECT_EQ(Error("[]"), "rule set: \"rules\" must be a non-empty array");
  auto bad_time = RuleSet::Parse(R"({"version": "1", "effective": "yesterday", "author": "a", "description": "d",
                                     "rules": [{"id": "a", "colour": "red", "when": true, "reason": "r"}]})");
  EXPECT_FALSE(bad_time.ok());
  auto missing = RuleSet::Load("/nonexistent/rules.json");
  EXPECT_EQ(missing.status().code(), StatusCode::kIoError);
}

TEST(RuleSetTest, MostSevereColourAndFilledReasons) {
  auto set = RuleSet::Parse(SetWith(R"([
    {"id": "y", "colour": "yellow", "when": {">": [{"var": "contact.minutes"}, 10]}, "reason": "{contact.minutes} min {{near}} a case"},
    {"id": "r", "colour": "red", "when": {"===": [{"var": "case.status"}, "confirmed"]}, "reason": "case"},
    {"id": "g", "colour": "green", "when": {"var": "declaration.symptoms"}, "reason": "symptoms: {declaration.symptoms}"}])"));
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  Frame f(PersonFactsLayout());
  Evaluator ev;
  std::vector<uint32_t> matched;
  PersonFacts p;
  FillFrame(p, &f);
  EXPECT_EQ(set->Evaluate(f, ev, &matched), Colour::kGreen);
  EXPECT_TRUE(matched.empty());
  p.contact_minutes = 14;
  p.symptoms = {"cough", "fever"};
  FillFrame(p, &f);
  EXPECT_EQ(set->Evaluate(f, ev, &matched), Colour::kYellow);
  EXPECT_EQ(set->Reasons(matched, f), (std::vector<std::string>{"14 min {near} a case", "symptoms: cough, fever"}));
  p.case_status = "confirmed";
  FillFrame(p, &f);
  EXPECT_EQ(set->Evaluate(f, ev, &matched), Colour::kRed);
  EXPECT_EQ(matched, (std::vector<uint32_t>{0, 1, 2}));
}

class DefaultRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto set = RuleSet::Load(kDefaultRules);
    ASSERT_TRUE(set.ok()) << set.status().ToString();
    set_ = std::make_unique<RuleSet>(std::move(*set));
  }
  std::pair<Colour, std::vector<std::string>> Assess(const PersonFacts& p) {
    Frame f(PersonFactsLayout());
    FillFrame(p, &f);
    Evaluator ev;
    std::vector<uint32_t> matched;
    Status error;
    const Colour c = set_->Evaluate(f, ev, &matched, &error);
    EXPECT_TRUE(error.ok()) << error.ToString();
    return {c, set_->Reasons(matched, f)};
  }
  std::unique_ptr<RuleSet> set_;
};

TEST_F(DefaultRulesTest, EveryRuleNamesItsSource) {
  EXPECT_GE(set_->rules().size(), 7u);
  for (const auto& r : set_->rules()) EXPECT_FALSE(r.source.empty()) << r.id;
}

TEST_F(DefaultRulesTest, NothingAgainstThemIsGreen) {
  PersonFacts p;
  p.last_negative_hours_ago = 20;
  p.declaration_days_ago = 0;
  p.fever = false;
  auto [colour, reasons] = Assess(p);
  EXPECT_EQ(colour, Colour::kGreen);
  EXPECT_TRUE(reasons.empty());
}

TEST_F(DefaultRulesTest, CasesAreRed) {
  for (const char* status : {"confirmed", "asymptomatic", "suspected"}) {
    PersonFacts p;
    p.case_status = status;
    auto [colour, reasons] = Assess(p);
    EXPECT_EQ(colour, Colour::kRed) << status;
    ASSERT_EQ(reasons.size(), 1u);
  }
  PersonFacts cleared;
  cleared.case_status = "cleared";
  EXPECT_EQ(Assess(cleared).first, Colour::kGreen);
  PersonFacts confirmed;
  confirmed.case_status = "confirmed";
  EXPECT_EQ(Assess(confirmed).second[0], "Registered confirmed case");
}

TEST_F(DefaultRulesTest, ContactsByDegreeKindAndTests) {
  PersonFacts p;
  p.contact_degree = 1;
  p.contact_kind = "cotravel";
  p.contact_last_days_ago = 3;
  auto [colour, reasons] = Assess(p);
  EXPECT_EQ(colour, Colour::kRed);
  EXPECT_EQ(reasons, std::vector<std::string>{"Close contact of a case (cotravel), 3 day(s) ago"});
  p.contact_kind = "colocation";  // a traced first-degree co-location contact is a close contact
  EXPECT_EQ(Assess(p).first, Colour::kRed);
  p.contact_last_days_ago = 15;
  EXPECT_EQ(Assess(p).first, Colour::kGreen);
  p.contact_last_days_ago = 3;
  p.contact_kind = "companion";
  EXPECT_EQ(Assess(p).first, Colour::kYellow);
  p.contact_degree = 2;
  p.contact_kind = "colocation";
  EXPECT_EQ(Assess(p).first, Colour::kYellow);
  p.negatives_24h_apart_since_contact = 1;
  EXPECT_EQ(Assess(p).first, Colour::kYellow);
  p.negatives_24h_apart_since_contact = 2;
  EXPECT_EQ(Assess(p).first, Colour::kGreen);
}

TEST_F(DefaultRulesTest, RiskAreasTestsAndDeclarations) {
  PersonFacts p;
  p.high_risk_days_ago = 5;
  EXPECT_EQ(Assess(p).first, Colour::kYellow);
  p.high_risk_days_ago = 20;
  EXPECT_EQ(Assess(p).first, Colour::kGreen);
  p.medium_risk_days_ago = 2;
  EXPECT_EQ(Assess(p).first, Colour::kYellow);  // no test at all
  p.last_negative_hours_ago = 47;
  EXPECT_EQ(Assess(p).first, Colour::kGreen);
  p.last_negative_hours_ago = 49;
  EXPECT_EQ(Assess(p).first, Colour::kYellow);
  PersonFacts d;
  d.declaration_days_ago = 0;
  d.fever = true;
  EXPECT_EQ(Assess(d).first, Colour::kYellow);
  d.fever = false;
  EXPECT_EQ(Assess(d).first, Colour::kGreen);
  d.symptoms = {"cough"};
  EXPECT_EQ(Assess(d).second, std::vector<std::string>{"Declared fever or symptoms today (cough)"});
  d.declaration_days_ago = 1;
  EXPECT_EQ(Assess(d).first, Colour::kGreen);
}

TEST_F(DefaultRulesTest, OverridesRaiseTheColourWithTheirReason) {
  PersonFacts p;
  p.override_colour = "red";
  p.override_reason = "lab error under review";
  p.override_until = Timestamp{1795000000};
  auto [colour, reasons] = Assess(p);
  EXPECT_EQ(colour, Colour::kRed);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].find("lab error under review"), std::string::npos);
}

TEST_F(DefaultRulesTest, FactsFromJsonGiveTheSameAnswer) {
  Frame f(PersonFactsLayout());
  ASSERT_TRUE(f.FromJson(*ParseJson(R"({
    "now": "2026-11-26T08:00:00Z",
    "case":   {"status": null, "onset_days_ago": null},
    "contact":{"degree": 1, "kind": "colocation", "last_days_ago": 3, "minutes": 14},
    "itinerary": {"high_risk_days_ago": 5, "medium_risk_days_ago": null, "regions": ["310101", "110105"]},
    "tests":  {"last_negative_hours_ago": 20, "last_positive_days_ago": null},
    "declaration": {"fever": false, "symptoms": [], "days_ago": 0},
    "override": null})")).ok());
  Evaluator ev;
  std::vector<uint32_t> matched;
  EXPECT_EQ(set_->Evaluate(f, ev, &matched), Colour::kRed);
  EXPECT_EQ(set_->Reasons(matched, f),
            (std::vector<std::string>{"Close contact of a case (colocation), 3 day(s) ago",
                                      "Stayed in a high-risk area 5 day(s) ago"}));
}

}  // namespace
}  // namespace onecode::rules
