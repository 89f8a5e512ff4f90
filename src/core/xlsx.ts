import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { csvLine } from './csv.ts';
import {
  HEADER_SEARCH_ROWS,
  HeaderFinder,
  dateColumns,
  mapHeaders,
  type DateColumns,
  type DateJoin,
  OTHER_LIST_SHEET,
  snapshotFromTitle,
  SUMMARY_SHEET,
} from './fields.ts';
import { regionOfSheet, unitGroupOfSheet, unitOfSheet } from './sheets.ts';
import { ReadError } from './messages.ts';
import { normaliseText } from './width.ts';
import { legacyToXlsx, legacyWorkbookKind } from './xls.ts';
import { fixed } from './decimal.ts';
import { idCheckChar } from './id-number.ts';

/** One sheet of a workbook, as the import dialog lists it. */
export interface SheetInfo {
  name: string;
  /** The row (1-based) that looks most like a header, or null when none of its cells is known. */
  headerRow: number | null;
  /** How many canonical fields that header row names. */
  mapped: number;
  /** Whether it names a birth column (a roster sheet must). */
  hasBirth: boolean;
  /** Hidden in Excel (a backup, a lookup list): read only when asked for or when nothing else is. */
  hidden: boolean;
  /** The header row's text: sheets with the same one hold parts of one roster (one per county). */
  header: string;
}

/** An Excel roster as CSV text for the loader, with where its data starts in the sheet. */
export interface SheetAsCsv {
  /** The sheet read: the one asked for, else the one whose header maps the most fields. */
  sheet: string;
  /** Every sheet of the workbook, in order. */
  sheets: SheetInfo[];
  /** The sheet row (1-based) of the header; data rows follow it, numbered as in Excel. */
  headerRow: number;
  /** 统计时点 from a title row above the header (`截至2024年12月31日`), if any. */
  snapshotFromTitle: string | null;
  /**
   * UTF-8 CSV: the header line, then one line per sheet row below it (the loader skips blank and
   * totals rows). Bytes, so a worker hands them over without copying.
   */
  csv: Uint8Array;
  /** The other sheets of the same roster (one per county, same header), when none was asked for. */
  parts?: SheetAsCsv[];
  /** Dates split over 年 | 月 (| 日) columns under one heading, joined as the rows are staged. */
  dates?: DateColumns[];
  /** Data rows hidden in Excel (filtered out, most often), by sheet row number. */
  hiddenRows?: number[];
}

export interface XlsxOptions {
  /** The sheet to read; by default the roster sheet is found. */
  sheet?: string;
  /** Any sheet with recognised headers will do, not only one with a birth column (任免记录). */
  anySheet?: boolean;
  /** Share of the chosen sheet read so far (0–1). */
  onProgress?: (fraction: number) => void;
}

/**
 * The most a workbook's parts may unpack to. A full Excel sheet (1,048,576 rows of 15 columns)
 * is about 550 MB of XML; more than this is a file to split, not one to try.
 */
export const MAX_UNPACKED = 768 * 1024 * 1024;
const CHUNK = 1 << 20;

/*
 * The workbook is read with fflate (unzip) and saxes (streaming XML): a 200,000-row sheet never
 * becomes an object model, so it reads in seconds and little memory (exceljs took 22 s and
 * 2.5 GB for the same file).
 */

interface Workbook {
  files: Record<string, Uint8Array>;
  sheets: { name: string; path: string; hidden: boolean }[];
  shared: string[];
  dateStyles: Set<number>;
  /** Styles showing a fixed number of decimals, and how many. */
  decimals: Map<number, number>;
  date1904: boolean;
}

/** Parses XML bytes in chunks, so a large part never becomes one string. */
function parse(
  xml: Uint8Array,
  on: Partial<Record<'open' | 'close', (t: SaxesTagPlain) => void>> & {
    text?: (t: string) => void;
  },
) {
  const p = new SaxesParser();
  if (on.open) p.on('opentag', on.open);
  if (on.close) p.on('closetag', on.close as (t: unknown) => void);
  if (on.text) p.on('text', on.text);
  const decoder = new TextDecoder();
  for (let i = 0; i < xml.length; i += CHUNK)
    p.write(decoder.decode(xml.subarray(i, i + CHUNK), { stream: true }));
  p.close();
}

/**
 * What a zip file holds, from its central directory alone (nothing is inflated): a workbook's
 * parts must unpack to less than MAX_UNPACKED; a Word or PowerPoint file, or another zip, is not
 * a roster.
 */
