import { MASK } from '../../src/core/mask.ts';
import ExcelJS from 'exceljs';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCsv, toCsv } from '../../src/core/csv.ts';
import type { DuckClient } from '../../src/core/db.ts';
import { applyFilters, NO_FILTERS } from '../../src/core/filters.ts';
import {
  DEFAULT_RULE_SET,
  ruleById,
  withRule,
  type RatioRule,
} from '../../src/core/policy/index.ts';
import {
  ALL_SHEET,
  bothSegments,
  cadreStats,
  cellKey,
  crossKey,
  crossTab,
  crossTabSheetSpec,
  rosterRows,
  rosterSheetSpec,
  segmentOf,
  standardSheets,
  statsSheetSpec,
  tableBands,
  teamSheetSpec,
  teamStructure,
  type StatsSheet,
  type TableContext,
} from '../../src/core/tables/index.ts';
import { rulesText } from '../../src/core/tables/context.ts';
import { listSheet, workbookBytes } from '../../src/core/xlsx-write.ts';
import { xlsxToCsv } from '../../src/core/xlsx.ts';
import { FORMULA_NAME, TABLES_AS_OF, TABLES_ROSTER } from '../fixtures/tables.ts';
import { loadSources } from '../../src/core/load.ts';
import { csv, freshDb, loadCsv, parquetToIPC, sql } from './helpers.ts';

let db: DuckClient;
let sheets: StatsSheet[];
const ctx: TableContext = {
  lang: 'zh',
  asOf: TABLES_AS_OF,
  scope: '全市',
  sources: ['名册.csv'],
};

beforeAll(async () => {
  db = await freshDb();
  await loadCsv(db, '名册.csv', csv(TABLES_ROSTER), TABLES_AS_OF);
  sheets = await cadreStats(db, sql, TABLES_AS_OF, tableBands(DEFAULT_RULE_SET));
});
afterAll(() => db.close());

const n = (s: StatsSheet, col: string, row: string) => s.cells[col + '|' + row]?.n ?? 0;
const share = (s: StatsSheet, col: string, row: string) => s.cells[col + '|' + row]?.share;

async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer as ArrayBuffer);
  return wb;
}

