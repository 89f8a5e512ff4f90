import type { DuckClient } from '../db.ts';
import { filterStateKey } from '../filters.ts';
import type { QueryTexts } from '../queries.ts';

/**
 * Which list's rows eligibility_store holds, per database, as the promise of their storing: a
 * list and its count asked together store them once. Keyed by the filters in force too, and
 * forgotten whenever the rows or the rules change (forgetEligibility), so a list never reads
 * another state's rows.
 */
const stored = new WeakMap<DuckClient, { key: string; done: Promise<void> }>();

/**
 * Stores the rows of rule `ruleId` (every rule when null) at asOf through the filters in force,
 * unless they are stored.
 */
export function storeEligibility(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  within: number,
  ruleId: string | null,
): Promise<void> {
  const key = JSON.stringify([asOf, within, ruleId, filterStateKey(db)]);
  const now = stored.get(db);
  if (now?.key === key) return now.done;
  const done = (async () => {
    await now?.done.catch(() => {});
    await db.query('DELETE FROM eligibility_store');
    await db.query(sql.eligibility_store, [asOf, within, ruleId]);
  })();
  stored.set(db, { key, done });
  done.catch(() => {
    if (stored.get(db)?.done === done) stored.delete(db);
  });
  return done;
}

/** The stored rows no longer hold: the data or the rules have changed. */
export function forgetEligibility(db: DuckClient): void {
  stored.delete(db);
}
