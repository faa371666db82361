#!/usr/bin/env bash
# The tracing benchmark's peer check at a small size (registered with ctest):
# the engine's plain-grid co-location answer must equal, row for row, the same
# query run as SQL in DuckDB (bench/trace_colocation.sql) on the same stays.
# Guards the benchmark's premise (same stays, same parameters, same answer):
# a new rule that the plain grid forgets to switch off makes the two differ.
# usage: trace_peer_check.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "$1" && pwd)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "trace_peer_check: node and npm are required (scripts/setup.sh installs nodejs npm)" >&2
  exit 1
fi
node_dir="$root/bench/node"
if [ ! -f "$node_dir/node_modules/@duckdb/node-api/package.json" ] || \
   [ "$node_dir/package-lock.json" -nt "$node_dir/node_modules/.package-lock.json" ]; then
  (cd "$node_dir" && npm ci --no-audit --no-fund --prefer-offline >/dev/null)
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# 20,000 persons x 14 days, 50 cases, one repeat, no scaling runs.
SCALING=0 PEERS=duckdb BUILD_DIR="$build" BENCH_DIR="$tmp" bash "$root/bench/trace_bench.sh" 20000 50 20000 1 > "$tmp/out.txt"
grep -q "check: duckdb answer identical to onecode's" "$tmp/trace-bench.log" || {
  cat "$tmp/trace-bench.log" >&2
  echo "trace_peer_check: no identical-answer line from the DuckDB check" >&2
  exit 1
}
rows=$(grep -o "identical to onecode's ([0-9]* " "$tmp/trace-bench.log" | grep -o "[0-9]*")
[ "$rows" -gt 1000 ] || { echo "trace_peer_check: only $rows rows compared" >&2; exit 1; }
echo "trace_peer_check: DuckDB and onecode agree on $rows (case, person, seconds) rows"
