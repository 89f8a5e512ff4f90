-- Headcount per age band (bands are rows of age_bands; bounds inclusive). Ages are counted
-- first, so the band join runs over a few dozen rows, not the roster.
WITH a AS (SELECT age, count(*)::INTEGER AS n FROM cadres_at($1::DATE) GROUP BY age)
SELECT b.label AS band, b.min_age, b.max_age, b.sort_order, coalesce(sum(a.n), 0)::INTEGER AS n
FROM age_bands b
LEFT JOIN a ON a.age >= coalesce(b.min_age, -1000) AND a.age <= coalesce(b.max_age, 1000)
GROUP BY ALL
ORDER BY b.sort_order;
