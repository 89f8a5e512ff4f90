import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckClient } from '../../src/core/db.ts';
import {
  DEFAULT_RULE_SET,
  ruleById,
  withRule,
  type EligibilityRule,
} from '../../src/core/policy/index.ts';
import { writeRuleTables } from '../../src/core/policy/tables.ts';
import { loadSources } from '../../src/core/load.ts';
import { applyFilters, NO_FILTERS } from '../../src/core/filters.ts';
import {
  columnPresence,
  criteriaOf,
  eligibilityCount,
  eligibilityList,
  eligibilityReport,
  eligibilitySummary,
  eligibilityUnits,
  missingColumns,
  shownCriteria,
  tenureSource,
  type EligibilityRow,
} from '../../src/core/selection/eligibility.ts';
import { failureText, markedCell } from '../../src/core/selection/text.ts';
import { computeReport } from '../../src/core/report.ts';
import { csv, freshDb, loadCsv, parquetToIPC, sql, textFile } from './helpers.ts';

/*
 * Shanxi S1–S4, Jincheng G1 and Anqiu G2 on a small roster worked out by hand. R = 2026-10-31;
 * age = 2026 − birth year − (10 < birth month ? 1 : 0); whole months from s to R =
 * (2026·12 + 10) − (s.year·12 + s.month). Every row is loaded through the loader, so post
 * classes, party and education are read from the words a roster uses.
 *
 * Township secretaries (S1: ≤ 50, highest 本科+, ≥ 3 years, last three reviews 称职/优秀;
 * S2 the same at ≤ 45):
 *   a1 born 1976-10 → 50 on R's month: S1 eligible; S2 near (age). Full-time 大专, in-service
 *      本科 → highest 本科: passes S1's education test (fails S3's full-time one: not a head).
 *   a2 born 1975-10 → 51: "年龄 51 > 50", near for S1.
 *   a3 born 1975-11 → still 50 (turns 51 in November): S1 eligible.
 *   a4 secretary since 2023-11 → 35 months = 2年11个月 < 3年: near (tenure); qualifies within
 *      12 months (47 months then).
 *   a5 since 2023-10 → 36 months = 3 years: eligible; reviews "2022年度称职；2023年度称职；
 *      2024年度基本称职" → fails (near: appraisals).
 *   a6 reviews "2024称职,2025优秀": two on record → ? (待核实); the third review within 12
 *      months makes it qualify.
 *   a7 reviews out of order "2025年度称职；2023年度优秀；2024年度称职；2022年度不称职": the
 *      three most recent are 2025, 2024, 2023 → pass; title "甲镇党委书记、人大主席".
 *   a8 no 任现职时间 and one snapshot → tenure ? (待核实).
 *   s1 secretary of 甲镇 from 2019-03 (snapshots 2019-12, 2020-12), 副县长 from 2021-06 (2021-12),
 *      secretary of 丙镇 from 2025-08 (2025-12, R): 27 + 14 = 41 months = 3年5个月 → passes.
 *   k1 东岭县委书记 (县市区, 县处级正职): not a township secretary, in no S1 population.
 * Township heads (S3: ≤ 40, full-time 本科+):
 *   h1 "乙镇党委副书记、镇长", 38, full-time 大专 with in-service 本科 → fails full-time (near).
 *   h2 "丙镇镇长", 40, full-time 本科 → eligible.
 * S4 (市直/县市区, 县处级 ≤ 38, 乡科级 ≤ 32, 中共党员, full-time 本科+; k1, aged 50, is a near miss):
 *   d1 市直 乡科级副职, 30, 中共预备党员, 本科 → eligible (a probationary member is a member).
 *   d2 the same with 政治面貌 empty → ? (待核实, missing party).
 *   d3 县市区 县处级副职, 39 → "年龄 39 > 38": near.
 *   d4 乡镇 乡科级副职 aged 30: in a township, not in S4's population.
 * G2 (市直 乡科级副职, full-time 本科+, grassroots < 2 years): d1 (1.5) eligible; d2 (empty) ?;
 *   g1 (grassroots 2) near.
 */
const R = '2026-10-31';
type P = Record<string, string | number | null>;
const TOWN = { unit_type: '乡镇街道', region: '东岭县', level: '乡科级正职' };
const base = (id: string, extra: P): P => ({
  snapshot_date: R,
  person_id: id,
  name: `测试${id}`,
  gender: '男',
  ethnicity: '汉族',
  political_status: '中共党员',
  education_fulltime: '大学本科',
  appraisals: '2023年度称职；2024年度优秀；2025年度称职',
  grassroots_years: 10,
  ...extra,
});
const secretary = (id: string, town: string, birth: string, extra: P = {}): P =>
  base(id, {
    ...TOWN,
    unit_name: `东岭县${town}`,
    post_title: `东岭县${town}党委书记`,
    birth_date: birth,
    post_since: '2018-01',
    ...extra,
  });
const rows: P[] = [
  secretary('a1', '甲镇', '1976-10', {
    education_fulltime: '大专',
    education_inservice: '在职大学',
  }),
  secretary('a2', '乙镇', '1975-10'),
  secretary('a3', '丁镇', '1975-11'),
  secretary('a4', '戊镇', '1980-01', { post_since: '2023-11' }),
  secretary('a5', '己镇', '1980-01', {
    post_since: '2023-10',
    appraisals: '2022年度称职；2023年度称职；2024年度基本称职',
  }),
  secretary('a6', '庚镇', '1980-01', { appraisals: '2024称职,2025优秀' }),
  secretary('a7', '辛镇', '1980-01', {
    post_title: '东岭县辛镇党委书记、人大主席',
    appraisals: '2025年度称职；2023年度优秀；2024年度称职；2022年度不称职',
  }),
  secretary('a8', '壬镇', '1980-01', { post_since: null }),
  // s1's career across snapshots.
  secretary('s1', '甲镇', '1978-05', { snapshot_date: '2019-12-31', post_since: '2019-03' }),
  secretary('s1', '甲镇', '1978-05', { snapshot_date: '2020-12-31', post_since: '2019-03' }),
  base('s1', {
    snapshot_date: '2021-12-31',
    unit_name: '东岭县人民政府',
    unit_type: '县市区',
    region: '东岭县',
    level: '县处级副职',
    post_title: '东岭县副县长',
    birth_date: '1978-05',
    post_since: '2021-06',
  }),
  secretary('s1', '丙镇', '1978-05', { snapshot_date: '2025-12-31', post_since: '2025-08' }),
  secretary('s1', '丙镇', '1978-05', { post_since: '2025-08' }),
  base('k1', {
    unit_name: '东岭县委',
    unit_type: '县市区',
    region: '东岭县',
    level: '县处级正职',
    post_title: '东岭县委书记',
    birth_date: '1976-01',
  }),
  base('h1', {
    ...TOWN,
    level: '乡科级副职',
    unit_name: '东岭县乙镇',
    post_title: '东岭县乙镇党委副书记、镇长',
    birth_date: '1988-01',
    education_fulltime: '大专',
    education_inservice: '在职大学',
  }),
  base('h2', {
    ...TOWN,
    level: '乡科级副职',
    unit_name: '东岭县丙镇',
    post_title: '东岭县丙镇镇长',
    birth_date: '1986-10',
  }),
  base('d1', {
    unit_name: '示例市统计局',
    unit_type: '市直',
    region: '市本级',
    level: '乡科级副职',
    post_title: '示例市统计局副局长',
    birth_date: '1996-01',
    political_status: '中共预备党员',
    grassroots_years: 1.5,
  }),
  base('d2', {
    unit_name: '示例市统计局',
    unit_type: '市直',
    region: '市本级',
    level: '乡科级副职',
    post_title: '示例市统计局综合科科长',
    birth_date: '1996-01',
    political_status: null,
    grassroots_years: null,
  }),
  base('d3', {
    unit_name: '东岭县人民政府',
    unit_type: '县市区',
    region: '东岭县',
    level: '县处级副职',
    post_title: '东岭县副县长',
    birth_date: '1987-01',
  }),
  base('d4', {
    ...TOWN,
    level: '乡科级副职',
    unit_name: '东岭县甲镇',
    post_title: '东岭县甲镇副镇长',
    birth_date: '1996-01',
  }),
  base('g1', {
    unit_name: '示例市审计局',
    unit_type: '市直',
    region: '市本级',
    level: '乡科级副职',
    post_title: '示例市审计局副局长',
    birth_date: '1990-01',
    grassroots_years: 2,
  }),
];

