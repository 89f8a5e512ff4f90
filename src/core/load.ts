import type { SheetAsCsv, SheetInfo, XlsxOptions } from './xlsx.ts';
import { dropCube } from './cube.ts';
import { RecordBatchReader, tableFromIPC } from 'apache-arrow';
import {
  ipcEmpty,
  ipcRows,
  ipcStream,
  pause,
  quoteIdent,
  quoteLiteral,
  type DuckClient,
} from './db.ts';
import {
  appraisalYearOf,
  FIELDS,
  COLUMN_NUMBERS_PATTERN,
  FOOTER_PATTERN,
  PAGE_MARK_PATTERN,
  headerSetKey,
  mapHeaders,
  SECTION_PATTERN,
  COUNTED_TOTALS_PATTERN,
  OTHER_LIST_SHEET,
  SUMMARY_SHEET,
  TOTALS_PATTERN,
  type SKIP_KINDS,
  type FieldSpec,
} from './fields.ts';
import { jsonToCsv } from './json.ts';
import { regionOfSheet, unitOfSheet, unitTypeOfSheet } from './sheets.ts';
import { FILE_COLUMN, lrmxToCsv, REJECT_COLUMN } from './lrmx.ts';
import {
  asLoadError,
  formatMessage,
  LoadCancelled,
  LoadError,
  warningText,
  type MessageCode,
  type Params,
  type RejectedRow,
  type RowWarning,
} from './messages.ts';
import { detectEncoding, readTextRoster, sniffForeign, type TextAsCsv } from './text.ts';
import { normaliseText } from './width.ts';
import { legacyWorkbookKind } from './xls.ts';
import { keepFindings } from './quality.ts';

export { LoadCancelled, LoadError, type RejectedRow, type RowWarning };
export type { TextAsCsv };

export interface SourceFile {
  name: string;
  bytes: Uint8Array;
  /**
   * Where an engine that reads files itself (native DuckDB) finds a Parquet file; `bytes` may
   * then hold only the file's first bytes.
   */
  path?: string;
}

/** A Parquet file on a server (this origin or an intranet file server), read by range requests. */
export interface RemoteSource {
  name: string;
  url: string;
}

/**
 * Reads a remote Parquet file as an Arrow IPC stream: only `columns` (none: the schema alone,
 * no rows), so a column that is not used is never downloaded.
 */
export type RemoteParquetReader = (url: string, columns?: string[]) => Promise<Uint8Array>;

export type SourceFormat = 'csv' | 'parquet' | 'arrow' | 'xlsx' | 'json' | 'lrmx';

export type LoadStep = 'read' | 'normalise' | 'write';

/** Where a load is: step `step` of file `file`; `done` of `total` steps are behind it. */
export interface LoadProgress {
  file: string;
  step: LoadStep;
  done: number;
  total: number;
  /** Share of the current step done, when the step can tell (reading a workbook). */
  fraction?: number;
}

