import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckClient } from '../../src/core/db.ts';
import { toCsv } from '../../src/core/csv.ts';
import {
  changeGap,
  computeReport,
  people,
  ratioMetrics,
  ratioTrend,
  type Report,
} from '../../src/core/report.ts';
import {
  DEFAULT_RULE_SET,
  withRule,
  ruleById,
  type ChangeRule,
  type RatioRule,
} from '../../src/core/policy/index.ts';
import { eligibilityList } from '../../src/core/selection/eligibility.ts';
import { csv, freshDb, loadCsv, sql } from './helpers.ts';

/*
 * A small city whose answers are worked out by hand. Reference date R = 2024-06-30, so
 * age = 2024 − birth year − (6 < birth month ? 1 : 0). Baseline snapshot 2017-12-31 for J4/J5.
 */
const S = '2024-06-30';
const county = (id: string, unit: string, type: string, region: string) => ({
  unit_id: id,
  unit_name: unit,
  unit_type: type,
  region,
});
const U1 = county('U1', '示例市发展和改革委员会', '市直', '市本级');
const U2 = county('U2', '示例市教育局', '市直', '市本级');
const U3 = county('U3', '示例市财政局', '市直', '市本级');
const U4 = county('U4', '青石县委', '县市区', '青石县');
const U5 = county('U5', '青石县财政局', '县市区', '青石县');
const T1 = county('T1', '青石县城关镇', '乡镇街道', '青石县');
const T2 = county('T2', '青石县白沙乡', '乡镇街道', '青石县');
const T3 = county('T3', '青石县东门街道', '乡镇街道', '青石县');

type P = Record<string, string | number | boolean | null>;
let n = 0;
const p = (unit: P, level: string, birth: string, extra: P = {}): P => ({
  snapshot_date: S,
  person_id: `p${++n}`,
  name: `示例${n}`,
  gender: n % 3 === 0 ? '女' : '男',
  birth_date: birth,
  level,
  ...unit,
  ...extra,
});
const team = { is_team_member: '是' };
const rows: P[] = [
  // U1: team 40 (edge), 39, 41, 54 → 2 of 4 young; p5 not on the team.
  p(U1, '县处级正职', '1984-06', team),
  p(U1, '县处级副职', '1984-07', team),
  p(U1, '县处级副职', '1983-06', team),
  p(U1, '县处级副职', '1970-01', team),
  p(U1, '县处级副职', '1990-01', { is_team_member: '否' }),
  // U2: 49, 44, 45, 45, 47 and 40 (born 1983-07, a month after R's month) → 1 of 6, exactly 1/6.
  p(U2, '县处级正职', '1975-03', team),
  p(U2, '县处级副职', '1980-02', team),
  p(U2, '县处级副职', '1978-12', team),
  p(U2, '县处级副职', '1979-05', team),
  p(U2, '县处级副职', '1976-08', team),
  p(U2, '县处级副职', '1983-07', team),
  // U3: seven members aged 54 → 0 of 7, needs 2.
  ...Array.from({ length: 7 }, (_, i) =>
    p(U3, i === 0 ? '县处级正职' : '县处级副职', `1970-0${(i % 9) + 1}`, team),
  ),
  // U4 county party committee: one aged 34 of 7; p20 is the 县委书记 (not a township secretary).
  p(U4, '县处级副职', '1990-01', team),
  p(U4, '县处级正职', '1965-05', { ...team, post_title: '青石县委书记' }),
  ...Array.from({ length: 5 }, (_, i) => p(U4, '县处级副职', `197${i}-03`, team)),
  // 市直 正科: 35 (edge), 36, 34.
  p(U1, '乡科级正职', '1989-06'),
  p(U1, '乡科级正职', '1988-06'),
  p(U1, '乡科级正职', '1989-07'),
  // Townships.
  p(T1, '正科', '1980-01', { post_title: '城关镇党委书记', education_fulltime: '大学' }),
  p(T1, '正科', '1985-01', {
    post_title: '城关镇党委副书记、镇长',
    education_fulltime: '硕士研究生',
  }),
  p(T1, '正科', '1970-02', { post_title: '城关镇人大主席' }),
  p(T2, '1A41', '1979-12', { post_title: '白沙乡党委书记、人大主席', education_fulltime: '大专' }),
  p(T2, '正科级', '1984-12', {
    post_title: '白沙乡党委副书记、乡长',
    education_fulltime: '大学本科',
  }),
  p(T3, '乡科级正职', '1975-04', {
    post_title: '东门街道党工委书记',
    education_fulltime: '大学专科',
  }),
  p(T3, '乡科级正职', '1990-03', { post_title: '东门街道办事处主任', education_fulltime: '本科' }),
  p(U5, '乡科级正职', '1992-01', { post_title: '青石县财政局局长' }),
  // 市直 副科: 30 (born 1994-06), 30 (1994-05), 31.
  p(U1, '乡科级副职', '1994-06'),
  p(U1, '乡科级副职', '1994-05'),
  p(U1, '乡科级副职', '1993-06'),
  // County/township 副科: six, none aged ≤ 30.
  ...Array.from({ length: 6 }, (_, i) =>
    p(i < 3 ? T1 : U5, '副科', `198${i}-01`, { post_title: i < 3 ? '城关镇副镇长' : '副局长' }),
  ),
  p(U5, '科员', '2001-02', { reserve: '科级后备' }),
];
const baseline: P[] = [
  ['西山镇党委书记', '1965-05', '大学本科'],
  ['西山镇党委副书记、镇长', '1967-03', '大专'],
  ['南岭乡党委书记', '1973-01', '中专'],
  ['南岭乡乡长', '1981-08', '大专'],
].map(([title, birth, edu], i) => ({
  snapshot_date: '2017-12-31',
  person_id: `b${i + 1}`,
  birth_date: birth,
  post_title: title,
  level: '正科',
  unit_type: '乡镇街道',
  education_fulltime: edu,
}));

