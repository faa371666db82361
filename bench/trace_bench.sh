#!/usr/bin/env bash
# Tracing speed (issue 4): Trace() of CASES cases against synthetic persons x 14
# days of stays (bench/trace_city.h), scaled by persons (PERSONS/10, 3*PERSONS/10,
# PERSONS) and by cases (CASES/100, CASES/10, CASES at PERSONS); then the same
# plain-grid co-location query in DuckDB (npm @duckdb/node-api) and PostgreSQL 15
# (a temporary cluster on 127.0.0.1, removed afterwards) on the same stays at
# PEER_PERSONS, in the same run, checking that all three give exactly the same
# (case, person, seconds) rows. Fails loudly (exit 1) when they differ. DuckDB
# runs the query REPEATS times too (its median is the one compared).
#
# Usage: bench/trace_bench.sh [PERSONS] [CASES] [PEER_PERSONS] [REPEATS]
#        (default 1000000 1000 1000000 3; quick check: bench/trace_bench.sh 50000 100 50000 1)
# Env: BUILD_DIR (default ./build; needs onecode_trace_bench, Release),
#      BENCH_DIR (default ./bench-out), PEERS (default "duckdb postgres"; empty = none),
#      KEEP=1 keeps the exported CSV files, SCALING=0 runs only the peer comparison.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
persons="${1:-1000000}"
cases="${2:-1000}"
peer_persons="${3:-$persons}"
repeats="${4:-3}"
build="${BUILD_DIR:-$root/build}"
base="${BENCH_DIR:-$root/bench-out}"
peers="${PEERS-duckdb postgres}"
bin="$build/onecode_trace_bench"
[ -x "$bin" ] || { echo "trace_bench: $bin missing (ninja -C $build onecode_trace_bench)" >&2; exit 2; }
mkdir -p "$base"
out="$base/trace-bench.jsonl"
: > "$out"
peer_dir="$base/trace-peer-$peer_persons"
say() { echo "$*" | tee -a "$base/trace-bench.log"; }
: > "$base/trace-bench.log"
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; date: $(date -u +%FT%TZ); uptime:$(uptime)"
say "persons: $persons, cases: $cases, peer persons: $peer_persons, repeats: $repeats, peers: ${peers:-none}"

run() {  # run ARGS...: one benchmark process, its JSON lines appended to $out
  "$bin" --threads 2 --repeats "$repeats" "$@" | tee -a "$out"
}

# 1. Scaling with persons (each size in its own process: clean peak RSS), and
#    with cases at the largest size.
sizes="$((persons / 10)) $((persons * 3 / 10)) $persons"
[ "${SCALING:-1}" = 1 ] || sizes=""  # SCALING=0: only the peer comparison
for n in $sizes; do
  if [ "$n" -eq "$persons" ]; then
    extra=(--case-counts "$((cases / 100 > 0 ? cases / 100 : 1)),$((cases / 10 > 0 ? cases / 10 : 1)),$cases" --stats)
    if [ -n "$peers" ] && [ "$peer_persons" -eq "$persons" ]; then extra+=(--peer-dir "$peer_dir"); fi
  else
    extra=(--case-counts "$cases")
  fi
  [[ " ${extra[*]} " == *" --peer-dir "* ]] && mkdir -p "$peer_dir"
  run --persons "$n" --cases "$cases" "${extra[@]}"
done

[ -n "$peers" ] || exit 0

# 2. The peers, on the plain grid (the engine's plain-grid answer is DIR/engine.csv).
if [ "$peer_persons" -ne "$persons" ] || [ -z "$sizes" ]; then
  mkdir -p "$peer_dir"
  run --persons "$peer_persons" --cases "$cases" --no-default --peer-dir "$peer_dir"
fi
sql="$root/bench/trace_colocation.sql"
status=0
check() {  # check NAME FILE: same rows as the engine, or a loud failure
  if cmp -s "$peer_dir/engine.csv" "$2"; then
    say "check: $1 answer identical to onecode's ($(wc -l < "$2") (case, person, seconds) rows)"
  else
    say "check: $1 answer DIFFERS from onecode's: $(diff "$peer_dir/engine.csv" "$2" | head -5 | tr '\n' ' ')"
    status=1
  fi
}

if [[ " $peers " == *" duckdb "* ]]; then
  [ -d bench/node/node_modules/@duckdb/node-api ] || (cd bench/node && npm install --no-audit --no-fund >/dev/null)
  node bench/node/duckdb_trace.mjs "$peer_dir" "$sql" 2 "$repeats" | tee -a "$out"
  check duckdb "$peer_dir/duckdb.csv"
