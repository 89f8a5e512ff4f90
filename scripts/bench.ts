/**
 * npm run bench [-- --rows 100000,1000000] [--formats csv,arrow,parquet,xlsx]: generates rosters
 * (CSV, Arrow IPC, Parquet; .xlsx when asked), builds
 * the app, runs bench.html in headless Chromium, prints the figures and writes
 * bench/out/bench.json.
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Compression, Table, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { generateDemoCity } from '../src/core/demo/generate.ts';
import { benchRoster, rosterToCsv } from '../src/core/demo/roster.ts';
import { demoToArrowIPC } from '../src/core/demo/write.ts';
import type { BenchResult } from '../src/bench/result.ts';
import { launchChromium } from './chromium.ts';
import { startStaticServer } from './static-server.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = root + 'bench/out/';
const arg = process.argv.indexOf('--rows');
const sizes = (arg > 0 ? process.argv[arg + 1] : '100000,1000000').split(',').map(Number);
const fmt = process.argv.indexOf('--formats');
const formats = fmt > 0 ? process.argv[fmt + 1] : 'csv,arrow,parquet';

mkdirSync(outDir, { recursive: true });
let city: ReturnType<typeof generateDemoCity> | null = null;
for (const n of sizes) {
  const base = `${outDir}roster-${n}`;
  if (formats.includes('xlsx') && !existsSync(`${base}.xlsx`)) {
    city ??= generateDemoCity();
    await writeXlsx(`${base}.xlsx`, benchRoster(n, city));
    console.error(`generated ${n} rows as .xlsx`);
  }
  if (existsSync(`${base}.parquet`)) continue;
  city ??= generateDemoCity();
  const roster = benchRoster(n, city);
  writeFileSync(`${base}.csv`, rosterToCsv(roster));
  const ipc = demoToArrowIPC(roster);
  writeFileSync(`${base}.arrow`, ipc);
  const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
  writeFileSync(`${base}.parquet`, writeParquet(Table.fromIPCStream(ipc), props));
  console.error(`generated ${n} rows`);
}

/** The roster as one Excel sheet (streamed, shared strings, as Excel itself writes them). */
async function writeXlsx(file: string, roster: ReturnType<typeof benchRoster>) {
  const names = Object.keys(roster.columns);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('干部名册');
  ws.addRow(names).commit();
  const rows = roster.columns[names[0]].length;
  for (let i = 0; i < rows; i++)
    ws.addRow(names.map((k) => roster.columns[k][i] as ExcelJS.CellValue)).commit();
  await wb.commit();
}

execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
const server = await startStaticServer(root + 'dist', { '/bench-data/': outDir });
const browser = await launchChromium();
const results = [];
try {
  for (const n of sizes) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/bench.html?rows=${n}&formats=${formats}`);
    await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, null, {
      timeout: 600_000,
      polling: 500,
    });
    const r = await page.evaluate(() => (window as unknown as { __bench: unknown }).__bench);
    if (process.env.BENCH_LOG)
      console.error(await page.evaluate(() => document.getElementById('out')!.textContent));
    if ((r as { error?: string }).error) throw new Error((r as { error: string }).error);
    results.push(r);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
for (const r of results as BenchResult[]) {
  console.log(`\n== ${r.rows.toLocaleString('en')} rows ==`);
  console.log(`DuckDB start (with schema and rules): ${f(r.dbStartMs)}`);
  for (const [k, v] of Object.entries(r.loadMs))
    console.log(
      `load ${k.padEnd(8)} ${f(v).padStart(10)}   (${Object.entries(r.loadSteps[k])
        .map(([step, ms]) => `${step} ${f(ms)}`)
        .join(', ')}; longest main-thread task ${f(r.longestTaskDuringLoadMs[k])})`,
    );
  console.log(
    `keep in the browser (export + Parquet) ${f(r.keep.ms)}, ${(r.keep.bytes / 1e6).toFixed(1)} MB (longest main-thread task ${f(r.keep.longestTaskMs)})`,
  );
  for (const [k, v] of Object.entries(r.queries))
    console.log(`query ${k.padEnd(18)} p50 ${f(v.p50).padStart(9)}  p95 ${f(v.p95).padStart(9)}`);
  console.log(
    `whole metric set        p50 ${f(r.metricSet.p50).padStart(9)}  p95 ${f(r.metricSet.p95).padStart(9)}`,
  );
  const fr = r.filterRefresh;
  console.log(`cube (once per dataset) ${f(fr.cubeMs)}`);
  console.log(
    `filter change, city-wide panels p50 ${f(fr.p50)}  p95 ${f(fr.p95)}; then per-unit panels p50 ${f(fr.units.p50)}  p95 ${f(fr.units.p95)}  (longest main-thread task ${f(fr.longestTaskMs)})`,
  );
}
writeFileSync(
  outDir + 'bench.json',
  JSON.stringify({ date: new Date().toISOString(), results }, null, 2),
);
console.log('\nwritten to bench/out/bench.json');
