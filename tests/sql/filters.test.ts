import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropCube, materializeCube } from '../../src/core/cube.ts';
import { computePanels } from '../../src/core/panels.ts';
import type { DuckClient } from '../../src/core/db.ts';
import {
  applyFilters,
  facetCounts,
  filtersFromParams,
  filtersToParams,
  NO_FILTERS,
  NONE,
  storedFilters,
  type FilterDim,
  type Filters,
} from '../../src/core/filters.ts';
import {
  ageStructure,
  kpis,
  people,
  ratioMetrics,
  ratioTrend,
  unitPage,
  unitProfile,
  UNIT_PAGE,
  type AgeStructure,
  type UnitPageOptions,
} from '../../src/core/report.ts';
import { csv, freshDb, loadCsv, sql } from './helpers.ts';

/*
 * Six cadres in two units at R = 2024-12-31 (age = 2024 − birth year). Unit B's region has an
 * apostrophe, so its filter only works if the literal is escaped.
 * id  unit gender birth   age level      level_since months ethnicity grassroots reserve  education
 * A1  A    男     1990-03 34  乡科级正职 2024-03      9      汉族      3          处级后备 大学
 * A2  A    女     1986-05 38  乡科级副职 2022-12      24     壮族      1          科级后备 研究生
 * A3  A    男     1975-01 49  县处级副职 2019-12      60     汉族      —          —        大专
 * B1  B    女     1980-12 44  乡科级正职 2021-12      36     瑶族      2          处级后备 大学本科
 * B2  B    男     1965-06 59  乡科级正职 2010-01      179    汉族      5          —        中专
 * B3  B    女     1996-02 28  科员       —            —      —         0.5        科级后备 大学
 */
const R = '2024-12-31';
const A = { unit_id: 'A', unit_name: '示例市审计局', unit_type: '市直', region: '北区' };
const B = { unit_id: 'B', unit_name: '东坪镇', unit_type: '乡镇', region: "O'Hare区" };
const rows = [
  ['A1', A, '男', '1990-03', '乡科级正职', '2024-03', '汉族', 3, '处级后备', '大学'],
  ['A2', A, '女', '1986-05', '乡科级副职', '2022-12', '壮族', 1, '科级后备', '研究生'],
  ['A3', A, '男', '1975-01', '县处级副职', '2019-12', '汉族', null, null, '大专'],
  ['B1', B, '女', '1980-12', '乡科级正职', '2021-12', '瑶族', 2, '处级后备', '大学本科'],
  ['B2', B, '男', '1965-06', '乡科级正职', '2010-01', '汉族', 5, null, '中专'],
  ['B3', B, '女', '1996-02', '科员', null, null, 0.5, '科级后备', '大学'],
].map(([id, unit, gender, birth, level, since, eth, grass, reserve, edu]) => ({
  snapshot_date: R,
  person_id: id as string,
  name: `测试${id}`,
  ...(unit as typeof A),
  gender: gender as string,
  birth_date: birth as string,
  level: level as string,
  level_since: since as string | null,
  ethnicity: eth as string | null,
  grassroots_years: grass as number | null,
  reserve: reserve as string | null,
  education_highest: edu as string,
  rank: id === 'A1' ? '一级主任科员' : null,
  // The roster says nobody is a team member (else A3 would be A's team: its highest tier).
  is_team_member: '否',
}));

let db: DuckClient;
let s: AgeStructure;

beforeAll(async () => {
  db = await freshDb();
  const load = await loadCsv(db, 'six.csv', csv(rows));
  expect(load.rows.loaded).toBe(6);
  s = await ageStructure(db, sql, R);
});
afterAll(() => db.close());

const grid = (section: string) =>
  Object.fromEntries(s.grids[section].map((c) => [`${c.key}|${c.key2}`, c.n]));

