-- The people of eligibility rule $2 (every rule when NULL) at the reference date ($1), through
-- the global filters: each criterion's status and value (eligibility_rows in selection.sql),
-- the person's status, what failed and what is missing. Only statuses in $4 (NULL: all); only
-- people whose name, unit, post or region contains $9; only those whose criterion $10 is in
-- state $11; only county/district $12 and unit $13 (NULL: any); only those who qualify within
-- the months ($14). Sorted by $7 ($8: descending), then status, region, unit, age; $5 rows from $6
-- (NULL: all). `total` counts the rows before the page is cut. $3: months for "qualifies within".
WITH e AS (
  SELECT *, CASE status WHEN 'eligible' THEN 0 WHEN 'unknown' THEN 1 WHEN 'near' THEN 2 ELSE 3 END
    AS status_rank
  FROM eligibility_rows($1::DATE, $3::INTEGER, $2::VARCHAR)
  WHERE ($4::VARCHAR[] IS NULL OR list_contains($4::VARCHAR[], status))
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
      WHEN 'ethnicity' THEN s_ethnicity END = $11::VARCHAR)
),
k AS (
  SELECT *,
    CASE $7::VARCHAR WHEN 'age' THEN age WHEN 'tenure' THEN tenure_months
      WHEN 'grassroots' THEN grassroots_years WHEN 'status' THEN status_rank
      WHEN 'post_years' THEN post_months WHEN 'level_years' THEN level_months
      WHEN 'birth' THEN age
      ELSE CASE CASE $7::VARCHAR
          WHEN 's:age' THEN s_age WHEN 's:birth' THEN s_birth WHEN 's:education' THEN s_education
          WHEN 's:fulltime_education' THEN s_fulltime WHEN 's:party' THEN s_party
          WHEN 's:tenure' THEN s_tenure WHEN 's:appraisals' THEN s_appraisals
          WHEN 's:grassroots' THEN s_grassroots WHEN 's:unit_type' THEN s_unit_type
          WHEN 's:level' THEN s_level WHEN 's:post_class' THEN s_post_class
          WHEN 's:region' THEN s_region WHEN 's:reserve' THEN s_reserve
          WHEN 's:post_years' THEN s_post_years WHEN 's:level_years' THEN s_level_years
          WHEN 's:gender' THEN s_gender WHEN 's:ethnicity' THEN s_ethnicity END
        WHEN 'pass' THEN 0 WHEN 'unknown' THEN 1 WHEN 'fail' THEN 2 END
      END AS num_key,
    CASE $7::VARCHAR WHEN 'name' THEN name WHEN 'region' THEN region WHEN 'unit' THEN unit_name
      WHEN 'post' THEN post_title WHEN 'level' THEN level WHEN 'reserve' THEN reserve
      WHEN 'appraisals' THEN appraisal_last END AS text_key
  FROM e
)
SELECT * EXCLUDE (num_key, text_key, status_rank, sort_order), count(*) OVER () AS total
FROM k
ORDER BY
  CASE WHEN $8::BOOLEAN THEN NULL ELSE num_key END ASC NULLS LAST,
  CASE WHEN $8::BOOLEAN THEN num_key END DESC NULLS LAST,
  CASE WHEN $8::BOOLEAN THEN NULL ELSE text_key END ASC NULLS LAST,
  CASE WHEN $8::BOOLEAN THEN text_key END DESC NULLS LAST,
  sort_order, status_rank, region NULLS LAST, unit_name NULLS LAST, age, person_id
LIMIT $5::BIGINT OFFSET coalesce($6::BIGINT, 0);
