import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES_ROSTER } from '../fixtures/tables.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../../src/core/node-env.ts';
import { cli } from './cli-run.ts';
import { csv } from './helpers.ts';

const DIR = 'tests/.out/cli-tables';
const FILE = `${DIR}/名册.csv`;

beforeAll(() => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  writeFileSync(FILE, csv(TABLES_ROSTER));
});

async function workbook(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file).buffer as ArrayBuffer);
  return wb;
}

describe('report CLI --format xlsx', { timeout: 180_000 }, () => {
  it('writes the statistical tables whose cells equal the JSON report for the same state', async () => {
    const state = [FILE, '--as-of', '2024-12-31', '--filter', 'gender=男'];
    const json = JSON.parse((await cli(...state)).stdout);
    const out = `${DIR}/统计表.xlsx`;
    const { stdout } = await cli(...state, '--format', 'xlsx', '--out', out);
    expect(stdout).toBe('');
    const wb = await workbook(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '干部情况统计表',
      '干部情况（市直）',
      '干部情况（乡镇街道）',
      '领导班子结构统计表',
      '干部名册',
    ]);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A2').value).toBe('截至2024年12月31日    范围：全市（已筛选：性别=男）');
    const rows = new Map<string, number>();
    ws.eachRow((row, r) => {
      const label = ws.getCell(r, 2).value;
      if (r > 5 && typeof label === 'string') rows.set(label, r);
    });
    const count = (label: string) => ws.getCell(rows.get(label)!, 3).value;
    expect(count('总数')).toBe(json.headcount);
    expect(json.headcount).toBe(5);
    for (const [level, n] of Object.entries(json.breakdowns.level as Record<string, number>))
      if (n > 0) expect(count(level), level).toBe(n);
    const bands = json.age.bands as Record<string, number>;
    expect((count('30岁及以下') as number) + (count('31-35岁') as number)).toBe(
      bands['35岁及以下'],
    );
    for (const b of ['36-40岁', '41-45岁', '46-50岁', '51-55岁', '56岁及以上'])
      expect(count(b), b).toBe(bands[b]);
    expect(count('平均年龄')).toBe(json.age.mean);
    expect(json.age.mean).toBe(40.8);
    expect(ws.getCell(ws.rowCount, 1).value).toBe('数据来源：名册.csv');
    // 干部名册: the men only, grouped by unit.
    const roster = wb.getWorksheet('干部名册')!;
    const headings: string[] = [];
    roster.eachRow((row, r) => {
      if (
        r > 3 &&
        roster.getCell(r, 1).isMerged &&
        roster.getCell(r, 2).value === roster.getCell(r, 1).value
      )
        headings.push(String(roster.getCell(r, 1).value));
    });
    expect(headings.slice(0, 2)).toEqual(['东岭县 · 城关镇（2 人）', '市本级 · 发改委（3 人）']);
  });

  it('says the vocabulary, the sheets and the page footer in English with --lang en', async () => {
    const out = `${DIR}/tables-en.xlsx`;
    await cli(FILE, '--as-of', '2024-12-31', '--format', 'xlsx', '--out', out, '--lang', 'en');
    const wb = await workbook(out);
    expect(wb.worksheets.map((w) => w.name)).toContain('Cadres (City depts)');
    const ws = wb.worksheets[0];
    const labels = new Set<string>();
    ws.eachRow((row) => row.eachCell((c) => labels.add(String(c.value))));
    for (const x of ['Deputy county', 'Male', '≤ 30', 'Han']) expect(labels, x).toContain(x);
    expect([...labels].filter((x) => /^(县处级|乡科级|男$|女$|30岁)/.test(x))).toEqual([]);
    expect(ws.headerFooter.oddFooter).toBe('&CPage &P of &N');
    expect(wb.creator).toBe('Cadre structure analysis');
  });

  it('reads only the snapshot in force at --as-of of the demo, and counts all of it', async () => {
    // The demo's snapshot of 2020-12-31 (in force at 2021-06-30), counted from the stored
    // normalised rows: the workbook reads only that snapshot's range of them.
    const { db } = await openNodeDatabase();
    await db.insertArrowIPC(
      'demo',
      await nodeParquetToIPC(new Uint8Array(readFileSync('data/demo/canonical.parquet'))),
    );
    const [{ n, units }] = await db.query<{ n: number; units: number }>(
      `SELECT count(*)::INTEGER AS n, count(DISTINCT unit_id)::INTEGER AS units FROM demo
       WHERE snapshot_date = DATE '2020-12-31'`,
    );
    await db.close();
    const out = `${DIR}/demo-2021.xlsx`;
    await cli('--as-of', '2021-06-30', '--format', 'xlsx', '--out', out);
    const wb = await workbook(out);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A2').value).toBe('截至2021年6月30日（名册快照 2020-12-31）    范围：全市');
    expect(ws.getCell('A3').value).toMatch(/^规则：默认规则；待核实：Y1、/);
    expect(ws.getCell(7, 2).value).toBe('总数');
    expect(ws.getCell(7, 3).value).toBe(n);
    // 干部名册: one row per cadre (numbered) under one heading row per unit.
    const roster = wb.getWorksheet('干部名册')!;
    let [people, headings] = [0, 0];
    roster.eachRow((row) => {
      const first = row.getCell(1).value;
      if (typeof first === 'number') people++;
      else if (typeof first === 'string' && /（\d+ 人）$/.test(first)) headings++;
    });
    expect([people, headings]).toEqual([n, units]);
  });

  it('refuses a date before the first snapshot for every output, before writing anything', async () => {
    for (const format of ['xlsx', 'pdf']) {
      const out = `${DIR}/early.${format}`;
      const e = await cli('--as-of', '2010-01-01', '--format', format, '--out', out).catch(
        (x) => x,
      );
      expect(e.code, format).toBe(2);
      expect(e.stderr).toContain('统计时点 2010-01-01 之前没有数据');
      expect(existsSync(out)).toBe(false);
    }
  });

  it('--crosstab adds the 二维统计 sheet: 性别 × 职务层次 of the eight, counted by hand', async () => {
    const out = `${DIR}/crosstab.xlsx`;
    await cli(
      FILE,
      '--as-of',
      '2024-12-31',
      '--format',
      'xlsx',
      '--out',
      out,
      '--crosstab',
      'gender,level',
    );
    const wb = await workbook(out);
    const ws = wb.worksheets.at(-1)!;
    expect(ws.name).toBe('二维统计：性别 × 职务层次');
    const grid: unknown[][] = [];
    ws.eachRow((row) => grid.push((row.values as unknown[]).slice(1)));
    const header = grid.findIndex((r) => r[0] === '性别 \\ 职务层次');
    // Men: 科员 P1, 乡科级副职 P3 P8, 乡科级正职 P6, 县处级副职 P5; women: 科员 P2, 乡科级正职 P4,
    // 县处级副职 P7.
    expect(grid.slice(header, header + 5)).toEqual([
      ['性别 \\ 职务层次', '县处级副职', '乡科级正职', '乡科级副职', '科员', '合计'],
      ['人数', '人数', '人数', '人数', '人数', '人数'], // a heading merged across the table
      ['男', 1, 1, 2, 1, 5],
      ['女', 1, 1, 0, 1, 3],
      ['合计', 2, 2, 2, 2, 8],
    ]);
    // Nobody is a reserve: the row is 非后备, as the page says, not a blank.
    const reserve = `${DIR}/crosstab-reserve.xlsx`;
    await cli(
      FILE,
      '--as-of',
      '2024-12-31',
      '--format',
      'xlsx',
      '--out',
      reserve,
      '--crosstab',
      'reserve,gender',
    );
    const rs = (await workbook(reserve)).worksheets.at(-1)!;
    const labels: unknown[] = [];
    rs.eachRow((row) => labels.push(row.getCell(1).value));
    expect(labels.slice(3, 7)).toEqual(['后备干部 \\ 性别', '人数', '非后备', '合计']);
    const usage = await cli(FILE, '--crosstab', 'gender,gender').catch((x) => x);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--crosstab 需要 行,列 两个不同的维度');
  });

  it('--mask writes no name of the data', async () => {
    const out = `${DIR}/masked.xlsx`;
    await cli(FILE, '--as-of', '2024-12-31', '--format', 'xlsx', '--out', out, '--mask');
    const text = Object.values(unzipSync(new Uint8Array(readFileSync(out))))
      .map((b) => strFromU8(b))
      .join('');
    for (const name of TABLES_ROSTER.map((r) => r['姓名'].replaceAll('"', '&quot;')))
      expect(text.includes(name), name).toBe(false);
  });

  it('exits 1 with a clear message when the output cannot be written, 2 without --out', async () => {
    const out = `${DIR}/no-such-folder/统计表.xlsx`;
    const e = await cli(FILE, '--format', 'xlsx', '--out', out).catch((x) => x);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain(`无法写入输出文件 ${out}：目录`);
    expect(e.stderr).toContain('不存在');
    expect(existsSync(out)).toBe(false);
    const en = await cli(FILE, '--format', 'xlsx', '--out', DIR, '--lang', 'en').catch((x) => x);
    expect(en.code).toBe(1);
    expect(en.stderr).toBe(`Cannot write ${DIR}: it is a folder\n`);
    const usage = await cli(FILE, '--format', 'xlsx').catch((x) => x);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--format xlsx 需要 --out');
    const bad = await cli(FILE, '--format', 'pdfx').catch((x) => x);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format 只能是 json、table、xlsx');
  });
});
