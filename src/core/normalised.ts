import { dropCube } from './cube.ts';
import type { DuckClient } from './db.ts';
import {
  deriveUnits,
  LoadError,
  type LoadOptions,
  type LoadReport,
  type SourceFile,
} from './load.ts';

/**
 * Normalised snapshots: Parquet files of `cadres` rows that this tool has already normalised
 * (`npm run normalise`, `npm run history`), each with its load report next to it
 * (`NAME.load-report.json` beside `NAME.parquet`). They are loaded as they are, nothing parsed or
 * checked again, as the page loads the demo (`loadCanonical`): a province's history is
 * normalised once, month by month, and then read whole for reports and trends.
 */
export const REPORT_SUFFIX = '.load-report.json';

/** Where the load report of a normalised snapshot is (beside it). */
export const reportPathOf = (parquetPath: string) =>
  parquetPath.replace(/\.parquet$/i, '') + REPORT_SUFFIX;

/** One load report for several sources, in their order. */
export function mergeReports(reports: LoadReport[]): LoadReport {
  return {
    sources: reports.flatMap((r) => r.sources),
    rows: {
      read: reports.reduce((n, r) => n + r.rows.read, 0),
      loaded: reports.reduce((n, r) => n + r.rows.loaded, 0),
      rejected: reports.reduce((n, r) => n + r.rows.rejected, 0),
      skipped: reports.reduce((n, r) => n + r.rows.skipped, 0),
    },
    rejected: reports.flatMap((r) => r.rejected),
    warnings: reports.flatMap((r) => r.warnings),
  };
}

/**
 * Replaces `cadres` with the rows of normalised snapshots, all or nothing. An engine that reads
 * files itself (native DuckDB) reads them all in one statement on every core; otherwise each
 * file goes through Arrow. `reports` are their load reports, in order.
 */
export async function loadNormalised(
  db: DuckClient,
  files: SourceFile[],
  reports: LoadReport[],
  parquetToIPC: LoadOptions['parquetToIPC'],
): Promise<LoadReport> {
  const names = files.map((f) => f.name).join(', ');
  const paths = files.map((f) => f.path);
  const direct = db.readParquetSql && paths.every((p) => p !== undefined);
  await db.exec('BEGIN TRANSACTION');
  try {
    await dropCube(db);
    await db.exec('DELETE FROM cadres');
    if (direct) {
      await db.exec(
        `INSERT INTO cadres BY NAME SELECT * FROM ${db.readParquetSql!(paths as string[])}`,
      );
    } else
      for (const f of files) {
        await db.insertArrowIPC('__normalised', await parquetToIPC(f.bytes));
        await db.exec('INSERT INTO cadres BY NAME SELECT * FROM __normalised');
        await db.exec('DROP TABLE __normalised');
      }
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM cadres');
    const report = mergeReports(reports);
    if (n !== report.rows.loaded)
      throw new Error(`${n} rows, the load reports say ${report.rows.loaded}`);
    await deriveUnits(db);
    await db.exec('COMMIT');
    return report;
  } catch (e) {
    await db.exec('ROLLBACK');
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new LoadError(names, `不是本工具规范化的快照，或与其载入报告不符（${detail}）`);
  }
}
