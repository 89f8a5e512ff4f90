import { LoadCancelled } from '../core/load.ts';
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
  message: Record<string, unknown> & { bytes: Uint8Array },
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
      e: MessageEvent<{ id: number; error?: string; progress?: number } & Record<string, unknown>>,
    ) => {
      if (e.data.id !== id) return;
      if (e.data.progress !== undefined) return onProgress?.(e.data.progress);
      done();
      if (e.data.error !== undefined) reject(new Error(e.data.error));
      else resolve(e.data[key] as T);
    };
    const onAbort = () => {
      done();
      worker.terminate();
      if (workers[kind] === worker) delete workers[kind];
      reject(new LoadCancelled());
    };
    worker.addEventListener('message', onMessage);
    signal?.addEventListener('abort', onAbort);
    const { bytes } = message;
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes
        : bytes.slice();
    worker.postMessage({ ...message, id, bytes: own }, [own.buffer]);
  });
}

export function parquetToIPC(bytes: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  return inWorker<Uint8Array>('parquet', 'ipc', { bytes }, signal);
}

export function xlsxToCsv(
  bytes: Uint8Array,
  options: XlsxOptions = {},
  signal?: AbortSignal,
): Promise<SheetAsCsv> {
  return inWorker<SheetAsCsv>(
    'xlsx',
    'sheet',
    { bytes, sheet: options.sheet },
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
    { bytes: new Uint8Array(), op: 'readUrl', url, columns: columns ?? [] },
    signal,
  );
}