describe('干部情况统计表 of the hand-worked roster', () => {
  it('has a sheet for everyone, then one per unit type in the usual order', () => {
    expect(sheets.map((s) => s.sheet)).toEqual([ALL_SHEET, '市直', '乡镇街道']);
  });

  it('counts everyone by level, gender, ethnicity, political status, band and education', () => {
    const all = sheets[0];
    const total = (row: string) => n(all, 'total|总体', row);
    expect(total('total|总数')).toBe(8);
    // A fixed layout: 县处级正职 is listed though nobody holds it.
    expect(all.rows.filter((r) => r.group === 'level').map((r) => r.key)).toEqual([
      '县处级正职',
      '县处级副职',
      '乡科级正职',
      '乡科级副职',
      '科员',
    ]);
    expect(total('level|县处级正职')).toBe(0);
    for (const l of ['县处级副职', '乡科级正职', '乡科级副职', '科员'])
      expect(total(`level|${l}`)).toBe(2);
    expect([total('gender|男'), total('gender|女')]).toEqual([5, 3]);
    expect([total('ethnic|汉族'), total('ethnic|少数民族')]).toEqual([6, 2]);
    // 中共预备党员 is a CPC member; 中国民主同盟盟员 a democratic party; 无党派人士 无党派.
    expect(
      Object.fromEntries(
        all.rows
          .filter((r) => r.group === 'political')
          .map((r) => [r.key, total(`political|${r.key}`)]),
      ),
    ).toEqual({ 中共党员: 4, 民主党派: 1, 无党派: 1, 共青团员: 1, 群众: 1 });
    // Ages 30 31 40 45 50 55 56 29.
    expect(
      Object.fromEntries(
        all.rows.filter((r) => r.group === 'band').map((r) => [r.key, total(`band|${r.key}`)]),
      ),
    ).toEqual({
      '30岁及以下': 2,
      '31-35岁': 1,
      '36-40岁': 1,
      '41-45岁': 1,
      '46-50岁': 1,
      '51-55岁': 1,
      '56岁及以上': 1,
    });
    // "大学" is 大学本科; "硕士研究生" 研究生; 大学专科 shows though nobody has it.
    expect(
      ['研究生', '大学本科', '大学专科', '中专及以下'].map((e) => total(`edu_highest|${e}`)),
    ).toEqual([2, 5, 0, 1]);
    expect(
      ['研究生', '大学本科', '大学专科', '中专及以下'].map((e) => total(`edu_fulltime|${e}`)),
    ).toEqual([1, 4, 2, 1]);
    expect(share(all, 'total|总体', 'gender|女')).toBe(3 / 8);
  });

  it('columns: everyone, each level, 男/女 — each with its mean age and shares of its own total', () => {
    const all = sheets[0];
    expect(all.columns.map((c) => `${c.group}:${c.key}:${c.n}`)).toEqual([
      'total:总体:8',
      'level:县处级正职:0',
      'level:县处级副职:2',
      'level:乡科级正职:2',
      'level:乡科级副职:2',
      'level:科员:2',
      'gender:男:5',
      'gender:女:3',
    ]);
    const mean = (k: string) => all.columns.find((c) => c.key === k)!.meanAge;
    expect(mean('总体')).toBe(336 / 8); // 42
    expect(mean('男')).toBe((30 + 40 + 50 + 55 + 29) / 5); // 40.8
    expect(mean('女')).toBe((31 + 45 + 56) / 3); // 44
    expect(mean('县处级副职')).toBe(53);
    // 县处级副职: 戊 (苗族, 50) and 庚 (汉族, 56, 无党派).
    expect(n(all, 'level|县处级副职', 'ethnic|少数民族')).toBe(1);
    expect(share(all, 'level|县处级副职', 'ethnic|少数民族')).toBe(0.5);
    expect(n(all, 'level|县处级副职', 'political|无党派')).toBe(1);
    // 女: 乙 (科员), 丁 (乡科级正职), 庚 (县处级副职).
    expect(n(all, 'gender|女', 'level|乡科级副职')).toBe(0);
    expect(share(all, 'gender|女', 'level|县处级副职')).toBe(1 / 3);
  });

  it('the per-unit-type sheets count their own cadres', () => {
    const city = sheets.find((s) => s.sheet === '市直')!;
    const town = sheets.find((s) => s.sheet === '乡镇街道')!;
    expect(n(city, 'total|总体', 'total|总数')).toBe(4);
    expect(city.columns[0].meanAge).toBe((50 + 55 + 56 + 29) / 4); // 47.5
    expect(n(town, 'total|总体', 'total|总数')).toBe(4);
    expect(town.columns[0].meanAge).toBe((30 + 31 + 40 + 45) / 4); // 36.5
    expect(town.columns.filter((c) => c.group === 'level').map((c) => c.key)).toEqual([
      '县处级正职',
      '县处级副职',
      '乡科级正职',
      '乡科级副职',
      '科员',
    ]);
    expect(town.columns.find((c) => c.key === '县处级副职')).toMatchObject({ n: 0 });
    expect(n(town, 'total|总体', 'political|共青团员')).toBe(1);
    // Every political group is a row on every sheet: the city's has no 共青团员, shown as 0.
    expect(city.rows.filter((r) => r.group === 'political').map((r) => r.key)).toEqual([
      '中共党员',
      '民主党派',
      '无党派',
      '共青团员',
      '群众',
    ]);
    expect(n(city, 'total|总体', 'political|共青团员') ?? 0).toBe(0);
  });

  it('the filters narrow it like every panel', async () => {
    await applyFilters(db, { values: { gender: ['女'] } });
    try {
      const women = await cadreStats(db, sql, TABLES_AS_OF, tableBands(DEFAULT_RULE_SET));
      expect(n(women[0], 'total|总体', 'total|总数')).toBe(3);
      expect(women[0].columns.find((c) => c.key === '男')!.n).toBe(0);
    } finally {
      await applyFilters(db, NO_FILTERS);
    }
  });

  it('as .xlsx: title, 截至 date and scope, merged three-row header, A4 landscape, the footnotes', async () => {
    const wb = await readBack(await workbookBytes(sheets.map((s) => statsSheetSpec(s, ctx))));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '干部情况统计表',
      '干部情况（市直）',
      '干部情况（乡镇街道）',
    ]);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('干部情况统计表');
    expect(ws.getCell('A2').value).toBe('截至2024年12月31日    范围：全市');
    const merges = (ws.model as unknown as { merges: string[] }).merges;
    // 项目 over two columns and three rows; 总体 over 人数/比率; 职务层次 over five levels.
    expect(merges).toEqual(expect.arrayContaining(['A3:B5', 'C3:D4', 'E3:N3', 'E4:F4', 'O3:R3']));
    expect(ws.getCell('A3').value).toBe('项目');
    expect(ws.getCell('E4').value).toBe('县处级正职');
    expect(ws.getCell('G4').value).toBe('县处级副职');
    expect([ws.getCell('C5').value, ws.getCell('D5').value]).toEqual(['人数', '比率']);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.printTitlesRow).toBe('3:5');
    expect(ws.headerFooter.oddFooter).toContain('&P');
    // Rows: 总数, five levels, 男/女, 汉族/少数民族, five political groups, seven bands and
    // 平均年龄, four highest and four full-time educations.
    const label = (r: number) => `${ws.getCell(r, 1).value}|${ws.getCell(r, 2).value}`;
    expect(label(6)).toBe('总数|总数');
    expect(ws.getCell(6, 3).value).toBe(8);
    const meanRow = 6 + 1 + 5 + 2 + 2 + 5 + 7;
    expect(label(meanRow)).toBe('年龄|平均年龄');
    expect(ws.getCell(meanRow, 3).value).toBe(42);
    expect(ws.getCell(meanRow, 3).numFmt).toBe('0.0');
    expect(ws.getCell(7, 3).value).toBe(0); // 县处级正职: nobody
    expect(ws.getCell(8, 4).value).toBe(0.25); // 县处级副职 2 of 8
    expect(ws.getCell(8, 4).numFmt).toBe('0.0%');
    expect(merges).toEqual(expect.arrayContaining([`A7:A11`, `A${meanRow - 7}:A${meanRow}`]));
    const notes = [ws.rowCount - 2, ws.rowCount - 1, ws.rowCount].map(
      (r) => ws.getCell(r, 1).value,
    );
    expect(notes[0]).toContain('百分比按四舍五入');
    expect(notes[2]).toBe('数据来源：名册.csv');
  });
});

