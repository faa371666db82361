#!/usr/bin/env bash
# Differential test of the JsonLogic engine against the reference json-logic-js
# 2.0.5 (registered with ctest). Installs the pinned npm package once (npm ci,
# skipped when node_modules already matches package-lock.json), generates
# 5,000 random expressions and data from a fixed seed, evaluates them with
# json-logic-js (gen.js), then checks our engine gives the same result on
# every case (check.cc). usage: run.sh PATH/TO/onecode_rules_diff [COUNT]
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)"
checker="$1"
count="${2:-5000}"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "rules_diff: node and npm are required (scripts/setup.sh installs nodejs npm)" >&2
  exit 1
fi
if [ ! -f "$dir/node_modules/json-logic-js/package.json" ] || \
   [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
  (cd "$dir" && npm ci --no-audit --no-fund --prefer-offline >/dev/null)
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node "$dir/gen.js" --seed 20261126 --count "$count" --out "$tmp/cases.jsonl"
"$checker" "$tmp/cases.jsonl"
