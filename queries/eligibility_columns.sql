-- What the snapshot in force at the reference date ($1) says about each column the criteria read
-- (how many rows have a value), and where years as township secretary come from: the roster's
-- column, the spells across the snapshots loaded up to then, or the 任现职时间 of one snapshot.
SELECT count(*)::INTEGER AS rows_at, count(political_status)::INTEGER AS political_status,
  count(education_fulltime) FILTER (WHERE education_fulltime <> '未知')::INTEGER AS education_fulltime,
  count(education_highest) FILTER (WHERE education_highest <> '未知')::INTEGER AS education_highest,
  count(appraisals)::INTEGER AS appraisals, count(grassroots_years)::INTEGER AS grassroots_years,
  count(secretary_years)::INTEGER AS secretary_years, count(post_since)::INTEGER AS post_since,
  count(level_since)::INTEGER AS level_since, count(post_title)::INTEGER AS post_title,
  count(post_class)::INTEGER AS post_class, count(unit_type)::INTEGER AS unit_type,
  count(level)::INTEGER AS level, count(region)::INTEGER AS region,
  count(reserve)::INTEGER AS reserve, count(gender)::INTEGER AS gender,
  count(is_team_member)::INTEGER AS is_team_member,
  count(education_inservice) FILTER (WHERE education_inservice <> '未知')::INTEGER AS education_inservice,
  count(ethnicity)::INTEGER AS ethnicity,
  (SELECT count(*) FROM snapshot_dates WHERE snapshot_date <= snapshot_for($1::DATE))::INTEGER
    AS snapshots
FROM cadres
WHERE snapshot_date = snapshot_for($1::DATE);
