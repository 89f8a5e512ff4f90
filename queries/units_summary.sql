-- Per ratio rule that applies to every team/unit on its own (per_unit): how many teams/units it
-- covers and how many of them fall short of the target, from unit_ratios (unit_profile_store as
-- stored for the reference date). A city-wide rule (Y7, J1) has none: no unit is short of it.
SELECT r.metric_id, count(u.unit_id)::INTEGER AS units_evaluated,
  (count(u.unit_id) FILTER (WHERE unit_check_short(u.numerator, u.denominator, r.target_num,
    r.target_den, r.comparator)))::INTEGER AS units_failing
FROM ratio_rules r
LEFT JOIN unit_ratios u USING (metric_id)
WHERE r.per_unit
GROUP BY r.metric_id, r.sort_order
ORDER BY r.sort_order;
