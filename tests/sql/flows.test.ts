import { describe, expect, it } from 'vitest';
import { materializeCube } from '../../src/core/cube.ts';
import type { DuckClient } from '../../src/core/db.ts';
import { applyFilters, NO_FILTERS, NONE } from '../../src/core/filters.ts';
import {
  calendarWindows,
  compareSnapshots,
  flowPeople,
  flowsReport,
  projectRules,
  ratioChanges,
  retirementPipeline,
} from '../../src/core/flows.ts';
import { DEFAULT_RULE_SET, withRule, type RatioRule } from '../../src/core/policy/index.ts';
import { writeRuleTables } from '../../src/core/policy/tables.ts';
import { ratioMetrics } from '../../src/core/report.ts';
import { csv, freshDb, loadCsv, sql } from './helpers.ts';

/*
 * Flows on small rosters worked out by hand: retirement months at the edges of DOMAIN.md §5,
 * the two-snapshot comparison, a ratio's change split into its causes, and projections.
 */
type P = Record<string, string | number | null>;

async function open(rows: P[], rules = DEFAULT_RULE_SET): Promise<DuckClient> {
  const db = await freshDb(rules);
  const report = await loadCsv(db, 'fixture.csv', csv(rows));
  expect(report.rows.rejected).toBe(0);
  await materializeCube(db);
  await applyFilters(db, NO_FILTERS);
  return db;
}

const U1 = {
  unit_id: 'U1',
  unit_name: '示例市发展和改革委员会',
  unit_type: '市直',
  region: '市本级',
};
const U2 = { unit_id: 'U2', unit_name: '示例市财政局', unit_type: '市直', region: '市本级' };
const T1 = { unit_id: 'T1', unit_name: '青石县城关镇', unit_type: '乡镇街道', region: '青石县' };

