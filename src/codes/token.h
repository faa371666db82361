// The OneCode token: a signed health code, its binary layout and its text form
// for QR alphanumeric mode. Byte layout, grammar and test vectors:
// docs/formats/token.md (the tests check the vectors byte for byte).
//
//   token := version:u8=1 region:u24 key_id:u16 code_id:16 colour:u8
//            issued:u32 validity:u32 ruleset:u32 name_len:u8 name:name_len
//            signature:64            (integers big-endian)
//   text  := "OC1:" base45(token)
//
// All functions are pure and thread-safe.
#ifndef ONECODE_CODES_TOKEN_H_
#define ONECODE_CODES_TOKEN_H_

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codes/keys.h"
#include "core/colour.h"
#include "core/status.h"
#include "core/time.h"

namespace onecode::codes {

inline constexpr uint8_t kTokenVersion = 1;
inline constexpr std::string_view kTokenTextPrefix = "OC1:";
inline constexpr size_t kCodeIdSize = 16;
inline constexpr size_t kMaxMaskedNameBytes = 32;
inline constexpr size_t kTokenFixedSize = 36;  // bytes before the name
inline constexpr size_t kMaxTokenBytes = kTokenFixedSize + kMaxMaskedNameBytes + kSignatureSize;
// Longest text a well-formed token can have (prefix + base45).
inline constexpr size_t kMaxTokenTextSize = 4 + (kMaxTokenBytes + 1) / 2 * 3;

using CodeId = std::array<uint8_t, kCodeIdSize>;

// Everything a token says, before or after signing.
struct TokenFields {
  uint32_t region = 0;  // RegionCode value of the issuer (6 digits)
  uint16_t key_id = 0;  // the issuer's key
  CodeId code_id{};
  Colour colour = Colour::kGreen;
  uint32_t issued = 0;    // Unix seconds
  uint32_t validity = 0;  // seconds from `issued`
  uint32_t ruleset_version = 0;
  std::string masked_name;  // UTF-8, at most kMaxMaskedNameBytes

  friend bool operator==(const TokenFields&, const TokenFields&) = default;
};

// A token that parsed: its fields, the signed bytes and the signature.
struct ParsedToken {
  TokenFields fields;
  std::vector<uint8_t> bytes;  // the whole token (signed part + signature)
  std::span<const uint8_t> signed_part() const { return {bytes.data(), bytes.size() - kSignatureSize}; }
  std::span<const uint8_t, kSignatureSize> signature() const {
    return std::span<const uint8_t, kSignatureSize>(bytes.data() + bytes.size() - kSignatureSize, kSignatureSize);
  }
};

// The signed part of a token (everything before the signature). INVALID_ARGUMENT
// when a field cannot be encoded: region not a valid 6-digit code, validity 0,
// name longer than kMaxMaskedNameBytes or not UTF-8.
StatusOr<std::vector<uint8_t>> EncodeSignedPart(const TokenFields& fields);
// The complete signed token bytes.
StatusOr<std::vector<uint8_t>> SignTokenBytes(const TokenFields& fields, const SigningKey& key);
// "OC1:" + base45 of `token_bytes`.
std::string TokenText(std::span<const uint8_t> token_bytes);
// SignTokenBytes + TokenText.
StatusOr<std::string> SignToken(const TokenFields& fields, const SigningKey& key);

// The bytes of a token text: checks the prefix and the base45 alphabet.
// INVALID_ARGUMENT with the reason otherwise. Does not look inside the bytes.
StatusOr<std::vector<uint8_t>> DecodeTokenText(std::string_view text);
// Parses token bytes; INVALID_ARGUMENT naming the first problem (length,
// version, region, colour, validity, name). Does not check the signature.
StatusOr<ParsedToken> ParseTokenBytes(std::vector<uint8_t> bytes);
// DecodeTokenText + ParseTokenBytes.
StatusOr<ParsedToken> ParseTokenText(std::string_view text);

// The masked form of a person's name shown at gates: the first and last
// character (Unicode code point) with one '*' between them ("张三丰" -> "张*丰",
// "Alexander" -> "A*r"); a two-character name keeps only its first ("张三" ->
// "张*"); a one-character, empty or non-UTF-8 name becomes "*".
std::string MaskName(std::string_view name);

// The per-person code identifier: BLAKE2b with a 16-byte output, keyed with
// the node's code-id secret, of  person || 0x00 || local_day:u32 big-endian,
// where local_day is the day number at +08:00 of the issue time. The same
// person gets a new identifier each local day; without the secret it can be
// neither reversed nor enumerated.
CodeId ComputeCodeId(const SecretBytes& secret, std::string_view person, Timestamp issued);

}  // namespace onecode::codes

#endif  // ONECODE_CODES_TOKEN_H_
