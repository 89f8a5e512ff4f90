import { describe, expect, it } from 'vitest';
import {
  analysisText,
  buildAnalysis,
  type BriefingInput,
} from '../../src/core/briefing/analysis.ts';
import { DEFAULT_RULE_SET, withoutRule, type RuleSet } from '../../src/core/policy/index.ts';
import type { Kpi, MetricResult, Report, TrendPoint } from '../../src/core/report.ts';

/*
 * The written analysis follows the numbers: a ratio that fell says 下降, one that rose 提高, the
 * same value 持平; a rule short says 未达标、还差 N 人 and names its units; when every target is
 * met, 存在问题 says so. The inputs are small and hand-made.
 */
// Only Y7 and J4 among the rules, so the sentences are few.
const rules: RuleSet = DEFAULT_RULE_SET.rules
  .map((r) => r.id)
  .filter((id) => id !== 'Y7' && id !== 'J4')
  .reduce(withoutRule, DEFAULT_RULE_SET);

const y7 = (numerator: number, denominator: number, met: boolean, gap: number): MetricResult => ({
  id: 'Y7',
  kind: 'ratio',
  label: '县处级干部中40岁以下',
  numerator,
  denominator,
  value: numerator / denominator,
  target: 1 / 6,
  comparator: '>=',
  met,
  gap,
});
const report = (metrics: MetricResult[], over: Partial<Report> = {}): Report => ({
  asOf: '2024-12-31',
  snapshotDate: '2024-12-31',
  sources: [],
  rows: { read: 0, loaded: 0, rejected: 0, skipped: 0 },
  rejected: [],
  warnings: [],
  headcount: 200,
  age: {
    mean: 44.25,
    median: 45,
    bands: {
      '35岁及以下': 40,
      '36-40岁': 30,
      '41-45岁': 60,
      '46-50岁': 40,
      '51-55岁': 20,
      '56岁及以上': 10,
    },
  },
  cohorts: {},
  breakdowns: {
    gender: { 男: 150, 女: 50 },
    education: {},
    educationFulltime: {},
    party: { 中共党员: 180, 非中共党员: 20 },
    level: {},
    reserve: {},
    ethnicity: { 汉族: 190, 少数民族: 10 },
  },
  metrics,
  byRegion: [],
  ...over,
});
const kpis = (headDelta: number | null, meanDelta: number | null): Kpi[] => [
  {
    kpi: 'headcount',
    current: 200,
    vs_previous: headDelta,
    vs_year_ago: null,
    previous_date: '2024-11-30',
    year_ago_date: '2023-12-31',
  },
  {
    kpi: 'mean_age',
    current: 44.25,
    vs_previous: 0,
    vs_year_ago: meanDelta,
    previous_date: '2024-11-30',
    year_ago_date: '2023-12-31',
  },
];
const trendY7 = (value: number): TrendPoint => ({
  metric_id: 'Y7',
  snapshot_date: '2023-12-31',
  numerator: 0,
  denominator: 0,
  value,
  target: 1 / 6,
  comparator: '>=',
  met: value >= 1 / 6,
});
/** A unit short of Y7 by `gap`, none of its `denominator` young. */
const unitShort = (unitId: string, unitName: string, denominator: number, gap: number) => ({
  id: 'Y7',
  scope: 'unit' as const,
  region: 'A',
  unitId,
  unitName,
  numerator: 0,
  denominator,
  value: 0,
  met: false,
  gap,
});
const input = (over: Partial<BriefingInput>): BriefingInput => ({
  report: report([y7(40, 200, true, 0)]),
  kpis: kpis(3, -0.4),
  trend: [trendY7(0.18)],
  yearAgoDate: '2023-12-31',
  unitRows: [],
  teams: null,
  rules,
  scope: '全市',
  minorityValues: ['瑶族'],
  ...over,
});
const text = (i: BriefingInput, lang: 'zh' | 'en' = 'zh') => analysisText(buildAnalysis(i, lang));

