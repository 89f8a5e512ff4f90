-- 模拟调配: the moves of scenario_moves applied to the snapshot in force at the reference date
-- ($1), in memory — the roster itself never changes. Each move places a person into a unit:
-- replacing a member who leaves (the person takes that member's post: level, title, post class,
-- team membership), or filling a place (at the move's level, as a team member, of the post class
-- of a county 党委/政府 team member there, else other). Everyone is
-- counted (no filters), as teams are judged on all their members. Returns, before and after:
--   'ratio'    every ratio rule city-wide (young / population, met);
--   'unit'     every per-unit ratio rule in each unit the moves touch (left or joined);
--   'template' the template score and status of each team the moves touch;
--   'missing'  moves that cannot apply: the person or the unit is not in the snapshot, the
--              member replaced is not in that unit there, or an id names someone else than
--              the move's name (the other moves still apply).
WITH r AS (SELECT $1::DATE AS ref, snapshot_for($1::DATE) AS snap),
mv AS (SELECT * FROM scenario_moves),
-- The snapshot's rows (each use reads only the people or units it needs: never stored, which
-- DuckDB does by itself for a CTE read twice, all million rows and every column), with only the
-- columns the counts below read: each scan reads its columns for every row.
rows AS NOT MATERIALIZED (
  SELECT c.person_id, c.name, c.unit_id, c.unit_name, c.unit_type, c.region, c.level, c.rank,
    c.post_title, c.post_class, c.is_team_member, c.is_principal, c.post_since, c.birth_month,
    c.gender, c.party, c.ethnicity, c.ethnic_group, c.education_highest, c.grassroots_years,
    c.retirement_date,
    age_at(c.birth_month, r.ref) AS age
  FROM cadre_rows c, r WHERE c.snapshot_date = r.snap
),
-- The people the moves name, read once.
named AS MATERIALIZED (
  SELECT * FROM rows WHERE person_id IN (SELECT person_id FROM mv UNION ALL SELECT replaces FROM mv)
),
missing AS (
  SELECT m.seq, CASE WHEN NOT EXISTS (SELECT 1 FROM named c WHERE c.person_id = m.person_id)
      THEN 'person'
    -- Another person under the move's id (another roster reusing its codes): a name that is
    -- there and differs, and was never that id's in the roster (a name corrected since is not).
    WHEN m.name IS NOT NULL AND EXISTS (
        SELECT 1 FROM named c WHERE c.person_id = m.person_id AND c.name <> m.name)
      AND NOT EXISTS (SELECT 1 FROM cadres k WHERE k.person_id = m.person_id AND k.name = m.name)
      THEN 'person_other'
    WHEN NOT EXISTS (SELECT 1 FROM units u WHERE u.unit_id = m.unit_id) THEN 'unit'
    -- The member replaced must be in that unit at this date (another 统计时点 may have him
    -- elsewhere, or gone).
    WHEN m.replaces IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM named c WHERE c.person_id = m.replaces AND c.unit_id = m.unit_id)
      THEN 'replaces'
    WHEN m.replaces_name IS NOT NULL AND EXISTS (
        SELECT 1 FROM named c WHERE c.person_id = m.replaces AND c.name <> m.replaces_name)
      AND NOT EXISTS (
        SELECT 1 FROM cadres k WHERE k.person_id = m.replaces AND k.name = m.replaces_name)
      THEN 'replaces_other'
    END AS what
  FROM mv m
),
ok AS (
  SELECT m.* FROM mv m JOIN missing x USING (seq) WHERE x.what IS NULL
),
-- A place filled in a county's 党委 or 政府 takes the post class its team members hold there
-- (county_party, county_government), so that the rules and templates of such teams count it;
-- elsewhere 'other' (a deputy: not a township's secretary or head).
body AS (
  SELECT unit_id, any_value(post_class) AS post_class FROM rows
  WHERE unit_id IN (SELECT unit_id FROM mv) AND is_team_member
    AND post_class IN ('county_party', 'county_government')
  GROUP BY unit_id
  -- A unit whose team has both (a roster that files them under one unit): no telling which.
  HAVING count(DISTINCT post_class) = 1
),
-- Who changes: the people placed and the members they replace.
gone AS (SELECT person_id FROM ok UNION SELECT replaces FROM ok WHERE replaces IS NOT NULL),
placed AS (
  SELECT c.* REPLACE (
      m.unit_id AS unit_id,
      coalesce(rp.unit_name, u.name) AS unit_name,
      coalesce(rp.unit_type, u.unit_type) AS unit_type,
      coalesce(rp.region, u.region) AS region,
      coalesce(rp.level, CAST(m.level AS level_t), c.level) AS level,
      rp.post_title AS post_title,
      coalesce(rp.post_class, b.post_class, CAST('other' AS post_class_t)) AS post_class,
      coalesce(rp.is_team_member, true) AS is_team_member,
      coalesce(rp.is_principal, false) AS is_principal,
      r.ref AS post_since)
  FROM ok m
  JOIN named c ON c.person_id = m.person_id
  LEFT JOIN named rp ON rp.person_id = m.replaces
  LEFT JOIN units u ON u.unit_id = m.unit_id
  LEFT JOIN body b ON b.unit_id = m.unit_id
  CROSS JOIN r
),
units_touched AS (
  SELECT unit_id FROM named WHERE person_id IN (SELECT person_id FROM gone)
  UNION SELECT unit_id FROM placed
),
before_rows AS MATERIALIZED (
  SELECT * FROM rows WHERE unit_id IN (SELECT unit_id FROM units_touched)
),
after_rows AS (
  SELECT * FROM before_rows WHERE person_id NOT IN (SELECT person_id FROM gone)
  UNION ALL BY NAME SELECT * FROM placed
),
-- City-wide ratio rules: before as stored in whatif_city for $1 (whatif_city.sql), after =
-- before − the changed people's old rows + their new ones.
city_before AS (
  SELECT q.metric_id, coalesce(b.young, 0) AS young, coalesce(b.n, 0) AS n
  FROM ratio_rules q LEFT JOIN whatif_city b USING (metric_id)
),
delta AS (
  SELECT k.metric_id, sum(x.sign * CASE WHEN counted_under(q.max_age, q.born_from, q.born_to, q.gender, q.party,
      q.minority, q.education_min, x.age,
      x.birth_month, x.gender, x.party, x.ethnic_group, x.education_highest) THEN 1 ELSE 0 END) AS young,
    sum(x.sign) AS n
  FROM (SELECT *, -1 AS sign FROM named WHERE person_id IN (SELECT person_id FROM gone)
        UNION ALL BY NAME SELECT *, 1 AS sign FROM placed) x
  JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class,
    k.team_only, x.level, x.unit_type, x.post_class, x.is_team_member)
  JOIN ratio_rules q ON q.metric_id = k.metric_id
  GROUP BY k.metric_id
),
city AS (
  SELECT q.metric_id, q.sort_order, q.target_num, q.target_den, q.comparator,
    b.young::INTEGER AS b_num, b.n::INTEGER AS b_den,
    (b.young + coalesce(d.young, 0))::INTEGER AS a_num, (b.n + coalesce(d.n, 0))::INTEGER AS a_den
  FROM ratio_rules q JOIN city_before b USING (metric_id) LEFT JOIN delta d USING (metric_id)
),
-- Per-unit ratio rules in the units touched.
unit_counts AS (
  SELECT side, k.metric_id, x.unit_id,
    count(*) FILTER (WHERE counted_under(q.max_age, q.born_from, q.born_to, q.gender, q.party,
      q.minority, q.education_min, x.age,
      x.birth_month, x.gender, x.party, x.ethnic_group, x.education_highest)) AS young, count(*) AS n
  FROM (SELECT *, 'b' AS side FROM before_rows UNION ALL BY NAME
        SELECT *, 'a' AS side FROM after_rows) x
  JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class,
    k.team_only, x.level, x.unit_type, x.post_class, x.is_team_member)
  JOIN ratio_rules q ON q.metric_id = k.metric_id AND q.per_unit
  GROUP BY ALL
),
unit_pairs AS (
  SELECT q.metric_id, q.sort_order, q.target_num, q.target_den, q.comparator, t.unit_id,
    coalesce(b.young, 0)::INTEGER AS b_num, coalesce(b.n, 0)::INTEGER AS b_den,
    coalesce(a.young, 0)::INTEGER AS a_num, coalesce(a.n, 0)::INTEGER AS a_den
  FROM ratio_rules q CROSS JOIN units_touched t
  LEFT JOIN unit_counts b ON b.side = 'b' AND b.metric_id = q.metric_id AND b.unit_id = t.unit_id
  LEFT JOIN unit_counts a ON a.side = 'a' AND a.metric_id = q.metric_id AND a.unit_id = t.unit_id
  WHERE q.per_unit AND (b.n IS NOT NULL OR a.n IS NOT NULL)
),
-- Template scores of the teams touched, counted as teams.sql counts them.
tm AS (
  SELECT x.side, p.metric_id AS template_id, x.*,
    exit_month(x.birth_month, x.gender, x.level, x.rank, x.retirement_date) AS retires
  FROM (SELECT *, 'b' AS side FROM before_rows UNION ALL BY NAME
        SELECT *, 'a' AS side FROM after_rows) x
  JOIN rule_keys('template') p ON matches_rule_key(p.level, p.unit_type, p.post_class,
    p.team_only, x.level, x.unit_type, x.post_class, x.is_team_member)
  WHERE x.unit_id IS NOT NULL
),
tteams AS (
  SELECT DISTINCT template_id, unit_id FROM tm
),
tinfo AS (
  SELECT t.template_id, t.unit_id, u.name AS unit_name, u.region FROM tteams t
  LEFT JOIN units u USING (unit_id)
),
counts AS (
  SELECT m.side, i.template_id, m.unit_id, i.item_id,
    (count(*) FILTER (WHERE counts_for_item(i.kind, i.max_age, i.min_years, m.gender, m.party,
      m.ethnicity, m.age, m.education_highest, m.grassroots_years)))::INTEGER AS actual,
    (count(*) FILTER (WHERE unknown_for_item(i.kind, m.gender, m.party, m.ethnicity,
      m.education_highest, m.grassroots_years)))::INTEGER AS unknown
  FROM template_items i JOIN tm m USING (template_id)
  WHERE i.kind <> 'ladder'
  GROUP BY ALL
),
ladders AS (
  SELECT m.side, b.template_id, m.unit_id, b.item_id, count(DISTINCT b.band_index)::INTEGER AS actual,
    0 AS unknown
  FROM template_bands b JOIN tm m USING (template_id)
  WHERE m.age >= coalesce(b.min_age, -1000) AND m.age <= coalesce(b.max_age, 1000)
  GROUP BY ALL
),
actuals AS (SELECT * FROM counts UNION ALL SELECT * FROM ladders),
items AS (
  SELECT s.side, t.template_id, t.unit_id, i.item_id, i.weight, i.veto,
    CASE WHEN i.autonomous_only
        AND NOT coalesce(t.region LIKE '%自治%' OR t.unit_name LIKE '%自治%', false)
      THEN 0 ELSE i.required END AS required,
    coalesce(a.actual, 0) AS actual, coalesce(a.unknown, 0) AS unknown
  FROM tinfo t
  CROSS JOIN (VALUES ('b'), ('a')) s(side)
  JOIN template_items i USING (template_id)
  LEFT JOIN actuals a ON a.side = s.side AND a.template_id = t.template_id
    AND a.unit_id = t.unit_id AND a.item_id = i.item_id
  WHERE i.kind NOT IN (SELECT kind FROM template_kinds_unknown_store)
),
scored AS (
  SELECT i.side, i.template_id, i.unit_id,
    template_score(sum(template_item_score(i.weight, i.required, i.actual)), sum(i.weight))
      AS score,
    bool_or(i.veto AND i.actual + i.unknown < i.required) AS vetoed,
    (SELECT count(*) FROM tm WHERE tm.side = i.side AND tm.template_id = i.template_id
      AND tm.unit_id = i.unit_id)::INTEGER AS members,
    string_agg(i.item_id || ':' || i.actual || '/' || i.required, ',') AS detail
  FROM items i GROUP BY ALL
),
tpl AS (
  SELECT t.template_id, t.unit_id, t.unit_name, t.region, tp.sort_order,
    -- Judged on the exact score, shown to 0.1 (as team_scores.sql).
    template_score_shown(b.score, tp.met_threshold, tp.basic_threshold) AS b_score,
    b.members AS b_members,
    template_status(b.vetoed, b.score, tp.met_threshold, tp.basic_threshold) AS b_status,
    template_score_shown(a.score, tp.met_threshold, tp.basic_threshold) AS a_score,
    a.members AS a_members,
    template_status(a.vetoed, a.score, tp.met_threshold, tp.basic_threshold) AS a_status,
    b.detail AS b_detail, a.detail AS a_detail
  FROM tinfo t
  JOIN templates tp USING (template_id)
  JOIN scored b ON b.side = 'b' AND b.template_id = t.template_id AND b.unit_id = t.unit_id
  JOIN scored a ON a.side = 'a' AND a.template_id = t.template_id AND a.unit_id = t.unit_id
)
SELECT 'ratio' AS kind, NULL::INTEGER AS seq, metric_id AS id, NULL::VARCHAR AS unit_id,
  NULL::VARCHAR AS unit_name, NULL::VARCHAR AS region, b_num, b_den, a_num, a_den,
  CASE WHEN b_den > 0 THEN b_num >= young_needed(b_den, target_num, target_den, comparator) END
    AS b_met,
  CASE WHEN a_den > 0 THEN a_num >= young_needed(a_den, target_num, target_den, comparator) END
    AS a_met,
  NULL::DOUBLE AS b_score, NULL::DOUBLE AS a_score, NULL::VARCHAR AS b_status,
  NULL::VARCHAR AS a_status, NULL::VARCHAR AS b_detail, NULL::VARCHAR AS a_detail,
  NULL::VARCHAR AS what, sort_order
FROM city
UNION ALL
SELECT 'unit', NULL, p.metric_id, p.unit_id, u.name, u.region, b_num, b_den, a_num, a_den,
  CASE WHEN b_den > 0 THEN b_num >= young_needed(b_den, target_num, target_den, comparator) END,
  CASE WHEN a_den > 0 THEN a_num >= young_needed(a_den, target_num, target_den, comparator) END,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, sort_order
FROM unit_pairs p LEFT JOIN units u USING (unit_id)
UNION ALL
SELECT 'template', NULL, template_id, unit_id, unit_name, region, b_members, NULL, a_members,
  NULL, NULL, NULL, b_score, a_score, b_status, a_status, b_detail, a_detail, NULL, sort_order
FROM tpl
UNION ALL
SELECT 'missing', seq, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, what, NULL
FROM missing WHERE what IS NOT NULL
ORDER BY kind DESC, sort_order, region NULLS FIRST, unit_name NULLS FIRST, unit_id, seq;