function checkZip(bytes: Uint8Array): void {
  const entries: { name: string; size: number }[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw new ReadError('xlsx_corrupt', {}, e instanceof Error ? e.message : String(e));
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('xl/workbook.xml')) {
    if (names.has('word/document.xml')) throw new ReadError('not_roster_format', { kind: 'docx' });
    if ([...names].some((n) => n.startsWith('ppt/')))
      throw new ReadError('not_roster_format', { kind: 'pptx' });
    if (!names.has('[Content_Types].xml'))
      throw new ReadError('not_roster_format', { kind: 'zip' });
    return; // an Office file without a workbook part: damaged, said by openWorkbook
  }
  const read = entries.filter((e) => e.name.startsWith('xl/') && /\.(xml|rels)$/.test(e.name));
  const biggest = read.reduce((a, e) => (e.size > a.size ? e : a), { name: '', size: 0 });
  const total = read.reduce((n, e) => n + e.size, 0);
  if (total > MAX_UNPACKED) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new ReadError('xlsx_too_large', {
      part: biggest.name.replace(/^xl\//, ''),
      size: mb(biggest.size),
      limit: mb(MAX_UNPACKED),
    });
  }
}

function openWorkbook(bytes: Uint8Array): Workbook {
  checkZip(bytes);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => f.name.startsWith('xl/') && /\.(xml|rels)$/.test(f.name),
    });
  } catch (e) {
    throw new ReadError('xlsx_corrupt', {}, e instanceof Error ? e.message : String(e));
  }
  const wbXml = files['xl/workbook.xml'];
  if (!wbXml) throw new ReadError('xlsx_corrupt', {}, 'no xl/workbook.xml');
  const targets = new Map<string, string>();
  const rels = files['xl/_rels/workbook.xml.rels'];
  if (rels)
    parse(rels, {
      open: (t) => {
        if (t.name === 'Relationship')
          targets.set(String(t.attributes.Id), String(t.attributes.Target));
      },
    });
  const sheets: Workbook['sheets'] = [];
  let date1904 = false;
  parse(wbXml, {
    open: (t) => {
      if (t.name === 'workbookPr') date1904 = ['1', 'true'].includes(String(t.attributes.date1904));
      if (t.name !== 'sheet') return;
      const target = targets.get(String(t.attributes['r:id'])) ?? '';
      const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
      const hidden = ['hidden', 'veryHidden'].includes(String(t.attributes.state));
      if (files[path]) sheets.push({ name: String(t.attributes.name), path, hidden });
    },
  });
  const styles = numberStyles(files);
  return {
    files,
    sheets,
    shared: sharedStrings(files),
    dateStyles: styles.dates,
    decimals: styles.decimals,
    date1904,
  };
}

function sharedStrings(files: Record<string, Uint8Array>): string[] {
  const xml = files['xl/sharedStrings.xml'];
  const out: string[] = [];
  if (!xml) return out;
  let cur = '';
  let inT = false;
  let phonetic = 0; // <rPh> runs are reading aids, not part of the text
  parse(xml, {
    open: (t) => {
      if (t.name === 'si') cur = '';
      else if (t.name === 'rPh') phonetic++;
      else if (t.name === 't' && phonetic === 0) inT = true;
    },
    text: (s) => {
      if (inT) cur += s;
    },
    close: (t) => {
      if (t.name === 't') inT = false;
      else if (t.name === 'rPh') phonetic--;
      else if (t.name === 'si') out.push(normaliseText(cur));
    },
  });
  return out;
}

/** Built-in number formats that show a date (incl. the Chinese-locale ones, 27–36 and 50–58). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57,
  58,
]);

/**
 * Indexes of cell styles whose number format is a date, and of those that show a fixed number of
 * decimals ('0.00': 1979.1 shows as 1979.10, a birth month of October), with that number.
 */
