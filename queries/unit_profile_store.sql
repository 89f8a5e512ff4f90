-- One row per unit at the reference date ($1), for the rows in scope, into unit_profile_store
-- (emptied first by keepRows, src/core/kept.ts): headcount, mean age, cohort counts (born ≥
-- 1980, ≥ 1985), women, minorities, the unit's counts of every ratio rule that applies to it
-- (`ratios`, which the view unit_ratios unnests), and of its own young-cadre checks
-- (rules with per_unit) how many fall short and the largest gap. unit_profile.sql pages, sorts
-- and searches the stored rows and spells out the checks of the units on its page;
-- unit_profile_count.sql counts them.
INSERT INTO unit_profile_store
-- The rows in scope read once for both counts: reading them twice cost a third of the time.
WITH c AS MATERIALIZED (
  SELECT unit_id, unit_name, region, unit_type, level, post_class, is_team_member, birth_month,
    gender, party, ethnicity, ethnic_group, education_highest, age, birth_year
  FROM cadre_rows_at($1::DATE)
),
units AS (
  SELECT unit_id, any_value(unit_name) AS unit_name, any_value(region) AS region,
    any_value(unit_type)::VARCHAR AS unit_type,
    count(*)::INTEGER AS n, avg(age) AS mean_age,
    (count(*) FILTER (WHERE birth_year >= 1980))::INTEGER AS born_1980,
    (count(*) FILTER (WHERE birth_year >= 1985))::INTEGER AS born_1985,
    (count(*) FILTER (WHERE gender = '女'))::INTEGER AS women,
    (count(*) FILTER (WHERE ethnicity IS NOT NULL AND ethnicity <> '汉族'))::INTEGER AS minorities
  FROM c
  GROUP BY unit_id
),
-- As rule_member_rows counts them (macros.sql).
ratios AS (
  SELECT k.metric_id, c.unit_id,
    (count(*) FILTER (WHERE counted_from(q.young_from, q.born_to, q.gender, q.party,
      q.minority, q.education_min, c.birth_month, c.gender, c.party, c.ethnic_group,
      c.education_highest)))::INTEGER AS numerator,
    count(*)::INTEGER AS denominator,
    any_value(q.per_unit) AS per_unit, any_value(q.target_num) AS target_num,
    any_value(q.target_den) AS target_den, any_value(q.comparator) AS comparator
  FROM c
  JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only,
    c.level, c.unit_type, c.post_class, c.is_team_member)
  JOIN ratio_rules_at([$1::DATE]) q ON q.metric_id = k.metric_id
  GROUP BY k.metric_id, c.unit_id
),
per_unit AS (
  SELECT unit_id,
    list({'metric_id': metric_id, 'numerator': numerator, 'denominator': denominator})
      AS ratios,
    (count(*) FILTER (WHERE per_unit AND unit_check_short(numerator, denominator, target_num,
      target_den, comparator)))::INTEGER AS failing,
    max(unit_check_gap(numerator, denominator, target_num, target_den, comparator))
      FILTER (WHERE per_unit) AS worst_gap
  FROM ratios
  GROUP BY unit_id
)
SELECT u.unit_id, u.unit_name, u.region, u.unit_type, u.n, u.mean_age, u.born_1980, u.born_1985,
  u.women, u.minorities, p.ratios, coalesce(p.failing, 0), coalesce(p.worst_gap, 0)
FROM units u LEFT JOIN per_unit p USING (unit_id);
