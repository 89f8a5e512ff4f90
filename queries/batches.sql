-- Promotion batches (Y9) up to reference date $1, within the filters: from the appointment events
-- when $2, else from consecutive snapshots (promotion_rows). Per batch: its date (the first
-- event), how many were promoted to a level Y9 lists, how many of them were young for that level
-- at the promotion, how many of unknown age (no birth date: not young), the young share, whether
-- it meets the target and the gap (young promotions short of it, in a batch of the same size).
WITH p AS (SELECT * FROM promotion_rows($1::DATE, $2::BOOLEAN)),
b AS (
  SELECT batch, min(event_date) AS date, count(*)::INTEGER AS promoted,
    (count(*) FILTER (WHERE is_young))::INTEGER AS young,
    (count(*) FILTER (WHERE is_young IS NULL))::INTEGER AS unknown_age
  FROM p GROUP BY batch
),
r AS (SELECT * FROM promotion_rules LIMIT 1)
SELECT b.batch, strftime(b.date, '%Y-%m-%d') AS date, b.promoted, b.young, b.unknown_age,
  b.young / b.promoted AS value,
  b.young >= young_needed(b.promoted, r.target_num, r.target_den, r.comparator) AS met,
  CAST(greatest(0, young_needed(b.promoted, r.target_num, r.target_den, r.comparator) - b.young)
    AS INTEGER) AS gap,
  r.target_num / r.target_den AS target, r.comparator
FROM b, r
ORDER BY b.date, b.batch;
