// Base45 against RFC 9285's examples, round trips and rejected inputs.
#include "codes/base45.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/random.h"

namespace onecode::codes {
namespace {

std::vector<uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Base45Test, Rfc9285Examples) {
  // RFC 9285 sections 4.3 and 4.4.
  EXPECT_EQ(Base45Encode(Bytes("AB")), "BB8");
  EXPECT_EQ(Base45Encode(Bytes("Hello!!")), "%69 VD92EX0");
  EXPECT_EQ(Base45Encode(Bytes("base-45")), "UJCLQE7W581");
  auto decoded = Base45Decode("QED8WEX0");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, Bytes("ietf!"));
}

TEST(Base45Test, EdgeValues) {
  EXPECT_EQ(Base45Encode(std::vector<uint8_t>{}), "");
  EXPECT_EQ(Base45Encode(std::vector<uint8_t>{0}), "00");
  EXPECT_EQ(Base45Encode(std::vector<uint8_t>{0xff}), "U5");      // 255 = 30 + 5*45
  EXPECT_EQ(Base45Encode(std::vector<uint8_t>{0xff, 0xff}), "FGW");  // 65535 = 15 + 16*45 + 32*2025
  auto max = Base45Decode("FGW");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(*max, (std::vector<uint8_t>{0xff, 0xff}));
}

TEST(Base45Test, RoundTripsRandomBytes) {
  Rng rng(45);
  for (int n = 0; n < 200; ++n) {
    std::vector<uint8_t> b(static_cast<size_t>(n));
    for (auto& x : b) x = static_cast<uint8_t>(rng.Next() & 0xff);
    const std::string text = Base45Encode(b);
    EXPECT_EQ(text.size(), b.size() / 2 * 3 + (b.size() % 2) * 2);
    for (char c : text) EXPECT_TRUE(IsBase45Char(c));
    auto back = Base45Decode(text);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, b);
  }
}

TEST(Base45Test, RejectsBadInput) {
  EXPECT_FALSE(Base45Decode("GGW").ok());   // 65536: one more than two bytes hold
  EXPECT_FALSE(Base45Decode("V5").ok());    // 256 in a final pair
  EXPECT_FALSE(Base45Decode("A").ok());     // length 1 mod 3
  EXPECT_FALSE(Base45Decode("BB8A").ok());  // length 1 mod 3
  EXPECT_FALSE(Base45Decode("bb8").ok());   // lower case is not in the alphabet
  EXPECT_FALSE(Base45Decode("BB#").ok());
  EXPECT_FALSE(Base45Decode(std::string("B\0B", 3)).ok());
  EXPECT_NE(Base45Decode("GGW").status().message().find("65535"), std::string::npos);
}

}  // namespace
}  // namespace onecode::codes
