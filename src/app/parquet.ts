import { LoadCancelled, type ParquetRows, type SourceFile, type TextAsCsv } from '../core/load.ts';
import { ReadError, type MessageCode, type Params } from '../core/messages.ts';
import type { SheetAsCsv, XlsxOptions } from '../core/xlsx.ts';
import ParquetWorker from './parquet.worker.ts?worker';
import XlsxWorker from './xlsx.worker.ts?worker';

/**
 * Decoding in workers, so it never blocks the page: Parquet → Arrow IPC, .xlsx → CSV. The loader
 * owns the bytes, so their buffer is transferred, not copied (a view into a larger buffer is
 * copied first). Aborting ends the worker mid-file; the next call starts a fresh one.
 */
let nextId = 0;

type Kind = 'parquet' | 'xlsx';
const workers: Partial<Record<Kind, Worker>> = {};
const make = (kind: Kind) => (kind === 'parquet' ? new ParquetWorker() : new XlsxWorker());

function inWorker<T>(
  kind: Kind,
  key: string,
  message: Record<string, unknown> & { bytes?: Uint8Array; files?: SourceFile[] },
  signal?: AbortSignal,
  onProgress?: (fraction: number) => void,
): Promise<T> {
  if (signal?.aborted) return Promise.reject(new LoadCancelled());
  const worker = (workers[kind] ??= make(kind));
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.removeEventListener('message', onMessage);
      signal?.removeEventListener('abort', onAbort);
    };
    const onMessage = (
      e: MessageEvent<
        {
          id: number;
          error?: string;
          code?: MessageCode;
          params?: Params;
          detail?: string;
          progress?: number;
        } & Record<string, unknown>
      >,
    ) => {
      const d = e.data;
      if (d.id !== id) return;
      if (d.progress !== undefined) return onProgress?.(d.progress);
      done();
      if (d.error === undefined) resolve(d[key] as T);
      else
        reject(d.code ? new ReadError(d.code, d.params, d.detail) : new Error(d.detail ?? d.error));
    };
    const onAbort = () => {
      done();
      worker.terminate();
      if (workers[kind] === worker) delete workers[kind];
      reject(new LoadCancelled());
    };
    worker.addEventListener('message', onMessage);
    signal?.addEventListener('abort', onAbort);
    const own = (b: Uint8Array) =>
      b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
    const bytes = message.bytes && own(message.bytes);
    const files = message.files?.map((f) => ({ name: f.name, bytes: own(f.bytes) }));
    const transfer = [bytes, ...(files ?? []).map((f) => f.bytes)]
      .filter((b): b is Uint8Array => b !== undefined)
      .map((b) => b.buffer as ArrayBuffer);
    worker.postMessage(
      { ...message, id, ...(bytes && { bytes }), ...(files && { files }) },
      transfer,
    );
  });
}

export function parquetToIPC(bytes: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  return inWorker<Uint8Array>('parquet', 'ipc', { bytes }, signal);
}

/** A Parquet file's rows (from its footer), then its rows a few row groups at a time, as Arrow IPC. */
export async function parquetChunks(bytes: Uint8Array, signal?: AbortSignal): Promise<ParquetRows> {
  const info = await inWorker<{
    handle: number;
    rows: number;
    chunks: number;
    empty: Uint8Array | null;
  }>('parquet', 'info', { op: 'open', bytes }, signal);
  async function* chunks() {
    if (info.empty) yield info.empty;
    for (let index = 0; index < info.chunks; index++)
      yield await inWorker<Uint8Array>(
        'parquet',
        'ipc',
        { op: 'chunk', handle: info.handle, index },
        signal,
      );
  }
  return {
    rows: info.rows,
    chunks: chunks(),
    // The worker lets go of the file's bytes (an aborted load ended the worker itself).
    close: async () => {
      if (!signal?.aborted)
        await inWorker('parquet', 'info', { op: 'close', handle: info.handle }).catch(() => {});
    },
  };
}

export function xlsxToCsv(
  bytes: Uint8Array,
  options: XlsxOptions = {},
  signal?: AbortSignal,
): Promise<SheetAsCsv> {
  return inWorker<SheetAsCsv>(
    'xlsx',
    'sheet',
    { bytes, sheet: options.sheet, anySheet: options.anySheet },
    signal,
    options.onProgress,
  );
}

/** Arrow IPC stream → Parquet (ZSTD), for keeping a roster in the browser. */
export function toParquet(ipc: Uint8Array): Promise<Uint8Array> {
  return inWorker<Uint8Array>('parquet', 'ipc', { bytes: ipc, op: 'write' });
}

/** Columns of a Parquet file on a server, read by range requests (none: its schema only). */
export function remoteParquet(
  url: string,
  columns?: string[],
  signal?: AbortSignal,
): Promise<Uint8Array> {
  return inWorker<Uint8Array>(
    'parquet',
    'ipc',
    { op: 'readUrl', url, columns: columns ?? [] },
    signal,
  );
}

/** Text rosters (CSV in any encoding, JSON, LRMX) → UTF-8 CSV, decoded in the Excel worker. */
export function textToCsv(
  format: 'csv' | 'json' | 'lrmx',
  files: SourceFile[],
  signal?: AbortSignal,
): Promise<TextAsCsv> {
  return inWorker<TextAsCsv>('xlsx', 'text', { op: 'text', format, files }, signal);
}
