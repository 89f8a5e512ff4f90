-- Headcount by gender, highest education, party, level, reserve, unit type and ethnicity, in one
-- scan (GROUPING SETS).
WITH c AS (
  SELECT gender, education_highest, party, level, reserve, unit_type,
    CASE WHEN ethnicity IS NULL THEN NULL WHEN ethnicity = '汉族' THEN '汉族' ELSE '少数民族' END
      AS ethnic_group
  FROM cadres_at($1::DATE)
),
g AS (
  SELECT gender, education_highest, party, level, reserve, unit_type, ethnic_group,
    GROUPING(gender, education_highest, party, level, reserve, unit_type, ethnic_group) AS gid,
    count(*)::INTEGER AS n
  FROM c
  GROUP BY GROUPING SETS ((gender), (education_highest), (party), (level), (reserve), (unit_type),
    (ethnic_group))
)
SELECT dimension, category, n FROM (
  SELECT CASE gid
      WHEN 63 THEN 'gender' WHEN 95 THEN 'education' WHEN 111 THEN 'party' WHEN 119 THEN 'level'
      WHEN 123 THEN 'reserve' WHEN 125 THEN 'unit_type' WHEN 126 THEN 'ethnicity' END AS dimension,
    CASE gid
      WHEN 63 THEN coalesce(gender, '未知') WHEN 95 THEN coalesce(education_highest, '未知')
      WHEN 111 THEN coalesce(party, '未知') WHEN 119 THEN coalesce(level, '未定级')
      WHEN 123 THEN reserve WHEN 125 THEN coalesce(unit_type, '未知')
      WHEN 126 THEN coalesce(ethnic_group, '未知') END AS category,
    n
  FROM g
) WHERE NOT (dimension = 'reserve' AND category IS NULL)
ORDER BY dimension, n DESC;