export interface LoadOptions {
  /** Snapshot for rows whose file has no 统计时点 column and no date in its name (YYYY-MM-DD). */
  defaultSnapshot?: string;
  /** Replace every loaded row instead of adding to them (only once all files have been read). */
  replace?: boolean;
  /** Parquet → Arrow IPC stream (parquet-wasm; in the browser it runs in a worker). */
  parquetToIPC: (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  /**
   * The same a row group at a time, with the row count first (the page: a large file is
   * refused before it is read, and never decoded whole). Without it, parquetToIPC.
   */
  parquetChunks?: (bytes: Uint8Array) => Promise<ParquetRows>;
  /** .xlsx → a sheet as CSV (src/core/xlsx.ts; in the browser it runs in a worker). */
  xlsxToCsv?: (bytes: Uint8Array, options: XlsxOptions) => Promise<SheetAsCsv>;
  /** The sheet to read, by workbook file name; by default the roster sheet is found. */
  sheets?: Record<string, string>;
  /** A mapping the user chose earlier for this header set (see `headerSetKey`). */
  rememberedMapping?: (key: string) => Record<string, string> | null | undefined;
  onProgress?: (p: LoadProgress) => void;
  /** Aborting stops the load between steps; nothing is changed. */
  signal?: AbortSignal;
  remoteParquet?: RemoteParquetReader;
  /** Text rosters → UTF-8 CSV (`textToCsv`, by default here; in the browser, in a worker). */
  textToCsv?: (
    format: 'csv' | 'json' | 'lrmx',
    files: SourceFile[],
  ) => TextAsCsv | Promise<TextAsCsv>;
  /**
   * Load even when a source would lose more than a handful of rows as duplicates (see
   * `tooManyDuplicates`); otherwise the load stops with `DuplicatesFound` for the user to decide.
   */
  acceptDuplicates?: boolean;
}

/**
 * A Parquet file's row count (its footer says it) and its rows as Arrow IPC chunks; `close` lets
 * go of the file, read or not.
 */
export interface ParquetRows {
  rows: number;
  chunks: AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

/** What the user decides for one staged source before it is loaded. */
export interface SourceChoice {
  /** Canonical field → source column; replaces the proposed mapping. */
  mapping?: Record<string, string>;
  /** Snapshot (YYYY-MM-DD) for the rows, when the source has no 统计时点 column. */
  snapshot?: string;
}

export interface LoadReport {
  sources: string[];
  rows: { read: number; loaded: number; rejected: number; skipped: number };
  rejected: RejectedRow[];
  warnings: RowWarning[];
  /** The rows skipped as no person (totals, footers, headings …), but blank ones. */
  skippedRows?: SkippedRow[];
  /**
   * Visible sheets of a workbook with a birth column that were not read (neither the sheet read
   * nor a part of the same roster): said, so that no roster's people go missing unseen.
   */
  sheetsNotRead?: { file: string; sheet: string }[];
  /**
   * Columns of a roster that no field reads (序号, 备注 and blank headers aside): said, so that a
   * column the user expected counted (行政级别 under a name the loader does not know) is not lost
   * unseen. The page's import dialog shows every column and its field; the CLI says these.
   */
  columnsNotRead?: { file: string; columns: string[] }[];
}

/**
 * A row that is no person, skipped: a totals line (合计, 共N人), a footer (填表人：…), a section
 * heading (一、市直单位), the header again, a page mark (第 1 页), a row with only its 序号.
 */
export interface SkippedRow {
  file: string;
  row: number;
  kind: (typeof SKIP_KINDS)[number];
}

/** Example rows of a source that would be rejected as duplicates. */
export interface DuplicateExample {
  /** The file of the row (the form, in a batch of .lrmx forms, where every row is row 1). */
  file: string;
  row: number;
  name: string | null;
  personId: string;
  /** The row where the same person id appears first (null: among rows loaded before). */
  firstRow: number | null;
  /** The file of that first row when it is another (a batch of forms). */
  firstFile: string | null;
}

/**
 * A source would lose more than a handful of rows as duplicates (see `tooManyDuplicates`):
 * nothing is loaded, and the user decides (change the mapping, or load with acceptDuplicates).
 */
export class DuplicatesFound extends LoadError {
  constructor(
    file: string,
    readonly sourceIndex: number,
    readonly count: number,
    readonly read: number,
    readonly examples: DuplicateExample[],
    /** The snapshot date, when most of the rows repeat people already loaded for it. */
    readonly sameDate: string | null = null,
  ) {
    super(
      file,
      sameDate ? 'duplicates_same_date' : 'duplicates_many',
      sameDate ? { source: file, count, read, date: sameDate } : { source: file, count, read },
    );
    this.name = 'DuplicatesFound';
  }
}

/**
 * Nothing would be loaded: the files hold no rows, or every row is rejected. Nothing changes;
 * `report` says why, row by row.
 */
export class NothingLoaded extends LoadError {
  constructor(
    file: string,
    readonly report: LoadReport,
  ) {
    super(file, report.rows.read === 0 ? 'no_rows' : 'nothing_loaded', {
      read: report.rows.read,
      rejected: report.rows.rejected,
    });
    this.name = 'NothingLoaded';
  }
}

/**
 * When duplicates stop an import for the user to decide: more than 5 rows, or more than 1% of
 * the rows read (a single duplicate never stops it; it is listed as rejected).
 */
export const DUPLICATE_LIMIT = { rows: 5, share: 0.01 };
export function tooManyDuplicates(count: number, read: number): boolean {
  return count > DUPLICATE_LIMIT.rows || (count >= 2 && count > read * DUPLICATE_LIMIT.share);
}

const ascii = (b: Uint8Array, from: number, len: number) =>
  String.fromCharCode(...b.subarray(from, from + len));

const LRMX_NAME = /\.lrmx?$/i;

export function detectFormat(file: { name: string; bytes?: Uint8Array }): SourceFormat {
  const b = file.bytes ?? new Uint8Array();
  if (b.length >= 4 && ascii(b, 0, 4) === 'PAR1') return 'parquet';
  if (b.length >= 4 && ascii(b, 0, 4) === 'PK\x03\x04') return 'xlsx';
  if (b.length >= 6 && ascii(b, 0, 6) === 'ARROW1') return 'arrow';
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xff && b[2] === 0xff && b[3] === 0xff)
    return 'arrow';
  // An Excel 97–2003 workbook whatever its name (xlsx.ts reads it through xls.ts).
  if (b.length >= 8 && sniffForeign(b) === 'xls') return 'xlsx';
  const ext = extensionOf(file.name);
  if (ext === 'parquet') return 'parquet';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc' || ext === 'arrows') return 'arrow';
  // A workbook is a zip or a BIFF file; under an Excel name an HTML table or an XML Spreadsheet
  // 2003 (what HR systems export as "Excel") is one too, other bytes are text (a tab-separated
  // export named .xls).
  if (EXCEL_EXTENSIONS.includes(ext)) return !file.bytes || legacyWorkbookKind(b) ? 'xlsx' : 'csv';
  if (ext === 'json') return 'json';
  if (ext === 'lrmx' || ext === 'lrm') return 'lrmx';
  return 'csv';
}

const MiB = 1024 * 1024;
/** The largest file of each kind the page reads (its bytes, then DuckDB's copy, share 4 GB). */
export const MAX_BYTES: Record<SourceFormat, number> = {
  csv: 1024 * MiB,
  parquet: 1024 * MiB,
  arrow: 1536 * MiB,
  xlsx: 256 * MiB,
  json: 256 * MiB,
  lrmx: 16 * MiB,
};

const sizeText = (n: number) =>
  n >= 1024 * MiB ? `${(n / 1024 / MiB).toFixed(1)} GB` : `${Math.round(n / MiB)} MB`;

/** A file too large to read here, said before a byte of it is read; null when it fits. */
export function tooLarge(name: string, size: number): LoadError | null {
  const format = detectFormat({ name });
  const limit = MAX_BYTES[format];
  if (size <= limit) return null;
  return new LoadError(name, 'file_too_large', {
    size: sizeText(size),
    limit: sizeText(limit),
    format: formatName(format),
  });
}

/**
 * The most rows a file may hold in the page. DuckDB-WASM keeps everything in one wasm heap, and
 * its memory limit there is 3.1 GiB. On the bench's roster of distinct people that heap peaks at
 * 2.2 GB for a million rows (1.5 GB loaded, the rest while the report is counted:
 * scripts/bench-memory.ts); two million rows load but run out of memory in the report.
 */
export const MAX_ROWS = 1_400_000;

/** A file with more rows than the page can hold, said from its row count alone; else null. */
export function tooManyRows(name: string, rows: number): LoadError | null {
  if (rows <= MAX_ROWS) return null;
  return new LoadError(name, 'too_many_rows', {
    rows: rows.toLocaleString('en'),
    limit: MAX_ROWS.toLocaleString('en'),
  });
}

/**
 * Snapshot date from a file name such as `roster-2024-12.csv`, `干部名册202412.parquet` or
 * `名册2026.6.xlsx` (a month of one digit after a separator). Not a
 * date inside a longer number (a 身份证号 in `王新_430103199103150011.lrmx`), nor one that says who
 * was born when (`85后干部名册（1985年10月以后出生）`).
 */
export function snapshotFromFileName(name: string): string | null {
  const m = name.match(
    /(?<!\d)(20\d{2}|19\d{2})[-_.年]?(0[1-9]|1[0-2]|(?<=年)[1-9](?=月)|(?<=\d[-_.])[1-9](?![\d批期版次号卷]))(?:[-_.月]?(0[1-9]|[12]\d|3[01]|(?<=月)[1-9](?=日)))?(?![月日号]?[\d以之前后出])/,
  );
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  const two = (n: number | string) => String(n).padStart(2, '0');
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  // A day the month does not have (2026-02-30) is a slip: the month is still meant.
  if (m[3] && Number(m[3]) <= last) return `${m[1]}-${two(mo)}-${two(m[3])}`;
  return `${m[1]}-${two(mo)}-${two(last)}`;
}

/**
 * One source read into DuckDB and waiting for the user: its columns, a few sample rows, the
 * proposed mapping and where its snapshot date comes from. Several .lrmx files make one source.
 */
export interface StagedSource {
  name: string;
  /** The files behind it (one, or every .lrmx file). */
  files: string[];
  /** Its file's name as the load report gives it, when another file of the load had it too. */
  fileShownAs?: string;
  format: SourceFormat;
  staging: string;
  columns: { name: string; type: string }[];
  /** The first rows, every value as text, a value per column of `columns`. */
  samples: (string | null)[][];
  /** Lines read from the file (blank and totals lines included). */
  lines: number;
  /** The file's row number of the first data row. */
  firstRow: number;
  /** Identifies the header set, for remembering a mapping (see `headerSetKey`). */
  headerKey: string;
  mapping: Record<string, string>;
  mappingFrom: 'headers' | 'remembered';
  /** Snapshot from the file name, when it has one. */
  snapshotFromName: string | null;
  /** Snapshot from a title above the header (`截至2024年12月31日`), when it has one. */
  snapshotFromTitle: string | null;
  /** For a text file: the line of its header, when title lines above it were left out. */
  headerRow?: number;
  /**
   * A sheet of a workbook with one sheet per county, named like one (零陵区, 市直单位): its
   * rows' 县市区 when the sheet has no such column.
   */
  sheetRegion?: string | null;
  /**
   * A sheet of a workbook with one sheet per unit, named like one (永州市财政局, 珠山镇): its rows'
   * unit when the sheet has no unit column and no unit headings.
   */
  sheetUnit?: string | null;
  /** A sheet named for a kind of unit (县直单位, 乡镇街道): its rows' unit type (unitTypeOfSheet). */
  sheetUnitType?: string | null;
  /** For a text file with empty lines: how they shift row numbers (see TextAsCsv.gaps). */
  gaps?: number[];
  /** For a text file: some bytes were no UTF-8 and became U+FFFD (TextAsCsv.replaced). */
  replaced?: boolean;
  /** For a sheet: its data rows hidden in Excel (SheetAsCsv.hiddenRows). */
  hiddenRows?: number[];
  /** For a workbook: the sheet read and every sheet in it. */
  sheet?: { name: string; sheets: SheetInfo[]; headerRow: number };
  /** For a remote Parquet file: its address (only the mapped columns are in the staging table). */
  url?: string;
}

/**
 * Loads every file into `cadres`, all or nothing: a file that cannot be read leaves `cadres`
 * untouched and throws a LoadError. Every data row ends up loaded or rejected. The bytes of each
 * file are handed over to DuckDB (their buffer may be detached).
 */
export async function loadSources(
  db: DuckClient,
  files: (SourceFile | RemoteSource)[],
  options: LoadOptions,
): Promise<LoadReport> {
  const staged = await stageSources(db, files, options);
  try {
    return await commitSources(db, staged, [], options);
  } finally {
    await discardStaged(db, staged);
  }
}

let nextStaging = 0;
const checkAbort = (signal?: AbortSignal) => {
  if (signal?.aborted) throw new LoadCancelled();
};

/**
 * Reads every file into a staging table (several .lrmx files into one) and proposes a mapping
 * for each; `cadres` is not touched. A file that cannot be read throws a LoadError and stages
 * nothing.
 */
export async function stageSources(
  db: DuckClient,
  files: (SourceFile | RemoteSource)[],
  options: LoadOptions,
): Promise<StagedSource[]> {
  const local = files.filter((f): f is SourceFile => 'bytes' in f);
  // A form by its name, whatever its bytes: a broken one (empty, a zip) is a rejected row of its
  // batch, not the end of the load.
  const lrmx = local.filter((f) => detectFormat(f) === 'lrmx' || LRMX_NAME.test(f.name));
  const groups: (SourceFile[] | RemoteSource)[] = files
    .filter((f) => !('bytes' in f) || !lrmx.includes(f))
    .map((f) => ('bytes' in f ? [f] : f));
  if (lrmx.length > 0) groups.push(lrmx);
  const out: StagedSource[] = [];
  try {
    for (const [i, group] of groups.entries()) {
      checkAbort(options.signal);
      const staging = `staging_${nextStaging++}`;
      const name = !Array.isArray(group)
        ? group.name
        : group.length > 1
          ? `${group[0].name} 等 ${group.length} 个任免审批表`
          : group[0].name;
      const progress = (fraction?: number) =>
        options.onProgress?.({
          file: name,
          step: 'read',
          done: i,
          total: groups.length * 3,
          fraction,
        });
      progress();
      if (!Array.isArray(group)) {
        out.push(await stageRemote(db, group, staging, options));
        continue;
      }
      const { staged, parts } = await stageFile(db, group, staging, options, progress);
      out.push(staged);
      // A workbook with one sheet per county (src/core/xlsx.ts): each sheet a source of its own,
      // its rows numbered in it.
      // A sheet named by a month (2024.06, 2024年6月) is that month's roster.
      const bySheet = (s: StagedSource, sheet: string) => {
        s.name = `${group[0].name}（${sheet}）`;
        s.sheetRegion = regionOfSheet(sheet);
        s.sheetUnit = s.sheetRegion ? null : unitOfSheet(sheet);
        s.sheetUnitType = unitTypeOfSheet(sheet);
        s.snapshotFromName = snapshotFromFileName(sheet) ?? s.snapshotFromName;
      };
      if (parts.length) bySheet(staged, staged.sheet!.name);
      for (const part of parts) {
        checkAbort(options.signal);
        const more = await stageFile(
          db,
          group,
          `staging_${nextStaging++}`,
          options,
          progress,
          part,
        );
        bySheet(more.staged, part.sheet);
        out.push(more.staged);
      }
    }
  } catch (e) {
    await discardStaged(db, out);
    throw e;
  }
  renameApart(out, new Set());
  return out;
}

/** What a sheet's name gives its rows when they do not say it (regionOfSheet, unitOfSheet). */
interface SheetValues {
  region?: string;
  unit_name?: string;
  unit_type?: string;
}

/** Drops the staging tables of sources that will not be loaded (or have been). */
export async function discardStaged(db: DuckClient, staged: StagedSource[]): Promise<void> {
  if (staged.length === 0) return;
  await db.exec(
    staged
      .flatMap(({ staging: t }) => [
        `DROP TABLE IF EXISTS ${t}_n`,
        `DROP TABLE IF EXISTS ${t}_dup`,
        `DROP TABLE IF EXISTS ${t}`,
        ...lookupTables(t).map((l) => `DROP TABLE IF EXISTS ${l}`),
      ])
      .join(';\n') + ';',
  );
}

/**
 * Loads staged sources into `cadres` with the user's choices (one per source, in order; missing
 * ones keep the proposal), all or nothing. The staging tables stay: call `discardStaged`.
 */
export async function commitSources(
  db: DuckClient,
  staged: StagedSource[],
  choices: SourceChoice[],
  options: Pick<
    LoadOptions,
    'replace' | 'defaultSnapshot' | 'onProgress' | 'signal' | 'remoteParquet' | 'acceptDuplicates'
  >,
): Promise<LoadReport> {
  const report: LoadReport = {
    sources: [],
    rows: { read: 0, loaded: 0, rejected: 0, skipped: 0 },
    rejected: [],
    warnings: [],
  };
  await nameSourcesApart(db, staged, options.replace ?? false);
  report.sources = sourceNames(staged);
  const total = staged.length * 3;
  for (const [i, s] of staged.entries()) {
    checkAbort(options.signal);
    options.onProgress?.({ file: s.name, step: 'normalise', done: staged.length + i, total });
    let mapping = choices[i]?.mapping ?? s.mapping;
    if (!mapping.birth_date) throw new LoadError(s.name, 'birth_column_missing');
    const unread = columnsNotRead(s, mapping);
    if (unread.length) (report.columnsNotRead ??= []).push({ file: s.name, columns: unread });
    for (const col of Object.values(mapping))
      if (!s.columns.some((c) => c.name === col))
        throw new LoadError(s.name, 'column_missing', { column: col });
    const snapshot =
      mapping.snapshot_date === undefined
        ? (choices[i]?.snapshot ??
          s.snapshotFromTitle ??
          s.snapshotFromName ??
          options.defaultSnapshot ??
          null)
        : null;
    if (s.url) await fetchRemoteColumns(db, s, Object.values(mapping), options);
    const trim = !typed(s.format);
    try {
      await readsUnitsFromTitles(db, s, mapping);
      if (trim && mapping.unit_name === undefined) mapping = await headingUnits(db, s, mapping);
    } catch (e) {
      throw asLoadError(e, s.name, 'mapping_failed');
    }
    const types = new Map((await describe(db, s.staging)).map((c) => [c.name, c.type]));
    try {
      const sheetValues: SheetValues = {
        region: s.sheetRegion ?? undefined,
        unit_type: s.sheetUnitType ?? undefined,
        unit_name: s.sheetUnit ?? undefined,
      };
      await db.exec(lookupSql(s.staging, mapping, types, trim, sheetValues));
      await db.exec(
        normaliseSql(
          s.staging,
          mapping,
          types,
          s.firstRow,
          trim,
          s.name,
          snapshot,
          s.gaps,
          sheetValues,
          s.replaced,
        ),
      );
    } catch (e) {
      throw asLoadError(e, s.name, 'mapping_failed');
    }
  }
  await db.exec('BEGIN TRANSACTION');
  try {
    await dropCube(db);
    if (options.replace) await db.exec('DELETE FROM cadres;');
    for (const [i, s] of staged.entries()) {
      checkAbort(options.signal);
      options.onProgress?.({ file: s.name, step: 'write', done: 2 * staged.length + i, total });
      const one = await insertStaged(db, s, i, options.acceptDuplicates ?? false);
      report.rows.read += one.rows.read;
      report.rows.loaded += one.rows.loaded;
      report.rows.rejected += one.rows.rejected;
      // A text file's blank lines are left out before DuckDB reads it; a sheet's are read, skipped.
      report.rows.skipped += one.rows.skipped + (s.gaps?.length ?? 0);
      report.rejected.push(...one.rejected);
      report.warnings.push(...one.warnings);
      if (one.skippedRows.length) (report.skippedRows ??= []).push(...one.skippedRows);
    }
    if (report.rows.loaded === 0)
      throw new NothingLoaded(staged.map((s) => s.name).join(', '), report);
    const notRead = sheetsNotRead(staged);
    if (notRead.length) report.sheetsNotRead = notRead;
    await matchCutIds(db);
    await matchMistypedIds(db);
    await linkPeople(db);
    report.warnings.push(
      ...(await sameNameWithId(db)),
      ...(await sameRowTwice(db)),
      ...(await straySnapshotRows(
        db,
        staged.map((s) => s.name),
      )),
      ...(await hiddenRowNotes(db, staged)),
    );
    await oneRegionName(db);
    await oneNamePerUnit(db);
    await deriveUnits(db);
    await keepFindings(db, report, options.replace ?? false);
    checkAbort(options.signal);
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK');
    throw asLoadError(e, staged.map((s) => s.name).join(', '), 'load_failed');
  }
  return report;
}

/**
 * Gives each source a name no other source of the load, nor one loaded before (unless it is
 * replaced), has: a row is known by its file's name and its row number (rejected rows, notes,
 * Q1), so two folders' 名册.csv must not share one. A later one becomes 名册.csv（2）.
 */
async function nameSourcesApart(
  db: DuckClient,
  staged: StagedSource[],
  replace: boolean,
): Promise<void> {
  renameApart(
    staged,
    new Set(
      replace
        ? []
        : (
            await db.query<{ f: string }>(
              `SELECT DISTINCT source_file AS f FROM cadres
               UNION SELECT DISTINCT source_file FROM row_findings`,
            )
          ).map((r) => r.f),
    ),
  );
}

/**
 * Names each source apart from the others and from `taken`: from its own name (the file's, or
 * the file's with its sheet), 名册.csv, 名册.csv（2）, … Staging does it within the files opened,
 * so that the review shows the names the rows will carry; loading does it again against those
 * loaded before.
 */
/**
 * A degree column as SQL: as written, else, for a 研究生 whose education text names it (博士研究生,
 * 在职硕士研究生) and no 学位 is written, that degree (Hangzhou's 博士 and 硕士 counts).
 * `lookup`: the alias of the education column's vocabulary lookup.
 */
const degreeOrText = (kind: 'fulltime' | 'inservice', lookup: string) =>
  `coalesce(r.degree_${kind}, CASE WHEN ${lookup}.val = '研究生' THEN CASE
      WHEN r.education_${kind} LIKE '%博士%' THEN '博士'
      WHEN r.education_${kind} LIKE '%硕士%' THEN '硕士' END END)`;

function renameApart(staged: StagedSource[], taken: Set<string>): void {
  for (const s of staged) {
    // .lrmx forms name each row by its own form.
    if (s.format === 'lrmx') continue;
    const base = s.fileShownAs ? s.files[0] : s.name;
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}（${k}）`;
    taken.add(name);
    const ofFile = s.files.length === 1 && s.files[0] === base;
    s.fileShownAs = name !== base && ofFile ? name : undefined;
    s.name = name;
  }
}

/** The files a load read, a renamed one as its rows name it (名册.csv（2）). */
const sourceNames = (staged: StagedSource[]) => [
  ...new Set(staged.flatMap((s) => (s.fileShownAs ? [s.fileShownAs] : s.files))),
];

/**
 * A file's columns that no field of the mapping reads, but for a row's number, its remark, a
 * year's review (read as the appraisal history), blank headers and a script's index columns
 * (__index_level_0__).
 */
function columnsNotRead(s: StagedSource, mapping: Record<string, string>): string[] {
  if (s.format === 'lrmx') return [];
  const read = new Set(Object.values(mapping));
  return s.columns
    .map((c) => c.name)
    .filter(
      (c) =>
        !read.has(c) &&
        !/^(序号|编号|备注|说明|附注|column\d+|__.*)$/i.test(c.replace(/\s+/g, '')) &&
        appraisalYearOf(c) === null,
    );
}

/** The visible sheets of each workbook that have a birth column and were not read. */
function sheetsNotRead(staged: StagedSource[]): { file: string; sheet: string }[] {
  const read = new Set(staged.map((s) => `${s.files[0]}\x1f${s.sheet?.name}`));
  const seen = new Set<string>();
  return staged.flatMap((s) => {
    const file = s.files[0];
    if (!s.sheet || seen.has(file)) return [];
    seen.add(file);
    // A 汇总 sheet read holds the others.
    if (staged.some((x) => x.files[0] === file && SUMMARY_SHEET.test(x.sheet?.name ?? '')))
      return [];
    return s.sheet.sheets
      .filter(
        (x) =>
          x.hasBirth &&
          !x.hidden &&
          !read.has(`${file}\x1f${x.name}`) &&
          !OTHER_LIST_SHEET.test(x.name) &&
          !SUMMARY_SHEET.test(x.name),
      )
      .map((x) => ({ file, sheet: x.name }));
  });
}

/**
 * Text is trimmed as it is normalised; typed values are taken as they are. Either way the rows
 * are normalised once into a table (a view was normalised again by each of the four reads of a
 * commit: an Arrow file of a million rows took twice as long as the same CSV).
 */
const typed = (f: SourceFormat) => f === 'parquet' || f === 'arrow';

/**
 * A text roster as UTF-8 CSV for DuckDB: a CSV/TXT file decoded (UTF-8, GBK, UTF-16) with any
 * title lines above its header left out, JSON records or LRMX forms written as CSV; width and
 * spaces normalised. In the browser it runs in a worker (decoding a large file takes seconds).
 */
export function textToCsv(format: 'csv' | 'json' | 'lrmx', files: SourceFile[]): TextAsCsv {
  if (format === 'csv') return readTextRoster(files[0].bytes);
  const csv =
    format === 'json' ? normaliseText(jsonToCsv(decodeText(files[0].bytes))) : lrmxToCsv(files);
  return { csv: new TextEncoder().encode(csv), firstRow: 1, headerRow: 1, snapshotFromTitle: null };
}

/** UTF-8 text with CRLF line ends as LF (a CR byte never occurs inside a UTF-8 character). */
function withoutCarriageReturns(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++)
    if (!(bytes[i] === 13 && bytes[i + 1] === 10)) out[n++] = bytes[i];
  return out.subarray(0, n);
}

/** Text in whichever encoding it is written (UTF-8, GBK, UTF-16). */
function decodeText(bytes: Uint8Array): string {
  const { encoding, bom } = detectEncoding(bytes);
  return new TextDecoder(encoding).decode(bytes.subarray(bom));
}

/** The reason to give for bytes that are no roster format, whatever their name says. */
function foreignError(file: SourceFile): LoadError | null {
  const kind = sniffForeign(file.bytes);
  if (kind === null || kind === 'xls') return null;
  if (kind === 'encrypted') return new LoadError(file.name, 'xlsx_encrypted');
  return new LoadError(file.name, 'not_roster_format', { kind });
}

/** A staging table of text columns and no row, for a typed file with a schema and no row. */
const createEmpty = (db: DuckClient, staging: string, names: string[]) =>
  db.exec(`CREATE TABLE ${staging} (${names.map((n) => `${quoteIdent(n)} VARCHAR`).join(', ')})`);

/** What a failure to read a file of this format means, when the reader does not say. */
const UNREADABLE: Record<SourceFormat, MessageCode> = {
  csv: 'csv_unreadable',
  json: 'json_invalid',
  lrmx: 'lrmx_bad_xml',
  xlsx: 'xlsx_corrupt',
  parquet: 'parquet_unreadable',
  arrow: 'arrow_unreadable',
};

/** Reads one source (a file, or a group of .lrmx files) into table `staging`. */
async function stageFile(
  db: DuckClient,
  group: SourceFile[],
  staging: string,
  options: LoadOptions,
  onFraction: (f: number) => void,
  /** A sheet of the workbook read already (a part of its roster). */
  part?: SheetAsCsv,
): Promise<{ staged: StagedSource; parts: SheetAsCsv[] }> {
  const file = group[0];
  const name = group.length > 1 ? `${file.name} 等 ${group.length} 个任免审批表` : file.name;
  const format = part
    ? 'xlsx'
    : group.every((f) => LRMX_NAME.test(f.name))
      ? 'lrmx'
      : detectFormat(file);
  // (A part was read with the workbook, whose bytes a worker may have taken since.)
  for (const f of part ? [] : group) {
    const big = tooLarge(f.name, f.bytes.length);
    if (big) throw big;
    if (f.bytes.length === 0 && format !== 'lrmx') throw new LoadError(f.name, 'file_empty');
  }
  // A PDF, an image, a Word file or an old/encrypted workbook, whatever its name (a broken LRMX
  // form is a rejected row of its batch instead).
  const foreign = format === 'lrmx' || part ? null : foreignError(file);
  if (foreign) throw foreign;
  // Text for the CSV reader, and where the first data row is in the file: after a CSV's header
  // line, as Excel numbers it, or the record's position (JSON, LRMX).
  let text: TextAsCsv | null = null;
  let firstRow = 1;
  let sheet: StagedSource['sheet'];
  let hiddenRows: number[] | undefined;
  let snapshotFromTitle: string | null = null;
  const snapshotFromName = snapshotFromFileName(file.name);
  let parts: SheetAsCsv[] = [];
  try {
    if (format === 'xlsx') {
      if (!options.xlsxToCsv) throw new LoadError(file.name, 'xlsx_unsupported');
      const read =
        part ??
        (await options.xlsxToCsv(file.bytes, {
          sheet: options.sheets?.[file.name],
          onProgress: onFraction,
        }));
      parts = read.parts ?? [];
      text = {
        csv: read.csv,
        firstRow: read.headerRow + 1,
        headerRow: read.headerRow,
        snapshotFromTitle: null,
        ...(read.dates && { dates: read.dates }),
      };
      sheet = { name: read.sheet, sheets: read.sheets, headerRow: read.headerRow };
      hiddenRows = read.hiddenRows;
      snapshotFromTitle = read.snapshotFromTitle ?? null;
    } else if (format === 'json' || format === 'lrmx' || format === 'csv') {
      text = await (options.textToCsv ?? textToCsv)(format, group);
      snapshotFromTitle = text.snapshotFromTitle;
    }
    if (text) firstRow = text.firstRow;
    if (format === 'parquet' && file.path && db.readParquetSql) {
      await db.exec(`CREATE TABLE ${staging} AS SELECT * FROM ${db.readParquetSql([file.path])}`);
    } else if (format === 'parquet' && options.parquetChunks) {
      const parquet = await options.parquetChunks(file.bytes);
      try {
        const many = tooManyRows(file.name, parquet.rows);
        if (many) throw many;
        let append = false;
        for await (const ipc of parquet.chunks) {
          // A file of no row gives its schema alone, which DuckDB refuses to insert.
          const empty = parquet.rows === 0 ? ipcEmpty(ipc) : null;
          if (empty?.length) await createEmpty(db, staging, empty);
          else if (empty) throw new LoadError(file.name, 'no_rows');
          else await db.insertArrowIPC(staging, ipc, append);
          append = true;
        }
        if (!append) throw new LoadError(file.name, 'no_rows');
      } finally {
        await parquet.close();
      }
    } else if (format === 'parquet') {
      const ipc = await options.parquetToIPC(file.bytes);
      const empty = ipcEmpty(ipc);
      if (empty) await createEmpty(db, staging, empty);
      else await db.insertArrowIPC(staging, ipc);
    } else if (format === 'arrow') {
      const empty = ipcEmpty(file.bytes);
      const many = empty ? null : tooManyRows(file.name, ipcRows(file.bytes));
      if (many) throw many;
      // DuckDB reads the IPC stream format; only the file format (ARROW1) needs converting.
      if (empty) await createEmpty(db, staging, empty);
      else await db.insertArrowIPC(staging, ipcStream(file.bytes));
    } else {
      const internal = `__${staging}.csv`;
      await db.registerFile(internal, text!.csv);
      // Text this tool wrote (from Excel, JSON, LRMX) is plain comma-separated; a user's CSV is
      // sniffed, with the separator its header was found with.
      const dialect =
        format === 'csv'
          ? `auto_detect = true${text!.delimiter ? `, delim = ${quoteLiteral(text!.delimiter)}` : ''}`
          : `delim = ',', quote = '"', escape = '"'`;
      const read = (options: string) =>
        db.exec(
          `CREATE TABLE ${staging} AS SELECT * FROM read_csv('${internal}', header = true, ` +
            `all_varchar = true, null_padding = true, ${dialect}${options})`,
        );
      try {
        // The parallel reader refuses short rows (null_padding) in a file with a line break
        // inside a quoted cell (Alt+Enter in Excel): such a file is read again serially.
        // The sniffer gives up on a header cell with a line break in a file of CRLF lines (出生
        // Alt+Enter 年月): such a file is read again with its lines ending in LF.
        const retry = (e: unknown) => {
          const message = String((e as Error)?.message ?? e);
          if (/parallel/i.test(message)) return read(', parallel = false');
          if (format === 'csv' && /sniff/i.test(message))
            return db
              .registerFile(internal, withoutCarriageReturns(text!.csv))
              .then(() => read(', parallel = false'));
          return Promise.reject(e);
        };
        await read('').catch(retry);
      } finally {
        await db.dropFile(internal);
      }
      // A date split over 年 | 月 (| 日) columns (出生年月 over them): one date in the 年 column.
      for (const d of text!.dates ?? [])
        await db.exec(
          `UPDATE ${staging} SET ${quoteIdent(d.year)} = join_date_parts(${quoteIdent(d.year)}, ` +
            `${quoteIdent(d.month)}, ${d.day === null ? 'NULL' : quoteIdent(d.day)})`,
        );
    }
  } catch (e) {
    throw asLoadError(e, group.length > 1 ? name : file.name, UNREADABLE[format], {
      format: formatName(format),
    });
  }
  const columns = userColumns(await describe(db, staging));
  const staged: StagedSource = {
    name,
    files: group.map((f) => f.name),
    format,
    staging,
    columns,
    ...propose(columns, options),
    ...(await samplesOf(
      db,
      staging,
      columns.map((c) => c.name),
    )),
    firstRow,
    snapshotFromName,
    snapshotFromTitle,
    ...(format === 'csv' && text && text.headerRow > 1 ? { headerRow: text.headerRow } : {}),
    ...(text?.gaps ? { gaps: text.gaps } : {}),
    ...(text?.replaced ? { replaced: true } : {}),
    ...(hiddenRows ? { hiddenRows } : {}),
    sheet,
  };
  // Text under an Excel name is a tab-separated export (its columns mapped in the review); text
  // of one column and no header a roster has is a damaged or mislabelled file instead.
  if (
    format === 'csv' &&
    EXCEL_EXTENSIONS.includes(extensionOf(file.name)) &&
    columns.length <= 1 &&
    Object.keys(staged.mapping).length === 0
  ) {
    await db.exec(`DROP TABLE IF EXISTS ${staging}`);
    throw new LoadError(file.name, 'xlsx_corrupt');
  }
  return { staged, parts };
}

/** The names a workbook goes by (WPS saves .et). */
const EXCEL_EXTENSIONS = ['xlsx', 'xlsm', 'xls', 'et'];
const extensionOf = (name: string) => name.toLowerCase().split('.').pop() ?? '';

async function describe(db: DuckClient, table: string): Promise<StagedSource['columns']> {
  const rows = await db.query<{ column_name: string; column_type: string }>(
    `SELECT column_name, column_type FROM (DESCRIBE ${table})`,
  );
  return rows.map((c) => ({ name: c.column_name, type: c.column_type }));
}

/** The columns a user maps: the internal ones (each row's file, a form's reject code) are not. */
const userColumns = (columns: StagedSource['columns']) =>
  columns.filter((c) => c.name !== FILE_COLUMN && c.name !== REJECT_COLUMN);

/** The mapping to propose: the one remembered for these headers, else the headers' own. */
function propose(columns: StagedSource['columns'], options: LoadOptions) {
  const names = columns.map((c) => c.name);
  const headerKey = headerSetKey(names);
  const remembered = options.rememberedMapping?.(headerKey);
  const usable =
    remembered && Object.values(remembered).every((col) => names.includes(col)) ? remembered : null;
  return {
    headerKey,
    mapping: usable ?? mapHeaders(names),
    mappingFrom: usable ? ('remembered' as const) : ('headers' as const),
  };
}

/**
 * The first rows as text, a value per column of `columns` (null where the staging table does not
 * hold it: a remote file's unmapped columns), and the number of rows staged.
 */
async function samplesOf(
  db: DuckClient,
  staging: string,
  columns: string[],
  staged: Set<string> = new Set(columns),
) {
  const types = new Map((await describe(db, staging)).map((c) => [c.name, c.type.toUpperCase()]));
  const list = columns
    .filter((c) => staged.has(c))
    .map((c) => `${sampleText(quoteIdent(c), types.get(c) ?? '')} AS ${quoteIdent(c)}`);
  const rows = await db.query<Record<string, string | null>>(
    `SELECT ${list.join(', ') || '1'} FROM ${staging} LIMIT 5`,
  );
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${staging}`);
  return { samples: rows.map((r) => columns.map((c) => r[c] ?? null)), lines: n };
}

