// The API operations over a fixture store: what they store (in the ingest
// formats), what they answer, and their time limits (ManualClock).
#include <gtest/gtest.h>

#include <filesystem>

#include <boost/json.hpp>

#include "api/appeal_api.h"
#include "api/auth_api.h"
#include "api/citizen_api.h"
#include "api/consent_api.h"
#include "api/official_api.h"
#include "server/test_support.h"

namespace onecode::api {
namespace {

namespace json = boost::json;
using server::testing::kPersonGreen;
using server::testing::kPersonNone;
using server::testing::kPersonRed;

class ApiTest : public ::testing::Test {
 protected:
  ApiTest()
      : dir_(server::testing::TempDir("api")),
        store_(server::testing::MakeFixtureStore(dir_)),
        clock_(Timestamp{1793707200}),  // 2026-11-03T12:00:00Z
        ctx_(*store_, clock_) {}

  std::string Row(const std::string& key) {
    auto v = store_->Get(key);
    return v.ok() && v->has_value() ? **v : "<absent>";
  }

  ~ApiTest() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  ManualClock clock_;
  ApiContext ctx_;
};

TEST_F(ApiTest, HealthStatusReadsTheColourRow) {
  auto red = HealthStatus(ctx_, kPersonRed);
  ASSERT_TRUE(red.ok()) << red.status().ToString();
  EXPECT_EQ(red->at("colour"), "red");
  EXPECT_EQ(red->at("masked_name"), "张*丰");
  EXPECT_EQ(red->at("ruleset_version"), "7");
  EXPECT_EQ(red->at("computed_at"), "2026-11-18T11:06:40Z");
  ASSERT_EQ(red->at("reasons").as_array().size(), 2u);
  EXPECT_EQ(red->at("reasons").as_array()[0], "与确诊病例同一网格停留14分钟");
  auto none = HealthStatus(ctx_, kPersonNone);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->at("colour").is_null());
  EXPECT_EQ(HealthStatus(ctx_, "510104-ffffffffffffffff").status().code(), StatusCode::kNotFound);
}

TEST_F(ApiTest, DeclarationIsStoredAsADRowInTheIngestFormat) {
  auto r = DeclareHealth(ctx_, kPersonRed,
                         json::object{{"temperature_c", 37.94}, {"symptoms", json::array{"cough", "fever"}}, {"note", "头痛"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Row(std::string("D:") + kPersonRed + ":1793707200"), "37.9\tfever;cough\t头痛");
  EXPECT_EQ(DeclareHealth(ctx_, kPersonRed, json::object{{"temperature_c", 50}}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DeclareHealth(ctx_, kPersonRed, json::object{{"symptoms", json::array{"sneezing"}}}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DeclareHealth(ctx_, kPersonRed, json::object{{"note", "a\tb"}}).status().code(),
            StatusCode::kInvalidArgument);
  auto list = ListDeclarations(ctx_, kPersonRed);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->at("declarations").as_array().size(), 1u);
  EXPECT_EQ(list->at("declarations").as_array()[0].at("note"), "头痛");
}

TEST_F(ApiTest, RegisteredCaseRowEqualsWhatIngestWrites) {
  // case1 came in through ingest (cases.csv); register the same case by API.
  auto r = RegisterCase(ctx_, json::object{{"case", "case9"},
                                           {"person", kPersonGreen},
                                           {"status", "confirmed"},
                                           {"onset", "2026-11-02T00:00:00Z"},
                                           {"reported", "2026-11-03T00:00:00Z"},
                                           {"region", "510104"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Row("K:case9"), Row("K:case1"));
  EXPECT_NE(Row("K:case1"), "<absent>");
  ASSERT_TRUE(ClearCase(ctx_, "case9").ok());
  EXPECT_EQ(Row("K:case9").find("\tcleared\t"), std::string(kPersonGreen).size());
  EXPECT_EQ(ClearCase(ctx_, "nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(RegisterCase(ctx_, json::object{{"case", "c"}, {"person", "510104-ffffffffffffffff"},
                                            {"status", "confirmed"}, {"region", "510104"}})
                .status()
                .code(),
            StatusCode::kNotFound);
  auto risk = SetRiskArea(ctx_, json::object{{"region", "510104"}, {"level", "high"}, {"to", "2026-11-10T00:00:00Z"}});
  ASSERT_TRUE(risk.ok());
  EXPECT_EQ(Row("A:510104:1793707200"), "high\t1794268800");
  auto overview = Overview(ctx_);
  ASSERT_TRUE(overview.ok());
  EXPECT_EQ(overview->at("colours").at("red"), 1);
  EXPECT_EQ(overview->at("colours").at("green"), 1);
  EXPECT_EQ(overview->at("without_colour"), 1);
  EXPECT_EQ(overview->at("cases").at("confirmed"), 1);
  EXPECT_EQ(overview->at("cases").at("cleared"), 1);
  EXPECT_EQ(overview->at("active_risk_areas").at("high"), 1);
}

TEST_F(ApiTest, ConsentIsTimeLimitedAndRevocable) {
  auto denied = ConsentedColour(ctx_, "gate1", kPersonRed);
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(GrantConsent(ctx_, kPersonRed, json::object{{"grantee", "gate1"}, {"minutes", 10}}).ok());
  auto seen = ConsentedColour(ctx_, "gate1", kPersonRed);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->at("colour"), "red");
  EXPECT_EQ(seen->at("masked_name"), "张*丰");
  EXPECT_FALSE(seen->contains("reasons"));
  EXPECT_EQ(ConsentedColour(ctx_, "official1", kPersonRed).status().code(), StatusCode::kPermissionDenied);
  clock_.Advance(601);
  EXPECT_EQ(ConsentedColour(ctx_, "gate1", kPersonRed).status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(GrantConsent(ctx_, kPersonRed, json::object{{"grantee", "gate1"}, {"minutes", 10}}).ok());
  EXPECT_TRUE(ConsentedColour(ctx_, "gate1", kPersonRed).ok());
  ASSERT_TRUE(RevokeConsent(ctx_, kPersonRed, "gate1").ok());
  EXPECT_EQ(ConsentedColour(ctx_, "gate1", kPersonRed).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(GrantConsent(ctx_, kPersonRed, json::object{{"grantee", "nobody"}, {"minutes", 10}}).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(GrantConsent(ctx_, kPersonRed, json::object{{"grantee", "gate1"}, {"minutes", 100000}}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ApiTest, AppealsAreFiledListedAndResolvedOnce) {
  auto filed = FileAppeal(ctx_, kPersonRed, json::object{{"text", "11月2日我不在那里"}});
  ASSERT_TRUE(filed.ok());
  const std::string id(filed->at("id").as_string());
  auto open = ListAppeals(ctx_, "", "open");
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->at("total"), 1);
  EXPECT_EQ(ListAppeals(ctx_, kPersonGreen, "")->at("total"), 0);
  auto resolved = ResolveAppeal(ctx_, "official1", id, json::object{{"decision", "upheld"}, {"resolution", "已更正"}});
  ASSERT_TRUE(resolved.ok());
  EXPECT_EQ(resolved->at("status"), "upheld");
  EXPECT_EQ(resolved->at("resolved_by"), "official1");
  EXPECT_EQ(ResolveAppeal(ctx_, "official1", id, json::object{{"decision", "rejected"}, {"resolution", "x"}})
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(ListAppeals(ctx_, kPersonRed, "upheld")->at("total"), 1);
}

TEST_F(ApiTest, LoginChecksCredentialsAndSessionsExpire) {
  EXPECT_EQ(Login(ctx_, json::object{{"person", kPersonRed}, {"phone_tail", "9999"}}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Login(ctx_, json::object{{"user", "official1"}, {"password", "wrong-password"}}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Login(ctx_, json::object{{"user", "ghost"}, {"password", "fixture-password-1"}}).status().code(),
            StatusCode::kPermissionDenied);
  auto official = Login(ctx_, json::object{{"user", "official1"}, {"password", "fixture-password-1"}});
  ASSERT_TRUE(official.ok());
  EXPECT_EQ(official->at("role"), "official");
  auto citizen = Login(ctx_, json::object{{"person", kPersonRed}, {"phone_tail", "1234"}});
  ASSERT_TRUE(citizen.ok());
  const std::string token(citizen->at("token").as_string());
  auto who = ctx_.sessions().Find(token);
  ASSERT_NE(who, nullptr);
  EXPECT_EQ(who->role, Role::kCitizen);
  EXPECT_EQ(who->person, kPersonRed);
  clock_.Advance(ctx_.options().session_ttl_seconds + 1);
  EXPECT_EQ(ctx_.sessions().Find(token), nullptr);
}

TEST_F(ApiTest, ItineraryDeclarationIsComparedWithTheDerivedOne) {
  auto derived = DerivedItinerary(ctx_, kPersonRed);
  ASSERT_TRUE(derived.ok()) << derived.status().ToString();
  ASSERT_EQ(derived->at("days").as_array().size(), 3u) << json::serialize(*derived);
  EXPECT_EQ(derived->at("days").as_array()[0].at("date"), "2026-11-01");
  EXPECT_EQ(derived->at("days").as_array()[0].at("region"), "510104");
  auto r = DeclareItinerary(ctx_, kPersonRed,
                            json::object{{"days", json::array{json::object{{"date", "2026-11-01"}, {"region", "510104"}},
                                                              json::object{{"date", "2026-11-02"}, {"region", "510105"}},
                                                              json::object{{"date", "2026-09-01"}, {"region", "510104"}}}}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->at("agrees").as_bool());
  EXPECT_EQ(r->at("matched").as_array().size(), 1u);
  ASSERT_EQ(r->at("declared_not_derived").as_array().size(), 1u);
  EXPECT_EQ(r->at("declared_not_derived").as_array()[0].at("region"), "510105");
  ASSERT_EQ(r->at("derived_not_declared").as_array().size(), 2u);
  EXPECT_EQ(r->at("derived_not_declared").as_array()[0].at("date"), "2026-11-02");
  EXPECT_EQ(r->at("outside_window").as_array().size(), 1u);
  EXPECT_NE(Row(std::string("J:") + kPersonRed + ":1793707200"), "<absent>");
  EXPECT_EQ(DeclareItinerary(ctx_, kPersonRed, json::object{{"days", json::array{json::object{{"date", "2026-13-01"},
                                                                                             {"region", "510104"}}}}})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace onecode::api
