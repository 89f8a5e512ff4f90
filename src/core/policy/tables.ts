import type { DuckClient } from '../db.ts';
import { forgetKept } from '../kept.ts';
import { countsYoung, DEFAULT_RULE_SET, rulesOfKind } from './index.ts';
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
  'eligibility_rules',
  'eligibility_age_limits',
  'candidate_rules',
  'candidate_feeds',
  'exit_ages',
  'promotion_rules',
  'promotion_young',
  'secondment_rules',
  'probation_rules',
];

/**
 * Writes a (checked) rule set into the rule tables every query reads. Each rule's sort_order is
 * its place in the rule set, so every list follows the rule set's order.
 */
export async function writeRuleTables(db: DuckClient, rs: RuleSet): Promise<void> {
  forgetKept(db);
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
      countsYoung(r),
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
  await insertRows(
    db,
    'eligibility_rules',
    [
      '',
      '',
      '::INTEGER',
      '::BOOLEAN',
      '::DATE',
      '::DATE',
      '',
      '',
      '',
      '::DOUBLE',
      '::INTEGER',
      L,
      '::DOUBLE',
      '::DOUBLE',
      L,
      L,
      L,
      L,
      L,
      '::DOUBLE',
      '::DOUBLE',
      '::DOUBLE',
      '::DOUBLE',
      '',
      '::BOOLEAN',
      '::BOOLEAN',
      '::INTEGER',
    ],
    rulesOfKind(rs, 'eligibility').map((e) => {
      const c = e.criteria;
      return [
        e.id,
        e.label.zh,
        order.get(e.id),
        (c.age?.length ?? 0) > 0,
        monthDate(c.birth?.from ?? null),
        monthDate(c.birth?.to ?? null),
        c.education ?? null,
        c.fulltimeEducation ?? null,
        c.party ?? null,
        c.tenure?.minYears ?? null,
        c.appraisals?.years ?? null,
        listParam(c.appraisals?.accepted),
        c.grassroots?.minYears ?? null,
        c.grassroots?.lessThan ?? null,
        listParam(c.unitTypes),
        listParam(c.levels),
        listParam(c.postClasses),
        listParam(c.regions),
        listParam(c.reserves),
        c.postYears?.minYears ?? null,
        c.postYears?.lessThan ?? null,
        c.levelYears?.minYears ?? null,
        c.levelYears?.lessThan ?? null,
        c.gender ?? null,
        c.minority ?? null,
        e.priority?.reserve ?? false,
        e.priority?.maxAge ?? null,
      ];
    }),
  );
  await insertRows(
    db,
    'eligibility_age_limits',
    ['', '::INTEGER', L, '::INTEGER', '::INTEGER'],
    rulesOfKind(rs, 'eligibility').flatMap((e) =>
      (e.criteria.age ?? []).map((l, i) => [e.id, i, listParam(l.levels), l.minAge, l.maxAge]),
    ),
  );
  const candidates = rulesOfKind(rs, 'candidates');
  await insertRows(
    db,
    'candidate_rules',
    ['', '', L, L, '::INTEGER', '::INTEGER', L, '::INTEGER', '::INTEGER', '', '::INTEGER'],
    candidates.map((c) => [
      c.id,
      c.label.zh,
      listParam(c.rules),
      listParam(c.population.unitTypes),
      c.minCandidates,
      c.retiringMonths,
      listParam(c.order),
      c.target[0],
      c.target[1],
      c.comparator,
      order.get(c.id),
    ]),
  );
  await insertRows(
    db,
    'candidate_feeds',
    ['', '::INTEGER', L, '', ''],
    candidates.flatMap((c) =>
      c.feeds.map((f, i) => [c.id, i, listParam(f.levels), f.reserve, f.scope]),
    ),
  );
  const r = rs.retirement;
  await insertRows(
    db,
    'retirement_rules',
    [
      '::INTEGER',
      '::INTEGER',
      '::INTEGER',
      '::BOOLEAN',
      '::DATE',
      '::DATE',
      '::INTEGER',
      '::INTEGER',
    ],
    [
      [
        r.menAge,
        r.womenAge,
        r.womenCountyAge,
        r.womenCountyDelayed ?? true,
        monthDate(r.delay.from60),
        monthDate(r.delay.from55),
        r.delay.step,
        r.delay.max,
      ],
    ],
  );
  await insertRows(
    db,
    'exit_ages',
    ['', '::INTEGER'],
    Object.entries(r.exitAges ?? {}).map(([level, age]) => [level, age]),
  );
  // Rule files older than Y9 and the secondment quota get the defaults.
  const p = rs.promotion ?? DEFAULT_RULE_SET.promotion!;
  await insertRows(
    db,
    'promotion_rules',
    ['', '', '::INTEGER', '::INTEGER', ''],
    [[p.id, p.label.zh, p.target[0], p.target[1], p.comparator]],
  );
  await insertRows(
    db,
    'promotion_young',
    ['', '::INTEGER'],
    p.young.map((y) => [y.level, y.maxAge]),
  );
  const q = (rs.secondment ?? DEFAULT_RULE_SET.secondment!).excellentQuota;
  await insertRows(db, 'secondment_rules', ['::INTEGER', '::INTEGER'], [[q[0], q[1]]]);
  const probation = rs.probation ?? DEFAULT_RULE_SET.probation!;
  await insertRows(
    db,
    'probation_rules',
    ['::INTEGER', L, L, '::BOOLEAN'],
    [
      [
        probation.months,
        listParam(probation.levels),
        listParam(probation.exceptPostClasses ?? []),
        probation.exceptTeamPrincipals ?? false,
      ],
    ],
  );
}
