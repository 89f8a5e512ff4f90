-- The people behind a number of the retirement pipeline at reference date $1 (snapshot $2 in
-- force), within the filters: window $3 ('due', 'within12', 'within36', 'within60', 'thisMonth',
-- 'nextMonth', 'thisYear', 'unknown'; 'probationThisMonth', 'probationNextMonth',
-- 'probationThisYear': the month a 任职试用期 ends, note that month and basis 'probation';
-- 'probationUnknown': at a post with a probation but no 任现职务层次时间), level $4 ('(none)': no
-- 职务层次), county/district $5, unit $6 (NULL: any); note: the exit month, leave_basis: where it
-- comes from (retirement_rows).
SELECT person_id, name, CAST(gender AS VARCHAR) AS gender, strftime(birth_month, '%Y-%m') AS birth,
  age, ethnicity, CAST(party AS VARCHAR) AS party,
  CAST(education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(education_highest AS VARCHAR) AS education_highest, region, unit_name, post_title,
  CAST(level AS VARCHAR) AS level, CAST(reserve AS VARCHAR) AS reserve, NULL::BOOLEAN AS is_young,
  CASE WHEN $3::VARCHAR LIKE 'probation%' THEN strftime(probation_end, '%Y-%m')
    WHEN leave_basis = 'no_gender_range'
      THEN strftime(leave_first, '%Y-%m') || '、' || strftime(leave_by, '%Y-%m')
    ELSE strftime(CASE WHEN leave_basis IS NOT NULL THEN leave_by END, '%Y-%m') END AS note,
  CASE WHEN $3::VARCHAR = 'probationUnknown' THEN 'no_level_since'
    WHEN $3::VARCHAR LIKE 'probation%' THEN 'probation' ELSE leave_basis END AS leave_basis
FROM retirement_rows($1::DATE, $2::DATE)
WHERE CASE $3::VARCHAR
    WHEN 'due' THEN due
    WHEN 'within12' THEN first_left >= 1 AND last_left <= 12
    WHEN 'within36' THEN first_left >= 1 AND last_left <= 36
    WHEN 'within60' THEN first_left >= 1 AND last_left <= 60
    WHEN 'thisMonth' THEN months_left = 0
    WHEN 'nextMonth' THEN months_left = 1
    WHEN 'thisYear' THEN leave_year = year($1::DATE)
    WHEN 'unknown' THEN undecided
    WHEN 'probationThisMonth' THEN probation_left = 0
    WHEN 'probationNextMonth' THEN probation_left = 1
    WHEN 'probationThisYear' THEN year(probation_end) = year($1::DATE)
    WHEN 'probationUnknown' THEN probation_unknown
  END
  AND ($4::VARCHAR IS NULL OR coalesce(CAST(level AS VARCHAR), '(none)') = $4::VARCHAR)
  AND ($5::VARCHAR IS NULL OR region = $5::VARCHAR)
  AND ($6::VARCHAR IS NULL OR unit_id = $6::VARCHAR)
ORDER BY CASE WHEN $3::VARCHAR LIKE 'probation%' THEN probation_end ELSE leave_by END, region,
  unit_name, person_id;
