/** Writes the demo city to data/demo/ (deterministic; skipped when it is already there). */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { Compression, Table, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { generateDemoCity } from '../src/core/demo/generate.ts';
import { demoToArrowIPC } from '../src/core/demo/write.ts';

const dir = new URL('../data/demo/', import.meta.url);
const target = new URL('cadres.parquet', dir);
if (existsSync(target) && !process.argv.includes('--force')) process.exit(0);
const t0 = performance.now();
const city = generateDemoCity();
const props = new WriterPropertiesBuilder()
  .setCompression(Compression.ZSTD)
  .setMaxRowGroupSize(64 * 1024)
  .build();
const bytes = writeParquet(Table.fromIPCStream(demoToArrowIPC(city)), props);
mkdirSync(dir, { recursive: true });
writeFileSync(target, bytes);
console.error(
  `demo city: ${city.columns.person_id.length} rows, ${city.snapshots.length} snapshots, ` +
    `${(bytes.length / 1e6).toFixed(1)} MB → data/demo/cadres.parquet ` +
    `(${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
