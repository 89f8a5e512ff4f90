import type { DuckClient } from './db.ts';
import type { QueryTexts } from './queries.ts';
import { DEFAULT_RULES, type RuleSet } from './rules.ts';

/** Creates the canonical tables and macros, and writes the rule tables from `rules`. */
export async function initDatabase(
  db: DuckClient,
  sql: QueryTexts,
  rules: RuleSet = DEFAULT_RULES,
): Promise<void> {
  await db.exec(sql.schema);
  await db.exec(sql.macros);
  await writeRules(db, rules);
}

export async function writeRules(db: DuckClient, rules: RuleSet): Promise<void> {
  await db.exec(
    'DELETE FROM ratio_rules; DELETE FROM age_bands; DELETE FROM principal_bands; DELETE FROM change_rules;',
  );
  for (const [i, r] of rules.ratio.entries()) {
    await db.query(
      `INSERT INTO ratio_rules VALUES ($1, $2, $3::VARCHAR[], $4::VARCHAR[], $5::VARCHAR[], $6,
        $7::INTEGER, $8::DATE, $9::DATE, $10::INTEGER, $11::INTEGER, $12, $13::INTEGER)`,
      [
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
      ],
    );
  }
  for (const [i, b] of rules.ageBands.entries()) {
    await db.query('INSERT INTO age_bands VALUES ($1, $2::INTEGER, $3::INTEGER, $4::INTEGER)', [
      b.label,
      b.minAge,
      b.maxAge,
      i,
    ]);
  }
  for (const [i, b] of rules.principalBands.entries()) {
    await db.query(
      'INSERT INTO principal_bands VALUES ($1, $2, $3::INTEGER, $4::INTEGER, $5::INTEGER)',
      [b.metricId, b.label, b.minAge, b.maxAge, i],
    );
  }
  for (const [i, c] of rules.change.entries()) {
    await db.query('INSERT INTO change_rules VALUES ($1, $2, $3::DOUBLE, $4, $5::INTEGER)', [
      c.metricId,
      c.label,
      c.target,
      c.comparator,
      i,
    ]);
  }
}

/** Lists travel as JSON text and are cast in SQL, which every DuckDB-WASM host accepts. */
function listParam(list: string[] | null): string | null {
  return list === null ? null : JSON.stringify(list);
}
