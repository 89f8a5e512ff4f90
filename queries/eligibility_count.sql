-- How many people eligibility.sql lists for the same parameters, before the page is cut (the
-- page and the order, $5–$8, do not matter here), from the rows stored for $1–$3.
SELECT count(*)::INTEGER AS total
FROM eligibility_store
WHERE ($1::DATE IS NULL OR $3::INTEGER IS NULL OR $5::BIGINT IS NULL OR $6::BIGINT IS NULL
    OR $7::VARCHAR IS NULL OR $8::BOOLEAN OR true)
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
    = list_position(['pass', 'fail', 'unknown'], $11::VARCHAR));
