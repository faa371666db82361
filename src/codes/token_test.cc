// The token codec: the documented test vectors byte for byte, round trips,
// every bit flip, rejected layouts, name masking and code identifiers.
#include "codes/token.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "codes/base45.h"
#include "codes/test_vectors.h"

namespace onecode::codes {
namespace {

using testing::Sequence;
using testing::TokenVectors;

std::string ReadDoc(const std::string& relative) {
  std::ifstream in(std::string(ONECODE_SOURCE_DIR) + "/" + relative);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(TokenTest, VectorsMatchByteForByte) {
  const SecretBytes code_secret = Sequence(testing::kCodeIdSecretFirst);
  for (const auto& v : TokenVectors()) {
    const SigningKey key = SigningKey::FromSeed(Sequence(v.issuer_seed_first));
    EXPECT_EQ(ToHex(key.public_key()), v.public_key_hex);
    TokenFields f = v.fields;
    EXPECT_EQ(MaskName(v.name), f.masked_name);
    f.code_id = ComputeCodeId(code_secret, v.person, Timestamp{f.issued});
    EXPECT_EQ(ToHex(f.code_id), v.code_id_hex);
    auto bytes = SignTokenBytes(f, key);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    EXPECT_EQ(ToHex(*bytes), v.token_hex);
    EXPECT_EQ(TokenText(*bytes), v.token_text);
    auto parsed = ParseTokenText(v.token_text);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed->fields, f);
    EXPECT_TRUE(VerifySignature(key.public_key(), parsed->signed_part(), parsed->signature()));
  }
}

TEST(TokenTest, FormatDocHoldsTheSameVectors) {
  const std::string doc = ReadDoc("docs/formats/token.md");
  ASSERT_FALSE(doc.empty()) << "docs/formats/token.md not found";
  for (const auto& v : TokenVectors()) {
    EXPECT_NE(doc.find(v.token_hex), std::string::npos) << v.token_hex;
    EXPECT_NE(doc.find(v.token_text), std::string::npos) << v.token_text;
    EXPECT_NE(doc.find(v.public_key_hex), std::string::npos);
    EXPECT_NE(doc.find(v.code_id_hex), std::string::npos);
  }
}

TokenFields SampleFields() {
  TokenFields f;
  f.region = 310101;
  f.key_id = 7;
  for (size_t i = 0; i < f.code_id.size(); ++i) f.code_id[i] = static_cast<uint8_t>(i * 17);
  f.colour = Colour::kYellow;
  f.issued = 1795651200;
  f.validity = 600;
  f.ruleset_version = 42;
  f.masked_name = "欧*娜";
  return f;
}

TEST(TokenTest, RoundTripsAllColoursAndNames) {
  const SigningKey key = SigningKey::FromSeed(Sequence(9));
  for (Colour c : {Colour::kGreen, Colour::kYellow, Colour::kRed}) {
    for (const std::string& name : std::vector<std::string>{"", "*", "张*", "A*z", "😀*😀", std::string(kMaxMaskedNameBytes, 'x')}) {
      TokenFields f = SampleFields();
      f.colour = c;
      f.masked_name = name;
      auto text = SignToken(f, key);
      ASSERT_TRUE(text.ok()) << text.status().ToString();
      EXPECT_EQ(text->substr(0, 4), "OC1:");
      EXPECT_LE(text->size(), kMaxTokenTextSize);
      auto back = ParseTokenText(*text);
      ASSERT_TRUE(back.ok()) << back.status().ToString();
      EXPECT_EQ(back->fields, f);
    }
  }
}

TEST(TokenTest, EncodeRejectsBadFields) {
  TokenFields f = SampleFields();
  f.masked_name = std::string(kMaxMaskedNameBytes + 1, 'x');
  EXPECT_FALSE(EncodeSignedPart(f).ok());
  f = SampleFields();
  f.masked_name = "\xff";
  EXPECT_FALSE(EncodeSignedPart(f).ok());
  f = SampleFields();
  f.region = 990000;  // province 99 does not exist
  EXPECT_FALSE(EncodeSignedPart(f).ok());
  f = SampleFields();
  f.validity = 0;
  EXPECT_FALSE(EncodeSignedPart(f).ok());
}

TEST(TokenTest, EveryFlippedBitChangesTheParseOrBreaksIt) {
  // Parsing alone never checks signatures (verify_test does, for every bit):
  // here, a flipped bit either makes the bytes malformed or yields different
  // fields or a different signature — never silently the same token.
  const SigningKey key = SigningKey::FromSeed(Sequence(3));
  auto bytes = SignTokenBytes(SampleFields(), key);
  ASSERT_TRUE(bytes.ok());
  for (size_t bit = 0; bit < bytes->size() * 8; ++bit) {
    std::vector<uint8_t> b = *bytes;
    b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    auto parsed = ParseTokenBytes(b);
    if (!parsed.ok()) continue;
    EXPECT_NE(parsed->bytes, *bytes);
    const bool same_sig = std::equal(parsed->signature().begin(), parsed->signature().end(), bytes->end() - 64);
    EXPECT_TRUE(parsed->fields != SampleFields() || !same_sig) << "bit " << bit;
  }
}

TEST(TokenTest, RejectsMalformedText) {
  const SigningKey key = SigningKey::FromSeed(Sequence(3));
  auto bytes = SignTokenBytes(SampleFields(), key);
  ASSERT_TRUE(bytes.ok());
  const std::string good = TokenText(*bytes);
  EXPECT_FALSE(ParseTokenText("").ok());
  EXPECT_FALSE(ParseTokenText("HC1:" + good.substr(4)).ok());        // another format
  EXPECT_FALSE(ParseTokenText("oc1:" + good.substr(4)).ok());        // prefix is case-sensitive
  EXPECT_FALSE(ParseTokenText(good + "0").ok());                       // base45 length
  EXPECT_FALSE(ParseTokenText(good.substr(0, good.size() - 3)).ok());  // truncated: length mismatch
  EXPECT_FALSE(ParseTokenText(good + "000").ok());                     // extra bytes
  EXPECT_FALSE(ParseTokenText(good + std::string(400, '0')).ok());     // longer than any token
  std::string bad = good;
  bad[10] = '#';  // not in the alphabet
  EXPECT_FALSE(ParseTokenText(bad).ok());
  bad[10] = 'a';  // lower case is not either
  EXPECT_FALSE(ParseTokenText(bad).ok());
}

TEST(TokenTest, RejectsMalformedBytesWithReasons) {
  const SigningKey key = SigningKey::FromSeed(Sequence(3));
  auto good = SignTokenBytes(SampleFields(), key);
  ASSERT_TRUE(good.ok());
  auto reason = [](std::vector<uint8_t> b) {
    auto p = ParseTokenBytes(std::move(b));
    return p.ok() ? std::string("ok") : p.status().message();
  };
  std::vector<uint8_t> b = *good;
  b[0] = 2;
  EXPECT_NE(reason(b).find("version 2"), std::string::npos);
  b = *good;
  b[22] = 3;  // colour
  EXPECT_NE(reason(b).find("colour byte 3"), std::string::npos);
  b = *good;
  b[1] = b[2] = b[3] = 0;  // region 000000
  EXPECT_NE(reason(b).find("region"), std::string::npos);
  b = *good;
  b[27] = b[28] = b[29] = b[30] = 0;  // validity 0
  EXPECT_NE(reason(b).find("validity"), std::string::npos);
  b = *good;
  b[35] = 200;  // name length
  EXPECT_NE(reason(b).find("name length"), std::string::npos);
  b = *good;
  b[36] = 0xff;  // name byte: not UTF-8
  EXPECT_NE(reason(b).find("UTF-8"), std::string::npos);
  b.assign(good->begin(), good->begin() + 50);
  EXPECT_NE(reason(b).find("at least"), std::string::npos);
}

TEST(MaskNameTest, KeepsFirstAndLastCharacter) {
  EXPECT_EQ(MaskName("张三丰"), "张*丰");
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧*娜");
  EXPECT_EQ(MaskName("Alexander"), "A*r");
  EXPECT_EQ(MaskName("Li"), "L*");
  EXPECT_EQ(MaskName("张"), "*");
  EXPECT_EQ(MaskName(""), "*");
  EXPECT_EQ(MaskName("\xff\xfe"), "*");
  EXPECT_EQ(MaskName("😀ab😀"), "😀*😀");  // 4-byte characters stay whole
  EXPECT_LE(MaskName("𠀀𠀀𠀀𠀀𠀀").size(), 9u);
}

TEST(CodeIdTest, KeyedPerPersonAndDay) {
  const SecretBytes secret = Sequence(0x40);
  const Timestamp t{1795651200};  // 08:00 local
  const CodeId a = ComputeCodeId(secret, "110105-0123456789abcdef", t);
  EXPECT_EQ(a, ComputeCodeId(secret, "110105-0123456789abcdef", Timestamp{t.seconds + 15 * 3600}));  // same local day
  EXPECT_NE(a, ComputeCodeId(secret, "110105-0123456789abcdef", Timestamp{t.seconds + 16 * 3600}));  // next local day
  EXPECT_NE(a, ComputeCodeId(secret, "110105-0123456789abcdee", t));
  EXPECT_NE(a, ComputeCodeId(Sequence(0x41), "110105-0123456789abcdef", t));
  // No trace of the person in the identifier.
  const std::string hex = ToHex(a);
  EXPECT_EQ(hex.find("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hex.find("110105"), std::string::npos);
}

TEST(CodeIdTest, DistinctOverManyPersons) {
  const SecretBytes secret = Sequence(0x40);
  std::set<CodeId> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(ComputeCodeId(secret, "110105-" + std::to_string(i), Timestamp{1795651200}));
  EXPECT_EQ(seen.size(), 10000u);
}

}  // namespace
}  // namespace onecode::codes
