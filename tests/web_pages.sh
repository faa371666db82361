#!/usr/bin/env bash
# Browser tests of /me, /admin and /gate in Debian's chromium, driven by npm
# playwright-core (tests/web). Seeds a store (small sim + ingest + colour rows
# for two persons through the test helper's Store::Commit), starts
# `onecode serve`, runs tests/web/pages.test.mjs, stops the server with
# SIGTERM and checks it exits cleanly. Screenshots go to ./artefacts/web/.
# Codes (issue 7): the gate's JS verifier is checked against the token test
# vectors (tests/web/verify.test.mjs); a store without keys answers 503 on
# /api/v1/trust-list; `serve --init-keys` creates them; the last page test
# stops the server itself (SERVER_PID) to check the gate page offline.
# /admin (issue 7): the test after it starts its own server on the same store
# and runs trace, colours, a rules dry run and publish there.
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
if [ ! -d "$HERE/../web/node_modules/jsqr" ]; then
  (cd "$HERE/../web" && npm ci --no-audit --no-fund --loglevel=error)
fi
node --test "$HERE/web/verify.test.mjs"

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

# start_server LOG [ARGS...]: starts `onecode serve` on a free port, sets SERVER and URL.
start_server() {
  local log=$1; shift
  "$BIN" serve --store "$WORK/store" --port 0 "$@" > "$log" 2>&1 &
  SERVER=$!
  URL=""
  for _ in $(seq 1 100); do
    URL=$(grep -o 'http://[^ ]*/' "$log" || true)
    [ -n "$URL" ] && break
    sleep 0.1
  done
  [ -n "$URL" ] || { echo "web_pages: server did not start:" >&2; cat "$log" >&2; exit 1; }
}

# No keys yet: the code endpoints say so (503, documented message).
start_server "$WORK/serve-nokeys.log"
NOKEYS=$(node --input-type=module -e '
  import { fetchRetry } from "'"$HERE"'/web/http_retry.mjs";
  const r = await fetchRetry(process.argv[1] + "api/v1/trust-list");
  console.log(r.status, (await r.json()).message);' "$URL")
[ "$NOKEYS" = "503 node keys not initialised; run onecode keys init" ] || { echo "web_pages: without keys got: $NOKEYS" >&2; exit 1; }
kill -TERM "$SERVER"; wait "$SERVER"; SERVER=""

start_server "$WORK/serve.log" --init-keys 510104
grep -q "Created node keys" "$WORK/serve.log" || { echo "web_pages: --init-keys made no keys" >&2; cat "$WORK/serve.log" >&2; exit 1; }

mkdir -p "$ART"
ONECODE_URL=$URL ARTEFACTS=$ART RED_PERSON=$RED RED_TAIL=$RED_TAIL GREEN_PERSON=$GREEN GREEN_TAIL=$GREEN_TAIL \
  OFFICIAL_USER=official1 OFFICIAL_PASSWORD=official-pass-1 GATE_USER=gate1 GATE_PASSWORD=gate-pass-0001 \
  ONECODE_BIN=$BIN ONECODE_STORE=$WORK/store WORK=$WORK SERVER_PID=$SERVER \
  node --test --test-concurrency=1 "$HERE/web/pages.test.mjs"

# Clean shutdown on SIGTERM (the offline gate test has sent it already).
kill -TERM "$SERVER" 2>/dev/null || true
status=0
wait "$SERVER" || status=$?
SERVER=""
[ "$status" -eq 0 ] || { echo "web_pages: server exited with $status after SIGTERM" >&2; exit 1; }
grep -q "OneCode server stopped" "$WORK/serve.log" || { echo "web_pages: no clean stop" >&2; exit 1; }
echo "web_pages: screenshots in $ART"
