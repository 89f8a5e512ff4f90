/**
 * npm run history -- [--people 1000000] [--months 24] [--out DIR]: a deterministic history of a
 * generated province, one Parquet file per month (`cadres-YYYY-MM.parquet`), for the report CLI
 * on native DuckDB (`npm run report -- --engine native DIR`). Not committed: about 25 MB per
 * million people and month. City files are kept in DIR/.parts for the next run.
 */
import path from 'node:path';
import { writeProvince } from './province.ts';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const people = Number(flag('--people', '1000000'));
const months = Number(flag('--months', '24'));
const out = path.resolve(flag('--out', 'history'));
if (!Number.isInteger(people) || people < 1 || !Number.isInteger(months) || months < 1) {
  console.error('usage: npm run history -- [--people N] [--months M] [--out DIR]');
  process.exit(2);
}
const t0 = performance.now();
await writeProvince({ people, months, out, parts: path.join(out, '.parts', `${months}m`) });
console.error(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