describe('领导班子结构统计表', () => {
  it('one row per unit from its team members, the 合计, and every per-unit rule checked', async () => {
    const m = await teamStructure(db, sql, TABLES_AS_OF, DEFAULT_RULE_SET);
    expect(m.flagged).toBe(true);
    expect(m.rules.map((r) => r.id)).toEqual(['Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6']);
    const [town, city] = [
      m.rows.find((r) => r.unit_name === '城关镇')!,
      m.rows.find((r) => r.unit_name === '发改委')!,
    ];
    // 城关镇: 丙 (40) and 丁 (45, 女, 民盟).
    expect(town).toMatchObject({
      members: 2,
      mean_age: 42.5,
      young: [1, 0],
      women: 1,
      minorities: 0,
      non_cpc: 1,
      postgraduates: 0,
    });
    // Y4 counts 丁 (正科, 45): 0 of 1, one short; Y6 counts 丙 (副科, 40): one short.
    expect(town.checks).toEqual([
      { id: 'Y4', numerator: 0, denominator: 1, gap: 1 },
      { id: 'Y6', numerator: 0, denominator: 1, gap: 1 },
    ]);
    // 发改委: 戊 (50, 苗族, 研究生) and 庚 (56, 女, 无党派).
    expect(city).toMatchObject({
      members: 2,
      mean_age: 53,
      young: [0, 0],
      women: 1,
      minorities: 1,
      non_cpc: 1,
      postgraduates: 1,
    });
    // Y1: the team's 县处级 members 戊, 庚, neither ≤ 40; Y3: 己 (55); Y5: 辛 (29 ≤ 30) met.
    expect(city.checks).toEqual([
      { id: 'Y1', numerator: 0, denominator: 2, gap: 1 },
      { id: 'Y3', numerator: 0, denominator: 1, gap: 1 },
      { id: 'Y5', numerator: 1, denominator: 1, gap: 0 },
    ]);
    expect(m.total).toMatchObject({
      members: 4,
      mean_age: (40 + 45 + 50 + 56) / 4,
      young: [1, 0],
      women: 2,
      minorities: 1,
      non_cpc: 2,
      postgraduates: 1,
    });
    // 合计: units evaluated, units short, people short in all.
    expect(m.total.checks).toEqual([
      { id: 'Y1', numerator: 1, denominator: 1, gap: 1 },
      { id: 'Y3', numerator: 1, denominator: 1, gap: 1 },
      { id: 'Y4', numerator: 1, denominator: 1, gap: 1 },
      { id: 'Y5', numerator: 1, denominator: 0, gap: 0 },
      { id: 'Y6', numerator: 1, denominator: 1, gap: 1 },
    ]);
  });

  it('the check columns follow the rule set: a rule made not per-unit leaves the table', async () => {
    const rs = structuredClone(DEFAULT_RULE_SET);
    for (const r of rs.rules) if (r.id === 'Y5' && r.kind === 'ratio') r.perUnit = false;
    const m = await teamStructure(db, sql, TABLES_AS_OF, rs);
    expect(m.rules.map((r) => r.id)).not.toContain('Y5');
  });

  it('with no team to count, its note says so, not that every cadre is counted', async () => {
    const m = await teamStructure(db, sql, TABLES_AS_OF, DEFAULT_RULE_SET);
    const none = teamSheetSpec({ ...m, rows: [], flagged: false }, ctx);
    expect(none.notes![0]).toBe('没有可统计的领导班子：名册中的干部没有所在单位或领导职务层次。');
    expect(teamSheetSpec({ ...m, flagged: false }, ctx).notes![0]).toBe(
      '名册中没有“是否班子成员”，本表按各单位全部干部统计。',
    );
  });

  it('as .xlsx: a column per rule, ✓/✗ and 还差 N 人, the 合计 row', async () => {
    const m = await teamStructure(db, sql, TABLES_AS_OF, DEFAULT_RULE_SET);
    const wb = await readBack(await workbookBytes([teamSheetSpec(m, ctx)]));
    const ws = wb.worksheets[0];
    const row = (r: number) =>
      Array.from({ length: ws.columnCount }, (_, c) => ws.getCell(r, c + 1).value ?? null);
    expect(row(4).slice(12)).toEqual([
      'Y1 市直单位领导班子成员中40岁以下',
      'Y2 县市区党政领导班子成员中40岁以下',
      'Y3 市直单位正科级领导干部中35岁以下',
      'Y4 县市区直单位及乡镇(街道)正科级领导干部中35岁以下',
      'Y5 市直单位副科级领导干部中30岁以下',
      'Y6 县市区直单位及乡镇(街道)副科级领导干部中30岁以下',
    ]);
    const city = [5, 6].find((r) => ws.getCell(r, 2).value === '发改委')!;
    expect(row(city).slice(12)).toEqual([
      '✗ 还差 1 人 (0/2)',
      null,
      '✗ 还差 1 人 (0/1)',
      null,
      '✓ 达标 (1/1)',
      null,
    ]);
    expect(row(7).slice(1, 6)).toEqual(['合计', null, null, 4, 47.75]);
    expect(ws.getCell(7, 17).value).toBe('✓ 1 个单位均达标');
    expect(ws.getCell(7, 13).value).toBe('1/1 个单位未达标，共还差 1 人');
  });
});

