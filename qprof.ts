import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { benchRoster } from './src/core/demo/roster.ts';
import { demoToArrowIPC } from './src/core/demo/write.ts';
import { openNodeDatabase, nodeParquetToIPC } from './src/core/node-env.ts';
import { loadSources } from './src/core/load.ts';
import { computeReport } from './src/core/report.ts';
import { readQueryTexts } from './src/core/queries-node.ts';
const n = Number(process.argv[2] ?? 1000000);
const f = `bench/out/q-${n}.arrow`;
if (!existsSync(f)) writeFileSync(f, demoToArrowIPC(benchRoster(n)));
const { db } = await openNodeDatabase();
const sql = readQueryTexts();
let t = performance.now();
await loadSources(db, [{ name: 'r.arrow', bytes: readFileSync(f) }], { parquetToIPC: nodeParquetToIPC });
console.log('load', Math.round(performance.now() - t));
const asOf = '2026-10-31';
for (const q of ['age_structure', 'ratio_metrics', 'ratio_units', 'principal_bands', 'principal_change'] as const) {
  const times = [];
  for (let i = 0; i < 5; i++) { t = performance.now(); await db.query(sql[q], q === 'principal_change' ? [asOf, asOf] : [asOf]); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(q, Math.round(times[2]));
}
const times = [];
for (let i = 0; i < 5; i++) { t = performance.now(); await computeReport(db, sql, { asOf, baseline: asOf }); times.push(performance.now() - t); }
times.sort((a, b) => a - b); console.log('SET', Math.round(times[2]));
