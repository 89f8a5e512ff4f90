-- Band rules at the reference date ($1): how many of each rule's population fall in its age band
-- (bounds inclusive). Change rules: each rule's measure (mean age, full-time 大学本科+ share) at
-- $1 and at the baseline snapshot (the one in force at $2, its people at its own date), from one
-- scan of the cube; a change has no value and is not judged when both dates fall in the same
-- snapshot, nor a share of a side with no full-time education on record (a roster without it).
WITH band_members AS (
  SELECT metric_id, age, n FROM population_members([$1::DATE], 'band')
),
bands AS (
  SELECT b.metric_id, b.label, b.sort_order,
    coalesce(sum(m.n) FILTER (WHERE m.age >= coalesce(b.min_age, -1000)
      AND m.age <= coalesce(b.max_age, 1000)), 0)::INTEGER AS numerator,
    coalesce(sum(m.n), 0)::INTEGER AS denominator
  FROM band_rules b LEFT JOIN band_members m USING (metric_id)
  GROUP BY ALL
),
sides AS (
  SELECT metric_id, CASE WHEN ref_date = $1::DATE THEN 'current' ELSE 'baseline' END AS side,
    sum(n)::INTEGER AS n, sum(age * n) / sum(n) AS mean_age,
    coalesce(sum(n) FILTER (WHERE education_fulltime IN ('大学本科', '研究生')), 0)::INTEGER AS univ,
    coalesce(sum(n) FILTER (WHERE education_fulltime <> '未知'), 0)::INTEGER AS known
  FROM population_members([$1::DATE, snapshot_for($2::DATE)], 'change')
  GROUP BY ALL
),
measured AS (
  SELECT r.metric_id, r.label, r.measure, r.target, r.comparator, r.sort_order,
    CASE WHEN r.measure = 'fulltime_univ_share' AND c.known > 0 THEN c.univ END AS numerator,
    coalesce(c.n, 0) AS denominator, coalesce(b.n, 0) AS baseline_n,
    CASE WHEN r.measure = 'mean_age' THEN c.mean_age WHEN c.known > 0 THEN c.univ / c.n END
      AS current,
    CASE WHEN r.measure = 'mean_age' THEN b.mean_age WHEN b.known > 0 THEN b.univ / b.n END
      AS baseline
  FROM change_rules r
  LEFT JOIN sides c ON c.metric_id = r.metric_id AND c.side = 'current'
  LEFT JOIN sides b ON b.metric_id = r.metric_id AND b.side = 'baseline'
),
-- A change needs two different snapshots: against itself there is nothing to judge.
two_sides AS (SELECT snapshot_for($2::DATE) < snapshot_for($1::DATE) AS ok)
SELECT metric_id, label, numerator, denominator,
  NULL::DOUBLE AS current, NULL::DOUBLE AS baseline, NULL::DOUBLE AS value,
  NULL::DOUBLE AS target, NULL::VARCHAR AS comparator, NULL::BOOLEAN AS met,
  NULL::VARCHAR AS baseline_date, NULL::VARCHAR AS measure, NULL::INTEGER AS baseline_n,
  sort_order
FROM bands
UNION ALL
-- The change is a difference of two fractions in floating point: 3/5 − 2/5 is 0.19999999999999996,
-- which must meet "≥ +20 points". Judged to 1e-9, far below any real difference of populations
-- this size (a township's principals: thousands, so a real gap is at least about 1e-7).
SELECT metric_id, label, numerator, denominator, current, baseline,
  CASE WHEN (SELECT ok FROM two_sides) THEN round(current - baseline, 12) END, target, comparator,
  CASE WHEN (SELECT ok FROM two_sides) THEN CASE comparator
    WHEN '<=' THEN current - baseline <= target + 1e-9
    WHEN '>=' THEN current - baseline >= target - 1e-9
  END END,
  strftime(snapshot_for($2::DATE), '%Y-%m-%d'), measure, baseline_n, sort_order
FROM measured
ORDER BY sort_order;
