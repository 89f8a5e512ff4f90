import type { DuckClient } from '../db.ts';
import { CATEGORY_DIMS, NONE, ORDERS, type CategoryDim, type Segment } from '../filters.ts';
import type { AgeBand } from '../policy/index.ts';
import type { QueryTexts } from '../queries.ts';
import type { CellInput, SheetRow, SheetSpec } from '../xlsx-write.ts';
import { metaLines, sourceText, valueText, type TableContext } from './context.ts';
import { DIM_NAMES, tt } from './text.ts';

/**
 * 二维统计: the cadres under the filters counted by any two dimensions — the filter dimensions
 * and the rule set's age bands — with row and column totals and shares (queries/crosstab.sql).
 * Every value maps back to a part of the filters (segmentOf), so a cell opens its people.
 */
export type CrossDim = CategoryDim | 'age_band';
export const CROSS_DIMS: readonly CrossDim[] = [...CATEGORY_DIMS, 'age_band'];

export interface CrossValue {
  value: string;
  /** Units: the unit's name. */
  label: string | null;
  n: number;
  /** n ÷ the grand total. */
  share: number | null;
}

export interface CrossCell {
  n: number;
  rowShare: number | null;
  colShare: number | null;
}

export interface CrossTab {
  rowDim: CrossDim;
  colDim: CrossDim;
  rows: CrossValue[];
  cols: CrossValue[];
  /** `${row}\u001f${col}` → the cell (absent: nobody). */
  cells: Record<string, CrossCell>;
  total: number;
}

export const crossKey = (r: string, c: string) => `${r}\u001f${c}`;

/** Which percentages the table shows under each count: of its row, of its column, or none. */
export type CrossPct = 'row' | 'col' | 'none';
export const CROSS_PCTS: readonly CrossPct[] = ['row', 'col', 'none'];

/** The cross-tab the page shows (in its URL: xtab=rows,cols and xtabPct). */
export interface CrossView {
  rows: CrossDim;
  cols: CrossDim;
  pct: CrossPct;
}

export const DEFAULT_CROSS_VIEW: CrossView = { rows: 'level', cols: 'age_band', pct: 'row' };

/** The cross-tab as URL parameters, where it is not the default. */
export function crossViewToParams(v: CrossView, params: URLSearchParams): void {
  if (v.rows !== DEFAULT_CROSS_VIEW.rows || v.cols !== DEFAULT_CROSS_VIEW.cols)
    params.set('xtab', `${v.rows},${v.cols}`);
  if (v.pct !== DEFAULT_CROSS_VIEW.pct) params.set('xtabPct', v.pct);
}

export async function crossTab(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  rowDim: CrossDim,
  colDim: CrossDim,
  bands: AgeBand[],
): Promise<CrossTab> {
  const out = await db.query<{
    r: string | null;
    c: string | null;
    r_label: string | null;
    c_label: string | null;
    n: number;
    g: number;
    row_share: number | null;
    col_share: number | null;
  }>(sql.crosstab, [asOf, rowDim, colDim]);
  const x: CrossTab = { rowDim, colDim, rows: [], cols: [], cells: {}, total: 0 };
  for (const o of out) {
    if (o.g === 0)
      x.cells[crossKey(o.r!, o.c!)] = { n: o.n, rowShare: o.row_share, colShare: o.col_share };
    else if (o.g === 1) x.rows.push({ value: o.r!, label: o.r_label, n: o.n, share: o.col_share });
    else if (o.g === 2) x.cols.push({ value: o.c!, label: o.c_label, n: o.n, share: o.row_share });
    else x.total = o.n;
  }
  x.rows = ordered(rowDim, x.rows, bands);
  x.cols = ordered(colDim, x.cols, bands);
  return x;
}

/** Ordered vocabularies in their order, age bands in the rule set's, others largest first. */
function ordered(dim: CrossDim, values: CrossValue[], bands: AgeBand[]): CrossValue[] {
  const order = dim === 'age_band' ? bands.map((b) => b.label) : ORDERS[dim];
  const rank = (v: string) => (v === NONE ? 1e9 : order ? order.indexOf(v) + 1 || 1e8 : 0);
  return [...values].sort(
    (a, b) =>
      rank(a.value) - rank(b.value) ||
      b.n - a.n ||
      (a.label ?? a.value).localeCompare(b.label ?? b.value, 'zh-CN'),
  );
}

