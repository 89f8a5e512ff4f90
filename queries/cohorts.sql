-- Strict birth decades (80后 = 1980–1989).
WITH y AS (SELECT birth_year, count(*)::INTEGER AS n FROM cadres_at($1::DATE) GROUP BY birth_year)
SELECT
  CAST(birth_year // 10 * 10 AS INTEGER) % 100 AS decade,
  lpad(CAST(CAST(birth_year // 10 * 10 AS INTEGER) % 100 AS VARCHAR), 2, '0') || '后' AS cohort,
  CAST(birth_year // 10 * 10 AS INTEGER) AS decade_start,
  sum(n)::INTEGER AS n
FROM y
GROUP BY ALL
ORDER BY decade_start;
