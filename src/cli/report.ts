/**
 * Report CLI: npm run --silent report -- [FILE ...] [--as-of YYYY-MM-DD] [--baseline YYYY-MM-DD]
 *   [--format json|table|xlsx|pdf|docx] [--out FILE] [--by-unit] [--filter DIM=V1,V2 …]
 *   [--age MIN-MAX] [--sheet NAME] [--snapshot YYYY-MM-DD] [--lang zh|en] [--mask] [--verbose]
 *   [--accept-duplicates] [--compare YYYY-MM-DD] [--project 1,2,3,5] [--events FILE]
 *   [--engine wasm|native]
 * Prints the report for the reference date (default: the newest snapshot) as one JSON object,
 * over the cadres that pass the filters (the dashboard's global filters, same SQL); a file format
 * (xlsx: the standard statistical tables) is written to --out. Files are read as the page reads
 * them; `--sheet` picks a workbook's sheet, `--snapshot` dates rows whose file has no 统计时点
 * column, no 截至 date in a title and no date in its name (default: --as-of).
 * `--engine native` runs the same SQL on native DuckDB (multi-threaded; Parquet read by DuckDB
 * itself) instead of DuckDB-WASM. A folder stands for the Parquet files in it.
 * Exit codes: EXIT below.
 */
import { MASK, maskFileNamesIn, maskReport } from '../core/mask.ts';
import { writeJson } from '../core/json.ts';
import { execFileSync } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  applyFilters,
  setAgeReference,
  CATEGORY_DIMS,
  filterOptions,
  isEmpty,
  unfilteredSession,
  type CategoryDim,
  type Filters,
} from '../core/filters.ts';
import { DIM_NAMES } from '../core/tables/text.ts';
import { CROSS_DIMS, type CrossDim } from '../core/tables/crosstab.ts';
import { materializeCube } from '../core/cube.ts';
import { demoSnapshots, demoStamp } from '../core/demo/stamp.ts';
import { readParquet } from 'parquet-wasm';
import { xlsxToCsv } from '../core/xlsx.ts';
import {
  DuplicatesFound,
  loadCanonical,
  LoadError,
  NothingLoaded,
  type LoadReport,
} from '../core/load.ts';
import { fixed } from '../core/decimal.ts';
import {
  errorDetail,
  formatMessage,
  inLanguage,
  personIdLabel,
  ReadError,
  type Lang,
  type RejectedRow,
} from '../core/messages.ts';
import { openEngine, type Engine, type ReportEngine } from './engine.ts';
import {
  changeDigits,
  changeGap,
  computeReport,
  listSnapshots,
  newestSnapshot,
  oldestSnapshot,
  rejectedEntry,
  type Report,
} from '../core/report.ts';
import {
  DEFAULT_RULE_SET,
  parseRuleSet,
  ruleById,
  ruleLabel,
  rulesOfKind,
  RuleSetError,
  stableJson,
  type RuleSet,
} from '../core/policy/index.ts';
import { rulesText } from '../core/tables/context.ts';
import { OutputError } from './errors.ts';
import { warningLabel } from '../core/policy/teams.ts';
import { fill } from '../core/fill.ts';
import { vocabularyText } from '../core/vocabulary.ts';
import { writeRuleTables } from '../core/policy/tables.ts';
import type { DuckClient } from '../core/db.ts';
import type { QueryTexts } from '../core/queries.ts';
import { CRITERION_LABELS } from '../core/selection/text.ts';
import {
  calendarWindows,
  flowsReport,
  loadEvents,
  type EventsReport,
  type FlowsReport,
} from '../core/flows.ts';

const ROOT = new URL('../../', import.meta.url);
const root = fileURLToPath(ROOT);
export const DEMO_FILE = path.join(root, 'data/demo/cadres.parquet');
const DEMO_CANONICAL = path.join(root, 'data/demo/canonical.parquet');
const DEMO_REPORT = path.join(root, 'data/demo/load-report.json');
const DEMO_STAMP = path.join(root, 'data/demo/source.sha256');
const DEMO_EVENTS = path.join(root, 'data/demo/appointments.csv');

/** Exit codes (README: Report CLI). */
export const EXIT = {
  ok: 0,
  /** A file cannot be read (missing, damaged, not a roster format, no birth column …). */
  unreadable: 1,
  /** Bad arguments. (An output file that cannot be written exits 1, like a file that cannot be read.) */
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
  /** Print the usage and stop. */
  help?: boolean;
  /** Language of reasons, notes and errors (default zh). */
  lang?: Lang;
  /** Also print the technical detail of an error. */
  verbose?: boolean;
  /** Load even when more than a handful of rows would be rejected as duplicates. */
  acceptDuplicates?: boolean;
  asOf?: string;
  baseline?: string;
  /** A printed format (json, table) or a file format of FILE_FORMATS (written to `out`). */
  format: string;
  /** Where a file format is written (a printed format goes there instead of stdout). */
  out?: string;
  /** Hide names in what is written (names, dates reduced to years, posts as their level). */
  mask?: boolean;
  byUnit: boolean;
  filters?: Filters;
  sheet?: string;
  snapshot?: string;
  /** The earlier snapshot of the two-snapshot comparison (`changes`). */
  compare?: string;
  /** Years ahead of the projection (`projection`). */
  project?: number[];
  /** An appointment-events file (任免记录) for the promotion batches. */
  events?: string;
  /** DuckDB-WASM (the page's engine, the default) or native DuckDB. */
  engine?: Engine;
  /** The 二维统计 sheet of the workbook (--format xlsx): its row and column dimensions. */
  crosstab?: [CrossDim, CrossDim];
}

/** A wrong argument, said in both languages (the message is the Chinese). */
export class UsageError extends Error {
  constructor(
    zh: string,
    readonly en: string = zh,
  ) {
    super(zh);
  }
  text(lang: Lang): string {
    return lang === 'en' ? this.en : this.message;
  }
}

/** What --help prints. */
const USAGE: Record<Lang, string> = {
  zh: `用法：npm run --silent report -- [文件或文件夹 …] [选项]
不给文件时使用示例数据。支持 .xlsx .xls .csv .lrmx .parquet .arrow；文件夹代表其中的 Parquet 快照（否则 .lrmx，否则其他名册）。
  --as-of YYYY-MM-DD       统计时点（默认：最新快照）
  --baseline YYYY-MM-DD    变化类指标（J4、J5）的基期（默认：最早快照）
  --snapshot YYYY-MM-DD    给没有统计时点的文件指定日期（默认：--as-of）
  --sheet 名称             读取工作簿中的某个工作表
  --format json|table|xlsx|pdf|docx   输出格式（xlsx、pdf、docx 需要 --out）
  --out 文件（或 -o）       写入文件
  --by-unit                按单位（班子）列出每条比例规则
  --filter 维度=值1,值2    筛选（维度：${CATEGORY_DIMS.join('/')}；单位可写名称）
  --crosstab 行,列         xlsx 中加一张二维统计表（维度：${CROSS_DIMS.join('/')}）
  --age 最小-最大          年龄筛选，如 30-40
  --rules rules.json       使用页面导出的规则文件；--print-rules 打印当前规则
  --compare YYYY-MM-DD     与该时点比较（进出、提拔、交流）
  --project 1,2,3,5        预测若干年后的比例
  --events 文件            任免记录（提拔批次）
  --mask                   隐去姓名等个人信息
  --lang zh|en             语言
  --engine wasm|native     计算引擎（native：本机 DuckDB，适合全省多年历史）
  --accept-duplicates      重复人员较多时仍然载入（重复的行列为拒收）
  --verbose                出错时打印详细信息
退出码：0 成功，1 文件无法读取，2 参数错误，3 没有载入任何行，4 发现重复人员。
`,
  en: `Usage: npm run --silent report -- [FILE or FOLDER …] [options]
Without files the demo data is used. Reads .xlsx .xls .csv .lrmx .parquet .arrow; a folder stands for its Parquet snapshots (else its .lrmx forms, else its other rosters).
  --as-of YYYY-MM-DD       reference date (default: the newest snapshot)
  --baseline YYYY-MM-DD    baseline of the change rules (J4, J5) (default: the oldest snapshot)
  --snapshot YYYY-MM-DD    date for a file without a 统计时点 (default: --as-of)
  --sheet NAME             read one sheet of a workbook
  --format json|table|xlsx|pdf|docx   output format (xlsx, pdf and docx need --out)
  --out FILE (or -o)       write to a file
  --by-unit                every ratio rule per unit (team)
  --filter DIM=V1,V2       filter (DIM: ${CATEGORY_DIMS.join('/')}; a unit by id or name)
  --crosstab ROWS,COLS     add a cross-tab sheet to the xlsx (DIM: ${CROSS_DIMS.join('/')})
  --age MIN-MAX            age filter, e.g. 30-40
  --rules rules.json       the rules file the page downloads; --print-rules prints the rules in force
  --compare YYYY-MM-DD     compare with that date (in, out, promoted, moved)
  --project 1,2,3,5        project the ratios years ahead
  --events FILE            appointment events (promotion batches)
  --mask                   hide names and other personal data
  --lang zh|en             language
  --engine wasm|native     engine (native: DuckDB on this machine, for a province's history)
  --accept-duplicates      load even when many rows repeat a person (those rows are rejected)
  --verbose                print details of an error
Exit codes: 0 done, 1 a file cannot be read, 2 wrong arguments, 3 no row loaded, 4 duplicate people found.
`,
};