describe('structure sections', () => {
  it('pyramid: gender × single year of age', () => {
    expect(grid('pyramid')).toEqual({
      '男|34': 1,
      '男|49': 1,
      '男|59': 1,
      '女|28': 1,
      '女|38': 1,
      '女|44': 1,
    });
  });

  it('age band × level', () => {
    expect(grid('band_level')).toEqual({
      '35岁及以下|乡科级正职': 1,
      '35岁及以下|科员': 1,
      '36-40岁|乡科级副职': 1,
      '41-45岁|乡科级正职': 1,
      '46-50岁|县处级副职': 1,
      '56岁及以上|乡科级正职': 1,
    });
  });

  it('years at the current level: lower bounds inclusive (36 months is 3–5, 60 is 5–10)', () => {
    expect(s.sections.years_at_level).toEqual({
      '<1年': 1,
      '1–3年': 1,
      '3–5年': 1,
      '5–10年': 1,
      '≥10年': 1,
      未知: 1,
    });
  });

  it('grassroots experience: two years is enough', () => {
    expect(s.sections.grassroots).toEqual({ '≥2年': 3, '<2年': 2, 未知: 1 });
  });

  it('reserve pool by cohort, gender, education and young shares', () => {
    expect(grid('reserve_cohort')).toEqual({
      '处级后备|80后': 1,
      '处级后备|90后': 1,
      '科级后备|80后': 1,
      '科级后备|90后': 1,
    });
    expect(grid('reserve_gender')).toEqual({
      '处级后备|男': 1,
      '处级后备|女': 1,
      '科级后备|女': 2,
    });
    expect(grid('reserve_education')).toEqual({
      '处级后备|大学本科': 2,
      '科级后备|研究生': 1,
      '科级后备|大学本科': 1,
    });
    expect(grid('reserve_young')).toEqual({
      'all|n': 4,
      'all|age_le_40': 3,
      'all|born_1980': 4,
      'all|born_1985': 3,
      '处级后备|n': 2,
      '处级后备|age_le_40': 1,
      '处级后备|born_1980': 2,
      '处级后备|born_1985': 1,
      '科级后备|n': 2,
      '科级后备|age_le_40': 2,
      '科级后备|born_1980': 2,
      '科级后备|born_1985': 2,
    });
  });
});

describe('unit profile', () => {
  it('one row per unit with shares and its own checks', async () => {
    const u = await unitProfile(db, sql, R);
    expect(u).toHaveLength(2);
    const [a, b] = [u.find((x) => x.unit_id === 'A')!, u.find((x) => x.unit_id === 'B')!];
    expect(a).toMatchObject({ n: 3, born_1980: 2, born_1985: 2, women: 1, minorities: 1 });
    expect(a.mean_age).toBeCloseTo((34 + 38 + 49) / 3, 12);
    // Y3: 市直 正科 ≤ 35 → A1 → 1/1 met; Y5: 市直 副科 ≤ 30 → A2 (38) → 0/1, short by 1.
    expect(a.checks).toEqual([
      { id: 'Y3', numerator: 1, denominator: 1, gap: 0 },
      { id: 'Y5', numerator: 0, denominator: 1, gap: 1 },
    ]);
    expect(a.failing).toBe(1);
    // B: 1980-12 is 80后 but not 85后; B3 has no ethnicity and is not counted as a minority.
    expect(b).toMatchObject({ n: 3, born_1980: 2, born_1985: 1, women: 2, minorities: 1 });
    expect(b.checks).toEqual([{ id: 'Y4', numerator: 0, denominator: 2, gap: 1 }]);
  });

  it('a page: searched, sorted and cut in SQL, and following the filters', async () => {
    const page = (o: Partial<UnitPageOptions>) => unitPage(db, sql, R, { ...UNIT_PAGE, ...o });
    const ids = async (o: Partial<UnitPageOptions>) => (await page(o)).rows.map((r) => r.unit_id);
    // Women 2/3 in B, 1/3 in A; mean age A 40.3, B 43.7; 东 (U+4E1C) sorts before 示 (U+793A).
    expect(await ids({ sort: 'womenShare', descending: true })).toEqual(['B', 'A']);
    expect(await ids({ sort: 'mean_age', descending: false })).toEqual(['A', 'B']);
    const first = await page({ sort: 'unit_name', descending: false, limit: 1 });
    expect(first.rows.map((r) => r.unit_id)).toEqual(['B']);
    expect([first.matched, first.units, first.failing]).toEqual([2, 2, 2]);
    const found = await page({ search: " O'Hare " });
    expect([found.rows.map((r) => r.unit_id), found.matched, found.units]).toEqual([['B'], 1, 2]);
    expect((await page({ search: '没有' })).matched).toBe(0);
    // Men only: A keeps Y3 (A1, 1/1 met) and loses Y5 (A2), so only B falls short (Y4 0/1).
    await applyFilters(db, { values: { gender: ['男'] } });
    try {
      const men = await page({ onlyFailing: true });
      expect(men.rows.map((r) => [r.unit_id, r.n, r.failing])).toEqual([['B', 1, 1]]);
      expect([men.matched, men.units, men.failing]).toEqual([1, 2, 1]);
    } finally {
      await applyFilters(db, NO_FILTERS);
    }
    expect((await page({ onlyFailing: true })).matched).toBe(2);
  });
});

