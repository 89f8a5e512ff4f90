-- The people behind a number of grassroots sourcing at reference date $1 (snapshot $2 in force),
-- within the filters: section $3 ('source', 'entered', 'leading', 'reserve', 'principals') and
-- key $4 as sourcing.sql names them (NULL: the whole section), grassroots only when $5; for
-- 'entered' with $6, only those into county organs and townships. Window: $7 years up to $1.
-- An entrant or a first leading post is shown as that row has it, its age then too (the filters
-- tested it there).
WITH firsts AS (
  -- As sourcing.sql: each person's first row and first leading row, from one pass.
  SELECT person_id, min(snapshot_date) AS first_on, arg_min(in_scope, snapshot_date) AS first_in,
    min(snapshot_date) FILTER (WHERE is_leading(level)) AS lead_on,
    arg_min(in_scope, snapshot_date) FILTER (WHERE is_leading(level)) AS lead_in
  FROM cadre_rows_scoped
  WHERE snapshot_date <= $2::DATE AND $3::VARCHAR IN ('entered', 'leading')
  GROUP BY person_id
),
bounds AS (
  SELECT (SELECT min(snapshot_date) FROM snapshot_dates) AS d0,
    CAST($1::DATE - to_years(CAST($7 AS INTEGER)) AS DATE) AS since
),
picked AS (
  SELECT f.person_id, CASE $3::VARCHAR WHEN 'entered' THEN f.first_on ELSE f.lead_on END AS on_date
  FROM firsts f, bounds b
  WHERE CASE $3::VARCHAR
    WHEN 'entered' THEN f.first_on > b.d0 AND f.first_on > b.since AND f.first_in
    ELSE f.lead_on > b.d0 AND f.lead_on > b.since AND f.lead_in END
),
rows AS (
  SELECT c.*, CAST(date_trunc('month', c.birth_date) AS DATE) AS birth_month,
    CAST(year(c.snapshot_date) AS VARCHAR) AS key
  FROM picked p JOIN cadres c ON c.person_id = p.person_id AND c.snapshot_date = p.on_date
  UNION ALL BY NAME
  SELECT c.* EXCLUDE (in_scope), CASE $3::VARCHAR
      WHEN 'source' THEN coalesce(source_group(c.source), '(none)')
      WHEN 'reserve' THEN CAST(c.reserve AS VARCHAR)
      ELSE 'county_department' END AS key
  FROM rows_at_snapshot($2::DATE) c
  WHERE $3::VARCHAR IN ('source', 'reserve', 'principals') AND c.in_scope
    AND ($3::VARCHAR <> 'reserve' OR c.reserve IS NOT NULL)
    AND ($3::VARCHAR <> 'principals' OR (c.unit_type = '县市区' AND c.is_principal
      AND c.level = '乡科级正职'))
)
SELECT person_id, name, CAST(gender AS VARCHAR) AS gender, strftime(birth_month, '%Y-%m') AS birth,
  age_at(birth_month, CASE WHEN $3::VARCHAR IN ('entered', 'leading') THEN snapshot_date
    ELSE $1::DATE END) AS age, ethnicity, CAST(party AS VARCHAR) AS party,
  CAST(education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(education_highest AS VARCHAR) AS education_highest, region, unit_name, post_title,
  CAST(level AS VARCHAR) AS level, CAST(reserve AS VARCHAR) AS reserve, NULL::BOOLEAN AS is_young,
  concat_ws(' · ', source, CASE WHEN $3::VARCHAR = 'principals'
    THEN CAST(grassroots_years AS VARCHAR) END) AS note
FROM rows
WHERE ($4::VARCHAR IS NULL OR key = $4::VARCHAR)
  AND (NOT $5::BOOLEAN OR CASE WHEN $3::VARCHAR = 'principals' THEN grassroots_years >= 2
    ELSE grassroots_source(source_group(source)) END)
  AND (NOT $6::BOOLEAN OR unit_type IN ('县市区', '乡镇街道'))
ORDER BY region, unit_name, age, person_id;
