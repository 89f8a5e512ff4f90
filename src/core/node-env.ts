import { readParquet } from 'parquet-wasm';
import type { DuckClient } from './db.ts';
import { openNodeClient } from './db-node.ts';
import type { LoadOptions } from './load.ts';
import { readQueryTexts } from './queries-node.ts';
import type { QueryTexts } from './queries.ts';
import { initDatabase } from './setup.ts';

export const nodeParquetToIPC: LoadOptions['parquetToIPC'] = (bytes) =>
  readParquet(bytes, { batchSize: 65536 }).intoIPCStream();

/** A ready database under Node: DuckDB-WASM, canonical tables, macros and default rules. */
export async function openNodeDatabase(): Promise<{ db: DuckClient; sql: QueryTexts }> {
  const db = await openNodeClient();
  const sql = readQueryTexts();
  await initDatabase(db, sql);
  return { db, sql };
}
