import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../src/cli/report.ts';
import type { DuckClient } from '../../src/core/db.ts';
import { DEMO_COUNTS, demoSnapshotMonths, monthEnd } from '../../src/core/demo/generate.ts';
import { loadSources, type LoadReport } from '../../src/core/load.ts';
import { computeInitialView, type InitialView } from '../../src/core/panels.ts';
import { listSnapshots, ratioMetrics, unitsSummary } from '../../src/core/report.ts';
import { freshDb, parquetToIPC, sql } from './helpers.ts';

/** The bundled demo city against the published Yongzhou, Jinzhou and DOMAIN.md §7 figures. */
let db: DuckClient;
let load: LoadReport;
const NEWEST = '2026-10-31';
const city = async (asOf: string, id: string) =>
  (await ratioMetrics(db, sql, asOf)).find((r) => r.metric_id === id)!;
const one = async <T extends object>(text: string) => (await db.query<T>(text))[0];
const share = (n: number, d: number) => n / d;

beforeAll(async () => {
  db = await freshDb();
  load = await loadSources(db, [{ name: 'cadres.parquet', bytes: readFileSync(DEMO_FILE) }], {
    parquetToIPC,
  });
  // Retirement month under DOMAIN.md §5 as a month index (year × 12 + month − 1): men 60,
  // women 55 (县处级 60); from births of 1965-01 (base 60) or 1970-01 (base 55) one month
  // more, plus one for every further 4 months of birth, at most 36.
  await db.exec(`
    CREATE MACRO base_age(g, lvl) AS CASE WHEN g = '男' OR lvl LIKE '县处级%' THEN 60 ELSE 55 END;
    CREATE MACRO retire_at(b, g, lvl) AS
      year(b) * 12 + month(b) - 1 + base_age(g, lvl) * 12 + CASE
        WHEN year(b) * 12 + month(b) - 1 >= (CASE WHEN base_age(g, lvl) = 60 THEN 1965 ELSE 1970 END) * 12
        THEN least(36, (year(b) * 12 + month(b) - 1
          - (CASE WHEN base_age(g, lvl) = 60 THEN 1965 ELSE 1970 END) * 12) // 4 + 1)
        ELSE 0 END;
    CREATE MACRO month_index(d) AS year(d) * 12 + month(d) - 1;
    CREATE TABLE newest AS SELECT *, age_at(birth_date, snapshot_date) AS age,
      retire_at(birth_date, gender, level) - month_index(snapshot_date) AS due_in
    FROM cadres WHERE snapshot_date = DATE '${NEWEST}';`);
  await db.registerFile(
    'appointments.csv',
    readFileSync(new URL('../../data/demo/appointments.csv', import.meta.url)),
  );
  await db.exec(`CREATE TABLE events AS SELECT * FROM read_csv('appointments.csv', header = true,
    all_varchar = true)`);
});
afterAll(() => db.close());

