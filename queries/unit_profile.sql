-- A page of the units stored in unit_profile_store (unit_profile_store.sql): only units whose
-- name or county/district contains $1 (NULL: all), only units short of a check when $2; sorted
-- by column $3 ($4: descending; nulls last), then county/district, name and id; the first $5
-- (NULL: all). unit_profile_count.sql counts the units that pass $1 and $2.
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
)
SELECT unit_id, unit_name, region, unit_type, n, mean_age, born_1980, born_1985, women,
  minorities, checks, failing
FROM e
ORDER BY
  CASE WHEN $4::BOOLEAN THEN NULL ELSE num_key END ASC NULLS LAST,
  CASE WHEN $4::BOOLEAN THEN num_key END DESC NULLS LAST,
  CASE WHEN $4::BOOLEAN THEN NULL ELSE text_key END ASC NULLS LAST,
  CASE WHEN $4::BOOLEAN THEN text_key END DESC NULLS LAST,
  region NULLS LAST, unit_name NULLS LAST, unit_id
LIMIT $5::BIGINT;
