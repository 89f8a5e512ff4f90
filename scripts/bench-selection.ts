/**
 * npx tsx scripts/bench-selection.ts [--rows 1000000] [--repeats 9] [--file ROSTER]: the selection
 * queries on a roster of N rows (the demo city's newest snapshot repeated), or on a roster file
 * (e.g. bench/out/distinct-1000000.parquet, the million distinct cadres `npm run bench` makes),
 * loaded through the report CLI's path (DuckDB-WASM under Node, the engine the page runs):
 * p50/p95 of each eligibility list (every rule: opening it, which judges and stores its people,
 * then its first page of 100, sorted by name, and its count, read from the stored rows), the
 * eligibility counts, candidates for every short team with Y10, one team's ranked candidates, a 模拟调配 move (its
 * team and the city-wide ratios; the first at a date, then the next), and every team scored
 * against its template. Y10 and the team scores are timed counted (the first at a date), read
 * again, and read for the largest county (a change of scope). Prints JSON.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { materializeCube } from '../src/core/cube.ts';
import { applyFilters, NO_FILTERS } from '../src/core/filters.ts';
import { generateDemoCity } from '../src/core/demo/generate.ts';
import { benchRoster } from '../src/core/demo/roster.ts';
import { demoToArrowIPC } from '../src/core/demo/write.ts';
import { ipcStream } from '../src/core/db.ts';
import { exportCanonical, loadCanonical, loadSources } from '../src/core/load.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../src/core/node-env.ts';
import { DEFAULT_RULE_SET, rulesOfKind } from '../src/core/policy/index.ts';
import { candidateList, candidates } from '../src/core/selection/candidates.ts';
import {
  eligibilityCount,
  eligibilityList,
  eligibilitySummary,
  type ListOptions,
} from '../src/core/selection/eligibility.ts';
import { forgetKept } from '../src/core/kept.ts';
import { whatIf } from '../src/core/selection/whatif.ts';
import { teamScores } from '../src/core/policy/teams.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg('--rows', 1_000_000);
const repeats = arg('--repeats', 9);
const given = process.argv.includes('--file')
  ? process.argv[process.argv.indexOf('--file') + 1]
  : null;
const dir = fileURLToPath(new URL('../bench/out/', import.meta.url));
const file = given ?? `${dir}roster-${rows}.arrow`;
if (!given && !existsSync(file)) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, demoToArrowIPC(benchRoster(rows, generateDemoCity())));
  console.error(`generated ${rows} rows`);
}

const { db, sql } = await openNodeDatabase();
let t = performance.now();
// The normalised rows are kept beside the roster, so a second run skips normalising.
const canonical = given ? `${given}.canonical.arrow` : `${dir}canonical-${rows}.arrow`;
if (existsSync(canonical))
  await loadCanonical(db, 'canonical', ipcStream(new Uint8Array(readFileSync(canonical))), {
    sources: [],
    rows: { read: 0, loaded: 0, rejected: 0, skipped: 0 },
    rejected: [],
    warnings: [],
  });
else {
  await loadSources(
    db,
    [{ name: path.basename(file), bytes: new Uint8Array(readFileSync(file)) }],
    { parquetToIPC: nodeParquetToIPC },
  );
  writeFileSync(canonical, await exportCanonical(db));
}
await materializeCube(db);
await applyFilters(db, NO_FILTERS);
const loadMs = performance.now() - t;
const [{ d: asOf }] = await db.query<{ d: string }>(
  `SELECT strftime(max(snapshot_date), '%Y-%m-%d') AS d FROM cadres`,
);
console.error(`loaded in ${(loadMs / 1000).toFixed(1)} s; R = ${asOf}`);

const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
async function measure<T>(name: string, f: () => Promise<T>) {
  const ms: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < repeats + 1; i++) {
    t = performance.now();
    last = await f();
    if (i > 0) ms.push(performance.now() - t); // the first run plans the statement
  }
  const r = { p50: Math.round(q(ms, 0.5)), p95: Math.round(q(ms, 0.95)) };
  console.error(`${name.padEnd(28)} p50 ${r.p50} ms  p95 ${r.p95} ms`);
  return [r, last as T] as const;
}

const results: Record<string, { p50: number; p95: number }> = {};
for (const rule of rulesOfKind(DEFAULT_RULE_SET, 'eligibility')) {
  // Opening a list judges its people into eligibility_store; its pages, sorts and searches then
  // read the stored rows.
  const page = (o: Partial<ListOptions> = {}) =>
    eligibilityList(db, sql, { asOf, ruleId: rule.id, limit: 100, ...o });
  [results[`list ${rule.id} opened`]] = await measure(`list ${rule.id} opened`, () => {
    forgetKept(db);
    return page();
  });
  [results[`list ${rule.id}`]] = await measure(`list ${rule.id}`, () => page());
  [results[`list ${rule.id} by name`]] = await measure(`list ${rule.id} by name`, () =>
    page({ sort: 'name' }),
  );
  [results[`list ${rule.id} count`]] = await measure(`list ${rule.id} count`, () =>
    eligibilityCount(db, sql, { asOf, ruleId: rule.id }),
  );
}
[results['eligibility counts']] = await measure('eligibility counts', () =>
  eligibilitySummary(db, sql, asOf),
);
// Teams and Y10 are counted once per date (every team, stored), then read for the scope in
// force: the first count at a date apart from a read after a change of scope.
const region = (
  await db.query<{ region: string }>(
    `SELECT region FROM units WHERE region IS NOT NULL GROUP BY region ORDER BY count(*) DESC LIMIT 1`,
  )
)[0].region;
const inScope = async <T>(f: () => Promise<T>) => {
  await applyFilters(db, { values: { region: [region] } });
  try {
    return await f();
  } finally {
    await applyFilters(db, NO_FILTERS);
  }
};
[results['candidates + Y10 counted']] = await measure('candidates + Y10 counted', () => {
  forgetKept(db);
  return candidates(db, sql, asOf);
});
const [cand, c] = await measure('candidates + Y10', () => candidates(db, sql, asOf));
results['candidates + Y10'] = cand;
[results['candidates + Y10, a county']] = await measure('candidates + Y10, a county', () =>
  inScope(() => candidates(db, sql, asOf)),
);
const short = c.teams.find((x) => x.metric_id === 'Y6' && x.short > 0)!;
const [ranked, list] = await measure('one team’s candidates', () =>
  candidateList(db, sql, asOf, 'Y10', short.metric_id, short.unit_id),
);
results['one team’s candidates'] = ranked;
const [members] = await Promise.all([
  db.query<{ person_id: string }>(
    `SELECT person_id FROM cadres WHERE unit_id = $1 AND level = '乡科级副职' LIMIT 1`,
    [short.unit_id],
  ),
]);
const move = () =>
  whatIf(db, sql, asOf, [
    {
      person_id: list[0].person_id,
      name: null,
      unit_id: short.unit_id,
      unit_name: null,
      level: null,
      replaces: members[0]?.person_id ?? null,
      replaces_name: null,
      rule: 'Y6',
    },
  ]);
// The first move at a date also counts the city-wide "before" (whatif_city), which the next
// moves at that date read.
[results['what-if first move']] = await measure('what-if first move', () => {
  forgetKept(db);
  return move();
});
[results['what-if move']] = await measure('what-if move', move);
[results['team scores counted']] = await measure('team scores counted', () => {
  forgetKept(db);
  return teamScores(db, sql, asOf);
});
[results['team scores']] = await measure('team scores', () => teamScores(db, sql, asOf));
[results['team scores, a county']] = await measure('team scores, a county', () =>
  inScope(() => teamScores(db, sql, asOf)),
);
await db.close();
process.stdout.write(
  JSON.stringify({ rows, repeats, loadMs: Math.round(loadMs), results }, null, 2) + '\n',
);
