/**
 * npm run bench [-- --cases distinct,history,tiled] [--rows 1000000] [--formats csv,arrow,parquet]
 *   [--tiled-formats parquet] [--history 200000x12] [--repeats 3] [--iterations 2] [--queries]
 *
 * Cases (each in a fresh page, with a fresh DuckDB):
 * - distinct: `--rows` different people of the generated province (src/core/demo/province.ts:
 *   demo cities with their own seeds; a million people make about 36,900 units and 684
 *   counties/districts), one snapshot, in every format of `--formats`;
 * - history: PEOPLE people over MONTHS monthly snapshots (`--history`), one Parquet file per
 *   month, loaded together;
 * - tiled: the old bench roster, the demo's newest snapshot repeated to `--rows` rows, loaded
 *   from each format of `--tiled-formats`.
 * Rosters are generated deterministically into bench/out/ (kept for the next run, not
 * committed). Prints every figure and writes them to bench/out/bench.json, with the peak memory
 * of Chromium's processes per phase (read from /proc).
 */
import ExcelJS from 'exceljs';
import { tableFromIPC, type Table as ArrowTable } from 'apache-arrow';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Compression,
  readParquet,
  Table,
  WriterPropertiesBuilder,
  writeParquet,
} from 'parquet-wasm';
import { quoteLiteral } from '../src/core/db.ts';
import { openNativeClient } from '../src/core/db-native.ts';
import { generateDemoCity } from '../src/core/demo/generate.ts';
import { benchRoster, rosterToCsv } from '../src/core/demo/roster.ts';
import { demoToArrowIPC } from '../src/core/demo/write.ts';
import type { BenchResult, Stats } from '../src/bench/result.ts';
import { launchChromium } from './chromium.ts';
import { sampleChromiumMemory } from './procmem.ts';
import { writeProvince } from './province.ts';
import { startStaticServer } from './static-server.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = root + 'bench/out/';
const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const cases = flag('--cases', 'distinct,history,tiled').split(',');
const sizes = flag('--rows', '1000000').split(',').map(Number);
const formats = flag('--formats', 'csv,arrow,parquet').split(',');
const tiledFormats = flag('--tiled-formats', 'parquet').split(',');
const [historyPeople, historyMonths] = flag('--history', '200000x12').split('x').map(Number);
// Runs of the report (and of each query file, with --queries) and rounds of the 7 filter steps:
// the defaults keep a full run near a quarter of an hour on 2 shared cores.
const repeats = Number(flag('--repeats', '3'));
const iterations = Number(flag('--iterations', '2'));
const queryFiles = argv.includes('--queries');
const started = performance.now();
const log = (s: string) => console.error(s);
const rel = (file: string) => path.relative(outDir, file);

interface Run {
  case: string;
  label: string;
  rows: number;
  loads: { label: string; files: string[] }[];
}
const runs: Run[] = [];
mkdirSync(outDir, { recursive: true });
// The province's cities, generated once with 24 monthly snapshots for every case (a city's
// simulation does not depend on which months are kept, so its newest month is the same).
const partMonths = Math.max(24, historyMonths);
const parts = `${outDir}parts-${partMonths}m`;

// ---- Rosters -----------------------------------------------------------------------------
for (const c of cases) {
  if (c === 'distinct')
    for (const n of sizes) {
      const base = `${outDir}distinct-${n}`;
      if (!existsSync(base + '.parquet')) {
        // The province's newest month.
        const p = await writeProvince({
          people: n,
          months: partMonths,
          keepMonths: 1,
          out: base,
          parts,
          log,
        });
        renameSync(p.files[0], base + '.parquet');
        rmSync(base, { recursive: true, force: true });
      }
      await writeFormats(base, formats);
      runs.push({
        case: 'distinct',
        label: `${n.toLocaleString('en')} distinct people, one snapshot`,
        rows: n,
        loads: formats.map((f) => ({ label: f, files: [rel(`${base}.${f}`)] })),
      });
    }
  else if (c === 'history') {
    const dir = `${outDir}history-${historyPeople}x${historyMonths}/`;
    const monthly = () =>
      existsSync(dir) ? readdirSync(dir).filter((f) => /^cadres-.*\.parquet$/.test(f)) : [];
    if (monthly().length !== historyMonths)
      await writeProvince({
        people: historyPeople,
        months: partMonths,
        keepMonths: historyMonths,
        out: dir,
        parts,
        log,
      });
    const files = monthly().sort();
    runs.push({
      case: 'history',
      label: `${historyPeople.toLocaleString('en')} people × ${historyMonths} monthly snapshots`,
      rows: await countRows(files.map((f) => dir + f)),
      loads: [{ label: 'parquet', files: files.map((f) => rel(dir + f)) }],
    });
  } else if (c === 'tiled')
    for (const n of sizes) {
      const base = `${outDir}tiled-${n}`;
      await writeTiled(base, n, tiledFormats);
      runs.push({
        case: 'tiled',
        label: `${n.toLocaleString('en')} rows: the demo's newest snapshot tiled`,
        rows: n,
        loads: tiledFormats.map((f) => ({ label: f, files: [rel(`${base}.${f}`)] })),
      });
    }
  else throw new Error(`unknown case ${c} (distinct, history, tiled)`);
}

