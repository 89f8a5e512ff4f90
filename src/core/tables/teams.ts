import type { DuckClient } from '../db.ts';
import { rulesOfKind, type RuleSet } from '../policy/index.ts';
import type { QueryTexts } from '../queries.ts';
import type { CellInput, SheetRow, SheetSpec } from '../xlsx-write.ts';
import { metaLines, sourceText, valueText, type TableContext } from './context.ts';
import { tt } from './text.ts';

/**
 * 领导班子结构统计表: one row per unit (its leadership team) and a 合计 row, with the unit's
 * check of every per-unit ratio rule of the rule set (queries/team_structure.sql).
 */
export interface TeamCheck {
  id: string;
  /** Units: the young members and the rule's population. 合计: units evaluated and short. */
  numerator: number;
  denominator: number;
  /** People short (0: met); 合计: in all. */
  gap: number;
}

export interface TeamRow {
  unit_id: string | null;
  unit_name: string | null;
  region: string | null;
  unit_type: string | null;
  is_total: boolean;
  members: number;
  mean_age: number | null;
  /** Members aged ≤ each age of TEAM_AGE_LIMITS, in order. */
  young: number[] | null;
  women: number;
  minorities: number;
  non_cpc: number;
  postgraduates: number;
  checks: TeamCheck[] | null;
}

/** The age columns of the standard layout (≤ 40, ≤ 35): a column each, not a policy target. */
export const TEAM_AGE_LIMITS = [40, 35];

export interface TeamStructure {
  rows: TeamRow[];
  total: TeamRow;
  /** The per-unit ratio rules, a column each, in the rule set's order. */
  rules: { id: string; label: { zh: string; en: string } }[];
  /** Whether the roster says who is a team member (else every cadre of a unit counts). */
  flagged: boolean;
}

export async function teamStructure(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  rules: RuleSet,
): Promise<TeamStructure> {
  const all = await db.query<TeamRow & { flagged: boolean }>(sql.team_structure, [
    asOf,
    JSON.stringify(TEAM_AGE_LIMITS),
  ]);
  return {
    rows: all.filter((r) => !r.is_total),
    total: all.find((r) => r.is_total)!,
    rules: rulesOfKind(rules, 'ratio')
      .filter((r) => r.perUnit)
      .map((r) => ({ id: r.id, label: r.label })),
    flagged: all[0]?.flagged ?? false,
  };
}

export function teamSheetSpec(m: TeamStructure, ctx: TableContext): SheetSpec {
  const { lang } = ctx;
  const t = (k: Parameters<typeof tt>[1], vars?: Record<string, string | number>) =>
    tt(lang, k, vars);
  const header: CellInput[][] = [
    [
      { v: t('seq'), rowSpan: 2 },
      { v: t('unit'), rowSpan: 2 },
      { v: t('region'), rowSpan: 2 },
      { v: t('unitType'), rowSpan: 2 },
      { v: t('members'), rowSpan: 2 },
      { v: t('meanAge'), rowSpan: 2 },
      { v: t('ageGroup'), colSpan: TEAM_AGE_LIMITS.length },
      { v: t('structure'), colSpan: 4 },
      ...(m.rules.length ? [{ v: t('checks'), colSpan: m.rules.length }] : []),
    ],
    [
      ...TEAM_AGE_LIMITS.map((n) => t('ageAtMost', { n })),
      t('women'),
      t('minorities'),
      t('nonCpc'),
      t('postgraduates'),
      ...m.rules.map((r) => `${r.id} ${r.label[lang]}`),
    ],
  ];
  const check = (r: TeamRow, id: string): CellInput => {
    const c = r.checks?.find((x) => x.id === id);
    if (!c) return null;
    if (r.is_total)
      return c.denominator === 0
        ? t('checkTotalMet', { units: c.numerator })
        : t('checkTotal', { failing: c.denominator, units: c.numerator, gap: c.gap });
    return `${c.gap === 0 ? t('checkMet') : t('checkShort', { n: c.gap })} (${c.numerator}/${c.denominator})`;
  };
  const line = (r: TeamRow, i: number | null): CellInput[] => [
    i === null ? null : i,
    r.is_total ? t('sum') : (r.unit_name ?? r.unit_id),
    r.region,
    r.unit_type ? valueText(ctx, r.unit_type) : null,
    { v: r.members, fmt: 'int' },
    { v: r.mean_age, fmt: 'dec1' },
    ...TEAM_AGE_LIMITS.map((_, k) => ({ v: r.young?.[k] ?? 0, fmt: 'int' as const })),
    { v: r.women, fmt: 'int' },
    { v: r.minorities, fmt: 'int' },
    { v: r.non_cpc, fmt: 'int' },
    { v: r.postgraduates, fmt: 'int' },
    ...m.rules.map((x) => check(r, x.id)),
  ];
  const rows: SheetRow[] = m.rows.map((r, i) => ({ cells: line(r, i + 1) }));
  rows.push({ cells: line(m.total, null), kind: 'total' });
  const young = TEAM_AGE_LIMITS.map((n) => t('ageAtMost', { n })).join(lang === 'zh' ? '、' : ', ');
  return {
    name: t('teamsTitle'),
    title: t('teamsTitle'),
    meta: metaLines(ctx),
    header,
    rows,
    notes: [
      m.rows.length === 0
        ? t('teamsNoneNote')
        : m.flagged
          ? t('teamsMemberNote', { young })
          : t('teamsAllNote'),
      t('teamsCheckNote'),
      t('ageNote'),
      sourceText(ctx),
    ],
    widths: [6, 28, 12, 10, 9, 9, 9, 9, 7, 9, 10, 9, ...m.rules.map(() => 22)],
  };
}
