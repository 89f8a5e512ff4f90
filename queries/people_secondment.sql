-- The people of secondment cohort $3 up to reference date $1 (snapshot $2 in force), within the
-- filters, as sent: $5 'members' (everyone), a part of the profile ('party', 'reserve',
-- 'senior_plus', 'university_plus', 'masters', 'phd', 'born_from' born in $8 or later,
-- 'youngest') or the outcome within $4 years ('promoted', 'key_post', 'outcome': either). With $3 NULL, the people seconded at $1: $5 'current' or 'ending_soon' (the term ends
-- within 3 months), of kind $6 and receiving unit $7 (NULL: any). Note: kind, unit and term.
WITH m AS (
  SELECT *, age AS shown_age FROM secondment_rows($2::DATE, $4::INTEGER)
  WHERE in_scope AND $3::VARCHAR IS NOT NULL AND sec_cohort = $3::VARCHAR
    AND CASE $5::VARCHAR
      WHEN 'promoted' THEN promoted
      WHEN 'key_post' THEN key_post
      WHEN 'outcome' THEN promoted OR key_post
      WHEN 'party' THEN coalesce(party = '中共党员', false)
      WHEN 'reserve' THEN coalesce(reserve = '处级后备', false)
      WHEN 'senior_plus' THEN senior_plus(level)
      WHEN 'university_plus' THEN coalesce(education_highest IN ('研究生', '大学本科'), false)
      WHEN 'masters' THEN is_masters(education_highest, degree_fulltime, degree_inservice)
      WHEN 'phd' THEN is_phd(degree_fulltime, degree_inservice)
      WHEN 'born_from' THEN year(birth_month) >= $8::INTEGER
      WHEN 'youngest' THEN year(birth_month) = (SELECT max(year(birth_month))
        FROM secondment_rows($2::DATE, $4::INTEGER) s
        WHERE s.in_scope AND s.sec_cohort = $3::VARCHAR)
      ELSE true END
),
cur AS (
  SELECT *, age_at(birth_month, $1::DATE) AS shown_age FROM cadre_rows_scoped
  WHERE $3::VARCHAR IS NULL AND snapshot_date = $2::DATE AND in_scope
    AND seconded_at($1::DATE, secondment_start, secondment_end, secondment_type,
      secondment_unit)
    AND ($5::VARCHAR <> 'ending_soon' OR ends_within(secondment_end, $1::DATE, 3))
    AND ($6::VARCHAR IS NULL OR secondment_type = $6::VARCHAR)
    AND ($7::VARCHAR IS NULL OR secondment_unit = $7::VARCHAR)
),
u AS (SELECT * EXCLUDE (sec_cohort, outcome_by, age, promoted, key_post, observed_to) FROM m
  UNION ALL BY NAME SELECT * FROM cur)
SELECT person_id, name, CAST(gender AS VARCHAR) AS gender, strftime(birth_month, '%Y-%m') AS birth,
  shown_age AS age, ethnicity, CAST(party AS VARCHAR) AS party,
  CAST(education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(education_highest AS VARCHAR) AS education_highest, region, unit_name, post_title,
  CAST(level AS VARCHAR) AS level, CAST(reserve AS VARCHAR) AS reserve, NULL::BOOLEAN AS is_young,
  concat_ws(' · ', secondment_type, secondment_unit, strftime(secondment_start, '%Y-%m') || '—'
    || coalesce(strftime(secondment_end, '%Y-%m'), '')) AS note
FROM u
ORDER BY region, unit_name, age, person_id;
