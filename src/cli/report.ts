/**
 * Report CLI: npm run --silent report -- [FILE ...] [--as-of YYYY-MM-DD] [--baseline YYYY-MM-DD]
 *   [--format json|table] [--by-unit] [--filter DIM=V1,V2 …] [--age MIN-MAX] [--sheet NAME]
 *   [--snapshot YYYY-MM-DD] [--lang zh|en] [--verbose] [--accept-duplicates] [--engine wasm|native]
 * Prints the report for the reference date (default: the newest snapshot) as one JSON object,
 * over the cadres that pass the filters (the dashboard's global filters, same SQL). Files are read
 * as the page reads them; `--sheet` picks a workbook's sheet, `--snapshot` dates rows whose file
 * has no 统计时点 column, no 截至 date in a title and no date in its name (default: --as-of).
 * `--engine native` runs the same SQL on native DuckDB (multi-threaded; Parquet read by DuckDB
 * itself) instead of DuckDB-WASM. A folder stands for the Parquet files in it. Exit codes: EXIT
 * below.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
import { DuplicatesFound, LoadError, NothingLoaded } from '../core/load.ts';
import { errorDetail, formatMessage, inLanguage, ReadError, type Lang } from '../core/messages.ts';
import { openEngine, type Engine } from './engine.ts';
import { computeReport, newestSnapshot, type Report } from '../core/report.ts';
import {
  DEFAULT_RULE_SET,
  parseRuleSet,
  RuleSetError,
  stableJson,
  type RuleSet,
} from '../core/policy/index.ts';
import { writeRuleTables } from '../core/policy/tables.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_FILE = path.join(root, 'data/demo/cadres.parquet');

/** Exit codes (README: Report CLI). */
export const EXIT = {
  ok: 0,
  /** A file cannot be read (missing, damaged, not a roster format, no birth column …). */
  unreadable: 1,
  /** Bad arguments. */
  usage: 2,
  /** The files were read but no row could be loaded: the report lists every rejected row. */
  nothingLoaded: 3,
  /** Too many rows would be rejected as duplicates: check the person id, or --accept-duplicates. */
  duplicates: 4,
} as const;

