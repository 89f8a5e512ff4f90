/**
 * npm run history -- [--people 1000000] [--months 24] [--out DIR]: a deterministic history of a
 * generated province (src/core/demo/province.ts), one Parquet file per month. The monthly
 * rosters as an HR system would export them go to DIR/raw/cadres-YYYY-MM.parquet; each is then
 * normalised once (`npm run normalise`) into DIR/cadres-YYYY-MM.parquet with its load report, for
 * `npm run report -- --engine native DIR` and `npm run trend -- --engine native DIR`. Not
 * committed: about 25 MB per million people and month, twice. City files are kept in
 * DIR/.parts for the next run.
 */
import path from 'node:path';
import { normaliseFiles } from './normalise.ts';
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
const raw = await writeProvince({
  people,
  months,
  out: path.join(out, 'raw'),
  parts: path.join(out, '.parts', `${months}m`),
});
const t1 = performance.now();
await normaliseFiles(raw.files, out);
console.error(
  `normalised in ${((performance.now() - t1) / 1000).toFixed(0)} s; ` +
    `done in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
);