describe('retirement pipeline', () => {
  /*
   * R = 2024-06-30 (months counted from 2024-06). Statutory month = birth month + base age +
   * delay; the delay for base 60 counts from 1965-01 (+1, +1 more every 4 months, at most 36),
   * for base 55 from 1970-01. A roster's 到龄年月 is preferred; with no gender there is no month,
   * but x1 is past both a man's (2020-01) and a woman's (2015-01): due whatever the gender.
   */
  const R = '2024-06-30';
  const p = (
    person_id: string,
    gender: string | null,
    level: string,
    birth: string,
    x: P = {},
  ) => ({
    snapshot_date: R,
    person_id,
    name: person_id,
    gender,
    level,
    birth_date: birth,
    ...U1,
    ...x,
  });
  const rows = [
    p('m1', '男', '乡科级正职', '1964-12'), // 60 → 2024-12 (6 months: within 12)
    p('m2', '男', '乡科级正职', '1965-01'), // 60 + 1 month → 2025-02 (8)
    p('m3', '男', '科员', '1965-04'), // + 1 (3 months after 1965-01 // 4 = 0) → 2025-05 (11)
    p('m4', '男', '科员', '1965-05'), // + 2 → 2025-07 (13: within 36)
    p('m5', '男', '县处级副职', '1976-08'), // + 1 + 139 // 4 = 35 → 2039-07
    p('m6', '男', '县处级副职', '1976-09'), // + 36 → 2039-09 (the full 63)
    p('m7', '男', '县处级正职', '1977-01'), // 1 + 144 // 4 = 37, capped at 36 → 2040-01
    p('w1', '女', '乡科级副职', '1969-12'), // 55 → 2024-12 (6)
    p('w2', '女', '乡科级副职', '1970-01'), // 55 + 1 → 2025-02 (8)
    p('w3', '女', '县处级副职', '1965-01'), // women at 县处级: base 60 → 2025-02 (8)
    p('w4', '女', '科员', '1969-05'), // 2024-05: due already (−1)
    p('x1', null, '科员', '1960-01'), // no gender: no month, but due
    // 到龄年月 2026-01 (19) instead of the statutory 2029-01 (1968-03 + 60 y + 10 months).
    p('m8', '男', '县处级正职', '1968-03', { retirement_date: '2026.01' }),
    // Reserves: one 处级后备 (for 县处级 posts), two 科级后备 (for 乡科级 posts).
    p('r1', '男', '科员', '1995-01', { reserve: '科级后备' }),
    p('r2', '男', '乡科级正职', '1985-01', { reserve: '正处级后备' }),
    p('r3', '男', '乡科级副职', '1990-01', { reserve: '副科级后备' }),
  ];

  it('gives each cadre the month of DOMAIN.md §5, or the roster’s 到龄年月', async () => {
    const db = await open(rows);
    const months = await db.query<{ id: string; m: string | null; basis: string | null }>(
      `SELECT person_id AS id, strftime(leave_month, '%Y-%m') AS m, leave_basis AS basis
       FROM retirement_rows($1::DATE, $1::DATE) WHERE person_id NOT LIKE 'r%' ORDER BY id`,
      [R],
    );
    expect(Object.fromEntries(months.map((r) => [r.id, r.m]))).toEqual({
      m1: '2024-12',
      m2: '2025-02',
      m3: '2025-05',
      m4: '2025-07',
      m5: '2039-07',
      m6: '2039-09',
      m7: '2040-01',
      m8: '2026-01',
      w1: '2024-12',
      w2: '2025-02',
      w3: '2025-02',
      w4: '2024-05',
      x1: null,
    });
    expect(months.find((r) => r.id === 'm8')!.basis).toBe('roster');
    expect(months.find((r) => r.id === 'm1')!.basis).toBe('statutory');
    await db.close();
  });

  it('counts who is due and who falls due within 12, 36 and 60 months, against reserves', async () => {
    const db = await open(rows);
    const all = await retirementPipeline(db, sql, R);
    const city = (level: string | null) =>
      all.find((r) => r.scope === 'city' && (level === null ? r.allLevels : r.level === level))!;
    // Due: w4, and x1 (no gender, past both months). Within 12: m1 m2 m3 w1 w2 w3. Within 36
    // adds m4 (13) and m8 (19).
    expect(city(null)).toMatchObject({
      headcount: 16,
      due: 2,
      within12: 6,
      within36: 8,
      within60: 8,
      unknown: 0,
      reserves: 3,
    });
    // In 2024: m1 and w1 (2024-12), and w4 (2024-05, due); none in June or July. x1's year
    // depends on the gender: in no calendar window.
    expect((await flowsReport(db, sql, { asOf: R })).retirements).toEqual({
      due: 2,
      within12: 6,
      within36: 8,
      within60: 8,
      thisMonth: 0,
      nextMonth: 0,
      thisYear: 3,
      unknown: 0,
    });
    expect(city('县处级副职')).toMatchObject({ headcount: 3, within12: 1, reserves: 1 });
    expect(city('乡科级副职')).toMatchObject({ headcount: 3, within12: 2, reserves: 2 });
    expect(city('科员')).toMatchObject({
      headcount: 5,
      due: 2,
      within12: 1,
      within36: 2,
      unknown: 0,
      reserves: 0,
    });
    // The report's per-level rows, against the reserves of the type that prepares for the level:
    // 县处级副职 m5, m6 and w3 (2025-02, within 12), one 处级后备 (r2).
    const byLevel = (await flowsReport(db, sql, { asOf: R })).retirementsByLevel;
    expect(byLevel.find((r) => r.level === '县处级副职')).toEqual({
      level: '县处级副职',
      headcount: 3,
      due: 0,
      within12: 1,
      within36: 1,
      within60: 1,
      reserveType: '处级后备',
      reserves: 1,
    });
    expect(byLevel.map((r) => r.level)).toEqual([
      '县处级正职',
      '县处级副职',
      '乡科级正职',
      '乡科级副职',
      '科员',
    ]);
    const unit = all.find((r) => r.scope === 'unit' && r.unitId === 'U1' && r.allLevels)!;
    expect(unit).toMatchObject({ unitName: U1.unit_name, within12: 6 });
    const people = await flowPeople(db, sql, { kind: 'retirement', asOf: R, window: 'within12' });
    expect(people.map((x) => x.person_id)).toEqual(['m1', 'w1', 'm2', 'w2', 'w3', 'm3']);
    expect(people[0]).toMatchObject({ note: '2024-12', leave_basis: 'statutory' });
    await db.close();
  });

  /*
   * A cadre with no 职务层次 is a group of his own (level NULL) beside the row that sums every
   * level, never mistaken for it. Due: a2 (55 → 2024-03, −3). Within 12: a1 (60 → 2024-08, 2).
   * Within 36 adds a3 (县处级 woman, base 60, 1966-01 is 12 months after 1965-01: +1 + 3 →
   * 2026-05, 23). Within 60 adds a4 (1968-01, 36 months after: +1 + 9 → 2028-11, 53).
   * n1 (man, 1980-03, no level) leaves at 63 (the full delay) → 2043-03: in none of them.
   * n2 (woman, 1969-01, no level: base 55, born before 1970-01) → 2024-01: due (−5).
   */
  const noLevel = [
    p('a1', '男', '乡科级正职', '1964-08'),
    p('a2', '女', '科员', '1969-03'),
    p('a3', '女', '县处级副职', '1966-01'),
    p('a4', '男', '乡科级副职', '1968-01'),
    p('a5', '男', '科员', '1990-05', { reserve: '科级后备' }),
  ];
  const n1 = p('n1', '男', '', '1980-03', { ...T1 });
  const n2 = p('n2', '女', '', '1969-01', { ...T1 });
  const TOTALS = {
    due: 1,
    within12: 1,
    within36: 2,
    within60: 3,
    thisMonth: 0,
    nextMonth: 0,
    thisYear: 2, // a1, a2
    unknown: 0,
  };

  it('keeps the totals when a cadre with no level is added, and shows him as no level', async () => {
    const db0 = await open(noLevel);
    expect((await flowsReport(db0, sql, { asOf: R })).retirements).toEqual(TOTALS);
    const before = await retirementPipeline(db0, sql, R);
    expect(before.filter((r) => r.scope === 'city' && r.level === null)).toHaveLength(1);
    await db0.close();

    const db = await open([...noLevel, n1]);
    const months = await db.query<{ id: string; m: string }>(
      `SELECT person_id AS id, strftime(leave_month, '%Y-%m') AS m
       FROM retirement_rows($1::DATE, $1::DATE) ORDER BY id`,
      [R],
    );
    expect(Object.fromEntries(months.map((r) => [r.id, r.m]))).toEqual({
      a1: '2024-08',
      a2: '2024-03',
      a3: '2026-05',
      a4: '2028-11',
      a5: '2053-05',
      n1: '2043-03',
    });
    expect((await flowsReport(db, sql, { asOf: R })).retirements).toEqual(TOTALS);
    const all = await retirementPipeline(db, sql, R);
    const city = all.filter((r) => r.scope === 'city');
    // One all-levels row, then the four levels, then no level.
    expect(city.map((r) => [r.allLevels, r.level])).toEqual([
      [true, null],
      [false, '县处级副职'],
      [false, '乡科级正职'],
      [false, '乡科级副职'],
      [false, '科员'],
      [false, null],
    ]);
    expect(city[0]).toMatchObject({ headcount: 6, ...TOTALS, reserves: 1 });
    // n1 is in the no-level group, but due in none of the windows; no reserve type prepares for it.
    expect(city[5]).toMatchObject({
      headcount: 1,
      due: 0,
      within12: 0,
      within36: 0,
      within60: 0,
      unknown: 0,
      reserves: 0,
      reserveType: null,
    });
    // Each unit and each region once on its all-levels row.
    for (const scope of ['region', 'unit'] as const) {
      const rows = all.filter((r) => r.scope === scope && r.allLevels);
      expect(rows.map((r) => r.region)).toEqual(['市本级', '青石县']);
      expect(rows.map((r) => r.headcount)).toEqual([5, 1]);
    }
    const t1 = all.filter((r) => r.scope === 'unit' && r.unitId === 'T1');
    expect(t1.map((r) => [r.allLevels, r.level, r.headcount])).toEqual([
      [true, null, 1],
      [false, null, 1],
    ]);
    await db.close();
  });

  it('counts a due cadre with no level in the totals and in the no-level group', async () => {
    const db = await open([...noLevel, n1, n2]);
    expect((await flowsReport(db, sql, { asOf: R })).retirements).toEqual({
      ...TOTALS,
      due: 2,
      thisYear: 3,
    });
    const city = (await retirementPipeline(db, sql, R)).filter((r) => r.scope === 'city');
    expect(city.find((r) => r.allLevels)).toMatchObject({ headcount: 7, due: 2 });
    expect(city.find((r) => !r.allLevels && r.level === null)).toMatchObject({
      headcount: 2,
      due: 1,
      within60: 0,
    });
    const due = (level?: string | null) =>
      flowPeople(db, sql, { kind: 'retirement', asOf: R, window: 'due', level });
    expect((await due(null)).map((x) => x.person_id)).toEqual(['n2', 'a2']);
    expect((await due(NONE)).map((x) => x.person_id)).toEqual(['n2']);
    expect((await due('科员')).map((x) => x.person_id)).toEqual(['a2']);
    await db.close();
  });

  /*
   * A blank 性别 at R = 2024-06-30. y1 (乡科级, 1960-01) is past both a man's month (60: 2020-01)
   * and a woman's (55: 2015-01): due, though in no calendar window. y2 (科员, 1968-03) would be
   * due as a woman (55, born before 1970-01: 2023-03) and not as a man (60 + 1 + 38 // 4 = 10
   * months: 2029-01): unknown. So is y3 (乡科级正职, 1964-09: 2019-09 or 2024-09), though he is
   * gone by 2024-09 either way. y4 (县处级正职, 1966-03) leaves in 2026-07 as a man or a woman
   * (base 60, +1 + 14 // 4 = 4 months): 25 months, within 36.
   */
  it('counts a cadre with no gender past both genders’ months as due, and no other', async () => {
    const db = await open([
      p('y1', null, '乡科级正职', '1960-01'),
      p('y2', null, '科员', '1968-03'),
      p('y3', null, '乡科级正职', '1964-09'),
      p('y4', null, '县处级正职', '1966-03'),
    ]);
    expect((await flowsReport(db, sql, { asOf: R })).retirements).toEqual({
      due: 1,
      within12: 0,
      within36: 1,
      within60: 1,
      thisMonth: 0,
      nextMonth: 0,
      thisYear: 0,
      unknown: 2,
    });
    const people = (window: 'due' | 'unknown' | 'within36') =>
      flowPeople(db, sql, { kind: 'retirement', asOf: R, window }).then((x) =>
        x.map((r) => [r.person_id, r.note, (r as { leave_basis?: string }).leave_basis]),
      );
    expect(await people('due')).toEqual([['y1', '2020-01', 'no_gender']]);
    // Each with its months as a woman and as a man, one of them already past.
    expect(await people('unknown')).toEqual([
      ['y3', '2019-09、2024-09', 'no_gender_range'],
      ['y2', '2023-03、2029-01', 'no_gender_range'],
    ]);
    expect(await people('within36')).toEqual([['y4', '2026-07', 'statutory']]);
    // Elsewhere (team warnings, Y10's target posts, projections, 两期对比) the month is the one by
    // which the cadre has left whatever the gender: y3 has by 2024-09.
    const months = await db.query<{ id: string; m: string }>(
      `SELECT person_id AS id, strftime(exit_month(birth_month, gender, level, rank,
         retirement_date), '%Y-%m') AS m FROM cadre_rows ORDER BY id`,
    );
    expect(months.map((r) => [r.id, r.m])).toEqual([
      ['y1', '2020-01'],
      ['y2', '2029-01'],
      ['y3', '2024-09'],
      ['y4', '2026-07'],
    ]);
    await db.close();
  });

  it('counts a cadre with no gender in a window that holds both genders’ months', async () => {
    // Women at 县处级 without the delay (a local rule): a 县处级正职 born 1966-03 leaves in
    // 2026-03 as a woman, 2026-07 as a man (+4): 21 and 25 months after R, both within 36.
    // One born 1967-03 leaves in 2027-03 or 2027-10 (+7): 33 and 40 months, on either side of
    // 36 (unknown), both within 60.
    const db = await open([
      p('z1', null, '县处级正职', '1966-03'),
      p('z2', null, '县处级正职', '1967-03'),
    ]);
    await writeRuleTables(db, {
      ...DEFAULT_RULE_SET,
      retirement: { ...DEFAULT_RULE_SET.retirement, womenCountyDelayed: false },
    });
    expect((await flowsReport(db, sql, { asOf: R })).retirements).toEqual({
      due: 0,
      within12: 0,
      within36: 1,
      within60: 2,
      thisMonth: 0,
      nextMonth: 0,
      thisYear: 0,
      unknown: 1,
    });
    const people = (window: 'unknown' | 'within36' | 'within60') =>
      flowPeople(db, sql, { kind: 'retirement', asOf: R, window }).then((x) =>
        x.map((r) => [r.person_id, r.note, (r as { leave_basis?: string }).leave_basis]),
      );
    expect(await people('within36')).toEqual([['z1', '2026-03、2026-07', 'no_gender_range']]);
    expect(await people('within60')).toEqual([
      ['z1', '2026-03、2026-07', 'no_gender_range'],
      ['z2', '2027-03、2027-10', 'no_gender_range'],
    ]);
    expect(await people('unknown')).toEqual([['z2', '2027-03、2027-10', 'no_gender_range']]);
    await db.close();
  });

  /*
   * The 到龄 board (DOMAIN.md §8: 本月 / 下月 / 本年度) at R2 = 2024-12-31, whose next month is in
   * the next year. k1 (man, 1964-12) and k5 (woman 科员, 1969-12) reach 60 / 55 in 2024-12: this
   * month, and due. No statutory month falls in 2025-01 (births of 1965-01 and 1970-01 get +1),
   * so k2 has a 到龄年月 of 2025.01: next month. k3 (woman, 1969-03) was due in 2024-03: this
   * year. k4 (1963-05) was due in 2023: due, not this year. k6 is far off.
   * 市本级: k1 k2 k4 k6; 青石县: k3 k5.
   */
  it('counts the board’s month, next month and calendar year, city-wide and by county', async () => {
    const R2 = '2024-12-31';
    const at = { snapshot_date: R2 };
    const db = await open([
      p('k1', '男', '乡科级正职', '1964-12', at),
      p('k2', '男', '乡科级副职', '1970-05', { ...at, retirement_date: '2025.01' }),
      p('k3', '女', '科员', '1969-03', { ...at, ...T1 }),
      p('k4', '男', '科员', '1963-05', at),
      p('k5', '女', '科员', '1969-12', { ...at, ...T1 }),
      p('k6', '男', '县处级副职', '1970-01', at),
    ]);
    expect(calendarWindows(R2)).toEqual({ month: '2024-12', next: '2025-01', year: '2024' });
    expect((await flowsReport(db, sql, { asOf: R2 })).retirements).toMatchObject({
      due: 4,
      within12: 1,
      thisMonth: 2,
      nextMonth: 1,
      thisYear: 3,
    });
    const all = await retirementPipeline(db, sql, R2);
    const board = all.filter((r) => r.allLevels && r.scope === 'region');
    expect(board.map((r) => [r.region, r.thisMonth, r.nextMonth, r.thisYear])).toEqual([
      ['市本级', 1, 1, 1],
      ['青石县', 1, 0, 2],
    ]);
    const people = (window: 'thisMonth' | 'nextMonth' | 'thisYear', region?: string) =>
      flowPeople(db, sql, { kind: 'retirement', asOf: R2, window, region }).then((x) =>
        x.map((r) => r.person_id),
      );
    expect(await people('thisYear')).toEqual(['k3', 'k1', 'k5']);
    expect(await people('thisMonth', '青石县')).toEqual(['k5']);
    expect(await people('nextMonth')).toEqual(['k2']);
    await db.close();
  });

  it('counts 试用期满 by month and year from 任现职务层次时间, for the posts the rule names', async () => {
    // R = 2024-12-31, probation 12 months from the month of the promotion to the level; none for
    // a township's secretary or head (elected) or a team's 正职 (named by the 人大常委会).
    const R2 = '2024-12-31';
    const at = (since: string | null, x: P = {}) => ({
      snapshot_date: R2,
      ...(since ? { level_since: since } : {}),
      ...x,
    });
    const rows = [
      p('q1', '男', '乡科级副职', '1990-01', at('2023-12-15')), // ends 2024-12: this month
      p('q2', '男', '乡科级正职', '1985-01', at('2024-01-05')), // ends 2025-01: next month
      p('q3', '女', '县处级副职', '1980-01', at('2023-03-01', T1)), // 2024-03: this year, 青石县
      p('q4', '男', '科员', '1995-01', at('2023-12-01')), // not a leading level
      p('q5', '男', '乡科级副职', '1990-01', at('2025-02-01')), // after R: not counted
      p('q6', '男', '乡科级副职', '1990-01', at(null)), // no date: not counted
      p('q7', '男', '乡科级副职', '1990-01', at('2022-12-01')), // ended 2023-12
      p('q8', '男', '乡科级副职', '1990-01', at('2023-11-30')), // 2024-11: this year
      // Would end this month, but elected: a township's secretary, and a department's head.
      p(
        'q9',
        '男',
        '乡科级正职',
        '1985-01',
        at('2023-12-10', { ...T1, post_title: '城关镇党委书记' }),
      ),
      p('q10', '男', '县处级正职', '1975-01', {
        ...at('2023-12-01'),
        post_title: '局长',
        is_team_member: '是',
        is_principal: '是',
      }),
    ];
    const db = await open(rows);
    // q6 has a probation and no date: in no window, counted as unknown.
    expect((await flowsReport(db, sql, { asOf: R2 })).probation).toEqual({
      months: 12,
      thisMonth: 1,
      nextMonth: 1,
      thisYear: 3,
      unknown: 1,
    });
    const board = (await retirementPipeline(db, sql, R2)).filter(
      (r) => r.allLevels && r.scope !== 'unit',
    );
    expect(
      board.map((r) => [r.region, r.probationThisMonth, r.probationNextMonth, r.probationThisYear]),
    ).toEqual([
      [null, 1, 1, 3],
      ['市本级', 1, 1, 2],
      ['青石县', 0, 0, 1],
    ]);
    const people = (
      window: 'probationThisMonth' | 'probationNextMonth' | 'probationThisYear',
      region?: string,
    ) => flowPeople(db, sql, { kind: 'retirement', asOf: R2, window, region });
    const year = await people('probationThisYear');
    expect(year.map((r) => [r.person_id, r.note])).toEqual([
      ['q3', '2024-03'],
      ['q8', '2024-11'],
      ['q1', '2024-12'],
    ]);
    expect((await people('probationNextMonth')).map((r) => r.person_id)).toEqual(['q2']);
    expect((await people('probationThisYear', '青石县')).map((r) => r.person_id)).toEqual(['q3']);
    const unknown = await flowPeople(db, sql, {
      kind: 'retirement',
      asOf: R2,
      window: 'probationUnknown',
    });
    expect(unknown.map((r) => [r.person_id, r.note])).toEqual([['q6', null]]);
    await db.close();

    // Six months, for 乡科级副职 and 科员 only: q1 (2024-06), q4 (2024-06) and q8 (2024-05) end
    // in 2024; q2 (正职) and q3 (县处级副职) are at levels it no longer names.
    const six = { ...DEFAULT_RULE_SET, probation: { months: 6, levels: ['乡科级副职', '科员'] } };
    const db6 = await open(rows, six);
    expect((await flowsReport(db6, sql, { asOf: R2 })).probation).toEqual({
      months: 6,
      thisMonth: 0,
      nextMonth: 0,
      thisYear: 3,
      unknown: 1,
    });
    await db6.close();
    // No exceptions: q9 and q10 end this month too.
    const all = {
      ...DEFAULT_RULE_SET,
      probation: {
        ...DEFAULT_RULE_SET.probation!,
        exceptPostClasses: [],
        exceptTeamPrincipals: false,
      },
    };
    const dbAll = await open(rows, all);
    expect((await flowsReport(dbAll, sql, { asOf: R2 })).probation).toMatchObject({
      thisMonth: 3,
      thisYear: 5,
    });
    await dbAll.close();
  });

  it('lets a local exit age per level bring the month forward, never after retirement', async () => {
    const rules = {
      ...DEFAULT_RULE_SET,
      retirement: { ...DEFAULT_RULE_SET.retirement, exitAges: { 县处级正职: 58 } },
    };
    const db = await open(rows, rules);
    const months = await db.query<{ id: string; m: string; basis: string }>(
      `SELECT person_id AS id, strftime(leave_month, '%Y-%m') AS m, leave_basis AS basis
       FROM retirement_rows($1::DATE, $1::DATE) WHERE person_id IN ('m7', 'm8', 'm5') ORDER BY id`,
      [R],
    );
    // An earlier exit (DOMAIN.md §5): 58 comes before m7's statutory month, so he leaves at 58;
    // m8's 到龄年月 (2026-01) comes before his 58th birthday month (2026-03), so he retires then.
    // 县处级副职 keeps its own month.
    expect(months).toEqual([
      { id: 'm5', m: '2039-07', basis: 'statutory' },
      { id: 'm7', m: '2035-01', basis: 'exit_age' },
      { id: 'm8', m: '2026-01', basis: 'roster' },
    ]);
    await db.close();
  });
});

