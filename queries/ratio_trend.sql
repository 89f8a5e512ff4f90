-- Y1–Y8, J1, J2 city-wide at every snapshot (age at each snapshot's own date), for trend lines.
WITH t AS (
  SELECT metric_id, ref_date AS snapshot_date,
    coalesce(sum(n) FILTER (WHERE is_young), 0)::INTEGER AS numerator, sum(n)::INTEGER AS denominator
  FROM rule_members((SELECT list(snapshot_date) FROM snapshot_dates))
  GROUP BY ALL
)
SELECT t.metric_id, strftime(t.snapshot_date, '%Y-%m-%d') AS snapshot_date, t.numerator,
  t.denominator, t.numerator / t.denominator AS value, r.target_num / r.target_den AS target,
  r.comparator,
  t.numerator >= young_needed(t.denominator, r.target_num, r.target_den, r.comparator) AS met
FROM t JOIN ratio_rules r USING (metric_id)
ORDER BY r.sort_order, t.snapshot_date;
