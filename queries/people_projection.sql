-- The people behind a projected number of ratio rule $3 from reference date $1 (snapshot $2 in
-- force), within the filters, $4 years on: $5 'young' (stay and are young then), 'other' (stay
-- and are not), 'stays' (both), 'leaving' (their exit month falls on or before that date's
-- month); note: the exit month; age: at the projected date.
WITH d AS (SELECT CAST($1::DATE + to_years(CAST($4 AS INTEGER)) AS DATE) AS d),
m AS (
  SELECT c.*, exit_month(c.birth_month, c.gender, c.level, c.rank, c.retirement_date) AS leave_month,
    counted_under(r.max_age, r.born_from, r.born_to, r.gender, r.party,
      r.minority, r.education_min, age_at(c.birth_month, (SELECT d FROM d)),
      c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest) AS young
  FROM rows_at_snapshot($2::DATE) c
  JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only,
    c.level, c.unit_type, c.post_class, c.is_team_member)
  JOIN ratio_rules r ON r.metric_id = k.metric_id
  WHERE c.in_scope AND k.metric_id = $3::VARCHAR
),
f AS (
  SELECT m.*, age_at(m.birth_month, d.d) AS age,
    $4 = 0 OR m.leave_month IS NULL OR m.leave_month > date_trunc('month', d.d) AS stays
  FROM m, d
)
SELECT person_id, name, CAST(gender AS VARCHAR) AS gender, strftime(birth_month, '%Y-%m') AS birth,
  age, ethnicity, CAST(party AS VARCHAR) AS party,
  CAST(education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(education_highest AS VARCHAR) AS education_highest, region, unit_name, post_title,
  CAST(level AS VARCHAR) AS level, CAST(reserve AS VARCHAR) AS reserve, young AS is_young,
  strftime(leave_month, '%Y-%m') AS note
FROM f
WHERE CASE $5::VARCHAR WHEN 'young' THEN stays AND young WHEN 'other' THEN stays AND NOT young
  WHEN 'stays' THEN stays WHEN 'leaving' THEN NOT stays END
ORDER BY region, unit_name, age, person_id;
