import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckClient } from '../../src/core/db.ts';
import {
  changedRules,
  checkRuleSet,
  DEFAULT_RULE_SET,
  parseRuleSet,
  ruleById,
  ruleSetHash,
  RuleSetError,
  stableJson,
  withoutRule,
  withRule,
  type RatioRule,
  type RuleSet,
  type TemplateRule,
} from '../../src/core/policy/index.ts';
import { writeRuleTables } from '../../src/core/policy/tables.ts';
import { cli } from './cli-run.ts';
import { applyFilters, NO_FILTERS, type Filters } from '../../src/core/filters.ts';
import {
  teamMembers,
  teamScores,
  teamsForReport,
  warningText,
  type TeamScore,
} from '../../src/core/policy/teams.ts';
import { computeReport, unitsSummary } from '../../src/core/report.ts';
import { candidates } from '../../src/core/selection/candidates.ts';
import { materializeCube } from '../../src/core/cube.ts';
import { csv, freshDb, loadCsv, sql } from './helpers.ts';

/*
 * The policy engine on a small city worked out by hand. R = 2024-06-30; age = 2024 − birth year
 * − (6 < birth month ? 1 : 0).
 *
 * A 市直, team of 11 (县处级): 2 young (born 1985-01 → 39, 1984-06 → 40) and 9 aged 54 (1970-01),
 *   no woman, no non-CPC member, no 研究生; two with 3 years at the grassroots; principal 1970-01.
 * B 市直, team of 6: principal a man born 1964-10 (59; no delay before 1965-01, retires 2024-10,
 *   within six months), a woman, a non-CPC member, ages 59/45/38/50/48/47, one 研究生, two with
 *   grassroots years, one in post since 2014-01 (10 years).
 * D 市直, team of 6: no principal; a woman, a non-CPC member, one aged 39, ages 55/45, grassroots
 *   2 — everything but a 研究生.
 * C 县市区 in 桃林瑶族自治县, team of 4 (县处级): a woman, all Han, none young, none non-CPC; two
 *   men born 1964-08 (retire 2024-08, within 36 months).
 */
const R = '2024-06-30';
type P = Record<string, string | number | boolean | null>;
let n = 0;
const member = (unit: P, birth: string, extra: P = {}): P => ({
  snapshot_date: R,
  person_id: `p${++n}`,
  name: `测试${n}`,
  gender: '男',
  birth_date: birth,
  level: '县处级副职',
  is_team_member: '是',
  ethnicity: '汉族',
  political_status: '中共党员',
  education_highest: '大学本科',
  is_principal: '否',
  ...unit,
  ...extra,
});
const A = { unit_id: 'A', unit_name: '示例市审计局', unit_type: '市直', region: '市本级' };
const B = { unit_id: 'B', unit_name: '示例市统计局', unit_type: '市直', region: '市本级' };
const D = { unit_id: 'D', unit_name: '示例市档案局', unit_type: '市直', region: '市本级' };
const C = { unit_id: 'C', unit_name: '桃林县委', unit_type: '县市区', region: '桃林瑶族自治县' };
const principal = { level: '县处级正职', is_principal: '是' };
const rows: P[] = [
  member(A, '1985-01', { grassroots_years: 3 }),
  member(A, '1984-06', { grassroots_years: 3 }),
  member(A, '1970-01', principal),
  ...Array.from({ length: 8 }, () => member(A, '1970-01')),
  member(B, '1964-10', principal),
  member(B, '1979-03', { gender: '女', education_highest: '研究生', grassroots_years: 2 }),
  member(B, '1986-01', { political_status: '民盟盟员', grassroots_years: 5 }),
  member(B, '1974-01', { post_since: '2014-01' }),
  member(B, '1976-01'),
  member(B, '1977-01'),
  member(D, '1969-01', { gender: '女' }),
  member(D, '1979-01', { political_status: '无党派人士', grassroots_years: 2 }),
  member(D, '1985-01', { grassroots_years: 2 }),
  member(D, '1974-01'),
  member(D, '1975-01'),
  member(D, '1976-01'),
  member(C, '1964-08', principal),
  member(C, '1964-08'),
  member(C, '1968-01', { gender: '女' }),
  member(C, '1970-01'),
];

let db: DuckClient;
beforeAll(async () => {
  db = await freshDb();
  await loadCsv(db, 'policy.csv', csv(rows));
});
afterAll(() => db?.close());

const ratio = (rs: RuleSet, id: string) => ruleById(rs, id) as RatioRule;
async function report(rs: RuleSet) {
  await writeRuleTables(db, rs);
  try {
    return await computeReport(db, sql, { asOf: R, rules: rs, byUnit: true });
  } finally {
    await writeRuleTables(db, DEFAULT_RULE_SET);
  }
}