let db: DuckClient;
let report: Report;
const metric = (id: string) => report.metrics.find((m) => m.id === id)!;

beforeAll(async () => {
  db = await freshDb();
  const load = await loadCsv(db, 'fixture.csv', csv([...baseline, ...rows]));
  expect(load.rows).toEqual({ read: 50, loaded: 50, rejected: 0, skipped: 0 });
  report = await computeReport(db, sql, { asOf: S, baseline: '2017-12-31', load, byUnit: true });
});
afterAll(() => db.close());

describe('ratio metrics (Y1–Y8, J1, J2) at 2024-06-30', () => {
  it('Y1: 市直 team members aged ≤ 40, age exactly 40 counts', () => {
    expect(metric('Y1')).toMatchObject({
      numerator: 3,
      denominator: 17,
      value: 3 / 17,
      target: 1 / 6,
      comparator: '>=',
      met: true,
      gap: 0,
      unitsEvaluated: 3,
      unitsFailing: 1,
      unverified: true,
    });
  });

  it('Y1 per unit: exactly 1/6 meets "≥ 1/6"; seven with none young are short by two', () => {
    const unit = (id: string) => report.byUnit!.find((r) => r.id === 'Y1' && r.unitId === id)!;
    expect(unit('U1')).toMatchObject({ numerator: 2, denominator: 4, met: true, gap: 0 });
    expect(unit('U2')).toMatchObject({ numerator: 1, denominator: 6, met: true, gap: 0 });
    expect(unit('U3')).toMatchObject({ numerator: 0, denominator: 7, met: false, gap: 2 });
  });

  it('--by-unit gives the unit table too: U2 has 6 aged 45.0 on average, 2 born in the 80s, 2 women', () => {
    // U2: 49, 44, 45, 45, 47, 40 → 270 / 6; born 1980-02 and 1983-07; p6 and p9 are women
    // (every third person); no 民族 given, no minority; its one check is Y1 at 1/6.
    expect(report.unitProfiles!.find((u) => u.unit_id === 'U2')).toEqual({
      unit_id: 'U2',
      unit_name: '示例市教育局',
      region: '市本级',
      unit_type: '市直',
      n: 6,
      mean_age: 45,
      born_1980: 2,
      born_1985: 0,
      women: 2,
      minorities: 0,
      checks: [{ id: 'Y1', numerator: 1, denominator: 6, gap: 0 }],
      failing: 0,
    });
    expect(report.unitProfiles!.reduce((a, u) => a + u.n, 0)).toBe(report.headcount);
  });

  it('Y2: county team, 1 of 7 young, short by one', () => {
    expect(metric('Y2')).toMatchObject({ numerator: 1, denominator: 7, met: false, gap: 1 });
  });

  it('Y3, Y4: 正科 aged ≤ 35 (35 counts)', () => {
    expect(metric('Y3')).toMatchObject({ numerator: 2, denominator: 3, met: true, gap: 0 });
    expect(metric('Y4')).toMatchObject({ numerator: 2, denominator: 8, met: true, gap: 0 });
  });

  it('Y5, Y6: 副科 aged ≤ 30; none of six young needs one', () => {
    expect(metric('Y5')).toMatchObject({ numerator: 2, denominator: 3, met: true, gap: 0 });
    expect(metric('Y6')).toMatchObject({ numerator: 0, denominator: 6, met: false, gap: 1 });
  });

  it('Y7, Y8: all 县处级 ≤ 40 and all 正科 ≤ 35', () => {
    expect(metric('Y7')).toMatchObject({ numerator: 5, denominator: 25, value: 0.2, met: true });
    expect(metric('Y8')).toMatchObject({ numerator: 4, denominator: 11, met: true, gap: 0 });
    // City-wide rules: no team or unit is judged on them, so none is counted short.
    expect(metric('Y7').unitsEvaluated).toBeUndefined();
    expect(metric('Y8').unitsFailing).toBeUndefined();
  });

  it('J1: secretaries born ≥ 1980 (January 1980 counts, December 1979 does not); 1/3 is not > 1/3', () => {
    expect(metric('J1')).toMatchObject({
      numerator: 1,
      denominator: 3,
      comparator: '>',
      met: false,
      gap: 1,
    });
  });

  it('J2: "党委副书记、镇长" and "办事处主任" are heads; 2 of 3 born ≥ 1985', () => {
    expect(metric('J2')).toMatchObject({ numerator: 2, denominator: 3, met: true, gap: 0 });
  });

  it('J1 with a "≥" comparator: exactly 1/3 is met', async () => {
    const j1rule = ruleById(DEFAULT_RULE_SET, 'J1') as RatioRule;
    const rules = withRule(DEFAULT_RULE_SET, { ...j1rule, comparator: '>=' });
    const db2 = await freshDb(rules);
    await loadCsv(db2, 'fixture.csv', csv(rows));
    const j1 = (await ratioMetrics(db2, sql, S)).find((r) => r.metric_id === 'J1')!;
    expect(j1).toMatchObject({ numerator: 1, denominator: 3, met: true, gap: 0 });
    await db2.close();
  });

  it('per-region rows add up to the city row', () => {
    const regions = report.byUnit!.filter((r) => r.id === 'Y4' && r.scope === 'region');
    expect(regions.map((r) => r.region)).toEqual(['青石县']);
    expect(regions[0]).toMatchObject({ numerator: 2, denominator: 8 });
  });
});