function numberStyles(files: Record<string, Uint8Array>): {
  dates: Set<number>;
  decimals: Map<number, number>;
} {
  const xml = files['xl/styles.xml'];
  const out = new Set<number>();
  const decimals = new Map<number, number>();
  if (!xml) return { dates: out, decimals };
  const custom = new Map<number, string>();
  let inXfs = false;
  let index = 0;
  parse(xml, {
    open: (t) => {
      if (t.name === 'numFmt')
        custom.set(Number(t.attributes.numFmtId), String(t.attributes.formatCode));
      else if (t.name === 'cellXfs') inXfs = true;
      else if (t.name === 'xf' && inXfs) {
        const id = Number(t.attributes.numFmtId ?? 0);
        const code = custom.get(id);
        const isDate =
          code === undefined
            ? BUILTIN_DATE_FORMATS.has(id)
            : /[ymd]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ''));
        if (isDate) out.add(index);
        const fixed = code ?? BUILTIN_FIXED_FORMATS.get(id) ?? '';
        const m = /^[#,]*0\.(0+)$/.exec(positiveSection(fixed));
        if (m) decimals.set(index, m[1].length);
        index++;
      }
    },
    close: (t) => {
      if (t.name === 'cellXfs') inXfs = false;
    },
  });
  return { dates: out, decimals };
}

/** Built-in number formats with fixed decimals (ECMA-376 §18.8.30). */
const BUILTIN_FIXED_FORMATS = new Map([
  [2, '0.00'],
  [4, '#,##0.00'],
  [39, '#,##0.00'],
  [40, '#,##0.00'],
]);

/**
 * The digits of a number format's first (positive) section, without what only pads or colours
 * it: zh-CN Excel's 数值 with two decimals is `0.00_ ` or `0.00_);[Red]\(0.00\)`.
 */
export function positiveSection(code: string): string {
  const first = code.replace(/"[^"]*"|\\.|_.|\*./g, ' ').split(';')[0];
  return first.replace(/\[[^\]]*\]|[\s()]/g, '');
}

