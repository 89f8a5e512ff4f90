-- Y1–Y8, J1, J2 per region and per team/unit at the reference date ($1).
WITH u AS (
  SELECT p.*, n.region FROM ratio_per_unit($1::DATE) p LEFT JOIN units n USING (unit_id)
),
rolled AS (
  SELECT metric_id, CASE WHEN grouping(unit_id) = 0 THEN 'unit' ELSE 'region' END AS scope,
    region, unit_id, sum(numerator)::INTEGER AS numerator, sum(denominator)::INTEGER AS denominator
  FROM u
  GROUP BY GROUPING SETS ((metric_id, region), (metric_id, region, unit_id))
),
s AS (
  SELECT x.*, r.sort_order, r.comparator,
    young_needed(x.denominator, r.target_num, r.target_den, r.comparator) AS needed
  FROM rolled x JOIN ratio_rules r USING (metric_id)
)
SELECT s.metric_id, s.scope, s.region, s.unit_id, n.name AS unit_name, s.numerator, s.denominator,
  s.numerator / s.denominator AS value,
  s.numerator >= s.needed AS met,
  CASE WHEN s.needed <= s.denominator THEN CAST(greatest(0, s.needed - s.numerator) AS INTEGER) END
    AS gap
FROM s LEFT JOIN units n ON n.unit_id = s.unit_id
ORDER BY s.sort_order, s.scope DESC, s.region, s.unit_id;
