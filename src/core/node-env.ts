import { ParquetFile, readParquet } from 'parquet-wasm';
import type { DuckClient } from './db.ts';
import { openNodeClient } from './db-node.ts';
import type { LoadOptions } from './load.ts';
import { CHUNK_ROWS, readPlan } from './parquet-chunks.ts';
import { readQueryTexts } from './queries-node.ts';
import type { QueryTexts } from './queries.ts';
import { initDatabase } from './setup.ts';

export const nodeParquetToIPC: LoadOptions['parquetToIPC'] = (bytes) =>
  readParquet(bytes, { batchSize: 65536 }).intoIPCStream();

/** The same a few row groups at a time, with the row count first, as the page reads Parquet. */
export async function nodeParquetChunks(
  bytes: Uint8Array,
  chunkRows = CHUNK_ROWS,
): ReturnType<NonNullable<LoadOptions['parquetChunks']>> {
  const file = await ParquetFile.fromFile(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  const { rows, chunks, empty } = readPlan(file, chunkRows);
  async function* read() {
    if (empty) yield empty;
    for (const rowGroups of chunks)
      yield readParquet(bytes, { rowGroups, batchSize: 65536 }).intoIPCStream();
  }
  return { rows, chunks: read(), close: async () => {} };
}

/** A ready database under Node: DuckDB-WASM, canonical tables, macros and default rules. */
export async function openNodeDatabase(): Promise<{ db: DuckClient; sql: QueryTexts }> {
  const db = await openNodeClient();
  const sql = readQueryTexts();
  await initDatabase(db, sql);
  return { db, sql };
}