/**
 * A typed value as the review shows it, read as the loader reads it: an instant with a time zone
 * as its day (not the day before in UTC), a whole float as digits (198305, not 198305.0), one of
 * more than 15 digits with the digits a float lost starred (431126198305120***).
 */
function sampleText(c: string, t: string): string {
  if (t === 'TIMESTAMP WITH TIME ZONE') return `CAST(${localDay(c)} AS VARCHAR)`;
  if (/^(DOUBLE|FLOAT|REAL)/.test(t))
    return `CASE WHEN isfinite(${c}) AND ${c} = trunc(${c}) AND abs(${c}) >= 1e15
      THEN rpad(left(printf('%.0f', ${c}), 15), CAST(length(printf('%.0f', ${c})) AS INTEGER), '*')
      ELSE ${numberAsDateText(c, t)} END`;
  return `CAST(${c} AS VARCHAR)`;
}

/** Reads the schema of a remote Parquet file, then only the columns its mapping uses. */
async function stageRemote(
  db: DuckClient,
  source: RemoteSource,
  staging: string,
  options: LoadOptions,
): Promise<StagedSource> {
  if (!options.remoteParquet) throw new LoadError(source.name, 'remote_unsupported');
  let columns: StagedSource['columns'];
  try {
    // The schema alone (no rows): DuckDB cannot make a table of it, Arrow reads it.
    const schema = tableFromIPC(await options.remoteParquet(source.url)).schema;
    columns = schema.fields.map((f) => ({ name: f.name, type: String(f.type) }));
  } catch (e) {
    throw asLoadError(e, source.name, 'remote_unreadable');
  }
  const proposal = propose(columns, options);
  const staged: StagedSource = {
    name: source.name,
    files: [source.name],
    format: 'parquet',
    staging,
    columns,
    ...proposal,
    samples: [],
    lines: 0,
    firstRow: 1,
    snapshotFromName: snapshotFromFileName(source.name),
    snapshotFromTitle: null,
    url: source.url,
  };
  const held = await fetchRemoteColumns(db, staged, Object.values(proposal.mapping), options);
  const names = columns.map((c) => c.name);
  return { ...staged, ...(await samplesOf(db, staging, names, held)) };
}

/**
 * Makes sure the staging table of a remote source holds `needed`, reading more if not; returns
 * the columns it holds.
 */
async function fetchRemoteColumns(
  db: DuckClient,
  s: StagedSource,
  needed: string[],
  options: Pick<LoadOptions, 'remoteParquet'>,
): Promise<Set<string>> {
  const rows = await db.query<{ n: string }>(
    `SELECT column_name AS n FROM duckdb_columns() WHERE table_name = $1`,
    [s.staging],
  );
  const have = new Set(rows.map((r) => r.n));
  const want = needed.length ? needed : [s.columns[0].name];
  if (have.size > 0 && want.every((c) => have.has(c))) return have;
  const columns = [...new Set([...have, ...want])];
  try {
    const ipc = await options.remoteParquet!(s.url!, columns);
    await db.exec(`DROP TABLE IF EXISTS ${s.staging}`);
    await db.insertArrowIPC(s.staging, ipc);
  } catch (e) {
    throw asLoadError(e, s.name, 'remote_unreadable');
  }
  return new Set(columns);
}

/**
 * The 职务层次 as written, or with its 正/副 from 是否正职 when it names only the grade (县处级,
 * 科级 + 是否正职 是 → 县处级正职): the loader's lookup and its rows read the same text.
 */
function levelExpr(mapping: Record<string, string>, types: Map<string, string>, trim: boolean) {
  const spec = (name: string) => FIELDS.find((f) => f.name === name)!;
  const level = rawExpr(spec('level'), mapping.level!, types.get(mapping.level!)!, trim);
  if (mapping.is_principal === undefined) return level;
  const principal = rawExpr(
    spec('is_principal'),
    mapping.is_principal,
    types.get(mapping.is_principal)!,
    trim,
  );
  return `CASE WHEN level_grade(${level}) IS NOT NULL AND ${principal} IS NOT NULL
    THEN level_grade(${level}) || CASE WHEN ${principal} THEN '正职' ELSE '副职' END
    ELSE ${level} END`;
}

/** Category columns normalised through lookups of their distinct values (see `lookupSql`). */
const LOOKUPS = {
  gender: { fields: ['gender'], macro: 'norm_gender(raw)', type: 'gender_t' },
  party: { fields: ['political_status'], macro: 'norm_party(raw)', type: 'party_t' },
  education: {
    fields: ['education_fulltime', 'education_inservice', 'education_highest'],
    macro: 'norm_education(raw)',
    type: 'education_t',
  },
  unit_type: {
    fields: ['unit_type'],
    macro: 'norm_unit_type(raw)',
    type: 'unit_type_t',
  },
  level: { fields: ['level'], macro: 'norm_level(raw)', type: 'level_t' },
  rank: { fields: ['rank'], macro: 'norm_rank(raw)', type: 'VARCHAR' },
  ethnicity: { fields: ['ethnicity'], macro: 'norm_ethnicity(raw)', type: 'VARCHAR' },
  reserve: { fields: ['reserve'], macro: 'norm_reserve(raw)', type: 'VARCHAR' },
} as const;

/**
 * A roster of a million rows holds a few dozen distinct genders, levels or post titles: the
 * normalisation macros run once per distinct value, and the view joins the results back. The
 * values are already of the `cadres` columns' types (ENUMs), so no row is cast again on insert.
 */
function lookupSql(
  staging: string,
  mapping: Record<string, string>,
  types: Map<string, string>,
  trim: boolean,
  sheetValues: SheetValues,
): string {
  const raw = (name: string): string => {
    const col = mapping[name];
    const spec = FIELDS.find((f) => f.name === name)!;
    const fixed = sheetValues[name as keyof SheetValues];
    // A title naming its unit first (a sheet of 乡镇 holds many townships), then the sheet's.
    if (unitFromTitle(mapping, name, staging))
      return fixed === undefined
        ? `unit_of_title(${raw('post_title')})`
        : `coalesce(unit_of_title(${raw('post_title')}), ${quoteLiteral(fixed)})`;
    if (col === undefined && fixed !== undefined) return quoteLiteral(fixed);
    if (col !== undefined && name === 'level') return levelExpr(mapping, types, trim);
    if (col === undefined && name === 'political_status' && mapping.party_join_date !== undefined)
      return partyFromJoinExpr(mapping.party_join_date, types.get(mapping.party_join_date)!);
    return col === undefined ? 'CAST(NULL AS VARCHAR)' : rawExpr(spec, col, types.get(col)!, trim);
  };
  // Text was normalised as it was read (width.ts); typed values are cleaned here, once per
  // distinct value. Dates lose inner spaces (1983 年 5 月) and a CSV's formula form (="1980.05").
  const clean = (x: string) => (trim ? x : `norm_clean(${x})`);
  const date = (x: string) => (trim ? `nospace(unformula(${x}))` : `norm_date_text(${x})`);
  const parts = Object.entries(LOOKUPS).map(
    ([key, l]) => `
    CREATE OR REPLACE TEMP TABLE ${staging}_lk_${key} AS
    SELECT raw, CAST(${l.macro.replace('(raw)', `(unpadded(${clean('raw')}))`)} AS ${l.type}) AS val FROM (
      ${l.fields.map((f) => `SELECT DISTINCT ${raw(f)} AS raw FROM ${staging}`).join(' UNION ')});`,
  );
  for (const f of textDateFields(mapping, types)) {
    // A 统计月份 written as a month (2024.12) is that month's end, as a file name's or a title's
    // month is: else one month would split into two snapshots. So is a term's last month
    // (挂职结束时间 2026.06 runs to the end of June).
    const val =
      f === 'snapshot_date' || f === 'secondment_end'
        ? `CASE WHEN ym IS NOT NULL THEN last_day(ym) WHEN prec = 'month' THEN last_day(d) ELSE d END`
        : `coalesce(ym, d)`;
    // 19801 is a month (year_month5_y) unless the column holds Excel serials that are not. Each
    // step is a column of its own: the macros repeat their argument (date_text_y), and nested in
    // one expression they took 0.2 s to plan for a two-row file.
    parts.push(`
    CREATE OR REPLACE TEMP TABLE ${staging}_lk_d_${f} AS
    WITH d AS (
      SELECT raw, date_text_y(t) AS y
      FROM (SELECT raw, ${date('raw')} AS t FROM (SELECT DISTINCT ${raw(f)} AS raw FROM ${staging}))
    ),
    serials AS (
      SELECT coalesce(bool_or(is_serial_y(y) AND year_month5_y(y) IS NULL), false) AS found FROM d
    ),
    -- 1979.1 is October where the column writes its other months in two digits (1983.05) and
    -- never in one (1983.5): a number cell dropped its trailing 0, as Excel does.
    two_digit AS (
      SELECT coalesce(bool_or(regexp_full_match(y, '[0-9]{4}\\.0[1-9]'))
        AND NOT bool_or(regexp_full_match(y, '[0-9]{4}\\.[2-9]')), false) AS found FROM d
    ),
    v AS (
      SELECT raw, CASE WHEN NOT (SELECT found FROM serials) THEN year_month5_y(y) END AS ym,
        CASE WHEN (SELECT found FROM two_digit) AND regexp_full_match(y, '[0-9]{4}\\.1')
          THEN make_date(CAST(left(y, 4) AS INTEGER), 10, 1) ELSE parse_date_y(y) END AS d,
        date_precision_y(y) AS prec
      FROM d
    )
    SELECT raw, ${val} AS val, CASE WHEN ym IS NOT NULL THEN 'month' ELSE prec END AS prec
    FROM v;`);
  }
  const pc = raw('post_class');
  // What each unit name says the unit is (unit_body): a township (珠山镇, 城关镇人民政府), where a
  // title such as 镇长 or 党委书记 in a separate 职务 column is a township post, or a county's party
  // committee or government, whose posts are its team's; and the township it stands for.
  parts.push(`
    CREATE OR REPLACE TEMP TABLE ${staging}_lk_body AS
    SELECT raw, unit_body(${clean('raw')}) AS val, township_name(${clean('raw')}) AS town
    FROM (SELECT DISTINCT ${raw('unit_name')} AS raw FROM ${staging});`);
  // One 县市区 however the file writes it (region_clean): 永州市宁远县 and 宁远 are 宁远县 when the
  // file has 宁远县; 市直, 市本级 and 永州市 (the one prefecture a city's file names) are the
  // city-level word the file uses most.
  parts.push(`
    CREATE OR REPLACE TEMP TABLE ${staging}_lk_region AS
    WITH v AS (
      SELECT raw, region_clean(${clean('raw')}) AS base, count(*) AS n
      FROM (SELECT ${raw('region')} AS raw FROM ${staging}) GROUP BY raw
    ),
    b AS (SELECT base, sum(n) AS n FROM v WHERE base IS NOT NULL GROUP BY base),
    city AS (SELECT base FROM b WHERE city_level_word(base) ORDER BY n DESC, base LIMIT 1),
    -- The file of one city names one prefecture at most (a province's names several).
    prefectures AS (SELECT count(*) AS k FROM b WHERE is_prefecture_name(base)),
    longer AS (
      SELECT s.base, min(l.base) AS full_name, count(*) AS k
      FROM b s JOIN b l ON l.base IN (s.base || '县', s.base || '区', s.base || '市', s.base || '旗')
      WHERE NOT regexp_matches(s.base, '(县|区|市|旗)$')
      GROUP BY s.base
    )
    SELECT v.raw, CASE WHEN city_level_word(v.base) THEN (SELECT base FROM city)
      -- The city's name alone (永州市) beside 市本级 is that too.
      WHEN is_prefecture_name(v.base) AND (SELECT k FROM prefectures) = 1
        THEN coalesce((SELECT base FROM city), v.base)
      WHEN g.k = 1 THEN g.full_name ELSE v.base END AS val
    FROM v LEFT JOIN longer g ON g.base = v.base;`);
  // Without a 单位类型 (or with one in other words), each unit's type from its name and 县市区
  // (unit_type_of).
  parts.push(`
    CREATE OR REPLACE TEMP TABLE ${staging}_lk_unit_guess AS
    SELECT unit_name, region, CAST(unit_type_of(${clean('unit_name')}, region) AS unit_type_t) AS val
    FROM (
      SELECT DISTINCT s.unit_name, g.val AS region
      FROM (SELECT ${raw('unit_name')} AS unit_name, ${raw('region')} AS region,
        ${raw('unit_type')} AS unit_type FROM ${staging}) s
      LEFT JOIN ${staging}_lk_region g ON g.raw IS NOT DISTINCT FROM s.region
      LEFT JOIN ${staging}_lk_unit_type t ON t.raw IS NOT DISTINCT FROM s.unit_type
      WHERE t.val IS NULL);`);
  // Each value is cleaned once, in the inner query (a macro repeats its argument wherever it uses
  // it: post_class_of over the cleaned title was 10× slower), the unit type once per distinct value.
  parts.push(`
    CREATE OR REPLACE TEMP TABLE ${staging}_lk_post AS
    SELECT title, unit_type, body, post_class,
      -- A category column's 其他 is "not a township principal": a county team's post stays one;
      -- its 书记 or 乡镇长 does not hide the other post of a title naming both (一肩挑).
      CAST(CASE WHEN v IS NULL OR (v = 'other' AND p LIKE 'county_%')
          OR (v IN ('township_secretary', 'township_head') AND p = 'township_secretary_head')
        THEN p ELSE v END AS post_class_t) AS val,
      coalesce(deputy_title(c_title), false) AS deputy
    FROM (SELECT *,
      post_class_value(c_class, township_context(c_title, c_unit_type, body)) AS v,
      post_class_of(c_title, c_unit_type, body) AS p
    FROM (
      SELECT d.*, unpadded(${clean('d.post_class')}) AS c_class,
        unpadded(${clean('d.title')}) AS c_title,
        u.c_unit_type
      FROM (
        SELECT DISTINCT q.title, q.unit_type, t.val AS body, q.post_class
        FROM (SELECT ${raw('post_title')} AS title, ${raw('unit_type')} AS unit_type,
          ${raw('unit_name')} AS unit_name, ${pc} AS post_class FROM ${staging}) q
        LEFT JOIN ${staging}_lk_body t ON t.raw IS NOT DISTINCT FROM q.unit_name
      ) d
      LEFT JOIN (
        SELECT unit_type, norm_unit_type(unpadded(${clean('unit_type')})) AS c_unit_type
        FROM (SELECT DISTINCT ${raw('unit_type')} AS unit_type FROM ${staging})
      ) u ON u.unit_type IS NOT DISTINCT FROM d.unit_type
    ));`);
  return parts.join('\n');
}

