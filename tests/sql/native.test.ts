import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { DateDay, Table, tableToIPC, vectorFromArray, Utf8 } from 'apache-arrow';
import {
  Compression,
  Table as ParquetTable,
  WriterPropertiesBuilder,
  writeParquet,
} from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE, runReport } from '../../src/cli/report.ts';
import { runTrend } from '../../src/cli/trend.ts';
import { normaliseFiles } from '../../scripts/normalise.ts';
import { openEngine, type Engine } from '../../src/cli/engine.ts';
import { quoteLiteral } from '../../src/core/db.ts';
import { openNativeClient } from '../../src/core/db-native.ts';
import { materializeCube } from '../../src/core/cube.ts';
import { applyFilters, type Filters } from '../../src/core/filters.ts';
import { flowsReport } from '../../src/core/flows.ts';
import {
  DEFAULT_RULE_SET,
  ruleById,
  rulesOfKind,
  withRule,
  type RatioRule,
} from '../../src/core/policy/index.ts';
import {
  computeReport,
  kpis,
  newestSnapshot,
  ratioTrend,
  unitProfile,
} from '../../src/core/report.ts';
import { csv } from './helpers.ts';

/*
 * The same files through DuckDB-WASM (the page's engine) and native DuckDB: every number of
 * the report must agree. A hand-made roster of two monthly Parquet files (worked out below) and
 * three snapshots of the demo city.
 */
const run = promisify(execFile);
const dir = 'tests/.out/native/';
const folder = dir + 'roster/';
const demoSubset = dir + 'demo-subset.parquet';

/*
 * 2024-12 and 2025-12 (snapshot from the file name). At R = 2025-12-31 age = 2025 − birth year:
 * p1 40 (城关镇党委书记, born 1985), p2 47 (白沙乡党委书记, born 1978), p3 35, p4 53, p6 30.
 * p5 has no birth date and p1 appears twice: both rejected. p4's 身份证号 has a wrong check
 * digit (…0015; the right one is 8): a warning in each snapshot.
 */
const person = (id: string, name: string, gender: string, birth: string | null) => ({
  id,
  name,
  gender,
  birth,
});
const T1 = ['城关镇', '乡镇街道'];
const T2 = ['白沙乡', '乡镇街道'];
const B1 = ['青石县财政局', '县市区'];
const rows2025 = [
  { ...person('p1', '张一', '男', '1985-03-01'), unit: T1, post: '城关镇党委书记', level: '正科' },
  { ...person('p2', '李二', '女', '1978-06-01'), unit: T2, post: '白沙乡党委书记', level: '正科' },
  { ...person('p3', '王三', '男', '1990-11-01'), unit: T1, post: '城关镇副镇长', level: '副科' },
  { ...person('p4', '赵四', '女', '1972-01-01'), unit: B1, post: '局长', level: '正科' },
  { ...person('p5', '钱五', '男', null), unit: B1, post: '科员', level: '科员' },
  { ...person('p6', '孙六', '男', '1995-05-01'), unit: T1, post: '科员', level: '科员' },
  { ...person('p1', '张一', '男', '1985-03-01'), unit: T1, post: '城关镇党委书记', level: '正科' },
];
const rows2024 = rows2025.slice(0, 4);
const idNumber = (id: string) => (id === 'p4' ? '431122197201010015' : null);

function rosterParquet(rows: typeof rows2025): Uint8Array {
  const col = (f: (r: (typeof rows2025)[number]) => string | null) =>
    vectorFromArray(rows.map(f), new Utf8());
  const table = new Table({
    人员编号: col((r) => r.id),
    姓名: col((r) => r.name),
    性别: col((r) => r.gender),
    出生年月: vectorFromArray(
      rows.map((r) => (r.birth === null ? null : new Date(r.birth + 'T00:00:00Z'))),
      new DateDay(),
    ),
    身份证号: col((r) => idNumber(r.id)),
    单位: col((r) => r.unit[0]),
    单位类型: col((r) => r.unit[1]),
    县市区: col(() => '青石县'),
    职务: col((r) => r.post),
    职务层次: col((r) => r.level),
  });
  const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
  return writeParquet(ParquetTable.fromIPCStream(tableToIPC(table, 'stream')), props);
}

/** Everything both engines compute from `paths`: the report, the trend, KPIs, unit table. */
async function figures(engine: Engine, paths: string[], filters?: Filters) {
  const { db, sql, load: loadFiles } = await openEngine(engine, paths);
  try {
    const load = await loadFiles({});
    const asOf = (await newestSnapshot(db, sql))!;
    await materializeCube(db);
    const out: Record<string, unknown> = {};
    const runs: [string, Filters][] = [['all', { values: {} }]];
    if (filters) runs.push(['filtered', filters]);
    for (const [name, f] of runs) {
      await applyFilters(db, f);
      out[name] = {
        // What the report CLI prints: the report and the flows' keys.
        report: {
          ...(await computeReport(db, sql, { asOf, load, byUnit: true })),
          ...(await flowsReport(db, sql, { asOf })),
        },
        trend: await ratioTrend(db, sql),
        kpis: await kpis(db, sql, asOf),
        units: await unitProfile(db, sql, asOf),
      };
    }
    return out;
  } finally {
    await db.close();
  }
}

