import { CATEGORY_DIMS, filterOptions, type Filters } from '../core/filters.ts';
import { listSnapshots } from '../core/report.ts';
import {
  crossTab,
  crossTabSheetSpec,
  DIM_NAMES,
  standardSheets,
  type TableContext,
} from '../core/tables/index.ts';
import { workbookBytes } from '../core/xlsx-write.ts';
import type { ReportSession } from './report.ts';
import { vocabularyText } from '../core/vocabulary.ts';

/**
 * `--format xlsx`: one workbook with the standard statistical tables (干部情况统计表 for everyone
 * and per unit type, 领导班子结构统计表, 干部名册) for the session's date, filters and rules — the
 * sheets the page writes; with --crosstab also the 二维统计 sheet the page's cross-tab downloads.
 */
export async function tablesWorkbook(s: ReportSession): Promise<Uint8Array> {
  const { db, sql, args, asOf, lang, rules, load } = s;
  const snapshotDate =
    (await listSnapshots(db, sql))
      .map((x) => x.snapshot_date)
      .filter((d) => d <= asOf)
      .at(-1) ?? null;
  const ctx: TableContext = {
    lang,
    asOf,
    snapshotDate,
    scope: await scopeText(s, args.filters),
    sources: s.isDemo ? null : load.sources,
    masked: args.mask ?? false,
    rules,
    v: (value) => vocabularyText(lang, value),
  };
  const sheets = await standardSheets(db, sql, { asOf, rules, ctx });
  if (args.crosstab) {
    const [rows, cols] = args.crosstab;
    sheets.push(crossTabSheetSpec(await crossTab(db, sql, asOf, rows, cols, rules.ageBands), ctx));
  }
  return workbookBytes(sheets, { lang });
}

/** The scope and filters in words, as the page writes them (units by name). */
async function scopeText(s: ReportSession, f: Filters | undefined): Promise<string> {
  const zh = s.lang === 'zh';
  const sep = zh ? '、' : ', ';
  const values = f?.values ?? {};
  let names = new Map<string, string>();
  if (values.unit?.length) {
    const options = await filterOptions(s.db, s.asOf);
    names = new Map(options.unit.map((o) => [o.value, o.label]));
  }
  const units = (values.unit ?? []).map((u) => names.get(u) ?? u);
  let scope = units.length
    ? units.join(sep)
    : values.region?.length
      ? values.region.join(sep)
      : zh
        ? '全市'
        : 'Whole city';
  const others = CATEGORY_DIMS.filter(
    (d) => d !== 'unit' && d !== 'region' && values[d]?.length,
  ).map(
    (d) => `${DIM_NAMES[d][s.lang]}=${values[d]!.map((v) => vocabularyText(s.lang, v)).join('/')}`,
  );
  if (f?.age) others.push(`${DIM_NAMES.age[s.lang]}=${f.age.min}–${f.age.max}`);
  if (others.length)
    scope += zh ? `（已筛选：${others.join(sep)}）` : ` (filtered: ${others.join(sep)})`;
  return scope;
}