let db: DuckClient;
beforeAll(async () => {
  db = await freshDb();
  await loadCsv(db, 'selection.csv', csv(rows));
  await applyFilters(db, NO_FILTERS);
});
afterAll(() => db?.close());

const rule = (id: string) => ruleById(DEFAULT_RULE_SET, id) as EligibilityRule;
const list = (ruleId: string) => eligibilityList(db, sql, { asOf: R, ruleId });
const byId = async (ruleId: string) =>
  new Map((await list(ruleId)).map((r) => [r.person_id, r] as [string, EligibilityRow]));
const brief = (r: EligibilityRow | undefined) =>
  r && { status: r.status, failed: r.failed, missing: r.missing };

describe('S1: township secretaries to city posts', () => {
  it('looks at every township secretary and no one else (a 县委书记 is not one)', async () => {
    const ids = [...(await byId('S1')).keys()].sort();
    expect(ids).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 's1']);
  });

  it('age exactly 50 at R is eligible; 51 is not; month precision', async () => {
    const s1 = await byId('S1');
    expect(brief(s1.get('a1'))).toEqual({ status: 'eligible', failed: [], missing: [] });
    expect(brief(s1.get('a2'))).toEqual({ status: 'near', failed: ['age'], missing: [] });
    expect(failureText(rule('S1'), s1.get('a2')!, 'age', 'zh')).toBe('年龄 51 > 50');
    expect(failureText(rule('S1'), s1.get('a2')!, 'age', 'en')).toBe('Age 51 > 50');
    expect(s1.get('a3')!.age).toBe(50);
    expect(s1.get('a3')!.status).toBe('eligible');
  });

  it('2 years 11 months as secretary is not 3 years; 3 years is', async () => {
    const s1 = await byId('S1');
    expect(s1.get('a4')).toMatchObject({ status: 'near', failed: ['tenure'], tenure_months: 35 });
    expect(failureText(rule('S1'), s1.get('a4')!, 'tenure', 'zh')).toBe(
      '任乡镇(街道)党(工)委书记 2年11个月 < 3年',
    );
    expect(s1.get('a5')).toMatchObject({ s_tenure: 'pass', tenure_months: 36 });
  });

  it('a 基本称职 among the last three reviews fails; two on record is ?', async () => {
    const s1 = await byId('S1');
    expect(brief(s1.get('a5'))).toEqual({ status: 'near', failed: ['appraisals'], missing: [] });
    expect(brief(s1.get('a6'))).toEqual({ status: 'unknown', failed: [], missing: ['appraisals'] });
    expect(markedCell(rule('S1'), s1.get('a6')!, 'appraisals', 'zh')).toBe(
      '? 仅2年：2025优秀 2024称职',
    );
  });

  it('reads reviews as rosters write them: 合格 grades, a year in brackets, 近三年均为称职, ranges', async () => {
    const list = async (text: string) =>
      (
        await db.query<{ l: { y: number | null; r: string }[] }>(`SELECT appraisal_list($1) AS l`, [
          text,
        ])
      )[0].l.map((x) => `${x.y ?? ''}${x.r}`);
    // 事业单位 staff are graded 合格 / 基本合格 / 不合格: as 称职 / 基本称职 / 不称职.
    expect(await list('2022年度合格；2023年度基本合格；2024年度优秀')).toEqual([
      '2024优秀',
      '2023基本称职',
      '2022称职',
    ]);
    expect(await list('称职（2022）、称职（2023）、优秀（2024年度）')).toEqual([
      '2024优秀',
      '2023称职',
      '2022称职',
    ]);
    expect(await list('近三年均为称职')).toEqual(['称职', '称职', '称职']);
    // No grade that year is no 称职以上.
    expect(await list('2022称职,2023未定等次,2024称职')).toEqual([
      '2024称职',
      '2023不定等次',
      '2022称职',
    ]);
    // A range written backwards is the same years; two ranges are both read.
    expect(await list('2024-2022年度称职，2021年度优秀')).toEqual([
      '2024称职',
      '2023称职',
      '2022称职',
      '2021优秀',
    ]);
    // A year followed by something else than a grade (an award) has no grade on record; years
    // listed before one grade share it.
    expect(await list('2021年度记三等功，2022年度称职')).toEqual(['2022称职']);
    expect(await list('2021年、2022年，均为称职')).toEqual(['2022称职', '2021称职']);
    expect(await list('2019-2020年度称职，2022-2024年度优秀')).toEqual([
      '2024优秀',
      '2023优秀',
      '2022优秀',
      '2020称职',
      '2019称职',
    ]);
  });

  it('reviews out of order: the three most recent years count', async () => {
    const a7 = (await byId('S1')).get('a7')!;
    expect(a7.post_class).toBe('township_secretary');
    expect(a7).toMatchObject({ status: 'eligible', appraisal_last: '2025称职 2024称职 2023优秀' });
  });

  it('years as secretary across snapshots: 27 months in 甲镇 and 14 in 丙镇', async () => {
    const s = (await byId('S1')).get('s1')!;
    expect(s).toMatchObject({ tenure_months: 41, tenure_exact: true, s_tenure: 'pass' });
    expect(markedCell(rule('S1'), s, 'tenure', 'zh')).toBe('✓ 3年5个月');
    const presence = await columnPresence(db, sql, R);
    expect(tenureSource(presence)).toBe('snapshots');
  });

  it('no 任现职时间 on one snapshot: the tenure is ?', async () => {
    const a8 = (await byId('S1')).get('a8')!;
    expect(brief(a8)).toEqual({ status: 'unknown', failed: [], missing: ['tenure'] });
  });

  it('counts: 9 secretaries, 4 eligible, 2 待核实, 3 near; 2 qualify within 12 months', async () => {
    const c = (await eligibilitySummary(db, sql, R)).find(
      (x) => x.rule_id === 'S1' && x.scope === 'city',
    );
    // eligible a1 a3 a7 s1; unknown a6 a8; near a2 a4 a5; within 12 months a4 (47 months) and
    // a6 (a third review).
    expect(c).toMatchObject({ population: 9, eligible: 4, unknown: 2, near: 3, will_qualify: 2 });
    const later = (await list('S1')).filter((r) => r.will_qualify).map((r) => r.person_id);
    expect(later.sort()).toEqual(['a4', 'a6']);
  });

  it('S2: the same people at ≤ 45 — a1 and a3 (50) become near misses', async () => {
    const s2 = await byId('S2');
    expect(brief(s2.get('a1'))).toEqual({ status: 'near', failed: ['age'], missing: [] });
    expect(failureText(rule('S2'), s2.get('a1')!, 'age', 'zh')).toBe('年龄 50 > 45');
    // a2 fails age and nothing else: 51 > 45, still one criterion.
    expect(s2.get('a2')!.status).toBe('near');
  });
});

