// Ed25519 key material for codes and trust lists (libsodium), and the hex
// text form keys take in files.
//
// SecretKey wipes its bytes when destroyed; it is never printed or logged
// (there is deliberately no function that formats one). Value types; not
// thread-safe to mutate, safe to share read-only.
#ifndef ONECODE_CODES_KEYS_H_
#define ONECODE_CODES_KEYS_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace onecode::codes {

inline constexpr size_t kPublicKeySize = 32;
inline constexpr size_t kSeedSize = 32;
inline constexpr size_t kSignatureSize = 64;

using PublicKey = std::array<uint8_t, kPublicKeySize>;
using Signature = std::array<uint8_t, kSignatureSize>;

// A 32-byte secret (an Ed25519 seed or a BLAKE2b key) that is zeroed on
// destruction. Copyable so it can be returned by value; every copy wipes itself.
class SecretBytes {
 public:
  SecretBytes() { bytes_.fill(0); }
  explicit SecretBytes(std::span<const uint8_t, 32> b);
  SecretBytes(const SecretBytes& other) : bytes_(other.bytes_) {}
  SecretBytes& operator=(const SecretBytes& other) { bytes_ = other.bytes_; return *this; }
  ~SecretBytes();
  const std::array<uint8_t, 32>& bytes() const { return bytes_; }
  std::array<uint8_t, 32>& mutable_bytes() { return bytes_; }
  // A fresh random secret from the OS (libsodium's randombytes).
  static SecretBytes Random();

 private:
  std::array<uint8_t, 32> bytes_;
};

// An Ed25519 signing key: libsodium's 64-byte secret key (seed + public key).
class SigningKey {
 public:
  // Derives the key pair from a 32-byte seed (deterministic, RFC 8032).
  static SigningKey FromSeed(const SecretBytes& seed);
  SigningKey(const SigningKey& other);
  SigningKey& operator=(const SigningKey& other);
  ~SigningKey();

  const PublicKey& public_key() const { return public_; }
  // The detached signature of `message`.
  Signature Sign(std::span<const uint8_t> message) const;

 private:
  SigningKey() = default;
  std::array<uint8_t, 64> secret_{};
  PublicKey public_{};
};

// True when `signature` is a valid Ed25519 signature of `message` by `key`.
bool VerifySignature(const PublicKey& key, std::span<const uint8_t> message, std::span<const uint8_t, 64> signature);

// Lower-case hex of `bytes`.
std::string ToHex(std::span<const uint8_t> bytes);
// Parses exactly 2 * out.size() hex digits (either case) into `out`.
// INVALID_ARGUMENT naming `what` otherwise.
Status FromHex(std::string_view text, std::span<uint8_t> out, std::string_view what);

}  // namespace onecode::codes

#endif  // ONECODE_CODES_KEYS_H_
