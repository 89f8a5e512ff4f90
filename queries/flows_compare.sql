-- Two-snapshot comparison (两期对比): the snapshots in force at $1 (earlier) and $2 (later), within
-- the filters, city-wide (scope 'city'), per county/district ('region') and per unit ('unit'):
-- headcounts, who entered and who left the roster (retired: left, with the exit month on or
-- before the later snapshot's month), promoted (a higher level), moved in and out of a unit
-- (moved: the people, once each), became or stopped being a reserve. An event counts where its
-- side passes the filters: leaving and moving out at the earlier snapshot, the others at the later.
WITH ev AS (SELECT * FROM flow_events($1::DATE, $2::DATE) WHERE in_scope),
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
  strftime($1::DATE, '%Y-%m-%d') AS date_from,
  strftime($2::DATE, '%Y-%m-%d') AS date_to
FROM g LEFT JOIN units n ON g.scope = 'unit' AND n.unit_id = g.unit_id
ORDER BY CASE g.scope WHEN 'city' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, g.region NULLS FIRST,
  unit_name, g.unit_id;
