-- Every leadership team scored on its structure template at the reference date ($1) (班子结构).
-- A team is the team members of one unit in a template's population. Teams are judged on all
-- their members (the person filters do not apply); the scope filters (region, unit, unit type)
-- choose which teams are listed. Each item counts its members against `required` and scores
-- weight × min(1, actual / required); a team short of a veto item fails (一票否决). Then the
-- preset warnings (warning_rules) that are switched on.
WITH f AS (SELECT region AS f_region, unit AS f_unit, unit_type AS f_unit_type FROM filter_state),
r AS (SELECT $1::DATE AS ref, snapshot_for($1::DATE) AS snap),
members AS MATERIALIZED (
  SELECT template_id, unit_id, unit_name, region, gender, party, ethnicity, education_highest,
    grassroots_years, is_principal, post_since, age, retires
  FROM team_members($1::DATE)
),
teams AS (
  SELECT template_id, unit_id, any_value(unit_name) AS unit_name, any_value(region) AS region,
    count(*)::INTEGER AS members
  FROM members m, f
  WHERE in_filter(f.f_region, m.region) AND in_filter(f.f_unit, m.unit_id)
    AND (f.f_unit_type IS NULL OR EXISTS (
      SELECT 1 FROM units u WHERE u.unit_id = m.unit_id AND in_filter(f.f_unit_type, u.unit_type)))
  GROUP BY template_id, unit_id
),
-- How many members of each team count for each item; a ladder counts its bands that hold a
-- member.
counts AS (
  SELECT i.template_id, m.unit_id, i.item_id,
    (count(*) FILTER (WHERE counts_for_item(i.kind, i.max_age, i.min_years, m.gender, m.party,
      m.ethnicity, m.age, m.education_highest, m.grassroots_years)))::INTEGER AS actual
  FROM template_items i JOIN members m USING (template_id)
  WHERE i.kind <> 'ladder'
  GROUP BY ALL
),
ladders AS (
  SELECT b.template_id, m.unit_id, b.item_id, count(DISTINCT b.band_index)::INTEGER AS actual
  FROM template_bands b JOIN members m USING (template_id)
  WHERE m.age >= coalesce(b.min_age, -1000) AND m.age <= coalesce(b.max_age, 1000)
  GROUP BY ALL
),
actuals AS (SELECT * FROM counts UNION ALL SELECT * FROM ladders),
items AS (
  SELECT t.template_id, t.unit_id, i.item_id, i.kind, i.sort_order, i.weight, i.veto,
    -- An item that applies only in autonomous areas asks nothing elsewhere.
    CASE WHEN i.autonomous_only AND NOT coalesce(t.region LIKE '%自治%' OR t.unit_name LIKE '%自治%', false)
      THEN 0 ELSE i.required END AS required,
    coalesce(a.actual, 0) AS actual
  FROM teams t
  JOIN template_items i USING (template_id)
  LEFT JOIN actuals a ON a.template_id = t.template_id AND a.unit_id = t.unit_id
    AND a.item_id = i.item_id
),
scored AS (
  SELECT template_id, unit_id,
    round(sum(template_item_score(weight, required, actual)), 1) AS score,
    bool_or(veto AND actual < required) AS vetoed,
    -- Sorted after the aggregate: list(… ORDER BY) sorts every team apart, 3× slower.
    list_transform(list_sort(list({'o': sort_order, 'item': {'id': item_id, 'kind': kind,
      'required': required, 'actual': actual, 'short': greatest(0, required - actual)::INTEGER,
      'weight': weight, 'veto': veto}})), x -> x.item) AS items
  FROM items GROUP BY template_id, unit_id
),
-- Per-team figures the warnings need.
facts AS (
  SELECT m.template_id, m.unit_id,
    count(*) FILTER (WHERE m.is_principal) AS principals,
    count(*) FILTER (WHERE m.is_principal AND m.retires
      <= CAST(date_trunc('month', r.ref) + to_months(w_p.months) AS DATE)) AS principals_retiring,
    count(*) FILTER (WHERE m.retires
      <= CAST(date_trunc('month', r.ref) + to_months(w_r.months) AS DATE)) AS retiring,
    list(CAST(date_diff('month', m.post_since, r.ref) // 12 AS INTEGER))
      FILTER (WHERE m.post_since IS NOT NULL) AS tenures
  FROM members m
  CROSS JOIN r
  CROSS JOIN (SELECT coalesce(max(months), 0) AS months FROM warning_rules
    WHERE kind = 'principal_retiring') w_p
  CROSS JOIN (SELECT coalesce(max(months), 0) AS months FROM warning_rules
    WHERE kind = 'retiring_soon') w_r
  GROUP BY m.template_id, m.unit_id
),
-- Per-team rules a unit falls short of on its own (young share below target), on all its rows.
young_short AS (
  SELECT unit_id, list(metric_id ORDER BY sort_order) AS rules
  FROM (
    SELECT k.metric_id, c.unit_id, q.sort_order,
      count(*) FILTER (WHERE counted_under(q.max_age, q.born_from, q.born_to, q.gender, q.party,
      q.minority, q.education_min, age_at(c.birth_month, r.ref),
      c.birth_month, c.gender, c.party, c.ethnic_group, c.education_highest)) AS young,
      count(*) AS n, any_value(q.target_num) AS target_num,
      any_value(q.target_den) AS target_den, any_value(q.comparator) AS comparator
    FROM cadre_rows c
    CROSS JOIN r
    JOIN rule_keys('ratio') k ON matches_rule_key(k.level, k.unit_type, k.post_class,
      k.team_only, c.level, c.unit_type, c.post_class, c.is_team_member)
    JOIN ratio_rules q ON q.metric_id = k.metric_id AND q.per_unit
    WHERE c.snapshot_date = r.snap
    GROUP BY k.metric_id, c.unit_id, q.sort_order
  )
  WHERE young < young_needed(n, target_num, target_den, comparator)
  GROUP BY unit_id
),
warned AS (
  SELECT s.template_id, s.unit_id,
    list_transform(list_sort(list({'o': w.sort_order, 'w': {'id': w.warning_id, 'kind': w.kind,
      'n': CASE w.kind
        WHEN 'principal_retiring' THEN fa.principals_retiring
        WHEN 'retiring_soon' THEN fa.retiring
        WHEN 'long_tenure' THEN len(list_filter(fa.tenures, y -> y >= list_min(w.years)))
        ELSE NULL END,
      'detail': CASE w.kind
        WHEN 'young_short' THEN array_to_string(ys.rules, '、')
        WHEN 'template_short' THEN array_to_string(list_transform(
          list_filter(s.items, it -> list_contains(w.item_kinds, it.kind) AND it.short > 0),
          it -> it.id || ':' || it.short), '、')
        WHEN 'long_tenure' THEN array_to_string(list_transform(w.years, y ->
          y || ':' || len(list_filter(fa.tenures, t -> t >= y))), '、')
        ELSE NULL END}})
      FILTER (WHERE CASE w.kind
        WHEN 'no_principal' THEN fa.principals = 0
        WHEN 'principal_retiring' THEN fa.principals_retiring > 0
        WHEN 'young_short' THEN ys.rules IS NOT NULL
        WHEN 'retiring_soon' THEN fa.retiring >= w.min_count
          OR fa.retiring * w.share_den >= w.share_num * t.members
        WHEN 'template_short' THEN len(list_filter(s.items,
          it -> list_contains(w.item_kinds, it.kind) AND it.short > 0)) > 0
        WHEN 'long_tenure' THEN len(list_filter(fa.tenures, y -> y >= list_min(w.years))) > 0
        ELSE false END)), x -> x.w) AS warnings
  FROM scored s
  JOIN teams t USING (template_id, unit_id)
  JOIN facts fa USING (template_id, unit_id)
  LEFT JOIN young_short ys USING (unit_id)
  CROSS JOIN (SELECT * FROM warning_rules WHERE enabled) w
  GROUP BY s.template_id, s.unit_id
)
SELECT t.template_id, t.unit_id, t.unit_name, t.region, t.members, s.score,
  template_status(s.vetoed, s.score, tp.met_threshold, tp.basic_threshold) AS status,
  s.vetoed, s.items, coalesce(w.warnings, []) AS warnings
FROM teams t
JOIN scored s USING (template_id, unit_id)
JOIN templates tp USING (template_id)
LEFT JOIN warned w USING (template_id, unit_id)
ORDER BY tp.sort_order, t.region, t.unit_name, t.unit_id;