describe('the written analysis', () => {
  it('a ratio that rose, a headcount that grew, a mean age that fell; every target met', () => {
    const t = text(input({}));
    expect(t).toContain(
      '截至2024-12-31，全市共有干部200人，较上期增加3人；平均年龄44.3岁，较去年同期（2023-12-31）下降0.4岁',
    );
    expect(t).toContain('女干部50人，占25.0%；少数民族干部10人，占5.0%；中共党员180人，占90.0%。');
    // 40/200 = 20.0% against 18.0% a year earlier: up 2.0 points.
    expect(t).toContain(
      'Y7 县处级干部中40岁以下：40/200，占20.0%，达标；较去年同期提高2.0个百分点。',
    );
    expect(t).toContain('存在问题\n各项目标均已达标。');
  });

  it('学历结构: every highest-education category with its share, full-time 本科+ when known', () => {
    const r = report([y7(40, 200, true, 0)]);
    r.breakdowns.education = { 研究生: 30, 大学本科: 120, 大学专科: 40, 中专及以下: 10, 未知: 0 };
    // Full-time: 研究生 10 + 大学本科 90 = 100 of 200 = 50.0%.
    r.breakdowns.educationFulltime = { 研究生: 10, 大学本科: 90, 大学专科: 60, 未知: 40 };
    const sections = buildAnalysis(input({ report: r }), 'zh');
    expect(analysisText(sections)).toContain(
      '学历结构\n按最高学历：研究生30人（15.0%）；大学本科120人（60.0%）；大学专科40人（20.0%）；' +
        '中专及以下10人（5.0%）；全日制大学本科及以上100人，占50.0%。',
    );
    const full = sections
      .find((s) => s.id === 'education')!
      .paragraphs[0].find((p) => typeof p === 'object' && p.value === 100);
    expect(full).toMatchObject({
      people: { segment: { values: { education_fulltime: ['研究生', '大学本科'] } } },
    });
    expect(analysisText(buildAnalysis(input({ report: r }), 'en'))).toContain(
      'Education\nBy highest education: Postgraduate 30 (15.0%); Bachelor 120 (60.0%);',
    );
    // A roster without 全日制学历 (all 未知): no full-time clause.
    r.breakdowns.educationFulltime = { 未知: 200 };
    expect(text(input({ report: r }))).toContain('中专及以下10人（5.0%）。');
    // Nor a section when nobody's education is known.
    r.breakdowns.education = { 未知: 200 };
    expect(text(input({ report: r }))).not.toContain('学历结构');
  });

  it('到龄退休: the windows, then 试用期满 in the board’s months when the rule set has it', () => {
    const retirements = {
      due: 1,
      within12: 4,
      within36: 9,
      within60: 15,
      thisMonth: 1,
      nextMonth: 2,
      thisYear: 3,
    };
    const probation = { months: 12, thisMonth: 5, nextMonth: 6, thisYear: 40 };
    const t = text(input({ retirements: { ...retirements, probation } }));
    expect(t).toContain('其中本月（2024-12）到龄1人，下月（2025-01）2人；2024年全年3人。');
    expect(t).toContain(
      '任职试用期满（提拔任现职务层次满12个月）：本月5人，下月6人，2024年全年40人。',
    );
    expect(text(input({ retirements: { ...retirements, probation } }), 'en')).toContain(
      'Probation ending (12 months after the promotion to the level): this month: 5; next month: 6; in all of 2024: 40.',
    );
    expect(text(input({ retirements }))).not.toContain('试用期');
    // Some with a probation and no date to count it from: said, not left out silently.
    expect(
      text(input({ retirements: { ...retirements, probation: { ...probation, unknown: 7 } } })),
    ).toContain('2024年全年40人；另有7人缺任现职务层次时间，无法计算。');
  });

  it('a ratio that fell and falls short, named units; unchanged figures say 持平', () => {
    const i = input({
      report: report([{ ...y7(30, 200, false, 4), unitsEvaluated: 3, unitsFailing: 2 }]),
      kpis: kpis(0, 0),
      unitRows: [unitShort('u1', '甲局', 5, 1), unitShort('u2', '乙局', 9, 2)],
    });
    // Y7 is not a per-team rule: its units are not listed.
    const t = text(i);
    expect(t).toContain('较上期持平');
    expect(t).toContain('较去年同期（2023-12-31）持平');
    expect(t).toContain(
      'Y7 县处级干部中40岁以下：30/200，占15.0%，未达标、还差4人；较去年同期下降3.0个百分点。',
    );
    // Nor are teams/units counted short of it, even where a report carries such counts.
    expect(t).toContain('存在问题\nY7 县处级干部中40岁以下未达标，还差4人。');
  });

  it('a per-team rule names its units that fall short, most short first', () => {
    const perUnit = {
      ...rules,
      rules: rules.rules.map((r) =>
        r.id === 'Y7' && r.kind === 'ratio' ? { ...r, perUnit: true } : r,
      ),
    };
    const t = text(
      input({
        rules: perUnit,
        report: report([{ ...y7(30, 200, false, 4), unitsEvaluated: 3, unitsFailing: 2 }]),
        unitRows: [unitShort('u1', '甲局', 5, 1), unitShort('u2', '乙局', 9, 2)],
      }),
    );
    expect(t).toContain('；3个班子/单位中2个未达标（乙局、甲局）。');
    expect(t).toContain(
      '存在问题\nY7 县处级干部中40岁以下未达标，还差4人；2个班子/单位未达标（乙局、甲局）。',
    );
  });

  it('存在问题 names a per-team rule met city-wide with teams short, and Y10 short of posts', () => {
    const perUnit = {
      ...DEFAULT_RULE_SET,
      rules: DEFAULT_RULE_SET.rules.map((r) =>
        r.id === 'Y7' && r.kind === 'ratio' ? { ...r, perUnit: true } : r,
      ),
    };
    const y10: MetricResult = {
      id: 'Y10',
      kind: 'candidates',
      label: '',
      numerator: 2,
      denominator: 10,
      value: 0.2,
      target: 1,
      comparator: '>=',
      met: false,
      gap: 8,
    };
    const i = input({
      rules: perUnit,
      report: report([{ ...y7(40, 200, true, 0), unitsEvaluated: 3, unitsFailing: 1 }]),
      candidates: [y10],
      unitRows: [unitShort('u1', '甲局', 5, 1)],
    });
    const t = text(i);
    expect(t).toContain('Y7 县处级干部中40岁以下全市达标，但1个班子/单位未达标（甲局）。');
    expect(t).toContain(
      'Y10 目标岗位中有3名以上后备人选的比例未达标，还差8个岗位（后备人选不足3人）。',
    );
    const en = text({ ...i, report: report([{ ...y7(30, 200, false, 1) }]) }, 'en');
    expect(en).toContain('not met, short by 1 person.');
    expect(en).toContain('not met, short by 8 posts (fewer than 3 candidates).');
  });

  it('a change rule whose baseline is the snapshot of R says there is nothing to compare; in English too', () => {
    const j4: MetricResult = {
      id: 'J4',
      kind: 'change',
      label: '',
      numerator: null,
      denominator: 10,
      value: null,
      target: -5,
      comparator: '<=',
      met: null,
      gap: null,
      measure: 'mean_age',
      current: 41,
      baseline: 41,
      baselineDate: '2024-12-31',
    };
    const i = input({ report: report([y7(40, 200, true, 0), j4]) });
    expect(text(i)).toContain(
      'J4 乡镇(街道)党政正职平均年龄较基期变化(岁)：基期（2024-12-31）与统计时点是同一期数据，无法比较。',
    );
    const en = text(i, 'en');
    expect(en).toContain(
      'the baseline (2024-12-31) and the reference date are the same snapshot: nothing to compare.',
    );
    expect(en).toContain(
      'As of 2024-12-31, 全市 has 200 cadres, up 3 people on the previous snapshot',
    );
    expect(en).toContain(
      'Y7 All county/division-level cadres aged ≤ 40: 40/200, 20.0%, met; against a year earlier up 2.0 points.',
    );
    // J4 compares nothing: it is not counted among the targets met.
    expect(en).toContain('Issues\nEvery target judged is met; J4: no data, not judged.');
    expect(text(i)).toContain('存在问题\n已评价的目标均已达标；J4无数据，未评价。');
  });

  it('names every band of the largest count, says one person, and nothing met with no data', () => {
    const bands = { '35岁及以下': 0, '36-40岁': 1, '41-45岁': 7, '46-50岁': 7, '51-55岁': 0 };
    const tied = input({
      report: report([y7(1, 15, false, 2)], {
        headcount: 15,
        age: { mean: 44, median: 45, bands },
      }),
    });
    expect(text(tied)).toContain('人数最多的年龄段为41-45岁和46-50岁，各7人。');
    expect(text(tied, 'en')).toContain(
      'The largest age bands are aged 41–45 and aged 46–50, with 7 people each.',
    );
    const one = input({
      report: report([{ ...y7(0, 0, false, 0), value: null, met: null, gap: null }], {
        headcount: 1,
        age: {
          mean: 38,
          median: 38,
          bands: { ...bands, '36-40岁': 1, '41-45岁': 0, '46-50岁': 0 },
        },
      }),
    });
    expect(text(one, 'en')).toContain('The largest age band is aged 36–40, with 1 person.');
    // Band rules (J3a) describe, with no target: never "no data".
    const j3a: MetricResult = {
      id: 'J3a',
      kind: 'band',
      label: '',
      numerator: 3,
      denominator: 10,
      value: 0.3,
      target: null,
      comparator: null,
      met: null,
      gap: null,
    };
    const withBand = { ...DEFAULT_RULE_SET };
    expect(text(input({ rules: withBand, report: report([y7(40, 200, true, 0), j3a]) }))).toContain(
      '存在问题\n各项目标均已达标。',
    );
    // Y7 is 0/0: no target was judged, so none is said to be met.
    expect(text(one)).toContain('存在问题\n没有可评价的目标（均无数据）。');
    expect(text(one, 'en')).toContain('Issues\nNo target can be judged (no data for any).');
  });

  it('a change that rounds onto its target shows one more digit', () => {
    const j4: MetricResult = {
      id: 'J4',
      kind: 'change',
      label: '',
      numerator: null,
      denominator: 10,
      value: -4.964,
      target: -5,
      comparator: '<=',
      met: false,
      gap: null,
      measure: 'mean_age',
      current: 40,
      baseline: 44.964,
      baselineDate: '2023-12-31',
      baselineCount: 10,
    };
    const t = text(input({ report: report([y7(40, 200, true, 0), j4]) }));
    expect(t).toContain('较基期（2023-12-31）下降4.96岁，未达标。');
    const far = text(input({ report: report([y7(40, 200, true, 0), { ...j4, value: -3.04 }]) }));
    expect(far).toContain('较基期（2023-12-31）下降3.0岁，未达标。');
  });

  it('under a filter, a per-team rule met is met in the scope, not city-wide', () => {
    const perUnit = {
      ...rules,
      rules: rules.rules.map((r) =>
        r.id === 'Y7' && r.kind === 'ratio' ? { ...r, perUnit: true } : r,
      ),
    };
    const i = input({
      rules: perUnit,
      scope: '东安县',
      report: report([{ ...y7(40, 200, true, 0), unitsEvaluated: 1, unitsFailing: 1 }]),
      unitRows: [unitShort('u1', '甲局', 5, 1)],
    });
    expect(text(i)).toContain('Y7 县处级干部中40岁以下总体达标，但1个班子/单位未达标（甲局）。');
    expect(text(i, 'en')).toContain('met overall, but 1 team/unit short (甲局).');
    expect(text(i, 'en')).toContain('; 1 team/unit, 1 short (甲局).');
    // A filter on people: a team's check counts the members it keeps, and the text says so.
    const women = { ...i, scope: '东安县（已筛选：性别=女）', personFiltered: true };
    expect(text(women)).toContain('总体达标，但按筛选保留的成员计，1个班子/单位未达标（甲局）。');
    expect(text(women)).toContain('；按筛选保留的成员计，1个班子/单位中1个未达标（甲局）');
    expect(text(women, 'en')).toContain(
      'met overall, but 1 team/unit short (counting only the members the filters keep) (甲局).',
    );
  });

  it('every number part carries its value, and the ratio’s numbers open its people', () => {
    const sections = buildAnalysis(input({}), 'zh');
    const young = sections.find((s) => s.id === 'young')!.paragraphs[0];
    const numbers = young.filter((p) => typeof p !== 'string');
    expect(numbers[0]).toMatchObject({
      text: '40',
      value: 40,
      people: { metricId: 'Y7', young: 'young' },
    });
    expect(numbers[1]).toMatchObject({ text: '200', value: 200, people: { metricId: 'Y7' } });
  });
});

describe('the briefing CLI’s dates', () => {
  it('takes the snapshot in force at --baseline, as the JSON report does', async () => {
    const { baselineInForce } = await import('../../src/cli/briefing.ts');
    const dates = ['2025-09-30', '2026-08-31', '2026-09-30'];
    expect(baselineInForce(dates, '2026-09-15', 'zh')).toBe('2026-08-31');
    expect(baselineInForce(dates, '2026-08-31', 'zh')).toBe('2026-08-31');
    expect(baselineInForce(dates, '2026-09-30', 'en')).toBe('2026-09-30');
  });
});