describe('rules as data', () => {
  it('Y1 with its target changed to 1/5: 4 of 23 young, needs 5, short by 1', async () => {
    const before = (await report(DEFAULT_RULE_SET)).metrics.find((m) => m.id === 'Y1')!;
    // 1/6 of 23 needs ⌈23/6⌉ = 4: met.
    expect(before).toMatchObject({ numerator: 4, denominator: 23, met: true, gap: 0 });
    const edited = withRule(DEFAULT_RULE_SET, { ...ratio(DEFAULT_RULE_SET, 'Y1'), target: [1, 5] });
    const after = (await report(edited)).metrics.find((m) => m.id === 'Y1')!;
    expect(after).toMatchObject({ numerator: 4, denominator: 23, met: false, gap: 1, target: 0.2 });
    expect(changedRules(edited)).toEqual(new Map([['Y1', 'modified']]));
  });

  it('a custom rule (女干部 ≥ 1/5 of 县处级) is computed like any other, city-wide and by county', async () => {
    const w1: RatioRule = {
      ...ratio(DEFAULT_RULE_SET, 'Y7'),
      id: 'W1',
      custom: true,
      label: { zh: '县处级干部中女干部', en: 'Women among county-level cadres' },
      counted: { maxAge: null, bornFrom: null, bornTo: null, gender: '女' },
      target: [1, 5],
      kpi: false,
      baseline: null,
    };
    const rs = withRule(DEFAULT_RULE_SET, w1, 'yongzhou');
    const r = await report(rs);
    // 县处级: 11 + 6 + 6 + 4 = 27; women: B, D, C one each = 3; ⌈27/5⌉ = 6 → short by 3.
    expect(r.metrics.find((m) => m.id === 'W1')).toMatchObject({
      kind: 'ratio',
      numerator: 3,
      denominator: 27,
      met: false,
      gap: 3,
    });
    expect(
      r.byRegion.filter((u) => u.id === 'W1').map((u) => [u.region, u.numerator, u.denominator]),
    ).toEqual([
      ['市本级', 2, 23],
      ['桃林瑶族自治县', 1, 4],
    ]);
    expect(rs.programmes.find((p) => p.id === 'yongzhou')!.rules).toContain('W1');
    expect(changedRules(rs).get('W1')).toBe('custom');
  });

  it('a share of women below its target is not “年轻干部比例不足”; 汉族 does not count a blank 民族', async () => {
    // W2: women ≥ 1/2 of each 市直 team, per unit: A has none of 11 (short), so would B and D;
    // only the young-cadre rules (Y1 here) raise the young-share warning.
    const w2: RatioRule = {
      ...ratio(DEFAULT_RULE_SET, 'Y1'),
      id: 'W2',
      custom: true,
      counted: { maxAge: null, bornFrom: null, bornTo: null, gender: '女' },
      target: [1, 2],
    };
    // H1: 汉族 ≥ 1/2 of 县处级. Everyone is 汉族 but the one whose 民族 is blanked below: 26/27.
    const h1: RatioRule = {
      ...ratio(DEFAULT_RULE_SET, 'Y7'),
      id: 'H1',
      custom: true,
      counted: { maxAge: null, bornFrom: null, bornTo: null, minority: false },
      target: [1, 2],
      kpi: false,
      baseline: null,
    };
    await db.exec(`UPDATE cadres SET ethnicity = NULL WHERE person_id = 'p1'`);
    await materializeCube(db);
    try {
      const rs = withRule(withRule(DEFAULT_RULE_SET, w2, 'yongzhou'), h1, 'yongzhou');
      await writeRuleTables(db, rs);
      const teams = await teamScores(db, sql, R);
      await writeRuleTables(db, DEFAULT_RULE_SET);
      const youngShort = teams
        .map((t) => [t.unit_id, t.warnings.find((w) => w.kind === 'young_short')?.detail ?? null])
        .sort();
      // A: 2 of 11 aged ≤ 40 (Y1 needs 2: met); B: 38 only, 1 of 6 (needs 1: met); D: 1 of 6
      // met; C: none of 4 for Y2 (a young-cadre rule). W2 (women) is short in A, B and D.
      expect(youngShort).toEqual([
        ['A', null],
        ['B', null],
        ['C', 'Y2:0/4'],
        ['D', null],
      ]);
      const r = await report(rs);
      expect(r.metrics.find((m) => m.id === 'H1')).toMatchObject({
        numerator: 26,
        denominator: 27,
      });
    } finally {
      await db.exec(`UPDATE cadres SET ethnicity = '汉族' WHERE person_id = 'p1'`);
      await materializeCube(db);
    }
  });

  it('a target of 99999/100000 of 25,000 people needs 25,000 (no overflow)', async () => {
    const [r] = await db.query<{ ge: number; gt: number }>(
      `SELECT young_needed(25000, 99999, 100000, '>=')::INTEGER AS ge,
         young_needed(25000, 99999, 100000, '>')::INTEGER AS gt`,
    );
    expect(r).toEqual({ ge: 25000, gt: 25000 });
  });

  it('党外干部 in every 县市区 team: a per-team rule with target “more than 0”', async () => {
    const p1: RatioRule = {
      ...ratio(DEFAULT_RULE_SET, 'Y2'),
      id: 'P1',
      custom: true,
      counted: { maxAge: null, bornFrom: null, bornTo: null, party: '非中共党员' },
      target: [0, 1],
      comparator: '>',
      unverified: false,
    };
    const r = await report(withRule(DEFAULT_RULE_SET, p1, 'yongzhou'));
    expect(r.metrics.find((m) => m.id === 'P1')).toMatchObject({
      numerator: 0,
      denominator: 4,
      gap: 1,
      unitsEvaluated: 1,
      unitsFailing: 1,
    });
  });

  it('reset: the defaults again, the same hash, nothing marked as changed', () => {
    const edited = withRule(DEFAULT_RULE_SET, { ...ratio(DEFAULT_RULE_SET, 'Y1'), target: [1, 5] });
    const reset = checkRuleSet(JSON.parse(JSON.stringify(DEFAULT_RULE_SET)));
    expect(stableJson(reset)).toBe(stableJson(DEFAULT_RULE_SET));
    expect(ruleSetHash(reset)).toBe(ruleSetHash(DEFAULT_RULE_SET));
    expect(ruleSetHash(edited)).not.toBe(ruleSetHash(DEFAULT_RULE_SET));
    expect(changedRules(reset).size).toBe(0);
    // Key order does not change the name.
    const reordered = JSON.parse(
      JSON.stringify(DEFAULT_RULE_SET, Object.keys(DEFAULT_RULE_SET).reverse()),
    );
    expect(ruleSetHash({ ...reordered, ...DEFAULT_RULE_SET })).toBe(ruleSetHash(DEFAULT_RULE_SET));
    expect(withoutRule(DEFAULT_RULE_SET, 'Y8').rules.some((r) => r.id === 'Y8')).toBe(false);
  });
});

