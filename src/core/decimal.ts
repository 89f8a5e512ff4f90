const formats = new Map<number, Intl.NumberFormat>();

/**
 * v with `digits` decimals, rounded half up on the decimal it reads as: 42.05 → 42.1, as Excel
 * and the page's own number formatting (Intl) round it. toFixed rounds the binary value, which
 * for 42.05 is 42.0499…, so a table said 42.0 beside a workbook's 42.1.
 */
export function fixed(v: number, digits: number): string {
  let f = formats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: false,
    });
    formats.set(digits, f);
  }
  return f.format(v);
}
