-- The rows of one eligibility list (rule $3, every rule when NULL) at the reference date ($1),
-- with "qualifies within" $2 months, through the global filters: into eligibility_store, emptied
-- first (keepRows in src/core/kept.ts).
INSERT INTO eligibility_store SELECT * FROM eligibility_rows($1::DATE, $2::INTEGER, $3::VARCHAR);
