import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckClient } from '../../src/core/db.ts';
import { applyFilters, NO_FILTERS } from '../../src/core/filters.ts';
import { ageStructure, computeReport, type Report } from '../../src/core/report.ts';
import { csv, freshDb, loadCsv, sql } from './helpers.ts';

// R = 2024-12-31: age = 2024 − birth year. Ages 35 36 40 41 56 60 24 → births below.
const births = ['1989-03', '1988-11', '1984-12', '1983-01', '1968-07', '1964-02', '2000-05'];
let db: DuckClient;
let report: Report;

beforeAll(async () => {
  db = await freshDb();
  const rows = births.map((b, i) => ({
    person_id: `a${i}`,
    birth_date: b,
    gender: i < 4 ? '男' : '女',
    political_status: [
      '中共党员',
      '中共预备党员',
      '共青团员',
      '民主党派',
      '群众',
      '中共党员',
      '无党派人士',
    ][i],
    education_highest: ['大学', '大专', '硕士研究生', '博士研究生', '中专', '大学本科', ''][i],
    education_fulltime: ['大学', '', '大学', '硕士研究生', '中专', '大专', ''][i],
  }));
  const load = await loadCsv(db, 'ages.csv', csv(rows), '2024-12-31');
  report = await computeReport(db, sql, { asOf: '2024-12-31', load });
});
afterAll(() => db.close());

describe('age structure at 2024-12-31', () => {
  it('bands include their bounds: 35 is in "35岁及以下", 56 in "56岁及以上"', () => {
    expect(report.age.bands).toEqual({
      '35岁及以下': 2,
      '36-40岁': 2,
      '41-45岁': 1,
      '46-50岁': 0,
      '51-55岁': 0,
      '56岁及以上': 2,
    });
  });

  it('mean and median age', () => {
    expect(report.age.mean).toBeCloseTo((35 + 36 + 40 + 41 + 56 + 60 + 24) / 7, 12);
    expect(report.age.median).toBe(40);
  });

  it('strict decade cohorts', () => {
    expect(report.cohorts).toEqual({
      '50后': 0,
      '60后': 2,
      '70后': 0,
      '80后': 4,
      '90后': 0,
      '00后': 1,
    });
  });

  it('party: 预备党员 is a member, 共青团员 is not', () => {
    expect(report.breakdowns.party).toEqual({ 中共党员: 3, 非中共党员: 4 });
  });

  it('education words: 大学 = 大学本科, 大专 = 大学专科, 硕士/博士 = 研究生', () => {
    expect(report.breakdowns.education).toEqual({
      研究生: 2,
      大学本科: 2,
      大学专科: 1,
      中专及以下: 1,
      未知: 1,
    });
  });

  it('full-time education (全日制学历) beside the highest, and as a filter', async () => {
    expect(report.breakdowns.educationFulltime).toEqual({
      研究生: 1,
      大学本科: 2,
      大学专科: 1,
      中专及以下: 1,
      未知: 2,
    });
    await applyFilters(db, { values: { education_fulltime: ['大学本科'] } });
    const s = await ageStructure(db, sql, '2024-12-31');
    // a0 (大学 / 大学) and a2 (大学 / 硕士研究生): ages 35 and 40.
    expect(s.headcount).toBe(2);
    expect(s.sections.education).toEqual({ 大学本科: 1, 研究生: 1 });
    await applyFilters(db, { values: { education_fulltime: ['未知'] } });
    expect((await ageStructure(db, sql, '2024-12-31')).headcount).toBe(2);
    await applyFilters(db, NO_FILTERS);
    expect((await ageStructure(db, sql, '2024-12-31')).headcount).toBe(7);
  });

  it('中等专科 is 中专及以下, not 大学专科 (专科 is matched after 中专)', async () => {
    const [r] = await db.query<{ a: string; b: string; c: string }>(
      "SELECT norm_education('中等专科') AS a, norm_education('大学专科') AS b, norm_education('中专') AS c",
    );
    expect(r).toEqual({ a: '中专及以下', b: '大学专科', c: '中专及以下' });
  });

  it('大学普通班 (the 1970s classes) is 大学专科, not 大学本科', async () => {
    const [r] = await db.query<{ a: string; b: string }>(
      "SELECT norm_education('大学普通班') AS a, norm_education('工农兵大学') AS b",
    );
    expect(r).toEqual({ a: '大学专科', b: '大学专科' });
  });

  it('an even count takes the middle pair’s mean as median', async () => {
    const s = await ageStructure(db, sql, '2025-01-31');
    // At 2025-01-31 the ages are 35 36 40 42 56 60 24 → sorted 24 35 36 40 42 56 60 → 40.
    expect(s.medianAge).toBe(40);
    await db.exec("DELETE FROM cadres WHERE person_id = 'a6'");
    const t = await ageStructure(db, sql, '2024-12-31');
    expect(t.medianAge).toBe(40.5);
    expect(t.headcount).toBe(6);
    expect(t.meanAge).toBeCloseTo((35 + 36 + 40 + 41 + 56 + 60) / 6, 12);
  });
});

describe('the young test on birth months (young_from)', () => {
  it('passes exactly the birth months whose age at R is within the limit, for every month and R', async () => {
    // Every birth month 1950–2009 against R on the first, the 15th and the last day of each
    // month of 2024–2026 and limits 0–60: age_at(b, R) ≤ N, and born-from months alike.
    const [{ wrong, cases }] = await db.query<{ wrong: number; cases: number }>(`
      WITH b AS (SELECT CAST(range AS DATE) AS b FROM range(DATE '1950-01-01', DATE '2010-01-01',
          INTERVAL 1 MONTH)),
        r AS (SELECT CAST(m + INTERVAL (d) DAY AS DATE) AS r
          FROM (SELECT range AS m FROM range(DATE '2024-01-01', DATE '2027-01-01',
            INTERVAL 1 MONTH)), (VALUES (0), (14), (27)) t(d)
          UNION ALL SELECT CAST(last_day(range) AS DATE)
          FROM range(DATE '2024-01-01', DATE '2027-01-01', INTERVAL 1 MONTH)),
        n AS (SELECT range::INTEGER AS n FROM range(0, 61, 5)
          UNION ALL SELECT * FROM (VALUES (35), (40), (45))),
        f AS (SELECT * FROM (VALUES (NULL::DATE), (DATE '1985-01-01'), (DATE '1980-07-01')) t(f))
      SELECT count(*) FILTER (WHERE
          counted_from(young_from(n, f, r), NULL, NULL, NULL, NULL, NULL, b, NULL, NULL, NULL, NULL)
          IS DISTINCT FROM counted_under(n, f, NULL, NULL, NULL, NULL, NULL, age_at(b, r), b, NULL,
            NULL, NULL, NULL))::INTEGER AS wrong,
        count(*)::INTEGER AS cases
      FROM b, r, n, f`);
    expect(cases).toBeGreaterThan(1_000_000);
    expect(wrong).toBe(0);
  });
});
