-- Canonical tables. docs/data-model.md describes every column. Closed vocabularies are ENUM
-- types: one spelling per concept, and grouping on them is several times faster than on text.
CREATE TYPE gender_t AS ENUM ('男', '女');
CREATE TYPE education_t AS ENUM ('研究生', '大学本科', '大学专科', '中专及以下', '未知');
CREATE TYPE party_t AS ENUM ('中共党员', '非中共党员');
CREATE TYPE level_t AS ENUM ('厅局级正职', '厅局级副职', '县处级正职', '县处级副职', '乡科级正职',
  '乡科级副职', '科员', '办事员');
CREATE TYPE unit_type_t AS ENUM ('市直', '县市区', '乡镇街道');
-- township_secretary_head: one person as both (党委书记、镇长, 一肩挑), in every population of either.
CREATE TYPE post_class_t AS ENUM ('township_secretary', 'township_head', 'township_secretary_head',
  'county_party', 'county_government', 'other');
CREATE TYPE reserve_t AS ENUM ('处级后备', '科级后备');

CREATE TABLE IF NOT EXISTS cadres (
  snapshot_date       DATE NOT NULL,
  person_id           VARCHAR NOT NULL,
  name                VARCHAR,
  id_number           VARCHAR,
  gender              gender_t,
  birth_date          DATE NOT NULL,
  birth_precision     VARCHAR,
  ethnicity           VARCHAR,
  native_place        VARCHAR,
  political_status    VARCHAR,
  party               party_t,
  party_join_date     DATE,
  work_start_date     DATE,
  education_fulltime  education_t,
  degree_fulltime     VARCHAR,
  education_inservice education_t,
  degree_inservice    VARCHAR,
  education_highest   education_t,
  unit_id             VARCHAR,
  unit_name           VARCHAR,
  unit_type           unit_type_t,
  region              VARCHAR,
  post_title          VARCHAR,
  post_class          post_class_t,
  level               level_t,
  rank                VARCHAR,
  level_since         DATE,
  post_since          DATE,
  is_team_member      BOOLEAN,
  is_principal        BOOLEAN,
  reserve             reserve_t,
  grassroots_years    DOUBLE,
  appraisals          VARCHAR,
  -- 任乡镇(街道)党(工)委书记累计年限 at the snapshot, when the roster has it.
  secretary_years     DOUBLE,
  source              VARCHAR,
  -- 挂职 (secondment): kind (上挂/下挂/平挂/外挂), receiving unit, term and cohort.
  secondment_type     VARCHAR,
  secondment_unit     VARCHAR,
  secondment_start    DATE,
  secondment_end      DATE,
  secondment_period   VARCHAR,
  secondment_batch    VARCHAR,
  -- 到龄年月 as the roster gives it (LRMX DaoLingNianYue): preferred to the statutory month.
  retirement_date     DATE,
  source_file         VARCHAR,
  source_row          INTEGER
);

CREATE TABLE IF NOT EXISTS units (
  unit_id   VARCHAR PRIMARY KEY,
  name      VARCHAR,
  unit_type unit_type_t,
  region    VARCHAR,
  parent_id VARCHAR
);