const POST_TITLE = FIELDS.find((f) => f.name === 'post_title')!;

/**
 * Whether `field` is the unit of a roster without a unit column whose post column names the unit
 * too (工作单位及职务): the unit is then read from the head of each title (unit_of_title).
 */
const unitFromTitle = (mapping: Record<string, string>, field: string, staging: string) =>
  field === 'unit_name' &&
  mapping.unit_name === undefined &&
  mapping.post_title !== undefined &&
  (/单位/.test(mapping.post_title) || titleUnits.has(staging));

/**
 * Staged sources whose post column, under a header that does not say so (现任职务, the 任免审批表's
 * field), names the unit with the post in most of its values (永州市财政局局长, 珠山镇党委书记):
 * their units are read from it as from a 工作单位及职务 column (set by `readsUnitsFromTitles`).
 */
const titleUnits = new Set<string>();

async function readsUnitsFromTitles(
  db: DuckClient,
  s: StagedSource,
  mapping: Record<string, string>,
): Promise<void> {
  titleUnits.delete(s.staging);
  if (mapping.unit_name !== undefined || mapping.post_title === undefined) return;
  if (/单位/.test(mapping.post_title)) return;
  const post = `nullif(trim(CAST(${quoteIdent(mapping.post_title)} AS VARCHAR)), '')`;
  const [{ most }] = await db.query<{ most: boolean }>(`
    SELECT coalesce(2 * count(*) FILTER (WHERE unit_of_title(t) IS NOT NULL) > count(*), false)
      AS most
    FROM (SELECT DISTINCT ${post} AS t FROM ${s.staging} WHERE ${post} IS NOT NULL LIMIT 2000)`);
  if (most) titleUnits.add(s.staging);
}

/** The dates whose unreadable text is a data-quality note. */
const NOTED_DATES = [
  'work_start_date',
  'party_join_date',
  'level_since',
  'post_since',
  'retirement_date',
];

/** Date fields whose source column is text: parsed through a lookup of distinct values. */
const textDateFields = (mapping: Record<string, string>, types: Map<string, string>) =>
  FIELDS.filter(
    (f) =>
      f.kind === 'date' &&
      mapping[f.name] !== undefined &&
      (types.get(mapping[f.name]) === 'VARCHAR' ||
        NUMBER_TYPE.test(types.get(mapping[f.name])!.toUpperCase())),
  ).map((f) => f.name);

const lookupTables = (staging: string) =>
  [
    ...Object.keys(LOOKUPS),
    'post',
    'body',
    'region',
    'unit_guess',
    ...FIELDS.filter((f) => f.kind === 'date').map((f) => `d_${f.name}`),
  ].map((k) => `${staging}_lk_${k}`);

const CANONICAL = FIELDS.map((f) => f.name).concat(['party', 'source_file', 'source_row']);

/** The column a roster grouped under unit headings gets: each row's unit, from the heading above. */
export const HEADING_UNIT_COLUMN = '__heading_unit';
/** And its region, where the heading names one (市直 · 永州市教育局). */
export const HEADING_REGION_COLUMN = '__heading_region';
/** Whether a row is such a heading (skipped). */
export const HEADING_COLUMN = '__heading';

/**
 * A roster without a unit column, grouped under a heading row per unit (DOMAIN §8's 干部名册:
 * 一、永州市财政局 / 市直 · 永州市教育局（3 人） / a merged row 珠山镇): each row's unit is the
 * heading above it, or its 工作单位及职务's head where that names one. A heading that names a
 * group, not a unit (一、市直单位, 乡镇), ends the unit above it. Returns the mapping with the
 * unit column added to the staged rows, or as it was when no heading names a unit.
 */
