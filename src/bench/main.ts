/**
 * Benchmark page (bench.html?rows=N): DuckDB start, load time per format, and p50/p95 of each
 * metric query and of the whole metric set, in this browser. `npm run bench` drives it.
 */
import { openBrowserClient } from '../core/db-browser.ts';
import { exportCanonical, loadSources, type LoadProgress } from '../core/load.ts';
import type { DuckClient } from '../core/db.ts';
import { NO_FILTERS, type Filters } from '../core/filters.ts';
import { materializeCube } from '../core/cube.ts';
import { computePanels, computeUnitPanels } from '../core/panels.ts';
import { QUERY_NAMES } from '../core/queries.ts';
import { computeReport, YEAR_AGO_TOLERANCE_DAYS } from '../core/report.ts';
import { initDatabase } from '../core/setup.ts';
import { parquetToIPC, textToCsv, toParquet, xlsxToCsv } from '../app/parquet.ts';
import { browserQueries as sql } from '../app/queries-browser.ts';
import type { BenchResult } from './result.ts';

const params = new URLSearchParams(location.search);
const rows = Number(params.get('rows') ?? 100000);
const repeats = Number(params.get('repeats') ?? 20);
const formats = (params.get('formats') ?? 'csv,arrow,parquet').split(',');
const out = document.getElementById('out')!;
const log = (s: string) => (out.textContent += '\n' + s);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const stats = (xs: number[]) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) });

let longest = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
}).observe({ type: 'longtask', buffered: false });

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}

