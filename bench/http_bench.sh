#!/usr/bin/env bash
# HTTP benchmark of `onecode serve` on loopback with wrk (Debian), in one run:
#   1. the status query (GET /api/v1/me/status, a citizen's bearer token);
#   2. nginx (Debian) serving a static file of the same size: the ceiling;
#   3. 10x overload: ten times the connections, (a) clients that ignore
#      Retry-After (plain wrk: a shed connection asks again at once) and (b)
#      clients that honour it (wrk waits Retry-After plus up to half again
#      before that connection's next request, as the web pages do); excess is
#      shed with 503 + Retry-After, and the server's memory stays bounded;
#   4. code verification (POST /api/v1/verify, a gate's bearer token, a green
#      code: one Ed25519 verify per request);
#   5. the overloads of 3 again with shedding off (serve --max-loop-lag-ms 0).
# The server runs with its defaults (overload shedding on).
# wrk shares the machine's cores with the server. Results: docs/benchmarks.md.
# Usage: bench/http_bench.sh [BUILD_DIR]   (default build; needs onecode and onecode_web_seed)
set -euo pipefail
BUILD=${1:-build}
BIN=$BUILD/onecode
SEED=$BUILD/onecode_web_seed
DURATION=${DURATION:-10s}
CONNS=${CONNS:-50}
OVERLOAD_CONNS=$((CONNS * 10))
PORT=${PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
for tool in wrk nginx curl; do
  command -v $tool > /dev/null || [ -x /usr/sbin/$tool ] || { echo "http_bench: $tool missing (scripts/setup.sh)" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
ulimit -n 65536 2>/dev/null || true

WORK=$(mktemp -d /tmp/onecode-http-bench-XXXXXX)
SERVER="" NGINX_PID=""
cleanup() {
  [ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== data: sim 2000 persons x 14 days, ingest, one colour row"
"$BIN" sim --persons 2000 --days 14 --seed 7 --out "$WORK/sim" > /dev/null
"$BIN" ingest --store "$WORK/store" "$WORK/sim" > /dev/null
PERSON=$(sed -n 2p "$WORK/sim/feeds/persons.csv" | cut -d, -f1)
TAIL=$(sed -n 2p "$WORK/sim/feeds/persons.csv" | cut -d, -f4)
"$SEED" "$WORK/store" "$PERSON" yellow '["近14天到过中风险地区","与确诊病例同一航班"]'
GREEN=$(sed -n 3p "$WORK/sim/feeds/persons.csv" | cut -d, -f1)
GREEN_TAIL=$(sed -n 3p "$WORK/sim/feeds/persons.csv" | cut -d, -f4)
"$SEED" "$WORK/store" "$GREEN" green '[]'
echo "bench-gate-pass-1" | "$BIN" users add --store "$WORK/store" --role gate --name gate1 --password-stdin > /dev/null

# Helper requests retry a shed 503 after its Retry-After, like any polite client.
CURL=(curl -s --retry 3)
URL="http://127.0.0.1:$PORT"
start_server() {  # start_server [SERVE_ARGS...]: sets SERVER and TOKEN
  : > "$WORK/serve.log"
  "$BIN" serve --store "$WORK/store" --port "$PORT" --init-keys 510104 "$@" > "$WORK/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do grep -q "http://" "$WORK/serve.log" && break; sleep 0.1; done
  TOKEN=$("${CURL[@]}" -X POST "$URL/api/v1/login" -d "{\"person\":\"$PERSON\",\"phone_tail\":\"$TAIL\"}" |
          sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
}
start_server
"${CURL[@]}" -H "Authorization: Bearer $TOKEN" "$URL/api/v1/me/status" > "$WORK/status.json"
SIZE=$(wc -c < "$WORK/status.json")
echo "status reply: $SIZE bytes: $(cat "$WORK/status.json")"

rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %d MB  ", $1, $2/1024}' "/proc/$SERVER/status"; echo; }
summary() {  # wrk output -> one line
  awk '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /^ +50%/ {p50=$2} /Non-2xx/ {non2xx=$NF}
       END {printf "  requests/s %s   p50 %s   p99 %s   non-2xx %s\n", rps, p50, p99, (non2xx==""?0:non2xx)}'
}

echo "== 1. onecode status query: wrk -t2 -c$CONNS -d$DURATION"
wrk -t2 -c"$CONNS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$URL/api/v1/me/status" > "$WORK/wrk1.txt"
summary < "$WORK/wrk1.txt"
echo -n "  server memory: "; rss

echo "== 2. nginx, static file of the same $SIZE bytes (2 workers): wrk -t2 -c$CONNS -d$DURATION"
mkdir -p "$WORK/nginx/www" "$WORK/nginx/tmp"
cp "$WORK/status.json" "$WORK/nginx/www/status.json"
chmod 755 "$WORK"; chmod -R a+rX "$WORK/nginx"   # nginx workers run as nobody
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGINX_PORT; root $WORK/nginx/www; default_type application/json; }
}
CONF
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx"
sleep 0.3
NGINX_PID=$(cat "$WORK/nginx/nginx.pid")
wrk -t2 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$NGINX_PORT/status.json" > "$WORK/wrk2.txt"
summary < "$WORK/wrk2.txt"
kill -QUIT "$NGINX_PID"; NGINX_PID=""

cat > "$WORK/count.lua" <<'LUA'
-- Counts answers by status. HONOUR = true: after a 503 with Retry-After, a
-- connection's next request waits Retry-After seconds plus up to half again
-- (wrk's delay(); the wait is not counted in latency).
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; shed = 0; other = 0; retry = 0; backoff = {} end
function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 503 then
    shed = shed + 1
    local after = tonumber(headers["Retry-After"])
    if after then
      retry = retry + 1
      if HONOUR then table.insert(backoff, math.floor(after * 1000 * (1 + math.random() / 2))) end
    end
  else other = other + 1 end
end
if HONOUR then
  function delay() if #backoff > 0 then return table.remove(backoff) end return 0 end
end
function done(summary, latency, requests)
  local a, b, c, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do a = a + t:get("ok"); b = b + t:get("shed"); c = c + t:get("other"); d = d + t:get("retry") end
  io.write(string.format("  answers: 200=%d 503=%d (with Retry-After %d) other=%d\n", a, b, d, c))
end
LUA
{ echo "HONOUR = true"; cat "$WORK/count.lua"; } > "$WORK/honour.lua"
overload() {  # overload LABEL SCRIPT
  echo "  -- $1 (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t2 -c"$OVERLOAD_CONNS" -d"$DURATION" --latency -s "$2" -H "Authorization: Bearer $TOKEN" \
      "$URL/api/v1/me/status" > "$WORK/wrk-overload.txt"
  summary < "$WORK/wrk-overload.txt"
  grep "answers:" "$WORK/wrk-overload.txt"
  echo -n "    server memory: "; rss
  curl -s "$URL/metrics" | grep -E "^onecode_http_(shed_total|loop_lagging_windows_total|connections) " | sed 's/^/    /' | tr '\n' ' '; echo
  curl -s -o /dev/null -w "    right after: /healthz %{http_code}, " "$URL/healthz"; sleep 1
  curl -s -o /dev/null -w "a second later: status query %{http_code}\n" -H "Authorization: Bearer $TOKEN" "$URL/api/v1/me/status"
  sleep 3   # let the connections drain and the shedding level fall back
}

echo "== 3. 10x overload: wrk -t2 -c$OVERLOAD_CONNS -d$DURATION (server defaults: --max-in-flight 256, --max-loop-lag-ms 5)"
overload "clients that ignore Retry-After" "$WORK/count.lua"
overload "clients that honour Retry-After" "$WORK/honour.lua"

echo "== 4. code verification: wrk -t2 -c$CONNS -d$DURATION, POST /api/v1/verify (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
GATE_TOKEN=$("${CURL[@]}" -X POST "$URL/api/v1/login" -d '{"user":"gate1","password":"bench-gate-pass-1"}' |
             sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
CITIZEN_TOKEN=$("${CURL[@]}" -X POST "$URL/api/v1/login" -d "{\"person\":\"$GREEN\",\"phone_tail\":\"$GREEN_TAIL\"}" |
                sed -E 's/.*"token":"([0-9a-f]+)".*/\1/')
CODE=$("${CURL[@]}" -H "Authorization: Bearer $CITIZEN_TOKEN" "$URL/api/v1/me/code" | sed -E 's/.*"token":"(OC1:[^"]+)".*/\1/')
printf '{"token":"%s"}' "$CODE" > "$WORK/verify.json"
echo "  one answer: $("${CURL[@]}" -X POST -H "Authorization: Bearer $GATE_TOKEN" --data-binary @"$WORK/verify.json" "$URL/api/v1/verify")"
cat > "$WORK/verify.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $GATE_TOKEN"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/verify.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s "$WORK/verify.lua" "$URL/api/v1/verify" > "$WORK/wrk4.txt"
summary < "$WORK/wrk4.txt"
echo -n "  server memory: "; rss
echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== 5. the overloads of 3 with shedding off: serve --max-loop-lag-ms 0"
kill -TERM "$SERVER"; wait "$SERVER" || true
start_server --max-loop-lag-ms 0
overload "clients that ignore Retry-After, shedding off" "$WORK/count.lua"
overload "clients that honour Retry-After, shedding off" "$WORK/honour.lua"
echo "(wrk and the server share the same cores; machine: $(nproc) cores)"
