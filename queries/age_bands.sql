-- Headcount per age band (bands are rows of age_bands; bounds inclusive).
WITH c AS (SELECT age FROM cadres_at($1::DATE))
SELECT b.label AS band, b.min_age, b.max_age, b.sort_order, count(c.age)::INTEGER AS n
FROM age_bands b
LEFT JOIN c ON c.age >= coalesce(b.min_age, -1000) AND c.age <= coalesce(b.max_age, 1000)
GROUP BY ALL
ORDER BY b.sort_order;