describe('two-snapshot comparison', () => {
  const A = '2024-11-30';
  const B = '2024-12-31';
  const row = (snapshot: string, id: string, unit: P, level: string, birth: string, x: P = {}) => ({
    snapshot_date: snapshot,
    person_id: id,
    name: id,
    gender: '男',
    level,
    birth_date: birth,
    ...unit,
    ...x,
  });
  const rows = [
    row(A, 'p1', U1, '乡科级正职', '1980-05'),
    row(A, 'p2', U1, '乡科级正职', '1964-11'), // leaves; 60 in 2024-11: retired
    row(A, 'p3', T1, '科员', '1995-01', { gender: '女' }), // leaves, young: not retired
    row(A, 'p5', U1, '乡科级正职', '1982-03'),
    row(A, 'p6', U1, '乡科级副职', '1988-07'),
    row(A, 'p7', T1, '乡科级副职', '1986-02'),
    row(A, 'p8', U2, '科员', '1996-01'),
    row(A, 'p9', U2, '乡科级副职', '1985-01', { reserve: '科级后备' }),
    row(B, 'p1', U1, '乡科级正职', '1980-05'),
    row(B, 'p4', T1, '科员', '2000-09'), // entered
    row(B, 'p5', U1, '县处级副职', '1982-03'), // promoted
    row(B, 'p6', U2, '乡科级副职', '1988-07'), // moved U1 → U2
    row(B, 'p7', U2, '乡科级正职', '1986-02'), // promoted and moved 青石县 → 市本级
    row(B, 'p8', U2, '科员', '1996-01', { reserve: '科级后备' }), // became a reserve
    row(B, 'p9', U2, '乡科级副职', '1985-01'), // no longer a reserve
  ];

  it('counts who entered, left, retired, was promoted, moved and became a reserve', async () => {
    const db = await open(rows);
    const c = (await compareSnapshots(db, sql, A, B))!;
    expect([c.from, c.to]).toEqual([A, B]);
    const LABELS = ['scope', 'region', 'unitId', 'unitName'];
    const counts = (r: object) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => !LABELS.includes(k)));
    expect(counts(c.city)).toEqual({
      before: 8,
      after: 7,
      entered: 1,
      left: 2,
      retired: 1,
      promoted: 2,
      moved: 2,
      movedIn: 2,
      movedOut: 2,
      reserveOn: 1,
      reserveOff: 1,
    });
    const region = (r: string) => counts(c.regions.find((x) => x.region === r)!);
    // p6 moved within 市本级 (one 调动 of it, neither in nor out of it); p7 moved in from 青石县.
    expect(region('市本级')).toEqual({
      before: 6,
      after: 6,
      entered: 0,
      left: 1,
      retired: 1,
      promoted: 2,
      moved: 2,
      movedIn: 1,
      movedOut: 0,
      reserveOn: 1,
      reserveOff: 1,
    });
    expect(region('青石县')).toMatchObject({ before: 2, after: 1, entered: 1, left: 1, moved: 1 });
    const unit = (u: string) => counts(c.units.find((x) => x.unitId === u)!);
    expect(unit('U1')).toMatchObject({ before: 4, after: 2, left: 1, promoted: 1, movedOut: 1 });
    expect(unit('U2')).toMatchObject({ before: 2, after: 4, movedIn: 2, promoted: 1, moved: 2 });
    const promoted = await flowPeople(db, sql, {
      kind: 'compare',
      from: A,
      to: B,
      event: 'promoted',
    });
    expect(promoted.map((x) => [x.person_id, x.note]).sort()).toEqual([
      ['p5', '乡科级正职 → 县处级副职'],
      ['p7', '乡科级副职 → 乡科级正职'],
    ]);
    const retired = await flowPeople(db, sql, {
      kind: 'compare',
      from: A,
      to: B,
      event: 'retired',
    });
    expect(retired.map((x) => [x.person_id, x.unit_name, x.note])).toEqual([
      ['p2', U1.unit_name, '2024-11'],
    ]);
    // The list behind 市本级's 调入 1: p7 from 青石县, not p6 who moved inside 市本级.
    const movedIn = await flowPeople(db, sql, {
      kind: 'compare',
      from: A,
      to: B,
      event: 'moved_in',
      region: '市本级',
    });
    expect(movedIn.map((x) => x.person_id)).toEqual(['p7']);
    await db.close();
  });

  it('counts no move for the people of a unit renamed between the months', async () => {
    // January: U1 (p1, p5) is written 示例市农业农村局 under a new id, U1b; U1 is gone. Both of
    // its people are there: a rename, no move. p6 alone goes from U2, which stays, to U3, new:
    // a move. p8 and p9 stay in U2.
    const C = '2025-01-31';
    const U1b = { ...U1, unit_id: 'U1b', unit_name: '示例市农业农村局' };
    const U3 = { unit_id: 'U3', unit_name: '示例市数据局', unit_type: '市直', region: '市本级' };
    const dec = rows.filter((r) => r.snapshot_date === B);
    const jan = dec.map((r) => ({
      ...r,
      snapshot_date: C,
      ...((r as P).unit_id === 'U1' ? U1b : r.person_id === 'p6' ? U3 : {}),
    }));
    const db = await open([...dec, ...jan]);
    const c = (await compareSnapshots(db, sql, B, C))!;
    expect(c.city).toMatchObject({ before: 7, after: 7, moved: 1, movedIn: 1, movedOut: 1 });
    const moved = await flowPeople(db, sql, { kind: 'compare', from: B, to: C, event: 'moved_in' });
    expect(moved.map((x) => x.person_id)).toEqual(['p6']);
    // One of U1's two people renamed with it and the other elsewhere is no rename: both moved.
    const split = dec.map((r) => ({
      ...r,
      snapshot_date: C,
      ...(r.person_id === 'p1' ? U1b : r.person_id === 'p5' ? U3 : {}),
    }));
    const db2 = await open([...dec, ...split]);
    expect((await compareSnapshots(db2, sql, B, C))!.city).toMatchObject({ moved: 2 });
    // U1 of five, three of whom leave the roster, the other two in U1b: no more than half of the
    // unit went there, so a unit closed and two people moved, not a rename.
    const more = ['p10', 'p11', 'p12'].map((id) => row(B, id, U1, '科员', '1990-01'));
    const db3 = await open([...dec, ...more, ...jan]);
    expect((await compareSnapshots(db3, sql, B, C))!.city).toMatchObject({ left: 3, moved: 3 });
    await db.close();
    await db2.close();
    await db3.close();
  });

  it('counts no reserve change against a month whose roster names no reserve', async () => {
    // December names two reserves (p8 and, here, p1); January's export lacks the 后备干部 column:
    // the same people, nobody left the reserve (before the fix: reserveOff 2). One reserve
    // leaving with none left (p9, November → December) is still counted, as above.
    const [D, J] = ['2025-12-31', '2026-01-31'];
    const dec = rows
      .filter((r) => r.snapshot_date === B)
      .map((r) => ({
        ...r,
        snapshot_date: D,
        reserve: r.person_id === 'p1' ? '科级后备' : ((r as P).reserve ?? null),
      }));
    const jan = dec.map((r) => ({ ...r, snapshot_date: J, reserve: null }));
    const db = await open([...dec, ...jan]);
    const c = (await compareSnapshots(db, sql, D, J))!;
    expect(c.city).toMatchObject({ before: 7, after: 7, reserveOn: 0, reserveOff: 0 });
    const off = await flowPeople(db, sql, {
      kind: 'compare',
      from: D,
      to: J,
      event: 'reserve_off',
    });
    expect(off).toEqual([]);
    await db.close();
  });

  it('counts each event where its side passes the filters', async () => {
    const db = await open(rows);
    await applyFilters(db, { values: { region: ['青石县'] } });
    const c = (await compareSnapshots(db, sql, A, B))!;
    // p3 left and p7 moved out of 青石县 (its promotion shows at 市本级); p4 entered.
    expect(c.city).toMatchObject({
      before: 2,
      after: 1,
      entered: 1,
      left: 1,
      retired: 0,
      promoted: 0,
      moved: 1,
      movedIn: 0,
      movedOut: 1,
    });
    const moved = await flowPeople(db, sql, {
      kind: 'compare',
      from: A,
      to: B,
      event: 'moved_out',
    });
    expect(moved.map((x) => [x.person_id, x.note])).toEqual([
      ['p7', `${T1.unit_name} → ${U2.unit_name}`],
    ]);
    await db.close();
  });
});

