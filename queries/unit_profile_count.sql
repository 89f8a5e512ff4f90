-- How many units unit_profile_store holds (unit_profile_store.sql), how many fall short of at
-- least one of their own checks, and how many pass the unit table's search ($1, NULL: all) and
-- "only failing" ($2), as unit_profile.sql reads them.
SELECT count(*)::INTEGER AS units, (count(*) FILTER (WHERE failing > 0))::INTEGER AS failing,
  (count(*) FILTER (WHERE ($2::BOOLEAN IS NOT TRUE OR failing > 0)
    AND ($1::VARCHAR IS NULL OR contains(coalesce(unit_name, ''), $1::VARCHAR)
      OR contains(coalesce(region, ''), $1::VARCHAR))))::INTEGER AS matched
FROM unit_profile_store;
