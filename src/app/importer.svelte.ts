import type { DuckClient } from '../core/db.ts';
import {
  commitSources,
  discardStaged,
  LoadCancelled,
  LoadError,
  stageSources,
  tooLarge,
  type LoadOptions,
  type LoadProgress,
  type LoadReport,
  type RemoteSource,
  type SourceFile,
  type StagedSource,
} from '../core/load.ts';
import { parquetToIPC, remoteParquet, textToCsv, xlsxToCsv } from './parquet.ts';
import { recallMapping, rememberMapping } from './storage.ts';
import { urlRefusal } from './deploy.ts';

/** How the import talks to the database: one step at a time, after the page's own queries. */
export type DbRunner = <T>(fn: (db: DuckClient) => Promise<T>) => Promise<T>;

export interface Choice {
  mapping: Record<string, string>;
  /** YYYY-MM-DD; '' until the user gives one (needed when the file names no snapshot). */
  snapshot: string;
}

/** The message for an error while importing, in the user's terms (the page is in Chinese first). */
function message(e: unknown): string {
  if (e instanceof LoadError || e instanceof LoadCancelled) return e.message;
  const text = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError || /out of memory|allocation|memory access/i.test(text))
    return '浏览器内存不足，无法读取这么大的文件：请按月份或单位拆分后分别打开，或另存为 Parquet 格式';
  return text;
}

/**
 * Opening rosters: read the files into staging tables, let the user review the sheet, the
 * column mapping and the snapshot date of each, then load them all (or nothing). Every step
 * reports progress and can be cancelled.
 */
export class Importer {
  phase = $state<'closed' | 'reading' | 'review' | 'loading'>('closed');
  progress = $state<LoadProgress | null>(null);
  sources = $state<StagedSource[]>([]);
  choices = $state<Choice[]>([]);
  error = $state<string | null>(null);
  /** A note that is not an error (a cancelled import). */
  notice = $state<string | null>(null);
  private files: (File | RemoteSource)[] = [];
  private abort: AbortController | null = null;

  constructor(
    private run: DbRunner,
    private onLoaded: (load: LoadReport) => Promise<void>,
  ) {}

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
      if (!abort.signal.aborted) return staged;
      await discardStaged(db, staged);
      throw new LoadCancelled();
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
      this.error = `网址无效：${address}`;
      return Promise.resolve();
    }
    this.error = urlRefusal(url);
    if (this.error) return Promise.resolve();
    const name = decodeURIComponent(url.pathname.split('/').pop() || url.host);
    return this.begin([{ name, url: url.href }]);
  }

  private async begin(list: (File | RemoteSource)[]): Promise<void> {
    if (list.length === 0 || this.phase === 'reading' || this.phase === 'loading') return;
    await this.discard();
    this.files = list;
    this.error = null;
    this.notice = null;
    this.phase = 'reading';
    try {
      this.sources = await this.stage(list);
      this.choices = this.sources.map((s) => ({
        mapping: { ...s.mapping },
        snapshot: s.snapshotFromName ?? '',
      }));
      this.phase = 'review';
    } catch (e) {
      this.fail(e);
      this.phase = 'closed';
    } finally {
      this.progress = null;
    }
  }

  private fail(e: unknown): void {
    if (e instanceof LoadCancelled) this.notice = e.message;
    else this.error = message(e);
  }

  /** Reads another sheet of a workbook. */
  async setSheet(index: number, sheet: string): Promise<void> {
    const source = this.sources[index];
    const file = this.files.find((f): f is File => f instanceof File && f.name === source.files[0]);
    if (!file || source.sheet?.name === sheet) return;
    this.phase = 'reading';
    this.error = null;
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
    const mapping = { ...this.choices[index].mapping };
    for (const [f, c] of Object.entries(mapping))
      if (c === column || f === field) delete mapping[f];
    if (field) mapping[field] = column;
    this.choices[index].mapping = mapping;
  }

  setSnapshot(index: number, date: string): void {
    this.choices[index].snapshot = date;
  }

  /** Loads every source as reviewed; on success the mappings are remembered. */
  async confirm(): Promise<void> {
    if (this.phase !== 'review' || !this.ready) return;
    const abort = (this.abort = new AbortController());
    const staged = this.sources;
    const choices = this.choices.map((c) => ({
      mapping: { ...c.mapping },
      snapshot: c.snapshot || undefined,
    }));
    this.phase = 'loading';
    this.error = null;
    this.notice = null;
    try {
      const load = await this.run(async (db) => {
        try {
          return await commitSources(db, staged, choices, {
            replace: true,
            remoteParquet: (url, columns) => remoteParquet(url, columns, abort.signal),
            onProgress: (p) => (this.progress = p),
            signal: abort.signal,
          });
        } finally {
          await discardStaged(db, staged);
        }
      });
      staged.forEach((s, i) => rememberMapping(s.headerKey, choices[i].mapping));
      this.sources = [];
      this.phase = 'closed';
      await this.onLoaded(load);
    } catch (e) {
      this.fail(e);
      // The staging tables are gone: the user opens the files again.
      this.sources = [];
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
    this.phase = 'closed';
  }

  private async discard(): Promise<void> {
    const staged = this.sources;
    this.sources = [];
    this.choices = [];
    if (staged.length) await this.run((db) => discardStaged(db, staged));
  }
}