async function headingUnits(
  db: DuckClient,
  s: StagedSource,
  mapping: Record<string, string>,
): Promise<Record<string, string>> {
  const cols = userColumns(await describe(db, s.staging)).map((c) => c.name);
  // Its region too (市直 · 永州市教育局), for a roster without one.
  const regions = mapping.region === undefined && !s.sheetRegion;
  const withColumns = () => ({
    ...mapping,
    unit_name: HEADING_UNIT_COLUMN,
    ...(regions ? { region: HEADING_REGION_COLUMN } : {}),
  });
  if (cols.includes(HEADING_UNIT_COLUMN)) return withColumns();
  if (cols.length < 2) return mapping;
  const v = (c: string) => `nullif(trim(CAST(${quoteIdent(c)} AS VARCHAR)), '')`;
  const first = v(cols[0]);
  const cells = cols.map(v);
  // A heading has one text: in its first cell alone, or merged across the row (every cell).
  const oneText = `(${cells
    .slice(1)
    .map((c) => `(${c} IS NULL OR ${c} = ${first})`)
    .join(' AND ')})`;
  const birth = v(mapping.birth_date);
  const name = mapping.name ? v(mapping.name) : 'NULL';
  const line = `${first} IS NOT NULL AND ${oneText}
    AND (${birth} IS NULL OR ${birth} = ${first}) AND (${name} IS NULL OR ${name} = ${first})
    AND NOT regexp_full_match(${first}, '\\s*\\d+\\s*')`;
  // A name alone on its row is a person without a birth date (rejected, and said so), even one
  // ending like a unit (陈志行): a heading is merged across the row, numbered or counted, or long.
  const merged = `(${cells
    .slice(1)
    .map((c) => `${c} = ${first}`)
    .join(' OR ')})`;
  const heading = `${line} AND heading_unit(${first}) IS NOT NULL
    AND (${merged} OR heading_words(${first}) <> ${first} OR length(${first}) >= 5)`;
  // A numbered heading that names no unit (一、市直单位) ends the unit above it.
  const group = `${line} AND regexp_matches(${first}, ${quoteLiteral(SECTION_PATTERN)})`;
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${s.staging} WHERE ${heading}`,
  );
  if (n === 0) return mapping;
  const titled = unitFromTitle(mapping, 'unit_name', s.staging)
    ? `unit_of_title(${v(mapping.post_title!)})`
    : 'NULL';
  const carry = (x: string) => `nullif(last_value(${x} IGNORE NULLS) OVER (ORDER BY __rid), '')`;
  await db.exec(`
    ALTER TABLE ${s.staging} ADD COLUMN ${HEADING_COLUMN} BOOLEAN;
    ALTER TABLE ${s.staging} ADD COLUMN ${HEADING_UNIT_COLUMN} VARCHAR;
    ALTER TABLE ${s.staging} ADD COLUMN ${HEADING_REGION_COLUMN} VARCHAR;
    UPDATE ${s.staging} SET ${HEADING_COLUMN} = x.__h,
      ${HEADING_UNIT_COLUMN} = CASE WHEN NOT x.__h THEN coalesce(${titled}, x.__u) END,
      ${HEADING_REGION_COLUMN} = CASE WHEN NOT x.__h THEN x.__r END
    FROM (
      SELECT __rid, __h, ${carry('__hu')} AS __u, ${carry('__hr')} AS __r
      FROM (SELECT rowid AS __rid, coalesce(${heading}, false) AS __h,
          CASE WHEN ${heading} THEN heading_unit(${first}) WHEN ${group} THEN '' END AS __hu,
          CASE WHEN ${heading} THEN coalesce(heading_region(${first}), '') WHEN ${group} THEN ''
            END AS __hr
        FROM ${s.staging})
    ) x
    WHERE ${s.staging}.rowid = x.__rid`);
  const [{ any }] = await db.query<{ any: boolean }>(
    `SELECT count(${HEADING_REGION_COLUMN}) > 0 AS any FROM ${s.staging}`,
  );
  if (!any) return { ...mapping, unit_name: HEADING_UNIT_COLUMN };
  return withColumns();
}

/** Inserts the valid rows of one staged source; reports rejected rows and warnings. */
async function insertStaged(
  db: DuckClient,
  source: StagedSource,
  index: number,
  acceptDuplicates: boolean,
) {
  const { staging } = source;
  const view = `${staging}_n`;
  const dups = `${staging}_dup`;
  await keyOthersApart(db, view);
  await findDuplicates(db, view, dups);
  const [{ read, skipped, duplicates }] = await db.query<{
    read: number;
    skipped: number;
    duplicates: number;
  }>(
    `SELECT count(*) FILTER (NOT skipped)::INTEGER AS read,
       count(*) FILTER (skipped)::INTEGER AS skipped,
       (SELECT count(*) FROM ${dups})::INTEGER AS duplicates
     FROM ${view}`,
  );
  if (!acceptDuplicates && tooManyDuplicates(duplicates, read)) {
    const examples = await db.query<DuplicateExample>(
      `SELECT v.source_file AS file, v.source_row AS row, v.name, v.person_id AS "personId",
         d.first_row AS "firstRow", d.first_file AS "firstFile"
       FROM ${view} v JOIN ${dups} d USING (seq) ORDER BY v.seq LIMIT 5`,
    );
    // Mostly people already loaded for the same date: two files of one month, not a bad id.
    const [{ loaded, date }] = await db.query<{ loaded: number; date: string | null }>(
      `SELECT count(*) FILTER (WHERE d.first_row IS NULL AND d.first_file IS NULL)::INTEGER AS loaded,
         strftime(min(v.snapshot_date), '%Y-%m-%d') AS date
       FROM ${view} v JOIN ${dups} d USING (seq)`,
    );
    throw new DuplicatesFound(
      source.name,
      index,
      duplicates,
      read,
      examples,
      loaded * 2 > duplicates ? date : null,
    );
  }
  const valid = `NOT skipped AND reject_code IS NULL AND seq NOT IN (SELECT seq FROM ${dups})`;
  const [inserted] = await db.query<{ Count: number }>(
    `INSERT INTO cadres (${CANONICAL.join(', ')}) SELECT ${CANONICAL.join(', ')} FROM ${view} WHERE ${valid}`,
  );
  const rows = await db.query<{
    file: string;
    row: number;
    name: string | null;
    code: string;
    birth_raw: string | null;
    person_id: string | null;
    first_row: number | null;
    first_file: string | null;
    snapshot: string | null;
    snapshot_raw: string | null;
  }>(
    `SELECT source_file AS file, source_row AS row, name, code, birth_raw, person_id, first_row,
       first_file, strftime(snapshot_date, '%Y-%m-%d') AS snapshot, snapshot_raw
     FROM (
       SELECT source_file, source_row, name, birth_raw, person_id, reject_code AS code,
         NULL::INTEGER AS first_row, NULL::VARCHAR AS first_file, snapshot_date, snapshot_raw
       FROM ${view} WHERE NOT skipped AND reject_code IS NOT NULL
       UNION ALL
       SELECT source_file, source_row, name, birth_raw, person_id, 'duplicate', d.first_row,
         d.first_file, snapshot_date, snapshot_raw
       FROM ${view} JOIN ${dups} d USING (seq)
     ) ORDER BY source_row, file`,
  );
  const rejected = rows.map((r) => {
    const { file, row, name, code, birth_raw, person_id, first_row, first_file, snapshot } = r;
    const params: Params =
      code === 'duplicate'
        ? { person_id, first_row, ...(first_file ? { first_file } : {}) }
        : code.startsWith('birth_') && birth_raw !== null
          ? { value: birth_raw }
          : code === 'snapshot_unreadable'
            ? { value: r.snapshot_raw }
            : {};
    return {
      file,
      row,
      name,
      code,
      params,
      reason: formatMessage(code, params),
      ...(snapshot && { snapshot }),
    };
  });
  const warnings = await findWarnings(
    db,
    view,
    valid,
    unitFromTitle(source.mapping, 'unit_name', staging),
  );
  // Every row that is no person but a blank one, by its kind (a blank line says nothing).
  const skippedRows = await db.query<SkippedRow>(
    `SELECT source_file AS file, source_row AS row, skip_kind AS kind FROM ${view}
     WHERE skipped AND skip_kind <> 'blank' ORDER BY seq`,
  );
  return {
    rows: { read, loaded: Number(inserted?.Count ?? 0), rejected: rejected.length, skipped },
    rejected,
    warnings,
    skippedRows,
  };
}

/** How each format is named to users. */
export const FORMAT_NAMES: Record<SourceFormat, string> = {
  csv: 'CSV',
  xlsx: 'Excel',
  json: 'JSON',
  lrmx: 'LRMX',
  parquet: 'Parquet',
  arrow: 'Arrow',
};
const formatName = (f: SourceFormat) => FORMAT_NAMES[f];

/** The birth cell as text, computed once per row for the tests that read it. */
const BIRTH_RAW = '__birth_raw';

const SQL_TYPE = { text: 'VARCHAR', date: 'DATE', number: 'DOUBLE', bool: 'BOOLEAN' } as const;

/**
 * What a 入党时间 cell says when it is not a date: 民主党派 members, 无党派 and 群众 are written
 * there on the standard 名册 and 任免表 (as on LRMX forms, lrmx.ts), and 无 or —— for none. 九三
 * only as 九三学社: 一九九三年 is a date.
 */
/**
 * A text 入党时间 as a date to read: a cell that names a party or says none is none (neither a
 * date nor an unreadable one). A cell starting with a digit is a date without a regular
 * expression, so a million rows of them cost nothing more.
 */
const joinDateText = (c: string) =>
  `list_transform([norm_text(${c})], x -> CASE WHEN ascii(x) BETWEEN 48 AND 57
    OR NOT (says_none(x) OR not_cpc_word(x) OR regexp_matches(x, '中共|党员')) THEN x END)[1]`;

/**
 * 政治面貌 from 入党时间 when the roster has no 政治面貌 column (the standard 干部名册 has only
 * 入党时间): a date there is a CPC member's, a party's name or 无 is not, a blank is unknown.
 */
function partyFromJoinExpr(column: string, type: string): string {
  const c = quoteIdent(column);
  if (type.toUpperCase() !== 'VARCHAR') return `CASE WHEN ${c} IS NOT NULL THEN '中共党员' END`;
  // Computed once per row (a lambda): a macro or a CASE repeats its argument.
  return `list_transform([norm_text(${c})], t -> CASE WHEN t IS NULL THEN NULL
    WHEN ascii(t) BETWEEN 48 AND 57 THEN '中共党员'
    WHEN regexp_matches(t, '中共|党员') THEN t
    WHEN says_none(t) THEN '群众'
    WHEN not_cpc_word(t) THEN t
    WHEN regexp_matches(t, '[0-9〇零一二三四五六七八九]') THEN '中共党员' END)[1]`;
}

/** Text from CSV is trimmed; typed Parquet/Arrow columns are taken as they are (trim is costly). */
/** An instant with a time zone as the day of the local midnight it stands for (rawExpr). */
const localDay = (c: string) => `CAST(make_timestamp(epoch_us(${c}) + 43200000000) AS DATE)`;

/** A number type of DuckDB's (a Parquet or Arrow column written by a script). */
const NUMBER_TYPE =
  /^(DOUBLE|FLOAT|REAL|DECIMAL|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U(TINY|SMALL|BIG)?INT)/;

/**
 * A number column's value as the text a date is read from: 198305.0 (pandas stores an integer
 * column with a blank as floats; a DECIMAL(8,1) holds it too) as 198305, 1979.1 as 1979.1, a
 * DECIMAL as its digits (1979.10).
 */
function numberAsDateText(c: string, t: string): string {
  // NaN and ±Inf (a Spark or Polars blank) are no BIGINT: blank.
  const float = /^(DOUBLE|FLOAT|REAL)/.test(t);
  return float || /^DECIMAL/.test(t)
    ? `CASE ${float ? `WHEN NOT isfinite(${c}) THEN NULL ` : ''}WHEN ${c} = trunc(${c}) THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`
    : `CAST(${c} AS VARCHAR)`;
}

function rawExpr(field: FieldSpec, column: string, type: string, trim: boolean): string {
  const c = quoteIdent(column);
  const t = type.toUpperCase();
  switch (field.kind) {
    case 'date':
      // An instant with a time zone (pandas' tz-aware column, Spark) stands for a local
      // midnight: the nearest UTC midnight's day, so that 1983-05-01 00:00+08:00 (and +09:00 in
      // China's summer time of 1986–1991) is 1 May, not 30 April in UTC.
      if (t === 'TIMESTAMP WITH TIME ZONE') return localDay(c);
      if (t === 'DATE' || t.startsWith('TIMESTAMP')) return `CAST(${c} AS DATE)`;
      if (NUMBER_TYPE.test(t)) return numberAsDateText(c, t);
      return t === 'VARCHAR' ? `norm_text(${c})` : `parse_date(${c})`;
    case 'number':
      return t === 'VARCHAR'
        ? `${field.name === 'grassroots_years' ? 'norm_grassroots' : 'norm_years'}(norm_text(${c}))`
        : `CAST(${c} AS DOUBLE)`;
    case 'bool':
      return t === 'BOOLEAN' ? c : `norm_bool(norm_text(${c}))`;
    default:
      if (field.name === 'source' && /是否选调生/.test(column))
        return `CASE WHEN ${t === 'BOOLEAN' ? c : `norm_bool(norm_text(CAST(${c} AS VARCHAR)))`} THEN '选调生' END`;
      return trim ? `norm_text(${c})` : `nullif(CAST(${c} AS VARCHAR), '')`;
  }
}

/**
 * The appraisal history from one column per year (2022年度考核, 2023年度考核 …) when no column
 * holds it as text: "2022年度称职；2023年度优秀", the years with a result, oldest first.
 */
function appraisalColumnsExpr(
  mapping: Record<string, string>,
  types: Map<string, string>,
  trim: boolean,
): string {
  const used = new Set(Object.values(mapping));
  const years = [...types.keys()]
    .filter((c) => !used.has(c))
    .map((c) => ({ c, y: appraisalYearOf(c) }))
    .filter((x): x is { c: string; y: number } => x.y !== null)
    .sort((a, b) => a.y - b.y);
  if (years.length === 0) return 'CAST(NULL AS VARCHAR)';
  const cell = (c: string) =>
    trim ? `norm_text(${quoteIdent(c)})` : `nullif(CAST(${quoteIdent(c)} AS VARCHAR), '')`;
  return `nullif(concat_ws('；', ${years
    .map(({ c, y }) => `CASE WHEN ${cell(c)} IS NOT NULL THEN '${y}年度' || ${cell(c)} END`)
    .join(', ')}), '')`;
}

/**
 * `${staging}_n`: every row of `staging` normalised, with its reject code. Typed sources get a
 * view (cheap to re-read); CSV text is trimmed and parsed once into a table, since the rows are
 * read several times (duplicates, insert, rejections, warnings). Views take no parameters, so
 * the file name and snapshot enter as escaped literals.
 */
/**
 * The values of a row past its header's last named column, or NULL. A CSV reader pads a table to
 * its longest row and names the columns the header lacks column5, column6 …: a cell with an
 * unquoted comma shifts the rest of its row (年度考核 '22称职,'23优秀 under one header).
 */
function extraFields(types: Map<string, string>): string {
  const names = [...types.keys()];
  let k = names.length;
  while (k > 0 && /^column\d+$/.test(names[k - 1])) k--;
  const extra = names.slice(k);
  return extra.length
    ? `nullif(concat_ws('，', ${extra.map((c) => `nullif(trim(CAST(${quoteIdent(c)} AS VARCHAR)), '')`).join(', ')}), '')`
    : 'CAST(NULL AS VARCHAR)';
}

/**
 * The first cell of a row holding U+FFFD, in a text file whose bytes were not all UTF-8 (a
 * character cut off by a byte-limited export, TextAsCsv.replaced), or NULL.
 */
function replacedText(types: Map<string, string>, replaced: boolean): string {
  if (!replaced) return 'CAST(NULL AS VARCHAR)';
  const cells = [...types.keys()].map((c) => `CAST(${quoteIdent(c)} AS VARCHAR)`);
  return `list_filter([${cells.join(', ')}], x -> contains(x, '\uFFFD'))[1]`;
}

function normaliseSql(
  staging: string,
  mapping: Record<string, string>,
  types: Map<string, string>,
  firstRow: number,
  trim: boolean,
  fileName: string,
  snapshot: string | null,
  gaps: number[] = [],
  sheetValues: SheetValues = {},
  replaced = false,
): string {
  // Several files in one source (LRMX): each row names its file and is that file's only row.
  const perRowFile = types.has(FILE_COLUMN);
  const fileExpr = perRowFile ? quoteIdent(FILE_COLUMN) : quoteLiteral(fileName);
  // The line of a row: counted from the first data row, plus the empty lines above it (DuckDB
  // reads no row for them), found by an as-of join on their positions.
  const rowExpr = perRowFile
    ? 'CAST(1 AS INTEGER)'
    : `CAST(t.rowid + ${firstRow}${gaps.length ? ' + coalesce(g.j, 0)' : ''} AS INTEGER)`;
  // Several empty lines in a row share a position: the last (most of them) counts.
  const shift = new Map(gaps.map((k, j) => [k, j + 1]));
  const gapJoin = gaps.length
    ? ` t ASOF LEFT JOIN (VALUES ${[...shift].map(([k, j]) => `(${k}, ${j})`).join(', ')}) g(k, j)` +
      ` ON t.rowid + ${firstRow} >= g.k`
    : ' t';
  // Source columns named like the ones added here are not mapped to anything.
  const clash = ['seq', 'source_row', 'source_file', BIRTH_RAW].filter((c) => types.has(c));
  const snap = snapshot === null ? 'NULL::DATE' : `${quoteLiteral(snapshot)}::DATE`;
  const raw: string[] = [];
  // What the sheet's name says of a field its rows do not give (its county, its unit).
  const sheetValue = (name: string) => {
    const v = sheetValues[name as keyof SheetValues];
    return v === undefined
      ? `CAST(NULL AS ${SQL_TYPE[FIELDS.find((f) => f.name === name)!.kind]})`
      : quoteLiteral(v);
  };
  for (const f of FIELDS) {
    const col = mapping[f.name];
    const expr =
      col === undefined
        ? f.name === 'appraisals'
          ? appraisalColumnsExpr(mapping, types, trim)
          : f.name === 'political_status' && mapping.party_join_date !== undefined
            ? partyFromJoinExpr(mapping.party_join_date, types.get(mapping.party_join_date)!)
            : unitFromTitle(mapping, f.name, staging)
              ? `coalesce(unit_of_title(${rawExpr(POST_TITLE, mapping.post_title!, types.get(mapping.post_title!)!, trim)}), ${sheetValue(f.name)})`
              : sheetValue(f.name)
        : f.name === 'level'
          ? levelExpr(mapping, types, trim)
          : f.name === 'party_join_date' && types.get(col)!.toUpperCase() === 'VARCHAR'
            ? joinDateText(quoteIdent(col))
            : rawExpr(f, col, types.get(col)!, trim);
    raw.push(`${expr} AS ${f.name}`);
    // A number (or 是否班子成员) written as text: kept as written too, to name a value that is
    // none.
    if (f.kind === 'number' || f.name === 'is_team_member')
      raw.push(
        `${col !== undefined && types.get(col)!.toUpperCase() === 'VARCHAR' ? `norm_text(${quoteIdent(col)})` : 'CAST(NULL AS VARCHAR)'} AS ${f.name}_text`,
      );
  }
  // One person however the number is written (spaces, x, full width, the old 15-digit form) and
  // a name without padding: in steps of their own, so each expression reads a column once.
  // A typed number's width is normalised in a step before (id_number_clean reads it four times).
  const wide = !trim && mapping.id_number;
  const cleaned = [
    ...(mapping.name ? ['norm_name(name) AS name'] : []),
    ...(mapping.id_number ? ['id_number_clean(id_number) AS id_number'] : []),
  ];
  const cleanSteps = `${
    wide ? 'rw AS (SELECT * REPLACE (norm_width_col(id_number) AS id_number) FROM r0),' : ''
  }${
    cleaned.length
      ? `rc AS (SELECT * REPLACE (${cleaned.join(', ')}) FROM ${wide ? 'rw' : 'r0'}),`
      : 'rc AS (SELECT * FROM r0),'
  }
r AS (SELECT * ${mapping.id_number ? 'REPLACE (id_number_upgrade(id_number) AS id_number) ' : ''}FROM rc),`;
  // A form of an LRMX batch that could not be read: its reject code.
  const formReject = types.has(REJECT_COLUMN) ? quoteIdent(REJECT_COLUMN) : 'NULL::VARCHAR';
  const birthCol = mapping.birth_date;
  const birthType = types.get(birthCol)!.toUpperCase();
  const birthRaw =
    birthType === 'VARCHAR'
      ? `norm_text(${quoteIdent(birthCol)})`
      : NUMBER_TYPE.test(birthType)
        ? numberAsDateText(quoteIdent(birthCol), birthType)
        : `CAST(${quoteIdent(birthCol)} AS VARCHAR)`;
  const dateLookups = textDateFields(mapping, types);
  // Dates written as text that are not read are said (a birth date that is not is a rejected row).
  const notedDates = dateLookups.filter((f) => NOTED_DATES.includes(f));
  const birthPrecision =
    mapping.birth_precision !== undefined
      ? 'r.birth_precision'
      : birthType === 'DATE' || birthType.startsWith('TIMESTAMP')
        ? `'day'`
        : dateLookups.includes('birth_date')
          ? 'r.birth_prec'
          : `date_precision(r.birth_raw)`;
  const has = (f: string) => mapping[f] !== undefined;
  // Without a usable id a person is their name and birth month, so that months can be matched;
  // a second 张伟 born the same month in one snapshot is another person (k), not a duplicate.
  // Hashed, so that a masked page shows no name in an id. With a 人员编号 column a row without
  // one is rare enough to skip the window's sort.
  // Namesakes of one birth month are numbered by their birth dates where the roster has days,
  // else by unit and post, and only then by row: the same 张伟 keeps his number next month
  // whatever the rows' order, unless he changes post.
  const sameNameBirth = `row_number() OVER (PARTITION BY coalesce(r.snapshot_date, ${snap}), r.name,
    date_trunc('month', r.birth_date) ORDER BY r.birth_date, r.unit_name, r.post_title, r.seq)`;
  const nameBirthKey = `'N' || left(md5(r.name || '|' || strftime(r.birth_date, '%Y-%m')), 12)`;
  const personByNameBirth = `CASE WHEN r.name IS NOT NULL AND r.birth_date IS NOT NULL THEN ${
    has('person_id')
      ? nameBirthKey
      : `${nameBirthKey} || CASE WHEN ${sameNameBirth} > 1 THEN '-' || ${sameNameBirth} ELSE '' END`
  } END`;
  // Blank lines are a spreadsheet artefact; typed Parquet/Arrow rows are never skipped.
  const internal = [
    FILE_COLUMN,
    REJECT_COLUMN,
    HEADING_COLUMN,
    HEADING_UNIT_COLUMN,
    HEADING_REGION_COLUMN,
  ];
  const cols = [...types].filter(([name]) => !internal.includes(name));
  const allNull = !trim
    ? 'false'
    : cols
        .map(([name, type]) =>
          type.toUpperCase() === 'VARCHAR'
            ? `norm_text(${quoteIdent(name)}) IS NULL`
            : `${quoteIdent(name)} IS NULL`,
        )
        .join(' AND ');
  // A totals line has no birth date and 合计/共N人 in its first or name column; a footer line
  // (填表人：…, 审核人：…) has none and its label at the start of any cell — or in the birth
  // column itself, where a footer typed in column B or C often lands.
  const labelCols = [cols[0]?.[0], mapping.name].filter((c) => c !== undefined);
  const text = (c: string) => `coalesce(CAST(${quoteIdent(c)} AS VARCHAR), '')`;
  // Section headings (一、市直单位) too; and a row of a template numbered ahead with only its 序号.
  const [first, ...rest] = cols;
  const nameFree =
    mapping.name === undefined
      ? 'true'
      : `(norm_text(${text(mapping.name)}) IS NULL OR regexp_matches(${text(mapping.name)}, ${quoteLiteral(FOOTER_PATTERN)}))`;
  const numberedOnly =
    trim && first && rest.length
      ? ` OR (regexp_full_match(${text(first[0])}, '\\s*\\d+\\s*') AND ${rest
          .map(([c]) => `norm_text(CAST(${quoteIdent(c)} AS VARCHAR)) IS NULL`)
          .join(' AND ')})`
      : '';
  // What a row with no birth date is, when it is no person (its skip kind), else NULL.
  const joined = `concat_ws(chr(31), ${cols.map(([c]) => text(c)).join(', ')})`;
  const noBirthKind = !trim
    ? ''
    : labelCols
        .map(
          (c) =>
            ` WHEN regexp_matches(${text(c)}, ${quoteLiteral(TOTALS_PATTERN)}) THEN 'totals'` +
            ` WHEN regexp_matches(${text(c)}, ${quoteLiteral(SECTION_PATTERN)}) THEN 'heading'`,
        )
        .join('') +
      // A footer's label in any cell, unless the row names someone: a person's 备注 cell may
      // begin 备注： or 说明：, and a person without a birth date is rejected, not skipped. A
      // label alone in its cell (填表人：| 王五) is a footer's whatever stands beside it.
      ` WHEN (${nameFree} AND regexp_matches(${joined}, ` +
      `${quoteLiteral(FOOTER_PATTERN.replace(/^\^/, '(^|\x1f)'))}))` +
      ` OR regexp_matches(${joined}, ` +
      `${quoteLiteral(FOOTER_PATTERN.replace(/^\^/, '(^|\x1f)') + '\\s*(\x1f|$)')}) THEN 'footer'` +
      ` WHEN regexp_full_match(${joined}, ` +
      `${quoteLiteral(`[\x1f\\s]*(?:${PAGE_MARK_PATTERN})[\x1f\\s]*`)}) THEN 'page'` +
      (numberedOnly ? ` WHEN ${numberedOnly.replace(/^ OR /, '')} THEN 'numbered'` : '');
  const countedTotals = labelCols.length
    ? labelCols
        // Every person's row comes here: the pattern only where its words could be.
        .map(
          (c) =>
            `CASE WHEN contains(${text(c)}, '计') OR contains(${text(c)}, '共') THEN regexp_full_match(${text(c)}, ${quoteLiteral(COUNTED_TOTALS_PATTERN)}) ELSE false END`,
        )
        .join(' OR ')
    : 'false';
  // The header again (a second header row in English, the header repeated on every page): its
  // birth cell names the birth column.
  const birthNames = [mapping.birth_date, ...FIELDS.find((f) => f.name === 'birth_date')!.aliases]
    .filter((h): h is string => h !== undefined)
    .map((h) => quoteLiteral(h.toLowerCase()));
  return `
CREATE OR REPLACE TEMP TABLE ${staging}_n AS
WITH src AS (
  SELECT CAST(t.rowid AS INTEGER) AS seq, ${rowExpr} AS source_row, ${fileExpr} AS source_file,
    ${birthRaw} AS ${BIRTH_RAW},
    t.*${clash.length ? ` EXCLUDE (${clash.map(quoteIdent).join(', ')})` : ''}
  FROM ${staging}${gapJoin}
),
r0 AS (
  SELECT seq, source_row, source_file,
    -- A row that is no person, and what it is instead: skipped, and listed by its kind.
    CASE WHEN ${formReject} IS NOT NULL THEN NULL
      WHEN ${types.has(HEADING_COLUMN) ? quoteIdent(HEADING_COLUMN) : 'false'} THEN 'heading'
      WHEN ${BIRTH_RAW} IS NULL THEN CASE WHEN ${allNull} THEN 'blank'${noBirthKind} END
      WHEN ${!trim} THEN NULL
      -- A totals line may put its count under 出生年月 (合计,,,18): its label says what it is.
      WHEN ascii(${BIRTH_RAW}) BETWEEN 48 AND 57
        THEN CASE WHEN ${countedTotals} THEN 'totals'
          -- A birth cell of a number or two: a row of column numbers (栏次) is no person.
          WHEN length(${BIRTH_RAW}) <= 2 AND regexp_full_match(${joined},
            ${quoteLiteral(COLUMN_NUMBERS_PATTERN)}) THEN 'columns' END
      -- Else only a birth cell that does not start with a digit can be a label.
      WHEN regexp_matches(${BIRTH_RAW}, ${quoteLiteral(TOTALS_PATTERN)}) THEN 'totals'
      WHEN regexp_matches(${BIRTH_RAW}, ${quoteLiteral(FOOTER_PATTERN)}) THEN 'footer'
      WHEN regexp_matches(${BIRTH_RAW}, ${quoteLiteral(SECTION_PATTERN)}) THEN 'heading'
      WHEN regexp_full_match(${BIRTH_RAW}, ${quoteLiteral(PAGE_MARK_PATTERN)}) THEN 'page'
      WHEN lower(${BIRTH_RAW}) IN (${birthNames.join(', ')}) THEN 'header'
      WHEN regexp_full_match(${joined}, ${quoteLiteral(COLUMN_NUMBERS_PATTERN)}) THEN 'columns' END
      AS skip_kind,
    skip_kind IS NOT NULL AS skipped,
    ${formReject} AS form_reject,
    ${BIRTH_RAW} AS birth_raw,
    ${extraFields(types)} AS extra_fields,
    ${replacedText(types, replaced)} AS replaced_text,
    ${raw.join(',\n    ')}
  FROM src
),
${cleanSteps}
rd AS (
  ${
    dateLookups.length === 0
      ? 'SELECT * FROM r'
      : `SELECT r.* REPLACE (${dateLookups.map((f) => `d_${f}.val AS ${f}`).join(', ')})${
          dateLookups.includes('birth_date') ? ', d_birth_date.prec AS birth_prec' : ''
        }${notedDates.map((f) => `, r.${f} AS ${f}_text`).join('')}${
          dateLookups.includes('snapshot_date') ? ', r.snapshot_date AS snapshot_raw' : ''
        }
  FROM r
  ${dateLookups
    .map((f) => `LEFT JOIN ${staging}_lk_d_${f} d_${f} ON d_${f}.raw IS NOT DISTINCT FROM r.${f}`)
    .join('\n  ')}`
  }
),
n AS (
  SELECT r.seq, r.source_row, r.skipped, r.skip_kind, r.form_reject, r.birth_raw, r.extra_fields,
    r.replaced_text,
    ${dateLookups.includes('snapshot_date') ? 'r.snapshot_raw' : 'NULL::VARCHAR'} AS snapshot_raw,
    r.level AS level_raw,
    r.grassroots_years_text, r.secretary_years_text, r.is_team_member_text,
    coalesce(r.snapshot_date, ${snap}) AS snapshot_date,
    coalesce(r.person_id, CASE WHEN NOT id_digits_lost(r.id_number) THEN r.id_number END,
      ${personByNameBirth}, r.source_file || '#' || CAST(r.source_row AS VARCHAR)) AS person_id,
    r.name, r.id_number,
    coalesce(lk_gender.val, CAST(id_gender(r.id_number) AS gender_t)) AS gender,
    ${has('name') ? 'r.name IS NULL' : 'false'} AS name_missing,
    -- Said per row where the 性别 cell is blank; a roster without the column takes it silently.
    ${has('gender') ? 'lk_gender.val IS NULL AND id_gender(r.id_number) IS NOT NULL' : 'false'}
      AS gender_from_id,
    -- A 性别 written in words the loader does not know (女士, x), with no ID number to tell.
    ${has('gender') ? 'r.gender IS NOT NULL AND lk_gender.val IS NULL AND id_gender(r.id_number) IS NULL' : 'false'}
      AS gender_unread,
    -- A blank 性别 with no ID number to tell it: in no figure by gender, said.
    ${has('gender') ? 'r.gender IS NULL AND id_gender(r.id_number) IS NULL' : 'false'}
      AS gender_blank,
    ${has('gender') ? 'r.gender' : 'NULL::VARCHAR'} AS gender_text,
    -- A 民族 that is none of the 56 (穿青人, 外国血统, a typing error): in neither count, said.
    ${has('ethnicity') ? 'r.ethnicity IS NOT NULL AND lk_ethnicity.val IS NULL AND NOT ethnicity_unknown_word(r.ethnicity)' : 'false'}
      AS ethnicity_unread,
    ${has('ethnicity') ? 'r.ethnicity' : 'NULL::VARCHAR'} AS ethnicity_text,
    -- A 政治面貌 that says neither the CPC nor another party or none: unknown, said.
    ${has('political_status') ? 'r.political_status IS NOT NULL AND lk_party.val IS NULL' : 'false'}
      AS party_unread,
    ${
      notedDates.length
        ? `list_filter([${notedDates
            .map(
              (f) =>
                `CASE WHEN r.${f} IS NULL AND r.${f}_text IS NOT NULL AND NOT regexp_full_match(r.${f}_text, '[-—–/\\s无]*') THEN {'f': '${f}', 'v': r.${f}_text} END`,
            )
            .join(', ')}], x -> x IS NOT NULL)`
        : `[]::STRUCT(f VARCHAR, v VARCHAR)[]`
    } AS dates_unread,
    r.birth_date, ${birthPrecision} AS birth_precision,
    lk_ethnicity.val AS ethnicity, r.native_place, r.political_status, lk_party.val AS party,
    r.party_join_date, r.work_start_date,
    ef.val AS education_fulltime,
    ${degreeOrText('fulltime', 'ef')} AS degree_fulltime,
    -- NULL (not 未知) when the roster has neither 在职 nor 最高学历: its highest education is then
    -- only known to be at least the full-time one (selection.sql).
    ${has('education_inservice') || has('education_highest') ? 'ei.val' : 'CAST(NULL AS education_t)'} AS education_inservice,
    ${degreeOrText('inservice', 'ei')} AS degree_inservice,
    -- 最高学历 as written; where it is blank (or the roster has none), the higher of 全日制 and
    -- 在职.
    ${has('education_highest') ? `CASE WHEN eh.val IS DISTINCT FROM '未知' THEN eh.val ELSE ` : ''}
      CASE WHEN ef.val = '未知' THEN ei.val
        WHEN ei.val = '未知' THEN ef.val
        ELSE [ef.val, ei.val][
          1 + CAST(list_position(['研究生', '大学本科', '大学专科', '中专及以下'], ei.val)
            < list_position(['研究生', '大学本科', '大学专科', '中专及以下'], ef.val) AS INTEGER)]
      END${has('education_highest') ? ' END' : ''} AS education_highest,
    -- Without a unit code, a unit is its name within its 县市区: two counties' 财政局 are two units;
    -- a township's party committee and government are the township (township_name).
    -- A township's key is 县市区/its bare name however it is written (town_key).
    coalesce(r.unit_id, town_key(lk_body.town, lk_region.val), CASE WHEN lk_region.val IS NOT NULL
        AND NOT starts_with(coalesce(lk_body.town, r.unit_name), lk_region.val)
      THEN lk_region.val || '/' || coalesce(lk_body.town, r.unit_name)
      ELSE coalesce(lk_body.town, r.unit_name) END) AS unit_id,
    coalesce(lk_body.town, r.unit_name) AS unit_name,
    coalesce(lk_unit_type.val, lk_unit_guess.val) AS unit_type, lk_region.val AS region,
    r.post_title, lk_post.val AS post_class,
    lk_level.val AS level,
    -- A 职级 written in the 职务层次 column (四级调研员) is the rank.
    coalesce(lk_rank.val, CASE WHEN lk_level.val IS NULL AND is_rank_word(r.level)
      THEN norm_rank(r.level) END) AS rank,
    r.unit_type AS unit_type_raw, r.level_since, r.post_since,
    r.is_team_member,
    -- Without 是否正职: a township's principals are its secretary and head (DOMAIN.md §3), not
    -- a 正科 人大主席 or 专职副书记; elsewhere the level tells, unless the title is a deputy's
    -- (副局长（正科级）).
    coalesce(r.is_principal, CASE
      WHEN is_township_principal(lk_post.val) THEN true
      WHEN lk_post.val = 'other'
        AND coalesce(lk_unit_type.val, lk_unit_guess.val) = '乡镇街道' THEN false
      WHEN lk_post.deputy THEN false
      WHEN lk_level.val LIKE '%正职' THEN true
      WHEN lk_level.val LIKE '%副职' THEN false END) AS is_principal,
    -- A reserve of no stated category is one for the level above: 处级 from 乡科级正职 up (and a
    -- 县处级 cadre's, for the 正职), 科级 below.
    CAST(CASE lk_reserve.val WHEN '是' THEN CASE
        WHEN lk_level.val IN ('厅局级正职', '厅局级副职', '县处级正职', '县处级副职', '乡科级正职')
        THEN '处级后备' ELSE '科级后备' END
      ELSE lk_reserve.val END AS reserve_t) AS reserve,
    r.grassroots_years, r.appraisals, r.secretary_years, r.source,
    r.secondment_type, r.secondment_unit,
    -- 挂职起止时间 ("2023.03-2025.03", "2023年3月至2025年3月", "20230301-20250228") fills the
    -- start and end months.
    coalesce(r.secondment_start, year_month_text(replace(
      regexp_extract_all(r.secondment_period, '[0-9]{4}[.\\-/年]?[0-9]{1,2}')[1], '年', '.')))
      AS secondment_start,
    coalesce(r.secondment_end, CASE
      WHEN len(regexp_extract_all(r.secondment_period, '[0-9]{4}[.\\-/年]?[0-9]{1,2}')) >= 2
      THEN last_day(year_month_text(replace(
        regexp_extract_all(r.secondment_period, '[0-9]{4}[.\\-/年]?[0-9]{1,2}')[-1], '年', '.')))
      END) AS secondment_end,
    r.secondment_period, r.secondment_batch, r.retirement_date,
    r.source_file
  FROM rd r
  ${[
    ['gender', 'lk_gender', 'gender'],
    ['party', 'lk_party', 'political_status'],
    ['education', 'ef', 'education_fulltime'],
    ['education', 'ei', 'education_inservice'],
    ['education', 'eh', 'education_highest'],
    ['unit_type', 'lk_unit_type', 'unit_type'],
    ['level', 'lk_level', 'level'],
    ['rank', 'lk_rank', 'rank'],
    ['ethnicity', 'lk_ethnicity', 'ethnicity'],
    ['reserve', 'lk_reserve', 'reserve'],
  ]
    .map(
      ([table, alias, field]) =>
        `LEFT JOIN ${staging}_lk_${table} ${alias} ON ${alias}.raw IS NOT DISTINCT FROM r.${field}`,
    )
    .join('\n  ')}
  LEFT JOIN ${staging}_lk_body lk_body ON lk_body.raw IS NOT DISTINCT FROM r.unit_name
  LEFT JOIN ${staging}_lk_region lk_region ON lk_region.raw IS NOT DISTINCT FROM r.region
  LEFT JOIN ${staging}_lk_unit_guess lk_unit_guess ON lk_unit_type.val IS NULL
    AND lk_unit_guess.unit_name IS NOT DISTINCT FROM r.unit_name
    AND lk_unit_guess.region IS NOT DISTINCT FROM lk_region.val
  LEFT JOIN ${staging}_lk_post lk_post ON lk_post.title IS NOT DISTINCT FROM r.post_title
    AND lk_post.unit_type IS NOT DISTINCT FROM r.unit_type
    AND lk_post.body IS NOT DISTINCT FROM lk_body.val
    AND lk_post.post_class IS NOT DISTINCT FROM r.post_class
),
checked AS (
  SELECT n.*,
    CASE
      WHEN n.skipped THEN NULL
      WHEN n.form_reject IS NOT NULL THEN n.form_reject
      WHEN n.birth_raw IS NULL THEN 'birth_missing'
      WHEN n.birth_date IS NULL AND regexp_full_match(n.birth_raw, '(19|20)[0-9]{2}\\s*年?')
        THEN 'birth_year_only'
      -- What Excel shows for a formula that failed (出生年月 =MID(身份证号,7,6) of a bad number).
      WHEN n.birth_date IS NULL AND regexp_full_match(n.birth_raw,
        '#(VALUE!|REF!|N/A|DIV/0!|NAME\\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)') THEN 'birth_formula_error'
      WHEN n.birth_date IS NULL THEN 'birth_unparsed'
      -- A 统计时点 cell that cannot be read (2025-13-01) or is blank, else a file without one.
      WHEN n.snapshot_date IS NULL THEN CASE WHEN n.snapshot_raw IS NOT NULL
        THEN 'snapshot_unreadable' WHEN ${has('snapshot_date')} THEN 'snapshot_blank'
        ELSE 'snapshot_missing' END
      WHEN n.birth_date > n.snapshot_date THEN 'birth_future'
      WHEN n.birth_date < DATE '1900-01-01' OR age_at(n.birth_date, n.snapshot_date) > 100
        THEN 'birth_implausible'
    END AS reject_code
  FROM n
),
-- Each unit's highest tier, joined back: a window over every row and column (OVER (PARTITION BY
-- snapshot_date, unit_id)) took half of this statement's time.
tops AS (
  SELECT snapshot_date, unit_id,
    max(level_tier(level)) FILTER (WHERE reject_code IS NULL AND NOT skipped) AS unit_top
  FROM checked GROUP BY ALL
)
${
  has('is_team_member')
    ? // A blank 是否班子成员 in a column that says 否 too is not known: the level decides, as
      // without the column. In a column of 是 alone (a tick list) a blank is no.
      `SELECT c.* REPLACE (CASE WHEN c.is_team_member IS NULL AND c.is_team_member_text IS NULL
          AND c.reject_code IS NULL
          AND NOT c.skipped AND (SELECT coalesce(bool_or(NOT is_team_member), false) FROM checked)
        THEN team_by_level(c.level, c.unit_type, t.unit_top)
        ELSE c.is_team_member END AS is_team_member)
    FROM checked c`
    : // No 是否班子成员: a unit's team is its leading cadres of its highest tier (team_by_level).
      `SELECT c.* REPLACE (CASE WHEN c.reject_code IS NULL AND NOT c.skipped
        THEN team_by_level(c.level, c.unit_type, t.unit_top) END AS is_team_member)
    FROM checked c`
}
LEFT JOIN tops t ON t.snapshot_date IS NOT DISTINCT FROM c.snapshot_date
  AND t.unit_id IS NOT DISTINCT FROM c.unit_id`;
}

/**
 * A 身份证号 on rows of another name and another birth month in one snapshot (in this file or
 * already loaded) is not that person's: such a row is known by its name, birth month and number
 * instead, so that it is kept (and noted, findWarnings), not rejected as the same person twice.
 * Who keeps the number: the row loaded before, else the first row of the file. The same name or
 * the same birth month (a typing error in one of them) stays the same person.
 */
async function keyOthersApart(db: DuckClient, view: string): Promise<void> {
  const holders = `
    SELECT snapshot_date, id_number, name, date_trunc('month', birth_date) AS bm, 0 AS src, 0 AS seq
    FROM cadres
    WHERE person_id = id_number AND snapshot_date IN (SELECT DISTINCT snapshot_date FROM ${view})
    UNION ALL
    SELECT snapshot_date, id_number, name, date_trunc('month', birth_date), 1, seq
    FROM ${view}
    WHERE reject_code IS NULL AND NOT skipped AND person_id = id_number
      AND name IS NOT NULL AND birth_date IS NOT NULL`;
  const others = `
    SELECT snapshot_date, id_number, arg_min(name, src * 1e12 + seq) AS name,
      arg_min(bm, src * 1e12 + seq) AS bm
    FROM (${holders}) GROUP BY ALL HAVING min(name) <> max(name) AND min(bm) <> max(bm)`;
  const [{ any }] = await db.query<{ any: boolean }>(`SELECT EXISTS (${others}) AS any`);
  if (!any) return;
  await db.exec(`
    UPDATE ${view} v
    SET person_id = 'N' || left(md5(v.name || '|' || strftime(v.birth_date, '%Y-%m') || '|'
      || v.id_number), 12)
    FROM (${others}) k
    WHERE v.snapshot_date = k.snapshot_date AND v.id_number = k.id_number
      AND v.reject_code IS NULL AND NOT v.skipped AND v.person_id = v.id_number
      AND v.name <> k.name AND date_trunc('month', v.birth_date) <> k.bm`);
}

/**
 * Finds later copies of a person in one snapshot (in this file or already loaded) and lists their
 * rows in table `dups`, each with the row where the person appears first in this file (NULL when
 * the first is among the rows loaded before). A grouped count decides whether the row-level pass
 * is needed at all.
 */
async function findDuplicates(db: DuckClient, view: string, dups: string): Promise<void> {
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE ${dups} (seq INTEGER, first_row INTEGER, first_file VARCHAR)`,
  );
  const [{ n }] = await db.query<{ n: number }>(`
    SELECT count(*)::INTEGER AS n FROM (
      SELECT snapshot_date, person_id FROM ${view} WHERE reject_code IS NULL AND NOT skipped
      GROUP BY ALL HAVING count(*) > 1
      UNION ALL
      SELECT snapshot_date, person_id FROM ${view} v
      WHERE reject_code IS NULL AND NOT skipped
        AND v.snapshot_date IN (SELECT DISTINCT snapshot_date FROM cadres)
        AND EXISTS (SELECT 1 FROM cadres k
                    WHERE k.snapshot_date = v.snapshot_date AND k.person_id = v.person_id))`);
  if (n === 0) return;
  await db.exec(`
    INSERT INTO ${dups}
    SELECT seq, CASE WHEN NOT loaded THEN first_row END,
      CASE WHEN NOT loaded AND first_file IS DISTINCT FROM source_file THEN first_file END
    FROM (
      SELECT seq, source_file,
        row_number() OVER (PARTITION BY snapshot_date, person_id ORDER BY seq) AS k,
        first_value(source_row) OVER (PARTITION BY snapshot_date, person_id ORDER BY seq)
          AS first_row,
        first_value(source_file) OVER (PARTITION BY snapshot_date, person_id ORDER BY seq)
          AS first_file,
        EXISTS (SELECT 1 FROM cadres c
                WHERE c.snapshot_date = d0.snapshot_date AND c.person_id = d0.person_id) AS loaded
      FROM ${view} d0 WHERE reject_code IS NULL AND NOT skipped) d
    WHERE k > 1 OR loaded`);
}