async function run(): Promise<BenchResult> {
  const [dbStartMs, db] = await time(async () => {
    const c = await openBrowserClient();
    await initDatabase(c, sql);
    return c;
  });
  log(`db start ${dbStartMs.toFixed(0)} ms`);
  const loadMs: Record<string, number> = {};
  const longestTaskDuringLoadMs: Record<string, number> = {};
  const loadSteps: Record<string, Record<string, number>> = {};
  for (const ext of formats) {
    const name = `roster-${rows}.${ext}`;
    const bytes = new Uint8Array(await (await fetch(`/bench-data/${name}`)).arrayBuffer());
    longest = 0;
    // Time per step of the load (read the file, normalise, write), as the progress bar sees them.
    const stepMs: Record<string, number> = {};
    let step = '';
    let since = performance.now();
    const onProgress = (p: LoadProgress) => {
      if (p.step === step) return;
      const now = performance.now();
      if (step) stepMs[step] = (stepMs[step] ?? 0) + now - since;
      [step, since] = [p.step, now];
    };
    const [ms, report] = await time(() =>
      loadSources(db, [{ name, bytes }], {
        parquetToIPC,
        xlsxToCsv,
        textToCsv,
        replace: true,
        onProgress,
      }),
    );
    stepMs[step] = (stepMs[step] ?? 0) + performance.now() - since;
    if (report.rows.loaded !== rows) throw new Error(`${name}: loaded ${report.rows.loaded}`);
    loadMs[ext] = ms;
    longestTaskDuringLoadMs[ext] = longest;
    loadSteps[ext] = stepMs;
    log(
      `load ${ext} ${ms.toFixed(0)} ms (` +
        Object.entries(stepMs)
          .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
          .join(', ') +
        ')',
    );
  }
  // Keeping the roster in the browser, as the page does after an import (export, then Parquet).
  longest = 0;
  const [keepMs, kept] = await time(async () => toParquet(await exportCanonical(db)));
  const keep = { ms: keepMs, bytes: kept.length, longestTaskMs: longest };
  log(`keep ${keepMs.toFixed(0)} ms, ${(kept.length / 1e6).toFixed(1)} MB`);
  const refresh: number[] = [];
  const unitRefresh: number[] = [];
  // Time spent per statement during the filter refreshes (named by the query file, if any).
  const perStatement: Record<string, number> = {};
  const names = new Map(Object.entries(sql).map(([k, v]) => [v, k]));
  const timed: DuckClient = {
    ...db,
    query: async (text, params) => {
      const t = performance.now();
      const r = await db.query(text, params);
      const key = names.get(text) ?? text.slice(0, 40);
      perStatement[key] = (perStatement[key] ?? 0) + performance.now() - t;
      return r as never;
    },
    exec: async (text) => {
      const t = performance.now();
      await db.exec(text);
      const key = text.slice(0, 40);
      perStatement[key] = (perStatement[key] ?? 0) + performance.now() - t;
    },
  };
  // As the page and the CLI do after a load: the cube is stored once for the dataset.
  const [cubeMs] = await time(() => materializeCube(timed));
  log(`cube ${cubeMs.toFixed(0)} ms`);
  const [{ snapshot_date: asOf }] = await db.query<{ snapshot_date: string }>(sql.snapshots);
  const queries: BenchResult['queries'] = {};
  for (const q of QUERY_NAMES) {
    if (q === 'schema' || q === 'macros' || q === 'flows_macros') continue;
    const special: Partial<Record<typeof q, unknown[]>> = {
      snapshots: [],
      ratio_trend: [],
      band_change: [asOf, asOf],
      people: [asOf, 'Y1', null, 'young'],
      kpis: [asOf, YEAR_AGO_TOLERANCE_DAYS],
      // The flows (one snapshot here: compared with itself; scripts/bench-flows.ts has 12).
      flows_compare: [asOf, asOf],
      flows_causes: [asOf, asOf, asOf, asOf],
      retirements: [asOf, asOf],
      projection: [asOf, asOf, '[1,2,3,5]', 0.3, Number(asOf.slice(0, 4)) + 5],
      batches: [asOf, false],
      secondments: [asOf, asOf, 1970, 3],
      secondees: [asOf, asOf],
      sourcing: [asOf, asOf, 5],
      people_compare: [asOf, asOf, 'entered', null, null],
      people_causes: [asOf, asOf, asOf, asOf, 'Y7', 'aged_out'],
      people_retirement: [asOf, asOf, 'within12', null, null, null],
      people_projection: [asOf, asOf, 'Y7', 3, 'young'],
      people_batches: [asOf, false, asOf, null],
      people_secondment: [asOf, asOf, null, 3, 'current', null, null, null],
      people_sourcing: [asOf, asOf, 'source', null, false, false, 5],
    };
    const args = special[q] ?? [asOf];
    const times: number[] = [];
    for (let i = 0; i < repeats + 2; i++) {
      const [ms] = await time(() => timed.query(sql[q], args));
      if (i >= 2) times.push(ms);
    }
    queries[q] = stats(times);
    log(`${q} p50 ${queries[q].p50.toFixed(1)} ms`);
  }
  const set: number[] = [];
  for (let i = 0; i < repeats + 2; i++) {
    const [ms] = await time(() => computeReport(timed, sql, { asOf, baseline: asOf }));
    if (i >= 2) set.push(ms);
  }
  const metricSet = stats(set);
  log(`metric set p50 ${metricSet.p50.toFixed(1)} ms`);

  // What a user does with the filters: each step refreshes every panel of the page.
  const [{ region }] = await db.query<{ region: string }>(
    'SELECT region FROM cadres GROUP BY region ORDER BY count(*) DESC LIMIT 1',
  );
  const steps: Filters[] = [
    { values: { gender: ['女'] } },
    { values: { gender: ['女'], level: ['乡科级正职'] } },
    { values: { level: ['乡科级正职'], cohort: ['80后'] } },
    { values: { cohort: ['80后'] }, age: { min: 30, max: 40 } },
    { values: { region: [region] } },
    { values: { region: [region], education: ['研究生'] } },
    NO_FILTERS,
  ];
  for (const k of Object.keys(perStatement)) delete perStatement[k];
  longest = 0;
  for (let i = 0; i < Math.max(2, Math.ceil(repeats / 4)); i++)
    for (const filters of steps) {
      const [ms] = await time(() => computePanels(timed, sql, { asOf, baseline: asOf, filters }));
      refresh.push(ms);
      const [unitMs] = await time(() => computeUnitPanels(timed, sql, asOf));
      unitRefresh.push(unitMs);
    }
  const runs = refresh.length;
  for (const [k, v] of Object.entries(perStatement).sort((a, b) => b[1] - a[1]))
    log(`  ${(v / runs).toFixed(1)} ms per refresh: ${k}`);
  const filterRefresh = {
    ...stats(refresh),
    longestTaskMs: longest,
    cubeMs,
    units: stats(unitRefresh),
  };
  log(
    `filter refresh p50 ${filterRefresh.p50.toFixed(1)} ms p95 ${filterRefresh.p95.toFixed(1)} ms`,
  );
  await db.close();
  return {
    rows,
    dbStartMs,
    loadMs,
    longestTaskDuringLoadMs,
    loadSteps,
    keep,
    queries,
    metricSet,
    filterRefresh,
    userAgent: navigator.userAgent,
  };
}

run().then(
  (r) => ((window as unknown as { __bench: unknown }).__bench = r),
  (e) => ((window as unknown as { __bench: unknown }).__bench = { error: String(e) }),
);
