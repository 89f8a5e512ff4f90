import { maskFileNamesIn, maskRow } from './mask.ts';
import { toCsv } from '../core/csv.ts';
import type { DuckClient } from '../core/db.ts';
import {
  commitSources,
  discardStaged,
  DuplicatesFound,
  LoadCancelled,
  LoadError,
  NothingLoaded,
  stageSources,
  tooLarge,
  type DuplicateExample,
  type LoadOptions,
  type LoadProgress,
  type LoadReport,
  type RemoteSource,
  type SourceFile,
  type StagedSource,
} from '../core/load.ts';
import {
  asLoadError,
  fileMessage,
  formatMessage,
  rejectReason,
  warningText,
  type Lang,
  type Params,
  type RejectedRow,
  type RowWarning,
} from '../core/messages.ts';
import { i18n } from './i18n.svelte.ts';
import { parquetChunks, parquetToIPC, remoteParquet, textToCsv, xlsxToCsv } from './parquet.ts';
import { recallMapping, rememberMapping } from './storage.ts';
import { urlRefusal } from './deploy.ts';

/** How the import talks to the database: one step at a time, after the page's own queries. */
export type DbRunner = <T>(fn: (db: DuckClient) => Promise<T>) => Promise<T>;

export interface Choice {
  mapping: Record<string, string>;
  /** YYYY-MM-DD; '' until the user gives one (needed when the file names no snapshot). */
  snapshot: string;
}

/** A failure while importing, kept as a code so it shows in the page's current language. */
interface Failure {
  file: string;
  code: string;
  params: Params;
  detail: string | null;
}

function failureOf(e: unknown, fallback: 'read_failed' | 'load_failed'): Failure {
  const err = e instanceof LoadError ? e : asLoadError(e, '', fallback);
  if (err instanceof LoadError)
    return { file: err.file, code: err.code, params: err.params, detail: err.detail ?? null };
  return { file: '', code: 'cancelled', params: {}, detail: null };
}

/** A rejected row's reason in a language (a report kept by an older version has only Chinese). */
export const formatRejected = (r: RejectedRow, lang: Lang = i18n.lang) => rejectReason(r, lang);

/** Rejected rows as CSV for Excel, in the page's language. */
export function rejectedCsv(rows: RejectedRow[], masked = false): string {
  const t = i18n.t;
  return toCsv(
    rows.map((r) => {
      const row = { ...r, reason: formatRejected(r) };
      return masked ? maskRow(row, i18n.lang) : row;
    }),
    [
      { key: 'file', label: t('colFile') },
      { key: 'row', label: t('colRow') },
      { key: 'name', label: t('colName') },
      { key: 'reason', label: t('colReason') },
    ],
  );
}

/** Data-quality notes as CSV for Excel, in the page's language. */
export function warningsCsv(rows: RowWarning[], masked = false): string {
  const t = i18n.t;
  return toCsv(
    rows.map((w) => {
      const row = { ...w, ...warningText(w, i18n.lang) };
      return masked ? maskRow(row, i18n.lang) : row;
    }),
    [
      { key: 'file', label: t('colFile') },
      { key: 'row', label: t('colRow') },
      { key: 'name', label: t('colName') },
      { key: 'field', label: t('colField') },
      { key: 'message', label: t('colReason') },
    ],
  );
}

/** The rows skipped as no person (totals, footers, headings …) as CSV, with what each is. */
export function skippedCsv(
  rows: { file: string; row: number; kind: string }[],
  masked = false,
): string {
  const t = i18n.t;
  return toCsv(
    rows.map((x) => ({
      file: masked ? maskFileNamesIn(x.file) : x.file,
      row: x.row,
      reason: formatMessage(`skipped_${x.kind}`, {}, i18n.lang),
    })),
    [
      { key: 'file', label: t('colFile') },
      { key: 'row', label: t('colRow') },
      { key: 'reason', label: t('colSkipped') },
    ],
  );
}

/** An import paused because a source would lose many rows as duplicates: the user decides. */
export interface DuplicatesPause {
  index: number;
  source: string;
  count: number;
  read: number;
  examples: DuplicateExample[];
  /** Most repeat people already loaded for this date: two files of one month. */
  sameDate: string | null;
}

/**
 * Opening rosters: read the files into staging tables, let the user review the sheet, the
 * column mapping and the snapshot date of each, then load them all (or nothing). Every step
 * reports progress and can be cancelled.
 */
