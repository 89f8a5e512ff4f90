-- The people behind a cause of the change of ratio rule $5 between reference dates $1 and $2
-- (snapshots $3 and $4 in force), within the filters: those whose membership or youth changed
-- for cause $6 (rule_flow_rows), or the rule's members ('in_a', 'in_b') or young members
-- ('young_a', 'young_b') at either date; is_young: young at the later date.
SELECT p.person_id, p.name, CAST(p.gender AS VARCHAR) AS gender,
  strftime(p.birth_month, '%Y-%m') AS birth,
  age_at(p.birth_month, CASE WHEN p.b_present THEN $2::DATE ELSE $1::DATE END) AS age,
  coalesce(p.b_ethnicity, p.a_ethnicity) AS ethnicity,
  CAST(coalesce(p.b_party, p.a_party) AS VARCHAR) AS party,
  CAST(coalesce(p.b_edu_ft, p.a_edu_ft) AS VARCHAR) AS education_fulltime,
  CAST(coalesce(p.b_edu, p.a_edu) AS VARCHAR) AS education_highest,
  coalesce(p.b_region, p.a_region) AS region, coalesce(p.b_unit_name, p.a_unit_name) AS unit_name,
  coalesce(p.b_post, p.a_post) AS post_title,
  CAST(coalesce(p.b_level, p.a_level) AS VARCHAR) AS level,
  CAST(coalesce(p.b_reserve, p.a_reserve) AS VARCHAR) AS reserve, f.y_b AS is_young,
  CASE WHEN p.a_present AND p.b_present AND p.a_level IS DISTINCT FROM p.b_level
      THEN CAST(p.a_level AS VARCHAR) || ' → ' || CAST(p.b_level AS VARCHAR)
    WHEN p.a_present AND p.b_present AND p.a_unit IS DISTINCT FROM p.b_unit
      THEN coalesce(p.a_unit_name, '') || ' → ' || coalesce(p.b_unit_name, '')
    WHEN f.cause = 'aged_out' THEN CAST(age_at(p.birth_month, $1::DATE) AS VARCHAR) || ' → '
      || CAST(age_at(p.birth_month, $2::DATE) AS VARCHAR)
  END AS note
FROM rule_flow_rows($1::DATE, $2::DATE, $3::DATE, $4::DATE) f
JOIN snapshot_pairs($3::DATE, $4::DATE) p ON p.person_id = f.person_id
WHERE f.metric_id = $5::VARCHAR AND CASE $6::VARCHAR
    WHEN 'in_a' THEN f.in_a WHEN 'young_a' THEN f.y_a
    WHEN 'in_b' THEN f.in_b WHEN 'young_b' THEN f.y_b
    ELSE f.cause = $6::VARCHAR END
ORDER BY region, unit_name, age, p.person_id;
