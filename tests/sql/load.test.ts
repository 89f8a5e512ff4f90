import ExcelJS from 'exceljs';
import {
  Dictionary,
  Int32,
  Table,
  TimestampMillisecond,
  Utf8,
  tableFromArrays,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import { xlsxToCsv } from '../../src/core/xlsx.ts';
import {
  Compression,
  Table as WasmTable,
  WriterPropertiesBuilder,
  writeParquet,
} from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import {
  discardStaged,
  LoadError,
  loadSources,
  NothingLoaded,
  snapshotFromFileName,
  stageSources,
} from '../../src/core/load.ts';
import { oleFile } from '../fixtures/ingest.ts';
import { nodeParquetChunks } from '../../src/core/node-env.ts';
import { csv, freshDb, loadCsv, parquetToIPC, textFile } from './helpers.ts';

/** GB 11643 check character, computed here independently of the SQL macro. */
function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

describe('date shapes', () => {
  it('reads every shape of DOMAIN.md §2 to the same month', async () => {
    const db = await freshDb();
    const shapes = [
      '1983.05',
      '1983.5',
      '198305',
      '19830512',
      '1983-05',
      '1983/5/12',
      '1983年5月',
      '1983年05月12日',
      '30437',
    ];
    const rows = await db.query<{ d: string; p: string }>(
      `SELECT strftime(parse_date(s), '%Y-%m') AS d, date_precision(s) AS p FROM unnest($1::VARCHAR[]) t(s)`,
      [JSON.stringify(shapes)],
    );
    expect(rows.map((r) => r.d)).toEqual(shapes.map(() => '1983-05'));
    expect(rows.map((r) => r.p)).toEqual([
      'month',
      'month',
      'month',
      'day',
      'month',
      'day',
      'month',
      'day',
      'day',
    ]);
    await db.close();
  });

  it('takes the snapshot from a date in the file name', () => {
    expect(snapshotFromFileName('干部名册2024-12.csv')).toBe('2024-12-31');
    expect(snapshotFromFileName('roster_202402.parquet')).toBe('2024-02-29');
    expect(snapshotFromFileName('roster-2023-06-15.csv')).toBe('2023-06-15');
    expect(snapshotFromFileName('roster.csv')).toBeNull();
    expect(snapshotFromFileName('名册2024年1月.xlsx')).toBe('2024-01-31');
    expect(snapshotFromFileName('名册2024年3月5日.xlsx')).toBe('2024-03-05');
    expect(snapshotFromFileName('2024年12月底干部名册.xlsx')).toBe('2024-12-31');
    // A month of one digit after a separator; a day the month lacks leaves the month.
    expect(snapshotFromFileName('cadres-2026-6.csv')).toBe('2026-06-30');
    expect(snapshotFromFileName('名册2026.6.csv')).toBe('2026-06-30');
    expect(snapshotFromFileName('名册2026_1.xlsx')).toBe('2026-01-31');
    expect(snapshotFromFileName('名册2026-6-15.csv')).toBe('2026-06-15');
    expect(snapshotFromFileName('名册2026-02-30.csv')).toBe('2026-02-28');
    expect(snapshotFromFileName('名册2026-13.csv')).toBeNull();
    expect(snapshotFromFileName('名册2025-3批.xlsx')).toBeNull();
  });

  it('takes no date from a 身份证号 or a birth criterion in the name', () => {
    expect(snapshotFromFileName('王新_430103199103150011.lrmx')).toBeNull();
    expect(snapshotFromFileName('85后干部名册（1985年10月以后出生）.csv')).toBeNull();
    expect(snapshotFromFileName('1990年后出生干部.csv')).toBeNull();
    expect(snapshotFromFileName('名册2024年13月.csv')).toBeNull();
  });
});

describe('rejected, skipped and warned rows', () => {
  const good = withCheck('43110219850312001');
  const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  const mismatch = withCheck('43110219860312001');
  const text = csv([
    { 人员编号: 'A1', 姓名: '甲', 出生年月: '1985.03', 身份证号: good, 职务层次: '正科' },
    { 人员编号: 'A2', 姓名: '乙', 出生年月: '', 职务层次: '副科' },
    { 人员编号: 'A3', 姓名: '丙', 出生年月: '2099.01' },
    { 人员编号: 'A4', 姓名: '丁', 出生年月: '不详' },
    {},
    { 人员编号: 'A1', 姓名: '甲', 出生年月: '1985.03' },
    { 人员编号: 'A6', 姓名: '己', 出生年月: '1985.03', 身份证号: badCheck, 职务层次: '处长' },
    { 人员编号: 'A7', 姓名: '庚', 出生年月: '1985.03', 身份证号: mismatch },
  ]);

  it('every data row is loaded or rejected with its line number; blank rows are skipped', async () => {
    const db = await freshDb();
    const r = await loadCsv(db, '名册2024-12.csv', text);
    expect(r.rows).toEqual({ read: 7, loaded: 3, rejected: 4, skipped: 1 });
    expect(r.rows.loaded + r.rows.rejected).toBe(r.rows.read);
    expect(r.rejected.map((x) => [x.row, x.name, x.code])).toEqual([
      [3, '乙', 'birth_missing'],
      [4, '丙', 'birth_future'],
      [5, '丁', 'birth_unparsed'],
      [7, '甲', 'duplicate'],
    ]);
    expect(r.rejected[2].reason).toBe('出生年月无法识别：不详');
    expect(r.warnings.map((w) => [w.row, w.field, w.code])).toEqual([
      [8, '身份证号', 'id_checksum'],
      [8, '职务层次', 'level_unknown'],
      [9, '身份证号', 'id_birth_mismatch'],
    ]);
    expect(r.warnings[2].message).toContain('1986-03');
    const [{ n }] = await db.query('SELECT count(*)::INTEGER AS n FROM cadres');
    expect(n).toBe(3);
    await db.close();
  });

  it('a post, level or work taken up after the snapshot’s date is said; the same month is not', async () => {
    const db = await freshDb();
    const r = await loadCsv(
      db,
      'late.csv',
      [
        '人员编号,姓名,出生年月,现任职务,职务层次,任现职时间,任现职务层次时间,参加工作时间,统计时点',
        'L1,甲,1980.06,甲镇党委书记,乡科级正职,2025.07,2019.01,2002.07,2025-06-30',
        'L2,乙,1980.06,乙镇党委书记,乡科级正职,2020.01,2025.08,2030.07,2025-06-30',
        'L3,丙,1980.06,丙镇党委书记,乡科级正职,2025.06,2025.06,2025.06,2025-06-30',
      ].join('\n'),
    );
    expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    expect(r.warnings.map((w) => [w.row, w.field, w.code, w.message])).toEqual([
      [
        2,
        '任现职时间',
        'post_since_after_snapshot',
        '任现职时间 2025-07 晚于统计时点 2025-06-30，请核对',
      ],
      [
        3,
        '任现职务层次时间',
        'level_since_after_snapshot',
        '任现职务层次时间 2025-08 晚于统计时点 2025-06-30，请核对',
      ],
      [
        3,
        '参加工作时间',
        'work_start_after_snapshot',
        '参加工作时间 2030-07 晚于统计时点 2025-06-30，请核对',
      ],
    ]);
    await db.close();
  });

  it('850310 (a YYMMDD) cannot be read: not a birth in the year 8503, after the date', async () => {
    const db = await freshDb();
    const r = await loadCsv(
      db,
      '名册2024-12.csv',
      csv([
        { 人员编号: 'B1', 姓名: '甲', 出生年月: '850310' },
        { 人员编号: 'B2', 姓名: '乙', 出生年月: '198503' },
      ]),
    );
    expect(r.rejected.map((x) => [x.row, x.code, x.reason])).toEqual([
      [2, 'birth_unparsed', '出生年月无法识别：850310'],
    ]);
    expect(
      await db.query('SELECT person_id, CAST(birth_date AS VARCHAR) AS b FROM cadres'),
    ).toEqual([{ person_id: 'B2', b: '1985-03-01' }]);
    await db.close();
  });

  it('a 挂职起止时间 that cannot be read whole, or ends before it starts, is said', async () => {
    const db = await freshDb();
    const term = (id: string, 挂职起止时间: string) => ({
      人员编号: id,
      姓名: id,
      出生年月: '1985.03',
      挂职类型: '下挂',
      挂职单位: '白沙镇',
      挂职起止时间,
    });
    const r = await loadCsv(
      db,
      '名册2024-12.csv',
      csv([
        term('C1', '20230301-20250228'),
        term('C2', '2023.13-2025.03'),
        term('C3', '2025.03-2023.03'),
        term('C4', '23.03-25.03'),
        term('C5', '2023.03-2025.03'),
      ]),
    );
    expect(r.rows.loaded).toBe(5);
    expect(r.warnings.map((w) => [w.row, w.code, w.params?.value])).toEqual([
      [3, 'secondment_term_unread', '2023.13-2025.03'],
      [4, 'secondment_term_unread', '2025.03-2023.03'],
      [5, 'secondment_term_unread', '23.03-25.03'],
    ]);
    expect(r.warnings[0].message).toBe(
      '挂职起止时间“2023.13-2025.03”无法完整识别（缺开始或结束年月、年月无效，或结束早于开始），挂职批次和到期统计可能不准；请核对，按“2023.03-2025.03”填写',
    );
    const terms = await db.query(`
      SELECT person_id, CAST(secondment_start AS VARCHAR) AS s, CAST(secondment_end AS VARCHAR) AS e
      FROM cadres WHERE person_id IN ('C1', 'C5') ORDER BY person_id`);
    expect(terms).toEqual([
      { person_id: 'C1', s: '2023-03-01', e: '2025-02-28' },
      { person_id: 'C5', s: '2023-03-01', e: '2025-03-31' },
    ]);
    await db.close();
  });

  it('a row with more fields than the header (an unquoted comma) is said, with its spare values', async () => {
    const db = await freshDb();
    const text = [
      '人员编号,姓名,出生年月,年度考核,挂职类型',
      "D1,甲,1985.03,'22称职,'23优秀,'24基本称职,下挂",
      'D2,乙,1986.01,2024年度称职,',
      'D3,丙,1987.01,"2023称职,2024优秀",上挂',
    ].join('\n');
    const r = await loadCsv(db, '名册2024-12.csv', text);
    expect(r.rows.loaded).toBe(3);
    // Row 2's 挂职类型 took its third review ('23优秀): the note says why.
    const extra = r.warnings.filter((w) => w.code === 'extra_fields');
    expect(extra.map((w) => [w.row, w.code, w.params?.value, w.message])).toEqual([
      [
        2,
        'extra_fields',
        "'24基本称职，下挂",
        "本行比表头多出字段（'24基本称职，下挂），这些值没有读入；若某个单元格含有未加引号的逗号，本行其后各列的值已错位，请核对原文件",
      ],
    ]);
    await db.close();
  });

  it('totals lines (合计, 共N人) are skipped, not read; a person named like one is not', async () => {
    const db = await freshDb();
    const csvText = [
      '序号,姓名,出生年月',
      '1,甲,1980.01',
      '合计,,',
      '2,乙,1985.03',
      '共 2 人,,',
      '3,合计员,1990.02',
    ].join('\n');
    const r = await loadCsv(db, '名册2024-12.csv', csvText);
    // Lines 3 and 5 are totals; line 6 has a birth date, so it is a person.
    expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 2 });
    expect(r.skippedRows).toEqual([
      { file: '名册2024-12.csv', row: 3, kind: 'totals' },
      { file: '名册2024-12.csv', row: 5, kind: 'totals' },
    ]);
    await db.close();
  });

  it('a county department named without its county is 县市区; a unit of no telling type is said', async () => {
    const db = await freshDb();
    const csvText = [
      '姓名,出生年月,工作单位,职务层次',
      '甲,1980.01,县财政局,乡科级正职',
      '乙,1985.03,区委办公室,乡科级副职',
      '丙,1990.02,城关镇,乡科级副职',
      '丁,1988.06,财政局,乡科级副职',
    ].join('\n');
    const r = await loadCsv(db, '永宁县名册2025-06.csv', csvText);
    const types = await db.query<{ name: string; t: string | null }>(
      'SELECT name, CAST(unit_type AS VARCHAR) AS t FROM cadres ORDER BY source_row',
    );
    expect(types.map((x) => [x.name, x.t])).toEqual([
      ['甲', '县市区'],
      ['乙', '县市区'],
      ['丙', '乡镇街道'],
      ['丁', null],
    ]);
    // 财政局 alone could be the city's or a county's: said, with the unit, on its row.
    expect(r.warnings.map((w) => [w.row, w.code, w.params])).toEqual([
      [5, 'unit_type_missing', { value: '财政局' }],
    ]);
    await db.close();
  });

  it('reads a date in a CSV’s formula form (="1980.05"); an ID of the wrong length says so', async () => {
    const db = await freshDb();
    const csvText = [
      '姓名,出生年月,身份证号',
      '甲,="1980.05",="431121198005121018"',
      '乙,1983.07,43112119830715101',
      '丙,1985.03,431121198503011025',
    ].join('\n');
    const r = await loadCsv(db, '名册2025-06.csv', csvText);
    expect(r.rows).toMatchObject({ loaded: 3, rejected: 0 });
    const births = await db.query<{ b: string }>(
      `SELECT strftime(birth_date, '%Y-%m') AS b FROM cadres ORDER BY source_row`,
    );
    expect(births.map((x) => x.b)).toEqual(['1980-05', '1983-07', '1985-03']);
    // 17 digits: its length is wrong (not its check digit); …1025 has 18 and fails the check.
    expect(r.warnings.map((w) => [w.row, w.code, w.params])).toEqual([
      [3, 'id_malformed', { id: '43112119830715101', n: 17 }],
      [4, 'id_checksum', { id: '431121198503011025' }],
    ]);
    await db.close();
  });

  /*
   * 甲's 性别 is blank and he has no number to tell it: said. 乙 and 丙 write that they have no
   * number (无, /): blank, no note. 丁's number passes its check digit (431121 19800231 001 6:
   * 7·4 + 9·3 + 10·1 + 5·1 + 8·2 + 4·1 + 2·1 + 1·9 + 6·8 + 3·0 + 7·0 + 9·2 + 10·3 + 5·1 + 8·0
   * + 4·0 + 2·1 = 204, 204 mod 11 = 6, check character 6), but 1980-02-31 is no day: said.
   * 戊's number is right (1985-06-15, 女), and so is 庚's, written with dashes.
   */
  it('says a blank 性别 and a number’s impossible birth day; 无 or / for a number is a blank', async () => {
    const db = await freshDb();
    const csvText = [
      '姓名,性别,出生年月,身份证号',
      '甲,,1980.01,',
      '乙,男,1981.02,无',
      '丙,女,1982.03,/',
      '丁,男,1980.02,431121198002310016',
      '戊,女,1985.06,431121198506150028',
      '庚,男,1986.07,431121-19860701-0016',
    ].join('\n');
    const r = await loadCsv(db, '名册2025-06.csv', csvText);
    expect(r.rows).toMatchObject({ loaded: 6, rejected: 0 });
    expect(r.warnings.map((w) => [w.row, w.code, w.params])).toEqual([
      [2, 'gender_blank', {}],
      [5, 'id_birth_day_invalid', { id: '431121198002310016', day: '1980-02-31' }],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      '性别为空，按未知处理，不计入按性别的统计，到龄退休等统计可能不计入此人（可填 男、女）',
      '身份证号中的出生日期（1980-02-31）不存在，请核对身份证号',
    ]);
    const ids = await db.query<{ name: string; id: string | null }>(
      'SELECT name, id_number AS id FROM cadres ORDER BY source_row',
    );
    expect(ids.map((x) => x.id)).toEqual([
      null,
      null,
      null,
      '431121198002310016',
      '431121198506150028',
      // Dashes between its groups: the number.
      '431121198607010016',
    ]);
    await db.close();
  });

  /*
   * The standard 干部名册 has 入党时间 and no 政治面貌: a date there is a CPC member's (甲; 戊 in
   * Chinese numerals, which is not read as a date), a party's name is its member's (乙 民盟, 己 九三学社, not a date), 无 is
   * none (丁: 群众), a blank is unknown (丙).
   */
  it('reads 政治面貌 from 入党时间 when the roster has no 政治面貌 column', async () => {
    const db = await freshDb();
    const csvText = [
      '姓名,出生年月,入党时间',
      '甲,1970.01,1995.06',
      '乙,1971.02,民盟',
      '丙,1972.03,',
      '丁,1973.04,无',
      '戊,1974.05,一九九八年七月',
      '己,1975.06,九三学社',
      '庚,1976.07,一九九三年七月',
      '辛,1977.08,——',
      '壬,1978.09,暂无',
      '癸,1979.10,中共预备党员',
      '子,1980.11,中国民主同盟',
    ].join('\n');
    const r = await loadCsv(db, '名册2025-06.csv', csvText);
    expect(r.rows).toMatchObject({ loaded: 11, rejected: 0 });
    // No note for a party's name, 无, —— or 暂无, nor 中共预备党员 written there; a date the loader
    // cannot read (in Chinese numerals, 一九九三年 no 九三学社) is still a date.
    expect(r.warnings.map((w) => [w.row, w.code])).toEqual([
      [6, 'party_join_date_unreadable'],
      [8, 'party_join_date_unreadable'],
    ]);
    const rows = await db.query<{ p: string | null; g: string | null }>(
      `SELECT CAST(party AS VARCHAR) AS p, political_group(political_status, party) AS g
       FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => [x.p, x.g])).toEqual([
      ['中共党员', '中共党员'],
      ['非中共党员', '民主党派'],
      [null, null],
      ['非中共党员', '群众'],
      ['中共党员', '中共党员'],
      ['非中共党员', '民主党派'],
      ['中共党员', '中共党员'],
      ['非中共党员', '群众'],
      ['非中共党员', '群众'],
      ['中共党员', '中共党员'],
      ['非中共党员', '民主党派'],
    ]);
    await db.close();
  });

  /*
   * A county's printout: a section heading (line 2), the header repeated (4), a page mark (6), a
   * template row numbered ahead (7) and a blank line (8, counted, not listed): each skipped and
   * said what it is; the three people load.
   */
  it('lists every row it skips, by what it is, but blank ones', async () => {
    const db = await freshDb();
    const csvText = [
      '序号,姓名,出生年月,职务',
      '一、市直单位,,,',
      '1,甲,1980.01,科员',
      '序号,姓名,出生年月,职务',
      '2,乙,1981.02,科员',
      '第 1 页,,,',
      '3,,,',
      ',,,',
      '4,丙,1982.03,科员',
    ].join('\n');
    const r = await loadCsv(db, '名册2025-06.csv', csvText);
    expect(r.rows).toMatchObject({ loaded: 3, rejected: 0, skipped: 5 });
    expect(r.skippedRows?.map((x) => [x.row, x.kind])).toEqual([
      [2, 'heading'],
      [4, 'header'],
      [6, 'page'],
      [7, 'numbered'],
    ]);
    await db.close();
  });

  it('skips a statistical table’s row of column numbers (栏次) under the header', async () => {
    const db = await freshDb();
    const csvText = [
      '序号,姓名,性别,出生年月,工作单位,现任职务',
      '甲,乙,1,2,3,4',
      '1,测一,男,1980.10,天堂镇,党委书记',
      '甲,乙,丙,丁,戊,己',
      '2,测二,女,1985.01,天堂镇,镇长',
    ].join('\n');
    const r = await loadCsv(db, '名册2025-06.csv', csvText);
    expect(r.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 2 });
    expect(r.skippedRows?.map((x) => [x.row, x.kind])).toEqual([
      [2, 'columns'],
      [4, 'columns'],
    ]);
    await db.close();
  });

  it('a footer line is skipped, but a named person whose 备注 begins 备注： or 说明： is rejected', async () => {
    const db = await freshDb();
    const csvText = [
      '序号,姓名,性别,出生年月,职务,备注',
      '1,甲,男,1980.01,科员,',
      '2,钱二,女,,乡党委副书记,备注：出生年月档案待核',
      '3,李四,男,,乡党委书记,说明：新调入，档案未转',
      '备注：本表数据截至2025年6月,,,,,',
      ',制表人：王五,,,,',
      '填表人：,,,,审核人：,',
      '填表人：,赵七,,,审核人：,周八',
    ].join('\n');
    const r = await loadCsv(db, '名册2025-06.csv', csvText);
    // Lines 3 and 4 name someone: rejected (no birth date), never skipped. Lines 5–8 are the
    // footer: a label with no name beside it, in the name cell itself, or alone in its cell
    // with the signer's name in the next (the name column).
    expect(r.rows).toEqual({ read: 3, loaded: 1, rejected: 2, skipped: 4 });
    expect(r.skippedRows?.map((x) => [x.row, x.kind])).toEqual([
      [5, 'footer'],
      [6, 'footer'],
      [7, 'footer'],
      [8, 'footer'],
    ]);
    expect(r.rejected.map((x) => [x.row, x.name, x.code])).toEqual([
      [3, '钱二', 'birth_missing'],
      [4, '李四', 'birth_missing'],
    ]);
    await db.close();
  });

  it('an encrypted workbook or a damaged .xls says what to do', async () => {
    const db = await freshDb();
    await expect(
      loadSources(db, [{ name: '名册.xlsx', bytes: oleFile('EncryptedPackage') }], {
        parquetToIPC,
      }),
    ).rejects.toThrow(/名册\.xlsx.*已加密.*取消密码/);
    await expect(
      loadSources(db, [{ name: '名册.xls', bytes: oleFile('Workbook') }], {
        parquetToIPC,
        xlsxToCsv,
      }),
    ).rejects.toThrow(/名册\.xls.*旧版 Excel 工作簿.*无法读取.*另存为/);
    await db.close();
  });

  it('text under an Excel name: a tab-separated export is read, other bytes are a damaged workbook', async () => {
    const db = await freshDb();
    const bytes = (t: string) => new TextEncoder().encode(t);
    await expect(
      loadSources(db, [{ name: '名册.xlsx', bytes: bytes('not a workbook at all\n') }], {
        parquetToIPC,
        xlsxToCsv,
      }),
    ).rejects.toThrow(/名册\.xlsx.*Excel 文件已损坏或不完整/);
    expect(
      await db.query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'staging%'"),
    ).toEqual([]);
    // A table whose headers are not a roster's is no damaged file: its columns are to be mapped.
    await expect(
      loadSources(db, [{ name: 'staff.xls', bytes: bytes('甲列\t乙列\t丙列\nA\tM\t1980.05\n') }], {
        parquetToIPC,
        xlsxToCsv,
      }),
    ).rejects.toThrow(/staff\.xls.*找不到出生年月列/);
    const r = await loadSources(
      db,
      [{ name: '名册2024-12.xls', bytes: bytes('姓名\t性别\t出生年月\n张三\t男\t1980.05\n') }],
      { parquetToIPC, xlsxToCsv },
    );
    expect(r.rows).toEqual({ read: 1, loaded: 1, rejected: 0, skipped: 0 });
    await db.close();
  });

  it('a GBK-encoded CSV reads the same as UTF-8', async () => {
    const db = await freshDb();
    const gbk = encodeGbk(text);
    expect(gbk.length).toBeLessThan(new TextEncoder().encode(text).length);
    const r = await loadSources(db, [{ name: '名册2024-12.csv', bytes: gbk }], { parquetToIPC });
    expect(r.rows).toEqual({ read: 7, loaded: 3, rejected: 4, skipped: 1 });
    const names = await db.query('SELECT name FROM cadres ORDER BY source_row');
    expect(names.map((x) => x.name)).toEqual(['甲', '己', '庚']);
    await db.close();
  });

  it('a UTF-8 BOM does not hide the first header', async () => {
    const db = await freshDb();
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const r = await loadSources(db, [{ name: '名册2024-12.csv', bytes: bom }], { parquetToIPC });
    expect(r.rows.loaded).toBe(3);
    const [{ id }] = await db.query("SELECT person_id AS id FROM cadres WHERE name = '甲'");
    expect(id).toBe('A1');
    await db.close();
  });
});

describe('formats', () => {
  const cols = {
    person_id: ['x1', 'x2', 'x3'],
    birth_date: ['1980-01', '1979-12', '1990-06'],
    post_title: ['城关镇党委书记', '白沙乡党委书记', '东门街道办事处主任'],
    level: ['乡科级正职', '乡科级正职', '乡科级正职'],
    snapshot_date: ['2024-12-31', '2024-12-31', '2024-12-31'],
  };
  const expectLoaded = async (name: string, bytes: Uint8Array) => {
    const db = await freshDb();
    const r = await loadSources(db, [{ name, bytes }], { parquetToIPC });
    expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    const rows = await db.query(
      "SELECT person_id, post_class, source_row, strftime(birth_date, '%Y-%m') AS b FROM cadres ORDER BY person_id",
    );
    expect(rows.map((x) => [x.person_id, x.post_class, x.source_row, x.b])).toEqual([
      ['x1', 'township_secretary', 1, '1980-01'],
      ['x2', 'township_secretary', 2, '1979-12'],
      ['x3', 'township_head', 3, '1990-06'],
    ]);
    await db.close();
  };

  it('Arrow IPC stream and file', async () => {
    const t = tableFromArrays(cols);
    await expectLoaded('roster.arrows', tableToIPC(t, 'stream'));
    await expectLoaded('roster.arrow', tableToIPC(t, 'file'));
  });

  it('Parquet', async () => {
    const ipc = tableToIPC(tableFromArrays(cols), 'stream');
    const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
    await expectLoaded('roster.parquet', writeParquet(WasmTable.fromIPCStream(ipc), props));
  });

  it('birth dates as a script writes them: floats, and instants with a time zone', async () => {
    const births = async (name: string, t: Table) => {
      const db = await freshDb();
      const bytes = name.endsWith('.parquet')
        ? writeParquet(WasmTable.fromIPCStream(tableToIPC(t, 'stream')))
        : tableToIPC(t, 'file');
      const r = await loadSources(db, [{ name, bytes }], { parquetToIPC });
      const rows = await db.query<{ b: string }>(
        "SELECT strftime(birth_date, '%Y-%m') AS b FROM cadres ORDER BY source_row",
      );
      await db.close();
      return { rows: r.rows, births: rows.map((x) => x.b), notes: r.warnings.map((w) => w.code) };
    };
    // pandas stores an integer column with a blank as floats (198305.0); 1979.1 sits in a column
    // that writes May as 1983.05, so it is 1979.10: October, as in a workbook (and said).
    // A NaN (a script's blank) is a blank birth: that row is rejected, the others load.
    const floats = tableFromArrays({
      姓名: ['甲', '乙', '丙', '丁'],
      出生年月: new Float64Array([198305, 1979.1, 1983.05, NaN]),
      统计时点: ['2024-06-30', '2024-06-30', '2024-06-30', '2024-06-30'],
    });
    expect(await births('名册.parquet', floats)).toEqual({
      rows: { read: 4, loaded: 3, rejected: 1, skipped: 0 },
      births: ['1983-05', '1979-10', '1983-05'],
      notes: ['birth_month_october'],
    });
    // Local midnights in Shanghai: 1983-05-01 is 1983-04-30T16:00Z, and 1988-07-01 (summer time,
    // +09:00) is 1988-06-30T15:00Z; DuckDB could not read such a column as dates at all.
    const instants = new Table({
      姓名: vectorFromArray(['甲', '乙']),
      出生年月: vectorFromArray(
        [Date.UTC(1983, 3, 30, 16), Date.UTC(1988, 5, 30, 15)],
        new TimestampMillisecond('Asia/Shanghai'),
      ),
      统计时点: vectorFromArray(['2024-06-30', '2024-06-30']),
    });
    for (const name of ['名册.parquet', '名册.arrow'])
      expect(await births(name, instants), name).toEqual({
        rows: { read: 2, loaded: 2, rejected: 0, skipped: 0 },
        births: ['1983-05', '1988-07'],
        notes: [],
      });
  });
});

describe('身份证号 that went through a float', () => {
  // 张一 431126198305120115 and 王十一 431126198305120131: two people whose numbers, as floats,
  // are one (4.311261983051201e+17). Neither may stand for the other.
  const people = { 姓名: ['张一', '王十一'], 出生年月: ['1983-05', '1983-05'] };
  const loaded = async (name: string, bytes: Uint8Array) => {
    const db = await freshDb();
    const r = await loadSources(db, [{ name, bytes }], { parquetToIPC, xlsxToCsv });
    const ids = await db.query<{ id: string }>(
      'SELECT id_number AS id FROM cadres ORDER BY source_row',
    );
    await db.close();
    return { rows: r.rows, ids: ids.map((x) => x.id), notes: r.warnings.map((w) => w.code) };
  };
  const expected = {
    rows: { read: 2, loaded: 2, rejected: 0, skipped: 0 },
    ids: ['431126198305120***', '431126198305120***'],
    notes: ['id_digits_lost', 'id_digits_lost'],
  };

  it('a float column of a Parquet file (pandas after a blank)', async () => {
    const t = tableFromArrays({
      ...people,
      身份证号: new Float64Array([Number('431126198305120115'), Number('431126198305120131')]),
      统计时点: ['2024-06-30', '2024-06-30'],
    });
    const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(t, 'stream')));
    expect(await loaded('名册.parquet', bytes)).toEqual(expected);
  });

  it('the review shows a float id and an instant as the loader reads them', async () => {
    const t = new Table({
      姓名: vectorFromArray(['张一']),
      身份证号: vectorFromArray([Number('431126198305120115')]),
      出生年月: vectorFromArray(
        [Date.UTC(1983, 3, 30, 16)],
        new TimestampMillisecond('Asia/Shanghai'),
      ),
      出生年月2: vectorFromArray([198305]),
    });
    const db = await freshDb();
    const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(t, 'stream')));
    const [s] = await stageSources(db, [{ name: '名册.parquet', bytes }], { parquetToIPC });
    const col = (name: string) => s.samples[0][s.columns.findIndex((c) => c.name === name)];
    expect([col('身份证号'), col('出生年月'), col('出生年月2')]).toEqual([
      '431126198305120***',
      '1983-05-01',
      '198305',
    ]);
    await discardStaged(db, [s]);
    await db.close();
  });

  it('number cells of a workbook holding more digits than a float keeps', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['姓名', '出生年月', '身份证号']);
    // Written as JavaScript writes the floats: 431126198305120100, 18 digits, check digit wrong.
    ws.addRow(['张一', '1983-05', Number('431126198305120115')]);
    ws.addRow(['王十一', '1983-05', Number('431126198305120131')]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(await loaded('名册2024-06.xlsx', bytes)).toEqual(expected);
    // A float that prints as 431126198305000260 passes the check digit by chance (one in
    // eleven): a float's digits all the same, so not trusted either.
    const chance = new ExcelJS.Workbook();
    chance.addWorksheet('名册').addRows([
      ['姓名', '出生年月', '身份证号'],
      ['张一', '1983-05', Number('431126198305000260')],
    ]);
    const one = await loaded('名册2024-06.xlsx', new Uint8Array(await chance.xlsx.writeBuffer()));
    expect(one.ids).toEqual(['431126198305000***']);
  });
});

describe('typed files with a schema and no row', () => {
  it('say they have headers and no rows, as a CSV does, not that they are damaged', async () => {
    // A script's empty table: a Parquet file of no row group, an Arrow stream whose dictionary
    // column never gets its dictionary (apache-arrow's reader calls that an error).
    const t = new Table({
      姓名: vectorFromArray([] as string[], new Dictionary(new Utf8(), new Int32())),
      出生年月: vectorFromArray([] as string[]),
    });
    const files = {
      '空.parquet': writeParquet(WasmTable.fromIPCStream(tableToIPC(t, 'stream'))),
      '空.arrows': tableToIPC(t, 'stream'),
      '空.arrow': tableToIPC(t, 'file'),
    };
    for (const [name, bytes] of Object.entries(files))
      // Read whole, and in chunks of row groups as the page reads Parquet (a worker holds the
      // bytes then: they cannot be read again).
      for (const parquetChunks of [undefined, nodeParquetChunks]) {
        const db = await freshDb();
        const err = await loadSources(db, [{ name, bytes }], {
          parquetToIPC,
          parquetChunks,
        }).catch((e) => e);
        expect(err, name).toBeInstanceOf(NothingLoaded);
        expect(err.code, name).toBe('no_rows');
        await db.close();
      }
    // Beside a file with rows, an empty one is read and adds nothing.
    const db = await freshDb();
    const r = await loadSources(
      db,
      [
        { name: '空.parquet', bytes: files['空.parquet'] },
        textFile('名册.csv', '姓名,出生年月\n甲,1980.01\n'),
      ],
      { parquetToIPC, parquetChunks: nodeParquetChunks, defaultSnapshot: '2024-06-30' },
    );
    expect(r.rows).toEqual({ read: 1, loaded: 1, rejected: 0, skipped: 0 });
    await db.close();
  });
});

describe('files that cannot be read', () => {
  it('garbage renamed .parquet: clear message naming the file, nothing half-loaded', async () => {
    const db = await freshDb();
    await loadCsv(db, 'ok-2024-12.csv', csv([{ person_id: 'k', birth_date: '1980-01' }]));
    const bad = new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2, 3, 4, 5]);
    const err = await loadSources(
      db,
      [
        textFile('good-2025-01.csv', csv([{ person_id: 'g', birth_date: '1981-01' }])),
        { name: 'broken.parquet', bytes: bad },
      ],
      { parquetToIPC },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect(err.message).toContain('broken.parquet');
    expect(err.message).toContain('Parquet');
    const rows = await db.query('SELECT person_id FROM cadres');
    expect(rows.map((r) => r.person_id)).toEqual(['k']);
    await db.close();
  });

  it('an empty file and a file without a birth column', async () => {
    const db = await freshDb();
    const empty = await loadSources(db, [{ name: 'empty.csv', bytes: new Uint8Array() }], {
      parquetToIPC,
    }).catch((e) => e);
    expect(empty.message).toBe('无法读取文件“empty.csv”：文件为空');
    const nobirth = await loadCsv(db, 'x.csv', '姓名,性别\n张三,男\n').catch((e) => e);
    expect(nobirth.message).toContain('找不到出生年月列');
    await db.close();
  });
});

/** Minimal GBK encoder for the test: uses the platform's GB18030 decoder to build a table. */
function encodeGbk(text: string): Uint8Array {
  const map = new Map<string, number[]>();
  const dec = new TextDecoder('gb18030');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = dec.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !map.has(ch)) map.set(ch, [hi, lo]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...map.get(ch)!);
  }
  return new Uint8Array(out);
}