describe('a ratio’s change split into causes', () => {
  /*
   * Y7 (县处级 aged ≤ 40, ≥ 1/6) from 2023-12-31 to 2024-12-31.
   * Before: q1 (40, young), q2 (33), q3 (53), q4 (48), q5 (35), q9 (45) → 3/6 = 0.5.
   * After: q1 is 41 (aged out), q2 34, q3 54, q7 32 (entered), q8 38 (promoted from 乡科级正职)
   * → 3/5 = 0.6. q4 and q5 left; q9 was promoted to 厅局级副职, out of the population.
   * Causes (d_num, d_den) and their shares (d_num − 0.5 × d_den) / 5:
   * entered (+1, +1) 0.1; left (−1, −2) 0; promoted (+1, 0) 0.2; aged out (−1, 0) −0.2.
   */
  const A = '2023-12-31';
  const B = '2024-12-31';
  const q = (snapshot: string, id: string, level: string, birth: string) => ({
    snapshot_date: snapshot,
    person_id: id,
    name: id,
    gender: '男',
    level,
    birth_date: birth,
    ...U1,
  });
  const rows = [
    q(A, 'q1', '县处级副职', '1983-06'),
    q(A, 'q2', '县处级副职', '1990-01'),
    q(A, 'q3', '县处级正职', '1970-01'),
    q(A, 'q4', '县处级副职', '1975-01'),
    q(A, 'q5', '县处级副职', '1988-01'),
    q(A, 'q9', '县处级副职', '1978-04'),
    q(A, 'q8', '乡科级正职', '1986-05'),
    q(B, 'q1', '县处级副职', '1983-06'),
    q(B, 'q2', '县处级副职', '1990-01'),
    q(B, 'q3', '县处级正职', '1970-01'),
    q(B, 'q7', '县处级副职', '1992-03'),
    q(B, 'q8', '县处级副职', '1986-05'),
    q(B, 'q9', '厅局级副职', '1978-04'),
  ];

  it('gives each cause its share of the change, adding up to the change', async () => {
    const db = await open(rows);
    const all = await ratioChanges(db, sql, A, B);
    const y7 = all.find((r) => r.id === 'Y7')!;
    expect(y7.before).toEqual({ numerator: 3, denominator: 6, value: 0.5, met: true });
    expect(y7.after).toEqual({ numerator: 3, denominator: 5, value: 0.6, met: true });
    const byCause = Object.fromEntries(
      y7.causes.map((c) => [c.cause, [c.dNum, c.dDen, c.people, +c.contribution!.toFixed(10)]]),
    );
    expect(byCause).toEqual({
      entered: [1, 1, 1, 0.1],
      left: [-1, -2, 2, 0],
      promoted: [1, 0, 2, 0.2],
      moved: [0, 0, 0, 0],
      aged_out: [-1, 0, 1, -0.2],
      other: [0, 0, 0, 0],
    });
    // For every rule the shares add up to the change of its value.
    for (const r of all)
      if (r.change !== null)
        expect(r.causes.reduce((s, c) => s + c.contribution!, 0)).toBeCloseTo(r.change, 12);
    const aged = await flowPeople(db, sql, {
      kind: 'cause',
      from: A,
      to: B,
      metricId: 'Y7',
      cause: 'aged_out',
    });
    expect(aged.map((x) => [x.person_id, x.note])).toEqual([['q1', '40 → 41']]);
    const side = async (cause: 'young_a' | 'in_b') =>
      (await flowPeople(db, sql, { kind: 'cause', from: A, to: B, metricId: 'Y7', cause }))
        .map((x) => x.person_id)
        .sort();
    expect(await side('young_a')).toEqual(['q1', 'q2', 'q5']);
    expect(await side('in_b')).toEqual(['q1', 'q2', 'q3', 'q7', 'q8']);
    await db.close();
  });
});

