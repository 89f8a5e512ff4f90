-- Q1 at the reference date ($1): of the records of the snapshot in force there, how many carry a
-- data-quality finding (row_findings: a note on a loaded row, or the reason a row was rejected),
-- and how many records each kind of finding touches. Records are the snapshot's loaded rows and
-- the rows rejected for its date. Into quality_store (emptied first by keepRows, src/core/kept.ts).
INSERT INTO quality_store BY NAME
WITH snap AS (SELECT snapshot_for($1::DATE) AS d),
found AS (
  SELECT f.source_file, f.source_row, f.code, f.rejected
  FROM row_findings f, snap WHERE f.snapshot_date = snap.d
),
rejected AS (SELECT count(DISTINCT (source_file, source_row)) AS n FROM found WHERE rejected),
codes AS (
  SELECT code, bool_or(rejected) AS rejected, count(DISTINCT (source_file, source_row)) AS n_rows
  FROM found GROUP BY code
)
SELECT *, CASE WHEN records > 0 THEN flagged / records END AS value
FROM (
  SELECT strftime(snap.d, '%Y-%m-%d') AS snapshot_date,
    ((SELECT count(*) FROM cadres, snap WHERE snapshot_date = snap.d) + rejected.n)::INTEGER
      AS records,
    (SELECT count(DISTINCT (source_file, source_row)) FROM found)::INTEGER AS flagged,
    rejected.n::INTEGER AS rejected,
    coalesce((SELECT list({'code': code, 'rejected': rejected, 'rows': n_rows::INTEGER}
      ORDER BY n_rows DESC, code) FROM codes), []) AS codes
  FROM snap, rejected
);