export class Importer {
  /** `outcome`: nothing could be loaded; the validation report is shown, the data is unchanged. */
  phase = $state<'closed' | 'reading' | 'review' | 'loading' | 'outcome'>('closed');
  progress = $state<LoadProgress | null>(null);
  sources = $state<StagedSource[]>([]);
  choices = $state<Choice[]>([]);
  private failure = $state<Failure | null>(null);
  private cancelled = $state(false);
  /** The import stopped at the review: too many rows would be rejected as duplicates. */
  duplicates = $state<DuplicatesPause | null>(null);
  /** The load report of an import that loaded nothing (every row rejected, or none). */
  outcome = $state.raw<LoadReport | null>(null);
  private files: (File | RemoteSource)[] = [];
  private abort: AbortController | null = null;

  constructor(
    private run: DbRunner,
    private onLoaded: (load: LoadReport) => Promise<void>,
  ) {}

  /** Why the last step failed, in the page's language; `detail` is the technical cause. */
  get error(): { text: string; detail: string | null } | null {
    const f = this.failure;
    if (!f) return null;
    return { text: fileMessage(f.file, f.code, f.params, i18n.lang), detail: f.detail };
  }

  /** Closes the error or the note the last step left. */
  dismiss(): void {
    this.failure = null;
    this.cancelled = false;
  }

  /** A note that is not an error (a cancelled import). */
  get notice(): string | null {
    return this.cancelled ? formatMessage('cancelled', {}, i18n.lang) : null;
  }

  /** The outcome's message (nothing loaded), in the page's language. */
  get outcomeText(): string | null {
    const o = this.outcome;
    if (!o) return null;
    return formatMessage(
      o.rows.read === 0 ? 'no_rows' : 'nothing_loaded',
      { read: o.rows.read },
      i18n.lang,
    );
  }

  /** Every source has a birth column and a snapshot date: the import can go ahead. */
  get ready(): boolean {
    return (
      this.sources.length > 0 &&
      this.sources.every((s, i) => {
        const c = this.choices[i];
        return (
          c.mapping.birth_date !== undefined &&
          (c.mapping.snapshot_date !== undefined || /^\d{4}-\d{2}-\d{2}$/.test(c.snapshot))
        );
      })
    );
  }

  private options(signal: AbortSignal, sheets?: Record<string, string>): LoadOptions {
    return {
      parquetToIPC: (b) => parquetToIPC(b, signal),
      parquetChunks: (b) => parquetChunks(b, signal),
      xlsxToCsv: (b, o) => xlsxToCsv(b, o, signal),
      textToCsv: (format, files) => textToCsv(format, files, signal),
      remoteParquet: (url, columns) => remoteParquet(url, columns, signal),
      rememberedMapping: recallMapping,
      onProgress: (p) => (this.progress = p),
      signal,
      sheets,
    };
  }

