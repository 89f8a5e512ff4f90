import { writeFileSync } from 'node:fs';
import { readParquet } from 'parquet-wasm';
import { openNativeClient, type NativeClient, type NativeOptions } from './db-native.ts';
import { quoteLiteral } from './db.ts';
import type { LoadReport } from './load.ts';
import { reportPathOf } from './normalised.ts';
import { readQueryTexts } from './queries-node.ts';
import type { QueryTexts } from './queries.ts';
import { initDatabase } from './setup.ts';

/** Parquet bytes that have no path (not read by DuckDB itself) → Arrow IPC. */
export const parquetToIPC = (bytes: Uint8Array) =>
  readParquet(bytes, { batchSize: 65536 }).intoIPCStream();

/** A ready database on native DuckDB: canonical tables, macros and default rules. */
export async function openNativeDatabase(
  options: NativeOptions = {},
): Promise<{ db: NativeClient; sql: QueryTexts }> {
  const db = await openNativeClient(options);
  const sql = readQueryTexts();
  await initDatabase(db, sql);
  return { db, sql };
}

/**
 * Writes what is loaded as a normalised snapshot: the `cadres` rows as Parquet at `file` and the
 * load report beside it (see normalised.ts), so that it is never normalised again.
 */
export async function writeNormalised(
  db: NativeClient,
  report: LoadReport,
  file: string,
): Promise<void> {
  await db.exec(
    `COPY (SELECT * FROM cadres ORDER BY snapshot_date, source_file, source_row)
     TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`,
  );
  writeFileSync(reportPathOf(file), JSON.stringify(report));
}
