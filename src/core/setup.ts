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
  await db.exec([sql.schema, sql.macros, sql.selection, sql.flows_macros].join('\n'));
  await writeRuleTables(db, rules);
}
