import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { materializeCube } from '../../src/core/cube.ts';
import type { DuckClient } from '../../src/core/db.ts';
import { applyFilters, NO_FILTERS } from '../../src/core/filters.ts';
import {
  currentSecondees,
  flowPeople,
  grassrootsSourcing,
  isEventHeaders,
  loadEvents,
  promotionBatches,
  secondmentCohorts,
} from '../../src/core/flows.ts';
import { loadSources } from '../../src/core/load.ts';
import { xlsxToCsv } from '../../src/core/xlsx.ts';
import { cli } from './cli-run.ts';
import { csv, freshDb, loadCsv, parquetToIPC, sql, textFile } from './helpers.ts';

/*
 * Promotion batches (Y9) from an events file and from snapshots, secondment cohorts (the
 * Hangzhou 2006 profile and the 2004 outcome), current secondees, grassroots sourcing, 到龄年月
 * from LRMX, and the report CLI's flows keys — all worked out by hand.
 */
type P = Record<string, string | number | null>;

async function open(rows: P[]): Promise<DuckClient> {
  const db = await freshDb();
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

describe('promotion batches (Y9)', () => {
  const R = '2024-12-31';
  const person = (id: string, birth: string, level: string) => ({
    snapshot_date: R,
    person_id: id,
    name: id,
    gender: '男',
    birth_date: birth,
    level,
    ...U1,
  });
  const roster = [
    person('e1', '1984-03', '县处级副职'),
    person('e2', '1983-02', '县处级副职'),
    person('e3', '1975-06', '县处级正职'),
    person('e4', '1978-01', '乡科级正职'),
    person('e5', '1989-07', '乡科级正职'),
    person('e6', '1993-06', '乡科级副职'),
    person('e7', '1992-01', '乡科级副职'),
    person('e8', '1980-01', '乡科级正职'),
    person('e9', '1999-01', '科员'),
  ];
  /*
   * Lines of the file (the header is line 1):
   *  2–4 市委2024年第一批, 2024-03-15: e1 is 40 (young for 县处级), e2 41, e3 48 → 1/3, met.
   *  5   e4 is moved, not promoted (是否提拔 = 否): not counted.
   *  6–9 县委2024年第二批, 2024-07-01: e5 is 35 (young for 正科); e6 31 and e7 32 are not young
   *      for 副科 (≤ 30); e8 has no 是否提拔, 副科 → 正科 is a promotion, 44 → 1/4, needs 2, gap 1.
   *  10  e9 to 科员, a level Y9 does not judge: not counted.
   *  11  blank: skipped.
   *  12  no date, 13 an impossible date, 14 an unknown level: rejected.
   *  15  x1, not on the roster, born 1996-01 by the file → 28 at 2024-09-01: young; 1/1.
   */
  const events = [
    '人员编号,姓名,任免时间,批次,原职务层次,新职务层次,是否提拔,出生年月',
    'e1,e1,2024-03-15,市委2024年第一批,乡科级正职,县处级副职,是,',
    'e2,e2,2024-03-15,市委2024年第一批,乡科级正职,县处级副职,是,',
    'e3,e3,2024-03-15,市委2024年第一批,县处级副职,县处级正职,是,',
    'e4,e4,2024-03-20,市委2024年第一批,乡科级正职,乡科级正职,否,',
    'e5,e5,2024-07-01,县委2024年第二批,乡科级副职,乡科级正职,是,',
    'e6,e6,2024-07-01,县委2024年第二批,科员,乡科级副职,是,',
    'e7,e7,2024-07-01,县委2024年第二批,科员,副科,是,',
    'e8,e8,2024-07-01,县委2024年第二批,乡科级副职,乡科级正职,,',
    'e9,e9,2024-08-01,,办事员,科员,是,',
    ',,,,,,,',
    'e10,e10,,县委2024年第三批,科员,乡科级副职,是,',
    'e11,e11,2024-13-40,县委2024年第三批,科员,乡科级副职,是,',
    'e12,e12,2024-09-01,县委2024年第三批,科员,副股长,是,',
    'x1,外来,2024.09,县委2024年第三批,,乡科级副职,是,1996.01',
  ].join('\n');

  it('reads an events file and judges each batch by the level promoted to', async () => {
    const db = await open(roster);
    expect(isEventHeaders(events.split('\n')[0].split(','))).toBe(true);
    expect(isEventHeaders(['姓名', '出生年月', '职务层次'])).toBe(false);
    const report = await loadEvents(db, [textFile('任免记录.csv', events)], { parquetToIPC });
    expect(report.rows).toEqual({ read: 13, loaded: 10, rejected: 3, skipped: 1 });
    expect(report.rejected.map((r) => [r.row, r.reason])).toEqual([
      [12, '缺少任免时间'],
      [13, '任免时间无法识别：2024-13-40'],
      [14, '新职务层次无法识别：副股长'],
    ]);
    expect(report.promotions).toBe(9);
    const b = await promotionBatches(db, sql, R);
    expect(b.source).toBe('events');
    expect(
      b.batches.map(({ batch, date, promoted, young, met, gap }) => ({
        batch,
        date,
        promoted,
        young,
        met,
        gap,
      })),
    ).toEqual([
      { batch: '市委2024年第一批', date: '2024-03-15', promoted: 3, young: 1, met: true, gap: 0 },
      { batch: '县委2024年第二批', date: '2024-07-01', promoted: 4, young: 1, met: false, gap: 1 },
      { batch: '县委2024年第三批', date: '2024-09-01', promoted: 1, young: 1, met: true, gap: 0 },
    ]);
    expect(b.batches[0].value).toBeCloseTo(1 / 3, 12);
    const young = await flowPeople(db, sql, {
      kind: 'batch',
      asOf: R,
      batch: '市委2024年第一批',
      young: true,
    });
    expect(young.map((x) => [x.person_id, x.age, x.note])).toEqual([
      ['e1', 40, '2024-03-15 乡科级正职 → 县处级副职'],
    ]);
    // Events after the reference date are not counted yet.
    expect((await promotionBatches(db, sql, '2024-06-30')).batches).toHaveLength(1);
    await db.close();
  });

  it('reads events from a workbook with no birth column', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['任免记录导出']);
    const ws = wb.addWorksheet('任免记录');
    ws.addRow(['2024年任免记录']);
    ws.addRow(['人员编号', '姓名', '任免时间', '批次', '原职务层次', '新职务层次', '是否提拔']);
    ws.addRow([
      'e1',
      'e1',
      new Date(Date.UTC(2024, 2, 15)),
      '市委2024年第一批',
      '正科',
      '副处',
      '是',
    ]);
    ws.addRow(['e2', 'e2', '2024.03', '市委2024年第一批', '正科', '副处', '是']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const db = await open(roster);
    const report = await loadEvents(db, [{ name: '任免记录.xlsx', bytes }], {
      parquetToIPC,
      xlsxToCsv,
    });
    expect(report.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 0 });
    const b = await promotionBatches(db, sql, R);
    // e1 is 40 on 2024-03-15 and e2 is 41 in 2024-03: 1 of 2.
    expect(b.batches).toMatchObject([
      { batch: '市委2024年第一批', promoted: 2, young: 1, met: true },
    ]);
    await db.close();
  });

  it('finds the roster’s person by name when the events have no 人员编号, unless two share it', async () => {
    const named = (id: string, name: string, birth: string, level: string) => ({
      ...person(id, birth, level),
      name,
    });
    const db = await open([
      named('P1', '张一', '1984-03', '县处级副职'),
      named('P2', '张二', '1983-02', '县处级副职'),
      named('P3', '张三', '1975-06', '县处级正职'),
      named('P4', '李四', '1986-01', '县处级副职'),
      named('P5', '李四', '1970-01', '乡科级正职'),
    ]);
    const file = [
      '姓名,任免时间,批次,原职务层次,新职务层次,是否提拔',
      '张一,2024-03-15,市委2024年第一批,乡科级正职,县处级副职,是',
      '张二,2024-03-15,市委2024年第一批,乡科级正职,县处级副职,是',
      '张三,2024-03-15,市委2024年第一批,县处级副职,县处级正职,是',
      '李四,2024-03-15,市委2024年第一批,乡科级正职,县处级副职,是',
    ].join('\n');
    await loadEvents(db, [textFile('任免记录.csv', file)], { parquetToIPC });
    // 张一 is 40 in 2024-03 (young for 县处级), 张二 41, 张三 48; which 李四 is unknown: his age
    // is not known and he is not counted young. 1 of 4 needs 2: short by 1.
    const [b] = (await promotionBatches(db, sql, R)).batches;
    expect([b.promoted, b.young, b.unknownAge, b.met, b.gap]).toEqual([4, 1, 1, false, 1]);
    await db.close();
  });

  it('says why a file is not appointment events, and changes nothing', async () => {
    const db = await open(roster);
    await loadEvents(db, [textFile('a.csv', events)], { parquetToIPC });
    await expect(
      loadEvents(db, [textFile('名册.csv', '姓名,出生年月\n甲,1980.01')], { parquetToIPC }),
    ).rejects.toThrow(/名册\.csv.*不是任免记录/);
    expect((await promotionBatches(db, sql, R)).batches).toHaveLength(3);
    await db.close();
  });

  /** A row of one snapshot for the batches derived from snapshots. */
  const row = (s: string, id: string, level: string, birth: string): P => ({
    snapshot_date: s,
    person_id: id,
    name: id,
    gender: '男',
    level,
    birth_date: birth,
    ...U1,
  });

  it('derives batches from consecutive snapshots when there are no events', async () => {
    const db = await open([
      row('2023-12-31', 'd1', '乡科级正职', '1986-01'),
      row('2023-12-31', 'd2', '乡科级副职', '1985-01'),
      row('2023-12-31', 'd3', '乡科级副职', '1990-01'),
      row('2024-12-31', 'd1', '县处级副职', '1986-01'), // 38: young for 县处级
      row('2024-12-31', 'd2', '乡科级正职', '1985-01'), // 39: not young for 正科
      row('2024-12-31', 'd3', '乡科级副职', '1990-01'),
      row('2024-12-31', 'd4', '乡科级正职', '1995-01'), // new: not a promotion seen here
    ]);
    const b = await promotionBatches(db, sql, R);
    expect(b.source).toBe('snapshots');
    expect(b.batches).toMatchObject([
      { batch: '2024-12-31', date: '2024-12-31', promoted: 2, young: 1, value: 0.5, met: true },
    ]);
    await db.close();
  });

  it('compares a person with their own row before, across a month that lacks them', async () => {
    const db = await open([
      row('2023-06-30', 'a1', '乡科级副职', '1992-01'),
      row('2023-06-30', 'a2', '乡科级副职', '1980-01'),
      row('2023-06-30', 'a3', '乡科级副职', '1990-01'),
      row('2023-06-30', 'a4', '乡科级副职', '1995-01'),
      // a1 and a3 are missing from this export, a4's level is blank; a2 is promoted at 43 (not
      // young for 正科).
      row('2023-12-31', 'a2', '乡科级正职', '1980-01'),
      row('2023-12-31', 'a4', '', '1995-01'),
      // a1 is back as 正科 at 32 (young): promoted since his last row. a3 is back at his old
      // level: no promotion. a4 is 正科 at 29 (young): promoted since his last known level.
      row('2024-12-31', 'a1', '乡科级正职', '1992-01'),
      row('2024-12-31', 'a2', '乡科级正职', '1980-01'),
      row('2024-12-31', 'a3', '乡科级副职', '1990-01'),
      row('2024-12-31', 'a4', '乡科级正职', '1995-01'),
    ]);
    const b = await promotionBatches(db, sql, R);
    expect(b.batches).toMatchObject([
      { batch: '2023-12-31', promoted: 1, young: 0, value: 0, met: false, gap: 1 },
      { batch: '2024-12-31', promoted: 2, young: 2, value: 1, met: true, gap: 0 },
    ]);
    await db.close();
  });
});

