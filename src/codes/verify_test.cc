// Verification: a pass, every stop reason, every flipped bit, a changed
// colour byte, replay after expiry, clock skew at its edges, unpinned lists.
#include "codes/verify.h"

#include <gtest/gtest.h>

#include "codes/base45.h"
#include "codes/test_vectors.h"

namespace onecode::codes {
namespace {

using testing::Sequence;

constexpr int64_t kT0 = 1795651200;  // 2026-11-26T00:00:00Z

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    IssuerEntry e;
    e.region = 110105;
    e.key_id = 1;
    e.public_key = issuer_.public_key();
    e.valid_from = kT0 - 86400;
    e.valid_to = kT0 + 86400;
    const std::string text = TrustList::Write({e}, Timestamp{kT0}, root_);
    auto list = TrustList::Parse(text, root_.public_key(), Timestamp{kT0});
    ASSERT_TRUE(list.ok()) << list.status().ToString();
    trust_ = *list;
    IssuerEntry later = e;
    later.key_id = 3;
    later.public_key = old_issuer_.public_key();
    later.valid_from = kT0 + 3600;  // a key published ahead of its start
    auto with_later = TrustList::Parse(TrustList::Write({e, later}, Timestamp{kT0}, root_), root_.public_key(), Timestamp{kT0});
    ASSERT_TRUE(with_later.ok());
    trust_with_later_ = *with_later;
  }

  TokenFields Fields(Colour c = Colour::kGreen) const {
    TokenFields f;
    f.region = 110105;
    f.key_id = 1;
    f.code_id = ComputeCodeId(Sequence(0x40), "110105-0123456789abcdef", Timestamp{kT0});
    f.colour = c;
    f.issued = kT0;
    f.validity = 300;
    f.ruleset_version = 3;
    f.masked_name = "张*丰";
    return f;
  }
  std::string Sign(const TokenFields& f, const SigningKey& key) const {
    auto text = SignToken(f, key);
    EXPECT_TRUE(text.ok());
    return *text;
  }
  Verdict At(const std::string& text, int64_t now, int64_t skew = 30) const {
    return VerifyToken(text, trust_, VerifyOptions{Timestamp{now}, skew});
  }

  SigningKey root_ = SigningKey::FromSeed(Sequence(testing::kRootSeedFirst));
  SigningKey issuer_ = SigningKey::FromSeed(Sequence(0));
  SigningKey old_issuer_ = SigningKey::FromSeed(Sequence(0x60));
  TrustList trust_, trust_with_later_;
};

TEST_F(VerifyTest, GreenValidCodePasses) {
  const Verdict v = At(Sign(Fields(), issuer_), kT0 + 10);
  EXPECT_TRUE(v.pass()) << v.detail;
  EXPECT_EQ(VerifyReasonCode(v.reason), "pass");
  EXPECT_TRUE(v.signature_ok);
  EXPECT_TRUE(v.pinned);
  ASSERT_TRUE(v.token.has_value());
  EXPECT_EQ(v.token->masked_name, "张*丰");
  EXPECT_EQ(v.detail.find("unpinned"), std::string::npos);
}

TEST_F(VerifyTest, YellowAndRedStop) {
  const Verdict y = At(Sign(Fields(Colour::kYellow), issuer_), kT0 + 10);
  EXPECT_EQ(y.reason, VerifyReason::kYellow);
  EXPECT_EQ(VerifyReasonCode(y.reason), "yellow");
  EXPECT_TRUE(y.signature_ok);
  const Verdict r = At(Sign(Fields(Colour::kRed), issuer_), kT0 + 10);
  EXPECT_EQ(r.reason, VerifyReason::kRed);
  EXPECT_FALSE(r.pass());
}

TEST_F(VerifyTest, MalformedStops) {
  for (std::string text : {"", "OC1:", "OC1:0", "HC1:ABC", "hello", "OC1:%%%"}) {
    const Verdict v = At(text, kT0);
    EXPECT_EQ(v.reason, VerifyReason::kMalformed) << text;
    EXPECT_NE(v.detail.find("malformed"), std::string::npos);
    EXPECT_FALSE(v.token.has_value());
  }
}

TEST_F(VerifyTest, UnknownIssuerStops) {
  TokenFields f = Fields();
  f.region = 310101;
  Verdict v = At(Sign(f, issuer_), kT0);
  EXPECT_EQ(v.reason, VerifyReason::kUnknownIssuer);
  EXPECT_NE(v.detail.find("310101/1"), std::string::npos);
  f = Fields();
  f.key_id = 9;
  EXPECT_EQ(At(Sign(f, issuer_), kT0).reason, VerifyReason::kUnknownIssuer);
}

TEST_F(VerifyTest, BadSignatureStops) {
  // Signed by a key the list does not hold for (110105, 1).
  const Verdict v = At(Sign(Fields(), old_issuer_), kT0);
  EXPECT_EQ(v.reason, VerifyReason::kBadSignature);
  EXPECT_FALSE(v.signature_ok);
}