describe('demo city calibration', () => {
  it('loads every row', () => {
    expect(load.rows.rejected).toBe(0);
    expect(load.rows.loaded).toBe(load.rows.read);
  });

  it('has year-end snapshots from 2017 and the last 12 months', async () => {
    const snaps = (await listSnapshots(db, sql)).map((s) => s.snapshot_date);
    expect(snaps).toEqual(demoSnapshotMonths().map(monthEnd));
    expect(snaps[0]).toBe('2017-12-31');
    expect(snaps.slice(-12)[0]).toBe('2025-11-30');
  });

  it('2017-12-31 reproduces Yongzhou: 113 县处级 aged ≤ 40 ≈ 7%', async () => {
    const y7 = await city('2017-12-31', 'Y7');
    expect([y7.numerator, y7.denominator]).toEqual([113, DEMO_COUNTS.countyLevel]);
    expect(y7.value).toBeCloseTo(0.07, 3);
  });

  it('2017-12-31 reproduces Yongzhou: 306 正科 aged ≤ 35 = 4.5%', async () => {
    const y8 = await city('2017-12-31', 'Y8');
    expect([y8.numerator, y8.denominator]).toEqual([306, 6800]);
    expect(y8.value).toBeCloseTo(0.045, 6);
  });

  it('J1 (80后 township secretaries) starts at 18 of 180 and ends above 1/3', async () => {
    const first = await city('2017-12-31', 'J1');
    const last = await city(NEWEST, 'J1');
    expect([first.numerator, first.denominator]).toEqual([18, 180]);
    expect(first.met).toBe(false);
    expect(last.value as number).toBeGreaterThan(1 / 3);
    expect(last.met).toBe(true);
  });

  it('J2 (85后 township heads) crosses 1/3 in 2025', async () => {
    expect((await city('2024-12-31', 'J2')).met).toBe(false);
    expect((await city('2025-12-31', 'J2')).met).toBe(true);
    expect((await city(NEWEST, 'J2')).met).toBe(true);
  });

  it('some rules fall short today, city-wide and in many units', async () => {
    const y6 = await city(NEWEST, 'Y6');
    expect(y6.met).toBe(false);
    const units = await unitsSummary(db, sql, NEWEST);
    expect(units.find((u) => u.metric_id === 'Y6')!.units_failing).toBeGreaterThan(100);
  });

  it('Y7 is met today and, if nobody is appointed, no longer in three years', async () => {
    expect((await city(NEWEST, 'Y7')).met).toBe(true);
    // The same people three years older; those retired by then have left (DOMAIN.md §5).
    const p = await one<{ young: number; n: number }>(`
      SELECT count(*) FILTER (WHERE age + 3 <= 40)::INTEGER AS young, count(*)::INTEGER AS n
      FROM newest WHERE level LIKE '县处级%' AND due_in > 36`);
    expect(6 * p.young).toBeLessThan(p.n);
  });

  it('about 11 counties, 180 townships and streets, at most one secretary and one head each', async () => {
    const u = await one<Record<string, number>>(
      `SELECT count(DISTINCT region) FILTER (WHERE unit_type <> '市直')::INTEGER AS regions,
         count(DISTINCT unit_id) FILTER (WHERE unit_type = '乡镇街道')::INTEGER AS townships,
         count(*) FILTER (WHERE post_class = 'township_secretary')::INTEGER AS secretaries,
         count(*) FILTER (WHERE post_class = 'township_head')::INTEGER AS heads,
         count(DISTINCT unit_id) FILTER (WHERE post_class = 'township_secretary')::INTEGER AS su,
         count(DISTINCT unit_id) FILTER (WHERE post_class = 'township_head')::INTEGER AS hu
       FROM newest`,
    );
    expect([u.regions, u.townships]).toEqual([11, 180]);
    expect(u.secretaries).toBe(u.su);
    expect(u.heads).toBe(u.hu);
    // A few posts are vacant between appointment rounds.
    expect(u.secretaries).toBeGreaterThan(170);
    expect(u.heads).toBeGreaterThan(170);
  });

  it('nobody is past retirement age at any snapshot', async () => {
    const [r] = await db.query(
      `SELECT count(*)::INTEGER AS n FROM cadres
       WHERE age_at(birth_date, snapshot_date) >= 63
          OR (gender = '女' AND level NOT LIKE '县处级%' AND age_at(birth_date, snapshot_date) >= 58)`,
    );
    expect(r.n).toBe(0);
  });
});