// Both ways the filters reach the metrics: the live views (the CLI) and the stored cube the page
// refills on every change (src/core/filters.ts), which tests only the dimensions set.
describe.each(['live views', 'stored cube'])('global filters (%s)', (mode) => {
  beforeAll(async () => {
    if (mode === 'stored cube') await materializeCube(db);
  });
  afterAll(async () => {
    await dropCube(db);
  });
  const count = async (f: Filters, except?: FilterDim) => {
    await applyFilters(db, f, except);
    const n = (await ageStructure(db, sql, R)).headcount;
    await applyFilters(db, NO_FILTERS);
    return n;
  };
  const v = (values: Filters['values']): Filters => ({ values });

  it('each dimension narrows the headcount to the rows worked out by hand', async () => {
    expect(await count(v({ gender: ['女'] }))).toBe(3);
    expect(await count(v({ region: ["O'Hare区"] }))).toBe(3);
    expect(await count(v({ unit: ['A'] }))).toBe(3);
    expect(await count(v({ unit_type: ['乡镇街道'] }))).toBe(3);
    expect(await count(v({ level: ['乡科级正职'] }))).toBe(3);
    expect(await count(v({ rank: ['一级主任科员'] }))).toBe(1);
    expect(await count(v({ ethnicity: ['壮族', '瑶族'] }))).toBe(2);
    expect(await count(v({ education: ['研究生'] }))).toBe(1);
    expect(await count(v({ party: [NONE] }))).toBe(6);
    expect(await count(v({ cohort: ['80后'] }))).toBe(2);
    expect(await count(v({ reserve: [NONE] }))).toBe(2);
    expect(await count(v({ reserve: ['处级后备', NONE] }))).toBe(4);
    expect(await count(v({ grassroots: ['≥2年'] }))).toBe(3);
    expect(await count(v({ years_at_level: ['≥10年'] }))).toBe(1);
    expect(await count({ values: {}, age: { min: 30, max: 44 } })).toBe(3);
    expect(await count(v({ gender: ['女'], region: ['北区'] }))).toBe(1);
  });

  it('storing the cube keeps the filters in force', async () => {
    await dropCube(db);
    await applyFilters(db, { values: { gender: ['女'] }, age: { min: 30, max: 44 } });
    await materializeCube(db);
    expect(await storedFilters(db)).toEqual({
      values: { gender: ['女'] },
      age: { min: 30, max: 44 },
    });
    // A2 (38) and B1 (44), from the stored cube and from the rows.
    expect((await ageStructure(db, sql, R)).headcount).toBe(2);
    expect((await people(db, sql, { asOf: R })).map((p) => p.person_id).sort()).toEqual([
      'A2',
      'B1',
    ]);
    await applyFilters(db, NO_FILTERS);
    if (mode === 'live views') await dropCube(db);
  });

  // The rows test cohorts, bands and ages on their dates (numbers), the cube on its labels: the
  // people lists and the counts must name the same cadres, at each band's lower bound too.
  it('people lists and counts agree on every cohort, years band and age bound', async () => {
    const who = async (f: Filters) => {
      await applyFilters(db, f);
      const ids = (await people(db, sql, { asOf: R })).map((p) => p.person_id).sort();
      await applyFilters(db, NO_FILTERS);
      expect(await count(f)).toBe(ids.length);
      return ids;
    };
    const bands: [string, string[]][] = [
      ['<1年', ['A1']],
      ['1–3年', ['A2']],
      ['3–5年', ['B1']], // exactly 36 months
      ['5–10年', ['A3']], // exactly 60 months
      ['≥10年', ['B2']],
      [NONE, ['B3']],
    ];
    for (const [band, ids] of bands) expect(await who(v({ years_at_level: [band] }))).toEqual(ids);
    expect(await who(v({ years_at_level: ['<1年', '≥10年'] }))).toEqual(['A1', 'B2']);
    expect(await who(v({ cohort: ['80后'] }))).toEqual(['A2', 'B1']);
    expect(await who(v({ cohort: ['90后', '60后'] }))).toEqual(['A1', 'B2', 'B3']);
    expect(await who(v({ cohort: [NONE] }))).toEqual([]);
    // B1 turns 44 in R's own month (1980-12 → 2024-12): counted at 44, so in 38–44, not in 45+.
    expect(await who({ values: {}, age: { min: 38, max: 44 } })).toEqual(['A2', 'B1']);
    expect(await who({ values: {}, age: { min: 45, max: 150 } })).toEqual(['A3', 'B2']);
  });

  it('the page’s panels: each chart acted on keeps its context, the rest count the filters', async () => {
    // Women aged 30–44: A2 (38), B1 (44). The age bands leave the age filter out, so they count
    // B3 (28) too; the cohorts, with no cohort filter set, count the same two.
    const f: Filters = { values: { gender: ['女'] }, age: { min: 30, max: 44 } };
    const { structure, report } = await computePanels(db, sql, {
      asOf: R,
      baseline: R,
      filters: f,
    });
    const total = (x: Record<string, number> = {}) => Object.values(x).reduce((a, b) => a + b, 0);
    expect(structure.headcount).toBe(2);
    expect(total(structure.sections.band)).toBe(3);
    expect(total(structure.sections.cohort)).toBe(2);
    expect(report.metrics.find((m) => m.id === 'Y4')?.denominator).toBe(1);
    // What follows (people lists, the unit panels) reads the filters in force, not a context.
    expect((await ageStructure(db, sql, R)).headcount).toBe(2);
    expect((await people(db, sql, { asOf: R })).map((p) => p.person_id).sort()).toEqual([
      'A2',
      'B1',
    ]);
    await applyFilters(db, NO_FILTERS);
    expect((await ageStructure(db, sql, R)).headcount).toBe(6);
  });

  it('a value outside a vocabulary matches nothing instead of failing', async () => {
    expect(await count(v({ level: ['正科'] }))).toBe(0);
    expect(await count(v({ gender: ["x' OR 1=1 --"] }))).toBe(0);
  });

  it('the panel acted on keeps its context: its own dimension is left out', async () => {
    const f: Filters = { values: { gender: ['女'] }, age: { min: 30, max: 44 } };
    expect(await count(f)).toBe(2);
    expect(await count(f, 'age')).toBe(3);
    expect(await count(f, 'gender')).toBe(3);
  });

  it('metrics, people and trend read the filtered cadres', async () => {
    await applyFilters(db, v({ gender: ['女'] }));
    const rows = await ratioMetrics(db, sql, R);
    const y4 = rows.find((m) => m.metric_id === 'Y4')!;
    expect([y4.numerator, y4.denominator]).toEqual([0, 1]);
    // Per county: Y4's only woman (B1) is in O'Hare区.
    const y4r = rows.filter((m) => m.metric_id === 'Y4' && m.scope === 'region');
    expect(y4r.map((m) => [m.region, m.numerator, m.denominator])).toEqual([["O'Hare区", 0, 1]]);
    const list = await people(db, sql, { asOf: R });
    expect(list.map((p) => p.person_id).sort()).toEqual(['A2', 'B1', 'B3']);
    const t = (await ratioTrend(db, sql)).find((p) => p.metric_id === 'Y4')!;
    expect(t.denominator).toBe(1);
    await applyFilters(db, NO_FILTERS);
    const all = (await ratioMetrics(db, sql, R)).find((m) => m.metric_id === 'Y4')!;
    expect(all.denominator).toBe(2);
  });

  it('KPIs keep all five rows when the filters leave a share without members', async () => {
    await applyFilters(db, v({ level: ['科员'] }));
    const k = await kpis(db, sql, R);
    await applyFilters(db, NO_FILTERS);
    expect(k.map((x) => [x.kpi, x.current])).toEqual([
      ['headcount', 1],
      ['mean_age', 28],
      ['median_age', 28],
      ['Y7', null],
      ['Y8', null],
    ]);
  });

  it('a menu counts each value under the other filters, and leaves the filters as they were', async () => {
    // Women aged 30–44: A2 (38, 乡科级副职), B1 (44, 乡科级正职); B3 is 28. Men in 30–44: A1 (34).
    const f: Filters = {
      values: { gender: ['女'], level: ['乡科级正职'] },
      age: { min: 30, max: 44 },
    };
    const levels = await facetCounts(db, R, f, 'level');
    expect(Object.fromEntries(levels)).toEqual({ 乡科级正职: 1, 乡科级副职: 1 });
    const genders = await facetCounts(db, R, f, 'gender');
    expect(Object.fromEntries(genders)).toEqual({ 男: 1, 女: 1 });
    // The filters written back: B1 only.
    expect(await count(f)).toBe(1);
    await applyFilters(db, NO_FILTERS);
  });

  it('round-trips through URL parameters, commas included', () => {
    const f: Filters = {
      values: { region: ['北区', 'a,b'], reserve: [NONE], cohort: ['80后'] },
      age: { min: 30, max: 40 },
    };
    const params = new URLSearchParams();
    filtersToParams(f, params);
    const back = filtersFromParams(new URLSearchParams(params.toString()));
    expect(back).toEqual(f);
    expect(filtersFromParams(new URLSearchParams('age=50-40')).age).toBeNull();
  });
});
