import type { DuckClient } from './db.ts';
import { applyFilters, forgetApplied, materialized, storedFilters } from './filters.ts';
import { forgetKept } from './kept.ts';

/**
 * The cube (queries/macros.sql) counts the cadres by every combination of the columns the
 * city-wide metrics and the filters use. Stored as a table once per dataset, every filter change
 * reads it instead of every row; `cube` stays a live view until then, so it is never stale.
 */
export async function materializeCube(db: DuckClient): Promise<void> {
  await db.exec(
    'CREATE OR REPLACE TABLE cube_table AS SELECT * FROM cube_live;\n' +
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
