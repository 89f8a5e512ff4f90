import type { DuckClient } from '../db.ts';
import { ORDERS } from '../filters.ts';
import { DEFAULT_RULE_SET, type AgeBand, type RuleSet } from '../policy/index.ts';
import type { QueryTexts } from '../queries.ts';
import type { CellInput, SheetRow, SheetSpec } from '../xlsx-write.ts';
import { metaLines, sourceText, valueText, type TableContext } from './context.ts';
import { tt } from './text.ts';

/**
 * 干部情况统计表: the cadres at the reference date under the filters, counted by level, gender,
 * ethnicity, political status, age band, education and full-time degree (rows) within everyone, each level and
 * each gender (columns), one sheet for everyone and one per unit type (queries/cadre_stats.sql).
 */
export type ColGroup = 'total' | 'level' | 'gender';
export type RowGroup =
  'level' | 'gender' | 'ethnic' | 'political' | 'band' | 'edu_highest' | 'edu_fulltime' | 'degree';

export interface StatsCell {
  n: number;
  /** n ÷ the column's total (null when the column is empty). */
  share: number | null;
}

export interface StatsSheet {
  /** 全部, or the unit type ('未分类' when not known). */
  sheet: string;
  columns: { group: ColGroup; key: string; n: number; meanAge: number | null }[];
  rows: { group: RowGroup; key: string }[];
  /** `${colGroup}|${colKey}|${rowGroup}|${rowKey}` → count and share. */
  cells: Record<string, StatsCell>;
}

export const ALL_SHEET = '全部';
export const ROW_GROUPS: RowGroup[] = [
  'level',
  'gender',
  'ethnic',
  'political',
  'band',
  'edu_highest',
  'edu_fulltime',
  'degree',
];

const EDUCATION = ['研究生', '大学本科', '大学专科', '中专及以下'];
/** The levels of a city's cadres: a column and a row on every sheet, with nobody or not. */
const LEVELS = ['县处级正职', '县处级副职', '乡科级正职', '乡科级副职', '科员'];
/**
 * Rows every sheet shows (a fixed layout, as the tables users file are), and the order of the
 * rows shown when present.
 */
const ALWAYS: Partial<Record<RowGroup, string[]>> = {
  level: LEVELS,
  gender: ['男', '女'],
  political: ['中共党员', '民主党派', '无党派', '共青团员', '群众'],
  ethnic: ['汉族', '少数民族'],
  edu_highest: EDUCATION,
  edu_fulltime: EDUCATION,
  degree: ['博士', '硕士', '学士'],
};
const ORDER: Record<Exclude<RowGroup, 'band'>, string[]> = {
  level: [...ORDERS.level!, '未定级'],
  gender: ['男', '女', '未知'],
  ethnic: ['汉族', '少数民族', '未知'],
  political: ['中共党员', '民主党派', '无党派', '共青团员', '群众', '其他', '未知'],
  edu_highest: [...EDUCATION, '未知'],
  edu_fulltime: [...EDUCATION, '未知'],
  degree: ['博士', '硕士', '学士', '无学位', '未知'],
};

/** The age bands of the statistical tables: the rule set's, else the defaults'. */
export const tableBands = (rs: RuleSet): AgeBand[] =>
  rs.tableAgeBands ?? DEFAULT_RULE_SET.tableAgeBands ?? rs.ageBands;

export const cellKey = (cg: ColGroup, ck: string, rg: RowGroup | 'total', rk: string) =>
  `${cg}|${ck}|${rg}|${rk}`;

