import { csvLine } from './csv.ts';
import { ReadError } from './messages.ts';

/**
 * A JSON roster — an array of records, or an object holding one (`rows`, `data`, `records` …) —
 * as CSV text for the loader: a column per key seen, a line per record in order. Nested values
 * are kept as their JSON text.
 */
export function jsonToCsv(text: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    if (e instanceof RangeError) throw new ReadError('json_too_deep', {}, e.message);
    throw new ReadError('json_invalid', {}, e instanceof Error ? e.message : String(e));
  }
  const records = Array.isArray(doc)
    ? doc
    : doc !== null && typeof doc === 'object'
      ? Object.values(doc).find(Array.isArray)
      : undefined;
  if (!records) throw new ReadError('json_no_records');
  const keys = new Set<string>();
  for (const r of records)
    if (r !== null && typeof r === 'object' && !Array.isArray(r))
      for (const k of Object.keys(r)) keys.add(k);
  if (keys.size === 0) throw new ReadError('json_no_fields');
  const cols = [...keys];
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return null;
    if (typeof v !== 'object') return String(v);
    try {
      return JSON.stringify(v);
    } catch (e) {
      throw new ReadError('json_too_deep', {}, e instanceof Error ? e.message : String(e));
    }
  };
  const lines = [csvLine(cols)];
  for (const r of records) {
    const obj = r !== null && typeof r === 'object' && !Array.isArray(r) ? r : {};
    lines.push(csvLine(cols.map((k) => cell((obj as Record<string, unknown>)[k]))));
  }
  return lines.join('\n') + '\n';
}

const BATCH = 256;

/** Whether a value holds an array too long to turn into one string safely (see writeJson). */
function holdsLongArray(v: unknown, depth = 0): boolean {
  if (depth > 8 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.length > 256 || v.some((x) => holdsLongArray(x, depth + 1));
  if ('toJSON' in v) return false;
  return Object.values(v).some((x) => holdsLongArray(x, depth + 1));
}

/**
 * Writes `JSON.stringify(value, null, 2)` in pieces: a report listing a million people (every
 * eligibility list) is larger than the longest string a JavaScript engine can hold. Objects and
 * arrays that hold long arrays are written member by member, the rest whole; the text is the same.
 */
export function writeJson(value: unknown, write: (text: string) => void): void {
  let buffer: string[] = [];
  let size = 0;
  const put = (s: string) => {
    buffer.push(s);
    size += s.length;
    if (size > 1 << 20) {
      write(buffer.join(''));
      buffer = [];
      size = 0;
    }
  };
  const emit = (v: unknown, indent: string): void => {
    if (!holdsLongArray(v)) {
      put((JSON.stringify(v, null, 2) ?? 'null').replaceAll('\n', '\n' + indent));
      return;
    }
    const inner = indent + '  ';
    if (Array.isArray(v)) {
      put('[');
      // Runs of members without long arrays are written BATCH at a time (one stringify each, its
      // brackets cut off): a million people one by one took most of writing the report.
      const close = '\n' + indent + ']';
      let run: unknown[] = [];
      let first = true;
      const flush = () => {
        if (!run.length) return;
        const text = JSON.stringify(run, null, 2).replaceAll('\n', '\n' + indent);
        put((first ? '' : ',') + text.slice(1, -close.length));
        first = false;
        run = [];
      };
      for (const x of v) {
        if (!holdsLongArray(x)) {
          run.push(x);
          if (run.length === BATCH) flush();
          continue;
        }
        flush();
        put((first ? '\n' : ',\n') + inner);
        first = false;
        emit(x, inner);
      }
      flush();
      put(close);
      return;
    }
    const entries = Object.entries(v as object).filter(
      ([, x]) => x !== undefined && typeof x !== 'function' && typeof x !== 'symbol',
    );
    put('{');
    entries.forEach(([k, x], i) => {
      put((i ? ',\n' : '\n') + inner + JSON.stringify(k) + ': ');
      emit(x, inner);
    });
    put('\n' + indent + '}');
  };
  emit(value, '');
  if (size) write(buffer.join(''));
}
