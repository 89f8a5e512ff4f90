import * as duckdb from '@duckdb/duckdb-wasm';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import {
  arrowToRowsInSlices,
  SESSION_SETTINGS,
  StatementCache,
  type DuckClient,
  type Row,
} from './db.ts';

/**
 * DuckDB-WASM in a classic worker, every file served from this origin by Vite (no CDN). No
 * COOP/COEP headers: the single-threaded eh bundle starts fastest here.
 */
export async function openBrowserClient(): Promise<DuckClient> {
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
  });
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  await db.open({});
  const conn = await db.connect();
  await conn.query(SESSION_SETTINGS);
  const statements = new StatementCache(
    (sql) => conn.prepare(sql),
    async (s) => (await s).close(),
  );
  return {
    async query<T extends object = Row>(sql: string, params: readonly unknown[] = []) {
      const stmt = await statements.get(sql);
      return arrowToRowsInSlices<T>(await stmt.query(...params));
    },
    async queryArrow(sql: string) {
      return conn.query(sql);
    },
    async queryIPC(sql: string) {
      // The worker's IPC bytes as they come: no Table is built on the page's thread.
      return conn.useUnsafe((bindings, id) => bindings.runQuery(id, sql));
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    async insertArrowIPC(table: string, ipc: Uint8Array, append = false) {
      await conn.insertArrowFromIPCStream(ipc, { name: table, create: !append });
    },
    async registerFile(name: string, bytes: Uint8Array) {
      await db.registerFileBuffer(name, bytes);
    },
    async dropFile(name: string) {
      await db.dropFile(name);
    },
    async close() {
      await Promise.all(statements.clear());
      await conn.close();
      await db.terminate();
    },
  };
}
