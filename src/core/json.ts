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