/** The part of the filters a value of a dimension is (an age band is an age range). */
export function segmentOf(dim: CrossDim, value: string, bands: AgeBand[]): Segment {
  if (dim !== 'age_band') return { values: { [dim]: [value] } };
  const b = bands.find((x) => x.label === value);
  return { age: { min: b?.minAge ?? 0, max: b?.maxAge ?? 150 } };
}

/** Both parts at once (a cell): values of one dimension meet, age ranges overlap. */
export function bothSegments(a: Segment, b: Segment): Segment {
  const values: Segment['values'] = { ...a.values };
  for (const [d, vs] of Object.entries(b.values ?? {}) as [CategoryDim, string[]][]) {
    const cur = values[d];
    values[d] = cur ? cur.filter((v) => vs.includes(v)) : vs;
  }
  const age =
    a.age && b.age
      ? { min: Math.max(a.age.min, b.age.min), max: Math.min(a.age.max, b.age.max) }
      : (a.age ?? b.age);
  return { values, ...(age ? { age } : {}) };
}

export function dimName(dim: CrossDim, lang: TableContext['lang']): string {
  return DIM_NAMES[dim][lang];
}

/**
 * A value as the table shows it: a unit's name, an empty cell in words (no reserve type is 非后备,
 * as on the page), else the value.
 */
export function crossValueText(ctx: TableContext, dim: CrossDim, v: CrossValue): string {
  if (v.value === NONE) return tt(ctx.lang, dim === 'reserve' ? 'notReserve' : 'none');
  return v.label ?? valueText(ctx, v.value);
}

/** Counts, then row percentages, then column percentages, each with its totals. */
export function crossTabSheetSpec(x: CrossTab, ctx: TableContext, title?: string): SheetSpec {
  const { lang } = ctx;
  const t = (k: Parameters<typeof tt>[1], vars?: Record<string, string | number>) =>
    tt(lang, k, vars);
  const heading =
    title ?? t('crossTitle', { rows: dimName(x.rowDim, lang), cols: dimName(x.colDim, lang) });
  const header: CellInput[][] = [
    [
      `${dimName(x.rowDim, lang)} \\ ${dimName(x.colDim, lang)}`,
      ...x.cols.map((c) => crossValueText(ctx, x.colDim, c)),
      t('sum'),
    ],
  ];
  const block = (kind: 'n' | 'row' | 'col'): SheetRow[] => {
    const fmt = kind === 'n' ? ('int' as const) : ('pct' as const);
    const cellOf = (r: CrossValue, c: CrossValue): CellInput => {
      const cell = x.cells[crossKey(r.value, c.value)];
      if (kind === 'n') return { v: cell?.n ?? 0, fmt };
      const v = kind === 'row' ? cell?.rowShare : cell?.colShare;
      return { v: v ?? (r.n > 0 && c.n > 0 ? 0 : null), fmt };
    };
    const rows: SheetRow[] = [
      {
        cells: [
          t(kind === 'n' ? 'crossCount' : kind === 'row' ? 'crossRowShare' : 'crossColShare'),
        ],
        kind: 'heading',
      },
    ];
    for (const r of x.rows)
      rows.push({
        cells: [
          crossValueText(ctx, x.rowDim, r),
          ...x.cols.map((c) => cellOf(r, c)),
          { v: kind === 'n' ? r.n : kind === 'row' ? (r.n ? 1 : null) : r.share, fmt },
        ],
      });
    rows.push({
      cells: [
        t('sum'),
        ...x.cols.map((c) => ({
          v: kind === 'n' ? c.n : kind === 'row' ? c.share : c.n ? 1 : null,
          fmt,
        })),
        { v: kind === 'n' ? x.total : x.total ? 1 : null, fmt },
      ],
      kind: 'total',
    });
    return rows;
  };
  return {
    name: heading,
    title: heading,
    meta: metaLines(ctx),
    header,
    rows: [...block('n'), ...block('row'), ...block('col')],
    notes: [t('crossNote'), t('roundNote'), sourceText(ctx)],
    widths: [24, ...x.cols.map(() => 10), 10],
  };
}
