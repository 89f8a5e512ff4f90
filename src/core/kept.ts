import type { DuckClient } from './db.ts';
import { filterStateKey } from './filters.ts';

/**
 * Rows derived once and kept in a table that several queries read (unit_profile_store,
 * eligibility_store, whatif_city, template_kinds_unknown_store, team_scores,
 * candidate_targets, quality_store), per database: for each table, the key its rows were stored
 * for and the promise of their storing, so that two readers asking together store them once.
 * Forgotten whenever the rows or the rules change (forgetKept), so a reader never sees another
 * state's rows.
 */
const kept = new WeakMap<DuckClient, Map<string, { key: string; done: Promise<void> }>>();

/**
 * Empties `table` and runs `fill` unless the table already holds the rows of `key`, which
 * includes the filters in force unless the rows count everyone (`everyone`).
 */
export function keepRows(
  db: DuckClient,
  table:
    | 'unit_profile_store'
    | 'eligibility_store'
    | 'whatif_city'
    | 'template_kinds_unknown_store'
    | 'team_scores'
    | 'candidate_targets'
    | 'quality_store',
  key: unknown[],
  fill: () => Promise<unknown>,
  { everyone = false } = {},
): Promise<void> {
  let tables = kept.get(db);
  if (!tables) kept.set(db, (tables = new Map()));
  const k = JSON.stringify(everyone ? key : [key, filterStateKey(db)]);
  const now = tables.get(table);
  if (now?.key === k) return now.done;
  const done = (async () => {
    await now?.done.catch(() => {});
    await db.query(`DELETE FROM ${table}`);
    await fill();
  })();
  tables.set(table, { key: k, done });
  done.catch(() => {
    if (tables.get(table)?.done === done) tables.delete(table);
  });
  return done;
}

/** The kept rows no longer hold: the data or the rules have changed. */
export function forgetKept(db: DuckClient): void {
  kept.delete(db);
}
