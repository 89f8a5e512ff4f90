import { dropCube } from './cube.ts';
import { quoteIdent, type DuckClient } from './db.ts';
import { errorDetail } from './messages.ts';
import { keepFindings } from './quality.ts';
import {
  deriveUnits,
  LoadError,
  type LoadOptions,
  type LoadReport,
  type SourceFile,
} from './load.ts';

/**
 * Normalised snapshots: Parquet files of `cadres` rows that this tool has already normalised
 * (`npm run normalise`, `npm run history`), each with its load report beside it
 * (`NAME.load-report.json` next to `NAME.parquet`). They are taken as they are, nothing parsed or
 * checked again, as the page takes the demo (`loadCanonical`): a province's history is normalised
 * once, month by month, and then read for reports and trends.
 */
export const REPORT_SUFFIX = '.load-report.json';

/** Where the load report of a normalised snapshot is (beside it). */
export const reportPathOf = (parquetPath: string) =>
  parquetPath.replace(/\.parquet$/i, '') + REPORT_SUFFIX;

/** One load report for several sources, in their order. */
export function mergeReports(reports: LoadReport[]): LoadReport {
  const sum = (k: keyof LoadReport['rows']) => reports.reduce((n, r) => n + r.rows[k], 0);
  return {
    sources: reports.flatMap((r) => r.sources),
    rows: {
      read: sum('read'),
      loaded: sum('loaded'),
      rejected: sum('rejected'),
      skipped: sum('skipped'),
    },
    rejected: reports.flatMap((r) => r.rejected),
    warnings: reports.flatMap((r) => r.warnings),
    ...list(
      'skippedRows',
      reports.flatMap((r) => r.skippedRows ?? []),
    ),
    ...list(
      'sheetsNotRead',
      reports.flatMap((r) => r.sheetsNotRead ?? []),
    ),
    ...list(
      'columnsNotRead',
      reports.flatMap((r) => r.columnsNotRead ?? []),
    ),
  };
}

const list = <K extends string, T>(key: K, xs: T[]) =>
  (xs.length ? { [key]: xs } : {}) as { [k in K]?: T[] };

/**
 * Makes normalised snapshots the loaded rows (replacing `cadres`), all or nothing; `reports` are
 * their load reports, in order. An engine that reads files itself (native DuckDB) does not copy
 * them: `cadres` becomes a view over the files, each query reading only the columns and row
 * groups it needs. (Every snapshot stays in view: the report's flows, tenures and batches read
 * the history.) Otherwise each file goes through Arrow into the table. Returns the load report of every file.
 */
export async function loadNormalised(
  db: DuckClient,
  files: SourceFile[],
  reports: LoadReport[],
  parquetToIPC: LoadOptions['parquetToIPC'],
  options: {
    /** Copy the rows into the `cadres` table even where a view would do (more rows follow). */
    copy?: boolean;
  } = {},
): Promise<LoadReport> {
  const report = mergeReports(reports);
  const paths = files.map((f) => f.path);
  const direct = db.readParquetSql && paths.every((p) => p !== undefined);
  try {
    if (direct && !options.copy) await viewOver(db, paths as string[], report);
    else await copyFiles(db, files, report, parquetToIPC);
    await keepFindings(db, report, true);
  } catch (e) {
    throw new LoadError(files.map((f) => f.name).join(', '), 'not_normalised', {}, errorDetail(e));
  }
  return report;
}

async function copyFiles(
  db: DuckClient,
  files: SourceFile[],
  report: LoadReport,
  parquetToIPC: LoadOptions['parquetToIPC'],
) {
  await db.exec('BEGIN TRANSACTION');
  try {
    await dropCube(db);
    await db.exec('DELETE FROM cadres');
    const paths = files.map((f) => f.path);
    if (db.readParquetSql && paths.every((p) => p !== undefined))
      await db.exec(
        `INSERT INTO cadres BY NAME SELECT * FROM ${db.readParquetSql(paths as string[])}`,
      );
    else
      for (const f of files) {
        await db.insertArrowIPC('__normalised', await parquetToIPC(f.bytes));
        await db.exec(
          'INSERT INTO cadres BY NAME SELECT * FROM __normalised; DROP TABLE __normalised',
        );
      }
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM cadres');
    if (n !== report.rows.loaded)
      throw new Error(`${n} rows, the load reports say ${report.rows.loaded}`);
    await deriveUnits(db);
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK');
    throw e;
  }
}

async function viewOver(db: DuckClient, paths: string[], report: LoadReport) {
  const all = db.readParquetSql!(paths);
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${all}`);
  if (n !== report.rows.loaded)
    throw new Error(`${n} rows, the load reports say ${report.rows.loaded}`);
  // The view has the columns and types of the `cadres` table (its ENUMs included).
  const columns = await db.query<{ name: string; type: string }>(
    `SELECT column_name AS name, data_type AS type FROM duckdb_columns()
     WHERE table_name = 'cadres' AND NOT internal ORDER BY column_index`,
  );
  // A column added to `cadres` since a file was normalised is NULL in its rows.
  const present = new Set(
    (
      await db.query<{ name: string }>(
        `SELECT column_name AS name FROM (DESCRIBE SELECT * FROM ${all})`,
      )
    ).map((c) => c.name),
  );
  const list = columns.map(
    (c) =>
      `CAST(${present.has(c.name) ? quoteIdent(c.name) : 'NULL'} AS ${c.type}) AS ${quoteIdent(c.name)}`,
  );
  const [{ view }] = await db.query<{ view: boolean }>(
    `SELECT count(*) > 0 AS view FROM duckdb_views() WHERE view_name = 'cadres'`,
  );
  await dropCube(db);
  await db.exec(
    `DROP ${view ? 'VIEW' : 'TABLE'} cadres;
     CREATE VIEW cadres AS SELECT ${list.join(', ')} FROM ${all};`,
  );
  await deriveUnits(db);
}
