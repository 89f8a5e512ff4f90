/** Writes the demo city to data/demo/ (deterministic; skipped when it is there and up to date). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Compression, Table, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { generateDemoCity } from '../src/core/demo/generate.ts';
import { demoStamp, type DemoSnapshot } from '../src/core/demo/stamp.ts';
import { appointmentsCsv, demoToArrowIPC } from '../src/core/demo/write.ts';
import { loadSources } from '../src/core/load.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../src/core/node-env.ts';
import { computeInitialView } from '../src/core/panels.ts';

const dir = new URL('../data/demo/', import.meta.url);
const target = new URL('cadres.parquet', dir);
const canonical = new URL('canonical.parquet', dir);
const reportFile = new URL('load-report.json', dir);
const initialFile = new URL('initial-view.json', dir);
const eventsFile = new URL('appointments.csv', dir);
const stampFile = new URL('source.sha256', dir);
const snapshotsFile = new URL('snapshots.json', dir);
const outputs = [target, canonical, reportFile, initialFile, eventsFile, stampFile, snapshotsFile];
// Made again whenever the code that makes it changes (the generator, loader, rules or SQL).
const stamp = demoStamp(new URL('../', import.meta.url));
if (
  outputs.every((f) => existsSync(f)) &&
  readFileSync(stampFile, 'utf8') === stamp &&
  !process.argv.includes('--force')
)
  process.exit(0);
const t0 = performance.now();
const city = generateDemoCity();
const props = new WriterPropertiesBuilder()
  .setCompression(Compression.ZSTD)
  .setMaxRowGroupSize(64 * 1024)
  .build();
const bytes = writeParquet(Table.fromIPCStream(demoToArrowIPC(city)), props);
mkdirSync(dir, { recursive: true });
writeFileSync(target, bytes);
// The appointment events (任免记录) behind the level changes between snapshots.
writeFileSync(eventsFile, appointmentsCsv(city.events));

// The same rows through the loader, saved normalised (with the load report) so that the page
// shows the demo without parsing it again.
const { db, sql } = await openNodeDatabase();
const report = await loadSources(db, [{ name: 'cadres.parquet', bytes: bytes.slice() }], {
  parquetToIPC: nodeParquetToIPC,
});
// In snapshot order, with where each snapshot's rows start: a report that reads one snapshot
// (the CLI's tables) reads only its rows.
const order = 'ORDER BY snapshot_date, source_file, source_row';
const rows = await db.queryArrow(`SELECT * FROM cadres ${order}`);
const ranges = await db.query<DemoSnapshot>(
  `SELECT CAST(snapshot_date AS VARCHAR) AS date, (min(i) - 1)::INTEGER AS "offset",
     count(*)::INTEGER AS rows
   FROM (SELECT snapshot_date, row_number() OVER (${order}) AS i FROM cadres)
   GROUP BY 1 ORDER BY 1`,
);
// The Node build of DuckDB-WASM returns tables of the CommonJS copy of apache-arrow.
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof import('apache-arrow');
writeFileSync(
  canonical,
  writeParquet(Table.fromIPCStream(arrow.tableToIPC(rows, 'stream')), props),
);
writeFileSync(reportFile, JSON.stringify(report));
writeFileSync(snapshotsFile, JSON.stringify(ranges));
// The page reads rejected rows and warnings from load-report.json.
const initial = await computeInitialView(db, sql, report);
initial.panels.report = { ...initial.panels.report, rejected: [], warnings: [] };
writeFileSync(initialFile, JSON.stringify(initial));
writeFileSync(stampFile, stamp);
await db.close();
console.error(
  `demo city: ${city.columns.person_id.length} rows, ${city.snapshots.length} snapshots, ` +
    `${(bytes.length / 1e6).toFixed(1)} MB, ${city.events.length} appointments → data/demo/ ` +
    `(cadres.parquet, canonical.parquet, appointments.csv) ` +
    `(${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);
