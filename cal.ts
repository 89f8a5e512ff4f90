import { readFileSync } from 'node:fs';
import { freshDb, parquetToIPC, sql } from './tests/sql/helpers.ts';
import { loadSources } from './src/core/load.ts';
import { ratioMetrics, listSnapshots } from './src/core/report.ts';
const db = await freshDb();
let t0 = performance.now();
const r = await loadSources(db, [{ name: 'cadres.parquet', bytes: readFileSync('data/demo/cadres.parquet') }], { parquetToIPC });
console.log('load ms', Math.round(performance.now() - t0), r.rows, 'warnings', r.warnings.length, r.rejected.slice(0, 3));
for (const s of await listSnapshots(db, sql)) {
  const m = await ratioMetrics(db, sql, s.snapshot_date);
  const c = m.filter((x) => x.scope === 'city');
  const ch = await db.query(sql.principal_change, [s.snapshot_date, '2017-12-31']);
  console.log(s.snapshot_date, s.headcount, c.map((x) => `${x.metric_id} ${x.numerator}/${x.denominator}=${(100 * (x.value as number)).toFixed(1)}%${x.met ? '✓' : '✗'}`).join(' | '), ch.map(x => `${x.metric_id} ${(x.value as number).toFixed(2)}`).join(' '));
}
const bd = await db.query(sql.breakdowns, ['2026-10-31']);
console.log(bd.map(x => `${x.dimension}:${x.category}=${x.n}`).join(', '));
console.log(await db.query("SELECT post_class, count(*) n FROM cadres WHERE snapshot_date = '2026-10-31' GROUP BY ALL"));
console.log(await db.query(sql.age_summary, ['2026-10-31']), await db.query(sql.age_summary, ['2017-12-31']));
