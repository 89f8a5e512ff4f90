-- The whole headcount structure at the reference date ($1) from one grouped scan: headcount,
-- mean and median age, age bands (rows of age_bands, bounds inclusive), strict birth decades
-- (80后 = 1980–1989) and born in or after a cohort's first year (cohort_from: 80后 = 1980 or
-- later, 85后 = 1985 or later), the breakdowns by gender, highest and full-time education
-- (education, education_fulltime), party, level, reserve,
-- unit type, ethnicity, grassroots experience and years at the current level (at the snapshot's
-- date), the pyramid
-- (gender × single year of age), age band × level, and the reserve pool (reserve × cohort,
-- education, gender; reserves aged ≤ 40, born ≥ 1980, born ≥ 1985).
-- Long format: (section, key, key2, sort_order, n, value, label). Only the sections listed in $2
-- (NULL: all; a chart that keeps its context asks for its own), each other branch reading nothing.
WITH p AS MATERIALIZED (
  SELECT age, birth_year, gender, education_highest, education_fulltime, party, level, reserve,
    unit_type, ethnic_group, years_band, grassroots, sum(n)::INTEGER AS n
  FROM cadres_at($1::DATE)
  GROUP BY ALL
),
banded AS (
  SELECT p.*, b.label AS band, b.sort_order AS band_order
  FROM p JOIN age_bands b
    ON p.age >= coalesce(b.min_age, -1000) AND p.age <= coalesce(b.max_age, 1000)
),
ages AS (SELECT age, sum(n)::INTEGER AS n FROM p GROUP BY age),
summary AS (SELECT * FROM age_summaries([$1::DATE])),
dim_values AS (
  SELECT n, coalesce(gender::VARCHAR, '未知') AS gender,
    coalesce(education_highest::VARCHAR, '未知') AS education,
    coalesce(education_fulltime::VARCHAR, '未知') AS education_fulltime,
    coalesce(party::VARCHAR, '未知') AS party, coalesce(level::VARCHAR, '未定级') AS level,
    reserve::VARCHAR AS reserve, coalesce(unit_type::VARCHAR, '未知') AS unit_type,
    coalesce(ethnic_group, '未知') AS ethnicity, coalesce(grassroots, '未知') AS grassroots
  FROM p
  WHERE $2::VARCHAR[] IS NULL OR list_has_any($2::VARCHAR[], ['gender', 'education',
    'education_fulltime', 'party', 'level', 'reserve', 'unit_type', 'ethnicity', 'grassroots'])
),
dims AS (
  SELECT section, key, sum(n) AS n
  FROM dim_values UNPIVOT INCLUDE NULLS (
    key FOR section IN (gender, education, education_fulltime, party, level, reserve, unit_type,
      ethnicity, grassroots)
  )
  WHERE key IS NOT NULL
  GROUP BY ALL
),
-- Reserves and their young shares: 'all' and per reserve type.
reserves AS (
  SELECT coalesce(reserve::VARCHAR, 'all') AS reserve, sum(n) AS n,
    coalesce(sum(n) FILTER (WHERE age <= 40), 0) AS age_le_40,
    coalesce(sum(n) FILTER (WHERE birth_year >= 1980), 0) AS born_1980,
    coalesce(sum(n) FILTER (WHERE birth_year >= 1985), 0) AS born_1985
  FROM p WHERE reserve IS NOT NULL
  GROUP BY ROLLUP (reserve)
),
years_bands AS (
  SELECT * FROM (VALUES ('<1年', 0), ('1–3年', 1), ('3–5年', 2), ('5–10年', 3), ('≥10年', 4))
    AS t(key, sort_order)
)
SELECT 'summary' AS section, 'headcount' AS key, NULL::VARCHAR AS key2, 0 AS sort_order,
  headcount AS n, NULL::DOUBLE AS value, NULL::VARCHAR AS label
