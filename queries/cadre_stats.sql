-- 干部情况统计表 at the reference date ($1) over the cadres that pass the filters, for every sheet
-- (everyone: '全部'; each unit type, '未分类' when it is not known), column (col_group 'total';
-- 'level': each level; 'gender': each gender) and row (row_group 'total'; 'level'; 'gender';
-- 'ethnic': 汉族/少数民族; 'political': political_group; 'band': the table's age bands, labels $2,
-- lower bounds $3, upper bounds $4, inclusive, an age in two bands counted in the first;
-- 'edu_highest', 'edu_fulltime'; 'degree': the full-time degree, 博士/硕士/学士 as the 学位 names
-- them, 无学位 where the roster says none, 未知 where it says nothing): how many (n), their share of the column (share) and, on the
-- total row, the column's mean age. Unknown values are '未知' (levels '未定级'). Combinations
-- with nobody are not listed.
WITH bands AS (
  SELECT unnest(CAST($2 AS VARCHAR[])) AS label, unnest(CAST($3 AS INTEGER[])) AS min_age,
    unnest(CAST($4 AS INTEGER[])) AS max_age, generate_subscripts(CAST($2 AS VARCHAR[]), 1) AS idx
),
c AS (SELECT * FROM cadre_rows_at($1::DATE)),
age_band AS (
  SELECT a.age, arg_min(b.label, b.idx) AS band
  FROM (SELECT DISTINCT age FROM c) a
  JOIN bands b ON a.age >= coalesce(b.min_age, -1000) AND a.age <= coalesce(b.max_age, 1000)
  GROUP BY a.age
),
p AS (
  SELECT coalesce(c.unit_type::VARCHAR, '未分类') AS unit_type,
    coalesce(c.level::VARCHAR, '未定级') AS level, coalesce(c.gender::VARCHAR, '未知') AS gender,
    coalesce(c.ethnic_group, '未知') AS ethnic,
    coalesce(political_group(c.political_status, c.party), '未知') AS political,
    coalesce(ab.band, '其他') AS band,
    coalesce(c.education_highest::VARCHAR, '未知') AS edu_highest,
    coalesce(c.education_fulltime::VARCHAR, '未知') AS edu_fulltime,
    CASE WHEN c.degree_fulltime IS NULL THEN '未知'
      WHEN contains(c.degree_fulltime, '博士') THEN '博士'
      WHEN contains(c.degree_fulltime, '硕士') THEN '硕士'
      WHEN contains(c.degree_fulltime, '学士') THEN '学士'
      WHEN regexp_matches(c.degree_fulltime, '^(无|没有|—+|-+|/)') THEN '无学位'
      ELSE '未知' END AS degree,
    count(*) AS n, sum(c.age) AS age_sum
  FROM c LEFT JOIN age_band ab USING (age)
  GROUP BY ALL
),
sheets AS (
  SELECT '全部' AS sheet, * EXCLUDE (unit_type) FROM p
  UNION ALL
  SELECT unit_type AS sheet, * EXCLUDE (unit_type) FROM p
),
cols AS (
  SELECT 'total' AS col_group, '总体' AS col_key, * FROM sheets
  UNION ALL
  SELECT 'level', level, * FROM sheets
  UNION ALL
  SELECT 'gender', gender, * FROM sheets
),
totals AS (
  SELECT sheet, col_group, col_key, sum(n) AS n, sum(age_sum) / sum(n) AS mean_age
  FROM cols GROUP BY ALL
),
cells AS (
  SELECT sheet, col_group, col_key, row_group, row_key, sum(n) AS n
  FROM cols UNPIVOT (row_key FOR row_group IN
    (level, gender, ethnic, political, band, edu_highest, edu_fulltime, degree))
  GROUP BY ALL
)
SELECT x.sheet, x.col_group, x.col_key, x.row_group, x.row_key, x.n::INTEGER AS n,
  x.n / t.n AS share, NULL::DOUBLE AS mean_age
FROM cells x JOIN totals t USING (sheet, col_group, col_key)
UNION ALL
SELECT sheet, col_group, col_key, 'total', '总数', n::INTEGER, 1.0, mean_age FROM totals
ORDER BY sheet, col_group, col_key, row_group, row_key;
