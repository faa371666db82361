-- Plain-grid co-location, the SQL peers' form of onecode's FindColocation
-- (bench/trace_bench.sh runs it in DuckDB and PostgreSQL 15): each case's
-- stays clipped to its infectious window, joined with every other person's
-- stays in the same 800 m grid cell (precomputed by the benchmark with
-- core/grid.h); overlap seconds summed per (case, person); pairs with at least
-- 10 minutes (600 s) together kept. Tables:
--   stays(person, cell_row, cell_col, start_s, end_s)  [start_s, end_s) UTC seconds
--   cases(case_id, person, from_s, to_s)                the infectious window
WITH case_rows AS (
  SELECT c.case_id, c.person, s.cell_row, s.cell_col,
         greatest(s.start_s, c.from_s) AS a, least(s.end_s, c.to_s) AS b
  FROM cases c JOIN stays s ON s.person = c.person
  WHERE s.start_s < c.to_s AND s.end_s > c.from_s
)
SELECT k.case_id, o.person, sum(least(o.end_s, k.b) - greatest(o.start_s, k.a))::BIGINT AS seconds
FROM case_rows k JOIN stays o ON o.cell_row = k.cell_row AND o.cell_col = k.cell_col
WHERE o.person <> k.person AND o.start_s < k.b AND o.end_s > k.a
GROUP BY k.case_id, o.person
HAVING sum(least(o.end_s, k.b) - greatest(o.start_s, k.a)) >= 600
