-- Canonical tables. docs/data-model.md describes every column.
CREATE TABLE IF NOT EXISTS cadres (
  snapshot_date       DATE NOT NULL,
  person_id           VARCHAR NOT NULL,
  name                VARCHAR,
  id_number           VARCHAR,
  gender              VARCHAR,
  birth_date          DATE NOT NULL,
  birth_precision     VARCHAR,
  ethnicity           VARCHAR,
  political_status    VARCHAR,
  party               VARCHAR,
  party_join_date     DATE,
  work_start_date     DATE,
  education_fulltime  VARCHAR,
  degree_fulltime     VARCHAR,
  education_inservice VARCHAR,
  education_highest   VARCHAR,
  unit_id             VARCHAR,
  unit_name           VARCHAR,
  unit_type           VARCHAR,
  region              VARCHAR,
  post_title          VARCHAR,
  post_class          VARCHAR,
  level               VARCHAR,
  rank                VARCHAR,
  level_since         DATE,
  post_since          DATE,
  is_team_member      BOOLEAN,
  is_principal        BOOLEAN,
  reserve             VARCHAR,
  grassroots_years    DOUBLE,
  appraisals          VARCHAR,
  source              VARCHAR,
  source_file         VARCHAR,
  source_row          INTEGER
);

CREATE TABLE IF NOT EXISTS units (
  unit_id   VARCHAR PRIMARY KEY,
  name      VARCHAR,
  unit_type VARCHAR,
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
  sort_order    INTEGER
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