describe('projection', () => {
  /*
   * R = 2024-06-30. Y7 (县处级 ≤ 40, ≥ 1/6): y1 is 39 and five members are 50–54 (none retires
   * before 2031). Met now and next year (1/6), not once y1 is 41 in 2026: only ageing, the
   * denominator stays 6. J1 (township secretaries born ≥ 1980, > 1/3): s1 born 1985; s2 (born
   * 1964-08) retires 2024-08, s3 (1965-09: 60 + 3 months) 2025-12, s4 stays → 1/4, then 1/3
   * (not more than a third), then 1/2 from 2026: J1 rises because older secretaries retire.
   */
  const R = '2024-06-30';
  const town = (id: string, title: string, birth: string) => ({
    snapshot_date: R,
    person_id: id,
    name: id,
    gender: '男',
    level: '乡科级正职',
    birth_date: birth,
    unit_id: `T-${id}`,
    unit_name: title.replace(/党(工)?委书记$/, ''),
    unit_type: '乡镇街道',
    region: '青石县',
    post_title: title,
  });
  const county = (id: string, birth: string, level = '县处级副职') => ({
    snapshot_date: R,
    person_id: id,
    name: id,
    gender: '男',
    level,
    birth_date: birth,
    ...U1,
  });
  const rows = [
    county('y1', '1985-01'),
    ...[1970, 1971, 1972, 1973, 1974].map((y, i) => county(`y${i + 2}`, `${y}-01`)),
    town('s1', '城关镇党委书记', '1985-02'),
    town('s2', '白沙乡党委书记', '1964-08'),
    town('s3', '东门街道党工委书记', '1965-09'),
    town('s4', '西山镇党委书记', '1972-01'),
  ];

  it('finds the year a rule stops being met only because its young members age out', async () => {
    const db = await open(rows);
    const all = await projectRules(db, sql, {
      asOf: R,
      years: [1, 2, 3, 5],
      youngShare: 0,
      targetYear: 2029,
    });
    const y7 = all.find((r) => r.id === 'Y7')!;
    const at = (k: number) => y7.points.find((p) => p.years === k)!;
    expect([0, 1, 2, 3, 5].map((k) => [at(k).date, at(k).numerator, at(k).denominator])).toEqual([
      ['2024-06-30', 1, 6],
      ['2025-06-30', 1, 6],
      ['2026-06-30', 0, 6],
      ['2027-06-30', 0, 6],
      ['2029-06-30', 0, 6],
    ]);
    expect([at(1).met, at(2).met, at(2).gap]).toEqual([true, false, 1]);
    expect(y7.changeYears).toBe(2);
    expect(at(2).requested && !at(4).requested && !at(0).requested).toBe(true);
    // By 2029: the six posts need 1 young member, none stays young → 1 appointment, 1 a year.
    expect(y7.target).toEqual({ year: 2029, needed: 1, perYear: 1, vacated: 0 });
    await db.close();
  });

  it('shows J1 rising as older secretaries retire, and the refill scenario', async () => {
    const db = await open(rows);
    const all = await projectRules(db, sql, {
      asOf: R,
      years: [1, 2, 3, 5],
      youngShare: 0.5,
      targetYear: 2029,
    });
    const j1 = all.find((r) => r.id === 'J1')!;
    const at = (k: number) => j1.points.find((p) => p.years === k)!;
    expect([0, 1, 2].map((k) => [at(k).numerator, at(k).denominator, at(k).met])).toEqual([
      [1, 4, false],
      [1, 3, false],
      [1, 2, true],
    ]);
    expect(j1.changeYears).toBe(2);
    // Refilled with half young appointees: 1 + 0.5 of 1 vacancy = 1.5 of 4 > 1/3 already in 2025.
    expect(at(1).scenario).toEqual({ numerator: 1.5, denominator: 4, value: 0.375, met: true });
    expect(at(2).scenario).toMatchObject({ numerator: 2, denominator: 4, met: true });
    expect(j1.scenarioChangeYears).toBe(1);
    // 2029: 4 posts need 2 born ≥ 1980 (more than a third); s1 stays → 1 more, 1 a year; 2 vacated.
    expect(j1.target).toEqual({ year: 2029, needed: 1, perYear: 1, vacated: 2 });
    const leaving = await flowPeople(db, sql, {
      kind: 'projection',
      asOf: R,
      metricId: 'J1',
      years: 2,
      which: 'leaving',
    });
    expect(leaving.map((x) => [x.person_id, x.note]).sort()).toEqual([
      ['s2', '2024-08'],
      ['s3', '2025-12'],
    ]);
    await db.close();
  });

  it('projects a custom ratio rule with no code for it', async () => {
    const base = DEFAULT_RULE_SET.rules.find((r) => r.id === 'Y5') as RatioRule;
    const custom: RatioRule = {
      ...base,
      id: 'C1',
      custom: true,
      label: { zh: '市直副科30岁以下不少于三分之一', en: 'City deputy section chiefs ≤ 30: ≥ 1/3' },
      population: {
        unitTypes: ['市直'],
        levels: ['乡科级副职'],
        postClasses: null,
        teamOnly: false,
      },
      counted: { maxAge: 30, bornFrom: null, bornTo: null },
      target: [1, 3],
      comparator: '>=',
    };
    const rules = withRule(DEFAULT_RULE_SET, custom, 'yongzhou');
    // 30, 29 and 28 of nine: 3/9 meets 1/3 now; a year on 2/9 does not (needs 3).
    const deputies = [1994, 1995, 1996, 1980, 1981, 1982, 1983, 1984, 1985].map((y, i) =>
      county(`c${i + 1}`, `${y}-03`, '乡科级副职'),
    );
    const db = await open(deputies, rules);
    const c1 = (
      await projectRules(db, sql, { asOf: R, years: [1, 2], youngShare: 0, targetYear: 2027 })
    ).find((r) => r.id === 'C1')!;
    expect(c1.points.slice(0, 3).map((p) => [p.numerator, p.denominator, p.met, p.gap])).toEqual([
      [3, 9, true, 0],
      [2, 9, false, 1],
      [1, 9, false, 2],
    ]);
    expect(c1.changeYears).toBe(1);
    // 2027: nobody is 30 or under any more → 3 young appointments, 1 a year.
    expect(c1.target).toEqual({ year: 2027, needed: 3, perYear: 1, vacated: 0 });
    await db.close();
  });

  it('starts from the figures of the ratio panels under the same filters', async () => {
    const db = await open(rows);
    for (const filters of [NO_FILTERS, { values: { region: ['青石县'] } }]) {
      await applyFilters(db, filters);
      const now = (await ratioMetrics(db, sql, R)).filter((m) => m.scope === 'city');
      const proj = await projectRules(db, sql, {
        asOf: R,
        years: [1],
        youngShare: 0,
        targetYear: null,
      });
      for (const m of now) {
        const p0 = proj.find((r) => r.id === m.metric_id)!.points[0];
        expect([p0.numerator, p0.denominator], m.metric_id as string).toEqual([
          m.numerator,
          m.denominator,
        ]);
      }
    }
    await db.close();
  });
});

