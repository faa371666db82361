// The admin page's reads (issue 7): the colours history in date order from
// H: rows, and the active rule set's whole document.
#include <gtest/gtest.h>

#include <rocksdb/write_batch.h>

#include <filesystem>

#include <boost/json.hpp>

#include "api/official_api.h"
#include "api/pipeline_api.h"
#include "server/test_support.h"

namespace onecode::api {
namespace {

namespace json = boost::json;

class AdminApiTest : public ::testing::Test {
 protected:
  AdminApiTest()
      : dir_(server::testing::TempDir("admin-api")),
        store_(server::testing::MakeFixtureStore(dir_)),
        clock_(Timestamp{1793707200}),
        ctx_(*store_, clock_) {}
  ~AdminApiTest() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Put(const std::string& key, const std::string& value) {
    rocksdb::WriteBatch batch;
    batch.Put(key, value);
    ASSERT_TRUE(store_->Commit(&batch, /*sync=*/true).ok());
  }

  std::string dir_;
  std::unique_ptr<store::Store> store_;
  ManualClock clock_;
  ApiContext ctx_;
};

TEST_F(AdminApiTest, HistoryIsEmptyBeforeAnyColoursRun) {
  auto h = ColoursHistory(ctx_);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_TRUE(h->at("days").as_array().empty());
}

TEST_F(AdminApiTest, HistoryListsDaysInDateOrder) {
  // Written out of order; keys sort by date.
  Put("H:2026-11-25", R"({"green":7,"yellow":2,"red":1,"ruleset":"v2","computed_at":"2026-11-25T10:00:00Z"})");
  Put("H:2026-11-24", R"({"green":9,"yellow":1,"red":0,"ruleset":"v1","computed_at":"2026-11-24T10:00:00Z"})");
  auto h = ColoursHistory(ctx_);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  const auto& days = h->at("days").as_array();
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].at("date"), "2026-11-24");
  EXPECT_EQ(days[0].at("green").to_number<int>(), 9);
  EXPECT_EQ(days[0].at("ruleset"), "v1");
  EXPECT_EQ(days[1].at("date"), "2026-11-25");
  EXPECT_EQ(days[1].at("red").to_number<int>(), 1);
  EXPECT_EQ(days[1].at("yellow").to_number<int>(), 2);
  EXPECT_EQ(days[1].at("computed_at"), "2026-11-25T10:00:00Z");
}

TEST_F(AdminApiTest, CorruptHistoryRowIsInternal) {
  Put("H:2026-11-24", "not json");
  EXPECT_EQ(ColoursHistory(ctx_).status().code(), StatusCode::kInternal);
}

TEST_F(AdminApiTest, RulesDocumentIsTheDefaultThenThePublishedOne) {
  auto before = ActiveRulesDocument(ctx_);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  json::object doc = before->at("document").as_object();
  EXPECT_EQ(before->at("version"), doc.at("version"));
  ASSERT_FALSE(doc.at("rules").as_array().empty());
  // It round-trips through publish: the editor's text is a valid rule set.
  doc["version"] = "admin-test-2";
  doc["rules"].as_array()[0].as_object()["colour"] = "yellow";
  auto published = PublishApi(ctx_, json::object{{"rules", doc}}, "official1");
  ASSERT_TRUE(published.ok()) << published.status().ToString();
  auto after = ActiveRulesDocument(ctx_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->at("version"), "admin-test-2");
  EXPECT_EQ(after->at("document").at("rules").as_array()[0].at("colour"), "yellow");
  auto active = ActiveRulesApi(ctx_);
  ASSERT_TRUE(active.ok());
  EXPECT_EQ(active->at("version"), "admin-test-2");
}

}  // namespace
}  // namespace onecode::api