describe('secondment cohorts', () => {
  /*
   * The Hangzhou 2006 cohort (seed 002): 150 sent on 2006-06-01, seen at 2006-12-31. Born in
   * January, so the age at the start is 2006 − birth year: one born 1983 (23), 45 born 1972 (34),
   * 102 born 1966 (40), 2 born 1965 (41) → 23 + 1,530 + 4,080 + 82 = 5,715 = 38.1 × 150; born 1970
   * or later: 1 + 45 = 46. By position i: CPC for i < 130 (one 预备党员, and a 共青团员 at 130);
   * 处级后备 for i < 14; 县处级 for i < 96; 研究生 for i < 15 (i = 0 a 博士, 1–14 硕士), 大学本科
   * for 15 ≤ i < 118, 大学专科 after.
   * The 2004 cohort: 123 sent on 2004-03-01, seen at 2004-12-31; at 2006-12-31 (within 3 years)
   * 34 hold a higher level (2 of them also a principal post), 22 more a principal post; one more
   * is promoted only in 2008 → (34 + 22) / 123 = 45.5%.
   */
  const hangzhou = (i: number): P => {
    const by = i === 0 ? 1983 : i <= 45 ? 1972 : i <= 147 ? 1966 : 1965;
    return {
      snapshot_date: '2006-12-31',
      person_id: `h${i}`,
      name: `h${i}`,
      gender: i % 4 === 0 ? '女' : '男',
      birth_date: `${by}-01`,
      political_status:
        i === 7 ? '中共预备党员' : i < 130 ? '中共党员' : i === 130 ? '共青团员' : '群众',
      reserve: i < 14 ? '处级后备' : null,
      level: i < 10 ? '县处级正职' : i < 96 ? '县处级副职' : '乡科级正职',
      education_highest: i < 15 ? '研究生' : i < 118 ? '大学本科' : '大学专科',
      degree_fulltime: i === 0 ? '博士' : i < 15 ? '硕士' : null,
      secondment_type: i % 3 === 0 ? '下挂' : '上挂',
      secondment_unit: '示例省发展和改革委员会',
      secondment_start: '2006-06-01',
      secondment_end: '2008-05-31',
      secondment_batch: '2006年挂职干部',
      ...U1,
    };
  };
  const cohort2004 = (i: number, snapshot: string): P => {
    const later = snapshot !== '2004-12-31';
    const promoted = later && (i < 34 || (snapshot === '2008-12-31' && i === 122));
    const principal = later && i >= 32 && i < 56;
    return {
      snapshot_date: snapshot,
      person_id: `k${i}`,
      name: `k${i}`,
      gender: '男',
      birth_date: '1970-05',
      level: promoted ? '县处级副职' : '乡科级正职',
      is_principal: principal ? '是' : '否',
      secondment_type: '上挂',
      secondment_unit: '示例省委组织部',
      secondment_start: '2004-03-01',
      secondment_end: '2005-02-28',
      secondment_batch: '2004年第一批',
      ...U1,
    };
  };
  const rows = [
    ...Array.from({ length: 150 }, (_, i) => hangzhou(i)),
    // Seen again in 2007: the profile is the cohort as sent.
    ...Array.from({ length: 150 }, (_, i) => ({
      ...hangzhou(i),
      snapshot_date: '2007-12-31',
      reserve: null,
    })),
    ...['2004-12-31', '2006-12-31', '2008-12-31'].flatMap((s) =>
      Array.from({ length: 123 }, (_, i) => cohort2004(i, s)),
    ),
    // Never seconded.
    ...Array.from({ length: 5 }, (_, i) => ({
      snapshot_date: '2006-12-31',
      person_id: `n${i}`,
      birth_date: '1990-01',
      level: '科员',
      ...U1,
    })),
  ];

  it('counts master’s and doctorates by degree, full-time or in-service', async () => {
    const member = (id: string, edu: P): P => ({
      snapshot_date: '2010-12-31',
      person_id: id,
      name: id,
      gender: '男',
      birth_date: '1975-01',
      level: '乡科级正职',
      secondment_type: '上挂',
      secondment_start: '2010-03-01',
      secondment_batch: '2010年第一批',
      ...edu,
      ...U1,
    });
    const db = await open([
      // A full-time 硕士: master's.
      member('d1', { education_fulltime: '研究生', degree_fulltime: '硕士' }),
      // 中央党校研究生 in service over a full-time 学士: 研究生 education, no master's degree.
      member('d2', {
        education_fulltime: '大学本科',
        degree_fulltime: '学士',
        education_inservice: '中央党校研究生',
      }),
      // An in-service doctorate over a full-time 学士: a doctorate.
      member('d3', {
        education_fulltime: '大学本科',
        degree_fulltime: '学士',
        education_inservice: '研究生',
        degree_inservice: '博士',
      }),
      // 在职硕士研究生 with no degree column: the text says 硕士.
      member('d4', { education_fulltime: '大学本科', education_inservice: '在职硕士研究生' }),
      // 研究生 and no degree written anywhere: a master's (no 博士 is written).
      member('d5', { education_highest: '研究生' }),
      // 全日制 博士研究生 with no degree written: a doctorate.
      member('d6', { education_fulltime: '博士研究生' }),
    ]);
    const [c] = await secondmentCohorts(db, sql, { asOf: '2010-12-31', bornFrom: 1970, years: 3 });
    expect(c).toMatchObject({ cohort: '2010年第一批', n: 6, masters: 3, phd: 2 });
    const who = async (which: 'masters' | 'phd') =>
      (
        await flowPeople(db, sql, {
          kind: 'secondment',
          asOf: '2010-12-31',
          cohort: '2010年第一批',
          which,
          years: 3,
        })
      )
        .map((r) => r.person_id)
        .sort();
    expect(await who('masters')).toEqual(['d1', 'd4', 'd5']);
    expect(await who('phd')).toEqual(['d3', 'd6']);
    await db.close();
  });

  it('gives the Hangzhou 2006 cohort profile and the 2004 cohort outcome', async () => {
    const db = await open(rows);
    const all = await secondmentCohorts(db, sql, { asOf: '2008-12-31', bornFrom: 1970, years: 3 });
    const h = all.find((c) => c.cohort === '2006年挂职干部')!;
    expect(h).toMatchObject({
      start: '2006-06-01',
      n: 150,
      party: 130,
      reserve: 14,
      seniorPlus: 96,
      universityPlus: 118,
      masters: 14,
      phd: 1,
      bornFrom: 1970,
      bornFromCount: 46,
      youngestBirthYear: 1983,
    });
    expect(h.meanAge!.toFixed(1)).toBe('38.1');
    const k = all.find((c) => c.cohort === '2004年第一批')!;
    expect(k).toMatchObject({ n: 123, promoted: 34, keyPost: 22, observedTo: '2006-12-31' });
    expect((k.outcomeShare * 100).toFixed(1)).toBe('45.5');
    // Within 5 years the 2008 promotion counts too.
    const five = await secondmentCohorts(db, sql, { asOf: '2008-12-31', bornFrom: 1970, years: 5 });
    expect(five.find((c) => c.cohort === '2004年第一批')).toMatchObject({
      promoted: 35,
      keyPost: 22,
    });
    const keyPost = await flowPeople(db, sql, {
      kind: 'secondment',
      asOf: '2008-12-31',
      cohort: '2004年第一批',
      which: 'key_post',
      years: 3,
    });
    expect(keyPost).toHaveLength(22);
    expect(keyPost.map((x) => x.person_id)).toContain('k34');
    await db.close();
  });

  it('counts the 优秀 reviews of a cohort’s term years against the quota', async () => {
    const m = (id: string, appraisals: string | null): P => ({
      snapshot_date: '2024-12-31',
      person_id: id,
      birth_date: '1988-01',
      level: '乡科级副职',
      appraisals,
      secondment_type: '下挂',
      secondment_unit: '城关镇',
      secondment_period: '2023.03-2024.03',
      secondment_batch: '2023年第一批',
      ...U1,
    });
    const db = await open([
      // The term holds 10 months of 2023 and 3 of 2024: only 2023 is its review year (2022 is
      // before it). 优秀 in 1 of 3 reviews of 2023 > 30%.
      m('a', '2022年度优秀；2023年度优秀；2024年度称职'),
      m('b', '2023称职,2024优秀'),
      m('c', '2023年度基本称职；2024年度称职'),
      m('d', null),
      // Two years each held whole: 2023 has 2 优秀 of 5 (40%, over), 2024 none of 5. Pooled, 2 of
      // 10 (20%) would hide the year over the quota.
      ...['e', 'f', 'g', 'h', 'i'].map((id, i) => ({
        ...m(id, `2023年度${i < 2 ? '优秀' : '称职'}；2024年度称职`),
        secondment_period: '2023.01-2024.12',
        secondment_batch: '2023年第二批',
      })),
    ]);
    const all = await secondmentCohorts(db, sql, { asOf: '2024-12-31', bornFrom: 1970, years: 3 });
    const c = all.find((x) => x.cohort === '2023年第一批');
    const d = all.find((x) => x.cohort === '2023年第二批');
    expect(c).toMatchObject({
      cohort: '2023年第一批',
      reviews: 3,
      excellent: 1,
      excellentQuota: 0.3,
      withinQuota: false,
      reviewYears: [{ year: 2023, reviews: 3, excellent: 1, withinQuota: false }],
    });
    expect(d).toMatchObject({
      cohort: '2023年第二批',
      reviews: 10,
      excellent: 2,
      withinQuota: false,
      reviewYears: [
        { year: 2023, reviews: 5, excellent: 2, share: 0.4, withinQuota: false },
        { year: 2024, reviews: 5, excellent: 0, share: 0, withinQuota: true },
      ],
    });
    await db.close();
  });

  it('lists the current secondees and the terms ending within 3 months', async () => {
    const s = (id: string, kind: string, unit: string, start: string, end: string | null): P => ({
      snapshot_date: '2024-12-31',
      person_id: id,
      birth_date: '1988-01',
      secondment_type: kind,
      secondment_unit: unit,
      secondment_start: start,
      secondment_end: end,
      ...U1,
    });
    const db = await open([
      s('a', '上挂', '示例省发展和改革委员会', '2023-03-01', '2025-02-15'), // ends within 3 months
      s('b', '下挂', '城关镇', '2024-01-01', '2025-06-30'),
      s('c', '下挂', '城关镇', '2024-06-01', null), // still running, no end written
      s('d', '平挂', '示例市信访局', '2023-01-01', '2024-10-01'), // over
      s('e', '外挂', '东部协作市商务局', '2025-01-05', '2026-01-04'), // not started
    ]);
    const rows2 = await currentSecondees(db, sql, '2024-12-31');
    expect(rows2.map((r) => [r.kind, r.unit, r.n, r.endingSoon])).toEqual([
      [null, null, 3, 1],
      ['上挂', null, 1, 1],
      ['上挂', '示例省发展和改革委员会', 1, 1],
      ['下挂', null, 2, 0],
      ['下挂', '城关镇', 2, 0],
    ]);
    const soon = await flowPeople(db, sql, {
      kind: 'secondment',
      asOf: '2024-12-31',
      cohort: null,
      which: 'ending_soon',
      years: 3,
    });
    expect(soon.map((x) => [x.person_id, x.note])).toEqual([
      ['a', '上挂 · 示例省发展和改革委员会 · 2023-03—2025-02'],
    ]);
    await db.close();
  });

  it('counts the months of a term’s end, whatever the length of the reference month', async () => {
    // R = 2024-09-30: terms written to 2024.12 end within 3 months (September → December), to
    // 2025.01 not; one ending on R itself does.
    const s = (id: string, end: string): P => ({
      snapshot_date: '2024-09-30',
      person_id: id,
      birth_date: '1988-01',
      secondment_type: '下挂',
      secondment_unit: '城关镇',
      secondment_start: '2024.01',
      secondment_end: end,
      ...U1,
    });
    const db = await open([s('f', '2024.12'), s('g', '2025.01'), s('h', '2024-09-30')]);
    const [all] = await currentSecondees(db, sql, '2024-09-30');
    expect([all.n, all.endingSoon]).toEqual([3, 2]);
    const soon = await flowPeople(db, sql, {
      kind: 'secondment',
      asOf: '2024-09-30',
      cohort: null,
      which: 'ending_soon',
      years: 3,
    });
    expect(soon.map((x) => x.person_id).sort()).toEqual(['f', 'h']);
    await db.close();
  });
});

