import { quoteIdent, type DuckClient } from './db.ts';

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
  'education_fulltime',
  'party',
  'cohort',
  'reserve',
  'grassroots',
  'years_at_level',
] as const;
export type CategoryDim = (typeof CATEGORY_DIMS)[number];
export type FilterDim = CategoryDim | 'age';
/** The filters that choose units, not people: a team is judged on all its members within them. */
export const SCOPE_DIMS = ['region', 'unit', 'unit_type'] as const;

export interface Filters {
  /** Selected values per dimension (any of them matches). */
  values: Partial<Record<CategoryDim, string[]>>;
  /** Inclusive age range (周岁 at each snapshot's date). */
  age?: { min: number; max: number } | null;
}

export const NO_FILTERS: Filters = { values: {} };

/** The column each dimension is tested on, the same in `cadre_rows` and in the cube (no units). */
const DIM_COLUMN: Record<CategoryDim, string> = {
  region: 'region',
  unit: 'unit_id',
  unit_type: 'unit_type',
  level: 'level',
  rank: 'rank',
  gender: 'gender',
  ethnicity: 'ethnicity',
  education: 'education_highest',
  education_fulltime: 'education_fulltime',
  party: 'party',
  cohort: 'cohort',
  reserve: 'reserve',
  grassroots: 'grassroots',
  years_at_level: 'years_band',
};

/** The SQL value of each dimension in `cadre_rows`, for the lists of choices. */
export const DIM_SQL = Object.fromEntries(
  CATEGORY_DIMS.map((d) => [d, `CAST(${DIM_COLUMN[d]} AS VARCHAR)`]),
) as Record<CategoryDim, string>;

export function isEmpty(f: Filters): boolean {
  return !f.age && CATEGORY_DIMS.every((d) => !f.values[d]?.length);
}

/** The active dimensions, in a stable order. */
export function activeDims(f: Filters): FilterDim[] {
  const dims: FilterDim[] = CATEGORY_DIMS.filter((d) => f.values[d]?.length);
  if (f.age) dims.push('age');
  return dims;
}

// Values travel joined by the unit separator, which no roster cell contains.
const SEP = '\u001f';
const listParam = (d: CategoryDim) => `string_split($${CATEGORY_DIMS.indexOf(d) + 1}, chr(31))`;
const WRITE_STATE =
  'UPDATE filter_state SET ' +
  CATEGORY_DIMS.map((d) => `${d} = ${listParam(d)}`).join(', ') +
  `, age_min = $${CATEGORY_DIMS.length + 1}::INTEGER, age_max = $${CATEGORY_DIMS.length + 2}::INTEGER` +
  `, cohort_decades = cohort_decades(${listParam('cohort')})` +
  `, years_floors = years_band_floors(${listParam('years_at_level')})`;

/**
 * The test of a dimension on the rows of `cadre_rows` where it differs from the cube's: the rows
 * have no stored cohort or years-at-level label, and deriving one per row costs several times
 * more than testing the date it comes from (queries/macros.sql).
 */
const ROW_TEST: Partial<Record<CategoryDim, string>> = {
  cohort:
    'in_cohorts((SELECT cohort FROM filter_state), (SELECT cohort_decades FROM filter_state), ' +
    'birth_date)',
  years_at_level:
    'in_years_bands((SELECT years_at_level FROM filter_state), ' +
    '(SELECT years_floors FROM filter_state), level_since, snapshot_date)',
};

/**
 * For each database whose cube is stored (src/core/cube.ts; `scoped` a table refilled when the
 * filters change): the columns of metric_cube.
 */
export const materialized = new WeakMap<DuckClient, string[]>();

/** What applyFilters last wrote into filter_state, per database (stores of derived rows key on it). */
const written = new WeakMap<DuckClient, string>();
export const filterStateKey = (db: DuckClient): string => written.get(db) ?? '';

/**
 * With the cube stored: the filters the views were last made for, and those scoped_table was
 * last filled for, so the same filters again cost nothing. Forgotten when the cube is stored or
 * dropped (src/core/cube.ts).
 */