/** The birth date a 身份证号 writes (its 7th to 14th digits) as YYYY-MM-DD, as the note shows it. */
const idDay = (id: string | null) =>
  id ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : null;

/** Data-quality findings on loaded rows, from one pass over the columns they need. */
async function findWarnings(
  db: DuckClient,
  view: string,
  valid: string,
  unitsFromTitles: boolean,
): Promise<RowWarning[]> {
  // Each distinct 单位类型 once, in a statement of its own (in one statement the test was pushed
  // down to every row): read row by row, a million rows took 25 s.
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE __unit_types AS
    SELECT DISTINCT unit_type_raw AS raw FROM ${view} WHERE ${valid} AND unit_type_raw IS NOT NULL`);
  // Each distinct 身份证号 checked once (its check digit, and whether Excel cut it): checked row by
  // row it took 70% of the pass below on the demo, whose numbers recur in every snapshot. With
  // whether rows of more than one person carry it (`multi`, over every snapshot: __shared tells).
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE __ids AS
    SELECT id_number, id_ok, multi,
      -- A valid number whose month is a month but whose day is no day (19800231): mistyped.
      id_ok AND substr(id_number, 11, 2) BETWEEN '01' AND '12'
        AND try_strptime(substr(id_number, 7, 8), '%Y%m%d') IS NULL AS id_day_bad,
      -- The gender its 17th digit states, as id_gender reads it (the number checked once here).
      CASE WHEN id_ok AND NOT suffix(id_number, '0000') THEN id_gender_digit(id_number) END
        AS id_sex
    FROM (
    SELECT id_number, multi,
      id_number_check(id_number, d17) AND NOT id_digits_lost(id_number) AS id_ok
    FROM (
      SELECT id_number, TRY_CAST(id_number[1:17] AS BIGINT) AS d17,
        min(person_id) <> max(person_id) AS multi
      FROM ${view} WHERE ${valid} AND id_number IS NOT NULL GROUP BY id_number
    ))`);
  // A 身份证号 on rows of more than one person in a snapshot (two 人员编号, or two names, in this
  // file or one loaded before, keyOthersApart): each with the rows that carry it (this file's
  // rows are in `cadres` by now). Only the numbers `multi` names, unless the snapshots hold rows
  // of other files.
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE __shared AS
    WITH snaps AS (SELECT DISTINCT snapshot_date FROM ${view} WHERE ${valid}),
    ids AS (
      SELECT id_number FROM __ids
      WHERE multi OR (SELECT count(*) FROM cadres WHERE snapshot_date IN (FROM snaps))
        > (SELECT count(*) FROM ${view} WHERE ${valid})
    ),
    r AS (
      SELECT snapshot_date, id_number, person_id, source_file, source_row FROM cadres
      WHERE id_number IN (FROM ids) AND snapshot_date IN (FROM snaps)
    ),
    k AS (
      SELECT snapshot_date, id_number FROM r
      GROUP BY ALL HAVING min(person_id) <> max(person_id)
    )
    SELECT snapshot_date, id_number,
      list({'file': source_file, 'row': source_row} ORDER BY source_file, source_row) AS id_rows
    FROM r JOIN k USING (snapshot_date, id_number)
    WHERE NOT id_digits_lost(id_number)
    GROUP BY ALL`);
  // Each test once per row, in a materialized pass: tested in the WHERE below a column is an
  // expression again.
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE __warn AS
    WITH unit_types_unknown AS (
      SELECT raw FROM __unit_types WHERE norm_unit_type(norm_clean(raw)) IS NULL
    ),
    w AS MATERIALIZED (
      SELECT source_file, source_row, name, id_number, birth_date, birth_raw, level_raw,
        unit_type_raw, unit_type, gender,
        grassroots_years_text, secretary_years_text, post_title, is_team_member_text,
        id_ok, id_day_bad,
        level_raw IS NOT NULL AND level IS NULL AND NOT is_rank_word(level_raw)
          AND NOT regexp_matches(level_raw, '非领导|待遇') AS level_unknown,
        level_raw IS NOT NULL AND level IS NULL AND regexp_matches(level_raw, '非领导|待遇')
          AS level_non_leading,
        coalesce(unit_type_raw IN (SELECT raw FROM unit_types_unknown), false)
          AS unit_type_unknown,
        -- A unit whose type neither a column nor its name tells: its people are in no rule
        -- that names a unit type (Y4, Y6, the township rules), said rather than dropped.
        unit_name IS NOT NULL AND unit_type IS NULL AND unit_type_raw IS NULL
          AS unit_type_missing, unit_name,
        gender_from_id, name_missing, gender_unread, gender_blank, gender_text, dates_unread,
        ethnicity_unread, ethnicity_text, party_unread, political_status AS party_text,
        -- A 性别 the number contradicts (DOMAIN.md §2: it cross-checks, it never overwrites).
        coalesce(NOT gender_from_id AND CAST(gender AS VARCHAR) <> id_sex, false)
          AS id_gender_mismatch, id_sex, id_others, id_others IS NOT NULL AS id_shared,
        -- A 到龄年月 at an age no one retires at (before 45 or after 70): a typing error, said.
        coalesce(age_at(birth_date, retirement_date) NOT BETWEEN 45 AND 70, false)
          AS retirement_odd,
        strftime(retirement_date, '%Y-%m') AS retirement_text,
        age_at(birth_date, retirement_date) AS retirement_age,
        is_team_member_text IS NOT NULL AND is_team_member IS NULL AS team_member_unread,
        age_at(birth_date, work_start_date) < 16 AS work_early,
        age_at(birth_date, party_join_date) < 18 AS party_early,
        -- 1979.10 typed in a number cell arrives as 1979.1: January, or October? (A valid
        -- row's birth parsed, so six characters ending in .1 are YYYY.1; read as October when
        -- its column writes months in two digits, see lookupSql; said either way.)
        length(birth_raw) = 6 AND suffix(birth_raw, '.1') AND month(birth_date) IN (1, 10)
          AS month_ambiguous,
        -- 19801: 1980年1月, or the Excel serial of 1954-03-18 (year_month5_y).
        coalesce(is_serial_y(birth_y) AND year_month5_y(birth_y) IS NOT NULL, false)
          AS serial_ambiguous,
        grassroots_years_text IS NOT NULL AND grassroots_years IS NULL AS grassroots_unread,
        secretary_years_text IS NOT NULL AND secretary_years IS NULL AS secretary_unread,
        -- A township's principal post in words the title patterns miss (DOMAIN §3: report what
        -- could not be classified): 书记 or 乡长/镇长, not a deputy's, a discipline or a village
        -- secretary's, taken for neither post.
        coalesce(unit_type = '乡镇街道' AND NOT coalesce(is_township_principal(post_class), false)
          AND regexp_matches(post_title, '书记|乡长|镇长')
          AND NOT regexp_matches(post_title,
            '副书记|副乡长|副镇长|助理|书记员|纪委|纪工委|纪律检查|监察|政法|社区|村|居委|支部|总支|团委|团工委|机关工委|两新|非公|社会组织'),
          false) AS post_unclassified,
        -- Each unit read from the head of its post (unit_of_title): one that could not be read
        -- leaves the person out of every team and unit (DOMAIN §3: say what is not classified).
        ${unitsFromTitles ? 'post_title IS NOT NULL AND unit_name IS NULL' : 'false'} AS unit_unread,
        -- Seconded with no term: counted as seconded, in no cohort (said, not dropped).
        (secondment_type IS NOT NULL OR secondment_unit IS NOT NULL)
          AND secondment_start IS NULL AND secondment_end IS NULL AND secondment_batch IS NULL
          AND secondment_period IS NULL AS secondment_no_term,
        -- A term that cannot be read whole (2023.13-2025.03, 23.03-25.03) or ends before it
        -- starts: its months are not guessed, so said.
        coalesce(secondment_period IS NOT NULL
          AND (secondment_start IS NULL OR secondment_end IS NULL), false)
          OR coalesce(secondment_end < secondment_start, false) AS secondment_term_unread,
        coalesce(secondment_period, concat_ws('–', strftime(secondment_start, '%Y.%m'),
          strftime(secondment_end, '%Y.%m'))) AS secondment_term_text,
        -- A secondment written only in the post (副县长（挂职）): not counted, so said.
        coalesce(contains(post_title, '挂职') AND secondment_type IS NULL
          AND secondment_unit IS NULL AND secondment_start IS NULL AND secondment_batch IS NULL,
          false) AS secondment_in_title,
        concat_ws('：', secondment_type, secondment_unit) AS secondment_text,
        extra_fields, extra_fields IS NOT NULL AS extra_found,
        replaced_text,
        -- A post or level taken up after the snapshot's date: a typing error, or a roster dated
        -- too early.
        coalesce(post_since > snapshot_date, false) AS post_late,
        coalesce(work_start_date > snapshot_date, false) AS work_late,
        strftime(work_start_date, '%Y-%m') AS work_start_text,
        coalesce(level_since > snapshot_date, false) AS level_late,
        strftime(post_since, '%Y-%m') AS post_since_text,
        strftime(level_since, '%Y-%m') AS level_since_text,
        strftime(snapshot_date, '%Y-%m-%d') AS snapshot_text
      FROM (
        SELECT v.*, i.id_ok, i.id_sex, i.id_day_bad, date_text_y(v.birth_raw) AS birth_y,
          list_filter(sh.id_rows, x -> NOT (x.file = v.source_file AND x.row = v.source_row))
            AS id_others
        FROM ${view} v LEFT JOIN __ids i USING (id_number)
        LEFT JOIN __shared sh USING (snapshot_date, id_number) WHERE ${valid}
      )
    )
    SELECT * FROM (
      SELECT *, id_ok AND TRY_CAST(substr(id_number, 7, 6) AS INTEGER)
          <> year(birth_date) * 100 + month(birth_date) AS id_mismatch
      FROM w
    ) WHERE NOT id_ok OR id_mismatch OR id_day_bad OR id_gender_mismatch OR id_shared OR level_unknown OR work_early OR party_early
      OR month_ambiguous OR serial_ambiguous OR grassroots_unread OR secretary_unread OR post_unclassified
      OR unit_unread OR secondment_no_term OR secondment_term_unread OR secondment_in_title
      OR extra_found
      OR level_non_leading OR unit_type_unknown OR unit_type_missing OR gender_from_id
      OR team_member_unread
      OR name_missing OR gender_unread OR gender_blank OR len(dates_unread) > 0 OR retirement_odd
      OR ethnicity_unread OR party_unread
      OR post_late OR level_late OR work_late OR replaced_text IS NOT NULL`);
  const rows = await db.query<{
    file: string;
    row: number;
    name: string | null;
    code: string;
    id_number: string | null;
    id_birth: string | null;
    id_sex: string | null;
    id_rows_here: string | null;
    id_rows_elsewhere: number | null;
    birth: string | null;
    birth_raw: string | null;
    serial_day: string | null;
    level_raw: string | null;
    grassroots_years_text: string | null;
    secretary_years_text: string | null;
    post_title: string | null;
    unit_type_raw: string | null;
    unit_type: string | null;
    unit_name: string | null;
    gender: string | null;
    is_team_member_text: string | null;
    secondment_text: string | null;
    secondment_term_text: string | null;
    extra_fields: string | null;
    gender_text: string | null;
    ethnicity_text: string | null;
    party_text: string | null;
    date_text: string | null;
    retirement_text: string | null;
    retirement_age: number | null;
    post_since_text: string | null;
    work_start_text: string | null;
    level_since_text: string | null;
    snapshot_text: string | null;
    replaced_text: string | null;
  }>(`
    SELECT source_file AS file, source_row AS row, name, code, id_number, unit_type_raw, unit_name,
      CAST(unit_type AS VARCHAR) AS unit_type, CAST(gender AS VARCHAR) AS gender,
      -- An impossible month (198013) as the number writes it.
      coalesce(strftime(id_number_birth_month(id_number), '%Y-%m'), substr(id_number, 7, 6))
        AS id_birth, id_sex,
      array_to_string(list_transform(list_filter(id_others, x -> x.file = source_file),
        x -> x.row), ',') AS id_rows_here,
      len(list_filter(id_others, x -> x.file <> source_file)) AS id_rows_elsewhere,
      strftime(birth_date, '%Y-%m') AS birth, birth_raw, level_raw, grassroots_years_text,
      CASE WHEN serial_ambiguous THEN strftime(DATE '1899-12-30'
        + CAST(floor(CAST(date_text_y(birth_raw) AS DOUBLE)) AS INTEGER), '%Y-%m-%d') END AS serial_day,
      secretary_years_text, post_title, is_team_member_text, secondment_text,
      secondment_term_text, extra_fields, gender_text, ethnicity_text, party_text, retirement_text,
      retirement_age,
      post_since_text, level_since_text, work_start_text, snapshot_text, replaced_text,
      list_filter(dates_unread, d -> d.f || '_unreadable' = code)[1].v AS date_text
    -- Each row once, with a code per finding (a union of a scan per code took longer to plan
    -- than to run on a small roster).
    FROM (
      SELECT w.*, code
      FROM __warn w, unnest(list_concat([
        CASE WHEN NOT id_ok THEN CASE WHEN id_digits_lost(id_number) THEN 'id_digits_lost'
          WHEN NOT regexp_full_match(id_number, '[0-9]{17}[0-9X]') THEN 'id_malformed'
          ELSE 'id_checksum' END END,
        CASE WHEN id_mismatch THEN 'id_birth_mismatch' END,
        CASE WHEN id_day_bad THEN 'id_birth_day_invalid' END,
        CASE WHEN id_gender_mismatch THEN 'id_gender_mismatch' END,
        CASE WHEN id_shared THEN 'id_shared' END,
        CASE WHEN level_unknown THEN 'level_unknown' END,
        CASE WHEN work_early THEN 'work_before_16' END,
        CASE WHEN party_early THEN 'party_before_18' END,
        CASE WHEN month_ambiguous THEN CASE WHEN month(birth_date) = 10
          THEN 'birth_month_october' ELSE 'birth_month_ambiguous' END END,
        CASE WHEN serial_ambiguous THEN CASE
          WHEN year(birth_date) = CAST(left(birth_raw, 4) AS INTEGER) THEN 'birth_read_as_month'
          ELSE 'birth_read_as_serial' END END,
        CASE WHEN grassroots_unread THEN 'grassroots_unreadable' END,
        CASE WHEN secretary_unread THEN 'secretary_years_unreadable' END,
        CASE WHEN post_unclassified THEN 'post_unclassified' END,
        CASE WHEN unit_unread THEN 'unit_unread' END,
        CASE WHEN secondment_no_term THEN 'secondment_no_term' END,
        CASE WHEN secondment_term_unread THEN 'secondment_term_unread' END,
        CASE WHEN extra_found THEN 'extra_fields' END,
        CASE WHEN secondment_in_title THEN 'secondment_in_title' END,
        CASE WHEN level_non_leading THEN 'level_non_leading' END,
        CASE WHEN unit_type_unknown THEN 'unit_type_unknown' END,
        CASE WHEN unit_type_missing THEN 'unit_type_missing' END,
        CASE WHEN gender_from_id THEN 'gender_from_id' END,
        CASE WHEN team_member_unread THEN 'team_member_unreadable' END,
        CASE WHEN name_missing THEN 'name_missing' END,
        CASE WHEN gender_unread THEN 'gender_unreadable' END,
        CASE WHEN gender_blank THEN 'gender_blank' END,
        CASE WHEN ethnicity_unread THEN 'ethnicity_unreadable' END,
        CASE WHEN party_unread THEN 'party_unreadable' END,
        CASE WHEN retirement_odd THEN 'retirement_date_odd' END,
        CASE WHEN post_late THEN 'post_since_after_snapshot' END,
        CASE WHEN work_late THEN 'work_start_after_snapshot' END,
        CASE WHEN level_late THEN 'level_since_after_snapshot' END,
        CASE WHEN replaced_text IS NOT NULL THEN 'text_replaced' END
      ], list_transform(dates_unread, d -> d.f || '_unreadable'))) AS t(code)
      WHERE code IS NOT NULL
    )
    ORDER BY source_row, source_file, code`);
  await db.exec(
    'DROP TABLE __warn; DROP TABLE __unit_types; DROP TABLE __ids; DROP TABLE __shared',
  );
  return mapInSlices(rows, ({ file, row, name, code, ...v }) => {
    const params: Params =
      code === 'id_checksum'
        ? { id: v.id_number }
        : code === 'id_digits_lost'
          ? {
              id: v.id_number,
              ...(v.id_number?.endsWith('*')
                ? { kept: v.id_number.replace(/\*+$/, '').length }
                : {}),
            }
          : code === 'id_malformed'
            ? { id: v.id_number, n: [...(v.id_number ?? '')].length }
            : code === 'id_birth_day_invalid'
              ? { id: v.id_number, day: idDay(v.id_number) }
              : code === 'id_birth_mismatch'
                ? { id_birth: v.id_birth, birth: v.birth }
                : code === 'id_gender_mismatch'
                  ? { id_gender: v.id_sex, gender: v.gender }
                  : code === 'id_shared'
                    ? { id: v.id_number, rows: v.id_rows_here, elsewhere: v.id_rows_elsewhere }
                    : code === 'level_unknown' || code === 'level_non_leading'
                      ? { value: v.level_raw }
                      : code === 'unit_type_unknown'
                        ? { value: v.unit_type_raw, type: v.unit_type ?? '—' }
                        : code === 'unit_type_missing'
                          ? { value: v.unit_name }
                          : code === 'gender_from_id'
                            ? { gender: v.gender, value: v.gender_text }
                            : code === 'team_member_unreadable'
                              ? { value: v.is_team_member_text }
                              : code === 'birth_month_ambiguous'
                                ? {
                                    value: v.birth_raw,
                                    year: v.birth_raw?.slice(0, 4),
                                    month: '01',
                                    other: '10',
                                  }
                                : code === 'birth_month_october'
                                  ? {
                                      value: v.birth_raw,
                                      year: v.birth_raw?.slice(0, 4),
                                      month: '10',
                                    }
                                  : code === 'birth_read_as_month' ||
                                      code === 'birth_read_as_serial'
                                    ? {
                                        value: v.birth_raw,
                                        year: v.birth_raw?.slice(0, 4),
                                        month: v.birth_raw?.slice(4),
                                        serial: v.serial_day,
                                      }
                                    : code === 'grassroots_unreadable'
                                      ? { value: v.grassroots_years_text }
                                      : code === 'secretary_years_unreadable'
                                        ? { value: v.secretary_years_text }
                                        : code === 'post_unclassified' ||
                                            code === 'unit_unread' ||
                                            code === 'secondment_in_title'
                                          ? { value: v.post_title }
                                          : code === 'secondment_no_term'
                                            ? { value: v.secondment_text }
                                            : code === 'secondment_term_unread'
                                              ? { value: v.secondment_term_text }
                                              : code === 'extra_fields'
                                                ? { value: v.extra_fields }
                                                : code === 'gender_unreadable'
                                                  ? { value: v.gender_text }
                                                  : code === 'ethnicity_unreadable'
                                                    ? { value: v.ethnicity_text }
                                                    : code === 'party_unreadable'
                                                      ? { value: v.party_text }
                                                      : code === 'retirement_date_odd'
                                                        ? {
                                                            value: v.retirement_text,
                                                            age: v.retirement_age,
                                                          }
                                                        : code === 'post_since_after_snapshot'
                                                          ? {
                                                              value: v.post_since_text,
                                                              date: v.snapshot_text,
                                                            }
                                                          : code === 'level_since_after_snapshot'
                                                            ? {
                                                                value: v.level_since_text,
                                                                date: v.snapshot_text,
                                                              }
                                                            : code === 'work_start_after_snapshot'
                                                              ? {
                                                                  value: v.work_start_text,
                                                                  date: v.snapshot_text,
                                                                }
                                                              : code === 'text_replaced'
                                                                ? { value: v.replaced_text }
                                                                : v.date_text !== null
                                                                  ? { value: v.date_text }
                                                                  : {};
    const w = { file, row, name, code, params, field: '', message: '' };
    return { ...w, ...warningText(w, 'zh') };
  });
}

