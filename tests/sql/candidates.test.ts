import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckClient } from '../../src/core/db.ts';
import { applyFilters, NO_FILTERS } from '../../src/core/filters.ts';
import {
  checkRuleSet,
  DEFAULT_RULE_SET,
  type CandidatesRule,
  type RatioRule,
  type RuleSet,
  type TemplateRule,
} from '../../src/core/policy/index.ts';
import { writeRuleTables } from '../../src/core/policy/tables.ts';
import { teamScores } from '../../src/core/policy/teams.ts';
import { computeReport } from '../../src/core/report.ts';
import { formatTable } from '../../src/cli/report.ts';
import {
  candidateList,
  candidateMetrics,
  candidates,
} from '../../src/core/selection/candidates.ts';
import { itemChanges, whatIf, type Move } from '../../src/core/selection/whatif.ts';
import { loadSources } from '../../src/core/load.ts';
import { csv, freshDb, loadCsv, parquetToIPC, sql, textFile } from './helpers.ts';

/*
 * Who can close each team's gap (Y10), candidate ranking and 模拟调配 on a city worked out by
 * hand. R = 2026-10-31. One ratio rule Q: township 副科 (乡科级副职 in 乡镇街道) aged ≤ 30, at
 * least 1/3 in every township; one candidates rule K over Q: 科级后备 drawn within the region,
 * 3 candidates a post, retirement within 12 months; one team template T (township 乡科级 team
 * members): a member aged ≤ 30 (weight 50), a woman (weight 50); 达标 at 100, 基本达标 at 50.
 *
 * 东岭县甲镇 X: x1 45, x2 44, x3 40, x4 born 1966-09 (60; retires 1966-09 + 60 years + 6 months
 *   of delay = 2027-03, within 12 months). Q: 0 young of 4, needs ⌈4/3⌉ = 2 → short 2; target
 *   posts 2 + 1 = 3.
 * 东岭县乙镇 Y: y1 29 (a 科级后备), y2 50, y3 48. Q: 1 of 3, needs 1 → met; no target posts.
 * 西岭县丙镇 Z: z1 41, z2 42. Q: 0 of 2, needs 1 → short 1; 1 target post.
 * Reserves (科员 of county bureaus): 东岭县 r1 28 (grassroots 3, 优秀 twice), r2 27 (3, once),
 *   r4 31 (not young), r5 26 (grassroots unknown, twice), r7 28 but 处级后备 (does not feed
 *   副科); 西岭县 r6 25.
 * Candidates for X: y1, r1, r2, r5 = 4 ≥ 3 → its 3 posts covered. For Z: r6 alone → not.
 * Y10 = 3 / 4 = 75%, short of 100% by 1 post.
 * Ranking for X (level closeness, grassroots, 优秀, age): y1 (副科, 0 levels away), then the
 * 科员: r1 and r2 (3 years each; r1 has more 优秀), r5 (grassroots unknown last).
 */
