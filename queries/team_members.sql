-- The members of one leadership team (unit $2, template $3) at the reference date ($1), as
-- people lists show them, with what each counts for: the template items (a ladder item when the
-- member is in one of its bands) and the warnings (a principal or a member reaching retirement
-- within the warning's months, years in post at its thresholds).
WITH m AS (SELECT * FROM team_members($1::DATE) WHERE unit_id = $2 AND template_id = $3),
item_hits AS (
  SELECT m.person_id, i.item_id
  FROM m JOIN template_items i ON i.template_id = m.template_id
  WHERE i.kind <> 'ladder' AND counts_for_item(i.kind, i.max_age, i.min_years, m.gender, m.party,
      m.ethnicity, m.age, m.education_highest, m.grassroots_years)
  UNION
  SELECT m.person_id, b.item_id
  FROM m JOIN template_bands b ON b.template_id = m.template_id
  WHERE m.age >= coalesce(b.min_age, -1000) AND m.age <= coalesce(b.max_age, 1000)
),
warning_hits AS (
  SELECT m.person_id, w.warning_id AS item_id
  FROM m CROSS JOIN warning_rules w
  WHERE w.enabled AND CASE w.kind
    WHEN 'principal_retiring' THEN m.is_principal
      AND m.retires <= CAST(date_trunc('month', $1::DATE) + to_months(w.months) AS DATE)
    WHEN 'retiring_soon' THEN
      m.retires <= CAST(date_trunc('month', $1::DATE) + to_months(w.months) AS DATE)
    WHEN 'long_tenure' THEN full_months(m.post_since, $1::DATE) // 12 >= list_min(w.years)
    ELSE false END
),
hits AS (
  SELECT person_id, list(item_id ORDER BY item_id) AS counts_for
  FROM (SELECT * FROM item_hits UNION ALL SELECT * FROM warning_hits)
  GROUP BY person_id
)
SELECT m.person_id, m.name, m.gender::VARCHAR AS gender, strftime(m.birth_date, '%Y-%m') AS birth,
  m.age, m.ethnicity, m.party::VARCHAR AS party,
  m.education_fulltime::VARCHAR AS education_fulltime,
  m.education_highest::VARCHAR AS education_highest, m.region, m.unit_name, m.post_title,
  m.level::VARCHAR AS level, m.reserve::VARCHAR AS reserve, NULL::BOOLEAN AS is_young,
  coalesce(h.counts_for, []) AS counts_for
FROM m LEFT JOIN hits h USING (person_id)
ORDER BY m.is_principal DESC NULLS LAST, m.age DESC, m.person_id;
