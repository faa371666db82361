// DuckDB peer for the tracing benchmark: loads DIR/stays.csv and DIR/cases.csv
// (written by onecode_trace_bench --peer-dir), runs the plain-grid co-location
// query (bench/trace_colocation.sql) into a table, writes the answer sorted to
// DIR/duckdb.csv (case_id,person,seconds) and prints one JSON object with the
// load and query times. Usage: node duckdb_trace.mjs DIR SQLFILE [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const dir = process.argv[2];
const query = readFileSync(process.argv[3], 'utf8').replace(/;\s*$/, '');
const threads = Number(process.argv[4] ?? 2);
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

t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
await conn.run(`CREATE TABLE answer AS ${query}`);
const querySeconds = seconds(t0);
const cpu = process.cpuUsage(cpu0);  // all threads of the process, microseconds

await conn.run(`COPY (SELECT case_id, person, seconds FROM answer ORDER BY case_id, person)
  TO ${quote(dir + '/duckdb.csv')} (HEADER false)`);
const n = (await conn.runAndReadAll('SELECT count(*)::BIGINT, coalesce(sum(seconds), 0)::BIGINT FROM answer')).getRows()[0];
const stays = (await conn.runAndReadAll('SELECT count(*)::BIGINT FROM stays')).getRows()[0][0];
const version = (await conn.runAndReadAll('SELECT version()')).getRows()[0][0];
console.log(JSON.stringify({ peer: 'duckdb', version, threads, stays: Number(stays), load_seconds: loadSeconds,
  query_seconds: querySeconds, query_cpu_seconds: (cpu.user + cpu.system) / 1e6, hits: Number(n[0]), hit_seconds_sum: Number(n[1]) }));
