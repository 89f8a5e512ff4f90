import type { Workbook, Worksheet } from 'exceljs';
import { looksLikeFormula } from './csv.ts';
import type { Lang } from './messages.ts';

/**
 * The one .xlsx writer of the app and the CLI: a workbook is a list of sheet specs (plain data,
 * so the page can post them to a worker), each a titled table — title, 截至/scope lines, header
 * rows with merged cells, body rows (unit heading rows, a total row), footnotes and the data
 * source — printed A4 with the header rows repeated on every page and page numbers in the
 * footer. Text stays text: a cell that Excel could read as a formula (= + - @, tab, CR) is
 * written as a string in text format, never as a formula; numbers stay numbers.
 */

/** How a number is shown: a count, a share (0.123 → 12.3%), one decimal (ages), or text. */
export type CellFormat = 'int' | 'pct' | 'dec1' | 'text';

export interface XCell {
  v: string | number | null;
  fmt?: CellFormat;
  /** Header cells: how many columns and rows the cell covers (merged). */
  colSpan?: number;
  rowSpan?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
}

export type CellInput = XCell | string | number | null | undefined;

export interface SheetRow {
  cells: CellInput[];
  /** heading: a unit heading row across the table; total: a 合计 row (bold). */
  kind?: 'data' | 'heading' | 'total';
}

export interface SheetSpec {
  /** The sheet's tab name (made valid and unique when written). */
  name: string;
  title: string;
  /** Lines under the title: "截至2026年10月31日", the scope, filters. */
  meta: string[];
  /** Header rows, cells laid out as in an HTML table (a spanned cell covers the next positions). */
  header: CellInput[][];
  rows: SheetRow[];
  /** Footnotes under the table: conventions, "百分比按四舍五入", the data source. */
  notes: string[];
  /** Column widths in characters (default from the header text). */
  widths?: number[];
  /** Default number format of each column's body cells. */
  formats?: (CellFormat | undefined)[];
  orientation?: 'landscape' | 'portrait';
}

/** The largest text a cell holds (Excel's limit). */
const MAX_CELL = 32767;

// Characters XML 1.0 does not allow (a workbook with them does not open).
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const cleanText = (s: string) => s.replace(XML_INVALID, '').slice(0, MAX_CELL);

const NUM_FMT: Record<CellFormat, string> = {
  int: '0',
  pct: '0.0%',
  dec1: '0.0',
  text: '@',
};

const asCell = (c: CellInput): XCell =>
  c === null || c === undefined ? { v: null } : typeof c === 'object' ? c : { v: c };

/** A valid, unique sheet name: no []:*?/\, at most 31 characters. */
function sheetName(name: string, used: Set<string>): string {
  const base =
    cleanText(name)
      .replace(/[[\]:*?/\\]/g, '_')
      .replace(/^'+|'+$/g, '')
      .slice(0, 31) || 'Sheet';
  let out = base;
  for (let i = 2; used.has(out.toLowerCase()); i++)
    out = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  used.add(out.toLowerCase());
  return out;
}

/** Display width of text in Excel's character units (CJK characters count two). */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

const THIN = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEAD_FILL = {
  type: 'pattern' as const,
  pattern: 'solid' as const,
  fgColor: { argb: 'FFEFF3F8' },
};
const HEADING_FILL = {
  type: 'pattern' as const,
  pattern: 'solid' as const,
  fgColor: { argb: 'FFF6F7F9' },
};

/** A value as written: numbers as numbers, text cleaned for XML, nothing for empty cells. */
function value(v: XCell['v']): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  return cleanText(v);
}

/** The number format of a cell: its own or its column's for numbers; text format for text Excel
 * could take for a formula. */
function numFmt(cell: XCell, column?: CellFormat): string | null {
  if (typeof cell.v === 'number') {
    const f = cell.fmt ?? column;
    return f && f !== 'text' ? NUM_FMT[f] : null;
  }
  if (typeof cell.v === 'string' && (cell.fmt === 'text' || looksLikeFormula(cell.v)))
    return NUM_FMT.text;
  return null;
}

