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

/**
 * Arrays whose members writeJson writes from JSON text already made (SQL writes a million
 * people's entries faster than JavaScript parses and writes them again): the pieces of each,
 * members separated by ",\n". To any other reader the array is empty.
 */
const TEXT = new WeakMap<object, string[]>();

/** An array that writeJson writes as these pieces of JSON text (see TEXT). */
export function textArray<T>(pieces: string[]): T[] {
  const a: T[] = [];
  TEXT.set(a, pieces);
  return Object.freeze(a) as T[];
}

/** Arrays longer than this are written a member per line. */
const LONG = 256;

/** Whether a value holds an array too long to turn into one string safely (see writeJson). */
function holdsLongArray(v: unknown, depth = 0): boolean {
  if (depth > 8 || v === null || typeof v !== 'object') return false;
  if (Array.isArray(v))
    return TEXT.has(v) || v.length > LONG || v.some((x) => holdsLongArray(x, depth + 1));
  if ('toJSON' in v) return false;
  return Object.values(v).some((x) => holdsLongArray(x, depth + 1));
}

/**
 * Writes the JSON of `value` in pieces: a report listing a million people (every eligibility
 * list) is larger than the longest string a JavaScript engine can hold. Indented as
 * `JSON.stringify(value, null, 2)`, except that a long array (a list of people, teams, rows)
 * has each member on one line of its own, which is shorter, faster and easy to search.
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
      const text = TEXT.get(v);
      const members = text ?? v;
      const long = text !== undefined || v.length > LONG;
      if (members.length === 0) return put('[]');
      put('[');
      let first = true;
      for (const x of members) {
        put((first ? '\n' : ',\n') + inner);
        first = false;
        if (text) put((x as string).replaceAll('\n', '\n' + inner));
        else if (!long || holdsLongArray(x)) emit(x, inner);
        else put(JSON.stringify(x) ?? 'null');
      }
      put('\n' + indent + ']');
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