const R = '2026-10-31';
type P = Record<string, string | number | null>;
const person = (id: string, unit: P, birth: string, extra: P = {}): P => ({
  snapshot_date: R,
  person_id: id,
  name: `测试${id}`,
  gender: '男',
  birth_date: birth,
  ethnicity: '汉族',
  political_status: '中共党员',
  education_fulltime: '大学本科',
  ...unit,
  ...extra,
});
const town = (name: string, region: string): P => ({
  unit_id: name,
  unit_name: name,
  unit_type: '乡镇街道',
  region,
  level: '乡科级副职',
  post_title: `${name}副镇长`,
  is_team_member: '是',
});
const bureau = (name: string, region: string): P => ({
  unit_id: name,
  unit_name: name,
  unit_type: '县市区',
  region,
  level: '科员',
  post_title: `${name}科员`,
  is_team_member: '否',
});
const X = town('东岭县甲镇', '东岭县');
const Y = town('东岭县乙镇', '东岭县');
const Z = town('西岭县丙镇', '西岭县');
const FIN = bureau('东岭县财政局', '东岭县');
const EDU = bureau('东岭县教育局', '东岭县');
const WFIN = bureau('西岭县财政局', '西岭县');
const rows: P[] = [
  person('x1', X, '1981-01'),
  person('x2', X, '1982-01'),
  person('x3', X, '1986-01'),
  person('x4', X, '1966-09'),
  person('y1', Y, '1997-05', { reserve: '科级后备' }),
  person('y2', Y, '1976-01'),
  person('y3', Y, '1978-01'),
  person('z1', Z, '1985-01'),
  person('z2', Z, '1984-01'),
  person('r1', FIN, '1998-01', {
    reserve: '科级后备',
    grassroots_years: 3,
    appraisals: '2023年度优秀；2024年度优秀；2025年度称职',
  }),
  person('r2', FIN, '1999-01', {
    reserve: '科级后备',
    grassroots_years: 3,
    appraisals: '2023年度称职；2024年度优秀；2025年度称职',
  }),
  person('r4', FIN, '1995-01', { reserve: '科级后备', grassroots_years: 5 }),
  person('r5', EDU, '2000-01', { reserve: '科级后备', appraisals: '2024优秀,2025优秀' }),
  person('r7', FIN, '1998-06', { reserve: '处级后备', grassroots_years: 9 }),
  person('r6', WFIN, '2001-01', { reserve: '科级后备' }),
];

const Q: RatioRule = {
  id: 'Q',
  kind: 'ratio',
  label: { zh: '乡镇副科级30岁以下', en: 'Township deputies aged ≤ 30' },
  definition: { zh: '', en: '' },
  source: '',
  unverified: false,
  population: {
    unitTypes: ['乡镇街道'],
    levels: ['乡科级副职'],
    postClasses: null,
    teamOnly: false,
  },
  counted: { maxAge: 30, bornFrom: null, bornTo: null },
  target: [1, 3],
  comparator: '>=',
  perUnit: true,
  kpi: false,
  baseline: null,
};
const K: CandidatesRule = {
  id: 'K',
  kind: 'candidates',
  label: { zh: '有3名以上人选的岗位', en: 'Posts with 3+ candidates' },
  definition: { zh: '', en: '' },
  source: '',
  unverified: false,
  population: { unitTypes: null, levels: null, postClasses: null, teamOnly: false },
  rules: ['Q'],
  feeds: [{ levels: ['乡科级正职', '乡科级副职'], reserve: '科级后备', scope: 'region' }],
  minCandidates: 3,
  retiringMonths: 12,
  order: ['level', 'grassroots', 'appraisals', 'age'],
  target: [1, 1],
  comparator: '>=',
};
const T: TemplateRule = {
  id: 'T',
  kind: 'template',
  label: { zh: '乡镇班子', en: 'Township teams' },
  definition: { zh: '', en: '' },
  source: '',
  unverified: false,
  population: {
    unitTypes: ['乡镇街道'],
    levels: ['乡科级正职', '乡科级副职'],
    postClasses: null,
    teamOnly: true,
  },
  items: [
    {
      id: 'young',
      kind: 'young',
      label: { zh: '30岁以下', en: '≤ 30' },
      required: 1,
      weight: 50,
      veto: false,
      maxAge: 30,
    },
    {
      id: 'women',
      kind: 'women',
      label: { zh: '女干部', en: 'Women' },
      required: 1,
      weight: 50,
      veto: false,
    },
  ],
  thresholds: { met: 100, basic: 50 },
};
const rules = (k: CandidatesRule = K): RuleSet =>
  checkRuleSet({
    ...DEFAULT_RULE_SET,
    programmes: [{ id: 'p', title: { zh: 'p', en: 'p' }, source: '', rules: ['Q', k.id, 'T'] }],
    rules: [Q, k, T],
    warnings: [],
  });

let db: DuckClient;
beforeAll(async () => {
  db = await freshDb(rules());
  await loadCsv(db, 'city.csv', csv(rows));
  await applyFilters(db, NO_FILTERS);
});
afterAll(() => db?.close());

const move = (person_id: string, unit_id: string, replaces: string | null = null): Move => ({
  person_id,
  name: null,
  unit_id,
  unit_name: null,
  level: '乡科级副职',
  replaces,
  replaces_name: null,
  rule: 'Q',
});

