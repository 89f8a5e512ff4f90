-- J3 三个一批: township principals (secretaries and heads) per age band; bounds inclusive.
WITH p AS (
  SELECT age FROM cadres_at($1::DATE)
  WHERE post_class IN ('township_secretary', 'township_head')
)
SELECT b.metric_id, b.label, b.min_age, b.max_age, b.sort_order,
  count(p.age)::INTEGER AS numerator,
  (SELECT count(*) FROM p)::INTEGER AS denominator
FROM principal_bands b
LEFT JOIN p ON p.age >= coalesce(b.min_age, -1000) AND p.age <= coalesce(b.max_age, 1000)
GROUP BY ALL
ORDER BY b.sort_order;
