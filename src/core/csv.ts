import type { CellFormat, CellInput, SheetSpec } from './xlsx-write.ts';
import { fixed } from './decimal.ts';

/**
 * CSV for Excel: UTF-8 with a BOM (so Excel does not read it as GBK), CRLF line ends, quoted
 * cells where needed, and text that Excel would run as a formula (=, +, -, @, also after spaces
 * or full-width, a leading tab or CR) kept as text with a leading apostrophe; numbers, and text
 * that is a plain number ("-5"), stay as they are. `preamble` lines (title, 统计时点 and scope,
 * data source) come first, one cell each, above the header.
 */
export function toCsv<T extends object>(
  rows: T[],
  columns: { key: keyof T & string; label: string }[],
  preamble: string[] = [],
): string {
  const lines = [
    ...preamble.map((p) => csvCell(p)),
    columns.map((c) => csvCell(c.label)).join(','),
  ];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c.key])).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** Text Excel could run as a formula (also after spaces, or full-width), or a leading tab/CR. */
export const FORMULA_LIKE = /^[\s\u3000]*[=+\-@＝＋－＠]|^[\t\r\n]/;
/** A plain number written as text ("-5", "+3.5", "12%"): no formula, so left as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;

export const looksLikeFormula = (s: string) => FORMULA_LIKE.test(s) && !PLAIN_NUMBER.test(s);

/** One cell of an exported CSV (see toCsv). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
  if (typeof v === 'string' && looksLikeFormula(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

/** Rows given as arrays of cells (a table as shown), with a header and preamble lines. */
export function tableCsv(
  header: string[],
  rows: readonly (readonly unknown[])[],
  preamble: string[] = [],
): string {
  const lines = [...preamble.map((p) => csvCell(p)), header.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/**
 * A sheet of the workbook writer as CSV: title, 截至/scope lines, the last header row, the rows
 * (a heading row as its one cell, numbers as shown: shares as "12.3%"), then the footnotes.
 */
export function sheetCsv(spec: SheetSpec): string {
  const text = (c: CellInput, fmt?: CellFormat): string | number | null => {
    const cell = c !== null && typeof c === 'object' ? c : { v: c ?? null };
    const f = cell.fmt ?? fmt;
    if (typeof cell.v !== 'number') return cell.v;
    if (f === 'pct') return `${fixed(cell.v * 100, 1)}%`;
    if (f === 'dec1') return fixed(cell.v, 1);
    return cell.v;
  };
  const header = (spec.header.at(-1) ?? []).map((c) => String(text(c) ?? ''));
  const rows = spec.rows.map((r) => r.cells.map((c, i) => text(c, spec.formats?.[i])));
  const body = tableCsv(header, rows, [spec.title, ...spec.meta]);
  return body + spec.notes.map((n) => csvCell(n)).join('\r\n') + (spec.notes.length ? '\r\n' : '');
}

/** One line of CSV for the loader's own reading (no formula guard: the text stays as it was). */
export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return cells
    .map((s) =>
      s === null || s === undefined ? '' : /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s,
    )
    .join(',');
}
