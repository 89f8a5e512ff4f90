-- The report's list of eligibility rule $2 (every rule when NULL) at the reference date ($1), as
-- stored in eligibility_store for $1, the months of "qualifies within" ($3) and the rule: the
-- people eligible, 待核实 or near, in eligibility.sql's default order, $4 rows from $5 (NULL: all).
-- Each person is a JSON object in the report's shape, a near miss's reasons in the words $6/$7
-- give, and each rule's list comes as text of up to 20,000 people per row (`people`, objects
-- joined by ",\n"; `n` of them): native DuckDB hands each text value to JavaScript by a call of
-- its own, and a million people's columns one by one, or their objects parsed and written again,
-- took most of a province's report.
WITH listed AS (
  SELECT rowid AS rid, rule_id, person_id, name, unit_name, region, post_title, level, age,
    status_code, priority, will_qualify,
    [s_age, s_birth, s_education, s_fulltime, s_party, s_tenure, s_appraisals, s_grassroots,
      s_unit_type, s_level, s_post_class, s_region, s_reserve, s_post_years, s_level_years,
      s_gender, s_ethnicity] AS states,
    row_number() OVER (
      ORDER BY sort_order, status_code, region NULLS LAST, unit_name NULLS LAST, age, person_id)
    AS i
  FROM eligibility_store
  WHERE ($2::VARCHAR IS NULL OR rule_id = $2::VARCHAR) AND status_code < 3
    AND ($1::DATE IS NULL OR $3::INTEGER IS NULL OR true)
  ORDER BY i
  LIMIT $4::BIGINT OFFSET coalesce($5::BIGINT, 0)
),
-- Each near miss's failed criterion in words: $6 the keys (the rule id, chr(29) and its near_key)
-- and $7 their words, each list joined by chr(31) (eligibilityReport words each distinct key of a
-- rule once: a million near misses share a few hundred). Keyed for the rows listed only: a page
-- does not key every near miss.
words AS (
  SELECT unnest(string_split($6::VARCHAR, chr(31))) AS key,
    unnest(string_split($7::VARCHAR, chr(31))) AS reason
),
fields AS (
  SELECT l.rid, l.rule_id, near_fields(s.s_age, s.age, s.lim_lo, s.lim_hi, s.s_birth, s.birth_date,
      s.s_education, s.education_highest, s.s_fulltime, s.education_fulltime, s.s_party, s.party,
      s.political_status, s.s_tenure, s.tenure_months, s.tenure_exact, s.s_appraisals, s.apr,
      s.q_apr_years, s.s_grassroots, s.grassroots_years, s.s_unit_type, s.unit_type, s.s_level,
      s.level, s.s_post_class, s.post_class, s.s_region, s.region, s.s_reserve, s.reserve,
      s.s_post_years, s.post_months, s.s_level_years, s.level_months, s.s_gender, s.gender,
      s.s_ethnicity, s.ethnicity) AS f
  FROM listed l JOIN eligibility_store s ON s.rowid = l.rid
  WHERE l.status_code = 2
),
-- Each distinct near_fields keyed once (a struct's NULL fields compare equal).
keys AS (
  SELECT rule_id, f, rule_id || chr(29) || near_key(f) AS key
  FROM (SELECT DISTINCT rule_id, f FROM fields)
),
keyed AS (SELECT x.rid, k.key FROM fields x JOIN keys k USING (rule_id, f)),
near AS (SELECT k.rid, w.reason FROM keyed k LEFT JOIN words w USING (key)),
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
  SELECT i, rule_id, concat('{"person_id":', json_text(person_id), ',"name":', json_text(name),
    ',"unit":', json_text(unit_name), ',"region":', json_text(region),
    ',"post":', json_text(post_title), ',"level":', json_text(level),
    ',"age":', json_value(age),
    ',"status":"', ['eligible', 'unknown', 'near'][status_code + 1], '"',
    ',"failed":', failed, ',"missing":', missing,
    ',"reasons":', CASE WHEN near.reason IS NULL THEN '[]' ELSE '[' || json_text(near.reason) || ']' END,
    ',"priority":', json_value(priority), ',"will_qualify":', json_value(will_qualify), '}') AS e
  FROM failed LEFT JOIN near USING (rid)
)
SELECT rule_id, count(*)::INTEGER AS n, string_agg(e, ',' || chr(10) ORDER BY i) AS people
FROM entry GROUP BY rule_id, (i - 1) // 20000 ORDER BY min(i);
