#include "codes/keys.h"

#include <sodium.h>

#include <cstring>

namespace onecode::codes {

SecretBytes::SecretBytes(std::span<const uint8_t, 32> b) { std::memcpy(bytes_.data(), b.data(), 32); }
SecretBytes::~SecretBytes() { sodium_memzero(bytes_.data(), bytes_.size()); }

SecretBytes SecretBytes::Random() {
  SecretBytes s;
  randombytes_buf(s.bytes_.data(), s.bytes_.size());
  return s;
}

SigningKey SigningKey::FromSeed(const SecretBytes& seed) {
  SigningKey k;
  crypto_sign_seed_keypair(k.public_.data(), k.secret_.data(), seed.bytes().data());
  return k;
}

SigningKey::SigningKey(const SigningKey& other) : secret_(other.secret_), public_(other.public_) {}
SigningKey& SigningKey::operator=(const SigningKey& other) {
  secret_ = other.secret_;
  public_ = other.public_;
  return *this;
}
SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

Signature SigningKey::Sign(std::span<const uint8_t> message) const {
  Signature sig;
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), secret_.data());
  return sig;
}

bool VerifySignature(const PublicKey& key, std::span<const uint8_t> message, std::span<const uint8_t, 64> signature) {
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), key.data()) == 0;
}

std::string ToHex(std::span<const uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    s[2 * i] = kHex[bytes[i] >> 4];
    s[2 * i + 1] = kHex[bytes[i] & 15];
  }
  return s;
}

Status FromHex(std::string_view text, std::span<uint8_t> out, std::string_view what) {
  if (text.size() != out.size() * 2) {
    return Status::InvalidArgument(std::string(what) + ": expected " + std::to_string(out.size() * 2) +
                                   " hex digits, got " + std::to_string(text.size()) + " characters");
  }
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(text[2 * i]), lo = digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return Status::InvalidArgument(std::string(what) + ": not a hex digit");
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return Status::Ok();
}

}  // namespace onecode::codes