fi

if [[ " $peers " == *" postgres "* ]]; then
  pgbin=/usr/lib/postgresql/15/bin
  [ -x "$pgbin/postgres" ] || { echo "trace_bench: PostgreSQL 15 missing (bash scripts/setup.sh)" >&2; exit 2; }
  pg=$(mktemp -d /tmp/onecode-trace-pg.XXXXXX)
  as=()
  if [ "$(id -u)" -eq 0 ]; then  # initdb refuses root: run the server as the postgres user
    chown postgres: "$pg"
    as=(runuser -u postgres --)
  fi
  stop_pg() {
    "${as[@]}" "$pgbin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pg"
  }
  trap stop_pg EXIT
  "${as[@]}" "$pgbin/initdb" -D "$pg/data" -U postgres --auth=trust --no-locale -E UTF8 >/dev/null
  "${as[@]}" mkdir "$pg/sock"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # Settings for a bulk-load-and-query benchmark on a 23 GiB machine: no
  # durability work during the load (UNLOGGED tables, fsync off), big memory.
  "${as[@]}" "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-h 127.0.0.1 -p $port -k $pg/sock \
    -c shared_buffers=4GB -c work_mem=2GB -c maintenance_work_mem=1GB -c max_parallel_workers_per_gather=2 \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0 \
    -c max_wal_size=16GB -c autovacuum=off" start >/dev/null
  psql_() { psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
  now() { date +%s.%N; }
  t0=$(now)
  psql_ -c "CREATE UNLOGGED TABLE stays (person int, cell_row int, cell_col int, start_s int, end_s int);
            CREATE UNLOGGED TABLE cases (case_id int, person int, from_s int, to_s int);"
  psql_ -c "\\copy stays FROM '$peer_dir/stays.csv' WITH (FORMAT csv, HEADER true)"
  psql_ -c "\\copy cases FROM '$peer_dir/cases.csv' WITH (FORMAT csv, HEADER true)"
  psql_ -c "ANALYZE stays; ANALYZE cases;"
  t1=$(now)
  psql_ -c "EXPLAIN CREATE UNLOGGED TABLE answer AS $(cat "$sql")" > "$base/trace-postgres-plan.txt"
  t2=$(now)
  psql_ -c "CREATE UNLOGGED TABLE answer AS $(cat "$sql")"
  t3=$(now)
  psql_ -c "\\copy (SELECT case_id, person, seconds FROM answer ORDER BY case_id, person) TO '$peer_dir/postgres.csv' WITH (FORMAT csv)"
  version=$(psql_ -At -c "SHOW server_version")
  hits=$(psql_ -At -c "SELECT count(*) || ',' || coalesce(sum(seconds), 0) FROM answer")
  python3 -c 'import json, sys; a = sys.argv
print(json.dumps({"peer": "postgres", "version": a[1], "max_parallel_workers_per_gather": 2,
                  "load_seconds": float(a[2]) - float(a[3]), "query_seconds": float(a[4]) - float(a[5]),
                  "hits": int(a[6].split(",")[0]), "hit_seconds_sum": int(a[6].split(",")[1])}))' \
    "$version" "$t1" "$t0" "$t3" "$t2" "$hits" | tee -a "$out"
  stop_pg
  trap - EXIT
  check postgres "$peer_dir/postgres.csv"
fi

# 3. Summary.
python3 - "$out" <<'PY' | tee -a "$base/trace-bench.log"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
plain = [r for r in rows if r.get("step") == "trace" and r.get("mode") == "plain_grid"]
peers = {r["peer"]: r for r in rows if "peer" in r}
if plain:
    e = plain[-1]
    print(f"plain grid at {e['persons']:,} persons ({e['rows']:,} stays), {e['cases']} cases: "
          f"onecode Trace() {e['seconds_median']:.2f} s ({e['cpu_seconds']:.2f} CPU s), {e['colocation']:,} hits")
    for name, p in peers.items():
        cpu = f" ({p['query_cpu_seconds']:.2f} CPU s)" if "query_cpu_seconds" in p else ""
        print(f"  {name} {p['version']}: load {p['load_seconds']:.1f} s, query {p['query_seconds']:.2f} s{cpu} "
              f"-> onecode is {p['query_seconds'] / e['seconds_median']:.2f}x faster (wall time)")
PY
say "uptime at end:$(uptime)"
[ -n "${KEEP:-}" ] || rm -f "$peer_dir"/*.csv
[ "$status" -eq 0 ] || { echo "trace_bench: the peers' answers differ from onecode's" >&2; exit 1; }
