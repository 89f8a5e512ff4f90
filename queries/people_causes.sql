-- The people behind a cause of the change of ratio rule $5 between reference dates $1 and $2
-- (snapshots $3 and $4 in force), within the filters: those whose membership or youth changed
-- for cause $6 (rule_flow_rows); is_young: young at the later date.
SELECT person_id, name, CAST(gender AS VARCHAR) AS gender, strftime(birth_month, '%Y-%m') AS birth,
  age_at(birth_month, CASE WHEN b_present THEN $2::DATE ELSE $1::DATE END) AS age,
  coalesce(b_ethnicity, a_ethnicity) AS ethnicity, CAST(coalesce(b_party, a_party) AS VARCHAR) AS party,
  CAST(coalesce(b_edu_ft, a_edu_ft) AS VARCHAR) AS education_fulltime,
  CAST(coalesce(b_edu, a_edu) AS VARCHAR) AS education_highest,
  coalesce(b_region, a_region) AS region, coalesce(b_unit_name, a_unit_name) AS unit_name,
  coalesce(b_post, a_post) AS post_title, CAST(coalesce(b_level, a_level) AS VARCHAR) AS level,
  CAST(coalesce(b_reserve, a_reserve) AS VARCHAR) AS reserve, y_b AS is_young,
  CASE WHEN a_present AND b_present AND a_level IS DISTINCT FROM b_level
      THEN CAST(a_level AS VARCHAR) || ' → ' || CAST(b_level AS VARCHAR)
    WHEN a_present AND b_present AND a_unit IS DISTINCT FROM b_unit
      THEN coalesce(a_unit_name, '') || ' → ' || coalesce(b_unit_name, '')
    WHEN cause = 'aged_out' THEN CAST(age_at(birth_month, $1::DATE) AS VARCHAR) || ' → '
      || CAST(age_at(birth_month, $2::DATE) AS VARCHAR)
  END AS note
FROM rule_flow_rows($1::DATE, $2::DATE, $3::DATE, $4::DATE)
WHERE metric_id = $5::VARCHAR AND cause = $6::VARCHAR
ORDER BY region, unit_name, age, person_id;
