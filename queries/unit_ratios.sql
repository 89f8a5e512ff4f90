-- Each unit's counts of the ratio rules that apply to it at the reference date, for the rows in
-- scope, into unit_ratios (emptied first by keepRows, src/core/kept.ts), from unit_profile_store
-- as stored for that date (unit_profile_store.sql counts them with the rest of each unit): read
-- by unit_profile.sql and units_summary.sql.
INSERT INTO unit_ratios
SELECT r.metric_id, s.unit_id, r.numerator, r.denominator
FROM (SELECT unit_id, unnest(ratios) AS r FROM unit_profile_store) s;
