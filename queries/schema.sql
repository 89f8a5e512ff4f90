-- Canonical tables. docs/data-model.md describes every column. Closed vocabularies are ENUM
-- types: one spelling per concept, and grouping on them is several times faster than on text.
CREATE TYPE gender_t AS ENUM ('男', '女');
CREATE TYPE education_t AS ENUM ('研究生', '大学本科', '大学专科', '中专及以下', '未知');
CREATE TYPE party_t AS ENUM ('中共党员', '非中共党员');
CREATE TYPE level_t AS ENUM ('厅局级正职', '厅局级副职', '县处级正职', '县处级副职', '乡科级正职',
  '乡科级副职', '科员', '办事员');
CREATE TYPE unit_type_t AS ENUM ('市直', '县市区', '乡镇街道');
CREATE TYPE post_class_t AS ENUM ('township_secretary', 'township_head', 'other');
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
  political_status    VARCHAR,
  party               party_t,
  party_join_date     DATE,
  work_start_date     DATE,
  education_fulltime  education_t,
  degree_fulltime     VARCHAR,
  education_inservice education_t,
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
  source              VARCHAR,
  -- 挂职 (secondment): kind (上挂/下挂/平挂/外挂), receiving unit, term and cohort.
  secondment_type     VARCHAR,
  secondment_unit     VARCHAR,
  secondment_start    DATE,
  secondment_end      DATE,
  secondment_period   VARCHAR,
  secondment_batch    VARCHAR,
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

-- Room for the rules that need appointment events (Y9); filled by a later import.
CREATE TABLE IF NOT EXISTS appointments (
  person_id    VARCHAR,
  event_date   DATE,
  batch_id     VARCHAR,
  from_level   VARCHAR,
  to_level     VARCHAR,
  is_promotion BOOLEAN
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
  kpi           BOOLEAN
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
  delay_from_60    DATE,
  delay_from_55    DATE,
  delay_step       INTEGER,
  delay_max        INTEGER
);

-- The global filters as data (src/core/filters.ts writes them), so changing a filter changes no
-- SQL text and no view: prepared metric queries run again without being planned again. One row:
-- a list of chosen values per dimension (NULL: no filter; '(none)' for an empty cell) and the
-- age range.
CREATE TABLE IF NOT EXISTS filter_state (
  region VARCHAR[], unit VARCHAR[], unit_type VARCHAR[], level VARCHAR[], rank VARCHAR[],
  gender VARCHAR[], ethnicity VARCHAR[], education VARCHAR[], party VARCHAR[], cohort VARCHAR[],
  reserve VARCHAR[], grassroots VARCHAR[], years_at_level VARCHAR[], age_min INTEGER,
  age_max INTEGER
);
INSERT INTO filter_state (age_min) VALUES (NULL);
