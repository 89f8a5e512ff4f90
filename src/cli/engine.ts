import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import type { DuckClient } from '../core/db.ts';
import {
  detectFormat,
  LoadError,
  loadSources,
  type LoadOptions,
  type LoadReport,
  type SourceFile,
} from '../core/load.ts';
import { loadNormalised, mergeReports, reportPathOf } from '../core/normalised.ts';
import type { QueryTexts } from '../core/queries.ts';
import { asLoadError, errorDetail } from '../core/messages.ts';
import { reportCheck } from '../core/untrusted.ts';
import { parseJson } from '../core/validate.ts';

export type Engine = 'wasm' | 'native';

/** The files behind the arguments: a folder stands for the Parquet files in it, by name. */
export function expandPaths(args: string[]): string[] {
  return args.flatMap((a) => {
    if (!existsSync(a)) throw new LoadError(a, 'file_missing');
    if (!statSync(a).isDirectory()) return [a];
    // Its Parquet snapshots (a history); else its LRMX forms (one roster); else its rosters.
    const names = readdirSync(a).sort();
    const inside =
      [/\.parquet$/i, /\.lrmx$/i, /\.(xlsx|xlsm|xls|et|csv|tsv|txt|json|arrow|feather)$/i]
        .map((re) => names.filter((f) => re.test(f) && !f.startsWith('~$')))
        .find((x) => x.length > 0) ?? [];
    if (inside.length === 0) throw new LoadError(a, 'folder_without_rosters');
    return inside.map((f) => path.join(a, f));
  });
}

/** The load report beside a normalised snapshot, or null for a roster to be normalised. */
function reportBeside(file: string): LoadReport | null {
  const at = reportPathOf(file);
  if (!/\.parquet$/i.test(file) || !existsSync(at)) return null;
  try {
    return parseJson(readFileSync(at, 'utf8'), 512 * 1024 * 1024, reportCheck);
  } catch (e) {
    throw new LoadError(path.basename(at), 'load_report_unreadable', {}, errorDetail(e));
  }
}

/** A file read whole, as the page reads it. */
export function readWhole(file: string): SourceFile {
  try {
    return { name: path.basename(file), bytes: new Uint8Array(readFileSync(file)) };
  } catch (e) {
    throw asLoadError(e, file, 'read_failed');
  }
}

/**
 * CADRE_TRACE=1 with --engine native: each statement on stderr, with its time in DuckDB and in
 * turning its result into rows, and the seconds since the process started, to see where a
 * province's report spends its time.
 */
function printTrace(sql: string, engineMs: number, rowsMs: number, rows: number) {
  const head = sql
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, process.env.CADRE_TRACE === 'full' ? undefined : 100);
  const at = (performance.now() / 1000).toFixed(1);
  process.stderr.write(`${engineMs.toFixed(0)}\t${rowsMs.toFixed(0)}\t${rows}\t${at}\t${head}\n`);
}

/**
 * Files for an engine that reads Parquet itself (native DuckDB): a Parquet file is read from its
 * path, so only its first bytes are held here; other files are read whole.
 */
export function pathSources(paths: string[]): SourceFile[] {
  return paths.map((p) => {
    if (detectFormat({ name: p }) !== 'parquet') return readWhole(p);
    try {
      const head = new Uint8Array(Math.min(4096, statSync(p).size));
      const fd = openSync(p, 'r');
      try {
        readSync(fd, head, 0, head.length, 0);
      } finally {
        closeSync(fd);
      }
      return { name: path.basename(p), bytes: head, path: path.resolve(p) };
    } catch (e) {
      throw asLoadError(e, p, 'read_failed');
    }
  });
}

export interface ReportEngine {
  db: DuckClient;
  sql: QueryTexts;
  /** Parquet bytes as Arrow IPC, on this engine. */
  parquetToIPC: LoadOptions['parquetToIPC'];
  /**
   * Loads the files: normalised snapshots (with their load report beside them) as they are,
   * then every other roster through the loader, as the page reads it.
   */
  load(options: Omit<LoadOptions, 'parquetToIPC'>): Promise<LoadReport>;
}

/**
 * The report's database on the chosen engine. Each engine is imported only when chosen, so
 * `--engine native` never loads DuckDB-WASM; native DuckDB reads Parquet files from their path.
 */
export async function openEngine(engine: Engine, args: string[]): Promise<ReportEngine> {
  const paths = expandPaths(args);
  const reports = paths.map(reportBeside);
  // The files first: nothing is opened for a file that cannot be read.
  const files = engine === 'native' ? pathSources(paths) : paths.map(readWhole);
  const env =
    engine === 'native'
      ? await import('../core/native-env.ts').then(async (m) => ({
          ...(await m.openNativeDatabase(process.env.CADRE_TRACE ? { trace: printTrace } : {})),
          parquetToIPC: m.parquetToIPC,
          // Native DuckDB reads a Parquet file from its path, whatever its size.
          parquetChunks: undefined,
        }))
      : await import('../core/node-env.ts').then(async (m) => ({
          ...(await m.openNodeDatabase()),
          parquetToIPC: m.nodeParquetToIPC,
          // DuckDB-WASM holds what the page holds: a file it cannot is refused from its row count.
          parquetChunks: m.nodeParquetChunks,
        }));
  const { db, sql, parquetToIPC, parquetChunks } = env;
  return {
    db,
    sql,
    parquetToIPC,
    async load(options) {
      const done = files.filter((_, i) => reports[i] !== null);
      const raw = files.filter((_, i) => reports[i] === null);
      const parts: LoadReport[] = [];
      if (done.length) {
        const of = reports.filter((r) => r !== null);
        const copy = raw.length > 0;
        parts.push(await loadNormalised(db, done, of, parquetToIPC, { copy }));
      }
      if (raw.length || !done.length)
        parts.push(await loadSources(db, raw, { ...options, parquetToIPC, parquetChunks }));
      return mergeReports(parts);
    },
  };
}
