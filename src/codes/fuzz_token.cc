// libFuzzer target for the token parser and the verifier (built with clang by
// bench/fuzz_tokens.sh; not part of the g++ build). Checks, besides "no crash,
// no sanitizer report": a token that parses re-encodes to the same bytes, and
// base45 text that decodes re-encodes to the same text (both are canonical).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "codes/base45.h"
#include "codes/token.h"
#include "codes/trust_list.h"
#include "codes/verify.h"

namespace {

using namespace onecode;
using namespace onecode::codes;

const TrustList& List() {
  static const TrustList list = [] {
    std::array<uint8_t, 32> seed{};
    const SigningKey root = SigningKey::FromSeed(SecretBytes(seed));
    seed[0] = 1;
    IssuerEntry e;
    e.region = 110105;
    e.key_id = 1;
    e.public_key = SigningKey::FromSeed(SecretBytes(seed)).public_key();
    e.valid_from = 0;
    e.valid_to = 4102444800;
    return *TrustList::Parse(TrustList::Write({e}, Timestamp{0}, root), root.public_key(), Timestamp{0});
  }();
  return list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // As text: the whole verification path.
  const Verdict v = VerifyToken(text, List(), VerifyOptions{Timestamp{1795651200}});
  if (v.pass() && !v.signature_ok) std::abort();
  // Base45 is canonical.
  if (auto decoded = Base45Decode(text); decoded.ok() && Base45Encode(*decoded) != text) std::abort();
  // As bytes: parse, and re-encode what parsed.
  auto parsed = ParseTokenBytes(std::vector<uint8_t>(data, data + size));
  if (parsed.ok()) {
    auto again = EncodeSignedPart(parsed->fields);
    if (!again.ok()) std::abort();
    again->insert(again->end(), parsed->signature().begin(), parsed->signature().end());
    if (*again != parsed->bytes) std::abort();
    if (!ParseTokenText(TokenText(parsed->bytes)).ok()) std::abort();
  }
  (void)MaskName(text);
  return 0;
}
