-- The leadership teams in scope, as queries/team_scores.sql scored them at the reference date
-- (kept in team_scores for that date: teamScores in src/core/policy/teams.ts). The scope filters
-- (region, unit, unit type) choose the teams, tested per team; the person filters do not apply.
WITH f AS (SELECT region AS f_region, unit AS f_unit, unit_type AS f_unit_type FROM filter_state)
SELECT s.* EXCLUDE (list_order)
FROM team_scores s, f
WHERE in_filter(f.f_region, s.region) AND in_filter(f.f_unit, s.unit_id)
  AND (f.f_unit_type IS NULL OR EXISTS (
    SELECT 1 FROM units u WHERE u.unit_id = s.unit_id AND in_filter(f.f_unit_type, u.unit_type)))
ORDER BY s.list_order;
