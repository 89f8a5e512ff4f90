-- The people of eligibility rule $2 (every rule when NULL) at the reference date ($1), through
-- the global filters: each criterion's state ('pass', 'fail', 'unknown'; NULL: not tested) and
-- value (eligibility_rows in selection.sql, as stored in eligibility_store), the person's
-- status, what failed and what is missing. Only statuses in $4 (NULL: all); only people whose
-- name, unit, post or region contains $9; only those whose criterion $10 is in state $11; only
-- county/district $12 and unit $13 (NULL: any); only those who qualify within the months ($14).
-- Sorted by $7 ($8: descending), then status, region, unit, age; $5 rows from $6 (NULL: all).
-- $3: the months of "qualifies within". Words are put on the page's rows only, after they are
-- chosen.
WITH e AS (
  SELECT *,
    CASE $7::VARCHAR WHEN 'age' THEN age WHEN 'tenure' THEN tenure_months
      WHEN 'grassroots' THEN grassroots_years WHEN 'status' THEN status_code
      WHEN 'post_years' THEN post_months WHEN 'level_years' THEN level_months
      WHEN 'birth' THEN age
      ELSE CASE $7::VARCHAR
          WHEN 's:age' THEN s_age WHEN 's:birth' THEN s_birth WHEN 's:education' THEN s_education
          WHEN 's:fulltime_education' THEN s_fulltime WHEN 's:party' THEN s_party
          WHEN 's:tenure' THEN s_tenure WHEN 's:appraisals' THEN s_appraisals
          WHEN 's:grassroots' THEN s_grassroots WHEN 's:unit_type' THEN s_unit_type
          WHEN 's:level' THEN s_level WHEN 's:post_class' THEN s_post_class
          WHEN 's:region' THEN s_region WHEN 's:reserve' THEN s_reserve
          WHEN 's:post_years' THEN s_post_years WHEN 's:level_years' THEN s_level_years
          WHEN 's:gender' THEN s_gender WHEN 's:ethnicity' THEN s_ethnicity END
      END AS num_key,
    CASE $7::VARCHAR WHEN 'name' THEN name WHEN 'region' THEN region WHEN 'unit' THEN unit_name
      WHEN 'post' THEN post_title
      WHEN 'level' THEN CAST(level AS VARCHAR)
      WHEN 'reserve' THEN CAST(reserve AS VARCHAR)
      WHEN 'appraisals' THEN array_to_string(list_transform(apr[1:coalesce(q_apr_years, 3)],
        x -> coalesce(CAST(x.y AS VARCHAR), '') || x.r), ' ') END AS text_key
  -- The rows stored for $1, $2 and $3 (keepRows).
  FROM eligibility_store
  WHERE ($1::DATE IS NULL OR $3::INTEGER IS NULL OR true)
    AND ($2::VARCHAR IS NULL OR rule_id = $2::VARCHAR)
    AND ($4::VARCHAR[] IS NULL
      OR list_contains($4::VARCHAR[], ['eligible', 'unknown', 'near', 'fail'][status_code + 1]))
    AND ($12::VARCHAR IS NULL OR region IS NOT DISTINCT FROM $12::VARCHAR)
    AND ($13::VARCHAR IS NULL OR unit_id IS NOT DISTINCT FROM $13::VARCHAR)
    AND (NOT $14::BOOLEAN OR will_qualify)
    AND ($9::VARCHAR IS NULL OR contains(coalesce(name, ''), $9::VARCHAR)
      OR contains(coalesce(unit_name, ''), $9::VARCHAR)
      OR contains(coalesce(post_title, ''), $9::VARCHAR)
      OR contains(coalesce(region, ''), $9::VARCHAR))
    AND ($10::VARCHAR IS NULL OR CASE $10::VARCHAR
      WHEN 'age' THEN s_age WHEN 'birth' THEN s_birth WHEN 'education' THEN s_education
      WHEN 'fulltime_education' THEN s_fulltime WHEN 'party' THEN s_party
      WHEN 'tenure' THEN s_tenure WHEN 'appraisals' THEN s_appraisals
      WHEN 'grassroots' THEN s_grassroots WHEN 'unit_type' THEN s_unit_type
      WHEN 'level' THEN s_level WHEN 'post_class' THEN s_post_class WHEN 'region' THEN s_region
      WHEN 'reserve' THEN s_reserve WHEN 'post_years' THEN s_post_years
      WHEN 'level_years' THEN s_level_years WHEN 'gender' THEN s_gender
      WHEN 'ethnicity' THEN s_ethnicity END
      = list_position(['pass', 'fail', 'unknown'], $11::VARCHAR))
),
page AS (
  SELECT * FROM e
  ORDER BY
    CASE WHEN $8::BOOLEAN THEN NULL ELSE num_key END ASC NULLS LAST,
    CASE WHEN $8::BOOLEAN THEN num_key END DESC NULLS LAST,
    CASE WHEN $8::BOOLEAN THEN NULL ELSE text_key END ASC NULLS LAST,
    CASE WHEN $8::BOOLEAN THEN text_key END DESC NULLS LAST,
    sort_order, status_code, region NULLS LAST, unit_name NULLS LAST, age, person_id
  LIMIT $5::BIGINT OFFSET coalesce($6::BIGINT, 0)
)
SELECT page.rule_id, page.person_id, page.name, CAST(page.gender AS VARCHAR) AS gender,
  strftime(page.birth_date, '%Y-%m') AS birth, page.age, page.region, page.unit_id, page.unit_name,
  page.post_title, CAST(page.unit_type AS VARCHAR) AS unit_type,
  CAST(page.level AS VARCHAR) AS level, CAST(page.post_class AS VARCHAR) AS post_class,
  CAST(page.reserve AS VARCHAR) AS reserve,
  CAST(page.education_highest AS VARCHAR) AS education_highest,
  CAST(page.education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(page.party AS VARCHAR) AS party, page.political_status, page.ethnicity,
  page.grassroots_years, page.appraisals,
  CAST(page.education_inservice AS VARCHAR) AS education_inservice,
  strftime(page.work_start_date, '%Y-%m') AS work_start,
  strftime(page.party_join_date, '%Y-%m') AS party_join,
  strftime(page.post_since, '%Y-%m') AS post_since,
  strftime(page.level_since, '%Y-%m') AS level_since,
  ['eligible', 'unknown', 'near', 'fail'][status_code + 1] AS status,
  criteria_in_state([s_age, s_birth, s_education, s_fulltime, s_party, s_tenure, s_appraisals,
      s_grassroots, s_unit_type, s_level, s_post_class, s_region, s_reserve, s_post_years,
      s_level_years, s_gender, s_ethnicity], 2) AS failed,
  criteria_in_state([s_age, s_birth, s_education, s_fulltime, s_party, s_tenure, s_appraisals,
      s_grassroots, s_unit_type, s_level, s_post_class, s_region, s_reserve, s_post_years,
      s_level_years, s_gender, s_ethnicity], 3) AS missing,
  will_qualify, priority, state_word(s_age) AS s_age,
  CASE WHEN s_age = 2 AND lim_hi IS NOT NULL AND page.age > lim_hi THEN '>' || lim_hi
    WHEN s_age = 2 AND lim_lo IS NOT NULL AND page.age < lim_lo THEN '<' || lim_lo END AS age_bound,
  state_word(s_birth) AS s_birth, state_word(s_education) AS s_education,
  state_word(s_fulltime) AS s_fulltime, state_word(s_party) AS s_party,
  state_word(s_tenure) AS s_tenure, tenure_months, tenure_exact,
  state_word(s_appraisals) AS s_appraisals,
  array_to_string(list_transform(apr[1:coalesce(q_apr_years, 3)],
    x -> coalesce(CAST(x.y AS VARCHAR), '') || x.r), ' ')
    AS appraisal_last,
  state_word(s_grassroots) AS s_grassroots, state_word(s_unit_type) AS s_unit_type,
  state_word(s_level) AS s_level, state_word(s_post_class) AS s_post_class,
  state_word(s_region) AS s_region, state_word(s_reserve) AS s_reserve,
  state_word(s_post_years) AS s_post_years, post_months,
  state_word(s_level_years) AS s_level_years, level_months, state_word(s_gender) AS s_gender,
  state_word(s_ethnicity) AS s_ethnicity
FROM page
ORDER BY
  CASE WHEN $8::BOOLEAN THEN NULL ELSE num_key END ASC NULLS LAST,
  CASE WHEN $8::BOOLEAN THEN num_key END DESC NULLS LAST,
  CASE WHEN $8::BOOLEAN THEN NULL ELSE text_key END ASC NULLS LAST,
  CASE WHEN $8::BOOLEAN THEN text_key END DESC NULLS LAST,
  page.sort_order, page.status_code, page.region NULLS LAST, page.unit_name NULLS LAST,
  page.age, page.person_id;
