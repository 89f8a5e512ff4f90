import ExcelJS from 'exceljs';
import { rosterWorkbook } from '../fixtures/roster-xlsx.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckClient } from '../../src/core/db.ts';
import { loadSources, type LoadReport } from '../../src/core/load.ts';
import { xlsxToCsv } from '../../src/core/xlsx.ts';
import { freshDb, parquetToIPC } from './helpers.ts';

let db: DuckClient;
let report: LoadReport;

beforeAll(async () => {
  db = await freshDb();
  report = await loadSources(db, [{ name: '干部名册.xlsx', bytes: await rosterWorkbook() }], {
    parquetToIPC,
    xlsxToCsv,
  });
});
afterAll(() => db.close());

// The fixture and its hand-worked counts: tests/fixtures/roster-xlsx.ts.
describe('Excel rosters', () => {
  it('finds the roster sheet and its header under the title rows', async () => {
    const sheet = await xlsxToCsv(await rosterWorkbook());
    expect(sheet.sheets).toEqual([
      {
        name: '填表说明',
        headerRow: 1,
        mapped: 0,
        hasBirth: false,
        hidden: false,
        header: '请按模板填写，出生年月格式为 1983.05',
      },
      {
        name: '干部名册',
        headerRow: 3,
        mapped: 6,
        hasBirth: true,
        hidden: false,
        header: '姓名 性别 出生年月 职务层次 单位 统计时点',
      },
    ]);
    expect(sheet.parts).toBeUndefined();
    expect(sheet.sheet).toBe('干部名册');
    expect(sheet.headerRow).toBe(3);
  });

  it('reads the sheet the user picks, and says so when it does not exist', async () => {
    const notes = await xlsxToCsv(await rosterWorkbook(), { sheet: '填表说明' });
    expect(new TextDecoder().decode(notes.csv)).toBe('请按模板填写，出生年月格式为 1983.05\n');
    await expect(xlsxToCsv(await rosterWorkbook(), { sheet: '汇总' })).rejects.toThrow(
      '工作簿中没有名为“汇总”的工作表',
    );
  });

  it('keeps formulas by their result, and text that looks like a formula or HTML as text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['姓名', '出生年月', '备注']);
    ws.addRow([{ formula: 'CONCAT("张","三")', result: '张三' }, '1983.05', '=1+1']);
    ws.addRow([
      '<script>alert(1)</script>',
      { formula: 'DATE(1990,1,2)', result: new Date(Date.UTC(1990, 0, 2)) },
      '<b>粗体</b>',
    ]);
    ws.getCell('B3').numFmt = 'yyyy"年"m"月"d"日"';
    ws.addRow([
      { richText: [{ text: '李' }, { text: '四', font: { bold: true } }] },
      32874.75,
      null,
    ]);
    ws.getCell('B4').numFmt = 'yyyy-mm-dd hh:mm';
    const sheet = await xlsxToCsv(new Uint8Array(await wb.xlsx.writeBuffer()));
    // 32874 is 1990-01-01; the time of day is dropped.
    expect(new TextDecoder().decode(sheet.csv)).toBe(
      '姓名,出生年月,备注\n张三,1983.05,=1+1\n<script>alert(1)</script>,1990-01-02,<b>粗体</b>\n李四,1990-01-01,\n',
    );
  });

  it('counts every row: loaded + rejected = read; blank and totals rows are skipped', () => {
    expect(report.rows).toEqual({ read: 5, loaded: 3, rejected: 2, skipped: 2 });
    expect(report.rejected.map((r) => [r.row, r.name, r.code])).toEqual([
      [8, '赵六', 'birth_future'],
      [9, '钱七', 'birth_missing'],
    ]);
  });

  it('reads Excel dates, months typed as numbers, serial numbers and merged cells', async () => {
    const rows = await db.query<{ name: string; birth: string; unit: string; level: string }>(
      `SELECT name, strftime(birth_date, '%Y-%m') AS birth, unit_name AS unit,
         level::VARCHAR AS level
       FROM cadres ORDER BY source_row`,
    );
    // Serial 30438 is 1983-05-02 (day 1 = 1900-01-01, with Excel's 1900-02-29): born 1983-05.
    expect(rows).toEqual([
      { name: '张三', birth: '1983-05', unit: '城关镇', level: '乡科级正职' },
      { name: '李四', birth: '1987-05', unit: '城关镇', level: '乡科级副职' },
      { name: '王五', birth: '1983-05', unit: '白沙乡', level: '科员' },
    ]);
  });

  it('a workbook without a roster, or bytes that are not a workbook, say so in Chinese', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['品名', '数量']);
    const notRoster = new Uint8Array(await wb.xlsx.writeBuffer());
    const corrupt = (await rosterWorkbook()).slice(0, 300);
    const load = (name: string, bytes: Uint8Array) =>
      loadSources(db, [{ name, bytes }], { parquetToIPC, xlsxToCsv });
    await expect(load('库存.xlsx', notRoster)).rejects.toThrow(
      '无法读取文件“库存.xlsx”：没有找到含“出生年月”等列标题的工作表，不像是干部名册',
    );
    const damaged = await load('损坏.xlsx', corrupt).catch((e) => e);
    expect(damaged.message).toBe(
      '无法读取文件“损坏.xlsx”：Excel 文件已损坏或不完整，无法读取：请在 Excel 中打开并重新保存，或重新导出',
    );
    // The library's own words are kept apart, as detail.
    expect(damaged.detail).toBeTruthy();
    expect((await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM cadres'))[0].n).toBe(
      3,
    );
  });
});
