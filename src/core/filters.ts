import type { DuckClient } from './db.ts';
import { quoteLiteral } from './db.ts';

/**
 * Global filters (issue 3): every panel counts the cadres of the `scoped` view, which is `cadres`
 * restricted by these filters. A dimension with no values does not filter. NONE stands for an
 * empty cell (no reserve status, unknown education …).
 */
export const NONE = '(none)';

export const CATEGORY_DIMS = [
  'region',
  'unit',
  'unit_type',
  'level',
  'rank',
  'gender',
  'ethnicity',
  'education',
  'party',
  'cohort',
  'reserve',
  'grassroots',
  'years_at_level',
  'age_band',
] as const;
export type CategoryDim = (typeof CATEGORY_DIMS)[number];
export type FilterDim = CategoryDim | 'age';

export interface Filters {
  /** Selected values per dimension (any of them matches). */
  values: Partial<Record<CategoryDim, string[]>>;
  /** Inclusive age range (周岁 at each snapshot's date). */
  age?: { min: number; max: number } | null;
}

export const NO_FILTERS: Filters = { values: {} };

/**
 * The SQL value of each dimension for one row of `cadres`. Category values are compared as text,
 * so a value from a bookmarked URL that is not in an ENUM simply matches nothing.
 */
export const DIM_SQL: Record<CategoryDim, string> = {
  region: 'region',
  unit: 'unit_id',
  unit_type: 'CAST(unit_type AS VARCHAR)',
  level: 'CAST(level AS VARCHAR)',
  rank: 'rank',
  gender: 'CAST(gender AS VARCHAR)',
  ethnicity: 'ethnicity',
  education: 'CAST(education_highest AS VARCHAR)',
  party: 'CAST(party AS VARCHAR)',
  cohort: 'cohort_of(birth_date)',
  reserve: 'CAST(reserve AS VARCHAR)',
  grassroots: 'grassroots_class(grassroots_years)',
  years_at_level: 'years_at_level_band(level_since, snapshot_date)',
  age_band: 'age_band_of(age_at(birth_date, snapshot_date))',
};

export function isEmpty(f: Filters): boolean {
  return !f.age && CATEGORY_DIMS.every((d) => !f.values[d]?.length);
}

/** The active dimensions, in a stable order. */
export function activeDims(f: Filters): FilterDim[] {
  const dims: FilterDim[] = CATEGORY_DIMS.filter((d) => f.values[d]?.length);
  if (f.age) dims.push('age');
  return dims;
}

function inList(expr: string, values: string[]): string {
  const real = values.filter((v) => v !== NONE);
  const parts: string[] = [];
  if (real.length) parts.push(`${expr} IN (${real.map(quoteLiteral).join(', ')})`);
  if (real.length < values.length) parts.push(`${expr} IS NULL`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/**
 * A WHERE condition over `cadres` for the filters, leaving out dimension `except` (the panel a
 * user acts on keeps its own context). Values go in as escaped literals; ages must be integers.
 */
export function filterPredicate(f: Filters, except?: FilterDim | null): string {
  const parts: string[] = [];
  for (const d of CATEGORY_DIMS) {
    const vs = f.values[d];
    if (d === except || !vs?.length) continue;
    parts.push(inList(DIM_SQL[d], vs));
  }
  if (f.age && except !== 'age') {
    const { min, max } = f.age;
    if (!Number.isInteger(min) || !Number.isInteger(max)) throw new Error('age range: integers');
    parts.push(`age_at(birth_date, snapshot_date) BETWEEN ${min} AND ${max}`);
  }
  return parts.length ? parts.join(' AND ') : 'true';
}

/** Points the `scoped` view, which every metric reads, at the filtered cadres. */
export async function applyFilters(
  db: DuckClient,
  f: Filters,
  except?: FilterDim | null,
): Promise<void> {
  const where = filterPredicate(f, except);
  await db.exec(
    where === 'true'
      ? 'CREATE OR REPLACE VIEW scoped AS SELECT * FROM cadres'
      : `CREATE OR REPLACE VIEW scoped AS SELECT * FROM cadres WHERE ${where}`,
  );
}

/** Filters as URL parameters (f.<dim>=a,b and age=min-max); never personal data. */
export function filtersToParams(f: Filters, params: URLSearchParams): void {
  for (const d of CATEGORY_DIMS) {
    const vs = f.values[d];
    if (vs?.length) params.set(`f.${d}`, vs.map(encodeValue).join(','));
  }
  if (f.age) params.set('age', `${f.age.min}-${f.age.max}`);
}

export function filtersFromParams(params: URLSearchParams): Filters {
  const values: Filters['values'] = {};
  for (const d of CATEGORY_DIMS) {
    const raw = params.get(`f.${d}`);
    if (raw) values[d] = raw.split(',').map(decodeValue);
  }
  const m = /^(\d{1,3})-(\d{1,3})$/.exec(params.get('age') ?? '');
  const age = m ? { min: Number(m[1]), max: Number(m[2]) } : null;
  return { values, age: age && age.min <= age.max ? age : null };
}

// Commas separate values in a parameter, so a comma inside a value is escaped.
const encodeValue = (v: string) => v.replaceAll('%', '%25').replaceAll(',', '%2C');
const decodeValue = (v: string) => v.replaceAll('%2C', ',').replaceAll('%25', '%');

export function withValue(f: Filters, dim: CategoryDim, values: string[]): Filters {
  const next = { ...f.values };
  if (values.length) next[dim] = values;
  else delete next[dim];
  return { values: next, age: f.age ?? null };
}

export function toggleValue(f: Filters, dim: CategoryDim, value: string): Filters {
  const cur = f.values[dim] ?? [];
  return withValue(f, dim, cur.includes(value) ? cur.filter((v) => v !== value) : [...cur, value]);
}
