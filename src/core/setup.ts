import type { DuckClient } from './db.ts';
import type { QueryTexts } from './queries.ts';
import { DEFAULT_RULES, type RuleSet } from './rules.ts';

/** Creates the canonical tables and macros, and writes the rule tables from `rules`. */
export async function initDatabase(
  db: DuckClient,
  sql: QueryTexts,
  rules: RuleSet = DEFAULT_RULES,
): Promise<void> {
  await db.exec(sql.schema + '\n' + sql.macros);
  await writeRules(db, rules);
}

/** One parameterised multi-row INSERT per table (one round trip each, values never inlined). */
async function insertRows(db: DuckClient, table: string, casts: string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  let n = 0;
  const tuples = rows.map(() => `(${casts.map((c) => `$${++n}${c}`).join(', ')})`);
  await db.query(`INSERT INTO ${table} VALUES ${tuples.join(', ')}`, rows.flat());
}

export async function writeRules(db: DuckClient, rules: RuleSet): Promise<void> {
  await db.exec(
    'DELETE FROM ratio_rules; DELETE FROM age_bands; DELETE FROM principal_bands; DELETE FROM change_rules;',
  );
  const list = '::VARCHAR[]';
  await insertRows(
    db,
    'ratio_rules',
    [
      '',
      '',
      list,
      list,
      list,
      '::BOOLEAN',
      '::INTEGER',
      '::DATE',
      '::DATE',
      '::INTEGER',
      '::INTEGER',
      '',
      '::INTEGER',
      '::BOOLEAN',
      '::BOOLEAN',
    ],
    rules.ratio.map((r, i) => [
      r.metricId,
      r.label,
      listParam(r.unitTypes),
      listParam(r.levels),
      listParam(r.postClasses),
      r.teamOnly,
      r.maxAge,
      r.bornFrom,
      r.bornTo,
      r.targetNum,
      r.targetDen,
      r.comparator,
      i,
      r.perUnit,
      r.kpi ?? false,
    ]),
  );
  await insertRows(
    db,
    'age_bands',
    ['', '::INTEGER', '::INTEGER', '::INTEGER'],
    rules.ageBands.map((b, i) => [b.label, b.minAge, b.maxAge, i]),
  );
  await insertRows(
    db,
    'principal_bands',
    ['', '', '::INTEGER', '::INTEGER', '::INTEGER'],
    rules.principalBands.map((b, i) => [b.metricId, b.label, b.minAge, b.maxAge, i]),
  );
  await insertRows(
    db,
    'change_rules',
    ['', '', '', '::DOUBLE', '', '::INTEGER'],
    rules.change.map((c, i) => [c.metricId, c.label, c.measure, c.target, c.comparator, i]),
  );
}

/** Lists travel as JSON text and are cast in SQL, which every DuckDB-WASM host accepts. */
function listParam(list: string[] | null): string | null {
  return list === null ? null : JSON.stringify(list);
}
