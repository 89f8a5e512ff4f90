-- The people of promotion batch $3 up to reference date $1 (from the appointment events when $2,
-- else from consecutive snapshots), within the filters; young only when $4 ('young'), all when
-- NULL; each as the row that places them shows them, the promotion in the note.
SELECT p.person_id, coalesce(c.name, p.name) AS name, CAST(c.gender AS VARCHAR) AS gender,
  strftime(p.birth, '%Y-%m') AS birth, p.age, c.ethnicity, CAST(c.party AS VARCHAR) AS party,
  CAST(c.education_fulltime AS VARCHAR) AS education_fulltime,
  CAST(c.education_highest AS VARCHAR) AS education_highest, c.region, c.unit_name, c.post_title,
  CAST(p.to_level AS VARCHAR) AS level, CAST(c.reserve AS VARCHAR) AS reserve,
  p.is_young,
  strftime(p.event_date, '%Y-%m-%d') || ' ' || coalesce(CAST(p.from_level AS VARCHAR), '')
    || ' → ' || CAST(p.to_level AS VARCHAR) AS note
FROM promotion_rows($1::DATE, $2::BOOLEAN) p
LEFT JOIN cadres c ON c.person_id = p.person_id AND c.snapshot_date = p.placed_on
WHERE p.batch = $3::VARCHAR AND ($4::VARCHAR IS NULL OR coalesce(p.is_young, false))
ORDER BY c.region, c.unit_name, p.age, p.person_id;
