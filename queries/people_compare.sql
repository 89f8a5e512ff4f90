-- The people behind a number of the two-snapshot comparison ($1, $2: the two snapshot dates): of
-- event $3 (flow_events kinds, or 'moved': moved in or out) in county/district $4 and unit $5
-- (NULL: any), within the filters;
-- each as the side of the event shows them, with the change in words (note).
SELECT person_id, name, CAST(gender AS VARCHAR) AS gender, strftime(birth_month, '%Y-%m') AS birth,
  age_at(birth_month, side_date) AS age, ethnicity, CAST(party AS VARCHAR) AS party,
  CAST(education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(education_highest AS VARCHAR) AS education_highest, region, unit_name, post_title,
  CAST(level AS VARCHAR) AS level, CAST(reserve AS VARCHAR) AS reserve, NULL::BOOLEAN AS is_young,
  CASE kind
    WHEN 'promoted' THEN CAST(a_level AS VARCHAR) || ' → ' || CAST(b_level AS VARCHAR)
    WHEN 'moved_in' THEN coalesce(a_unit_name, '') || ' → ' || coalesce(b_unit_name, '')
    WHEN 'moved_out' THEN coalesce(a_unit_name, '') || ' → ' || coalesce(b_unit_name, '')
    WHEN 'retired' THEN strftime(exit_month(birth_month, gender, a_level, a_rank, retirement_date), '%Y-%m')
    WHEN 'reserve_on' THEN CAST(b_reserve AS VARCHAR)
    WHEN 'reserve_off' THEN CAST(a_reserve AS VARCHAR)
  END AS note
FROM flow_events($1::DATE, $2::DATE)
WHERE in_scope AND (kind = $3::VARCHAR
    OR ($3::VARCHAR = 'moved' AND kind IN ('moved_in', 'moved_out')))
  AND ($4::VARCHAR IS NULL OR region = $4::VARCHAR)
  AND ($5::VARCHAR IS NULL OR unit_id = $5::VARCHAR)
  -- A county's 调入/调出 cross its boundary (flows_compare.sql).
  AND NOT ($4::VARCHAR IS NOT NULL AND $5::VARCHAR IS NULL AND kind IN ('moved_in', 'moved_out')
    AND $3::VARCHAR <> 'moved' AND NOT crossed_region)
-- 'moved': each person once (as they arrived, where both sides count).
QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY kind) = 1
ORDER BY region, unit_name, age, person_id;
