/**
 * npm run normalise -- FILE_OR_FOLDER… --out DIR [--snapshot YYYY-MM-DD]: reads each roster as
 * the page does (on native DuckDB) and writes it normalised to DIR/NAME.parquet with its load
 * report beside it (DIR/NAME.load-report.json). The report CLI and `npm run trend` load such
 * snapshots as they are, so a monthly roster is normalised once and a history is read whole fast.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expandPaths, pathSources } from '../src/cli/engine.ts';
import { loadSources } from '../src/core/load.ts';
import { openNativeDatabase, parquetToIPC, writeNormalised } from '../src/core/native-env.ts';
import { xlsxToCsv } from '../src/core/xlsx.ts';

export async function normaliseFiles(
  args: string[],
  out: string,
  options: { snapshot?: string; log?: (s: string) => void } = {},
): Promise<string[]> {
  const log = options.log ?? ((s: string) => console.error(s));
  mkdirSync(out, { recursive: true });
  const { db } = await openNativeDatabase();
  const written: string[] = [];
  try {
    for (const p of expandPaths(args)) {
      const t0 = performance.now();
      const report = await loadSources(db, pathSources([p]), {
        parquetToIPC,
        xlsxToCsv,
        defaultSnapshot: options.snapshot,
        replace: true,
      });
      const file = path.join(out, path.basename(p).replace(/\.[^.]*$/, '') + '.parquet');
      await writeNormalised(db, report, file);
      written.push(file);
      const { read, loaded, rejected } = report.rows;
      log(
        `${path.basename(p)}: ${read} rows read, ${loaded} loaded, ${rejected} rejected, ` +
          `${report.warnings.length} warnings → ${file} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }
  } finally {
    await db.close();
  }
  return written;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const argv = process.argv.slice(2);
  const take = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : undefined;
  };
  const out = take('--out');
  const snapshot = take('--snapshot');
  if (!out || argv.length === 0) {
    console.error('usage: npm run normalise -- FILE_OR_FOLDER… --out DIR [--snapshot YYYY-MM-DD]');
    process.exit(2);
  }
  try {
    await normaliseFiles(argv, out, { snapshot });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