describe('a list stored for paging, sorting and counting', () => {
  it('follows the filters, the rules and the data', async () => {
    const ids = async () => (await list('S1')).map((r) => r.person_id).sort();
    const all = await list('S1');
    expect(all).toHaveLength(9);
    const unit = all.find((r) => r.person_id === 'a1')!.unit_id!;
    await applyFilters(db, { values: { unit: [unit] } });
    try {
      const east = all.filter((r) => r.unit_id === unit).map((r) => r.person_id);
      expect(east.length).toBeGreaterThan(0);
      expect(east.length).toBeLessThan(9);
      expect(await ids()).toEqual(east.sort());
      expect(await eligibilityCount(db, sql, { asOf: R, ruleId: 'S1' })).toBe(east.length);
    } finally {
      await applyFilters(db, NO_FILTERS);
    }
    expect(await ids()).toEqual(all.map((r) => r.person_id).sort());
    // S1 at ≤ 45, as S2: a1 (50) becomes a near miss, then eligible again with the defaults.
    const s1 = rule('S1');
    await writeRuleTables(
      db,
      withRule(DEFAULT_RULE_SET, {
        ...s1,
        criteria: { ...s1.criteria, age: s1.criteria.age!.map((a) => ({ ...a, maxAge: 45 })) },
      }),
    );
    try {
      expect((await byId('S1')).get('a1')!.status).toBe('near');
    } finally {
      await writeRuleTables(db, DEFAULT_RULE_SET);
    }
    expect((await byId('S1')).get('a1')!.status).toBe(
      all.find((r) => r.person_id === 'a1')!.status,
    );
  });

  it('a new roster is judged, not the stored rows', async () => {
    const other = await freshDb();
    try {
      await loadCsv(other, 'a.csv', csv(rows));
      await applyFilters(other, NO_FILTERS);
      const first = eligibilityList(other, sql, { asOf: R, ruleId: 'S1' });
      expect(await first).toHaveLength(9);
      await loadSources(other, [textFile('b.csv', csv(rows.filter((r) => r.person_id !== 'a1')))], {
        parquetToIPC,
        replace: true,
      });
      const again = await eligibilityList(other, sql, { asOf: R, ruleId: 'S1' });
      expect(again.map((r) => r.person_id)).not.toContain('a1');
      expect(again).toHaveLength(8);
    } finally {
      await other.close();
    }
  });
});

describe('S3, S4, G1, G2', () => {
  it('S3: "党委副书记、镇长" is a head; full-time 大专 with highest 本科 fails S3', async () => {
    const s3 = await byId('S3');
    expect([...s3.keys()].sort()).toEqual(['h1', 'h2']);
    expect(s3.get('h1')).toMatchObject({
      education_highest: '大学本科',
      status: 'near',
      failed: ['fulltime_education'],
    });
    expect(failureText(rule('S3'), s3.get('h1')!, 'fulltime_education', 'zh')).toBe(
      '全日制学历 大学专科 < 大学本科',
    );
    expect(s3.get('h2')!.status).toBe('eligible');
    // The same education passes S1's (highest) test: a1.
    expect((await byId('S1')).get('a1')!.s_education).toBe('pass');
  });

  it('S4: a 预备党员 passes the party test; an empty 政治面貌 is ?; townships are out', async () => {
    const s4 = await byId('S4');
    expect(s4.has('d4')).toBe(false);
    expect(s4.has('a1')).toBe(false);
    expect(brief(s4.get('d1'))).toEqual({ status: 'eligible', failed: [], missing: [] });
    expect(brief(s4.get('d2'))).toEqual({ status: 'unknown', failed: [], missing: ['party'] });
    expect(markedCell(rule('S4'), s4.get('d2')!, 'party', 'zh')).toBe('? 未填写');
    expect(failureText(rule('S4'), s4.get('d3')!, 'age', 'zh')).toBe('年龄 39 > 38');
    expect(s4.get('d3')!.status).toBe('near');
  });

  it('G2: grassroots less than 2 years; 2 fails; empty is ?', async () => {
    const g2 = await byId('G2');
    expect([...g2.keys()].sort()).toEqual(['d1', 'd2', 'g1']);
    expect(g2.get('d1')!.status).toBe('eligible');
    expect(brief(g2.get('d2'))).toEqual({ status: 'unknown', failed: [], missing: ['grassroots'] });
    expect(brief(g2.get('g1'))).toEqual({ status: 'near', failed: ['grassroots'], missing: [] });
  });

  it('G1: age limits by level, others ≤ 35; priority for young and reserves', async () => {
    const g1 = await byId('G1');
    // Everyone at R: 县处级 ≤ 45 (k1 50 ✗, d3 39 ✓), 乡科级 ≤ 40 (secretaries 46–51 ✗,
    // a4–a8 46 ✗, h1 38 ✓, h2 40 ✓, d1 d2 d4 30 ✓, g1 36 ✓).
    expect(g1.get('k1')!.failed).toEqual(['age']);
    expect(g1.get('h2')!.status).toBe('eligible');
    expect(g1.get('h2')!.priority).toBe(false);
    expect(g1.get('d1')!.priority).toBe(true);
  });
});