describe('the flows’ own filter test', () => {
  it('lets through exactly the rows scoped_rows does', async () => {
    const db = await open([
      {
        snapshot_date: '2024-12-31',
        person_id: 'a',
        birth_date: '1980-01',
        gender: '男',
        level: '科员',
        ...U1,
      },
      {
        snapshot_date: '2024-12-31',
        person_id: 'b',
        birth_date: '1990-01',
        gender: '女',
        level: '正科',
        ...T1,
      },
      {
        snapshot_date: '2024-12-31',
        person_id: 'c',
        birth_date: '1975-07',
        reserve: '科级后备',
        ...U2,
      },
    ]);
    for (const f of [
      NO_FILTERS,
      { values: { gender: ['女'] } },
      { values: { region: ['市本级'], reserve: ['(none)'] } },
      { values: { unit: ['U2'] } },
      { values: {}, age: { min: 40, max: 50 } },
      { values: { cohort: ['80后'], level: ['科员', '乡科级正职'] } },
    ]) {
      await applyFilters(db, f);
      const ours = await db.query<{ id: string }>(
        'SELECT person_id AS id FROM cadre_rows_scoped WHERE in_scope ORDER BY id',
      );
      const theirs = await db.query<{ id: string }>(
        'SELECT person_id AS id FROM scoped_rows ORDER BY id',
      );
      expect(ours, JSON.stringify(f)).toEqual(theirs);
      const oneSnapshot = await db.query<{ id: string }>(
        `SELECT person_id AS id FROM rows_at_snapshot(DATE '2024-12-31') WHERE in_scope ORDER BY id`,
      );
      expect(oneSnapshot, JSON.stringify(f)).toEqual(theirs);
    }
    await db.close();
  });
});

