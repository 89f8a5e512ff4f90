-- Every ratio rule at the reference date ($1), from the cube: city-wide (scope 'city') and per
-- county/district (scope 'region'), with value, target, met and gap. ratio_units.sql gives the
-- same per team/unit; units_summary.sql counts the teams/units that fall short.
-- Counted per county once; the city is the sum of its counties (GROUPING SETS aggregated every
-- member twice).
WITH by_region AS (
  SELECT metric_id, region, coalesce(sum(n) FILTER (WHERE is_young), 0) AS numerator,
    sum(n) AS denominator
  FROM rule_members_by_region($1::DATE)
  GROUP BY metric_id, region
),
counts AS (
  SELECT metric_id, region, false AS is_city, numerator::INTEGER AS numerator,
    denominator::INTEGER AS denominator
  FROM by_region WHERE region IS NOT NULL
  UNION ALL
  SELECT metric_id, NULL, true, sum(numerator)::INTEGER, sum(denominator)::INTEGER
  FROM by_region GROUP BY metric_id
),
-- Every rule has its city-wide row, with a denominator of 0 when nobody belongs to it.
s AS (
  SELECT r.metric_id, r.label, r.sort_order, r.target_num, r.target_den, r.comparator,
    coalesce(c.is_city, true) AS is_city, c.region,
    coalesce(c.numerator, 0) AS numerator, coalesce(c.denominator, 0) AS denominator,
    young_needed(coalesce(c.denominator, 0), r.target_num, r.target_den, r.comparator) AS needed
  FROM ratio_rules r
  LEFT JOIN counts c USING (metric_id)
)
SELECT metric_id, label, CASE WHEN is_city THEN 'city' ELSE 'region' END AS scope, region,
  numerator, denominator,
  CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
  target_num / target_den AS target, comparator,
  CASE WHEN denominator > 0 THEN numerator >= needed END AS met,
  CASE WHEN denominator > 0 AND needed <= denominator
    THEN CAST(greatest(0, needed - numerator) AS INTEGER) END AS gap
FROM s
ORDER BY sort_order, is_city DESC, region NULLS FIRST;
