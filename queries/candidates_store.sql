-- Who can close each team's gap (Yongzhou Y10) at the reference date ($1), for every team, into
-- candidate_targets (emptied first by keepRows, src/core/kept.ts; queries/candidates.sql reads
-- the teams in scope and sums Y10 from them). For every candidates rule and every per-unit ratio
-- rule it covers: each team/unit (teams are judged on all their members, as in team_scores.sql,
-- so neither the person nor the scope filters apply here) with its target posts: the places it
-- is short by (young members needed for the target, less those it has, under each rule apart)
-- plus its members reaching retirement within the rule's months (each once, under the first
-- rule covering them). Its candidates are the reserves that feed the ratio rule's
-- levels (candidate_feeds: drawn city-wide or within the team's region), young by the ratio
-- rule's own test, not members of the team; a target post is covered when its team has at least
-- min_candidates of them. Only teams with target posts are stored.
INSERT INTO candidate_targets BY NAME
WITH r AS (SELECT $1::DATE AS ref, snapshot_for($1::DATE) AS snap),
-- The snapshot's rows with what the young tests read; read twice (members, reserves), each
-- time only the columns and rows needed.
rows AS NOT MATERIALIZED (
  SELECT c.person_id, c.unit_id, c.region, c.unit_type, c.level, c.rank, c.post_class,
    c.is_team_member, c.reserve, c.gender, c.party, c.education_highest, c.retirement_date,
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
  -- Without a list of its own: every per-unit rule that counts young cadres (a women's or
  -- non-CPC rule's gap is no young cadre's post).
  JOIN ratio_rules q ON q.per_unit
    AND (list_contains(k.rules, q.metric_id) OR (k.rules IS NULL AND q.counts_young))
),
members AS MATERIALIZED (
  SELECT cv.cand_id, cv.metric_id, cv.sort_order AS rule_order, c.unit_id, c.person_id,
    counted_under(cv.max_age, cv.born_from, cv.born_to, cv.gender, cv.party,
      cv.minority, cv.education_min, c.age,
      c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest) AS is_young,
    coalesce(exit_month(c.birth_month, c.gender, c.level, c.rank, c.retirement_date)
      <= CAST(date_trunc('month', r.ref) + to_months(cv.retiring_months) AS DATE), false)
      AS retiring
  FROM rows c CROSS JOIN r
  JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class,
    k.team_only, c.level, c.unit_type, c.post_class, c.is_team_member)
  JOIN covered cv ON cv.metric_id = k.metric_id
  WHERE c.unit_id IS NOT NULL
),
-- A post is one post: its holder's retirement is a target post once, under the first of the
-- rules covering them (two rules' populations may overlap, as a custom rule of women does).
retiring_posts AS (
  SELECT cand_id, min({'o': rule_order, 'id': metric_id}).id AS metric_id,
    any_value(unit_id) AS unit_id
  FROM members WHERE retiring GROUP BY cand_id, person_id
),
retiring AS (
  SELECT cand_id, metric_id, unit_id, count(*)::INTEGER AS n FROM retiring_posts GROUP BY ALL
),
teams AS (
  SELECT m.cand_id, m.metric_id, m.unit_id, u.name AS unit_name, u.region,
    CAST(u.unit_type AS VARCHAR) AS unit_type, m.members, m.young,
    coalesce(rt.n, 0)::INTEGER AS retiring, cv.target_num, cv.target_den, cv.comparator, cv.min_candidates,
    cv.cand_order, cv.sort_order AS rule_order
  FROM (
    SELECT cand_id, metric_id, unit_id, count(*)::INTEGER AS members,
      (count(*) FILTER (WHERE is_young))::INTEGER AS young
    FROM members GROUP BY cand_id, metric_id, unit_id
  ) m
  JOIN covered cv USING (cand_id, metric_id)
  LEFT JOIN retiring rt USING (cand_id, metric_id, unit_id)
  LEFT JOIN units u ON u.unit_id = m.unit_id
  WHERE cv.cand_unit_types IS NULL OR list_contains(cv.cand_unit_types, CAST(u.unit_type AS VARCHAR))
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
)
SELECT cand_id, metric_id, unit_id, unit_name, region, unit_type, members, young,
  needed::INTEGER AS needed, short, retiring, short + retiring AS target_posts, candidates,
  candidates >= min_candidates AS covered, cand_order, rule_order
FROM t WHERE short + retiring > 0;
