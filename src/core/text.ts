/**
 * Text rosters as DuckDB reads them: the encoding found (UTF-8, GBK/GB18030, UTF-16 with or
 * without a byte-order mark), width and spaces normalised, title lines above the header cut off,
 * and bytes that are not text at all recognised for what they are.
 */
import {
  dateColumns,
  HEADER_SEARCH_ROWS,
  HeaderFinder,
  snapshotFromTitle,
  type DateColumns,
  type DateJoin,
} from './fields.ts';
import { ReadError } from './messages.ts';
import { normaliseUtf8 } from './width.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** The encoding of text bytes and the length of their byte-order mark. */
export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bom: number } {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, bom: 0 };
  let prefix = bytes.subarray(0, 65536);
  if (prefix.length < bytes.length) {
    // Cut at the last ASCII byte so a multi-byte character is never split.
    let end = prefix.length - 1;
    while (end > 0 && prefix[end] >= 0x80) end--;
    if (end > 0) prefix = prefix.subarray(0, end);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(prefix);
    return { encoding: 'utf-8', bom: 0 };
  } catch {
    // A UTF-8 file with a character cut off here and there (a byte-limited export) is still
    // UTF-8: GBK read as UTF-8 turns nearly every character into U+FFFD.
    const text = new TextDecoder('utf-8').decode(prefix);
    let [bad, wide] = [0, 0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0xfffd) bad++;
      else if (c > 0x7f) wide++;
    }
    return { encoding: wide > 0 && bad * 20 < wide ? 'utf-8' : 'gb18030', bom: 0 };
  }
}

/**
 * UTF-16 without a byte-order mark, where the bytes make it plain: the ASCII of a roster (digits,
 * commas, tabs, line breaks) puts a 0 byte at every odd position (little-endian) or every even
 * one (big-endian), and text in any 8-bit encoding has no 0 bytes at all.
 */
function utf16WithoutBom(bytes: Uint8Array): TextEncoding | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.2 && even < pairs * 0.02) return 'utf-16le';
  if (even > pairs * 0.2 && odd < pairs * 0.02) return 'utf-16be';
  return null;
}

/** Binary bytes read as text: NUL or many control characters in the first 4 KiB. */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096);
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return control > head.length / 50;
}

const ascii = (b: Uint8Array, from: number, len: number) =>
  String.fromCharCode(...b.subarray(from, from + len));

/**
 * What bytes are when they are no roster format: a PDF, an image, an Office file (by the streams
 * in its compound-file directory); null for anything else.
 */
