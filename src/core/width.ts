/**
 * Width and spaces, normalised before anything is parsed (text rosters, workbook cells, JSON and
 * LRMX values, headers).
 */
/*
 * Width and spaces. Hand-typed rosters pad values with U+00A0 or U+3000 and write dates with
 * full-width digits (１９８３．０５) or an ideographic full stop (1983。05). Every Unicode space
 * becomes ' ', zero-width characters go, full-width ASCII (U+FF01–U+FF5E) becomes ASCII, and 。
 * between two digits becomes '.'. The full-width comma, semicolon, bar and quote stay: as ASCII
 * they would split or quote a CSV cell, so the table's structure would change.
 */
const WIDTH_RE =
  /[\u00A0\u1680\u2000-\u200D\u2028\u2029\u202F\u205F\u3000\uFEFF\uFF01\uFF03-\uFF0B\uFF0D-\uFF1A\uFF1C-\uFF5B\uFF5D\uFF5E]|(?<=[0-9\uFF10-\uFF19])\u3002(?=[0-9\uFF10-\uFF19])/g;

function widthChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xff01) return String.fromCharCode(c - 0xfee0);
  if (c === 0x3002) return '.';
  if ((c >= 0x200b && c <= 0x200d) || c === 0xfeff) return '';
  return ' ';
}