FROM summary WHERE wanted($2, 'summary')
UNION ALL
SELECT 'summary', 'mean_age', NULL, 1, NULL, mean_age, NULL FROM summary
WHERE wanted($2, 'summary')
UNION ALL
SELECT 'summary', 'median_age', NULL, 2, NULL, median_age, NULL FROM summary
WHERE wanted($2, 'summary')
UNION ALL
SELECT 'summary', 'snapshot_date', NULL, 3, NULL, NULL, strftime(snapshot_for($1::DATE), '%Y-%m-%d')
WHERE wanted($2, 'summary')
UNION ALL
SELECT 'band', b.label, NULL, b.sort_order, coalesce(sum(a.n), 0)::INTEGER, NULL, NULL
FROM age_bands b
LEFT JOIN ages a ON a.age >= coalesce(b.min_age, -1000) AND a.age <= coalesce(b.max_age, 1000)
WHERE wanted($2, 'band')
GROUP BY b.label, b.sort_order
UNION ALL
SELECT 'cohort', cohort_label(birth_year), NULL,
  CAST(birth_year // 10 * 10 AS INTEGER), sum(n)::INTEGER, NULL, NULL
FROM p WHERE wanted($2, 'cohort') GROUP BY birth_year // 10
UNION ALL
-- 80后 as policy counts it (DOMAIN.md §2): born in or after the year, 90后 included; 85后 too.
SELECT 'cohort_from', t.label, NULL, t.y, coalesce(sum(p.n) FILTER (WHERE p.birth_year >= t.y), 0)::INTEGER,
  NULL, NULL
FROM (VALUES ('60后', 1960), ('70后', 1970), ('80后', 1980), ('85后', 1985), ('90后', 1990),
  ('00后', 2000)) AS t(label, y) CROSS JOIN p
WHERE wanted($2, 'cohort_from')
GROUP BY t.label, t.y
UNION ALL
SELECT section, key, NULL, 0, n::INTEGER, NULL, NULL FROM dims WHERE wanted($2, section)
UNION ALL
SELECT 'years_at_level', y.key, NULL, y.sort_order, coalesce(sum(p.n), 0)::INTEGER, NULL, NULL
FROM years_bands y LEFT JOIN p ON p.years_band = y.key
WHERE wanted($2, 'years_at_level')
GROUP BY y.key, y.sort_order
UNION ALL
SELECT 'years_at_level', '未知', NULL, 5, sum(n)::INTEGER, NULL, NULL
FROM p WHERE years_band IS NULL AND wanted($2, 'years_at_level') HAVING sum(n) > 0
UNION ALL
SELECT 'pyramid', gender::VARCHAR, CAST(age AS VARCHAR), age, sum(n)::INTEGER, NULL, NULL
FROM p WHERE gender IS NOT NULL AND wanted($2, 'pyramid') GROUP BY gender, age
UNION ALL
SELECT 'band_level', band, coalesce(level::VARCHAR, '未定级'), band_order, sum(n)::INTEGER, NULL,
  NULL
FROM banded WHERE wanted($2, 'band_level') GROUP BY band, band_order, level
UNION ALL
SELECT 'reserve_cohort', reserve::VARCHAR, cohort_label(birth_year),
  CAST(birth_year // 10 * 10 AS INTEGER), sum(n)::INTEGER, NULL, NULL
FROM p WHERE reserve IS NOT NULL AND wanted($2, 'reserve_cohort')
GROUP BY reserve, birth_year // 10
UNION ALL
SELECT 'reserve_education', reserve::VARCHAR, coalesce(education_highest::VARCHAR, '未知'),
  0, sum(n)::INTEGER, NULL, NULL
FROM p WHERE reserve IS NOT NULL AND wanted($2, 'reserve_education')
GROUP BY reserve, education_highest
UNION ALL
SELECT 'reserve_gender', reserve::VARCHAR, coalesce(gender::VARCHAR, '未知'), 0, sum(n)::INTEGER,
  NULL, NULL
FROM p WHERE reserve IS NOT NULL AND wanted($2, 'reserve_gender') GROUP BY reserve, gender
UNION ALL
SELECT 'reserve_young', reserve, k, 0, v::INTEGER, NULL, NULL
FROM (UNPIVOT reserves ON n, age_le_40, born_1980, born_1985 INTO NAME k VALUE v)
WHERE wanted($2, 'reserve_young')
ORDER BY section, sort_order, n DESC, key, key2;
