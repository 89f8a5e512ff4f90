-- 干部名册 (花名册) at the reference date ($1): the cadres of a people list (their person ids as
-- a JSON list, $2), whatever the filters, or (NULL) every cadre that passes them; grouped by unit
-- (in region order), each unit's cadres by level (highest first), principals first, then by time
-- at the level and by birth. Dates as rosters write them (1983.05).
WITH ids AS (SELECT DISTINCT unnest(CAST($2::VARCHAR AS VARCHAR[])) AS person_id),
c AS (
  SELECT * EXCLUDE (age, birth_year) FROM cadre_rows_at($1::DATE) WHERE $2::VARCHAR IS NULL
  UNION ALL BY NAME
  SELECT c.* FROM cadre_rows c JOIN ids USING (person_id)
  WHERE $2::VARCHAR IS NOT NULL AND c.snapshot_date = snapshot_for($1::DATE)
)
SELECT person_id, name, unit_id, unit_name, region, post_title,
  level::VARCHAR AS level, gender::VARCHAR AS gender, ethnicity, native_place,
  strftime(birth_date, '%Y.%m') AS birth, strftime(work_start_date, '%Y.%m') AS work_start,
  strftime(party_join_date, '%Y.%m') AS party_join,
  nullif(education_fulltime::VARCHAR, '未知') AS education_fulltime, degree_fulltime,
  -- A highest education above the full-time one was gained in service, whether or not the roster
  -- has an 在职 column; one that neither column shows is written in 备注 (highest_note).
  coalesce(nullif(education_inservice, '未知'), CASE WHEN education_fulltime <> '未知'
    AND education_highest < education_fulltime THEN education_highest END)::VARCHAR
    AS education_inservice, degree_inservice,
  CASE WHEN education_highest <> '未知'
    AND education_highest IS DISTINCT FROM education_fulltime
    AND education_highest IS DISTINCT FROM coalesce(nullif(education_inservice, '未知'), CASE
      WHEN education_fulltime <> '未知' AND education_highest < education_fulltime
      THEN education_highest END)
    THEN education_highest::VARCHAR END AS highest_note,
  strftime(post_since, '%Y.%m') AS post_since, strftime(level_since, '%Y.%m') AS level_since,
  reserve::VARCHAR AS reserve, secondment_type, secondment_unit
FROM c
ORDER BY region NULLS LAST, unit_name NULLS LAST, unit_id NULLS LAST, c.level NULLS LAST,
  is_principal DESC NULLS LAST, c.level_since NULLS LAST, c.birth_date, person_id;
