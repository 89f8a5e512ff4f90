-- Every ratio rule at $1 (earlier) and $2 (later), within the filters, and the change of its value
-- split into causes (rule_flow_rows): for each, the change of the numerator (d_num) and of the
-- denominator (d_den), the people it concerns, and its share of the change of the value,
-- (d_num − value_before × d_den) ÷ denominator_after — the shares add up to the change exactly.
WITH f AS (SELECT * FROM rule_flow_rows($1::DATE, $2::DATE, $3::DATE, $4::DATE)),
tot AS (
  SELECT metric_id, (count(*) FILTER (WHERE in_a))::INTEGER AS den_a,
    (count(*) FILTER (WHERE y_a))::INTEGER AS num_a,
    (count(*) FILTER (WHERE in_b))::INTEGER AS den_b,
    (count(*) FILTER (WHERE y_b))::INTEGER AS num_b
  FROM f GROUP BY metric_id
),
c AS (
  SELECT metric_id, cause, sum(y_b::INTEGER - y_a::INTEGER)::INTEGER AS d_num,
    sum(in_b::INTEGER - in_a::INTEGER)::INTEGER AS d_den, count(*)::INTEGER AS people
  FROM f WHERE cause IS NOT NULL GROUP BY ALL
),
causes AS (
  SELECT * FROM (VALUES ('entered', 1), ('left', 2), ('promoted', 3), ('moved', 4),
    ('aged_out', 5), ('other', 6)) v(cause, ord)
),
t AS (
  SELECT r.metric_id, r.sort_order, r.target_num, r.target_den, r.comparator,
    coalesce(t.num_a, 0) AS num_a, coalesce(t.den_a, 0) AS den_a,
    coalesce(t.num_b, 0) AS num_b, coalesce(t.den_b, 0) AS den_b
  FROM ratio_rules r LEFT JOIN tot t USING (metric_id)
)
SELECT t.metric_id, ca.cause, t.num_a, t.den_a,
  CASE WHEN t.den_a > 0 THEN t.num_a / t.den_a END AS value_a,
  CASE WHEN t.den_a > 0
    THEN t.num_a >= young_needed(t.den_a, t.target_num, t.target_den, t.comparator) END AS met_a,
  t.num_b, t.den_b, CASE WHEN t.den_b > 0 THEN t.num_b / t.den_b END AS value_b,
  CASE WHEN t.den_b > 0
    THEN t.num_b >= young_needed(t.den_b, t.target_num, t.target_den, t.comparator) END AS met_b,
  coalesce(c.d_num, 0) AS d_num, coalesce(c.d_den, 0) AS d_den, coalesce(c.people, 0) AS people,
  CASE WHEN t.den_a > 0 AND t.den_b > 0
    THEN (coalesce(c.d_num, 0) - t.num_a / t.den_a * coalesce(c.d_den, 0)) / t.den_b END
    AS contribution
FROM t CROSS JOIN causes ca LEFT JOIN c ON c.metric_id = t.metric_id AND c.cause = ca.cause
ORDER BY t.sort_order, ca.ord;