export interface Args {
  files: string[];
  /** A rules file (JSON, as the page downloads it); the defaults when absent. */
  rules?: string;
  /** Print the active rule set as JSON instead of a report. */
  printRules?: boolean;
  /** Language of reasons, notes and errors (default zh). */
  lang?: Lang;
  /** Also print the technical detail of an error. */
  verbose?: boolean;
  /** Load even when more than a handful of rows would be rejected as duplicates. */
  acceptDuplicates?: boolean;
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
    else if (a === '--rules') args.rules = value();
    else if (a === '--print-rules') args.printRules = true;
    else if (a === '--lang') {
      const l = value();
      if (l !== 'zh' && l !== 'en') throw new UsageError(`--lang 只能是 zh 或 en：${l}`);
      args.lang = l;
    } else if (a === '--verbose') args.verbose = true;
    else if (a === '--accept-duplicates') args.acceptDuplicates = true;
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

/** The rule set of --rules (checked; a bad file is a usage error naming the field), or the defaults. */
export function loadRules(file: string | undefined): RuleSet {
  if (!file) return DEFAULT_RULE_SET;
  if (!existsSync(file)) throw new UsageError(`--rules：文件不存在：${file}`);
  try {
    return parseRuleSet(readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof RuleSetError) throw new UsageError(`--rules：${e.text('zh')}`);
    throw e;
  }
}

export async function runReport(args: Args): Promise<Report> {
  const rules = loadRules(args.rules);
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
    await writeRuleTables(db, rules);
    const sheet = args.sheet;
    const load = await loadFiles({
      only: { asOf: args.asOf, baseline: args.baseline },
      xlsxToCsv,
      defaultSnapshot: args.snapshot ?? args.asOf,
      acceptDuplicates: args.acceptDuplicates,
      sheets: sheet
        ? Object.fromEntries(args.files.map((f) => [path.basename(f), sheet]))
        : undefined,
    });
    const asOf = args.asOf ?? (await newestSnapshot(db, sql));
    if (!asOf) throw new NothingLoaded(args.files.join(', '), load);
    await materializeCube(db);
    await applyFilters(db, args.filters ?? NO_FILTERS);
    const report = await computeReport(db, sql, {
      asOf,
      baseline: args.baseline,
      load,
      byUnit: args.byUnit,
      rules,
    });
    if (args.filters) report.filters = args.filters;
    const lang = args.lang ?? 'zh';
    report.rejected = report.rejected.map((r) => inLanguage(r, lang));
    report.warnings = report.warnings.map((w) => inLanguage(w, lang));
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
    const isChange = m.kind === 'change';
    const value = isChange
      ? m.measure === 'mean_age'
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
  if (r.teams?.length) {
    lines.push('', '班子结构（模板 / 班子 / 得分 / 结论 / 缺配项 / 预警）');
    const templates = [...new Set(r.teams.map((t) => t.template))];
    for (const tp of templates) {
      const of = r.teams.filter((t) => t.template === tp);
      const n = (s: string) => of.filter((t) => t.status === s).length;
      lines.push(
        `${tp}：${of.length} 个班子，达标 ${n('达标')}，基本达标 ${n('基本达标')}，不达标 ${n('不达标')}`,
      );
      for (const t of [...of].sort((a, b) => a.score - b.score).filter((t) => t.status !== '达标'))
        lines.push(
          [
            '',
            t.unit ?? t.unit_id,
            t.score.toFixed(1),
            (t.vetoed ? '✗ 一票否决 ' : t.status === '不达标' ? '✗ ' : '△ ') + t.status,
            t.items
              .filter((i) => i.short > 0)
              .map((i) => `${i.id} 缺${i.short}`)
              .join('、') || '—',
            t.warnings.join('；') || '—',
          ].join('\t'),
        );
    }
  }
  return lines.join('\n');
}

/** The message of a failure in a language, with its technical detail when asked for. */
export function errorText(e: unknown, lang: Lang, verbose = false): string {
  let text: string;
  let detail: string | undefined;
  if (e instanceof LoadError) [text, detail] = [e.text(lang), e.detail];
  else if (e instanceof ReadError)
    [text, detail] = [formatMessage(e.code, e.params, lang), e.detail];
  else if (e instanceof UsageError) text = e.message;
  else [text, detail] = [formatMessage('load_failed', {}, lang), errorDetail(e)];
  if (e instanceof DuplicatesFound)
    text +=
      '\n' +
      e.examples
        .map((x) =>
          lang === 'zh'
            ? `  第 ${x.row} 行 ${x.name ?? ''}：人员编号 ${x.personId}${x.firstRow ? `，与第 ${x.firstRow} 行相同` : ''}`
            : `  row ${x.row} ${x.name ?? ''}: person id ${x.personId}${x.firstRow ? `, as on row ${x.firstRow}` : ''}`,
        )
        .join('\n') +
      '\n' +
      (lang === 'zh'
        ? '确认无误后加 --accept-duplicates 仍然导入（这些行将被拒收）'
        : 'If this is right, add --accept-duplicates to load anyway (these rows are rejected)');
  return verbose && detail ? `${text}\n${lang === 'zh' ? '详细信息' : 'Details'}: ${detail}` : text;
}

/** The report of a load that loaded nothing: what was read and why every row was rejected. */
function nothingLoadedOutput(e: NothingLoaded, lang: Lang, format: Args['format']): string {
  const r = e.report;
  const rejected = r.rejected.map((x) => inLanguage(x, lang));
  if (format === 'json')
    return JSON.stringify(
      {
        sources: r.sources,
        rows: r.rows,
        rejected,
        warnings: r.warnings.map((w) => inLanguage(w, lang)),
        error: { code: e.code, message: e.text(lang) },
      },
      null,
      2,
    );
  return [
    e.text(lang),
    lang === 'zh'
      ? `读取 ${r.rows.read} 行，载入 ${r.rows.loaded}，拒收 ${r.rows.rejected}，跳过 ${r.rows.skipped}`
      : `${r.rows.read} rows read, ${r.rows.loaded} loaded, ${r.rows.rejected} rejected, ${r.rows.skipped} skipped`,
    ...rejected.map((x) => [x.file, x.row, x.name ?? '', x.reason].join('\t')),
  ].join('\n');
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const argv = process.argv.slice(2);
  // The language of an error in the arguments themselves, as far as it can be told.
  let lang: Lang = argv[argv.indexOf('--lang') + 1] === 'en' ? 'en' : 'zh';
  let verbose = argv.includes('--verbose');
  let format: Args['format'] = 'json';
  try {
    const args = parseArgs(argv);
    [lang, verbose, format] = [args.lang ?? 'zh', args.verbose ?? false, args.format];
    if (args.printRules) {
      process.stdout.write(
        JSON.stringify(JSON.parse(stableJson(loadRules(args.rules))), null, 2) + '\n',
      );
      process.exit(0);
    }
    const report = await runReport(args);
    process.stdout.write(
      (args.format === 'table' ? formatTable(report) : JSON.stringify(report, null, 2)) + '\n',
    );
  } catch (e) {
    if (e instanceof NothingLoaded)
      process.stdout.write(nothingLoadedOutput(e, lang, format) + '\n');
    process.stderr.write(errorText(e, lang, verbose) + '\n');
    process.exit(
      e instanceof UsageError
        ? EXIT.usage
        : e instanceof NothingLoaded
          ? EXIT.nothingLoaded
          : e instanceof DuplicatesFound
            ? EXIT.duplicates
            : EXIT.unreadable,
    );
  }
}
