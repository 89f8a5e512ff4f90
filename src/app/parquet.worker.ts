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
import { readPlan } from '../core/parquet-chunks.ts';

const ready = init({ module_or_path: wasmUrl });

type Request =
  | { id: number; op?: 'read'; bytes: Uint8Array }
  | { id: number; op: 'open'; bytes: Uint8Array }
  | { id: number; op: 'chunk'; handle: number; index: number }
  | { id: number; op: 'close'; handle: number }
  | { id: number; op: 'write'; bytes: Uint8Array }
  | { id: number; op: 'readUrl'; url: string; columns?: string[] };

/**
 * Files opened to be read a few row groups at a time (by the id of the request that opened
 * them): their bytes and the row groups of each chunk.
 */
const opened = new Map<number, { bytes: Uint8Array; chunks: number[][] }>();

self.onmessage = async (e: MessageEvent<Request>) => {
  const req = e.data;
  try {
    await ready;
    let out: Uint8Array;
    if (req.op === 'open') {
      // The footer only: the rows are read a chunk of row groups at a time ('chunk'), so that
      // neither this worker nor the page ever holds every row of a large file decoded at once.
      // (Read from the bytes: a Blob's slices are slow to read in a browser.)
      const file = await ParquetFile.fromFile(new Blob([req.bytes as Uint8Array<ArrayBuffer>]));
      const { rows, chunks, empty } = readPlan(file);
      opened.set(req.id, { bytes: req.bytes, chunks });
      self.postMessage({
        id: req.id,
        info: { handle: req.id, rows, chunks: chunks.length, empty },
      });
      return;
    }
    if (req.op === 'close') {
      opened.delete(req.handle);
      self.postMessage({ id: req.id, info: null });
      return;
    }
    if (req.op === 'chunk') {
      const file = opened.get(req.handle);
      if (!file) throw new Error('parquet file not open');
      const rowGroups = file.chunks[req.index];
      out = readParquet(file.bytes, { rowGroups, batchSize: 65536 }).intoIPCStream();
    } else if (req.op === 'write') {
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