describe('views and report', () => {
  it('per region and per unit', async () => {
    const regions = (await eligibilitySummary(db, sql, R)).filter(
      (x) => x.rule_id === 'S4' && x.scope === 'region',
    );
    expect(regions.map((r) => [r.region, r.population, r.eligible, r.unknown, r.near])).toEqual([
      ['东岭县', 2, 0, 0, 2],
      ['市本级', 3, 1, 1, 1],
    ]);
    const units = await eligibilityUnits(db, sql, R, 'S4');
    expect(units.map((u) => [u.unit_name, u.population, u.eligible])).toEqual([
      ['东岭县人民政府', 1, 0],
      ['东岭县委', 1, 0],
      ['示例市审计局', 1, 0],
      ['示例市统计局', 2, 1],
    ]);
  });

  it('the report CLI’s eligibility array: counts and the people eligible, unknown or near', async () => {
    const r = await computeReport(db, sql, { asOf: R });
    const s1 = r.eligibility!.find((e) => e.id === 'S1')!;
    expect(s1).toMatchObject({ population: 9, eligible: 4, unknown: 2, nearMiss: 3 });
    expect(s1.people.map((p) => p.person_id).sort()).toEqual(
      ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 's1'].sort(),
    );
    expect(s1.people.find((p) => p.person_id === 'a2')).toMatchObject({
      status: 'near',
      failed: ['age'],
      missing: [],
      reasons: ['年龄 51 > 50'],
      age: 51,
      level: '乡科级正职',
      will_qualify: false,
    });
    // The two counted as qualifying within 12 months are named.
    expect(s1.people.filter((p) => p.will_qualify).map((p) => p.person_id)).toEqual(
      expect.arrayContaining(['a4', 'a6']),
    );
    expect(s1.people.filter((p) => p.will_qualify)).toHaveLength(2);
    expect(r.eligibility!.map((e) => e.id)).toEqual(['S1', 'S2', 'S3', 'S4', 'G1', 'G2']);
    // Every near miss's reason, from the few values the report's query sends, reads as the list's
    // own row puts it in words.
    let near = 0;
    for (const e of r.eligibility!) {
      const full = new Map((await list(e.id)).map((x) => [x.person_id, x]));
      for (const p of e.people.filter((x) => x.status === 'near')) {
        near++;
        const row = full.get(p.person_id)!;
        expect(p.reasons).toEqual(row.failed.map((id) => failureText(rule(e.id), row, id, 'zh')));
      }
    }
    expect(near).toBeGreaterThan(5);
    // The report judges a city's rules in one pass; a province's one rule at a time, alike.
    const oneAtATime = await eligibilityReport(db, sql, DEFAULT_RULE_SET, R, 'zh', {
      cadres: Infinity,
    });
    expect(oneAtATime).toEqual(r.eligibility);
  });

  it('a sorted, filtered, paged list', async () => {
    const page = await eligibilityList(db, sql, {
      asOf: R,
      ruleId: 'S1',
      statuses: ['eligible', 'unknown'],
      sort: 'age',
      descending: true,
      limit: 2,
    });
    // Ties by unit: 丁镇 before 甲镇.
    expect(page.map((r) => [r.person_id, r.age])).toEqual([
      ['a3', 50],
      ['a1', 50],
    ]);
    expect(
      await eligibilityCount(db, sql, { asOf: R, ruleId: 'S1', statuses: ['eligible', 'unknown'] }),
    ).toBe(6);
    const failedTenure = await eligibilityList(db, sql, {
      asOf: R,
      ruleId: 'S1',
      criterion: { id: 'tenure', state: 'fail' },
    });
    expect(failedTenure.map((r) => r.person_id)).toEqual(['a4']);
    const searched = await eligibilityList(db, sql, { asOf: R, ruleId: 'S1', search: '辛镇' });
    expect(searched.map((r) => r.person_id)).toEqual(['a7']);
  });
});

describe('the report’s lists as JSON text (eligibility_report.sql)', () => {
  it('json_text writes any text as JSON reads it back', async () => {
    const texts = [
      '张三',
      'a"b',
      'c\\d',
      '第一行\n第二行',
      'tab\there',
      'bell\u0007',
      '\u001f',
      '',
      '"',
    ];
    for (const t of texts) {
      const [{ j }] = await db.query<{ j: string }>('SELECT json_text(?::VARCHAR) AS j', [t]);
      expect(JSON.parse(j)).toBe(t);
    }
    const [n] = await db.query<{ a: string; b: string; c: string; d: string }>(
      `SELECT json_text(NULL::VARCHAR) AS a, json_value(2.9166666666666665::DOUBLE) AS b,
        json_value(false) AS c, json_value(NULL::INTEGER) AS d`,
    );
    expect([n.a, n.b, n.c, n.d].map((x) => JSON.parse(x))).toEqual([
      null,
      2.9166666666666665,
      false,
      null,
    ]);
  });
});

describe('rosters that lack a column', () => {
  it('no appraisals column: ? for everyone, and the column to add with its headers', async () => {
    const db2 = await freshDb();
    try {
      const noReviews = rows
        .filter((r) => r.snapshot_date === R)
        .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'appraisals')));
      await loadCsv(db2, 'no-reviews.csv', csv(noReviews));
      const s1 = await eligibilityList(db2, sql, { asOf: R, ruleId: 'S1' });
      expect(s1.every((r) => r.s_appraisals === 'unknown')).toBe(true);
      expect(s1.filter((r) => r.status === 'eligible')).toEqual([]);
      const hints = missingColumns(rule('S1'), await columnPresence(db2, sql, R));
      expect(hints).toEqual([
        {
          criterion: 'appraisals',
          column: 'appraisals',
          headers: expect.arrayContaining(['近三年考核结果', '年度考核']),
        },
      ]);
      // One snapshot: years as secretary from 任现职时间.
      expect(tenureSource(await columnPresence(db2, sql, R))).toBe('post_since');
      // Neither a years column nor 任现职时间: nowhere to take them from.
      expect(tenureSource({ rows_at: 5, snapshots: 1, secretary_years: 0, post_since: 0 })).toBe(
        'none',
      );
    } finally {
      await db2.close();
    }
  });

  it('reviews in one column per year (2023年度考核 …) and years as secretary from its column', async () => {
    const db2 = await freshDb();
    try {
      const text = [
        '人员编号,姓名,出生年月,现任职务,单位类型,职务层次,最高学历,2023年度考核,2024年度考核,2025年度考核,任乡镇(街道)党(工)委书记累计年限,统计时点',
        'y1,甲,1980-01,甲镇党委书记,乡镇街道,乡科级正职,大学本科,称职,优秀,称职,3,2026-10-31',
        'y2,乙,1980-01,乙镇党委书记,乡镇街道,乡科级正职,大学本科,称职,,基本称职,2.9,2026-10-31',
      ].join('\n');
      await loadCsv(db2, 'years.csv', text);
      const s1 = new Map(
        (await eligibilityList(db2, sql, { asOf: R, ruleId: 'S1' })).map((r) => [r.person_id, r]),
      );
      expect(s1.get('y1')).toMatchObject({
        appraisals: '2023年度称职；2024年度优秀；2025年度称职',
        tenure_months: 36,
        status: 'eligible',
      });
      // 2.9 years = 35 months; 2025 基本称职 fails.
      expect(s1.get('y2')).toMatchObject({
        appraisals: '2023年度称职；2025年度基本称职',
        tenure_months: 35,
        failed: ['tenure', 'appraisals'],
        status: 'fail',
      });
      expect(tenureSource(await columnPresence(db2, sql, R))).toBe('column');
      const report = await eligibilityReport(db2, sql, DEFAULT_RULE_SET, R);
      expect(report.find((e) => e.id === 'S1')!.tenureSource).toBe('column');
    } finally {
      await db2.close();
    }
  });
});

