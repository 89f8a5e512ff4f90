/// <reference lib="webworker" />
import init, {
  Compression,
  ParquetFile,
  readParquet,
  Table,
  WriterPropertiesBuilder,
  writeParquet,
} from 'parquet-wasm/esm';
import wasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import { ipcStream } from '../core/db.ts';

const ready = init({ module_or_path: wasmUrl });

type Request =
  | { id: number; op?: 'read'; bytes: Uint8Array }
  | { id: number; op: 'write'; bytes: Uint8Array }
  | { id: number; op: 'readUrl'; url: string; columns?: string[] };

self.onmessage = async (e: MessageEvent<Request>) => {
  const req = e.data;
  try {
    await ready;
    let out: Uint8Array;
    if (req.op === 'write') {
      // Arrow IPC → Parquet (ZSTD): how a loaded roster is kept in the browser.
      const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
      out = writeParquet(Table.fromIPCStream(ipcStream(req.bytes)), props);
    } else if (req.op === 'readUrl') {
      // Range requests: the footer, then only the column chunks asked for.
      const file = await ParquetFile.fromUrl(req.url);
      out = req.columns?.length
        ? (await file.read({ columns: req.columns, batchSize: 65536 })).intoIPCStream()
        : file.schema().intoIPCStream();
    } else {
      out = readParquet(req.bytes, { batchSize: 65536 }).intoIPCStream();
    }
    self.postMessage({ id: req.id, ipc: out }, { transfer: [out.buffer] });
  } catch (err) {
    self.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  }
};