TEST_F(VerifyTest, KeyNotValidAtIssueTimeStops) {
  TokenFields f = Fields();
  f.issued = kT0 - 2 * 86400;  // before key 1's validity began
  EXPECT_EQ(At(Sign(f, issuer_), kT0 - 2 * 86400).reason, VerifyReason::kKeyNotValid);
  f = Fields();
  f.key_id = 3;
  f.issued = kT0;  // key 3 starts at kT0 + 1 h
  const Verdict v = VerifyToken(Sign(f, old_issuer_), trust_with_later_, VerifyOptions{Timestamp{kT0}});
  EXPECT_EQ(v.reason, VerifyReason::kKeyNotValid);
  f.issued = kT0 + 3600;
  EXPECT_TRUE(VerifyToken(Sign(f, old_issuer_), trust_with_later_, VerifyOptions{Timestamp{kT0 + 3600}}).pass());
}

TEST_F(VerifyTest, ExpiryAndSkewEdges) {
  const std::string text = Sign(Fields(), issuer_);  // valid [kT0, kT0 + 300]
  EXPECT_TRUE(At(text, kT0 + 300 + 30).pass());
  const Verdict replay = At(text, kT0 + 300 + 31);  // the same screenshot, a moment later
  EXPECT_EQ(replay.reason, VerifyReason::kExpired);
  EXPECT_NE(replay.detail.find("expired at 2026-11-26T00:05:00Z"), std::string::npos) << replay.detail;
  EXPECT_EQ(At(text, kT0 + 3600).reason, VerifyReason::kExpired);
  EXPECT_TRUE(At(text, kT0 - 30).pass());
  EXPECT_EQ(At(text, kT0 - 31).reason, VerifyReason::kNotYetValid);
  EXPECT_EQ(At(text, kT0 + 301, /*skew=*/0).reason, VerifyReason::kExpired);
  EXPECT_TRUE(At(text, kT0 + 400, /*skew=*/120).pass());
}

TEST_F(VerifyTest, ExpiryIsCheckedBeforeColour) {
  EXPECT_EQ(At(Sign(Fields(Colour::kRed), issuer_), kT0 + 1000).reason, VerifyReason::kExpired);
}

TEST_F(VerifyTest, EveryFlippedBitStops) {
  const std::string text = Sign(Fields(), issuer_);
  auto bytes = DecodeTokenText(text);
  ASSERT_TRUE(bytes.ok());
  ASSERT_TRUE(At(text, kT0).pass());
  for (size_t bit = 0; bit < bytes->size() * 8; ++bit) {
    std::vector<uint8_t> b = *bytes;
    b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    const Verdict v = At(std::string(kTokenTextPrefix) + Base45Encode(b), kT0);
    EXPECT_FALSE(v.pass()) << "bit " << bit << " flipped still passes";
    EXPECT_FALSE(v.signature_ok && v.reason == VerifyReason::kPass);
  }
}

TEST_F(VerifyTest, ChangedColourByteStops) {
  for (Colour from : {Colour::kRed, Colour::kYellow}) {
    auto bytes = DecodeTokenText(Sign(Fields(from), issuer_));
    ASSERT_TRUE(bytes.ok());
    (*bytes)[22] = static_cast<uint8_t>(Colour::kGreen);  // red/yellow -> green
    const Verdict v = At(std::string(kTokenTextPrefix) + Base45Encode(*bytes), kT0);
    EXPECT_EQ(v.reason, VerifyReason::kBadSignature);
    EXPECT_FALSE(v.signature_ok);
  }
}

TEST_F(VerifyTest, UnpinnedListSaysSoInEveryAnswer) {
  const std::string list_text = TrustList::Write(trust_.entries(), Timestamp{kT0}, root_);
  auto unpinned = TrustList::Parse(list_text, std::nullopt, Timestamp{kT0});
  ASSERT_TRUE(unpinned.ok());
  for (const std::string& text : {Sign(Fields(), issuer_), Sign(Fields(Colour::kRed), issuer_), std::string("junk")}) {
    const Verdict v = VerifyToken(text, *unpinned, VerifyOptions{Timestamp{kT0}});
    EXPECT_FALSE(v.pinned);
    EXPECT_NE(v.detail.find("unpinned"), std::string::npos) << v.detail;
  }
}

TEST_F(VerifyTest, DocumentedVectorVerifies) {
  // The first vector of docs/formats/token.md, against a list holding its key.
  const auto v = testing::TokenVectors()[0];
  IssuerEntry e;
  e.region = 110105;
  e.key_id = 1;
  e.public_key = SigningKey::FromSeed(Sequence(v.issuer_seed_first)).public_key();
  e.valid_from = kT0 - 86400;
  e.valid_to = kT0 + 86400;
  auto list = TrustList::Parse(TrustList::Write({e}, Timestamp{kT0}, root_), root_.public_key(), Timestamp{kT0});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(VerifyToken(v.token_text, *list, VerifyOptions{Timestamp{kT0 + 60}}).pass());
  EXPECT_EQ(VerifyToken(v.token_text, *list, VerifyOptions{Timestamp{kT0 + 331}}).reason, VerifyReason::kExpired);
}

}  // namespace
}  // namespace onecode::codes