describe('grassroots sourcing', () => {
  /*
   * Snapshots 2019 (the first: nobody's entry is known), 2021 and 2024; R = 2024-12-31, five
   * years back to 2019-12-31. Entries: 2021 g2 (村（社区）干部, township) and g3 (企事业单位, city);
   * 2024 g4 (公务员考录, county) and g5 (村(社区)干部, county, straight to 副科). First leading posts:
   * 2021 g6 (企事业单位); 2024 g2 and g5 (from villages), pa, pb and pc (new, leading at once).
   * g1 was leading in 2019 already.
   */
  const g = (s: string, id: string, source: string | null, level: string, x: P = {}): P => ({
    snapshot_date: s,
    person_id: id,
    birth_date: '1988-01',
    source,
    level,
    unit_id: 'C1',
    unit_name: '青石县财政局',
    unit_type: '县市区',
    region: '青石县',
    ...x,
  });
  const town = { unit_id: 'T1', unit_name: '青石县城关镇', unit_type: '乡镇街道' };
  const rows = [
    ...['2019-12-31', '2021-12-31', '2024-12-31'].flatMap((s) => [
      g(s, 'g1', '大学生村官', '乡科级副职'),
      g(s, 'g6', '企事业单位', s === '2019-12-31' ? '科员' : '乡科级副职'),
    ]),
    g('2021-12-31', 'g2', '村（社区）干部', '科员', town),
    g('2024-12-31', 'g2', '村（社区）干部', '乡科级副职', { ...town, reserve: '科级后备' }),
    g('2021-12-31', 'g3', '企事业单位', '科员', { ...U1 }),
    g('2024-12-31', 'g3', '企事业单位', '科员', { ...U1 }),
    g('2024-12-31', 'g4', '公务员考录', '科员', { reserve: '科级后备' }),
    g('2024-12-31', 'g5', '村(社区)干部', '乡科级副职'),
    g('2024-12-31', 'pa', '军队转业干部', '乡科级正职', {
      is_principal: '是',
      grassroots_years: 3,
    }),
    g('2024-12-31', 'pb', '军转干部', '乡科级正职', { is_principal: '是', grassroots_years: 1 }),
    g('2024-12-31', 'pc', null, '县处级正职', { is_principal: '是', grassroots_years: 5 }),
  ];

  it('prints the same entries, first leading posts, reserves and principals in the CLI table', async () => {
    mkdirSync('tests/.out/cli', { recursive: true });
    const file = 'tests/.out/cli/sourcing.csv';
    writeFileSync(file, csv(rows));
    const table = (await cli(file, '--as-of', '2024-12-31', '--format', 'table')).stdout;
    // The figures of the test below, summed: entries 2 + 5 (grassroots 2 + 1, county 1 + 1).
    expect(table).toContain(
      '近 5 年新进（2019-12-31 之后各期快照中首次出现，最早一期快照除外，2021–2024）7 人，其中来自基层 3 人（其中进入县直机关和乡镇 2 人）；逐年 2021年 2，2024年 5',
    );
    expect(table).toContain('首次任领导职务 6 人，其中来自基层 3 人；逐年 2021年 1，2024年 5');
    expect(table).toContain('后备干部中来自基层：科级后备 1/2');
    expect(table).toContain('县直部门正职 2 人，其中有两年以上基层工作经历 1 人（50.0%）');
  });

  it('groups sources and counts entries, first leading posts, reserves and principals', async () => {
    const db = await open(rows);
    const all = await grassrootsSourcing(db, sql, { asOf: '2024-12-31', years: 5 });
    const pick = (section: string) =>
      all
        .filter((r) => r.section === section)
        .map((r) => [r.key, r.key2, r.n, r.grassroots, r.county]);
    expect(pick('source')).toEqual([
      ['(none)', null, 1, 0, null],
      ['(none)', '(none)', 1, 0, null],
      ['企事业单位', null, 2, 2, null],
      ['企事业单位', '企事业单位', 2, 2, null],
      ['公务员考录', null, 1, 0, null],
      ['公务员考录', '公务员考录', 1, 0, null],
      ['军转干部', null, 2, 0, null],
      ['军转干部', '军转干部', 1, 0, null],
      ['军转干部', '军队转业干部', 1, 0, null],
      ['大学生村官', null, 1, 1, null],
      ['大学生村官', '大学生村官', 1, 1, null],
      // The loader makes full-width brackets half-width: one spelling left.
      ['村(社区)干部', null, 2, 2, null],
      ['村(社区)干部', '村(社区)干部', 2, 2, null],
    ]);
    expect(pick('entered')).toEqual([
      ['2021', null, 2, 2, 1],
      ['2024', null, 5, 1, 1],
    ]);
    expect(pick('leading')).toEqual([
      ['2021', null, 1, 1, null],
      ['2024', null, 5, 2, null],
    ]);
    expect(pick('reserve')).toEqual([['科级后备', null, 2, 1, null]]);
    expect(pick('principals')).toEqual([['county_department', null, 2, 1, null]]);
    const people = await flowPeople(db, sql, {
      kind: 'sourcing',
      asOf: '2024-12-31',
      section: 'entered',
      key: null,
      grassroots: true,
      county: true,
      years: 5,
    });
    // Each as that row has it: g2 (born 1988-01) entered at 2021-12-31 aged 33, g5 in 2024 at 36.
    expect(people.map((x) => [x.person_id, x.age, x.unit_name]).sort()).toEqual([
      ['g2', 33, '青石县城关镇'],
      ['g5', 36, '青石县财政局'],
    ]);
    const list = async (section: 'source' | 'leading' | 'principals', key: string | null) =>
      (
        await flowPeople(db, sql, {
          kind: 'sourcing',
          asOf: '2024-12-31',
          section,
          key,
          grassroots: section !== 'source',
          county: false,
          years: 5,
        })
      )
        .map((x) => x.person_id)
        .sort();
    expect(await list('source', '村(社区)干部')).toEqual(['g2', 'g5']);
    expect(await list('leading', '2024')).toEqual(['g2', 'g5']);
    expect(await list('principals', null)).toEqual(['pa']);
    await db.close();
  });
});

