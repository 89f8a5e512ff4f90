-- The members of team/unit $4 under per-unit ratio rule $3 at the reference date ($1), as the
-- candidates view counts them (all members, no filters): whether each is young by the rule's own
-- test, and the month each reaches retirement, within candidates rule $2's months or not.
WITH r AS (SELECT $1::DATE AS ref, snapshot_for($1::DATE) AS snap),
k AS (SELECT * FROM candidate_rules WHERE rule_id = $2::VARCHAR),
m AS (
  SELECT c.*, age_at(c.birth_month, r.ref) AS age,
    exit_month(c.birth_month, c.gender, c.level, c.rank, c.retirement_date) AS retires
  FROM cadre_rows c CROSS JOIN r
  JOIN rule_keys('ratio') rk ON rk.metric_id = $3::VARCHAR AND matches_rule_key(rk.level,
    rk.unit_type, rk.post_class, rk.team_only, c.level, c.unit_type, c.post_class,
    c.is_team_member)
  WHERE c.snapshot_date = r.snap AND c.unit_id = $4::VARCHAR
)
SELECT m.person_id, m.name, CAST(m.gender AS VARCHAR) AS gender,
  strftime(m.birth_date, '%Y-%m') AS birth, m.age, m.ethnicity, CAST(m.party AS VARCHAR) AS party,
  CAST(m.education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(m.education_highest AS VARCHAR) AS education_highest, m.region, m.unit_name, m.post_title,
  CAST(m.level AS VARCHAR) AS level, CAST(m.reserve AS VARCHAR) AS reserve,
  counted_under(q.max_age, q.born_from, q.born_to, q.gender, q.party,
      q.minority, q.education_min, m.age,
      m.birth_month, m.gender, m.party, m.ethnic_group, m.education_highest) AS is_young, strftime(m.retires, '%Y-%m') AS retires,
  coalesce(m.retires <= CAST(date_trunc('month', r.ref) + to_months(k.retiring_months) AS DATE),
    false) AS retiring
FROM m CROSS JOIN r CROSS JOIN k
JOIN ratio_rules q ON q.metric_id = $3::VARCHAR
ORDER BY m.is_principal DESC NULLS LAST, m.age DESC, m.person_id;
