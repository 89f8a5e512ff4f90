import { FIELDS, SKIP_KINDS } from './fields.ts';
import { filtersFromParams, type Filters } from './filters.ts';
import type { LoadReport } from './load.ts';
import {
  CROSS_DIMS,
  CROSS_PCTS,
  DEFAULT_CROSS_VIEW,
  type CrossDim,
  type CrossView,
} from './tables/crosstab.ts';
import {
  bytes,
  dictionary,
  Invalid,
  integer,
  isoDate,
  isoTime,
  list,
  nullable,
  oneOf,
  optional,
  parseJson,
  record,
  smallJson,
  text,
  type Check,
} from './validate.ts';

/**
 * What the page reads back from browser storage and from its URL, checked before use: anyone
 * (another page of the same site, an extension, a crafted link) can have written it.
 */
export const LIMITS = {
  /** A remembered column mapping, as JSON text. */
  mappingChars: 64 * 1024,
  /** A column header. */
  headerChars: 1000,
  /** The kept roster's Parquet file (1M rows take about 19 MB). */
  keptBytes: 512 * 1024 * 1024,
  /** Rows read, and entries in the lists of rejected rows and warnings. */
  rows: 10_000_000,
  /** File names the roster came from (LRMX batches: one file per person). */
  sources: 100_000,
  /** A file name, a cell (a name), a reason. */
  nameChars: 1000,
  cellChars: 10_000,
  /** The whole query string of the page's URL. */
  queryChars: 100_000,
};

const FIELD_NAMES = FIELDS.map((f) => f.name);

/** A remembered mapping (canonical field → source column), each column used once. */
export const mappingCheck: Check<Record<string, string>> = (v, path) => {
  const m = dictionary(oneOf(FIELD_NAMES), text(LIMITS.headerChars), FIELD_NAMES.length)(v, path);
  const columns = Object.values(m);
  if (new Set(columns).size !== columns.length) throw new Invalid(path, 'a column used twice');
  return m;
};

export function mappingFromStorage(json: string): Record<string, string> {
  return parseJson(json, LIMITS.mappingChars, mappingCheck);
}

/** The roster kept in this browser (IndexedDB): its rows as Parquet and its load report. */
export interface KeptDataset {
  /** The files it came from. */
  sources: string[];
  /** When it was saved (ISO time). */
  savedAt: string;
  /** The `cadres` rows as Parquet (what `loadCanonical` reads after Parquet → Arrow). */
  parquet: Uint8Array;
  report: LoadReport;
}

const count = integer(0, LIMITS.rows);
const fileName = text(LIMITS.nameChars);
const cell = nullable(text(LIMITS.cellChars));
const code = text(100);
const reason = text(LIMITS.cellChars);
// Fields a newer version may add to a report entry are kept when they are small.
const extra = smallJson(LIMITS.cellChars, 100, 3);

export const reportCheck: Check<LoadReport> = (v, path) => {
  const r = record(
    {
      sources: list(fileName, LIMITS.sources),
      rows: record({ read: count, loaded: count, rejected: count, skipped: count }),
      rejected: list(
        record({ file: fileName, row: count, name: cell, code, reason }, extra),
        LIMITS.rows,
      ),
      warnings: list(
        record(
          { file: fileName, row: count, name: cell, field: code, code, message: reason },
          extra,
        ),
        LIMITS.rows,
      ),
      skippedRows: optional(
        list(record({ file: fileName, row: count, kind: oneOf(SKIP_KINDS) }), LIMITS.rows),
      ),
    },
    extra,
  )(v, path);
  if (r.rejected.length !== r.rows.rejected)
    throw new Invalid(`${path}.rejected`, 'as many entries as rows.rejected');
  if (r.rows.loaded + r.rows.rejected > r.rows.read)
    throw new Invalid(`${path}.rows`, 'more rows loaded and rejected than read');
  return r as LoadReport;
};

const parquetFile: Check<Uint8Array> = (v, path) => {
  const b = bytes(12, LIMITS.keptBytes)(v, path);
  const magic = (at: number) => String.fromCharCode(...b.subarray(at, at + 4));
  if (magic(0) !== 'PAR1' || magic(b.length - 4) !== 'PAR1') throw new Invalid(path, 'not Parquet');
  return b;
};

