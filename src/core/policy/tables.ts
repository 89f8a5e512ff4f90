import type { DuckClient } from '../db.ts';
import { rulesOfKind } from './index.ts';
import type { RuleSet } from './types.ts';

/** One parameterised multi-row INSERT per table (one round trip each, values never inlined). */
async function insertRows(db: DuckClient, table: string, casts: string[], rows: unknown[][]) {
  if (rows.length === 0) return;
  let n = 0;
  const tuples = rows.map(() => `(${casts.map((c) => `$${++n}${c}`).join(', ')})`);
  await db.query(`INSERT INTO ${table} VALUES ${tuples.join(', ')}`, rows.flat());
}

/** Lists travel as JSON text and are cast in SQL, which every DuckDB-WASM host accepts. */
const listParam = (list: readonly unknown[] | null | undefined) =>
  list === null || list === undefined ? null : JSON.stringify(list);
/** A month written YYYY-MM as the first day of that month. */
const monthDate = (m: string | null) => (m === null ? null : `${m}-01`);

const TABLES = [
  'rule_population',
  'ratio_rules',
  'age_bands',
  'band_rules',
  'change_rules',
  'templates',
  'template_items',
  'template_bands',
  'warning_rules',
  'retirement_rules',
];

/**
 * Writes a (checked) rule set into the rule tables every query reads. Each rule's sort_order is
 * its place in the rule set, so every list follows the rule set's order.
 */
export async function writeRuleTables(db: DuckClient, rs: RuleSet): Promise<void> {
  await db.exec(TABLES.map((t) => `DELETE FROM ${t};`).join('\n'));
  const order = new Map(rs.rules.map((r, i) => [r.id, i]));
  const L = '::VARCHAR[]';
  await insertRows(
    db,
    'rule_population',
    ['', '', L, L, L, '::BOOLEAN', '::INTEGER'],
    rs.rules.map((r) => [
      r.id,
      r.kind,
      listParam(r.population.unitTypes),
      listParam(r.population.levels),
      listParam(r.population.postClasses),
      r.population.teamOnly,
      order.get(r.id),
    ]),
  );
  await insertRows(
    db,
    'ratio_rules',
    [
      '',
      '',
      '::INTEGER',
      '::DATE',
      '::DATE',
      '',
      '',
      '::BOOLEAN',
      '',
      '::INTEGER',
      '::INTEGER',
      '',
      '::INTEGER',
      '::BOOLEAN',
      '::BOOLEAN',
    ],
    rulesOfKind(rs, 'ratio').map((r) => [
      r.id,
      r.label.zh,
      r.counted.maxAge,
      monthDate(r.counted.bornFrom),
      monthDate(r.counted.bornTo),
      r.counted.gender ?? null,
      r.counted.party ?? null,
      r.counted.minority ?? null,
      r.counted.education ?? null,
      r.target[0],
      r.target[1],
      r.comparator,
      order.get(r.id),
      r.perUnit,
      r.kpi,
    ]),
  );
  await insertRows(
    db,
    'age_bands',
    ['', '::INTEGER', '::INTEGER', '::INTEGER'],
    rs.ageBands.map((b, i) => [b.label, b.minAge, b.maxAge, i]),
  );
  await insertRows(
    db,
    'band_rules',
    ['', '', '::INTEGER', '::INTEGER', '::INTEGER'],
    rulesOfKind(rs, 'band').map((b) => [b.id, b.label.zh, b.minAge, b.maxAge, order.get(b.id)]),
  );
  await insertRows(
    db,
    'change_rules',
    ['', '', '', '::DOUBLE', '', '::INTEGER'],
    rulesOfKind(rs, 'change').map((c) => [
      c.id,
      c.label.zh,
      c.measure,
      c.target,
      c.comparator,
      order.get(c.id),
    ]),
  );
  const templates = rulesOfKind(rs, 'template');
  await insertRows(
    db,
    'templates',
    ['', '', '::DOUBLE', '::DOUBLE', '::INTEGER'],
    templates.map((t) => [t.id, t.label.zh, t.thresholds.met, t.thresholds.basic, order.get(t.id)]),
  );
  await insertRows(
    db,
    'template_items',
    [
      '',
      '',
      '',
      '',
      '::INTEGER',
      '::DOUBLE',
      '::BOOLEAN',
      '::INTEGER',
      '::DOUBLE',
      '::BOOLEAN',
      '::INTEGER',
    ],
    templates.flatMap((t) =>
      t.items.map((it, i) => [
        t.id,
        it.id,
        it.kind,
        it.label.zh,
        it.required,
        it.weight,
        it.veto,
        it.maxAge ?? null,
        it.minYears ?? null,
        it.autonomousOnly ?? false,
        i,
      ]),
    ),
  );
  await insertRows(
    db,
    'template_bands',
    ['', '', '::INTEGER', '', '::INTEGER', '::INTEGER'],
    templates.flatMap((t) =>
      t.items.flatMap((it) =>
        (it.bands ?? []).map((b, i) => [t.id, it.id, i, b.label.zh, b.minAge, b.maxAge]),
      ),
    ),
  );
  await insertRows(
    db,
    'warning_rules',
    [
      '',
      '',
      '',
      '::BOOLEAN',
      '::INTEGER',
      '::INTEGER',
      '::INTEGER',
      '::INTEGER',
      L,
      '::INTEGER[]',
      '::INTEGER',
    ],
    rs.warnings.map((w, i) => [
      w.id,
      w.kind,
      w.label.zh,
      w.enabled,
      w.months ?? null,
      w.share?.[0] ?? null,
      w.share?.[1] ?? null,
      w.count ?? null,
      listParam(w.itemKinds),
      listParam(w.years),
      i,
    ]),
  );
  const r = rs.retirement;
  await insertRows(
    db,
    'retirement_rules',
    ['::INTEGER', '::INTEGER', '::INTEGER', '::DATE', '::DATE', '::INTEGER', '::INTEGER'],
    [
      [
        r.menAge,
        r.womenAge,
        r.womenCountyAge,
        monthDate(r.delay.from60),
        monthDate(r.delay.from55),
        r.delay.step,
        r.delay.max,
      ],
    ],
  );
}