describe('学位, and education the 名册 columns cannot show', () => {
  it('counts the full-time degree; the 名册 puts a higher education in service, else in 备注', async () => {
    const d = await freshDb();
    await loadCsv(
      d,
      '名册.csv',
      csv(
        [
          // Full-time 本科 with a 研究生 highest and no 在职 column: gained in service.
          ['a', '甲', '1980.01', '大学本科', '学士', '研究生', '发改委', '市直'],
          ['b', '乙', '1981.01', '研究生', '博士', '研究生', '发改委', '市直'],
          ['c', '丙', '1982.01', '研究生', '硕士', '', '城关镇', '乡镇'],
          ['d', '丁', '1983.01', '大学专科', '无', '', '城关镇', '乡镇'],
          // Only a highest education: neither column can hold it, so 备注 says it.
          ['e', '戊', '1984.01', '', '', '大学本科', '城关镇', '乡镇'],
        ].map(([人员编号, 姓名, 出生年月, 全日制学历, 全日制学位, 最高学历, 单位, 单位类别]) => ({
          人员编号,
          姓名,
          出生年月,
          全日制学历,
          全日制学位,
          最高学历,
          单位,
          单位类别,
        })),
      ),
      TABLES_AS_OF,
    );
    const [all, city] = await cadreStats(d, sql, TABLES_AS_OF, tableBands(DEFAULT_RULE_SET));
    expect(
      all.rows
        .filter((r) => r.group === 'degree')
        .map((r) => [r.key, n(all, 'total|总体', `degree|${r.key}`)]),
    ).toEqual([
      ['博士', 1],
      ['硕士', 1],
      ['学士', 1],
      ['无学位', 1],
      ['未知', 1],
    ]);
    // A unit type's sheet says so in its scope line.
    expect(statsSheetSpec(city, ctx).meta[0]).toBe('截至2024年12月31日    范围：全市 · 市直');
    const rows = rosterSheetSpec(await rosterRows(d, sql, TABLES_AS_OF, null), ctx).rows.filter(
      (r) => r.kind !== 'heading',
    );
    // Columns 全日制教育 (9), 在职教育 (10), 备注 (13).
    expect(rows.map((r) => [r.cells[1], r.cells[9], r.cells[10], r.cells[13]])).toEqual([
      ['甲', '大学本科 学士', '研究生', null],
      ['乙', '研究生 博士', null, null],
      ['丙', '研究生 硕士', null, null],
      ['丁', '大学专科 无', null, null],
      ['戊', null, null, '最高学历：大学本科'],
    ]);
    await d.close();
  });
});

