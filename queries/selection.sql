-- Selection (符合条件人选, condition search, candidates for each team's gap): macros shared by
-- eligibility.sql, eligibility_summary.sql, candidates.sql, candidate_list.sql and whatif.sql.
-- Each criterion of a person is 'pass', 'fail' or 'unknown' (the roster lacks the data); NULL
-- when the rule does not test it.

-- Whole months from s to r: a month counts once r's day of the month reaches s's.
CREATE OR REPLACE MACRO full_months(s, r) AS CAST(
  (year(r) * 12 + month(r)) - (year(s) * 12 + month(s)) - CASE WHEN day(r) < day(s) THEN 1 ELSE 0 END
  AS INTEGER);

-- Education as a rank (研究生 1 … 中专及以下 4); NULL for 未知.
CREATE OR REPLACE MACRO education_rank(x) AS
  list_position(['研究生', '大学本科', '大学专科', '中专及以下'], CAST(x AS VARCHAR));

-- The annual reviews a text records ("2022年度称职；2023年度优秀", "2024称职,2023优秀"), newest
-- year first, as {y, r}. A year written without a recognised result is not on record; 基本称职
-- and 不称职 are matched before 称职.
CREATE OR REPLACE MACRO appraisal_list(s) AS list_sort(list_transform(
  list_zip(
    regexp_extract_all(s, '((?:19|20)[0-9]{2})[^0-9]*?(优秀|基本称职|不称职|称职|不确定等次|不定等次)', 1),
    regexp_extract_all(s, '((?:19|20)[0-9]{2})[^0-9]*?(优秀|基本称职|不称职|称职|不确定等次|不定等次)', 2)),
  z -> {'y': CAST(z[1] AS INTEGER), 'r': z[2]}), 'DESC');

-- Whether the last n reviews of a list (newest first) are all among `ok`: 'fail' when one of
-- them is not, 'unknown' when fewer than n are on record, else 'pass'.
CREATE OR REPLACE MACRO appraisal_status(items, n, ok) AS CASE
  WHEN n IS NULL THEN NULL
  WHEN NOT list_bool_and(list_transform(items[1:n], x -> list_contains(ok, x.r))) THEN 'fail'
  WHEN len(items) < n THEN 'unknown'
  ELSE 'pass' END;

-- Age limits: the first limit naming the level applies (a limit without levels names every
-- level); with the level unknown, the age passes when it is within every limit, fails when it is
-- within none, and is unknown otherwise.
CREATE OR REPLACE MACRO within_age(x, a) AS
  (x.lo IS NULL OR a >= x.lo) AND (x.hi IS NULL OR a <= x.hi);
CREATE OR REPLACE MACRO age_limit_for(lims, lvl) AS
  list_filter(lims, x -> x.levels IS NULL OR list_contains(x.levels, lvl))[1];
CREATE OR REPLACE MACRO age_status(lims, lvl, a) AS CASE
  WHEN lims IS NULL THEN NULL
  WHEN lvl IS NULL THEN CASE
    WHEN list_bool_and(list_transform(lims, x -> within_age(x, a))) THEN 'pass'
    WHEN NOT list_bool_or(list_transform(lims, x -> within_age(x, a))) THEN 'fail'
    ELSE 'unknown' END
  WHEN age_limit_for(lims, lvl) IS NULL THEN 'fail'
  WHEN within_age(age_limit_for(lims, lvl), a) THEN 'pass'
  ELSE 'fail' END;
-- The bound an age fails ('>50', '<25'), for the words "年龄 51 > 50".
CREATE OR REPLACE MACRO age_bound(lims, lvl, a) AS CASE
  WHEN lims IS NULL OR lvl IS NULL OR age_limit_for(lims, lvl) IS NULL THEN NULL
  WHEN age_limit_for(lims, lvl).hi IS NOT NULL AND a > age_limit_for(lims, lvl).hi
    THEN '>' || age_limit_for(lims, lvl).hi
  WHEN age_limit_for(lims, lvl).lo IS NOT NULL AND a < age_limit_for(lims, lvl).lo
    THEN '<' || age_limit_for(lims, lvl).lo
  END;

-- A value against a list of accepted values: unknown when the value is.
CREATE OR REPLACE MACRO in_list_status(list, v) AS CASE
  WHEN list IS NULL THEN NULL
  WHEN v IS NULL THEN 'unknown'
  WHEN list_contains(list, CAST(v AS VARCHAR)) THEN 'pass'
  ELSE 'fail' END;

-- A number of years (or months / 12) in [lo, below).
CREATE OR REPLACE MACRO range_status(lo, below, v) AS CASE
  WHEN lo IS NULL AND below IS NULL THEN NULL
  WHEN v IS NULL THEN 'unknown'
  WHEN (lo IS NULL OR v >= lo) AND (below IS NULL OR v < below) THEN 'pass'
  ELSE 'fail' END;

-- The cadres of the snapshot in force at r that pass the global filters, with their age at r:
-- cadre_rows_at(r), with the filters tested on that snapshot's rows only (several times faster
-- on a roster of many snapshots).
CREATE OR REPLACE MACRO selection_rows_at(r) AS TABLE
WITH snap AS MATERIALIZED (
  SELECT * FROM cadre_rows_where(false) WHERE snapshot_date = snapshot_for(r)
)
SELECT c.*, age_at(c.birth_month, CAST(r AS DATE)) AS age,
  CAST(year(c.birth_month) AS INTEGER) AS birth_year