describe('a roster a department head believes (DOMAIN.md §7)', () => {
  it('work starts after the full-time education: 研究生 at 24+, 大学本科 at 22+, 大学专科 at 20+', async () => {
    const rows = await db.query<{ e: string; youngest: number }>(`
      SELECT education_fulltime::VARCHAR AS e, min(age_at(birth_date, work_start_date)) AS youngest
      FROM cadres GROUP BY 1`);
    const start = Object.fromEntries(rows.map((r) => [r.e, r.youngest]));
    expect(start['研究生']).toBeGreaterThanOrEqual(24);
    expect(start['大学本科']).toBeGreaterThanOrEqual(22);
    expect(start['大学专科']).toBeGreaterThanOrEqual(20);
    const grad = await one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM cadres
      WHERE education_fulltime = '研究生' AND age_at(birth_date, snapshot_date) < 24`);
    expect(grad.n).toBe(0);
    // In-service degrees come at least three years into work.
    const early = await one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM cadres
      WHERE education_inservice <> '未知' AND snapshot_date < work_start_date + INTERVAL 3 YEAR`);
    expect(early.n).toBe(0);
  });

  it('levels are reached at plausible ages: 副科 26+, 正科 29+, 县处级 33+', async () => {
    const rows = await db.query<{ level: string; youngest: number }>(`
      SELECT level::VARCHAR AS level, min(age_at(birth_date, level_since)) AS youngest
      FROM cadres WHERE level <> '科员' GROUP BY 1`);
    const at = Object.fromEntries(rows.map((r) => [r.level, r.youngest]));
    expect(at['乡科级副职']).toBeGreaterThanOrEqual(26);
    expect(at['乡科级正职']).toBeGreaterThanOrEqual(29);
    expect(at['县处级副职']).toBeGreaterThanOrEqual(33);
    expect(at['县处级正职']).toBeGreaterThanOrEqual(33);
  });

  it('股长 posts are 科员-level posts with a 职级, outside Y6 (副科级领导干部)', async () => {
    const r = await one<Record<string, number>>(`
      SELECT count(*)::INTEGER AS chiefs,
        count(*) FILTER (WHERE level <> '科员')::INTEGER AS leading,
        count(*) FILTER (WHERE rank IS NULL)::INTEGER AS no_rank
      FROM cadres WHERE post_title LIKE '%股长'`);
    expect(r.chiefs).toBeGreaterThan(1000);
    expect(r.leading).toBe(0);
    expect(r.no_rank).toBe(0);
  });

  it('women ≈ 16.4% of cadres (a city’s 党政机关: 2,501 of 15,252), within 3 points', async () => {
    for (const d of ['2017-12-31', NEWEST]) {
      const r = await one<{ w: number; n: number }>(`SELECT count(*) FILTER (WHERE gender = '女')
        ::INTEGER AS w, count(*)::INTEGER AS n FROM cadres WHERE snapshot_date = DATE '${d}'`);
      expect(Math.abs(share(r.w, r.n) - 0.164), d).toBeLessThan(0.03);
    }
  });

  it('age bands of 2017 within 6 points of a city’s 党政机关 (15,252 people)', async () => {
    // ≤30 2,564; 31–35 2,606; 36–40 3,256; 41–45 2,371; 46–50 2,133; 51–55 1,392; >55 930.
    const published = [2564, 2606, 3256, 2371, 2133, 1392, 930].map((n) => n / 15252);
    const r = await db.query<{ band: number; n: number }>(`
      SELECT CASE WHEN a <= 30 THEN 0 WHEN a <= 35 THEN 1 WHEN a <= 40 THEN 2 WHEN a <= 45 THEN 3
        WHEN a <= 50 THEN 4 WHEN a <= 55 THEN 5 ELSE 6 END AS band, count(*)::INTEGER AS n
      FROM (SELECT age_at(birth_date, snapshot_date) AS a FROM cadres
            WHERE snapshot_date = DATE '2017-12-31') GROUP BY 1 ORDER BY 1`);
    const total = r.reduce((s, x) => s + x.n, 0);
    r.forEach((x) =>
      expect(Math.abs(x.n / total - published[x.band]), `band ${x.band}`).toBeLessThan(0.06),
    );
    // Nine years on the roster is older (its 1970s cohorts near retirement), not implausibly so.
    const now = await one<{ mean: number; young: number }>(`SELECT avg(age) AS mean,
      avg((age <= 35)::INTEGER) AS young FROM newest`);
    expect(now.mean).toBeGreaterThan(40);
    expect(now.mean).toBeLessThan(46);
    expect(now.young).toBeGreaterThan(0.2);
  });

  it('township secretaries average ≈ 41.3 (± 3); heads are younger than secretaries', async () => {
    const r = await one<{ sec: number; head: number }>(`
      SELECT avg(age) FILTER (WHERE post_class = 'township_secretary') AS sec,
        avg(age) FILTER (WHERE post_class = 'township_head') AS head FROM newest`);
    expect(Math.abs(r.sec - 41.3)).toBeLessThan(3);
    // The published county's heads average 36.8; here J2 (heads born ≥ 1985 > 1/3) is only met
    // from 2025, which keeps the heads' average near 42.
    expect(r.head).toBeLessThan(r.sec);
  });

  it('county 党委 and 政府 teams average ≈ 43 (new county teams 43.2)', async () => {
    const mean = async (d: string) =>
      (
        await one<{ m: number }>(`SELECT avg(age_at(birth_date, snapshot_date)) AS m FROM cadres
          WHERE snapshot_date = DATE '${d}' AND unit_type = '县市区' AND is_team_member
            AND level LIKE '县处级%' AND (unit_name LIKE '%委' OR unit_name LIKE '%人民政府')`)
      ).m;
    expect(Math.abs((await mean('2017-12-31')) - 43.2)).toBeLessThan(2.5);
    expect(Math.abs((await mean(NEWEST)) - 43.2)).toBeLessThan(3.5);
  });
});

