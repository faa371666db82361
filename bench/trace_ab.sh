#!/usr/bin/env bash
# A/B of two builds of the tracing benchmark on this noisy 2-core VM: runs
# A and B alternately, ROUNDS times each, every run one process with the
# benchmark of record's inputs (the full synthetic metro, venue and home
# columns included: never --no-extras, which drops the pinned-venue rules and
# so measures something else), and prints each run, the medians and the
# edge counts (a difference in edges is reported: the two builds then do not
# compute the same thing). Extra arguments go to both (e.g. --plain
# --no-default, --wide-radius-share 0.094).
#
# Usage: bench/trace_ab.sh BIN_A BIN_B [PERSONS] [CASES] [ROUNDS] [-- ARGS...]
#        (default 1000000 1000 3; a quick look: 300000 1000 3)
# Build B in its own tree (e.g. git worktree add ../b <commit>; cmake + ninja
# onecode_trace_bench there), then: bench/trace_ab.sh build/onecode_trace_bench ../b/build/onecode_trace_bench
set -euo pipefail
a="$1"; b="$2"; shift 2
persons=1000000; cases=1000; rounds=3
[ $# -gt 0 ] && [ "$1" != "--" ] && { persons="$1"; shift; }
[ $# -gt 0 ] && [ "$1" != "--" ] && { cases="$1"; shift; }
[ $# -gt 0 ] && [ "$1" != "--" ] && { rounds="$1"; shift; }
[ $# -gt 0 ] && [ "$1" = "--" ] && shift
for bin in "$a" "$b"; do [ -x "$bin" ] || { echo "trace_ab: $bin is not an executable" >&2; exit 2; }; done
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "A: $a"; echo "B: $b"
echo "persons $persons, cases $cases, rounds $rounds, extra: ${*:-none}; uptime:$(uptime)"
for ((i = 1; i <= rounds; ++i)); do
  for side in A B; do
    bin=$a; [ "$side" = B ] && bin=$b
    "$bin" --persons "$persons" --cases "$cases" --case-counts "$cases" --repeats 1 --threads 2 "$@" |
      grep '"step":"trace"' | sed "s/^/$side /" | tee -a "$out" | cut -c1-200
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    side, js = line.split(" ", 1)
    r = json.loads(js)
    runs.setdefault((r["mode"], side), []).append(r)
modes = sorted({m for m, _ in runs})
status = 0
for m in modes:
    a, b = runs.get((m, "A"), []), runs.get((m, "B"), [])
    if not a or not b:
        continue
    ma = statistics.median(r["seconds_median"] for r in a)
    mb = statistics.median(r["seconds_median"] for r in b)
    ea, eb = {r["colocation"] for r in a}, {r["colocation"] for r in b}
    print(f"{m}: A median {ma:.3f} s {[round(r['seconds_median'], 2) for r in a]}, "
          f"B median {mb:.3f} s {[round(r['seconds_median'], 2) for r in b]}, B/A {mb / ma:.3f}")
    if ea != eb:
        print(f"{m}: EDGES DIFFER: A {sorted(ea)} B {sorted(eb)}")
        status = 1
sys.exit(status)
PY
echo "uptime at end:$(uptime)"