export const keptDatasetCheck: Check<KeptDataset> = record({
  sources: list(fileName, LIMITS.sources, 1),
  savedAt: isoTime,
  parquet: parquetFile,
  report: reportCheck,
});

/** The view a URL asks for; what was not valid is named in `ignored` and otherwise left out. */
export interface ViewParams {
  /** The page shown: the dashboard (null), the rule editor or the briefing. */
  view: 'rules' | 'briefing' | null;
  /** The rule set, by its hash (ruleSetHash); null: the one kept in this browser or the defaults. */
  rules: string | null;
  /** A folder of this origin serving a normalised roster (the report CLI's briefing run). */
  data: string | null;
  asOf: string | null;
  baseline: string | null;
  lang: 'zh' | 'en' | null;
  masked: boolean;
  filters: Filters;
  /** The cross-tab (二维统计), when the URL names one. */
  cross?: CrossView;
  ignored: string[];
}

const VIEW_KEYS = new Set([
  'asOf',
  'baseline',
  'lang',
  'mask',
  'age',
  'view',
  'rules',
  'xtab',
  'xtabPct',
  'data',
]);

/** Two dimensions of the cross-tab, rows then columns: "level,gender". */
const crossDims: Check<{ rows: CrossDim; cols: CrossDim }> = (v, path) => {
  const parts = text(60)(v, path).split(',');
  if (parts.length !== 2 || !parts.every((p) => (CROSS_DIMS as readonly string[]).includes(p)))
    throw new Invalid(path, 'not two known dimensions');
  return { rows: parts[0] as CrossDim, cols: parts[1] as CrossDim };
};

/** Reads the page's URL parameters (the view: date, baseline, language, masking, filters). */
export function viewFromParams(search: string): ViewParams {
  const ignored: string[] = [];
  const none: ViewParams = {
    view: null,
    rules: null,
    data: null,
    asOf: null,
    baseline: null,
    lang: null,
    masked: false,
    filters: { values: {}, age: null },
    ignored,
  };
  if (search.length > LIMITS.queryChars) return { ...none, ignored: ['?…'] };
  const params = new URLSearchParams(search);
  const one = <T>(key: string, check: Check<T>): T | null => {
    const raw = params.get(key);
    if (raw === null) return null;
    try {
      return check(raw, key);
    } catch {
      ignored.push(key);
      return null;
    }
  };
  const view: ViewParams = {
    ...none,
    view: one('view', oneOf(['rules', 'briefing'] as const)),
    rules: one('rules', text(11, /^[0-9a-z]{11}$/)),
    // A path of this origin only (no scheme, no host, no ..): /__data/ and the like.
    data: one('data', text(100, /^\/(?:[A-Za-z0-9_-]+\/)+$/)),
    asOf: one('asOf', isoDate),
    baseline: one('baseline', isoDate),
    lang: one('lang', oneOf(['zh', 'en'] as const)),
    masked: one('mask', oneOf(['0', '1'] as const)) === '1',
  };
  const dims = one('xtab', crossDims);
  const pct = one('xtabPct', oneOf(CROSS_PCTS));
  if (dims || pct) view.cross = { ...DEFAULT_CROSS_VIEW, ...dims, ...(pct ? { pct } : {}) };
  for (const key of new Set(params.keys()))
    if (!VIEW_KEYS.has(key) && !key.startsWith('f.')) ignored.push(key);
  view.filters = filtersFromParams(params, ignored);
  return { ...view, ignored: shortList(ignored) };
}

/** Names of ignored parameters to show: ten at most, each short, no control characters. */
function shortList(names: string[]): string[] {
  const unique = [...new Set(names)];
  const shown = unique
    .slice(0, 10)
    // eslint-disable-next-line no-control-regex -- control characters are what is replaced
    .map((k) => (k.length > 40 ? `${k.slice(0, 40)}…` : k).replace(/[\u0000-\u001f\u007f]/g, '?'));
  return unique.length > 10 ? [...shown, '…'] : shown;
}
