/**
 * A generated province written as monthly Parquet snapshots (one file per month): the cities of
 * src/core/demo/province.ts, generated in child processes (one per core) and merged by native
 * DuckDB. Deterministic: the same arguments give the same rows in the same order. Used by
 * `npm run history` and `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quoteLiteral } from '../src/core/db.ts';
import { openNativeClient } from '../src/core/db-native.ts';
import { CADRES_PER_CITY, cityCode } from '../src/core/demo/province.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

export interface ProvinceFiles {
  /** One Parquet file per month, oldest first (`cadres-YYYY-MM.parquet`). */
  files: string[];
  /** People at the newest month (exactly the number asked for). */
  people: number;
  rows: number;
  cities: number;
  units: number;
  regions: number;
}

/** Generates the cities missing from `parts` (each with `months` monthly snapshots). */
async function generateParts(parts: string, months: number, cities: number[], log: Log) {
  mkdirSync(parts, { recursive: true });
  const todo = cities.filter((k) => !existsSync(partFile(parts, k)));
  if (todo.length === 0) return;
  const t0 = performance.now();
  let done = 0;
  const worker = async () => {
    for (let k = todo.shift(); k !== undefined; k = todo.shift()) {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            path.join(root, 'scripts/province-part.ts'),
            String(k),
            String(months),
            partFile(parts, k),
          ],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        );
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`city ${cityCode(k)}: exit ${code}`)),
        );
      });
      done++;
      if (done % 8 === 0) log(`  ${done} cities generated (${secs(t0)})`);
    }
  };
  const n = todo.length;
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), n) }, worker));
  log(`generated ${n} cities × ${months} months in ${secs(t0)}`);
}

const partFile = (parts: string, k: number) => path.join(parts, `city-${cityCode(k)}.parquet`);
const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
type Log = (s: string) => void;

/**
 * Writes `people` people (exactly, at the newest month) over `months` monthly snapshots to
 * `out/cadres-YYYY-MM.parquet`. Whole cities are taken in order; the last one only in part (its
 * first people at the newest month, the same people at every month). City files are kept in
 * `parts` for the next run.
 */
export async function writeProvince(opts: {
  people: number;
  months: number;
  out: string;
  parts: string;
  /** Write only the newest this many months (all by default). */
  keepMonths?: number;
  log?: Log;
}): Promise<ProvinceFiles> {
  const log = opts.log ?? ((s: string) => console.error(s));
  const cities: number[] = [];
  const heads: number[] = [];
  const db = await openNativeClient();
  try {
    let total = 0;
    while (total < opts.people) {
      // Enough cities for the people still missing, plus one in case cities come out small.
      const more = Math.ceil((opts.people - total) / CADRES_PER_CITY) + (total ? 0 : 1);
      const batch = Array.from({ length: more }, (_, i) => cities.length + i);
      await generateParts(opts.parts, opts.months, batch.slice(), log);
      for (const k of batch) {
        if (total >= opts.people) break;
        const [{ n }] = await db.query<{ n: number }>(
          `SELECT count(*)::INTEGER AS n FROM read_parquet(${quoteLiteral(partFile(opts.parts, k))})
           WHERE snapshot_date = (SELECT max(snapshot_date) FROM read_parquet(${quoteLiteral(partFile(opts.parts, k))}))`,
        );
        cities.push(k);
        heads.push(n);
        total += n;
      }
    }
    const last = cities[cities.length - 1];
    const keep = opts.people - heads.slice(0, -1).reduce((a, b) => a + b, 0);
    const whole = cities.slice(0, -1).map((k) => quoteLiteral(partFile(opts.parts, k)));
    const lastFile = quoteLiteral(partFile(opts.parts, last));
    await db.exec(`
      CREATE TABLE kept AS
      SELECT person_id FROM read_parquet(${lastFile}, file_row_number = true)
      WHERE snapshot_date = (SELECT max(snapshot_date) FROM read_parquet(${lastFile}))
      ORDER BY file_row_number LIMIT ${keep};
      CREATE VIEW province AS
      SELECT * FROM read_parquet([${[...whole, lastFile].join(', ')}], filename = true,
        file_row_number = true)
      WHERE filename <> ${lastFile} OR person_id IN (SELECT person_id FROM kept);`);
    const dates = (
      await db.query<{ d: string }>(
        `SELECT DISTINCT strftime(snapshot_date, '%Y-%m-%d') AS d FROM read_parquet(${lastFile}) ORDER BY d`,
      )
    ).slice(-(opts.keepMonths ?? opts.months));
    mkdirSync(opts.out, { recursive: true });
    for (const f of readdirSync(opts.out))
      if (/^cadres-\d{4}-\d{2}\.parquet$/.test(f)) rmSync(path.join(opts.out, f));
    const t0 = performance.now();
    const files: string[] = [];
    for (const { d } of dates) {
      const file = path.join(opts.out, `cadres-${d.slice(0, 7)}.parquet`);
      await db.exec(`
        COPY (SELECT * EXCLUDE (filename, file_row_number) FROM province
              WHERE snapshot_date = DATE ${quoteLiteral(d)} ORDER BY filename, file_row_number)
        TO ${quoteLiteral(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 65536)`);
      files.push(file);
    }
    const [s] = await db.query<{ rows: number; units: number; regions: number }>(`
      SELECT count(*)::INTEGER AS rows, count(DISTINCT unit_id)::INTEGER AS units,
        count(DISTINCT region)::INTEGER AS regions FROM province
      WHERE snapshot_date >= DATE ${quoteLiteral(dates[0].d)}`);
    log(
      `${opts.people.toLocaleString('en')} people (${cities.length} cities), ${s.rows.toLocaleString('en')} rows, ` +
        `${s.units.toLocaleString('en')} units, ${s.regions} counties/districts → ${opts.out} ` +
        `(${files.length} files, ${secs(t0)} to write)`,
    );
    return { files, people: opts.people, cities: cities.length, ...s };
  } finally {
    await db.close();
  }
}
