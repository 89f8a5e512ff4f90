-- Retirement pipeline (到龄退休) at reference date $1 (snapshot $2 in force), within the filters: per level, city-wide
-- (scope 'city'), per county/district and per unit, how many are due already (exit month on or
-- before $1's month) and how many fall due within 12, 36 and 60 months after it (each window
-- counts from $1's month, so within36 includes within12), the 到龄 board's calendar windows
-- (this_month: the month of $1; next_month; this_year: any month of $1's year, past ones
-- included), the same windows of the month a 任职试用期 ends (试用期满: probation_*, with the
-- rule's months and the cadres at such posts with no 任现职务层次时间), how many the windows cannot
-- place (gender unknown where it decides the month, and
-- a window or being due holds one of the two months only; one past both months is due, in no
-- calendar window; one whose two months fall in a window or a year is counted there), and the
-- reserves of the type that
-- prepares for the level's posts (reserve_for) in the same scope. all_levels says which grouping a row is: true on the row that sums every level
-- of its scope (its reserves: every reserve), false on a level's row, where level NULL is the
-- cadres with no 职务层次 (no reserve type prepares for them). $3 false: the city-wide rows only
-- (the report's; a province has 150,000 rows by unit and level).
WITH r AS (SELECT * FROM retirement_rows($1::DATE, $2::DATE)),
g AS (
  SELECT CASE WHEN grouping(region) = 1 THEN 'city' WHEN grouping(unit_id) = 1 THEN 'region'
      ELSE 'unit' END AS scope, region, unit_id, level, grouping(level) = 1 AS all_levels,
    count(*)::INTEGER AS headcount,
    (count(*) FILTER (WHERE due))::INTEGER AS due,
    (count(*) FILTER (WHERE first_left >= 1 AND last_left <= 12))::INTEGER AS within12,
    (count(*) FILTER (WHERE first_left >= 1 AND last_left <= 36))::INTEGER AS within36,
    (count(*) FILTER (WHERE first_left >= 1 AND last_left <= 60))::INTEGER AS within60,
    (count(*) FILTER (WHERE months_left = 0))::INTEGER AS this_month,
    (count(*) FILTER (WHERE months_left = 1))::INTEGER AS next_month,
    (count(*) FILTER (WHERE leave_year = year($1::DATE)))::INTEGER AS this_year,
    (count(*) FILTER (WHERE undecided))::INTEGER AS unknown,
    (count(*) FILTER (WHERE probation_left = 0))::INTEGER AS probation_this_month,
    (count(*) FILTER (WHERE probation_left = 1))::INTEGER AS probation_next_month,
    (count(*) FILTER (WHERE year(probation_end) = year($1::DATE)))::INTEGER
      AS probation_this_year,
    (count(*) FILTER (WHERE probation_unknown))::INTEGER AS probation_unknown,
    any_value(probation_months) AS probation_months
  FROM r
  GROUP BY GROUPING SETS ((), (level), (region), (region, level), (region, unit_id),
    (region, unit_id, level))
),
reserves AS (
  SELECT CASE WHEN grouping(region) = 1 THEN 'city' WHEN grouping(unit_id) = 1 THEN 'region'
      ELSE 'unit' END AS scope, region, unit_id,
    CASE WHEN grouping(reserve) = 1 THEN '*' ELSE CAST(reserve AS VARCHAR) END AS rkey,
    count(*)::INTEGER AS n
  FROM r WHERE reserve IS NOT NULL
  GROUP BY GROUPING SETS ((), (reserve), (region), (region, reserve), (region, unit_id),
    (region, unit_id, reserve))
)
SELECT g.scope, g.region, g.unit_id, n.name AS unit_name, CAST(g.level AS VARCHAR) AS level,
  g.all_levels, g.headcount, g.due, g.within12, g.within36, g.within60, g.this_month,
  g.next_month, g.this_year, g.unknown, g.probation_this_month, g.probation_next_month,
  g.probation_this_year, g.probation_unknown, g.probation_months,
  coalesce(s.n, 0) AS reserves, reserve_for(g.level) AS reserve_type
FROM g
LEFT JOIN reserves s ON s.scope = g.scope AND s.region IS NOT DISTINCT FROM g.region
  AND s.unit_id IS NOT DISTINCT FROM g.unit_id
  AND s.rkey = CASE WHEN g.all_levels THEN '*' ELSE coalesce(reserve_for(g.level), '-') END
LEFT JOIN units n ON n.unit_id = g.unit_id
WHERE $3::BOOLEAN OR g.scope = 'city'
ORDER BY CASE g.scope WHEN 'city' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, g.region NULLS FIRST,
  unit_name, g.unit_id, g.all_levels DESC, g.level NULLS LAST;
