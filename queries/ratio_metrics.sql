-- Y1–Y8, J1, J2 for the reference date ($1): one row per rule city-wide, per region and per unit.
-- The population, the "young" test and the target of each rule come from ratio_rules.
WITH c AS (SELECT * FROM cadres_at($1::DATE)),
pop AS (
  SELECT r.metric_id, c.region, c.unit_id, c.unit_name,
    (r.max_age IS NULL OR c.age <= r.max_age)
      AND (r.born_from IS NULL OR c.birth_date >= r.born_from)
      AND (r.born_to IS NULL OR c.birth_date <= r.born_to) AS is_young
  FROM ratio_rules r
  JOIN c ON (r.unit_types IS NULL OR list_contains(r.unit_types, c.unit_type))
    AND (r.levels IS NULL OR list_contains(r.levels, c.level))
    AND (r.post_classes IS NULL OR list_contains(r.post_classes, c.post_class))
    AND (NOT coalesce(r.team_only, false) OR coalesce(c.is_team_member, false))
),
agg AS (
  SELECT metric_id,
    CASE WHEN grouping(unit_id) = 0 THEN 'unit' WHEN grouping(region) = 0 THEN 'region' ELSE 'city' END
      AS scope,
    region, unit_id, any_value(unit_name) AS unit_name,
    (count(*) FILTER (WHERE is_young))::INTEGER AS numerator,
    count(*)::INTEGER AS denominator
  FROM pop
  GROUP BY GROUPING SETS ((metric_id), (metric_id, region), (metric_id, region, unit_id))
),
city AS (
  SELECT r.metric_id, 'city' AS scope, NULL::VARCHAR AS region, NULL::VARCHAR AS unit_id,
    NULL::VARCHAR AS unit_name, coalesce(a.numerator, 0) AS numerator,
    coalesce(a.denominator, 0) AS denominator
  FROM ratio_rules r LEFT JOIN agg a ON a.metric_id = r.metric_id AND a.scope = 'city'
),
scored AS (
  SELECT * FROM city
  UNION ALL
  SELECT metric_id, scope, region, unit_id, unit_name, numerator, denominator
  FROM agg WHERE scope <> 'city'
),
needed AS (
  SELECT s.*, r.label, r.target_num, r.target_den, r.comparator, r.sort_order,
    CASE r.comparator
      WHEN '>' THEN (r.target_num * s.denominator) // r.target_den + 1
      WHEN '>=' THEN (r.target_num * s.denominator + r.target_den - 1) // r.target_den
    END AS young_needed
  FROM scored s JOIN ratio_rules r USING (metric_id)
)
SELECT metric_id, label, scope, region, unit_id, unit_name, numerator, denominator,
  CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
  target_num / target_den AS target,
  comparator,
  CASE WHEN denominator > 0 THEN numerator >= young_needed END AS met,
  CASE WHEN denominator > 0 AND young_needed <= denominator
    THEN CAST(greatest(0, young_needed - numerator) AS INTEGER) END AS gap
FROM needed
ORDER BY sort_order, CASE scope WHEN 'city' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, region, unit_id;
