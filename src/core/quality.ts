import { csvLine } from './csv.ts';
import type { DuckClient } from './db.ts';
import { keepRows } from './kept.ts';
import type { LoadReport } from './load.ts';
import type { QueryTexts } from './queries.ts';

/** Q1: the records of the snapshot in force with a data-quality finding (DOMAIN.md metric ids). */
export interface DataQuality {
  id: 'Q1';
  /** The snapshot the records belong to (null: no data). */
  snapshotDate: string | null;
  /** Rows loaded for that snapshot, and rows rejected for its date. */
  records: number;
  /** Records with at least one finding (a note, or the reason they were rejected). */
  flagged: number;
  rejected: number;
  /** flagged ÷ records; null without records. The target is 0. */
  value: number | null;
  /** Each kind of finding (a load-report code) and the records it touches, most first. */
  codes: { code: string; rejected: boolean; rows: number }[];
}

/**
 * Writes the findings of a load report into row_findings, where queries/quality.sql counts them:
 * replacing those of the rows loaded before, or beside them when the rows were added.
 */
/**
 * Notes that say something of a row but find nothing wrong with its data: not in Q1. A birth
 * month read as October is how an Excel number cell shows every October (1983.1 beside 1983.05).
 */
const NOT_FINDINGS = new Set(['row_hidden', 'birth_month_october']);

export async function keepFindings(
  db: DuckClient,
  report: Pick<LoadReport, 'rejected' | 'warnings'>,
  replace: boolean,
): Promise<void> {
  if (replace) await db.exec('DELETE FROM row_findings');
  const rows = [
    // A row hidden in Excel is the user's view of the file, not a fault of its data.
    ...report.warnings
      .filter((w) => !NOT_FINDINGS.has(w.code))
      .map((w) => [w.file, w.row, w.code, false, null] as const),
    ...report.rejected.map((r) => [r.file, r.row, r.code, true, r.snapshot ?? null] as const),
  ];
  if (!rows.length) return;
  // Through a CSV file: Arrow's builders compile code, which the page's CSP forbids.
  const csv = rows.map(([file, row, code, rejected, snapshot]) =>
    csvLine([file, String(row), code, String(rejected), snapshot]),
  );
  const name = '__findings.csv';
  await db.registerFile(name, new TextEncoder().encode(csv.join('\n') + '\n'));
  try {
    await db.exec(`
      CREATE OR REPLACE TEMP TABLE __findings AS
      SELECT * FROM read_csv('${name}', header = false,
        columns = {'source_file': 'VARCHAR', 'source_row': 'INTEGER', 'code': 'VARCHAR',
          'rejected': 'BOOLEAN', 'snapshot_date': 'DATE'}, delim = ',', quote = '"', escape = '"')`);
  } finally {
    await db.dropFile(name);
  }
  // Each finding's snapshot, found here once rather than by every count: a loaded row's own; a
  // rejected row's as the report gives it, else (a report kept by an older version, a row with
  // no date) the newest of the rows loaded from its file, else the newest of all.
  await db.exec(`
    INSERT INTO row_findings
    SELECT f.source_file, f.source_row, f.code, false, r.snapshot_date
    FROM (SELECT * FROM __findings WHERE NOT rejected) f
    LEFT JOIN (
      SELECT source_file, source_row, snapshot_date FROM cadres
      WHERE source_file IN (SELECT source_file FROM __findings WHERE NOT rejected)
    ) r USING (source_file, source_row);
    INSERT INTO row_findings
    SELECT f.source_file, f.source_row, f.code, true,
      coalesce(f.snapshot_date, d.newest, (SELECT max(snapshot_date) FROM cadres))
    FROM (SELECT * FROM __findings WHERE rejected) f
    LEFT JOIN (
      SELECT source_file, max(snapshot_date) AS newest FROM cadres
      WHERE source_file IN (SELECT source_file FROM __findings
        WHERE rejected AND snapshot_date IS NULL)
      GROUP BY source_file
    ) d USING (source_file);
    DROP TABLE __findings;`);
}

/** Q1 at the reference date (counted once per date and kept: the filters do not change it). */
export async function dataQuality(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<DataQuality> {
  await keepRows(db, 'quality_store', [asOf], () => db.query(sql.quality, [asOf]), {
    everyone: true,
  });
  const [r] = await db.query<{
    snapshot_date: string | null;
    records: number;
    flagged: number;
    rejected: number;
    value: number | null;
    codes: DataQuality['codes'];
  }>('SELECT * FROM quality_store');
  const { snapshot_date, records, flagged, rejected, value, codes } = r;
  return { id: 'Q1', snapshotDate: snapshot_date, records, flagged, rejected, value, codes };
}
