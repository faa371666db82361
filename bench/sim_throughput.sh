#!/usr/bin/env bash
# Simulator throughput and peak memory (issue 2's targets):
#   100,000 persons x 14 days in under 60 s; 1,000,000 x 14 days under 4 GB peak.
# Usage: bench/sim_throughput.sh [PERSONS...]   (default: 100000 1000000)
# Needs a Release build (scripts/build.sh) and ~40 GB free disk for 1M persons;
# output is written under $BENCH_DIR (default /work/bench-sim or ./bench-out) and deleted.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=./build/onecode
[ -x "$bin" ] || { echo "build first: scripts/build.sh"; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
base="${BENCH_DIR:-$PWD/bench-out}"
mkdir -p "$base"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -r); date: $(date -u +%F)"
printf '%-10s %6s %10s %12s %14s %10s %10s %12s\n' persons days seconds rows rows/s MB MB/s peak_RSS_MB
for n in "${sizes[@]}"; do
  out="$base/sim-$n"
  rm -rf "$out"
  /usr/bin/time -v "$bin" sim --persons "$n" --days 14 --seed 7 --out "$out" --json > "$base/sim-$n.json" 2> "$base/sim-$n.time"
  rss_kb=$(awk -F: '/Maximum resident set size/{gsub(/ /,"",$2); print $2}' "$base/sim-$n.time")
  python3 - "$base/sim-$n.json" "$rss_kb" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
rows = sum(s["rows"].values()) + sum(s["truth_rows"].values())
mb = sum(s["bytes"].values()) / 1e6
print("%-10d %6d %10.1f %12d %14.0f %10.0f %10.1f %12.0f" % (
    s["persons"], s["days"], s["seconds"], rows, rows / s["seconds"], mb, mb / s["seconds"], int(sys.argv[2]) / 1024))
PY
  rm -rf "$out"
done
