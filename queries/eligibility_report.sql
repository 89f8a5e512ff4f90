-- The report's list of eligibility rule $2 at the reference date ($1), as stored in
-- eligibility_store for $1, the months of "qualifies within" ($3) and the rule: the people
-- eligible, 待核实 or near, in eligibility.sql's default order, $4 rows from $5 (NULL: all).
-- Each person is a JSON object in the report's shape (`reasons` left empty; a near miss's `v`:
-- the values that put its failed criterion in words, for its reasons), and the list comes as
-- text of up to 20,000 people per row (`people`, objects joined by ",\n"; `n` of them; `near`:
-- near misses, whose entries JavaScript completes, the others are final): native DuckDB hands
-- each text value to JavaScript by a call of its own, and a million people's columns one by one
-- took most of a province's report.
WITH listed AS (
  SELECT rowid AS rid, person_id, name, unit_name, region, post_title, level, age, status_code,
    priority, will_qualify,
    [s_age, s_birth, s_education, s_fulltime, s_party, s_tenure, s_appraisals, s_grassroots,
      s_unit_type, s_level, s_post_class, s_region, s_reserve, s_post_years, s_level_years,
      s_gender, s_ethnicity] AS states,
    row_number() OVER (
      ORDER BY sort_order, status_code, region NULLS LAST, unit_name NULLS LAST, age, person_id)
    AS i
  FROM eligibility_store
  WHERE rule_id = $2::VARCHAR AND status_code < 3
    AND ($1::DATE IS NULL OR $3::INTEGER IS NULL OR true)
  ORDER BY i
  LIMIT $4::BIGINT OFFSET coalesce($5::BIGINT, 0)
),
-- A near miss's values, read back from the store: those its one failed criterion puts in words
-- (src/core/selection/text.ts, cellText), and no others.
near AS (
  SELECT l.rid, '{' || concat_ws(',',
    CASE WHEN s.s_age = 2 THEN concat('"age":', json_value(s.age), ',"age_bound":', json_text(CASE
      WHEN s.lim_hi IS NOT NULL AND s.age > s.lim_hi THEN '>' || s.lim_hi
      WHEN s.lim_lo IS NOT NULL AND s.age < s.lim_lo THEN '<' || s.lim_lo END)) END,
    CASE WHEN s.s_birth = 2 THEN concat('"birth":', json_text(strftime(s.birth_date, '%Y-%m'))) END,
    CASE WHEN s.s_education = 2
      THEN concat('"education_highest":', json_text(s.education_highest)) END,
    CASE WHEN s.s_fulltime = 2
      THEN concat('"education_fulltime":', json_text(s.education_fulltime),
        ',"education_highest":', json_text(s.education_highest)) END,
    CASE WHEN s.s_party = 2 THEN concat('"party":', json_text(s.party),
      ',"political_status":', json_text(s.political_status)) END,
    CASE WHEN s.s_tenure = 2 THEN concat('"tenure_months":', json_value(s.tenure_months),
      ',"tenure_exact":', json_value(s.tenure_exact)) END,
    CASE WHEN s.s_appraisals = 2 THEN concat('"appraisal_last":', json_text(array_to_string(
      list_transform(s.apr[1:coalesce(s.q_apr_years, 3)],
        x -> coalesce(CAST(x.y AS VARCHAR), '') || x.r), ' '))) END,
    CASE WHEN s.s_grassroots = 2
      THEN concat('"grassroots_years":', json_value(s.grassroots_years)) END,
    CASE WHEN s.s_unit_type = 2 THEN concat('"unit_type":', json_text(s.unit_type)) END,
    CASE WHEN s.s_level = 2 THEN concat('"level":', json_text(s.level)) END,
    CASE WHEN s.s_post_class = 2 THEN concat('"post_class":', json_text(s.post_class)) END,
    CASE WHEN s.s_region = 2 THEN concat('"region":', json_text(s.region)) END,
    CASE WHEN s.s_reserve = 2 THEN concat('"reserve":', json_text(s.reserve)) END,
    CASE WHEN s.s_post_years = 2 THEN concat('"post_months":', json_value(s.post_months)) END,
    CASE WHEN s.s_level_years = 2 THEN concat('"level_months":', json_value(s.level_months)) END,
    CASE WHEN s.s_gender = 2 THEN concat('"gender":', json_text(s.gender)) END,
    CASE WHEN s.s_ethnicity = 2 THEN concat('"ethnicity":', json_text(s.ethnicity)) END) || '}'
    AS v
  FROM listed l JOIN eligibility_store s ON s.rowid = l.rid
  WHERE l.status_code = 2
),
-- The criteria failed (2) and missing (3) as JSON lists, in list order.
failed AS (
  SELECT *,
    '[' || coalesce(array_to_string(list_transform(criteria_in_state(states, 2),
      c -> '"' || c || '"'), ','), '') || ']' AS failed,
    '[' || coalesce(array_to_string(list_transform(criteria_in_state(states, 3),
      c -> '"' || c || '"'), ','), '') || ']' AS missing
  FROM listed
),
entry AS (
  SELECT i, concat('{"person_id":', json_text(person_id), ',"name":', json_text(name),
    ',"unit":', json_text(unit_name), ',"region":', json_text(region),
    ',"post":', json_text(post_title), ',"level":', json_text(level),
    ',"age":', json_value(age),
    ',"status":"', ['eligible', 'unknown', 'near'][status_code + 1], '"',
    ',"failed":', failed, ',"missing":', missing, ',"reasons":[]',
    ',"priority":', json_value(priority), ',"will_qualify":', json_value(will_qualify),
    CASE WHEN near.v IS NOT NULL THEN ',"v":' || near.v END, '}') AS e, status_code = 2 AS near
  FROM failed LEFT JOIN near USING (rid)
)
SELECT near, count(*)::INTEGER AS n, string_agg(e, ',' || chr(10) ORDER BY i) AS people
FROM entry GROUP BY (i - 1) // 20000, near ORDER BY min(i);