describe('到龄年月 from LRMX', () => {
  it('is read from DaoLingNianYue and used as the exit month', async () => {
    const lrmx = `<?xml version="1.0" encoding="UTF-8"?>
<Person><XingMing>周到</XingMing><XingBie>男</XingBie><ChuShengNianYue>196803</ChuShengNianYue>
<XianRenZhiWu>示例市财政局局长</XianRenZhiWu><DaoLingNianYue>202801</DaoLingNianYue></Person>`;
    const db = await freshDb();
    const report = await loadSources(db, [textFile('周到.lrmx', lrmx)], {
      parquetToIPC,
      defaultSnapshot: '2024-12-31',
    });
    expect(report.rows.loaded).toBe(1);
    const [r] = await db.query<{ m: string; basis: string }>(
      `SELECT strftime(leave_month, '%Y-%m') AS m, leave_basis AS basis
       FROM retirement_rows(DATE '2024-12-31', DATE '2024-12-31')`,
    );
    expect(r).toEqual({ m: '2028-01', basis: 'roster' });
    await db.close();
  });
});

describe('report CLI flows keys', () => {
  it('prints changes, retirements, projection, batches and secondments', async () => {
    mkdirSync('tests/.out', { recursive: true });
    const roster = 'tests/.out/flows-roster.csv';
    const events = 'tests/.out/flows-events.csv';
    const row = (s: string, id: string, level: string, birth: string, x: P = {}) => ({
      统计时点: s,
      人员编号: id,
      姓名: id,
      性别: '男',
      出生年月: birth,
      职务层次: level,
      单位: '示例市发展和改革委员会',
      单位类型: '市直',
      ...x,
    });
    writeFileSync(
      roster,
      csv([
        row('2024-11-30', 'a', '县处级副职', '1964-11'), // retires 2024-11, leaves
        // A 处级后备 in November, promoted in December: no longer a reserve.
        row('2024-11-30', 'b', '乡科级正职', '1986-01', { 后备干部: '处级后备' }),
        row('2024-12-31', 'b', '县处级副职', '1986-01'), // promoted, 38
        row('2024-12-31', 'c', '县处级副职', '1970-01', {
          挂职类型: '上挂',
          挂职单位: '示例省财政厅',
          挂职起止时间: '2024.03-2026.03',
          挂职批次: '2024年第一批',
        }),
      ]),
    );
    writeFileSync(
      events,
      [
        '人员编号,任免时间,批次,原职务层次,新职务层次',
        'b,2024-12-20,市委2024年第四批,正科,副处',
      ].join('\n'),
    );
    const { stdout } = await cli(
      roster,
      '--compare',
      '2024-11-30',
      '--project',
      '1,2,3,5',
      '--events',
      events,
    );
    const r = JSON.parse(stdout);
    expect(r.changes).toEqual({
      from: '2024-11-30',
      to: '2024-12-31',
      entered: 1,
      left: 1,
      retired: 1,
      promoted: 1,
      moved: 0,
      reserveOn: 0,
      reserveOff: 1,
    });
    // b (38) stays young for 县处级 until 2027; c (54) retires in 2031.
    expect(r.retirements).toEqual({
      due: 0,
      within12: 0,
      within36: 0,
      within60: 0,
      thisMonth: 0,
      nextMonth: 0,
      thisYear: 0,
      unknown: 0,
    });
    expect(r.projection.map((p: { years: number; date: string }) => [p.years, p.date])).toEqual([
      [1, '2025-12-31'],
      [2, '2026-12-31'],
      [3, '2027-12-31'],
      [5, '2029-12-31'],
    ]);
    const y7 = (k: number) => r.projection[k].metrics.find((m: { id: string }) => m.id === 'Y7');
    expect(Object.keys(y7(0))).toEqual([
      'id',
      'numerator',
      'denominator',
      'value',
      'met',
      'gap',
      'vacated',
    ]);
    // b and c stay past 2029 (c, born 1970-01, leaves in 2031-05 with the delay): none vacated.
    expect([0, 1, 2, 3].map((k) => y7(k).vacated)).toEqual([0, 0, 0, 0]);
    expect([y7(0).numerator, y7(0).denominator, y7(1).numerator]).toEqual([1, 2, 1]);
    expect(y7(3)).toMatchObject({ numerator: 0, denominator: 2, met: false, gap: 1 });
    expect(r.batches).toEqual([
      {
        batch: '市委2024年第四批',
        date: '2024-12-20',
        promoted: 1,
        young: 1,
        unknownAge: 0,
        value: 1,
        met: true,
        gap: 0,
      },
    ]);
    // The events file's rows: one read, one loaded, none rejected.
    expect(r.events).toMatchObject({
      rows: { read: 1, loaded: 1, rejected: 0, skipped: 0 },
      promotions: 1,
      rejected: [],
    });
    expect(r.secondments).toEqual([
      {
        cohort: '2024年第一批',
        n: 1,
        party: 0,
        reserve: 0,
        seniorPlus: 1,
        universityPlus: 0,
        masters: 0,
        phd: 0,
        bornFrom: 1970,
        bornFromCount: 1,
        youngestBirthYear: 1970,
        meanAge: 54,
        // Sent 2024-03 for two years, seen in one snapshot only: no outcome yet, no reviews.
        start: '2024-03-01',
        end: '2026-03-31', // the term runs to the end of its last month
        promoted: 0,
        keyPost: 0,
        outcomeShare: 0,
        outcomeYears: 3,
        observedTo: null,
        reviews: 0,
        excellent: 0,
        excellentShare: null,
        excellentQuota: 0.3,
        withinQuota: null,
        reviewYears: [],
      },
    ]);
    expect(r.secondees).toEqual({
      now: 1,
      endingSoon: 0,
      byKind: [{ kind: '上挂', n: 1, endingSoon: 0 }],
      byUnit: [{ kind: '上挂', unit: '示例省财政厅', n: 1, endingSoon: 0 }],
    });
    const plain = JSON.parse((await cli(roster)).stdout);
    expect('changes' in plain || 'projection' in plain).toBe(false);
    expect(plain.batches).toMatchObject([{ batch: '2024-12-31', promoted: 1, young: 1 }]);
    await expect(cli(roster, '--project', '0,x')).rejects.toMatchObject({ code: 2 });
    // An events file none of whose rows can be read: each rejected row is listed, masked with
    // --mask, and the table says so; it is not "no promotions".
    writeFileSync(
      events,
      [
        '人员编号,姓名,任免时间,批次,原职务层次,新职务层次',
        'b,王五,待定,市委2024年第五批,正科,副处',
      ].join('\n'),
    );
    const none = await cli(roster, '--events', events, '--mask');
    expect(JSON.parse(none.stdout).events).toMatchObject({
      rows: { read: 1, loaded: 0, rejected: 1 },
      rejected: [{ row: 2, name: '＊＊', reason: '任免时间无法识别：＊＊' }],
    });
    expect(none.stderr).toContain('提示：任免记录“flows-events.csv”没有载入任何行：拒收 1 行');
    const table = (await cli(roster, '--events', events, '--format', 'table')).stdout;
    expect(table).toContain('任免记录 flows-events.csv：读取 1 行，载入 0，拒收 1，其中提拔 0');
    expect(table).toContain('  拒收 flows-events.csv 第 2 行 王五：任免时间无法识别：待定');
  });
});

