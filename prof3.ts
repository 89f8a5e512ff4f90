import { readFileSync } from 'node:fs';
import { openNodeDatabase, nodeParquetToIPC } from './src/core/node-env.ts';
import { loadSources } from './src/core/load.ts';
const { db } = await openNodeDatabase();
for (const k of ['query', 'exec', 'insertArrowIPC'] as const) {
  const f = (db as any)[k].bind(db);
  (db as any)[k] = async (...a: any[]) => { const t = performance.now(); const r = await f(...a); const ms = performance.now() - t; if (ms > 30) console.log(k, Math.round(ms), String(a[0]).replace(/\s+/g, ' ').slice(0, 90)); return r; };
}
const t = performance.now();
await loadSources(db, [{ name: 'r.arrow', bytes: readFileSync('bench/out/q-1000000.arrow') }], { parquetToIPC: nodeParquetToIPC });
console.log('total', Math.round(performance.now() - t));