describe('township principals (J3–J5)', () => {
  it('J3 三个一批 bands', () => {
    const j3 = report.metrics.filter((m) => m.id.startsWith('J3'));
    expect(j3.map((m) => [m.id, m.numerator, m.denominator])).toEqual([
      ['J3a', 0, 6],
      ['J3b', 2, 6],
      ['J3c', 1, 6],
    ]);
  });

  it('J3: 50岁以上 is over 50 (DOMAIN.md: > 50), so 50 is in no band and 51 is', async () => {
    const other = await freshDb();
    try {
      await loadCsv(
        other,
        'bands.csv',
        [
          '姓名,出生年月,现任职务,统计时点',
          // Ages at 2024-06-30: 50, 51, 45, 40, 37, 33, 38.
          '甲,1974.01,甲镇党委书记,2024-06-30',
          '乙,1973.01,乙镇镇长,2024-06-30',
          '丙,1979.01,丙镇党委书记,2024-06-30',
          '丁,1984.01,丁镇镇长,2024-06-30',
          '戊,1987.01,戊镇党委书记,2024-06-30',
          '己,1991.01,己镇镇长,2024-06-30',
          '庚,1986.01,庚镇党委书记,2024-06-30',
        ].join('\n'),
      );
      const r = await computeReport(other, sql, { asOf: S });
      expect(
        r.metrics
          .filter((m) => m.id.startsWith('J3'))
          .map((m) => [m.id, m.numerator, m.denominator]),
      ).toEqual([
        ['J3a', 1, 7],
        ['J3b', 2, 7],
        ['J3c', 2, 7],
      ]);
    } finally {
      await other.close();
    }
  });

  it('J4: mean age 41.5 against 45.5 at the baseline', () => {
    expect(metric('J4')).toMatchObject({
      current: 41.5,
      baseline: 45.5,
      value: -4,
      target: -5,
      met: false,
      baselineDate: '2017-12-31',
    });
  });

  it('J5: full-time 大学本科+ 4/6 against 1/4', () => {
    const j5 = metric('J5');
    expect(j5.numerator).toBe(4);
    expect(j5.denominator).toBe(6);
    expect(j5.value).toBeCloseTo(4 / 6 - 1 / 4, 12);
    expect(j5.met).toBe(true);
  });

  it('J5 whose target is exactly the change (5/12 = 4/6 − 1/4): met, not lost to rounding', async () => {
    // In floating point 4/6 − 1/4 is 0.41666666666666663 and 5/12 is 0.4166666666666667.
    const j5rule = ruleById(DEFAULT_RULE_SET, 'J5') as ChangeRule;
    const rules = withRule(DEFAULT_RULE_SET, { ...j5rule, target: 5 / 12 });
    const db2 = await freshDb(rules);
    await loadCsv(db2, 'fixture.csv', csv([...baseline, ...rows]));
    const r = await computeReport(db2, sql, { asOf: S, baseline: '2017-12-31', rules });
    expect(r.metrics.find((m) => m.id === 'J5')).toMatchObject({
      met: true,
      value: 0.416666666667,
    });
    await db2.close();
  });

  it('J3 at the baseline: 52 is over 50, 50 is not; 44 in 40–45; 36 in 33–37', async () => {
    const rows = await db.query(sql.band_change, ['2017-12-31', '2017-12-31']);
    const j3 = rows.filter((r) => String(r.metric_id).startsWith('J3'));
    expect(j3.map((r) => [r.numerator, r.denominator])).toEqual([
      [1, 4],
      [1, 4],
      [1, 4],
    ]);
  });

  it('J4 against a date between snapshots: the baseline snapshot’s people at its own date', async () => {
    // At 2020-06-30 the snapshot in force is 2017-12-31: its principals are 52, 50, 44 and 36
    // there (45.5), not two and a half years older.
    const r = await computeReport(db, sql, { asOf: S, baseline: '2020-06-30' });
    expect(r.metrics.find((m) => m.id === 'J4')).toMatchObject({
      baseline: 45.5,
      value: -4,
      baselineDate: '2017-12-31',
    });
  });

  it('J5 against a baseline roster without 全日制学历: unknown, not a share of 0', async () => {
    const db2 = await freshDb();
    const blank = baseline.map((b) => ({ ...b, education_fulltime: null }));
    await loadCsv(db2, 'fixture.csv', csv([...blank, ...rows]));
    const r = await computeReport(db2, sql, { asOf: S, baseline: '2017-12-31' });
    const j5 = r.metrics.find((m) => m.id === 'J5')!;
    expect(j5).toMatchObject({ numerator: 4, denominator: 6, baseline: null, value: null });
    expect(j5.met).toBeNull();
    expect(changeGap(j5, r.snapshotDate)).toBe('no_baseline');
    // J4 measures ages, which both rosters have.
    expect(r.metrics.find((m) => m.id === 'J4')).toMatchObject({ value: -4, met: false });
    expect(
      changeGap(
        r.metrics.find((m) => m.id === 'J4')!,
        r.snapshotDate,
      ),
    ).toBeNull();
    await db2.close();
  });

  it('J4/J5 against the same snapshot: no change to judge, neither met nor failed', async () => {
    const same = await computeReport(db, sql, { asOf: S, baseline: S });
    for (const id of ['J4', 'J5'])
      expect(
        same.metrics.find((m) => m.id === id),
        id,
      ).toMatchObject({
        value: null,
        met: null,
        baselineDate: S,
      });
    // The current side is still there to show.
    expect(same.metrics.find((m) => m.id === 'J4')!.current).toBe(41.5);
    expect(
      changeGap(
        same.metrics.find((m) => m.id === 'J5')!,
        S,
      ),
    ).toBe('same_snapshot');
    // A side with none of the rule's people is said as such, not as data missing.
    const at = { ...same.metrics.find((m) => m.id === 'J4')!, baselineDate: '2017-12-31' };
    expect(changeGap({ ...at, baselineCount: 0 }, S)).toBe('none_baseline');
    expect(changeGap({ ...at, baselineCount: 4 }, S)).toBe('no_baseline');
    expect(changeGap({ ...at, denominator: 0, current: null }, S)).toBe('none_current');
  });
});

