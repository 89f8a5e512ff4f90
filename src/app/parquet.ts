import ParquetWorker from './parquet.worker.ts?worker';

/** Parquet → Arrow IPC in a worker, so decoding never blocks the page. */
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
    w.postMessage({ id, bytes: bytes.slice() });
  });
}
