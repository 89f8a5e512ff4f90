-- Per ratio rule at the reference date ($1): how many teams/units it covers and how many of them
-- fall short of the target on their own (one row per cadre, so it knows the units).
SELECT r.metric_id, count(u.unit_id)::INTEGER AS units_evaluated,
  (count(u.unit_id) FILTER (WHERE u.numerator
    < young_needed(u.denominator, r.target_num, r.target_den, r.comparator)))::INTEGER
    AS units_failing
FROM ratio_rules r
LEFT JOIN ratio_per_unit($1::DATE) u USING (metric_id)
GROUP BY r.metric_id, r.sort_order
ORDER BY r.sort_order;
