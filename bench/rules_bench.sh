#!/usr/bin/env bash
# Rule evaluation: our engine vs json-logic-js 2.0.5, same rule set, same
# facts, same run, one thread each. Usage: bench/rules_bench.sh [PERSONS] [REPEATS]
# (default 1000000 3). Needs the onecode_rules_bench binary (BUILD_DIR, default
# ./build) and Node.js; installs json-logic-js into tests/rules_diff/node_modules
# on first use. Facts are written to $BENCH_DIR (default ./bench-out).
set -euo pipefail
cd "$(dirname "$0")/.."
persons="${1:-1000000}"
repeats="${2:-3}"
build="${BUILD_DIR:-$PWD/build}"
base="${BENCH_DIR:-$PWD/bench-out}"
mkdir -p "$base"
[ -f tests/rules_diff/node_modules/json-logic-js/package.json ] || \
  (cd tests/rules_diff && npm ci --no-audit --no-fund >/dev/null)
facts="$base/rules-facts-$persons.jsonl"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; date: $(date -u +%F); persons: $persons; rules: rules/default.json"
ours=$("$build/onecode_rules_bench" --persons "$persons" --seed 7 --repeats "$repeats" --write-facts "$facts")
echo "$ours"
peer=$(node --max-old-space-size=8192 bench/rules_peer.cjs rules/default.json "$facts" "$repeats")
echo "$peer"
python3 - "$ours" "$peer" <<'PY'
import json, sys
o, p = json.loads(sys.argv[1]), json.loads(sys.argv[2])
same = all(o[c] == p[c] for c in ("green", "yellow", "red", "colour_hash"))
print(f"colours person by person {'identical' if same else 'DIFFER'} (hash {o['colour_hash']}): green {o['green']}, yellow {o['yellow']}, red {o['red']}"
      + ("" if same else f" vs json-logic-js green {p['green']}, yellow {p['yellow']}, red {p['red']}"))
print(f"onecode: {o['evals_per_second_end_to_end']/1e6:.1f} M rule evaluations/s (fill typed facts + evaluate), "
      f"{o['evals_per_second_evaluate_only']/1e6:.1f} M/s evaluate only")
print(f"json-logic-js: {p['evals_per_second']/1e6:.2f} M rule evaluations/s")
print(f"ratio: {o['evals_per_second_end_to_end']/p['evals_per_second']:.1f}x end to end, "
      f"{o['evals_per_second_evaluate_only']/p['evals_per_second']:.1f}x evaluate only")
sys.exit(0 if same else 1)
PY
rm -f "$facts"