describe('age structure', () => {
  it('headcount and snapshot', () => {
    expect(report.headcount).toBe(46);
    expect(report.snapshotDate).toBe(S);
  });

  it('breakdowns by level and reserve', () => {
    expect(report.breakdowns.level).toEqual({
      县处级正职: 4,
      县处级副职: 21,
      乡科级正职: 11,
      乡科级副职: 9,
      科员: 1,
    });
    expect(report.breakdowns.reserve).toEqual({ 处级后备: 0, 科级后备: 1 });
    expect(report.breakdowns.gender.女 + report.breakdowns.gender.男).toBe(46);
  });
});

describe('the people behind a number (反查)', () => {
  const names = (rows: { name: string | null }[]) => rows.map((r) => r.name);

  it('Y1 young city-wide: the three counted in the numerator', async () => {
    const rows = await people(db, sql, { asOf: S, metricId: 'Y1', young: 'young' });
    expect(names(rows).sort()).toEqual(['示例1', '示例11', '示例2']);
    expect(rows.every((r) => r.is_young)).toBe(true);
  });

  it('Y1 in U3: the seven members behind "还差 2 人", none young', async () => {
    const rows = await people(db, sql, { asOf: S, metricId: 'Y1', unitId: 'U3' });
    // Born 1970-01 … 1970-07: 54, except July 1970, a month after R's month: 53.
    expect(rows.map((r) => r.age)).toEqual([53, 54, 54, 54, 54, 54, 54]);
    expect(rows.every((r) => r.is_young === false)).toBe(true);
  });

  it('J3b: the two principals aged 40–45 of the six, as the band counts them', async () => {
    const band = await people(db, sql, { asOf: S, metricId: 'J3b', young: 'young' });
    expect(band).toHaveLength(2);
    expect(band.every((r) => r.age >= 40 && r.age <= 45)).toBe(true);
    const all = await people(db, sql, { asOf: S, metricId: 'J3b' });
    expect(all).toHaveLength(6);
    expect(all.filter((r) => r.is_young)).toHaveLength(2);
  });

  it('J1 young: the secretary born January 1980 only', async () => {
    const rows = await people(db, sql, { asOf: S, metricId: 'J1', young: 'young' });
    expect(rows.map((r) => [r.name, r.birth, r.post_title])).toEqual([
      ['示例29', '1980-01', '城关镇党委书记'],
    ]);
  });

  it('everyone in one township when no rule is given, youngest first', async () => {
    const rows = await people(db, sql, { asOf: S, unitId: 'T1' });
    expect(rows).toHaveLength(6);
    // Head 1985-01 (39), deputies 1982/1981/1980-01 (42, 43, 44), secretary 1980-01 (44), 1970-02 (54).
    expect(rows.map((r) => r.age)).toEqual([39, 42, 43, 44, 44, 54]);
  });

  it('exports as CSV Excel opens: BOM, CRLF, quotes, formulas kept as text', () => {
    const text = toCsv(
      [
        { name: '示例甲', post: '局长,主任', note: '=1+1' },
        { name: '示例"乙"', post: null, note: '-' },
      ],
      [
        { key: 'name', label: '姓名' },
        { key: 'post', label: '职务' },
        { key: 'note', label: '备注' },
      ],
    );
    expect(text).toBe('\uFEFF姓名,职务,备注\r\n示例甲,"局长,主任",\'=1+1\r\n"示例""乙""",,\'-\r\n');
  });
});