describe('a rules file that cannot be used says why, naming the field', () => {
  const file = (edit: (rs: RuleSet & Record<string, unknown>) => void) => {
    const rs = JSON.parse(JSON.stringify(DEFAULT_RULE_SET));
    edit(rs);
    return JSON.stringify(rs);
  };
  const why = (json: string) => {
    try {
      parseRuleSet(json);
    } catch (e) {
      if (e instanceof RuleSetError) return [e.text('zh'), e.text('en')];
      throw e;
    }
    throw new Error('accepted');
  };
  it.each([
    [
      'a target of 7/6',
      (rs: RuleSet) => ((rs.rules[0] as RatioRule).target = [7, 6]),
      '规则 Y1 · 目标：目标 7/6 大于 1（比例不能超过 100%）',
      'rule Y1 · Target: target 7/6 is above 1 (a share cannot exceed 100%)',
    ],
    [
      'a negative age',
      (rs: RuleSet) => ((rs.rules[1] as RatioRule).counted.maxAge = -3),
      '规则 Y2 · 年龄不超过(岁)：应为 0 到 120 之间的整数',
      'rule Y2 · Aged at most: not a whole number from 0 to 120',
    ],
    [
      'an empty population list',
      (rs: RuleSet) => ((rs.rules[2] as RatioRule).population.levels = []),
      '规则 Y3 · 人员范围 · 职务层次：不能为空列表（不限请写 null）',
      'rule Y3 · Population · Level: must not be empty (null means any)',
    ],
    [
      'a misspelt or unknown key (it would be dropped and the rule not do what was meant)',
      (rs: RuleSet) =>
        (((rs.rules[0] as RatioRule).counted as unknown as Record<string, unknown>).minAge = 30),
      '规则 Y1 · counted.minAge：不是可用的设置项（拼写有误，或来自其他版本）',
      'rule Y1 · counted.minAge: not a known setting (misspelt, or from another version)',
    ],
    [
      'a target no share can meet',
      (rs: RuleSet) => {
        const y1 = rs.rules[0] as RatioRule;
        y1.target = [1, 1];
        y1.comparator = '>';
      },
      '规则 Y1 · 目标：目标“大于 1/1”无法达到（比例不会超过 100%）：请改为“不低于”，或较小的目标',
      'rule Y1 · Target: a target of more than 1/1 cannot be met (a share cannot exceed 100%): use “at least”, or a smaller target',
    ],
    [
      'an exit age for something that is no level',
      (rs: RuleSet) => (rs.retirement.exitAges = { 正处: 58 } as Record<string, number>),
      '退出领导岗位年龄 · 正处：不是职务层次，可用：厅局级正职、厅局级副职、县处级正职、县处级副职、乡科级正职、乡科级副职、科员、办事员',
      'Age of leaving leadership posts · 正处: not a level; the levels are 厅局级正职, 厅局级副职, 县处级正职, 县处级副职, 乡科级正职, 乡科级副职, 科员, 办事员',
    ],
    [
      'an exit age out of range',
      (rs: RuleSet) => (rs.retirement.exitAges = { 县处级正职: 30 }),
      '退出领导岗位年龄 · 县处级正职：应为 40 到 75 之间的整数',
      'Age of leaving leadership posts · 县处级正职: not a whole number from 40 to 75',
    ],
    [
      'a wrong type',
      (rs: RuleSet) => ((rs.rules[3] as unknown as Record<string, unknown>).perUnit = 'yes'),
      '规则 Y4 · perUnit：应为 true 或 false',
      'rule Y4 · perUnit: not true or false',
    ],
    [
      'a file without its name',
      (rs: RuleSet) => delete (rs as Partial<RuleSet>).name,
      '规则集名称：应为文字',
      'Rule set name: not text',
    ],
    [
      'a script in a label',
      (rs: RuleSet) => (rs.rules[0].label.zh = '<script>alert(1)</script>'),
      '规则 Y1 · 名称（中文）：不能包含 < > 或控制字符（规则文字只显示为文字）',
      'rule Y1 · Name (Chinese): must not contain < > or control characters (rule text is shown as text)',
    ],
    [
      'template weights that do not total 100',
      (rs: RuleSet) => ((rs.rules.find((r) => r.id === 'T1') as TemplateRule).items[0].weight = 25),
      '规则 T1 · 配备项：各项权重合计应为 100，现为 105',
      'rule T1 · Items: weights must total 100; they total 105',
    ],
    [
      'a prototype key',
      (rs: RuleSet & Record<string, unknown>) =>
        Object.defineProperty(rs.rules[0], '__proto__', { value: { x: 1 }, enumerable: true }),
      '规则 Y1：含有不允许的键（__proto__）',
      'rule Y1: forbidden key __proto__',
    ],
  ])('%s', (_, edit, zh, en) => {
    expect(why(file(edit))).toEqual([zh, en]);
  });

  it('not JSON, or too large', () => {
    expect(why('{')).toEqual(['规则文件：不是 JSON 文件', 'rules file: not a JSON file']);
    expect(why(' '.repeat(600 * 1024))[0]).toContain('大于 512 KB');
  });
});

