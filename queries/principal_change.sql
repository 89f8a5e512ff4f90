-- J4 mean age and J5 full-time 大学本科+ share of township principals: reference date ($1)
-- against a baseline date ($2).
WITH principals AS (
  SELECT 'current' AS side, age, education_fulltime FROM cadres_at($1::DATE)
  WHERE post_class IN ('township_secretary', 'township_head')
  UNION ALL
  SELECT 'baseline', age, education_fulltime FROM cadres_at($2::DATE)
  WHERE post_class IN ('township_secretary', 'township_head')
),
s AS (
  SELECT side, count(*)::INTEGER AS n, avg(age)::DOUBLE AS mean_age,
    (count(*) FILTER (WHERE education_fulltime IN ('大学本科', '研究生')))::INTEGER AS univ
  FROM principals GROUP BY side
),
cur AS (SELECT * FROM s WHERE side = 'current'),
base AS (SELECT * FROM s WHERE side = 'baseline'),
v AS (
  SELECT 'J4' AS metric_id, NULL::INTEGER AS numerator, (SELECT n FROM cur) AS denominator,
    (SELECT mean_age FROM cur) AS current, (SELECT mean_age FROM base) AS baseline
  UNION ALL
  SELECT 'J5', (SELECT univ FROM cur), (SELECT n FROM cur),
    (SELECT univ / n FROM cur WHERE n > 0), (SELECT univ / n FROM base WHERE n > 0)
)
SELECT v.metric_id, r.label, v.numerator, v.denominator, v.current, v.baseline,
  v.current - v.baseline AS value, r.target, r.comparator,
  CASE r.comparator
    WHEN '<=' THEN v.current - v.baseline <= r.target
    WHEN '>=' THEN v.current - v.baseline >= r.target
  END AS met,
  strftime(snapshot_for($1::DATE), '%Y-%m-%d') AS snapshot_date,
  strftime(snapshot_for($2::DATE), '%Y-%m-%d') AS baseline_date
FROM v JOIN change_rules r USING (metric_id)
ORDER BY r.sort_order;
