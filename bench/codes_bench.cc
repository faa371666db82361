// Signing and verifying OneCode tokens vs libsodium's raw Ed25519 on the same
// message size (the ceiling), single thread. Run: bash bench/codes_bench.sh
// Targets (issue 6): sign >= 20,000 tokens/s and verify >= 10,000 tokens/s per core.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <array>
#include <string>
#include <vector>

#include "codes/token.h"
#include "codes/trust_list.h"
#include "codes/verify.h"

namespace onecode::codes {
namespace {

constexpr int64_t kT0 = 1795651200;

struct Fixture {
  Fixture() {
    if (sodium_init() < 0) std::abort();
    std::array<uint8_t, 32> seed{};
    for (int i = 0; i < 32; ++i) seed[static_cast<size_t>(i)] = static_cast<uint8_t>(i);
    issuer.emplace(SigningKey::FromSeed(SecretBytes(seed)));
    seed[0] = 0x80;
    const SigningKey root = SigningKey::FromSeed(SecretBytes(seed));
    seed[0] = 0x40;
    code_secret = SecretBytes(seed);
    IssuerEntry e;
    e.region = 110105;
    e.key_id = 1;
    e.public_key = issuer->public_key();
    e.valid_from = kT0 - 86400;
    e.valid_to = kT0 + 86400;
    trust = *TrustList::Parse(TrustList::Write({e}, Timestamp{kT0}, root), root.public_key(), Timestamp{kT0});
    fields.region = 110105;
    fields.key_id = 1;
    fields.colour = Colour::kGreen;
    fields.issued = kT0;
    fields.validity = 300;
    fields.ruleset_version = 3;
    fields.masked_name = "张*丰";
    fields.code_id = ComputeCodeId(code_secret, "110105-0123456789abcdef", Timestamp{kT0});
    token = *SignToken(fields, *issuer);
    signed_part = *EncodeSignedPart(fields);  // 43 bytes: what raw Ed25519 signs below
    crypto_sign_seed_keypair(raw_pk, raw_sk, seed.data());
    crypto_sign_detached(raw_sig, nullptr, signed_part.data(), signed_part.size(), raw_sk);
  }
  std::optional<SigningKey> issuer;
  SecretBytes code_secret;
  TrustList trust;
  TokenFields fields;
  std::string token;
  std::vector<uint8_t> signed_part;
  unsigned char raw_pk[crypto_sign_PUBLICKEYBYTES], raw_sk[crypto_sign_SECRETKEYBYTES], raw_sig[crypto_sign_BYTES];
};

Fixture& F() {
  static Fixture f;
  return f;
}

// A token as a server issues it: code identifier (keyed BLAKE2b), layout,
// Ed25519 signature, base45 text.
void BM_IssueToken(benchmark::State& state) {
  Fixture& f = F();
  TokenFields fields = f.fields;
  uint32_t n = 0;
  for (auto _ : state) {
    fields.issued = static_cast<uint32_t>(kT0 + (n++ & 1023));
    fields.code_id = ComputeCodeId(f.code_secret, "110105-0123456789abcdef", Timestamp{fields.issued});
    auto text = SignToken(fields, *f.issuer);
    benchmark::DoNotOptimize(text);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::to_string(f.signed_part.size()) + "-byte signed part");
}
BENCHMARK(BM_IssueToken);

void BM_RawEd25519Sign(benchmark::State& state) {
  Fixture& f = F();
  unsigned char sig[crypto_sign_BYTES];
  for (auto _ : state) {
    crypto_sign_detached(sig, nullptr, f.signed_part.data(), f.signed_part.size(), f.raw_sk);
    benchmark::DoNotOptimize(sig);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RawEd25519Sign);

// A gate's whole check: text decode, layout, trust-list lookup, signature, times, colour.
void BM_VerifyToken(benchmark::State& state) {
  Fixture& f = F();
  for (auto _ : state) {
    const Verdict v = VerifyToken(f.token, f.trust, VerifyOptions{Timestamp{kT0 + 60}});
    if (!v.pass()) state.SkipWithError("token did not pass");
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyToken);

void BM_RawEd25519Verify(benchmark::State& state) {
  Fixture& f = F();
  for (auto _ : state) {
    const int rc = crypto_sign_verify_detached(f.raw_sig, f.signed_part.data(), f.signed_part.size(), f.raw_pk);
    benchmark::DoNotOptimize(rc);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RawEd25519Verify);

}  // namespace
}  // namespace onecode::codes

BENCHMARK_MAIN();