describe('per-unit counts kept for the unit table and the summary', () => {
  it('follow a rule edit and the filters', async () => {
    await applyFilters(db, NO_FILTERS);
    const failing = async () => (await unitsSummary(db, sql, R)).find((u) => u.metric_id === 'Y1')!;
    const before = await failing();
    expect(before.units_evaluated).toBeGreaterThan(0);
    expect(before.units_failing).toBeLessThan(before.units_evaluated);
    const y1 = ruleById(DEFAULT_RULE_SET, 'Y1') as RatioRule;
    // Nobody counted as young (aged ≤ 0): every team falls short.
    await writeRuleTables(
      db,
      withRule(DEFAULT_RULE_SET, {
        ...y1,
        counted: { ...y1.counted, maxAge: 0, bornFrom: null, bornTo: null },
      }),
    );
    try {
      expect(await failing()).toMatchObject({
        units_evaluated: before.units_evaluated,
        units_failing: before.units_evaluated,
      });
    } finally {
      await writeRuleTables(db, DEFAULT_RULE_SET);
    }
    expect(await failing()).toEqual(before);
    await applyFilters(db, { values: { unit: ['A'] } });
    try {
      expect((await failing()).units_evaluated).toBe(1);
    } finally {
      await applyFilters(db, NO_FILTERS);
    }
    expect(await failing()).toEqual(before);
  });
});

