-- Headcount, mean and median age at the reference date ($1).
SELECT
  count(*)::INTEGER AS headcount,
  avg(age)::DOUBLE AS mean_age,
  median(age)::DOUBLE AS median_age,
  strftime(snapshot_for($1::DATE), '%Y-%m-%d') AS snapshot_date
FROM cadres_at($1::DATE);
