import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import type { DuckClient } from '../../src/core/db.ts';
import { openNodeClient } from '../../src/core/db-node.ts';
import { loadSources, type LoadReport, type SourceFile } from '../../src/core/load.ts';
import { readQueryTexts } from '../../src/core/queries-node.ts';
import { initDatabase } from '../../src/core/setup.ts';
import type { RuleSet } from '../../src/core/policy/index.ts';

export const sql = readQueryTexts();

export const parquetToIPC = (bytes: Uint8Array) =>
  readParquet(bytes, { batchSize: 65536 }).intoIPCStream();

export async function freshDb(rules?: RuleSet): Promise<DuckClient> {
  const db = await openNodeClient();
  await initDatabase(db, sql, rules);
  return db;
}

/** Builds CSV text from rows of the canonical columns (missing keys become empty cells). */
export function csv(rows: Record<string, string | number | boolean | null | undefined>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n');
}

export function textFile(name: string, text: string): SourceFile {
  return { name, bytes: new TextEncoder().encode(text) };
}

export async function loadCsv(
  db: DuckClient,
  name: string,
  text: string,
  defaultSnapshot?: string,
): Promise<LoadReport> {
  return loadSources(db, [textFile(name, text)], { parquetToIPC, defaultSnapshot });
}

export { tableFromIPC };
