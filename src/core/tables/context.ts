import { changedRules, changedSettings, type RuleSet } from '../policy/index.ts';
import { maskedSources } from '../mask.ts';
import { asOfText, tt, type TableLang } from './text.ts';

/**
 * What every exported table says about itself, the same on the page and in the CLI: the
 * reference date, the scope (and filters) in words, the data source (file names, or 示例数据).
 */
export interface TableContext {
  lang: TableLang;
  /** Reference date R (YYYY-MM-DD): ages are at R. */
  asOf: string;
  /** The snapshot in force at R, when it differs from R. */
  snapshotDate?: string | null;
  /** The scope and filters in words ("全市", "湘源区（已筛选：性别=女）"). */
  scope: string;
  /** File names the data came from, or null for the demo data. */
  sources: string[] | null;
  /** A value of the data in the table's language (levels, education …); as written if absent. */
  v?: (value: string) => string;
  /** Hide names (and reduce dates to years) in person lists. */
  masked?: boolean;
  /** The rule set the figures follow: a table says which rules differ from the defaults. */
  rules?: RuleSet;
}

export const valueText = (ctx: TableContext, value: string) => (ctx.v ? ctx.v(value) : value);

/** "数据来源：名册.xlsx"; the first three names of a long list (LRMX batches) and how many. */
export function sourceText(ctx: Pick<TableContext, 'lang' | 'sources' | 'masked'>): string {
  const s = ctx.masked ? maskedSources(ctx.sources ?? [], ctx.lang) : (ctx.sources ?? []);
  const sep = ctx.lang === 'zh' ? '、' : ', ';
  const list = !s.length
    ? tt(ctx.lang, 'demo')
    : s.length <= 3
      ? s.join(sep)
      : tt(ctx.lang, 'manyFiles', { first: s.slice(0, 3).join(sep), n: s.length });
  return tt(ctx.lang, 'source', { source: list });
}

/** The lines under a table's title: 截至 date (and snapshot), scope. */
export function metaLines(ctx: TableContext): string[] {
  const date =
    asOfText(ctx.lang, ctx.asOf) +
    (ctx.snapshotDate && ctx.snapshotDate !== ctx.asOf
      ? tt(ctx.lang, 'snapshotNote', { date: ctx.snapshotDate })
      : '');
  const scope = `${date}    ${tt(ctx.lang, 'scope', { scope: ctx.scope })}`;
  return ctx.rules ? [scope, rulesText(ctx.lang, ctx.rules)] : [scope];
}

/** "规则：已修改 Y1、W1；待核实：Y1、Y2 …": the rules a table's figures follow. */
export function rulesText(lang: TableLang, rs: RuleSet): string {
  const sep = lang === 'zh' ? '、' : ', ';
  const changes = [...changedRules(rs)];
  // A rule of the department's own is added, not edited.
  const changed = changes.filter(([, s]) => s !== 'custom').map(([id]) => id);
  const added = changes.filter(([, s]) => s === 'custom').map(([id]) => id);
  const other = changedSettings(rs).length;
  const state = [
    ...(changed.length ? [tt(lang, 'rulesEdited', { list: changed.join(sep) })] : []),
    ...(added.length ? [tt(lang, 'rulesAdded', { list: added.join(sep) })] : []),
    ...(other ? [tt(lang, 'rulesOther', { n: other })] : []),
  ];
  const unverified = rs.rules.filter((r) => r.unverified).map((r) => r.id);
  return tt(lang, 'rules', {
    state: state.length ? state.join(lang === 'zh' ? '，' : ', ') : tt(lang, 'rulesDefault'),
    unverified: unverified.join(sep) || '—',
  });
}