describe('team structure templates (班子结构)', () => {
  let teams: TeamScore[];
  beforeAll(async () => {
    teams = await teamScores(db, sql, R);
  });
  const team = (unit: string) => teams.find((t) => t.unit_id === unit)!;
  const item = (unit: string, id: string) => team(unit).items.find((i) => i.id === id)!;
  const warned = (unit: string) => team(unit).warnings.map((w) => w.id);

  it('A has no woman: that item fails and, being 一票否决, so does the team whatever its score', () => {
    expect(item('A', 'women')).toMatchObject({ required: 1, actual: 0, short: 1 });
    // young 20 + ladder 20 × 2/3 + grassroots 15 = 48.3 (women, non-CPC, 研究生 score 0).
    expect(team('A')).toMatchObject({ template_id: 'T1', members: 11, score: 48.3, vetoed: true });
    expect(team('A').status).toBe('不达标');
    expect(item('A', 'ladder')).toMatchObject({ required: 3, actual: 2, short: 1 });
  });

  it('B meets every item: 100, 达标; D lacks only a 研究生 (weight 15): 85, 基本达标', () => {
    expect(team('B')).toMatchObject({ score: 100, status: '达标', vetoed: false });
    expect(team('D')).toMatchObject({ score: 85, status: '基本达标', vetoed: false });
    expect(item('D', 'postgraduate')).toMatchObject({ required: 1, actual: 0, short: 1 });
  });

  it('the scope filters choose the teams; person filters do not change them', async () => {
    const ids = async (f: Filters) => {
      await applyFilters(db, f);
      try {
        return (await teamScores(db, sql, R)).map((t) => [t.unit_id, t.members, t.score]);
      } finally {
        await applyFilters(db, NO_FILTERS);
      }
    };
    const all = teams.map((t) => [t.unit_id, t.members, t.score]);
    expect(await ids({ values: { region: ['桃林瑶族自治县'] } })).toEqual([
      ['C', 4, team('C').score],
    ]);
    expect((await ids({ values: { unit_type: ['市直'] } })).map((t) => t[0]).sort()).toEqual([
      'A',
      'B',
      'D',
    ]);
    expect(await ids({ values: { unit: ['B'] } })).toEqual([['B', team('B').members, 100]]);
    expect(await ids({ values: { gender: ['女'] }, age: { min: 30, max: 40 } })).toEqual(all);
  });

  it('a minority member is required in an autonomous county: C fails on it (一票否决)', () => {
    expect(team('C').template_id).toBe('T2');
    expect(item('C', 'minority')).toMatchObject({ required: 1, actual: 0, short: 1 });
    expect(team('C')).toMatchObject({ vetoed: true, status: '不达标' });
  });

  it('each preset warning on the team built to raise it, and not on the others', () => {
    // No principal: D only.
    expect(
      teams.filter((t) => t.warnings.some((w) => w.kind === 'no_principal')).map((t) => t.unit_id),
    ).toEqual(['D']);
    // Principal within six months of retirement: B (born 1964-10, retires 2024-10).
    expect(warned('B')).toContain('principal_retiring');
    expect(warned('A')).not.toContain('principal_retiring');
    // Young share below a per-team rule: C (0 of 4 under Y2); D has 1 of 6 (meets 1/6).
    expect(team('C').warnings.find((w) => w.kind === 'young_short')!.detail).toBe('Y2:0/4');
    expect(warned('D')).not.toContain('young_short');
    // Two of C's four retire within three years (2024-08): more than a third.
    expect(team('C').warnings.find((w) => w.kind === 'retiring_soon')!.n).toBe(2);
    expect(warned('A')).not.toContain('retiring_soon');
    // Women / non-CPC below the template: A.
    expect(warned('A')).toContain('women_non_cpc_short');
    expect(warned('B')).not.toContain('women_non_cpc_short');
    // Ten years in post: B.
    expect(team('B').warnings.find((w) => w.kind === 'long_tenure')!.detail).toBe('5:1、8:1、10:1');
    expect(warned('A')).not.toContain('long_tenure');
  });

  it('the people behind an item or a warning are exactly those it counts', async () => {
    const women = await teamMembers(db, sql, R, 'B', 'T1', 'women');
    expect(women.map((p) => p.birth)).toEqual(['1979-03']);
    const all = await teamMembers(db, sql, R, 'B', 'T1');
    expect(all.length).toBe(6);
    expect(all[0].level).toBe('县处级正职'); // the principal first
    const ladder = await teamMembers(db, sql, R, 'A', 'T1', 'ladder');
    expect(ladder.length).toBe(11); // every member is in one of the two filled bands
    const retiring = await teamMembers(db, sql, R, 'C', 'T2', 'retiring_soon');
    expect(retiring.map((p) => p.birth)).toEqual(['1964-08', '1964-08']);
    expect((await teamMembers(db, sql, R, 'B', 'T1', 'long_tenure')).length).toBe(1);
  });

  it('the report CLI’s teams array, with the warnings in words', () => {
    const out = teamsForReport(DEFAULT_RULE_SET, teams);
    expect(out.find((t) => t.unit_id === 'B')).toEqual({
      unit_id: 'B',
      unit: '示例市统计局',
      template: 'T1',
      score: 100,
      status: '达标',
      vetoed: false,
      items: [
        { id: 'women', required: 1, actual: 1, short: 0 },
        { id: 'non_cpc', required: 1, actual: 1, short: 0 },
        { id: 'young', required: 1, actual: 1, short: 0 },
        { id: 'ladder', required: 3, actual: 3, short: 0 },
        { id: 'postgraduate', required: 1, actual: 1, short: 0 },
        { id: 'grassroots', required: 2, actual: 2, short: 0 },
      ],
      warnings: [
        '主要领导半年内到龄（1人）',
        '交流提醒：任现职满5/8/10年（满5年1人，满8年1人，满10年1人）',
      ],
    });
    expect(out.find((t) => t.unit_id === 'A')!.warnings).toEqual([
      '女干部/党外干部配备不达标（女干部缺配1名、党外干部缺配1名）',
    ]);
  });

  it('a switched-off warning is not raised; an edited template changes the score', async () => {
    const rs: RuleSet = {
      ...DEFAULT_RULE_SET,
      warnings: DEFAULT_RULE_SET.warnings.map((w) =>
        w.kind === 'no_principal' ? { ...w, enabled: false } : w,
      ),
    };
    const t1 = ruleById(rs, 'T1') as TemplateRule;
    // No veto on women: A keeps its 48.3 but is no longer failed by the veto (below 70 still).
    const edited = withRule(rs, {
      ...t1,
      items: t1.items.map((i) => (i.id === 'women' ? { ...i, veto: false } : i)),
    });
    await writeRuleTables(db, edited);
    try {
      const t = await teamScores(db, sql, R);
      expect(t.find((x) => x.unit_id === 'D')!.warnings.map((w) => w.kind)).not.toContain(
        'no_principal',
      );
      expect(t.find((x) => x.unit_id === 'A')).toMatchObject({ vetoed: false, status: '不达标' });
    } finally {
      await writeRuleTables(db, DEFAULT_RULE_SET);
    }
  });
});

