#include "core/region.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace onecode {
namespace {

RegionCode MustParse(std::string_view text) {
  auto r = RegionCode::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : RegionCode::FromParts(11, 0, 0);
}

TEST(RegionCodeTest, ParsesCountyCityAndProvince) {
  const RegionCode county = MustParse("510104");
  EXPECT_EQ(county.province(), 51);
  EXPECT_EQ(county.city(), 1);
  EXPECT_EQ(county.county(), 4);
  EXPECT_EQ(county.value(), 510104u);
  EXPECT_EQ(county.level(), RegionLevel::kCounty);

  const RegionCode city = MustParse("510100");
  EXPECT_EQ(city.city(), 1);
  EXPECT_EQ(city.county(), 0);
  EXPECT_EQ(city.level(), RegionLevel::kCity);

  const RegionCode province = MustParse("510000");
  EXPECT_EQ(province.province(), 51);
  EXPECT_EQ(province.city(), 0);
  EXPECT_EQ(province.level(), RegionLevel::kProvince);
}

TEST(RegionCodeTest, AcceptsProvinceRangeEnds) {
  EXPECT_TRUE(RegionCode::Parse("110000").ok());
  EXPECT_TRUE(RegionCode::Parse("829999").ok());
  EXPECT_TRUE(RegionCode::Parse("119901").ok());
}

TEST(RegionCodeTest, RejectsWrongLength) {
  for (const char* text : {"", "5", "51010", "5101040", "510104 ", " 510104", "51010400"}) {
    auto r = RegionCode::Parse(text);
    ASSERT_FALSE(r.ok()) << "'" << text << "'";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << "'" << text << "'";
  }
}

TEST(RegionCodeTest, RejectsNonDigits) {
  for (const char* text : {"51010a", "a10104", "51-104", "5101 4", "+51010", "-51010", "51010\n", "51.104"}) {
    auto r = RegionCode::Parse(text);
    ASSERT_FALSE(r.ok()) << "'" << text << "'";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  // An embedded NUL is not a digit either.
  EXPECT_FALSE(RegionCode::Parse(std::string_view("5101\0004", 6)).ok());
}

TEST(RegionCodeTest, RejectsProvinceOutsideRange) {
  for (const char* text : {"000000", "100000", "101010", "830000", "830101", "990000", "999999", "010101"}) {
    auto r = RegionCode::Parse(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(text), std::string::npos) << "message should name the input";
  }
}

TEST(RegionCodeTest, RejectsCountyWithoutCity) {
  for (const char* text : {"510001", "510099", "110050"}) {
    auto r = RegionCode::Parse(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(RegionCodeTest, ParentChainGoesCountyCityProvinceThenNothing) {
  const RegionCode county = MustParse("440305");
  const std::optional<RegionCode> city = county.Parent();
  ASSERT_TRUE(city.has_value());
  EXPECT_EQ(city->ToString(), "440300");
  EXPECT_EQ(city->level(), RegionLevel::kCity);

  const std::optional<RegionCode> province = city->Parent();
  ASSERT_TRUE(province.has_value());
  EXPECT_EQ(province->ToString(), "440000");
  EXPECT_EQ(province->level(), RegionLevel::kProvince);

  EXPECT_FALSE(province->Parent().has_value());
}

TEST(RegionCodeTest, ProvinceAndCityCode) {
  const RegionCode county = MustParse("440305");
  EXPECT_EQ(county.ProvinceCode().ToString(), "440000");
  EXPECT_EQ(county.CityCode().ToString(), "440300");
  EXPECT_EQ(MustParse("440300").ProvinceCode().ToString(), "440000");
  EXPECT_EQ(MustParse("440300").CityCode().ToString(), "440300");
}

TEST(RegionCodeTest, ParentChainOfEveryCodeInAProvinceEndsAtThatProvince) {
  const RegionCode province = MustParse("320000");
  for (int city = 0; city <= 99; ++city) {
    for (int county = 0; county <= (city == 0 ? 0 : 99); ++county) {
      const RegionCode r = RegionCode::FromParts(32, city, county);
      int steps = 0;
      std::optional<RegionCode> cur = r;
      RegionCode last = r;
      while (cur.has_value()) {
        EXPECT_TRUE(cur->Contains(r)) << cur->ToString() << " should contain " << r.ToString();
        last = *cur;
        cur = cur->Parent();
        ++steps;
        ASSERT_LE(steps, 3);
      }
      EXPECT_EQ(last, province);
      const int expected_steps = city == 0 ? 1 : county == 0 ? 2 : 3;
      EXPECT_EQ(steps, expected_steps) << r.ToString();
    }
  }
}

TEST(RegionCodeTest, ContainsIsReflexiveAndHierarchical) {
  const RegionCode prov = MustParse("510000");
  const RegionCode city = MustParse("510100");
  const RegionCode county = MustParse("510104");
  const RegionCode other_city = MustParse("510300");
  const RegionCode other_county_same_city = MustParse("510105");
  const RegionCode other_prov_county = MustParse("520104");

  for (RegionCode r : {prov, city, county, other_city}) EXPECT_TRUE(r.Contains(r)) << r.ToString();

  EXPECT_TRUE(prov.Contains(city));
  EXPECT_TRUE(prov.Contains(county));
  EXPECT_TRUE(prov.Contains(other_city));
  EXPECT_FALSE(prov.Contains(other_prov_county));

  EXPECT_TRUE(city.Contains(county));
  EXPECT_TRUE(city.Contains(other_county_same_city));
  EXPECT_FALSE(city.Contains(prov));
  EXPECT_FALSE(city.Contains(other_city));
  EXPECT_FALSE(city.Contains(MustParse("510304")));

  EXPECT_FALSE(county.Contains(city));
  EXPECT_FALSE(county.Contains(prov));
  EXPECT_FALSE(county.Contains(other_county_same_city));
}

TEST(RegionCodeTest, ToStringRoundTripsEveryValidCodeOfSomeProvinces) {
  int checked = 0;
  for (int province : {11, 44, 82}) {
    for (int city = 0; city <= 99; ++city) {
      for (int county = 0; county <= 99; ++county) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02d%02d%02d", province, city, county);
        auto r = RegionCode::Parse(buf);
        if (city == 0 && county != 0) {
          EXPECT_FALSE(r.ok()) << buf;
          continue;
        }
        ASSERT_TRUE(r.ok()) << buf;
        EXPECT_EQ(r->ToString(), buf);
        EXPECT_EQ(r->province(), province);
        EXPECT_EQ(r->city(), city);
        EXPECT_EQ(r->county(), county);
        EXPECT_EQ(*r, RegionCode::FromParts(province, city, county));
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 3 * (1 + 99 * 100));
}

TEST(RegionCodeTest, ToStringKeepsLeadingZerosOfCityAndCounty) {
  EXPECT_EQ(RegionCode::FromParts(11, 1, 1).ToString(), "110101");
  EXPECT_EQ(RegionCode::FromParts(11, 0, 0).ToString(), "110000");
  EXPECT_EQ(RegionCode::FromParts(82, 99, 9).ToString(), "829909");
  EXPECT_EQ(RegionCode::FromParts(82, 99, 9).ToString().size(), 6u);
}

TEST(RegionCodeTest, FromPartsMatchesParse) {
  EXPECT_EQ(RegionCode::FromParts(51, 1, 4), MustParse("510104"));
  EXPECT_EQ(RegionCode::FromParts(51, 1, 4).value(), 510104u);
  EXPECT_EQ(RegionCode::FromParts(51, 1, 0).level(), RegionLevel::kCity);
  EXPECT_EQ(RegionCode::FromParts(51, 0, 0).level(), RegionLevel::kProvince);
}

TEST(RegionCodeTest, OrderingFollowsNumericValue) {
  std::vector<RegionCode> codes = {MustParse("510104"), MustParse("110000"), MustParse("510100"),
                                   MustParse("820000"), MustParse("510000")};
  std::sort(codes.begin(), codes.end());
  std::vector<std::string> got;
  for (RegionCode r : codes) got.push_back(r.ToString());
  EXPECT_EQ(got, (std::vector<std::string>{"110000", "510000", "510100", "510104", "820000"}));
  EXPECT_LT(MustParse("510000"), MustParse("510100"));
  EXPECT_NE(MustParse("510101"), MustParse("510102"));
}

}  // namespace
}  // namespace onecode
