#include "codes/base45.h"

#include <array>

namespace onecode::codes {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

// Value of each character, or -1.
constexpr std::array<int8_t, 256> MakeValues() {
  std::array<int8_t, 256> v{};
  for (auto& x : v) x = -1;
  for (int i = 0; i < 45; ++i) v[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return v;
}
constexpr std::array<int8_t, 256> kValues = MakeValues();

}  // namespace

bool IsBase45Char(char c) { return kValues[static_cast<unsigned char>(c)] >= 0; }

void Base45EncodeTo(std::span<const uint8_t> bytes, std::string* out) {
  out->reserve(out->size() + bytes.size() / 2 * 3 + 2);
  size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) {
    unsigned n = static_cast<unsigned>(bytes[i]) * 256 + bytes[i + 1];
    out->push_back(kAlphabet[n % 45]);
    n /= 45;
    out->push_back(kAlphabet[n % 45]);
    out->push_back(kAlphabet[n / 45]);
  }
  if (i < bytes.size()) {
    const unsigned n = bytes[i];
    out->push_back(kAlphabet[n % 45]);
    out->push_back(kAlphabet[n / 45]);
  }
}

std::string Base45Encode(std::span<const uint8_t> bytes) {
  std::string s;
  Base45EncodeTo(bytes, &s);
  return s;
}

StatusOr<std::vector<uint8_t>> Base45Decode(std::string_view text) {
  if (text.size() % 3 == 1) {
    return Status::InvalidArgument("base45: length " + std::to_string(text.size()) + " is 1 modulo 3");
  }
  std::vector<uint8_t> out;
  out.reserve(text.size() / 3 * 2 + 1);
  for (size_t i = 0; i < text.size(); i += 3) {
    const size_t n = std::min<size_t>(3, text.size() - i);
    unsigned value = 0, weight = 1;
    for (size_t k = 0; k < n; ++k) {
      const int d = kValues[static_cast<unsigned char>(text[i + k])];
      if (d < 0) return Status::InvalidArgument("base45: character " + std::to_string(i + k) + " is not in the alphabet");
      value += static_cast<unsigned>(d) * weight;
      weight *= 45;
    }
    if (n == 3) {
      if (value > 0xffff) return Status::InvalidArgument("base45: group at " + std::to_string(i) + " exceeds 65535");
      out.push_back(static_cast<uint8_t>(value >> 8));
      out.push_back(static_cast<uint8_t>(value & 0xff));
    } else {
      if (value > 0xff) return Status::InvalidArgument("base45: final group exceeds 255");
      out.push_back(static_cast<uint8_t>(value));
    }
  }
  return out;
}

}  // namespace onecode::codes
