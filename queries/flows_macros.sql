-- Macros of the flows (two-snapshot comparison, retirements, projections, promotion batches,
-- secondment cohorts, grassroots sourcing). Loaded after macros.sql.

-- Whether level a is higher than level b (level_t is ordered from the highest level down).
CREATE OR REPLACE MACRO level_above(a, b) AS
  a IS NOT NULL AND b IS NOT NULL AND CAST(a AS level_t) < CAST(b AS level_t);

-- Leading posts (领导职务): 乡科级副职 and above.
CREATE OR REPLACE MACRO is_leading(lvl) AS
  lvl IS NOT NULL AND CAST(lvl AS level_t) <= CAST('乡科级副职' AS level_t);

-- The reserve type that prepares for a level's posts (处级后备 for 县处级, 科级后备 for 乡科级).
CREATE OR REPLACE MACRO reserve_for(lvl) AS CASE
  WHEN CAST(lvl AS VARCHAR) IN ('县处级正职', '县处级副职') THEN '处级后备'
  WHEN CAST(lvl AS VARCHAR) IN ('乡科级正职', '乡科级副职') THEN '科级后备' END;

-- 来源 as rosters write it, grouped (村（社区）干部 and 村(社区)干部, 军队转业干部 and 军转干部 …);
-- anything else stays as written.
CREATE OR REPLACE MACRO source_group(s) AS CASE
  WHEN s IS NULL THEN NULL
  WHEN regexp_matches(s, '大学生村官') THEN '大学生村官'
  WHEN regexp_matches(s, '村|社区') THEN '村(社区)干部'
  WHEN regexp_matches(s, '企业|事业|企事业') THEN '企事业单位'
  WHEN regexp_matches(s, '选调') THEN '选调生'
  WHEN regexp_matches(s, '军转|转业|军队') THEN '军转干部'
  WHEN regexp_matches(s, '考录|考试录用|公务员') THEN '公务员考录'
  ELSE s END;

