/**
 * npx tsx scripts/bench-memory.ts ROSTER.parquet: how large DuckDB-WASM's heap grows for a roster
 * (DuckDB-WASM under Node, the engine the page runs): after loading it as the page does (a few
 * row groups at a time), after the cube, and after the whole report is counted. A wasm memory
 * only grows, so each figure is the peak so far; the heap's limit is DuckDB's memory limit in
 * wasm (3.1 GiB), which sets the page's largest roster (MAX_ROWS in src/core/load.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { materializeCube } from '../src/core/cube.ts';
import { heapBytes } from '../src/core/db-node.ts';
import { applyFilters, NO_FILTERS } from '../src/core/filters.ts';
import { loadSources } from '../src/core/load.ts';
import { nodeParquetChunks, nodeParquetToIPC, openNodeDatabase } from '../src/core/node-env.ts';
import { computeReport } from '../src/core/report.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx scripts/bench-memory.ts ROSTER.parquet');
const { db, sql } = await openNodeDatabase();
const gb = () => `${((heapBytes(db) ?? 0) / 2 ** 30).toFixed(2)} GB`;
const step = async (label: string, f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  console.log(
    `${label.padEnd(8)} heap ${gb()}  (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
};
await step('load', () =>
  loadSources(db, [{ name: path.basename(file), bytes: new Uint8Array(readFileSync(file)) }], {
    parquetToIPC: nodeParquetToIPC,
    parquetChunks: nodeParquetChunks,
    acceptDuplicates: true,
  }),
);
await step('cube', () => materializeCube(db));
await applyFilters(db, NO_FILTERS);
const [{ asOf }] = await db.query<{ asOf: string }>(
  `SELECT strftime(max(snapshot_date), '%Y-%m-%d') AS asOf FROM cadres`,
);
await step('report', () => computeReport(db, sql, { asOf }));
