-- Every leadership team scored on its structure template at the reference date ($1) (班子结构),
-- into team_scores (emptied first by keepRows, src/core/kept.ts; queries/teams.sql reads it).
-- A team is the team members of one unit in a template's population. Teams are judged on all
-- their members and every team is stored: the person filters do not apply, and the scope filters
-- (region, unit, unit type) choose which teams teams.sql lists. Each item counts its members
-- against `required` and scores weight × min(1, actual / required); a team short of a veto item
-- fails (一票否决). Then the preset warnings (warning_rules) that are switched on.
INSERT INTO team_scores BY NAME
-- Each team in one pass over its members: the figures its warnings need, and its members as a
-- list that each item filters (counts_for_item) — not a join of every member with every item.
WITH teams AS (
  SELECT template_id, unit_id, any_value(unit_name) AS unit_name, any_value(region) AS region,
    count(*)::INTEGER AS members,
    count(*) FILTER (WHERE is_principal) AS principals,
    -- A township's two principal posts, 书记 and 乡镇长 (one person in 一肩挑): which is vacant,
    -- when the titles tell one of them and no other principal's title is untold (a roster
    -- without titles tells neither; a 是否正职 principal with a blank title may hold the other).
    CASE WHEN bool_or(unit_type = '乡镇街道')
      AND bool_or(is_township_secretary(post_class)) <> bool_or(is_township_head(post_class))
      AND count(*) FILTER (WHERE is_principal
        AND NOT coalesce(is_township_principal(post_class), false)) = 0
      THEN CASE WHEN NOT bool_or(is_township_secretary(post_class)) THEN 'secretary'
        WHEN any_value(unit_name) LIKE '%街道%' THEN 'street_head' ELSE 'head' END
      END AS vacant_principal,
    -- The retirement months, which each warning that looks ahead counts up to its own month.
    coalesce(list(retires) FILTER (WHERE is_principal AND retires IS NOT NULL), [])
      AS principal_retires,
    coalesce(list(retires) FILTER (WHERE retires IS NOT NULL), []) AS member_retires,
    list(tenure) FILTER (WHERE tenure IS NOT NULL) AS tenures,
    -- In a 民族自治地方 (by region or unit name) an autonomous_only item applies.
    bool_or(region LIKE '%自治%' OR unit_name LIKE '%自治%') AS autonomous,
    list({'gender': gender, 'party': party, 'ethnicity': ethnicity, 'age': age,
      'education_highest': education_highest, 'grassroots_years': grassroots_years}) AS people
  FROM (
    SELECT *, full_months(post_since, $1::DATE) // 12 AS tenure
    FROM team_members($1::DATE)
  )
  GROUP BY template_id, unit_id
),
-- Each ladder item's bands (a template has at most 6).
ladders AS (
  SELECT template_id, item_id,
    list({'lo': coalesce(min_age, -1000), 'hi': coalesce(max_age, 1000)}) AS bands
  FROM template_bands GROUP BY ALL
),
-- How many members of each team count for each item (every team has members, so every item of
-- its template has a row); a ladder counts its bands that hold a member.
items AS (
  SELECT t.template_id, t.unit_id, i.item_id, i.kind, i.sort_order, i.weight, i.veto,
    -- An item that applies only in autonomous areas asks nothing elsewhere.
    CASE WHEN i.autonomous_only AND NOT t.autonomous THEN 0 ELSE i.required END AS required,
    CASE WHEN i.kind = 'ladder' THEN len(list_filter(l.bands, b -> len(list_filter(t.people,
        m -> m.age >= b.lo AND m.age <= b.hi)) > 0))
      ELSE len(list_filter(t.people, m -> counts_for_item(i.kind, i.max_age, i.min_years, m.gender,
        m.party, m.ethnicity, m.age, m.education_highest, m.grassroots_years))) END::INTEGER
      AS actual,
    len(list_filter(t.people, m -> unknown_for_item(i.kind, m.gender, m.party, m.ethnicity,
      m.education_highest, m.grassroots_years)))::INTEGER AS unknown
  FROM teams t
  JOIN template_items i USING (template_id)
  LEFT JOIN ladders l ON l.template_id = i.template_id AND l.item_id = i.item_id
  WHERE i.kind NOT IN (SELECT kind FROM template_kinds_unknown_store)
),
scored AS (
  SELECT template_id, unit_id,
    -- Judged on the exact score (template_status), shown to 0.1 (template_score_shown).
    template_score(sum(template_item_score(weight, required, actual)), sum(weight)) AS score,
    -- A veto only when the unknowns could not make up the shortfall.
    bool_or(veto AND actual + unknown < required) AS vetoed,
    -- The short items some of whose members' values are blank: said (待核实).
    string_agg(item_id || ':' || unknown, '、' ORDER BY sort_order)
      FILTER (WHERE actual < required AND unknown > 0) AS unknown_detail,
    -- Sorted after the aggregate: list(… ORDER BY) sorts every team apart, 3× slower.
    list_transform(list_sort(list({'o': sort_order, 'item': {'id': item_id, 'kind': kind,
      'required': required, 'actual': actual, 'short': greatest(0, required - actual)::INTEGER,
      'weight': weight, 'veto': veto}})), x -> x.item) AS items
  FROM items GROUP BY template_id, unit_id
),
-- Per-unit rules of young cadres (counts_young: an age or birth test only) a team falls
-- short of among its own members: a unit's 科长 who fall short of Y3 are the unit's matter, not
-- its team's (the unit table shows them); a share of women or non-CPC members is not a young
-- share. Each rule with the team's young members and members it counts ("Y4:0/1"): the
-- unit's own check of the rule counts all its 正科, so the warning says whose share it is.
young_short AS (
  SELECT unit_id, list_transform(list_sort(list({'o': sort_order,
      'rule': metric_id || ':' || young || '/' || n})), x -> x.rule) AS rules
  FROM (
    SELECT k.metric_id, c.unit_id, q.sort_order,
      count(*) FILTER (WHERE counted_from(q.young_from, q.born_to, q.gender, q.party,
      q.minority, q.education_min, c.birth_month, c.gender, c.party, c.ethnic_group,
      c.education_highest)) AS young,
      count(*) AS n, any_value(q.target_num) AS target_num,
      any_value(q.target_den) AS target_den, any_value(q.comparator) AS comparator
    FROM cadre_rows c
    JOIN (SELECT k.* FROM rule_keys('ratio') k JOIN ratio_rules r USING (metric_id)
      WHERE r.per_unit AND r.counts_young) k
      ON matches_rule_key(k.level, k.unit_type, k.post_class, k.team_only, c.level, c.unit_type,
        c.post_class, c.is_team_member)
    JOIN ratio_rules_at([$1::DATE]) q ON q.metric_id = k.metric_id
    WHERE c.snapshot_date = snapshot_for($1::DATE) AND coalesce(c.is_team_member, false)
    GROUP BY k.metric_id, c.unit_id, q.sort_order
  )
  WHERE young < young_needed(n, target_num, target_den, comparator)
  GROUP BY unit_id
),
-- Each switched-on warning of each team, with the retirements it counts there (up to its own
-- month: two warnings of one kind look as far ahead as each says).
team_warnings AS (
  SELECT t.template_id, t.unit_id, w.*,
    len(list_filter(t.principal_retires, d -> d <= w.retire_by)) AS principals_retiring,
    len(list_filter(t.member_retires, d -> d <= w.retire_by)) AS retiring
  FROM teams t
  CROSS JOIN (
    SELECT *, CAST(date_trunc('month', $1::DATE) + to_months(coalesce(months, 0)) AS DATE)
      AS retire_by
    FROM warning_rules WHERE enabled
  ) w
),
warned AS (
  SELECT t.template_id, t.unit_id,
    list_transform(list_sort(list({'o': w.sort_order, 'w': {'id': w.warning_id, 'kind': w.kind,
      'n': CASE w.kind
        WHEN 'principal_retiring' THEN w.principals_retiring
        WHEN 'retiring_soon' THEN w.retiring
        WHEN 'long_tenure' THEN len(list_filter(t.tenures, y -> y >= list_min(w.years)))
        ELSE NULL END,
      'detail': CASE w.kind
        WHEN 'no_principal' THEN t.vacant_principal
        WHEN 'young_short' THEN array_to_string(ys.rules, '、')
        WHEN 'template_short' THEN array_to_string(list_transform(
          list_filter(s.items, it -> list_contains(w.item_kinds, it.kind) AND it.short > 0),
          it -> it.id || ':' || it.short), '、')
        WHEN 'long_tenure' THEN array_to_string(list_transform(w.years, y ->
          y || ':' || len(list_filter(t.tenures, x -> x >= y))), '、')
        ELSE NULL END}})
      FILTER (WHERE CASE w.kind
        WHEN 'no_principal' THEN t.principals = 0 OR t.vacant_principal IS NOT NULL
        WHEN 'principal_retiring' THEN w.principals_retiring > 0
        WHEN 'young_short' THEN ys.rules IS NOT NULL
        -- 超过 1/3 is strict (more than the share), 3人以上 includes 3.
        WHEN 'retiring_soon' THEN w.retiring >= w.min_count
          OR CAST(w.retiring AS BIGINT) * w.share_den > CAST(w.share_num AS BIGINT) * t.members
        WHEN 'template_short' THEN len(list_filter(s.items,
          it -> list_contains(w.item_kinds, it.kind) AND it.short > 0)) > 0
        WHEN 'long_tenure' THEN len(list_filter(t.tenures, y -> y >= list_min(w.years))) > 0
        ELSE false END)), x -> x.w) AS warnings
  FROM teams t
  JOIN scored s USING (template_id, unit_id)
  LEFT JOIN young_short ys USING (unit_id)
  JOIN team_warnings w USING (template_id, unit_id)
  GROUP BY t.template_id, t.unit_id
)
SELECT t.template_id, t.unit_id, t.unit_name, t.region, t.members,
  template_score_shown(s.score, tp.met_threshold, tp.basic_threshold) AS score,
  template_status(s.vetoed, s.score, tp.met_threshold, tp.basic_threshold) AS status,
  s.vetoed, s.items,
  list_concat(coalesce(w.warnings, []), CASE WHEN s.unknown_detail IS NOT NULL
    THEN [{'id': 'unknown_data', 'kind': 'unknown_data', 'n': NULL::BIGINT,
      'detail': s.unknown_detail}] ELSE [] END) AS warnings,
  -- The order teams.sql lists them in, sorted once here rather than on every read.
  row_number() OVER (ORDER BY tp.sort_order, t.region, t.unit_name, t.unit_id)::INTEGER
    AS list_order
FROM teams t
JOIN scored s USING (template_id, unit_id)
JOIN templates tp USING (template_id)
LEFT JOIN warned w USING (template_id, unit_id);
