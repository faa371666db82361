// Trust lists: round trip, and every rejection (syntax, wrong root, bad
// signature, duplicate key id, expired entry) with its clear error.
#include "codes/trust_list.h"

#include <gtest/gtest.h>

#include "codes/test_vectors.h"

namespace onecode::codes {
namespace {

using testing::Sequence;

constexpr int64_t kT0 = 1795651200;  // 2026-11-26T00:00:00Z

IssuerEntry Entry(uint32_t region, uint16_t id, uint8_t seed, int64_t from, int64_t to) {
  IssuerEntry e;
  e.region = region;
  e.key_id = id;
  e.public_key = SigningKey::FromSeed(Sequence(seed)).public_key();
  e.valid_from = from;
  e.valid_to = to;
  return e;
}

class TrustListTest : public ::testing::Test {
 protected:
  SigningKey root_ = SigningKey::FromSeed(Sequence(testing::kRootSeedFirst));
  std::vector<IssuerEntry> entries_ = {Entry(510104, 2, 1, kT0, kT0 + 86400), Entry(110105, 1, 2, kT0 - 100, kT0 + 86400),
                                       Entry(110105, 2, 3, kT0, kT0 + 2 * 86400)};
  Timestamp now_{kT0 + 60};
};

TEST_F(TrustListTest, RoundTripsPinnedAndUnpinned) {
  const std::string text = TrustList::Write(entries_, Timestamp{kT0}, root_);
  auto pinned = TrustList::Parse(text, root_.public_key(), now_);
  ASSERT_TRUE(pinned.ok()) << pinned.status().ToString();
  EXPECT_TRUE(pinned->pinned());
  ASSERT_EQ(pinned->entries().size(), 3u);
  EXPECT_EQ(pinned->entries()[0].region, 110105u);  // sorted
  EXPECT_EQ(pinned->root(), root_.public_key());
  EXPECT_EQ(pinned->issued(), Timestamp{kT0});
  const IssuerEntry* e = pinned->Find(110105, 2);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(*e, entries_[2]);
  EXPECT_EQ(pinned->Find(110105, 3), nullptr);
  EXPECT_EQ(pinned->Find(510104, 1), nullptr);
  auto unpinned = TrustList::Parse(text, std::nullopt, now_);
  ASSERT_TRUE(unpinned.ok());
  EXPECT_FALSE(unpinned->pinned());
}

TEST_F(TrustListTest, IssuerLineRoundTrips) {
  for (const auto& e : entries_) {
    auto back = IssuerEntry::ParseLine(e.Line());
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, e);
  }
}

TEST_F(TrustListTest, RefusesAListSignedByAnotherRoot) {
  const SigningKey other = SigningKey::FromSeed(Sequence(0x99));
  const std::string text = TrustList::Write(entries_, Timestamp{kT0}, other);
  auto list = TrustList::Parse(text, root_.public_key(), now_);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(list.status().message().find("not by the pinned root"), std::string::npos);
}

TEST_F(TrustListTest, RejectsBadSignature) {
  std::string text = TrustList::Write(entries_, Timestamp{kT0}, root_);
  // Swap the first issuer's key for another: still well formed, no longer signed.
  const std::string key = ToHex(entries_[1].public_key);
  text.replace(text.find(key), key.size(), ToHex(entries_[0].public_key));
  auto list = TrustList::Parse(text, root_.public_key(), now_);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(list.status().message().find("signature does not verify"), std::string::npos);
  // The same when unpinned: the list's own root does not verify it either.
  EXPECT_FALSE(TrustList::Parse(text, std::nullopt, now_).ok());
  // A flipped signature digit too.
  std::string sig_flip = TrustList::Write(entries_, Timestamp{kT0}, root_);
  const size_t at = sig_flip.find("signature ") + 10;
  sig_flip[at] = sig_flip[at] == '0' ? '1' : '0';
  EXPECT_EQ(TrustList::Parse(sig_flip, root_.public_key(), now_).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(TrustListTest, RejectsDuplicateKeyId) {
  auto dup = entries_;
  dup.push_back(Entry(110105, 1, 7, kT0, kT0 + 86400));  // same region and key id, another key
  auto list = TrustList::Parse(TrustList::Write(dup, Timestamp{kT0}, root_), root_.public_key(), now_);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(list.status().message().find("duplicate key id"), std::string::npos);
  // The same key id under another region is not a duplicate.
  auto other = entries_;
  other.push_back(Entry(310101, 1, 8, kT0, kT0 + 86400));
  EXPECT_TRUE(TrustList::Parse(TrustList::Write(other, Timestamp{kT0}, root_), root_.public_key(), now_).ok());
}

TEST_F(TrustListTest, RejectsExpiredEntry) {
  auto expired = entries_;
  expired.push_back(Entry(310101, 4, 8, kT0 - 86400, kT0));  // ended before now_
  auto list = TrustList::Parse(TrustList::Write(expired, Timestamp{kT0}, root_), root_.public_key(), now_);
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(list.status().message().find("310101/4 expired at 2026-11-26T00:00:00Z"), std::string::npos);
  // A whole list goes stale when its entries end.
  const std::string text = TrustList::Write(entries_, Timestamp{kT0}, root_);
  EXPECT_TRUE(TrustList::Parse(text, root_.public_key(), Timestamp{kT0 + 86399}).ok());
  EXPECT_FALSE(TrustList::Parse(text, root_.public_key(), Timestamp{kT0 + 86400}).ok());
}

TEST_F(TrustListTest, RejectsMalformedLists) {
  const std::string good = TrustList::Write(entries_, Timestamp{kT0}, root_);
  auto rejects = [&](const std::string& text, std::string_view words) {
    auto list = TrustList::Parse(text, root_.public_key(), now_);
    ASSERT_FALSE(list.ok()) << text;
    EXPECT_EQ(list.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(list.status().message().find(words), std::string::npos) << list.status().message();
  };
  rejects("", "not a OneCode trust list");
  rejects("OneCode trust list 2\n" + good.substr(good.find('\n') + 1), "not a OneCode trust list");
  rejects(good.substr(0, good.size() - 1), "missing 'signature'");          // no final newline
  rejects(good.substr(0, good.find("signature")), "missing 'signature'");  // truncated
  rejects(good + "x\n", "after the signature");
  std::string crlf = good;
  crlf.insert(crlf.find('\n'), "\r");
  rejects(crlf, "CRLF");
  std::string bad_region = good;
  bad_region.replace(bad_region.find("issuer 110105"), 13, "issuer 990105");
  rejects(bad_region, "line 4");
  std::string bad_time = good;
  bad_time.replace(bad_time.find("2026-11-26T00:00:00Z"), 20, "2026-11-26 00:00:00Z");
  rejects(bad_time, "YYYY-MM-DDTHH:MM:SSZ");
  std::string bad_id = good;
  bad_id.replace(bad_id.find("issuer 110105 1 "), 16, "issuer 110105 01 ");
  rejects(bad_id, "key id");
  EXPECT_FALSE(IssuerEntry::ParseLine("issuer 110105 1 00 2026-11-26T00:00:00Z 2027-11-26T00:00:00Z").ok());
  EXPECT_FALSE(IssuerEntry::ParseLine("issuer 110105 70000 " + std::string(64, '0') + " 2026-11-26T00:00:00Z 2027-11-26T00:00:00Z").ok());
  EXPECT_FALSE(IssuerEntry::ParseLine("issuer 110105 1 " + std::string(64, '0') + " 2027-11-26T00:00:00Z 2026-11-26T00:00:00Z").ok());
}

TEST(RootKeyFileTest, ParsesHexLine) {
  const SigningKey root = SigningKey::FromSeed(Sequence(1));
  auto key = ParseRootKeyFile(ToHex(root.public_key()) + "\n");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, root.public_key());
  EXPECT_FALSE(ParseRootKeyFile("abc\n").ok());
  EXPECT_FALSE(ParseRootKeyFile(std::string(64, 'g')).ok());
}

}  // namespace
}  // namespace onecode::codes