const viewsFor = new WeakMap<DuckClient, string>();
const tableFor = new WeakMap<DuckClient, string>();
/** What the view `scoped` selects from now, when the stored cube set it (pointScoped). */
const scopedReads = new WeakMap<DuckClient, string>();
/**
 * Tests the age filter at `asOf` on the rows of the snapshot in force there (the report CLI's
 * --as-of after its snapshot, where the report counts ages at --as-of); null: at each snapshot's
 * own date. The filters are applied afresh after it.
 */
export async function setAgeReference(db: DuckClient, asOf: string | null): Promise<void> {
  await db.query(
    'UPDATE filter_state SET age_on = $1::DATE, age_on_snapshot = snapshot_for($1::DATE)',
    [asOf],
  );
  written.delete(db);
  forgetApplied(db);
}

export function forgetApplied(db: DuckClient): void {
  viewsFor.delete(db);
  tableFor.delete(db);
  scopedReads.delete(db);
}

async function pointScoped(db: DuckClient, source: string): Promise<void> {
  if (scopedReads.get(db) === source) return;
  scopedReads.delete(db);
  await db.exec(`CREATE OR REPLACE VIEW scoped AS ${source}`);
  scopedReads.set(db, source);
}

/**
 * For a session that never filters (the report and trend CLIs without --filter): every row is in
 * scope, so the rows of a history are read without the columns the filter test needs. The page,
 * whose filters change, keeps the general view.
 */
export async function unfilteredSession(db: DuckClient): Promise<void> {
  await applyFilters(db, NO_FILTERS);
  await db.exec('CREATE OR REPLACE VIEW cadre_rows_scoped AS SELECT * FROM cadre_rows_unfiltered');
  unfiltered.add(db);
}

/** The databases whose cadre_rows_scoped is cadre_rows_unfiltered (until a filter is set). */
const unfiltered = new WeakSet<DuckClient>();

