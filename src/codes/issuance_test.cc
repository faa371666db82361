// Issuing from a store: colour and name from L:/P: records written through
// Store::Commit, signed with the node's key, verified with its trust list.
#include "codes/issuance.h"

#include <gtest/gtest.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "codes/verify.h"

namespace onecode::codes {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kT0 = 1795651200;
constexpr char kPerson[] = "110105-0123456789abcdef";

class IssuanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onecode-issue-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto s = store::Store::Open(dir_.string(), /*create=*/true);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    rocksdb::WriteBatch batch;
    batch.Put(std::string("P:") + kPerson, "0\t张三丰\t110105\t1234");
    batch.Put("P:110105-00000000000000aa", "1\t李四\t110105\t5678");
    ASSERT_TRUE(store_->Commit(&batch, false).ok());
    keys_.emplace(dir_.string());
    ASSERT_TRUE(keys_->Init(*RegionCode::Parse("110105"), Timestamp{kT0 - 86400}, 86400 * 30).ok());
    auto text = keys_->TrustListText(Timestamp{kT0});
    ASSERT_TRUE(text.ok());
    auto list = TrustList::Parse(*text, *keys_->RootPublicKey(), Timestamp{kT0});
    ASSERT_TRUE(list.ok());
    trust_ = *list;
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void SetColour(const std::string& person, const std::string& value) {
    rocksdb::WriteBatch batch;
    batch.Put(std::string(kColourPrefix) + person, value);
    ASSERT_TRUE(store_->Commit(&batch, false).ok());
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  std::optional<KeyStore> keys_;
  TrustList trust_;
};

TEST_F(IssuanceTest, IssuesCurrentColourAndVerifies) {
  SetColour(kPerson, "green\t4\t1795640000\t[]");
  auto code = IssueCode(*store_, *keys_, kPerson, Timestamp{kT0}, 300);
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(code->fields.colour, Colour::kGreen);
  EXPECT_EQ(code->fields.ruleset_version, 4u);
  EXPECT_EQ(code->fields.masked_name, "张*丰");
  EXPECT_EQ(code->fields.region, 110105u);
  EXPECT_EQ(code->fields.key_id, 1);
  EXPECT_EQ(code->fields.issued, kT0);
  EXPECT_EQ(code->text.find(kPerson), std::string::npos);
  const Verdict pass = VerifyToken(code->text, trust_, VerifyOptions{Timestamp{kT0 + 60}});
  EXPECT_TRUE(pass.pass()) << pass.detail;
  EXPECT_EQ(VerifyToken(code->text, trust_, VerifyOptions{Timestamp{kT0 + 331}}).reason, VerifyReason::kExpired);

  SetColour(kPerson, "red\t5\t1795650000\t[\"confirmed case\"]");
  auto red = IssueCode(*store_, *keys_, kPerson, Timestamp{kT0}, 300);
  ASSERT_TRUE(red.ok());
  EXPECT_EQ(VerifyToken(red->text, trust_, VerifyOptions{Timestamp{kT0}}).reason, VerifyReason::kRed);
  EXPECT_EQ(red->fields.code_id, code->fields.code_id);  // same person, same day
}

TEST_F(IssuanceTest, MissingColourIsAClearError) {
  auto code = IssueCode(*store_, *keys_, "110105-00000000000000aa", Timestamp{kT0}, 300);
  ASSERT_FALSE(code.ok());
  EXPECT_EQ(code.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(code.status().message(), "no colour for 110105-00000000000000aa; run onecode colours");
}

TEST_F(IssuanceTest, MissingPersonAndBadInputsAreErrors) {
  EXPECT_EQ(IssueCode(*store_, *keys_, "110105-ffffffffffffffff", Timestamp{kT0}, 300).status().code(), StatusCode::kNotFound);
  SetColour(kPerson, "green\t4\t1795640000\t[]");
  EXPECT_EQ(IssueCode(*store_, *keys_, kPerson, Timestamp{kT0}, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(IssueCode(*store_, *keys_, kPerson, Timestamp{kT0}, 86401).status().code(), StatusCode::kInvalidArgument);
  SetColour(kPerson, "purple\t4\t1795640000\t[]");
  EXPECT_EQ(IssueCode(*store_, *keys_, kPerson, Timestamp{kT0}, 300).status().code(), StatusCode::kInvalidArgument);
}

TEST(ColourRecordTest, ParsesAndRejects) {
  auto r = ParseColourRecord("yellow\t12\t1795651200\t[\"close contact\"]");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->colour, Colour::kYellow);
  EXPECT_EQ(r->ruleset_version, 12u);
  EXPECT_EQ(r->computed_at, 1795651200);
  EXPECT_EQ(r->reasons_json, "[\"close contact\"]");
  EXPECT_FALSE(ParseColourRecord("green\t1\t1795651200").ok());
  EXPECT_FALSE(ParseColourRecord("Green\t1\t1795651200\t[]").ok());
  EXPECT_FALSE(ParseColourRecord("green\t\t1795651200\t[]").ok());
  // A text version (the default rule set's "2026.11.26-1") maps to 4 bytes of its BLAKE2b hash.
  auto text = ParseColourRecord("green\t2026.11.26-1\t1795651200\t[]");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->ruleset_version, RulesetVersionNumber("2026.11.26-1"));
  EXPECT_NE(RulesetVersionNumber("2026.11.26-1"), RulesetVersionNumber("2026.11.26-2"));
  EXPECT_EQ(RulesetVersionNumber("4294967295"), 4294967295u);
  EXPECT_FALSE(ParseColourRecord("green\t1\t179565120\t[]").ok());
}

}  // namespace
}  // namespace onecode::codes
