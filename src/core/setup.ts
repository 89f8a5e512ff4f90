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
  await initSelection(db, sql);
}

/**
 * What the structure panels need: the tables, their macros and the rule tables. The page draws
 * its first view with these alone and creates the rest after (`initSelection`).
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
 * The selection and flows macros. DuckDB binds a table macro or view as it is created, and these
 * take about 0.5 s (more on a cold page) that the first view does not need.
 */
export async function initSelection(db: DuckClient, sql: QueryTexts): Promise<void> {
  await db.exec([sql.selection, sql.flows_macros].join('\n'));
}
