import { afterEach, describe, expect, it } from 'vitest';
import type { DuckClient } from '../../src/core/db.ts';
import { dataQuality } from '../../src/core/quality.ts';
import { loadSources } from '../../src/core/load.ts';
import { csv, freshDb, loadCsv, parquetToIPC, sql, textFile } from './helpers.ts';

let db: DuckClient;
afterEach(async () => db?.close());

// Two rosters, worked by hand. June: 5 rows — 李二's ID has a wrong check digit (…0019 is
// right), 王三 has no birth date (rejected), 赵四 joined the party at 15 and started work at 14
// (two notes, one record). December: 3 rows, one with no birth date.
const june = csv([
  { 姓名: '张一', 性别: '男', 出生年月: '1980.05', 职务层次: '乡科级正职' },
  { 姓名: '李二', 性别: '男', 出生年月: '1975.03', 身份证号: '110101197503150018' },
  { 姓名: '王三', 性别: '女', 出生年月: '' },
  { 姓名: '赵四', 性别: '女', 出生年月: '1990.01', 入党时间: '2005.01', 参加工作时间: '2004.01' },
  { 姓名: '孙五', 性别: '男', 出生年月: '1985.07' },
]);
const december = csv([
  { 姓名: '张一', 性别: '男', 出生年月: '1980.05' },
  { 姓名: '周六', 性别: '男', 出生年月: '' },
  { 姓名: '吴七', 性别: '女', 出生年月: '1988.02' },
]);

describe('Q1: records with data-quality findings ÷ records', () => {
  it('counts a record once, whatever its notes, and a rejected row as a record of its file', async () => {
    db = await freshDb();
    await loadCsv(db, '六月.csv', june, '2025-06-30');
    const q = await dataQuality(db, sql, '2025-06-30');
    expect(q).toMatchObject({
      id: 'Q1',
      snapshotDate: '2025-06-30',
      records: 5, // 4 loaded + 1 rejected
      flagged: 3, // 李二, 王三, 赵四
      rejected: 1,
      value: 3 / 5,
    });
    expect(Object.fromEntries(q.codes.map((c) => [c.code, [c.rows, c.rejected]]))).toEqual({
      id_checksum: [1, false],
      birth_missing: [1, true],
      party_before_18: [1, false],
      work_before_16: [1, false],
    });
  });

  it('counts a rejected row at its own date in a file of several dates', async () => {
    db = await freshDb();
    // One file, two 统计时点: 王三 (June) has no birth date; nobody in December is flagged.
    const both = csv([
      { 统计时点: '2025-06-30', 姓名: '张一', 出生年月: '1980.05' },
      { 统计时点: '2025-06-30', 姓名: '王三', 出生年月: '' },
      { 统计时点: '2025-12-31', 姓名: '张一', 出生年月: '1980.05' },
      { 统计时点: '2025-12-31', 姓名: '吴七', 出生年月: '1988.02' },
    ]);
    await loadCsv(db, '全年.csv', both);
    expect(await dataQuality(db, sql, '2025-06-30')).toMatchObject({
      records: 2,
      flagged: 1,
      rejected: 1,
    });
    expect(await dataQuality(db, sql, '2025-12-31')).toMatchObject({
      records: 2,
      flagged: 0,
      rejected: 0,
    });
  });

  it('counts each snapshot’s own records, and none without findings', async () => {
    db = await freshDb();
    await loadCsv(db, '六月.csv', june, '2025-06-30');
    await loadCsv(db, '十二月.csv', december, '2025-12-31');
    expect(await dataQuality(db, sql, '2025-12-31')).toMatchObject({
      snapshotDate: '2025-12-31',
      records: 3,
      flagged: 1,
      rejected: 1,
      value: 1 / 3,
    });
    // The June figures are kept beside December's.
    expect(await dataQuality(db, sql, '2025-09-30')).toMatchObject({ records: 5, flagged: 3 });
    await db.close();
    db = await freshDb();
    const clean = csv([
      { 姓名: '张一', 性别: '男', 出生年月: '1980.05' },
      { 姓名: '吴七', 性别: '女', 出生年月: '1988.02' },
    ]);
    await loadCsv(db, '十二月.csv', clean, '2025-12-31');
    expect(await dataQuality(db, sql, '2025-12-31')).toMatchObject({
      records: 2,
      flagged: 0,
      value: 0,
      codes: [],
    });
  });
  // Two folders' 名册.csv, each with a wrong check digit on row 2 and no birth date on row 3
  // (rejected): 6 records, 4 flagged, 2 rejected. Keyed by file name and row alone, the second
  // file's rows were the first's: 5 records, 2 flagged, 1 rejected.
  it('keeps two files of one name apart', async () => {
    db = await freshDb();
    const roster = csv([
      { 姓名: '张一', 性别: '男', 出生年月: '1980.01', 身份证号: '431102198001010011' },
      { 姓名: '赵四', 性别: '男', 出生年月: '' },
      { 姓名: '王三', 性别: '男', 出生年月: '1990.03', 身份证号: '43110219900315003X' },
    ]);
    // Other people (other IDs, the same faults) in the second file and the third.
    const other = roster
      .replace('张一,男,1980.01,431102198001010011', '张二,男,1981.01,431102198101010011')
      .replace('王三,男,1990.03,43110219900315003X', '王五,男,1991.03,431102199103150037');
    const report = await loadSources(
      db,
      [textFile('名册.csv', roster), textFile('名册.csv', other)],
      { parquetToIPC, defaultSnapshot: '2025-06-30' },
    );
    expect(report.sources).toEqual(['名册.csv', '名册.csv（2）']);
    expect(report.rejected.map((r) => [r.file, r.row])).toEqual([
      ['名册.csv', 3],
      ['名册.csv（2）', 3],
    ]);
    expect(await dataQuality(db, sql, '2025-06-30')).toMatchObject({
      records: 6,
      flagged: 4,
      rejected: 2,
    });
    // A third, added later, is a third file.
    await loadCsv(
      db,
      '名册.csv',
      roster
        .replace('张一,男,1980.01,431102198001010011', '张三,男,1982.01,431102198201010011')
        .replace('王三,男,1990.03,43110219900315003X', '王六,男,1992.03,431102199203150034'),
      '2025-06-30',
    );
    expect(await dataQuality(db, sql, '2025-06-30')).toMatchObject({
      records: 9,
      flagged: 6,
      rejected: 3,
    });
  });
});
