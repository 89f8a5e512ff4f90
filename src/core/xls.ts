import { ReadError } from './messages.ts';
import { detectEncoding, sniffForeign } from './text.ts';

/**
 * Workbooks in the formats before .xlsx that rosters still come in: an Excel 97–2003 workbook
 * (.xls, BIFF; WPS saves its .et the same way), and the "Excel" that HR systems export, an HTML
 * table or an XML Spreadsheet 2003 saved under an .xls name. SheetJS reads them (loaded only when
 * such a file is opened) and writes the workbook as .xlsx, with its number formats, merged cells
 * and hidden sheets, so that one reader (xlsx.ts) finds the header, dates and sheets of both.
 */
export type LegacyWorkbook = 'biff' | 'html' | 'xml';

/** Which legacy workbook the bytes are, by their content; null when none. */
export function legacyWorkbookKind(b: Uint8Array): LegacyWorkbook | null {
  if (sniffForeign(b) === 'xls') return 'biff';
  const { encoding, bom } = detectEncoding(b);
  const head = new TextDecoder(encoding)
    .decode(b.subarray(bom, bom + 4096))
    .trimStart()
    .toLowerCase();
  if (!head.startsWith('<')) return null;
  if (head.includes('urn:schemas-microsoft-com:office:spreadsheet') || head.includes('<workbook'))
    return 'xml';
  if (/<(html|table|!doctype html)\b/.test(head) || /<meta\b/.test(head)) return 'html';
  return null;
}

/** The workbook as .xlsx bytes. */
export async function legacyToXlsx(bytes: Uint8Array, kind: LegacyWorkbook): Promise<Uint8Array> {
  const [XLSX, cptable] = await Promise.all([
    import('@e965/xlsx'),
    // Excel 5/95 workbooks keep their text in the system's code page (GBK on a Chinese PC).
    import('@e965/xlsx/dist/cpexcel.full.mjs'),
  ]);
  XLSX.set_cptable(cptable);
  let wb;
  try {
    wb =
      kind === 'biff'
        ? XLSX.read(bytes, { type: 'array', cellNF: true, cellDates: false, cellHTML: false })
        : // Text as it is written (a 身份证号 is not a number to round, 1980.10 not 1980.1).
          XLSX.read(decode(bytes), { type: 'string', raw: true, cellHTML: false, dense: false });
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (/password|encrypt/i.test(text)) throw new ReadError('xlsx_encrypted', {}, text);
    throw new ReadError('xls_unreadable', {}, text);
  }
  if (wb.SheetNames.length === 0) throw new ReadError('xls_unreadable', {}, 'no sheet');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: false }));
}

function decode(bytes: Uint8Array): string {
  const { encoding, bom } = detectEncoding(bytes);
  return new TextDecoder(encoding).decode(bytes.subarray(bom));
}
