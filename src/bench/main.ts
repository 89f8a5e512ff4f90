/**
 * Benchmark page, driven by `npm run bench`: bench.html?case=NAME&rows=N&loads=LABEL:FILE+FILE;…
 * Opens DuckDB-WASM, loads each entry of `loads` (its files together, replacing the previous
 * load), keeps the roster as the page does, builds the cube, times each query file, the report,
 * and the refresh of every panel on a series of filter changes, with each statement's wall time
 * and its time in the engine (EXPLAIN ANALYZE, replayed once).
 */
import { openBrowserClient } from '../core/db-browser.ts';
import { exportCanonical, loadSources, type LoadProgress } from '../core/load.ts';
import type { DuckClient } from '../core/db.ts';
import { NO_FILTERS, type Filters } from '../core/filters.ts';
import { materializeCube } from '../core/cube.ts';
import { computePanels, computeUnitPanels } from '../core/panels.ts';
import { teamScores, teamsKey, type TeamScore } from '../core/policy/teams.ts';
import { QUERY_NAMES } from '../core/queries.ts';
import { candidates } from '../core/selection/candidates.ts';
import { computeReport, YEAR_AGO_TOLERANCE_DAYS } from '../core/report.ts';
import { initDatabase } from '../core/setup.ts';
import { parquetChunks, parquetToIPC, textToCsv, toParquet, xlsxToCsv } from '../app/parquet.ts';
import { browserQueries as sql } from '../app/queries-browser.ts';
import type { BenchResult, Statement, Stats } from './result.ts';

const NOT_TIMED = new Set([
  'schema',
  'macros',
  'ingest',
  'selection',
  'flows_macros',
  'eligibility',
  'eligibility_count',
  'eligibility_report',
  'eligibility_reasons',
  'eligibility_units',
  'candidate_list',
  'team_posts',
  'cadre_stats',
  'team_structure',
  // Store rows (eligibility_store: scripts/bench-selection.ts times the lists).
  'eligibility_store',
  'template_kinds_unknown_store',
  'team_scores',
  'candidates_store',
]);

const params = new URLSearchParams(location.search);
const caseName = params.get('case') ?? 'distinct';
const rows = Number(params.get('rows') ?? 0);
const repeats = Number(params.get('repeats') ?? 3);
const iterations = Number(params.get('iterations') ?? 2);
const queryFiles = params.get('queries') === 'true';
const loads = (params.get('loads') ?? '').split(';').map((entry) => {
  const [label, files] = entry.split(':');
  return { label, files: files.split('+') };
});
const out = document.getElementById('out')!;
const log = (s: string) => (out.textContent += '\n' + s);

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { p50: quantile(s, 0.5), p95: quantile(s, 0.95), mean, n: xs.length };
};

let longest = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
}).observe({ type: 'longtask', buffered: false });

const phases: BenchResult['phases'] = [];
const epoch = () => performance.timeOrigin + performance.now();
async function phase<T>(name: string, f: () => Promise<T>): Promise<T> {
  const start = epoch();
  // A mark a trace of the page shows (tests/.out scratch profiling) where each phase begins and ends.
  performance.mark(`${name} start`);
  try {
    return await f();
  } finally {
    performance.mark(`${name} end`);
    phases.push({ name, start, end: epoch() });
  }
}

async function time<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
}

/** Statement names: the query file, or the statement's first words. */
const names = new Map(Object.entries(sql).map(([k, v]) => [v, k]));
const nameOf = (text: string) =>
  names.get(text) ??
  text
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 48)
    .replace(/\$\d+.*$/, '…');

const isRead = (text: string) =>
  /^(SELECT|WITH|FROM)\b/i.test(text.replace(/^(\s*--[^\n]*\n)*\s*/, ''));

/** Where the statements of the client go while a refresh is measured. */
type Recording =
  | { kind: 'off' }
  /** Wall time at the client, by statement. */
  | { kind: 'wall'; into: Map<string, { calls: number; ms: number }> }
  /**
   * Engine time (DuckDB's own profile, EXPLAIN ANALYZE), by statement. A read runs twice
   * (profiled, then for its rows); a write runs once, profiled, and returns no rows (no caller
   * of a refresh reads what a write returns).
   */
  | { kind: 'engine'; into: Map<string, number> };

