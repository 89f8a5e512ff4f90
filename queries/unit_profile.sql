-- A page of the units stored in unit_profile_store (unit_profile_store.sql): only units whose
-- name or county/district contains $1 (NULL: all), only units short of a check when $2; sorted
-- by column $3 ($4: descending; nulls last), then county/district, name and id; the first $5
-- (NULL: all). Each unit on the page has its own young-cadre checks (rules with per_unit, from
-- unit_ratios) as 'metric:numerator:denominator:gap' joined by ';' in rule order (gap 0 = met).
-- unit_profile_count.sql counts the units that pass $1 and $2.
WITH e AS (
  SELECT *,
    CASE $3::VARCHAR WHEN 'n' THEN n WHEN 'mean_age' THEN mean_age
      WHEN 'b80' THEN born_1980 / n WHEN 'b85' THEN born_1985 / n
      WHEN 'womenShare' THEN women / n WHEN 'minorityShare' THEN minorities / n
      WHEN 'worstGap' THEN worst_gap END AS num_key,
    CASE $3::VARCHAR WHEN 'unit_name' THEN unit_name WHEN 'region' THEN region END AS text_key
  FROM unit_profile_store
  WHERE ($2::BOOLEAN IS NOT TRUE OR failing > 0)
    AND ($1::VARCHAR IS NULL OR contains(coalesce(unit_name, ''), $1::VARCHAR)
      OR contains(coalesce(region, ''), $1::VARCHAR))
),
page AS (
  SELECT * FROM e
  ORDER BY
    CASE WHEN $4::BOOLEAN THEN NULL ELSE num_key END ASC NULLS LAST,
    CASE WHEN $4::BOOLEAN THEN num_key END DESC NULLS LAST,
    CASE WHEN $4::BOOLEAN THEN NULL ELSE text_key END ASC NULLS LAST,
    CASE WHEN $4::BOOLEAN THEN text_key END DESC NULLS LAST,
    region NULLS LAST, unit_name NULLS LAST, unit_id
  LIMIT $5::BIGINT
),
-- Spelled out for the page's units only: building the text for every unit was half the store.
checks AS (
  SELECT u.unit_id,
    -- Sorted after the aggregate (an ordered aggregate sorts every unit apart, far slower).
    array_to_string(list_transform(list_sort(list({'o': r.sort_order,
      'check': u.metric_id || ':' || u.numerator || ':' || u.denominator || ':'
        || unit_check_gap(u.numerator, u.denominator, r.target_num, r.target_den,
          r.comparator)})), x -> x.check), ';') AS checks
  FROM unit_ratios u JOIN ratio_rules r USING (metric_id)
  WHERE r.per_unit AND u.unit_id IN (SELECT unit_id FROM page)
  GROUP BY u.unit_id
)
SELECT p.unit_id, p.unit_name, p.region, p.unit_type, p.n, p.mean_age, p.born_1980, p.born_1985,
  p.women, p.minorities, k.checks, p.failing
FROM page p LEFT JOIN checks k USING (unit_id)
-- The page's order again: the join does not keep it, and numbering every unit in a window to
-- carry it took three times as long as choosing the page.
ORDER BY
  CASE WHEN $4::BOOLEAN THEN NULL ELSE p.num_key END ASC NULLS LAST,
  CASE WHEN $4::BOOLEAN THEN p.num_key END DESC NULLS LAST,
  CASE WHEN $4::BOOLEAN THEN NULL ELSE p.text_key END ASC NULLS LAST,
  CASE WHEN $4::BOOLEAN THEN p.text_key END DESC NULLS LAST,
  p.region NULLS LAST, p.unit_name NULLS LAST, p.unit_id;