export function sniffForeign(
  b: Uint8Array,
): 'pdf' | 'image' | 'xls' | 'encrypted' | 'doc' | 'ole' | null {
  if (b.length >= 5 && ascii(b, 0, 5) === '%PDF-') return 'pdf';
  const image =
    (b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') ||
    (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
    ascii(b, 0, 4) === 'GIF8' ||
    (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') ||
    ascii(b, 0, 4) === 'II*\0' ||
    ascii(b, 0, 4) === 'MM\0*' ||
    (ascii(b, 0, 2) === 'BM' && b.length > 26 && b[14] >= 12 && b[15] === 0 && b[26] === 1);
  if (image) return 'image';
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  if (b.length >= 8 && ole.every((x, i) => b[i] === x)) return oleKind(b);
  return null;
}

/**
 * An OLE compound file by the streams its directory names: EncryptedPackage (an .xlsx with a
 * password), Workbook/Book (.xls), WordDocument (.doc). Directory entries are 128 bytes on
 * 128-byte boundaries after the 512-byte header: each is a UTF-16LE name, its byte length
 * (with the terminating 0) at +64 and its type (1 storage, 2 stream, 5 root) at +66.
 */
function oleKind(b: Uint8Array): 'xls' | 'encrypted' | 'doc' | 'ole' {
  const wanted = new Map([
    ['EncryptedPackage', 'encrypted'],
    ['Workbook', 'xls'],
    ['Book', 'xls'],
    ['WordDocument', 'doc'],
  ] as const);
  const lengths = new Set([...wanted.keys()].map((k) => (k.length + 1) * 2));
  const found = new Set<string>();
  for (let off = 512; off + 128 <= b.length; off += 128) {
    const len = b[off + 64] | (b[off + 65] << 8);
    if (!lengths.has(len) || b[off + 66] !== 2) continue;
    let name = '';
    for (let i = 0; i < len - 2; i += 2)
      name += String.fromCharCode(b[off + i] | (b[off + i + 1] << 8));
    const kind = wanted.get(name as 'Book');
    if (kind) found.add(kind);
  }
  for (const k of ['encrypted', 'xls', 'doc'] as const) if (found.has(k)) return k;
  return 'ole';
}

/** A text file as UTF-8 CSV for DuckDB, from its header line on. */
export interface TextAsCsv {
  /** UTF-8 text, no byte-order mark, width normalised; a view (transfer its buffer). */
  csv: Uint8Array;
  /** The line number in the file of the first data row. */
  firstRow: number;
  /** The column separator found with the header (none: DuckDB finds it). */
  delimiter?: string;
  /** The header's line in the file (1-based). */
  headerRow: number;
  /** 统计时点 from a title line above the header (`截至2024年12月31日`), if any. */
  snapshotFromTitle: string | null;
  /**
   * Empty lines below the header, which DuckDB reads no row for, as the row numbers they shift:
   * the k-th value is the k-th empty line's number less the k − 1 before it. A row read as line
   * n (counting from `firstRow` without them) is on line n + (how many values are ≤ n).
   */
  gaps?: number[];
  /** Dates split over 年 | 月 (| 日) columns under one heading, joined as the rows are staged. */
  dates?: DateColumns[];
  /** Bytes that were no UTF-8 became U+FFFD (a character cut off by a byte-limited export). */
  replaced?: boolean;
}

/** See TextAsCsv.gaps: the empty lines after line `after`. */
function gapsAfter(emptyLines: number[], after: number): number[] | undefined {
  const below = emptyLines.filter((l) => l > after);
  return below.length ? below.map((l, k) => l - k) : undefined;
}

/** A line longer than this is no roster's (DuckDB's own limit is 2 MB). */
export const MAX_LINE_BYTES = 1024 * 1024;
const DELIMITERS = [',', '\t', ';', '|'];

const sizeText = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;

/**
 * Reads a CSV/TXT roster: decodes it, normalises width, finds the header under any title lines
 * exactly as in workbooks (the row among the first 30 that names a birth column and the most
 * fields, trying comma, tab, semicolon and bar as separators) and cuts the title lines off, so
 * rows keep their line numbers. Throws a ReadError for bytes that are not text.
 */
export function readTextRoster(bytes: Uint8Array): TextAsCsv {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bytes.subarray(bom);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && looksBinary(body))
    throw new ReadError('not_roster_format', { kind: 'binary' });
  const utf8 =
    encoding === 'utf-8' ? body : new TextEncoder().encode(new TextDecoder(encoding).decode(body));
  let read = normaliseUtf8(utf8);
  // Bytes that are no UTF-8 become U+FFFD (the cell shows where), as an editor shows them, so
  // that DuckDB reads the rest.
  const replaced = read.invalid;
  if (replaced)
    read = normaliseUtf8(new TextEncoder().encode(new TextDecoder('utf-8').decode(read.bytes)));
  const { bytes: text, longestLine, longestLineNo, emptyLines } = read;
  if (longestLine > MAX_LINE_BYTES)
    throw new ReadError('line_too_long', { row: longestLineNo, size: sizeText(longestLine) });
  // The first lines, as text, to look for the header in.
  let head = text.subarray(0, 256 * 1024);
  if (head.length < text.length)
    head = head.subarray(0, Math.max(head.lastIndexOf(0x0a), head.lastIndexOf(0x0d), 0));
  const headText = new TextDecoder().decode(head);
  let best: {
    delimiter: string;
    row: number;
    lines: number;
    mapped: number;
    birth: boolean;
    cells?: string[];
    joins?: DateJoin[];
  } | null = null;
  let records: CsvRecord[] = [];
  for (const delimiter of DELIMITERS) {
    const recs = splitRecords(headText, delimiter, HEADER_SEARCH_ROWS);
    const finder = new HeaderFinder(true);
    recs.forEach((r, i) => finder.offer(i + 1, r.cells));
    const found = finder.result();
    if (found.mapped === 0 || found.headerRow === null) continue;
    const better =
      !best ||
      (Number(found.hasBirth) - Number(best.birth) ||
        found.mapped - best.mapped ||
        recs[found.headerRow - 1].cells.length - records[best.row - 1].cells.length) > 0;
    if (better) {
      best = {
        delimiter,
        row: found.headerRow,
        lines: recs[found.headerRow - 1].lines,
        mapped: found.mapped,
        birth: found.hasBirth,
        cells: found.cells,
        joins: found.joins,
      };
      records = recs;
    }
  }
  if (!best) {
    // No header named a known field: the first line is the header, DuckDB finds the separator.
    const gaps = gapsAfter(emptyLines, 1);
    return {
      csv: text,
      firstRow: 2,
      headerRow: 1,
      snapshotFromTitle: null,
      gaps,
      ...(replaced && { replaced }),
    };
  }
  const header = records[best.row - 1];
  const above = records.slice(0, best.row - 1).map((r) => r.cells.filter(Boolean).join(' '));
  // A header of two rows (学历 over 全日制教育 | 在职教育): one header line of both rows' names,
  // then the data.
  const csv = best.cells
    ? concatBytes(
        new TextEncoder().encode(csvHeader(best.cells, best.delimiter) + '\n'),
        text.subarray(lineOffset(text, header.line + header.lines)),
      )
    : header.line === 1
      ? text
      : text.subarray(lineOffset(text, header.line));
  return {
    csv,
    firstRow: header.line + best.lines,
    delimiter: best.delimiter,
    headerRow: header.line,
    snapshotFromTitle: snapshotFromTitle(above),
    gaps: gapsAfter(emptyLines, header.line + best.lines - 1),
    ...(best.cells && best.joins?.length && { dates: dateColumns(best.joins, best.cells) }),
    ...(replaced && { replaced }),
  };
}

/** Header cells as one line of the file's separator, quoted where needed. */
const csvHeader = (cells: readonly string[], delimiter: string) =>
  cells
    .map((c) => (c.includes(delimiter) || /["\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c))
    .join(delimiter);

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

interface CsvRecord {
  /** The line the record starts on (1-based). */
  line: number;
  /** How many lines it spans (a quoted cell may hold line breaks). */
  lines: number;
  cells: string[];
}

/** The first `max` records of CSV text, quotes honoured (a quoted cell may span lines). */
function splitRecords(text: string, delimiter: string, max: number): CsvRecord[] {
  const out: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length && out.length < max) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i++;
          } else quoted = false;
        } else {
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          cell += ch;
        }
      } else if (ch === '"' && cell.trim() === '') {
        quoted = true;
        cell = '';
      } else if (ch === delimiter) {
        cells.push(cell.trim());
        cell = '';
      } else if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) {
        break;
      } else if (ch !== '\r') cell += ch;
    }
    cells.push(cell.trim());
    i++;
    line++;
    out.push({ line: start, lines: line - start, cells });
  }
  return out;
}

/** The byte offset where line `line` (1-based) starts. */
function lineOffset(bytes: Uint8Array, line: number): number {
  let k = 1;
  let i = 0;
  for (; i < bytes.length && k < line; i++)
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) k++;
  return i;
}
