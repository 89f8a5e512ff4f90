-- Two-snapshot comparison (两期对比): the snapshots in force at $1 (earlier) and $2 (later), within
-- the filters, city-wide (scope 'city'), per county/district ('region') and per unit ('unit'):
-- headcounts, who entered and who left the roster (retired: left, with the exit month on or
-- before the later snapshot's month), promoted (a higher level), moved in and out of a unit (of a
-- county: across its boundary; moved: the people, once each; not the people of a unit renamed,
-- snapshot_pairs), became or stopped being a reserve
-- (when both name reserves, both_name_reserves). An event counts where its side passes the
-- filters: leaving and moving out at the earlier snapshot, the others at the later.
-- $1 and $2 are the snapshot dates themselves.
WITH p AS MATERIALIZED (
  SELECT person_id, a_present, b_present, a_in, b_in, a_region, b_region, a_unit, b_unit,
    a_level, b_level, a_reserve, b_reserve,
    a_present AND b_present AND a_unit IS DISTINCT FROM b_unit AND NOT unit_renamed AS moved,
    CASE WHEN a_present AND NOT b_present
      THEN leave_month_of(birth_month, gender, a_level, a_rank, retirement_date, e.age, q.men_age,
        q.women_age, q.women_county_age, q.women_county_delayed, q.delay_from_60,
        q.delay_from_55, q.delay_step, q.delay_max) <= date_trunc('month', date_b)
    END AS retired
  FROM snapshot_pairs($1::DATE, $2::DATE)
  CROSS JOIN retirement_rules q
  LEFT JOIN exit_ages e ON e.level = CAST(a_level AS VARCHAR)
  WHERE a_in OR b_in
),
-- Counted at the earlier side ...
a AS (
  SELECT CASE WHEN grouping(a_region) = 1 THEN 'city' WHEN grouping(a_unit) = 1 THEN 'region'
      ELSE 'unit' END AS scope, a_region AS region, a_unit AS unit_id,
    count(*) AS before, count(*) FILTER (WHERE NOT b_present) AS "left",
    count(*) FILTER (WHERE retired) AS retired, count(*) FILTER (WHERE moved) AS moved_out,
    count(*) FILTER (WHERE moved AND a_region IS DISTINCT FROM b_region) AS moved_out_region
  FROM p WHERE a_present AND a_in
  GROUP BY GROUPING SETS ((), (a_region), (a_region, a_unit))
),
-- ... and at the later one.
b AS (
  SELECT CASE WHEN grouping(b_region) = 1 THEN 'city' WHEN grouping(b_unit) = 1 THEN 'region'
      ELSE 'unit' END AS scope, b_region AS region, b_unit AS unit_id,
    count(*) AS after, count(*) FILTER (WHERE NOT a_present) AS entered,
    count(*) FILTER (WHERE a_present AND level_above(b_level, a_level)) AS promoted,
    count(*) FILTER (WHERE moved) AS moved_in,
    count(*) FILTER (WHERE moved AND a_region IS DISTINCT FROM b_region) AS moved_in_region,
    count(*) FILTER (WHERE a_present AND a_reserve IS NULL AND b_reserve IS NOT NULL
      AND says.reserve) AS reserve_on,
    count(*) FILTER (WHERE a_present AND a_reserve IS NOT NULL AND b_reserve IS NULL
      AND says.reserve) AS reserve_off
  FROM p, (SELECT both_name_reserves($1::DATE, $2::DATE) AS reserve) says
  WHERE b_present AND b_in
  GROUP BY GROUPING SETS ((), (b_region), (b_region, b_unit))
),
-- The people who moved, once each: city-wide, and within a county both sides in it count once.
moved AS (
  SELECT 'city' AS scope, NULL AS region, count(*) AS n FROM p WHERE moved
  UNION ALL
  SELECT 'region', a_region, count(*) FROM p
  WHERE moved AND a_in AND b_in AND a_region IS NOT DISTINCT FROM b_region
  GROUP BY a_region
),
g AS (
  SELECT coalesce(a.scope, b.scope) AS scope, coalesce(a.region, b.region) AS region,
    coalesce(a.unit_id, b.unit_id) AS unit_id,
    coalesce(a.before, 0)::INTEGER AS before, coalesce(b.after, 0)::INTEGER AS after,
    coalesce(b.entered, 0)::INTEGER AS entered, coalesce(a."left", 0)::INTEGER AS "left",
    coalesce(a.retired, 0)::INTEGER AS retired, coalesce(b.promoted, 0)::INTEGER AS promoted,
    coalesce(b.moved_in, 0)::INTEGER AS moved_in, coalesce(a.moved_out, 0)::INTEGER AS moved_out,
    coalesce(b.moved_in_region, 0)::INTEGER AS moved_in_region,
    coalesce(a.moved_out_region, 0)::INTEGER AS moved_out_region,
    coalesce(b.reserve_on, 0)::INTEGER AS reserve_on,
    coalesce(b.reserve_off, 0)::INTEGER AS reserve_off
  FROM a FULL JOIN b ON a.scope = b.scope AND a.region IS NOT DISTINCT FROM b.region
    AND a.unit_id IS NOT DISTINCT FROM b.unit_id
)
SELECT g.scope, g.region, g.unit_id, g.before, g.after, g.entered, g."left", g.retired,
  g.promoted,
  CASE g.scope WHEN 'city' THEN coalesce(m.n, 0)
    WHEN 'region' THEN g.moved_in + g.moved_out - coalesce(m.n, 0)
    ELSE g.moved_in + g.moved_out END::INTEGER AS moved,
  -- A county's 调入/调出 cross its boundary; a move between two of its units is one 调动 of it.
  CASE g.scope WHEN 'region' THEN g.moved_in_region ELSE g.moved_in END AS moved_in,
  CASE g.scope WHEN 'region' THEN g.moved_out_region ELSE g.moved_out END AS moved_out,
  g.reserve_on, g.reserve_off, n.name AS unit_name,
  strftime($1::DATE, '%Y-%m-%d') AS date_from, strftime($2::DATE, '%Y-%m-%d') AS date_to
FROM g
LEFT JOIN moved m ON m.scope = g.scope AND m.region IS NOT DISTINCT FROM g.region
LEFT JOIN units n ON n.unit_id = g.unit_id
ORDER BY CASE g.scope WHEN 'city' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, g.region NULLS FIRST,
  unit_name, g.unit_id;
