/**
 * CSV for Excel: UTF-8 with a BOM (so Excel does not read it as GBK), CRLF line ends, quoted
 * cells where needed, and text that Excel would run as a formula (=, +, -, @) kept as text.
 */
export function toCsv<T extends object>(
  rows: T[],
  columns: { key: keyof T & string; label: string }[],
): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    let s = typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
  };
  const lines = [columns.map((c) => cell(c.label)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c.key])).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** One line of CSV for the loader's own reading (no formula guard: the text stays as it was). */
export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return cells
    .map((s) =>
      s === null || s === undefined ? '' : /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s,
    )
    .join(',');
}
