-- Every ratio rule per team/unit at the reference date ($1), from the rows (the cube has no
-- units): numerator, denominator, value, met and gap of each unit on its own.
WITH s AS (
  SELECT u.*, r.sort_order, r.comparator,
    young_needed(u.denominator, r.target_num, r.target_den, r.comparator) AS needed
  FROM ratio_per_unit($1::DATE) u JOIN ratio_rules r USING (metric_id)
)
SELECT s.metric_id, 'unit' AS scope, n.region, s.unit_id, n.name AS unit_name, s.numerator,
  s.denominator, s.numerator / s.denominator AS value,
  s.numerator >= s.needed AS met,
  CASE WHEN s.needed <= s.denominator THEN CAST(greatest(0, s.needed - s.numerator) AS INTEGER) END
    AS gap
FROM s LEFT JOIN units n ON n.unit_id = s.unit_id
ORDER BY s.sort_order, n.region, s.unit_id;
