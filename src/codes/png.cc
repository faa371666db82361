#include "codes/png.h"

#include <zlib.h>

#include <string_view>

namespace onecode::codes {
namespace {

void PutU32(std::string* out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// Appends one chunk: length, type, data, CRC-32 of type and data.
void PutChunk(std::string* out, std::string_view type, std::string_view data) {
  PutU32(out, static_cast<uint32_t>(data.size()));
  const size_t crc_start = out->size();
  out->append(type);
  out->append(data);
  const auto* p = reinterpret_cast<const Bytef*>(out->data() + crc_start);
  PutU32(out, static_cast<uint32_t>(crc32(0L, p, static_cast<uInt>(out->size() - crc_start))));
}

}  // namespace

StatusOr<std::string> EncodePng(const std::vector<uint8_t>& dark, uint32_t width, uint32_t height) {
  if (width == 0 || height == 0 || width > 16384 || height > 16384) {
    return Status::InvalidArgument("PNG size must be 1..16384 pixels each way");
  }
  if (dark.size() != static_cast<size_t>(width) * height) return Status::InvalidArgument("PNG pixel count mismatch");
  // Scanlines: filter byte 0 (None), then 1 bit per pixel, MSB first, 1 = white.
  const size_t row_bytes = (width + 7) / 8;
  std::string raw((row_bytes + 1) * height, '\0');
  for (uint32_t y = 0; y < height; ++y) {
    auto* row = reinterpret_cast<uint8_t*>(raw.data()) + y * (row_bytes + 1) + 1;
    for (uint32_t x = 0; x < width; ++x) {
      if (!dark[static_cast<size_t>(y) * width + x]) row[x / 8] |= static_cast<uint8_t>(0x80u >> (x % 8));
    }
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, reinterpret_cast<const Bytef*>(raw.data()),
                static_cast<uLong>(raw.size()), 9) != Z_OK) {
    return Status::Internal("zlib compress2 failed");
  }
  packed.resize(packed_size);

  std::string png("\x89PNG\r\n\x1a\n", 8);
  std::string ihdr;
  PutU32(&ihdr, width);
  PutU32(&ihdr, height);
  ihdr += '\x01';  // bit depth 1
  ihdr += '\x00';  // colour type 0: greyscale
  ihdr += '\x00';  // compression: deflate
  ihdr += '\x00';  // filter method 0
  ihdr += '\x00';  // no interlace
  PutChunk(&png, "IHDR", ihdr);
  PutChunk(&png, "IDAT", packed);
  PutChunk(&png, "IEND", "");
  return png;
}

}  // namespace onecode::codes
