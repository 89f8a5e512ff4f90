/// <reference lib="webworker" />
import init, { readParquet } from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';

const ready = init({ module_or_path: wasmUrl });

self.onmessage = async (e: MessageEvent<{ id: number; bytes: Uint8Array }>) => {
  const { id, bytes } = e.data;
  try {
    await ready;
    const ipc = readParquet(bytes, { batchSize: 65536 }).intoIPCStream();
    self.postMessage({ id, ipc }, { transfer: [ipc.buffer] });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
