// DuckDB peer for the ingest benchmark: loads a cdr.csv into a table with
// read_csv and reports rows, seconds, rows/s and MB/s as JSON.
// Usage: node duckdb_ingest.mjs FILE [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';
import { statSync } from 'node:fs';

const file = process.argv[2];
const threads = Number(process.argv[3] ?? 2);
const bytes = statSync(file).size;
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const conn = await instance.connect();
const t0 = process.hrtime.bigint();
await conn.run(`CREATE TABLE cdr AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', header = true,
  columns = {'person': 'VARCHAR', 'cell': 'VARCHAR', 'start': 'TIMESTAMP', 'end': 'TIMESTAMP'})`);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const reader = await conn.runAndReadAll('SELECT count(*)::BIGINT AS n FROM cdr');
const rows = Number(reader.getRows()[0][0]);
console.log(JSON.stringify({ peer: 'duckdb', version: '1.5.6', threads, rows, seconds,
  rows_per_second: Math.round(rows / seconds), mb_per_second: Math.round(bytes / 1e6 / seconds * 10) / 10 }));