  /** Reads local files (their size checked first) or remote addresses into staging tables. */
  private async stage(
    list: (File | RemoteSource)[],
    sheets?: Record<string, string>,
  ): Promise<StagedSource[]> {
    for (const f of list) {
      const big = f instanceof File ? tooLarge(f.name, f.size) : null;
      if (big) throw big;
    }
    const abort = (this.abort = new AbortController());
    const read: (SourceFile | RemoteSource)[] = [];
    for (const f of list) {
      this.progress = { file: f.name, step: 'read', done: 0, total: 3 };
      read.push(
        f instanceof File ? { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) } : f,
      );
      if (abort.signal.aborted) throw new LoadCancelled();
    }
    return this.run(async (db) => {
      const staged = await stageSources(db, read, this.options(abort.signal, sheets));
      // Files of headers and no row have nothing to review: no 统计时点 to ask for. (A workbook
      // with other sheets opens the review, whose sheet picker may choose one with rows.)
      const empty =
        staged.length > 0 &&
        staged.every((s) => s.lines === 0 && !s.url && (s.sheet?.sheets.length ?? 1) <= 1);
      if (!abort.signal.aborted && !empty) return staged;
      await discardStaged(db, staged);
      if (abort.signal.aborted) throw new LoadCancelled();
      throw new LoadError(staged.map((s) => s.name).join('、'), 'no_rows');
    });
  }

  /** Reads the files and opens the review. */
  open(list: File[]): Promise<void> {
    return this.begin(list);
  }

  /** Reads a Parquet file from a server (this origin, or an intranet file server). */
  openUrl(address: string): Promise<void> {
    let url: URL;
    try {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- parsed once, not state
      url = new URL(address.trim(), location.href);
    } catch {
      this.failure = { file: '', code: 'url_invalid', params: { url: address }, detail: null };
      return Promise.resolve();
    }
    const refused = urlRefusal(url);
    if (refused) {
      this.failure = { file: '', code: 'url_not_allowed', params: refused, detail: null };
      return Promise.resolve();
    }
    const name = decodeURIComponent(url.pathname.split('/').pop() || url.host);
    return this.begin([{ name, url: url.href }]);
  }

  private async begin(list: (File | RemoteSource)[]): Promise<void> {
    if (list.length === 0 || this.phase === 'reading' || this.phase === 'loading') return;
    await this.discard();
    this.files = list;
    this.failure = null;
    this.cancelled = false;
    this.duplicates = null;
    this.outcome = null;
    this.phase = 'reading';
    try {
      this.sources = await this.stage(list);
      this.choices = this.sources.map((s) => ({
        mapping: { ...s.mapping },
        snapshot: s.snapshotFromTitle ?? s.snapshotFromName ?? '',
      }));
      this.phase = 'review';
    } catch (e) {
      this.fail(e);
      this.phase = 'closed';
    } finally {
      this.progress = null;
    }
  }

  private fail(e: unknown, fallback: 'read_failed' | 'load_failed' = 'read_failed'): void {
    if (e instanceof LoadCancelled) this.cancelled = true;
    else this.failure = failureOf(e, fallback);
  }

  /** Reads another sheet of a workbook. */
  async setSheet(index: number, sheet: string): Promise<void> {
    const source = this.sources[index];
    const file = this.files.find((f): f is File => f instanceof File && f.name === source.files[0]);
    if (!file || source.sheet?.name === sheet) return;
    this.phase = 'reading';
    this.failure = null;
    this.duplicates = null;
    try {
      const [restaged] = await this.stage([file], { [file.name]: sheet });
      await this.run((db) => discardStaged(db, [source]));
      this.sources[index] = restaged;
      this.choices[index] = {
        mapping: { ...restaged.mapping },
        snapshot: this.choices[index].snapshot,
      };
    } catch (e) {
      this.fail(e);
    } finally {
      this.phase = 'review';
      this.progress = null;
    }
  }

  /** Maps a source column to a canonical field ('' leaves the column out). */
  setField(index: number, column: string, field: string): void {
    this.duplicates = null;
    const mapping = { ...this.choices[index].mapping };
    for (const [f, c] of Object.entries(mapping))
      if (c === column || f === field) delete mapping[f];
    if (field) mapping[field] = column;
    this.choices[index].mapping = mapping;
  }

  setSnapshot(index: number, date: string): void {
    this.choices[index].snapshot = date;
  }

  /**
   * Loads every source as reviewed; on success the mappings are remembered. Too many duplicates
   * stop it at the review (`duplicates`) until the user imports anyway (`acceptDuplicates`) or
   * changes the mapping; when nothing can be loaded the validation report is shown (`outcome`).
   */
  async confirm(acceptDuplicates = false): Promise<void> {
    if (this.phase !== 'review' || !this.ready) return;
    const abort = (this.abort = new AbortController());
    const staged = this.sources;
    const choices = this.choices.map((c) => ({
      mapping: { ...c.mapping },
      snapshot: c.snapshot || undefined,
    }));
    this.phase = 'loading';
    this.failure = null;
    this.cancelled = false;
    this.duplicates = null;
    let keep = false;
    try {
      const load = await this.run(async (db) => {
        try {
          return await commitSources(db, staged, choices, {
            replace: true,
            acceptDuplicates,
            remoteParquet: (url, columns) => remoteParquet(url, columns, abort.signal),
            onProgress: (p) => (this.progress = p),
            signal: abort.signal,
          });
        } catch (e) {
          // Paused for the user: the staging tables stay for the next try.
          keep = e instanceof DuplicatesFound;
          throw e;
        } finally {
          if (!keep) await discardStaged(db, staged);
        }
      });
      staged.forEach((s, i) => rememberMapping(s.headerKey, choices[i].mapping));
      this.sources = [];
      this.phase = 'closed';
      await this.onLoaded(load);
    } catch (e) {
      if (e instanceof DuplicatesFound) {
        const { sourceIndex: index, count, read, examples, sameDate } = e;
        this.duplicates = { index, source: staged[index].name, count, read, examples, sameDate };
        this.phase = 'review';
        return;
      }
      this.sources = [];
      if (e instanceof NothingLoaded) {
        this.outcome = e.report;
        this.phase = 'outcome';
        return;
      }
      this.fail(e, 'load_failed');
      // The staging tables are gone: the user opens the files again.
      this.phase = 'closed';
    } finally {
      this.progress = null;
    }
  }

  /** Stops reading or loading (nothing changes), or closes the review. */
  async cancel(): Promise<void> {
    if (this.phase === 'reading' || this.phase === 'loading') {
      this.abort?.abort();
      return;
    }
    await this.discard();
    this.duplicates = null;
    this.outcome = null;
    this.phase = 'closed';
  }

  private async discard(): Promise<void> {
    const staged = this.sources;
    this.sources = [];
    this.choices = [];
    if (staged.length) await this.run((db) => discardStaged(db, staged));
  }
}
