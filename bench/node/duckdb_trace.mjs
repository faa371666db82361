// DuckDB peer for the tracing benchmark: loads DIR/stays.csv and DIR/cases.csv
// (written by onecode_trace_bench --peer-dir), runs the plain-grid co-location
// query (bench/trace_colocation.sql) into a table, writes the answer sorted to
// DIR/duckdb.csv (case_id,person,seconds) and prints one JSON object with the
// load and query times (the query REPEATS times, each into a fresh table: the
// median and every time are reported, as for the engine).
// Usage: node duckdb_trace.mjs DIR SQLFILE [THREADS] [REPEATS]
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const dir = process.argv[2];
const query = readFileSync(process.argv[3], 'utf8').replace(/;\s*$/, '');
const threads = Number(process.argv[4] ?? 2);
const repeats = Math.max(1, Number(process.argv[5] ?? 1));
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await instance.connect();
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

let t0 = process.hrtime.bigint();
await conn.run(`CREATE TABLE stays AS SELECT * FROM read_csv(${quote(dir + '/stays.csv')}, header = true,
  columns = {'person': 'INTEGER', 'cell_row': 'INTEGER', 'cell_col': 'INTEGER', 'start_s': 'INTEGER', 'end_s': 'INTEGER'})`);
await conn.run(`CREATE TABLE cases AS SELECT * FROM read_csv(${quote(dir + '/cases.csv')}, header = true,
  columns = {'case_id': 'INTEGER', 'person': 'INTEGER', 'from_s': 'INTEGER', 'to_s': 'INTEGER'})`);
const loadSeconds = seconds(t0);

const runs = [];  // [wall seconds, CPU seconds] per repeat
for (let i = 0; i < repeats; ++i) {
  if (i > 0) await conn.run('DROP TABLE answer');
  t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  await conn.run(`CREATE TABLE answer AS ${query}`);
  const wall = seconds(t0);
  const cpu = process.cpuUsage(cpu0);  // all threads of the process, microseconds
  runs.push([wall, (cpu.user + cpu.system) / 1e6]);
}
const median = [...runs].sort((a, b) => a[0] - b[0])[Math.floor((runs.length - 1) / 2)];
const querySeconds = median[0];

await conn.run(`COPY (SELECT case_id, person, seconds FROM answer ORDER BY case_id, person)
  TO ${quote(dir + '/duckdb.csv')} (HEADER false)`);
const n = (await conn.runAndReadAll('SELECT count(*)::BIGINT, coalesce(sum(seconds), 0)::BIGINT FROM answer')).getRows()[0];
const stays = (await conn.runAndReadAll('SELECT count(*)::BIGINT FROM stays')).getRows()[0][0];
const version = (await conn.runAndReadAll('SELECT version()')).getRows()[0][0];
console.log(JSON.stringify({ peer: 'duckdb', version, threads, stays: Number(stays), load_seconds: loadSeconds,
  query_seconds: querySeconds, query_cpu_seconds: median[1], query_seconds_all: runs.map((r) => r[0]), hits: Number(n[0]), hit_seconds_sum: Number(n[1]) }));
