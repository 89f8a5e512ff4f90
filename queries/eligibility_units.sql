-- Eligibility rule $3 per team/unit at the reference date ($1), through the global filters:
-- population, eligible, 待核实, near misses and those who qualify within $2 months.
SELECT unit_id, any_value(unit_name) AS unit_name, any_value(region) AS region,
  count(*)::INTEGER AS population,
  (count(*) FILTER (WHERE status_code = 0))::INTEGER AS eligible,
  (count(*) FILTER (WHERE status_code = 1))::INTEGER AS unknown,
  (count(*) FILTER (WHERE status_code = 2))::INTEGER AS near,
  (count(*) FILTER (WHERE will_qualify))::INTEGER AS will_qualify
FROM eligibility_rows($1::DATE, $2::INTEGER, $3::VARCHAR)
GROUP BY unit_id
ORDER BY region NULLS LAST, unit_name NULLS LAST, unit_id;