/**
 * Instruments the client in place (not a wrapper: the stored cube is known by the client object,
 * and a filter change must refill it as the page's does).
 */
function instrument(db: DuckClient) {
  const recording: { now: Recording } = { now: { kind: 'off' } };
  const { query, exec } = db;
  db.query = async (text, values) => {
    const r = recording.now;
    if (r.kind === 'off') return query(text, values);
    const key = nameOf(text);
    if (r.kind === 'wall') {
      const t = performance.now();
      const rows = await query(text, values);
      const s = r.into.get(key) ?? { calls: 0, ms: 0 };
      r.into.set(key, { calls: s.calls + 1, ms: s.ms + performance.now() - t });
      return rows as never;
    }
    const [p] = await query<{ explain_value: string }>('EXPLAIN ANALYZE ' + text, values);
    const m = /Total Time: ([0-9.]+)s/.exec(p?.explain_value ?? '');
    if (!m) throw new Error(`no profile for ${key}`);
    r.into.set(key, (r.into.get(key) ?? 0) + Number(m[1]) * 1000);
    return (isRead(text) ? await query(text, values) : []) as never;
  };
  // A refresh's only exec is the DDL of a view (src/core/filters.ts): its wall time counts as its
  // engine time too (EXPLAIN ANALYZE profiles no DDL).
  db.exec = async (text) => {
    const r = recording.now;
    if (r.kind === 'off') return exec(text);
    const key = nameOf(text);
    const t = performance.now();
    await exec(text);
    const ms = performance.now() - t;
    if (r.kind === 'wall') {
      const s = r.into.get(key) ?? { calls: 0, ms: 0 };
      r.into.set(key, { calls: s.calls + 1, ms: s.ms + ms });
    } else r.into.set(key, (r.into.get(key) ?? 0) + ms);
  };
  return recording;
}

