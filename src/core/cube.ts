import type { DuckClient } from './db.ts';
import { applyFilters, forgetApplied, materialized, storedFilters } from './filters.ts';
import { forgetKept } from './kept.ts';

/** The cube is counted by combination when that keeps fewer than this share of its rows. */
const GROUPED_SHARE = 0.7;

/**
 * The cube (queries/macros.sql) counts the cadres by every combination of the columns the
 * city-wide metrics and the filters use. Stored as a table once per dataset, every filter change
 * reads it instead of every row; `cube` stays a live view until then, so it is never stale.
 */
export async function materializeCube(
  db: DuckClient,
  opts: { onlyAt?: string[] } = {},
): Promise<void> {
  // One cell per row first, then counted by combination only where that shrinks it: a roster of
  // distinct people has nearly one combination per person (with its birth month), and grouping
  // a province's 24 months (23M cells of 24M rows) took two thirds of building the cube.
  const at = opts.onlyAt ? await snapshotsAt(db, opts.onlyAt) : null;
  const create =
    'CREATE OR REPLACE TABLE cube_table AS SELECT * EXCLUDE (unit_id) FROM cube_source(false)';
  if (at) await db.query(`${create} WHERE snapshot_date IN (${placeholders(at)})`, at);
  else await db.exec(create);
  const [{ cells, rows }] = await db.query<{ cells: number; rows: number }>(
    `SELECT approx_count_distinct(hash(*COLUMNS(* EXCLUDE (n))))::DOUBLE AS cells,
       count(*)::DOUBLE AS rows FROM cube_table`,
  );
  if (cells < rows * GROUPED_SHARE)
    await db.exec(
      'CREATE OR REPLACE TABLE cube_grouped AS\n' +
        'SELECT * EXCLUDE (n), sum(n)::INTEGER AS n FROM cube_table GROUP BY ALL;\n' +
        'DROP TABLE cube_table;\nALTER TABLE cube_grouped RENAME TO cube_table;',
    );
  await db.exec(
    'CREATE OR REPLACE VIEW cube AS SELECT * FROM cube_table;\n' +
      'CREATE OR REPLACE TABLE metric_cube_table AS SELECT * FROM metric_cube_live;\n' +
      'CREATE OR REPLACE VIEW metric_cube AS SELECT * FROM metric_cube_table;\n' +
      'CREATE OR REPLACE TABLE snapshot_dates_table AS SELECT * FROM snapshot_dates_live;\n' +
      'CREATE OR REPLACE VIEW snapshot_dates AS SELECT * FROM snapshot_dates_table;\n' +
      'CREATE OR REPLACE TABLE scoped_table AS SELECT * FROM metric_cube_table LIMIT 0;\n' +
      'CREATE OR REPLACE TABLE scoped_context AS SELECT * FROM metric_cube_table LIMIT 0;\n' +
      'CREATE OR REPLACE VIEW scoped AS SELECT * FROM scoped_table;',
  );
  const columns = await db.query<{ name: string }>(
    `SELECT column_name AS name FROM duckdb_columns()
     WHERE table_name = 'metric_cube_table' ORDER BY column_index`,
  );
  materialized.set(
    db,
    columns.map((c) => c.name),
  );
  forgetApplied(db);
  // Filled for the filters in force, the way every filter change fills it.
  await applyFilters(db, await storedFilters(db));
}

const placeholders = (xs: unknown[]) => xs.map((_, i) => `$${i + 1}::DATE`).join(', ');

/**
 * The snapshots in force at these dates. A cube of only these serves one report at them: the
 * report CLI reads two of a province's 24 months, and the whole cube took a sixth of its time.
 */
async function snapshotsAt(db: DuckClient, dates: string[]): Promise<string[]> {
  const rows = await db.query<{ s: string | null }>(
    `SELECT DISTINCT strftime(snapshot_for(d), '%Y-%m-%d') AS s
     FROM (SELECT unnest([${placeholders(dates)}]) AS d)`,
    dates,
  );
  const found = rows.flatMap((r) => (r.s ? [r.s] : []));
  // IN () is not SQL: a date before every snapshot still gives a cube, an empty one.
  return found.length ? found : ['0001-01-01'];
}

/** Back to the live view: called whenever `cadres` changes. */
export async function dropCube(db: DuckClient): Promise<void> {
  materialized.delete(db);
  forgetKept(db);
  forgetApplied(db);
  await db.exec(
    'CREATE OR REPLACE VIEW scoped AS SELECT * FROM scoped_live;\nDROP TABLE IF EXISTS scoped_table;\n' +
      'DROP TABLE IF EXISTS scoped_context;\n' +
      'CREATE OR REPLACE VIEW scoped_regions AS SELECT * FROM scoped_regions_live;\n' +
      'CREATE OR REPLACE VIEW scoped_rows AS SELECT * FROM scoped_rows_live;\n' +
      'CREATE OR REPLACE VIEW cube AS SELECT * FROM cube_live;\nDROP TABLE IF EXISTS cube_table;\n' +
      'CREATE OR REPLACE VIEW metric_cube AS SELECT * FROM metric_cube_live;\n' +
      'DROP TABLE IF EXISTS metric_cube_table;\n' +
      'CREATE OR REPLACE VIEW snapshot_dates AS SELECT * FROM snapshot_dates_live;\n' +
      'DROP TABLE IF EXISTS snapshot_dates_table;',
  );
}