function put(ws: Worksheet, r: number, c: number, cell: XCell): void {
  const v = value(cell.v);
  if (v === null) return;
  const target = ws.getCell(r, c);
  target.value = v;
  const fmt = numFmt(cell);
  if (fmt) target.numFmt = fmt;
}

/** The positions of header cells laid out with their spans (as an HTML table does). */
function layoutHeader(
  header: CellInput[][],
): { r: number; c: number; cell: XCell; rs: number; cs: number }[] {
  const taken = new Set<string>();
  const out: { r: number; c: number; cell: XCell; rs: number; cs: number }[] = [];
  header.forEach((row, r) => {
    let c = 0;
    for (const input of row) {
      while (taken.has(`${r}:${c}`)) c++;
      const cell = asCell(input);
      const rs = cell.rowSpan ?? 1;
      const cs = cell.colSpan ?? 1;
      for (let i = 0; i < rs; i++) for (let j = 0; j < cs; j++) taken.add(`${r + i}:${c + j}`);
      out.push({ r, c, cell, rs, cs });
      c += cs;
    }
  });
  return out;
}

/** Each printed page's footer (&P the page, &N the pages), in the workbook's language. */
const FOOTER = { zh: '&C第 &P 页，共 &N 页', en: '&CPage &P of &N' };

