// A minimal PNG writer for black-and-white images (1-bit greyscale, zlib
// deflate, no filtering): enough for QR codes, no image library needed.
// Pure functions, thread-safe.
#ifndef ONECODE_CODES_PNG_H_
#define ONECODE_CODES_PNG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace onecode::codes {

// The PNG file bytes of a width x height image; `dark[y * width + x]` non-zero
// paints pixel (x, y) black, zero white. INVALID_ARGUMENT for an empty image or
// a size mismatch; INTERNAL if zlib fails.
StatusOr<std::string> EncodePng(const std::vector<uint8_t>& dark, uint32_t width, uint32_t height);

}  // namespace onecode::codes

#endif  // ONECODE_CODES_PNG_H_