FROM snap c, filter_state f
WHERE in_filter(f.unit, c.unit_id)
  AND passes_filters(f.region, c.region, f.unit_type, c.unit_type, f.level, c.level, f.rank,
    c.rank, f.gender, c.gender, f.ethnicity, c.ethnicity, f.education, c.education_highest,
    f.party, c.party, f.cohort, c.cohort, f.reserve, c.reserve, f.grassroots, c.grassroots,
    f.years_at_level, c.years_band, f.age_min, f.age_max, c.birth_month, c.snapshot_date);

-- Months as township (street) party secretary up to the reference date r, for everyone who has
-- been one at a snapshot on or before r: `low` and `high` bound it (high NULL: no upper bound
-- known), `source` says where it comes from. From the roster's 任乡镇(街道)党(工)委书记累计年限
-- column when it has one (plus the months since the snapshot for a sitting secretary); else from
-- the spells across the loaded snapshots: each (unit, 任现职时间) as secretary runs from its
-- 任现职时间 (unknown: from the first snapshot that shows it, as a lower bound) to r while it
-- lasts, else to the start of the next post when the next snapshot shows it, else to somewhere
-- between its last snapshot and the next. Overlapping spells count once. With one snapshot this
-- is the 任现职时间 of the current post.
CREATE OR REPLACE MACRO secretary_tenure(r) AS TABLE
WITH ref AS (SELECT CAST(r AS DATE) AS ref, snapshot_for(r) AS snap),
snaps AS (
  SELECT snapshot_date AS d, lead(snapshot_date) OVER (ORDER BY snapshot_date) AS next_d
  FROM snapshot_dates, ref WHERE snapshot_date <= ref.snap
),
col AS (
  SELECT c.person_id, round(c.secretary_years * 12)
      + CASE WHEN c.post_class = 'township_secretary' THEN full_months(ref.snap, ref.ref) ELSE 0 END
      AS months
  FROM cadres c, ref
  WHERE c.snapshot_date = ref.snap AND c.secretary_years IS NOT NULL
),
spells AS (
  SELECT c.person_id, c.unit_id, c.post_since, min(c.snapshot_date) AS first_seen,
    max(c.snapshot_date) AS last_seen
  FROM cadres c, ref
  WHERE c.post_class = 'township_secretary' AND c.snapshot_date <= ref.snap
    AND c.person_id NOT IN (SELECT person_id FROM col)
  GROUP BY ALL
),
ends AS (
  SELECT s.*, n.next_d, nx.post_since AS next_since
  FROM spells s JOIN snaps n ON n.d = s.last_seen
  LEFT JOIN cadres nx ON nx.person_id = s.person_id AND nx.snapshot_date = n.next_d
),
bounds AS (
  SELECT e.person_id,
    coalesce(e.post_since, e.first_seen) AS start_late,
    e.post_since AS start_early,
    CASE WHEN e.next_d IS NULL THEN ref.ref
      WHEN e.next_since > e.last_seen AND e.next_since <= e.next_d THEN e.next_since
      ELSE e.last_seen END AS end_early,
    CASE WHEN e.next_d IS NULL THEN ref.ref
      WHEN e.next_since > e.last_seen AND e.next_since <= e.next_d THEN e.next_since
      ELSE e.next_d END AS end_late
  FROM ends e, ref
),
-- Union of intervals: each one counts from the latest end of those that start before it.
low AS (
  SELECT person_id, sum(CASE WHEN end_early > eff THEN full_months(eff, end_early) ELSE 0 END) AS months
  FROM (
    SELECT person_id, end_early, greatest(start_late, coalesce(max(end_early) OVER (
      PARTITION BY person_id ORDER BY start_late, end_early
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), start_late)) AS eff
    FROM bounds)
  GROUP BY person_id
),
high AS (
  SELECT person_id,
    CASE WHEN bool_or(start_early IS NULL) THEN NULL
      ELSE sum(CASE WHEN end_late > eff THEN full_months(eff, end_late) ELSE 0 END) END AS months
  FROM (
    SELECT person_id, end_late, start_early, greatest(start_early, coalesce(max(end_late) OVER (
      PARTITION BY person_id ORDER BY start_early, end_late
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), start_early)) AS eff
    FROM bounds)
  GROUP BY person_id
)
SELECT person_id, CAST(months AS INTEGER) AS low, CAST(months AS INTEGER) AS high, 'column' AS source
FROM col
UNION ALL
SELECT l.person_id, CAST(l.months AS INTEGER), CAST(h.months AS INTEGER), 'snapshots'
FROM low l JOIN high h USING (person_id);