/*
 * Reviews and years as rosters write them, R = 2026-10-31; every secretary born 1980-01 (46),
 * 大学本科, 累计年限 5 unless said. The three most recent reviews decide:
 *   r1 "'23称职、'24优秀、'25基本称职": two-digit years; 2025 基本称职 fails.
 *   r2 "称职、称职、基本称职": no years, listed oldest first; a 基本称职 among the three fails.
 *   r3 "2023、2024年度称职，2025年度优秀": 2023 shares 2024's result → eligible.
 *   r4 "2023-2025年度均为称职": a range of years → eligible.
 *   r5 "2023年度称职；2024年度；2025年度优秀": 2024 has no result (not 优秀) → two on record, ?.
 *   r6 累计年限 blank, 任现职时间 2025-01 (21 months as secretary here, perhaps more elsewhere):
 *      the column records the years and this cell does not → ?, not a fail.
 *   r7 累计年限 "三年" → 36 months → eligible.
 *   r8 "中共丁镇委员会书记" is the township secretary → eligible.
 *   r9 "中共戊镇纪律检查委员会书记" is the discipline secretary, in no S1 population.
 */
describe('reviews and years as rosters write them', () => {
  it('two-digit years, no years, shared results, ranges, 三年, a blank cell, the formal title', async () => {
    const db2 = await freshDb();
    try {
      const ok = '2023年度称职；2024年度称职；2025年度称职';
      const line = (id: string, title: string, reviews: string, years = '5', since = '2022-01') =>
        `${id},${id},1980-01,${title},乡镇街道,乡科级正职,大学本科,${reviews},${years},${since},2026-10-31`;
      const text = [
        '人员编号,姓名,出生年月,现任职务,单位类型,职务层次,最高学历,近三年考核结果,任乡镇(街道)党(工)委书记累计年限,任现职时间,统计时点',
        line('r1', '甲镇党委书记', "'23称职、'24优秀、'25基本称职"),
        line('r2', '乙镇党委书记', '称职、称职、基本称职'),
        line('r3', '丙镇党委书记', '"2023、2024年度称职，2025年度优秀"'),
        line('r4', '丁镇党委书记', '2023-2025年度均为称职'),
        line('r5', '戊镇党委书记', '2023年度称职；2024年度；2025年度优秀'),
        line('r6', '己镇党委书记', ok, '', '2025-01'),
        line('r7', '庚镇党委书记', ok, '三年', '2025-01'),
        line('r8', '中共丁镇委员会书记', ok),
        line('r9', '中共戊镇纪律检查委员会书记', ok),
      ].join('\n');
      await loadCsv(db2, 'written.csv', text);
      const s1 = await eligibilityList(db2, sql, { asOf: R, ruleId: 'S1' });
      expect(
        s1
          .map((r) => [r.person_id, r.status, r.s_appraisals, r.s_tenure])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      ).toEqual([
        ['r1', 'near', 'fail', 'pass'],
        ['r2', 'near', 'fail', 'pass'],
        ['r3', 'eligible', 'pass', 'pass'],
        ['r4', 'eligible', 'pass', 'pass'],
        ['r5', 'unknown', 'unknown', 'pass'],
        ['r6', 'unknown', 'pass', 'unknown'],
        ['r7', 'eligible', 'pass', 'pass'],
        ['r8', 'eligible', 'pass', 'pass'],
      ]);
    } finally {
      await db2.close();
    }
  });
});

/*
 * "Qualifies within 12 months" is some month m = 1 … 12 after R at which every criterion passes,
 * the age and the years growing a month a month. Worked by hand at R = 2026-10 (age = 2026 −
 * birth year − (10 < birth month ? 1 : 0); one snapshot, so the months as secretary are those
 * since 任现职时间), S1 ≤ 50, S2 ≤ 45, 36 months as secretary:
 *   w1 born 1976-02 (50; 51 from 2027-02, m = 4), since 2023-11 (35 months; 36 at m = 1):
 *      S1 at m = 1 aged 50 → counted (everything at R + 12, aged 51, missed him).
 *   w2 born 1981-03 (45; 46 from 2027-03, m = 5), since 2023-12 (34; 36 at m = 2): S2 at m = 2
 *      aged 45 → counted; S1 too.
 *   w3 born 1976-03 (50; 51 from m = 5), since 2024-05 (29; 36 at m = 7, aged 51) → not counted.
 *   w4 born 1975-12 (50; 51 from 2026-12, m = 2), since 2023-12 (36 at m = 2, aged 51) → not.
 *   w5 born 1975-12 as w4, since 2023-11 (36 at m = 1, still 50) → counted.
 *   w6 born 1985-01, since 2024-11 (23; 36 at m = 13) → not counted, in S1 or S2.
 *   w7 born 1985-01, since 2024-10 (24; 36 at m = 12) → counted in both.
 *   w8 as w1 with two reviews on record: the third may come in any month, so at m = 1 → counted.
 *   w9 as w2 with highest education 大专: education does not change → not counted.
 */