/** The filters filter_state holds: what the views and the stored cube were last narrowed by. */
export async function storedFilters(db: DuckClient): Promise<Filters> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT ${CATEGORY_DIMS.join(', ')}, age_min, age_max FROM filter_state`,
  );
  const values: Filters['values'] = {};
  for (const d of CATEGORY_DIMS) {
    const v = row[d];
    if (Array.isArray(v) && v.length) values[d] = v.map(String);
  }
  const age =
    row.age_min != null && row.age_max != null
      ? { min: Number(row.age_min), max: Number(row.age_max) }
      : null;
  return { values, age };
}

/**
 * Writes the filters into filter_state, which every metric reads (queries/macros.sql), leaving
 * out dimension `except` (the panel a user acts on keeps its own context). With the cube stored,
 * redefines the views scoped_rows and scoped_regions to test only the dimensions set (the CASE of
 * each unset one, on every row or cell, cost more than the rest) and, unless `refill` is false,
 * refills the filtered cube the same way: from metric_cube when it has their columns, else from
 * the cube (then summed into metric_cube's shape), or from the rows of a chosen unit. With
 * `refill` 'context' (filters read once, for a chart's context), scoped_context is filled and
 * `scoped` reads it: scoped_table keeps the filters in force, and applying them again points
 * `scoped` back at it instead of refilling it.
 */
export async function applyFilters(
  db: DuckClient,
  f: Filters,
  except?: FilterDim | null,
  refill: boolean | 'context' = true,
): Promise<void> {
  const age = except !== 'age' ? f.age : null;
  if (age && (!Number.isInteger(age.min) || !Number.isInteger(age.max)))
    throw new Error('age range: whole years');
  const lists = CATEGORY_DIMS.map((d) => {
    const vs = d === except ? [] : (f.values[d] ?? []);
    return vs.length ? vs.map((v) => v.replaceAll(SEP, '')).join(SEP) : null;
  });
  const state = [...lists, age?.min ?? null, age?.max ?? null];
  const key = JSON.stringify(state);
  const metricColumns = materialized.get(db);
  // Nothing filtered: `scoped` reads metric_cube_table itself instead of a copy of it.
  const whole = !age && lists.every((l) => l === null);
  const stored = `SELECT * FROM ${whole ? 'metric_cube_table' : 'scoped_table'}`;
  const tableReady = tableFor.get(db) === key;
  if (metricColumns && viewsFor.get(db) === key) {
    if (!refill) return;
    if (refill === true && tableReady) return pointScoped(db, stored);
  }
  await db.query(WRITE_STATE, state);
  written.set(db, key);
  if (!whole && unfiltered.has(db)) {
    await db.exec('CREATE OR REPLACE VIEW cadre_rows_scoped AS SELECT * FROM cadre_rows_filtered');
    unfiltered.delete(db);
  }
  if (!metricColumns) return;
  // The same tests twice: with the values as parameters for the refill, and reading them from
  // filter_state for the views (a view has no parameters). Replacing a view costs no re-planning
  // of the statements that read it (measured).
  const terms: string[] = [];
  const viewTerms: string[] = [];
  const rowTerms: string[] = [];
  const params: unknown[] = [];
  let onCube = false;
  CATEGORY_DIMS.forEach((d, i) => {
    if (lists[i] === null) return;
    const viewTerm = `in_filter((SELECT ${d} FROM filter_state), ${DIM_COLUMN[d]})`;
    rowTerms.push(ROW_TEST[d] ?? viewTerm);
    if (d === 'unit') return;
    params.push(lists[i]);
    terms.push(`in_filter(string_split($${params.length}, chr(31)), ${DIM_COLUMN[d]})`);
    viewTerms.push(viewTerm);
    if (!metricColumns.includes(DIM_COLUMN[d])) onCube = true;
  });
  if (age) {
    params.push(age.min, age.max);
    const range = (birth: string, min: string, max: string) =>
      `age_at(${birth}, age_on_date((SELECT age_on FROM filter_state), ` +
      `(SELECT age_on_snapshot FROM filter_state), snapshot_date)) BETWEEN ${min} AND ${max}`;
    terms.push(
      range('birth_month', `$${params.length - 1}::INTEGER`, `$${params.length}::INTEGER`),
    );
    const bounds = ['(SELECT age_min FROM filter_state)', '(SELECT age_max FROM filter_state)'];
    viewTerms.push(range('birth_month', bounds[0], bounds[1]));
    // age_at counts whole months, so the birth date tests as its month without deriving it.
    rowTerms.push(range('birth_date', bounds[0], bounds[1]));
  }
  const byUnit = lists[CATEGORY_DIMS.indexOf('unit')] !== null;
  const where = (ts: string[]) => (ts.length ? ` WHERE ${ts.join(' AND ')}` : '');
  viewsFor.delete(db);
  await db.exec(
    `CREATE OR REPLACE VIEW scoped_rows AS SELECT * FROM cadre_rows${where(rowTerms)};\n` +
      'CREATE OR REPLACE VIEW scoped_regions AS ' +
      (byUnit
        ? 'SELECT * FROM scoped_regions_live'
        : `SELECT * FROM cube_table${where(viewTerms)}`),
  );
  viewsFor.set(db, key);
  if (!refill) return;
  const context = refill === 'context';
  if (whole || (!context && tableReady)) {
    if (!context) tableFor.set(db, key);
    return pointScoped(db, stored);
  }
  const table = context ? 'scoped_context' : 'scoped_table';
  if (!context) tableFor.delete(db);
  await pointScoped(db, `SELECT * FROM ${table}`);
  await db.query(`DELETE FROM ${table}`);
  const keys = metricColumns.filter((c) => c !== 'n').map(quoteIdent);
  if (byUnit) await db.query(`INSERT INTO ${table} BY NAME SELECT * FROM scoped_live`);
  else
    await db.query(
      onCube
        ? `INSERT INTO ${table} BY NAME SELECT ${keys.join(', ')}, sum(n)::INTEGER AS n ` +
            `FROM cube_table${where(terms)} GROUP BY ALL`
        : `INSERT INTO ${table} BY NAME SELECT * FROM metric_cube_table${where(terms)}`,
      params,
    );
  if (!context) tableFor.set(db, key);
}

/** Filters as URL parameters (f.<dim>=a,b and age=min-max); never personal data. */
export function filtersToParams(f: Filters, params: URLSearchParams): void {
  for (const d of CATEGORY_DIMS) {
    const vs = f.values[d];
    if (vs?.length) params.set(`f.${d}`, vs.map(encodeValue).join(','));
  }
  if (f.age) params.set('age', `${f.age.min}-${f.age.max}`);
}

/** Limits on filters read from a URL: anything beyond them is ignored, not cut short. */
export const URL_LIMITS = { values: 2000, valueChars: 200 };

/**
 * Filters from URL parameters. A parameter that is not valid (an unknown dimension, too many or
 * too long values, control characters, an age range outside 0–150) is left out and its name
 * added to `ignored`; other parameters are not looked at.
 */
export function filtersFromParams(params: URLSearchParams, ignored: string[] = []): Filters {
  const values: Filters['values'] = {};
  const dims = new Set<string>(CATEGORY_DIMS);
  for (const key of new Set(params.keys())) {
    if (key.startsWith('f.') && !dims.has(key.slice(2))) ignored.push(key);
  }
  for (const d of CATEGORY_DIMS) {
    const raw = params.get(`f.${d}`);
    if (raw === null) continue;
    const vs = raw.length <= URL_LIMITS.values * (URL_LIMITS.valueChars + 1) ? raw.split(',') : [];
    const list = vs.map(decodeValue).filter((v) => v !== '');
    const ok =
      list.length > 0 &&
      list.length <= URL_LIMITS.values &&
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
      list.every((v) => v.length <= URL_LIMITS.valueChars && !/[\u0000-\u001f\u007f]/.test(v));
    if (ok) values[d] = [...new Set(list)];
    else ignored.push(`f.${d}`);
  }
  const rawAge = params.get('age');
  const m = /^(\d{1,3})-(\d{1,3})$/.exec(rawAge ?? '');
  const age = m ? { min: Number(m[1]), max: Number(m[2]) } : null;
  const validAge = age && age.min <= age.max && age.max <= 150 ? age : null;
  if (rawAge !== null && !validAge) ignored.push('age');
  return { values, age: validAge };
}

// Commas separate values in a parameter, so a comma inside a value is escaped.
const encodeValue = (v: string) => v.replaceAll('%', '%25').replaceAll(',', '%2C');
const decodeValue = (v: string) => v.replaceAll('%2C', ',').replaceAll('%25', '%');

/** A part of a chart or table: these values (and age range) within the global filters. */
export interface Segment {
  values?: Filters['values'];
  age?: Filters['age'];
}

/**
 * The filters that the people of a part of a chart pass: the global filters without `leaveOut`
 * (the dimension a chart is drawn without, to keep its context), narrowed by the part's own
 * values and age range. Null when nobody can pass them (a value outside the chosen ones, age
 * ranges that do not meet).
 */
export function narrowFilters(
  f: Filters,
  segment: Segment = {},
  leaveOut: FilterDim | null = null,
): Filters | null {
  const values: Filters['values'] = {};
  for (const d of CATEGORY_DIMS) if (d !== leaveOut && f.values[d]?.length) values[d] = f.values[d];
  for (const [d, vs] of Object.entries(segment.values ?? {}) as [CategoryDim, string[]][]) {
    const cur = values[d];
    const both = cur ? vs.filter((v) => cur.includes(v)) : vs;
    if (both.length === 0) return null;
    values[d] = both;
  }
  let age = leaveOut === 'age' ? null : (f.age ?? null);
  if (segment.age) {
    age = age
      ? { min: Math.max(age.min, segment.age.min), max: Math.min(age.max, segment.age.max) }
      : segment.age;
    if (age.min > age.max) return null;
  }
  return { values, age };
}

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

export interface FilterOption {
  value: string;
  /** What to show: the unit's name for units, else the value itself. */
  label: string;
  /** The unit's region (units only), to list the units of a county under it. */
  region: string | null;
  n: number;
}

/** Natural order of the ordered vocabularies; other dimensions list the largest groups first. */
export const ORDERS: Partial<Record<CategoryDim, string[]>> = {
  unit_type: ['市直', '县市区', '乡镇街道'],
  level: [
    '厅局级正职',
    '厅局级副职',
    '县处级正职',
    '县处级副职',
    '乡科级正职',
    '乡科级副职',
    '科员',
    '办事员',
  ],
  rank: [
    '一级巡视员',
    '二级巡视员',
    '一级调研员',
    '二级调研员',
    '三级调研员',
    '四级调研员',
    '一级主任科员',
    '二级主任科员',
    '三级主任科员',
    '四级主任科员',
    '一级科员',
    '二级科员',
  ],
  gender: ['男', '女'],
  education: ['研究生', '大学本科', '大学专科', '中专及以下', '未知'],
  education_fulltime: ['研究生', '大学本科', '大学专科', '中专及以下', '未知'],
  party: ['中共党员', '非中共党员'],
  cohort: ['40后', '50后', '60后', '70后', '80后', '90后', '00后'],
  reserve: ['处级后备', '科级后备'],
  grassroots: ['≥2年', '<2年'],
  years_at_level: ['<1年', '1–3年', '3–5年', '5–10年', '≥10年'],
};

/**
 * The values of `f` that the data at the reference date does not have (a link made on another
 * roster, a date before a unit existed), per dimension: such a value selects nobody.
 */
export function valuesMissing(
  f: Filters,
  options: Record<CategoryDim, FilterOption[]>,
): { dim: CategoryDim; values: string[] }[] {
  return CATEGORY_DIMS.flatMap((dim) => {
    const values = (f.values[dim] ?? []).filter((v) => !options[dim].some((o) => o.value === v));
    return values.length ? [{ dim, values }] : [];
  });
}

/**
 * The values each dimension takes at the snapshot in force at `asOf`, over all cadres (the
 * filters do not hide their own choices), with counts. The SQL is built from DIM_SQL only.
 */
export async function filterOptions(
  db: DuckClient,
  asOf: string,
): Promise<Record<CategoryDim, FilterOption[]>> {
  const parts = CATEGORY_DIMS.map(
    (d) =>
      `SELECT '${d}' AS dim, ${DIM_SQL[d]} AS value, ` +
      (d === 'unit' ? 'any_value(unit_name)' : 'NULL') +
      ` AS label, ${d === 'unit' ? 'any_value(region)' : 'NULL'} AS region, ` +
      `count(*)::INTEGER AS n FROM cur GROUP BY value`,
  );
  const rows = await db.query<
    { dim: CategoryDim; value: string | null } & Omit<FilterOption, 'value'>
  >(
    `WITH cur AS (SELECT * FROM cadre_rows WHERE snapshot_date = snapshot_for($1::DATE))\n` +
      parts.join('\nUNION ALL\n'),
    [asOf],
  );
  const out = Object.fromEntries(CATEGORY_DIMS.map((d) => [d, [] as FilterOption[]])) as Record<
    CategoryDim,
    FilterOption[]
  >;
  for (const r of rows) {
    const value = r.value ?? NONE;
    out[r.dim].push({ value, label: r.label ?? value, region: r.region, n: r.n });
  }
  for (const d of CATEGORY_DIMS) {
    const order = ORDERS[d];
    const rank = (v: string) => (v === NONE ? 1e9 : order ? order.indexOf(v) + 1 || 1e8 : 0);
    out[d].sort(
      (a, b) =>
        rank(a.value) - rank(b.value) || b.n - a.n || a.label.localeCompare(b.label, 'zh-CN'),
    );
  }
  return out;
}

/**
 * How many cadres at `asOf` take each value of `dim` under every other filter: the counts a
 * filter menu shows. The filters are written back as they were (the filtered cube, which this
 * does not read, is left as it is).
 */
export async function facetCounts(
  db: DuckClient,
  asOf: string,
  f: Filters,
  dim: CategoryDim,
): Promise<Map<string, number>> {
  await applyFilters(db, f, dim, false);
  try {
    const rows = await db.query<{ value: string | null; n: number }>(
      `SELECT ${DIM_SQL[dim]} AS value, count(*)::INTEGER AS n FROM scoped_rows
       WHERE snapshot_date = snapshot_for($1::DATE) GROUP BY value`,
      [asOf],
    );
    return new Map(rows.map((r) => [r.value ?? NONE, r.n]));
  } finally {
    await applyFilters(db, f, null, false);
  }
}
