-- The candidates who could fill team/unit $4's places under ratio rule $3, for candidates rule
-- $2, at the reference date ($1), ranked by the rule's order: closeness of level to the ratio
-- rule's levels (0 = one of them), then more years at the grassroots, more 优秀 in the last
-- three reviews on record, younger; ties by person id. The same pool as candidates.sql: the
-- reserves that feed the ratio rule's levels, young by its own test, not members of the team.
WITH r AS (SELECT $1::DATE AS ref, snapshot_for($1::DATE) AS snap),
k AS (SELECT * FROM candidate_rules WHERE rule_id = $2::VARCHAR),
q AS (SELECT * FROM ratio_rules WHERE metric_id = $3::VARCHAR),
rp AS (SELECT * FROM rule_population WHERE rule_id = $3::VARCHAR),
team AS (SELECT * FROM units WHERE unit_id = $4::VARCHAR),
-- Read twice (the team's members, the reserves), each time only the rows and columns needed.
rows AS NOT MATERIALIZED (
  SELECT c.*, age_at(c.birth_month, r.ref) AS age
  FROM cadre_rows c, r WHERE c.snapshot_date = r.snap
),
members AS (
  SELECT c.person_id
  FROM rows c
  JOIN rule_keys('ratio') rk ON rk.metric_id = $3::VARCHAR AND matches_rule_key(rk.level,
    rk.unit_type, rk.post_class, rk.team_only, c.level, c.unit_type, c.post_class,
    c.is_team_member)
  WHERE c.unit_id = $4::VARCHAR
),
feeds AS (
  SELECT fd.* FROM candidate_feeds fd, rp
  WHERE fd.rule_id = $2::VARCHAR AND (rp.levels IS NULL OR len(list_intersect(rp.levels, fd.levels)) > 0)
),
pool AS (
  SELECT c.*, fd.scope
  FROM rows c
  JOIN feeds fd ON CAST(c.reserve AS VARCHAR) = fd.reserve AND c.reserve IS NOT NULL
  CROSS JOIN q CROSS JOIN team
  WHERE counted_under(q.max_age, q.born_from, q.born_to, q.gender, q.party,
      q.minority, q.education_min, c.age,
      c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest)
    AND (fd.scope = 'city' OR c.region IS NOT DISTINCT FROM team.region)
    AND c.person_id NOT IN (SELECT person_id FROM members)
),
keys AS (
  SELECT p.*,
    CASE WHEN rp.levels IS NULL THEN 0 WHEN p.level IS NULL THEN NULL
      ELSE list_min(list_transform(CAST(rp.levels AS level_t[]),
        x -> abs(CAST(enum_code(x) AS INTEGER) - CAST(enum_code(p.level) AS INTEGER)))) END
      AS level_distance,
    len(list_filter(appraisal_list(p.appraisals)[1:3], x -> x.r = '优秀')) AS excellent
  FROM pool p, rp
)
SELECT row_number() OVER (ORDER BY
    CASE k.rank_order[1] WHEN 'level' THEN level_distance WHEN 'grassroots' THEN -grassroots_years
      WHEN 'appraisals' THEN -excellent WHEN 'age' THEN age END NULLS LAST,
    CASE k.rank_order[2] WHEN 'level' THEN level_distance WHEN 'grassroots' THEN -grassroots_years
      WHEN 'appraisals' THEN -excellent WHEN 'age' THEN age END NULLS LAST,
    CASE k.rank_order[3] WHEN 'level' THEN level_distance WHEN 'grassroots' THEN -grassroots_years
      WHEN 'appraisals' THEN -excellent WHEN 'age' THEN age END NULLS LAST,
    CASE k.rank_order[4] WHEN 'level' THEN level_distance WHEN 'grassroots' THEN -grassroots_years
      WHEN 'appraisals' THEN -excellent WHEN 'age' THEN age END NULLS LAST,
    person_id)::INTEGER AS rank,
  person_id, name, CAST(gender AS VARCHAR) AS gender, strftime(birth_date, '%Y-%m') AS birth, age,
  ethnicity, CAST(party AS VARCHAR) AS party,
  CAST(education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(education_highest AS VARCHAR) AS education_highest, region, unit_id, unit_name,
  post_title, CAST(level AS VARCHAR) AS level, CAST(reserve AS VARCHAR) AS reserve,
  grassroots_years, appraisals, excellent::INTEGER AS excellent, level_distance::INTEGER AS level_distance,
  scope
FROM keys, k
ORDER BY rank;
