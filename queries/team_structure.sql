-- 领导班子结构统计表 at the reference date ($1) over the cadres that pass the filters: one row per
-- unit, the members of its leadership team (是否班子成员; every cadre of the unit when the roster
-- says of nobody whether they are), their mean age, how many are aged ≤ each age of the list $2,
-- women, minorities, non-CPC members and postgraduates (highest education), and the unit's own
-- check of every per-unit ratio rule (numerator, denominator, people short: 0 = met); then the
-- 合计 row (is_total), whose checks give per rule the units evaluated (numerator), those short
-- (denominator) and the people short in all (gap). `flagged`: whether the roster says who is a
-- team member.
WITH c AS (SELECT * FROM cadre_rows_at($1::DATE) WHERE unit_id IS NOT NULL),
flagged AS (SELECT count(is_team_member) > 0 AS has_flag FROM c),
m AS (SELECT c.* FROM c, flagged f WHERE NOT f.has_flag OR coalesce(c.is_team_member, false)),
limits AS (
  SELECT unnest(CAST($2 AS INTEGER[])) AS max_age,
    generate_subscripts(CAST($2 AS INTEGER[]), 1) AS idx
),
units AS (
  SELECT unit_id, any_value(unit_name) AS unit_name, any_value(region) AS region,
    any_value(unit_type)::VARCHAR AS unit_type
  FROM c GROUP BY unit_id
),
stats AS (
  SELECT unit_id, GROUPING(unit_id) = 1 AS is_total, count(*)::INTEGER AS members,
    avg(age) AS mean_age,
    (count(*) FILTER (WHERE gender = '女'))::INTEGER AS women,
    (count(*) FILTER (WHERE ethnic_group = '少数民族'))::INTEGER AS minorities,
    (count(*) FILTER (WHERE party = '非中共党员'))::INTEGER AS non_cpc,
    (count(*) FILTER (WHERE education_highest = '研究生'))::INTEGER AS postgraduates
  FROM m GROUP BY GROUPING SETS ((unit_id), ())
),
young AS (
  SELECT unit_id, is_total, list(n ORDER BY idx) AS young
  FROM (
    SELECT m.unit_id, GROUPING(m.unit_id) = 1 AS is_total, l.idx,
      (count(*) FILTER (WHERE m.age <= l.max_age))::INTEGER AS n
    FROM m CROSS JOIN limits l
    GROUP BY GROUPING SETS ((m.unit_id, l.idx), (l.idx))
  )
  GROUP BY ALL
),
unit_checks AS (
  SELECT u.unit_id, r.metric_id, r.sort_order, u.numerator, u.denominator,
    greatest(0, least(u.denominator,
      young_needed(u.denominator, r.target_num, r.target_den, r.comparator)) - u.numerator)::INTEGER
      AS gap
  FROM ratio_per_unit($1::DATE) u JOIN ratio_rules r USING (metric_id)
  WHERE r.per_unit AND u.unit_id IS NOT NULL
),
checks AS (
  SELECT unit_id, false AS is_total,
    list({'id': metric_id, 'numerator': numerator, 'denominator': denominator, 'gap': gap}
      ORDER BY sort_order) AS checks
  FROM unit_checks GROUP BY unit_id
  UNION ALL
  SELECT NULL, true,
    list({'id': metric_id, 'numerator': units, 'denominator': failing, 'gap': gap}
      ORDER BY sort_order)
  FROM (
    SELECT metric_id, sort_order, count(*)::INTEGER AS units,
      (count(*) FILTER (WHERE gap > 0))::INTEGER AS failing, sum(gap)::INTEGER AS gap
    FROM unit_checks GROUP BY ALL
  )
),
per_unit AS (
  SELECT u.*, false AS is_total, coalesce(s.members, 0) AS members, s.mean_age,
    coalesce(s.women, 0) AS women, coalesce(s.minorities, 0) AS minorities,
    coalesce(s.non_cpc, 0) AS non_cpc, coalesce(s.postgraduates, 0) AS postgraduates, y.young,
    k.checks, (SELECT has_flag FROM flagged) AS flagged
  FROM units u
  LEFT JOIN stats s ON s.unit_id = u.unit_id AND NOT s.is_total
  LEFT JOIN young y ON y.unit_id = u.unit_id AND NOT y.is_total
  LEFT JOIN checks k ON k.unit_id = u.unit_id AND NOT k.is_total
  WHERE s.members > 0 OR k.checks IS NOT NULL
)
SELECT * FROM per_unit
UNION ALL BY NAME
SELECT NULL AS unit_id, NULL AS unit_name, NULL AS region, NULL AS unit_type, true AS is_total,
  coalesce(s.members, 0) AS members, s.mean_age, coalesce(s.women, 0) AS women,
  coalesce(s.minorities, 0) AS minorities, coalesce(s.non_cpc, 0) AS non_cpc,
  coalesce(s.postgraduates, 0) AS postgraduates, y.young, k.checks,
  (SELECT has_flag FROM flagged) AS flagged
FROM (SELECT 1) one
LEFT JOIN stats s ON s.is_total
LEFT JOIN young y ON y.is_total
LEFT JOIN checks k ON k.is_total
ORDER BY is_total, region NULLS LAST, unit_type NULLS LAST, unit_name, unit_id;
