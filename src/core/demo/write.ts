import { Bool, DateDay, Float64, Table, Utf8, vectorFromArray, tableToIPC, type Vector } from 'apache-arrow';
import type { DemoCity } from './generate.ts';

const DATE_COLUMNS = new Set([
  'snapshot_date', 'birth_date', 'party_join_date', 'work_start_date', 'level_since', 'post_since',
]);

/** The demo roster as an Arrow IPC stream with typed columns (dates as DATE). */
export function demoToArrowIPC(city: DemoCity): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, values] of Object.entries(city.columns)) {
    if (DATE_COLUMNS.has(name)) {
      vectors[name] = vectorFromArray(
        values.map((v) => (v === null ? null : new Date(`${v}T00:00:00Z`))),
        new DateDay(),
      );
    } else if (name === 'is_team_member') {
      vectors[name] = vectorFromArray(values as (boolean | null)[], new Bool());
    } else if (name === 'grassroots_years') {
      vectors[name] = vectorFromArray(values as (number | null)[], new Float64());
    } else {
      vectors[name] = vectorFromArray(values as (string | null)[], new Utf8());
    }
  }
  return tableToIPC(new Table(vectors), 'stream');
}