describe('a score just short of a threshold', () => {
  it('is judged exactly and shown rounded down: D short of a 研究生 weighing 0.04 is 99.9, 基本达标', async () => {
    const t1 = ruleById(DEFAULT_RULE_SET, 'T1') as TemplateRule;
    // Weights still total 100: 研究生 0.04, 基层 29.96. D lacks only the 研究生: 100 − 0.04.
    const edited = withRule(DEFAULT_RULE_SET, {
      ...t1,
      items: t1.items.map((i) =>
        i.id === 'postgraduate'
          ? { ...i, weight: 0.04 }
          : i.id === 'grassroots'
            ? { ...i, weight: 29.96 }
            : i,
      ),
    });
    await writeRuleTables(db, edited);
    try {
      const t = await teamScores(db, sql, R);
      expect(t.find((x) => x.unit_id === 'D')).toMatchObject({ score: 99.9, status: '基本达标' });
      // B meets every item: exactly 100 whatever the weights' floating-point sum.
      expect(t.find((x) => x.unit_id === 'B')).toMatchObject({ score: 100, status: '达标' });
    } finally {
      await writeRuleTables(db, DEFAULT_RULE_SET);
    }
  });
});

describe('三年内到龄超过1/3或3人以上 (retiring_soon)', () => {
  /*
   * 超过 1/3 is strict (DOMAIN.md §2), 3人以上 includes 3. Men born 1964-08 retire 2024-08 (no
   * delay before 1965-01), within 36 months of R; men born 1975-01 retire in 2037. Teams of 市直
   * 县处级 members (template T1):
   * E 6 members, 2 retiring: 2/6 is exactly 1/3, not more, and 2 < 3: no warning.
   * F 9 members, 3 retiring: 3/9 is exactly 1/3, but 3 people: warned.
   * G 5 members, 2 retiring: 2/5 > 1/3: warned.
   */
  const unit = (id: string) => ({
    unit_id: id,
    unit_name: `示例市${id}局`,
    unit_type: '市直',
    region: '市本级',
  });
  const team = (id: string, size: number, retiring: number) =>
    Array.from({ length: size }, (_, i) =>
      member(unit(id), i < retiring ? '1964-08' : '1975-01', i === 0 ? principal : {}),
    );
  let tdb: DuckClient;
  beforeAll(async () => {
    tdb = await freshDb();
    await loadCsv(
      tdb,
      'teams.csv',
      csv([...team('E', 6, 2), ...team('F', 9, 3), ...team('G', 5, 2)]),
    );
  });
  afterAll(() => tdb?.close());

  it('is raised on more than a third or on 3 people, not on exactly a third of 6', async () => {
    const teams = await teamScores(tdb, sql, R);
    const retiring = (id: string) => {
      const t = teams.find((x) => x.unit_id === id)!;
      return [t.members, t.warnings.find((w) => w.kind === 'retiring_soon')?.n ?? null];
    };
    expect(retiring('E')).toEqual([6, null]);
    expect(retiring('F')).toEqual([9, 3]);
    expect(retiring('G')).toEqual([5, 2]);
    // The people behind it are the same two in E, though it is not raised there.
    expect((await teamMembers(tdb, sql, R, 'E', 'T1', 'retiring_soon')).length).toBe(2);
  });
});

