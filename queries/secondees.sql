-- Current secondees (在挂) at reference date $1 (snapshot $2 in force), within the filters: the
-- cadres whose term has started by $1 and not ended before it, by kind (挂职类型) and receiving
-- unit (挂职单位), with those whose term ends within 3 months after $1 (ending_soon). The row with
-- no kind counts everyone.
WITH c AS (
  SELECT *, ends_within(secondment_end, $1::DATE, 3) AS soon
  FROM rows_at_snapshot($2::DATE)
  WHERE in_scope AND seconded_at($1::DATE, secondment_start, secondment_end, secondment_type,
      secondment_unit)
)
SELECT secondment_type AS kind, secondment_unit AS unit, grouping(secondment_type) = 1 AS total,
  count(*)::INTEGER AS n, (count(*) FILTER (WHERE soon))::INTEGER AS ending_soon
FROM c
GROUP BY GROUPING SETS ((), (secondment_type), (secondment_type, secondment_unit))
HAVING grouping(secondment_type) = 1 OR grouping(secondment_unit) = 1
  OR secondment_unit IS NOT NULL
ORDER BY total DESC, kind NULLS LAST, grouping(secondment_unit) DESC, n DESC, unit;