describe('who can close each gap (Y10)', () => {
  it('target posts per team: places short plus retirements within 12 months', async () => {
    const r = await candidates(db, sql, R);
    expect(
      r.teams.map((t) => [
        t.unit_id,
        t.members,
        t.young,
        t.needed,
        t.short,
        t.retiring,
        t.target_posts,
        t.candidates,
        t.met,
      ]),
    ).toEqual([
      ['东岭县甲镇', 4, 0, 2, 2, 1, 3, 4, true],
      ['西岭县丙镇', 2, 0, 1, 1, 0, 1, 1, false],
    ]);
  });

  it('Y10 = 3 of 4 target posts with 3 or more candidates', async () => {
    const r = await candidates(db, sql, R);
    expect(r.totals).toEqual([
      {
        cand_id: 'K',
        target_posts: 4,
        covered_posts: 3,
        value: 0.75,
        target: 1,
        comparator: '>=',
        met: false,
        gap: 1,
      },
    ]);
    expect(candidateMetrics(rules(), r.totals)[0]).toMatchObject({
      id: 'K',
      kind: 'candidates',
      numerator: 3,
      denominator: 4,
      met: false,
    });
    const report = await computeReport(db, sql, { asOf: R, rules: rules() });
    expect(report.metrics.find((m) => m.id === 'K')).toMatchObject({ value: 0.75, gap: 1 });
    // The report names the teams behind Y10, as the page's gap table does.
    expect(
      report.candidateTeams!.map((t) => [
        t.rule,
        t.metric,
        t.unit,
        t.region,
        t.short,
        t.retiring,
        t.targetPosts,
        t.candidates,
        t.covered,
      ]),
    ).toEqual([
      ['K', 'Q', '东岭县甲镇', '东岭县', 2, 1, 3, 4, true],
      ['K', 'Q', '西岭县丙镇', '西岭县', 1, 0, 1, 1, false],
    ]);
    const text = formatTable(report, rules()).split('\n');
    const at = text.findIndex((l) => l.startsWith('K 目标岗位'));
    expect(text.slice(at, at + 2)).toEqual([
      'K 目标岗位：2 个班子共 4 个（缺配 3，12 个月内到龄 1）；人选不足 3 人的班子 1 个',
      '\tQ\t西岭县\t西岭县丙镇\t目标岗位 1（缺配 1，到龄 0），人选 1 人',
    ]);
    expect(formatTable(report, rules(), 'en')).toContain(
      'K target posts: 4 in 2 teams (3 short, 1 retiring within 12 months); 1 with fewer than 3 candidates',
    );
  });

  it('without a list of rules, covers the per-team rules of young cadres only', async () => {
    // W: women ≥ 1/2 of every township team; every member here is a man, so W is short in both
    // teams. K without its own list still targets Q's 4 posts: no reserve closes a women's gap.
    const W: RatioRule = {
      ...Q,
      id: 'W',
      label: { zh: '乡镇副科级女干部', en: 'Township deputies: women' },
      counted: { maxAge: null, bornFrom: null, bornTo: null, gender: '女' },
      target: [1, 2],
    };
    const all = checkRuleSet({
      ...DEFAULT_RULE_SET,
      programmes: [
        { id: 'p', title: { zh: 'p', en: 'p' }, source: '', rules: ['Q', 'W', 'K', 'T'] },
      ],
      rules: [Q, W, { ...K, rules: null }, T],
      warnings: [],
    });
    const d = await freshDb(all);
    await loadCsv(d, 'city.csv', csv(rows));
    await applyFilters(d, NO_FILTERS);
    const r = await candidates(d, sql, R);
    expect(r.totals).toMatchObject([{ cand_id: 'K', target_posts: 4, covered_posts: 3 }]);
    expect(new Set(r.teams.map((t) => t.metric_id))).toEqual(new Set(['Q']));
    await d.close();
  });

  it('ranks the candidates by level, grassroots years, 优秀 reviews, then age', async () => {
    const list = await candidateList(db, sql, R, 'K', 'Q', '东岭县甲镇');
    expect(list.map((c) => [c.rank, c.person_id, c.level_distance, c.excellent])).toEqual([
      [1, 'y1', 0, 0],
      [2, 'r1', 1, 2],
      [3, 'r2', 1, 1],
      [4, 'r5', 1, 2],
    ]);
    // A team's own members are never its candidates: y1 is not one for 乙镇.
    const forY = await candidateList(db, sql, R, 'K', 'Q', '东岭县乙镇');
    expect(forY.map((c) => c.person_id)).toEqual(['r1', 'r2', 'r5']);
    // Another order, as the rule states it: youngest first.
    await writeRuleTables(db, rules({ ...K, order: ['age'] }));
    try {
      const byAge = await candidateList(db, sql, R, 'K', 'Q', '东岭县甲镇');
      expect(byAge.map((c) => c.person_id)).toEqual(['r5', 'r2', 'r1', 'y1']);
    } finally {
      await writeRuleTables(db, rules());
    }
  });

  it('the scope filters choose the teams: 西岭县 alone is 0 of 1', async () => {
    await applyFilters(db, { values: { region: ['西岭县'] } });
    try {
      const r = await candidates(db, sql, R);
      expect(r.teams.map((t) => t.unit_id)).toEqual(['西岭县丙镇']);
      expect(r.totals[0]).toMatchObject({ target_posts: 1, covered_posts: 0, value: 0 });
    } finally {
      await applyFilters(db, NO_FILTERS);
    }
  });

  it('the person filters do not: women only, the teams and Y10 are those of everyone', async () => {
    const all = await candidates(db, sql, R);
    await applyFilters(db, { values: { gender: ['女'] } });
    try {
      expect(await candidates(db, sql, R)).toEqual(all);
      expect(all.totals[0]).toMatchObject({ target_posts: 4, covered_posts: 3 });
    } finally {
      await applyFilters(db, NO_FILTERS);
    }
  });

  it('a rule edited after the teams were stored counts again: 5 candidates asked, 0 of 4', async () => {
    await candidates(db, sql, R);
    // 甲镇 has 4 candidates and 丙镇 1: neither reaches 5.
    await writeRuleTables(db, rules({ ...K, minCandidates: 5 }));
    try {
      const r = await candidates(db, sql, R);
      expect(r.totals[0]).toMatchObject({ target_posts: 4, covered_posts: 0, met: false });
    } finally {
      await writeRuleTables(db, rules());
    }
  });
});

