import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../src/cli/report.ts';
import type { DuckClient } from '../../src/core/db.ts';
import { DEMO_COUNTS, demoSnapshotMonths, monthEnd } from '../../src/core/demo/generate.ts';
import { loadSources, type LoadReport } from '../../src/core/load.ts';
import { computeInitialView, type InitialView } from '../../src/core/panels.ts';
import { listSnapshots, ratioMetrics } from '../../src/core/report.ts';
import { freshDb, parquetToIPC, sql } from './helpers.ts';

/** The bundled demo city against the published Yongzhou and Jinzhou figures. */
let db: DuckClient;
let load: LoadReport;
const city = async (asOf: string, id: string) =>
  (await ratioMetrics(db, sql, asOf)).find((r) => r.metric_id === id)!;

beforeAll(async () => {
  db = await freshDb();
  load = await loadSources(db, [{ name: 'cadres.parquet', bytes: readFileSync(DEMO_FILE) }], {
    parquetToIPC,
  });
});
afterAll(() => db.close());

describe('demo city calibration', () => {
  it('loads every row', () => {
    expect(load.rows.rejected).toBe(0);
    expect(load.rows.loaded).toBe(load.rows.read);
  });

  it('has year-end snapshots from 2017 and the last 12 months', async () => {
    const snaps = (await listSnapshots(db, sql)).map((s) => s.snapshot_date);
    expect(snaps).toEqual(demoSnapshotMonths().map(monthEnd));
    expect(snaps[0]).toBe('2017-12-31');
    expect(snaps.slice(-12)[0]).toBe('2025-11-30');
  });

  it('2017-12-31 reproduces Yongzhou: 113 县处级 aged ≤ 40 ≈ 7%', async () => {
    const y7 = await city('2017-12-31', 'Y7');
    expect([y7.numerator, y7.denominator]).toEqual([113, DEMO_COUNTS.countyLevel]);
    expect(y7.value).toBeCloseTo(0.07, 3);
  });

  it('2017-12-31 reproduces Yongzhou: 306 正科 aged ≤ 35 = 4.5%', async () => {
    const y8 = await city('2017-12-31', 'Y8');
    expect([y8.numerator, y8.denominator]).toEqual([306, 6800]);
    expect(y8.value).toBeCloseTo(0.045, 6);
  });

  it('J1 (80后 township secretaries) starts below 1/3 and ends above it', async () => {
    const snaps = (await listSnapshots(db, sql)).map((s) => s.snapshot_date);
    const first = await city(snaps[0], 'J1');
    const last = await city(snaps[snaps.length - 1], 'J1');
    expect(first.value as number).toBeLessThan(1 / 3);
    expect(first.met).toBe(false);
    expect(last.value as number).toBeGreaterThan(1 / 3);
    expect(last.met).toBe(true);
  });

  it('about 11 counties, 180 townships and streets, with one secretary and one head each', async () => {
    const [u] = await db.query(
      `SELECT count(DISTINCT region) FILTER (WHERE unit_type <> '市直')::INTEGER AS regions,
         count(DISTINCT unit_id) FILTER (WHERE unit_type = '乡镇街道')::INTEGER AS townships,
         count(*) FILTER (WHERE post_class = 'township_secretary')::INTEGER AS secretaries,
         count(*) FILTER (WHERE post_class = 'township_head')::INTEGER AS heads
       FROM cadres WHERE snapshot_date = DATE '2026-10-31'`,
    );
    expect(u).toEqual({ regions: 11, townships: 180, secretaries: 180, heads: 180 });
  });

  it('nobody is past retirement age at any snapshot', async () => {
    const [r] = await db.query(
      `SELECT count(*)::INTEGER AS n FROM cadres
       WHERE age_at(birth_date, snapshot_date) >= 63
          OR (gender = '女' AND level NOT LIKE '县处级%' AND age_at(birth_date, snapshot_date) >= 58)`,
    );
    expect(r.n).toBe(0);
  });
});

describe('the stored first view of the demo', () => {
  it('is what the queries give now (the page draws it while DuckDB starts)', async () => {
    const stored = JSON.parse(
      readFileSync(new URL('../../data/demo/initial-view.json', import.meta.url), 'utf8'),
    ) as InitialView;
    const live = await computeInitialView(db, sql, load);
    expect(stored.asOf).toBe(live.asOf);
    expect(stored.snapshots).toEqual(live.snapshots);
    expect(stored.panels.structure).toEqual(live.panels.structure);
    expect(stored.panels.kpis).toEqual(live.panels.kpis);
    expect(stored.panels.trend).toEqual(live.panels.trend);
    expect(stored.panels.report.metrics).toEqual(live.panels.report.metrics);
    expect(stored.units).toEqual(live.units);
    expect(stored.options).toEqual(live.options);
  });
});
