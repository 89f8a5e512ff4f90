-- The near misses of eligibility rule $1 as stored in eligibility_store: each distinct failed
-- criterion with the values that put it in words (eligibility_near), for JavaScript to word once
-- (src/core/selection/eligibility.ts, eligibilityReport).
SELECT DISTINCT criterion, v FROM eligibility_near($1::VARCHAR) ORDER BY criterion, v;