/**
 * rows.map(f) with a pause after every 15 ms of work: a million-row roster's thousands of notes
 * took 60–100 ms of the page's main thread at once.
 */
async function mapInSlices<T, U>(rows: T[], f: (row: T) => U): Promise<U[]> {
  const out: U[] = [];
  let since = performance.now();
  for (let i = 0; i < rows.length; i++) {
    out.push(f(rows[i]));
    if (i % 100 === 99 && performance.now() - since > 15) {
      await pause();
      since = performance.now();
    }
  }
  return out;
}

/**
 * One person keyed differently in two months — by 人员编号 in one and by 身份证号 in the other (a
 * column one export lacks, a recruit not numbered yet), by two 人员编号 of one 身份证号, or by
 * name and birth month in a month with no id at all — takes one person id, so that the months
 * match. By 身份证号 first: each row
 * with the number takes the id of the latest row keyed by 人员编号 (else the number), unless two
 * rows of one snapshot share the number. Then a row known only by name and birth month takes the
 * one id the other snapshots give that name and month, when exactly one does, no namesake of its
 * month shares its snapshot and that snapshot has no other row of the id.
 */
async function linkPeople(db: DuckClient): Promise<void> {
  const [{ mixed, months }] = await db.query<{ mixed: boolean; months: boolean }>(`
    SELECT count(DISTINCT CASE WHEN starts_with(person_id, 'N') THEN 'N'
      WHEN person_id = id_number THEN 'id' ELSE 'code' END) > 1 AS mixed,
      count(DISTINCT snapshot_date) > 1 AS months FROM cadres`);
  if (!months) return;
  // Also when every month is keyed by 人员编号: an export that lost the code's leading zeros
  // (000123 → 123), or a person numbered again, is still the one 身份证号.
  await db.exec(`
    UPDATE cadres SET person_id = m.pid
    FROM (
      SELECT id_number, coalesce(max_by(person_id, snapshot_date) FILTER (
          WHERE person_id <> id_number AND NOT starts_with(person_id, 'N')), id_number) AS pid
      FROM cadres
      WHERE id_number IS NOT NULL AND NOT id_digits_lost(id_number)
      GROUP BY id_number
      HAVING count(DISTINCT person_id) > 1 AND count(*) = count(DISTINCT snapshot_date)
    ) m
    WHERE cadres.id_number = m.id_number AND cadres.person_id <> m.pid`);
  if (!mixed) return;
  await db.exec(`
    UPDATE cadres SET person_id = m.pid
    FROM (
      SELECT n.snapshot_date, n.person_id AS old_id, min(f.person_id) AS pid
      FROM (SELECT * FROM cadres WHERE starts_with(person_id, 'N')
              AND NOT contains(person_id, '-') AND name IS NOT NULL) n
      JOIN cadres f ON f.name = n.name AND f.snapshot_date <> n.snapshot_date
        AND date_trunc('month', f.birth_date) = date_trunc('month', n.birth_date)
        AND NOT starts_with(f.person_id, 'N')
      GROUP BY ALL HAVING count(DISTINCT f.person_id) = 1
    ) m
    WHERE cadres.snapshot_date = m.snapshot_date AND cadres.person_id = m.old_id
      AND NOT EXISTS (SELECT 1 FROM cadres d WHERE d.snapshot_date = m.snapshot_date
                      AND (d.person_id = m.pid OR d.person_id = m.old_id || '-2'))`);
}