describe('what team templates and warnings need (issue 11)', () => {
  const teams = `SELECT unit_id, count(*) AS n, count(*) FILTER (WHERE is_principal) AS principals,
      count(*) FILTER (WHERE gender = '女') AS women,
      count(*) FILTER (WHERE party = '非中共党员') AS non_cpc,
      count(*) FILTER (WHERE ethnicity <> '汉族') AS minority,
      count(*) FILTER (WHERE due_in <= 36) AS retiring
    FROM newest WHERE is_team_member GROUP BY 1`;

  it('women, non-CPC and minority members are spread unevenly', async () => {
    const r = await one<Record<string, number>>(`SELECT count(*)::INTEGER AS teams,
      count(*) FILTER (WHERE women = 0)::INTEGER AS no_women,
      count(*) FILTER (WHERE women >= 2)::INTEGER AS women2,
      count(*) FILTER (WHERE non_cpc >= 1)::INTEGER AS non_cpc,
      count(*) FILTER (WHERE minority = 0)::INTEGER AS no_minority,
      count(*) FILTER (WHERE minority >= 2)::INTEGER AS minority2
      FROM (${teams})`);
    expect(r.teams).toBeGreaterThan(600);
    expect(r.no_women).toBeGreaterThan(r.teams * 0.2);
    expect(r.women2).toBeGreaterThan(r.teams * 0.1);
    expect(r.non_cpc).toBeGreaterThan(30);
    expect(r.non_cpc).toBeLessThan(r.teams / 2);
    expect(r.no_minority).toBeGreaterThan(r.teams * 0.3);
    expect(r.minority2).toBeGreaterThan(20);
  });

  it('some teams have no principal; some principals retire within six months', async () => {
    const r = await one<Record<string, number>>(`SELECT
      count(*) FILTER (WHERE principals = 0)::INTEGER AS headless FROM (${teams})`);
    expect(r.headless).toBeGreaterThanOrEqual(5);
    const p = await one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM newest
      WHERE is_team_member AND is_principal AND due_in BETWEEN 0 AND 6`);
    expect(p.n).toBeGreaterThan(0);
  });

  it('some teams lose a third or 3+ members to retirement within three years', async () => {
    const r = await one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${teams})
      WHERE retiring * 3 >= n OR retiring >= 3`);
    expect(r.n).toBeGreaterThanOrEqual(5);
  });

  it('team members have been in post 5, 8 and 10+ years', async () => {
    const r = await one<Record<string, number>>(`SELECT
      count(*) FILTER (WHERE post_since <= DATE '${NEWEST}' - INTERVAL 5 YEAR)::INTEGER AS y5,
      count(*) FILTER (WHERE post_since <= DATE '${NEWEST}' - INTERVAL 8 YEAR)::INTEGER AS y8,
      count(*) FILTER (WHERE post_since <= DATE '${NEWEST}' - INTERVAL 10 YEAR)::INTEGER AS y10,
      count(*)::INTEGER AS n
      FROM newest WHERE is_team_member`);
    expect(r.y10).toBeGreaterThan(50);
    expect(r.y8).toBeGreaterThan(r.y10);
    expect(r.y5).toBeGreaterThan(r.y8);
    expect(r.y5).toBeLessThan(r.n / 2);
  });
});

