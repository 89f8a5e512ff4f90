import ExcelJS from 'exceljs';
import { mapHeaders } from './fields.ts';

/** An Excel roster as CSV text for the loader, with where its data starts in the sheet. */
export interface SheetAsCsv {
  /** The sheet read: the one whose header row maps the most fields, a birth column included. */
  sheet: string;
  /** Every sheet of the workbook, in order. */
  sheets: string[];
  /** The sheet row (1-based) of the header; data rows follow it, numbered as in Excel. */
  headerRow: number;
  /** Header line, then one line per sheet row below it (the loader skips blank and totals rows). */
  text: string;
}

const HEADER_SEARCH_ROWS = 30;

type CellValue = ExcelJS.CellValue;

/** The text of a cell as a person would read it: dates as YYYY-MM-DD, formulas by their result. */
function cellText(v: CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return v.toISOString().slice(0, 10);
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('formula' in v || 'sharedFormula' in v)
      return 'result' in v ? cellText(v.result as CellValue) : null;
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('error' in v) return null;
  }
  return String(v);
}

const csvCell = (s: string | null) =>
  s === null ? '' : /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;

function rowTexts(ws: ExcelJS.Worksheet, r: number, width: number): (string | null)[] {
  const row = ws.getRow(r);
  const out: (string | null)[] = [];
  for (let c = 1; c <= width; c++) {
    const t = cellText(row.getCell(c).value);
    out.push(t === null ? null : t.trim() === '' ? null : t.trim());
  }
  return out;
}

/**
 * Reads an .xlsx roster: finds, in every sheet, the header row below any title rows (the row
 * whose cells map the most canonical fields), keeps the sheet with a birth column that maps
 * the most, and writes its rows as CSV. Merged cells give every row they cover the merged value.
 */
export async function xlsxToCsv(bytes: Uint8Array): Promise<SheetAsCsv> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets = wb.worksheets.map((w) => w.name);
  let best: { ws: ExcelJS.Worksheet; headerRow: number; score: number; width: number } | null =
    null;
  for (const ws of wb.worksheets) {
    const width = ws.columnCount;
    for (let r = 1; r <= Math.min(ws.rowCount, HEADER_SEARCH_ROWS); r++) {
      const headers = rowTexts(ws, r, width).map((h) => h ?? '');
      const mapping = mapHeaders(headers.filter(Boolean));
      if (!mapping.birth_date) continue;
      const score = Object.keys(mapping).length;
      if (!best || score > best.score) best = { ws, headerRow: r, score, width };
    }
  }
  if (!best) throw new Error('没有找到含“出生年月”等列标题的工作表，不像是干部名册');
  const { ws, headerRow, width } = best;
  // Merged cells: exceljs reads them from their top-left cell, so each covered row has the value.
  const header = rowTexts(ws, headerRow, width).map((h, i) => h ?? `列${i + 1}`);
  const lines = [header.map(csvCell).join(',')];
  // Every row is written, blank ones too, so the loader numbers them as Excel does.
  for (let r = headerRow + 1; r <= ws.rowCount; r++)
    lines.push(rowTexts(ws, r, width).map(csvCell).join(','));
  return { sheet: ws.name, sheets, headerRow, text: lines.join('\n') + '\n' };
}