describe('qualifies within 12 months: some month passes every criterion', () => {
  const soon: P[] = [
    secretary('w1', '甲镇', '1976-02', { post_since: '2023-11' }),
    secretary('w2', '乙镇', '1981-03', { post_since: '2023-12' }),
    secretary('w3', '丙镇', '1976-03', { post_since: '2024-05' }),
    secretary('w4', '丁镇', '1975-12', { post_since: '2023-12' }),
    secretary('w5', '戊镇', '1975-12', { post_since: '2023-11' }),
    secretary('w6', '己镇', '1985-01', { post_since: '2024-11' }),
    secretary('w7', '庚镇', '1985-01', { post_since: '2024-10' }),
    secretary('w8', '辛镇', '1976-02', {
      post_since: '2023-11',
      appraisals: '2024年度称职；2025年度优秀',
    }),
    secretary('w9', '壬镇', '1981-03', { post_since: '2023-12', education_fulltime: '大专' }),
  ];
  let db2: DuckClient;
  beforeAll(async () => {
    db2 = await freshDb();
    await loadCsv(db2, 'soon.csv', csv(soon));
    await applyFilters(db2, NO_FILTERS);
  });
  afterAll(() => db2?.close());
  const within = async (ruleId: string, at = R) =>
    (await eligibilityList(db2, sql, { asOf: at, ruleId }))
      .filter((r) => r.will_qualify)
      .map((r) => r.person_id)
      .sort();

  it('nobody is eligible at R: each lacks the years as secretary', async () => {
    const s1 = new Map(
      (await eligibilityList(db2, sql, { asOf: R, ruleId: 'S1' })).map((r) => [r.person_id, r]),
    );
    expect([...s1.values()].every((r) => r.status !== 'eligible')).toBe(true);
    expect(s1.get('w1')).toMatchObject({ age: 50, tenure_months: 35, failed: ['tenure'] });
    expect(s1.get('w4')).toMatchObject({ age: 50, tenure_months: 34, failed: ['tenure'] });
    expect(s1.get('w6')).toMatchObject({ tenure_months: 23, failed: ['tenure'] });
  });

  it('S1: the month the years arrive decides, not R + 12 months', async () => {
    expect(await within('S1')).toEqual(['w1', 'w2', 'w5', 'w7', 'w8']);
    const c = (await eligibilitySummary(db2, sql, R)).find(
      (x) => x.rule_id === 'S1' && x.scope === 'city',
    );
    expect(c).toMatchObject({ population: 9, eligible: 0, will_qualify: 5 });
  });

  it('S2: reaching 3 years at 45 counts though 46 comes within the year', async () => {
    // w1 w3 w4 w5 w8 are over 45 already; w9 lacks the education.
    expect(await within('S2')).toEqual(['w2', 'w7']);
  });

  it('a month later the same people are eligible (w1, w2) or still to come (w7)', async () => {
    const s1 = new Map(
      (await eligibilityList(db2, sql, { asOf: '2026-11-30', ruleId: 'S1' })).map((r) => [
        r.person_id,
        r,
      ]),
    );
    expect(s1.get('w1')!.status).toBe('eligible');
    expect(s1.get('w5')!.status).toBe('eligible');
    expect(s1.get('w4')!.status).toBe('near');
    expect(s1.get('w7')!.will_qualify).toBe(true);
    // w6 now reaches 36 months in month 12.
    expect(s1.get('w6')!.will_qualify).toBe(true);
  });

  it('a minimum age and years in post within a range: both tested at the same month', async () => {
    // S3 as 36–40 with 2 to 5 years in post (24 ≤ months < 60); township heads:
    //   h3 born 1991-02 (35; 36 at m = 4), in post since 2025-01 (21; 24 at m = 3): at m = 4
    //      36 and 25 months → counted.
    //   h4 born 1991-02, since 2022-01 (57; 60 at m = 3): 36 only when the post is 61 months
    //      → not counted.
    //   h5 born 1991-11 (34; 36 at 2027-11, m = 13), since 2024-01 → not counted.
    //   h6 born 1991-02, since 2022-06 (52; 60 at m = 8): at m = 4 36 and 56 months → counted
    //      (at R + 12 the post, 64 months, is past 5 years).
    const head = (id: string, birth: string, since: string): P =>
      base(id, {
        ...TOWN,
        level: '乡科级副职',
        unit_name: `东岭县${id}镇`,
        post_title: `东岭县${id}镇镇长`,
        birth_date: birth,
        post_since: since,
      });
    const db3 = await freshDb();
    try {
      await loadCsv(
        db3,
        'heads.csv',
        csv([
          head('h3', '1991-02', '2025-01'),
          head('h4', '1991-02', '2022-01'),
          head('h5', '1991-11', '2024-01'),
          head('h6', '1991-02', '2022-06'),
        ]),
      );
      await applyFilters(db3, NO_FILTERS);
      const s3 = rule('S3');
      await writeRuleTables(
        db3,
        withRule(DEFAULT_RULE_SET, {
          ...s3,
          criteria: {
            ...s3.criteria,
            age: [{ levels: null, minAge: 36, maxAge: 40 }],
            postYears: { minYears: 2, lessThan: 5 },
          },
        }),
      );
      const rows3 = await eligibilityList(db3, sql, { asOf: R, ruleId: 'S3' });
      const got = rows3.map((r) => [r.person_id, r.age, r.post_months, r.will_qualify]);
      expect(got.sort()).toEqual([
        ['h3', 35, 21, true],
        ['h4', 35, 57, false],
        ['h5', 34, 33, false],
        ['h6', 35, 52, true],
      ]);
    } finally {
      await db3.close();
    }
  });

  it('years as secretary from their column (2.92 years = 35 months): C1 and B1 of R = 2025-06', async () => {
    const other = await freshDb();
    try {
      const text = [
        '人员编号,姓名,出生年月,现任职务,单位类型,职务层次,最高学历,近三年考核结果,任乡镇(街道)党(工)委书记累计年限,统计时点',
        // 50 at R, 51 from 2025-12; 36 months in 2025-07.
        'C1,甲,1974.12,甲镇党委书记,乡镇街道,乡科级正职,大学本科,2022年度称职；2023年度优秀；2024年度称职,2.92,2025-06-30',
        // 45 at R, 46 from 2026-01; 36 months in 2025-07.
        'B1,乙,1980.01,乙镇党委书记,乡镇街道,乡科级正职,大学本科,2022年度称职；2023年度优秀；2024年度称职,2.92,2025-06-30',
      ].join('\n');
      await loadCsv(other, 'column.csv', text);
      const at = '2025-06-30';
      const will = async (ruleId: string) =>
        (await eligibilityList(other, sql, { asOf: at, ruleId }))
          .filter((r) => r.will_qualify)
          .map((r) => r.person_id)
          .sort();
      expect(await will('S1')).toEqual(['B1', 'C1']);
      expect(await will('S2')).toEqual(['B1']);
      const report = await eligibilityReport(other, sql, DEFAULT_RULE_SET, at);
      expect(
        report.filter((e) => e.id === 'S1' || e.id === 'S2').map((e) => e.willQualify),
      ).toEqual([2, 1]);
    } finally {
      await other.close();
    }
  });

  it('an age that fails at every level names the bound; a 职级 gives the level; a review after R is not on record', async () => {
    const other = await freshDb();
    try {
      const text = [
        '人员编号,姓名,出生年月,现任职务,单位类型,职务层次,职级,统计时点',
        // 49 at R: over S2's 45 at any level; with no level, G1's loosest bound is 45 (县处级).
        'L1,甲,1975.06,甲镇党委书记,乡镇街道,乡科级正职,,2024-12-31',
        'L2,乙,1975.06,乙镇党委书记,乡镇街道,,,2024-12-31',
        'L3,丙,1970.06,丙镇党委书记,乡镇街道,,,2024-12-31',
        // A 职级 and no 职务层次: its level by DOMAIN.md §3 (四级调研员 ≈ 县处级副职 ≤ 45,
        // 一级主任科员 ≈ 乡科级正职 ≤ 40).
        'L4,丁,1980.06,县财政局四级调研员,县市区,,四级调研员,2024-12-31',
        'L5,戊,1982.06,县财政局一级主任科员,县市区,,一级主任科员,2024-12-31',
      ].join('\n');
      // A review of a year after R's is not on record at R: the last three are 2022–2024.
      const reviews = [
        '人员编号,姓名,出生年月,现任职务,单位类型,职务层次,近三年考核结果,统计时点',
        'R1,己,1980.06,己镇党委书记,乡镇街道,乡科级正职,2022年度称职；2023年度称职；2024年度称职；2025年度基本称职,2024-12-31',
      ].join('\n');
      await loadCsv(other, 'levels.csv', text);
      await loadCsv(other, 'reviews.csv', reviews);
      const report = await eligibilityReport(other, sql, DEFAULT_RULE_SET, '2024-12-31');
      const reasons = (id: string) =>
        Object.fromEntries(
          report.find((e) => e.id === id)!.people.map((p) => [p.person_id, p.reasons]),
        );
      expect(reasons('S2')).toMatchObject({ L1: ['年龄 49 > 45'], L2: ['年龄 49 > 45'] });
      // G1 at 乡科级 ≤ 40; with no level, over 45 fails at every level (县处级's bound).
      expect(reasons('G1')).toMatchObject({
        L1: ['年龄 49 > 40'],
        L2: ['年龄 49 > 45'],
        L3: ['年龄 54 > 45'],
        L5: ['年龄 42 > 40'],
      });
      const g1 = report.find((e) => e.id === 'G1')!.people;
      expect(g1.find((p) => p.person_id === 'L4')).toMatchObject({ failed: [], reasons: [] });
      expect(g1.find((p) => p.person_id === 'L4')!.missing).not.toContain('age');
      const r1 = report.find((e) => e.id === 'S1')!.people.find((p) => p.person_id === 'R1')!;
      expect([...r1.failed, ...r1.missing]).not.toContain('appraisals');
    } finally {
      await other.close();
    }
  });
  it('a 职级 without a 职务层次 is at its equivalent level for the level a rule tests (G2)', async () => {
    // G2: 市直 乡科级副职 leading cadres. M1 二级调研员 (≈ 县处级正职) is not in it; M3 四级主任科员
    // (≈ 乡科级副职) is, but a 职级 is no 领导职务: 待核实 on the level, else as M2 (副科, 35,
    // full-time 本科, 1 year of grassroots), who is eligible.
    const other = await freshDb();
    try {
      await loadCsv(
        other,
        'g2.csv',
        [
          '人员编号,姓名,性别,出生年月,单位,县市区,职务,职务层次,职级,全日制学历,基层工作经历(年),政治面貌,统计时点',
          'M1,甲,男,1975.03,示例市民政局,市直,示例市民政局二级调研员,,二级调研员,大学,1,中共党员,2025-06-30',
          'M2,乙,男,1990.03,示例市民政局,市直,示例市民政局救助科副科长,副科,,大学,1,中共党员,2025-06-30',
          'M3,丙,男,1990.04,示例市民政局,市直,示例市民政局四级主任科员,,四级主任科员,大学,1,中共党员,2025-06-30',
        ].join('\n'),
      );
      const report = await eligibilityReport(other, sql, DEFAULT_RULE_SET, '2025-06-30');
      const g2 = report.find((e) => e.id === 'G2')!;
      expect([g2.population, g2.eligible, g2.unknown, g2.nearMiss]).toEqual([2, 1, 1, 0]);
      const g2people = Object.fromEntries(g2.people.map((p) => [p.person_id, p]));
      expect(Object.keys(g2people).sort()).toEqual(['M2', 'M3']);
      expect(g2people.M2.status).toBe('eligible');
      expect([g2people.M3.status, g2people.M3.missing]).toEqual(['unknown', ['level']]);
      // S4 looks at 县处级 and 乡科级 cadres: M1 may be one (? on the level), and at 县处级's
      // age limit, 50 over 38.
      const s4 = report.find((e) => e.id === 'S4')!.people.find((p) => p.person_id === 'M1')!;
      expect([s4.failed, s4.missing, s4.reasons]).toEqual([['age'], ['level'], ['年龄 50 > 38']]);
    } finally {
      await other.close();
    }
  });
});

