-- KPI strip at the reference date ($1): headcount, mean and median age, and the young shares of
-- all 县处级 (Y7) and 正科 (Y8), with the change since the previous snapshot and since the same
-- month a year earlier (NULL when there is no snapshot in that month).
WITH d AS (
  SELECT snapshot_for($1::DATE) AS cur,
    (SELECT max(snapshot_date) FROM cadres WHERE snapshot_date < snapshot_for($1::DATE)) AS prev,
    (SELECT max(snapshot_date) FROM cadres
     WHERE date_trunc('month', snapshot_date)
       = date_trunc('month', snapshot_for($1::DATE) - INTERVAL 1 YEAR)) AS year_ago
),
ages AS (
  SELECT 'current' AS side, headcount::DOUBLE AS headcount, mean_age, median_age::DOUBLE AS median_age
  FROM age_summary((SELECT cur FROM d))
  UNION ALL
  SELECT 'previous', headcount, mean_age, median_age FROM age_summary((SELECT prev FROM d))
  WHERE headcount > 0
  UNION ALL
  SELECT 'year_ago', headcount, mean_age, median_age FROM age_summary((SELECT year_ago FROM d))
  WHERE headcount > 0
),
young AS (
  SELECT 'current' AS side, metric_id, coalesce(sum(n) FILTER (WHERE is_young), 0) / sum(n) AS share
  FROM rule_members((SELECT cur FROM d)) WHERE metric_id IN ('Y7', 'Y8') GROUP BY ALL
  UNION ALL
  SELECT 'previous', metric_id, coalesce(sum(n) FILTER (WHERE is_young), 0) / sum(n)
  FROM rule_members((SELECT prev FROM d))
  WHERE metric_id IN ('Y7', 'Y8') AND (SELECT prev FROM d) IS NOT NULL GROUP BY ALL
  UNION ALL
  SELECT 'year_ago', metric_id, coalesce(sum(n) FILTER (WHERE is_young), 0) / sum(n)
  FROM rule_members((SELECT year_ago FROM d))
  WHERE metric_id IN ('Y7', 'Y8') AND (SELECT year_ago FROM d) IS NOT NULL GROUP BY ALL
),
long AS (
  UNPIVOT ages ON headcount, mean_age, median_age INTO NAME kpi VALUE v
  UNION ALL
  SELECT side, metric_id, share FROM young
),
wide AS (
  SELECT kpi,
    max(v) FILTER (WHERE side = 'current') AS current,
    max(v) FILTER (WHERE side = 'previous') AS previous,
    max(v) FILTER (WHERE side = 'year_ago') AS year_ago
  FROM long GROUP BY kpi
)
SELECT kpi, current, current - previous AS vs_previous, current - year_ago AS vs_year_ago,
  strftime((SELECT prev FROM d), '%Y-%m-%d') AS previous_date,
  strftime((SELECT year_ago FROM d), '%Y-%m-%d') AS year_ago_date
FROM wide
ORDER BY list_position(['headcount', 'mean_age', 'median_age', 'Y7', 'Y8'], kpi);
