// Unit tests of the JsonLogic engine: JavaScript conversions, compile errors,
// layouts and slots, CertLogic dates. The conformance suites are in
// conformance_test.cc; the differential test against json-logic-js in
// tests/rules_diff/.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <boost/json.hpp>

#include "rules/dates.h"
#include "rules/logic.h"

namespace onecode::rules {
namespace {

// Evaluates logic over data (both JSON text) and returns the result as JSON
// text, or "error: …".
std::string Js(const std::string& logic, const std::string& data = "null", Dialect d = Dialect::kJsonLogic) {
  CompileOptions o;
  o.dialect = d;
  auto p = Program::Parse(logic, o);
  if (!p.ok()) return "error: " + p.status().message();
  Arena arena;
  Evaluator ev;
  auto r = ev.Evaluate(*p, FromJson(*ParseJson(data), &arena));
  if (!r.ok()) return "error: " + r.status().message();
  return ToJsonText(*r);
}

TEST(JsNumberTest, FormatsLikeJavaScript) {
  EXPECT_EQ(NumberToString(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(NumberToString(1e21), "1e+21");
  EXPECT_EQ(NumberToString(1e20), "100000000000000000000");
  EXPECT_EQ(NumberToString(1.5e-7), "1.5e-7");
  EXPECT_EQ(NumberToString(0.000001), "0.000001");
  EXPECT_EQ(NumberToString(-0.0), "0");
  EXPECT_EQ(NumberToString(123.456), "123.456");
  EXPECT_EQ(NumberToString(std::nan("")), "NaN");
  EXPECT_EQ(NumberToString(-INFINITY), "-Infinity");
}

TEST(JsNumberTest, StringToNumberAndParseFloat) {
  EXPECT_EQ(StringToNumber("  12  "), 12);
  EXPECT_EQ(StringToNumber(""), 0);
  EXPECT_EQ(StringToNumber("0x1A"), 26);
  EXPECT_EQ(StringToNumber(".5"), 0.5);
  EXPECT_EQ(StringToNumber("5."), 5);
  EXPECT_TRUE(std::isnan(StringToNumber("12px")));
  EXPECT_TRUE(std::isnan(StringToNumber("-0x10")));
  EXPECT_EQ(StringToNumber("-Infinity"), -INFINITY);
  EXPECT_EQ(ParseFloatText("12px"), 12);
  EXPECT_EQ(ParseFloatText("0x10"), 0);
  EXPECT_EQ(ParseFloatText("  -.5e1x"), -5);
  EXPECT_EQ(ParseFloatText("1e"), 1);
  EXPECT_TRUE(std::isnan(ParseFloatText("")));
  EXPECT_TRUE(std::isnan(ParseFloatText("abc")));
}

TEST(JsSemanticsTest, LooseEqualityCoercions) {
  EXPECT_EQ(Js(R"({"==": [1, "1"]})"), "true");
  EXPECT_EQ(Js(R"({"==": [0, false]})"), "true");
  EXPECT_EQ(Js(R"({"==": [null, 0]})"), "false");
  EXPECT_EQ(Js(R"({"==": [null, null]})"), "true");
  EXPECT_EQ(Js(R"({"==": [[1], 1]})"), "true");
  EXPECT_EQ(Js(R"({"==": [[], false]})"), "true");
  EXPECT_EQ(Js(R"({"==": [[1,2], "1,2"]})"), "true");
  EXPECT_EQ(Js(R"({"===": [[1], [1]]})"), "false");  // two arrays: identity
  EXPECT_EQ(Js(R"({"===": [{"var": "a"}, {"var": "a"}]})", R"({"a": [1]})"), "true");  // the same array
  EXPECT_EQ(Js(R"({"==": ["true", true]})"), "false");
}

TEST(JsSemanticsTest, RelationalComparison) {
  EXPECT_EQ(Js(R"({"<": ["10", "9"]})"), "true");   // two strings: by code units
  EXPECT_EQ(Js(R"({"<": ["10", 9]})"), "false");    // one number: numeric
  EXPECT_EQ(Js(R"({"<=": [null, 0]})"), "true");
  EXPECT_EQ(Js(R"({"<": ["a", 1]})"), "false");
  EXPECT_EQ(Js(R"({">=": ["a", 1]})"), "false");    // NaN: unordered both ways
  EXPECT_EQ(Js(R"({"<": [1, 2, 3]})"), "true");
  EXPECT_EQ(Js(R"({"<=": [1, 1, 0]})"), "false");
}

TEST(JsSemanticsTest, ArithmeticFollowsJsonLogicJs) {
  EXPECT_EQ(Js(R"({"+": ["3abc", 1]})"), "4");   // parseFloat
  EXPECT_EQ(Js(R"({"-": ["3abc", 1]})"), "null");  // ToNumber: NaN, printed null
  EXPECT_EQ(Js(R"({"*": ["3"]})"), "\"3\"");      // one argument is returned as is
  EXPECT_EQ(Js(R"({"+": []})"), "0");
  EXPECT_EQ(Js(R"({"%": [-7, 3]})"), "-1");
  EXPECT_EQ(Js(R"({"/": [1, 0]})"), "null");
  EXPECT_EQ(Js(R"({"max": [1, "5", [7]]})"), "7");
  EXPECT_EQ(Js(R"({"min": [1, "x"]})"), "null");
  EXPECT_EQ(Js(R"({"cat": [null, 1.5, [1, [2, null]], {"a": 1, "b": 2}]})"), "\"1.51,2,[object Object]\"");
  EXPECT_EQ(Js(R"({"substr": ["jsonlogic", 1, -1]})"), "\"sonlogi\"");
  EXPECT_EQ(Js(R"({"substr": ["jsonlogic", 1, "-1"]})"), "\"\"");
  EXPECT_EQ(Js(R"({"substr": ["健康码abc", 1, 2]})"), "\"康码\"");
  EXPECT_EQ(Js(R"({"in": [1, "x1"]})"), "true");
  EXPECT_EQ(Js(R"({"in": ["a", ""]})"), "false");
}

TEST(JsSemanticsTest, VarPathsDefaultsAndLengths) {
  EXPECT_EQ(Js(R"({"var": "a.1.b"})", R"({"a": [0, {"b": 5}]})"), "5");
  EXPECT_EQ(Js(R"({"var": ["a.x", 7]})", R"({"a": {"x": null}})"), "null");  // present: no default
  EXPECT_EQ(Js(R"({"var": ["a.y", 7]})", R"({"a": {"x": null}})"), "7");
  EXPECT_EQ(Js(R"({"var": "a.length"})", R"({"a": [1, 2, 3]})"), "3");
  EXPECT_EQ(Js(R"({"var": "s.1"})", R"({"s": "abc"})"), "\"b\"");
  EXPECT_EQ(Js(R"({"var": {"cat": ["a", ".b"]}})", R"({"a": {"b": 2}})"), "2");
  EXPECT_EQ(Js(R"({"reduce": [[1, 2], {"var": ""}, 0]})"), R"({"current":2,"accumulator":{"current":1,"accumulator":0}})");
  EXPECT_EQ(Js(R"({"reduce": [[1, 2], [{"var": ""}], 0]})"),
            R"([{"current":2,"accumulator":[{"current":1,"accumulator":0}]}])");  // a new object per step
  EXPECT_EQ(Js(R"({"missing_some": [1, ["a", "b"]]})", R"({"b": 0})"), "[]");
}

TEST(CompileTest, MalformedLogicIsAClearError) {
  EXPECT_EQ(Js(R"({"nope": [1]})"), "error: at /: unknown operator \"nope\"");
  EXPECT_EQ(Js(R"({"and": [true, {"==": [1]}]})"), "error: at /and/1: operator \"==\" takes 2 arguments, got 1");
  EXPECT_NE(Js(R"({">": [3, 2, 1]})").find("between"), std::string::npos);
  EXPECT_NE(Js(R"({"if": [true, 1)").find("not valid JSON"), std::string::npos);
  std::string deep = "1";
  for (int i = 0; i < 70; ++i) deep = R"({"!": [)" + deep + "]}";
  EXPECT_NE(Js(deep).find("nested deeper than 64"), std::string::npos);
  std::string very_deep = "1";
  for (int i = 0; i < 20000; ++i) very_deep = "[" + very_deep + "]";
  EXPECT_EQ(Js(very_deep).rfind("error:", 0), 0u);  // an error, not a stack overflow
}

TEST(CompileTest, ConstantsFold) {
  auto p = Program::Parse(R"({"if": [{"<": [1, 2]}, {"cat": ["a", "b"]}, "c"]})");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->is_constant());
  auto q = Program::Parse(R"({"if": [{"var": "x"}, {"cat": ["a", "b"]}, "c"]})");
  ASSERT_TRUE(q.ok());
  EXPECT_FALSE(q->is_constant());
  auto l = Program::Parse(R"({"log": 1})");
  ASSERT_TRUE(l.ok());
  EXPECT_FALSE(l->is_constant());  // side effect: never folded
}

TEST(LayoutTest, VarsResolveToSlotsOverAFrame) {
  auto layout = DataLayout::Make({"now", "contact.degree", "contact.minutes", "itinerary.regions"});
  ASSERT_TRUE(layout.ok());
  const DataLayout& l = **layout;
  EXPECT_EQ(l.Find("contact"), 1);
  EXPECT_TRUE(l.IsObject(l.Find("contact")));
  CompileOptions o;
  o.layout = *layout;
  Frame f(*layout);
  ASSERT_TRUE(f.FromJson(*ParseJson(R"({"now": "x", "contact": {"degree": 1, "minutes": 14},
                                               "itinerary": {"regions": ["310101", "110105"]}})")).ok());
  Evaluator ev;
  auto run = [&](const std::string& logic) {
    auto p = Program::Parse(logic, o);
    EXPECT_TRUE(p.ok()) << p.status().ToString();
    auto r = ev.Evaluate(*p, f);
    return r.ok() ? ToJsonText(*r) : r.status().message();
  };
  EXPECT_EQ(run(R"({"var": "contact.minutes"})"), "14");
  EXPECT_EQ(run(R"({"var": "contact"})"), R"({"degree":1,"minutes":14})");
  EXPECT_EQ(run(R"({"var": "itinerary.regions.1"})"), "\"110105\"");
  EXPECT_EQ(run(R"({"var": ["contact.nope", "dflt"]})"), "\"dflt\"");
  EXPECT_EQ(run(R"({"var": ""})"), R"({"now":"x","contact":{"degree":1,"minutes":14},"itinerary":{"regions":["310101","110105"]}})");
  EXPECT_EQ(run(R"({"missing": ["contact.degree", "now.x", "itinerary.regions"]})"), R"(["now.x"])");
  EXPECT_TRUE(ev.Test(*Program::Parse(R"({"in": ["310101", {"var": "itinerary.regions"}]})", o), f));
  EXPECT_FALSE(f.FromJson(*ParseJson(R"({"contact": {"degre": 1}})")).ok());
}

TEST(CertLogicTest, DatesAndErrors) {
  EXPECT_EQ(PlusTime(*ParseDateTime("2020-02-29"), 1, TimeUnit::kYear), *ParseDateTime("2021-03-01"));
  EXPECT_EQ(PlusTime(*ParseDateTime("2020-02-29"), 1, TimeUnit::kMonth), *ParseDateTime("2020-03-29"));
  EXPECT_EQ(*ParseDateTime("2021-06-01T10:00:00+0130"), *ParseDateTime("2021-06-01T08:30:00Z"));
  EXPECT_EQ(*ParseDateTime("2021-06-01T10:00:00.1239Z") % 1000, 123);
  EXPECT_FALSE(ParseDateTime("2021-02-30").has_value());
  EXPECT_EQ(*DccDateOfBirth("2004-02"), *ParseDateTime("2004-02-29"));
  EXPECT_EQ(Js(R"({"plusTime": ["2021-01-01", 1, "day"]})", "null", Dialect::kCertLogic), "\"2021-01-02T00:00:00.000Z\"");
  EXPECT_EQ(Js(R"({"+": [1, {"var": "x"}]})", R"({"x": "2"})", Dialect::kCertLogic).rfind("error:", 0), 0u);
  EXPECT_EQ(Js(R"({"if": [{"var": "x"}, 1, 2]})", R"({"x": 1.5})", Dialect::kCertLogic).rfind("error:", 0), 0u);
  EXPECT_EQ(Js(R"({"in": [1, {"var": "x"}]})", R"({"x": null})", Dialect::kCertLogic).rfind("error:", 0), 0u);
  EXPECT_EQ(Js(R"({"reduce": [{"var": "x"}, {"+": [{"var": "accumulator"}, {"var": "current"}]}, 0]})",
                R"({"x": [1, 2, 3]})", Dialect::kCertLogic), "6");
  EXPECT_EQ(Js(R"({"or": [1, 2]})", "null", Dialect::kCertLogic), "error: at /or: unrecognised operator: \"or\"");
}

TEST(JsonLogicDatesTest, DaysAndHoursBetween) {
  EXPECT_EQ(Js(R"({"days_between": ["2026-11-20T08:00:00Z", {"var": "now"}]})", R"({"now": "2026-11-26T20:00:00Z"})"),
            "6.5");
  EXPECT_EQ(Js(R"({"hours_between": ["2026-11-26T00:00:00+08:00", "2026-11-26T00:00:00Z"]})"), "8");
  EXPECT_EQ(Js(R"({"days_between": ["not a date", "2026-11-26"]})"), "null");
}

TEST(EvaluatorTest, LogWritesToTheSinkAndReturnsItsArgument) {
  auto p = Program::Parse(R"({"log": {"var": "a"}})");
  ASSERT_TRUE(p.ok());
  Arena arena;
  Evaluator ev;
  std::string sink;
  ev.set_log(&sink);
  auto r = ev.Evaluate(*p, FromJson(*ParseJson(R"({"a": [1, "x"]})"), &arena));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ToJsonText(*r), R"([1,"x"])");
  EXPECT_EQ(sink, "[1,\"x\"]\n");
}

}  // namespace
}  // namespace onecode::rules
