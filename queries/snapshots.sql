-- Every snapshot with its headcount, newest last.
SELECT strftime(snapshot_date, '%Y-%m-%d') AS snapshot_date, count(*)::INTEGER AS headcount
FROM cadres GROUP BY snapshot_date ORDER BY snapshot_date;
