-- The people behind a number (反查) at the reference date ($1): the population of rule $2 (all
-- cadres when NULL), in unit $3 (any when NULL), young only / not young only / all for $4
-- ('young', 'other', NULL); for a band rule, "young" is in its age band. Ordered by unit and age.
WITH m AS (
  SELECT * EXCLUDE (metric_id, is_young), is_young FROM rule_member_rows($1::DATE)
  WHERE $2::VARCHAR IS NOT NULL AND metric_id = $2::VARCHAR
  UNION ALL
  SELECT c.*, c.age >= coalesce(b.min_age, -1000) AND c.age <= coalesce(b.max_age, 1000)
  FROM cadre_rows_at($1::DATE) c
  JOIN rule_keys('band') k ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only,
    c.level, c.unit_type, c.post_class, c.is_team_member)
  JOIN band_rules b ON b.metric_id = k.metric_id
  WHERE k.metric_id = $2::VARCHAR
  UNION ALL
  SELECT *, NULL::BOOLEAN AS is_young FROM cadre_rows_at($1::DATE)
  WHERE $2::VARCHAR IS NULL
)
SELECT person_id, name, gender::VARCHAR AS gender, strftime(birth_date, '%Y-%m') AS birth,
  age, ethnicity, party::VARCHAR AS party, education_fulltime::VARCHAR AS education_fulltime,
  education_highest::VARCHAR AS education_highest, region, unit_name, post_title,
  level::VARCHAR AS level, reserve::VARCHAR AS reserve, is_young
FROM m
WHERE ($3::VARCHAR IS NULL OR unit_id = $3::VARCHAR)
  AND ($4::VARCHAR IS NULL OR ($4::VARCHAR = 'young') = coalesce(is_young, false))
ORDER BY region, unit_name, age, person_id;