function addSheet(wb: Workbook, spec: SheetSpec, used: Set<string>, lang: Lang): void {
  const placed = layoutHeader(spec.header);
  const ncol = Math.max(
    1,
    ...placed.map((p) => p.c + p.cs),
    ...spec.rows.map((r) => (r.kind === 'heading' ? 1 : r.cells.length)),
  );
  const landscape = (spec.orientation ?? 'landscape') === 'landscape';
  const ws = wb.addWorksheet(sheetName(spec.name, used), {
    pageSetup: {
      paperSize: 9, // A4
      orientation: landscape ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: FOOTER[lang], evenFooter: FOOTER[lang] },
  });
  let r = 1;
  const wide = (text: string, size: number, bold: boolean) => {
    ws.mergeCells(r, 1, r, ncol);
    const cell = ws.getCell(r, 1);
    put(ws, r, 1, { v: text });
    cell.font = { size, bold };
    cell.alignment = { horizontal: r === 1 ? 'center' : 'left', vertical: 'middle' };
    r++;
  };
  wide(spec.title, 16, true);
  ws.getRow(1).height = 26;
  for (const m of spec.meta) wide(m, 10, false);

  const headTop = r;
  for (const p of placed) {
    const row = headTop + p.r;
    const col = 1 + p.c;
    if (p.rs > 1 || p.cs > 1) ws.mergeCells(row, col, row + p.rs - 1, col + p.cs - 1);
    put(ws, row, col, p.cell);
  }
  const headRows = spec.header.length;
  for (let i = 0; i < headRows; i++)
    for (let c = 1; c <= ncol; c++) {
      const cell = ws.getCell(headTop + i, c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = HEAD_FILL;
    }
  r = headTop + headRows;
  // Cell borders on tables of a few pages; a long list prints Excel's grid lines instead (a
  // border on every cell of a 20,000-row roster would triple the time to write it).
  const bordered = spec.rows.length * ncol <= 40_000;
  if (!bordered) ws.pageSetup.showGridLines = true;

  const merges: [number, number, number, number][] = [];
  for (const row of spec.rows) {
    if (row.kind === 'heading') {
      ws.mergeCells(r, 1, r, ncol);
      put(ws, r, 1, asCell(row.cells[0]));
      const cell = ws.getCell(r, 1);
      cell.font = { bold: true };
      cell.fill = HEADING_FILL;
      cell.border = BORDER;
      r++;
      continue;
    }
    // Values in one call (much faster than cell by cell); formats and styles where needed.
    const cells = row.cells.slice(0, ncol).map(asCell);
    ws.getRow(r).values = cells.map((cell) => value(cell.v) ?? undefined);
    for (let c = cells.length; bordered && c < ncol; c++) ws.getCell(r, c + 1).border = BORDER;
    cells.forEach((cell, c) => {
      const fmt = numFmt(cell, spec.formats?.[c]);
      const bold = row.kind === 'total' || cell.bold;
      const merged = (cell.rowSpan ?? 1) > 1 || (cell.colSpan ?? 1) > 1;
      if (!fmt && !bold && !cell.align && !bordered && !merged) return;
      const target = ws.getCell(r, c + 1);
      if (bordered) target.border = BORDER;
      if (fmt) target.numFmt = fmt;
      if (bold) target.font = { bold: true };
      if (cell.align) target.alignment = { horizontal: cell.align };
      if (merged) {
        merges.push([r, c + 1, r + (cell.rowSpan ?? 1) - 1, c + (cell.colSpan ?? 1)]);
        target.alignment = {
          vertical: 'middle',
          horizontal: cell.align ?? 'center',
          wrapText: true,
        };
      }
    });
    r++;
  }
  // Merged after every row is written: writing a row's values replaces its cells.
  for (const [r1, c1, r2, c2] of merges) ws.mergeCells(r1, c1, r2, c2);
  r++;
  for (const n of spec.notes) {
    ws.mergeCells(r, 1, r, ncol);
    put(ws, r, 1, { v: n });
    ws.getCell(r, 1).font = { size: 9, color: { argb: 'FF555555' } };
    r++;
  }

  for (let c = 0; c < ncol; c++) {
    const given = spec.widths?.[c];
    const fromHeader = Math.max(
      0,
      ...placed
        .filter((p) => p.c === c && p.cs === 1)
        .map((p) => textWidth(String(p.cell.v ?? ''))),
    );
    ws.getColumn(c + 1).width = given ?? Math.min(40, Math.max(6, fromHeader + 2));
  }
  if (headRows > 0) {
    ws.pageSetup.printTitlesRow = `${headTop}:${headTop + headRows - 1}`;
    ws.views = [{ state: 'frozen', ySplit: headTop + headRows - 1, xSplit: 0 }];
  }
}

/** The workbook of the sheets, as .xlsx bytes. */
export async function workbookBytes(
  sheets: SheetSpec[],
  opts: { creator?: string; created?: Date; lang?: Lang } = {},
): Promise<Uint8Array> {
  // Loaded when a workbook is written: the page's bundle does not carry it (a worker does).
  const mod = (await import('exceljs')) as typeof import('exceljs') & {
    default?: typeof import('exceljs');
  };
  const ExcelJS = mod.default ?? mod;
  const wb = new ExcelJS.Workbook();
  const lang = opts.lang ?? 'zh';
  wb.creator = opts.creator ?? (lang === 'zh' ? '干部队伍结构分析' : 'Cadre structure analysis');
  if (opts.created) wb.created = wb.modified = opts.created;
  const used = new Set<string>();
  for (const s of sheets) addSheet(wb, s, used, lang);
  // The fastest deflate level: a fifth of the writing time for a file a quarter larger.
  const buf = await wb.xlsx.writeBuffer({ zip: { compressionOptions: { level: 1 } } } as never);
  return new Uint8Array(buf as ArrayBuffer);
}

/** A plain list as a sheet: one header row, one row per record. */
export function listSheet(o: {
  name: string;
  title: string;
  meta: string[];
  notes: string[];
  columns: { label: string; fmt?: CellFormat; width?: number }[];
  rows: CellInput[][];
}): SheetSpec {
  return {
    name: o.name,
    title: o.title,
    meta: o.meta,
    header: [o.columns.map((c) => c.label)],
    rows: o.rows.map((cells) => ({ cells })),
    notes: o.notes,
    formats: o.columns.map((c) => c.fmt),
    widths: o.columns.map((c) => c.width ?? Math.min(40, Math.max(8, textWidth(c.label) + 2))),
  };
}
