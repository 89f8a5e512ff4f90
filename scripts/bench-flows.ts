/**
 * npx tsx scripts/bench-flows.ts [--copies 5] [--repeats 20]: the flows queries on a roster of
 * the demo city's 12 newest (monthly) snapshots, copied with distinct people and units (copy k of
 * person or unit X is X~k; 5 copies ≈ 1.05M rows), loaded by the same loader into the same
 * DuckDB-WASM build the page runs (here under Node, without the page's worker round trip).
 * Prints p50/p95 per query, without filters and within a county.
 */
import { generateDemoCity } from '../src/core/demo/generate.ts';
import { demoToArrowIPC } from '../src/core/demo/write.ts';
import { materializeCube } from '../src/core/cube.ts';
import { applyFilters, NO_FILTERS, type Filters } from '../src/core/filters.ts';
import { loadSources } from '../src/core/load.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../src/core/node-env.ts';
import type { DemoCity } from '../src/core/demo/generate.ts';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const copies = arg('--copies', 5);
const repeats = arg('--repeats', 20);

const city = generateDemoCity();
const keep = new Set(city.snapshots.slice(-12));
const snap = city.columns.snapshot_date;
const idx = snap.flatMap((s, i) => (keep.has(s as string) ? [i] : []));
const columns: DemoCity['columns'] = {};
for (const [name, values] of Object.entries(city.columns)) {
  const out: (string | number | boolean | null)[] = [];
  for (let k = 0; k < copies; k++)
    for (const i of idx) {
      const v = values[i];
      out.push(k > 0 && (name === 'person_id' || name === 'unit_id') ? `${v}~${k}` : v);
    }
  columns[name] = out;
}
const roster: DemoCity = { ...city, columns, snapshots: [...keep] as string[], events: [] };
const rows = columns.snapshot_date.length;

const { db, sql } = await openNodeDatabase();
let t = performance.now();
const load = await loadSources(db, [{ name: 'flows.arrow', bytes: demoToArrowIPC(roster) }], {
  parquetToIPC: nodeParquetToIPC,
});
console.log(
  `${rows.toLocaleString('en')} rows, 12 snapshots: loaded ${load.rows.loaded} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
t = performance.now();
await materializeCube(db);
console.log(`cube ${(performance.now() - t).toFixed(0)} ms`);

const dates = [...keep].sort() as string[];
const R = dates[dates.length - 1];
const prev = dates[dates.length - 2];
const year = Number(R.slice(0, 4));
const cases: [string, string, unknown[]][] = [
  ['compare (two snapshots)', 'flows_compare', [prev, R]],
  ['causes (every ratio rule)', 'flows_causes', [prev, R, prev, R]],
  ['compare with the first', 'flows_compare', [dates[0], R]],
  ['projection, every rule', 'projection', [R, R, '[1,2,3,5]', 0.3, year + 5]],
  ['retirements', 'retirements', [R, R, true]],
  ['batches (from snapshots)', 'batches', [R, false]],
  ['secondment cohorts', 'secondments', [R, R, 1970, 3]],
  ['secondees', 'secondees', [R, R]],
  ['sourcing', 'sourcing', [R, R, 5]],
  ['people: entered', 'people_compare', [prev, R, 'entered', null, null]],
];
const q = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
const region = (
  await db.query<{ r: string }>(
    'SELECT region AS r FROM units WHERE region IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
  )
)[0].r;
for (const [label, filters] of [
  ['no filters', NO_FILTERS],
  [`region ${region}`, { values: { region: [region] } }],
] as [string, Filters][]) {
  await applyFilters(db, filters);
  console.log(`\n-- ${label}`);
  for (const [name, file, params] of cases) {
    const n = ['compare', 'causes', 'projection'].some((k) => name.startsWith(k)) ? repeats : 5;
    const times: number[] = [];
    for (let i = 0; i < n + 2; i++) {
      const s = performance.now();
      await db.query(sql[file as keyof typeof sql], params);
      if (i >= 2) times.push(performance.now() - s);
    }
    console.log(
      `${name.padEnd(28)} p50 ${q(times, 0.5).toFixed(0).padStart(5)} ms  p95 ${q(times, 0.95).toFixed(0).padStart(5)} ms  min ${q(times, 0).toFixed(0).padStart(5)} ms`,
    );
  }
}
await db.close();
