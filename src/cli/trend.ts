/**
 * Trend CLI: npm run --silent trend -- [FILE_OR_FOLDER …] [--engine wasm|native] [--format json|table]
 *   [--rules rules.json] [--snapshot YYYY-MM-DD] [--lang zh|en]
 * Every ratio rule of the rule set (Y1–Y8, J1, J2 and any custom one) city-wide at every
 * snapshot of the files (default: the demo data), by the same SQL as the page's trend lines
 * (queries/ratio_trend.sql). A folder stands for the Parquet files in it; normalised snapshots
 * (`npm run normalise`, `npm run history`) are loaded as they are. With `--engine native`, on
 * native DuckDB (a province's history).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { unfilteredSession } from '../core/filters.ts';
import type { LoadReport } from '../core/load.ts';
import { DEFAULT_RULE_SET, rulesOfKind, type RuleSet } from '../core/policy/index.ts';
import { writeRuleTables } from '../core/policy/tables.ts';
import { listSnapshots, ratioTrend } from '../core/report.ts';
import { xlsxToCsv } from '../core/xlsx.ts';
import { openEngine, type Engine } from './engine.ts';
import { DEMO_FILE, loadRules, undatedFiles, undatedHint } from './report.ts';
import { fixed } from '../core/decimal.ts';

export interface Trend {
  sources: string[];
  rows: LoadReport['rows'];
  /** The files whose rows were rejected for want of a 统计时点 (not in any month). */
  undated: string[];
  snapshots: string[];
  rules: {
    id: string;
    label: string;
    target: number;
    comparator: string;
    points: {
      snapshotDate: string;
      numerator: number;
      denominator: number;
      value: number | null;
      met: boolean | null;
    }[];
  }[];
}

export async function runTrend(
  files: string[],
  engine: Engine = 'wasm',
  rules: RuleSet = DEFAULT_RULE_SET,
  snapshot?: string,
): Promise<Trend> {
  const { db, sql, load } = await openEngine(engine, files.length ? files : [DEMO_FILE]);
  try {
    if (rules !== DEFAULT_RULE_SET) await writeRuleTables(db, rules);
    const report = await load({ xlsxToCsv, ...(snapshot ? { defaultSnapshot: snapshot } : {}) });
    // One query reads every snapshot once: building the cube first would only add a copy.
    await unfilteredSession(db);
    const points = await ratioTrend(db, sql);
    const snapshots = (await listSnapshots(db, sql)).map((s) => s.snapshot_date).sort();
    // Every ratio rule at every snapshot: one nobody belongs to then is 0/0, with no share.
    const ratios: Trend['rules'] = rulesOfKind(rules, 'ratio').map((r) => ({
      id: r.id,
      label: r.label.zh,
      target: r.target[0] / r.target[1],
      comparator: r.comparator,
      points: snapshots.map((d) => {
        const p = points.find((x) => x.metric_id === r.id && x.snapshot_date === d);
        return p
          ? {
              snapshotDate: d,
              numerator: p.numerator,
              denominator: p.denominator,
              value: p.value,
              met: p.met,
            }
          : { snapshotDate: d, numerator: 0, denominator: 0, value: null, met: null };
      }),
    }));
    const undated = undatedFiles(report.rejected);
    return { sources: report.sources, rows: report.rows, undated, snapshots, rules: ratios };
  } finally {
    await db.close();
  }
}

/** One line per snapshot, one column per rule: the share in per cent, ✗ when it falls short. */
export function formatTrend(t: Trend): string {
  const head = ['统计时点', ...t.rules.map((r) => r.id)].join('\t');
  const lines = t.snapshots.map((d) =>
    [
      d,
      ...t.rules.map((r) => {
        const p = r.points.find((x) => x.snapshotDate === d);
        if (!p || p.value === null) return '—';
        return `${fixed(p.value * 100, 1)}%${p.met ? '' : '✗'}`;
      }),
    ].join('\t'),
  );
  const targets = ['目标', ...t.rules.map((r) => `${r.comparator}${fixed(r.target * 100, 1)}%`)];
  return [head, targets.join('\t'), ...lines].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  // Output read by a pipe that closes early (`| head`) ends the run quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const argv = process.argv.slice(2);
  const en = argv[argv.indexOf('--lang') + 1] === 'en';
  const usage = en
    ? 'usage: npm run --silent trend -- [FILE_OR_FOLDER …] [--engine wasm|native] [--format json|table] [--rules rules.json] [--snapshot YYYY-MM-DD] [--lang zh|en]\nEvery ratio rule city-wide at every snapshot of the files (default: the demo data).\n'
    : '用法：npm run --silent trend -- [文件或文件夹 …] [--engine wasm|native] [--format json|table] [--rules rules.json] [--snapshot YYYY-MM-DD] [--lang zh|en]\n各比例规则在每个统计时点的全市数值（不给文件时使用示例数据）。\n';
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const take = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : undefined;
  };
  const engine = take('--engine') ?? 'wasm';
  const format = take('--format') ?? 'json';
  const rulesFile = take('--rules');
  const snapshot = take('--snapshot');
  take('--lang');
  const unknown = argv.find((a) => a.startsWith('-'));
  if (
    unknown ||
    (snapshot !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(snapshot)) ||
    (engine !== 'wasm' && engine !== 'native') ||
    (format !== 'json' && format !== 'table')
  ) {
    if (unknown)
      process.stderr.write(en ? `unknown option: ${unknown}\n` : `未知选项：${unknown}\n`);
    process.stderr.write(usage);
    process.exit(2);
  }
  let rules: RuleSet;
  try {
    rules = loadRules(rulesFile);
  } catch (e) {
    process.stderr.write((e instanceof Error ? e.message : String(e)) + '\n');
    process.exit(2);
  }
  try {
    const t = await runTrend(argv, engine, rules, snapshot);
    // Rows rejected are in no month of the trend: say how many, and which files had no date.
    if (t.rows.rejected)
      process.stderr.write(
        (en
          ? `Note: ${t.rows.rejected} of ${t.rows.read} rows were rejected and are in no month (the JSON's rows)`
          : `提示：读取的 ${t.rows.read} 行中拒收 ${t.rows.rejected} 行，不在任何统计时点（见 JSON 的 rows）`) +
          '\n',
      );
    if (t.undated.length) process.stderr.write(undatedHint(t.undated, en ? 'en' : 'zh') + '\n');
    process.stdout.write((format === 'table' ? formatTrend(t) : JSON.stringify(t, null, 2)) + '\n');
  } catch (e) {
    process.stderr.write((e instanceof Error ? e.message : String(e)) + '\n');
    process.exit(1);
  }
}