describe('report CLI on the demo', () => {
  it('reads the demo’s own appointment events, as the page does', async () => {
    const r = JSON.parse((await cli()).stdout);
    const csvText = readFileSync('data/demo/appointments.csv', 'utf8');
    const lines = csvText.split('\n').filter((l) => l.trim()).length - 1;
    expect(r.events.sources).toEqual(['appointments.csv']);
    expect(r.events.rows).toMatchObject({ read: lines, loaded: lines, rejected: 0 });
    // Batches are the events' (named by meeting), not one per snapshot date.
    expect(r.batches.some((b: { batch: string }) => !/^\d{4}-\d{2}-\d{2}$/.test(b.batch))).toBe(
      true,
    );
  });
});

describe('report CLI: a secondment cohort across four snapshots, worked by hand', () => {
  /*
   * tests/fixtures/secondment (made by a probe; every figure worked by hand before the run).
   * 2023年第一批: 8 sent 2023-03 for two years (S07's term written "2023年3月至2025年3月"), shown
   * 2023-06 to 2024-12. Within 3 years, observed to 2025-06-30: S01 正科→副处 and S04 科员→副科
   * promoted, S08 gains a team seat: 2 + 1 of 8 = 37.5%. Reviews of the years the term holds for
   * six months or more (2023: 10 months, 2024: 12; 2025: 3, not counted): 8 × (2023, 2024) = 16,
   * 优秀 11 — all 8 in 2023 (100%), S01, S02, S06 in 2024 (3/8 = 37.5%): both years over the 30%
   * quota. At 2025-06-30 S12 and S13 are seconded (下挂, to 2026-04: none ends within 3 months).
   * 来源 at 2025-06-30: 选调生 3, 公务员考录 2, 军转干部 1, 大学生村官 2, 村(社区)干部 3 (three
   * spellings), 企事业单位 2 (企业 too), none 2; from villages, communities and enterprises 7.
   */
  const dir = 'tests/fixtures/secondment/';
  const snapshots = ['s1.csv', 's2.csv', 's3.csv', 's4.csv'].map((f) => dir + f);
  it('gives each cohort its outcome and reviews, who is seconded now, and the sources', async () => {
    const r = JSON.parse((await cli(...snapshots, '--as-of', '2025-06-30')).stdout);
    expect(r.secondments.map((c: { cohort: string; n: number }) => [c.cohort, c.n])).toEqual([
      ['2023年第一批', 8],
      ['2024年', 3],
      ['2025年第一批', 2],
    ]);
    expect(r.secondments[0]).toMatchObject({
      start: '2023-03-01',
      end: '2025-03-31',
      meanAge: 44.625,
      promoted: 2,
      keyPost: 1,
      outcomeShare: 0.375,
      outcomeYears: 3,
      reviews: 16,
      excellent: 11,
      excellentShare: 0.6875,
      excellentQuota: 0.3,
      withinQuota: false,
      reviewYears: [
        { year: 2023, reviews: 8, excellent: 8, share: 1, withinQuota: false },
        { year: 2024, reviews: 8, excellent: 3, share: 0.375, withinQuota: false },
      ],
    });
    expect(r.secondees).toEqual({
      now: 2,
      endingSoon: 0,
      byKind: [{ kind: '下挂', n: 2, endingSoon: 0 }],
      byUnit: [{ kind: '下挂', unit: '宁远县城关镇', n: 2, endingSoon: 0 }],
    });
    const groups = Object.fromEntries(
      r.sourcing.rows
        .filter((x: { section: string; key2: string | null }) => x.section === 'source' && !x.key2)
        .map((x: { key: string; n: number; grassroots: number }) => [x.key, [x.n, x.grassroots]]),
    );
    expect(groups).toEqual({
      选调生: [3, 0],
      公务员考录: [2, 0],
      军转干部: [1, 0],
      大学生村官: [2, 2],
      '村(社区)干部': [3, 3],
      企事业单位: [2, 2],
      '(none)': [2, 0],
    });
    const table = (await cli(...snapshots, '--as-of', '2025-06-30', '--format', 'table')).stdout;
    expect(table).toContain(
      '提拔 2，重要岗位 1（37.5%，观察至 2025-06-30）\t优秀 2023年 8/8（100.0%，超出）；2024年 3/8（37.5%，超出）（比例上限 30.0%，逐年计）',
    );
    expect(table).toContain('正在挂职 2 人，3 个月内期满 0 人（下挂 2）');
    expect(table).toContain('其中来自村(社区)、企事业单位等基层一线 7 人');
  });

  it('a month that leaves 挂职批次 blank keeps the member in the batch of the term', async () => {
    const files = [snapshots[0], dir + 's2-batch-blank.csv', snapshots[2], snapshots[3]];
    const r = JSON.parse((await cli(...files, '--as-of', '2025-06-30')).stdout);
    expect(r.secondments.map((c: { cohort: string; n: number }) => [c.cohort, c.n])).toEqual([
      ['2023年第一批', 8],
      ['2024年', 3],
      ['2025年第一批', 2],
    ]);
  });

  it('a doctorate written in 全日制学历 with no 学位 counts as a doctorate', async () => {
    // S01 硕士; S03 法学博士 and S05 博士 by their 学位; S06 全日制学历 博士研究生, no 学位.
    const r = JSON.parse((await cli(dir + 's1-doctorates.csv')).stdout);
    expect(r.secondments[0]).toMatchObject({ cohort: '2023年第一批', masters: 1, phd: 3 });
  });
});

