export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(digits)}%`;

export const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined
    ? '—'
    : v.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A target fraction as people read it in the policy text (1/6, 1/3), else a percentage. */
export function fraction(v: number): string {
  for (const d of [2, 3, 4, 5, 6, 8, 10]) {
    const n = Math.round(v * d);
    if (n > 0 && Math.abs(n / d - v) < 1e-9) return `${n}/${d}`;
  }
  return pct(v);
}
