import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBPreparedStatement,
  type DuckDBResultReader,
  type DuckDBType,
} from '@duckdb/node-api';
import {
  Bool,
  DateDay,
  Float64,
  Int32,
  Table,
  TimestampMillisecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import {
  Compression,
  Table as ParquetTable,
  WriterPropertiesBuilder,
  writeParquet,
} from 'parquet-wasm';
import { quoteLiteral, SESSION_SETTINGS, StatementCache, type DuckClient, type Row } from './db.ts';

export interface NativeOptions {
  /** Worker threads (default: DuckDB's own choice, one per core). */
  threads?: number;
  /** Database file; by default everything stays in memory (spilling to a temporary folder). */
  file?: string;
  /** Told each statement's time in DuckDB and in turning its result into rows (milliseconds). */
  trace?: (sql: string, engineMs: number, rowsMs: number, rows: number) => void;
}

/** A DuckClient over native DuckDB, which reads Parquet files by path itself. */
export interface NativeClient extends DuckClient {
  readParquetSql(files: string[], withFileName?: boolean): string;
  /** DuckDB's version and its thread count. */
  info(): Promise<{ version: string; threads: number }>;
}

let profiles = 0;
/**
 * CADRE_PROFILE=REGEX: each query whose text matches is profiled by DuckDB into
 * cadre-profile-N.json in the temporary folder, to see which operator a slow statement spends
 * its time in.
 */
function profiled(sql: string): string | null {
  const re = process.env.CADRE_PROFILE;
  if (!re || !new RegExp(re).test(sql)) return null;
  const file = path.join(tmpdir(), `cadre-profile-${++profiles}.json`);
  process.stderr.write(`profile: ${file}\n`);
  return `PRAGMA enable_profiling = 'json'; PRAGMA profiling_output = ${quoteLiteral(file)}`;
}

/**
 * Native DuckDB (`@duckdb/node-api`, multi-threaded) behind the same interface as DuckDB-WASM,
 * for the report CLI over a province's history. Results take the shapes the WASM client gives
 * (numbers for BIGINT, epoch milliseconds for DATE and TIMESTAMP), so the code above cannot tell
 * the engines apart. Files registered by name live in a private temporary folder that DuckDB
 * searches for relative paths.
 */
export async function openNativeClient(options: NativeOptions = {}): Promise<NativeClient> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'cadre-native-'));
  const config: Record<string, string> = {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: path.join(scratch, 'spill'),
  };
  if (options.threads) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(options.file ?? ':memory:', config);
  const conn = await instance.connect();
  await conn.run(SESSION_SETTINGS + `;\nSET file_search_path = ${quoteLiteral(scratch)}`);
  const statements = new StatementCache<Promise<DuckDBPreparedStatement>>(
    (sql) => conn.prepare(sql),
    async (s) => (await s).destroySync(),
  );
  // One statement at a time on the connection, in the order asked (as the WASM worker does).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const next = queue.then(f, f);
    queue = next.catch(() => undefined);
    return next;
  };
  const fileOf = (name: string) => path.join(scratch, path.basename(name));
  const trace = options.trace;
  const client: NativeClient = {
    wholeResults: true,
    query<T extends object = Row>(sql: string, params: readonly unknown[] = []) {
      return serial(async () => {
        const profile = profiled(sql);
        if (profile) await conn.run(profile);
        const t0 = performance.now();
        let reader: DuckDBResultReader;
        try {
          const stmt = await statements.get(sql);
          stmt.clearBindings();
          if (params.length) stmt.bind(params.map(toDuck));
          reader = await stmt.runAndReadAll();
        } finally {
          if (profile) await conn.run('PRAGMA disable_profiling');
        }
        const t1 = performance.now();
        const rows = readerToRows<T>(reader);
        trace?.(sql, t1 - t0, performance.now() - t1, rows.length);
        return rows;
      });
    },
    queryArrow(sql: string) {
      return serial(async () => readerToArrow(await conn.runAndReadAll(sql)));
    },
    async queryIPC(sql: string) {
      return tableToIPC(await client.queryArrow(sql), 'file');
    },
    exec(sql: string) {
      return serial(async () => {
        const t0 = performance.now();
        await conn.run(sql);
        trace?.(sql, performance.now() - t0, 0, 0);
      });
    },
    insertArrowIPC(table: string, ipc: Uint8Array, append = false) {
      // Native DuckDB reads Arrow only through an extension it cannot fetch offline: the rows
      // pass through a Parquet file instead.
      return serial(async () => {
        const file = fileOf(`__${table}.parquet`);
        const props = new WriterPropertiesBuilder()
          .setCompression(Compression.UNCOMPRESSED)
          .build();
        writeFileSync(file, writeParquet(ParquetTable.fromIPCStream(ipc), props));
        try {
          await conn.run(
            `${append ? `INSERT INTO ${table}` : `CREATE TABLE ${table} AS`} SELECT * FROM read_parquet(${quoteLiteral(file)})`,
          );
        } finally {
          rmSync(file, { force: true });
        }
      });
    },
    readParquetSql(files: string[], withFileName = false) {
      const list = files.map(quoteLiteral).join(', ');
      // Files normalised by different versions may have different columns: each is read by name.
      return `read_parquet([${list}], union_by_name = true${withFileName ? ', filename = true' : ''})`;
    },
    async registerFile(name: string, bytes: Uint8Array) {
      writeFileSync(fileOf(name), bytes);
    },
    async dropFile(name: string) {
      rmSync(fileOf(name), { force: true });
    },
    async info() {
      const [r] = await client.query<{ version: string; threads: number }>(
        `SELECT version() AS version, current_setting('threads')::INTEGER AS threads`,
      );
      return r;
    },
    close() {
      return serial(async () => {
        await Promise.all(statements.clear());
        conn.closeSync();
        instance.closeSync();
        rmSync(scratch, { recursive: true, force: true });
      });
    },
  };
  return client;
}

/** JS values bound as the WASM client binds them: whole numbers as integers, text as VARCHAR. */
function toDuck(v: unknown) {
  if (v === undefined) return null;
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return BigInt(v);
  return v as string | number | boolean | bigint | null;
}

/** A value as the WASM client returns it (Arrow → plain JS). */
function plain(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = plain(x);
    return o;
  }
  return v;
}

function readerToRows<T extends object>(reader: DuckDBResultReader): T[] {
  const names = reader.columnNames();
  const rows = reader.getRowsJS();
  const out: T[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row: Row = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = plain(rows[i][j]);
    out[i] = row as T;
  }
  return out;
}

/** The Arrow type a column becomes (the types the canonical tables use; others as text). */
function arrowType(t: DuckDBType): DataType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
      return new Int32();
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return new Float64();
    case DuckDBTypeId.DATE:
      return new DateDay();
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new TimestampMillisecond();
    default:
      return new Utf8();
  }
}

function readerToArrow(reader: DuckDBResultReader): Table {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const columns = reader.getColumnsJS();
  const vectors: Record<string, Vector> = {};
  names.forEach((name, j) => {
    const type = arrowType(types[j]);
    const values = columns[j].map((v) => {
      const p = plain(v);
      if (p === null) return null;
      if (type instanceof Utf8 && typeof p !== 'string') return JSON.stringify(p);
      if (type instanceof DateDay || type instanceof TimestampMillisecond)
        return new Date(p as number);
      return p;
    });
    vectors[name] = vectorFromArray(values, type);
  });
  return new Table(vectors);
}
