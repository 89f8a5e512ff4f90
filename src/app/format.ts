import { changeDigits, changeGap, type MetricResult } from '../core/report.ts';
import { i18n } from './i18n.svelte.ts';
import { fixed } from '../core/decimal.ts';

export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : `${fixed(v * 100, digits)}%`;

export const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined
    ? '—'
    : v.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A target fraction as people read it in the policy text (1/6, 1/3), else a percentage. */
export function fraction(v: number): string {
  if (v === 0) return '0';
  for (const d of [2, 3, 4, 5, 6, 8, 10]) {
    const n = Math.round(v * d);
    if (n > 0 && n < d && Math.abs(n / d - v) < 1e-9) return `${n}/${d}`;
  }
  return pct(v);
}

/** A change rule's value with its sign and unit: years for a mean age, points for a share. */
export function changeValue(
  measure: string | undefined,
  v: number | null | undefined,
  digits: 1 | 2 = 1,
): string {
  if (v === null || v === undefined) return '—';
  const years = measure === 'mean_age';
  const scaled = years ? v : v * 100;
  const shown = fixed(Math.abs(scaled), digits);
  const sign = Number(shown) === 0 ? '±' : scaled > 0 ? '+' : '−';
  return `${sign}${shown} ${i18n.t(years ? 'years' : 'points')}`;
}

export const changeText = (m: MetricResult) => changeValue(m.measure, m.value, changeDigits(m));

/** A ratio rule's target as its settings state it, exactly: "≥ 1/6", "> 1/3". */
export const ruleTargetText = (r: { comparator: string; target: [number, number] }) =>
  `${r.comparator === '>' ? '>' : '≥'} ${r.target[0]}/${r.target[1]}`;

/** A rule's target as the policy states it: "≥ 1/6", "> 1/3", "≤ −5.0 岁". */
export function targetText(m: MetricResult): string {
  if (m.target === null) return '—';
  const op = m.comparator === '>' ? '>' : m.comparator === '<=' ? '≤' : '≥';
  return m.measure ? `${op} ${changeValue(m.measure, m.target)}` : `${op} ${fraction(m.target)}`;
}

/**
 * "N 个县市区中 M 个未达标" (line) or "M/N 个县市区" (of); with the city's own level among them
 * (市本级), which is no county, "N 个县市区（含市本级）…".
 */
export const regionsText = (
  key: 'regionsLine' | 'regionsOf',
  n: number | string,
  failing: number | string,
  city: string | null | undefined,
) =>
  city
    ? i18n.t(key === 'regionsLine' ? 'regionsLineCity' : 'regionsOfCity', { n, failing, city })
    : i18n.t(key, { n, failing });

/** Why a change rule has no change to judge (changeGap), in words; null when it has one. */
export function changeGapWord(m: MetricResult, snapshotDate: string | null): string | null {
  const gap = changeGap(m, snapshotDate);
  return gap === null
    ? null
    : i18n.t(
        (
          {
            same_snapshot: 'needTwoSnapshots',
            no_current: 'noCurrentData',
            no_baseline: 'noBaselineData',
            none_current: 'noCurrentMembers',
            none_baseline: 'noBaselineMembers',
          } as const
        )[gap],
      );
}
