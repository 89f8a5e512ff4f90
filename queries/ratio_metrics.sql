-- Y1–Y8, J1, J2 city-wide at the reference date ($1), with how many teams/units each rule
-- covers and how many of them fall short.
WITH u AS (SELECT * FROM ratio_per_unit($1::DATE)),
city AS (
  SELECT metric_id, sum(numerator)::INTEGER AS numerator, sum(denominator)::INTEGER AS denominator,
    count(*)::INTEGER AS units_evaluated
  FROM u GROUP BY metric_id
),
failing AS (
  SELECT u.metric_id, count(*)::INTEGER AS units_failing
  FROM u JOIN ratio_rules r USING (metric_id)
  WHERE u.numerator < young_needed(u.denominator, r.target_num, r.target_den, r.comparator)
  GROUP BY u.metric_id
),
s AS (
  SELECT r.metric_id, r.label, r.sort_order, r.target_num, r.target_den, r.comparator,
    coalesce(c.numerator, 0) AS numerator, coalesce(c.denominator, 0) AS denominator,
    coalesce(c.units_evaluated, 0) AS units_evaluated, coalesce(f.units_failing, 0) AS units_failing,
    young_needed(coalesce(c.denominator, 0), r.target_num, r.target_den, r.comparator) AS needed
  FROM ratio_rules r
  LEFT JOIN city c USING (metric_id)
  LEFT JOIN failing f USING (metric_id)
)
SELECT metric_id, label, numerator, denominator,
  CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
  target_num / target_den AS target, comparator,
  CASE WHEN denominator > 0 THEN numerator >= needed END AS met,
  CASE WHEN denominator > 0 AND needed <= denominator
    THEN CAST(greatest(0, needed - numerator) AS INTEGER) END AS gap,
  units_evaluated, units_failing
FROM s
ORDER BY sort_order;
