-- The near misses of eligibility rule $1 (every rule when NULL) as stored in eligibility_store:
-- each rule's distinct keys (near_key: the failed criterion and the values that put it in words),
-- for JavaScript to word once (src/core/selection/eligibility.ts, eligibilityReport).
SELECT rule_id, near_key(f) AS key
FROM (
  SELECT DISTINCT near_fields(s.s_age, s.age, s.lim_lo, s.lim_hi, s.s_birth, s.birth_date,
    s.s_education, s.education_highest, s.s_fulltime, s.education_fulltime, s.s_party, s.party,
    s.political_status, s.s_tenure, s.tenure_months, s.tenure_exact, s.s_appraisals, s.apr,
    s.q_apr_years, s.s_grassroots, s.grassroots_years, s.s_unit_type, s.unit_type, s.s_level,
    s.level, s.s_post_class, s.post_class, s.s_region, s.region, s.s_reserve, s.reserve,
    s.s_post_years, s.post_months, s.s_level_years, s.level_months, s.s_gender, s.gender,
    s.s_ethnicity, s.ethnicity) AS f, s.rule_id
  FROM eligibility_store s
  WHERE ($1::VARCHAR IS NULL OR s.rule_id = $1::VARCHAR) AND s.status_code = 2
)
GROUP BY rule_id, key
ORDER BY rule_id, key;
