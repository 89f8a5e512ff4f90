-- Each unit's counts of the ratio rules that apply to it at the reference date ($1), for the rows
-- in scope, into unit_ratios (emptied first by keepRows, src/core/kept.ts): read by unit_profile.sql and
-- units_summary.sql.
INSERT INTO unit_ratios SELECT * FROM ratio_per_unit($1::DATE);
