// libFuzzer target for the trust-list parser (built with clang by
// bench/fuzz_tokens.sh). A list that parses must list only unique, unexpired
// entries and round-trip its issuer lines.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string_view>

#include "codes/trust_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace onecode;
  using namespace onecode::codes;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Timestamp now{1795651200};
  for (const auto& pinned : {std::optional<PublicKey>(), std::optional<PublicKey>(PublicKey{})}) {
    auto list = TrustList::Parse(text, pinned, now);
    if (!list.ok()) continue;
    std::set<std::pair<uint32_t, uint16_t>> seen;
    for (const auto& e : list->entries()) {
      if (!seen.insert({e.region, e.key_id}).second) std::abort();
      if (e.valid_to <= now.seconds) std::abort();
      auto back = IssuerEntry::ParseLine(e.Line());
      if (!back.ok() || !(*back == e)) std::abort();
      if (list->Find(e.region, e.key_id) == nullptr) std::abort();
    }
  }
  (void)IssuerEntry::ParseLine(text);
  (void)ParseRootKeyFile(text);
  return 0;
}