/** A value or header with width and spaces normalised (see above). */
export function normaliseText(s: string): string {
  return s.replace(WIDTH_RE, widthChar);
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const fullWidthDigitAt = (b: Uint8Array, i: number) =>
  b[i] === 0xef && b[i + 1] === 0xbc && b[i + 2] >= 0x90 && b[i + 2] <= 0x99;
/** A digit, ASCII or full-width (EF BC 90–99), starting at byte i. */
const digitAt = (b: Uint8Array, i: number) => isDigit(b[i]) || fullWidthDigitAt(b, i);
/** A digit, ASCII or full-width, ending just before byte i. */
const digitBefore = (b: Uint8Array, i: number) =>
  isDigit(b[i - 1]) || (i >= 3 && fullWidthDigitAt(b, i - 3));

/**
 * `normaliseText` on UTF-8 bytes, in place (the result is a view of the same buffer, never
 * longer), in one pass that also measures the lines. Written for speed: a million-row CSV is
 * 350 MB. Multi-byte sequences are stepped over whole; only the lead bytes of what changes (C2
 * A0, E1 9A 80, E2 80 xx, E2 81 9F, E3 80 80/82, EF BB BF, EF BC xx, EF BD xx) are looked at, and
 * the runs between changes are moved with copyWithin. Bytes with nothing to change are returned
 * as they are.
 */
export function normaliseUtf8(src: Uint8Array): {
  bytes: Uint8Array;
  longestLine: number;
  longestLineNo: number;
  /** The empty lines (1-based), which DuckDB's CSV reader passes over without a row. */
  emptyLines: number[];
  /** Bytes that are no UTF-8 (a character cut off by an export): DuckDB refuses such a file. */
  invalid: boolean;
} {
  const n = src.length;
  // o: bytes written so far (o < copied once anything changed); copied: source bytes consumed.
  let o = 0;
  let copied = 0;
  let changed = false;
  let lineStart = 0;
  let line = 1;
  let longestLine = 0;
  let longestLineNo = 1;
  const emptyLines: number[] = [];
  let invalid = false;
  // Runs of ASCII are stepped over four bytes at a time, where they are aligned in the buffer.
  const base = src.byteOffset;
  const words = new Uint32Array(src.buffer, 0, src.buffer.byteLength >> 2);
  const lastWord = Math.min(words.length, (base + n) >> 2);
  for (let i = 0; i < n; i++) {
    const b = src[i];
    if (b < 0xc2) {
      if (b >= 0x80) invalid = true;
      // A line ends in LF, CRLF or a lone CR (Excel's “CSV (Macintosh)”).
      if (b === 0x0a || b === 0x0d) {
        if (b === 0x0d && src[i + 1] === 0x0a) continue;
        if (i - lineStart > longestLine) {
          longestLine = i - lineStart;
          longestLineNo = line;
        }
        if (i === lineStart || (i === lineStart + 1 && src[lineStart] === 0x0d))
          emptyLines.push(line);
        lineStart = i + 1;
        line++;
      } else if (((base + i + 1) & 3) === 0) {
        // Whole words of ASCII without LF or CR (the zero-byte test on x ^ 0x0a…, x ^ 0x0d…).
        let w = (base + i + 1) >> 2;
        for (; w < lastWord; w++) {
          const x = words[w];
          const lf = x ^ 0x0a0a0a0a;
          const cr = x ^ 0x0d0d0d0d;
          if ((x | ((lf - 0x01010101) & ~lf) | ((cr - 0x01010101) & ~cr)) & 0x80808080) break;
        }
        i = (w << 2) - base - 1;
      }
      continue;
    }
    // Most Chinese text (U+4000–U+EFFF): nothing to change.
    if (b >= 0xe4 && b <= 0xee) {
      if ((src[i + 1] & 0xc0) !== 0x80 || (src[i + 2] & 0xc0) !== 0x80) invalid = true;
      i += 2;
      continue;
    }
    // rep: the ASCII byte a sequence of `len` bytes becomes; -2 drops it; -1 keeps it.
    let rep = -1;
    let len = 3;
    if (b < 0xe0) {
      len = 2;
      if (b === 0xc2 && src[i + 1] === 0xa0) rep = 0x20;
    } else if (b >= 0xf0) {
      len = 4;
    } else if (b === 0xef) {
      const b1 = src[i + 1];
      const b2 = src[i + 2];
      // Full-width ASCII, but for ＂ ， ； ｜ (EF BC 82, EF BC 8C, EF BC 9B, EF BD 9C).
      if (b1 === 0xbc) {
        if (b2 >= 0x81 && b2 !== 0x82 && b2 !== 0x8c && b2 !== 0x9b) rep = b2 - 0x60;
      } else if (b1 === 0xbd) {
        if (b2 <= 0x9e && b2 !== 0x9c) rep = b2 - 0x20;
      } else if (b1 === 0xbb && b2 === 0xbf) rep = -2;
    } else if (b === 0xe3) {
      if (src[i + 1] === 0x80) {
        const b2 = src[i + 2];
        if (b2 === 0x80) rep = 0x20;
        else if (b2 === 0x82 && digitBefore(src, i) && digitAt(src, i + 3)) rep = 0x2e;
      }
    } else if (b === 0xe2) {
      const b1 = src[i + 1];
      const b2 = src[i + 2];
      if (b1 === 0x80) {
        if (b2 <= 0x8a || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf) rep = 0x20;
        else if (b2 <= 0x8d) rep = -2;
      } else if (b1 === 0x81 && b2 === 0x9f) rep = 0x20;
    } else if (b === 0xe1) {
      if (src[i + 1] === 0x9a && src[i + 2] === 0x80) rep = 0x20;
    }
    for (let k = 1; k < len; k++) if ((src[i + k] & 0xc0) !== 0x80) invalid = true;
    if (rep !== -1) {
      if (changed) src.copyWithin(o, copied, i);
      o += i - copied;
      if (rep >= 0) src[o++] = rep;
      copied = i + len;
      changed = true;
    }
    i += len - 1;
  }
  if (n - lineStart > longestLine) {
    longestLine = n - lineStart;
    longestLineNo = line;
  }
  if (!changed) return { bytes: src, longestLine, longestLineNo, emptyLines, invalid };
  src.copyWithin(o, copied, n);
  return {
    bytes: src.subarray(0, o + n - copied),
    longestLine,
    longestLineNo,
    emptyLines,
    invalid,
  };
}