export async function cadreStats(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  bands: AgeBand[],
): Promise<StatsSheet[]> {
  const rows = await db.query<{
    sheet: string;
    col_group: ColGroup;
    col_key: string;
    row_group: RowGroup | 'total';
    row_key: string;
    n: number;
    share: number | null;
    mean_age: number | null;
  }>(sql.cadre_stats, [
    asOf,
    JSON.stringify(bands.map((b) => b.label)),
    JSON.stringify(bands.map((b) => b.minAge)),
    JSON.stringify(bands.map((b) => b.maxAge)),
  ]);
  const sheets = new Map<string, StatsSheet>();
  const sheetOf = (key: string) => {
    let s = sheets.get(key);
    if (!s) sheets.set(key, (s = { sheet: key, columns: [], rows: [], cells: {} }));
    return s;
  };
  sheetOf(ALL_SHEET);
  const present = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = sheetOf(r.sheet);
    s.cells[cellKey(r.col_group, r.col_key, r.row_group, r.row_key)] = {
      n: r.n,
      share: r.share,
    };
    if (r.row_group === 'total')
      s.columns.push({ group: r.col_group, key: r.col_key, n: r.n, meanAge: r.mean_age });
    else {
      const k = `${r.sheet}|${r.row_group}`;
      if (!present.has(k)) present.set(k, new Set());
      present.get(k)!.add(r.row_key);
    }
  }
  const bandOrder = [...bands.map((b) => b.label), '其他'];
  const rank = (order: string[], v: string) => (order.indexOf(v) + 1 || 1e6) - 1;
  for (const s of sheets.values()) {
    if (!s.columns.some((c) => c.group === 'total'))
      s.columns.push({ group: 'total', key: '总体', n: 0, meanAge: null });
    for (const [group, keys] of [
      ['level', LEVELS],
      ['gender', ['男', '女']],
    ] as const)
      for (const key of keys)
        if (!s.columns.some((c) => c.group === group && c.key === key))
          s.columns.push({ group, key, n: 0, meanAge: null });
    const groupRank = { total: 0, level: 1, gender: 2 };
    s.columns.sort(
      (a, b) =>
        groupRank[a.group] - groupRank[b.group] ||
        rank(a.group === 'level' ? ORDER.level : ORDER.gender, a.key) -
          rank(b.group === 'level' ? ORDER.level : ORDER.gender, b.key),
    );
    for (const g of ROW_GROUPS) {
      const seen = present.get(`${s.sheet}|${g}`) ?? new Set<string>();
      const keys = new Set([...(ALWAYS[g] ?? []), ...seen]);
      const order = g === 'band' ? bandOrder : ORDER[g];
      if (g === 'band') for (const b of bands) keys.add(b.label);
      for (const key of [...keys].sort((a, b) => rank(order, a) - rank(order, b)))
        s.rows.push({ group: g, key });
    }
  }
  const typeOrder = [ALL_SHEET, ...ORDERS.unit_type!, '未分类'];
  return [...sheets.values()].sort((a, b) => rank(typeOrder, a.sheet) - rank(typeOrder, b.sheet));
}

/** The sheet as Excel shows it: three header rows with merged cells, one row per item. */
export function statsSheetSpec(s: StatsSheet, ctx: TableContext): SheetSpec {
  const { lang } = ctx;
  const t = (k: Parameters<typeof tt>[1], vars?: Record<string, string | number>) =>
    tt(lang, k, vars);
  const v = (x: string) => valueText(ctx, x);
  const levels = s.columns.filter((c) => c.group === 'level');
  const genders = s.columns.filter((c) => c.group === 'gender');
  const header: CellInput[][] = [
    [
      { v: t('item'), colSpan: 2, rowSpan: 3 },
      { v: t('overall'), colSpan: 2, rowSpan: 2 },
      ...(levels.length ? [{ v: t('byLevel'), colSpan: 2 * levels.length }] : []),
      { v: t('byGender'), colSpan: 2 * genders.length },
    ],
    [...levels, ...genders].map((c) => ({ v: v(c.key), colSpan: 2 })),
    s.columns.flatMap(() => [t('count'), t('share')]),
  ];
  const cellsOf = (rg: RowGroup | 'total', rk: string): CellInput[] =>
    s.columns.flatMap((c) => {
      const cell = s.cells[cellKey(c.group, c.key, rg, rk)];
      const n = cell?.n ?? 0;
      return [
        { v: n, fmt: 'int' as const },
        { v: c.n > 0 ? (cell?.share ?? 0) : null, fmt: 'pct' as const },
      ];
    });
  const rows: SheetRow[] = [
    { cells: [{ v: t('total'), colSpan: 2 }, null, ...cellsOf('total', '总数')], kind: 'total' },
  ];
  for (const g of ROW_GROUPS) {
    const items = s.rows.filter((r) => r.group === g);
    const extra = g === 'band' ? 1 : 0; // 平均年龄 closes the age section
    items.forEach((r, i) =>
      rows.push({
        cells: [
          i === 0 ? { v: t(`sec_${g}`), rowSpan: items.length + extra } : null,
          v(r.key),
          ...cellsOf(g, r.key),
        ],
      }),
    );
    if (g === 'band')
      rows.push({
        cells: [
          null,
          t('meanAge'),
          ...s.columns.flatMap((c) => [{ v: c.meanAge, fmt: 'dec1' as const }, null]),
        ],
      });
  }
  // The same words as the sheet's name (未分类 for a unit of no known type).
  const title =
    s.sheet === ALL_SHEET
      ? t('statsTitle')
      : t('statsTitleOf', { title: t('statsTitle'), type: v(s.sheet) });
  return {
    name: s.sheet === ALL_SHEET ? t('statsTitle') : t('sheetOf', { type: v(s.sheet) }),
    title,
    // A unit type's sheet holds its cadres only: its scope says so (全市 · 市直).
    meta: metaLines(
      s.sheet === ALL_SHEET ? ctx : { ...ctx, scope: `${ctx.scope}${t('scopeAnd')}${v(s.sheet)}` },
    ),
    header,
    rows,
    notes: [t('roundNote'), t('ageNote'), sourceText(ctx)],
    widths: [12, 14, ...s.columns.flatMap(() => [8, 8])],
  };
}
