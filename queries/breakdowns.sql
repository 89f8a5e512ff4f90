-- Headcount by gender, highest education, party, level, reserve, unit type and ethnicity.
WITH c AS (SELECT * FROM cadres_at($1::DATE))
SELECT 'gender' AS dimension, coalesce(gender, '未知') AS category, count(*)::INTEGER AS n
FROM c GROUP BY ALL
UNION ALL
SELECT 'education', coalesce(education_highest, '未知'), count(*)::INTEGER FROM c GROUP BY ALL
UNION ALL
SELECT 'party', coalesce(party, '未知'), count(*)::INTEGER FROM c GROUP BY ALL
UNION ALL
SELECT 'level', coalesce(level, '未定级'), count(*)::INTEGER FROM c GROUP BY ALL
UNION ALL
SELECT 'reserve', reserve, count(*)::INTEGER FROM c WHERE reserve IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'unit_type', coalesce(unit_type, '未知'), count(*)::INTEGER FROM c GROUP BY ALL
UNION ALL
SELECT 'ethnicity',
  CASE WHEN ethnicity IS NULL THEN '未知' WHEN ethnicity = '汉族' THEN '汉族' ELSE '少数民族' END,
  count(*)::INTEGER
FROM c GROUP BY ALL
ORDER BY dimension, n DESC;