describe('team warnings and Y10: the month a member leaves, a township’s principals, years to the day', () => {
  /*
   * R2 = 2024-06-10. H 市直 (T1), 5 members born 1975-01 (statutory retirement in 2037): the
   * principal's 到龄年月 2024-10 is within six months (by 2024-12): 主要领导半年内到龄; two more
   * give 2026-05 and 2027-06, within 36 months (by 2027-06), so with the principal 3 retire: 三年内
   * 到龄 3人. Without 到龄年月 neither warning would be raised. Y1 counts H 0/5, short 1; with the
   * principal leaving within 12 months, 2 target posts. In post since 2019-06-15: 4 years 11
   * months on 2024-06-10 (the 15th not reached); since 2019-06-10: 5 years (满5年, 1 person).
   * K 乡镇街道 示例镇 (T4), no 是否正职: a 正科 人大主席 and 党委副书记 and a 副镇长 — no secretary
   * or head, so no principal (缺主要领导). L, another township, has its 党委书记 but no 镇长: a
   * principal, and a 党政正职 vacant (缺主要领导：缺乡镇长).
   */
  const R2 = '2024-06-10';
  const H = { unit_id: 'H', unit_name: '示例市科技局', unit_type: '市直', region: '市本级' };
  const town = (id: string, name: string) => ({
    unit_id: id,
    unit_name: `示例县${name}`,
    unit_type: '乡镇街道',
    region: '示例县',
  });
  const K = town('K', '示例镇');
  const L = town('L', '另一镇');
  const at = (unit: P, birth: string, extra: P) =>
    member(unit, birth, { snapshot_date: R2, is_principal: null, ...extra });
  const section = { level: '乡科级正职' };
  const rows2 = [
    at(H, '1975-01', { ...principal, retirement_date: '2024-10', post_since: '2019-06-15' }),
    at(H, '1975-01', { retirement_date: '2026-05', post_since: '2019-06-10' }),
    at(H, '1975-01', { retirement_date: '2027-06', is_principal: '否' }),
    at(H, '1975-01', { retirement_date: '2027-07', is_principal: '否' }),
    at(H, '1975-01', { is_principal: '否' }),
    at(K, '1980-01', { ...section, post_title: '示例镇人大主席' }),
    at(K, '1982-01', { ...section, post_title: '示例镇党委副书记' }),
    at(K, '1990-01', { level: '乡科级副职', post_title: '示例镇副镇长', gender: '女' }),
    at(L, '1981-01', { ...section, post_title: '另一镇党委书记' }),
    at(L, '1979-01', { ...section, post_title: '另一镇人大主席' }),
    at(L, '1991-01', { level: '乡科级副职', post_title: '另一镇副镇长', gender: '女' }),
  ];
  let tdb: DuckClient;
  let teams: TeamScore[];
  beforeAll(async () => {
    tdb = await freshDb();
    await loadCsv(tdb, 'teams2.csv', csv(rows2));
    teams = await teamScores(tdb, sql, R2);
  });
  afterAll(() => tdb?.close());
  const warning = (unit: string, kind: string) =>
    teams.find((t) => t.unit_id === unit)!.warnings.find((w) => w.kind === kind);

  it('a principal’s and members’ 到龄年月 raise the retirement warnings', async () => {
    expect(warning('H', 'principal_retiring')?.n).toBe(1);
    expect(warning('H', 'retiring_soon')?.n).toBe(3);
    expect((await teamMembers(tdb, sql, R2, 'H', 'T1', 'retiring_soon')).length).toBe(3);
  });

  it('Y10 counts a post whose holder leaves by 到龄年月 within 12 months', async () => {
    const { teams: targets } = await candidates(tdb, sql, R2);
    expect(targets.find((t) => t.unit_id === 'H' && t.metric_id === 'Y1')).toMatchObject({
      members: 5,
      young: 0,
      short: 1,
      retiring: 1,
      target_posts: 2,
    });
  });

  it('two warnings of one kind each look as far ahead as their own months', async () => {
    // H's principal leaves 2024-10, four months after R2: within the default six months, not
    // within two; its members leave 2024-10, 2026-05, 2027-06: 1 within 12 months, 3 within 36.
    const w = (id: string) => DEFAULT_RULE_SET.warnings.find((x) => x.kind === id)!;
    const rs: RuleSet = {
      ...DEFAULT_RULE_SET,
      warnings: [
        ...DEFAULT_RULE_SET.warnings,
        { ...w('principal_retiring'), id: 'principal_2m', months: 2 },
        { ...w('retiring_soon'), id: 'soon_12m', months: 12, count: 1, share: null },
      ],
    };
    await writeRuleTables(tdb, rs);
    try {
      const h = (await teamScores(tdb, sql, R2)).find((t) => t.unit_id === 'H')!;
      expect(h.warnings.map((x) => [x.id, x.n])).toEqual(
        expect.arrayContaining([
          [w('principal_retiring').id, 1],
          [w('retiring_soon').id, 3],
          ['soon_12m', 1],
        ]),
      );
      expect(h.warnings.map((x) => x.id)).not.toContain('principal_2m');
    } finally {
      await writeRuleTables(tdb, DEFAULT_RULE_SET);
    }
  });

  it('years in post are whole years to the day: 4 years 11 months is not 满5年', async () => {
    expect(warning('H', 'long_tenure')?.n).toBe(1);
    expect((await teamMembers(tdb, sql, R2, 'H', 'T1', 'long_tenure')).length).toBe(1);
  });

  it('a township without 是否正职: its principals are its secretary and head, by the post', async () => {
    const principals = await tdb.query<{ post_title: string; is_principal: boolean | null }>(
      `SELECT post_title, is_principal FROM cadres WHERE unit_id IN ('K', 'L') ORDER BY person_id`,
    );
    expect(principals.map((p) => [p.post_title, p.is_principal])).toEqual([
      ['示例镇人大主席', false],
      ['示例镇党委副书记', false],
      ['示例镇副镇长', false],
      ['另一镇党委书记', true],
      ['另一镇人大主席', false],
      ['另一镇副镇长', false],
    ]);
    // K has neither post filled; L its 书记 but no 镇长: a 党政正职 vacant too, and said which.
    expect(warning('K', 'no_principal')).toMatchObject({ detail: null });
    expect(warning('L', 'no_principal')).toMatchObject({ detail: 'head' });
    const L2 = teams.find((t) => t.unit_id === 'L')!;
    expect(warningText(DEFAULT_RULE_SET, L2, warning('L', 'no_principal')!, 'zh')).toBe(
      '缺主要领导（党政正职空缺）：缺乡镇长',
    );
  });

  it('a township whose other principal has no title is not said to lack its head', async () => {
    // M: a 党委书记 by title, and a 是否正职 principal with a blank title (the 镇长, untold).
    const M = town('M', '第三镇');
    const db3 = await freshDb();
    try {
      await loadCsv(
        db3,
        'm.csv',
        csv([
          at(M, '1981-01', { ...section, post_title: '第三镇党委书记', is_principal: '是' }),
          at(M, '1983-01', { ...section, post_title: null, is_principal: '是' }),
          at(M, '1991-01', { level: '乡科级副职', post_title: '第三镇副镇长', is_principal: '否' }),
        ]),
      );
      const t = await teamScores(db3, sql, R2);
      expect(t.find((x) => x.unit_id === 'M')!.warnings.map((w) => w.kind)).not.toContain(
        'no_principal',
      );
    } finally {
      await db3.close();
    }
  });
});