describe('what selection needs (issue 12)', () => {
  it('appraisals in both roster formats, listing only the three years before the snapshot', async () => {
    const result = '(优秀|称职|基本称职|不称职)';
    const r = await one<Record<string, number>>(`SELECT
      count(*) FILTER (WHERE regexp_full_match(appraisals, '[0-9]{4}年度${result}(；[0-9]{4}年度${result})*'))::INTEGER AS long_form,
      count(*) FILTER (WHERE regexp_full_match(appraisals, '[0-9]{4}${result}(,[0-9]{4}${result})*'))::INTEGER AS short_form,
      count(*) FILTER (WHERE regexp_matches(appraisals, '^2025年度.*2023年度'))::INTEGER AS newest_first,
      count(*) FILTER (WHERE appraisals IS NOT NULL)::INTEGER AS filled,
      count(*) FILTER (WHERE appraisals IS NULL)::INTEGER AS empty,
      count(*) FILTER (WHERE len(regexp_extract_all(appraisals, '[0-9]{4}')) < 3)::INTEGER AS fewer,
      count(*) FILTER (WHERE appraisals LIKE '%基本称职%')::INTEGER AS basic,
      count(*) FILTER (WHERE regexp_matches(appraisals, '(^|[^本])不称职'))::INTEGER AS failing,
      count(*)::INTEGER AS n
      FROM newest`);
    expect(r.long_form + r.short_form).toBe(r.filled);
    expect(r.short_form).toBeGreaterThan(1000);
    expect(r.newest_first).toBeGreaterThan(100);
    expect(r.empty).toBeGreaterThan(r.n * 0.01);
    expect(r.fewer).toBeGreaterThan(100);
    expect(r.basic).toBeGreaterThan(100);
    expect(r.failing).toBeGreaterThan(0);
    expect(r.failing).toBeLessThan(r.n * 0.01);
    // A year's appraisal is on record from March of the next year.
    const stray = await one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (
        SELECT snapshot_date, CAST(unnest(regexp_extract_all(appraisals, '[0-9]{4}')) AS INTEGER) AS y
        FROM cadres WHERE appraisals IS NOT NULL)
      WHERE y > year(snapshot_date) - CASE WHEN month(snapshot_date) >= 3 THEN 1 ELSE 2 END
         OR y < year(snapshot_date) - CASE WHEN month(snapshot_date) >= 3 THEN 3 ELSE 4 END`);
    expect(stray.n).toBe(0);
  });

  it('township secretaries stay secretaries across snapshots; some just under three years', async () => {
    const r = await one<Record<string, number>>(`SELECT
      count(*) FILTER (WHERE person_id IN (SELECT person_id FROM cadres
        WHERE snapshot_date = DATE '2023-12-31' AND post_class = 'township_secretary'))::INTEGER AS stayed,
      count(*) FILTER (WHERE post_since > DATE '${NEWEST}' - INTERVAL 3 YEAR
        AND post_since <= DATE '${NEWEST}' - INTERVAL 30 MONTH)::INTEGER AS just_under
      FROM newest WHERE post_class = 'township_secretary'`);
    expect(r.stayed).toBeGreaterThan(40);
    expect(r.just_under).toBeGreaterThanOrEqual(5);
  });

  it('education, reserves and party as the criteria need them', async () => {
    const r = await one<Record<string, number>>(`SELECT
      count(*) FILTER (WHERE education_fulltime = '大学专科' AND education_inservice = '大学本科'
        AND education_highest = '大学本科')::INTEGER AS upgraded,
      count(*) FILTER (WHERE reserve = '处级后备')::INTEGER AS county_reserve,
      count(*) FILTER (WHERE reserve = '处级后备' AND age <= 40)::INTEGER AS county_reserve_young,
      count(*) FILTER (WHERE reserve = '科级后备')::INTEGER AS section_reserve,
      count(*) FILTER (WHERE reserve = '科级后备' AND age <= 35)::INTEGER AS section_reserve_young,
      count(*) FILTER (WHERE political_status = '中共预备党员')::INTEGER AS probationary,
      count(*) FILTER (WHERE political_status IS NULL)::INTEGER AS no_status
      FROM newest`);
    expect(r.upgraded).toBeGreaterThan(100);
    expect(r.county_reserve).toBeGreaterThan(200);
    expect(r.county_reserve_young).toBeGreaterThan(100);
    expect(r.section_reserve).toBeGreaterThan(500);
    expect(r.section_reserve_young).toBeGreaterThan(300);
    expect(r.probationary).toBeGreaterThan(20);
    expect(r.no_status).toBeGreaterThan(20);
  });
});

describe('what flows need (issue 13)', () => {
  it('people reach retirement within 12, 36 and 60 months of the newest snapshot', async () => {
    const r = await one<Record<string, number>>(`SELECT
      count(*) FILTER (WHERE due_in BETWEEN 1 AND 12)::INTEGER AS m12,
      count(*) FILTER (WHERE due_in BETWEEN 1 AND 36)::INTEGER AS m36,
      count(*) FILTER (WHERE due_in BETWEEN 1 AND 60)::INTEGER AS m60 FROM newest`);
    expect(r.m12).toBeGreaterThan(100);
    expect(r.m36).toBeGreaterThan(r.m12);
    expect(r.m60).toBeGreaterThan(r.m36);
  });

  it('the appointment events explain every level change between snapshots', async () => {
    // For each person in two consecutive snapshots: the last event between them names the
    // later level, and with no event the level is unchanged.
    const r = await one<{ changed: number; explained: number; unexplained: number }>(`
      WITH s AS (SELECT DISTINCT snapshot_date FROM cadres),
      pairs AS (SELECT lag(snapshot_date) OVER (ORDER BY snapshot_date) AS prev, snapshot_date AS cur
                FROM s),
      kept AS (
        SELECT p.prev, p.cur, a.person_id, a.level::VARCHAR AS before, b.level::VARCHAR AS after
        FROM pairs p JOIN cadres a ON a.snapshot_date = p.prev
        JOIN cadres b ON b.snapshot_date = p.cur AND b.person_id = a.person_id),
      last AS (
        SELECT b.*, arg_max(e."新职务层次", e."任免时间") AS to_level
        FROM kept b LEFT JOIN events e ON e."人员编号" = b.person_id
          AND CAST(e."任免时间" AS DATE) > b.prev AND CAST(e."任免时间" AS DATE) <= b.cur
        GROUP BY ALL)
      SELECT count(*) FILTER (WHERE before <> after)::INTEGER AS changed,
        count(*) FILTER (WHERE before <> after AND to_level = after)::INTEGER AS explained,
        count(*) FILTER (WHERE coalesce(to_level, before) <> after)::INTEGER AS unexplained
      FROM last`);
    expect(r.changed).toBeGreaterThan(1000);
    expect(r.explained).toBe(r.changed);
    expect(r.unexplained).toBe(0);
  });

  it('promotions come in batches, some with fewer than a third young', async () => {
    // Young by the level promoted to: 县处级 ≤ 40, 乡科级正职 ≤ 35, 乡科级副职 ≤ 30.
    const r = await one<{ batches: number; short: number }>(`
      WITH born AS (SELECT person_id, any_value(birth_date) AS b FROM cadres GROUP BY 1),
      p AS (
        SELECT e."批次" AS batch, age_at(b.b, CAST(e."任免时间" AS DATE)) <= CASE
            WHEN e."新职务层次" LIKE '县处级%' THEN 40 WHEN e."新职务层次" = '乡科级正职' THEN 35 ELSE 30
          END AS young
        FROM events e JOIN born b ON b.person_id = e."人员编号" WHERE e."是否提拔" = '是'),
      g AS (SELECT batch, count(*) AS n, count(*) FILTER (WHERE young) AS y FROM p GROUP BY 1
            HAVING count(*) >= 3)
      SELECT count(*)::INTEGER AS batches, count(*) FILTER (WHERE 3 * y < n)::INTEGER AS short FROM g`);
    expect(r.batches).toBeGreaterThan(100);
    expect(r.short).toBeGreaterThan(5);
    expect(r.short).toBeLessThan(r.batches / 2);
  });

  it('sources as rosters write them', async () => {
    const rows = await db.query<{ source: string }>(`SELECT DISTINCT source FROM newest`);
    const sources = rows.map((r) => r.source);
    for (const s of [
      '公务员考录',
      '选调生',
      '企事业单位',
      '大学生村官',
      '军转干部',
      '村(社区)干部',
    ])
      expect(sources, s).toContain(s);
  });

  it('secondment cohorts over the years, with members promoted later', async () => {
    const r = await one<Record<string, number>>(`SELECT
      count(DISTINCT secondment_batch)::INTEGER AS cohorts,
      count(DISTINCT secondment_type)::INTEGER AS kinds,
      count(*) FILTER (WHERE secondment_start > secondment_end)::INTEGER AS reversed,
      count(*) FILTER (WHERE secondment_start <= snapshot_date AND secondment_end >= snapshot_date)
        ::INTEGER AS current,
      count(*) FILTER (WHERE secondment_end > snapshot_date
        AND secondment_end <= snapshot_date + INTERVAL 3 MONTH)::INTEGER AS ending
      FROM newest WHERE secondment_batch IS NOT NULL`);
    expect(r.cohorts).toBeGreaterThanOrEqual(10);
    expect(r.kinds).toBe(4);
    expect(r.reversed).toBe(0);
    expect(r.current).toBeGreaterThan(50);
    expect(r.ending).toBeGreaterThan(0);
    // Members of the cohorts sent by 2023, at a higher level now than when sent.
    const p = await one<{ sent: number; promoted: number }>(`
      WITH first AS (SELECT person_id, arg_min(level, snapshot_date) AS was FROM cadres
        WHERE secondment_start <= snapshot_date AND secondment_start < DATE '2024-01-01' GROUP BY 1)
      SELECT count(*)::INTEGER AS sent, count(*) FILTER (WHERE n.level < f.was)::INTEGER AS promoted
      FROM first f JOIN newest n USING (person_id)`);
    expect(p.promoted).toBeGreaterThan(p.sent / 10);
  });
});

describe('the stored first view of the demo', () => {
  it('is what the queries give now (the page draws it while DuckDB starts)', async () => {
    const stored = JSON.parse(
      readFileSync(new URL('../../data/demo/initial-view.json', import.meta.url), 'utf8'),
    ) as InitialView;
    const live = await computeInitialView(db, sql, load);
    expect(stored.asOf).toBe(live.asOf);
    expect(stored.snapshots).toEqual(live.snapshots);
    expect(stored.panels.structure).toEqual(live.panels.structure);
    expect(stored.panels.kpis).toEqual(live.panels.kpis);
    expect(stored.panels.trend).toEqual(live.panels.trend);
    expect(stored.panels.report.metrics).toEqual(live.panels.report.metrics);
    expect(stored.units).toEqual(live.units);
    expect(stored.options).toEqual(live.options);
  });
});
