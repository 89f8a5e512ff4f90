import type { SheetAsCsv } from '../core/xlsx.ts';
import ParquetWorker from './parquet.worker.ts?worker';
import XlsxWorker from './xlsx.worker.ts?worker';

/**
 * Decoding in workers, so it never blocks the page: Parquet → Arrow IPC, .xlsx → CSV. The loader
 * owns the bytes, so their buffer is transferred, not copied (a view into a larger buffer is
 * copied first).
 */
let nextId = 0;

function inWorker<T>(worker: Worker, key: string, bytes: Uint8Array): Promise<T> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (
      e: MessageEvent<{ id: number; error?: string } & Record<string, unknown>>,
    ) => {
      if (e.data.id !== id) return;
      worker.removeEventListener('message', onMessage);
      if (e.data.error !== undefined) reject(new Error(e.data.error));
      else resolve(e.data[key] as T);
    };
    worker.addEventListener('message', onMessage);
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes
        : bytes.slice();
    worker.postMessage({ id, bytes: own }, [own.buffer]);
  });
}

let parquet: Worker | null = null;
let xlsx: Worker | null = null;

export function parquetToIPC(bytes: Uint8Array): Promise<Uint8Array> {
  parquet ??= new ParquetWorker();
  return inWorker<Uint8Array>(parquet, 'ipc', bytes);
}

export function xlsxToCsv(bytes: Uint8Array): Promise<SheetAsCsv> {
  xlsx ??= new XlsxWorker();
  return inWorker<SheetAsCsv>(xlsx, 'sheet', bytes);
}
