-- 二维统计 at the reference date ($1): the cadres that pass the filters counted by two dimensions,
-- rows by $2 and columns by $3, each a filter dimension (the values filter_state holds, '(none)'
-- for an empty cell) or 'age_band' (the rule set's age bands, at the reference date): every cell
-- (g = 0), row total (g = 1), column total (g = 2) and the grand total (g = 3), each with its share
-- of its row's total (row_share) and of its column's (col_share); totals against the grand total.
-- Unit values are unit ids, named by r_label/c_label: a name two units share (财政局 of two
-- counties) with its county first.
WITH p AS (
  SELECT c.*, (
    SELECT arg_min(b.label, b.sort_order) FROM age_bands b
    WHERE c.age >= coalesce(b.min_age, -1000) AND c.age <= coalesce(b.max_age, 1000)
  ) AS age_band
  FROM cadre_rows_at($1::DATE) c
),
shared_names AS (
  SELECT unit_name FROM (SELECT DISTINCT unit_id, unit_name FROM p WHERE unit_id IS NOT NULL)
  GROUP BY unit_name HAVING count(*) > 1
),
k AS (
  SELECT
    coalesce(CASE $2::VARCHAR
      WHEN 'region' THEN region WHEN 'unit' THEN unit_id WHEN 'unit_type' THEN unit_type::VARCHAR
      WHEN 'level' THEN level::VARCHAR WHEN 'rank' THEN rank WHEN 'gender' THEN gender::VARCHAR
      WHEN 'ethnicity' THEN ethnicity WHEN 'education' THEN education_highest::VARCHAR
      WHEN 'education_fulltime' THEN education_fulltime::VARCHAR WHEN 'party' THEN party::VARCHAR
      WHEN 'cohort' THEN cohort WHEN 'reserve' THEN reserve::VARCHAR
      WHEN 'grassroots' THEN grassroots WHEN 'years_at_level' THEN years_band
      WHEN 'age_band' THEN age_band END, '(none)') AS r,
    coalesce(CASE $3::VARCHAR
      WHEN 'region' THEN region WHEN 'unit' THEN unit_id WHEN 'unit_type' THEN unit_type::VARCHAR
      WHEN 'level' THEN level::VARCHAR WHEN 'rank' THEN rank WHEN 'gender' THEN gender::VARCHAR
      WHEN 'ethnicity' THEN ethnicity WHEN 'education' THEN education_highest::VARCHAR
      WHEN 'education_fulltime' THEN education_fulltime::VARCHAR WHEN 'party' THEN party::VARCHAR
      WHEN 'cohort' THEN cohort WHEN 'reserve' THEN reserve::VARCHAR
      WHEN 'grassroots' THEN grassroots WHEN 'years_at_level' THEN years_band
      WHEN 'age_band' THEN age_band END, '(none)') AS c,
    CASE WHEN $2::VARCHAR = 'unit' THEN unit_label END AS r_label,
    CASE WHEN $3::VARCHAR = 'unit' THEN unit_label END AS c_label
  FROM (
    SELECT p.*, CASE WHEN unit_name IN (SELECT unit_name FROM shared_names)
        THEN concat_ws(' · ', region, unit_name) ELSE unit_name END AS unit_label
    FROM p
  )
),
g AS (
  SELECT r, c, any_value(r_label) AS r_label, any_value(c_label) AS c_label,
    count(*)::INTEGER AS n, GROUPING(r, c)::INTEGER AS g
  FROM k GROUP BY GROUPING SETS ((r, c), (r), (c), ())
)
SELECT x.r, x.c, x.r_label, x.c_label, x.n, x.g,
  x.n / coalesce(rt.n, gt.n) AS row_share, x.n / coalesce(ct.n, gt.n) AS col_share
FROM g x
LEFT JOIN g rt ON rt.g = 1 AND rt.r = x.r
LEFT JOIN g ct ON ct.g = 2 AND ct.c = x.c
CROSS JOIN (SELECT n FROM g WHERE g = 3) gt
ORDER BY x.g, x.r, x.c;
