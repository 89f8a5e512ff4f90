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

-- Ratio rules (Y1–Y8, J1, J2): populations, the "young" test and targets are data.
CREATE TABLE IF NOT EXISTS ratio_rules (
  metric_id     VARCHAR PRIMARY KEY,
  label         VARCHAR,
  unit_types    VARCHAR[],
  levels        VARCHAR[],
  post_classes  VARCHAR[],
  team_only     BOOLEAN,
  max_age       INTEGER,
  born_from     DATE,
  born_to       DATE,
  target_num    INTEGER,
  target_den    INTEGER,
  comparator    VARCHAR,
  sort_order    INTEGER,
  -- Whether the target applies to every team/unit on its own (Y1–Y6), not only city-wide.
  per_unit      BOOLEAN
);

CREATE TABLE IF NOT EXISTS age_bands (
  label     VARCHAR,
  min_age   INTEGER,
  max_age   INTEGER,
  sort_order INTEGER
);

-- J3 三个一批 bands of township principals.
CREATE TABLE IF NOT EXISTS principal_bands (
  metric_id VARCHAR,
  label     VARCHAR,
  min_age   INTEGER,
  max_age   INTEGER,
  sort_order INTEGER
);

-- J4/J5 targets: change of township principals against a baseline snapshot.
CREATE TABLE IF NOT EXISTS change_rules (
  metric_id  VARCHAR PRIMARY KEY,
  label      VARCHAR,
  target     DOUBLE,
  comparator VARCHAR,
  sort_order INTEGER
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