-- Every person of every eligibility rule's population at the reference date r (one rule when
-- `one_rule` is not NULL), through the global filters, with each criterion's status, the values it
-- read, the person's status (eligible: every criterion passes; unknown (待核实): none fails,
-- some unknown; near: exactly one fails; fail), the criteria failed and missing, whether the
-- person qualifies within `horizon` months (reaching the years as secretary, in post or at the
-- level, a review still to come), and the priority flag.
CREATE OR REPLACE MACRO eligibility_rows(r, horizon, one_rule) AS TABLE
WITH ref AS (
  SELECT CAST(r AS DATE) AS ref, CAST(CAST(r AS DATE) + to_months(horizon) AS DATE) AS later,
    snapshot_for(r) AS snap
),
-- Whether the roster says who is a reserve at all (else a reserve criterion is unknown).
has AS (
  SELECT count(c.reserve) > 0 AS reserve FROM cadres c, ref WHERE c.snapshot_date = ref.snap
),
lims AS (
  SELECT rule_id, list({'levels': levels, 'lo': min_age, 'hi': max_age} ORDER BY idx) AS lims
  FROM eligibility_age_limits GROUP BY rule_id
),
rules AS (
  SELECT e.rule_id, e.sort_order, l.lims, e.born_from AS q_born_from, e.born_to AS q_born_to,
    e.education_min AS q_education, e.fulltime_min AS q_fulltime, e.party AS q_party,
    e.tenure_min AS q_tenure, e.appraisal_years AS q_apr_years, e.appraisal_ok AS q_apr_ok,
    e.grassroots_min AS q_grass_min, e.grassroots_below AS q_grass_below,
    e.unit_types AS q_unit_types, e.levels AS q_levels, e.post_classes AS q_post_classes,
    e.regions AS q_regions, e.reserves AS q_reserves, e.post_years_min AS q_post_min,
    e.post_years_below AS q_post_below, e.level_years_min AS q_level_min,
    e.level_years_below AS q_level_below, e.gender AS q_gender, e.minority AS q_minority,
    e.priority_reserve AS q_priority_reserve, e.priority_max_age AS q_priority_age
  FROM eligibility_rules e LEFT JOIN lims l USING (rule_id)
  WHERE one_rule IS NULL OR e.rule_id = one_rule
),
pop AS MATERIALIZED (
  SELECT k.metric_id AS rule_id, c.*
  FROM selection_rows_at(r) c
  JOIN rule_keys('eligibility') k ON matches_rule_key(k.level, k.unit_type, k.post_class,
    k.team_only, c.level, c.unit_type, c.post_class, c.is_team_member)
  WHERE one_rule IS NULL OR k.metric_id = one_rule
),
texts AS (
  SELECT txt, appraisal_list(txt) AS items
  FROM (SELECT DISTINCT p.appraisals AS txt FROM pop p JOIN rules e USING (rule_id)
        WHERE e.q_apr_years IS NOT NULL AND p.appraisals IS NOT NULL)
),
tenure AS (
  SELECT * FROM secretary_tenure(r)
  WHERE EXISTS (SELECT 1 FROM rules WHERE q_tenure IS NOT NULL)
),
v AS (
  SELECT p.*, e.* EXCLUDE (rule_id), has.reserve AS has_reserve, ref.ref, ref.later,
    a.items AS apr,
    CASE WHEN e.q_tenure IS NULL THEN NULL
      WHEN t.person_id IS NOT NULL THEN t.low
      WHEN p.post_class IS NOT NULL THEN 0 END AS ten_low,
    CASE WHEN e.q_tenure IS NULL THEN NULL
      WHEN t.person_id IS NOT NULL THEN t.high
      WHEN p.post_class IS NOT NULL THEN 0 END AS ten_high,
    full_months(p.post_since, ref.ref) AS post_months,
    full_months(p.level_since, ref.ref) AS level_months,
    age_at(p.birth_month, ref.later) AS age_later
  FROM pop p
  JOIN rules e USING (rule_id)
  CROSS JOIN ref CROSS JOIN has
  LEFT JOIN texts a ON a.txt = p.appraisals AND e.q_apr_years IS NOT NULL
  LEFT JOIN tenure t ON t.person_id = p.person_id
),
s AS (
  SELECT v.*,
    age_status(lims, CAST(level AS VARCHAR), age) AS s_age,
    CASE WHEN q_born_from IS NULL AND q_born_to IS NULL THEN NULL
      WHEN (q_born_from IS NULL OR birth_month >= q_born_from)
        AND (q_born_to IS NULL OR birth_month <= q_born_to) THEN 'pass'
      ELSE 'fail' END AS s_birth,
    CASE WHEN q_education IS NULL THEN NULL
      WHEN education_rank(education_highest) IS NOT NULL THEN
        CASE WHEN education_rank(education_highest) <= education_rank(q_education)
          THEN 'pass' ELSE 'fail' END
      WHEN education_rank(education_fulltime) <= education_rank(q_education)
        OR education_rank(education_inservice) <= education_rank(q_education) THEN 'pass'
      ELSE 'unknown' END AS s_education,
    CASE WHEN q_fulltime IS NULL THEN NULL
      WHEN education_rank(education_fulltime) IS NOT NULL THEN
        CASE WHEN education_rank(education_fulltime) <= education_rank(q_fulltime)
          THEN 'pass' ELSE 'fail' END
      -- Full-time education is never above the highest.
      WHEN education_rank(education_highest) > education_rank(q_fulltime) THEN 'fail'
      ELSE 'unknown' END AS s_fulltime,
    CASE WHEN q_party IS NULL THEN NULL WHEN party IS NULL THEN 'unknown'
      WHEN CAST(party AS VARCHAR) = q_party THEN 'pass' ELSE 'fail' END AS s_party,
    CASE WHEN q_tenure IS NULL THEN NULL
      WHEN ten_low >= round(q_tenure * 12) THEN 'pass'
      WHEN ten_high < round(q_tenure * 12) THEN 'fail'
      ELSE 'unknown' END AS s_tenure,
    CASE WHEN q_apr_years IS NULL THEN NULL
      WHEN apr IS NULL THEN 'unknown'
      ELSE appraisal_status(apr, q_apr_years, q_apr_ok) END AS s_appraisals,
    range_status(q_grass_min, q_grass_below, grassroots_years) AS s_grassroots,
    in_list_status(q_unit_types, unit_type) AS s_unit_type,
    in_list_status(q_levels, level) AS s_level,
    in_list_status(q_post_classes, post_class) AS s_post_class,
    in_list_status(q_regions, region) AS s_region,
    CASE WHEN q_reserves IS NULL THEN NULL
      WHEN NOT has_reserve THEN 'unknown'
      WHEN list_contains(q_reserves, CAST(reserve AS VARCHAR)) THEN 'pass' ELSE 'fail' END
      AS s_reserve,
    range_status(q_post_min * 12, q_post_below * 12, post_months) AS s_post_years,
    range_status(q_level_min * 12, q_level_below * 12, level_months) AS s_level_years,
    CASE WHEN q_gender IS NULL THEN NULL WHEN gender IS NULL THEN 'unknown'
      WHEN CAST(gender AS VARCHAR) = q_gender THEN 'pass' ELSE 'fail' END AS s_gender,
    CASE WHEN q_minority IS NULL THEN NULL WHEN ethnicity IS NULL THEN 'unknown'
      WHEN (ethnicity <> '汉族') = q_minority THEN 'pass' ELSE 'fail' END AS s_ethnicity
  FROM v
),
st AS (
  SELECT s.*,
    [{'id': 'age', 's': s_age}, {'id': 'birth', 's': s_birth},
     {'id': 'education', 's': s_education}, {'id': 'fulltime_education', 's': s_fulltime},
     {'id': 'party', 's': s_party}, {'id': 'tenure', 's': s_tenure},
     {'id': 'appraisals', 's': s_appraisals}, {'id': 'grassroots', 's': s_grassroots},
     {'id': 'unit_type', 's': s_unit_type}, {'id': 'level', 's': s_level},
     {'id': 'post_class', 's': s_post_class}, {'id': 'region', 's': s_region},
     {'id': 'reserve', 's': s_reserve}, {'id': 'post_years', 's': s_post_years},
     {'id': 'level_years', 's': s_level_years}, {'id': 'gender', 's': s_gender},
     {'id': 'ethnicity', 's': s_ethnicity}] AS checks,
    -- The same tested `horizon` months on: older, longer in post, a review still to come.
    [age_status(lims, CAST(level AS VARCHAR), age_later),
     CASE WHEN q_tenure IS NULL THEN NULL
       WHEN ten_low + CASE WHEN post_class = 'township_secretary' THEN horizon ELSE 0 END
         >= round(q_tenure * 12) THEN 'pass'
       ELSE 'fail' END,
     CASE WHEN s_appraisals = 'unknown' AND len(apr) = q_apr_years - 1 THEN 'pass'
       ELSE s_appraisals END,
     range_status(q_post_min * 12, q_post_below * 12, post_months + horizon),
     range_status(q_level_min * 12, q_level_below * 12, level_months + horizon),
     s_birth, s_education, s_fulltime, s_party, s_grassroots, s_unit_type, s_level,
     s_post_class, s_region, s_reserve, s_gender, s_ethnicity] AS later_checks
  FROM s
),
o AS (
  SELECT st.*,
    len(list_filter(checks, c -> c.s = 'fail')) AS n_failed,
    len(list_filter(checks, c -> c.s = 'unknown')) AS n_missing
  FROM st
)
SELECT rule_id, person_id, name, CAST(gender AS VARCHAR) AS gender,
  strftime(birth_date, '%Y-%m') AS birth, age, region, unit_id, unit_name, post_title,
  CAST(unit_type AS VARCHAR) AS unit_type, CAST(level AS VARCHAR) AS level,
  CAST(post_class AS VARCHAR) AS post_class, CAST(reserve AS VARCHAR) AS reserve,
  CAST(education_highest AS VARCHAR) AS education_highest,
  CAST(education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(party AS VARCHAR) AS party, political_status, ethnicity, grassroots_years, appraisals,
  CAST(education_inservice AS VARCHAR) AS education_inservice,
  strftime(work_start_date, '%Y-%m') AS work_start, strftime(party_join_date, '%Y-%m') AS party_join,
  strftime(post_since, '%Y-%m') AS post_since, strftime(level_since, '%Y-%m') AS level_since,
  CASE WHEN n_failed = 0 AND n_missing = 0 THEN 'eligible'
    WHEN n_failed = 0 THEN 'unknown'
    WHEN n_failed = 1 THEN 'near'
    ELSE 'fail' END AS status,
  list_transform(list_filter(checks, c -> c.s = 'fail'), c -> c.id) AS failed,
  list_transform(list_filter(checks, c -> c.s = 'unknown'), c -> c.id) AS missing,
  (n_failed > 0 OR n_missing > 0)
    AND coalesce(list_bool_and(list_transform(list_filter(later_checks, x -> x IS NOT NULL),
      x -> x = 'pass')), false) AS will_qualify,
  coalesce(q_priority_reserve AND reserve IS NOT NULL, false)
    OR coalesce(age <= q_priority_age, false) AS priority,
  s_age, age_bound(lims, CAST(level AS VARCHAR), age) AS age_bound, s_birth, s_education,
  s_fulltime, s_party, s_tenure, ten_low AS tenure_months, ten_low = ten_high AS tenure_exact,
  s_appraisals,
  array_to_string(list_transform(apr[1:coalesce(q_apr_years, 3)], x -> x.y || x.r), ' ')
    AS appraisal_last,
  s_grassroots, s_unit_type, s_level, s_post_class, s_region, s_reserve, s_post_years,
  post_months, s_level_years, level_months, s_gender, s_ethnicity, sort_order
FROM o;

