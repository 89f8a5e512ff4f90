-- Projection (预测: if nothing changes) of every ratio rule from reference date $1 (snapshot $2
-- in force), within the filters: the same people in the same posts at $1 + k years (k = 0 … the
-- horizon), each k years older; people whose exit month is on or before that date's month leave
-- and their posts stand empty (they leave the denominator). k = 0 is the rule as it stands.
-- Scenario: the vacated posts refilled, a share $4 of the appointees young (scenario_numerator
-- can be fractional). Per rule: the first k at which `met` differs from k = 0 (change_k), the same
-- for the scenario, and for target year $5 (NULL: none) the young appointments needed — the
-- young the full posts need at that date (young_needed of the present denominator) beyond the
-- young who stay — in all and per year (rounded up). $3: the years asked for (`requested`); the horizon is the
-- largest of them, the target year's and 10 years, at most 40.
WITH base AS (
  SELECT k.metric_id, c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest,
    leave_month_of(c.birth_month, c.gender, c.level, c.rank, c.retirement_date, e.age, q.men_age,
      q.women_age, q.women_county_age, q.women_county_delayed, q.delay_from_60,
      q.delay_from_55, q.delay_step, q.delay_max) AS leave_month,
    count(*)::INTEGER AS n
  FROM rows_at_snapshot($2::DATE) c
  CROSS JOIN retirement_rules q
  LEFT JOIN exit_ages e ON e.level = CAST(c.level AS VARCHAR)
  JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only,
    c.level, c.unit_type, c.post_class, c.is_team_member)
  WHERE c.in_scope
  GROUP BY ALL
),
yrs AS (
  SELECT unnest(range(0, least(40, greatest(10, coalesce($5::INTEGER - year($1::DATE), 0),
    coalesce(list_max($3::INTEGER[]), 0))) + 1)) AS k
),
proj AS (
  SELECT r.metric_id, y.k, CAST($1::DATE + to_years(CAST(y.k AS INTEGER)) AS DATE) AS d,
    r.target_num, r.target_den, r.comparator, r.sort_order,
    coalesce(sum(b.n), 0) AS den0,
    coalesce(sum(b.n) FILTER (WHERE y.k = 0 OR b.leave_month IS NULL
      OR b.leave_month > date_trunc('month', $1::DATE + to_years(CAST(y.k AS INTEGER)))), 0) AS den,
    coalesce(sum(b.n) FILTER (WHERE (y.k = 0 OR b.leave_month IS NULL
      OR b.leave_month > date_trunc('month', $1::DATE + to_years(CAST(y.k AS INTEGER))))
      AND counted_under(r.max_age, r.born_from, r.born_to, r.gender, r.party,
      r.minority, r.education_min, age_at(b.birth_month, $1::DATE + to_years(CAST(y.k AS INTEGER))),
      b.birth_month, b.gender, b.party, b.ethnic_group, b.education_highest)), 0)
      AS num
  FROM ratio_rules r CROSS JOIN yrs y LEFT JOIN base b ON b.metric_id = r.metric_id
  GROUP BY ALL
),
judged AS (
  SELECT *, young_needed(den, target_num, target_den, comparator) AS needed,
    young_needed(den0, target_num, target_den, comparator) AS needed0,
    den0 - den AS vacated,
    num + $4::DOUBLE * (den0 - den) AS s_num
  FROM proj
),
flags AS (
  SELECT *, CASE WHEN den > 0 THEN num >= needed END AS met,
    -- The scenario's numerator can be fractional: compared with the target as an exact fraction.
    CASE WHEN den0 > 0 THEN CASE comparator
      WHEN '>' THEN CAST(s_num AS BIGINT) * target_den > CAST(target_num AS BIGINT) * den0
      ELSE CAST(s_num AS BIGINT) * target_den >= CAST(target_num AS BIGINT) * den0 END END AS s_met
  FROM judged
)
SELECT metric_id, k AS years, strftime(d, '%Y-%m-%d') AS date,
  list_contains($3::INTEGER[], k) AS requested,
  num::INTEGER AS numerator, den::INTEGER AS denominator,
  CASE WHEN den > 0 THEN num / den END AS value, met,
  CASE WHEN den > 0 AND needed <= den THEN CAST(greatest(0, needed - num) AS INTEGER) END AS gap,
  vacated::INTEGER AS vacated, s_num AS scenario_numerator, den0::INTEGER AS scenario_denominator,
  CASE WHEN den0 > 0 THEN s_num / den0 END AS scenario_value, s_met AS scenario_met,
  min(k) FILTER (WHERE k > 0 AND met IS DISTINCT FROM met0) OVER w AS change_k,
  min(k) FILTER (WHERE k > 0 AND s_met IS DISTINCT FROM s_met0) OVER w AS scenario_change_k,
  max(CASE WHEN k = $5::INTEGER - year($1::DATE) THEN greatest(0, needed0 - num) END) OVER w
    ::INTEGER AS target_needed,
  max(CASE WHEN k = $5::INTEGER - year($1::DATE) THEN vacated END) OVER w ::INTEGER
    AS target_vacated,
  CAST(ceil(max(CASE WHEN k = $5::INTEGER - year($1::DATE) THEN greatest(0, needed0 - num) END)
    OVER w / ($5::INTEGER - year($1::DATE))) AS INTEGER) AS target_per_year
FROM (
  SELECT *, first(met) OVER (PARTITION BY metric_id ORDER BY k) AS met0,
    first(s_met) OVER (PARTITION BY metric_id ORDER BY k) AS s_met0
  FROM flags
)
WINDOW w AS (PARTITION BY metric_id)
ORDER BY sort_order, k;
