-- Every eligibility rule (only rule $3 when it is not NULL) at the reference date ($1) through
-- the global filters: its population, how many are eligible, 待核实 (unknown), near misses
-- (exactly one criterion failed), will qualify within $2 months, and eligible with priority;
-- city-wide (scope 'city') and per county/district ('region'). A rule nobody belongs to has its
-- city-wide row with zeros. $4: count the rows eligibility_store keeps (eligibility_judged).
WITH c AS (
  SELECT rule_id, region, grouping(region) = 1 AS is_city, count(*)::INTEGER AS population,
    (count(*) FILTER (WHERE status_code = 0))::INTEGER AS eligible,
    (count(*) FILTER (WHERE status_code = 1))::INTEGER AS unknown,
    (count(*) FILTER (WHERE status_code = 2))::INTEGER AS near,
    (count(*) FILTER (WHERE will_qualify))::INTEGER AS will_qualify,
    (count(*) FILTER (WHERE status_code = 0 AND priority))::INTEGER AS priority
  FROM eligibility_judged($1::DATE, $2::INTEGER, $3::VARCHAR, $4::BOOLEAN)
  GROUP BY GROUPING SETS ((rule_id), (rule_id, region))
)
SELECT e.rule_id, CASE WHEN coalesce(c.is_city, true) THEN 'city' ELSE 'region' END AS scope,
  c.region, coalesce(c.population, 0) AS population, coalesce(c.eligible, 0) AS eligible,
  coalesce(c.unknown, 0) AS unknown, coalesce(c.near, 0) AS near,
  coalesce(c.will_qualify, 0) AS will_qualify, coalesce(c.priority, 0) AS priority
FROM eligibility_rules e LEFT JOIN c USING (rule_id)
WHERE $3::VARCHAR IS NULL OR e.rule_id = $3::VARCHAR
ORDER BY e.sort_order, coalesce(c.is_city, true) DESC, c.region NULLS FIRST;
