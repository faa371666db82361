// QR and PNG: the PNG is well formed and its pixels are the QR modules; the
// version is the smallest that fits; SVG holds every dark module.
#include "codes/qr.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "codes/png.h"
#include "codes/test_vectors.h"

namespace onecode::codes {
namespace {

uint32_t BE32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<uint8_t>(s[at + i]);
  return v;
}

// Decodes the 1-bit greyscale PNGs EncodePng writes (one IDAT, filter 0).
std::vector<uint8_t> DecodeOurPng(const std::string& png, uint32_t* w, uint32_t* h) {
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  size_t at = 8;
  std::string idat;
  while (at + 12 <= png.size()) {
    const uint32_t len = BE32(png, at);
    const std::string type = png.substr(at + 4, 4);
    const std::string data = png.substr(at + 8, len);
    const uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(png.data() + at + 4), static_cast<uInt>(len + 4)));
    EXPECT_EQ(BE32(png, at + 8 + len), crc) << type;
    if (type == "IHDR") {
      *w = BE32(data, 0);
      *h = BE32(data, 4);
      EXPECT_EQ(data[8], 1);  // bit depth
      EXPECT_EQ(data[9], 0);  // greyscale
    } else if (type == "IDAT") {
      idat += data;
    }
    at += 12 + len;
  }
  EXPECT_EQ(at, png.size());
  const size_t row = (*w + 7) / 8 + 1;
  std::string raw(row * *h, '\0');
  uLongf raw_len = raw.size();
  EXPECT_EQ(uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_len, reinterpret_cast<const Bytef*>(idat.data()),
                       idat.size()), Z_OK);
  EXPECT_EQ(raw_len, raw.size());
  std::vector<uint8_t> dark(static_cast<size_t>(*w) * *h);
  for (uint32_t y = 0; y < *h; ++y) {
    EXPECT_EQ(raw[y * row], 0);  // filter None
    for (uint32_t x = 0; x < *w; ++x) {
      const auto byte = static_cast<uint8_t>(raw[y * row + 1 + x / 8]);
      dark[static_cast<size_t>(y) * *w + x] = ((byte >> (7 - x % 8)) & 1) ? 0 : 1;
    }
  }
  return dark;
}

TEST(PngTest, PixelsRoundTrip) {
  std::vector<uint8_t> img(13 * 5);
  for (size_t i = 0; i < img.size(); ++i) img[i] = (i * 7 % 3) == 0;
  auto png = EncodePng(img, 13, 5);
  ASSERT_TRUE(png.ok());
  uint32_t w = 0, h = 0;
  EXPECT_EQ(DecodeOurPng(*png, &w, &h), img);
  EXPECT_EQ(w, 13u);
  EXPECT_EQ(h, 5u);
  EXPECT_FALSE(EncodePng(img, 12, 5).ok());
  EXPECT_FALSE(EncodePng({}, 0, 0).ok());
}

TEST(QrTest, TokenQrIsSmallestVersionAndPngShowsTheModules) {
  const std::string text(testing::TokenVectors()[0].token_text);
  auto qr = EncodeQr(text);
  ASSERT_TRUE(qr.ok()) << qr.status().ToString();
  EXPECT_EQ(qr->size, 17 + 4 * qr->version);
  // Alphanumeric capacity at level M: version 7 holds 178 characters, version 8 221.
  ASSERT_EQ(text.size(), 165u);
  EXPECT_EQ(qr->version, 7);
  auto png = RenderQrPng(*qr, 3, 4);
  ASSERT_TRUE(png.ok());
  uint32_t w = 0, h = 0;
  const auto pixels = DecodeOurPng(*png, &w, &h);
  ASSERT_EQ(w, static_cast<uint32_t>((qr->size + 8) * 3));
  for (int y = 0; y < qr->size + 8; ++y) {
    for (int x = 0; x < qr->size + 8; ++x) {
      const bool inside = x >= 4 && y >= 4 && x < qr->size + 4 && y < qr->size + 4;
      const bool want = inside && qr->dark[static_cast<size_t>(y - 4) * qr->size + (x - 4)];
      ASSERT_EQ(pixels[static_cast<size_t>(y * 3 + 1) * w + x * 3 + 1], want) << x << "," << y;
    }
  }
}

TEST(QrTest, ShortTextGetsVersion1AndSvgHasEveryDarkModule) {
  auto qr = EncodeQr("OC1:ABC");
  ASSERT_TRUE(qr.ok());
  EXPECT_EQ(qr->version, 1);
  size_t dark = 0;
  for (uint8_t d : qr->dark) dark += d;
  const std::string svg = RenderQrSvg(*qr);
  size_t squares = 0;
  for (size_t at = svg.find("h1v1h-1z"); at != std::string::npos; at = svg.find("h1v1h-1z", at + 1)) ++squares;
  EXPECT_EQ(squares, dark);
  EXPECT_NE(svg.find("viewBox=\"0 0 29 29\""), std::string::npos);
}

TEST(QrTest, RejectsTextOutsideAlphanumericMode) {
  EXPECT_FALSE(EncodeQr("oc1:abc").ok());
  EXPECT_FALSE(EncodeQr("").ok());
  EXPECT_FALSE(EncodeQr(std::string(5000, 'A')).ok());
}

}  // namespace
}  // namespace onecode::codes