async function countRows(files: string[]): Promise<number> {
  const db = await openNativeClient();
  try {
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM read_parquet([${files.map(quoteLiteral).join(', ')}])`,
    );
    return n;
  } finally {
    await db.close();
  }
}

/** The other formats of `base.parquet`: CSV as spreadsheets export it, Arrow IPC, .xlsx. */
async function writeFormats(base: string, wanted: string[]) {
  const parquet = base + '.parquet';
  if (wanted.includes('csv') && !existsSync(base + '.csv')) {
    const db = await openNativeClient();
    try {
      // As rosterToCsv writes the demo: birth dates like 1983.05, 是/否 for booleans.
      const cols = await db.query<{ name: string; type: string }>(
        `SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(parquet)}))`,
      );
      const list = cols.map(({ name, type }) =>
        name === 'birth_date'
          ? `strftime(birth_date, '%Y.%m') AS birth_date`
          : type === 'BOOLEAN'
            ? `CASE ${name} WHEN true THEN '是' WHEN false THEN '否' END AS ${name}`
            : name,
      );
      await db.exec(
        `COPY (SELECT ${list.join(', ')} FROM read_parquet(${quoteLiteral(parquet)}))
         TO ${quoteLiteral(base + '.csv')} (HEADER, DELIMITER ',')`,
      );
    } finally {
      await db.close();
    }
    log(`wrote ${rel(base + '.csv')}`);
  }
  const table = () => tableFromIPC(readParquet(readFileSync(parquet)).intoIPCStream());
  if (wanted.includes('arrow') && !existsSync(base + '.arrow')) {
    writeFileSync(base + '.arrow', readParquet(readFileSync(parquet)).intoIPCStream());
    log(`wrote ${rel(base + '.arrow')}`);
  }
  if (wanted.includes('xlsx') && !existsSync(base + '.xlsx')) {
    await writeXlsx(base + '.xlsx', table());
    log(`wrote ${rel(base + '.xlsx')}`);
  }
}

/** The old bench roster: the demo's newest snapshot repeated with distinct ids. */
async function writeTiled(base: string, n: number, formats: string[]) {
  const missing = formats.filter((f) => !existsSync(`${base}.${f}`));
  if (missing.length === 0) return;
  const roster = benchRoster(n, generateDemoCity());
  const ipc = demoToArrowIPC(roster);
  for (const f of missing) {
    if (f === 'csv') writeFileSync(`${base}.csv`, rosterToCsv(roster));
    else if (f === 'arrow') writeFileSync(`${base}.arrow`, ipc);
    else if (f === 'parquet') {
      const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
      writeFileSync(`${base}.parquet`, writeParquet(Table.fromIPCStream(ipc), props));
    } else if (f === 'xlsx') await writeXlsx(`${base}.xlsx`, tableFromIPC(ipc));
  }
  log(`generated ${rel(base)} (${missing.join(', ')})`);
}

/** The roster as one Excel sheet (streamed, shared strings, as Excel itself writes them). */
async function writeXlsx(file: string, table: ArrowTable) {
  const names = table.schema.fields.map((f) => f.name);
  const dates = new Set(
    table.schema.fields.filter((f) => String(f.type).startsWith('Date')).map((f) => f.name),
  );
  const cols = names.map((n) => table.getChild(n)!);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const ws = wb.addWorksheet('干部名册');
  ws.addRow(names).commit();
  for (let i = 0; i < table.numRows; i++)
    ws.addRow(
      cols.map((c, j) => {
        const v = c.get(i);
        if (v === null) return null;
        if (dates.has(names[j])) return new Date(Number(v)).toISOString().slice(0, 10);
        return v as ExcelJS.CellValue;
      }),
    ).commit();
  await wb.commit();
}

// ---- The page ----------------------------------------------------------------------------
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
const server = await startStaticServer(root + 'dist', { '/bench-data/': outDir });
const memory = sampleChromiumMemory();
const browser = await launchChromium();
type Result = BenchResult & {
  label: string;
  memory: {
    peak: { pssMB: number; rssMB: number };
    /** Sum of the processes' RSS high-water marks at the end of the case. */
    highWaterMB: number;
    byPhase: Record<string, { pssMB: number; rssMB: number }>;
  };
};
const results: Result[] = [];
try {
  for (const r of runs) {
    log(`\n${r.label} …`);
    const page = await browser.newPage();
    const loads = r.loads.map((l) => `${l.label}:${l.files.join('+')}`).join(';');
    const opened = Date.now();
    await page.goto(
      `${server.url}/bench.html?case=${r.case}&rows=${r.rows}&repeats=${repeats}` +
        `&iterations=${iterations}&queries=${queryFiles}&loads=${encodeURIComponent(loads)}`,
    );
    await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench, null, {
      timeout: 1_800_000,
      polling: 500,
    });
    const res = await page.evaluate(() => (window as unknown as { __bench: unknown }).__bench);
    if (process.env.BENCH_LOG)
      log(await page.evaluate(() => document.getElementById('out')!.textContent!));
    if ((res as { error?: string }).error) throw new Error((res as { error: string }).error);
    const b = res as BenchResult;
    const byPhase = Object.fromEntries(
      b.phases.map((p) => {
        const { pssMB, rssMB } = memory.peak(p.start, p.end);
        return [p.name, { pssMB, rssMB }];
      }),
    );
    const { pssMB, rssMB } = memory.peak(opened, Date.now());
    const highWaterMB = memory.highWaterMB();
    results.push({
      ...b,
      label: r.label,
      memory: { peak: { pssMB, rssMB }, highWaterMB, byPhase },
    });
    await page.close();
    print(results[results.length - 1]);
  }
} finally {
  memory.stop();
  await browser.close();
  await server.close();
}

function print(r: Result) {
  const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
  const st = (s: Stats) => `p50 ${f(s.p50).padStart(9)}  p95 ${f(s.p95).padStart(9)}`;
  const gb = (mb: number) => `${(mb / 1024).toFixed(2)} GB`;
  const mb = (m: { pssMB: number; rssMB: number }) => `${gb(m.rssMB)} RSS, ${gb(m.pssMB)} PSS`;
  const task = (ms: number) => (ms > 0 ? f(ms) : '< 50 ms');
  const out = [
    `\n== ${r.label} ==`,
    `${r.rows.toLocaleString('en')} rows, ${r.people.toLocaleString('en')} people, ${r.snapshots} snapshots, ` +
      `${r.units.toLocaleString('en')} units, ${r.regions} counties/districts`,
    `DuckDB ready in the page at ${f(r.dbReadyMs)} (opening with schema and rules ${f(r.dbStartMs)})`,
  ];
  for (const [k, v] of Object.entries(r.loads))
    out.push(
      `load ${k.padEnd(8)} ${f(v.ms).padStart(9)}  (${Object.entries(v.steps)
        .map(([step, ms]) => `${step} ${f(ms)}`)
        .join(', ')}; ${v.files} file(s), ${(v.bytes / 1e6).toFixed(0)} MB; ` +
        `longest main-thread task ${task(v.longestTaskMs)}; peak ${mb(r.memory.byPhase['load ' + k])})`,
    );
  out.push(
    `keep in the browser (export + Parquet) ${f(r.keep.ms)}, ${(r.keep.bytes / 1e6).toFixed(1)} MB ` +
      `(longest main-thread task ${task(r.keep.longestTaskMs)})`,
    `cube: built in ${f(r.cube.ms)}, ${r.cube.rows.toLocaleString('en')} cells × ${r.cube.columns} columns ` +
      `for ${r.cube.cadres.toLocaleString('en')} rows (${((100 * r.cube.rows) / r.cube.cadres).toFixed(1)}%)`,
  );
  for (const [k, v] of Object.entries(r.queries)) out.push(`query ${k.padEnd(16)} ${st(v)}`);
  out.push(`report (computeReport)  ${st(r.metricSet)}`);
  const x = r.refresh;
  out.push(
    `filter change (${x.runs} refreshes): city-wide panels ${st(x.city)}; per-unit panels ${st(x.units)}`,
    `  engine time per refresh: city-wide ${f(x.engineMs.city)}, per-unit ${f(x.engineMs.units)}; ` +
      `overhead (refresh / engine): city-wide ${x.overhead.city.toFixed(2)}×, per-unit ${x.overhead.units.toFixed(2)}×`,
    `  longest main-thread task during the refreshes ${task(x.longestTaskMs)}`,
    '  per refresh: calls   wall   engine  statement',
  );
  for (const s of [...x.statements].sort((a, b) => b.wallMs - a.wallMs))
    out.push(
      `  ${s.phase.padEnd(5)} ${s.calls.toFixed(1).padStart(5)} ${f(s.wallMs).padStart(9)} ${f(s.engineMs).padStart(9)}  ${s.name}`,
    );
  out.push(
    `peak memory of Chromium's processes (sums): ${mb(r.memory.peak)}; ` +
      `of their own peaks (VmHWM) ${gb(r.memory.highWaterMB)}; during the refreshes ${mb(r.memory.byPhase.refresh)}`,
  );
  console.log(out.join('\n'));
}

writeFileSync(
  outDir + 'bench.json',
  JSON.stringify({ date: new Date().toISOString(), argv, results }, null, 2),
);
console.log(
  `\nwritten to bench/out/bench.json (${((performance.now() - started) / 1000).toFixed(0)} s in all)`,
);