describe('干部名册', () => {
  it('groups by unit with a heading row, by level within a unit; formula-like names stay text', async () => {
    const rows = await rosterRows(db, sql, TABLES_AS_OF, null);
    expect(rows.map((r) => r.person_id)).toEqual(['P4', 'P3', 'P2', 'P1', 'P7', 'P5', 'P6', 'P8']);
    const spec = rosterSheetSpec(rows, ctx);
    expect(spec.rows.filter((r) => r.kind === 'heading').map((r) => r.cells[0])).toEqual([
      '东岭县 · 城关镇（4 人）',
      '市本级 · 发改委（4 人）',
    ]);
    const bytes = await workbookBytes([spec]);
    const ws = (await readBack(bytes)).worksheets[0];
    expect(ws.getCell('A4').value).toBe('东岭县 · 城关镇（4 人）');
    expect((ws.model as unknown as { merges: string[] }).merges).toContain('A4:N4');
    expect((ws.getRow(5).values as unknown[]).slice(1, 9)).toEqual([
      1,
      '丁',
      '城关镇党委书记',
      '女',
      '汉族',
      '1979.01',
      '湖南祁阳',
      undefined,
    ]);
    // The formula-like name: a string cell in text format, and no formula anywhere in the file.
    const cell = ws.getCell('B8');
    expect(cell.value).toBe(FORMULA_NAME);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.numFmt).toBe('@');
    const xml = Object.entries(unzipSync(bytes))
      .filter(([name]) => name.startsWith('xl/worksheets/'))
      .map(([, b]) => strFromU8(b))
      .join('');
    expect(xml).not.toMatch(/<f[ >]/);
    expect(ws.getCell('A9').value).toBe('市本级 · 发改委（4 人）');
    expect(ws.getCell('A10').value).toBe(1); // 序号 afresh in every unit
    // Read back as a roster: its eight people in their units and regions, the headings and the
    // notes under the table skipped.
    const back = await freshDb();
    const r = await loadSources(back, [{ name: '干部名册.xlsx', bytes }], {
      parquetToIPC,
      xlsxToCsv,
      defaultSnapshot: TABLES_AS_OF,
    });
    expect(r.rows).toMatchObject({ read: 8, loaded: 8, rejected: 0 });
    expect(
      await back.query(
        `SELECT region, unit_name AS unit, count(*)::INTEGER AS n FROM cadres GROUP BY ALL ORDER BY ALL`,
      ),
    ).toEqual([
      { region: '东岭县', unit: '城关镇', n: 4 },
      { region: '市本级', unit: '发改委', n: 4 },
    ]);
    await back.close();
  });

  it('a people list (its ids) whatever the filters; masked: no name, years only, posts as levels', async () => {
    await applyFilters(db, { values: { gender: ['男'] } });
    try {
      const rows = await rosterRows(db, sql, TABLES_AS_OF, ['P7', 'P2']);
      expect(rows.map((r) => r.person_id)).toEqual(['P2', 'P7']);
    } finally {
      await applyFilters(db, NO_FILTERS);
    }
    const rows = await rosterRows(db, sql, TABLES_AS_OF, null);
    const bytes = await workbookBytes([rosterSheetSpec(rows, { ...ctx, masked: true })]);
    const text = Object.values(unzipSync(bytes))
      .map((b) => strFromU8(b))
      .join('');
    for (const name of TABLES_ROSTER.map((r) => r['姓名']))
      expect(text.includes(name.replaceAll('"', '&quot;'))).toBe(false);
    expect(text).not.toContain('城关镇党委书记');
    expect(text).not.toContain('1979.01');
    expect(text).not.toContain('湖南祁阳');
    const ws = (await readBack(bytes)).worksheets[0];
    expect((ws.getRow(5).values as unknown[]).slice(1, 7)).toEqual([
      1,
      MASK,
      '乡科级正职',
      '女',
      '汉族',
      '1979',
    ]);
  });
});

