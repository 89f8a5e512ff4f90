import { generateDemoCity, type DemoCity } from './generate.ts';

/**
 * A single-snapshot roster of `rows` rows for benchmarks: the demo city's newest snapshot,
 * repeated as many times as needed with distinct people and units (copy k of unit X is X~k).
 */
export function benchRoster(rows: number, city: DemoCity = generateDemoCity()): DemoCity {
  const newest = city.snapshots[city.snapshots.length - 1];
  const snap = city.columns.snapshot_date;
  const first = snap.indexOf(newest);
  const template = snap.length - first;
  const columns: DemoCity['columns'] = {};
  for (const [name, values] of Object.entries(city.columns)) {
    const out = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const copy = Math.floor(i / template);
      const v = values[first + (i % template)];
      out[i] = copy > 0 && (name === 'person_id' || name === 'unit_id') ? `${v}~${copy}` : v;
    }
    columns[name] = out;
  }
  return { units: city.units, columns, snapshots: [newest], events: [] };
}

/** The roster as CSV text the way spreadsheets export it: birth dates like 1983.05. */
export function rosterToCsv(city: DemoCity): string {
  const names = Object.keys(city.columns);
  const cell = (name: string, v: unknown) => {
    if (v === null || v === undefined) return '';
    if (name === 'birth_date') return (v as string).slice(0, 7).replace('-', '.');
    if (typeof v === 'boolean') return v ? '是' : '否';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const rows = city.columns[names[0]].length;
  const lines = [names.join(',')];
  for (let i = 0; i < rows; i++)
    lines.push(names.map((n) => cell(n, city.columns[n][i])).join(','));
  return lines.join('\n') + '\n';
}
