import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readParquet } from 'parquet-wasm';
import { openNativeClient, type NativeClient, type NativeOptions } from './db-native.ts';
import { quoteLiteral } from './db.ts';
import { detectFormat, type LoadReport, type SourceFile } from './load.ts';
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
 * Files for native DuckDB: Parquet files are read by DuckDB from their path, so only their
 * first bytes are held here; other files are read whole, as the page reads them.
 */
export function nativeSourceFiles(paths: string[]): SourceFile[] {
  return paths.map((p) => {
    const name = path.basename(p);
    if (detectFormat({ name }) !== 'parquet')
      return { name, bytes: new Uint8Array(readFileSync(p)) };
    const head = new Uint8Array(Math.min(4096, statSync(p).size));
    const fd = openSync(p, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    return { name, bytes: head, path: path.resolve(p) };
  });
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