-- Sources from villages, communities and enterprises (Fangcheng's 基层一线, seed 001).
CREATE OR REPLACE MACRO grassroots_source(g) AS
  coalesce(g IN ('村(社区)干部', '大学生村官', '企事业单位'), false);

-- 副处 and above (Hangzhou's 副处以上).
CREATE OR REPLACE MACRO senior_plus(lvl) AS
  lvl IS NOT NULL AND CAST(lvl AS level_t) <= CAST('县处级副职' AS level_t);

-- A doctorate: a 博士 degree, full-time or in-service. A master's: a 硕士 degree and no 博士; or,
-- with no degree written at all, 研究生 education (a 研究生 is a 硕士 or 博士, and no 博士 is
-- written). A 研究生 whose degree is written as 学士 or none (党校研究生, 在职研究生 without a degree)
-- is no master's.
CREATE OR REPLACE MACRO is_phd(degree_ft, degree_is) AS
  coalesce(regexp_matches(degree_ft, '博士'), false)
  OR coalesce(regexp_matches(degree_is, '博士'), false);
CREATE OR REPLACE MACRO is_masters(edu, degree_ft, degree_is) AS
  NOT is_phd(degree_ft, degree_is) AND (coalesce(regexp_matches(degree_ft, '硕士'), false)
    OR coalesce(regexp_matches(degree_is, '硕士'), false)
    OR (degree_ft IS NULL AND degree_is IS NULL
      AND coalesce(CAST(edu AS VARCHAR) = '研究生', false)));

-- Every row of `cadres` with its birth month and in_scope: whether it passes the global filters
-- (the test of cadre_rows_where(true)). With no filter set the test is not evaluated at all, so
-- the flows' queries that need the rows in scope and the others read the rows once, cheaply.
CREATE OR REPLACE VIEW cadre_rows_filtered AS
SELECT c.*, CAST(date_trunc('month', c.birth_date) AS DATE) AS birth_month,
  CASE WHEN c.ethnicity IS NULL THEN NULL WHEN c.ethnicity = '汉族' THEN '汉族' ELSE '少数民族' END
    AS ethnic_group,
  CASE WHEN nf.v THEN true ELSE in_filter(f.unit, c.unit_id)
    AND passes_filters(f.region, c.region, f.unit_type, c.unit_type, f.level, c.level, f.rank, c.rank, f.gender, c.gender, f.ethnicity, c.ethnicity, f.education, c.education_highest, f.education_fulltime, c.education_fulltime, f.party, c.party, in_cohorts(f.cohort, f.cohort_decades, c.birth_date), f.reserve, c.reserve, f.grassroots, grassroots_class(c.grassroots_years), in_years_bands(f.years_at_level, f.years_floors, c.level_since, c.snapshot_date), f.age_min, f.age_max, c.birth_date, age_on_date(f.age_on, f.age_on_snapshot, c.snapshot_date))
  END AS in_scope
FROM cadres c, filter_state f, (SELECT no_filters() AS v) nf;
CREATE OR REPLACE VIEW cadre_rows_scoped AS SELECT * FROM cadre_rows_filtered;

-- The same for a session that has no filters (the report and trend CLIs point cadre_rows_scoped
-- here until a filter is set: unfilteredSession): no filter column is read, and a province's
-- history is read for the columns each query asks for only.
CREATE OR REPLACE VIEW cadre_rows_unfiltered AS
SELECT c.*, CAST(date_trunc('month', c.birth_date) AS DATE) AS birth_month,
  CASE WHEN c.ethnicity IS NULL THEN NULL WHEN c.ethnicity = '汉族' THEN '汉族' ELSE '少数民族' END
    AS ethnic_group,
  true AS in_scope
FROM cadres c;

-- The same for one snapshot s (a value: only its rows are read).
CREATE OR REPLACE MACRO rows_at_snapshot(s) AS TABLE
SELECT c.*, CAST(date_trunc('month', c.birth_date) AS DATE) AS birth_month,
  CASE WHEN c.ethnicity IS NULL THEN NULL WHEN c.ethnicity = '汉族' THEN '汉族' ELSE '少数民族' END
    AS ethnic_group,
  CASE WHEN nf.v THEN true ELSE in_filter(f.unit, c.unit_id)
    AND passes_filters(f.region, c.region, f.unit_type, c.unit_type, f.level, c.level, f.rank, c.rank, f.gender, c.gender, f.ethnicity, c.ethnicity, f.education, c.education_highest, f.education_fulltime, c.education_fulltime, f.party, c.party, in_cohorts(f.cohort, f.cohort_decades, c.birth_date), f.reserve, c.reserve, f.grassroots, grassroots_class(c.grassroots_years), in_years_bands(f.years_at_level, f.years_floors, c.level_since, c.snapshot_date), f.age_min, f.age_max, c.birth_date, age_on_date(f.age_on, f.age_on_snapshot, c.snapshot_date))
  END AS in_scope
FROM cadres c, filter_state f, (SELECT no_filters() AS v) nf
WHERE c.snapshot_date = CAST(s AS DATE);

-- Every person of snapshots sa and sb (snapshot dates, given as values so that only their rows
-- are read), joined by person_id: their row at each (a_* / b_*, NULL where absent) and whether
-- that row passes the global filters (a_in / b_in). unit_renamed: the person's unit of sa is gone
-- at sb and most of its people who stayed, and half its people at sa (two at least), are in one
-- unit that sb alone has, as when a reform renames a unit without a 单位代码 (农业局 → 农业农村局):
-- they did not move.
CREATE OR REPLACE MACRO snapshot_pairs(sa, sb) AS TABLE
WITH x AS (SELECT * FROM rows_at_snapshot(sa)),
y AS (SELECT * FROM rows_at_snapshot(sb)),
j AS (
SELECT coalesce(x.person_id, y.person_id) AS person_id,
  CAST(sa AS DATE) AS date_a, CAST(sb AS DATE) AS date_b,
  x.person_id IS NOT NULL AS a_present, y.person_id IS NOT NULL AS b_present,
  coalesce(x.in_scope, false) AS a_in, coalesce(y.in_scope, false) AS b_in,
  coalesce(y.name, x.name) AS name, coalesce(y.gender, x.gender) AS gender,
  coalesce(y.birth_month, x.birth_month) AS birth_month,
  coalesce(y.retirement_date, x.retirement_date) AS retirement_date,
  x.level AS a_level, y.level AS b_level, x.rank AS a_rank, x.unit_id AS a_unit,
  y.unit_id AS b_unit,
  x.unit_name AS a_unit_name, y.unit_name AS b_unit_name, x.region AS a_region,
  y.region AS b_region, x.unit_type AS a_unit_type, y.unit_type AS b_unit_type,
  x.post_class AS a_post_class, y.post_class AS b_post_class,
  x.is_team_member AS a_team, y.is_team_member AS b_team, x.reserve AS a_reserve,
  y.reserve AS b_reserve, x.post_title AS a_post, y.post_title AS b_post,
  x.ethnicity AS a_ethnicity, y.ethnicity AS b_ethnicity, x.party AS a_party, y.party AS b_party,
  x.education_fulltime AS a_edu_ft, y.education_fulltime AS b_edu_ft,
  x.education_highest AS a_edu, y.education_highest AS b_edu
FROM x FULL JOIN y ON x.person_id = y.person_id
),
-- Renames come from the units one snapshot has and the other has not, whatever the filters: read
-- on their own (narrow), so that x and y are each read once (referred to again, DuckDB kept
-- them whole, and the comparison took twice as long on a million rows).
ra AS MATERIALIZED (SELECT person_id, unit_id FROM cadres WHERE snapshot_date = CAST(sa AS DATE)),
rb AS MATERIALIZED (SELECT person_id, unit_id FROM cadres WHERE snapshot_date = CAST(sb AS DATE)),
units_a AS (SELECT DISTINCT unit_id FROM ra WHERE unit_id IS NOT NULL),
units_b AS (SELECT DISTINCT unit_id FROM rb WHERE unit_id IS NOT NULL),
gone AS (SELECT person_id, unit_id AS ua FROM ra
  WHERE unit_id IN (SELECT unit_id FROM units_a EXCEPT SELECT unit_id FROM units_b)),
fresh AS (SELECT person_id, unit_id AS ub FROM rb
  WHERE unit_id IN (SELECT unit_id FROM units_b EXCEPT SELECT unit_id FROM units_a)),
sizes AS (
  SELECT ua, count(*) AS was, count(*) FILTER (WHERE person_id IN (SELECT person_id FROM rb))
    AS stayed
  FROM gone GROUP BY ua
),
moved AS (SELECT ua, ub, count(*) AS n FROM gone JOIN fresh USING (person_id) GROUP BY ua, ub),
renamed AS (
  SELECT ua, ub FROM moved JOIN sizes USING (ua)
  WHERE n >= 2 AND n * 2 > stayed AND n * 2 >= was
)
SELECT j.*, r.ua IS NOT NULL AS unit_renamed
FROM j LEFT JOIN renamed r ON r.ua = j.a_unit AND r.ub = j.b_unit;

-- Whether both snapshots say who is a reserve: reserves come and go only between two such
-- rosters. A month with no reserve at all beside one with two or more was exported without the
-- 后备干部 column (the rows cannot tell a missing column from every cell 否): it is not everyone
-- leaving, or joining, the reserve. One reserve leaving and none left is still said.
CREATE OR REPLACE MACRO both_name_reserves(sa, sb) AS (
  WITH n AS (
    SELECT count(*) FILTER (WHERE snapshot_date = CAST(sa AS DATE)) AS a,
      count(*) FILTER (WHERE snapshot_date = CAST(sb AS DATE)) AS b
    FROM cadres WHERE snapshot_date IN (CAST(sa AS DATE), CAST(sb AS DATE))
      AND reserve IS NOT NULL
  )
  SELECT NOT ((a = 0 AND b >= 2) OR (b = 0 AND a >= 2)) FROM n
);

-- What happened to each person between the two snapshots, one row per event and side: entered
-- and left (of the roster; left people whose exit month fell on or before the later snapshot's
-- month also 'retired'), promoted (a higher level), moved_out/moved_in (another unit), reserve_on
-- and reserve_off (when both snapshots name reserves); and 'at_a'/'at_b' for everyone present, to
-- count headcounts. Each row names the side's region and unit, and counts where that side passes
-- the filters (in_scope).
CREATE OR REPLACE MACRO flow_events(sa, sb) AS TABLE
WITH p AS (SELECT * FROM snapshot_pairs(sa, sb)),
says AS (SELECT both_name_reserves(sa, sb) AS reserve),
ev AS (
  SELECT *, unnest([
    CASE WHEN a_present THEN {'kind': 'at_a', 'side': 'a'} END,
    CASE WHEN b_present THEN {'kind': 'at_b', 'side': 'b'} END,
    CASE WHEN b_present AND NOT a_present THEN {'kind': 'entered', 'side': 'b'} END,
    CASE WHEN a_present AND NOT b_present THEN {'kind': 'left', 'side': 'a'} END,
    CASE WHEN a_present AND NOT b_present
      AND exit_month(birth_month, gender, a_level, a_rank, retirement_date)
        <= date_trunc('month', date_b)
      THEN {'kind': 'retired', 'side': 'a'} END,
    CASE WHEN a_present AND b_present AND level_above(b_level, a_level)
      THEN {'kind': 'promoted', 'side': 'b'} END,
    CASE WHEN a_present AND b_present AND a_unit IS DISTINCT FROM b_unit AND NOT unit_renamed
      THEN {'kind': 'moved_out', 'side': 'a'} END,
    CASE WHEN a_present AND b_present AND a_unit IS DISTINCT FROM b_unit AND NOT unit_renamed
      THEN {'kind': 'moved_in', 'side': 'b'} END,
    CASE WHEN a_present AND b_present AND a_reserve IS NULL AND b_reserve IS NOT NULL
      AND says.reserve THEN {'kind': 'reserve_on', 'side': 'b'} END,
    CASE WHEN a_present AND b_present AND a_reserve IS NOT NULL AND b_reserve IS NULL
      AND says.reserve THEN {'kind': 'reserve_off', 'side': 'b'} END
  ]) AS e
  FROM p, says
)
SELECT person_id, e.kind AS kind, e.side AS side, date_a, date_b, name, gender, birth_month,
  CASE e.side WHEN 'a' THEN a_in ELSE b_in END AS in_scope,
  CASE e.side WHEN 'a' THEN a_region ELSE b_region END AS region,
  CASE e.side WHEN 'a' THEN a_unit ELSE b_unit END AS unit_id,
  CASE e.side WHEN 'a' THEN a_unit_name ELSE b_unit_name END AS unit_name,
  CASE e.side WHEN 'a' THEN a_level ELSE b_level END AS level,
  CASE e.side WHEN 'a' THEN a_post ELSE b_post END AS post_title,
  CASE e.side WHEN 'a' THEN a_reserve ELSE b_reserve END AS reserve,
  CASE e.side WHEN 'a' THEN a_ethnicity ELSE b_ethnicity END AS ethnicity,
  CASE e.side WHEN 'a' THEN a_party ELSE b_party END AS party,
  CASE e.side WHEN 'a' THEN a_edu_ft ELSE b_edu_ft END AS education_fulltime,
  CASE e.side WHEN 'a' THEN a_edu ELSE b_edu END AS education_highest,
  CASE e.side WHEN 'a' THEN date_a ELSE date_b END AS side_date,
  a_level, b_level, a_rank, a_unit_name, b_unit_name, a_reserve, b_reserve, retirement_date,
  a_region IS DISTINCT FROM b_region AS crossed_region
FROM ev WHERE e IS NOT NULL;

-- Each member of each ratio rule at either of two reference dates (ra earlier, rb later; sa and
-- sb the snapshots in force at them), within the filters: member and counted (young) at each
-- (counted_under, age at each reference date), and why the member counts differently: 'entered' or 'left' the roster, 'promoted' or 'moved' into or out of the
-- population (a change of level, unit, post or team, or of the filters' scope), 'aged_out'
-- (stayed a member and crossed the age threshold), 'other' (stayed and became young: a corrected
-- birth date); NULL when nothing changed.
CREATE OR REPLACE MACRO rule_flow_rows(ra, rb, sa, sb) AS TABLE
WITH p AS (
  SELECT person_id, a_present, b_present, a_in, b_in, birth_month, gender, a_level, b_level,
    a_unit_type, b_unit_type, a_post_class, b_post_class, a_team, b_team, a_party, b_party,
    a_ethnicity, b_ethnicity, a_edu, b_edu
  FROM snapshot_pairs(sa, sb) WHERE a_in OR b_in
),
-- Each person at each side in scope, as the rule keys and counted_under read them.
sides AS (
  SELECT person_id, true AS side_a, CAST(ra AS DATE) AS ref, a_level AS level,
    a_unit_type AS unit_type, a_post_class AS post_class, a_team AS team, birth_month, gender,
    a_party AS party, a_ethnicity AS ethnicity, a_edu AS education_highest, a_present, b_present,
    a_level, b_level
  FROM p WHERE a_present AND a_in
  UNION ALL
  SELECT person_id, false, CAST(rb AS DATE), b_level, b_unit_type, b_post_class, b_team,
    birth_month, gender, b_party, b_ethnicity, b_edu, a_present, b_present, a_level, b_level
  FROM p WHERE b_present AND b_in
),
s AS (
  SELECT *, CASE WHEN ethnicity IS NULL THEN NULL WHEN ethnicity = '汉族' THEN '汉族'
      ELSE '少数民族' END AS ethnic_group
  FROM sides
),
m AS (
  SELECT k.metric_id, s.person_id, bool_or(s.side_a) AS in_a, bool_or(NOT s.side_a) AS in_b,
    bool_or(s.side_a AND counted_under(r.max_age, r.born_from, r.born_to, r.gender, r.party,
      r.minority, r.education_min, age_at(s.birth_month, s.ref),
      s.birth_month, s.gender, s.party, s.ethnic_group, s.education_highest)) AS y_a,
    bool_or(NOT s.side_a AND counted_under(r.max_age, r.born_from, r.born_to, r.gender, r.party,
      r.minority, r.education_min, age_at(s.birth_month, s.ref),
      s.birth_month, s.gender, s.party, s.ethnic_group, s.education_highest)) AS y_b,
    any_value(s.a_present) AS a_present, any_value(s.b_present) AS b_present,
    any_value(s.a_level) AS a_level, any_value(s.b_level) AS b_level,
    any_value(s.birth_month) AS birth_month
  FROM s
  JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only,
    s.level, s.unit_type, s.post_class, s.team)
  JOIN ratio_rules r ON r.metric_id = k.metric_id
  GROUP BY k.metric_id, s.person_id
)
SELECT *, CASE
    WHEN NOT a_present THEN 'entered'
    WHEN NOT b_present THEN 'left'
    WHEN in_a <> in_b THEN CASE WHEN level_above(b_level, a_level) THEN 'promoted' ELSE 'moved' END
    WHEN y_a AND NOT y_b THEN 'aged_out'
    WHEN y_a <> y_b THEN 'other'
  END AS cause
FROM m;

-- The cadres in scope at reference date r (s: the snapshot in force at r, given as a value) with
-- the month each leaves (exit_month), where that month comes from, the months from r's month to
-- it, and whether they are due (that month on or before r's). Where a blank 性别 decides the
-- month, leave_month and months_left are NULL (unknown); leave_by is the later of the two months,
-- so a cadre past it is due whatever the gender (basis 'no_gender'). first_left and last_left:
-- the months from r's month to the earlier and the later of them (the same when the month is
-- known), so that a window holding both counts the cadre (basis 'no_gender_range'); leave_year:
-- the year of both, when they share one; undecided: a window holds one of them only.
-- probation_end: the month a 任职试用期 ends (probation_rules), counted from 任现职务层次时间 on or
-- before r, for the levels and posts it covers (else NULL); probation_unknown: such a post with
-- no 任现职务层次时间; probation_left: the months from r's month to probation_end.
-- Which of the retirement windows a number of months falls in: due (≤ 0), 12, 36, 60, later.
CREATE OR REPLACE MACRO window_of(m) AS CASE WHEN m < 1 THEN 0 WHEN m <= 12 THEN 1
  WHEN m <= 36 THEN 2 WHEN m <= 60 THEN 3 ELSE 4 END;

CREATE OR REPLACE MACRO retirement_rows(r, s) AS TABLE
WITH c AS (
  SELECT c.* EXCLUDE (on_probation), e.age AS exit_age,
    -- 任职试用期 (probation_rules): from the promotion to the level, for the posts it covers.
    CASE WHEN c.on_probation AND c.level_since <= CAST(r AS DATE)
      THEN CAST(date_trunc('month', c.level_since) + to_months(c.probation_months) AS DATE) END
      AS probation_end,
    c.on_probation AND c.level_since IS NULL AS probation_unknown
  FROM (
    SELECT c.*, p.months AS probation_months,
      list_contains(p.levels, CAST(c.level AS VARCHAR))
        AND NOT coalesce(list_contains(post_classes_of(p.except_post_classes),
          CAST(c.post_class AS VARCHAR)), false)
        AND NOT (p.except_team_principals AND coalesce(c.is_team_member AND c.is_principal, false))
        AS on_probation
    -- Joined, not crossed: a rule set without a probation leaves every cadre without one.
    FROM rows_at_snapshot(s) c LEFT JOIN probation_rules p ON true
  ) c LEFT JOIN exit_ages e ON e.level = CAST(c.level AS VARCHAR)
  WHERE c.in_scope
),
-- The months once per distinct birth month, gender, level, rank, roster month and exit age (a
-- million cadres have a few thousand), kept apart: used over and over as columns of the rows,
-- leave_first's three leave_month_of were planned again at each use (a small roster's retirement
-- statements took five times as long).
k AS MATERIALIZED (
  SELECT *, leave_first IS NOT DISTINCT FROM leave_by AS exact,
    date_diff('month', date_trunc('month', CAST(r AS DATE)), leave_first) AS first_left,
    date_diff('month', date_trunc('month', CAST(r AS DATE)), leave_by) AS last_left,
    CASE WHEN year(leave_first) = year(leave_by) THEN year(leave_by) END AS leave_year,
    leave_basis_of(birth_month, gender, retirement_date, exit_age, leave_by) AS basis
  FROM (
    SELECT d.*,
      leave_month_of(d.birth_month, d.gender, d.level, d.rank, d.retirement_date, d.exit_age,
        q.men_age, q.women_age, q.women_county_age, q.women_county_delayed, q.delay_from_60,
        q.delay_from_55, q.delay_step, q.delay_max) AS leave_by,
      CASE WHEN d.gender IS NULL THEN least(
          leave_month_of(d.birth_month, '男', d.level, d.rank, d.retirement_date, d.exit_age,
            q.men_age, q.women_age, q.women_county_age, q.women_county_delayed,
            q.delay_from_60, q.delay_from_55, q.delay_step, q.delay_max),
          leave_month_of(d.birth_month, '女', d.level, d.rank, d.retirement_date, d.exit_age,
            q.men_age, q.women_age, q.women_county_age, q.women_county_delayed,
            q.delay_from_60, q.delay_from_55, q.delay_step, q.delay_max))
        ELSE leave_month_of(d.birth_month, d.gender, d.level, d.rank, d.retirement_date,
          d.exit_age, q.men_age, q.women_age, q.women_county_age, q.women_county_delayed,
          q.delay_from_60, q.delay_from_55, q.delay_step, q.delay_max) END AS leave_first
    FROM (SELECT DISTINCT birth_month, gender, level, rank, retirement_date, exit_age FROM c) d
    CROSS JOIN retirement_rules q
  )
)
SELECT c.*, k.leave_by, k.leave_first, k.first_left, k.last_left, k.leave_year,
  CASE WHEN k.exact THEN k.leave_by END AS leave_month,
  CASE WHEN k.exact THEN k.basis
    WHEN k.last_left < 1 THEN 'no_gender'
    WHEN k.leave_first IS NOT NULL THEN 'no_gender_range' END AS leave_basis,
  age_at(c.birth_month, CAST(r AS DATE)) AS age,
  CASE WHEN k.exact THEN k.last_left END AS months_left,
  -- No exit month, and the two months fall on either side of being due or of a 12, 36 or 60
  -- month window: the windows cannot say (unknown).
  NOT k.exact AND k.last_left > 0
    AND coalesce(window_of(k.first_left) <> window_of(k.last_left), true) AS undecided,
  coalesce(k.last_left < 1, false) AS due,
  date_diff('month', date_trunc('month', CAST(r AS DATE)), c.probation_end) AS probation_left
FROM c JOIN k ON c.birth_month IS NOT DISTINCT FROM k.birth_month
  AND c.gender IS NOT DISTINCT FROM k.gender AND c.level IS NOT DISTINCT FROM k.level
  AND c.rank IS NOT DISTINCT FROM k.rank AND c.retirement_date IS NOT DISTINCT FROM k.retirement_date
  AND c.exit_age IS NOT DISTINCT FROM k.exit_age;

-- Whether the filters let every cadre through (the filtered cube counts as many as the cube).
CREATE OR REPLACE MACRO filters_off() AS
  (SELECT coalesce(sum(n), 0) FROM scoped) = (SELECT coalesce(sum(n), 0) FROM cube);

-- Promotions up to reference date r: from the appointment events (use_events) or else from
-- consecutive snapshots (a higher level than in the person's snapshot before; batch = the later
-- snapshot's date). Each with the level promoted to, the age at the promotion, the highest young
-- age of that level (promotions to a level Y9 does not list are left out), and the row that
-- places the person (the first snapshot on or after the event, else the last before it) for the
-- filters and the people list.
CREATE OR REPLACE MACRO promotion_rows(r, use_events) AS TABLE
WITH births AS (
  SELECT person_id, max(birth_date) AS birth FROM cadres
  WHERE use_events GROUP BY person_id
),
-- An event without a person id (its 姓名 stands for one: loadEvents) is the roster's person of
-- that name, when only one person has it.
named AS (
  SELECT name, any_value(person_id) AS person_id, max(birth_date) AS birth FROM cadres
  WHERE use_events AND name IS NOT NULL
  GROUP BY name HAVING count(DISTINCT person_id) = 1
),
ev AS (
  SELECT coalesce(b.person_id, n.person_id, a.person_id) AS person_id, a.name, a.event_date,
    coalesce(a.batch_id, strftime(a.event_date, '%Y-%m-%d')) AS batch, a.from_level, a.to_level,
    coalesce(a.birth_date, b.birth, n.birth) AS birth, a.source_row
  FROM appointments a LEFT JOIN births b ON b.person_id = a.person_id
  LEFT JOIN named n ON b.person_id IS NULL AND a.person_id = a.name AND n.name = a.name
  WHERE use_events AND a.is_promotion AND a.event_date <= CAST(r AS DATE)
),
seen AS (SELECT person_id, snapshot_date FROM cadres WHERE use_events),
placed AS (
  SELECT e.*, coalesce(
      (SELECT min(s.snapshot_date) FROM seen s
       WHERE s.person_id = e.person_id AND s.snapshot_date >= e.event_date),
      (SELECT max(s.snapshot_date) FROM seen s
       WHERE s.person_id = e.person_id AND s.snapshot_date < e.event_date)) AS placed_on
  FROM ev e
),
from_events AS (
  SELECT p.*, CASE WHEN p.placed_on IS NULL THEN filters_off()
      ELSE (p.person_id, p.placed_on) IN (SELECT (person_id, snapshot_date) FROM scoped_rows) END
      AS in_scope
  FROM placed p
),
-- Each person's last known level before this row (a month missing from a person's rows, on leave
-- or left out of one export, or a month whose level could not be read, does not hide a promotion
-- across it).
steps AS (
  SELECT person_id, snapshot_date, level AS to_level,
    last_value(level IGNORE NULLS) OVER (PARTITION BY person_id ORDER BY snapshot_date
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS from_level
  FROM cadres
  WHERE NOT use_events AND snapshot_date <= CAST(r AS DATE)
),
from_snapshots AS (
  SELECT y.person_id, y.name, y.snapshot_date AS event_date,
    strftime(y.snapshot_date, '%Y-%m-%d') AS batch, x.from_level, x.to_level,
    y.birth_date AS birth, NULL::INTEGER AS source_row, y.snapshot_date AS placed_on,
    true AS in_scope
  FROM steps x
  JOIN scoped_rows y ON y.person_id = x.person_id AND y.snapshot_date = x.snapshot_date
  WHERE level_above(x.to_level, x.from_level)
),
u AS (
  SELECT * FROM from_events UNION ALL BY NAME SELECT * FROM from_snapshots
)
SELECT u.*, q.max_age, age_at(u.birth, u.event_date) AS age,
  CASE WHEN u.birth IS NOT NULL THEN age_at(u.birth, u.event_date) <= q.max_age END AS is_young
FROM u JOIN promotion_young q ON q.level = CAST(u.to_level AS VARCHAR)
WHERE u.in_scope;

-- Whether a row of the snapshot in force is seconded at r: its term has started by r (a row
-- with a 挂职类型 or 挂职单位 and no start: the roster says so) and not ended before r (the end
-- is the last day of the term's last month).
CREATE OR REPLACE MACRO seconded_at(r, start_, end_, kind, unit) AS
  coalesce(start_ <= r, kind IS NOT NULL OR unit IS NOT NULL) AND coalesce(end_ >= r, true);

-- How many months of year y a term from s to e holds (by month, both ends included).
CREATE OR REPLACE MACRO months_in_year(s, e, y) AS greatest(0,
  date_diff('month', greatest(date_trunc('month', s), make_date(y, 1, 1)),
    least(date_trunc('month', e), make_date(y, 12, 1))) + 1);

-- Whether a term that has not ended before r ends within `months` months after r's month: by
-- month, as terms are written (2008.12 is its last day, and is within 3 months of 2008-09-30).
CREATE OR REPLACE MACRO ends_within(end_, r, months) AS
  end_ >= r AND date_trunc('month', end_) <= date_trunc('month', r) + to_months(months);

-- Secondment cohorts (挂职) up to snapshot s (a value): each person of each cohort (挂职批次, or
-- the start year), placed by their row in the first snapshot that shows them in it (as sent;
-- in_scope: that row passes the filters), with their age at the start of the term (else at that
-- snapshot), and the outcome within `years` years of the start, from their later rows up to s:
-- promoted (a higher level), or else moved to a key post (a principal post or a team seat they
-- did not hold when sent); observed_to: the last snapshot that counts. Only the columns the
-- cohorts and their people lists show: every column of a province's 24 months took seconds.
CREATE OR REPLACE MACRO secondment_rows(s, years) AS TABLE
-- The months of each term, narrow: a province's 24 months are read for a few columns.
WITH terms AS NOT MATERIALIZED (
  SELECT person_id, snapshot_date, secondment_start, level, is_principal, is_team_member,
    -- A month whose roster left 挂职批次 blank keeps the batch the term has in the others.
    coalesce(secondment_batch,
      max(secondment_batch) OVER (PARTITION BY person_id, secondment_start),
      strftime(secondment_start, '%Y') || '年') AS sec_cohort
  FROM cadres
  WHERE snapshot_date <= CAST(s AS DATE)
    AND (secondment_type IS NOT NULL OR secondment_start IS NOT NULL
      OR secondment_batch IS NOT NULL)
),
-- Each cohort's member as sent: the first month of the term (a month has one row a person, so
-- that row is of this cohort).
sent AS NOT MATERIALIZED (
  SELECT person_id, sec_cohort, snapshot_date, sent.level, sent.is_principal,
    sent.is_team_member,
    CAST(coalesce(sent.start, snapshot_date) + to_years(CAST(years AS INTEGER)) AS DATE)
      AS outcome_by
  FROM (
    SELECT person_id, sec_cohort, min(snapshot_date) AS snapshot_date,
      arg_min({'start': secondment_start, 'level': level, 'is_principal': is_principal,
        'is_team_member': is_team_member}, snapshot_date) AS sent
    FROM terms WHERE sec_cohort IS NOT NULL GROUP BY person_id, sec_cohort
  )
),
-- Each member's row as sent, with only the columns its reader asks for.
m AS (
  SELECT x.person_id, x.snapshot_date, x.name, x.gender, x.birth_month, x.ethnicity, x.party,
    x.education_fulltime, x.education_highest, x.degree_fulltime, x.degree_inservice, x.region, x.unit_id,
    x.unit_name, x.post_title, x.level, x.reserve, x.is_principal, x.is_team_member,
    x.secondment_type, x.secondment_unit, x.secondment_start, x.secondment_end,
    x.secondment_batch, x.in_scope, t.sec_cohort, t.outcome_by
  FROM cadre_rows_scoped x JOIN sent t
    ON t.person_id = x.person_id AND t.snapshot_date = x.snapshot_date
),
later AS (
  SELECT t.person_id, t.sec_cohort,
    bool_or(level_above(c.level, t.level)) AS promoted,
    bool_or((coalesce(c.is_principal, false) AND NOT coalesce(t.is_principal, false))
      OR (coalesce(c.is_team_member, false) AND NOT coalesce(t.is_team_member, false))) AS key_post,
    max(c.snapshot_date) AS observed_to
  FROM sent t
  JOIN cadres c ON c.person_id = t.person_id AND c.snapshot_date > t.snapshot_date
    AND c.snapshot_date <= t.outcome_by AND c.snapshot_date <= CAST(s AS DATE)
  GROUP BY ALL
)
SELECT m.*, age_at(m.birth_month, coalesce(m.secondment_start, m.snapshot_date)) AS age,
  coalesce(l.promoted, false) AS promoted,
  NOT coalesce(l.promoted, false) AND coalesce(l.key_post, false) AS key_post,
  l.observed_to
FROM m LEFT JOIN later l ON l.person_id = m.person_id AND l.sec_cohort = m.sec_cohort;
