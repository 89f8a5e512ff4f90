EXPLAIN ANALYZE 
WITH ev AS (SELECT * FROM flow_events(DATE '2025-12-31', DATE '2026-10-31') WHERE in_scope),
g AS (
  SELECT CASE WHEN grouping(region) = 1 THEN 'city' WHEN grouping(unit_id) = 1 THEN 'region'
      ELSE 'unit' END AS scope, region, unit_id,
    count(*) FILTER (WHERE kind = 'at_a')::INTEGER AS before,
    count(*) FILTER (WHERE kind = 'at_b')::INTEGER AS after,
    count(*) FILTER (WHERE kind = 'entered')::INTEGER AS entered,
    count(*) FILTER (WHERE kind = 'left')::INTEGER AS "left",
    count(*) FILTER (WHERE kind = 'retired')::INTEGER AS retired,
    count(*) FILTER (WHERE kind = 'promoted')::INTEGER AS promoted,
    count(DISTINCT person_id) FILTER (WHERE kind IN ('moved_in', 'moved_out'))::INTEGER AS moved,
    count(*) FILTER (WHERE kind = 'moved_in')::INTEGER AS moved_in,
    count(*) FILTER (WHERE kind = 'moved_out')::INTEGER AS moved_out,
    count(*) FILTER (WHERE kind = 'reserve_on')::INTEGER AS reserve_on,
    count(*) FILTER (WHERE kind = 'reserve_off')::INTEGER AS reserve_off
  FROM ev
  GROUP BY GROUPING SETS ((), (region), (region, unit_id))
)
SELECT g.*, n.name AS unit_name,
  strftime(DATE '2025-12-31', '%Y-%m-%d') AS date_from,
  strftime(DATE '2026-10-31', '%Y-%m-%d') AS date_to
FROM g LEFT JOIN units n ON g.scope = 'unit' AND n.unit_id = g.unit_id
ORDER BY CASE g.scope WHEN 'city' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, g.region NULLS FIRST,
  unit_name, g.unit_id
