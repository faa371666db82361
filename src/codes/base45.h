// Base45 (RFC 9285): binary data as text in the 45-character alphabet of QR
// codes' alphanumeric mode ("0-9A-Z $%*+-./:"). Two bytes become three
// characters, a last single byte two. Pure functions, thread-safe.
#ifndef ONECODE_CODES_BASE45_H_
#define ONECODE_CODES_BASE45_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onecode::codes {

// The encoding of `bytes` (3 characters per 2 bytes, rounded up as the RFC says).
std::string Base45Encode(std::span<const uint8_t> bytes);
// Appends the encoding of `bytes` to `out`.
void Base45EncodeTo(std::span<const uint8_t> bytes, std::string* out);
// Decodes `text`. INVALID_ARGUMENT for a character outside the alphabet, a
// length of 1 modulo 3, or a group whose value does not fit (> 65535 for three
// characters, > 255 for a final two).
StatusOr<std::vector<uint8_t>> Base45Decode(std::string_view text);
// True when `c` is one of the 45 characters.
bool IsBase45Char(char c);

}  // namespace onecode::codes

#endif  // ONECODE_CODES_BASE45_H_
