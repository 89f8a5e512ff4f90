-- Selection (符合条件人选, condition search, candidates for each team's gap): macros shared by
-- eligibility.sql, eligibility_summary.sql, candidates.sql, candidate_list.sql and whatif.sql.
-- Each criterion of a person passes, fails or is unknown (the roster lacks the data); NULL
-- when the rule does not test it.

-- Education as a rank (研究生 1 … 中专及以下 4); NULL for 未知.
CREATE OR REPLACE MACRO education_rank(x) AS
  list_position(['研究生', '大学本科', '大学专科', '中专及以下'], CAST(x AS VARCHAR));

-- A criterion's state is a code: 1 passes, 2 fails, 3 unknown (the roster lacks the data);
-- NULL when the rule does not test it. Codes keep a million rows cheap; words come at the end.

-- Whether the last n reviews of a list (newest first) are all among `ok`: fails when one of
-- them is not, unknown when fewer than n are on record, else passes.
CREATE OR REPLACE MACRO appraisal_status(items, n, ok) AS CASE
  WHEN n IS NULL THEN NULL
  WHEN NOT list_bool_and(list_transform(items[1:n], x -> list_contains(ok, x.r))) THEN 2
  WHEN len(items) < n THEN 3
  ELSE 1 END;

-- A value against a list of accepted values: unknown when the value is.
CREATE OR REPLACE MACRO in_list_status(list, v) AS CASE
  WHEN list IS NULL THEN NULL
  WHEN v IS NULL THEN 3
  WHEN list_contains(list, CAST(v AS VARCHAR)) THEN 1
  ELSE 2 END;

-- A number of years (or months) in [lo, below).
CREATE OR REPLACE MACRO range_status(lo, below, v) AS CASE
  WHEN lo IS NULL AND below IS NULL THEN NULL
  WHEN v IS NULL THEN 3
  WHEN (lo IS NULL OR v >= lo) AND (below IS NULL OR v < below) THEN 1
  ELSE 2 END;

-- A state code in words (for lists and exports).
CREATE OR REPLACE MACRO state_word(code) AS ['pass', 'fail', 'unknown'][code];

-- The criteria, in list order, whose state in `states` (the 17 codes s_age … s_ethnicity, in that
-- order) is `code`: 2 the criteria failed, 3 those missing.
-- (A lambda over the names reading `states` copied the list into every element: ten times slower
-- on a million rows.)
CREATE OR REPLACE MACRO criteria_in_state(states, code) AS
  list_filter([CASE WHEN states[1] = code THEN 'age' END,
    CASE WHEN states[2] = code THEN 'birth' END, CASE WHEN states[3] = code THEN 'education' END,
    CASE WHEN states[4] = code THEN 'fulltime_education' END,
    CASE WHEN states[5] = code THEN 'party' END, CASE WHEN states[6] = code THEN 'tenure' END,
    CASE WHEN states[7] = code THEN 'appraisals' END,
    CASE WHEN states[8] = code THEN 'grassroots' END,
    CASE WHEN states[9] = code THEN 'unit_type' END, CASE WHEN states[10] = code THEN 'level' END,
    CASE WHEN states[11] = code THEN 'post_class' END,
    CASE WHEN states[12] = code THEN 'region' END, CASE WHEN states[13] = code THEN 'reserve' END,
    CASE WHEN states[14] = code THEN 'post_years' END,
    CASE WHEN states[15] = code THEN 'level_years' END,
    CASE WHEN states[16] = code THEN 'gender' END,
    CASE WHEN states[17] = code THEN 'ethnicity' END], c -> c IS NOT NULL);

-- A value as JSON text (DuckDB-WASM has no JSON extension): text quoted and escaped, numbers and
-- booleans as DuckDB writes them (a DOUBLE in its shortest exact form), NULL as null. Text with
-- a quote, a backslash or a control character is escaped character by character.
CREATE OR REPLACE MACRO json_text(x) AS CASE
  WHEN x IS NULL THEN 'null'
  WHEN NOT regexp_matches(CAST(x AS VARCHAR), '["\\\x00-\x1f]') THEN '"' || CAST(x AS VARCHAR) || '"'
  ELSE '"' || array_to_string(list_transform(string_split(CAST(x AS VARCHAR), ''),
      ch -> CASE WHEN ch = '"' THEN '\"' WHEN ch = '\' THEN '\\'
        WHEN ord(ch) < 32 THEN printf('\u%04x', ord(ch)) ELSE ch END), '') || '"' END;
CREATE OR REPLACE MACRO json_value(x) AS coalesce(CAST(x AS VARCHAR), 'null');

-- A criterion's state counted: 1 when it is (NULL, not tested, counts 0).
CREATE OR REPLACE MACRO state_is(s, state) AS CAST(coalesce(s = state, false) AS INTEGER);
-- Not passing (failing or unknown) counted.
CREATE OR REPLACE MACRO not_passing(s) AS CAST(coalesce(s <> 1, false) AS INTEGER);

-- Every person of every eligibility rule's population at the reference date r (one rule when
-- `one_rule` is not NULL), through the global filters, with each criterion's status, the values
-- it read, the person's status (eligible: every criterion passes; unknown (待核实): none fails,
-- some unknown; near: exactly one fails; fail), the criteria failed and missing, whether the
-- person qualifies within `horizon` months (reaching the years as secretary, in post or at the
-- level, a review still to come), and the priority flag. The population is found from the
-- snapshot's rows by one hash join on the rules' keys, and the global filters are tested on
-- those rows only (as cadre_rows_where tests them): a million-row roster is read once.
CREATE OR REPLACE MACRO eligibility_rows(r, horizon, one_rule) AS TABLE
WITH ref AS (
  SELECT CAST(r AS DATE) AS ref, snapshot_for(r) AS snap
),
f AS (SELECT *, no_filters() AS none FROM filter_state),
-- Whether the roster says who is a reserve at all (else a reserve criterion is unknown).
has AS (
  SELECT EXISTS (SELECT 1 FROM cadres c, ref
    WHERE c.snapshot_date = ref.snap AND c.reserve IS NOT NULL) AS reserve,
    EXISTS (SELECT 1 FROM cadres c, ref
      WHERE c.snapshot_date = ref.snap AND c.secretary_years IS NOT NULL) AS secretary_years
),
hull AS (
  SELECT rule_id, max(min_age) AS strict_lo, min(max_age) AS strict_hi,
    CASE WHEN bool_or(min_age IS NULL) THEN NULL ELSE min(min_age) END AS loose_lo,
    CASE WHEN bool_or(max_age IS NULL) THEN NULL ELSE max(max_age) END AS loose_hi
  FROM eligibility_age_limits GROUP BY rule_id
),
-- The age limit of each level: the first limit naming it (a limit without levels names all).
lim AS (
  SELECT l.rule_id, lv.level, l.min_age AS lo, l.max_age AS hi
  FROM eligibility_age_limits l
  CROSS JOIN (SELECT unnest(enum_range(NULL::level_t)) AS level) lv
  WHERE l.levels IS NULL OR list_contains(l.levels, CAST(lv.level AS VARCHAR))
  QUALIFY row_number() OVER (PARTITION BY l.rule_id, lv.level ORDER BY l.idx) = 1
),
rules AS (
  SELECT e.rule_id, e.sort_order, e.age_on AS q_age_on, h.strict_lo, h.strict_hi, h.loose_lo,
    h.loose_hi, e.born_from AS q_born_from, e.born_to AS q_born_to,
    e.education_min AS q_education, e.fulltime_min AS q_fulltime, e.party AS q_party,
    e.tenure_min AS q_tenure, e.appraisal_years AS q_apr_years, e.appraisal_ok AS q_apr_ok,
    e.grassroots_min AS q_grass_min, e.grassroots_below AS q_grass_below,
    e.unit_types AS q_unit_types, e.levels AS q_levels, e.post_classes AS q_post_classes,
    e.regions AS q_regions, e.reserves AS q_reserves, e.post_years_min AS q_post_min,
    e.post_years_below AS q_post_below, e.level_years_min AS q_level_min,
    e.level_years_below AS q_level_below, e.gender AS q_gender, e.minority AS q_minority,
    e.priority_reserve AS q_priority_reserve, e.priority_max_age AS q_priority_age,
    rp.unit_types AS p_unit_types, rp.levels AS p_levels, rp.post_classes AS p_post_classes
  FROM eligibility_rules e LEFT JOIN hull h USING (rule_id)
  LEFT JOIN rule_population rp USING (rule_id)
  WHERE one_rule IS NULL OR e.rule_id = one_rule
),
-- The rows of the rules' populations: a plain equality join on the keys (which lets the scan
-- skip rows outside them), then the rows with an empty level, unit type or post class, in the
-- population of every rule whose keys the fields they have match: an unknown field is ? for the
-- rule that tests it, never a reason to leave the person out.
keys AS (
  SELECT * FROM rule_keys('eligibility') WHERE one_rule IS NULL OR metric_id = one_rule
),
cand AS (
  SELECT k.metric_id AS rule_id, c.source_file, c.source_row, c.snapshot_date, c.person_id, c.name,
    c.post_title, c.gender,
    c.birth_date, c.ethnicity, c.party, c.education_fulltime, c.education_inservice,
    c.education_highest, c.unit_id, c.unit_name, c.unit_type, c.region, c.post_class, c.level,
    c.rank, c.level_since, c.post_since, c.reserve, c.grassroots_years, c.political_status,
    c.appraisals, c.work_start_date, c.party_join_date
  FROM cadres c
  JOIN keys k ON c.level = k.level AND c.unit_type = k.unit_type AND c.post_class = k.post_class
  WHERE c.snapshot_date = (SELECT snap FROM ref)
    AND (NOT k.team_only OR coalesce(c.is_team_member, false))
  UNION ALL
  SELECT k.metric_id, c.source_file, c.source_row, c.snapshot_date, c.person_id, c.name,
    c.post_title, c.gender,
    c.birth_date,
    c.ethnicity, c.party, c.education_fulltime, c.education_inservice, c.education_highest,
    c.unit_id, c.unit_name, c.unit_type, c.region, c.post_class, c.level, c.rank, c.level_since,
    c.post_since, c.reserve, c.grassroots_years, c.political_status, c.appraisals,
    c.work_start_date, c.party_join_date
  -- The snapshot joined, not compared with a subquery: the join's filter reaches the scan of a
  -- history's files, which then reads only the snapshot's.
  FROM cadres c JOIN ref ON c.snapshot_date = ref.snap
  JOIN (SELECT DISTINCT metric_id FROM keys) k ON EXISTS (
    SELECT 1 FROM keys x
    -- No 职务层次: in the population when the 职级's equivalent level (DOMAIN.md §3) is one of the
    -- rule's, or with neither (a 二级调研员 is not among 乡科级副职).
    WHERE x.metric_id = k.metric_id AND (coalesce(c.level, rank_level(c.rank)) IS NULL
        OR x.level = coalesce(c.level, rank_level(c.rank)))
      AND (c.unit_type IS NULL OR x.unit_type = c.unit_type)
      AND (c.post_class IS NULL OR x.post_class = c.post_class)
      -- No title: a township post only where the unit may be a township's.
      AND (c.post_class IS NOT NULL OR NOT coalesce(is_township_principal(x.post_class), false)
        OR c.unit_type IS NULL OR c.unit_type = '乡镇街道')
      AND (NOT x.team_only OR coalesce(c.is_team_member, false)))
  WHERE c.level IS NULL OR c.unit_type IS NULL OR c.post_class IS NULL
),
pop AS (
  SELECT c.*, age_at(c.birth_date, ref.ref) AS age
  FROM cand c, f, ref
  WHERE f.none OR (in_filter(f.unit, c.unit_id)
    AND passes_filters(f.region, c.region, f.unit_type, c.unit_type, f.level, c.level, f.rank,
      c.rank, f.gender, c.gender, f.ethnicity, c.ethnicity, f.education, c.education_highest,
      f.education_fulltime, c.education_fulltime, f.party, c.party, in_cohorts(f.cohort, f.cohort_decades, c.birth_date), f.reserve, c.reserve, f.grassroots,
      grassroots_class(c.grassroots_years), in_years_bands(f.years_at_level, f.years_floors, c.level_since, c.snapshot_date), f.age_min, f.age_max, c.birth_date,
      age_on_date(f.age_on, f.age_on_snapshot, c.snapshot_date)))
),
-- The reviews and the years as secretary are read only for the rules that test them: the rows
-- of those rules' populations are found again (pop is read once, so it is never stored).
tested AS (
  SELECT c.person_id, c.appraisals, e.q_apr_years IS NOT NULL AS reviews,
    e.q_tenure IS NOT NULL AS tenure
  FROM cadres c
  JOIN keys k ON c.level = k.level AND c.unit_type = k.unit_type AND c.post_class = k.post_class
    AND (NOT k.team_only OR coalesce(c.is_team_member, false))
  JOIN rules e ON e.rule_id = k.metric_id
    AND (e.q_apr_years IS NOT NULL OR e.q_tenure IS NOT NULL)
  WHERE c.snapshot_date = (SELECT snap FROM ref)
  UNION ALL
  -- The rows with an empty field, apart: an OR in the join above would test every row against
  -- every key.
  SELECT c.person_id, c.appraisals, e.q_apr_years IS NOT NULL, e.q_tenure IS NOT NULL
  FROM cadres c JOIN ref ON c.snapshot_date = ref.snap
  JOIN keys k ON (c.level IS NULL OR k.level = c.level)
    AND (c.unit_type IS NULL OR k.unit_type = c.unit_type)
    AND (c.post_class IS NULL OR k.post_class = c.post_class)
    AND (NOT k.team_only OR coalesce(c.is_team_member, false))
  JOIN rules e ON e.rule_id = k.metric_id
    AND (e.q_apr_years IS NOT NULL OR e.q_tenure IS NOT NULL)
  WHERE c.level IS NULL OR c.unit_type IS NULL OR c.post_class IS NULL
),
texts AS (
  SELECT txt, appraisal_list(txt) AS items
  FROM (SELECT DISTINCT appraisals AS txt FROM tested WHERE reviews AND appraisals IS NOT NULL)
),
reviews AS (
  SELECT DISTINCT t.person_id, x.items
  FROM tested t JOIN texts x ON x.txt = t.appraisals
  WHERE t.reviews
),
-- Months as township (street) party secretary up to r, for the people a rule tests on it:
-- `low` and `high` bound them (high NULL: no upper bound known), `source` says where they come
-- from. From the roster's 任乡镇(街道)党(工)委书记累计年限 column when it has one (plus the
-- months since the snapshot for a sitting secretary); else from the spells across the loaded
-- snapshots: each (unit, 任现职时间) as secretary runs from its 任现职时间 (unknown: from the
-- first snapshot that shows it, as a lower bound) to r while it lasts, else to the start of the
-- next post when the next snapshot shows it, else to somewhere between its last snapshot and the
-- next. Overlapping spells count once. With one snapshot this is the 任现职时间 of the post.
need AS (SELECT DISTINCT person_id FROM tested WHERE tenure),
snaps AS (
  SELECT snapshot_date AS d, lead(snapshot_date) OVER (ORDER BY snapshot_date) AS next_d,
    lag(snapshot_date) OVER (ORDER BY snapshot_date) AS prev_d,
    row_number() OVER (ORDER BY snapshot_date) AS idx
  FROM snapshot_dates, ref WHERE snapshot_date <= ref.snap
),
col AS (
  SELECT c.person_id, round(c.secretary_years * 12)
      + CASE WHEN is_township_secretary(c.post_class) THEN month_end_months(ref.snap, ref.ref)
        ELSE 0 END AS months
  FROM cadres c, ref
  WHERE c.snapshot_date = ref.snap AND c.secretary_years IS NOT NULL
    AND c.person_id IN (SELECT person_id FROM need)
),
-- Every row up to the snapshot of the people counted from the snapshots, read once for their
-- spells and for the posts around them (a province's history is read once, not twice).
hist AS MATERIALIZED (
  SELECT c.person_id, c.unit_id, c.post_class, c.post_since, c.snapshot_date
  FROM cadres c, ref
  WHERE c.snapshot_date <= ref.snap AND c.person_id IN (SELECT person_id FROM need)
    AND c.person_id NOT IN (SELECT person_id FROM col)
),
-- A spell is one unbroken run of snapshots in one (unit, 任现职时间): a secretary who leaves and
-- comes back to the same township has two.
spells AS MATERIALIZED (
  SELECT person_id, unit_id, post_since, min(snapshot_date) AS first_seen,
    max(snapshot_date) AS last_seen
  FROM (
    SELECT c.person_id, c.unit_id, c.post_since, c.snapshot_date,
      n.idx - row_number() OVER (PARTITION BY c.person_id, c.unit_id, c.post_since
        ORDER BY c.snapshot_date) AS run
    FROM hist c JOIN snaps n ON n.d = c.snapshot_date
    WHERE is_township_secretary(c.post_class))
  GROUP BY person_id, unit_id, post_since, run
),
-- The secretaries' rows of every snapshot: the post each holds next, and whether each was in
-- the roster (in another post) the snapshot before a spell of unknown start first shows it.
seen AS MATERIALIZED (
  SELECT person_id, snapshot_date, post_since FROM hist
  WHERE person_id IN (SELECT person_id FROM spells)
),
ends AS (
  SELECT s.*, n.next_d, nx.post_since AS next_since,
    CASE WHEN s.post_since IS NULL AND pv.person_id IS NOT NULL THEN f.prev_d END AS seen_before
  FROM spells s JOIN snaps n ON n.d = s.last_seen
  JOIN snaps f ON f.d = s.first_seen
  LEFT JOIN seen nx ON nx.person_id = s.person_id AND nx.snapshot_date = n.next_d
  LEFT JOIN seen pv ON pv.person_id = s.person_id AND pv.snapshot_date = f.prev_d
),
-- A spell of unknown start began after the snapshot before it when that snapshot shows the
-- person in another post; else (the first snapshot loaded, or not in the roster) it is unknown.
bounds AS (
  SELECT e.person_id,
    coalesce(e.post_since, e.first_seen) AS start_late,
    coalesce(e.post_since, e.seen_before) AS start_early,
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
-- A roster that records the cumulative years leaves them unknown where its cell is blank: the
-- spells seen here are a lower bound only.
high AS (
  SELECT person_id,
    CASE WHEN bool_or(start_early IS NULL) OR (SELECT secretary_years FROM has) THEN NULL
      ELSE sum(CASE WHEN end_late > eff THEN full_months(eff, end_late) ELSE 0 END) END AS months
  FROM (
    SELECT person_id, end_late, start_early, greatest(start_early, coalesce(max(end_late) OVER (
      PARTITION BY person_id ORDER BY start_early, end_late
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), start_early)) AS eff
    FROM bounds)
  GROUP BY person_id
),
tenure AS (
  SELECT person_id, CAST(months AS INTEGER) AS low, CAST(months AS INTEGER) AS high, 'column' AS source
  FROM col
  UNION ALL
  SELECT l.person_id, CAST(l.months AS INTEGER), CAST(h.months AS INTEGER), 'snapshots'
  FROM low l JOIN high h USING (person_id)
),
v AS (
  SELECT p.*, e.* EXCLUDE (rule_id), has.reserve AS has_reserve, ref.ref,
    lim.lo AS lim_lo, lim.hi AS lim_hi, lim.rule_id IS NOT NULL AS lim_found,
    -- A year's review is on record once the year has ended: at R = 2025-06-30 a 2025 review is
    -- a typing error or a later roster's, at 2024-12-31 one of 2024 is on record.
    CASE WHEN e.q_apr_years IS NOT NULL
      THEN list_filter(a.items, x -> x.y IS NULL OR make_date(x.y, 12, 31) <= ref.ref) END AS apr,
    CASE WHEN e.q_tenure IS NULL THEN NULL
      WHEN t.person_id IS NOT NULL THEN t.low
      WHEN p.post_class IS NOT NULL THEN 0 END AS ten_low,
    CASE WHEN e.q_tenure IS NULL THEN NULL
      WHEN t.person_id IS NOT NULL THEN t.high
      WHEN p.post_class IS NOT NULL THEN 0 END AS ten_high,
    full_months(p.post_since, ref.ref) AS post_months,
    full_months(p.level_since, ref.ref) AS level_months,
    -- The level an age limit goes by: the 职务层次, else the 职级's equivalent (DOMAIN.md §3).
    coalesce(p.level, rank_level(p.rank)) AS age_level
  FROM pop p
  JOIN rules e USING (rule_id)
  CROSS JOIN ref CROSS JOIN has
  LEFT JOIN lim ON lim.rule_id = p.rule_id AND lim.level = coalesce(p.level, rank_level(p.rank))
  LEFT JOIN reviews a ON a.person_id = p.person_id
  LEFT JOIN tenure t ON t.person_id = p.person_id
),
-- "Qualifies within `horizon` months": some month m in 1 … horizon after r at which every
-- criterion passes, a month adding one to the age and to the months in post, at the level and
-- (a sitting secretary's) as secretary, nothing else changing but a missing third review, which
-- may come in (appraisals below). Each criterion time decides either only gets easier (the years
-- as secretary, in post or at the level reaching a minimum, the age reaching a minimum age) or
-- only harder (a maximum age, years in post or at the level below a bound), so such a month
-- exists exactly when the first month at which all the easier ones are met, `first_month`, is
-- within the horizon and passes everything: the later_* criteria are tested there. Each
-- minimum's month is computed, not searched for (NULL, ignored: not tested, or never met by
-- time alone, which the test at first_month then fails). The age's month follows age_at: the
-- age is reached when the whole months since birth reach 12 × it. The review has no month of its
-- own (it may come at any month of the horizon), so it does not move first_month; were it
-- given one, that month would join the greatest as one more that only gets easier.
w AS (
  SELECT v.*, CAST(m AS INTEGER) AS first_month,
    CASE WHEN m <= horizon
      THEN age_at(birth_date, CAST(ref + to_months(CAST(m AS INTEGER)) AS DATE)) END AS first_age
  FROM (
    SELECT v.*, greatest(1,
      CASE WHEN is_township_secretary(post_class) THEN round(q_tenure * 12) - ten_low END,
      ceil(q_post_min * 12 - post_months),
      ceil(q_level_min * 12 - level_months),
      CASE WHEN q_age_on THEN
        12 * CASE WHEN age_level IS NULL THEN strict_lo ELSE lim_lo END
          - date_diff('month', birth_date, ref) END) AS m
    FROM v) v
),
s AS (
  SELECT w.*,
    CASE WHEN NOT q_age_on THEN NULL
      WHEN age_level IS NULL THEN CASE
        WHEN (strict_lo IS NULL OR age >= strict_lo) AND (strict_hi IS NULL OR age <= strict_hi)
          THEN 1
        WHEN (loose_lo IS NOT NULL AND age < loose_lo) OR (loose_hi IS NOT NULL AND age > loose_hi)
          THEN 2
        ELSE 3 END
      WHEN NOT lim_found THEN 2
      WHEN (lim_lo IS NULL OR age >= lim_lo) AND (lim_hi IS NULL OR age <= lim_hi) THEN 1
      ELSE 2 END AS s_age,
    CASE WHEN NOT q_age_on THEN NULL
      WHEN age_level IS NULL THEN CASE
        WHEN (strict_lo IS NULL OR first_age >= strict_lo)
          AND (strict_hi IS NULL OR first_age <= strict_hi) THEN 1
        ELSE 2 END
      WHEN NOT lim_found THEN 2
      WHEN (lim_lo IS NULL OR first_age >= lim_lo) AND (lim_hi IS NULL OR first_age <= lim_hi)
        THEN 1
      ELSE 2 END AS later_age,
    CASE WHEN q_born_from IS NULL AND q_born_to IS NULL THEN NULL
      WHEN (q_born_from IS NULL OR date_trunc('month', birth_date) >= q_born_from)
        AND (q_born_to IS NULL OR date_trunc('month', birth_date) <= q_born_to) THEN 1
      ELSE 2 END AS s_birth,
    CASE WHEN q_education IS NULL THEN NULL
      WHEN education_rank(education_highest) IS NOT NULL THEN
        CASE WHEN education_rank(education_highest) <= education_rank(q_education) THEN 1
          -- A roster with 全日制学历 alone (no 在职 or 最高学历 column: in-service NULL) may
          -- not show a higher in-service education.
          WHEN education_inservice IS NULL THEN 3 ELSE 2 END
      WHEN education_rank(education_fulltime) <= education_rank(q_education)
        OR education_rank(education_inservice) <= education_rank(q_education) THEN 1
      ELSE 3 END AS s_education,
    CASE WHEN q_fulltime IS NULL THEN NULL
      WHEN education_rank(education_fulltime) IS NOT NULL THEN
        CASE WHEN education_rank(education_fulltime) <= education_rank(q_fulltime)
          THEN 1 ELSE 2 END
      -- Full-time education is never above the highest.
      WHEN education_rank(education_highest) > education_rank(q_fulltime) THEN 2
      ELSE 3 END AS s_fulltime,
    CASE WHEN q_party IS NULL THEN NULL WHEN party IS NULL THEN 3
      WHEN CAST(party AS VARCHAR) = q_party THEN 1 ELSE 2 END AS s_party,
    CASE WHEN q_tenure IS NULL THEN NULL
      WHEN ten_low >= round(q_tenure * 12) THEN 1
      WHEN ten_high < round(q_tenure * 12) THEN 2
      ELSE 3 END AS s_tenure,
    CASE WHEN q_tenure IS NULL THEN NULL
      WHEN ten_low + CASE WHEN is_township_secretary(post_class) THEN first_month ELSE 0 END
        >= round(q_tenure * 12) THEN 1
      ELSE 2 END AS later_tenure,
    CASE WHEN q_apr_years IS NULL THEN NULL
      WHEN apr IS NULL THEN 3
      ELSE appraisal_status(apr, q_apr_years, q_apr_ok) END AS s_appraisals,
    range_status(q_grass_min, q_grass_below, grassroots_years) AS s_grassroots,
    -- A field the population restricts passes (pop holds only its rows) or is ? where it is
    -- empty (pop keeps such rows).
    coalesce(in_list_status(q_unit_types, unit_type), in_list_status(p_unit_types, unit_type))
      AS s_unit_type,
    -- A 职级 alone is no 领导职务: ? where the 职务层次 is blank (its equivalent only decides who
    -- is in the population, cand above).
    coalesce(in_list_status(q_levels, level), in_list_status(p_levels, level)) AS s_level,
    coalesce(in_list_status(post_classes_of(q_post_classes), post_class),
      in_list_status(post_classes_of(p_post_classes), post_class)) AS s_post_class,
    in_list_status(q_regions, region) AS s_region,
    CASE WHEN q_reserves IS NULL THEN NULL
      WHEN NOT has_reserve THEN 3
      WHEN list_contains(q_reserves, CAST(reserve AS VARCHAR)) THEN 1 ELSE 2 END AS s_reserve,
    range_status(q_post_min * 12, q_post_below * 12, post_months) AS s_post_years,
    range_status(q_post_min * 12, q_post_below * 12, post_months + first_month) AS later_post,
    range_status(q_level_min * 12, q_level_below * 12, level_months) AS s_level_years,
    range_status(q_level_min * 12, q_level_below * 12, level_months + first_month) AS later_level,
    CASE WHEN q_gender IS NULL THEN NULL WHEN gender IS NULL THEN 3
      WHEN CAST(gender AS VARCHAR) = q_gender THEN 1 ELSE 2 END AS s_gender,
    CASE WHEN q_minority IS NULL THEN NULL WHEN ethnicity IS NULL THEN 3
      WHEN (ethnicity <> '汉族') = q_minority THEN 1 ELSE 2 END AS s_ethnicity
  FROM w
),
o AS (
  SELECT s.*,
    state_is(s_age, 2) + state_is(s_birth, 2) + state_is(s_education, 2)
      + state_is(s_fulltime, 2) + state_is(s_party, 2) + state_is(s_tenure, 2)
      + state_is(s_appraisals, 2) + state_is(s_grassroots, 2) + state_is(s_unit_type, 2)
      + state_is(s_level, 2) + state_is(s_post_class, 2) + state_is(s_region, 2)
      + state_is(s_reserve, 2) + state_is(s_post_years, 2) + state_is(s_level_years, 2)
      + state_is(s_gender, 2) + state_is(s_ethnicity, 2) AS n_failed,
    state_is(s_age, 3) + state_is(s_birth, 3) + state_is(s_education, 3)
      + state_is(s_fulltime, 3) + state_is(s_party, 3) + state_is(s_tenure, 3)
      + state_is(s_appraisals, 3) + state_is(s_grassroots, 3) + state_is(s_unit_type, 3)
      + state_is(s_level, 3) + state_is(s_post_class, 3) + state_is(s_region, 3)
      + state_is(s_reserve, 3) + state_is(s_post_years, 3) + state_is(s_level_years, 3)
      + state_is(s_gender, 3) + state_is(s_ethnicity, 3) AS n_missing,
    -- At first_month (older, longer in post, a review still to come; w): how many tested
    -- criteria would still not pass.
    not_passing(later_age) + not_passing(later_tenure)
      + not_passing(CASE WHEN s_appraisals = 3 AND len(apr) = q_apr_years - 1 THEN 1
          ELSE s_appraisals END)
      + not_passing(later_post) + not_passing(later_level) + not_passing(s_birth)
      + not_passing(s_education) + not_passing(s_fulltime) + not_passing(s_party)
      + not_passing(s_grassroots) + not_passing(s_unit_type) + not_passing(s_level)
      + not_passing(s_post_class) + not_passing(s_region) + not_passing(s_reserve)
      + not_passing(s_gender) + not_passing(s_ethnicity) AS n_later
  FROM s
)
-- Codes, the values the criteria read and the columns lists show (a page joined back to
-- `cadres` read most of it when its people were spread over the roster): status 0 eligible,
-- 1 unknown (待核实), 2 near, 3 fail; each criterion's code. eligibility.sql puts codes in words
-- for the rows it returns.
SELECT rule_id, sort_order, snapshot_date, source_file, source_row, person_id, name, post_title, age, region, unit_id, unit_name,
  unit_type, level,
  post_class, reserve, education_highest, education_fulltime, party, gender, ethnicity,
  grassroots_years, birth_date, political_status, appraisals, education_inservice,
  work_start_date, party_join_date, post_since, level_since,
  CASE WHEN n_failed = 0 AND n_missing = 0 THEN 0 WHEN n_failed = 0 THEN 1
    WHEN n_failed = 1 THEN 2 ELSE 3 END AS status_code,
  (n_failed > 0 OR n_missing > 0) AND first_month <= horizon AND n_later = 0 AS will_qualify,
  coalesce(q_priority_reserve AND reserve IS NOT NULL, false)
    OR coalesce(age <= q_priority_age, false) AS priority,
  -- The bound an age fails: its level's, or with no level the loosest (failed at every level).
  s_age, CASE WHEN age_level IS NULL THEN loose_lo ELSE lim_lo END AS lim_lo,
  CASE WHEN age_level IS NULL THEN loose_hi ELSE lim_hi END AS lim_hi, s_birth, s_education, s_fulltime, s_party, s_tenure,
  ten_low AS tenure_months, ten_low = ten_high AS tenure_exact, s_appraisals, apr, q_apr_years,
  s_grassroots, s_unit_type, s_level, s_post_class, s_region, s_reserve, s_post_years,
  post_months, s_level_years, level_months, s_gender, s_ethnicity
FROM o;

-- One list's rows of eligibility_rows, stored by queries/eligibility_store.sql (keepRows in
-- src/core/kept.ts) for the reference date, months and rule of the list shown:
-- paging, sorting, searching and counting it read these instead of judging everyone again.
CREATE TABLE IF NOT EXISTS eligibility_store AS SELECT * FROM eligibility_rows(NULL, 0, NULL) LIMIT 0;

-- The people the eligibility counts read: the rows eligibility_store already keeps for the same
-- date, months and filters (stored: the caller has just stored them), else judged afresh. The
-- report lists every rule and counts it from its list, so each person is judged once.
CREATE OR REPLACE MACRO eligibility_judged(r, horizon, one_rule, stored) AS TABLE
SELECT * FROM eligibility_store WHERE stored AND (one_rule IS NULL OR rule_id = one_rule)
UNION ALL
SELECT * FROM eligibility_rows(r, horizon, one_rule) WHERE NOT stored;

-- A near miss's failed criterion (exactly one) and the values that put it in words
-- (src/core/selection/text.ts, cellText), the others NULL; from the columns of an
-- eligibility_store row, passed by name. A million near misses share a few hundred of these, so
-- near_key turns each distinct one into text once (turning every row took seconds).
CREATE OR REPLACE MACRO near_fields(s_age, age, lim_lo, lim_hi, s_birth, birth_date, s_education,
    education_highest, s_fulltime, education_fulltime, s_party, party, political_status,
    s_tenure, tenure_months, tenure_exact, s_appraisals, apr, q_apr_years, s_grassroots,
    grassroots_years, s_unit_type, unit_type, s_level, level, s_post_class, post_class,
    s_region, region, s_reserve, reserve, s_post_years, post_months, s_level_years,
    level_months, s_gender, gender, s_ethnicity, ethnicity) AS {
  'criterion': criteria_in_state([s_age, s_birth, s_education, s_fulltime, s_party, s_tenure,
    s_appraisals, s_grassroots, s_unit_type, s_level, s_post_class, s_region, s_reserve,
    s_post_years, s_level_years, s_gender, s_ethnicity], 2)[1],
  'age': CASE WHEN s_age = 2 THEN age END,
  'age_bound': CASE WHEN s_age = 2 AND lim_hi IS NOT NULL AND age > lim_hi THEN '>' || lim_hi
    WHEN s_age = 2 AND lim_lo IS NOT NULL AND age < lim_lo THEN '<' || lim_lo END,
  'birth': CASE WHEN s_birth = 2 THEN strftime(birth_date, '%Y-%m') END,
  'education_highest': CASE WHEN s_education = 2 OR s_fulltime = 2
    THEN CAST(education_highest AS VARCHAR) END,
  'education_fulltime': CASE WHEN s_fulltime = 2 THEN CAST(education_fulltime AS VARCHAR) END,
  'party': CASE WHEN s_party = 2 THEN CAST(party AS VARCHAR) END,
  'political_status': CASE WHEN s_party = 2 THEN political_status END,
  'tenure_months': CASE WHEN s_tenure = 2 THEN tenure_months END,
  'tenure_exact': CASE WHEN s_tenure = 2 THEN tenure_exact END,
  'appraisal_last': CASE WHEN s_appraisals = 2 THEN array_to_string(
    list_transform(apr[1:coalesce(q_apr_years, 3)],
      x -> coalesce(CAST(x.y AS VARCHAR), '') || x.r), ' ') END,
  'grassroots_years': CASE WHEN s_grassroots = 2 THEN grassroots_years END,
  'unit_type': CASE WHEN s_unit_type = 2 THEN CAST(unit_type AS VARCHAR) END,
  'level': CASE WHEN s_level = 2 THEN CAST(level AS VARCHAR) END,
  'post_class': CASE WHEN s_post_class = 2 THEN CAST(post_class AS VARCHAR) END,
  'region': CASE WHEN s_region = 2 THEN region END,
  'reserve': CASE WHEN s_reserve = 2 THEN CAST(reserve AS VARCHAR) END,
  'post_months': CASE WHEN s_post_years = 2 THEN post_months END,
  'level_months': CASE WHEN s_level_years = 2 THEN level_months END,
  'gender': CASE WHEN s_gender = 2 THEN gender END,
  'ethnicity': CASE WHEN s_ethnicity = 2 THEN ethnicity END};

-- A near miss's key, from its near_fields f: the criterion, chr(30), and the values that put it
-- in words as JSON text. queries/eligibility_reasons.sql finds each distinct key of a rule once
-- for JavaScript to word; queries/eligibility_report.sql joins the words back to the rows it
-- lists (a page's, not every near miss's).
CREATE OR REPLACE MACRO near_key(f) AS f.criterion || chr(30) || '{' || CASE f.criterion
  WHEN 'age' THEN concat('"age":', json_value(f.age), ',"age_bound":', json_text(f.age_bound))
  WHEN 'birth' THEN concat('"birth":', json_text(f.birth))
  WHEN 'education' THEN concat('"education_highest":', json_text(f.education_highest))
  WHEN 'fulltime_education' THEN concat('"education_fulltime":', json_text(f.education_fulltime),
    ',"education_highest":', json_text(f.education_highest))
  WHEN 'party' THEN concat('"party":', json_text(f.party),
    ',"political_status":', json_text(f.political_status))
  WHEN 'tenure' THEN concat('"tenure_months":', json_value(f.tenure_months),
    ',"tenure_exact":', json_value(f.tenure_exact))
  WHEN 'appraisals' THEN concat('"appraisal_last":', json_text(f.appraisal_last))
  WHEN 'grassroots' THEN concat('"grassroots_years":', json_value(f.grassroots_years))
  WHEN 'unit_type' THEN concat('"unit_type":', json_text(f.unit_type))
  WHEN 'level' THEN concat('"level":', json_text(f.level))
  WHEN 'post_class' THEN concat('"post_class":', json_text(f.post_class))
  WHEN 'region' THEN concat('"region":', json_text(f.region))
  WHEN 'reserve' THEN concat('"reserve":', json_text(f.reserve))
  WHEN 'post_years' THEN concat('"post_months":', json_value(f.post_months))
  WHEN 'level_years' THEN concat('"level_months":', json_value(f.level_months))
  WHEN 'gender' THEN concat('"gender":', json_text(f.gender))
  WHEN 'ethnicity' THEN concat('"ethnicity":', json_text(f.ethnicity))
  ELSE '' END || '}';