describe('the selection and flows macros', () => {
  it('are created when a statement first names one, each once, the flows after those they use', async () => {
    const db = await freshDb();
    // The names are spelt in pieces here: a statement that names them has them created.
    const macros = async () =>
      (
        await db.query<{ n: string }>(
          `SELECT function_name AS n FROM duckdb_functions()
           WHERE function_name IN ('eligibility' || '_rows', 'json' || '_text', 'promotion' || '_rows')
           ORDER BY n`,
        )
      ).map((r) => r.n);
    expect(await macros()).toEqual([]);
    expect((await db.query<{ t: string }>(`SELECT json_text('a"b') AS t`))[0].t).toBe('"a\\"b"');
    expect(await macros()).toEqual(['eligibility_rows', 'json_text']);
    await db.query(`SELECT count(*) AS n FROM promotion_rows(DATE '2024-12-31', false)`);
    expect(await macros()).toEqual(['eligibility_rows', 'json_text', 'promotion_rows']);
    await db.close();
  });
});

describe('reviews, posts, unknown fields and tenure at their edges (R = 2025-06-30)', () => {
  const R = '2025-06-30';
  const GOOD = '2022年度称职；2023年度优秀；2024年度称职';
  const statusOf = async (db: DuckClient, ruleId: string) =>
    Object.fromEntries(
      (await eligibilityList(db, sql, { asOf: R, ruleId })).map((r) => [
        r.person_id,
        `${r.status}${r.failed.length ? ' ✗' + r.failed.join(',') : ''}${r.missing.length ? ' ?' + r.missing.join(',') : ''}`,
      ]),
    );
  const withDb = async (f: (db: DuckClient) => Promise<void>) => {
    const other = await freshDb();
    try {
      await f(other);
    } finally {
      await other.close();
    }
  };

  it('a year’s review is on record once the year has ended; a space inside a grade is no space', () =>
    withDb(async (other) => {
      // Secretaries aged 45 with 本科 and six years in post: only the reviews decide.
      const row = (id: string, town: string, reviews: string) =>
        `${id},${id}名,1980.06,大学,${town},${town}党委书记,乡科级正职,2019.01,${reviews},${R}`;
      await loadCsv(
        other,
        'reviews.csv',
        [
          '人员编号,姓名,出生年月,全日制学历,工作单位,现任职务,职务层次,任现职时间,近三年考核结果,统计时点',
          // 2025 is not on record at 2025-06-30: 2022 基本称职 is among the last three.
          row('E01', '甲镇', '2022年度基本称职；2023年度称职；2024年度称职；2025年度优秀'),
          // Two years on record.
          row('E02', '乙镇', '2023年度称职；2024年度称职；2025年度称职'),
          // 2025's 不称职 is not on record yet.
          row('E04', '丙镇', '2022年度称职；2023年度称职；2024年度称职；2025年度不称职'),
          // Grades padded as forms print them.
          row('F01', '丁镇', '2022年度称　职；2023年度优　秀；2024年度称 职'),
          row('F02', '戊镇', '2022年度称职；2023年度称职；2024年度不　称职'),
          row('F03', '己镇', '2022年度称职；2023年度称职；2024年度基本 称职'),
        ].join('\n'),
      );
      expect(await statusOf(other, 'S1')).toEqual({
        E01: 'near ✗appraisals',
        E02: 'unknown ?appraisals',
        E04: 'eligible',
        F01: 'eligible',
        F02: 'near ✗appraisals',
        F03: 'near ✗appraisals',
      });
    }));

  it('a street’s 纪工委, 团工委 or 两新组织党工委 secretary is no township secretary; an empty unit type or level is ?; 全日制 alone does not show the highest', () =>
    withDb(async (other) => {
      const report = await loadCsv(
        other,
        'posts.csv',
        [
          '人员编号,姓名,出生年月,政治面貌,全日制学历,单位类型,工作单位,现任职务,职务层次,任现职时间,近三年考核结果,统计时点',
          `R1,甲,1980.06,中共党员,大学,乡镇街道,南城街道,南城街道党工委委员、纪工委书记,乡科级副职,2019.01,${GOOD},${R}`,
          `R2,乙,1980.06,中共党员,大学,乡镇街道,西城街道,西城街道团工委书记,乡科级副职,2019.01,${GOOD},${R}`,
          `R3,丙,1980.06,中共党员,大学,乡镇街道,北城街道,北城街道两新组织党工委书记,乡科级副职,2019.01,${GOOD},${R}`,
          `R4,丁,1980.06,中共党员,大学,乡镇街道,南城街道,南城街道党工委书记,乡科级正职,2019.01,${GOOD},${R}`,
          // 全日制 大专, and no 在职 or 最高学历 column: an in-service 本科 may exist.
          `P2,戊,1980.06,中共党员,大专,乡镇街道,乙镇,乙镇党委书记,乡科级正职,2019.01,${GOOD},${R}`,
          // S4: aged 30, CPC, full-time 本科; one has no unit type (a name that tells none), one
          // no level.
          `X3,己,1995.01,中共党员,大学,,综合服务中心,副主任,乡科级副职,,,${R}`,
          `X4,庚,1995.01,中共党员,大学,市直,永州市商务局,副科长,,,,${R}`,
        ].join('\n'),
      );
      expect(await statusOf(other, 'S1')).toEqual({ R4: 'eligible', P2: 'unknown ?education' });
      const p2 = (await eligibilityList(other, sql, { asOf: R, ruleId: 'S1' })).find(
        (x) => x.person_id === 'P2',
      )!;
      const s1 = ruleById(DEFAULT_RULE_SET, 'S1') as EligibilityRule;
      expect(markedCell(s1, p2, 'education', 'zh')).toBe(
        '? 全日制大学专科，名册无在职学历或最高学历',
      );
      expect(report.warnings.filter((w) => w.code === 'post_unclassified')).toEqual([]);
      const s4 = await statusOf(other, 'S4');
      expect([s4.X3, s4.X4]).toEqual(['unknown ?unit_type', 'unknown ?level']);
      // The list shows the population's unit type and level beside S4's own criteria, as the
      // roster leaves them empty for someone (the ? that makes X3 and X4 待核实); S1's post is
      // never empty here, so its list has only its criteria.
      const presence = await columnPresence(other, sql, R);
      expect(shownCriteria(ruleById(DEFAULT_RULE_SET, 'S4') as EligibilityRule, presence)).toEqual([
        'age',
        'fulltime_education',
        'party',
        'unit_type',
        'level',
      ]);
      const s1Rule = ruleById(DEFAULT_RULE_SET, 'S1') as EligibilityRule;
      expect(shownCriteria(s1Rule, presence)).toEqual(criteriaOf(s1Rule));
    }));

  it('years as secretary: a return to the same township after another post is a new spell; a column’s years go on by whole months', () =>
    withDb(async (other) => {
      const head =
        '人员编号,姓名,出生年月,全日制学历,工作单位,现任职务,职务层次,近三年考核结果,统计时点';
      const h1 = (unit: string, post: string, at: string) =>
        `H1,甲,1980.06,大学,${unit},${post},乡科级正职,${GOOD},${at}`;
      await loadSources(
        other,
        [
          textFile('a.csv', [head, h1('丑镇', '丑镇党委书记', '2022-06-30')].join('\n')),
          textFile('b.csv', [head, h1('某县农业农村局', '局长', '2024-01-31')].join('\n')),
          textFile('c.csv', [head, h1('丑镇', '丑镇党委书记', R)].join('\n')),
        ],
        { parquetToIPC },
      );
      // Secretary at 2022-06 (start unknown) and again from after 2024-01: three years cannot be
      // shown, nor ruled out.
      expect(await statusOf(other, 'S1')).toEqual({ H1: 'unknown ?tenure' });
    }).then(() =>
      withDb(async (other) => {
        // 2年6个月 at 2024-12-31 is 3 years at 2025-06-30 (six months on, not five); a
        // secretary who is also the head (一肩挑) goes on as one.
        await loadCsv(
          other,
          'stale.csv',
          [
            '人员编号,姓名,出生年月,全日制学历,工作单位,现任职务,职务层次,任乡镇(街道)党(工)委书记累计年限,近三年考核结果,统计时点',
            `M1,乙,1980.06,大学,寅镇,寅镇党委书记、镇长,乡科级正职,2年6个月,${GOOD},2024-12-31`,
            `M2,丙,1980.06,大学,卯镇,卯镇党委书记,乡科级正职,2年5个月,${GOOD},2024-12-31`,
          ].join('\n'),
        );
        expect(await statusOf(other, 'S1')).toEqual({ M1: 'eligible', M2: 'near ✗tenure' });
      }),
    ));
});