describe('the flows’ retirement month', () => {
  it('is retirement_month for every birth month, gender and level', async () => {
    const db = await freshDb();
    const [r] = await db.query<{ n: number; differ: number }>(`
      WITH g AS (
        SELECT CAST(b AS DATE) AS b, sex, CAST(lvl AS level_t) AS lvl, rnk
        FROM range(DATE '1950-01-01', DATE '1996-01-01', INTERVAL 1 MONTH) t(b),
          (VALUES ('男'), ('女')) s(sex), (VALUES ('县处级正职'), ('乡科级正职'), ('科员')) l(lvl),
          (VALUES (NULL), ('三级调研员'), ('一级主任科员')) k(rnk)
      )
      SELECT count(*)::INTEGER AS n, (count(*) FILTER (WHERE leave_month_of(g.b, g.sex, g.lvl, g.rnk,
          NULL::DATE, NULL::INTEGER, q.men_age, q.women_age, q.women_county_age,
          q.women_county_delayed, q.delay_from_60, q.delay_from_55,
          q.delay_step, q.delay_max) IS DISTINCT FROM retirement_month(g.b, g.sex, g.lvl, g.rnk)
        OR exit_month(g.b, g.sex, g.lvl, g.rnk, NULL::DATE)
          IS DISTINCT FROM retirement_month(g.b, g.sex, g.lvl, g.rnk)
      ))::INTEGER AS differ
      FROM g, retirement_rules q`);
    expect(r).toEqual({ n: 552 * 6 * 3, differ: 0 });
    await db.close();
  });

  it('without a gender, is the later of a man’s and a woman’s month', async () => {
    const db = await freshDb();
    // Born 1966-03 at 县处级: a man and a woman both retire at 60 + 4 months, 2026-07. At 乡科级
    // a woman retires at 55 (2021-03, born before 1970-01) and a man at 60 + 4 months (2026-07):
    // gone by 2026-07 whatever the gender.
    const rows = await db.query<{ lvl: string; m: string | null }>(`
      SELECT lvl, strftime(exit_month(DATE '1966-03-01', NULL, CAST(lvl AS level_t), NULL,
        NULL::DATE), '%Y-%m') AS m
      FROM (VALUES ('县处级正职'), ('乡科级正职')) t(lvl) ORDER BY lvl DESC`);
    expect(rows.map((r) => [r.lvl, r.m])).toEqual([
      ['县处级正职', '2026-07'],
      ['乡科级正职', '2026-07'],
    ]);
    await db.close();
  });

  it('leaves women at 县处级 without the delay when the rule says so, and no one else', async () => {
    const db = await freshDb();
    // Born 1966-03: 14 months after the start of the delay for a base of 60 (1965-01), so
    // 1 + 14 // 4 = 4 months late; born 1971-03, the same for a base of 55 (from 1970-01).
    const months = () =>
      db.query<{ who: string; statutory: string; flows: string }>(`
        SELECT who, strftime(retirement_month(CAST(b AS DATE), sex, CAST(lvl AS level_t), rnk), '%Y-%m') AS statutory,
          strftime(exit_month(CAST(b AS DATE), sex, CAST(lvl AS level_t), rnk, NULL::DATE), '%Y-%m') AS flows
        FROM (VALUES ('woman county', '1966-03-01', '女', '县处级副职', NULL),
          ('man county', '1966-03-01', '男', '县处级副职', NULL),
          ('woman township', '1971-03-01', '女', '乡科级正职', NULL),
          ('woman rank', '1966-03-01', '女', NULL, '四级调研员'),
          ('woman rank township', '1966-03-01', '女', '乡科级正职', '二级调研员'),
          ('woman rank low', '1971-03-01', '女', NULL, '一级主任科员')) t(who, b, sex, lvl, rnk)
        ORDER BY who`);
    expect(await months()).toEqual([
      { who: 'man county', statutory: '2026-07', flows: '2026-07' },
      { who: 'woman county', statutory: '2026-07', flows: '2026-07' },
      // A 调研员 is a 县处级 woman by rank (DOMAIN §3), whatever her post's level.
      { who: 'woman rank', statutory: '2026-07', flows: '2026-07' },
      { who: 'woman rank low', statutory: '2026-07', flows: '2026-07' },
      { who: 'woman rank township', statutory: '2026-07', flows: '2026-07' },
      { who: 'woman township', statutory: '2026-07', flows: '2026-07' },
    ]);
    await writeRuleTables(db, {
      ...DEFAULT_RULE_SET,
      retirement: { ...DEFAULT_RULE_SET.retirement, womenCountyDelayed: false },
    });
    expect(await months()).toEqual([
      { who: 'man county', statutory: '2026-07', flows: '2026-07' },
      { who: 'woman county', statutory: '2026-03', flows: '2026-03' },
      { who: 'woman rank', statutory: '2026-03', flows: '2026-03' },
      { who: 'woman rank low', statutory: '2026-07', flows: '2026-07' },
      { who: 'woman rank township', statutory: '2026-03', flows: '2026-03' },
      { who: 'woman township', statutory: '2026-07', flows: '2026-07' },
    ]);
    await db.close();
  });
});
