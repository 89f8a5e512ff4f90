import { csvLine } from './csv.ts';

/**
 * A JSON roster — an array of records, or an object holding one (`rows`, `data`, `records` …) —
 * as CSV text for the loader: a column per key seen, a line per record in order. Nested values
 * are kept as their JSON text.
 */
export function jsonToCsv(text: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new Error('不是有效的 JSON 文件');
  }
  const records = Array.isArray(doc)
    ? doc
    : doc !== null && typeof doc === 'object'
      ? Object.values(doc).find(Array.isArray)
      : undefined;
  if (!records) throw new Error('JSON 文件中没有记录数组（应为 [{"姓名": …, "出生年月": …}, …]）');
  const keys = new Set<string>();
  for (const r of records)
    if (r !== null && typeof r === 'object' && !Array.isArray(r))
      for (const k of Object.keys(r)) keys.add(k);
  if (keys.size === 0) throw new Error('JSON 文件中的记录没有字段');
  const cols = [...keys];
  const cell = (v: unknown) =>
    v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const lines = [csvLine(cols)];
  for (const r of records) {
    const obj = r !== null && typeof r === 'object' && !Array.isArray(r) ? r : {};
    lines.push(csvLine(cols.map((k) => cell((obj as Record<string, unknown>)[k]))));
  }
  return lines.join('\n') + '\n';
}