describe('trend over snapshots', () => {
  it('J1 at each snapshot, ages at that snapshot: 0 of 2 in 2017, 1 of 3 in 2024', async () => {
    const j1 = (await ratioTrend(db, sql)).filter((p) => p.metric_id === 'J1');
    expect(j1.map((p) => [p.snapshot_date, p.numerator, p.denominator, p.met])).toEqual([
      ['2017-12-31', 0, 2, false],
      [S, 1, 3, false],
    ]);
  });

  it('agrees with the single-date query at every snapshot', async () => {
    const trend = await ratioTrend(db, sql);
    for (const date of ['2017-12-31', S]) {
      const single = await ratioMetrics(db, sql, date);
      for (const m of single.filter((x) => x.scope === 'city' && (x.denominator as number) > 0)) {
        const p = trend.find((x) => x.metric_id === m.metric_id && x.snapshot_date === date)!;
        expect([p.numerator, p.denominator], `${m.metric_id} ${date}`).toEqual([
          m.numerator,
          m.denominator,
        ]);
      }
    }
  });
});

describe('the counties a rule is counted in', () => {
  it('names the city’s own level among them (市本级 is no county)', async () => {
    const other = await freshDb();
    try {
      await loadCsv(
        other,
        'regions.csv',
        [
          '人员编号,姓名,出生年月,工作单位,县市区,职务层次,统计时点',
          'a,甲,1980.01,市财政局,市本级,县处级副职,2024-06-30',
          'b,乙,1990.01,东安县委,东安县,县处级副职,2024-06-30',
          'c,丙,1975.01,东安县委,东安县,县处级正职,2024-06-30',
        ].join('\n'),
      );
      const r = await computeReport(other, sql, { asOf: '2024-06-30' });
      expect(r.metrics.find((m) => m.id === 'Y7')).toMatchObject({
        regionsEvaluated: 2,
        regionsCityLevel: '市本级',
      });
      expect(r.metrics.find((m) => m.id === 'Y8')!.regionsCityLevel).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('Y2: the county party and government teams only', () => {
  it('counts the 县委 and 县政府 teams, not a bureau’s 县处级 head nor the 人大 (0 of 2, short by 1)', async () => {
    const other = await freshDb();
    try {
      await loadCsv(
        other,
        'y2.csv',
        [
          '姓名,出生年月,工作单位,县市区,职务层次,是否班子成员,现任职务,统计时点',
          '癸01,1970.05,中共江永县委员会,江永县,县处级正职,是,县委书记,2024-06-30',
          '癸02,1972.05,江永县人民政府,江永县,县处级正职,是,县长,2024-06-30',
          '癸03,1990.05,江永县公安局,江永县,县处级副职,是,局长,2024-06-30',
          '癸04,1985.05,江永县人大常委会,江永县,县处级正职,是,主任,2024-06-30',
        ].join('\n'),
      );
      const r = await computeReport(other, sql, { asOf: '2024-06-30' });
      // Ages 54 and 52: neither is young; one young member of two meets 1/6.
      expect(r.metrics.find((m) => m.id === 'Y2')).toMatchObject({
        numerator: 0,
        denominator: 2,
        met: false,
        gap: 1,
        unitsEvaluated: 2,
        unitsFailing: 2,
      });
      // Y7 (every 县处级) still counts all four: 癸03 (34) and 癸04 (39) are young.
      expect(r.metrics.find((m) => m.id === 'Y7')).toMatchObject({ numerator: 2, denominator: 4 });
    } finally {
      await other.close();
    }
  });
});

describe('one person as township secretary and head (一肩挑)', () => {
  it('counts in J1 as a secretary and in J2 as a head, once in each', async () => {
    const other = await freshDb();
    try {
      await loadCsv(
        other,
        'yijiantiao.csv',
        [
          '人员编号,姓名,性别,出生年月,县市区,单位,单位类型,职务,职务层次,全日制学历,统计时点',
          'G1,一肩,男,1986.01,双牌县,双牌县甲镇,乡镇街道,甲镇党委书记、镇长,乡科级正职,大学,2025-06-30',
          'G2,乙书,男,1970.01,双牌县,双牌县乙镇,乡镇街道,乙镇党委书记,乡科级正职,大专,2025-06-30',
          'G3,乙镇,男,1980.01,双牌县,双牌县乙镇,乡镇街道,乙镇党委副书记、镇长,乡科级正职,大专,2025-06-30',
          'G4,丙书,男,1979.01,双牌县,双牌县丙镇,乡镇街道,丙镇党委书记,乡科级正职,大专,2025-06-30',
          'G5,丙镇,男,1984.01,双牌县,双牌县丙镇,乡镇街道,丙镇党委副书记、镇长,乡科级正职,大专,2025-06-30',
          'G6,丁书,男,1975.01,双牌县,双牌县丁镇,乡镇街道,丁镇党委书记兼镇长,乡科级正职,大专,2025-06-30',
          'G7,戊书,男,1976.01,双牌县,双牌县戊镇,乡镇街道,戊镇党委书记,乡科级正职,大专,2025-06-30',
          'G8,戊镇,男,1987.01,双牌县,双牌县戊镇,乡镇街道,戊镇镇长,乡科级正职,大专,2025-06-30',
          // A 人大主席 is no head: a secretary only.
          'G9,己书,男,1990.01,双牌县,双牌县己镇,乡镇街道,己镇党委书记、人大主席,乡科级正职,大专,2025-06-30',
        ].join('\n'),
      );
      const classes = await other.query<{ person_id: string; post_class: string }>(
        `SELECT person_id, CAST(post_class AS VARCHAR) AS post_class FROM cadres
         WHERE person_id IN ('G1', 'G6', 'G9') ORDER BY person_id`,
      );
      expect(classes.map((r) => r.post_class)).toEqual([
        'township_secretary_head',
        'township_secretary_head',
        'township_secretary',
      ]);
      const r = await computeReport(other, sql, { asOf: '2025-06-30' });
      // Secretaries G1 G2 G4 G6 G7 G9; born ≥ 1980: G1 and G9. 2/6 is not > 1/3: short by 1.
      expect(r.metrics.find((m) => m.id === 'J1')).toMatchObject({
        numerator: 2,
        denominator: 6,
        met: false,
        gap: 1,
      });
      // Heads G1 G3 G5 G6 G8; born ≥ 1985: G1 and G8. 2/5 > 1/3.
      expect(r.metrics.find((m) => m.id === 'J2')).toMatchObject({
        numerator: 2,
        denominator: 5,
        met: true,
        gap: 0,
      });
      const heads = await people(other, sql, {
        asOf: '2025-06-30',
        metricId: 'J2',
        young: 'young',
      });
      expect(heads.map((h) => h.name).sort()).toEqual(['一肩', '戊镇']);
      // 甲镇 has one principal, counted once in each rule.
      const j2 = await people(other, sql, { asOf: '2025-06-30', metricId: 'J2' });
      expect(j2).toHaveLength(5);
      // S3 (township heads aged ≤ 40 with full-time 大学本科+) finds G1 as a head; S1 sees him as
      // a secretary.
      const s3 = await eligibilityList(other, sql, { asOf: '2025-06-30', ruleId: 'S3' });
      expect(s3.find((x) => x.person_id === 'G1')).toMatchObject({ status: 'eligible' });
      const s1 = await eligibilityList(other, sql, { asOf: '2025-06-30', ruleId: 'S1' });
      expect(s1.map((x) => x.person_id)).toContain('G1');
    } finally {
      await other.close();
    }
  });
});

describe('township posts read part by part', () => {
  it('a 职务类别 column, a bracketed 兼, a second post and a blank title', async () => {
    const other = await freshDb();
    try {
      await loadCsv(
        other,
        'posts.csv',
        [
          '人员编号,姓名,出生年月,单位类型,工作单位,现任职务,职务类别,职务层次,全日制学历,统计时点',
          // A second post (两新组织党工委书记) does not hide the first.
          'A1,甲,1986.01,乡镇街道,南城街道,南城街道党工委书记、两新组织党工委书记,,乡科级正职,大学,2025-06-30',
          'A2,乙,1986.01,乡镇街道,甲镇,甲镇党委书记（兼镇长）,,乡科级正职,大学,2025-06-30',
          // The column names one post, the title both.
          'A3,丙,1986.01,乡镇街道,乙镇,乙镇党委书记、镇长,乡镇党委书记,乡科级正职,大学,2025-06-30',
          // No title: a 市直 科员 is in no township population.
          'A4,丁,1990.01,市直,永州市财政局,,,科员,大学,2025-06-30',
          'A5,戊,1986.01,乡镇街道,丙镇,,一肩挑,乡科级正职,大学,2025-06-30',
          // A 人大工委主任 is no street head, in the title or the column.
          'A6,己,1970.01,乡镇街道,北城街道,北城街道党工委书记、人大工委主任,,乡科级正职,大学,2025-06-30',
          'A7,庚,1970.01,乡镇街道,东城街道,东城街道党工委书记,街道党工委书记、人大工委主任,乡科级正职,大学,2025-06-30',
        ].join('\n'),
        '2025-06-30',
      );
      const classes = await other.query<{ person_id: string; pc: string | null }>(
        `SELECT person_id, CAST(post_class AS VARCHAR) AS pc FROM cadres ORDER BY person_id`,
      );
      expect(classes.map((r) => r.pc)).toEqual([
        'township_secretary',
        'township_secretary_head',
        'township_secretary_head',
        null,
        'township_secretary_head',
        'township_secretary',
        'township_secretary',
      ]);
      const r = await computeReport(other, sql, { asOf: '2025-06-30' });
      const m = (id: string) => r.metrics.find((x) => x.id === id)!;
      // Secretaries A1 A2 A3 A5 A6 A7, born ≥ 1980: A1 A2 A3 A5. Heads A2 A3 A5, all ≥ 1985.
      expect([m('J1').numerator, m('J1').denominator]).toEqual([4, 6]);
      expect([m('J2').numerator, m('J2').denominator]).toEqual([3, 3]);
      // Six principals, each once: A6 and A7 (55) are over 50.
      expect([m('J3a').numerator, m('J3a').denominator]).toEqual([2, 6]);
      const ids = async (ruleId: string) =>
        (await eligibilityList(other, sql, { asOf: '2025-06-30', ruleId }))
          .map((x) => x.person_id)
          .sort();
      expect(await ids('S3')).toEqual(['A2', 'A3', 'A5']);
      expect(await ids('S1')).not.toContain('A4');
    } finally {
      await other.close();
    }
  });
});
