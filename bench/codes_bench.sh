#!/usr/bin/env bash
# Token signing and verification speed vs raw libsodium Ed25519 (issue 6).
#   bash bench/codes_bench.sh [BUILD_DIR=build]
# Builds onecode_codes_bench, runs it (single thread, 5 repetitions, medians)
# and prints tokens/s and the ratio to libsodium's raw sign/verify.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
ninja -C "$build" -j1 onecode_codes_bench >/dev/null
"$build/onecode_codes_bench" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_min_time=1 --benchmark_format=json > "$build/codes_bench.json"
python3 - "$build/codes_bench.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rate = {b["run_name"]: b["items_per_second"] for b in d["benchmarks"] if b.get("aggregate_name") == "median"}
ctx = d["context"]
print(f"{ctx['num_cpus']} CPUs @ {ctx['mhz_per_cpu']} MHz, {ctx['date']}")
for ours, raw, target in (("BM_IssueToken", "BM_RawEd25519Sign", 20000), ("BM_VerifyToken", "BM_RawEd25519Verify", 10000)):
    print(f"{ours:16s} {rate[ours]:10,.0f}/s  raw {rate[raw]:10,.0f}/s  ratio {rate[ours]/rate[raw]:.3f}"
          f"  target {target:,}/s: {'met' if rate[ours] >= target else 'MISSED'} ({rate[ours]/target:.2f}x)")
PY