/**
 * Where two results differ: every string, boolean and null exactly, every number to 1e-9 of its
 * size (native DuckDB adds floating-point sums on several threads, in another order).
 */
function differences(a: unknown, b: unknown, at = '$'): string[] {
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)) ? [] : [`${at}: ${a} ≠ ${b}`];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [`${at}: ${a.length} items ≠ ${b.length}`];
    return a.flatMap((x, i) => differences(x, b[i], `${at}[${i}]`));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) =>
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${at}.${k}`,
      ),
    );
  }
  return Object.is(a, b) ? [] : [`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`];
}

const count = (x: unknown): number =>
  typeof x === 'number'
    ? 1
    : x && typeof x === 'object'
      ? Object.values(x).reduce((n: number, v) => n + count(v), 0)
      : 0;

beforeAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  writeFileSync(folder + 'roster-2024-12.parquet', rosterParquet(rows2024));
  writeFileSync(folder + 'roster-2025-12.parquet', rosterParquet(rows2025));
  // Three snapshots of the demo city (the newest, a year before, the first).
  const db = await openNativeClient();
  try {
    await db.exec(`
      COPY (SELECT * FROM read_parquet(${quoteLiteral(DEMO_FILE)})
                  WHERE snapshot_date IN ('2017-12-31', '2025-10-31', '2026-10-31'))
      TO ${quoteLiteral(demoSubset)} (FORMAT parquet)`);
  } finally {
    await db.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Figures = Awaited<ReturnType<typeof figures>>;
type Report = Awaited<ReturnType<typeof computeReport>>;
/** DuckDB-WASM's figures for the hand-worked roster, which later tests compare with. */
let wasmRoster: Figures;
/** … and for the three snapshots of the demo city. */
let wasmDemo: Figures;
const reportOf = (f: Figures) => (f.all as { report: Report }).report;

describe('native DuckDB', () => {
  it('computes the hand-worked roster as DuckDB-WASM does, number for number', async () => {
    const filters: Filters = { values: { gender: ['男'] } };
    const native = await figures('native', [folder], filters);
    wasmRoster = await figures('wasm', [folder], filters);
    expect(differences(native, wasmRoster)).toEqual([]);
    const r = reportOf(native);
    expect(r.sources).toEqual(['roster-2024-12.parquet', 'roster-2025-12.parquet']);
    expect(r.rows).toEqual({ read: 11, loaded: 9, rejected: 2, skipped: 0 });
    expect(r.rejected.map((x) => [x.file, x.row, x.code])).toEqual([
      ['roster-2025-12.parquet', 5, 'birth_missing'],
      ['roster-2025-12.parquet', 7, 'duplicate'],
    ]);
    expect(r.warnings.map((w) => [w.file, w.row, w.field])).toEqual([
      ['roster-2024-12.parquet', 4, '身份证号'],
      ['roster-2025-12.parquet', 4, '身份证号'],
    ]);
    expect(r.snapshotDate).toBe('2025-12-31');
    expect(r.headcount).toBe(5);
    expect(r.age.mean).toBe(41); // (40 + 47 + 35 + 53 + 30) / 5
    expect(r.age.median).toBe(40);
    expect(r.metrics.find((m) => m.id === 'J1')).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 0.5,
      met: true,
    });
    const men = (native.filtered as { report: Report }).report;
    expect(men.headcount).toBe(3); // p1, p3, p6
  });

  it('computes three snapshots of the demo city as DuckDB-WASM does', async () => {
    const filters: Filters = { values: { education: ['研究生'] }, age: { min: 30, max: 45 } };
    const native = await figures('native', [demoSubset], filters);
    wasmDemo = await figures('wasm', [demoSubset], filters);
    expect(differences(native, wasmDemo)).toEqual([]);
    // Every figure counted: thousands of numbers, not an empty comparison.
    expect(count(native)).toBeGreaterThan(5000);
    const r = reportOf(native);
    expect(r.snapshotDate).toBe('2026-10-31');
    expect(r.headcount).toBe(17665);
  });

  it('prints the same JSON from the CLI with --engine native, without loading DuckDB-WASM', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        './tests/fixtures/no-wasm.mjs',
        '--import',
        'tsx',
        'src/cli/report.ts',
        '--engine',
        'native',
        '--by-unit',
        folder,
      ],
      { encoding: 'utf8' },
    );
    const wasm = JSON.parse(JSON.stringify(reportOf(wasmRoster)));
    expect(differences(JSON.parse(stdout), wasm)).toEqual([]);
  });

  it('reads CSV through its temporary folder, and refuses a folder without Parquet files', async () => {
    const text = csv(
      rows2025.map((r) => ({
        人员编号: r.id,
        姓名: r.name,
        出生年月: r.birth?.slice(0, 7).replace('-', '.') ?? '',
        职务: r.post,
        职务层次: r.level,
        单位: r.unit[0],
      })),
    );
    writeFileSync(dir + '名册2025-12.csv', text);
    const args = {
      files: [dir + '名册2025-12.csv'],
      format: 'json' as const,
      byUnit: false,
      engine: 'native' as const,
    };
    const r = await runReport(args);
    expect(r.rows).toEqual({ read: 7, loaded: 5, rejected: 2, skipped: 0 });
    expect(r.snapshotDate).toBe('2025-12-31');
    expect(r.age.mean).toBe(41);
    mkdirSync(dir + 'empty', { recursive: true });
    await expect(runReport({ ...args, files: [dir + 'empty'] })).rejects.toThrow(
      '文件夹中没有名册文件（Parquet、LRMX、Excel、CSV、JSON 或 Arrow）',
    );
  });

  it('loads normalised snapshots as they are: the same report as from the rosters', async () => {
    const written = await normaliseFiles([folder], dir + 'normalised', { log: () => {} });
    expect(written.map((f) => f.split('/').pop())).toEqual([
      'roster-2024-12.parquet',
      'roster-2025-12.parquet',
    ]);
    const fromRosters = reportOf(wasmRoster);
    for (const engine of ['native', 'wasm'] as const) {
      const fromNormalised = await runReport({
        files: [dir + 'normalised'],
        format: 'json',
        byUnit: true,
        engine,
      });
      // Sources, rows read and rejected, warnings (from the load reports beside the files) too.
      expect(differences(fromNormalised, fromRosters)).toEqual([]);
    }
    // The demo's normalised snapshots give the same figures on native DuckDB.
    await normaliseFiles([demoSubset], dir + 'demo-normalised', { log: () => {} });
    const demo = await runReport({
      files: [dir + 'demo-normalised'],
      format: 'json',
      byUnit: true,
      engine: 'native',
    });
    expect(differences(demo, reportOf(wasmDemo))).toEqual([]);
  });

  it('gives every ratio rule at every snapshot (npm run trend)', async () => {
    const trend = await runTrend([folder], 'native');
    expect(trend.snapshots).toEqual(['2024-12-31', '2025-12-31']);
    // J1: of the two township secretaries, p1 (born 1985) is born 1980 or later, p2 (1978) not.
    expect(trend.rules.find((r) => r.id === 'J1')!.points).toEqual([
      { snapshotDate: '2024-12-31', numerator: 1, denominator: 2, value: 0.5, met: true },
      { snapshotDate: '2025-12-31', numerator: 1, denominator: 2, value: 0.5, met: true },
    ]);
    // Every ratio rule, each at both snapshots; one nobody belongs to is 0/0 with no share.
    expect(trend.rules.map((r) => r.id)).toEqual(
      rulesOfKind(DEFAULT_RULE_SET, 'ratio').map((r) => r.id),
    );
    for (const r of trend.rules)
      expect(r.points.map((p) => p.snapshotDate)).toEqual(trend.snapshots);
    const wasm = (wasmRoster.all as { trend: Awaited<ReturnType<typeof ratioTrend>> }).trend;
    const points = trend.rules.flatMap((r) =>
      r.points
        .filter((p) => p.denominator > 0 || p.value !== null)
        .map((p) => [r.id, p.snapshotDate, p.numerator, p.denominator, p.met]),
    );
    expect(points).toEqual(
      wasm.map((p) => [p.metric_id, p.snapshot_date, p.numerator, p.denominator, p.met]),
    );
  });

  it('follows the rules file (--rules): a changed target and a custom rule', async () => {
    const j1 = ruleById(DEFAULT_RULE_SET, 'J1') as RatioRule;
    // J1 at more than 1/2: 1 of 2 is no longer met; Q1, J1 under another id, ≥ 1/2: met.
    const rules = withRule(withRule(DEFAULT_RULE_SET, { ...j1, target: [1, 2] }), {
      ...j1,
      id: 'Q1',
      comparator: '>=',
      target: [1, 2],
    });
    const trend = await runTrend([folder], 'native', rules);
    const at = (id: string) =>
      trend.rules.find((r) => r.id === id)!.points.map((p) => [p.numerator, p.denominator, p.met]);
    expect(at('J1')).toEqual([
      [1, 2, false],
      [1, 2, false],
    ]);
    expect(at('Q1')).toEqual([
      [1, 2, true],
      [1, 2, true],
    ]);
  });
});