/** An Excel serial day number as YYYY-MM-DD (the 1900 system counts a 29 February 1900). */
export function serialToDate(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  // Excel shows 15 significant digits: 29494.999999999996 (a value computed by a formula) is the
  // 29495 it displays, not the day before.
  const day = Math.floor(Number(serial.toPrecision(15)));
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, day >= 61 ? 30 : 31);
  const d = new Date(epoch + day * 86_400_000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

const columnIndex = (ref: string) => {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  return n;
};
const rowIndex = (ref: string) => Number(ref.replace(/^[A-Z]+/, ''));

interface Merge {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** Merged ranges, read from the end of the sheet (they follow the rows in the XML). */
function merges(xml: Uint8Array): Merge[] {
  const needle = [...'<mergeCells'].map((c) => c.charCodeAt(0));
  let at = -1;
  outer: for (let i = xml.length - needle.length; i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) if (xml[i + j] !== needle[j]) continue outer;
    at = i;
    break;
  }
  if (at < 0) return [];
  const out: Merge[] = [];
  for (const m of strFromU8(xml.subarray(at)).matchAll(
    /<mergeCell\b[^>]*\bref="([A-Z]+\d+):([A-Z]+\d+)"/g,
  ))
    out.push({
      r1: rowIndex(m[1]),
      c1: columnIndex(m[1]),
      r2: rowIndex(m[2]),
      c2: columnIndex(m[2]),
    });
  return out;
}

/**
 * Streams the rows of a sheet, in order, as trimmed cell texts (null for empty), with merged
 * cells filled from their top-left cell. Stops when `onRow` returns false.
 */
function readRows(
  wb: Workbook,
  path: string,
  onRow: (r: number, cells: (string | null)[], hidden: boolean) => boolean | void,
  onProgress?: (fraction: number) => void,
  /** Columns (0-based) whose formula errors (#VALUE!) are kept as text; elsewhere blank. */
  errorsShown?: ReadonlySet<number>,
): void {
  const xml = wb.files[path];
  const ranges = merges(xml);
  const topLeft = new Map<string, string | null>();
  const p = new SaxesParser();
  let row: (string | null)[] = [];
  let r = 0;
  let c = 0;
  let type = '';
  let style = -1;
  let text = '';
  let inValue = false;
  let stop = false;
  let hidden = false;
  p.on('opentag', (t) => {
    switch (t.name) {
      case 'row':
        r = t.attributes.r === undefined ? r + 1 : Number(t.attributes.r);
        row = [];
        c = 0;
        hidden = t.attributes.hidden === '1' || t.attributes.hidden === 'true';
        break;
      case 'c':
        c = t.attributes.r === undefined ? c + 1 : columnIndex(String(t.attributes.r));
        type = String(t.attributes.t ?? 'n');
        style = t.attributes.s === undefined ? -1 : Number(t.attributes.s);
        text = '';
        break;
      case 'v':
      case 't':
        inValue = true;
        break;
    }
  });
  p.on('text', (s) => {
    if (inValue) text += s;
  });
  p.on('closetag', (t) => {
    switch (t.name) {
      case 'v':
      case 't':
        inValue = false;
        break;
      case 'c':
        row[c - 1] =
          type === 'e' && errorsShown?.has(c - 1)
            ? text.trim() || null
            : cellText(wb, type, style, text);
        break;
      case 'row':
        for (const m of ranges) {
          if (r < m.r1 || r > m.r2) continue;
          for (let col = m.c1; col <= m.c2; col++) {
            if (r === m.r1 && col === m.c1) topLeft.set(`${m.r1}:${m.c1}`, row[col - 1] ?? null);
            else row[col - 1] = topLeft.get(`${m.r1}:${m.c1}`) ?? null;
          }
        }
        if (onRow(r, row, hidden) === false) stop = true;
        break;
    }
  });
  const decoder = new TextDecoder();
  for (let i = 0; i < xml.length && !stop; i += CHUNK) {
    p.write(decoder.decode(xml.subarray(i, i + CHUNK), { stream: true }));
    onProgress?.(Math.min(1, (i + CHUNK) / xml.length));
  }
  if (!stop) p.close();
}

/** The text of a cell as a person reads it: dates as YYYY-MM-DD, formulas by their result. */
function cellText(wb: Workbook, type: string, style: number, raw: string): string | null {
  let v: string | null;
  switch (type) {
    case 's':
      v = wb.shared[Number(raw)] ?? null;
      break;
    case 'b':
      v = raw === '' ? null : raw === '1' ? '是' : '否';
      break;
    case 'e':
      v = null;
      break;
    case 'd':
      v = raw.slice(0, 10);
      break;
    case 'n':
      v =
        raw === ''
          ? raw
          : // A number of more than 15 digits in a number cell (a 身份证号 a script wrote) went
            // through a float: past the 15th its digits are marked lost, as Excel shows them,
            // unless the cell holds more digits than a float prints (a writer that kept them)
            // and they make a 身份证号 whose check digit holds.
            /^[1-9][0-9]{15,}$/.test(raw) &&
              !(raw.length === 18 && String(Number(raw)) !== raw && idCheckChar(raw) === raw[17])
            ? raw.slice(0, 15) + '*'.repeat(raw.length - 15)
            : wb.dateStyles.has(style)
              ? serialToDate(Number(raw), wb.date1904)
              : wb.decimals.has(style) && Number.isFinite(Number(raw))
                ? fixed(Number(raw), wb.decimals.get(style)!)
                : raw;
      break;
    default: // str (a formula's text), inlineStr
      v = normaliseText(raw);
  }
  if (v === null) return null;
  v = v.trim();
  return v === '' ? null : v;
}

/**
 * The header among the first rows of a sheet (see HeaderFinder), the sheet's width there, and the
 * text of every row searched (for a title above the header).
 */
function findHeader(
  wb: Workbook,
  path: string,
): Omit<SheetInfo, 'name' | 'hidden' | 'header'> & {
  width: number;
  rows: string[];
  cells?: string[];
  fields?: string[];
  joins?: DateJoin[];
} {
  const finder = new HeaderFinder(true);
  const rows: string[] = [];
  let width = 0;
  readRows(wb, path, (r, cells) => {
    if (r > HEADER_SEARCH_ROWS) return false;
    width = Math.max(width, cells.length);
    rows[r - 1] = cells.filter((c) => c !== null && c !== undefined).join(' ');
    finder.offer(r, cells);
  });
  return { ...finder.result(), width, rows };
}

/** Two headers name the same fields but for at most two, a fifth of them all. */
function nearlySameFields(a: string[] = [], b: string[] = []): boolean {
  const all = new Set([...a, ...b]);
  const both = a.filter((f) => b.includes(f)).length;
  const differ = all.size - both;
  return both > 0 && differ <= 2 && differ * 5 <= all.size;
}

/**
 * Reads an .xlsx roster: lists every sheet with its header row (the row below any title rows
 * that names the most canonical fields), reads the chosen sheet — by default the one with a
 * birth column that names the most — and writes its rows as CSV. Merged cells give every row
 * they cover the merged value.
 */
export async function xlsxToCsv(bytes: Uint8Array, options: XlsxOptions = {}): Promise<SheetAsCsv> {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const legacy = zip ? null : legacyWorkbookKind(bytes);
  const wb = openWorkbook(legacy ? await legacyToXlsx(bytes, legacy) : bytes);
  const found = wb.sheets.map((s) => ({ ...s, ...findHeader(wb, s.path) }));
  const sheets = found.map(({ name, headerRow, mapped, hasBirth, hidden, rows, cells }) => ({
    name,
    headerRow,
    mapped,
    hasBirth,
    hidden,
    header: normaliseText(cells?.join(' ') ?? (headerRow === null ? '' : rows[headerRow - 1])),
  }));
  let chosen;
  if (options.sheet !== undefined) {
    chosen = found.find((s) => s.name === options.sheet);
    if (!chosen) throw new ReadError('xlsx_sheet_missing', { sheet: options.sheet });
    if (chosen.headerRow === null)
      throw new ReadError('xlsx_sheet_empty', { sheet: options.sheet });
  } else {
    chosen = found
      .filter((s) => s.hasBirth || (options.anySheet && s.mapped > 0))
      .sort(
        (a, b) =>
          Number(a.hidden) - Number(b.hidden) ||
          Number(b.hasBirth) - Number(a.hasBirth) ||
          Number(OTHER_LIST_SHEET.test(a.name)) - Number(OTHER_LIST_SHEET.test(b.name)) ||
          Number(SUMMARY_SHEET.test(b.name)) - Number(SUMMARY_SHEET.test(a.name)) ||
          b.mapped - a.mapped,
      )[0];
    if (!chosen) throw new ReadError('xlsx_no_roster_sheet');
  }
  const read = (s: typeof chosen): SheetAsCsv => {
    const headerRow = s.headerRow!;
    const width = s.width;
    const lines: string[] = [];
    let last = headerRow;
    // A birth cell showing #VALUE! (出生年月 computed from a mistyped 身份证号) is rejected
    // naming the error; a formula error elsewhere is a blank, as before.
    const errorsShown = new Set<number>();
    const hiddenRows: number[] = [];
    readRows(
      wb,
      s.path,
      (r, cells, hidden) => {
        if (r < headerRow) return;
        if (hidden && r > headerRow && cells.some((x) => x !== null && x !== undefined))
          hiddenRows.push(r);
        if (r === headerRow) {
          const names = s.cells ?? cells;
          const header = Array.from({ length: width }, (_, i) => names[i] || `列${i + 1}`);
          const birth = mapHeaders(header).birth_date;
          if (birth !== undefined) errorsShown.add(header.indexOf(birth));
          lines.push(csvLine(header));
          return;
        }
        // Rows missing from the XML are blank: written so the loader numbers rows as Excel does.
        for (let gap = last + 1; gap < r; gap++) lines.push(','.repeat(width - 1));
        last = r;
        cells.length = width;
        lines.push(csvLine(cells));
      },
      s === chosen ? options.onProgress : undefined,
      errorsShown,
    );
    const csv = new TextEncoder().encode(lines.join('\n') + '\n');
    const title = snapshotFromTitle(s.rows.slice(0, headerRow - 1).filter(Boolean));
    const dates = s.cells && dateColumns(s.joins, s.cells);
    return {
      sheet: s.name,
      sheets,
      headerRow,
      csv,
      snapshotFromTitle: title,
      ...(dates && { dates }),
      ...(hiddenRows.length && { hiddenRows }),
    };
  };
  // A workbook with one sheet per county or unit: the other visible sheets with the same header,
  // or a county's or unit's sheet naming nearly the same fields (one with a 备注 column of its
  // own), are parts of the same roster (never beside a 汇总 sheet, which holds them all, nor a
  // list of others: 调出人员, 后备干部).
  const header = sheets[found.indexOf(chosen)].header;
  const parts =
    options.sheet === undefined && !SUMMARY_SHEET.test(chosen.name)
      ? found.filter(
          (s, i) =>
            s !== chosen &&
            s.hasBirth &&
            !s.hidden &&
            (sheets[i].header === header ||
              (nearlySameFields(s.fields, chosen.fields) &&
                (regionOfSheet(s.name) !== null ||
                  unitOfSheet(s.name) !== null ||
                  unitGroupOfSheet(s.name)))) &&
            !SUMMARY_SHEET.test(s.name) &&
            !OTHER_LIST_SHEET.test(s.name),
        )
      : [];
  const first = read(chosen);
  return parts.length ? { ...first, parts: parts.map(read) } : first;
}
