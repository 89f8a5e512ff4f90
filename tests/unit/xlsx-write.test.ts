import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxToCsv } from '../../src/core/xlsx.ts';
import { columnName, writeXlsx } from '../../src/core/xlsx-write.ts';

describe('the .xlsx writer of the exports', () => {
  it('names columns as Excel does', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('writes title lines, a header and rows that Excel readers read back as written', async () => {
    const bytes = writeXlsx([
      {
        name: 'S1 符合条件人选',
        title: ['S1 乡镇(街道)党(工)委书记', '统计时点 2026-10-31'],
        columns: [
          { key: 'name', label: '姓名' },
          { key: 'birth', label: '出生年月' },
          { key: 'age', label: '年龄' },
          { key: 'note', label: '备注' },
        ],
        rows: [
          { name: '张三', birth: '1976-10', age: 50, note: '✗ 年龄 51 > 50 & <tag> "q"' },
          { name: '=1+1', birth: '1980-01', age: 46, note: null },
        ],
      },
      { name: 'S1 符合条件人选', columns: [{ key: 'a', label: 'a' }], rows: [{ a: 1 }] },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['S1 符合条件人选', 'S1 符合条件人选(2)']);
    const ws = wb.worksheets[0];
    const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['S1 乡镇(街道)党(工)委书记']);
    expect(values(3)).toEqual(['姓名', '出生年月', '年龄', '备注']);
    expect(values(4)).toEqual(['张三', '1976-10', 50, '✗ 年龄 51 > 50 & <tag> "q"']);
    // Text that looks like a formula stays text.
    expect(ws.getCell('A5').value).toBe('=1+1');
    expect(ws.getCell('A5').formula).toBeUndefined();
    expect(ws.getRow(3).font?.bold ?? ws.getCell('A3').font?.bold).toBe(true);
    // The page's own reader finds the header under the title lines.
    const csv = await xlsxToCsv(bytes);
    expect(new TextDecoder().decode(csv.csv).split('\n').slice(0, 2)).toEqual([
      '姓名,出生年月,年龄,备注',
      '张三,1976-10,50,"✗ 年龄 51 > 50 & <tag> ""q"""',
    ]);
  });
});