describe('a post covered by two rules', () => {
  /*
   * Q2: the same people as Q, young at ≤ 35. Under Q2 甲镇 is 0 of 4 (short 2) and 丙镇 0 of 2
   * (short 1); x4's retirement is one post, counted under Q (the first rule), not again under
   * Q2. Candidates under Q2 (≤ 35): for 甲镇 y1, r1, r2, r4, r5 = 5; for 丙镇 r6 alone.
   * Target posts: Q 3 + 1, Q2 2 + 1 = 7; covered: 甲镇's 3 + 2 = 5. Y10 = 5/7 (6/8 if x4 counted twice).
   */
  it('counts the post of a member reaching retirement once', async () => {
    const Q2: RatioRule = {
      ...Q,
      id: 'Q2',
      label: { zh: '乡镇副科级35岁以下', en: '≤ 35' },
      counted: { maxAge: 35, bornFrom: null, bornTo: null },
    };
    const both = checkRuleSet({
      ...DEFAULT_RULE_SET,
      programmes: [
        { id: 'p', title: { zh: 'p', en: 'p' }, source: '', rules: ['Q', 'Q2', 'K', 'T'] },
      ],
      rules: [Q, Q2, { ...K, rules: ['Q', 'Q2'] }, T],
      warnings: [],
    });
    const db2 = await freshDb(both);
    try {
      await loadCsv(db2, 'city.csv', csv(rows));
      const r = await candidates(db2, sql, R);
      expect(
        r.teams.map((t) => [t.metric_id, t.unit_id, t.short, t.retiring, t.target_posts]),
      ).toEqual([
        ['Q', '东岭县甲镇', 2, 1, 3],
        ['Q', '西岭县丙镇', 1, 0, 1],
        ['Q2', '东岭县甲镇', 2, 0, 2],
        ['Q2', '西岭县丙镇', 1, 0, 1],
      ]);
      expect(r.totals[0]).toMatchObject({ target_posts: 7, covered_posts: 5 });
    } finally {
      await db2.close();
    }
  });
});

