import { createRequire } from 'node:module';
import path from 'node:path';
import * as duckdb from '@duckdb/duckdb-wasm/blocking';
import { arrowToRows, SESSION_SETTINGS, StatementCache, type DuckClient, type Row } from './db.ts';

const require = createRequire(import.meta.url);

/**
 * Instances a closed client left behind, emptied. Starting DuckDB-WASM costs two seconds of
 * Emscripten set-up each time; a test suite opens a database per test, a session per report.
 */
const idle: duckdb.DuckDBBindings[] = [];

async function instantiate(): Promise<duckdb.DuckDBBindings> {
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: {
      mainModule: path.join(dist, 'duckdb-mvp.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs'),
    },
    eh: {
      mainModule: path.join(dist, 'duckdb-eh.wasm'),
      mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs'),
    },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  return db;
}

const heaps = new WeakMap<DuckClient, () => number>();

/**
 * The size of a client's DuckDB-WASM heap in bytes: its peak so far, as a wasm memory only grows
 * (benchmarks; the page's limit is the 4 GB such a heap can reach).
 */
export function heapBytes(client: DuckClient): number | null {
  return heaps.get(client)?.() ?? null;
}

/** The same DuckDB-WASM build the browser runs, driven synchronously under Node (tests, CLI). */
export async function openNodeClient(): Promise<DuckClient> {
  const db = idle.pop() ?? (await instantiate());
  db.open({});
  const conn = db.connect();
  conn.query(SESSION_SETTINGS);
  const statements = new StatementCache(
    (sql) => conn.prepare(sql),
    (s) => s.close(),
  );
  const client: DuckClient = {
    async query<T extends object = Row>(sql: string, params: readonly unknown[] = []) {
      return arrowToRows<T>(statements.get(sql).query(...params));
    },
    async queryArrow(sql: string) {
      return conn.query(sql);
    },
    async queryIPC(sql: string) {
      return db.runQuery(
        conn.useUnsafe((_, id) => id),
        sql,
      );
    },
    async exec(sql: string) {
      conn.query(sql);
    },
    async insertArrowIPC(table: string, ipc: Uint8Array, append = false) {
      conn.insertArrowFromIPCStream(ipc, { name: table, create: !append });
    },
    async registerFile(name: string, bytes: Uint8Array) {
      db.registerFileBuffer(name, bytes);
    },
    async dropFile(name: string) {
      db.dropFile(name);
    },
    async close() {
      statements.clear();
      conn.close();
      // A new, empty database in the same instance, without the files of the last one.
      db.reset();
      db.dropFiles();
      idle.push(db);
    },
  };
  const mod = (db as unknown as { mod: { HEAPU8: Uint8Array } }).mod;
  const out = process.env.CADRE_TRACE ? traced(client) : client;
  heaps.set(out, () => mod.HEAPU8.length);
  return out;
}

/**
 * CADRE_TRACE=1: each statement on stderr with its milliseconds (its first 100 characters; all
 * of it with CADRE_TRACE=full), to see where a report or a test spends its time (the native
 * engine prints its own, engine.ts).
 */
function traced(client: DuckClient): DuckClient {
  const timed =
    <A extends unknown[], R>(f: (sql: string, ...rest: A) => Promise<R>) =>
    async (sql: string, ...rest: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await f(sql, ...rest);
      } finally {
        const head = sql
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, process.env.CADRE_TRACE === 'full' ? undefined : 100);
        process.stderr.write(`${(performance.now() - t0).toFixed(0)}\t${head}\n`);
      }
    };
  return {
    ...client,
    query: timed(client.query.bind(client)) as DuckClient['query'],
    queryArrow: timed(client.queryArrow.bind(client)),
    queryIPC: timed(client.queryIPC.bind(client)),
    exec: timed(client.exec.bind(client)),
  };
}
