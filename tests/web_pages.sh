#!/usr/bin/env bash
# Browser tests of /me, /admin and /gate in Debian's chromium, driven by npm
# playwright-core (tests/web). Seeds a store (small sim + ingest + colour rows
# for two persons through the test helper's Store::Commit), starts
# `onecode serve`, runs tests/web/pages.test.mjs, stops the server with
# SIGTERM and checks it exits cleanly. Screenshots go to ./artefacts/web/.
# Usage: web_pages.sh ONECODE_BINARY ONECODE_WEB_SEED_BINARY
set -euo pipefail
BIN=$1
SEED=$2
HERE=$(cd "$(dirname "$0")" && pwd)
ART=${ARTEFACTS:-$PWD/artefacts}/web
[ -x /usr/bin/chromium ] || { echo "web_pages: /usr/bin/chromium missing (scripts/setup.sh installs it)" >&2; exit 1; }
if [ ! -d "$HERE/web/node_modules/playwright-core" ]; then
  (cd "$HERE/web" && npm ci --no-audit --no-fund --loglevel=error)
fi

WORK=$(mktemp -d /tmp/onecode-web-XXXXXX)
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then kill -TERM "$SERVER"; wait "$SERVER" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" sim --persons 200 --days 14 --seed 11 --out "$WORK/sim" > /dev/null
"$BIN" ingest --store "$WORK/store" "$WORK/sim" > /dev/null
RED=$(sed -n 2p "$WORK/sim/feeds/persons.csv" | cut -d, -f1)
RED_TAIL=$(sed -n 2p "$WORK/sim/feeds/persons.csv" | cut -d, -f4)
GREEN=$(sed -n 3p "$WORK/sim/feeds/persons.csv" | cut -d, -f1)
GREEN_TAIL=$(sed -n 3p "$WORK/sim/feeds/persons.csv" | cut -d, -f4)
"$SEED" "$WORK/store" "$RED" red '["与确诊病例同一网格停留14分钟","近14天到过高风险地区"]' "$GREEN" green '[]'
echo "official-pass-1" | "$BIN" users add --store "$WORK/store" --role official --name official1 --password-stdin > /dev/null
echo "gate-pass-0001" | "$BIN" users add --store "$WORK/store" --role gate --name gate1 --password-stdin > /dev/null

"$BIN" serve --store "$WORK/store" --port 0 > "$WORK/serve.log" 2>&1 &
SERVER=$!
URL=""
for _ in $(seq 1 100); do
  URL=$(grep -o 'http://[^ ]*/' "$WORK/serve.log" || true)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "web_pages: server did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1; }

mkdir -p "$ART"
ONECODE_URL=$URL ARTEFACTS=$ART RED_PERSON=$RED RED_TAIL=$RED_TAIL GREEN_PERSON=$GREEN GREEN_TAIL=$GREEN_TAIL \
  OFFICIAL_USER=official1 OFFICIAL_PASSWORD=official-pass-1 GATE_USER=gate1 GATE_PASSWORD=gate-pass-0001 \
  node --test --test-concurrency=1 "$HERE/web/pages.test.mjs"

# Clean shutdown on SIGTERM.
kill -TERM "$SERVER"
status=0
wait "$SERVER" || status=$?
SERVER=""
[ "$status" -eq 0 ] || { echo "web_pages: server exited with $status after SIGTERM" >&2; exit 1; }
grep -q "OneCode server stopped" "$WORK/serve.log" || { echo "web_pages: no clean stop" >&2; exit 1; }
echo "web_pages: screenshots in $ART"