describe('二维统计', () => {
  it('level × gender: cells, totals, row and column shares', async () => {
    const x = await crossTab(db, sql, TABLES_AS_OF, 'level', 'gender', DEFAULT_RULE_SET.ageBands);
    expect(x.rows.map((r) => `${r.value}:${r.n}`)).toEqual([
      '县处级副职:2',
      '乡科级正职:2',
      '乡科级副职:2',
      '科员:2',
    ]);
    expect(x.cols.map((c) => `${c.value}:${c.n}`)).toEqual(['男:5', '女:3']);
    expect(x.total).toBe(8);
    expect(x.cells[crossKey('县处级副职', '女')]).toEqual({ n: 1, rowShare: 0.5, colShare: 1 / 3 });
    expect(x.cells[crossKey('乡科级副职', '男')]).toEqual({ n: 2, rowShare: 1, colShare: 2 / 5 });
    expect(x.cells[crossKey('乡科级副职', '女')]).toBeUndefined();
    expect(x.cols[1].share).toBe(3 / 8);
  });

  it('age bands (the rule set’s) × unit type; an empty cell is (none); values map to filters', async () => {
    const bands = DEFAULT_RULE_SET.ageBands;
    const x = await crossTab(db, sql, TABLES_AS_OF, 'age_band', 'unit_type', bands);
    expect(x.rows.map((r) => `${r.value}:${r.n}`)).toEqual([
      '35岁及以下:3',
      '36-40岁:1',
      '41-45岁:1',
      '46-50岁:1',
      '51-55岁:1',
      '56岁及以上:1',
    ]);
    expect(x.cells[crossKey('35岁及以下', '乡镇街道')].n).toBe(2);
    expect(segmentOf('age_band', '35岁及以下', bands)).toEqual({ age: { min: 0, max: 35 } });
    expect(
      bothSegments(segmentOf('age_band', '36-40岁', bands), segmentOf('unit_type', '市直', bands)),
    ).toEqual({ values: { unit_type: ['市直'] }, age: { min: 36, max: 40 } });
    const r = await crossTab(db, sql, TABLES_AS_OF, 'reserve', 'gender', bands);
    expect(r.rows.map((v) => v.value)).toEqual(['(none)']);
    const spec = crossTabSheetSpec(x, ctx);
    expect(spec.title).toBe('二维统计：年龄段 × 单位类别');
    expect(spec.header[0]).toEqual(['年龄段 \\ 单位类别', '市直', '乡镇街道', '合计']);
  });
});

describe('二维统计 by unit', () => {
  it('names a unit whose name another unit shares with its county first', async () => {
    const db2 = await freshDb();
    await loadCsv(
      db2,
      '名册.csv',
      [
        '姓名,出生年月,县市区,工作单位,单位类型',
        '甲,1980.01,零陵区,财政局,县市区',
        '乙,1981.01,零陵区,财政局,县市区',
        '丙,1982.01,东安县,财政局,县市区',
        '丁,1983.01,东安县,教育局,县市区',
      ].join('\n'),
      TABLES_AS_OF,
    );
    const x = await crossTab(db2, sql, TABLES_AS_OF, 'unit', 'gender', DEFAULT_RULE_SET.ageBands);
    expect(x.rows.map((r) => [r.label, r.n])).toEqual([
      ['零陵区 · 财政局', 2],
      ['东安县 · 财政局', 1],
      ['教育局', 1],
    ]);
    await db2.close();
  });
});

