-- The template item kinds the roster cannot tell at the reference date ($1), into
-- template_kinds_unknown_store (emptied first by keepRows, src/core/kept.ts): read by whatif.sql
-- and team_scores.sql.
INSERT INTO template_kinds_unknown_store SELECT kind FROM template_kinds_unknown($1::DATE);
