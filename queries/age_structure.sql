-- The whole headcount structure at the reference date ($1) from one grouped scan: headcount,
-- mean and median age, age bands (rows of age_bands, bounds inclusive), strict birth decades
-- (80后 = 1980–1989) and the breakdowns by gender, highest education, party, level, reserve,
-- unit type and ethnicity. Long format: (section, key, sort_order, n, value, label).
WITH p AS (
  SELECT age, birth_year, gender, education_highest, party, level, reserve, unit_type,
    CASE WHEN ethnicity IS NULL THEN NULL WHEN ethnicity = '汉族' THEN '汉族' ELSE '少数民族' END
      AS ethnic_group,
    count(*)::INTEGER AS n
  FROM cadres_at($1::DATE)
  GROUP BY ALL
),
ages AS (SELECT age, sum(n)::INTEGER AS n FROM p GROUP BY age),
total AS (SELECT coalesce(sum(n), 0)::INTEGER AS n, sum(age * n) / sum(n) AS mean FROM ages),
cumulative AS (SELECT age, sum(n) OVER (ORDER BY age) AS upto FROM ages),
-- Median as quantile_cont(0.5): the mean of the values at positions ⌊(N+1)/2⌋ and ⌈(N+1)/2⌉.
median AS (
  SELECT (min(age) FILTER (WHERE upto >= (SELECT (n + 1) // 2 FROM total))
        + min(age) FILTER (WHERE upto >= (SELECT (n + 2) // 2 FROM total))) / 2 AS value
  FROM cumulative
),
dims AS (
  SELECT 'gender' AS section, coalesce(gender::VARCHAR, '未知') AS key, sum(n) AS n FROM p GROUP BY 2
  UNION ALL
  SELECT 'education', coalesce(education_highest::VARCHAR, '未知'), sum(n) FROM p GROUP BY 2
  UNION ALL
  SELECT 'party', coalesce(party::VARCHAR, '未知'), sum(n) FROM p GROUP BY 2
  UNION ALL
  SELECT 'level', coalesce(level::VARCHAR, '未定级'), sum(n) FROM p GROUP BY 2
  UNION ALL
  SELECT 'reserve', reserve::VARCHAR, sum(n) FROM p WHERE reserve IS NOT NULL GROUP BY 2
  UNION ALL
  SELECT 'unit_type', coalesce(unit_type::VARCHAR, '未知'), sum(n) FROM p GROUP BY 2
  UNION ALL
  SELECT 'ethnicity', coalesce(ethnic_group, '未知'), sum(n) FROM p GROUP BY 2
)
SELECT 'summary' AS section, 'headcount' AS key, 0 AS sort_order, n, NULL::DOUBLE AS value,
  NULL::VARCHAR AS label
FROM total
UNION ALL
SELECT 'summary', 'mean_age', 1, NULL, mean, NULL FROM total
UNION ALL
SELECT 'summary', 'median_age', 2, NULL, value, NULL FROM median
UNION ALL
SELECT 'summary', 'snapshot_date', 3, NULL, NULL, strftime(snapshot_for($1::DATE), '%Y-%m-%d')
UNION ALL
SELECT 'band', b.label, b.sort_order, coalesce(sum(a.n), 0)::INTEGER, NULL, NULL
FROM age_bands b
LEFT JOIN ages a ON a.age >= coalesce(b.min_age, -1000) AND a.age <= coalesce(b.max_age, 1000)
GROUP BY b.label, b.sort_order
UNION ALL
SELECT 'cohort', lpad(CAST(birth_year // 10 * 10 % 100 AS VARCHAR), 2, '0') || '后',
  CAST(birth_year // 10 * 10 AS INTEGER), sum(n)::INTEGER, NULL, NULL
FROM p GROUP BY birth_year // 10
UNION ALL
SELECT section, key, 0, n::INTEGER, NULL, NULL FROM dims
ORDER BY section, sort_order, n DESC;
