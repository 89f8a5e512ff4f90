-- One row per unit at the reference date ($1), for the rows in scope, into unit_profile_store
-- (emptied first by keepRows, src/core/kept.ts): headcount, mean age, cohort counts (born ≥
-- 1980, ≥ 1985), women, minorities, and the unit's own young-cadre checks (rules with per_unit,
-- from unit_ratios as stored for $1) as 'metric:numerator:denominator:gap' joined by ';' (gap 0
-- = met), how many fall short and the largest gap. unit_profile.sql pages, sorts and searches
-- the stored rows; unit_profile_count.sql counts them.
INSERT INTO unit_profile_store
WITH c AS (
  SELECT unit_id, any_value(unit_name) AS unit_name, any_value(region) AS region,
    any_value(unit_type)::VARCHAR AS unit_type,
    count(*)::INTEGER AS n, avg(age) AS mean_age,
    (count(*) FILTER (WHERE birth_year >= 1980))::INTEGER AS born_1980,
    (count(*) FILTER (WHERE birth_year >= 1985))::INTEGER AS born_1985,
    (count(*) FILTER (WHERE gender = '女'))::INTEGER AS women,
    (count(*) FILTER (WHERE ethnicity IS NOT NULL AND ethnicity <> '汉族'))::INTEGER AS minorities
  FROM cadre_rows_at($1::DATE)
  GROUP BY unit_id
),
gaps AS (
  SELECT u.unit_id, r.sort_order, u.metric_id, u.numerator, u.denominator,
    greatest(0, least(u.denominator,
      young_needed(u.denominator, r.target_num, r.target_den, r.comparator)) - u.numerator)
      ::INTEGER AS gap,
    -- As units_summary.sql counts it (a target no unit can reach fails with no gap to fill).
    u.numerator < young_needed(u.denominator, r.target_num, r.target_den, r.comparator) AS short
  FROM unit_ratios u JOIN ratio_rules r USING (metric_id)
  WHERE r.per_unit
),
checks AS (
  SELECT unit_id,
    -- Sorted after the aggregate (an ordered aggregate sorts every unit apart, far slower).
    array_to_string(list_transform(list_sort(list({'o': sort_order,
      'check': metric_id || ':' || numerator || ':' || denominator || ':' || gap})),
      x -> x.check), ';') AS checks,
    (count(*) FILTER (WHERE short))::INTEGER AS failing,
    max(gap) AS worst_gap
  FROM gaps
  GROUP BY unit_id
)
SELECT c.unit_id, c.unit_name, c.region, c.unit_type, c.n, c.mean_age, c.born_1980, c.born_1985,
  c.women, c.minorities, k.checks, coalesce(k.failing, 0), coalesce(k.worst_gap, 0)
FROM c LEFT JOIN checks k USING (unit_id);