/**
 * A row told apart by name and birth month alone (no usable 身份证号) beside a row of the same
 * snapshot with the same name, birth month and a 身份证号: two exports of one person (a 任免审批表
 * saved twice, once without the number) more often than namesakes, so it is said, not merged.
 */
async function sameNameWithId(db: DuckClient): Promise<RowWarning[]> {
  const rows = await db.query<{
    file: string;
    row: number;
    name: string | null;
    other_file: string;
    other_row: number;
    id: string;
  }>(`
    SELECT n.source_file AS file, n.source_row AS row, n.name, min(f.source_file) AS other_file,
      min(f.source_row) AS other_row, min(f.id_number) AS id
    FROM (SELECT * FROM cadres WHERE starts_with(person_id, 'N') AND name IS NOT NULL) n
    JOIN cadres f ON f.snapshot_date = n.snapshot_date AND f.name = n.name
      AND date_trunc('month', f.birth_date) = date_trunc('month', n.birth_date)
      AND f.person_id = f.id_number
    GROUP BY ALL ORDER BY file, row`);
  return rows.map(({ file, row, name, ...p }) => {
    const w = { file, row, name, code: 'same_person_with_id', params: p, field: '', message: '' };
    return { ...w, ...warningText(w, 'zh') };
  });
}

/**
 * A file dated row by row (a 统计时点 column) whose date on one or two rows differs from the date
 * of nearly all the others (2025-01 among forty rows or more of 2026-01): a typing error more often than a
 * snapshot of its own, and one that would become the oldest snapshot, the baseline of J4 and J5.
 * Said, not changed.
 */
async function straySnapshotRows(db: DuckClient, files: string[]): Promise<RowWarning[]> {
  const rows = await db.query<{
    file: string;
    row: number;
    name: string | null;
    date: string;
    main: string;
    n: number;
  }>(
    `WITH k AS (
      SELECT source_file, snapshot_date, count(*) AS k FROM cadres
      WHERE list_contains(CAST($1::VARCHAR AS VARCHAR[]), source_file) GROUP BY ALL
    ),
    f AS (
      SELECT source_file, arg_max(snapshot_date, k) AS main, max(k) AS n, sum(k) AS total
      FROM k GROUP BY source_file HAVING count(*) > 1
    )
    SELECT c.source_file AS file, c.source_row AS row, c.name,
      strftime(c.snapshot_date, '%Y-%m-%d') AS date, strftime(f.main, '%Y-%m-%d') AS main,
      f.n::INTEGER AS n
    FROM f JOIN k USING (source_file)
    JOIN cadres c ON c.source_file = k.source_file AND c.snapshot_date = k.snapshot_date
    WHERE k.k <= 2 AND k.k * 20 <= f.total
    ORDER BY file, row`,
    [JSON.stringify(files)],
  );
  return rows.map(({ file, row, name, ...p }) => {
    const w = { file, row, name, code: 'snapshot_stray', params: p, field: '', message: '' };
    return { ...w, ...warningText(w, 'zh') };
  });
}

/**
 * A sheet's rows hidden in Excel that were loaded: most often people filtered out (调出, 退休)
 * whom the user may not mean to count. Said, not left out: a hidden row is still the file's.
 */
async function hiddenRowNotes(db: DuckClient, staged: StagedSource[]): Promise<RowWarning[]> {
  const hidden = staged.flatMap((s) => (s.hiddenRows ?? []).map((row) => ({ file: s.name, row })));
  if (!hidden.length) return [];
  const rows = await db.query<{ file: string; row: number; name: string | null }>(
    `SELECT DISTINCT c.source_file AS file, c.source_row AS row, c.name
     FROM cadres c JOIN (SELECT unnest(CAST($1::VARCHAR AS STRUCT(file VARCHAR, row INTEGER)[]),
       recursive := true)) h ON h.file = c.source_file AND h.row = c.source_row
     ORDER BY file, row`,
    [JSON.stringify(hidden)],
  );
  return rows.map(({ file, row, name }) => {
    const w = { file, row, name, code: 'row_hidden', params: {}, field: '', message: '' };
    return { ...w, ...warningText(w, 'zh') };
  });
}

/**
 * Two rows of one snapshot without a usable 身份证号 that agree on name, birth month, unit, post
 * and level: a row pasted twice more often than two namesakes in one post, so the later is noted
 * (both stay loaded, as two people; the user removes one).
 */
async function sameRowTwice(db: DuckClient): Promise<RowWarning[]> {
  const rows = await db.query<{
    file: string;
    row: number;
    name: string | null;
    other_file: string;
    other_row: number;
  }>(`
    WITH n AS (
      SELECT snapshot_date, name, date_trunc('month', birth_date) AS bm, unit_name, post_title,
        level, source_file, source_row
      FROM cadres WHERE starts_with(person_id, 'N') AND name IS NOT NULL
    )
    SELECT n.source_file AS file, n.source_row AS row, n.name,
      arg_min(f.source_file, [f.source_file, CAST(f.source_row AS VARCHAR)]) AS other_file,
      arg_min(f.source_row, [f.source_file, CAST(f.source_row AS VARCHAR)]) AS other_row
    FROM n JOIN n f ON f.snapshot_date = n.snapshot_date AND f.name = n.name AND f.bm = n.bm
      AND f.unit_name IS NOT DISTINCT FROM n.unit_name
      AND f.post_title IS NOT DISTINCT FROM n.post_title AND f.level IS NOT DISTINCT FROM n.level
      AND (f.source_file < n.source_file
        OR (f.source_file = n.source_file AND f.source_row < n.source_row))
    GROUP BY ALL ORDER BY file, row`);
  return rows.map(({ file, row, name, ...p }) => {
    const w = { file, row, name, code: 'same_row_twice', params: p, field: '', message: '' };
    return { ...w, ...warningText(w, 'zh') };
  });
}

/**
 * A 身份证号 Excel cut (4301021987031200…0) keeps only its first digits: such a row is told
 * apart by name and birth month ('N…'). Where another snapshot has the whole number, with the
 * same first digits, name and birth month, and only one such number, it is that person — so a
 * month exported from Excel does not show everyone leaving and entering.
 */
async function matchCutIds(db: DuckClient): Promise<void> {
  const [{ any }] = await db.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM cadres WHERE starts_with(person_id, 'N')
       AND id_number IS NOT NULL AND id_digits_lost(id_number)) AS any`,
  );
  if (!any) return;
  await rekeyPeople(
    db,
    `SELECT c.snapshot_date, c.person_id AS old_id, min(f.person_id) AS pid
      FROM cadres c
      JOIN cadres f ON f.name = c.name AND f.snapshot_date <> c.snapshot_date
        AND date_trunc('month', f.birth_date) = date_trunc('month', c.birth_date)
        AND f.person_id = f.id_number AND NOT id_digits_lost(f.id_number)
        AND starts_with(f.id_number, rtrim(c.id_number, '0*'))
      WHERE starts_with(c.person_id, 'N') AND c.id_number IS NOT NULL
        AND id_digits_lost(c.id_number)
      GROUP BY ALL HAVING count(DISTINCT f.person_id) = 1`,
  );
}

/**
 * Gives rows the person id another snapshot knows them by: `matches` lists (snapshot_date,
 * old_id, pid), and a row takes its pid unless its snapshot already has a row of that id.
 */
async function rekeyPeople(db: DuckClient, matches: string): Promise<void> {
  await db.exec(`
    UPDATE cadres SET person_id = m.pid
    FROM (${matches}) m
    WHERE cadres.snapshot_date = m.snapshot_date AND cadres.person_id = m.old_id
      AND NOT EXISTS (SELECT 1 FROM cadres d
                      WHERE d.snapshot_date = m.snapshot_date AND d.person_id = m.pid)`);
}

/**
 * A 身份证号 that fails its check digit (noted, id_checksum) is a typing error more often than a
 * new person: where other snapshots have one person of the same name and birth month whose valid
 * number differs from it in one or two characters, it is that person, so that a month with a
 * slip does not show them leaving and entering.
 */
async function matchMistypedIds(db: DuckClient): Promise<void> {
  const bad = `SELECT snapshot_date, person_id, id_number, name, date_trunc('month', birth_date) AS bm
    FROM cadres WHERE person_id = id_number AND length(id_number) = 18
      AND NOT id_number_valid(id_number) AND name IS NOT NULL`;
  const [{ any }] = await db.query<{ any: boolean }>(`SELECT EXISTS (${bad}) AS any`);
  if (!any) return;
  await rekeyPeople(
    db,
    `SELECT c.snapshot_date, c.person_id AS old_id, min(f.person_id) AS pid
      FROM (${bad}) c
      JOIN cadres f ON f.name = c.name AND f.snapshot_date <> c.snapshot_date
        AND date_trunc('month', f.birth_date) = c.bm AND f.id_number IS NOT NULL
        AND length(f.id_number) = 18 AND f.id_number <> c.id_number
        AND hamming(f.id_number, c.id_number) <= 2 AND id_number_valid(f.id_number)
      GROUP BY ALL HAVING count(DISTINCT f.person_id) = 1`,
  );
}

/**
 * One 县市区 however the months' files write it, as each file's own is unified (load.ts's
 * _lk_region): 零陵 in one month and 零陵区 in another are 零陵区 when no other 零陵… is loaded,
 * and 市直 and 市本级 are the city-level word used most. A unit keyed by its 县市区 and name
 * follows, so that nobody seems to move between two spellings of one county.
 */
async function oneRegionName(db: DuckClient): Promise<void> {
  const mapping = `
    WITH b AS (
      SELECT region AS base, count(*) AS n FROM cadres WHERE region IS NOT NULL GROUP BY region
    ),
    city AS (SELECT base FROM b WHERE city_level_word(base) ORDER BY n DESC, base LIMIT 1),
    longer AS (
      SELECT s.base, min(l.base) AS full_name, count(*) AS k
      FROM b s JOIN b l ON l.base IN (s.base || '县', s.base || '区', s.base || '市', s.base || '旗')
      WHERE NOT regexp_matches(s.base, '(县|区|市|旗)$')
      GROUP BY s.base
    )
    SELECT b.base AS old, CASE WHEN city_level_word(b.base) THEN (SELECT base FROM city)
        WHEN g.k = 1 THEN g.full_name END AS new
    FROM b LEFT JOIN longer g ON g.base = b.base`;
  const [{ any }] = await db.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM (${mapping}) WHERE new <> old) AS any`,
  );
  if (!any) return;
  await db.exec(`
    UPDATE cadres SET region = m.new,
      unit_id = CASE WHEN NOT starts_with(unit_id, m.old || '/') THEN unit_id
        WHEN starts_with(substr(unit_id, length(m.old) + 2), m.new)
          THEN substr(unit_id, length(m.old) + 2)
        ELSE m.new || '/' || substr(unit_id, length(m.old) + 2) END
    FROM (${mapping}) m
    WHERE cadres.region = m.old AND m.new <> m.old`);
}

/**
 * One name per unit in a snapshot: a township written two ways (中共零陵区珠山镇委员会 and 珠山镇
 * 党委 are one unit, town_key) is named as most of its rows write it, the longer name on a
 * tie.
 */
async function oneNamePerUnit(db: DuckClient): Promise<void> {
  await db.exec(`
    UPDATE cadres SET unit_name = f.name FROM (
      SELECT snapshot_date, unit_id, arg_max(unit_name, n * 1000 + length(unit_name)) AS name
      FROM (SELECT snapshot_date, unit_id, unit_name, count(*) AS n FROM cadres
        WHERE unit_id IS NOT NULL AND unit_name IS NOT NULL GROUP BY ALL)
      GROUP BY ALL HAVING count(*) > 1) f
    WHERE cadres.snapshot_date = f.snapshot_date AND cadres.unit_id = f.unit_id
      AND cadres.unit_name IS DISTINCT FROM f.name`);
}

/** Units seen in the loaded rosters; a county-level unit's parent is its region. */
export async function deriveUnits(db: DuckClient): Promise<void> {
  await db.exec(`
    DELETE FROM units;
    INSERT INTO units
    SELECT unit_id, arg_max(unit_name, snapshot_date), arg_max(unit_type, snapshot_date),
      arg_max(region, snapshot_date),
      CASE WHEN arg_max(unit_type, snapshot_date) IN ('县市区', '乡镇街道')
        THEN 'region:' || arg_max(region, snapshot_date) END
    FROM cadres WHERE unit_id IS NOT NULL GROUP BY unit_id;`);
}

/**
 * The loaded rows as Arrow IPC, to be kept (as Parquet) and read back by `loadCanonical`.
 * Booleans travel as 0/1: an all-NULL BOOLEAN column comes out of DuckDB with no value bitmap,
 * which the Parquet writer refuses.
 */
export async function exportCanonical(db: DuckClient): Promise<Uint8Array> {
  const bools = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM duckdb_columns()
     WHERE table_name = 'cadres' AND data_type = 'BOOLEAN' ORDER BY column_index`,
  );
  const replace = bools.map(
    (b) => `CAST(${quoteIdent(b.name)} AS TINYINT) AS ${quoteIdent(b.name)}`,
  );
  return db.queryIPC(
    `SELECT *${replace.length ? ` REPLACE (${replace.join(', ')})` : ''} FROM cadres`,
  );
}

/** The column names of an Arrow IPC stream, from its schema message; null if it has none. */
function ipcColumns(ipc: Uint8Array): string[] | null {
  try {
    const reader = RecordBatchReader.from(ipc);
    reader.open();
    return reader.schema.fields.map((f) => f.name);
  } catch {
    return null;
  }
}

const sameNames = (a: string[] | null, b: string[]): boolean =>
  a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Loads rows that this tool has already normalised (an Arrow IPC stream of `cadres`, as
 * `npm run demo-data` writes for the demo), so nothing is parsed or normalised again. Replaces
 * what is loaded; `report` is the load report saved with the rows.
 */
export async function loadCanonical(
  db: DuckClient,
  name: string,
  ipc: Uint8Array,
  report: LoadReport,
): Promise<LoadReport> {
  // Rows written by this version (the demo, a roster kept since) have the columns of `cadres` in
  // its order: they go straight in, which takes half the time of a copy through a staging table.
  const columns = await describe(db, 'cadres');
  const direct = sameNames(
    ipcColumns(ipc),
    columns.map((c) => c.name),
  );
  const staging = '__canonical';
  if (!direct)
    try {
      await db.insertArrowIPC(staging, ipc);
    } catch (e) {
      throw asLoadError(e, name, 'canonical_unreadable');
    }
  await db.exec('BEGIN TRANSACTION');
  try {
    await dropCube(db);
    await db.exec('DELETE FROM cadres');
    if (direct) await db.insertArrowIPC('cadres', ipc, true);
    else await db.exec(`INSERT INTO cadres BY NAME SELECT * FROM ${staging}`);
    await deriveUnits(db);
    await keepFindings(db, report, true);
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK');
    throw asLoadError(e, name, 'canonical_unreadable');
  } finally {
    if (!direct) await db.exec(`DROP TABLE IF EXISTS ${staging}`);
  }
  return report;
}
