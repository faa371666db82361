#!/usr/bin/env bash
# Ingest of the location feed against DuckDB's read_csv of the same file, in
# the same run, plus the trajectory pipeline (cleaning + stays + itineraries).
# Usage: bench/ingest_bench.sh [PERSONS] [REPEATS]   (default 100000 3)
# Needs a Release build and Node.js; installs the DuckDB peer from npm into
# bench/node/node_modules on first use. Output under $BENCH_DIR (default ./bench-out).
set -euo pipefail
cd "$(dirname "$0")/.."
persons="${1:-100000}"
repeats="${2:-3}"
bin="$PWD/build/onecode"
base="${BENCH_DIR:-$PWD/bench-out}"
mkdir -p "$base"
[ -d bench/node/node_modules/@duckdb/node-api ] || (cd bench/node && npm install --no-audit --no-fund >/dev/null)
sim="$base/sim-$persons"
if [ ! -f "$sim/feeds/cdr.csv" ]; then
  "$bin" sim --persons "$persons" --days 14 --seed 7 --out "$sim" > /dev/null
fi
# The location feed and the dictionaries it refers to.
feeds="$base/cdr-only-$persons"
mkdir -p "$feeds"
for f in persons cells cdr; do ln -sf "$sim/feeds/$f.csv" "$feeds/$f.csv"; done
cdr_bytes=$(stat -c %s "$sim/feeds/cdr.csv")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; date: $(date -u +%F); cdr.csv: $((cdr_bytes / 1000000)) MB"
for i in $(seq "$repeats"); do
  rm -rf "$base/store-$persons"
  /usr/bin/time -v "$bin" ingest --store "$base/store-$persons" "$feeds" --json > "$base/ingest.json" 2> "$base/ingest.time"
  rss=$(awk -F: '/Maximum resident set size/{gsub(/ /,"",$2); print $2}' "$base/ingest.time")
  python3 - "$base/ingest.json" "$cdr_bytes" "$rss" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); rows = d["loaded"]["cdr"]; s = d["seconds"]
print(json.dumps({"peer": "onecode", "rows": rows, "seconds": s, "rows_per_second": round(rows / s),
                  "mb_per_second": round(int(sys.argv[2]) / 1e6 / s, 1), "peak_rss_mb": int(sys.argv[3]) // 1024}))
PY
  node bench/node/duckdb_ingest.mjs "$sim/feeds/cdr.csv" 2
done
# Trajectory pipeline over the whole store (all feeds loaded), cleaned and naive.
rm -rf "$base/store-full-$persons"
"$bin" ingest --store "$base/store-full-$persons" "$sim" > /dev/null
/usr/bin/time -v "$bin" eval --store "$base/store-full-$persons" --truth "$sim" --json > "$base/eval.json" 2> "$base/eval.time"
echo "eval: $(cat "$base/eval.json")"
echo "eval peak RSS MB: $(( $(awk -F: '/Maximum resident set size/{gsub(/ /,"",$2); print $2}' "$base/eval.time") / 1024 ))"
