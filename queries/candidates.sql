-- Who can close each team's gap (Yongzhou Y10) at the reference date ($1). For every candidates
-- rule and every per-unit ratio rule it covers: each team/unit in scope (the scope filters —
-- region, unit, unit type — choose the teams; teams are judged on all their members, as in
-- teams.sql) with its target posts: the places it is short by (young members needed for the
-- target, less those it has) plus its members reaching retirement within the rule's months.
-- Its candidates are the reserves that feed the ratio rule's levels (candidate_feeds: drawn
-- city-wide or within the team's region), young by the ratio rule's own test, not members of
-- the team; a target post is covered when its team has at least min_candidates of them.
-- Scope 'team' rows list the teams with target posts; the scope 'city' row of each candidates
-- rule gives covered target posts ÷ target posts against its target (Y10).
WITH r AS (SELECT $1::DATE AS ref, snapshot_for($1::DATE) AS snap),
f AS (SELECT region AS f_region, unit AS f_unit, unit_type AS f_unit_type FROM filter_state),
-- The snapshot's rows with what the young tests read; read twice (members, reserves), each
-- time only the columns and rows needed.
rows AS NOT MATERIALIZED (
  SELECT c.person_id, c.unit_id, c.region, c.unit_type, c.level, c.post_class, c.is_team_member,
    c.reserve, c.gender, c.party, c.education_highest,
    CAST(date_trunc('month', c.birth_date) AS DATE) AS birth_month,
    CASE WHEN c.ethnicity IS NULL THEN NULL WHEN c.ethnicity = '汉族' THEN '汉族' ELSE '少数民族' END
      AS ethnic_group,
    age_at(c.birth_date, r.ref) AS age
  FROM cadres c, r WHERE c.snapshot_date = r.snap
),
covered AS (
  SELECT k.rule_id AS cand_id, k.unit_types AS cand_unit_types, k.min_candidates,
    k.retiring_months, k.sort_order AS cand_order, q.*
  FROM candidate_rules k
  JOIN ratio_rules q ON q.per_unit AND (k.rules IS NULL OR list_contains(k.rules, q.metric_id))
),
members AS MATERIALIZED (
  SELECT cv.cand_id, cv.metric_id, c.unit_id, c.person_id,
    counted_under(cv.max_age, cv.born_from, cv.born_to, cv.gender, cv.party,
      cv.minority, cv.education_min, c.age,
      c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest) AS is_young,
    coalesce(retirement_month(c.birth_month, c.gender, c.level)
      <= CAST(date_trunc('month', r.ref) + to_months(cv.retiring_months) AS DATE), false)
      AS retiring
  FROM rows c CROSS JOIN r
  JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class,
    k.team_only, c.level, c.unit_type, c.post_class, c.is_team_member)
  JOIN covered cv ON cv.metric_id = k.metric_id
  WHERE c.unit_id IS NOT NULL
),
teams AS (
  SELECT m.cand_id, m.metric_id, m.unit_id, u.name AS unit_name, u.region, m.members, m.young,
    m.retiring, cv.target_num, cv.target_den, cv.comparator, cv.min_candidates,
    cv.cand_order, cv.sort_order AS rule_order
  FROM (
    SELECT cand_id, metric_id, unit_id, count(*)::INTEGER AS members,
      (count(*) FILTER (WHERE is_young))::INTEGER AS young,
      (count(*) FILTER (WHERE retiring))::INTEGER AS retiring
    FROM members GROUP BY cand_id, metric_id, unit_id
  ) m
  JOIN covered cv USING (cand_id, metric_id)
  LEFT JOIN units u ON u.unit_id = m.unit_id
  CROSS JOIN f
  WHERE (cv.cand_unit_types IS NULL OR list_contains(cv.cand_unit_types, CAST(u.unit_type AS VARCHAR)))
    AND in_filter(f.f_region, u.region) AND in_filter(f.f_unit, m.unit_id)
    AND in_filter(f.f_unit_type, u.unit_type)
),
feeds AS (
  SELECT cv.cand_id, cv.metric_id, fd.reserve, fd.scope
  FROM covered cv
  JOIN rule_population rp ON rp.rule_id = cv.metric_id
  JOIN candidate_feeds fd ON fd.rule_id = cv.cand_id
  WHERE rp.levels IS NULL OR len(list_intersect(rp.levels, fd.levels)) > 0
),
-- Each reserve with whether they are in their own unit's population of the ratio rule (so a
-- member of the team, not one of its candidates).
pool AS MATERIALIZED (
  SELECT fd.cand_id, fd.metric_id, fd.scope, c.person_id, c.region, c.unit_id,
    c.unit_id IS NOT NULL AND coalesce(matches_rule_key(k.level, k.unit_type, k.post_class,
      k.team_only, c.level, c.unit_type, c.post_class, c.is_team_member), false) AS is_member
  FROM rows c
  JOIN feeds fd ON CAST(c.reserve AS VARCHAR) = fd.reserve AND c.reserve IS NOT NULL
  JOIN covered cv ON cv.cand_id = fd.cand_id AND cv.metric_id = fd.metric_id
  -- The key of the row's level, unit type and post class (one at most per rule), joined on them
  -- as a hash join; matches_rule_key above adds the team-member test.
  LEFT JOIN rule_keys('ratio') k ON k.metric_id = fd.metric_id
    AND k.level IS NOT DISTINCT FROM c.level AND k.unit_type IS NOT DISTINCT FROM c.unit_type
    AND k.post_class IS NOT DISTINCT FROM c.post_class
  WHERE counted_under(cv.max_age, cv.born_from, cv.born_to, cv.gender, cv.party,
      cv.minority, cv.education_min, c.age,
      c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest)
),
pool_city AS (
  SELECT cand_id, metric_id, count(*) AS n FROM pool WHERE scope = 'city' GROUP BY ALL
),
pool_region AS (
  SELECT cand_id, metric_id, region, count(*) AS n FROM pool WHERE scope = 'region' GROUP BY ALL
),
in_team AS (
  SELECT cand_id, metric_id, unit_id, count(*) AS n FROM pool WHERE is_member GROUP BY ALL
),
t AS (
  SELECT t.*,
    young_needed(t.members, t.target_num, t.target_den, t.comparator) AS needed,
    greatest(0, least(young_needed(t.members, t.target_num, t.target_den, t.comparator),
      t.members) - t.young)::INTEGER AS short,
    (coalesce(pc.n, 0) + coalesce(pr.n, 0) - coalesce(it.n, 0))::INTEGER AS candidates
  FROM teams t
  LEFT JOIN pool_city pc USING (cand_id, metric_id)
  LEFT JOIN pool_region pr ON pr.cand_id = t.cand_id AND pr.metric_id = t.metric_id
    AND pr.region IS NOT DISTINCT FROM t.region
  LEFT JOIN in_team it ON it.cand_id = t.cand_id AND it.metric_id = t.metric_id
    AND it.unit_id = t.unit_id
),
targets AS (
  SELECT *, short + retiring AS target_posts, candidates >= min_candidates AS covered
  FROM t WHERE short + retiring > 0
),
city AS (
  SELECT k.rule_id AS cand_id, k.sort_order AS cand_order, k.target_num, k.target_den,
    k.comparator,
    coalesce(sum(x.target_posts) FILTER (WHERE x.covered), 0)::INTEGER AS numerator,
    coalesce(sum(x.target_posts), 0)::INTEGER AS denominator
  FROM candidate_rules k LEFT JOIN targets x ON x.cand_id = k.rule_id
  GROUP BY ALL
)
SELECT 'city' AS scope, cand_id, NULL::VARCHAR AS metric_id, NULL::VARCHAR AS unit_id,
  NULL::VARCHAR AS unit_name, NULL::VARCHAR AS region, NULL::INTEGER AS members,
  NULL::INTEGER AS young, NULL::INTEGER AS needed, NULL::INTEGER AS short,
  NULL::INTEGER AS retiring, denominator AS target_posts, NULL::INTEGER AS candidates,
  numerator AS covered_posts,
  CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
  target_num / target_den AS target, comparator,
  CASE WHEN denominator > 0
    THEN numerator >= young_needed(denominator, target_num, target_den, comparator) END AS met,
  CASE WHEN denominator > 0 THEN greatest(0, least(denominator,
    young_needed(denominator, target_num, target_den, comparator)) - numerator)::INTEGER END
    AS gap,
  cand_order, -1 AS rule_order
FROM city
UNION ALL
SELECT 'team', cand_id, metric_id, unit_id, unit_name, region, members, young, needed::INTEGER,
  short, retiring, target_posts, candidates,
  CASE WHEN covered THEN target_posts ELSE 0 END, NULL, NULL, NULL, covered, NULL, cand_order,
  rule_order
FROM targets
ORDER BY cand_order, rule_order, region NULLS FIRST, unit_name NULLS FIRST, unit_id NULLS FIRST;
