import type { DuckClient } from '../db.ts';
import type { RuleSet } from '../policy/index.ts';
import type { QueryTexts } from '../queries.ts';
import type { SheetSpec } from '../xlsx-write.ts';
import type { TableContext } from './context.ts';
import { rosterRows, rosterSheetSpec } from './roster.ts';
import { cadreStats, statsSheetSpec, tableBands } from './stats.ts';
import { teamSheetSpec, teamStructure } from './teams.ts';

export * from './context.ts';
export * from './crosstab.ts';
export * from './roster.ts';
export * from './stats.ts';
export * from './teams.ts';
export { asOfText, DIM_NAMES, tt, type TableLang } from './text.ts';

/** Which of the standard tables a workbook holds. */
export type StandardTable = 'stats' | 'teams' | 'roster';
export const STANDARD_TABLES: StandardTable[] = ['stats', 'teams', 'roster'];

/**
 * The standard statistical tables for the reference date under the filters in force (the
 * filter_state the caller wrote): 干部情况统计表 (everyone, then one sheet per unit type),
 * 领导班子结构统计表, 干部名册 of everyone in scope. The page and the CLI write the same sheets.
 */
export async function standardSheets(
  db: DuckClient,
  sql: QueryTexts,
  opts: { asOf: string; rules: RuleSet; ctx: TableContext; tables?: StandardTable[] },
): Promise<SheetSpec[]> {
  const { asOf, rules, ctx } = opts;
  const want = new Set(opts.tables ?? STANDARD_TABLES);
  const sheets: SheetSpec[] = [];
  if (want.has('stats'))
    for (const s of await cadreStats(db, sql, asOf, tableBands(rules)))
      sheets.push(statsSheetSpec(s, ctx));
  if (want.has('teams')) sheets.push(teamSheetSpec(await teamStructure(db, sql, asOf, rules), ctx));
  if (want.has('roster')) sheets.push(rosterSheetSpec(await rosterRows(db, sql, asOf, null), ctx));
  return sheets;
}