describe('模拟调配 (what if)', () => {
  it('r6 replaces z1 in 丙镇: the team meets Q and scores 50; city-wide 1/9 → 2/9', async () => {
    const w = await whatIf(db, sql, R, [move('r6', '西岭县丙镇', 'z1')]);
    expect(w.missing).toEqual([]);
    expect(
      w.ratios.map((x) => [x.id, x.b_num, x.b_den, x.b_met, x.a_num, x.a_den, x.a_met]),
    ).toEqual([['Q', 1, 9, false, 2, 9, false]]);
    expect(
      w.units.map((x) => [x.id, x.unit_id, x.b_num, x.b_den, x.b_met, x.a_num, x.a_den, x.a_met]),
    ).toEqual([['Q', '西岭县丙镇', 0, 2, false, 1, 2, true]]);
    expect(
      w.templates.map((x) => [x.id, x.unit_id, x.b_score, x.b_status, x.a_score, x.a_status]),
    ).toEqual([['T', '西岭县丙镇', 0, '不达标', 50, '基本达标']]);
    // 应配 / 实配 / 缺配 of each item: a member aged ≤ 30 now (0 → 1), still no woman (0 → 0).
    expect(itemChanges(w.templates[0], ['young', 'women'])).toEqual([
      { id: 'young', required: 1, before: 0, after: 1 },
      { id: 'women', required: 1, before: 0, after: 0 },
    ]);
    // "Before" is what the scorecard shows.
    const team = (await teamScores(db, sql, R)).find((t) => t.unit_id === '西岭县丙镇')!;
    expect([team.score, team.status]).toEqual([0, '不达标']);
  });

  it('a second move, r1 filling a place in 甲镇: 1 of 5 still short; city-wide 3/10', async () => {
    const w = await whatIf(db, sql, R, [move('r6', '西岭县丙镇', 'z1'), move('r1', '东岭县甲镇')]);
    expect(w.ratios[0]).toMatchObject({ a_num: 3, a_den: 10, a_met: false });
    const x = w.units.find((u) => u.unit_id === '东岭县甲镇')!;
    expect([x.b_num, x.b_den, x.a_num, x.a_den, x.a_met]).toEqual([0, 4, 1, 5, false]);
    const t = w.templates.find((u) => u.unit_id === '东岭县甲镇')!;
    expect([t.b_score, t.a_score, t.a_status, t.b_num, t.a_num]).toEqual([0, 50, '基本达标', 4, 5]);
  });

  it('the roster itself never changes; undoing a move is the scenario without it', async () => {
    const before = await db.query('SELECT count(*)::INTEGER AS n, min(unit_id) AS u FROM cadres');
    await whatIf(db, sql, R, [move('r6', '西岭县丙镇', 'z1')]);
    expect(await db.query('SELECT count(*)::INTEGER AS n, min(unit_id) AS u FROM cadres')).toEqual(
      before,
    );
    expect(await db.query('SELECT count(*)::INTEGER AS n FROM scenario_moves')).toEqual([{ n: 0 }]);
    const none = await whatIf(db, sql, R, []);
    expect(none.ratios[0]).toMatchObject({ b_num: 1, b_den: 9, a_num: 1, a_den: 9 });
    expect(none.units).toEqual([]);
  });

  it('a ratio rule nobody falls under is listed at 0 of 0 before and after', async () => {
    const none: RatioRule = {
      ...Q,
      id: 'Q0',
      population: { ...Q.population, levels: ['厅局级正职'] },
    };
    const rs = rules();
    await writeRuleTables(db, { ...rs, rules: [...rs.rules, none] });
    try {
      const w = await whatIf(db, sql, R, [move('r6', '西岭县丙镇', 'z1')]);
      expect(w.ratios.map((x) => [x.id, x.b_num, x.b_den, x.b_met, x.a_num, x.a_den])).toEqual([
        ['Q', 1, 9, false, 2, 9],
        ['Q0', 0, 0, null, 0, 0],
      ]);
    } finally {
      await writeRuleTables(db, rules());
    }
  });

  it('the city-wide before counts everyone and follows an edited young test', async () => {
    // Kept once per date (whatif_city): a filter does not narrow it ...
    await applyFilters(db, { values: { region: ['西岭县'] } });
    try {
      const w = await whatIf(db, sql, R, [move('r6', '西岭县丙镇', 'z1')]);
      expect(w.ratios[0]).toMatchObject({ b_num: 1, b_den: 9, a_num: 2, a_den: 9 });
    } finally {
      await applyFilters(db, NO_FILTERS);
    }
    // ... and a rule edit counts it again: aged ≤ 41, x3 (40), y1 (29) and z1 (41) are young,
    // 3 of 9; r6 (25) replacing z1 leaves 3 of 9.
    const rs = rules();
    await writeRuleTables(db, {
      ...rs,
      rules: [{ ...Q, counted: { ...Q.counted, maxAge: 41 } }, K, T],
    });
    try {
      const w = await whatIf(db, sql, R, [move('r6', '西岭县丙镇', 'z1')]);
      expect(w.ratios[0]).toMatchObject({ b_num: 3, b_den: 9, a_num: 3, a_den: 9 });
    } finally {
      await writeRuleTables(db, rules());
    }
    const w = await whatIf(db, sql, R, [move('r6', '西岭县丙镇', 'z1')]);
    expect(w.ratios[0]).toMatchObject({ b_num: 1, b_den: 9, a_num: 2, a_den: 9 });
  });

  it('a roster that cannot tell women scores the template on its young item, then a roster that can', async () => {
    // No gender anywhere: the women item is not scored (as on the scorecard), so T is out of
    // its young item alone: 丙镇 0 of 1 before (0, 不达标), r6 (25) for z1 1 of 1 after (100, 达标).
    const other = await freshDb(rules());
    try {
      await loadCsv(other, 'city.csv', csv(rows.map((r) => ({ ...r, gender: '' }))));
      await applyFilters(other, NO_FILTERS);
      const w = await whatIf(other, sql, R, [move('r6', '西岭县丙镇', 'z1')]);
      expect(
        w.templates.map((x) => [x.id, x.unit_id, x.b_score, x.b_status, x.a_score, x.a_status]),
      ).toEqual([['T', '西岭县丙镇', 0, '不达标', 100, '达标']]);
      const team = (await teamScores(other, sql, R)).find((t) => t.unit_id === '西岭县丙镇')!;
      expect([team.score, team.status]).toEqual([0, '不达标']);
      // The same city with its genders, opened in place: the kinds are known again (50, 基本达标).
      await loadSources(other, [textFile('city.csv', csv(rows))], { parquetToIPC, replace: true });
      const again = await whatIf(other, sql, R, [move('r6', '西岭县丙镇', 'z1')]);
      expect(again.templates.map((x) => [x.a_score, x.a_status])).toEqual([[50, '基本达标']]);
    } finally {
      await other.close();
    }
  });

  it('an id that names someone else than the move (another roster reusing ids) is not applied', async () => {
    // The moves were made where r6 was 测试r6 and z1 测试z1; here the ids name other people.
    const named = (m: Move, name: string, replacesName: string | null = null): Move => ({
      ...m,
      name,
      replaces_name: replacesName,
    });
    const same = await whatIf(db, sql, R, [
      named(move('r6', '西岭县丙镇', 'z1'), '测试r6', '测试z1'),
    ]);
    expect(same.missing).toEqual([]);
    expect(same.ratios[0]).toMatchObject({ b_num: 1, b_den: 9, a_num: 2, a_den: 9 });
    const w = await whatIf(db, sql, R, [
      named(move('r6', '西岭县丙镇'), '李明'),
      named(move('r1', '西岭县丙镇', 'z1'), '测试r1', '王芳'),
    ]);
    expect(w.missing).toEqual([
      { index: 0, what: 'person_other' },
      { index: 1, what: 'replaces_other' },
    ]);
    // Neither applies: the city-wide count stays 1/9.
    expect(w.ratios[0]).toMatchObject({ b_num: 1, b_den: 9, a_num: 1, a_den: 9 });
    // A roster row without a name (loaded with a warning) names nobody else: the move applies.
    await db.exec("UPDATE cadres SET name = NULL WHERE person_id = 'r6'");
    try {
      const blank = await whatIf(db, sql, R, [named(move('r6', '西岭县丙镇', 'z1'), '测试r6')]);
      expect(blank.missing).toEqual([]);
      expect(blank.ratios[0]).toMatchObject({ a_num: 2, a_den: 9 });
    } finally {
      await db.exec("UPDATE cadres SET name = '测试r6' WHERE person_id = 'r6'");
    }
  });

  it('a member replaced who is not in that unit (at this date) is not replaced', async () => {
    // z1 serves in 丙镇, not 甲镇: replacing him there would count a post nobody holds.
    const w = await whatIf(db, sql, R, [move('r5', '东岭县甲镇', 'z1')]);
    expect(w.missing).toEqual([{ index: 0, what: 'replaces' }]);
    expect(w.ratios[0]).toMatchObject({ b_num: 1, b_den: 9, a_num: 1, a_den: 9 });
    expect(w.units).toEqual([]);
  });

  it('a place filled in a county 党委 team counts in Y2 and its template as a 县委 member', async () => {
    // 东岭县委: three 常委 aged 50, none young (Y2: ≤ 40, 0 of 3). p1 (36) fills a place as
    // 县处级副职: 1 of 4 in the unit and city-wide, and T2's team has 4 members.
    const county = {
      unit_id: '东岭县委',
      unit_name: '中共东岭县委员会',
      unit_type: '县市区',
      region: '东岭县',
      level: '县处级副职',
      is_team_member: '是',
    };
    const other = await freshDb(DEFAULT_RULE_SET);
    try {
      await loadCsv(
        other,
        'county.csv',
        csv([
          person('d1', { ...county, post_title: '东岭县委常委、组织部部长' }, '1976-01'),
          person('d2', { ...county, post_title: '东岭县委常委、宣传部部长' }, '1976-02'),
          person('d3', { ...county, post_title: '东岭县委常委、统战部部长' }, '1976-03'),
          person('p1', FIN, '1990-01', { level: '乡科级正职' }),
        ]),
      );
      await applyFilters(other, NO_FILTERS);
      const w = await whatIf(other, sql, R, [{ ...move('p1', '东岭县委'), level: '县处级副职' }]);
      expect(w.missing).toEqual([]);
      const y2 = w.ratios.find((x) => x.id === 'Y2')!;
      expect([y2.b_num, y2.b_den, y2.a_num, y2.a_den]).toEqual([0, 3, 1, 4]);
      const unit = w.units.find((x) => x.id === 'Y2' && x.unit_id === '东岭县委')!;
      expect([unit.b_num, unit.b_den, unit.a_num, unit.a_den]).toEqual([0, 3, 1, 4]);
      const t2 = w.templates.find((x) => x.id === 'T2')!;
      expect([t2.unit_id, t2.b_num, t2.a_num]).toEqual(['东岭县委', 3, 4]);
    } finally {
      await other.close();
    }
  });

  it('a move whose person is gone says so; the others still apply', async () => {
    const w = await whatIf(db, sql, R, [
      move('nobody', '西岭县丙镇'),
      move('r6', '西岭县丙镇', 'z1'),
      move('r2', 'no-such-unit'),
      move('r5', '东岭县甲镇', 'gone'),
    ]);
    expect(w.missing).toEqual([
      { index: 0, what: 'person' },
      { index: 2, what: 'unit' },
      { index: 3, what: 'replaces' },
    ]);
    expect(w.ratios[0]).toMatchObject({ a_num: 2, a_den: 9 });
  });
});
