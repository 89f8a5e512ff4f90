-- Who can close each team's gap (Yongzhou Y10) at the reference date, for the teams in scope:
-- the teams with target posts as queries/candidates_store.sql found them (kept in
-- candidate_targets for that date: candidates() in src/core/selection/candidates.ts), chosen by
-- the scope filters (region, unit, unit type; the person filters do not apply). Scope 'team'
-- rows list them; the scope 'city' row of each candidates rule gives covered target posts ÷
-- target posts against its target (Y10).
WITH f AS (SELECT region AS f_region, unit AS f_unit, unit_type AS f_unit_type FROM filter_state),
targets AS (
  SELECT s.* FROM candidate_targets s, f
  WHERE in_filter(f.f_region, s.region) AND in_filter(f.f_unit, s.unit_id)
    AND in_filter(f.f_unit_type, s.unit_type)
),
city AS (
  SELECT k.rule_id AS cand_id, k.sort_order AS cand_order, k.target_num, k.target_den,
    k.comparator,
    coalesce(sum(x.target_posts) FILTER (WHERE x.covered), 0)::INTEGER AS numerator,
    coalesce(sum(x.target_posts), 0)::INTEGER AS denominator
  FROM candidate_rules k LEFT JOIN targets x ON x.cand_id = k.rule_id
  GROUP BY ALL
)
SELECT 'city' AS scope, cand_id, NULL::VARCHAR AS metric_id, NULL::VARCHAR AS unit_id,
  NULL::VARCHAR AS unit_name, NULL::VARCHAR AS region, NULL::INTEGER AS members,
  NULL::INTEGER AS young, NULL::INTEGER AS needed, NULL::INTEGER AS short,
  NULL::INTEGER AS retiring, denominator AS target_posts, NULL::INTEGER AS candidates,
  numerator AS covered_posts,
  CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
  target_num / target_den AS target, comparator,
  CASE WHEN denominator > 0
    THEN numerator >= young_needed(denominator, target_num, target_den, comparator) END AS met,
  CASE WHEN denominator > 0 THEN greatest(0, least(denominator,
    young_needed(denominator, target_num, target_den, comparator)) - numerator)::INTEGER END
    AS gap,
  cand_order, -1 AS rule_order
FROM city
UNION ALL
SELECT 'team', cand_id, metric_id, unit_id, unit_name, region, members, young, needed,
  short, retiring, target_posts, candidates,
  CASE WHEN covered THEN target_posts ELSE 0 END, NULL, NULL, NULL, covered, NULL, cand_order,
  rule_order
FROM targets
ORDER BY cand_order, rule_order, region NULLS FIRST, unit_name NULLS FIRST, unit_id NULLS FIRST;
