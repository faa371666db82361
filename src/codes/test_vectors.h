// The test vectors of docs/formats/token.md (tests only). Keys come from fixed
// seeds so the Ed25519 signatures, and so the bytes, are reproducible; the
// values were cross-checked with an independent implementation (Python's
// `cryptography` Ed25519 and `hashlib.blake2b`).
#ifndef ONECODE_CODES_TEST_VECTORS_H_
#define ONECODE_CODES_TEST_VECTORS_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "codes/keys.h"
#include "codes/token.h"

namespace onecode::codes::testing {

// Bytes first, first + 1, ..., first + 31.
inline SecretBytes Sequence(uint8_t first) {
  std::array<uint8_t, 32> b;
  for (int i = 0; i < 32; ++i) b[static_cast<size_t>(i)] = static_cast<uint8_t>(first + i);
  return SecretBytes(b);
}

struct TokenVector {
  uint8_t issuer_seed_first;  // issuer seed = Sequence(this)
  std::string_view public_key_hex;
  std::string_view person;
  std::string_view name;  // the person's name before masking
  TokenFields fields;     // code_id filled by the test from the code-id secret
  std::string_view code_id_hex;
  std::string_view token_hex;
  std::string_view token_text;
};

inline constexpr uint8_t kCodeIdSecretFirst = 0x40;  // code-id secret = Sequence(0x40)
inline constexpr uint8_t kRootSeedFirst = 0x20;      // root seed = Sequence(0x20)

inline std::array<TokenVector, 2> TokenVectors() {
  TokenVector a;
  a.issuer_seed_first = 0x00;
  a.public_key_hex = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8";
  a.person = "110105-0123456789abcdef";
  a.name = "张三丰";
  a.fields.region = 110105;
  a.fields.key_id = 1;
  a.fields.colour = Colour::kGreen;
  a.fields.issued = 1795651200;  // 2026-11-26T00:00:00Z
  a.fields.validity = 300;
  a.fields.ruleset_version = 3;
  a.fields.masked_name = "张*丰";
  a.code_id_hex = "e8584345afdc1381f7a2aa00aa0ed237";
  a.token_hex =
      "0101ae190001e8584345afdc1381f7a2aa00aa0ed237006b0776800000012c0000000307e5bca02ae4b8b0a9b87ccde1aa80fdcc52e22c"
      "0bcd015339a139611318a889fb39e328292a6ffa9fb6637573c634d50ae3444ed128ebbdf2250c7acd1df7eaa50086fda8039002";
  a.token_text =
      "OC1:W50J0M100ZGTVM8KAM/K2YDV5MLJML+PQH20K.088G100EP5000AH0.1T7BK7-S0FMNENA1Q/OL$3WNLAPP5B-PKNA8HKBCCC53/JHEE7L35"
      "IG5YUVQ2N7%EP2P/-Q+WSH/9Z75Q0OYU4RNFLZ3*TT:2013WCK020";
  TokenVector b;
  b.issuer_seed_first = 0x60;
  b.public_key_hex = "174553b456dddfc6908ecab1c101fe6ab21e2baa0617795b7d43a63482993fd5";
  b.person = "510104-fedcba9876543210";
  b.name = "Li";
  b.fields.region = 510104;
  b.fields.key_id = 2;
  b.fields.colour = Colour::kRed;
  b.fields.issued = 1795680000;  // 2026-11-26T08:00:00Z
  b.fields.validity = 120;
  b.fields.ruleset_version = 7;
  b.fields.masked_name = "L*";
  b.code_id_hex = "657df4cdd3822913ac8de3983cd36153";
  b.token_hex =
      "0107c8980002657df4cdd3822913ac8de3983cd36153026b07e7000000007800000007024c2ac91b702099d41bd8e6b5ec78ca942dddae"
      "153df60bcc788281cc60795666e5ca49693e53f590f19c9ffb57db2ca3d2c9e3bbf24927754ba24de842fcff903a09";
  b.token_text =
      "OC1:%507GP200G$CT.UBXQU85S LYYS1V7UDCYD0/:0000000U7F000**0DS93JP*7E5KJIN3L7TB+TKRP-Z5F0MM$75M1PAFIIG$8CN-AB2TSC"
      "9P*7:1VMOU5AK 4B.S56TQOZSFSUL:4CP99%93L8*DW7F7";
  return {a, b};
}

}  // namespace onecode::codes::testing

#endif  // ONECODE_CODES_TEST_VECTORS_H_