-- Appointment events (任免记录) read from a file (src/core/flows.ts loadEvents), for Y9: one row
-- per appointment; birth_date when the file has it (else the roster's), where the row came from.
CREATE TABLE IF NOT EXISTS appointments (
  person_id    VARCHAR,
  name         VARCHAR,
  event_date   DATE,
  batch_id     VARCHAR,
  from_level   level_t,
  to_level     level_t,
  is_promotion BOOLEAN,
  birth_date   DATE,
  source_file  VARCHAR,
  source_row   INTEGER
);

-- The rule set (src/core/policy), written by writeRuleTables: every figure that depends on a
-- policy reads these tables, so no query names a rule.

-- Who each rule looks at (ratio, band, change and template rules): cadres of these unit types,
-- levels and post classes (NULL: any), team members only when team_only.
CREATE TABLE IF NOT EXISTS rule_population (
  rule_id      VARCHAR PRIMARY KEY,
  kind         VARCHAR,
  unit_types   VARCHAR[],
  levels       VARCHAR[],
  post_classes VARCHAR[],
  team_only    BOOLEAN,
  sort_order   INTEGER
);

-- Ratio rules: who the numerator counts (young: age ≤ max_age at R and/or born in [born_from,
-- born_to]; or by gender, party, minority, lowest highest-education), and the target as an exact
-- fraction under a comparator (">=" for 不少于, ">" for 超过).
CREATE TABLE IF NOT EXISTS ratio_rules (
  metric_id     VARCHAR PRIMARY KEY,
  label         VARCHAR,
  max_age       INTEGER,
  born_from     DATE,
  born_to       DATE,
  gender        VARCHAR,
  party         VARCHAR,
  minority      BOOLEAN,
  education_min VARCHAR,
  target_num    INTEGER,
  target_den    INTEGER,
  comparator    VARCHAR,
  sort_order    INTEGER,
  -- Whether the target applies to every team/unit on its own, not only city-wide.
  per_unit      BOOLEAN,
  -- Whether the KPI strip shows the rule's young share beside headcount and ages.
  kpi           BOOLEAN,
  -- Whether it counts young cadres (an age or birth test alone: policy countsYoung).
  counts_young  BOOLEAN
);

CREATE TABLE IF NOT EXISTS age_bands (
  label     VARCHAR,
  min_age   INTEGER,
  max_age   INTEGER,
  sort_order INTEGER
);

-- Band rules: how many of a population fall in an age band (三个一批).
CREATE TABLE IF NOT EXISTS band_rules (
  metric_id VARCHAR PRIMARY KEY,
  label     VARCHAR,
  min_age   INTEGER,
  max_age   INTEGER,
  sort_order INTEGER
);

-- Change rules: a measure of a population against a baseline snapshot.
CREATE TABLE IF NOT EXISTS change_rules (
  metric_id  VARCHAR PRIMARY KEY,
  label      VARCHAR,
  -- What changes: 'mean_age' (years) or 'fulltime_univ_share' (full-time 大学本科+ share).
  measure    VARCHAR,
  target     DOUBLE,
  comparator VARCHAR,
  sort_order INTEGER
);

-- Team structure templates (班子结构): each team of a template's population is scored on its
-- items; a veto item short fails the team whatever its score.
CREATE TABLE IF NOT EXISTS templates (
  template_id     VARCHAR PRIMARY KEY,
  label           VARCHAR,
  met_threshold   DOUBLE,
  basic_threshold DOUBLE,
  sort_order      INTEGER
);

CREATE TABLE IF NOT EXISTS template_items (
  template_id     VARCHAR,
  item_id         VARCHAR,
  kind            VARCHAR,
  label           VARCHAR,
  required        INTEGER,
  weight          DOUBLE,
  veto            BOOLEAN,
  max_age         INTEGER,
  min_years       DOUBLE,
  autonomous_only BOOLEAN,
  sort_order      INTEGER
);

-- The age bands of a ladder item (老中青).
CREATE TABLE IF NOT EXISTS template_bands (
  template_id VARCHAR,
  item_id     VARCHAR,
  band_index  INTEGER,
  label       VARCHAR,
  min_age     INTEGER,
  max_age     INTEGER
);

-- Preset team warnings (班子预警), each switchable, with its parameters.
CREATE TABLE IF NOT EXISTS warning_rules (
  warning_id VARCHAR PRIMARY KEY,
  kind       VARCHAR,
  label      VARCHAR,
  enabled    BOOLEAN,
  months     INTEGER,
  share_num  INTEGER,
  share_den  INTEGER,
  min_count  INTEGER,
  item_kinds VARCHAR[],
  years      INTEGER[],
  sort_order INTEGER
);

-- Statutory retirement (DOMAIN.md §5), one row: base ages and the gradual delay from 2025.
CREATE TABLE IF NOT EXISTS retirement_rules (
  men_age          INTEGER,
  women_age        INTEGER,
  women_county_age INTEGER,
  women_county_delayed BOOLEAN,
  delay_from_60    DATE,
  delay_from_55    DATE,
  delay_step       INTEGER,
  delay_max        INTEGER
);

-- Eligibility rules (符合条件人选, condition searches): each criterion's parameters, NULL when
-- the rule does not test it; age limits by level in eligibility_age_limits (the first whose
-- levels name the person's level applies; NULL levels: any other level).
CREATE TABLE IF NOT EXISTS eligibility_rules (
  rule_id           VARCHAR PRIMARY KEY,
  label             VARCHAR,
  sort_order        INTEGER,
  age_on            BOOLEAN,
  born_from         DATE,
  born_to           DATE,
  education_min     VARCHAR,
  fulltime_min      VARCHAR,
  party             VARCHAR,
  tenure_min        DOUBLE,
  appraisal_years   INTEGER,
  appraisal_ok      VARCHAR[],
  grassroots_min    DOUBLE,
  grassroots_below  DOUBLE,
  unit_types        VARCHAR[],
  levels            VARCHAR[],
  post_classes      VARCHAR[],
  regions           VARCHAR[],
  reserves          VARCHAR[],
  post_years_min    DOUBLE,
  post_years_below  DOUBLE,
  level_years_min   DOUBLE,
  level_years_below DOUBLE,
  gender            VARCHAR,
  minority          BOOLEAN,
  priority_reserve  BOOLEAN,
  priority_max_age  INTEGER
);

CREATE TABLE IF NOT EXISTS eligibility_age_limits (
  rule_id VARCHAR,
  idx     INTEGER,
  levels  VARCHAR[],
  min_age INTEGER,
  max_age INTEGER
);

-- Candidates rules (Y10): which per-unit ratio rules' gaps they cover (NULL: every one), the
-- teams' unit types, how many candidates a post needs, the retirement horizon, the ranking order
-- and the target; candidate_feeds names the reserve that feeds each level and where it is drawn.
CREATE TABLE IF NOT EXISTS candidate_rules (
  rule_id         VARCHAR PRIMARY KEY,
  label           VARCHAR,
  rules           VARCHAR[],
  unit_types      VARCHAR[],
  min_candidates  INTEGER,
  retiring_months INTEGER,
  rank_order      VARCHAR[],
  target_num      INTEGER,
  target_den      INTEGER,
  comparator      VARCHAR,
  sort_order      INTEGER
);

CREATE TABLE IF NOT EXISTS candidate_feeds (
  rule_id VARCHAR,
  idx     INTEGER,
  levels  VARCHAR[],
  reserve VARCHAR,
  scope   VARCHAR
);

-- The data-quality findings of the rows read (the load report's notes and rejected rows, written
-- by keepFindings in src/core/quality.ts): what queries/quality.sql counts as Q1, each with the
-- snapshot of its row, found once when written.
CREATE TABLE IF NOT EXISTS row_findings (
  source_file   VARCHAR,
  source_row    INTEGER,
  code          VARCHAR,
  rejected      BOOLEAN,
  snapshot_date DATE
);

-- The moves of a what-if scenario (模拟调配), written before whatif.sql reads them: who goes
-- to which unit at which level, replacing whom. The roster itself never changes.
CREATE TABLE IF NOT EXISTS scenario_moves (
  seq       INTEGER,
  person_id VARCHAR,
  unit_id   VARCHAR,
  level     VARCHAR,
  replaces  VARCHAR,
  -- The names the moves were made with: an id that names another person now (another roster
  -- reusing its codes) cannot apply.
  name      VARCHAR,
  replaces_name VARCHAR
);

-- The teams with target posts of every candidates rule at a reference date (Y10), all teams,
-- stored by queries/candidates_store.sql (keepRows, src/core/kept.ts) and read for the teams in
-- scope by queries/candidates.sql.
CREATE TABLE IF NOT EXISTS candidate_targets (
  cand_id      VARCHAR,
  metric_id    VARCHAR,
  unit_id      VARCHAR,
  unit_name    VARCHAR,
  region       VARCHAR,
  unit_type    VARCHAR,
  members      INTEGER,
  young        INTEGER,
  needed       INTEGER,
  short        INTEGER,
  retiring     INTEGER,
  target_posts INTEGER,
  candidates   INTEGER,
  covered      BOOLEAN,
  cand_order   INTEGER,
  rule_order   INTEGER
);

-- Q1 at one reference date, stored by queries/quality.sql (keepRows, src/core/kept.ts): counted
-- once per date, not at every change of the filters (it counts every record).
CREATE TABLE IF NOT EXISTS quality_store (
  snapshot_date VARCHAR,
  records       INTEGER,
  flagged       INTEGER,
  rejected      INTEGER,
  value         DOUBLE,
  codes         STRUCT(code VARCHAR, rejected BOOLEAN, "rows" INTEGER)[]
);

-- Every ratio rule city-wide at one reference date, everyone counted: the "before" of the
-- 模拟调配 moves, stored by queries/whatif_city.sql (keepRows, src/core/kept.ts).
CREATE TABLE IF NOT EXISTS whatif_city (
  metric_id VARCHAR,
  young     BIGINT,
  n         BIGINT
);

-- The template item kinds the roster cannot tell at one reference date (template_kinds_unknown
-- in macros.sql), stored once per date by queries/template_kinds_unknown_store.sql (keepRows) for
-- the team scores and the 模拟调配 moves, each of which would otherwise read every row for them.
CREATE TABLE IF NOT EXISTS template_kinds_unknown_store (kind VARCHAR);

-- 退出领导岗位: a local exit age per level, replacing the statutory month at that level.
CREATE TABLE IF NOT EXISTS exit_ages (
  level VARCHAR PRIMARY KEY,
  age   INTEGER
);

-- Y9 (one row): the target for the young share of a batch of promotions, and the highest age
-- that is young at each level promoted to.
CREATE TABLE IF NOT EXISTS promotion_rules (
  metric_id  VARCHAR,
  label      VARCHAR,
  target_num INTEGER,
  target_den INTEGER,
  comparator VARCHAR
);
CREATE TABLE IF NOT EXISTS promotion_young (
  level   VARCHAR PRIMARY KEY,
  max_age INTEGER
);

-- Secondment cohorts (one row): the largest share of a cohort rated 优秀.
CREATE TABLE IF NOT EXISTS secondment_rules (
  excellent_num INTEGER,
  excellent_den INTEGER
);

-- 任职试用期 (one row): its months, the levels a promotion to which starts one, the post classes
-- that serve none (elected posts) and whether a team's 正职 serves none.
CREATE TABLE IF NOT EXISTS probation_rules (
  months                 INTEGER,
  levels                 VARCHAR[],
  except_post_classes    VARCHAR[],
  except_team_principals BOOLEAN
);

-- The global filters as data (src/core/filters.ts writes them), so changing a filter changes no
-- SQL text and no view: prepared metric queries run again without being planned again. One row:
-- a list of chosen values per dimension (NULL: no filter; '(none)' for an empty cell) and the
-- age range; the cohorts and years-at-level bands also as the numbers rows are tested on
-- (cohort_decades, years_band_floors in queries/macros.sql), written with them.
CREATE TABLE IF NOT EXISTS filter_state (
  region VARCHAR[], unit VARCHAR[], unit_type VARCHAR[], level VARCHAR[], rank VARCHAR[],
  gender VARCHAR[], ethnicity VARCHAR[], education VARCHAR[], education_fulltime VARCHAR[],
  party VARCHAR[], cohort VARCHAR[],
  reserve VARCHAR[], grassroots VARCHAR[], years_at_level VARCHAR[], age_min INTEGER,
  age_max INTEGER, cohort_decades INTEGER[], years_floors INTEGER[],
  -- The reference date when it is not its snapshot's (the report CLI's --as-of after it): the
  -- age range is tested at it on that snapshot's rows (age_on_date).
  age_on DATE, age_on_snapshot DATE
);
INSERT INTO filter_state (age_min) VALUES (NULL);
