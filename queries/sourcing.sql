-- Grassroots sourcing (seed 001) at reference date $1 (snapshot $2 in force), within the filters.
-- Rows by section:
--   'source': cadres by 来源 group (source_group; key2: the spellings of the roster), grassroots =
--     the group is a village, community or enterprise source (grassroots_source);
--   'entered': by year (key) of entry — the first snapshot showing a person, within the $3 years
--     up to $1 and after the first snapshot of all (whose people have no known entry) — n, from
--     grassroots sources, and of those into county organs and townships (county);
--   'leading': by year of a first leading post (乡科级副职 and above) in the same window, n and
--     from grassroots sources;
--   'reserve': reserves by type, and from grassroots sources;
--   'principals': county department principals (县市区 units, 正职, 乡科级正职), and those with
--     two years or more of grassroots work.
WITH firsts AS (
  -- Each person's first row, and first row at a leading level, from one pass over the rows.
  SELECT person_id, min(snapshot_date) AS first_on,
    arg_min({'in_scope': in_scope, 'source': source, 'unit_type': unit_type}, snapshot_date)
      AS first_row,
    min(snapshot_date) FILTER (WHERE is_leading(level)) AS lead_on,
    arg_min({'in_scope': in_scope, 'source': source}, snapshot_date)
      FILTER (WHERE is_leading(level)) AS lead_row
  FROM cadre_rows_scoped WHERE snapshot_date <= $2::DATE GROUP BY person_id
),
bounds AS (
  SELECT (SELECT min(snapshot_date) FROM snapshot_dates) AS d0,
    CAST($1::DATE - to_years(CAST($3 AS INTEGER)) AS DATE) AS since
),
entered AS (
  SELECT f.first_on AS snapshot_date, f.first_row.source AS source,
    f.first_row.unit_type AS unit_type
  FROM firsts f, bounds b
  WHERE f.first_on > b.d0 AND f.first_on > b.since AND f.first_row.in_scope
),
leads AS (
  SELECT f.lead_on AS snapshot_date, f.lead_row.source AS source
  FROM firsts f, bounds b
  WHERE f.lead_on > b.d0 AND f.lead_on > b.since AND f.lead_row.in_scope
),
now AS (SELECT * FROM rows_at_snapshot($2::DATE) WHERE in_scope)
SELECT 'source' AS section, coalesce(source_group(source), '(none)') AS key,
  CASE WHEN grouping(source) = 0 THEN coalesce(source, '(none)') END AS key2,
  count(*)::INTEGER AS n,
  (count(*) FILTER (WHERE grassroots_source(source_group(source))))::INTEGER AS grassroots,
  NULL::INTEGER AS county
FROM now GROUP BY GROUPING SETS ((source_group(source)), (source_group(source), source))
UNION ALL
SELECT 'entered', CAST(year(snapshot_date) AS VARCHAR), NULL, count(*)::INTEGER,
  (count(*) FILTER (WHERE grassroots_source(source_group(source))))::INTEGER,
  (count(*) FILTER (WHERE grassroots_source(source_group(source))
    AND unit_type IN ('县市区', '乡镇街道')))::INTEGER
FROM entered GROUP BY year(snapshot_date)
UNION ALL
SELECT 'leading', CAST(year(snapshot_date) AS VARCHAR), NULL, count(*)::INTEGER,
  (count(*) FILTER (WHERE grassroots_source(source_group(source))))::INTEGER, NULL
FROM leads GROUP BY year(snapshot_date)
UNION ALL
SELECT 'reserve', CAST(reserve AS VARCHAR), NULL, count(*)::INTEGER,
  (count(*) FILTER (WHERE grassroots_source(source_group(source))))::INTEGER, NULL
FROM now WHERE reserve IS NOT NULL GROUP BY reserve
UNION ALL
SELECT 'principals', 'county_department', NULL, count(*)::INTEGER,
  (count(*) FILTER (WHERE grassroots_years >= 2))::INTEGER, NULL
FROM now WHERE unit_type = '县市区' AND is_principal AND level = '乡科级正职'
ORDER BY section, key, key2 NULLS FIRST;
