/**
 * Report CLI: npm run --silent report -- [FILE ...] [--as-of YYYY-MM-DD] [--baseline YYYY-MM-DD]
 *   [--format json|table] [--by-unit] [--filter DIM=V1,V2 …] [--age MIN-MAX] [--sheet NAME]
 *   [--snapshot YYYY-MM-DD] [--engine wasm|native]
 * Prints the report for the reference date (default: the newest snapshot) as one JSON object,
 * over the cadres that pass the filters (the dashboard's global filters, same SQL). Files are read
 * as the page reads them; `--sheet` picks a workbook's sheet, `--snapshot` dates rows whose file
 * has no 统计时点 column and no date in its name (default: --as-of). `--engine native` runs the
 * same SQL on native DuckDB (multi-threaded; Parquet read by DuckDB itself; a folder stands for
 * the rosters in it) instead of DuckDB-WASM.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyFilters,
  CATEGORY_DIMS,
  NO_FILTERS,
  type CategoryDim,
  type Filters,
} from '../core/filters.ts';
import { materializeCube } from '../core/cube.ts';
import { xlsxToCsv } from '../core/xlsx.ts';
import { LoadError } from '../core/load.ts';
import { openEngine, type Engine } from './engine.ts';
import { computeReport, newestSnapshot, type Report } from '../core/report.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_FILE = path.join(root, 'data/demo/cadres.parquet');

export interface Args {
  files: string[];
  asOf?: string;
  baseline?: string;
  format: 'json' | 'table';
  byUnit: boolean;
  filters?: Filters;
  sheet?: string;
  snapshot?: string;
  /** DuckDB-WASM (the page's engine, the default) or native DuckDB. */
  engine?: Engine;
}

class UsageError extends Error {}

export function parseArgs(argv: string[]): Args {
  const args: Args = { files: [], format: 'json', byUnit: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} 需要一个值`);
      return v;
    };
    if (a === '--as-of') args.asOf = date(value(), a);
    else if (a === '--baseline') args.baseline = date(value(), a);
    else if (a === '--snapshot') args.snapshot = date(value(), a);
    else if (a === '--sheet') args.sheet = value();
    else if (a === '--format') {
      const f = value();
      if (f !== 'json' && f !== 'table')
        throw new UsageError(`--format 只能是 json 或 table：${f}`);
      args.format = f;
    } else if (a === '--engine') {
      const e = value();
      if (e !== 'wasm' && e !== 'native')
        throw new UsageError(`--engine 只能是 wasm 或 native：${e}`);
      args.engine = e;
    } else if (a === '--by-unit') args.byUnit = true;
    else if (a === '--filter') {
      const m = /^([a-z_]+)=(.+)$/.exec(value());
      if (!m || !CATEGORY_DIMS.includes(m[1] as CategoryDim))
        throw new UsageError(`--filter 需要 维度=值1,值2，维度为 ${CATEGORY_DIMS.join('/')}`);
      const f = (args.filters ??= { values: {} });
      f.values[m[1] as CategoryDim] = m[2].split(',');
    } else if (a === '--age') {
      const m = /^(\d{1,3})-(\d{1,3})$/.exec(value());
      if (!m || +m[1] > +m[2]) throw new UsageError('--age 需要 最小-最大，如 30-40');
      (args.filters ??= { values: {} }).age = { min: +m[1], max: +m[2] };
    } else if (a.startsWith('--')) throw new UsageError(`未知参数：${a}`);
    else args.files.push(a);
  }
  return args;
}

function date(v: string, flag: string): string {
  const m = v.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    throw new UsageError(`${flag} 需要 YYYY-MM-DD 格式的日期：${v}`);
  return v;
}

export async function runReport(args: Args): Promise<Report> {
  if (args.files.length === 0) {
    if (!existsSync(DEMO_FILE))
      execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'scripts/generate-demo.ts')],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
    args.files = [DEMO_FILE];
  }
  const { db, sql, load: loadFiles } = await openEngine(args.engine ?? 'wasm', args.files);
  try {
    const sheet = args.sheet;
    const load = await loadFiles({
      only: { asOf: args.asOf, baseline: args.baseline },
      xlsxToCsv,
      defaultSnapshot: args.snapshot ?? args.asOf,
      sheets: sheet
        ? Object.fromEntries(args.files.map((f) => [path.basename(f), sheet]))
        : undefined,
    });
    const asOf = args.asOf ?? (await newestSnapshot(db, sql));
    if (!asOf) throw new LoadError(args.files.join(', '), '没有可用的数据行');
    await materializeCube(db);
    await applyFilters(db, args.filters ?? NO_FILTERS);
    const report = await computeReport(db, sql, {
      asOf,
      baseline: args.baseline,
      load,
      byUnit: args.byUnit,
    });
    if (args.filters) report.filters = args.filters;
    if (report.snapshotDate === null)
      throw new UsageError(`统计时点 ${asOf} 之前没有数据（最早的快照晚于该日期）`);
    return report;
  } finally {
    await db.close();
  }
}

const pct = (v: number | null) => (v === null ? '—' : (v * 100).toFixed(1) + '%');

export function formatTable(r: Report): string {
  const lines = [
    `统计时点 ${r.asOf}（快照 ${r.snapshotDate}）  来源 ${r.sources.join(', ')}`,
    `读取 ${r.rows.read} 行，载入 ${r.rows.loaded}，拒收 ${r.rows.rejected}，警告 ${r.warnings.length}`,
    ...(r.filters ? [`筛选 ${JSON.stringify(r.filters)}`] : []),
    `总人数 ${r.headcount}  平均年龄 ${r.age.mean?.toFixed(1)}  年龄中位数 ${r.age.median}`,
    '',
    ['指标', '名称', '分子/分母', '比例', '目标', '达标', '还差'].join('\t'),
  ];
  for (const m of r.metrics) {
    const isChange = m.id === 'J4' || m.id === 'J5';
    const value = isChange
      ? m.id === 'J4'
        ? `${m.value?.toFixed(2)} 岁`
        : `${((m.value ?? 0) * 100).toFixed(1)} 个百分点`
      : pct(m.value);
    const target =
      m.target === null
        ? '—'
        : isChange
          ? `${m.comparator} ${m.target}`
          : `${m.comparator} ${pct(m.target)}`;
    const met = m.met === null ? '—' : m.met ? '✓ 达标' : '✗ 未达标';
    lines.push(
      [
        m.id,
        m.label,
        m.numerator === null ? '—' : `${m.numerator}/${m.denominator}`,
        value,
        target,
        met,
        m.gap ?? '—',
      ].join('\t'),
    );
  }
  return lines.join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    const args = parseArgs(process.argv.slice(2));
    const report = await runReport(args);
    process.stdout.write(
      (args.format === 'table' ? formatTable(report) : JSON.stringify(report, null, 2)) + '\n',
    );
  } catch (e) {
    process.stderr.write((e instanceof Error ? e.message : String(e)) + '\n');
    process.exit(e instanceof UsageError ? 2 : 1);
  }
}
