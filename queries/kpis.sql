-- KPI strip at the reference date ($1): headcount, mean and median age, and the young share of
-- every ratio rule flagged `kpi`, with the change since the previous snapshot and since a year
-- earlier. "A year earlier" is the snapshot nearest to one year before the current one, within
-- $2 days either side (NULL when no snapshot is that close); its date is returned.
WITH d AS (
  SELECT $1::DATE AS cur,
    (SELECT max(snapshot_date) FROM snapshot_dates WHERE snapshot_date < snapshot_for($1::DATE))
      AS prev,
    (SELECT arg_min(snapshot_date,
        abs(date_diff('day', snapshot_date, snapshot_for($1::DATE) - INTERVAL 1 YEAR)))
     FROM snapshot_dates
     WHERE snapshot_date < snapshot_for($1::DATE)
       AND abs(date_diff('day', snapshot_date, snapshot_for($1::DATE) - INTERVAL 1 YEAR))
         <= $2::INTEGER) AS year_ago
),
sides AS (
  SELECT 'current' AS side, cur AS ref_date FROM d
  UNION ALL SELECT 'previous', prev FROM d WHERE prev IS NOT NULL
  UNION ALL SELECT 'year_ago', year_ago FROM d WHERE year_ago IS NOT NULL
),
dates AS (SELECT [cur, prev, year_ago] AS rs FROM d),
ages AS (
  SELECT s.side, a.headcount::DOUBLE AS headcount, a.mean_age, a.median_age::DOUBLE AS median_age
  FROM age_summaries((SELECT rs FROM dates)) a JOIN sides s USING (ref_date)
  WHERE a.headcount > 0 OR s.side = 'current'
),
young AS (
  SELECT s.side, m.metric_id, coalesce(sum(m.n) FILTER (WHERE m.is_young), 0) / sum(m.n) AS share
  FROM rule_members((SELECT rs FROM dates)) m JOIN sides s USING (ref_date)
  WHERE m.metric_id IN (SELECT metric_id FROM ratio_rules WHERE kpi)
  GROUP BY ALL
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
),
-- Every KPI has a row, NULL when nobody in the filters belongs to it, so the strip keeps its shape.
kpi_list AS (
  SELECT unnest(['headcount', 'mean_age', 'median_age']) AS kpi, generate_subscripts(['headcount', 'mean_age', 'median_age'], 1) AS k
  UNION ALL
  SELECT metric_id, 100 + sort_order FROM ratio_rules WHERE kpi
)
SELECT k.kpi, current, current - previous AS vs_previous, current - year_ago AS vs_year_ago,
  strftime((SELECT prev FROM d), '%Y-%m-%d') AS previous_date,
  strftime((SELECT year_ago FROM d), '%Y-%m-%d') AS year_ago_date
FROM kpi_list k
LEFT JOIN wide USING (kpi)
ORDER BY k.k;
