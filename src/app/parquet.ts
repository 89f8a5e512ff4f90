import ParquetWorker from './parquet.worker.ts?worker';

/**
 * Parquet → Arrow IPC in a worker, so decoding never blocks the page. The loader owns the bytes,
 * so their buffer is transferred, not copied (a view into a larger buffer is copied first).
 */
let worker: Worker | null = null;
let nextId = 0;

export function parquetToIPC(bytes: Uint8Array): Promise<Uint8Array> {
  worker ??= new ParquetWorker();
  const id = nextId++;
  const w = worker;
  return new Promise((resolve, reject) => {
    const onMessage = (e: MessageEvent<{ id: number; ipc?: Uint8Array; error?: string }>) => {
      if (e.data.id !== id) return;
      w.removeEventListener('message', onMessage);
      if (e.data.error !== undefined) reject(new Error(e.data.error));
      else resolve(e.data.ipc!);
    };
    w.addEventListener('message', onMessage);
    const own =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes
        : bytes.slice();
    w.postMessage({ id, bytes: own }, [own.buffer]);
  });
}
