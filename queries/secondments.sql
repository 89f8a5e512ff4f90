-- Secondment cohorts (挂职, seed 002) up to reference date $1 (snapshot $2 in force), within the
-- filters (each member as sent): the profile as the Hangzhou 2006 report gives it — n, CPC
-- members, city-managed reserves (处级后备), 副处 and above, 大学本科 and above (highest
-- education), master's, doctorates, born in $3 or later, the youngest birth year, the mean age at
-- the start of the term — the outcome within $4 years of the start (promoted; else moved to a key
-- post; their share of the cohort), and the cohort's annual reviews of the years its term holds
-- (six months or more of the year), each year's 优秀 share against the quota (secondment_rules).
WITH m AS MATERIALIZED (
  SELECT person_id, sec_cohort, secondment_start, secondment_end, snapshot_date, party, reserve,
    level, education_highest, degree_fulltime, degree_inservice, birth_month, age, promoted, key_post, observed_to
  FROM secondment_rows($2::DATE, $4::INTEGER) WHERE in_scope
),
p AS (
  SELECT sec_cohort, min(coalesce(secondment_start, snapshot_date)) AS start,
    -- A member whose term is open (no end) leaves the cohort's end open.
    CASE WHEN bool_and(secondment_end IS NOT NULL) THEN max(secondment_end) END AS "end",
    count(*)::INTEGER AS n,
    (count(*) FILTER (WHERE party = '中共党员'))::INTEGER AS party,
    (count(*) FILTER (WHERE reserve = '处级后备'))::INTEGER AS reserve,
    (count(*) FILTER (WHERE senior_plus(level)))::INTEGER AS senior_plus,
    (count(*) FILTER (WHERE education_highest IN ('研究生', '大学本科')))::INTEGER
      AS university_plus,
    (count(*) FILTER (WHERE is_masters(education_highest, degree_fulltime, degree_inservice)))::INTEGER AS masters,
    (count(*) FILTER (WHERE is_phd(degree_fulltime, degree_inservice)))::INTEGER AS phd,
    (count(*) FILTER (WHERE year(birth_month) >= $3::INTEGER))::INTEGER AS born_from_count,
    max(year(birth_month))::INTEGER AS youngest_birth_year,
    avg(age) AS mean_age,
    (count(*) FILTER (WHERE promoted))::INTEGER AS promoted,
    (count(*) FILTER (WHERE key_post))::INTEGER AS key_post,
    strftime(max(observed_to), '%Y-%m-%d') AS observed_to
  FROM m GROUP BY sec_cohort
),
-- The reviews of each member for the years of the term (from the year it starts to the year it
-- ends, or $1's year while it runs), from every row of the person up to snapshot $2 (a year's
-- grade as the latest row gives it). Each distinct text is parsed once: a person's text repeats
-- month after month, and parsing every row's took most of a province's time.
member_rows AS (
  SELECT c.person_id, c.snapshot_date, c.appraisals
  FROM cadres c JOIN (SELECT DISTINCT person_id FROM m) p ON p.person_id = c.person_id
  WHERE c.snapshot_date <= $2::DATE AND c.appraisals IS NOT NULL
),
parsed AS (
  SELECT appraisals, appraisal_list(appraisals) AS items
  FROM (SELECT DISTINCT appraisals FROM member_rows)
),
reviews AS (
  SELECT person_id, a.y AS year, arg_max(a.r, snapshot_date) AS grade
  FROM (SELECT x.person_id, x.snapshot_date, unnest(p.items) AS a
    FROM member_rows x JOIN parsed p ON p.appraisals = x.appraisals)
  GROUP BY ALL
),
q AS (SELECT * FROM secondment_rules LIMIT 1),
-- A year's review is the receiving unit's when the term holds at least half of that year (six
-- of its months): a term of 2004-03 to 2005-03 is reviewed for 2004 only. Each year's 优秀 share
-- is judged against the quota on its own (the quota applies to a review round).
by_year AS (
  SELECT y.*, y.excellent * q.excellent_den <= q.excellent_num * y.reviews AS within_quota
  FROM (
    SELECT m.sec_cohort, r.year, count(*)::INTEGER AS reviews,
      (count(*) FILTER (WHERE r.grade = '优秀'))::INTEGER AS excellent
    FROM m JOIN reviews r ON r.person_id = m.person_id
      AND months_in_year(coalesce(m.secondment_start, m.snapshot_date),
        coalesce(m.secondment_end, $1::DATE), r.year) >= 6
    GROUP BY ALL
  ) y, q
),
v AS (
  SELECT sec_cohort, sum(reviews)::INTEGER AS reviews, sum(excellent)::INTEGER AS excellent,
    list({'year': year, 'reviews': reviews, 'excellent': excellent, 'within_quota': within_quota}
      ORDER BY year) AS review_years,
    bool_and(within_quota) AS within_quota
  FROM by_year GROUP BY sec_cohort
)
SELECT p.sec_cohort AS cohort, strftime(p.start, '%Y-%m-%d') AS start, strftime(p."end", '%Y-%m-%d') AS "end",
  p.n, p.party, p.reserve, p.senior_plus, p.university_plus, p.masters, p.phd,
  $3::INTEGER AS born_from, p.born_from_count, p.youngest_birth_year, p.mean_age,
  p.promoted, p.key_post, (p.promoted + p.key_post) / p.n AS outcome_share, p.observed_to,
  coalesce(v.reviews, 0) AS reviews, coalesce(v.excellent, 0) AS excellent,
  CASE WHEN v.reviews > 0 THEN v.excellent / v.reviews END AS excellent_share,
  q.excellent_num / q.excellent_den AS excellent_quota,
  coalesce(v.review_years, []) AS review_years, v.within_quota
FROM p LEFT JOIN v USING (sec_cohort), q
ORDER BY p.start, p.sec_cohort;
