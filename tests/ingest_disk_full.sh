#!/usr/bin/env bash
# A full disk during ingest is a clear error, never a crash, and loses
# nothing: the run that fails leaves the file unloaded, and a later run with
# space loads it completely. The disk is "filled" with a file size limit
# (ulimit -f), which makes writes fail the way ENOSPC does.
set -euo pipefail
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" sim --persons 3000 --days 3 --seed 5 --out "$work/region" > /dev/null
rows=$(($(wc -l < "$work/region/feeds/cdr.csv") - 1))
set +e
msg=$(bash -c 'trap "" XFSZ; ulimit -f 4000; exec "$0" ingest --store "$1" "$2"' "$bin" "$work/store" "$work/region" 2>&1 >/dev/null)
code=$?
set -e
echo "limited run: exit $code: $msg"
[ "$code" -ne 0 ] || { echo "ingest succeeded despite the full disk"; exit 1; }
[ "$code" -lt 128 ] || { echo "ingest crashed (signal)"; exit 1; }
echo "$msg" | grep -q "onecode ingest: .*\(File too large\|No space\)" || { echo "unclear message"; exit 1; }
"$bin" ingest --store "$work/store" "$work/region" --json > "$work/second.json"
python3 - "$work/second.json" "$rows" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["store"]["intervals"] == int(sys.argv[2]), (d["store"], sys.argv[2])
print("after freeing space: %d intervals stored, as many as the file has" % d["store"]["intervals"])
PY