export function parseArgs(argv: string[]): Args {
  const args: Args = { files: [], format: 'json', byUnit: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} 需要一个值`, `${a} needs a value`);
      return v;
    };
    if (a === '--as-of') args.asOf = date(value(), a);
    else if (a === '--baseline') args.baseline = date(value(), a);
    else if (a === '--snapshot') args.snapshot = date(value(), a);
    else if (a === '--sheet') args.sheet = value();
    else if (a === '--compare') args.compare = date(value(), a);
    else if (a === '--events') args.events = value();
    else if (a === '--project') {
      const v = value();
      if (!/^\d{1,2}(,\d{1,2})*$/.test(v) || v.split(',').some((k) => +k < 1 || +k > 40))
        throw new UsageError(
          '--project 需要 1 到 40 之间的年数，用逗号分隔，如 1,2,3,5',
          '--project needs numbers of years from 1 to 40, separated by commas, e.g. 1,2,3,5',
        );
      args.project = [...new Set(v.split(',').map(Number))].sort((x, y) => x - y);
    } else if (a === '--rules') args.rules = value();
    else if (a === '--out' || a === '-o') args.out = value();
    else if (a === '--mask') args.mask = true;
    else if (a === '--print-rules') args.printRules = true;
    else if (a === '--lang') {
      const l = value();
      if (l !== 'zh' && l !== 'en')
        throw new UsageError(`--lang 只能是 zh 或 en：${l}`, `--lang is zh or en: ${l}`);
      args.lang = l;
    } else if (a === '--verbose') args.verbose = true;
    else if (a === '--accept-duplicates') args.acceptDuplicates = true;
    else if (a === '--format') {
      const f = value();
      const known = [...PRINTED_FORMATS, ...Object.keys(FILE_FORMATS), ...DOCUMENT_FORMATS];
      if (!known.includes(f))
        throw new UsageError(
          `--format 只能是 ${known.join('、')}：${f}`,
          `--format is one of ${known.join(', ')}: ${f}`,
        );
      args.format = f;
    } else if (a === '--engine') {
      const e = value();
      if (e !== 'wasm' && e !== 'native')
        throw new UsageError(
          `--engine 只能是 wasm 或 native：${e}`,
          `--engine is wasm or native: ${e}`,
        );
      args.engine = e;
    } else if (a === '--by-unit') args.byUnit = true;
    else if (a === '--filter') {
      const m = /^([a-z_]+)=(.+)$/.exec(value());
      if (!m || !CATEGORY_DIMS.includes(m[1] as CategoryDim))
        throw new UsageError(
          `--filter 需要 维度=值1,值2，维度为 ${CATEGORY_DIMS.join('/')}`,
          `--filter needs DIMENSION=VALUE1,VALUE2, the dimension one of ${CATEGORY_DIMS.join('/')}`,
        );
      const f = (args.filters ??= { values: {} });
      f.values[m[1] as CategoryDim] = m[2].split(',');
    } else if (a === '--age') {
      const m = /^(\d{1,3})-(\d{1,3})$/.exec(value());
      if (!m || +m[1] > +m[2])
        throw new UsageError('--age 需要 最小-最大，如 30-40', '--age needs MIN-MAX, e.g. 30-40');
      (args.filters ??= { values: {} }).age = { min: +m[1], max: +m[2] };
    } else if (a === '--crosstab') {
      const dims = value().split(',') as CrossDim[];
      if (dims.length !== 2 || dims[0] === dims[1] || !dims.every((d) => CROSS_DIMS.includes(d)))
        throw new UsageError(
          `--crosstab 需要 行,列 两个不同的维度，如 level,age_band（维度：${CROSS_DIMS.join('/')}）`,
          `--crosstab needs ROWS,COLS, two different dimensions, e.g. level,age_band (one of ${CROSS_DIMS.join('/')})`,
        );
      args.crosstab = [dims[0], dims[1]];
    } else if (a === '--help' || a === '-h') args.help = true;
    else if (a.startsWith('--')) throw new UsageError(`未知参数：${a}`, `unknown option: ${a}`);
    else args.files.push(a);
  }
  if (args.help) return args;
  if (args.crosstab && args.format !== 'xlsx')
    throw new UsageError('--crosstab 只用于 --format xlsx', '--crosstab is for --format xlsx only');
  if ((args.format in FILE_FORMATS || DOCUMENT_FORMATS.includes(args.format)) && !args.out)
    throw new UsageError(
      `--format ${args.format} 需要 --out 文件名`,
      `--format ${args.format} needs --out FILE`,
    );
  return args;
}

/** Formats printed as text (to stdout, or to --out). */
export const PRINTED_FORMATS = ['json', 'table'];
/** The briefing page as a document (written by headless Chromium, src/cli/briefing.ts). */
export const DOCUMENT_FORMATS = ['pdf', 'docx'];

/** Everything a file format's writer needs: the loaded data, filters applied, rules written. */
export interface ReportSession {
  db: DuckClient;
  sql: QueryTexts;
  args: Args;
  rules: RuleSet;
  load: LoadReport;
  asOf: string;
  lang: Lang;
  /** The data is the demo city (示例数据), not files the user gave. */
  isDemo: boolean;
  /** The appointment events read from --events: rows read, loaded and rejected. */
  events?: EventsReport;
  /** Filter values the data does not have, in words (checkedFilters). */
  filterNotes?: string[];
}

/**
 * Formats written to a file (--out): each makes the bytes of the file from a session. A new
 * format (pdf, docx) is one more entry.
 */
// A writer must not import this module: it is loaded while this one is still running.
export const FILE_FORMATS: Record<string, FileFormat> = {
  xlsx: {
    // The standard tables count the snapshot in force at the reference date, nothing else.
    session: { oneSnapshot: true },
    write: async (s) => {
      const { tablesWorkbook } = await import('./tables.ts');
      return tablesWorkbook(s);
    },
  },
};

export interface FileFormat {
  session: SessionOptions;
  write: (s: ReportSession) => Promise<Uint8Array>;
}

/**
 * What an output needs of the roster. oneSnapshot: it reads only the snapshot in force at the
 * reference date (no history, no cross-filter cube), so the demo's other snapshots are not read.
 */
export interface SessionOptions {
  oneSnapshot?: boolean;
  /** It serves one report at the dates of its arguments: the cube holds only what that reads. */
  oneReport?: boolean;
}

/** Fails before any work when the output file cannot be written: no folder, no permission. */
export function checkOutput(file: string, lang: Lang): void {
  const dir = path.dirname(path.resolve(file));
  const zh = lang === 'zh';
  const fail = (why: string) => {
    throw new OutputError(zh ? `无法写入输出文件 ${file}：${why}` : `Cannot write ${file}: ${why}`);
  };
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    fail(zh ? `目录 ${dir} 不存在` : `the folder ${dir} does not exist`);
  if (existsSync(file) && statSync(file).isDirectory())
    fail(zh ? '这是一个目录' : 'it is a folder');
  try {
    accessSync(existsSync(file) ? file : dir, constants.W_OK);
  } catch {
    fail(zh ? '没有写入权限' : 'permission denied');
  }
}

/** Writes the output file, or fails with a clear message (exit 1). */
export function writeOutput(file: string, bytes: Uint8Array | string, lang: Lang): void {
  writeOutputPieces(file, (write) => write(bytes), lang);
}

/** The same for a text written in pieces (a JSON report too long for one string). */
function writeOutputPieces(
  file: string,
  fill: (write: (piece: Uint8Array | string) => void) => void,
  lang: Lang,
): void {
  let fd: number | null = null;
  try {
    fd = openSync(file, 'w');
    const to = fd;
    fill((piece) => {
      if (typeof piece === 'string') writeSync(to, piece);
      else writeSync(to, piece);
    });
    closeSync(fd);
    fd = null;
  } catch (e) {
    if (fd !== null) closeSync(fd);
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const zh = lang === 'zh';
    const why =
      code === 'ENOSPC'
        ? zh
          ? '磁盘空间不足'
          : 'the disk is full'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? zh
            ? '没有写入权限'
            : 'permission denied'
          : zh
            ? `写入失败（${code || String(e)}）`
            : `the write failed (${code || String(e)})`;
    throw new OutputError(zh ? `无法写入输出文件 ${file}：${why}` : `Cannot write ${file}: ${why}`);
  }
}

function date(v: string, flag: string): string {
  const m = v.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3])
    throw new UsageError(
      `${flag} 需要 YYYY-MM-DD 格式的日期：${v}`,
      `${flag} needs a date as YYYY-MM-DD: ${v}`,
    );
  return v;
}

/** The rule set of --rules (checked; a bad file is a usage error naming the field), or the defaults. */
export function loadRules(file: string | undefined): RuleSet {
  if (!file) return DEFAULT_RULE_SET;
  if (!existsSync(file))
    throw new UsageError(`--rules：文件不存在：${file}`, `--rules: no such file: ${file}`);
  try {
    return parseRuleSet(readFileSync(file, 'utf8'));
  } catch (e) {
    if (e instanceof RuleSetError)
      throw new UsageError(`--rules：${e.text('zh')}`, `--rules: ${e.text('en')}`);
    throw e;
  }
}

/** A database holding the files of `args` (default: the demo), with the rules in force. */
export async function openRoster(args: Args, opts: SessionOptions = {}) {
  const rules = loadRules(args.rules);
  const isDemo = args.files.length === 0;
  if (isDemo) {
    // The demo as the page reads it: rows already normalised by the same loader, with their
    // load report, made again first when the code that makes them has changed.
    const stored = [DEMO_CANONICAL, DEMO_REPORT, DEMO_STAMP, DEMO_FILE];
    const fresh =
      stored.every((f) => existsSync(f)) && readFileSync(DEMO_STAMP, 'utf8') === demoStamp(ROOT);
    if (!fresh)
      execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'scripts/generate-demo.ts')],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
  }
  const engine = await openEngine(args.engine ?? 'wasm', args.files);
  const { db, sql } = engine;
  try {
    await writeRuleTables(db, rules);
    const sheet = args.sheet;
    const load = isDemo
      ? await loadCanonical(
          db,
          path.basename(DEMO_FILE),
          await demoRows(engine, opts.oneSnapshot ? (args.asOf ?? '9999-12-31') : null),
          JSON.parse(readFileSync(DEMO_REPORT, 'utf8')) as LoadReport,
        )
      : await engine.load({
          xlsxToCsv,
          defaultSnapshot: args.snapshot ?? args.asOf,
          acceptDuplicates: args.acceptDuplicates,
          sheets: sheet
            ? Object.fromEntries(args.files.map((f) => [path.basename(f), sheet]))
            : undefined,
        });
    const asOf = args.asOf ?? (await newestSnapshot(db, sql));
    if (!asOf) throw new NothingLoaded(args.files.join(', '), load);
    // Every output (JSON, tables, briefing) refuses a date before the data, before any work.
    if (!(await listSnapshots(db, sql)).some((x) => x.snapshot_date <= asOf))
      throw noDataBefore(asOf);
    return { db, sql, load, asOf, rules, isDemo, parquetToIPC: engine.parquetToIPC };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** A reference date before the first snapshot. */
const noDataBefore = (asOf: string) =>
  new UsageError(
    `统计时点 ${asOf} 之前没有数据（最早的快照晚于该日期）`,
    `no data on or before the reference date ${asOf} (the oldest snapshot is later)`,
  );

/**
 * The demo's normalised rows as Arrow IPC: all of them, or (asOf given) only the snapshot in
 * force at asOf — all of them when there is none, so that the usual message follows.
 */
async function demoRows(engine: ReportEngine, asOf: string | null): Promise<Uint8Array> {
  const bytes = new Uint8Array(readFileSync(DEMO_CANONICAL));
  const range =
    asOf === null
      ? undefined
      : demoSnapshots(ROOT)
          .filter((r) => r.date <= asOf)
          .at(-1);
  return range
    ? readParquet(bytes, {
        batchSize: 65536,
        offset: range.offset,
        limit: range.rows,
      }).intoIPCStream()
    : await engine.parquetToIPC(bytes);
}

/**
 * Reads the files (default: the demo data) into a fresh database with the rule set written and
 * the filters applied, runs `fn` on it, and closes it.
 */
export async function withSession<T>(
  args: Args,
  fn: (s: ReportSession) => Promise<T>,
  opts: SessionOptions = {},
): Promise<T> {
  const session = await openSession(args, opts);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

/** withSession's database, left open: the caller closes it. */
export async function openSession(
  args: Args,
  opts: SessionOptions = {},
): Promise<ReportSession & { close(): Promise<void> }> {
  const { db, sql, load, asOf, rules, isDemo, parquetToIPC } = await openRoster(args, opts);
  let events: EventsReport | undefined;
  const filterNotes: string[] = [];
  try {
    // The demo brings its own appointment events, as on the page.
    const eventsFile = args.events ?? (isDemo && existsSync(DEMO_EVENTS) ? DEMO_EVENTS : null);
    if (eventsFile) {
      const f = eventsFile;
      if (!existsSync(f)) throw new LoadError(f, 'file_missing');
      const files = [{ name: path.basename(f), bytes: new Uint8Array(readFileSync(f)) }];
      events = await loadEvents(db, files, { parquetToIPC, xlsxToCsv });
    }
    if (opts.oneReport)
      await materializeCube(db, {
        onlyAt: [asOf, args.baseline ?? (await oldestSnapshot(db, sql)) ?? asOf],
      });
    else if (!opts.oneSnapshot) await materializeCube(db);
    // --age is age at --as-of, as the report counts ages, also when --as-of is after the snapshot.
    if (args.filters?.age) await setAgeReference(db, asOf);
    if (args.filters)
      args.filters = await checkedFilters(db, asOf, args.filters, filterNotes, args.lang ?? 'zh');
    if (args.filters && !isEmpty(args.filters)) await applyFilters(db, args.filters);
    else await unfilteredSession(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  const lang = args.lang ?? 'zh';
  return {
    ...{ db, sql, args, rules, load, asOf, lang, isDemo, events, filterNotes },
    close: () => db.close(),
  };
}

/** How many of a dimension's values a note names. */
const VALUES_NAMED = 12;

/**
 * The filters with each unit given by its name replaced by its id, and a note (into `notes`) for
 * every value the data at R does not have: such a filter selects nobody, which should not pass
 * for "no cadres".
 */
async function checkedFilters(
  db: DuckClient,
  asOf: string,
  f: Filters,
  notes: string[],
  lang: Lang,
): Promise<Filters> {
  const options = await filterOptions(db, asOf);
  const values: Filters['values'] = {};
  for (const d of CATEGORY_DIMS) {
    const asked = f.values[d];
    if (!asked) continue;
    const known = options[d];
    const missing: string[] = [];
    values[d] = asked.flatMap((v) => {
      if (known.some((o) => o.value === v)) return [v];
      const named = d === 'unit' ? known.filter((o) => o.label === v) : [];
      if (named.length) return named.map((o) => o.value);
      missing.push(v);
      return [v];
    });
    if (missing.length) {
      const some = known.slice(0, VALUES_NAMED).map((o) => (d === 'unit' ? o.label : o.value));
      const more = known.length > VALUES_NAMED;
      // The filter selects nobody only when none of its values is in the data.
      const nobody = missing.length === asked.length;
      notes.push(
        lang === 'zh'
          ? `提示：筛选 ${d}=${asked.join(',')}：统计时点的数据中没有${missing.map((v) => `“${v}”`).join('、')}（${DIM_NAMES[d].zh}的取值有 ${some.join('、')}${more ? ' 等' : ''}），${nobody ? '按此筛选没有人' : '只按其余取值筛选'}`
          : `Note: filter ${d}=${asked.join(',')}: the data at the reference date has no ${missing.map((v) => `“${v}”`).join(', ')} (${DIM_NAMES[d].en} values include ${some.join(', ')}${more ? ' …' : ''}); ${nobody ? 'this filter selects nobody' : 'only the other values are used'}`,
      );
    }
  }
  return { ...f, values };
}

/** listsAsText: for writeJson only (the eligibility lists are text that nothing else reads). */
export async function runReport(
  args: Args,
  { listsAsText = false } = {},
): Promise<Report & FlowsReport> {
  return withSession(args, (s) => sessionReport(s, args, { listsAsText }), { oneReport: true });
}

/**
 * The JSON report of an open session for these arguments: its date (default: the session's), its
 * baseline, comparison and projection. The session's filters must be `args.filters`.
 */
export async function sessionReport(
  { db, sql, load, asOf: newest, rules, lang, events, filterNotes }: ReportSession,
  args: Args,
  { listsAsText = false } = {},
): Promise<Report & FlowsReport> {
  const asOf = args.asOf ?? newest;
  // A baseline or comparison date with no snapshot in force would compare with nothing: say so.
  const first = await oldestSnapshot(db, sql);
  if (args.baseline) {
    if (args.baseline > asOf)
      throw new UsageError(
        `--baseline ${args.baseline} 不能晚于统计时点 ${asOf}`,
        `--baseline ${args.baseline} may not be after the reference date ${asOf}`,
      );
    if (first && args.baseline < first)
      throw new UsageError(
        `--baseline ${args.baseline} 早于最早的快照 ${first}，该日没有数据可作基期（省略 --baseline 即以最早的快照为基期）`,
        `--baseline ${args.baseline} is before the oldest snapshot ${first}: there is no data to compare with (without --baseline the oldest snapshot is the baseline)`,
      );
  }
  if (args.compare) {
    if (args.compare > asOf)
      throw new UsageError(
        `--compare ${args.compare} 不能晚于统计时点 ${asOf}`,
        `--compare ${args.compare} may not be after the reference date ${asOf}`,
      );
    if (first && args.compare < first)
      throw new UsageError(
        `--compare ${args.compare} 早于最早的快照 ${first}，该日没有数据可比较`,
        `--compare ${args.compare} is before the oldest snapshot ${first}: there is no data to compare with`,
      );
  }
  const report = await computeReport(db, sql, {
    asOf,
    baseline: args.baseline,
    load,
    byUnit: args.byUnit,
    rules,
    // A masked report masks the people of each list, as objects.
    listsAsText: listsAsText && !args.mask,
    lang,
  });
  if (args.filters) report.filters = args.filters;
  if (filterNotes?.length) report.filterNotes = filterNotes;
  report.rejected = report.rejected.map((r) => inLanguage(r, lang));
  report.warnings = report.warnings.map((w) => inLanguage(w, lang));
  const out: Report & FlowsReport = {
    ...report,
    ...(await flowsReport(db, sql, { asOf, compare: args.compare, project: args.project })),
  };
  if (events)
    out.events = {
      sources: events.sources,
      rows: events.rows,
      promotions: events.promotions,
      rejected: events.rejected.map((r) => inLanguage(rejectedEntry(r), lang)),
    };
  return args.mask ? maskReport(out, lang) : out;
}

/** The filters in words: 性别=女；职务层次=乡科级正职/乡科级副职；年龄=30–40. */
const filtersText = (f: Filters, lang: Lang) =>
  [
    ...CATEGORY_DIMS.filter((d) => f.values[d]?.length).map(
      (d) => `${DIM_NAMES[d][lang]}=${f.values[d]!.map((v) => vocabularyText(lang, v)).join('/')}`,
    ),
    ...(f.age ? [`${DIM_NAMES.age[lang]}=${f.age.min}–${f.age.max}`] : []),
  ].join(lang === 'zh' ? '；' : '; ');

/** How many teams a warning's line names (all are in the JSON). */
const TEAMS_NAMED = 10;

/** How many rejected rows the table names (all are in the JSON). */
const REJECTED_SHOWN = 20;

const pct = (v: number | null) => (v === null ? '—' : fixed(v * 100, 1) + '%');

/** The words of `--format table`, in the language of --lang ({n|one|many}: English plurals). */
const TABLE_WORDS = {
  zh: {
    header: '统计时点 {asOf}（快照 {snapshot}）  来源 {sources}',
    laterDate:
      '年龄按 {asOf} 计算，人员按 {snapshot} 的名册：到该日已到龄的 {due} 人仍计入各项比例；逐年推算（到龄者离开）请用 --as-of {snapshot} --project 年数',
    rows: '读取 {read} 行，载入 {loaded}，拒收 {rejected}，警告 {warnings}',
    rejected: '  拒收 {file}第 {row} 行{name}：{reason}',
    rejectedMore: '  …另有 {n} 行被拒收，见 JSON 输出的 {key}',
    skipped: '  跳过 {file}第 {row} 行：{reason}（不是人员行）',
    skippedMore: '  …另有 {n} 行被跳过，见 JSON 输出的 skippedRows',
    quality:
      'Q1 数据质量（快照 {snapshot}）：{records} 条记录中 {flagged} 条有数据质量提示或被拒收（{share}，目标为 0），其中拒收 {rejected} 条',
    filters: '筛选 {filters}',
    headcount: '总人数 {n}  平均年龄 {mean}  年龄中位数 {median}',
    part: '{key} {n}（{share}）',
    band: '年龄段',
    cohort: '出生年代',
    cohortFrom: '出生年代（含以后，政策口径）',
    gender: '性别',
    ethnicity: '民族',
    party: '政治面貌',
    education: '最高学历',
    educationFulltime: '全日制学历',
    level: '职务层次',
    reserve: '后备干部',
    columns: '指标\t名称\t分子/分母\t比例\t目标\t达标\t还差\t单位未达标',
    nowIs: '现为 {value}（需两个统计时点比较）',
    nowIsNoBaseline: '现为 {value}（基期 {date} 的名册没有全日制学历，无法比较）',
    nowIsNoBaselineMembers: '现为 {value}（基期 {date} 没有该规则的人员，无法比较）',
    noCurrentData: '本期名册没有全日制学历，无法比较',
    years: '{v} 岁',
    points: '{v} 个百分点',
    met: '✓ 达标',
    notMet: '✗ 未达标',
    byUnit: '按县市区和单位（班子）',
    byUnitColumns: '指标\t县市区\t单位\t分子/分母\t比例\t达标\t还差',
    teams: '班子结构（模板 / 班子 / 得分 / 结论 / 缺配项 / 预警）',
    template: '{id} {label}：{n} 个班子，达标 {met}，基本达标 {basic}，不达标 {failed}',
    veto: '✗ 一票否决 ',
    itemShort: '{label} 缺{n}',
    warned: '  预警 {label}：{n} 个班子（{names}{more}）',
    more: ' 等',
    candidateTeams:
      '{id} 目标岗位：{n} 个班子共 {posts} 个（缺配 {short}，{months} 个月内到龄 {retiring}）；人选不足 {min} 人的班子 {open} 个',
    candidateTeam: '目标岗位 {posts}（缺配 {short}，到龄 {retiring}），人选 {n} 人',
    retirements:
      '到龄退休：已到龄 {due}，12 个月内 {within12}，36 个月内 {within36}，60 个月内 {within60}',
    retirementsUnknown: '；缺性别、无法确定在哪一期限到龄的 {n} 人未计入其期限',
    retirementBoard:
      '到龄提醒：本月（{month}）{thisMonth}，下月（{next}）{nextMonth}，{year} 年全年 {thisYear}',
    probationBoard:
      '试用期满提醒（自任现职务层次时间起 {months} 个月）：本月（{month}）{thisMonth}，下月（{next}）{nextMonth}，{year} 年全年 {thisYear}',
    probationUnknown: '；缺任现职务层次时间、无法计算的 {n} 人未计入',
    changes:
      '{from} → {to}：新进 {entered}，退出 {left}（其中到龄退休 {retired}），提拔 {promoted}，交流 {moved}，新增后备 {reserveOn}，不再为后备 {reserveOff}',
    projection: '预测 {years} 年后（{date}），人员不变、到龄者退出：',
    shortBy: '✗ 还差 {n} 人',
    vacated: '到龄退出 {n} 人',
    events:
      '任免记录 {sources}：读取 {read} 行，载入 {loaded}，拒收 {rejected}，其中提拔 {promotions}',
    batches: '提拔批次（年轻干部占比）',
    unknownAge: '年龄不详 {n} 人（未计为年轻干部）',
    cohorts:
      '挂职批次（人数；党员；处级后备；副处以上；大学本科以上；硕士；博士；{born}年及以后出生；最年轻出生年份；派出时平均年龄；{years}年内提拔 / 进入重要岗位；任期内考核优秀）',
    term: '{start}至{end}',
    people: '{n}人',
    meanAge: '{v}岁',
    outcome: '提拔 {promoted}，重要岗位 {keyPost}（{share}，观察至 {to}）',
    excellent: '优秀 {years}（比例上限 {quota}，逐年计）',
    excellentYear: '{year}年 {n}/{of}（{share}{over}）',
    yearSep: '；',
    over: '，超出',
    noReviews: '无考核记录',
    secondees: '正在挂职 {n} 人，3 个月内期满 {ending} 人',
    secondeeKinds: '（{kinds}）',
    secondeeKind: '{kind} {n}',
    secondeeEnding: '，期满 {n}',
    sources: '干部来源：{list}；其中来自村(社区)、企事业单位等基层一线 {n} 人',
    noSource: '未填写',
    entered:
      '近 {years} 年新进（{after} 之后各期快照中首次出现，最早一期快照除外，{span}）{n} 人，其中来自基层 {g} 人（其中进入县直机关和乡镇 {c} 人）；逐年 {list}',
    leading: '首次任领导职务 {n} 人，其中来自基层 {g} 人；逐年 {list}',
    reserveSources: '后备干部中来自基层：{list}',
    principals: '县直部门正职 {n} 人，其中有两年以上基层工作经历 {g} 人（{share}）',
    yearCount: '{year}年 {n}',
    eligibility:
      '{id} {label}：{population} 人，符合条件 {eligible}，待核实 {unknown}，差一项 {near}，12个月内符合 {will}{source}',
    tenureNone: '；名册中没有累计年限列和任现职时间，任书记年限人人待核实',
    tenureFrom: '；任书记年限取自{source}',
    tenure_column: '名册中的累计年限列',
    tenure_snapshots: '各期名册中的任职记录',
    tenure_post_since: '任现职时间',
    missingColumn: '  名册缺少“{column}”列（可用列名：{headers}）',
    eligible: '符合条件',
    unknown: '待核实',
    near: '差一项',
    priority: '（优先）',
    willQualify: '（12个月内符合）',
    age: '{n}岁',
    missing: '待核实：{list}',
    status_达标: '达标',
    status_基本达标: '基本达标',
    status_不达标: '不达标',
  },
  en: {
    header: 'As of {asOf} (snapshot {snapshot})  Sources {sources}',
    laterDate:
      'Ages at {asOf}, the people those of {snapshot}: the {due} {due|person|people} who {due|reaches|reach} retirement age by then {due|is|are} still counted in every ratio; for a forecast year by year (they leave) use --as-of {snapshot} --project YEARS',
    rows: '{read} rows read, {loaded} loaded, {rejected} rejected, {warnings} {warnings|warning|warnings}',
    rejected: '  Rejected {file}row {row}{name}: {reason}',
    rejectedMore: '  …{n} more {n|row|rows} rejected: see "{key}" in the JSON output',
    skipped: '  Skipped {file}row {row}, no person: {reason}',
    skippedMore: '  …{n} more {n|row|rows} skipped: see "skippedRows" in the JSON output',
    quality:
      'Q1 data quality (snapshot {snapshot}): {flagged} of {records} {records|record|records} have a data-quality note or were rejected ({share}; target 0), {rejected} of them rejected',
    filters: 'Filters {filters}',
    headcount: 'Headcount {n}  Mean age {mean}  Median age {median}',
    part: '{key} {n} ({share})',
    band: 'Age band',
    cohort: 'Birth cohort',
    cohortFrom: 'Born in or after (policy cohorts)',
    gender: 'Gender',
    ethnicity: 'Ethnicity',
    party: 'Political status',
    education: 'Highest education',
    educationFulltime: 'Full-time education',
    level: 'Level',
    reserve: 'Reserves',
    columns: 'Metric\tName\tNum/den\tValue\tTarget\tMet\tShort by\tUnits short',
    nowIs: 'now {value} (a change needs two reference dates)',
    nowIsNoBaseline:
      'now {value} (the baseline roster of {date} has no full-time education: nothing to compare)',
    nowIsNoBaselineMembers:
      'now {value} (the baseline roster of {date} has none of its people: nothing to compare)',
    noCurrentData: 'the roster has no full-time education: nothing to compare',
    years: '{v} years',
    points: '{v} points',
    met: '✓ met',
    notMet: '✗ not met',
    byUnit: 'By county/district and unit (team)',
    byUnitColumns: 'Metric\tCounty/district\tUnit\tNum/den\tValue\tMet\tShort by',
    teams: 'Team structure (template / team / score / status / items short / warnings)',
    template: '{id} {label}: {n} {n|team|teams}, {met} met, {basic} partly met, {failed} not met',
    veto: '✗ veto ',
    itemShort: '{label} short {n}',
    warned: '  Warning {label}: {n} {n|team|teams} ({names}{more})',
    more: ' …',
    candidateTeams:
      '{id} target posts: {posts} in {n} {n|team|teams} ({short} short, {retiring} retiring within {months} months); {open} with fewer than {min} candidates',
    candidateTeam:
      '{posts} target {posts|post|posts} ({short} short, {retiring} retiring), {n} {n|candidate|candidates}',
    retirements:
      'Reaching retirement: due {due}, within 12 months {within12}, 36 months {within36}, 60 months {within60}',
    retirementsUnknown:
      '; {n} {n|person|people} without gender whose window cannot be told, not counted in it',
    retirementBoard:
      'Reaching retirement this month ({month}): {thisMonth}; next month ({next}): {nextMonth}; in {year}: {thisYear}',
    probationBoard:
      'Probation ending ({months} months from the promotion to the level): this month ({month}) {thisMonth}; next month ({next}) {nextMonth}; in {year}: {thisYear}',
    probationUnknown: '; {n} with no date of reaching the level are not counted',
    changes:
      '{from} → {to}: {entered} entered, {left} left ({retired} retired), {promoted} promoted, {moved} moved, {reserveOn} new reserves, {reserveOff} no longer reserves',
    projection:
      'Projection {years} {years|year|years} ahead ({date}), same people, retirees leave:',
    shortBy: '✗ short by {n}',
    vacated: '{n} {n|retires|retire}',
    events:
      'Appointment events {sources}: {read} rows read, {loaded} loaded, {rejected} rejected, {promotions} {promotions|promotion|promotions}',
    batches: 'Promotion batches (young share)',
    unknownAge: '{n} of unknown age (not counted young)',
    cohorts:
      'Secondment cohorts (people; CPC; 处级 reserves; 副处 and above; university+; master’s; PhD; born {born} or later; youngest birth year; mean age at start; promoted / key post within {years} years; 优秀 reviews in the term)',
    term: '{start} to {end}',
    people: '{n} {n|person|people}',
    meanAge: '{v} years',
    outcome: 'promoted {promoted}, key post {keyPost} ({share}, observed to {to})',
    excellent: 'excellent {years} (quota {quota}, each year)',
    excellentYear: '{year} {n}/{of} ({share}{over})',
    yearSep: '; ',
    over: ', over',
    noReviews: 'no reviews on record',
    secondees: 'Seconded now {n}, term ending within 3 months {ending}',
    secondeeKinds: ' ({kinds})',
    secondeeKind: '{kind} {n}',
    secondeeEnding: ', ending {n}',
    sources:
      'Sources of cadres: {list}; from villages, communities and enterprises (grassroots) {n}',
    noSource: 'not given',
    entered:
      'Entered in the last {years} years (first seen in a snapshot after {after}, not the first snapshot, {span}) {n}, from the grassroots {g} (of them into county organs and townships {c}); by year {list}',
    leading: 'First leading post {n}, from the grassroots {g}; by year {list}',
    reserveSources: 'Reserves from the grassroots: {list}',
    principals:
      'County department principals {n}, with two or more years at the grassroots {g} ({share})',
    yearCount: '{year} {n}',
    eligibility:
      '{id} {label}: {population} {population|person|people}, eligible {eligible}, to be confirmed {unknown}, near miss {near}, eligible within 12 months {will}{source}',
    tenureNone:
      '; the roster has no cumulative-years column and no 任现职时间: years as secretary are unknown for everyone',
    tenureFrom: '; years as secretary from {source}',
    tenure_column: 'the roster’s cumulative-years column',
    tenure_snapshots: 'the posts in each month’s roster',
    tenure_post_since: '任现职时间 (in post since)',
    missingColumn: '  The roster has no “{column}” column (accepted headers: {headers})',
    eligible: 'eligible',
    unknown: 'to be confirmed',
    near: 'near miss',
    priority: ' (priority)',
    willQualify: ' (eligible within 12 months)',
    age: '{n}',
    missing: 'to be confirmed: {list}',
    status_达标: 'met',
    status_基本达标: 'partly met',
    status_不达标: 'not met',
  },
} satisfies Record<Lang, Record<string, string>>;

type TableWord = keyof (typeof TABLE_WORDS)['zh'];

/** The first rows skipped as no person, each with its file, row and what it is. */
const skippedLines = (rows: NonNullable<Report['skippedRows']>, lang: Lang) => [
  ...rows.slice(0, REJECTED_SHOWN).map((x) =>
    fill(TABLE_WORDS[lang].skipped, {
      file: `${x.file} `,
      row: x.row,
      reason: x.reason,
    }),
  ),
  ...(rows.length > REJECTED_SHOWN
    ? [fill(TABLE_WORDS[lang].skippedMore, { n: rows.length - REJECTED_SHOWN })]
    : []),
];

/** The first rejected rows, each with its file, row and reason; the JSON key that lists all. */
const rejectedLines = (rows: RejectedRow[], key: string, lang: Lang) => [
  ...rows.slice(0, REJECTED_SHOWN).map((x) =>
    fill(TABLE_WORDS[lang].rejected, {
      file: x.file ? `${x.file} ` : '',
      row: x.row,
      name: x.name ? ` ${x.name}` : '',
      reason: x.reason,
    }),
  ),
  ...(rows.length > REJECTED_SHOWN
    ? [fill(TABLE_WORDS[lang].rejectedMore, { n: rows.length - REJECTED_SHOWN, key })]
    : []),
];

/** The files whose rows were rejected for want of a 统计时点 (in no month). */
export const undatedFiles = (rejected: { file: string; code: string }[]): string[] => [
  ...new Set(rejected.filter((x) => x.code === 'snapshot_missing').map((x) => x.file)),
];

/** What the report and trend CLIs say of files without a 统计时点. */
export function undatedHint(files: string[], lang: Lang): string {
  return lang === 'zh'
    ? `提示：${files.map((f) => `“${f}”`).join('、')}没有统计时点，其中的行未载入；请用 --snapshot YYYY-MM-DD 给出（用于所有未注明统计时点的文件）`
    : `Hint: ${files.join(', ')} ${files.length > 1 ? 'have' : 'has'} no reference date and ${files.length > 1 ? 'their' : 'its'} rows were not loaded; give one with --snapshot YYYY-MM-DD (used for every file without one)`;
}

/** The report as lines of text in `lang` (the data's own words, units and names, as they are). */
export function formatTable(
  r: Report & Partial<FlowsReport>,
  rules: RuleSet = DEFAULT_RULE_SET,
  lang: Lang = 'zh',
): string {
  const w = (key: TableWord, vars: Record<string, string | number> = {}) =>
    fill(TABLE_WORDS[lang][key], vars);
  // The data's categories in English; in Chinese as the JSON has them.
  const v = (value: string) => (lang === 'zh' ? value : vocabularyText(lang, value));
  // A cohort "and later" (80后 counts 1980 and after): its first year.
  const from = (value: string) =>
    lang === 'zh'
      ? value
      : value.replace(/^(\d)(\d)后$/, (_, a, b) => `${a === '0' ? 20 : 19}${a}${b}+`);
  const sep = lang === 'zh' ? '、' : ', ';
  const perUnit = new Set(
    rulesOfKind(rules, 'ratio')
      .filter((x) => x.perUnit)
      .map((x) => x.id),
  );
  const lines = [
    w('header', { asOf: r.asOf, snapshot: r.snapshotDate ?? '—', sources: r.sources.join(', ') }),
    // A later date ages the snapshot's people without letting anyone retire (--project does).
    ...(r.snapshotDate && r.asOf > r.snapshotDate && (r.retirements?.due ?? 0) > 0
      ? [w('laterDate', { asOf: r.asOf, snapshot: r.snapshotDate, due: r.retirements!.due })]
      : []),
    w('rows', {
      read: r.rows.read,
      loaded: r.rows.loaded,
      rejected: r.rows.rejected,
      warnings: r.warnings.length,
    }),
    // Who was not loaded, and why (the JSON lists every one).
    ...rejectedLines(r.rejected, 'rejected', lang),
    ...skippedLines(r.skippedRows ?? [], lang),
    ...(r.quality
      ? [
          w('quality', {
            snapshot: r.quality.snapshotDate ?? '—',
            records: r.quality.records,
            flagged: r.quality.flagged,
            share: pct(r.quality.value),
            rejected: r.quality.rejected,
          }),
        ]
      : []),
    ...(r.filters ? [w('filters', { filters: filtersText(r.filters, lang) })] : []),
    rulesText(lang, rules),
    w('headcount', {
      n: r.headcount,
      mean: r.age.mean === null || r.age.mean === undefined ? '—' : fixed(r.age.mean, 1),
      median: r.age.median ?? '—',
    }),
    // The structure the page's charts show: each part with its count and share of the headcount.
    ...(
      [
        ['band', r.age.bands, v],
        ['cohort', r.cohorts, v],
        ['cohortFrom', r.cohortsFrom ?? {}, from],
        ['gender', r.breakdowns.gender, v],
        ['ethnicity', r.breakdowns.ethnicity, v],
        ['party', r.breakdowns.party, v],
        ['education', r.breakdowns.education, v],
        ['educationFulltime', r.breakdowns.educationFulltime, v],
        ['level', r.breakdowns.level, v],
        ['reserve', r.breakdowns.reserve, v],
      ] as const
    )
      .filter(([, parts]) => Object.keys(parts).length > 0)
      .map(
        ([label, parts, key]) =>
          `${w(label)}  ${Object.entries(parts)
            .map(([k, n]) =>
              w('part', { key: key(k), n, share: pct(r.headcount ? n / r.headcount : null) }),
            )
            .join('  ')}`,
      ),
    '',
    w('columns'),
  ];
  for (const m of r.metrics) {
    const isChange = m.kind === 'change';
    const ageOrPoints = (x: number) =>
      m.measure === 'mean_age'
        ? w('years', { v: fixed(x, 2) })
        : w('points', { v: fixed(x * 100, changeDigits(m)) });
    const gap = changeGap(m, r.snapshotDate);
    const value = isChange
      ? m.value === null || m.value === undefined
        ? m.current === null || m.current === undefined
          ? gap === 'no_current'
            ? w('noCurrentData')
            : '—'
          : // One snapshot (or a baseline with nothing to measure): what it is now, and why no change.
            w(
              gap === 'no_baseline'
                ? 'nowIsNoBaseline'
                : gap === 'none_baseline'
                  ? 'nowIsNoBaselineMembers'
                  : 'nowIs',
              {
                value:
                  m.measure === 'mean_age'
                    ? w('years', { v: fixed(m.current, 2) })
                    : pct(m.current),
                date: m.baselineDate ?? '',
              },
            )
        : ageOrPoints(m.value)
      : pct(m.value);
    const target =
      m.target === null
        ? '—'
        : isChange
          ? `${m.comparator} ${m.measure === 'mean_age' ? w('years', { v: m.target }) : w('points', { v: fixed(m.target * 100, 1) })}`
          : `${m.comparator} ${pct(m.target)}`;
    lines.push(
      [
        m.id,
        lang === 'zh' ? m.label : (ruleLabel(rules, m.id, lang) ?? m.label),
        m.numerator === null ? '—' : `${m.numerator}/${m.denominator}`,
        value,
        target,
        m.met === null ? '—' : m.met ? w('met') : w('notMet'),
        m.gap ?? '—',
        // Only a rule judged team by team (per unit) has units short; J1 is counted by county.
        perUnit.has(m.id) && m.unitsEvaluated ? `${m.unitsFailing ?? 0}/${m.unitsEvaluated}` : '—',
      ].join('\t'),
    );
  }
  // --by-unit: each rule by county/district, then unit by unit.
  if (r.byUnit?.length) {
    lines.push('', w('byUnit'), w('byUnitColumns'));
    for (const u of r.byUnit)
      lines.push(
        [
          u.id,
          u.region ?? '—',
          u.scope === 'unit' ? (u.unitName ?? u.unitId ?? '—') : '—',
          `${u.numerator}/${u.denominator}`,
          pct(u.value),
          u.met === null ? '—' : u.met ? w('met') : w('notMet'),
          u.gap ?? '—',
        ].join('\t'),
      );
  }
  if (r.teams?.length) {
    lines.push('', w('teams'));
    for (const text of new Set((r.teamItemsNotScored ?? []).map((x) => x.text))) lines.push(text);
    const templates = [...new Set(r.teams.map((t) => t.template))];
    const status = (s: string) => w(`status_${s}` as TableWord);
    for (const tp of templates) {
      const of = r.teams.filter((t) => t.template === tp);
      const n = (s: string) => of.filter((t) => t.status === s).length;
      lines.push(
        w('template', {
          id: tp,
          label: ruleById(rules, tp)?.label[lang] ?? '',
          n: of.length,
          met: n('达标'),
          basic: n('基本达标'),
          failed: n('不达标'),
        }),
      );
      for (const t of [...of].sort((a, b) => a.score - b.score).filter((t) => t.status !== '达标'))
        lines.push(
          [
            '',
            t.unit ?? t.unit_id,
            fixed(t.score, 1),
            (t.vetoed ? w('veto') : t.status === '不达标' ? '✗ ' : '△ ') + status(t.status),
            t.items
              .filter((i) => i.short > 0)
              .map((i) =>
                w('itemShort', { label: itemLabel(rules, t.template, i.id, lang), n: i.short }),
              )
              .join(sep) || '—',
            t.warnings.join(lang === 'zh' ? '；' : '; ') || '—',
          ].join('\t'),
        );
      // Every warning with its teams, 达标 ones too (a team can meet its template and still
      // lose its principal next month).
      for (const x of rules.warnings.filter((x) => x.enabled)) {
        const label = warningLabel(x, lang);
        const said = (s: string) =>
          s === label || s.startsWith(label + (lang === 'zh' ? '（' : ' ('));
        const warned = of.filter((t) => t.warnings.some(said));
        if (!warned.length) continue;
        const names = warned.slice(0, TEAMS_NAMED).map((t) => t.unit ?? t.unit_id);
        lines.push(
          w('warned', {
            label,
            n: warned.length,
            names: names.join(sep),
            more: warned.length > TEAMS_NAMED ? w('more') : '',
          }),
        );
      }
    }
  }
  for (const rule of rulesOfKind(rules, 'candidates')) {
    const of = (r.candidateTeams ?? []).filter((t) => t.rule === rule.id);
    if (!of.length) continue;
    const sum = (f: (t: (typeof of)[number]) => number) => of.reduce((a, t) => a + f(t), 0);
    const open = of.filter((t) => !t.covered);
    lines.push(
      '',
      w('candidateTeams', {
        id: rule.id,
        n: of.length,
        posts: sum((t) => t.targetPosts),
        short: sum((t) => t.short),
        retiring: sum((t) => t.retiring),
        months: rule.retiringMonths,
        min: rule.minCandidates,
        open: open.length,
      }),
    );
    for (const t of open)
      lines.push(
        [
          '',
          t.metric,
          t.region ?? '—',
          t.unit ?? t.unit_id,
          w('candidateTeam', {
            posts: t.targetPosts,
            short: t.short,
            retiring: t.retiring,
            n: t.candidates,
          }),
        ].join('\t'),
      );
  }
  if (r.retirements) {
    const x = r.retirements;
    lines.push(
      '',
      w('retirements', { ...x }) + (x.unknown ? w('retirementsUnknown', { n: x.unknown }) : ''),
      w('retirementBoard', { ...x, ...calendarWindows(r.asOf) }),
    );
  }
  if (r.probation?.months)
    lines.push(
      w('probationBoard', { ...r.probation, ...calendarWindows(r.asOf) }) +
        (r.probation.unknown ? w('probationUnknown', { n: r.probation.unknown }) : ''),
    );
  if (r.changes) lines.push(w('changes', { ...r.changes }));
  for (const p of r.projection ?? []) {
    lines.push('', w('projection', { years: p.years, date: p.date }));
    for (const m of p.metrics)
      lines.push(
        [
          '',
          m.id,
          `${m.numerator}/${m.denominator}`,
          pct(m.value),
          m.met === null ? '—' : m.met ? w('met') : w('shortBy', { n: m.gap ?? '—' }),
          w('vacated', { n: m.vacated }),
        ].join('\t'),
      );
  }
  if (r.events) {
    const e = r.events;
    lines.push(
      '',
      w('events', { sources: e.sources.join(', '), ...e.rows, promotions: e.promotions }),
      ...rejectedLines(e.rejected, 'events.rejected', lang),
    );
  }
  if (r.batches?.length) {
    lines.push('', w('batches'));
    for (const b of r.batches)
      lines.push(
        [
          '',
          b.batch,
          b.date,
          `${b.young}/${b.promoted}`,
          pct(b.value),
          b.met ? w('met') : w('shortBy', { n: b.gap }),
          // Without a birth date a promotion is not counted young: say how many.
          ...(b.unknownAge ? [w('unknownAge', { n: b.unknownAge })] : []),
        ].join('\t'),
      );
  }
  if (r.secondments?.length) {
    const years = r.secondments[0].outcomeYears;
    const born = r.secondments[0].bornFrom;
    lines.push('', w('cohorts', { born, years }));
    for (const c of r.secondments)
      lines.push(
        [
          '',
          c.cohort,
          w('term', { start: c.start ?? '—', end: c.end ?? '—' }),
          w('people', { n: c.n }),
          c.party,
          c.reserve,
          c.seniorPlus,
          c.universityPlus,
          c.masters,
          c.phd,
          c.bornFromCount,
          c.youngestBirthYear ?? '—',
          c.meanAge === null ? '—' : w('meanAge', { v: fixed(c.meanAge, 1) }),
          w('outcome', {
            promoted: c.promoted,
            keyPost: c.keyPost,
            share: pct(c.outcomeShare),
            to: c.observedTo ?? '—',
          }),
          c.reviews
            ? w('excellent', {
                years: c.reviewYears
                  .map((y) =>
                    w('excellentYear', {
                      year: y.year,
                      n: y.excellent,
                      of: y.reviews,
                      share: pct(y.share),
                      over: y.withinQuota ? '' : w('over'),
                    }),
                  )
                  .join(w('yearSep')),
                quota: pct(c.excellentQuota),
              })
            : w('noReviews'),
        ].join('\t'),
      );
  }
  if (r.secondees && r.secondees.now) {
    const x = r.secondees;
    const kinds = x.byKind.map(
      (k) =>
        w('secondeeKind', { kind: v(k.kind), n: k.n }) +
        (k.endingSoon ? w('secondeeEnding', { n: k.endingSoon }) : ''),
    );
    lines.push(
      w('secondees', { n: x.now, ending: x.endingSoon }) +
        (kinds.length
          ? w('secondeeKinds', { kinds: kinds.join(lang === 'zh' ? '；' : '; ') })
          : ''),
    );
  }
  const sources = (r.sourcing?.rows ?? []).filter((x) => x.section === 'source' && !x.key2);
  if (sources.length)
    lines.push(
      '',
      w('sources', {
        list: sources
          .map((x) => `${x.key === '(none)' ? w('noSource') : v(x.key)} ${x.n}`)
          .join(lang === 'zh' ? '，' : ', '),
        n: sources.reduce((a, x) => a + x.grassroots, 0),
      }),
    );
  const rowsOf = (section: string) => (r.sourcing?.rows ?? []).filter((x) => x.section === section);
  const sum = (xs: { n: number }[]) => xs.reduce((a, x) => a + x.n, 0);
  const byYear = (xs: { key: string; n: number }[]) =>
    xs.map((x) => w('yearCount', { year: x.key, n: x.n })).join(lang === 'zh' ? '，' : ', ');
  const entered = rowsOf('entered');
  if (entered.length) {
    const after = new Date(`${r.asOf}T00:00:00Z`);
    const day = after.getUTCDate();
    after.setUTCFullYear(after.getUTCFullYear() - r.sourcing!.years);
    // 29 February less whole years is 28 February, as DuckDB counts it (not 1 March).
    if (after.getUTCDate() !== day) after.setUTCDate(0);
    lines.push(
      w('entered', {
        years: r.sourcing!.years,
        after: after.toISOString().slice(0, 10),
        span: `${entered[0].key}–${entered[entered.length - 1].key}`,
        n: sum(entered),
        g: entered.reduce((a, x) => a + x.grassroots, 0),
        c: entered.reduce((a, x) => a + (x.county ?? 0), 0),
        list: byYear(entered),
      }),
    );
  }
  const leading = rowsOf('leading');
  if (leading.length)
    lines.push(
      w('leading', {
        n: sum(leading),
        g: leading.reduce((a, x) => a + x.grassroots, 0),
        list: byYear(leading),
      }),
    );
  const reserves = rowsOf('reserve');
  if (reserves.length)
    lines.push(
      w('reserveSources', {
        list: reserves
          .map((x) => `${v(x.key)} ${x.grassroots}/${x.n}`)
          .join(lang === 'zh' ? '，' : ', '),
      }),
    );
  for (const x of rowsOf('principals'))
    lines.push(
      w('principals', { n: x.n, g: x.grassroots, share: pct(x.n ? x.grassroots / x.n : null) }),
    );
  for (const e of r.eligibility ?? []) {
    const source = !e.tenureSource
      ? ''
      : e.tenureSource === 'none'
        ? w('tenureNone')
        : w('tenureFrom', { source: w(`tenure_${e.tenureSource}`) });
    lines.push(
      '',
      w('eligibility', {
        id: e.id,
        label: e.label,
        population: e.population,
        eligible: e.eligible,
        unknown: e.unknown,
        near: e.nearMiss,
        will: e.willQualify,
        source,
      }),
    );
    for (const h of e.missingColumns)
      lines.push(
        w('missingColumn', { column: h.headers[0] ?? h.column, headers: h.headers.join(sep) }),
      );
    for (const p of e.people)
      lines.push(
        [
          '',
          w(p.status) +
            (p.priority ? w('priority') : '') +
            (p.will_qualify ? w('willQualify') : ''),
          p.name ?? p.person_id,
          w('age', { n: p.age ?? '—' }),
          p.unit ?? '',
          p.post ?? p.level ?? '',
          [
            ...p.reasons,
            ...(p.missing.length
              ? [w('missing', { list: p.missing.map((m) => CRITERION_LABELS[m][lang]).join(sep) })]
              : []),
          ].join(lang === 'zh' ? '；' : '; ') || '—',
        ].join('\t'),
      );
  }
  return lines.join('\n');
}

/** A template item's name ("grassroots" → 基层工作经历), as the rule set labels it. */
function itemLabel(rules: RuleSet, template: string, id: string, lang: Lang): string {
  const rule = rules.rules.find((r) => r.kind === 'template' && r.id === template);
  const item = rule?.kind === 'template' ? rule.items.find((i) => i.id === id) : undefined;
  return item?.label[lang] ?? id;
}

/** The message of a failure in a language, with its technical detail when asked for. */
export function errorText(e: unknown, lang: Lang, verbose = false, mask = false): string {
  let text: string;
  let detail: string | undefined;
  if (e instanceof LoadError) [text, detail] = [e.text(lang), e.detail];
  else if (e instanceof ReadError)
    [text, detail] = [formatMessage(e.code, e.params, lang), e.detail];
  else if (e instanceof UsageError) text = e.text(lang);
  else if (e instanceof OutputError) text = e.message;
  else [text, detail] = [formatMessage('load_failed', {}, lang), errorDetail(e)];
  if (e instanceof DuplicatesFound)
    text +=
      '\n' +
      e.examples
        .map((x) =>
          // A batch of forms names each form (every one is row 1).
          {
            const batch = x.file !== e.file;
            const at = batch ? `“${x.file}”` : '';
            const first = x.firstFile && x.firstFile !== x.file ? `“${x.firstFile}”` : '';
            const name = mask && x.name ? MASK : (x.name ?? '');
            return lang === 'zh'
              ? `  ${at}第 ${x.row} 行 ${name}：${personIdLabel(x.personId, 'zh')} ${x.personId}${x.firstRow ? `，与${first}第 ${x.firstRow} 行相同` : ''}`
              : `  ${batch ? `${x.file} ` : ''}row ${x.row} ${name}: ${personIdLabel(x.personId, 'en')} ${x.personId}${x.firstRow ? `, as on ${x.firstFile && x.firstFile !== x.file ? `${x.firstFile} ` : ''}row ${x.firstRow}` : ''}`;
          },
        )
        .join('\n') +
      '\n' +
      (lang === 'zh'
        ? '确认无误后加 --accept-duplicates 仍然导入（这些行将被拒收）'
        : 'If this is right, add --accept-duplicates to load anyway (these rows are rejected)');
  // With --mask the ID numbers and 任免审批表 names a message quotes are masked too.
  if (mask) text = maskFileNamesIn(text);
  return verbose && detail ? `${text}\n${lang === 'zh' ? '详细信息' : 'Details'}: ${detail}` : text;
}

/** The report of a load that loaded nothing: what was read and why every row was rejected. */
function nothingLoadedOutput(
  e: NothingLoaded,
  lang: Lang,
  format: Args['format'],
  mask: boolean,
): string {
  const r = mask ? maskReport(e.report, lang) : e.report;
  const rejected = r.rejected.map((x) => inLanguage(x, lang));
  if (format !== 'table')
    return JSON.stringify(
      {
        sources: r.sources,
        rows: r.rows,
        rejected,
        warnings: r.warnings.map((w) => inLanguage(w, lang)),
        error: { code: e.code, message: mask ? maskFileNamesIn(e.text(lang)) : e.text(lang) },
      },
      null,
      2,
    );
  // The error itself goes to stderr (main), not twice.
  return [
    lang === 'zh'
      ? `读取 ${r.rows.read} 行，载入 ${r.rows.loaded}，拒收 ${r.rows.rejected}，跳过 ${r.rows.skipped}`
      : `${r.rows.read} rows read, ${r.rows.loaded} loaded, ${r.rows.rejected} rejected, ${r.rows.skipped} skipped`,
    ...rejected.map((x) => [x.file, x.row, x.name ?? '', x.reason].join('\t')),
  ].join('\n');
}

/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The report CLI on these arguments: writes its output and returns the exit status. */
export async function main(argv: string[], out: CliOutput): Promise<number> {
  // The language of an error in the arguments themselves, as far as it can be told.
  let lang: Lang = argv[argv.indexOf('--lang') + 1] === 'en' ? 'en' : 'zh';
  let verbose = argv.includes('--verbose');
  let format: Args['format'] = 'json';
  const mask = argv.includes('--mask');
  try {
    const args = parseArgs(argv);
    [lang, verbose, format] = [args.lang ?? 'zh', args.verbose ?? false, args.format];
    if (args.help) {
      out.stdout(USAGE[lang]);
      return EXIT.ok;
    }
    if (args.printRules) {
      out.stdout(JSON.stringify(JSON.parse(stableJson(loadRules(args.rules))), null, 2) + '\n');
      return EXIT.ok;
    }
    if (args.out) checkOutput(args.out, lang);
    if (args.format === 'pdf' || args.format === 'docx') {
      // The page shows the demo by itself (another roster is checked as it is opened).
      const asOf = args.asOf;
      if (args.files.length === 0 && asOf && !demoSnapshots(ROOT).some((d) => d.date <= asOf))
        throw noDataBefore(asOf);
      const { writeBriefing } = await import('./briefing.ts');
      await writeBriefing(args, args.format, args.out!, openRoster, loadRules);
      return EXIT.ok;
    }
    const file = FILE_FORMATS[args.format];
    if (file) {
      const write = async (session: ReportSession) => {
        for (const note of session.filterNotes ?? []) out.stderr(note + '\n');
        return file.write(session);
      };
      writeOutput(args.out!, await withSession(args, write, file.session), lang);
    } else {
      const report = await runReport(args, { listsAsText: args.format === 'json' });
      for (const note of report.filterNotes ?? []) out.stderr(note + '\n');
      // Some files lacked a 统计时点 while others had one: their rows were rejected, say so.
      const undated = undatedFiles(report.rejected);
      // A workbook's other roster-like sheets that were not read: their people are not counted.
      for (const x of report.sheetsNotRead ?? [])
        out.stderr(
          (lang === 'zh'
            ? `提示：${x.file} 中的工作表“${x.sheet}”也有出生年月列，未读取，其中人员未计入；如需读取它，请用 --sheet '${x.sheet}' 单独读取，或把它的行并入所读的工作表`
            : `Note: sheet “${x.sheet}” of ${x.file} also has a birth-date column and was not read, so its people are not counted; to read it, use --sheet '${x.sheet}' (that sheet alone) or move its rows into the sheet read`) +
            '\n',
        );
      // Columns no field reads: a column the user meant counted may be under a name not known.
      for (const x of report.columnsNotRead ?? [])
        out.stderr(
          (lang === 'zh'
            ? `提示：${x.file} 中这些列未读取：${x.columns.join('、')}（需要读取时请改用标准列名，见 docs/data-model.md）`
            : `Note: these columns of ${x.file} were not read: ${x.columns.join(', ')} (rename a column to a name docs/data-model.md lists to have it read)`) +
            '\n',
        );
      // Rows of other dates (a history, or two offices' files a month apart) are not in the
      // figures at R: say how many are.
      if (!args.filters && report.rows.loaded > report.headcount)
        out.stderr(
          (lang === 'zh'
            ? `提示：载入的 ${report.rows.loaded} 行中，统计时点 ${report.snapshotDate} 的 ${report.headcount} 人计入本报告；其他统计时点的行只用于比较、趋势和任职年限（用 --as-of 选择统计时点）`
            : `Note: of the ${report.rows.loaded} rows loaded, the ${report.headcount} people of ${report.snapshotDate} are in this report; rows of other dates serve comparisons, trends and tenures only (choose the date with --as-of)`) +
            '\n',
        );
      // A date after the newest snapshot ages its people but keeps those who reach retirement
      // by then: a forecast is --project's (it lets them go).
      const due = report.retirements?.due ?? 0;
      if (report.snapshotDate && report.asOf > report.snapshotDate && due > 0)
        out.stderr(
          (lang === 'zh'
            ? `提示：--as-of ${report.asOf} 晚于统计时点 ${report.snapshotDate}：年龄按 ${report.asOf} 计算，人员按 ${report.snapshotDate} 的名册，到该日已到龄的 ${due} 人仍计入；推算该日的结构请用 --project`
            : `Note: --as-of ${report.asOf} is after the reference date ${report.snapshotDate}: ages are at ${report.asOf}, the people those of ${report.snapshotDate}, and the ${due} who reach retirement age by then are still counted; to forecast that date use --project`) +
            '\n',
        );
      if (undated.length) out.stderr(undatedHint(undated, lang) + '\n');
      // Both dates in force of one snapshot: nothing can have changed between them.
      if (report.changes && report.changes.from === report.changes.to)
        out.stderr(
          (lang === 'zh'
            ? `提示：--compare ${args.compare} 与统计时点 ${report.asOf} 用的是同一期名册（快照 ${report.changes.from}），两期对比没有变化；请选更早的快照日期`
            : `Note: --compare ${args.compare} and the reference date ${report.asOf} read the same roster (snapshot ${report.changes.from}): the comparison can show no change; choose an earlier snapshot`) +
            '\n',
        );
      // Not one event read is not "no promotions": say so, beside the rows the report lists.
      if (report.events && report.events.rows.loaded === 0)
        out.stderr(
          (lang === 'zh'
            ? `提示：任免记录${report.events.sources.map((f) => `“${f}”`).join('、')}没有载入任何行：拒收 ${report.events.rows.rejected} 行（见报告的 events）`
            : `Note: no appointment event was loaded from ${report.events.sources.join(', ')}: ${report.events.rows.rejected} rows rejected (see "events" in the report)`) +
            '\n',
        );
      if (args.format === 'table') {
        const text = formatTable(report, loadRules(args.rules), lang) + '\n';
        if (args.out) writeOutput(args.out, text, lang);
        else out.stdout(text);
      } else if (args.out)
        writeOutputPieces(
          args.out,
          (write) => {
            writeJson(report, write);
            write('\n');
          },
          lang,
        );
      else {
        writeJson(report, out.stdout);
        out.stdout('\n');
      }
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof NothingLoaded) out.stdout(nothingLoadedOutput(e, lang, format, mask) + '\n');
    out.stderr(errorText(e, lang, verbose, mask) + '\n');
    // The page asks for a missing 统计时点; here it is an option.
    if (e instanceof NothingLoaded && e.report.rejected.some((x) => x.code === 'snapshot_missing'))
      out.stderr(
        (lang === 'zh'
          ? '提示：文件里没有统计时点，请用 --snapshot YYYY-MM-DD（或 --as-of）给出'
          : 'Hint: the file has no reference date; give one with --snapshot YYYY-MM-DD (or --as-of)') +
          '\n',
      );
    return e instanceof UsageError
      ? EXIT.usage
      : e instanceof NothingLoaded
        ? EXIT.nothingLoaded
        : e instanceof DuplicatesFound
          ? EXIT.duplicates
          : EXIT.unreadable;
  }
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  // Output read by a pipe that closes early (`| head`) ends the run quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const status = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
  // Exits once the output is written: a briefing's Chromium may leave handles open.
  process.stdout.write('', () => process.exit(status));
}