describe('a template item whose members’ values are blank (report CLI)', () => {
  /*
   * 江华瑶族自治县人民政府 (T2; in an autonomous county its 少数民族 item applies: 1 required,
   * 一票否决, weight 10): 盘志华 and 赵明 have no 民族, 李秀英 and 陈刚 are 汉族. The item is short
   * by 1 and two members might fill it: no veto on missing data, the item scores 0 (90, 基本达标,
   * every other item met) and is said to be unconfirmed.
   */
  it('vetoes a team only when the unknowns could not make up the shortfall, and says so', async () => {
    mkdirSync('tests/.out', { recursive: true });
    const file = 'tests/.out/team-unknown.csv';
    const unit = '江华瑶族自治县人民政府';
    const row = (
      name: string,
      gender: string,
      birth: string,
      ethnicity: string,
      party: string,
      post: string,
      level: string,
      principal: string,
      since: string,
      edu: string,
    ) => ({
      姓名: name,
      性别: gender,
      出生年月: birth,
      民族: ethnicity,
      政治面貌: party,
      单位名称: unit,
      单位类型: '县市区',
      县市区: '江华瑶族自治县',
      现任职务: post,
      职务层次: level,
      是否班子成员: '是',
      是否正职: principal,
      任现职时间: since,
      最高学历: edu,
      '基层工作经历(年)': 3,
    });
    writeFileSync(
      file,
      csv([
        row(
          '盘志华',
          '男',
          '1965.10',
          '',
          '中共党员',
          '江华瑶族自治县县长',
          '县处级正职',
          '是',
          '2021.03',
          '研究生',
        ),
        row(
          '李秀英',
          '女',
          '1965.12',
          '汉族',
          '中共党员',
          '江华瑶族自治县常务副县长',
          '县处级副职',
          '否',
          '2020.06',
          '大学',
        ),
        row(
          '赵明',
          '',
          '1985.06',
          '',
          '中共党员',
          '江华瑶族自治县副县长',
          '县处级副职',
          '否',
          '2023.03',
          '研究生',
        ),
        row(
          '陈刚',
          '男',
          '1975.01',
          '汉族',
          '致公党党员',
          '江华瑶族自治县副县长',
          '县处级副职',
          '否',
          '2019.06',
          '大学',
        ),
      ]),
    );
    const out = JSON.parse(
      (await cli(file, '--as-of', '2025-06-30', '--snapshot', '2025-06-30')).stdout,
    );
    const t = out.teams.find((x: { unit: string }) => x.unit === unit);
    expect(t).toMatchObject({ template: 'T2', score: 90, status: '基本达标', vetoed: false });
    expect(t.items.find((i: { id: string }) => i.id === 'minority')).toMatchObject({
      required: 1,
      actual: 0,
      short: 1,
    });
    expect(t.warnings).toContain('少数民族干部（民族自治地方）待核实（2人民族不详）');
  });
});
