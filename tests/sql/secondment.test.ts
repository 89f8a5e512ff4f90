import { describe, expect, it } from 'vitest';
import { mapHeaders } from '../../src/core/fields.ts';
import { freshDb, loadCsv } from './helpers.ts';

/** The 挂职 (secondment) columns of DOMAIN.md §4: headers, dates and the combined term. */
describe('secondment columns', () => {
  it('are recognised by their Chinese and English headers', () => {
    expect(
      mapHeaders(['姓名', '挂职类型', '挂职单位', '挂职起始时间', '挂职结束时间', '挂职批次']),
    ).toMatchObject({
      secondment_type: '挂职类型',
      secondment_unit: '挂职单位',
      secondment_start: '挂职起始时间',
      secondment_end: '挂职结束时间',
      secondment_batch: '挂职批次',
    });
    expect(mapHeaders(['挂职开始时间', '挂职起止时间'])).toMatchObject({
      secondment_start: '挂职开始时间',
      secondment_period: '挂职起止时间',
    });
    expect(
      mapHeaders(['Secondment Type', 'Secondment Unit', 'Secondment Start', 'Secondment End']),
    ).toMatchObject({
      secondment_type: 'Secondment Type',
      secondment_unit: 'Secondment Unit',
      secondment_start: 'Secondment Start',
      secondment_end: 'Secondment End',
    });
  });

  it('take start and end from 挂职起止时间 when there are no separate columns', async () => {
    const db = await freshDb();
    const report = await loadCsv(
      db,
      '挂职名册2024-12.csv',
      [
        '姓名,出生年月,挂职类型,挂职单位,挂职起止时间,挂职批次',
        '甲,1985.03,上挂,示例市发展和改革委员会,2023.03-2025.03,2023年第一批',
        '乙,1986.07,下挂,城关镇,2023年9月至2024年8月,2023年第二批',
        '丙,1984.11,外挂,东部协作市商务局,2024/4—2026/3,2024年第一批',
        '丁,1983.01,平挂,示例市信访局,2025.06-,2025年第一批',
        '戊,1982.02,,,,',
      ].join('\n'),
    );
    expect(report.rows.loaded).toBe(5);
    const rows = await db.query(`
      SELECT name, secondment_type AS kind, strftime(secondment_start, '%Y-%m') AS start,
        strftime(secondment_end, '%Y-%m') AS "end", secondment_period AS period,
        secondment_batch AS batch
      FROM cadres ORDER BY birth_date DESC`);
    expect(rows).toEqual([
      {
        name: '乙',
        kind: '下挂',
        start: '2023-09',
        end: '2024-08',
        period: '2023年9月至2024年8月',
        batch: '2023年第二批',
      },
      {
        name: '甲',
        kind: '上挂',
        start: '2023-03',
        end: '2025-03',
        period: '2023.03-2025.03',
        batch: '2023年第一批',
      },
      {
        name: '丙',
        kind: '外挂',
        start: '2024-04',
        end: '2026-03',
        period: '2024/4—2026/3',
        batch: '2024年第一批',
      },
      // A term still running has no end yet.
      {
        name: '丁',
        kind: '平挂',
        start: '2025-06',
        end: null,
        period: '2025.06-',
        batch: '2025年第一批',
      },
      { name: '戊', kind: null, start: null, end: null, period: null, batch: null },
    ]);
    await db.close();
  });

  it('prefer separate start and end columns over the combined term', async () => {
    const db = await freshDb();
    await loadCsv(
      db,
      '挂职名册2024-12.csv',
      [
        '姓名,出生年月,挂职开始时间,挂职结束时间,挂职起止时间',
        '甲,1985.03,2023-04-15,2025-04-14,2023.03-2025.03',
      ].join('\n'),
    );
    const [row] = await db.query(`SELECT strftime(secondment_start, '%Y-%m-%d') AS start,
      strftime(secondment_end, '%Y-%m-%d') AS "end" FROM cadres`);
    expect(row).toEqual({ start: '2023-04-15', end: '2025-04-14' });
    await db.close();
  });
});