describe('report CLI: terms, titles and snapshots as HR exports write them', () => {
  /*
   * Three half-yearly snapshots of 东安县, no 任现职时间, no 是否正职. R = 2026-06-30.
   * - p1 下挂 2025.07-2026.06: his term runs to the end of June, so he is seconded at R and ends
   *   within 3 months. p2 下挂 to 白沙镇 with no term: seconded (the roster says so), in no cohort,
   *   and said. p3 副县长（挂职） with no 挂职 columns: not counted, and said.
   * - 农业农村局: p4 党组书记、局长 and p5 党组成员、副局长（正科级）, both 乡科级正职: only p4 is its
   *   principal (one county department head, with grassroots years).
   * - S1: p7 is 紫溪镇's secretary in every snapshot (since before the first: his years are
   *   unknown); p6 was 白沙镇's 副书记 at 2025-06-30 and its secretary since, so at most 12 months
   *   at R: fails "3 years as secretary", a near miss (everything else passes).
   */
  it('counts a term to the end of its last month, a deputy as no principal, and spells across snapshots', async () => {
    mkdirSync('tests/.out', { recursive: true });
    const file = 'tests/.out/hr-terms.csv';
    const row = (
      s: string,
      id: string,
      unit: string,
      type: string,
      post: string,
      level: string,
      x: P = {},
    ) => ({
      统计时点: s,
      人员编号: id,
      姓名: id,
      性别: '男',
      出生年月: '1984-07',
      单位名称: unit,
      单位类型: type,
      县市区: '东安县',
      现任职务: post,
      职务层次: level,
      最高学历: '研究生',
      政治面貌: '中共党员',
      '基层工作经历(年)': 3,
      近三年考核结果: '2023年度称职；2024年度称职；2025年度称职',
      挂职类型: null,
      挂职单位: null,
      挂职起止时间: null,
      ...x,
    });
    const rows: P[] = [];
    for (const s of ['2025-06-30', '2025-12-31', '2026-06-30']) {
      rows.push(row(s, 'p7', '紫溪镇', '乡镇街道', '党委书记', '乡科级正职'));
      const first = s === '2025-06-30';
      rows.push(
        row(
          s,
          'p6',
          '白沙镇',
          '乡镇街道',
          first ? '党委副书记' : '党委书记',
          first ? '乡科级副职' : '乡科级正职',
        ),
      );
      if (!first)
        rows.push(
          row(s, 'p1', '东安县发展和改革局', '县市区', '科员', '科员', {
            挂职类型: '下挂',
            挂职单位: '紫溪镇',
            挂职起止时间: '2025.07-2026.06',
          }),
        );
    }
    const r = '2026-06-30';
    rows.push(
      row(r, 'p2', '东安县财政局', '县市区', '科员', '科员', {
        挂职类型: '下挂',
        挂职单位: '白沙镇',
      }),
    );
    rows.push(row(r, 'p3', '东安县人民政府', '县市区', '副县长（挂职）', '县处级副职'));
    rows.push(row(r, 'p4', '东安县农业农村局', '县市区', '党组书记、局长', '乡科级正职'));
    rows.push(
      row(r, 'p5', '东安县农业农村局', '县市区', '党组成员、副局长（正科级）', '乡科级正职', {
        出生年月: '1972-02',
        '基层工作经历(年)': 0,
      }),
    );
    writeFileSync(file, csv(rows));
    const out = JSON.parse((await cli(file)).stdout);
    expect(out.secondees).toEqual({
      now: 2,
      endingSoon: 1,
      byKind: [{ kind: '下挂', n: 2, endingSoon: 1 }],
      // p2 to 白沙镇 with no term; 紫溪镇's term ends in R's month (2026-06).
      byUnit: [
        { kind: '下挂', unit: '白沙镇', n: 1, endingSoon: 0 },
        { kind: '下挂', unit: '紫溪镇', n: 1, endingSoon: 1 },
      ],
    });
    expect(out.secondments.map((c: { cohort: string; end: string }) => [c.cohort, c.end])).toEqual([
      ['2025年', '2026-06-30'],
    ]);
    expect(
      out.warnings.map((w: { row: number; code: string; params: P }) => [w.row, w.code, w.params]),
    ).toEqual([
      [10, 'secondment_no_term', { value: '下挂：白沙镇' }],
      [11, 'secondment_in_title', { value: '副县长(挂职)' }], // widths normalised
    ]);
    expect(
      out.sourcing.rows.filter((x: { section: string }) => x.section === 'principals'),
    ).toMatchObject([{ key: 'county_department', n: 1, grassroots: 1 }]);
    const s1 = out.eligibility.find((e: { id: string }) => e.id === 'S1');
    expect([s1.tenureSource, s1.population, s1.eligible, s1.unknown, s1.nearMiss]).toEqual([
      'snapshots',
      2,
      0,
      1,
      1,
    ]);
    expect(
      s1.people.map(
        (p: { person_id: string; status: string; failed: string[]; missing: string[] }) => [
          p.person_id,
          p.status,
          p.failed,
          p.missing,
        ],
      ),
    ).toEqual([
      ['p7', 'unknown', [], ['tenure']],
      ['p6', 'near', ['tenure'], []],
    ]);
    // A date after the newest snapshot keeps p5 (男 1972-02, 60 + 22 months: 2033-12), due by
    // then, and says so.
    const later = await cli(file, '--as-of', '2035-06-30');
    expect(JSON.parse(later.stdout).retirements.due).toBe(1);
    expect(later.stderr).toContain(
      '提示：--as-of 2035-06-30 晚于统计时点 2026-06-30：年龄按 2035-06-30 计算，人员按 2026-06-30 的名册，到该日已到龄的 1 人仍计入；推算该日的结构请用 --project',
    );
  });
});
