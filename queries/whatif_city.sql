-- Every ratio rule city-wide at the reference date ($1), everyone counted (no filters), into
-- whatif_city (emptied first by keepRows, src/core/kept.ts): the "before" of every 模拟调配
-- move at that date, read by whatif.sql.
INSERT INTO whatif_city
SELECT k.metric_id, sum(c.n) FILTER (WHERE counted_under(q.max_age, q.born_from, q.born_to,
    q.gender, q.party, q.minority, q.education_min, age_at(c.birth_month, $1::DATE),
    c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest)) AS young,
  sum(c.n) AS n
FROM metric_cube c
-- Joined on the rule keys by a hash join (a join straight to ratio_rules ran as a nested loop
-- over the cube); whatif.sql lists a rule nobody falls under at 0 of 0.
JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class,
  k.team_only, c.level, c.unit_type, c.post_class, c.is_team_member)
JOIN ratio_rules q ON q.metric_id = k.metric_id
WHERE c.snapshot_date = snapshot_for($1::DATE)
GROUP BY k.metric_id;