describe('the standard workbook', () => {
  it('holds every table: stats (everyone, per unit type), teams, roster', async () => {
    const specs = await standardSheets(db, sql, {
      asOf: TABLES_AS_OF,
      rules: DEFAULT_RULE_SET,
      ctx,
    });
    expect(specs.map((s) => s.name)).toEqual([
      '干部情况统计表',
      '干部情况（市直）',
      '干部情况（乡镇街道）',
      '领导班子结构统计表',
      '干部名册',
    ]);
    expect(cellKey('total', '总体', 'total', '总数')).toBe('total|总体|total|总数');
  });

  it('says under each title which rules its figures follow', async () => {
    const unverified = DEFAULT_RULE_SET.rules.filter((r) => r.unverified).map((r) => r.id);
    expect(rulesText('zh', DEFAULT_RULE_SET)).toBe(
      `规则：默认规则；待核实：${unverified.join('、')}`,
    );
    const edited = withRule(
      {
        ...DEFAULT_RULE_SET,
        retirement: { ...DEFAULT_RULE_SET.retirement, womenCountyDelayed: false },
      },
      { ...(ruleById(DEFAULT_RULE_SET, 'Y1') as RatioRule), target: [1, 3] },
    );
    expect(rulesText('zh', edited)).toBe(
      `规则：已修改 Y1，另有 1 处其他设置；待核实：${unverified.join('、')}`,
    );
    expect(rulesText('en', edited)).toBe(
      `Rules: changed Y1, other settings changed: 1; to be confirmed: ${unverified.join(', ')}`,
    );
    // A department's own rule is added, not changed.
    const y1 = ruleById(DEFAULT_RULE_SET, 'Y1') as RatioRule;
    const added = withRule(edited, { ...y1, id: 'X1', unverified: false });
    expect(rulesText('zh', added)).toBe(
      `规则：已修改 Y1，新增 X1，另有 1 处其他设置；待核实：${unverified.join('、')}`,
    );
    expect(rulesText('en', added)).toBe(
      `Rules: changed Y1, added X1, other settings changed: 1; to be confirmed: ${unverified.join(', ')}`,
    );
    const specs = await standardSheets(db, sql, {
      asOf: TABLES_AS_OF,
      rules: edited,
      ctx: { ...ctx, rules: edited },
    });
    for (const spec of specs) expect(spec.meta, spec.name).toContain(rulesText('zh', edited));
  });
});

describe('formula-like text in exports', () => {
  const rows = [
    { name: FORMULA_NAME, n: 3, v: -0.4 },
    { name: '+86 138', n: -5, v: null },
    { name: '@SUM(A1)', n: 0, v: 1 },
    { name: ' =1+1', n: 1, v: 1 },
    { name: '\tx', n: 1, v: 1 },
    { name: '-5', n: 1, v: 1 },
    { name: '－1', n: 1, v: 1 },
  ];
  it('CSV: an apostrophe keeps them text; numbers and plain numeric text stay as they are', () => {
    const text = toCsv(
      rows,
      [
        { key: 'name', label: '姓名' },
        { key: 'n', label: '人数' },
        { key: 'v', label: '变化' },
      ],
      ['=标题'],
    );
    expect(text.slice(1).split('\r\n')).toEqual([
      "'=标题",
      '姓名,人数,变化',
      `"'=HYPERLINK(""http://x"",""y"")",3,-0.4`,
      "'+86 138,-5,",
      "'@SUM(A1),0,1",
      "' =1+1,1,1",
      "'\tx,1,1",
      '-5,1,1',
      "'－1,1,1",
      '',
    ]);
    expect(tableCsv(['a'], [[FORMULA_NAME]]).split('\r\n')[1]).toBe(
      `"'=HYPERLINK(""http://x"",""y"")"`,
    );
  });

  it('XLSX: strings in text format, never formulas; numbers stay numbers', async () => {
    const bytes = await workbookBytes([
      listSheet({
        name: 't',
        title: 't',
        meta: [],
        notes: [],
        columns: [{ label: 'name' }, { label: 'n' }],
        rows: rows.map((r) => [r.name, r.n]),
      }),
    ]);
    const ws = (await readBack(bytes)).worksheets[0];
    rows.forEach((r, i) => {
      const name = ws.getCell(i + 3, 1);
      expect(name.value).toBe(r.name);
      expect(name.type).toBe(ExcelJS.ValueType.String);
      expect(name.numFmt ?? null).toBe(r.name === '-5' ? null : '@');
      expect(ws.getCell(i + 3, 2).value).toBe(r.n);
    });
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet1.xml']);
    expect(xml).not.toMatch(/<f[ >]/);
  });
});
