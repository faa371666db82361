#!/usr/bin/env bash
# Fuzzes the token parser/verifier and the trust-list parser with libFuzzer
# (clang++ -fsanitize=fuzzer,address,undefined), SECONDS per target.
#   bash bench/fuzz_tokens.sh [SECONDS=600] [WORK_DIR=build-fuzz]
# Compiles the few sources it needs directly into WORK_DIR (the main g++ build
# is untouched); the corpus in WORK_DIR/corpus-* grows across runs and starts
# from the documented test vectors. Exits non-zero on the first crash, with
# the reproducer in WORK_DIR (crash-*). ctest runs it for 15 s
# (tests/codes_fuzz_short.sh).
set -euo pipefail
seconds="${1:-600}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${2:-$root/build-fuzz}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
CXX="${CXX_FUZZ:-clang++}"
command -v "$CXX" >/dev/null || { echo "fuzz: $CXX not found (Debian package clang; scripts/setup.sh installs it)" >&2; exit 1; }
flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$root/src")
lib_sources=(src/codes/base45.cc src/codes/keys.cc src/codes/token.cc src/codes/trust_list.cc src/codes/verify.cc
             src/core/status.cc src/core/region.cc src/core/time.cc src/core/colour.cc)
for target in fuzz_token fuzz_trust_list; do
  srcs=("${lib_sources[@]/#/$root/}" "$root/src/codes/$target.cc")
  # Rebuild only when a source is newer than the binary.
  if [ ! -x "$work/$target" ] || [ -n "$(find "${srcs[@]}" "$root/src/codes" "$root/src/core" -newer "$work/$target" -name '*.[ch]*' -print -quit)" ]; then
    "$CXX" "${flags[@]}" "${srcs[@]}" -lsodium -o "$work/$target"
  fi
done

# Seeds: the documented token vectors and a trust list made by the binary-free path.
mkdir -p "$work/corpus-token" "$work/corpus-trust"
grep -o '^OC1:[^`]*' "$root/docs/formats/token.md" | while read -r t; do
  printf '%s' "$t" > "$work/corpus-token/seed-$(printf '%s' "$t" | sha1sum | cut -c1-12)"
done
grep -E '^[0-9a-f]{200,}$' "$root/docs/formats/token.md" | while read -r h; do
  python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$h" > "$work/corpus-token/bytes-${h:0:12}"
done
sed -n '/^```text$/,/^```$/p' "$root/docs/formats/trust-list.md" 2>/dev/null | sed '1d;$d' > "$work/corpus-trust/seed-doc" || true

export ASAN_OPTIONS="detect_leaks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for target in fuzz_token fuzz_trust_list; do
  corpus="$work/corpus-${target#fuzz_}"
  [ "$target" = fuzz_trust_list ] && corpus="$work/corpus-trust"
  echo "fuzz: $target for ${seconds}s"
  (cd "$work" && "./$target" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 "$corpus" 2>"$work/$target.log") || {
    echo "fuzz: $target FAILED; see $work/$target.log and $work/crash-*" >&2
    tail -40 "$work/$target.log" >&2
    exit 1
  }
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|cov:' "$work/$target.log" | tail -3
done
echo "fuzz: no crashes"
