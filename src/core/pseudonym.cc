#include "core/pseudonym.h"

#include <sodium.h>

namespace onecode {

void PseudonymizeTo(const PseudonymKey& key, std::string_view national_id, RegionCode home, char* out) {
  uint8_t hash[8];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(national_id.data()),
                     national_id.size(), key.data(), key.size());
  const std::string region = home.ToString();
  for (int i = 0; i < 6; ++i) out[i] = region[static_cast<size_t>(i)];
  out[6] = '-';
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    out[7 + 2 * i] = kHex[hash[i] >> 4];
    out[8 + 2 * i] = kHex[hash[i] & 15];
  }
}

std::string Pseudonymize(const PseudonymKey& key, std::string_view national_id, RegionCode home) {
  std::string s(kPseudonymLength, ' ');
  PseudonymizeTo(key, national_id, home, s.data());
  return s;
}

Status ValidatePseudonym(std::string_view text) {
  if (text.size() != kPseudonymLength || text[6] != '-') {
    return Status::InvalidArgument("person must look like 510104-0123456789abcdef, got '" +
                                   std::string(text.substr(0, 40)) + "'");
  }
  for (size_t i = 7; i < text.size(); ++i) {
    const char c = text[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return Status::InvalidArgument("person pseudonym has a non-hex character: '" + std::string(text) + "'");
    }
  }
  auto region = RegionCode::Parse(text.substr(0, 6));
  if (!region.ok()) return region.status();
  return Status::Ok();
}

StatusOr<RegionCode> PseudonymRegion(std::string_view text) {
  ONECODE_RETURN_IF_ERROR(ValidatePseudonym(text));
  return RegionCode::Parse(text.substr(0, 6));
}

}  // namespace onecode
