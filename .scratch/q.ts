import { readFileSync } from 'node:fs';
import { openNodeDatabase } from '../src/core/node-env.ts';
import { loadCanonical } from '../src/core/load.ts';
import { readParquet } from 'parquet-wasm';
import { materializeCube } from '../src/core/cube.ts';
const { db } = await openNodeDatabase();
const bytes = readFileSync('data/demo/canonical.parquet');
await loadCanonical(db, 'x', readParquet(new Uint8Array(bytes)).intoIPCStream(), { sources: [], rows: { read: 0, loaded: 0, rejected: 0, skipped: 0 }, rejected: [], warnings: [] });
await materializeCube(db);
const text = readFileSync(process.argv[2], 'utf8');
const params = process.argv[3] ? JSON.parse(process.argv[3]) : [];
const limit = Number(process.argv[4] ?? 60);
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  const rows = await db.query(text, params);
  console.log(`${rows.length} rows (${(performance.now() - t).toFixed(0)} ms)`);
  if (i === 0) console.table(rows.slice(0, limit));
}
