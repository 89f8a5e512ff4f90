-- Township principals (secretaries and heads): the 三个一批 bands (rows of principal_bands, bounds
-- inclusive) at the reference date ($1), and the change rules (mean age, full-time 大学本科+
-- share) against a baseline date ($2), from one scan of each side. A change has no value and is
-- not judged when both dates fall in the same snapshot.
WITH both_sides AS (
  SELECT ref_date, age, education_fulltime, n FROM cadres_at_dates([$1::DATE, $2::DATE])
  WHERE post_class IN ('township_secretary', 'township_head')
),
principals AS (
  SELECT 'current' AS side, age, education_fulltime, n FROM both_sides WHERE ref_date = $1::DATE
  UNION ALL
  SELECT 'baseline', age, education_fulltime, n FROM both_sides WHERE ref_date = $2::DATE
),
ages AS (
  SELECT side, age,
    sum(n)::INTEGER AS n,
    coalesce(sum(n) FILTER (WHERE education_fulltime IN ('大学本科', '研究生')), 0)::INTEGER AS univ
  FROM principals GROUP BY side, age
),
s AS (
  SELECT side, sum(n)::INTEGER AS n, sum(age * n) / sum(n) AS mean_age, sum(univ)::INTEGER AS univ
  FROM ages GROUP BY side
),
cur AS (SELECT * FROM s WHERE side = 'current'),
base AS (SELECT * FROM s WHERE side = 'baseline'),
-- Each measure a change rule can name, on both sides.
measures AS (
  SELECT 'mean_age' AS measure, NULL::INTEGER AS numerator, (SELECT n FROM cur) AS denominator,
    (SELECT mean_age FROM cur) AS current, (SELECT mean_age FROM base) AS baseline
  UNION ALL
  SELECT 'fulltime_univ_share', (SELECT univ FROM cur), (SELECT n FROM cur),
    (SELECT univ / n FROM cur WHERE n > 0), (SELECT univ / n FROM base WHERE n > 0)
),
-- A change needs two different snapshots: against itself there is nothing to judge.
two_sides AS (SELECT snapshot_for($2::DATE) < snapshot_for($1::DATE) AS ok)
SELECT b.metric_id, b.label, coalesce(sum(a.n), 0)::INTEGER AS numerator,
  coalesce((SELECT n FROM cur), 0) AS denominator,
  NULL::DOUBLE AS current, NULL::DOUBLE AS baseline, NULL::DOUBLE AS value,
  NULL::DOUBLE AS target, NULL::VARCHAR AS comparator, NULL::BOOLEAN AS met,
  NULL::VARCHAR AS baseline_date, NULL::VARCHAR AS measure, b.sort_order
FROM principal_bands b
LEFT JOIN ages a ON a.side = 'current'
  AND a.age >= coalesce(b.min_age, -1000) AND a.age <= coalesce(b.max_age, 1000)
GROUP BY b.metric_id, b.label, b.sort_order
UNION ALL
SELECT r.metric_id, r.label, m.numerator, m.denominator, m.current, m.baseline,
  CASE WHEN (SELECT ok FROM two_sides) THEN m.current - m.baseline END, r.target, r.comparator,
  CASE WHEN (SELECT ok FROM two_sides) THEN CASE r.comparator
    WHEN '<=' THEN m.current - m.baseline <= r.target
    WHEN '>=' THEN m.current - m.baseline >= r.target
  END END,
  strftime(snapshot_for($2::DATE), '%Y-%m-%d'), r.measure, 100 + r.sort_order
FROM change_rules r JOIN measures m USING (measure)
ORDER BY sort_order;