async function run(): Promise<BenchResult> {
  const [dbStartMs, db] = await phase('start', () =>
    time(async () => {
      const c = await openBrowserClient();
      await initDatabase(c, sql);
      return c;
    }),
  );
  const dbReadyMs = performance.now();
  log(`db start ${dbStartMs.toFixed(0)} ms, ready at ${dbReadyMs.toFixed(0)} ms`);

  const loaded: BenchResult['loads'] = {};
  for (const { label, files } of loads) {
    const sources = await Promise.all(
      files.map(async (name) => ({
        name: name.split('/').pop()!,
        bytes: new Uint8Array(await (await fetch(`/bench-data/${name}`)).arrayBuffer()),
      })),
    );
    const bytes = sources.reduce((n, s) => n + s.bytes.length, 0);
    // The long tasks of fetching the file (copying 365 MB into the page) are the bench's, not the
    // load's: their entries arrive after a pause, then the count starts again.
    await new Promise((resolve) => setTimeout(resolve, 200));
    longest = 0;
    // Time per step of the load (read the file, normalise, write), as the progress bar sees them.
    const steps: Record<string, number> = {};
    let step = '';
    let since = performance.now();
    const onProgress = (p: LoadProgress) => {
      if (p.step === step) return;
      const now = performance.now();
      if (step) steps[step] = (steps[step] ?? 0) + now - since;
      [step, since] = [p.step, now];
    };
    const [ms, report] = await phase(`load ${label}`, () =>
      time(() =>
        loadSources(db, sources, {
          parquetToIPC,
          parquetChunks,
          xlsxToCsv,
          textToCsv,
          replace: true,
          onProgress,
        }),
      ),
    );
    steps[step] = (steps[step] ?? 0) + performance.now() - since;
    if (rows && report.rows.loaded !== rows)
      throw new Error(`${label}: loaded ${report.rows.loaded} of ${rows} rows`);
    loaded[label] = { ms, steps, longestTaskMs: longest, files: files.length, bytes };
    log(
      `load ${label} ${ms.toFixed(0)} ms (` +
        Object.entries(steps)
          .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
          .join(', ') +
        ')',
    );
  }
  const [shape] = await db.query<{
    rows: number;
    people: number;
    snapshots: number;
    units: number;
    regions: number;
  }>(`SELECT count(*)::INTEGER AS rows, count(DISTINCT person_id)::INTEGER AS people,
        count(DISTINCT snapshot_date)::INTEGER AS snapshots,
        count(DISTINCT unit_id)::INTEGER AS units, count(DISTINCT region)::INTEGER AS regions
      FROM cadres`);

  // Keeping the roster in the browser, as the page does after an import (export, then Parquet).
  longest = 0;
  const [keepMs, kept] = await phase('keep', () =>
    time(async () => toParquet(await exportCanonical(db))),
  );
  const keep = { ms: keepMs, bytes: kept.length, longestTaskMs: longest };
  log(`keep ${keepMs.toFixed(0)} ms, ${(kept.length / 1e6).toFixed(1)} MB`);

  // As the page and the CLI do after a load: the cube is stored once for the dataset.
  const [cubeMs] = await phase('cube', () => time(() => materializeCube(db)));
  const [size] = await db.query<{ rows: number; columns: number }>(
    `SELECT (SELECT count(*) FROM cube_table)::INTEGER AS rows,
       (SELECT count(*) FROM duckdb_columns() WHERE table_name = 'cube_table')::INTEGER AS columns`,
  );
  const cube = { ms: cubeMs, ...size, cadres: shape.rows };
  log(`cube ${cubeMs.toFixed(0)} ms, ${size.rows} cells for ${shape.rows} rows`);

  const [{ snapshot_date: asOf }] = await db.query<{ snapshot_date: string }>(
    `SELECT strftime(max(snapshot_date), '%Y-%m-%d') AS snapshot_date FROM cadres`,
  );
  const [{ snapshot_date: oldest }] = await db.query<{ snapshot_date: string }>(
    `SELECT strftime(min(snapshot_date), '%Y-%m-%d') AS snapshot_date FROM cadres`,
  );
  const queries: BenchResult['queries'] = {};
  // The first team of the teams query, for the query of one team's members; teams.sql and
  // candidates.sql read what these store.
  const [team] = queryFiles ? await teamScores(db, sql, asOf) : [];
  if (queryFiles) await candidates(db, sql, asOf);
  await phase('queries', async () => {
    for (const q of queryFiles ? QUERY_NAMES : []) {
      // Macro files, and the selection queries whose arguments come from a rule and a list's
      // state (scripts/bench-selection.ts times those).
      if (NOT_TIMED.has(q)) continue;
      const special: Partial<Record<typeof q, unknown[]>> = {
        snapshots: [],
        ratio_trend: [],
        units_summary: [],
        teams: [],
        candidates: [],
        age_structure: [asOf, null],
        band_change: [asOf, oldest],
        people: [asOf, 'Y1', null, 'young'],
        kpis: [asOf, YEAR_AGO_TOLERANCE_DAYS],
        team_members: [asOf, team?.unit_id ?? null, team?.template_id ?? null],
        crosstab: [asOf, 'level', 'gender'],
        roster: [asOf, null],
        eligibility_summary: [asOf, 12, null, false],
        // The flows (one snapshot here: compared with itself; scripts/bench-flows.ts has 12).
        flows_compare: [asOf, asOf],
        flows_causes: [asOf, asOf, asOf, asOf],
        retirements: [asOf, asOf, true],
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
      for (let i = 0; i < repeats + 1; i++) {
        const [ms] = await time(() => db.query(sql[q], args));
        if (i >= 1) times.push(ms);
      }
      queries[q] = stats(times);
      log(`${q} p50 ${queries[q].p50.toFixed(1)} ms`);
    }
  });
  const set: number[] = [];
  await phase('report', async () => {
    for (let i = 0; i < repeats + 1; i++) {
      const [ms] = await time(() => computeReport(db, sql, { asOf, baseline: oldest }));
      if (i >= 1) set.push(ms);
    }
  });
  const metricSet = stats(set);
  log(`report p50 ${metricSet.p50.toFixed(1)} ms`);

  // What a user does with the filters: each step refreshes every panel of the page.
  const [{ region }] = await db.query<{ region: string }>(
    'SELECT region FROM cadres GROUP BY region ORDER BY count(*) DESC, region LIMIT 1',
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
  const wall = {
    city: new Map<string, { calls: number; ms: number }>(),
    units: new Map<string, { calls: number; ms: number }>(),
  };
  const engine = { city: new Map<string, number>(), units: new Map<string, number>() };
  const recording = instrument(db);
  const city: number[] = [];
  const units: number[] = [];
  const headcounts: number[] = [];
  longest = 0;
  let teamsKept: { key: string; teams: TeamScore[] } | null = null;
  await phase('refresh', async () => {
    for (let i = 0; i < iterations; i++)
      for (const filters of steps) {
        recording.now = { kind: 'wall', into: wall.city };
        const [ms, panels] = await time(() =>
          computePanels(db, sql, { asOf, baseline: oldest, filters }),
        );
        city.push(ms);
        if (i === 0) headcounts.push(panels.report.headcount);
        recording.now = { kind: 'wall', into: wall.units };
        // As the page does: teams are kept while only the person filters change.
        const key = teamsKey(asOf, filters);
        const [unitMs, unitPanels] = await time(() =>
          computeUnitPanels(db, sql, asOf, key === teamsKept?.key ? teamsKept.teams : null),
        );
        teamsKept = { key, teams: unitPanels.teams };
        units.push(unitMs);
      }
  });
  const longestTaskMs = longest;
  // Each filter step counts fewer cadres than no filter (else the refresh measured nothing).
  const all = headcounts[headcounts.length - 1];
  if (!headcounts.slice(0, -1).every((n) => n < all))
    throw new Error(`the filters did not narrow the panels: ${headcounts.join(', ')}`);
  // The same refreshes again, each statement profiled by DuckDB (the profile's own cost included).
  const passes = 1;
  await phase('profile', async () => {
    for (let i = 0; i < passes; i++)
      for (const filters of steps) {
        recording.now = { kind: 'engine', into: engine.city };
        await computePanels(db, sql, { asOf, baseline: oldest, filters });
        recording.now = { kind: 'engine', into: engine.units };
        await computeUnitPanels(db, sql, asOf);
      }
  });
  recording.now = { kind: 'off' };
  const runs = city.length;
  const statements: Statement[] = [];
  for (const p of ['city', 'units'] as const)
    for (const [name, w] of wall[p])
      statements.push({
        phase: p,
        name,
        calls: w.calls / runs,
        wallMs: w.ms / runs,
        engineMs: (engine[p].get(name) ?? 0) / (passes * steps.length),
      });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const engineMs = {
    city: sum(engine.city) / (passes * steps.length),
    units: sum(engine.units) / (passes * steps.length),
  };
  const refresh: BenchResult['refresh'] = {
    runs,
    city: stats(city),
    units: stats(units),
    each: city.map((ms, i) => ({
      filters: JSON.stringify(steps[i % steps.length]),
      city: ms,
      units: units[i],
    })),
    longestTaskMs,
    statements,
    engineMs,
    overhead: {
      city: stats(city).mean / engineMs.city,
      units: stats(units).mean / engineMs.units,
    },
  };
  log(
    `refresh: city-wide p50 ${refresh.city.p50.toFixed(1)} ms (engine ${engineMs.city.toFixed(1)} ms), ` +
      `per-unit p50 ${refresh.units.p50.toFixed(1)} ms (engine ${engineMs.units.toFixed(1)} ms)`,
  );
  await db.close();
  return {
    case: caseName,
    ...shape,
    dbStartMs,
    dbReadyMs,
    loads: loaded,
    keep,
    cube,
    queries,
    metricSet,
    refresh,
    phases,
    userAgent: navigator.userAgent,
  };
}

run().then(
  (r) => ((window as unknown as { __bench: unknown }).__bench = r),
  (e) => ((window as unknown as { __bench: unknown }).__bench = { error: String(e) }),
);
