-- One row per unit at the reference date ($1): headcount, mean age, cohort shares (born ≥ 1980,
-- ≥ 1985), women, minorities, and the unit's own young-cadre checks (rules with per_unit) as
-- 'metric:numerator:denominator:gap' joined by ';' (gap 0 = met), from unit_ratios as stored
-- for $1 (unit_ratios.sql).
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
checks AS (
  SELECT u.unit_id,
    -- Sorted after the aggregate (an ordered aggregate sorts every unit apart, far slower).
    array_to_string(list_transform(list_sort(list({'o': r.sort_order,
      'check': u.metric_id || ':' || u.numerator || ':' || u.denominator || ':'
        || greatest(0, least(u.denominator,
          young_needed(u.denominator, r.target_num, r.target_den, r.comparator)) - u.numerator)})),
      x -> x.check), ';') AS checks,
    (count(*) FILTER (WHERE u.numerator
      < young_needed(u.denominator, r.target_num, r.target_den, r.comparator)))::INTEGER AS failing
  FROM unit_ratios u JOIN ratio_rules r USING (metric_id)
  WHERE r.per_unit
  GROUP BY u.unit_id
)
SELECT c.*, k.checks, coalesce(k.failing, 0) AS failing
FROM c LEFT JOIN checks k USING (unit_id)
ORDER BY c.region, c.unit_name, c.unit_id;
