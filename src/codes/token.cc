#include "codes/token.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>

#include "codes/base45.h"
#include "core/region.h"
#include "core/utf8.h"

namespace onecode::codes {
namespace {

void PutBE(std::vector<uint8_t>* out, uint32_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t GetBE(const uint8_t* p, int bytes) {
  uint32_t v = 0;
  for (int i = 0; i < bytes; ++i) v = v << 8 | p[i];
  return v;
}

// Byte length of the UTF-8 sequence starting with `lead` (input is valid).
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xe0) return 2;
  if (lead < 0xf0) return 3;
  return 4;
}

Status CheckRegion(uint32_t region) {
  if (region > 999999) return Status::InvalidArgument("issuer region " + std::to_string(region) + " has more than 6 digits");
  char text[7];
  std::snprintf(text, sizeof text, "%06u", region);
  auto parsed = RegionCode::Parse(text);
  if (!parsed.ok()) return Status::InvalidArgument("issuer region " + std::string(text) + ": " + parsed.status().message());
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<uint8_t>> EncodeSignedPart(const TokenFields& f) {
  ONECODE_RETURN_IF_ERROR(CheckRegion(f.region));
  if (f.validity == 0) return Status::InvalidArgument("validity must be at least 1 second");
  if (f.masked_name.size() > kMaxMaskedNameBytes) {
    return Status::InvalidArgument("masked name has " + std::to_string(f.masked_name.size()) + " bytes, at most " +
                                   std::to_string(kMaxMaskedNameBytes) + " allowed");
  }
  if (!IsValidUtf8(f.masked_name)) return Status::InvalidArgument("masked name is not UTF-8");
  std::vector<uint8_t> out;
  out.reserve(kTokenFixedSize + f.masked_name.size() + kSignatureSize);
  out.push_back(kTokenVersion);
  PutBE(&out, f.region, 3);
  PutBE(&out, f.key_id, 2);
  out.insert(out.end(), f.code_id.begin(), f.code_id.end());
  out.push_back(static_cast<uint8_t>(f.colour));
  PutBE(&out, f.issued, 4);
  PutBE(&out, f.validity, 4);
  PutBE(&out, f.ruleset_version, 4);
  out.push_back(static_cast<uint8_t>(f.masked_name.size()));
  out.insert(out.end(), f.masked_name.begin(), f.masked_name.end());
  return out;
}

StatusOr<std::vector<uint8_t>> SignTokenBytes(const TokenFields& fields, const SigningKey& key) {
  auto body = EncodeSignedPart(fields);
  if (!body.ok()) return body.status();
  std::vector<uint8_t> bytes = std::move(*body);
  const Signature sig = key.Sign(bytes);
  bytes.insert(bytes.end(), sig.begin(), sig.end());
  return bytes;
}

std::string TokenText(std::span<const uint8_t> token_bytes) {
  std::string text(kTokenTextPrefix);
  Base45EncodeTo(token_bytes, &text);
  return text;
}

StatusOr<std::string> SignToken(const TokenFields& fields, const SigningKey& key) {
  auto bytes = SignTokenBytes(fields, key);
  if (!bytes.ok()) return bytes.status();
  return TokenText(*bytes);
}

StatusOr<std::vector<uint8_t>> DecodeTokenText(std::string_view text) {
  if (text.size() < kTokenTextPrefix.size() || text.substr(0, kTokenTextPrefix.size()) != kTokenTextPrefix) {
    return Status::InvalidArgument("not a OneCode token: text does not start with " + std::string(kTokenTextPrefix));
  }
  if (text.size() > kMaxTokenTextSize) {
    return Status::InvalidArgument("token text has " + std::to_string(text.size()) + " characters, at most " +
                                   std::to_string(kMaxTokenTextSize) + " possible");
  }
  return Base45Decode(text.substr(kTokenTextPrefix.size()));
}

StatusOr<ParsedToken> ParseTokenBytes(std::vector<uint8_t> bytes) {
  const size_t n = bytes.size();
  if (n < kTokenFixedSize + kSignatureSize) {
    return Status::InvalidArgument("token has " + std::to_string(n) + " bytes, at least " +
                                   std::to_string(kTokenFixedSize + kSignatureSize) + " needed");
  }
  const uint8_t* p = bytes.data();
  if (p[0] != kTokenVersion) {
    return Status::InvalidArgument("token format version " + std::to_string(p[0]) + " is not supported (expected " +
                                   std::to_string(kTokenVersion) + ")");
  }
  ParsedToken t;
  TokenFields& f = t.fields;
  f.region = GetBE(p + 1, 3);
  ONECODE_RETURN_IF_ERROR(CheckRegion(f.region));
  f.key_id = static_cast<uint16_t>(GetBE(p + 4, 2));
  std::copy(p + 6, p + 22, f.code_id.begin());
  if (p[22] > static_cast<uint8_t>(Colour::kRed)) {
    return Status::InvalidArgument("colour byte " + std::to_string(p[22]) + " is not 0 (green), 1 (yellow) or 2 (red)");
  }
  f.colour = static_cast<Colour>(p[22]);
  f.issued = GetBE(p + 23, 4);
  f.validity = GetBE(p + 27, 4);
  if (f.validity == 0) return Status::InvalidArgument("validity is 0 seconds");
  f.ruleset_version = GetBE(p + 31, 4);
  const size_t name_len = p[35];
  if (name_len > kMaxMaskedNameBytes) {
    return Status::InvalidArgument("masked name length " + std::to_string(name_len) + " exceeds " +
                                   std::to_string(kMaxMaskedNameBytes));
  }
  if (n != kTokenFixedSize + name_len + kSignatureSize) {
    return Status::InvalidArgument("token has " + std::to_string(n) + " bytes, its name length says " +
                                   std::to_string(kTokenFixedSize + name_len + kSignatureSize));
  }
  f.masked_name.assign(reinterpret_cast<const char*>(p + kTokenFixedSize), name_len);
  if (!IsValidUtf8(f.masked_name)) return Status::InvalidArgument("masked name is not UTF-8");
  t.bytes = std::move(bytes);
  return t;
}

StatusOr<ParsedToken> ParseTokenText(std::string_view text) {
  auto bytes = DecodeTokenText(text);
  if (!bytes.ok()) return bytes.status();
  return ParseTokenBytes(std::move(*bytes));
}

std::string MaskName(std::string_view name) {
  if (name.empty() || !IsValidUtf8(name)) return "*";
  std::vector<std::string_view> chars;
  for (size_t i = 0; i < name.size();) {
    const size_t len = Utf8Length(static_cast<unsigned char>(name[i]));
    chars.push_back(name.substr(i, len));
    i += len;
  }
  if (chars.size() == 1) return "*";
  std::string out(chars.front());
  out += '*';
  if (chars.size() >= 3) out += chars.back();
  return out;
}

CodeId ComputeCodeId(const SecretBytes& secret, std::string_view person, Timestamp issued) {
  const int64_t day = LocalDayOf(issued, kChinaUtcOffsetSeconds);
  crypto_generichash_state state;
  crypto_generichash_init(&state, secret.bytes().data(), secret.bytes().size(), kCodeIdSize);
  crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(person.data()), person.size());
  uint8_t tail[5] = {0, static_cast<uint8_t>(day >> 24), static_cast<uint8_t>(day >> 16), static_cast<uint8_t>(day >> 8),
                     static_cast<uint8_t>(day)};
  crypto_generichash_update(&state, tail, sizeof tail);
  CodeId id;
  crypto_generichash_final(&state, id.data(), id.size());
  sodium_memzero(&state, sizeof state);
  return id;
}

}  // namespace onecode::codes
