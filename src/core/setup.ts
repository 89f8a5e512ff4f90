import type { DuckClient } from './db.ts';
import { DEFAULT_RULE_SET, type RuleSet } from './policy/index.ts';
import { writeRuleTables } from './policy/tables.ts';
import type { QueryTexts } from './queries.ts';

/** Creates the canonical tables and macros, and writes the rule tables from `rules`. */
export async function initDatabase(
  db: DuckClient,
  sql: QueryTexts,
  rules: RuleSet = DEFAULT_RULE_SET,
): Promise<void> {
  await initStructure(db, sql, rules);
  await initDeferred(db, sql);
}

/**
 * What the structure panels need: the tables, their macros and the rule tables. The page draws
 * its first view with these alone and creates the rest after (`initDeferred`).
 */
export async function initStructure(
  db: DuckClient,
  sql: QueryTexts,
  rules: RuleSet = DEFAULT_RULE_SET,
): Promise<void> {
  await db.exec([sql.schema, sql.macros].join('\n'));
  await writeRuleTables(db, rules);
}

/**
 * What the first view does not need: the loader's macros (ingest.sql), and the selection and
 * flows macros. DuckDB binds a table macro or view as it is created, and these take about 0.6 s
 * (more on a cold page).
 */
export async function initDeferred(db: DuckClient, sql: QueryTexts): Promise<void> {
  await db.exec([sql.ingest, sql.selection, sql.flows_macros].join('\n'));
}
