-- Y1–Y8, J1, J2 city-wide at the reference date ($1), from the cube (units_summary.sql adds how
-- many teams/units fall short).
WITH city AS (
  SELECT metric_id, coalesce(sum(n) FILTER (WHERE is_young), 0)::INTEGER AS numerator,
    sum(n)::INTEGER AS denominator
  FROM rule_members([$1::DATE]) GROUP BY metric_id
),
s AS (
  SELECT r.metric_id, r.label, r.sort_order, r.target_num, r.target_den, r.comparator,
    coalesce(c.numerator, 0) AS numerator, coalesce(c.denominator, 0) AS denominator,
    young_needed(coalesce(c.denominator, 0), r.target_num, r.target_den, r.comparator) AS needed
  FROM ratio_rules r
  LEFT JOIN city c USING (metric_id)
)
SELECT metric_id, label, numerator, denominator,
  CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
  target_num / target_den AS target, comparator,
  CASE WHEN denominator > 0 THEN numerator >= needed END AS met,
  CASE WHEN denominator > 0 AND needed <= denominator
    THEN CAST(greatest(0, needed - numerator) AS INTEGER) END AS gap
FROM s
ORDER BY sort_order;
