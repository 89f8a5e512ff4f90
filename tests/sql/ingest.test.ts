import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  commitSources,
  discardStaged,
  DuplicatesFound,
  LoadError,
  loadSources,
  NothingLoaded,
  stageSources,
  tooManyDuplicates,
  type LoadReport,
  type SourceFile,
} from '../../src/core/load.ts';
import { formatMessage, rejectReason, warningText } from '../../src/core/messages.ts';
import { regionOfSheet, unitOfSheet } from '../../src/core/sheets.ts';
import { readTextRoster } from '../../src/core/text.ts';
import { normaliseText, normaliseUtf8 } from '../../src/core/width.ts';
import { xlsxToCsv } from '../../src/core/xlsx.ts';
import {
  docxFile,
  encodeGbk,
  hugeWorkbook,
  ID_DECEMBER,
  ID_NOVEMBER,
  numberTrapWorkbook,
  formulaErrorWorkbook,
  oleFile,
  PER_UNIT_CSV,
  titledCsv,
  utf16,
  WIDTH_CSV,
} from '../fixtures/ingest.ts';
import { lrmxFiles } from '../fixtures/lrmx.ts';
import {
  countySheetsWorkbook,
  unitGroupSheetsWorkbook,
  decimalBirthWorkbook,
  monthSheetsWorkbook,
  numericIdWorkbook,
  rosterWorkbook,
  spacedMonthWorkbook,
  twoRowHeaderWorkbook,
  splitDateWorkbook,
  unitSheetsWorkbook,
} from '../fixtures/roster-xlsx.ts';
import { csv, freshDb, parquetToIPC, textFile } from './helpers.ts';

type Db = Awaited<ReturnType<typeof freshDb>>;
const load = (db: Db, files: SourceFile[], more: Record<string, unknown> = {}) =>
  loadSources(db, files, { parquetToIPC, xlsxToCsv, ...more });
const failure = async (p: Promise<unknown>): Promise<LoadError> => {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof LoadError)) throw new Error(`expected a LoadError, got ${String(e)}`);
  return e;
};
// Without an id column a person is 'N' and the first 12 hex digits of md5("name|YYYY-MM").
const nameKey = (name: string, birth: string, k = 1) =>
  'N' +
  createHash('md5').update(`${name}|${birth}`).digest('hex').slice(0, 12) +
  (k > 1 ? `-${k}` : '');
const cadres = (db: Db) =>
  db.query<{ name: string; birth: string; snap: string; pid: string; row: number }>(
    `SELECT name, strftime(birth_date, '%Y-%m') AS birth, strftime(snapshot_date, '%Y-%m-%d') AS snap,
       person_id AS pid, source_row AS row
     FROM cadres ORDER BY source_file, source_row`,
  );
const brief = (r: LoadReport) => r.rejected.map((x) => [x.file, x.row, x.name, x.code]);

describe('1. a text file with title lines above its header', () => {
  // tests/fixtures/ingest.ts: read 3, loaded 2, rejected 1 (line 6), skipped 3; 截至 2024-12-31.
  const expectTitled = async (bytes: Uint8Array) => {
    const db = await freshDb();
    const [s] = await stageSources(db, [{ name: '名册.csv', bytes }], { parquetToIPC });
    expect(s.headerRow).toBe(3);
    expect(s.firstRow).toBe(4);
    expect(s.snapshotFromTitle).toBe('2024-12-31');
    expect(s.snapshotFromName).toBeNull();
    expect(s.mapping).toEqual({
      name: '姓名',
      gender: '性别',
      birth_date: '出生年月',
      post_title: '职务',
      level: '职务层次',
    });
    const r = await commitSources(db, [s], [], {});
    await discardStaged(db, [s]);
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 3 });
    expect(brief(r)).toEqual([['名册.csv', 6, '王五', 'birth_missing']]);
    expect(await cadres(db)).toEqual([
      {
        name: '张三',
        birth: '1983-05',
        snap: '2024-12-31',
        pid: nameKey('张三', '1983-05'),
        row: 4,
      },
      {
        name: '李四',
        birth: '1990-11',
        snap: '2024-12-31',
        pid: nameKey('李四', '1990-11'),
        row: 5,
      },
    ]);
    await db.close();
  };

  it('in UTF-8, with or without a byte-order mark, with any line ends', async () => {
    await expectTitled(new TextEncoder().encode(titledCsv()));
    await expectTitled(new TextEncoder().encode('\uFEFF' + titledCsv()));
    // LF, and the lone CR of Excel's “CSV (Macintosh)”.
    await expectTitled(new TextEncoder().encode(titledCsv().replaceAll('\r\n', '\n')));
    await expectTitled(new TextEncoder().encode(titledCsv().replaceAll('\r\n', '\r')));
  });

  it('in GBK', async () => {
    await expectTitled(encodeGbk(titledCsv()));
  });

  it('empty lines, which DuckDB reads no row for, keep the line numbers of the file', async () => {
    const db = await freshDb();
    // Line 1 title, 2 empty, 3 header, 4 甲, 5–6 empty, 7 乙, 8 empty, 9 丙 without a birth date.
    const text = '名册（截至2024年12月31日）\n\n姓名,出生年月\n甲,1980.01\n\n\n乙,1981.02\n\n丙,\n';
    const r = await load(db, [textFile('名册.csv', text)]);
    // The three empty lines below the header are skipped, as a sheet's empty rows are.
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 3 });
    expect(brief(r)).toEqual([['名册.csv', 9, '丙', 'birth_missing']]);
    expect((await cadres(db)).map((c) => [c.name, c.row])).toEqual([
      ['甲', 4],
      ['乙', 7],
    ]);
    await db.close();
  });

  it('a titled workbook takes the 截至 date of its title too', async () => {
    const sheet = await xlsxToCsv(await numberTrapWorkbook());
    expect([sheet.headerRow, sheet.snapshotFromTitle]).toEqual([2, '2024-06-30']);
  });
});

describe('2. UTF-16 text (Excel’s “Unicode 文本”)', () => {
  it('little- and big-endian, with a byte-order mark or plain from the bytes', async () => {
    const tab = titledCsv('\t');
    for (const bytes of [
      utf16(tab, 'le', true),
      utf16(tab, 'be', true),
      utf16(tab, 'le', false),
      utf16(tab, 'be', false),
      utf16(titledCsv(), 'le', true),
    ]) {
      const t = readTextRoster(bytes);
      expect([t.headerRow, t.firstRow, t.snapshotFromTitle]).toEqual([3, 4, '2024-12-31']);
      const db = await freshDb();
      const r = await load(db, [{ name: '名册.txt', bytes }]);
      expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 3 });
      expect(brief(r)).toEqual([['名册.txt', 6, '王五', 'birth_missing']]);
      await db.close();
    }
  });
});

describe('3. padding and width', () => {
  it('every Unicode space and full-width form is normalised, in values and headers', async () => {
    const db = await freshDb();
    const r = await load(db, [textFile('名册.csv', WIDTH_CSV)]);
    // tests/fixtures/ingest.ts: read 4, loaded 3, rejected 1 (line 5).
    expect(r.rows).toEqual({ read: 4, loaded: 3, rejected: 1, skipped: 0 });
    expect(brief(r)).toEqual([['名册.csv', 5, '赵六', 'birth_missing']]);
    const rows = await db.query(
      `SELECT name, strftime(birth_date, '%Y-%m') AS birth, gender::VARCHAR AS gender,
         level::VARCHAR AS level, strftime(snapshot_date, '%Y-%m-%d') AS snap
       FROM cadres ORDER BY source_row`,
    );
    expect(rows).toEqual([
      { name: '张三', birth: '1983-05', gender: '男', level: '乡科级正职', snap: '2024-12-31' },
      { name: '李四', birth: '1983-05', gender: '女', level: '乡科级副职', snap: '2024-12-31' },
      { name: '王五', birth: '1983-05', gender: '男', level: '科员', snap: '2024-12-31' },
    ]);
    await db.close();
  });

  it('the byte pass and the text pass agree; CSV structure (，＂；｜) is kept', () => {
    const s = '\u3000１９８３．０５\u00a0；１９８３。０５，"＂｜\u200b甲\u2003乙 1983。x ＡＢｃ～';
    const want = ' 1983.05 ；1983.05，"＂｜甲 乙 1983。x ABc~';
    expect(normaliseText(s)).toBe(want);
    const bytes = normaliseUtf8(new TextEncoder().encode(s)).bytes;
    expect(new TextDecoder().decode(bytes)).toBe(want);
    // Nothing to change: the same bytes, not a copy.
    const plain = new TextEncoder().encode('姓名,出生年月\n张三·李,1983.05\n');
    expect(normaliseUtf8(plain).bytes).toBe(plain);
  });

  it('the byte pass agrees with the text pass at every alignment, and measures lines', () => {
    // Pieces of every kind (ASCII runs, Chinese, spaces, full width, line ends) in a fixed
    // pseudo-random order, placed at each offset of a larger buffer.
    const pieces = [
      '1983',
      '.05,',
      '张三',
      '\u3000',
      '\u00a0',
      '１９',
      '。',
      '０５',
      '，',
      '\n',
      '\r\n',
      '\r',
      'abcdefgh',
      '\u200b',
      '（兼）',
      '𠀀',
      '\n\n',
      '＂',
      '\uFEFF',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % pieces.length;
    const text = Array.from({ length: 4000 }, next)
      .map((k) => pieces[k])
      .join('');
    const lines = text.split(/\r\n|\n|\r/);
    const enc = new TextEncoder().encode(text);
    for (let offset = 0; offset < 4; offset++) {
      const buffer = new Uint8Array(enc.length + 8);
      buffer.set(enc, offset);
      const r = normaliseUtf8(buffer.subarray(offset, offset + enc.length));
      expect(new TextDecoder().decode(r.bytes)).toBe(normaliseText(text));
      const bytesOf = (l: string) => new TextEncoder().encode(l).length;
      const longest = Math.max(...lines.map(bytesOf));
      expect(r.longestLine).toBe(longest);
      expect(r.longestLineNo).toBe(lines.findIndex((l) => bytesOf(l) === longest) + 1);
      expect(r.emptyLines).toEqual(
        lines.flatMap((l, i) => (l === '' && i < lines.length - 1 ? [i + 1] : [])),
      );
    }
  });

  it('typed sources (Arrow) are normalised through their lookups: dates and categories', async () => {
    const db = await freshDb();
    const ipc = tableToIPC(
      tableFromArrays({
        姓名: ['甲', '乙'],
        出生年月: ['１９８３．０５', '1990。01'],
        性别: ['\u3000男', '女\u00a0'],
        统计时点: ['2024-12-31', '2024-12-31'],
        身份证号: ['１１０１０１１９８３０５０１２３４ｘ', '110101199001011234'],
        职务: ['桃林镇党委书记', '市财政局副局长'],
        单位类型: ['乡镇', '\u3000市直'],
      }),
      'stream',
    );
    const r = await load(db, [{ name: 'r.arrows', bytes: ipc }]);
    expect(r.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 0 });
    expect(
      await db.query(
        `SELECT strftime(birth_date, '%Y-%m') AS b, gender::VARCHAR AS g, id_number AS id,
           unit_type::VARCHAR AS ut, post_class::VARCHAR AS pc
         FROM cadres ORDER BY source_row`,
      ),
    ).toEqual([
      { b: '1983-05', g: '男', id: '11010119830501234X', ut: '乡镇街道', pc: 'township_secretary' },
      { b: '1990-01', g: '女', id: '110101199001011234', ut: '市直', pc: 'other' },
    ]);
    await db.close();
  });
});

describe('4. one broken LRMX form in a batch', () => {
  it('the others load; the broken ones are rejected rows with their file name and reason', async () => {
    const db = await freshDb();
    const broken = [
      textFile('坏.lrmx', '<?xml version="1.0" encoding="UTF-8"?>\n<Person><XingMing>钱'),
      textFile('说明.lrmx', '<?xml version="1.0"?><Notes><p>x</p></Notes>'),
    ];
    const r = await load(db, [...lrmxFiles(), ...broken], { defaultSnapshot: '2024-12-31' });
    // tests/fixtures/lrmx.ts: 3 loaded, 赵丽 rejected; and the two broken forms.
    expect(r.rows).toEqual({ read: 6, loaded: 3, rejected: 3, skipped: 0 });
    expect(brief(r)).toEqual([
      ['坏.lrmx', 1, null, 'lrmx_bad_xml'],
      ['说明.lrmx', 1, null, 'lrmx_not_form'],
      ['赵丽.lrmx', 1, '赵丽', 'birth_future'],
    ]);
    expect(r.rejected.map((x) => x.reason)).toEqual([
      '任免审批表已损坏（不是有效的 XML）：请在干部管理系统中重新导出',
      '不是任免审批表（LRMX）文件',
      '出生年月晚于统计时点：2030.01',
    ]);
    expect(r.rejected.map((x) => rejectReason(x, 'en'))).toEqual([
      'the LRMX form is damaged (not valid XML): export it again from the cadre system',
      'not an LRMX form (任免审批表)',
      'birth date after the reference date: 2030.01',
    ]);
    await db.close();
  });

  it('an empty form and a zip named .lrmx are rejected rows too; a form reads in the encoding its bytes are, whatever it declares', async () => {
    const db = await freshDb();
    const utf8 = new TextEncoder().encode(
      '<?xml version="1.0" encoding="GB2312"?>\n<Person><XingMing>冯丁</XingMing>' +
        '<ChuShengNianYue>198305</ChuShengNianYue><MinZu>汉族</MinZu></Person>',
    );
    // Saved as GBK under no declaration, or one that says UTF-8: read as GBK, not as mojibake
    // (a garbled 汉族 would count as a minority).
    const form = (name: string, birth: string) =>
      `<Person><XingMing>${name}</XingMing><ChuShengNianYue>${birth}</ChuShengNianYue><MinZu>汉族</MinZu><XianRenZhiWu>珠山镇党委书记</XianRenZhiWu></Person>`;
    const files = [
      ...lrmxFiles(),
      { name: '冯丁.lrmx', bytes: utf8 },
      { name: '褚戊.lrmx', bytes: encodeGbk(form('褚戊', '198406')) },
      {
        name: '卫己.lrmx',
        bytes: encodeGbk('<?xml version="1.0" encoding="UTF-8"?>\n' + form('卫己', '198507')),
      },
      { name: '空.lrmx', bytes: new Uint8Array() },
      { name: '损坏.lrmx', bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]) },
    ];
    const r = await load(db, files, { defaultSnapshot: '2024-12-31' });
    expect(r.rows).toEqual({ read: 9, loaded: 6, rejected: 3, skipped: 0 });
    expect(brief(r).map((x) => [x[0], x[3]])).toEqual([
      ['损坏.lrmx', 'lrmx_bad_xml'],
      ['空.lrmx', 'lrmx_bad_xml'],
      ['赵丽.lrmx', 'birth_future'],
    ]);
    const [p] = await db.query<{ name: string; ethnicity: string }>(
      `SELECT name, ethnicity FROM cadres WHERE source_file = '冯丁.lrmx'`,
    );
    expect(p).toEqual({ name: '冯丁', ethnicity: '汉族' });
    expect(
      await db.query(
        `SELECT name, CAST(ethnicity AS VARCHAR) AS ethnicity, post_title AS post FROM cadres
         WHERE source_file IN ('褚戊.lrmx', '卫己.lrmx') ORDER BY name DESC`,
      ),
    ).toEqual([
      { name: '褚戊', ethnicity: '汉族', post: '珠山镇党委书记' },
      { name: '卫己', ethnicity: '汉族', post: '珠山镇党委书记' },
    ]);
    // tests/fixtures/lrmx.ts has no form without a name; the broken forms are not loaded.
    expect(r.warnings.filter((w) => w.code === 'name_missing')).toEqual([]);
    await db.close();
  });

  it('forms of other software versions: CDATA, lower-case or prefixed tags, a stray &, blank lines', async () => {
    const db = await freshDb();
    const enc = (s: string) => new TextEncoder().encode(s);
    const files = [
      {
        name: '孙立.lrmx',
        bytes: enc(
          '<?xml version="1.0" encoding="UTF-8"?><Person><XingMing><![CDATA[孙立]]></XingMing>' +
            '<ChuShengNianYue><![CDATA[198211]]></ChuShengNianYue>' +
            '<XianRenZhiWu><![CDATA[富家桥镇党委书记]]></XianRenZhiWu>' +
            '<QuanRiZhiJiaoYu_XueLi><![CDATA[大学本科]]></QuanRiZhiJiaoYu_XueLi></Person>',
        ),
      },
      {
        name: '罗敏.lrmx',
        bytes: enc(
          '<?xml version="1.0" encoding="utf-8"?><person><xingming>罗敏</xingming>' +
            '<chushengnianyue>199105</chushengnianyue>' +
            '<xianrenzhiwu>南津渡街道党工委书记</xianrenzhiwu></person>',
        ),
      },
      {
        name: '袁博.lrmx',
        bytes: enc(
          '\n\n<?xml version="1.0" encoding="UTF-8"?><rm:Person xmlns:rm="urn:lrmx">' +
            '<rm:XingMing>袁博</rm:XingMing><rm:ChuShengNianYue>198409</rm:ChuShengNianYue>' +
            '<rm:JianLi>2006.07-2010.08 党建&宣传办公室科员</rm:JianLi></rm:Person>',
        ),
      },
    ];
    const r = await load(db, files, { defaultSnapshot: '2024-12-31' });
    expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    expect(
      await db.query(
        `SELECT name, strftime(birth_date, '%Y-%m') AS birth, CAST(post_class AS VARCHAR) AS pc,
           CAST(education_fulltime AS VARCHAR) AS ft, unit_name AS unit
         FROM cadres ORDER BY name`,
      ),
    ).toEqual([
      // A form's 现任职务 names the unit with the post: the unit is read from it.
      {
        name: '孙立',
        birth: '1982-11',
        pc: 'township_secretary',
        ft: '大学本科',
        unit: '富家桥镇',
      },
      { name: '罗敏', birth: '1991-05', pc: 'township_secretary', ft: '未知', unit: '南津渡街道' },
      // No post on the form: no post class, no unit.
      { name: '袁博', birth: '1984-09', pc: null, ft: '未知', unit: null },
    ]);
    await db.close();
  });
});

describe('5. nothing loaded', () => {
  it('a header without rows, or every row rejected: the report is kept and nothing changes', async () => {
    const db = await freshDb();
    await load(db, [textFile('旧名册2024-11.csv', csv([{ 姓名: '旧', 出生年月: '1980.01' }]))]);
    const empty = await failure(load(db, [textFile('空名册2024-12.csv', '姓名,出生年月\n')]));
    expect(empty).toBeInstanceOf(NothingLoaded);
    expect(empty.code).toBe('no_rows');
    expect((empty as NothingLoaded).report.rows).toEqual({
      read: 0,
      loaded: 0,
      rejected: 0,
      skipped: 0,
    });
    // Birth dates as epoch milliseconds (1983-05-01 and 1984-04-30 at UTC+8) are not dates.
    const epoch = await failure(
      load(db, [
        textFile(
          '毫秒名册.csv',
          '姓名,出生年月,统计时点\n甲,420566400000,2024-12-31\n乙,452102400000,2024-12-31\n',
        ),
      ]),
    );
    expect(epoch).toBeInstanceOf(NothingLoaded);
    const report = (epoch as NothingLoaded).report;
    expect(report.rows).toEqual({ read: 2, loaded: 0, rejected: 2, skipped: 0 });
    expect(report.rejected.map((x) => [x.row, x.name, x.code, x.reason])).toEqual([
      [2, '甲', 'birth_unparsed', '出生年月无法识别：420566400000'],
      [3, '乙', 'birth_unparsed', '出生年月无法识别：452102400000'],
    ]);
    expect(epoch.message).toBe(
      '无法读取文件“毫秒名册.csv”：没有载入任何行：读取的 2 行全部被拒收（原因见拒收行清单），当前数据未改变',
    );
    expect(epoch.text('en')).toBe(
      'Cannot read “毫秒名册.csv”: nothing was loaded: all 2 rows read were rejected (see the rejected rows for why); the data on screen is unchanged',
    );
    expect(await db.query(`SELECT name FROM cadres`)).toEqual([{ name: '旧' }]);
    await db.close();
  });
});

describe('身份证号 check digit (GB 11643)', () => {
  it('reads the check character, the gender digit and a number Excel cut, as worked by hand', async () => {
    const db = await freshDb();
    try {
      // 11010519491231002X: the standard's example (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
      // sum mod 11 = 2 → X); its 17th digit 2 is even: 女. 430102198703003000 ends in its own
      // check character 0, so it is whole; 43010219870300400 would end in 3, so …4000 was cut by
      // Excel; …0000 is cut whatever its check.
      const [r] = await db.query<Record<string, unknown>>(
        `SELECT id_number_valid('11010519491231002X') AS a, id_number_valid('11010519491231002x') AS b,
           id_number_valid('110105194912310021') AS c, id_number_valid('1101051949123100') AS d,
           id_gender('11010519491231002X') AS g, id_gender('110105194912310021') AS g2,
           id_digits_lost('430102198703003000') AS whole, id_digits_lost('430102198703004000') AS cut,
           id_digits_lost('430102198703120000') AS zeros`,
      );
      expect(r).toEqual({
        a: true,
        b: true,
        c: false,
        d: false,
        g: '女',
        g2: null,
        whole: false,
        cut: true,
        zeros: true,
      });
    } finally {
      await db.close();
    }
  });
});

describe('6. the same person written differently', () => {
  it('one person keyed by 人员编号, 身份证号 or name in different months is one person', async () => {
    const ids = (db: Db) =>
      db.query<{ m: string; name: string; pid: string }>(
        `SELECT strftime(snapshot_date, '%Y-%m') AS m, name, person_id AS pid FROM cadres
         ORDER BY name, m`,
      );
    // June has 人员编号 and 身份证号 (a recruit not numbered yet); December only 身份证号.
    const db = await freshDb();
    await load(db, [
      textFile(
        '名册2024-06.csv',
        [
          '人员编号,姓名,出生年月,身份证号',
          'P1,甲,1975.06,431102197506120319',
          ',乙,1988.10,431102198810010020',
        ].join('\n'),
      ),
      textFile(
        '名册2024-12.csv',
        [
          '姓名,出生年月,身份证号',
          '甲,1975.06,431102197506120319',
          '乙,1988.10,431102198810010020',
        ].join('\n'),
      ),
    ]);
    expect((await ids(db)).map((x) => [x.m, x.name, x.pid])).toEqual([
      ['2024-06', '乙', '431102198810010020'],
      ['2024-12', '乙', '431102198810010020'],
      ['2024-06', '甲', 'P1'],
      ['2024-12', '甲', 'P1'],
    ]);
    // A month without any id: the same name and birth month is the person of the other month.
    const db2 = await freshDb();
    await load(db2, [
      textFile(
        '名册2024-06.csv',
        ['姓名,出生年月,身份证号', '甲,1975.06,431102197506120319'].join('\n'),
      ),
      textFile('名册2024-12.csv', ['姓名,出生年月', '甲,1975年6月'].join('\n')),
    ]);
    expect((await ids(db2)).map((x) => x.pid)).toEqual([
      '431102197506120319',
      '431102197506120319',
    ]);
    // Two 张伟 of one birth month, born on different days, are two people, whatever the order.
    const db3 = await freshDb();
    const r3 = await load(db3, [
      textFile(
        '名册2024-06.csv',
        ['姓名,出生年月', '张伟,1985-03-02', '张伟,1985-03-25'].join('\n'),
      ),
      textFile(
        '名册2024-12.csv',
        ['姓名,出生年月', '张伟,1985-03-25', '张伟,1985-03-02'].join('\n'),
      ),
    ]);
    expect(r3.rows).toEqual({ read: 4, loaded: 4, rejected: 0, skipped: 0 });
    const born = await db3.query<{ b: string; n: number }>(
      `SELECT strftime(birth_date, '%d') AS b, count(DISTINCT person_id)::INTEGER AS n FROM cadres
       GROUP BY b ORDER BY b`,
    );
    expect(born.map((x) => [x.b, x.n])).toEqual([
      ['02', 1],
      ['25', 1],
    ]);
    const [{ people }] = await db3.query<{ people: number }>(
      `SELECT count(DISTINCT person_id)::INTEGER AS people FROM cadres`,
    );
    expect(people).toBe(2);
  });

  it('a row without 身份证号 beside one of the same name and birth month with it is noted', async () => {
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册2024-12.csv',
        [
          '姓名,出生年月,身份证号',
          '张三,1975.06,431102197506120319',
          '李四,1980.01,',
          '张三,1975.06,',
          // Another birth month: another person.
          '张三,1976.06,',
        ].join('\n'),
      ),
    ]);
    expect(r.rows.loaded).toBe(4);
    expect(r.warnings.map((w) => [w.row, w.code, w.field, w.message])).toEqual([
      [
        4,
        'same_person_with_id',
        '身份证号',
        '没有身份证号，而“名册2024-12.csv”第 2 行同名、同出生年月的人员有身份证号 431102197506120319：可能是同一人计入两次，如是请删去一行',
      ],
    ]);
  });

  it('lower-case x, spaces, full width and the 15-digit form are one 身份证号', async () => {
    const db = await freshDb();
    const r = await load(db, [
      textFile('名册2024-11.csv', ID_NOVEMBER),
      textFile('名册2024-12.csv', ID_DECEMBER),
    ]);
    // tests/fixtures/ingest.ts: read 6, loaded 5, rejected 1 (the second 乙 of December).
    expect(r.rows).toEqual({ read: 6, loaded: 5, rejected: 1, skipped: 0 });
    expect(brief(r)).toEqual([['名册2024-12.csv', 5, '乙', 'duplicate']]);
    expect(r.rejected[0].reason).toBe(
      '同一统计时点重复出现的人员（身份证号 431102198503120019，与第 3 行相同）',
    );
    expect(rejectReason(r.rejected[0], 'en')).toBe(
      'the same person twice in one snapshot (ID number 431102198503120019, as on row 3)',
    );
    expect(
      await db.query(
        `SELECT name, person_id, id_number, count(*)::INTEGER AS snapshots
         FROM cadres GROUP BY ALL ORDER BY name`,
      ),
    ).toEqual([
      {
        name: '丙',
        person_id: '431102198603120016',
        id_number: '431102198603120016',
        snapshots: 1,
      },
      {
        name: '乙',
        person_id: '431102198503120019',
        id_number: '431102198503120019',
        snapshots: 2,
      },
      {
        name: '甲',
        person_id: '11010519491231002X',
        id_number: '11010519491231002X',
        snapshots: 2,
      },
    ]);
    expect(r.warnings.map((w) => [w.file, w.row, w.code, w.message])).toEqual([
      [
        '名册2024-12.csv',
        4,
        'id_birth_mismatch',
        '身份证号中的出生年月（1986-03）与出生年月（1985-03）不一致，以出生年月为准',
      ],
    ]);
    expect(warningText(r.warnings[0], 'en')).toEqual({
      field: 'ID card number',
      message:
        'the birth month in the ID card number (1986-03) differs from the birth date (1985-03); the birth date is used',
    });
    await db.close();
  });
});

describe('7. 序号 numbered afresh in each unit', () => {
  it('is not proposed as a person id: people are told apart by their row', async () => {
    const db = await freshDb();
    const [s] = await stageSources(db, [textFile('名册.csv', PER_UNIT_CSV)], { parquetToIPC });
    expect(s.mapping.person_id).toBeUndefined();
    const r = await commitSources(db, [s], [], {});
    expect(r.rows).toEqual({ read: 7, loaded: 7, rejected: 0, skipped: 0 });
    await discardStaged(db, [s]);
    await db.close();
  });

  it('without an id column, months match people by name and birth month', async () => {
    const db = await freshDb();
    const head = '姓名,出生年月,职务层次\n';
    const r = await load(db, [
      textFile(
        '名册2024-11.csv',
        head + '张伟,1980.05,乡科级正职\n张伟,1980.05,乡科级副职\n李娜,1985.03,乡科级副职\n',
      ),
      textFile(
        '名册2024-12.csv',
        head + '李娜,1985.03,乡科级正职\n张伟,1980.05,乡科级正职\n王强,1990.01,科员\n',
      ),
    ]);
    // The two 张伟 of November are two people; nobody is a duplicate.
    expect(r.rows).toEqual({ read: 6, loaded: 6, rejected: 0, skipped: 0 });
    expect(
      await db.query(
        `SELECT strftime(snapshot_date, '%Y-%m') AS m, person_id AS pid, name
         FROM cadres ORDER BY m, source_row`,
      ),
    ).toEqual([
      { m: '2024-11', pid: nameKey('张伟', '1980-05'), name: '张伟' },
      { m: '2024-11', pid: nameKey('张伟', '1980-05', 2), name: '张伟' },
      { m: '2024-11', pid: nameKey('李娜', '1985-03'), name: '李娜' },
      { m: '2024-12', pid: nameKey('李娜', '1985-03'), name: '李娜' },
      { m: '2024-12', pid: nameKey('张伟', '1980-05'), name: '张伟' },
      { m: '2024-12', pid: nameKey('王强', '1990-01'), name: '王强' },
    ]);
    // Across the two months: 李娜 and the first 张伟 stay, the second 张伟 leaves, 王强 enters.
    expect(
      await db.query(
        `SELECT count(*) FILTER (WHERE n = 2)::INTEGER AS stay,
           count(*) FILTER (WHERE n = 1 AND m = '2024-11')::INTEGER AS leave,
           count(*) FILTER (WHERE n = 1 AND m = '2024-12')::INTEGER AS enter
         FROM (SELECT person_id, count(*) AS n, strftime(min(snapshot_date), '%Y-%m') AS m
               FROM cadres GROUP BY person_id)`,
      ),
    ).toEqual([{ stay: 2, leave: 1, enter: 1 }]);
    await db.close();
  });

  it('namesakes of one birth month keep their numbers by unit and post, not by row order', async () => {
    const db = await freshDb();
    const head = '姓名,出生年月,工作单位,现任职务,职务层次\n';
    const a = '王伟,1985.03,零陵区财政局,副局长,乡科级副职\n';
    const b = '王伟,1985.03,零陵区民政局,局长,乡科级正职\n';
    await load(db, [
      textFile('名册2026-01.csv', head + a + b),
      textFile('名册2026-02.csv', head + b + a),
    ]);
    // Each 王伟 is the same person in both months: nobody entered, left or was promoted.
    expect(
      await db.query(
        `SELECT person_id = '${nameKey('王伟', '1985-03')}' AS first, unit_name AS unit,
           count(*)::INTEGER AS months
         FROM cadres GROUP BY ALL ORDER BY unit`,
      ),
    ).toEqual([
      // Numbered by the unit's name as DuckDB sorts it (民 U+6C11 before 财 U+8D22).
      { first: true, unit: '零陵区民政局', months: 2 },
      { first: false, unit: '零陵区财政局', months: 2 },
    ]);
    await db.close();
  });

  it('two 人员编号 of one 身份证号 in two months are one person (Excel dropped the zeros)', async () => {
    const db = await freshDb();
    const head = '人员编号,姓名,出生年月,身份证号,职务层次\n';
    await load(db, [
      textFile(
        '名册2026-01.csv',
        head +
          '000100,张一,1980.03,43110219800315102X,县处级正职\n000101,李二,1986.02,43110219860210222X,县处级副职\n',
      ),
      textFile(
        '名册2026-02.csv',
        head +
          '100,张一,1980.03,43110219800315102X,县处级正职\n000101,李二,1986.02,43110219860210222X,县处级副职\n',
      ),
    ]);
    // 张一 takes February's code in both months; 李二 kept his.
    expect(
      await db.query(
        `SELECT name, list(DISTINCT person_id) AS ids, count(*)::INTEGER AS months
         FROM cadres GROUP BY name ORDER BY name`,
      ),
    ).toEqual([
      { name: '张一', ids: ['100'], months: 2 },
      { name: '李二', ids: ['000101'], months: 2 },
    ]);
    await db.close();
  });

  it('one 县市区 however each month writes it: nobody moves between 零陵 and 零陵区', async () => {
    const db = await freshDb();
    const head = '姓名,出生年月,身份证号,工作单位,县市区,现任职务,职务层次\n';
    const rows = (county: string, city: string) =>
      head +
      `张一,1980.03,43110219800315102X,永州市财政局,${city},局长,县处级正职\n` +
      `钱五,1978.04,431102197804151711,珠山镇,${county},珠山镇党委书记,乡科级正职\n` +
      `郑九,1991.02,431102199102112311,零陵区财政局,${county},局长,乡科级正职\n`;
    await load(db, [
      textFile('名册2026-01.csv', rows('零陵', '市直')),
      // February: two of 市本级 against January's one of 市直, so 市本级 is the word.
      textFile(
        '名册2026-02.csv',
        rows('零陵区', '市本级') +
          '李二,1986.02,43110219860210222X,永州市财政局,市本级,副局长,县处级副职\n',
      ),
    ]);
    expect(
      await db.query(
        `SELECT name, list(DISTINCT region) AS regions, list(DISTINCT unit_id) AS units
         FROM cadres WHERE name <> '李二' GROUP BY name ORDER BY name`,
      ),
    ).toEqual([
      { name: '张一', regions: ['市本级'], units: ['市本级/永州市财政局'] },
      { name: '郑九', regions: ['零陵区'], units: ['零陵区财政局'] },
      { name: '钱五', regions: ['零陵区'], units: ['零陵区/珠山镇'] },
    ]);
    await db.close();
  });

  it('reads padded words, the 56 民族 and 政治面貌 as written, and says what it cannot place', async () => {
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册2024-12.csv',
        [
          '姓名,出生年月,民族,政治面貌,全日制学历,工作单位,现任职务,职务层次',
          // Padded between characters (a typist's alignment): the words they spell.
          '空一,1980.10,汉　族,中 共 党 员,大　学,天堂镇,镇　长,正　科',
          '空二,1985.03,瑶　族,群　众,研 究 生,天堂镇,副镇长,副  科',
          // Not one of the 56: unknown, and said; a word for unknown is unknown, silently.
          '民一,1983.02,穿青人,中国共产党,大本,天堂镇,副镇长,副科',
          '民二,1983.03,不详,党员（预备）,中师,天堂镇,副镇长,副科',
          '民三,1983.04,维族,致公党员,硕士（在读）,天堂镇,副镇长,副科',
          // A 政治面貌 that says nothing known: unknown, said (not 非中共党员).
          '党一,1983.05,汉,宗教人士,中职,天堂镇,副镇长,副科',
          // Two posts a space apart stay two; 非党员 is no member; 少数民族 and 畬族 are minorities.
          '多一,1984.01,少数民族,非党员,大学,天堂镇,天堂镇党委副书记 镇长,正科',
          '多二,1984.02,畬族,党外人士,大学,天堂镇,副镇长,副科',
        ].join('\n'),
      ),
    ]);
    expect(
      await db.query(
        `SELECT name, ethnicity, CAST(party AS VARCHAR) AS party,
           CAST(education_fulltime AS VARCHAR) AS edu, CAST(level AS VARCHAR) AS level,
           CAST(post_class AS VARCHAR) AS post
         FROM cadres ORDER BY source_row`,
      ),
    ).toEqual([
      {
        name: '空一',
        ethnicity: '汉族',
        party: '中共党员',
        edu: '大学本科',
        level: '乡科级正职',
        post: 'township_head',
      },
      {
        name: '空二',
        ethnicity: '瑶族',
        party: '非中共党员',
        edu: '研究生',
        level: '乡科级副职',
        post: 'other',
      },
      {
        name: '民一',
        ethnicity: null,
        party: '中共党员',
        edu: '大学本科',
        level: '乡科级副职',
        post: 'other',
      },
      {
        name: '民二',
        ethnicity: null,
        party: '中共党员',
        edu: '中专及以下',
        level: '乡科级副职',
        post: 'other',
      },
      {
        name: '民三',
        ethnicity: '维吾尔族',
        party: '非中共党员',
        edu: '大学本科',
        level: '乡科级副职',
        post: 'other',
      },
      {
        name: '党一',
        ethnicity: '汉族',
        party: null,
        edu: '中专及以下',
        level: '乡科级副职',
        post: 'other',
      },
      {
        name: '多一',
        ethnicity: '少数民族',
        party: '非中共党员',
        edu: '大学本科',
        level: '乡科级正职',
        post: 'township_head',
      },
      {
        name: '多二',
        ethnicity: '畲族',
        party: '非中共党员',
        edu: '大学本科',
        level: '乡科级副职',
        post: 'other',
      },
    ]);
    expect(r.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [
        4,
        'ethnicity_unreadable',
        '民族“穿青人”不是 56 个民族之一，按未知处理，不计入汉族或少数民族（可写 汉族、瑶族 等）',
      ],
      [
        7,
        'party_unreadable',
        '政治面貌“宗教人士”无法识别，按未知处理，不计入中共党员或非中共党员（可写 中共党员、中共预备党员、群众、民盟盟员 等）',
      ],
    ]);
    await db.close();
  });

  it('loads a UTF-8 roster with a character cut off, in a small file and in a large one', async () => {
    // A database export cut 备注 at a byte limit: its last character lost its third byte.
    const enc = new TextEncoder();
    const cut = (n: number) => {
      const rows = Array.from({ length: n }, (_, i) => `测${i},1980.01,正科,备注`);
      const text = ['姓名,出生年月,职务层次,备注', ...rows].join('\n') + '\n';
      const bytes = enc.encode(text);
      // The last row's 注 (3 bytes) keeps only its first two; the line still ends.
      const at = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
      const row = enc.encode(rows[n - 1]);
      const out = new Uint8Array(bytes.length - 1);
      out.set(bytes.subarray(0, at + row.length - 1));
      out.set(bytes.subarray(at + row.length), at + row.length - 1);
      return out;
    };
    for (const n of [20, 5000]) {
      const db = await freshDb();
      const r = await load(db, [{ name: `名册2024-12-${n}.csv`, bytes: cut(n) }]);
      expect(r.rows, `${n} rows`).toEqual({ read: n, loaded: n, rejected: 0, skipped: 0 });
      const [last] = await db.query<{ name: string }>(
        `SELECT name FROM cadres ORDER BY source_row DESC LIMIT 1`,
      );
      expect(last.name).toBe(`测${n - 1}`);
      // The row is noted, showing where the character was lost.
      expect(
        r.warnings.filter((w) => w.code === 'text_replaced').map((w) => [w.row, w.message]),
      ).toEqual([
        [
          n + 1,
          '“备\uFFFD”中有无法识别的字符（�）：文件在此处的字节不是有效的 UTF-8 编码，多为导出时字符被截断，请核对原表',
        ],
      ]);
      await db.close();
    }
  });

  it('notes a row without an ID pasted twice (name, birth month, unit, post and level alike)', async () => {
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册2024-12.csv',
        [
          '序号,姓名,出生年月,工作单位,现任职务,职务层次',
          '1,测一,1980.10,天堂镇,党委书记,正科',
          '2,测二,1985.03,天堂镇,镇长,正科',
          '3,测一,1980.10,天堂镇,党委书记,正科',
          // Namesakes of one month in other posts: two people, no note.
          '4,测二,1985.03,天堂镇,副镇长,副科',
        ].join('\n'),
      ),
    ]);
    expect(r.rows.loaded).toBe(4);
    expect(r.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [
        4,
        'same_row_twice',
        '姓名、出生年月、单位和职务与“名册2024-12.csv”第 2 行都相同，又都没有身份证号：可能重复录入，按两人计入；如是同一人请删去一行',
      ],
    ]);
    await db.close();
  });

  it('a 身份证号 mistyped in one month (its check digit fails) is the person of the others', async () => {
    const db = await freshDb();
    const head = '姓名,出生年月,身份证号,职务层次\n';
    // 431102198209011911 is valid; February's 431102198209011811 (one digit off) is not.
    const r = await load(db, [
      textFile('名册2026-01.csv', head + '周七,1982.09,431102198209011911,乡科级正职\n'),
      textFile('名册2026-02.csv', head + '周七,1982.09,431102198209011811,乡科级正职\n'),
    ]);
    expect(r.warnings.map((w) => [w.file, w.code])).toEqual([['名册2026-02.csv', 'id_checksum']]);
    expect(
      await db.query(`SELECT list(DISTINCT person_id) AS ids, count(*)::INTEGER AS n FROM cadres`),
    ).toEqual([{ ids: ['431102198209011911'], n: 2 }]);
    await db.close();
  });

  it('notes a row whose 统计月份 differs from nearly all of its file (a typing error)', async () => {
    const db = await freshDb();
    const rows = ['姓名,出生年月,统计月份'];
    for (let i = 1; i <= 40; i++) rows.push(`人${i},19${60 + (i % 30)}.01,2026-01`);
    rows.splice(4, 0, '错一,1975.05,2025-01'); // line 5
    const r = await load(db, [textFile('名册.csv', rows.join('\n'))]);
    expect(r.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [
        5,
        'snapshot_stray',
        '统计时点为 2025-01-31，而本文件多数行（40 行）是 2026-01-31：可能录错，请核对（本行仍按 2025-01-31 计入）',
      ],
    ]);
    // Two months of a file, each of several rows, and a row of a third month in so small a
    // file: no note.
    const db2 = await freshDb();
    const two = [
      '姓名,出生年月,统计月份',
      ...rows.slice(1, 4).map((x) => x.replace('2026-01', '2025-12')),
      ...rows.slice(5, 8),
      rows[4],
    ];
    const r2 = await load(db2, [textFile('名册.csv', two.join('\n'))]);
    expect(r2.warnings).toEqual([]);
    await db.close();
    await db2.close();
  });

  it('mapped as person id by hand, the duplicates stop the load until the user decides', async () => {
    const db = await freshDb();
    const [s] = await stageSources(db, [textFile('名册.csv', PER_UNIT_CSV)], { parquetToIPC });
    const mapping = { ...s.mapping, person_id: '序号' };
    const stop = await failure(commitSources(db, [s], [{ mapping }], {}));
    expect(stop).toBeInstanceOf(DuplicatesFound);
    const d = stop as DuplicatesFound;
    // Lines 5–7 repeat the ids 1–3 of lines 2–4: 3 of 7 rows.
    expect([d.sourceIndex, d.count, d.read]).toEqual([0, 3, 7]);
    expect(d.examples).toEqual([
      { file: '名册.csv', row: 5, name: '丁', personId: '1', firstRow: 2, firstFile: null },
      { file: '名册.csv', row: 6, name: '戊', personId: '2', firstRow: 3, firstFile: null },
      { file: '名册.csv', row: 7, name: '己', personId: '3', firstRow: 4, firstFile: null },
    ]);
    expect(d.message).toContain(
      '“名册.csv”中有 3 行（共 7 行）将因与同一统计时点的其他行是同一人员编号而被拒收',
    );
    expect(d.text('en')).toContain('3 of the 7 rows of “名册.csv” would be rejected');
    expect(await db.query(`SELECT count(*)::INTEGER AS n FROM cadres`)).toEqual([{ n: 0 }]);
    // The staging tables are still there: the user imports anyway.
    const r = await commitSources(db, [s], [{ mapping }], { acceptDuplicates: true });
    await discardStaged(db, [s]);
    expect(r.rows).toEqual({ read: 7, loaded: 4, rejected: 3, skipped: 0 });
    expect(brief(r).map((x) => x[3])).toEqual(['duplicate', 'duplicate', 'duplicate']);
    await db.close();
  });

  it('two files of one month: the pause says the dates are the same, not that the id is bad', async () => {
    const db = await freshDb();
    const month = [
      '身份证号,姓名,出生年月',
      '430103198503010018,甲,1985.03',
      '430103198001010026,乙,1980.01',
    ];
    const stop = await failure(
      load(db, [
        textFile('2025-05.csv', month.join('\n')),
        textFile('干部名册2025年5月.csv', month.join('\n')),
      ]),
    );
    expect(stop).toBeInstanceOf(DuplicatesFound);
    expect((stop as DuplicatesFound).sameDate).toBe('2025-05-31');
    expect(stop.message).toContain(
      '“干部名册2025年5月.csv”中有 2 行（共 2 行）与已载入的统计时点 2025-05-31 的名册是同一人员，将被拒收：可能两个文件的统计时点相同',
    );
    await db.close();
  });

  it('the limit: more than 5 rows, or more than 1% of the rows read; one never stops', () => {
    expect(tooManyDuplicates(1, 2)).toBe(false);
    expect(tooManyDuplicates(2, 7)).toBe(true);
    expect(tooManyDuplicates(5, 1000)).toBe(false);
    expect(tooManyDuplicates(6, 100_000)).toBe(true);
    expect(tooManyDuplicates(2, 200)).toBe(false);
    expect(tooManyDuplicates(3, 200)).toBe(true);
  });
});

describe('8. Excel number traps and footer lines', () => {
  it('a month that lost its trailing 0 is October where the column writes two digits; footers are skipped', async () => {
    const db = await freshDb();
    const r = await load(db, [{ name: '名册.xlsx', bytes: await numberTrapWorkbook() }]);
    // tests/fixtures/ingest.ts: read 4, loaded 4, skipped 5. Row 3's 1979.1 is in a cell
    // formatted 0.00, so Excel shows 1979.10: October, no doubt. Row 5's 1985.1 sits in a column
    // that writes May as 1983.05, so its January would be 1985.01: October too, and said so (a
    // reading that moves an age by nine months is not made silently).
    expect(r.rows).toEqual({ read: 4, loaded: 4, rejected: 0, skipped: 5 });
    expect(r.warnings.map((w) => [w.row, w.code])).toEqual([[5, 'birth_month_october']]);
    // How a number cell shows every October: said, and no fault of the data (not in Q1).
    const [{ n }] = await db.query<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM row_findings',
    );
    expect(n).toBe(0);
    expect(await cadres(db)).toEqual([
      { name: '甲', birth: '1979-10', snap: '2024-06-30', pid: nameKey('甲', '1979-10'), row: 3 },
      { name: '乙', birth: '1983-05', snap: '2024-06-30', pid: nameKey('乙', '1983-05'), row: 4 },
      { name: '丙', birth: '1985-10', snap: '2024-06-30', pid: nameKey('丙', '1985-10'), row: 5 },
      { name: '丁', birth: '1986-11', snap: '2024-06-30', pid: nameKey('丁', '1986-11'), row: 6 },
    ]);
    await db.close();
  });

  it('YYYY.1 is January with a note where the column writes no month in two digits, or some in one', async () => {
    const births = async (values: string[]) => {
      const db = await freshDb();
      const rows = values.map((b, i) => `人${i},${b}`).join('\n');
      const r = await load(db, [textFile('名册2024-06.csv', `姓名,出生年月\n${rows}\n`)]);
      const got = (await cadres(db)).map((c) => c.birth);
      await db.close();
      return { got, notes: r.warnings.map((w) => [w.row, w.code]) };
    };
    // Nothing tells: January, noted (as an Excel General cell may have dropped the 0 of October).
    expect(await births(['1985.1', '1986.11'])).toEqual({
      got: ['1985-01', '1986-11'],
      notes: [[2, 'birth_month_ambiguous']],
    });
    // One-digit months (1983.5) beside two-digit ones: the writer is not consistent, so noted.
    expect(await births(['1985.1', '1983.5', '1984.03'])).toEqual({
      got: ['1985-01', '1983-05', '1984-03'],
      notes: [[2, 'birth_month_ambiguous']],
    });
    // Only two-digit months: 1985.1 is 1985.10 as a number cell shows it, noted as read.
    expect(await births(['1985.1', '1984.03', '1986.12'])).toEqual({
      got: ['1985-10', '1984-03', '1986-12'],
      notes: [[2, 'birth_month_october']],
    });
  });
});

describe('8c. 是否选调生', () => {
  it('a 是否选调生 column without 来源 gives the source 选调生 to its 是 rows', async () => {
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册2024-06.csv',
        '姓名,出生年月,是否选调生\n甲,1990.01,是\n乙,1988.03,否\n丙,1991.05,\n',
      ),
    ]);
    expect(r.rows.loaded).toBe(3);
    expect(r.columnsNotRead).toBeUndefined();
    const rows = await db.query<{ s: string | null }>(
      'SELECT source AS s FROM cadres ORDER BY source_row',
    );
    expect(rows.map((x) => x.s)).toEqual(['选调生', null, null]);
    await db.close();
  });
});

describe('8d. hidden rows', () => {
  it('a row hidden in Excel (filtered out) is loaded and noted', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['姓名', '出生年月', '备注']);
    ws.addRow(['甲', '1980.01', null]);
    ws.addRow(['乙', '1981.02', '已调出']);
    ws.addRow(['丙', '1982.03', null]);
    ws.getRow(3).hidden = true;
    const db = await freshDb();
    const r = await load(db, [
      { name: '名册2024-06.xlsx', bytes: new Uint8Array(await wb.xlsx.writeBuffer()) },
    ]);
    expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    expect(r.warnings.map((w) => [w.row, w.name, w.code, w.message])).toEqual([
      [
        3,
        '乙',
        'row_hidden',
        '此行在 Excel 中是隐藏行（多为筛选掉的行），仍已计入；如不应计入，请在原表中删除该行后重新载入',
      ],
    ]);
    // A filtered view is no fault of the data: not a finding of Q1.
    const [{ n }] = await db.query<{ n: number }>(
      'SELECT count(*)::INTEGER AS n FROM row_findings',
    );
    expect(n).toBe(0);
    await db.close();
  });
});

describe('8b. formula errors', () => {
  it('a birth cell showing #VALUE! is rejected naming the error; an error elsewhere is a blank', async () => {
    const db = await freshDb();
    const r = await load(db, [{ name: '名册.xlsx', bytes: await formulaErrorWorkbook() }]);
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 0 });
    expect(r.rejected.map((x) => [x.row, x.name, x.code, x.reason])).toEqual([
      [
        4,
        '乙',
        'birth_formula_error',
        '出生年月是 Excel 公式错误 #VALUE!：请在 Excel 中修正公式或填入出生年月',
      ],
    ]);
    expect(rejectReason(r.rejected[0], 'en')).toBe(
      'birth date is the Excel formula error #VALUE!: fix the formula or type the date in Excel',
    );
    expect(r.warnings).toEqual([]);
    const rows = await db.query<{ name: string; b: string; e: string | null }>(
      `SELECT name, strftime(birth_date, '%Y-%m') AS b, CAST(ethnicity AS VARCHAR) AS e
       FROM cadres ORDER BY source_row`,
    );
    expect(rows).toEqual([
      { name: '甲', b: '1985-03', e: '汉族' },
      { name: '丙', b: '1988-07', e: null },
    ]);
    await db.close();
  });
});

describe('9. no engine text reaches the user', () => {
  const NO_ENGINE = /Cannot read|Maximum call stack|Out of Memory|Error|undefined|null/;

  it('a damaged Arrow file, deeply nested JSON, a 3 MB single line', async () => {
    const db = await freshDb();
    const arrow = new Uint8Array([...new TextEncoder().encode('ARROW1\0\0'), 0xff, 0xff, 1, 2, 3]);
    const a = await failure(load(db, [{ name: '坏.arrow', bytes: arrow }]));
    expect(a.code).toBe('arrow_unreadable');
    expect(a.message).toBe(
      '无法读取文件“坏.arrow”：Arrow 文件已损坏或不完整，无法读取：请重新导出',
    );
    expect(a.text('en')).toBe(
      'Cannot read “坏.arrow”: the Arrow file is damaged or incomplete: export it again',
    );
    expect(a.detail).toBeTruthy();
    expect(a.message).not.toMatch(NO_ENGINE);

    const deep = `[{"姓名":"甲","出生年月":"1980.01","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}]`;
    const j = await failure(load(db, [textFile('深.json', deep)]));
    expect(j.code).toBe('json_too_deep');
    expect(j.detail).toMatch(/call stack/i);
    expect(j.message).not.toMatch(NO_ENGINE);

    const line = await failure(load(db, [textFile('一行.csv', 'a,'.repeat(1_500_000))]));
    expect(line.code).toBe('line_too_long');
    expect(line.message).toBe(
      '无法读取文件“一行.csv”：第 1 行长达 2.9 MB，不像是名册（名册每行一人）：请确认文件是逗号或制表符分隔的表格',
    );
    await db.close();
  });
});

describe('10. the right reason for files that are not rosters', () => {
  const FORMATS =
    '可以打开的格式：Excel 工作簿（.xlsx、.xls）、CSV/TXT 文本（UTF-8、GBK、UTF-16）、JSON、任免审批表（.lrmx）、Parquet、Arrow';
  const reason = async (name: string, bytes: Uint8Array) => {
    const db = await freshDb();
    const e = await failure(load(db, [{ name, bytes }]));
    await db.close();
    return e;
  };

  it('a PDF, a Word file or an image under a roster’s name', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    for (const [name, bytes, kind] of [
      ['名册.xlsx', pdf, 'PDF 文件'],
      ['名册.csv', pdf, 'PDF 文件'],
      ['名册.xlsx', docxFile(), 'Word 文档（.docx）'],
      ['名册.csv', docxFile(), 'Word 文档（.docx）'],
      ['名册.xlsx', oleFile('WordDocument'), 'Word 文档（.doc）'],
      ['名册.csv', png, '图片'],
    ] as const) {
      const e = await reason(name, bytes);
      expect(e.code).toBe('not_roster_format');
      expect(e.message).toBe(`无法读取文件“${name}”：这是${kind}，不是名册文件。${FORMATS}`);
    }
    const e = await reason('名册.xlsx', pdf);
    expect(e.text('en')).toBe(
      'Cannot read “名册.xlsx”: this is a PDF file, not a roster. Rosters can be: Excel workbooks (.xlsx, .xls), CSV/TXT text (UTF-8, GBK, UTF-16), JSON, LRMX forms (.lrmx), Parquet, Arrow',
    );
  });

  it('a damaged .xls says so; an encrypted .xlsx has its password removed', async () => {
    const xls = await reason('名册.xls', oleFile('Workbook'));
    expect(xls.code).toBe('xls_unreadable');
    expect(xls.message).toBe(
      '无法读取文件“名册.xls”：旧版 Excel 工作簿（.xls）无法读取，可能已损坏：请在 Excel 或 WPS 中打开，“另存为” Excel 工作簿（*.xlsx）后再打开',
    );
    expect((await reason('名册.xlsx', oleFile('Book'))).code).toBe('xls_unreadable');
    const enc = await reason('名册.xlsx', oleFile('EncryptedPackage'));
    expect(enc.code).toBe('xlsx_encrypted');
    expect(enc.message).toContain('工作簿设有打开密码（已加密）');
    expect(enc.text('en')).toContain('the workbook is password-protected (encrypted)');
  });

  it('a valid workbook whose sheet would unpack to 900 MB is too large, not damaged', async () => {
    const e = await reason('大名册.xlsx', hugeWorkbook(await rosterWorkbook()));
    expect(e.code).toBe('xlsx_too_large');
    expect(e.message).toBe(
      '无法读取文件“大名册.xlsx”：工作簿没有损坏，但解压后过大（worksheets/sheet2.xml约 900 MB，浏览器中最多可读取 768 MB）：请按单位或月份拆分成几个工作簿，或另存为 CSV 后再打开',
    );
  });
});

describe('11. one catalogue, two languages', () => {
  it('every core message, reject reason and note has Chinese and English text', () => {
    expect(formatMessage('birth_unparsed', { value: '不详' }, 'zh')).toBe('出生年月无法识别：不详');
    expect(formatMessage('birth_unparsed', { value: '不详' }, 'en')).toBe(
      'birth date not recognised: 不详',
    );
    expect(formatMessage('level_unknown', { value: '处长' }, 'en')).toBe(
      'level not recognised: 处长',
    );
  });
});

describe('shapes of real exports', () => {
  /** Each row's name and post class, after loading the lines as a CSV file. */
  const postClasses = async (file: string, lines: string[]) => {
    const db = await freshDb();
    await load(db, [textFile(file, lines.join('\n'))]);
    const rows = await db.query<{ name: string; post_class: string }>(
      `SELECT name, CAST(post_class AS VARCHAR) AS post_class FROM cadres ORDER BY source_row`,
    );
    return rows.map((r) => [r.name, r.post_class]);
  };

  const ages = (db: Db) =>
    db.query<{ name: string; age: number }>(
      `SELECT name, age_at(birth_date, snapshot_date) AS age FROM cadres ORDER BY source_row`,
    );

  it('reads a cell with a line break (Alt+Enter) and numbers rows as Excel shows them', async () => {
    const db = await freshDb();
    const text = [
      '干部名册（截至2024年12月31日）',
      '姓名,性别,出生年月,现任职务,职务层次',
      '刘一,男,1983.05,白沙镇党委书记,乡科级正职',
      '陈二,女,1987.06,"白沙镇党委副书记\n镇长",乡科级正职',
      '张三,男,1990.13,白沙镇副镇长,乡科级副职',
      '李四,女,1989.07',
    ].join('\r\n');
    const r = await load(db, [textFile('名册.csv', text)]);
    // Line 1 title, 2 header, 3 刘一, 4 陈二 (two lines in one cell), 5 张三, 6 李四 (a short row).
    expect(r.rows).toEqual({ read: 4, loaded: 3, rejected: 1, skipped: 0 });
    expect(brief(r)).toEqual([['名册.csv', 5, '张三', 'birth_unparsed']]);
    expect((await ages(db)).map((a) => [a.name, a.age])).toEqual([
      ['刘一', 41],
      ['陈二', 37],
      ['李四', 35],
    ]);
  });

  it('reads 出生年月(岁) and skips 共计, 签字 and 备注 lines and blank lines', async () => {
    const db = await freshDb();
    const text = [
      '序号,姓名,性别,出生年月(岁),现任职务',
      '1,黄河,男,1975.03(49岁),县委副书记',
      '',
      '2,赵敏,女,1986.12（38岁）,副县长',
      '共计2人,,,,',
      // A count under 出生年月 or in the name column: the label still says it is a total.
      ',合计,,2,',
      '小计,1,,1,',
      '单位负责人（签字）：,,,,',
      '备注：出生年月以干部人事档案为准,,,,',
    ].join('\n');
    const r = await load(db, [textFile('名册2024年12月.csv', text)]);
    expect(r.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 6 });
    expect((await ages(db)).map((a) => [a.name, a.age])).toEqual([
      ['黄河', 49],
      ['赵敏', 38],
    ]);
  });

  it('a workbook of monthly sheets (2023.12, 2024年6月) is a snapshot per sheet', async () => {
    const db = await freshDb();
    const r = await load(db, [{ name: '干部名册.xlsx', bytes: await monthSheetsWorkbook() }]);
    expect(r.rows).toEqual({ read: 6, loaded: 6, rejected: 0, skipped: 0 });
    expect(r.sources).toEqual(['干部名册.xlsx']);
    expect(
      await db.query(
        `SELECT strftime(snapshot_date, '%Y-%m-%d') AS d, name, CAST(level AS VARCHAR) AS level
         FROM cadres WHERE name = '丙' ORDER BY d`,
      ),
    ).toEqual([
      { d: '2023-12-31', name: '丙', level: '乡科级副职' },
      { d: '2024-06-30', name: '丙', level: '乡科级正职' },
    ]);
    await db.close();
  });

  it('reads every county sheet of a workbook, never a hidden backup, and a 汇总 sheet alone', async () => {
    const db = await freshDb();
    const r = await load(db, [{ name: '干部名册.xlsx', bytes: await countySheetsWorkbook() }], {
      defaultSnapshot: '2024-12-31',
    });
    expect(r.sources).toEqual(['干部名册.xlsx']);
    expect(r.rows).toEqual({ read: 5, loaded: 5, rejected: 0, skipped: 0 });
    expect((await ages(db)).map((a) => a.age).sort()).toEqual([30, 35, 38, 41, 48]);
    const files = await db.query<{ f: string; n: number }>(
      `SELECT source_file AS f, count(*)::INTEGER AS n FROM cadres GROUP BY f ORDER BY f`,
    );
    expect(files.map((x) => [x.f, x.n])).toEqual([
      ['干部名册.xlsx（冷水滩区）', 2],
      ['干部名册.xlsx（零陵区）', 3],
    ]);
    const db2 = await freshDb();
    const withSummary = await load(
      db2,
      [{ name: '干部名册.xlsx', bytes: await countySheetsWorkbook(true) }],
      { defaultSnapshot: '2024-12-31' },
    );
    expect(withSummary.rows).toEqual({ read: 5, loaded: 5, rejected: 0, skipped: 0 });
  });

  it('reads a sheet named for a kind of unit (县直单位) as a part of the roster, and says which roster-like sheet it left', async () => {
    const db = await freshDb();
    const r = await load(db, [{ name: '永宁县.xlsx', bytes: await unitGroupSheetsWorkbook() }], {
      defaultSnapshot: '2025-06-30',
    });
    expect(r.rows).toEqual({ read: 4, loaded: 4, rejected: 0, skipped: 0 });
    // 财政局 and 教育局 name no county: the sheet's name gives their type.
    const names = await db.query<{ name: string; t: string }>(
      'SELECT name, CAST(unit_type AS VARCHAR) AS t FROM cadres ORDER BY name',
    );
    expect(Object.fromEntries(names.map((x) => [x.name, x.t]))).toEqual({
      县直一: '县市区',
      县直二: '县市区',
      城关一: '乡镇街道',
      城关二: '乡镇街道',
    });
    expect(r.sheetsNotRead).toEqual([{ file: '永宁县.xlsx', sheet: 'Sheet3' }]);
    await db.close();
  });

  describe('workbooks older than .xlsx', () => {
    /** Each person as loaded: name, birth month, gender, level, unit, post class, party. */
    const people = (db: Db) =>
      db.query<Record<string, string>>(
        `SELECT name, strftime(birth_date, '%Y-%m') AS birth, CAST(gender AS VARCHAR) AS gender,
           CAST(level AS VARCHAR) AS level, unit_name AS unit, CAST(post_class AS VARCHAR) AS post,
           CAST(party AS VARCHAR) AS party, strftime(snapshot_date, '%Y-%m-%d') AS snapshot
         FROM cadres ORDER BY source_row`,
      );
    // tests/fixtures/xls/roster.xls, saved as Excel 97–2003 by LibreOffice from roster.fods: a
    // merged title with the date, 出生年月 as a yyyy.mm date, a 0.00 number (1988.10), text
    // (1985年3月), and a hidden sheet 备份 that is not the roster.
    const expected = [
      ['张建国', '1975-06', '男', '县处级正职', '永州市财政局', 'other', '中共党员'],
      ['李秀英', '1988-10', '女', '县处级副职', '永州市财政局', 'other', '非中共党员'],
      // A two-character name padded to three with a full-width space, as rosters align them.
      ['王磊', '1992-01', '男', '乡科级正职', '零陵区珠山镇', 'township_secretary', '中共党员'],
      ['赵丽', '1985-03', '女', '乡科级正职', '零陵区珠山镇', 'township_head', '中共党员'],
    ];
    const xls = () =>
      new Uint8Array(readFileSync(new URL('../fixtures/xls/roster.xls', import.meta.url)));

    it('an Excel 97–2003 .xls: every row, its dates and its title’s 统计时点; not a hidden sheet', async () => {
      const db = await freshDb();
      const r = await load(db, [{ name: '干部名册.xls', bytes: xls() }]);
      expect(r.rows).toEqual({ read: 4, loaded: 4, rejected: 0, skipped: 0 });
      expect(r.sources).toEqual(['干部名册.xls']);
      const got = await people(db);
      expect(got.map((p) => p.snapshot)).toEqual(Array(4).fill('2024-12-31'));
      expect(got.map((p) => [p.name, p.birth, p.gender, p.level, p.unit, p.post, p.party])).toEqual(
        expected,
      );
      // The same bytes under an .xlsx name or none: a workbook by its content.
      const db2 = await freshDb();
      const renamed = await load(db2, [{ name: '名册.xlsx', bytes: xls() }]);
      expect(renamed.rows.loaded).toBe(4);
    });

    it('an HTML table or an XML Spreadsheet 2003 saved as .xls (an HR system’s “Excel”)', async () => {
      const ids = ['431102197506010013', '431102198810010020', '431102199201200034'];
      const html = encodeGbk(
        `<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head>` +
          `<meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>` +
          `<table border="1"><tr><td colspan="6">干部花名册（截至2024年12月31日）</td></tr>` +
          `<tr><td>序号</td><td>姓名</td><td>性别</td><td>身份证号</td><td>出生年月</td><td>职务层次</td></tr>` +
          `<tr><td>1</td><td>张建国</td><td>男</td><td>${ids[0]}</td><td>1975.06</td><td>正处</td></tr>` +
          `<tr><td>2</td><td>李秀英</td><td>女</td><td>${ids[1]}</td><td>1988.10</td><td>副处</td></tr>` +
          `<tr><td>3</td><td>王磊</td><td>男</td><td>${ids[2]}</td><td>1992.01</td><td>正科</td></tr>` +
          `</table></body></html>`,
      );
      const db = await freshDb();
      const r = await load(db, [{ name: '花名册.xls', bytes: html }]);
      expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
      expect(r.warnings.filter((w) => w.code === 'id_checksum')).toEqual([]);
      const got = await people(db);
      // 1988.10 is October (text, not a number), 身份证号 keeps all 18 digits.
      expect(got.map((p) => [p.name, p.birth, p.gender, p.level, p.snapshot])).toEqual([
        ['张建国', '1975-06', '男', '县处级正职', '2024-12-31'],
        ['李秀英', '1988-10', '女', '县处级副职', '2024-12-31'],
        ['王磊', '1992-01', '男', '乡科级正职', '2024-12-31'],
      ]);
      const ids2 = await db.query<{ id: string }>(
        `SELECT id_number AS id FROM cadres ORDER BY source_row`,
      );
      expect(ids2.map((x) => x.id)).toEqual(ids);

      const cell = (v: string) => `<Cell><Data ss:Type="String">${v}</Data></Cell>`;
      const row = (...v: string[]) => `<Row>${v.map(cell).join('')}</Row>`;
      const xml =
        `<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Excel.Sheet"?>` +
        `<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" ` +
        `xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="名册"><Table>` +
        row('姓名', '性别', '出生年月', '职务层次', '统计时点') +
        row('张建国', '男', '1975.06', '正处', '2024-12-31') +
        row('李秀英', '女', '1988.10', '副处', '2024-12-31') +
        `</Table></Worksheet></Workbook>`;
      const db2 = await freshDb();
      const r2 = await load(db2, [textFile('名册.xls', xml)]);
      expect(r2.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 0 });
      expect((await people(db2)).map((p) => [p.name, p.birth, p.level])).toEqual([
        ['张建国', '1975-06', '县处级正职'],
        ['李秀英', '1988-10', '县处级副职'],
      ]);
      // Tab-separated text named .xls is read as text.
      const db3 = await freshDb();
      const r3 = await load(db3, [
        {
          name: '导出.xls',
          bytes: encodeGbk(
            '姓名\t出生年月\t职务层次\t统计时点\n张建国\t1975.06\t正处\t2024-12-31\n',
          ),
        },
      ]);
      expect(r3.rows.loaded).toBe(1);
    });
  });

  it('a blank 最高学历 is the higher of 全日制 and 在职', async () => {
    const db = await freshDb();
    await load(db, [
      textFile(
        '名册2024-12.csv',
        [
          '姓名,出生年月,全日制学历,在职学历,最高学历',
          '甲,1985.06,大学,,',
          '乙,1985.06,大专,研究生,',
          '丙,1985.06,大专,,大学本科',
          '丁,1985.06,,,',
          // 高职 is a 专科, 双学士 a 本科.
          '戊,1985.06,高职,,',
          '己,1985.06,高职,双学士,',
        ].join('\n'),
      ),
    ]);
    const got = await db.query<{ name: string; e: string }>(
      `SELECT name, CAST(education_highest AS VARCHAR) AS e FROM cadres ORDER BY source_row`,
    );
    expect(got.map((x) => [x.name, x.e])).toEqual([
      ['甲', '大学本科'],
      ['乙', '研究生'],
      ['丙', '大学本科'],
      ['丁', '未知'],
      ['戊', '大学专科'],
      ['己', '大学本科'],
    ]);
  });

  it('reads reserves under 是否后备干部 or 后备干部类别; a bare 是 is a reserve for the level above', async () => {
    const reserves = async (header: string, rows: [string, string, string][]) => {
      const db = await freshDb();
      await load(db, [
        textFile(
          '名册2024-12.csv',
          [
            `姓名,出生年月,职务层次,${header}`,
            ...rows.map((r) => `${r[0]},1985.06,${r[1]},${r[2]}`),
          ].join('\n'),
        ),
      ]);
      const got = await db.query<{ name: string; reserve: string | null }>(
        `SELECT name, CAST(reserve AS VARCHAR) AS reserve FROM cadres ORDER BY source_row`,
      );
      return got.map((r) => [r.name, r.reserve]);
    };
    // 处级 reserves come from 乡科级正职 up (a 副处 for the 正职), 科级 ones from below.
    expect(
      await reserves('是否后备干部', [
        ['甲', '副处', '是'],
        ['乙', '正科', '是'],
        ['丙', '副科', '是'],
        ['丁', '科员', '√'],
        ['戊', '正科', '否'],
        ['己', '副科', ''],
      ]),
    ).toEqual([
      ['甲', '处级后备'],
      ['乙', '处级后备'],
      ['丙', '科级后备'],
      ['丁', '科级后备'],
      ['戊', null],
      ['己', null],
    ]);
    expect(
      await reserves('后备干部类别', [
        ['甲', '正科', '处级后备'],
        ['乙', '副科', '正科级后备干部'],
        ['丙', '副科', '正职后备'],
        ['丁', '正科', '副职后备'],
      ]),
    ).toEqual([
      ['甲', '处级后备'],
      ['乙', '科级后备'],
      ['丙', '科级后备'],
      ['丁', '处级后备'],
    ]);
  });

  it('finds township secretaries and heads from 珠山镇镇长, or from 镇长 in a 珠山镇 unit', async () => {
    expect(
      await postClasses('名册2024-12.csv', [
        '工作单位,职务,姓名,出生年月',
        '珠山镇,党委书记,甲,1982.01',
        '珠山镇,镇长,乙,1986.03',
        '珠山镇,副镇长,丙,1990.03',
        '白沙乡人民政府,乡长,丁,1983.09',
        '市审计局,局长,戊,1975.06',
        '市审计局,白沙乡乡长（挂职）,己,1988.06',
        '东风街道办事处,党工委书记,庚,1979.01',
      ]),
    ).toEqual([
      ['甲', 'township_secretary'],
      ['乙', 'township_head'],
      ['丙', 'other'],
      ['丁', 'township_head'],
      ['戊', 'other'],
      ['己', 'township_head'],
      ['庚', 'township_secretary'],
    ]);
  });

  it('reads 镇委书记, 街道工委书记, 书记 or 主任 alone in a township’s unit; not a 社区 or 村 secretary', async () => {
    expect(
      await postClasses('名册2025-06.csv', [
        '工作单位,职务,姓名,出生年月',
        '珠山镇,珠山镇委书记,甲,1982.01',
        '白沙镇,书记,乙,1975.01',
        '东风街道,街道工委书记,丙,1976.01',
        '东风街道,东风街道办主任,丁,1986.01',
        '西风街道办事处,主任,戊,1987.01',
        '南风街道,党工委副书记、主任,己,1977.01',
        '东风街道,和平社区党委书记,庚,1988.01',
        '珠山镇,红星村党委书记,辛,1989.01',
        '新村镇,党委书记、人大主席,壬,1970.01',
        '珠山镇,党政办主任,癸,1990.01',
        '珠山镇,纪委书记,子,1980.01',
      ]),
    ).toEqual([
      ['甲', 'township_secretary'],
      ['乙', 'township_secretary'],
      ['丙', 'township_secretary'],
      ['丁', 'township_head'],
      ['戊', 'township_head'],
      ['己', 'township_head'],
      ['庚', 'other'],
      ['辛', 'other'],
      ['壬', 'township_secretary'],
      ['癸', 'other'],
      ['子', 'other'],
    ]);
  });

  it('reads 中共塔峰镇委员会书记; says which township principal’s title it could not read', async () => {
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册2025-06.csv',
        [
          '工作单位,职务,姓名,出生年月',
          '塔峰镇,中共塔峰镇委员会书记,甲,1982.01',
          '塔峰镇,党委第一书记,乙,1975.01',
          '塔峰镇,镇长助理,丙,1986.01',
          '塔峰镇,纪委书记,丁,1980.01',
          '塔峰镇,党委副书记,戊,1981.01',
          '塔峰镇,镇长,己,1983.01',
        ].join('\n'),
      ),
    ]);
    expect(
      (
        await db.query<{ name: string; post_class: string }>(
          `SELECT name, CAST(post_class AS VARCHAR) AS post_class FROM cadres ORDER BY source_row`,
        )
      ).map((x) => [x.name, x.post_class]),
    ).toEqual([
      ['甲', 'township_secretary'],
      ['乙', 'other'],
      ['丙', 'other'],
      ['丁', 'other'],
      ['戊', 'other'],
      ['己', 'township_head'],
    ]);
    // Only 党委第一书记 looks like the secretary and was not read as one.
    expect(
      r.warnings.filter((w) => w.code === 'post_unclassified').map((w) => [w.row, w.message]),
    ).toEqual([
      [
        3,
        '职务“党委第一书记”像是乡镇(街道)党委书记或乡镇长，但未能识别，未计入乡镇党政正职的统计和人选；请核对职务名称，或对应“职务类别”列',
      ],
    ]);
    await db.close();
  });

  it('reads a 职务类别 column however it words the post, and its title where it does not say', async () => {
    expect(
      await postClasses('名册2025-06.csv', [
        '工作单位,职务,职务类别,姓名,出生年月',
        '甲镇,党委书记,乡镇(街道)党(工)委书记,甲,1982.01',
        '乙镇,党委书记,党委书记,乙,1975.01',
        '丙乡,乡长,乡镇长(街道办事处主任),丙,1986.01',
        '丁镇,镇长,镇长,丁,1977.01',
        '戊镇,党委书记,领导职务,戊,1983.01',
        '市财政局,党组书记,党委书记,己,1970.01',
        '庚镇,副镇长,其他,庚,1990.01',
      ]),
    ).toEqual([
      ['甲', 'township_secretary'],
      ['乙', 'township_secretary'],
      ['丙', 'township_head'],
      ['丁', 'township_head'],
      // Not a township word: the title decides.
      ['戊', 'township_secretary'],
      // A generic 党委书记 outside a township is not one.
      ['己', 'other'],
      ['庚', 'other'],
    ]);
  });

  it('reads a township’s party committee under any of its names, and makes its committee and government one team', async () => {
    const db = await freshDb();
    const text = [
      '人员编号,姓名,出生年月,工作单位,县市区,现任职务,职务层次',
      'U1,丙一,1982.05,中共保安镇委员会,宁远县,党委书记,乡科级正职',
      'U2,丙二,1970.05,中共太平镇委员会,宁远县,书记,乡科级正职',
      'U3,丙三,1970.05,中共清水桥镇委员会,宁远县,中共清水桥镇委员会书记,乡科级正职',
      'U4,丙四,1970.05,中共鲤溪镇委,宁远县,党委书记,乡科级正职',
      'U5,丙五,1970.05,鲤溪镇党委,宁远县,书记,乡科级正职',
      'U6,丙六,1970.05,中共东溪街道工作委员会,宁远县,党工委书记,乡科级正职',
      'U7,丙七,1970.05,东溪街道办事处,宁远县,主任,乡科级正职',
      'U8,丙八,1970.05,中共保安镇委员会,宁远县,党委副书记,乡科级副职',
      'U9,丙九,1985.05,保安镇人民政府,宁远县,镇长,乡科级正职',
    ].join('\n');
    await load(db, [textFile('名册2024-06.csv', text)]);
    const rows = await db.query<{ unit: string; t: string; pc: string }>(
      `SELECT unit_name AS unit, CAST(unit_type AS VARCHAR) AS t, CAST(post_class AS VARCHAR) AS pc
       FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((r) => [r.unit, r.t, r.pc])).toEqual([
      ['保安镇', '乡镇街道', 'township_secretary'],
      ['太平镇', '乡镇街道', 'township_secretary'],
      ['清水桥镇', '乡镇街道', 'township_secretary'],
      ['鲤溪镇', '乡镇街道', 'township_secretary'],
      ['鲤溪镇', '乡镇街道', 'township_secretary'],
      ['东溪街道', '乡镇街道', 'township_secretary'],
      ['东溪街道', '乡镇街道', 'township_head'],
      ['保安镇', '乡镇街道', 'other'],
      ['保安镇', '乡镇街道', 'township_head'],
    ]);
    // 保安镇's committee and government are one unit; so are 东溪街道's and 鲤溪镇's two names.
    const [{ units }] = await db.query<{ units: number }>(
      `SELECT count(DISTINCT unit_id)::INTEGER AS units FROM cadres`,
    );
    expect(units).toBe(5);
  });

  it('reads a county’s party and government team posts by title or unit; not 人大, 政协 or a department’s', async () => {
    expect(
      await postClasses('名册2025-06.csv', [
        '工作单位,县市区,职务,职务类别,姓名,出生年月',
        '中共江永县委员会,江永县,县委书记,,甲,1970.05',
        '江永县人民政府,江永县,县长,,乙,1972.05',
        '江永县公安局,江永县,局长,,丙,1990.05',
        '江永县人大常委会,江永县,主任,,丁,1985.05',
        '江永县人大常委会,江永县,县人大常委会副主任,,戊,1968.05',
        '政协江永县委员会,江永县,主席,,己,1966.05',
        '江永县委组织部,江永县,县委常委、组织部部长,,庚,1978.05',
        '江永县委组织部,江永县,县委组织部副部长,,辛,1984.05',
        '江永县纪委监委,江永县,县纪委书记,,壬,1976.05',
        '江永县公安局,江永县,副县长、县公安局局长,,癸,1977.05',
        '江永县人民政府,江永县,县长助理,,子,1988.05',
        '江永县委,江永县,,,丑,1981.05',
        '祁阳市人民政府,祁阳市,副市长,,寅,1983.05',
        '中共永州市委,市直,市委书记,,卯,1965.05',
        '永州市人民政府,市直,副市长,,辰,1971.05',
        '江永县委,江永县,县委副书记,其他,巳,1979.05',
      ]),
    ).toEqual([
      ['甲', 'county_party'],
      ['乙', 'county_government'],
      // A county bureau's head and the 人大 and 政协 are not the 党政 teams.
      ['丙', 'other'],
      ['丁', 'other'],
      ['戊', 'other'],
      ['己', 'other'],
      // A 县委常委 is on the committee's team wherever the roster lists them; a department's
      // deputy and the discipline commission's secretary are not.
      ['庚', 'county_party'],
      ['辛', 'other'],
      ['壬', 'other'],
      ['癸', 'county_government'],
      ['子', 'county_government'],
      // No title: the unit says which team.
      ['丑', 'county_party'],
      // 副市长 of a county-level city; the prefecture's own 市委 and 市政府 are not counties'.
      ['寅', 'county_government'],
      ['卯', 'other'],
      ['辰', 'other'],
      // A category column's 其他 (not a township principal) does not hide a county team post.
      ['巳', 'county_party'],
    ]);
  });

  it('without a 单位类型 column, takes each unit’s type from its name and 县市区', async () => {
    const db = await freshDb();
    const text = [
      '工作单位,县市区,姓名,出生年月',
      '市财政局,市本级,甲,1980.01',
      '发改委,市直,乙,1980.01',
      '财政局,零陵区,丙,1980.01',
      '珠山镇,零陵区,丁,1980.01',
      '东风街道办事处,,戊,1980.01',
      '中共市委组织部,,己,1980.01',
      '东安县教育局,,庚,1980.01',
      '某某公司,,辛,1980.01',
    ].join('\n');
    await load(db, [textFile('名册2025-06.csv', text)]);
    const rows = await db.query<{ name: string; t: string | null; unit: string }>(
      `SELECT name, CAST(unit_type AS VARCHAR) AS t, unit_id AS unit FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((r) => [r.name, r.t])).toEqual([
      ['甲', '市直'],
      ['乙', '市直'],
      ['丙', '县市区'],
      ['丁', '乡镇街道'],
      ['戊', '乡镇街道'],
      ['己', '市直'],
      ['庚', '县市区'],
      ['辛', null],
    ]);
  });

  it('without 是否班子成员, a unit’s team is its leading cadres of its highest tier', async () => {
    const db = await freshDb();
    const text = [
      '工作单位,县市区,职务层次,姓名,出生年月',
      '市财政局,市本级,县处级正职,甲,1970.01',
      '市财政局,市本级,县处级副职,乙,1975.01',
      '市财政局,市本级,乡科级正职,丙,1980.01',
      '零陵区财政局,零陵区,乡科级正职,丁,1975.01',
      '零陵区财政局,零陵区,乡科级副职,戊,1980.01',
      '零陵区财政局,零陵区,科员,己,1990.01',
      '珠山镇,零陵区,县处级副职,庚,1975.01',
      '珠山镇,零陵区,乡科级副职,辛,1985.01',
      '珠山镇,零陵区,科员,壬,1995.01',
    ].join('\n');
    await load(db, [textFile('名册2025-06.csv', text)]);
    const rows = await db.query<{ name: string; team: boolean }>(
      `SELECT name, is_team_member AS team FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((r) => [r.name, r.team])).toEqual([
      ['甲', true],
      ['乙', true],
      ['丙', false],
      ['丁', true],
      ['戊', true],
      ['己', false],
      ['庚', true],
      ['辛', true],
      ['壬', false],
    ]);
  });

  it('two counties’ 财政局 are two units, in one file or on two county sheets', async () => {
    const db = await freshDb();
    const text = [
      '工作单位,县市区,单位类型,姓名,出生年月',
      '财政局,东岭县,县市区,甲,1980.01',
      '财政局,西岭县,县市区,乙,1980.01',
      '西岭县财政局,西岭县,县市区,丙,1980.01',
    ].join('\n');
    await load(db, [textFile('名册2025-06.csv', text)]);
    const ids = await db.query<{ unit: string }>(
      `SELECT unit_id AS unit FROM cadres ORDER BY source_row`,
    );
    expect(ids.map((r) => r.unit)).toEqual(['东岭县/财政局', '西岭县/财政局', '西岭县财政局']);
    const db2 = await freshDb();
    await load(db2, [{ name: '干部名册.xlsx', bytes: await countySheetsWorkbook() }], {
      defaultSnapshot: '2024-12-31',
    });
    const regions = await db2.query<{ region: string; n: number }>(
      `SELECT region, count(*)::INTEGER AS n FROM cadres GROUP BY ALL ORDER BY ALL`,
    );
    expect(regions.map((r) => [r.region, r.n])).toEqual([
      ['冷水滩区', 2],
      ['零陵区', 3],
    ]);
    // Which sheet names are a 县市区: a county's, the city's own level; not Sheet1 or 汇总.
    expect(
      ['零陵区', '龙泉市', '市直单位', '市本级', 'Sheet1', '汇总', '2024年'].map(regionOfSheet),
    ).toEqual(['零陵区', '龙泉市', '市直单位', '市本级', null, null, null]);
  });

  it('reads years written with units (3年, 2年11个月, 1年半, 无) and 是否具有两年以上基层工作经历', async () => {
    const db = await freshDb();
    const text = [
      '姓名,出生年月,基层工作经历(年),任乡镇(街道)党(工)委书记累计年限',
      '甲,1980.01,3年,2年11个月',
      '乙,1980.01,1年6个月,3年',
      '丙,1980.01,无,1年半',
      '丁,1980.01,11个月,3年以上',
      '戊,1980.01,2.5,说不清',
      '己,1980.01,两年零三个月,3年零1个月',
    ].join('\n');
    const r = await load(db, [textFile('名册2025-06.csv', text)]);
    // A value that is no number of years is unknown, and said so.
    expect(r.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [
        6,
        'secretary_years_unreadable',
        '任乡镇党委书记累计年限“说不清”无法识别为年数，按未知处理（可写 3、3年、2年11个月）',
      ],
    ]);
    const rows = await db.query<{ g: number | null; s: number | null }>(
      `SELECT round(grassroots_years, 4) AS g, round(secretary_years, 4) AS s FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((r) => [r.g, r.s])).toEqual([
      [3, 2.9167],
      [1.5, 3],
      [0, 1.5],
      [0.9167, 3],
      [2.5, null],
      [2.25, 3.0833],
    ]);
    const db2 = await freshDb();
    const yesNo = ['姓名,出生年月,是否具有两年以上基层工作经历', '甲,1980.01,是', '乙,1980.01,否'];
    await load(db2, [textFile('名册2025-06.csv', yesNo.join('\n'))]);
    const g = await db2.query<{ g: number }>(
      `SELECT grassroots_years AS g FROM cadres ORDER BY source_row`,
    );
    expect(g.map((r) => r.g)).toEqual([2, 0]);
  });

  it('reads UTF-16 LRMX forms and names the form a duplicate copies', async () => {
    const db = await freshDb();
    const id = '43110219830512019X';
    const xml = (name: string, encoding: string) =>
      `<?xml version="1.0" encoding="${encoding}"?>\n<Person><XingMing>${name}</XingMing>` +
      `<ChuShengNianYue>1983.05</ChuShengNianYue><ShenFenZheng>${id}</ShenFenZheng></Person>`;
    const forms = [
      { name: 'a.lrmx', bytes: utf16(xml('张明', 'UTF-16'), 'le', true) },
      { name: 'b.lrmx', bytes: utf16(xml('张明', 'UTF-16'), 'be', true) },
    ];
    const r = await load(db, forms, { defaultSnapshot: '2024-12-31' });
    expect(r.rows).toEqual({ read: 2, loaded: 1, rejected: 1, skipped: 0 });
    expect(brief(r)).toEqual([['b.lrmx', 1, '张明', 'duplicate']]);
    expect(r.rejected[0].reason).toBe(
      `同一统计时点重复出现的人员（身份证号 ${id}，与“a.lrmx”相同）`,
    );
    expect((await ages(db)).map((a) => [a.name, a.age])).toEqual([['张明', 41]]);
  });

  it('reads the wordings of 职务层次 offices use, and never takes a 职级 for one', async () => {
    const db = await freshDb();
    const cases: [string, string | null][] = [
      ['正科级领导职务', '乡科级正职'],
      ['副科级领导职务', '乡科级副职'],
      ['科级正职', '乡科级正职'],
      ['县级副职', '县处级副职'],
      ['正县处级', '县处级正职'],
      ['副乡科级', '乡科级副职'],
      ['副科(试用期)', '乡科级副职'],
      ['乡镇级正职', '乡科级正职'],
      ['正厅局级', '厅局级正职'],
      ['一级主任科员', null],
      ['四级调研员', null],
      ['处级', null],
    ];
    const rows = await db.query<{ l: string | null }>(
      `SELECT CAST(norm_level(x) AS VARCHAR) AS l FROM unnest($1::VARCHAR[]) WITH ORDINALITY t(x, i) ORDER BY i`,
      [JSON.stringify(cases.map((c) => c[0]))],
    );
    expect(rows.map((r) => r.l)).toEqual(cases.map((c) => c[1]));
  });

  it('reads a header of two rows whose upper cells are not merged down, in a workbook or its CSV', async () => {
    const csvOfSheet = [
      '零陵区干部花名册（截至2025年6月30日）,,,,,',
      '序号,姓名,出生年月,学历,,职务层次',
      ',,,全日制教育,在职教育,',
      '1,甲,1983.05,大学,研究生,正科',
      '2,乙,1980.05,大专,,副科',
      '3,丙,1986.01,"研究生",,科员',
    ].join('\r\n');
    for (const file of [
      { name: '名册.xlsx', bytes: await twoRowHeaderWorkbook() },
      textFile('名册.csv', csvOfSheet),
    ]) {
      const db = await freshDb();
      const r = await load(db, [file]);
      // Rows 4–6 are the people (Excel's numbering, the CSV's lines); the sub-header row is no
      // person.
      expect(r.rows, file.name).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
      const rows = await db.query<{ name: string; row: number; f: string; h: string }>(
        `SELECT name, source_row AS row, CAST(education_fulltime AS VARCHAR) AS f,
           CAST(education_highest AS VARCHAR) AS h FROM cadres ORDER BY source_row`,
      );
      expect(
        rows.map((x) => [x.name, x.row, x.f, x.h]),
        file.name,
      ).toEqual([
        ['甲', 4, '大学本科', '研究生'],
        ['乙', 5, '大学专科', '大学专科'],
        ['丙', 6, '研究生', '研究生'],
      ]);
      await db.close();
    }
  });

  it('reads 出生年月 over 年 | 月 as one date, and 学历 over 全日制 | 在职 as the two educations', async () => {
    const csvOfSheet = [
      '干部名册（截至2024年12月31日）',
      '姓名,性别,出生年月,,学历,,职务层次',
      ',,年,月,全日制,在职,',
      '甲,男,1983,5,大学,研究生,正科',
      '乙,女,1990,10,大专,大学,副科',
      '丙,男,1979,,研究生,,正科',
    ].join('\r\n');
    for (const file of [
      { name: '名册.xlsx', bytes: await splitDateWorkbook() },
      textFile('名册.csv', csvOfSheet),
    ]) {
      const db = await freshDb();
      const r = await load(db, [file]);
      expect(r.rows, file.name).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 0 });
      expect(
        r.rejected.map((x) => [x.row, x.name, x.code]),
        file.name,
      ).toEqual([[6, '丙', 'birth_year_only']]);
      const rows = await db.query<{ name: string; b: string; f: string; i: string; h: string }>(
        `SELECT name, strftime(birth_date, '%Y-%m') AS b,
           CAST(education_fulltime AS VARCHAR) AS f, CAST(education_inservice AS VARCHAR) AS i,
           CAST(education_highest AS VARCHAR) AS h FROM cadres ORDER BY source_row`,
      );
      expect(
        rows.map((x) => [x.name, x.b, x.f, x.i, x.h]),
        file.name,
      ).toEqual([
        ['甲', '1983-05', '大学本科', '研究生', '研究生'],
        ['乙', '1990-10', '大学专科', '大学本科', '大学本科'],
      ]);
      await db.close();
    }
  });

  it('reads 出生年月 over 年 | 月 when no other heading is split', async () => {
    const db = await freshDb();
    const text = [
      '姓名,性别,出生年月,,职务层次',
      ',,年,月,',
      '甲,男,1983,5,正科',
      '乙,女,1990.0,10.0,副科',
    ].join('\n');
    const r = await load(db, [textFile('名册2024-12.csv', text)]);
    expect(r.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 0 });
    const births = await db.query<{ b: string }>(
      `SELECT strftime(birth_date, '%Y-%m') AS b FROM cadres ORDER BY source_row`,
    );
    expect(births.map((x) => x.b)).toEqual(['1983-05', '1990-10']);
    await db.close();
  });

  it('reads sub-headers under a spanning heading as heading and sub-header (全日制教育 · 学位)', async () => {
    // 全日制教育 and 在职教育 each span 学历 | 学位, as a 任免表-style roster prints them.
    const text = [
      '干部名册（截至2025年6月30日）',
      '序号,姓名,性别,出生年月,全日制教育,,在职教育,,职务层次',
      ',,,,学历,学位,学历,学位,',
      '1,张三,男,1985.03,大学本科,学士,研究生,硕士,县处级副职',
      '2,李四,女,1990.07,大学专科,,大学本科,学士,科员',
    ].join('\n');
    const db = await freshDb();
    const r = await load(db, [textFile('名册.csv', text)]);
    expect(r.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 0 });
    const rows = await db.query<{ name: string; f: string; d: string | null; i: string }>(
      `SELECT name, CAST(education_fulltime AS VARCHAR) AS f, degree_fulltime AS d,
         CAST(education_inservice AS VARCHAR) AS i FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => [x.name, x.f, x.d, x.i])).toEqual([
      ['张三', '大学本科', '学士', '研究生'],
      ['李四', '大学专科', null, '大学本科'],
    ]);
    await db.close();
  });

  it('a 身份证号 Excel cut to 15 digits is said so, and makes no false duplicate', async () => {
    const db = await freshDb();
    const r = await load(db, [{ name: '名册2024-12.xlsx', bytes: await numericIdWorkbook() }]);
    expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    expect(r.warnings.map((w) => [w.row, w.code, w.params?.id])).toEqual([
      // The cell holds a float: the digits past its 15th are marked lost.
      [2, 'id_digits_lost', '431121198508150***'],
      [3, 'id_digits_lost', '431121198508150***'],
    ]);
  });
  it('a CSV export’s 4.31102E+17 is no one’s id, even where its zeros pass the check digit', async () => {
    // 431102000000000000: 17 digits whose check character is 0 — a valid-looking number that
    // every cadre of 零陵区 would share.
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册2024-06.csv',
        [
          '姓名,出生年月,身份证号',
          '甲,1985.03,4.31102E+17',
          '乙,1980.01,4.31102E+17',
          '丙,1990.06,4.31102E+17',
        ].join('\n'),
      ),
    ]);
    expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    expect(r.warnings.map((w) => [w.row, w.code])).toEqual([
      [2, 'id_digits_lost'],
      [3, 'id_digits_lost'],
      [4, 'id_digits_lost'],
    ]);
    const rows = await db.query<{ pid: string; g: string | null }>(
      `SELECT person_id AS pid, CAST(gender AS VARCHAR) AS g FROM cadres ORDER BY source_row`,
    );
    expect(new Set(rows.map((x) => x.pid)).size).toBe(3);
    expect(rows.every((x) => x.pid.startsWith('N') && x.g === null)).toBe(true);
    await db.close();
  });
  it('a 身份证号 on two people in one month: both kept and noted, not one rejected as the other', async () => {
    // 431102198001010012 is valid (check digit 2). 李四 (another name, another birth month)
    // carries 张一's number; 张一 again on row 4 is the same person twice; 张玮 of 张一's month is
    // 张一 mistyped, and a row with no name but the number is 张一 too: three rejected. The second
    // file, of the same month, has 王五 with 张一's number. In the third, P001 and P002 share a
    // number, and 赵六, with no 人员编号, has it as well (no one else keyed by it: his key).
    const db = await freshDb();
    const r = await load(
      db,
      [
        textFile(
          '名册2025-06.csv',
          [
            '姓名,性别,出生年月,身份证号',
            '张一,男,1980.01,431102198001010012',
            '李四,女,1990.06,431102198001010012',
            '张一,男,1980.01,431102198001010012',
            '张玮,男,1980.01,431102198001010012',
            ',男,1985.03,431102198001010012',
          ].join('\n'),
        ),
        textFile('又一2025-06.csv', '姓名,出生年月,身份证号\n王五,1975.02,431102198001010012'),
        textFile(
          '编号2025-06.csv',
          [
            '人员编号,姓名,性别,出生年月,身份证号',
            'P001,王三,男,1990.03,43110219900315003X',
            'P002,王三,男,1990.03,43110219900315003X',
            ',赵六,男,1970.09,43110219900315003X',
          ].join('\n'),
        ),
      ],
      { acceptDuplicates: true },
    );
    expect(r.rows).toMatchObject({ read: 9, loaded: 6, rejected: 3 });
    expect(r.rejected.map((x) => [x.file, x.row, x.code])).toEqual([
      ['名册2025-06.csv', 4, 'duplicate'],
      ['名册2025-06.csv', 5, 'duplicate'],
      ['名册2025-06.csv', 6, 'duplicate'],
    ]);
    const shared = (file: string, row: number, id: string, others: string) => [
      file,
      row,
      `身份证号 ${id} 在同一统计时点也是${others}另一人员的号码，请核对`,
    ];
    expect(
      r.warnings.filter((w) => w.code === 'id_shared').map((w) => [w.file, w.row, w.message]),
    ).toEqual([
      shared('名册2025-06.csv', 2, '431102198001010012', '第 3 行'),
      shared('名册2025-06.csv', 3, '431102198001010012', '第 2 行'),
      shared('又一2025-06.csv', 2, '431102198001010012', '其他文件中 2 行'),
      shared('编号2025-06.csv', 2, '43110219900315003X', '第 3、4 行'),
      shared('编号2025-06.csv', 3, '43110219900315003X', '第 2、4 行'),
      shared('编号2025-06.csv', 4, '43110219900315003X', '第 2、3 行'),
    ]);
    // 张一 keeps his number; 李四 and 王五 are known by name, birth month and number; P001 and
    // P002 by their 人员编号.
    expect(
      await db.query(
        `SELECT name, CASE WHEN person_id = id_number THEN 'id' WHEN starts_with(person_id, 'N')
           THEN 'name' ELSE person_id END AS key
         FROM cadres ORDER BY source_file, source_row`,
      ),
    ).toEqual([
      { name: '王五', key: 'name' },
      { name: '张一', key: 'id' },
      { name: '李四', key: 'name' },
      { name: '王三', key: 'P001' },
      { name: '王三', key: 'P002' },
      { name: '赵六', key: 'id' },
    ]);
    const en = r.warnings.find((w) => w.code === 'id_shared' && w.file === '又一2025-06.csv')!;
    expect(warningText(en, 'en').message).toBe(
      'ID card number 431102198001010012 is also on 2 rows of other files at the same date, for another person: please check',
    );
    await db.close();
  });
  it('says a 统计时点 cell that cannot be read, or is blank, as such', async () => {
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册.csv',
        [
          '姓名,出生年月,统计时点',
          '张一,1980.01,2025-06-30',
          '孙六,1962.05,2025-13-01',
          '周七,1980.12,',
        ].join('\n'),
      ),
    ]);
    expect(r.rows).toEqual({ read: 3, loaded: 1, rejected: 2, skipped: 0 });
    expect(r.rejected.map((x) => [x.row, x.code, x.reason])).toEqual([
      [3, 'snapshot_unreadable', '统计时点无法识别：2025-13-01'],
      [4, 'snapshot_blank', '统计时点为空'],
    ]);
    await db.close();
  });
  it('says where a valid 身份证号 contradicts 性别, a 性别 it fills that was unreadable, and a month 13', async () => {
    // Check digits worked by hand (GB 11643): all three numbers are valid. 赵四's 17th digit is 5
    // (男) against 性别 2 (女); 郑九's is 4 (女), her 性别 x unreadable; 王三's number says
    // 1980-13. 张一 agrees with his number: no note.
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册2025-06.csv',
        [
          '姓名,性别,出生年月,身份证号',
          '张一,男,1990.03,43110219900315003X',
          '赵四,2,1980.02,431102198002010057',
          '郑九,x,1986.04,431102198604200042',
          '王三,男,1980.01,431102198013010036',
        ].join('\n'),
      ),
    ]);
    expect(r.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [3, 'id_gender_mismatch', '身份证号第17位表示男，与性别（女）不一致，以性别为准'],
      [4, 'gender_from_id', '性别“x”无法识别，已按身份证号第17位取为女'],
      [
        5,
        'id_birth_mismatch',
        '身份证号中的出生年月（198013）与出生年月（1980-01）不一致，以出生年月为准',
      ],
    ]);
    // The roster's 性别 stands.
    expect(
      await db.query(`SELECT CAST(gender AS VARCHAR) AS g FROM cadres ORDER BY source_row`),
    ).toEqual([{ g: '男' }, { g: '女' }, { g: '女' }, { g: '男' }]);
    await db.close();
  });
  it('a CSV export’s 4.31102198001011E+17 keeps the 15 digits it shows, and loses the rest', async () => {
    // Read through a DOUBLE, 4.31102198001011E+17 became 431102198001011008 (failing its check
    // digit as someone's mistyped number), and 4.31102198503109E+17 became a number that passed
    // it, giving 乙 (性别 blank) a gender from a digit no one wrote.
    const db = await freshDb();
    const r = await load(db, [
      textFile(
        '名册2024-06.csv',
        [
          '姓名,性别,出生年月,身份证号',
          '甲,男,1980.01,4.31102198001011E+17',
          '乙,,1985.03,4.31102198503109E+17',
        ].join('\n'),
      ),
    ]);
    expect(r.warnings.map((w) => [w.row, w.code, w.params?.id])).toEqual([
      [2, 'id_digits_lost', '431102198001011***'],
      // 乙's 性别 stays blank, and says so.
      [3, 'gender_blank', undefined],
      [3, 'id_digits_lost', '431102198503109***'],
    ]);
    expect(r.warnings[0].message).toMatch(
      /^身份证号只有前 15 位：431102198001011\*\*\*（其余位数已丢失/,
    );
    expect(
      await db.query(
        `SELECT starts_with(person_id, 'N') AS by_name, CAST(gender AS VARCHAR) AS g
         FROM cadres ORDER BY source_row`,
      ),
    ).toEqual([
      { by_name: true, g: '男' },
      { by_name: true, g: null },
    ]);
    await db.close();
  });
  it('a month whose 身份证号 Excel cut (…000, 4.30103198001E+17) finds its people by their whole number in another month', async () => {
    const db = await freshDb();
    const month = (unit: string, ids: [string, string]) =>
      [
        `姓名,出生年月,${unit},身份证号`,
        `甲,1985.03,市财政局,${ids[0]}`,
        `乙,1980.01,市审计局,${ids[1]}`,
      ].join('\n');
    const r = await load(db, [
      textFile('2025-04.csv', month('工作单位', ['430103198503010018', '430103198001010026'])),
      textFile('2025-05.csv', month('单位名称', ['430103198503010000', '4.30103198001E+17'])),
      textFile('2025-06.csv', month('工作单位', ['430103198503010018', '430103198001010026'])),
    ]);
    expect(r.rows).toEqual({ read: 6, loaded: 6, rejected: 0, skipped: 0 });
    expect(r.warnings.map((w) => [w.file, w.row, w.code, w.params?.id])).toEqual([
      ['2025-05.csv', 2, 'id_digits_lost', '430103198503010000'],
      ['2025-05.csv', 3, 'id_digits_lost', '430103198001******'],
    ]);
    // The same two people in every month, in their units (单位名称 is the unit's column too).
    expect(
      await db.query(
        `SELECT strftime(snapshot_date, '%Y-%m') AS m, person_id AS pid, unit_name AS unit
         FROM cadres ORDER BY m, source_row`,
      ),
    ).toEqual(
      ['2025-04', '2025-05', '2025-06'].flatMap((m) => [
        { m, pid: '430103198503010018', unit: '市财政局' },
        { m, pid: '430103198001010026', unit: '市审计局' },
      ]),
    );
    await db.close();
  });
  it('reads the headers and values cadre systems write: marks, 学历 columns, ticks, 汉, quoted ids', async () => {
    const db = await freshDb();
    // 统计月份 2024.12 is the month's end. Ages at 2024-12-31: 39, 44, 34.
    const text = [
      '*姓名,性别,★出生年月,民族,政治面貌,全日制教育学历,在职教育学历,工作单位及职务,是否班子成员,身份证号,统计月份',
      "甲,(女),1985.3.,汉,中国共产党党员,大学,研究生,珠山镇党委书记,√,'430103198503010026,2024.12",
      '乙,男,1980年1月出生,壮,中国共产党预备党员,大专,,市审计局局长,✓,"=""430103198001010034""",2024.12',
      '丙,（男）,1990—06,汉族,群众,研究生,,珠山镇镇长,否,430103199006010038,2024.12',
    ].join('\n');
    const r = await load(db, [textFile('名册.csv', text)]);
    expect(r.rows).toEqual({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    expect(r.warnings).toEqual([]);
    const rows = await db.query<Record<string, string | number | boolean>>(
      `SELECT name, CAST(gender AS VARCHAR) AS g, age_at(birth_date, snapshot_date) AS age,
         ethnicity AS e, CAST(party AS VARCHAR) AS p, CAST(education_highest AS VARCHAR) AS h,
         CAST(post_class AS VARCHAR) AS c, is_team_member AS t, person_id AS id,
         strftime(snapshot_date, '%Y-%m-%d') AS s
       FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => Object.values(x))).toEqual([
      [
        '甲',
        '女',
        39,
        '汉族',
        '中共党员',
        '研究生',
        'township_secretary',
        true,
        '430103198503010026',
        '2024-12-31',
      ],
      [
        '乙',
        '男',
        44,
        '壮族',
        '中共党员',
        '大学专科',
        'other',
        true,
        '430103198001010034',
        '2024-12-31',
      ],
      [
        '丙',
        '男',
        34,
        '汉族',
        '非中共党员',
        '研究生',
        'township_head',
        false,
        '430103199006010038',
        '2024-12-31',
      ],
    ]);
  });
  it('reads a header cell with a line break in a file of CRLF lines', async () => {
    const db = await freshDb();
    const text = [
      '姓名,性别,"出生\n年月",职务层次',
      '甲,男,1983.05,正科',
      '乙,女,1990.02,副科',
    ].join('\r\n');
    const r = await load(db, [textFile('名册2024-12.csv', text)]);
    expect(r.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 0 });
    expect((await ages(db)).map((a) => [a.name, a.age])).toEqual([
      ['甲', 41],
      ['乙', 34],
    ]);
  });
  it('skips section headings, subtotals, numbered empty rows and the header repeated', async () => {
    const db = await freshDb();
    const text = [
      '序号,姓名,性别,出生年月',
      'No.,Name,Gender,Date of birth',
      '一、市直单位,,,',
      '1,甲,男,1983.05',
      '市直单位小计：1人,,,',
      '（二）乡镇街道,,,',
      '序号,姓名,性别,出生年月',
      '2,乙,女,1990.02',
      '3,,,',
      '4,丙,男,',
    ].join('\n');
    const r = await load(db, [textFile('名册2024-12.csv', text)]);
    // Lines 2, 3, 5, 6, 7 and 9 are no people; 丙 (line 10) is one without a birth date.
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 6 });
    expect(brief(r)).toEqual([['名册2024-12.csv', 10, '丙', 'birth_missing']]);
  });
  it('reads the city’s own units by its name (永州市财政局, 县市区 永州市) and a county-level city’s as county units', async () => {
    const db = await freshDb();
    const text = [
      '姓名,出生年月,工作单位,县市区,职务层次,是否班子成员',
      '甲,1984.05,永州市财政局,永州市,正处级,是',
      '乙,1975.05,永州市教育局,,正处级,是',
      '丙,1978.05,中共永州市委组织部,,副处级,是',
      '丁,1979.05,祁阳市人民政府,祁阳市,正处级,是',
      '戊,1989.05,祁阳市财政局,,正科级,是',
      '己,1990.01,市人社局,市本级,正科级,否',
      '庚,1990.02,永州市宁远县财政局,,正科级,是',
    ].join('\n');
    const r = await load(db, [textFile('名册2024-06.csv', text)]);
    expect(r.warnings).toEqual([]);
    const rows = await db.query<{ name: string; region: string | null; t: string | null }>(
      `SELECT name, region, CAST(unit_type AS VARCHAR) AS t FROM cadres ORDER BY source_row`,
    );
    // 永州 is a prefecture (地级市): its name alone, beside 市本级, is the city's own level.
    expect(rows.map((x) => [x.name, x.region, x.t])).toEqual([
      ['甲', '市本级', '市直'],
      ['乙', null, '市直'],
      ['丙', null, '市直'],
      ['丁', '祁阳市', '县市区'],
      ['戊', null, '县市区'],
      ['己', '市本级', '市直'],
      ['庚', null, '县市区'],
    ]);
    // A province's roster whose 县市区 names its cities: a county's unit there is a county's, and
    // no city is taken for 市本级.
    const db2 = await freshDb();
    const province = [
      '姓名,出生年月,工作单位,县市区',
      '甲,1985.02,长沙县财政局,长沙市',
      '乙,1983.02,长沙市财政局,长沙市',
      '丙,1983.02,株洲市财政局,株洲市',
    ].join('\n');
    await load(db2, [textFile('名册2024-06.csv', province)]);
    const p = await db2.query<{ region: string; t: string | null }>(
      `SELECT region, CAST(unit_type AS VARCHAR) AS t FROM cadres ORDER BY source_row`,
    );
    expect(p.map((x) => [x.region, x.t])).toEqual([
      ['长沙市', '县市区'],
      ['长沙市', '市直'],
      ['株洲市', '市直'],
    ]);
  });

  it('reads one 县市区 however a file writes it, and a 单位类型 in other words from the unit’s name', async () => {
    const db = await freshDb();
    const text = [
      '姓名,出生年月,工作单位,县市区,单位类型',
      '甲,1980.01,天堂镇,宁远县,乡镇',
      '乙,1980.01,清水桥镇,宁远,乡镇',
      '丙,1980.01,宁远县财政局,永州市宁远县,县直',
      '丁,1980.01,市司法局,市直,行政机关',
      '戊,1980.01,市档案馆,市本级,事业单位',
      '己,1980.01,市审计局,市直,市级',
      '庚,1980.01,中共宁远县委员会,宁远县,县委',
      '辛,1980.01,东安县财政局,东安,',
    ].join('\n');
    const r = await load(db, [textFile('名册2024-06.csv', text)]);
    const rows = await db.query<{ region: string | null; t: string | null; unit: string }>(
      `SELECT region, CAST(unit_type AS VARCHAR) AS t, unit_id AS unit FROM cadres ORDER BY source_row`,
    );
    // 宁远 and 永州市宁远县 are the file's 宁远县; 市本级 is its 市直 (three rows to one); 东安 has no
    // 东安县 in the file, so it stays as written. A township's key is 县市区/its bare name,
    // however the township is written (天堂镇, 宁远县天堂镇, 中共宁远县天堂镇委员会).
    expect(rows.map((x) => [x.region, x.t, x.unit])).toEqual([
      ['宁远县', '乡镇街道', '宁远县/天堂镇'],
      ['宁远县', '乡镇街道', '宁远县/清水桥镇'],
      ['宁远县', '县市区', '宁远县财政局'],
      ['市直', '市直', '市直/市司法局'],
      ['市直', '市直', '市直/市档案馆'],
      ['市直', '市直', '市直/市审计局'],
      ['宁远县', '县市区', '宁远县/中共宁远县委员会'],
      ['东安', '县市区', '东安县财政局'],
    ]);
    expect(r.warnings.map((w) => [w.row, w.message])).toEqual([
      [
        5,
        '单位类型“行政机关”无法识别（应为市直、县市区或乡镇街道），已按单位名称和县市区推断为：市直',
      ],
      [
        6,
        '单位类型“事业单位”无法识别（应为市直、县市区或乡镇街道），已按单位名称和县市区推断为：市直',
      ],
    ]);
  });

  it('reads two-digit years, 是（兼）, a 职级 in the 职务层次 column, 肄业, a blank 性别 from the 身份证号; says what 是否班子成员 it cannot read', async () => {
    const db = await freshDb();
    // 430102198503150014: 17th digit 1 (odd), male; 430102198503150022: 2, female. Both pass the
    // check digit (GB 11643).
    const text = [
      '姓名,性别,身份证号,出生年月,职务层次,是否班子成员,最高学历',
      '甲,,430102198503150014,85.03,正科级,是（兼）,大学肄业',
      '乙,,430102198503150022,85年3月,四级调研员,否,研究生肄业',
      '丙,男,,1990.02,正科级非领导职务,否,本科',
      '丁,,430102198503150010,1985.03,副科,否,大专',
      '戊,女,,1988.08,副科,x,大专',
    ].join('\n');
    const r = await load(db, [textFile('名册2024-06.csv', text)]);
    expect(r.rows).toEqual({ read: 5, loaded: 5, rejected: 0, skipped: 0 });
    const rows = await db.query<Record<string, unknown>>(
      `SELECT name, CAST(gender AS VARCHAR) AS g, strftime(birth_date, '%Y-%m') AS b,
         CAST(level AS VARCHAR) AS l, rank AS k, is_team_member AS tm,
         CAST(education_highest AS VARCHAR) AS e
       FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => Object.values(x))).toEqual([
      ['甲', '男', '1985-03', '乡科级正职', null, true, '中专及以下'],
      ['乙', '女', '1985-03', null, '四级调研员', false, '大学本科'],
      ['丙', '男', '1990-02', null, null, false, '大学本科'],
      // A number failing its check digit says nothing of the gender.
      ['丁', null, '1985-03', '乡科级副职', null, false, '大学专科'],
      ['戊', '女', '1988-08', '乡科级副职', null, null, '大学专科'],
    ]);
    expect(r.warnings.map((w) => [w.row, w.code])).toEqual([
      [2, 'gender_from_id'],
      [3, 'gender_from_id'],
      [4, 'level_non_leading'],
      [5, 'gender_blank'],
      [5, 'id_checksum'],
      [6, 'team_member_unreadable'],
    ]);
    expect(r.warnings[0].message).toBe('性别为空，已按身份证号第17位取为男');
    // A year alone is no birth month: said so.
    const db2 = await freshDb();
    const only = await load(db2, [
      textFile('名册2024-06.csv', '姓名,出生年月\n甲,1985\n乙,1985.03\n,1986.04'),
    ]);
    expect(only.rejected.map((x) => [x.row, x.code, x.reason])).toEqual([
      [2, 'birth_year_only', '出生年月只有年份：1985（年龄按月计算，需要年和月，如 1985.03）'],
    ]);
    // A row without a name is loaded, and said so.
    expect(only.warnings.map((w) => [w.row, w.code])).toEqual([[4, 'name_missing']]);
  });
  it('says which 性别, 到龄年月 and other dates it cannot read; 女士 is 女, a dash or 无 is blank', async () => {
    const db = await freshDb();
    const text = [
      '姓名,性别,出生年月,职务层次,参加工作时间,入党时间,任现职时间,任现职务层次时间,到龄年月',
      '甲,女士,1970.05,正科级,1990.07,1995.06,2020.03,2020.03,2030.05',
      '乙,x,1971.05,正科级,待定,—,2020.13,2020.03,待定',
      '丙,男,1972.05,正科级,1992.07,无,2021.01,不详,无',
      // 到龄年月 at 18: said, and taken as written.
      '丁,女,1971.05,科员,,,,,1990.01',
    ].join('\n');
    const r = await load(db, [textFile('名册2024-06.csv', text)]);
    expect(r.rows).toEqual({ read: 4, loaded: 4, rejected: 0, skipped: 0 });
    const rows = await db.query<{ g: string | null; d: string | null }>(
      `SELECT CAST(gender AS VARCHAR) AS g, strftime(retirement_date, '%Y-%m') AS d
       FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => [x.g, x.d])).toEqual([
      ['女', '2030-05'],
      [null, null],
      ['男', null],
      ['女', '1990-01'],
    ]);
    expect(r.warnings.map((w) => [w.row, w.field, w.message])).toEqual([
      [3, '性别', '性别“x”无法识别，按未知处理，到龄退休等统计可能不计入此人（可写 男、女）'],
      [3, '任现职时间', '任现职时间“2020.13”无法识别，任现职年限按未知处理（可写 2020.03）'],
      [3, '到龄年月', '到龄年月“待定”无法识别，按法定退休年龄推算（可写 2027.03）'],
      [3, '参加工作时间', '参加工作时间“待定”无法识别，按未填写处理（可写 2005.07）'],
      [
        4,
        '任现职务层次时间',
        '任现职务层次时间“不详”无法识别，任职级年限按未知处理（可写 2020.03）',
      ],
      [5, '到龄年月', '到龄年月 1990-01 时为 18 岁，不像退休年龄，请核对（仍按名册所填计算）'],
    ]);
  });

  it('reads a number cell as Excel shows it: 1979.1 formatted 0.00 is 1979.10, October', async () => {
    const db = await freshDb();
    const r = await load(db, [{ name: '名册2024-12.xlsx', bytes: await decimalBirthWorkbook() }]);
    const rows = await db.query<{ b: string; g: number }>(
      `SELECT strftime(birth_date, '%Y-%m') AS b, grassroots_years AS g FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => [x.b, x.g])).toEqual([
      ['1979-10', 2.5],
      ['1983-05', 3],
      ['1985-10', 1],
      ['1986-10', 4],
      ['1987-10', 5],
      ['1988-10', 6],
    ]);
    // 1985.1 is General, beside 1983.05: its column writes months in two digits, so October,
    // said (as read, not a finding).
    expect(r.warnings.map((w) => [w.row, w.code])).toEqual([[4, 'birth_month_october']]);
  });
  it('reads 19801 as 1980年1月 unless its column holds Excel serials, and says so either way', async () => {
    // 19801 is 1980-01 written YYYYM, or the serial of 1954-03-18 (1899-12-30 + 19801 days).
    const db = await freshDb();
    const r = await load(db, [
      textFile('名册2024-06.csv', '姓名,出生年月\n甲,19801\n乙,198512\n丙,20037\n丁,1979.05'),
    ]);
    const rows = await db.query<{ b: string }>(
      `SELECT strftime(birth_date, '%Y-%m-%d') AS b FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => x.b)).toEqual(['1980-01-01', '1985-12-01', '2003-07-01', '1979-05-01']);
    expect(r.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [
        2,
        'birth_read_as_month',
        '出生年月“19801”已按 1980年1月读取；若它是 Excel 日期序号，则为 1954-03-18，请核对',
      ],
      [
        4,
        'birth_read_as_month',
        '出生年月“20037”已按 2003年7月读取；若它是 Excel 日期序号，则为 1954-11-09，请核对',
      ],
    ]);
    // Beside 30438 (1983-05-02), the column holds serials: 19801 is 1954-03-18, flagged.
    const db2 = await freshDb();
    const s = await load(db2, [textFile('名册2024-06.csv', '姓名,出生年月\n甲,30438\n乙,19801')]);
    const days = await db2.query<{ b: string }>(
      `SELECT strftime(birth_date, '%Y-%m-%d') AS b FROM cadres ORDER BY source_row`,
    );
    expect(days.map((x) => x.b)).toEqual(['1983-05-02', '1954-03-18']);
    expect(s.warnings.map((w) => [w.row, w.code])).toEqual([[3, 'birth_read_as_serial']]);
    expect(warningText(s.warnings[0], 'en').message).toBe(
      'birth date “19801” was read as the Excel date number of 1954-03-18 (the column holds other date numbers); if it means 1980-01, write it as 1980.1: please check',
    );
  });
  it('a roster grouped under unit headings (干部名册): each row’s unit and region from the heading above', async () => {
    const db = await freshDb();
    const merged = '零陵区 · 石岩头街道（2 人）';
    const text = [
      '序号,姓名,现任职务,性别,出生年月,职务层次',
      '一、永州市财政局,,,,,',
      '1,甲,局长,男,1975.05,正处级',
      '2,乙,副局长,女,1985.05,副处级',
      '（一）零陵区 · 珠山镇：,,,,,',
      '3,丙,党委书记,男,1982.05,正科级',
      '4,丁,镇长,女,1986.05,正科级',
      Array(6).fill(merged).join(','),
      '5,戊,党工委书记,男,1978.05,正科级',
      '6,己,办事处主任,男,1990.05,正科级',
      // A group, not a unit (干部 is no 部): the unit above ends here.
      '二、科级干部,,,,,',
      '7,庚,科员,男,1995.05,',
      // A name alone is a person without a birth date, even one ending like a unit.
      ',陈志行,,,,',
    ].join('\n');
    const r = await load(db, [textFile('名册2024-06.csv', text)]);
    expect(r.rows).toEqual({ read: 8, loaded: 7, rejected: 1, skipped: 4 });
    expect(r.rejected.map((x) => [x.row, x.name, x.code])).toEqual([
      [13, '陈志行', 'birth_missing'],
    ]);
    const rows = await db.query<{
      name: string;
      unit: string | null;
      region: string | null;
      pc: string;
    }>(
      `SELECT name, unit_name AS unit, region, CAST(post_class AS VARCHAR) AS pc FROM cadres
       ORDER BY source_row`,
    );
    expect(rows.map((x) => [x.name, x.unit, x.region, x.pc])).toEqual([
      ['甲', '永州市财政局', null, 'other'],
      ['乙', '永州市财政局', null, 'other'],
      ['丙', '珠山镇', '零陵区', 'township_secretary'],
      ['丁', '珠山镇', '零陵区', 'township_head'],
      ['戊', '石岩头街道', '零陵区', 'township_secretary'],
      ['己', '石岩头街道', '零陵区', 'township_head'],
      ['庚', null, null, 'other'],
    ]);
    await db.close();
  });
  it('without a unit column, reads each unit from the head of 现工作单位及职务', async () => {
    const db = await freshDb();
    const text = [
      '姓名,出生年月,县市区,现工作单位及职务,职务层次',
      '甲,1975.05,市直,永州市财政局党组书记、局长,正处级',
      '乙,1980.05,市直,中共永州市委组织部副部长,副处级',
      '丙,1982.05,东安县,东安县白牙市镇党委书记、人大主席,正科级',
      '丁,1986.05,东安县,东安县白牙市镇人民政府镇长,正科级',
      '戊,1990.05,东安县,东安县芦洪市街道办事处主任,正科级',
      '己,1985.05,市直,中共双牌县委员会书记,正处级',
      '庚,1988.05,市直,市财政局一级主任科员,',
      '辛,1991.05,市直,借调人员,',
      // A section's people are their unit's; a government's or a 县委's office is a unit.
      '壬,1987.05,市直,永州市财政局预算科科长,正科级',
      '癸,1992.05,市直,永州市教育局办公室主任,正科级',
      '子,1990.05,市直,中共永州市委组织部干部一科副科长,副科级',
      '丑,1989.05,东安县,东安县农业农村局畜牧股股长,',
      '寅,1984.05,市直,永州市人民政府办公室主任,正处级',
      '卯,1983.05,市直,中共永州市委组织部组织科科长,正科级',
      // A township's 人大 and 纪委 are the township; a note in brackets is not the post.
      '辰,1981.05,宁远县,天堂镇人大主席,正科级',
      '巳,1985.05,宁远县,白沙乡党委书记（挂职）,正科级',
      '午,1986.05,宁远县,天堂镇纪委书记,副科级',
    ].join('\n');
    const r = await load(db, [textFile('名册2024-06.csv', text)]);
    // 借调人员 names no unit: loaded, and said so. A 挂职 only in the post is said too.
    expect(r.warnings.map((w) => [w.row, w.code, w.message])).toEqual([
      [
        9,
        'unit_unread',
        '未能从“借调人员”读出所在单位：已载入，但不计入任何班子和按单位的统计；请增加“单位名称”列，或把职务写成“单位+职务”',
      ],
      [
        17,
        'secondment_in_title',
        '职务“白沙乡党委书记(挂职)”写有挂职，但没有挂职类型、挂职单位或挂职起止时间：未计入挂职统计；请填写这些列',
      ],
    ]);
    const rows = await db.query<{ unit: string | null; pc: string }>(
      `SELECT unit_name AS unit, CAST(post_class AS VARCHAR) AS pc FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => [x.unit, x.pc])).toEqual([
      ['永州市财政局', 'other'],
      ['中共永州市委组织部', 'other'],
      ['东安县白牙市镇', 'township_secretary'],
      ['东安县白牙市镇', 'township_head'],
      ['东安县芦洪市街道', 'township_head'],
      ['中共双牌县委员会', 'county_party'],
      ['市财政局', 'other'],
      [null, 'other'],
      ['永州市财政局', 'other'],
      ['永州市教育局', 'other'],
      ['中共永州市委组织部', 'other'],
      ['东安县农业农村局', 'other'],
      ['永州市人民政府办公室', 'other'],
      ['中共永州市委组织部', 'other'],
      ['天堂镇', 'other'],
      ['白沙乡', 'township_secretary'],
      ['天堂镇', 'other'],
    ]);
  });
});

describe('a 共青团 committee is no county 党委', () => {
  it('团市委 and 共青团 county committees, their staff and 书记, are other; 团风县委 is a county 党委', async () => {
    const db = await freshDb();
    const text = [
      '姓名,出生年月,单位,县市区,职务,职务层次',
      '甲,1985.05,示例团市委,市本级,示例团市委书记,正处级',
      '乙,1990.05,示例团市委,市本级,示例团市委组织部部长,正科级',
      '丙,1991.05,永州团市委,市本级,永州团市委副书记,副处级',
      '丁,1988.05,共青团东安县委,东安县,共青团东安县委书记,正科级',
      '戊,1975.05,中共团风县委员会,团风县,团风县委书记,正处级',
      '己,1976.05,东安县委,东安县,东安县委常委、组织部部长,副处级',
    ].join('\n');
    await load(db, [textFile('名册2024-06.csv', text)]);
    const rows = await db.query<{ name: string; pc: string }>(
      `SELECT name, CAST(post_class AS VARCHAR) AS pc FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => [x.name, x.pc])).toEqual([
      ['甲', 'other'],
      ['乙', 'other'],
      ['丙', 'other'],
      ['丁', 'other'],
      ['戊', 'county_party'],
      ['己', 'county_party'],
    ]);
    await db.close();
  });
});

describe('a deputy by the title (no 是否正职 column)', () => {
  it('is a deputy when every post in the title that heads something has 副', async () => {
    const db = await freshDb();
    const titles: [string, boolean][] = [
      ['副局长', true],
      ['党组成员、副局长（正科级）', true],
      ['县委常委、常务副县长', true],
      ['人大常委会副主任', true],
      ['副局长(主持工作)', true],
      ['党组书记、局长', false],
      ['局长、党组副书记', false],
      ['党委副书记、镇长', false],
      ['一级主任科员', false],
      ['办公室主任', false],
    ];
    const rows = await db.query<{ t: string; d: boolean }>(
      `SELECT t, deputy_title(t) AS d FROM (SELECT unnest(string_split($1, ',')) AS t)`,
      [titles.map(([t]) => t).join(',')],
    );
    expect(rows.map((r) => [r.t, r.d])).toEqual(titles);
    await db.close();
  });
});

describe('rosters as county offices print and keep them', () => {
  /** Each person as loaded: name, birth month, unit, unit id, post class. */
  const people = (db: Db) =>
    db.query<{ name: string; birth: string; unit: string; id: string; post: string }>(
      `SELECT name, strftime(birth_date, '%Y-%m') AS birth, unit_name AS unit, unit_id AS id,
         CAST(post_class AS VARCHAR) AS post
       FROM cadres ORDER BY source_file, source_row`,
    );

  it('takes a sheet’s name for one unit’s, not a group’s or a list’s', () => {
    expect(
      [
        '永州市财政局',
        '珠山镇',
        '乡镇街道',
        '国企高校',
        '各科室',
        '后备干部',
        'Sheet1',
        '零陵区',
      ].map(unitOfSheet),
    ).toEqual(['永州市财政局', '珠山镇', null, null, null, null, null, null]);
  });

  it('reads every unit sheet, one with a column of its own too, each sheet its people’s unit', async () => {
    const db = await freshDb();
    const r = await load(db, [{ name: '干部名册.xlsx', bytes: await unitSheetsWorkbook() }], {
      defaultSnapshot: '2024-06-30',
    });
    expect(r.rows).toEqual({ read: 6, loaded: 6, rejected: 0, skipped: 0 });
    // 党委书记 names no unit of its own: the sheet's (not a unit called 党委).
    expect((await people(db)).map((p) => [p.name, p.unit, p.post])).toEqual([
      ['张建国', '永州市财政局', 'other'],
      ['李红梅', '永州市财政局', 'other'],
      ['周洁', '珠山镇', 'township_secretary'],
      ['吴刚', '珠山镇', 'township_head'],
      ['郑伟', '石岩头街道', 'township_secretary'],
      ['冯丽', '石岩头街道', 'township_head'],
    ]);
    await db.close();
  });

  it('skips page numbers, 以下空白 and places to sign, without a rejected row', async () => {
    const db = await freshDb();
    const text = [
      '序号,姓名,性别,出生年月,职务层次',
      '1,甲,男,1985.07,科员',
      '第1页,,,,',
      '- 1 -,,,,',
      '共3页 第2页,,,,',
      '2,乙,女,1986.01,科员',
      ',,,第 2 页 共 3 页,',
      '1/3,,,,',
      '（以下空白）,,,,',
      '经办人：张三,,,,',
      '主管领导（签字）：,,,,',
      '单位（盖章）,,,,',
      '打印时间：2024-07-01 09:30,,,,',
      '数据截止日期：2024年6月30日,,,,',
    ].join('\n');
    const r = await load(db, [textFile('名册.csv', text)], { defaultSnapshot: '2024-06-30' });
    expect(r.rows).toEqual({ read: 2, loaded: 2, rejected: 0, skipped: 11 });
    await db.close();
  });

  it('reads a year and month typed apart beside a serial, and other common spellings', async () => {
    const db = await freshDb();
    await load(db, [{ name: '名册.xlsx', bytes: await spacedMonthWorkbook() }], {
      defaultSnapshot: '2024-06-30',
    });
    expect((await people(db)).map((p) => [p.name, p.birth])).toEqual([
      ['甲', '1985-07'],
      ['乙', '1985-07'],
      ['丙', '1988-01'],
    ]);
    const db2 = await freshDb();
    const spellings = [
      '1985年07',
      '1985.7月',
      '1985、07',
      '7/1985',
      '07.1985',
      '1985.07.00',
      '19850700',
    ];
    const r = await load(
      db2,
      [
        textFile(
          '名册.csv',
          ['姓名,出生年月', ...spellings.map((b, i) => `人${i + 1},${b}`)].join('\n'),
        ),
      ],
      { defaultSnapshot: '2024-06-30' },
    );
    expect(r.rows.rejected).toBe(0);
    expect((await people(db2)).map((p) => p.birth)).toEqual(spellings.map(() => '1985-07'));
    await db.close();
    await db2.close();
  });

  it('counts an acting head (代主任, 代镇长) as the head, and a treatment grade as no level', async () => {
    const db = await freshDb();
    const text = [
      '县市区,姓名,出生年月,现工作单位及职务,职务层次',
      '零陵区,甲,1985.01,石岩头街道办事处代主任,乡科级正职',
      '零陵区,乙,1986.01,珠山镇代镇长,乡科级正职',
      '零陵区,丙,1970.01,零陵区财政局办公室主任,享受正科级待遇',
      '零陵区,丁,1975.01,零陵区财政局副局长,正科级（享受副县级待遇）',
    ].join('\n');
    const r = await load(db, [textFile('名册.csv', text)], { defaultSnapshot: '2024-06-30' });
    const rows = await db.query<{ post: string; level: string | null }>(
      `SELECT CAST(post_class AS VARCHAR) AS post, CAST(level AS VARCHAR) AS level
       FROM cadres ORDER BY source_row`,
    );
    expect(rows.map((x) => [x.post, x.level])).toEqual([
      ['township_head', '乡科级正职'],
      ['township_head', '乡科级正职'],
      ['other', null],
      ['other', '乡科级正职'],
    ]);
    expect(r.warnings.map((w) => [w.row, w.code])).toContainEqual([4, 'level_non_leading']);
    expect(r.warnings.filter((w) => w.row === 5)).toEqual([]);
    await db.close();
  });

  it('completes a 职务层次 that names only the grade (县处级, 科级) with 是否正职', async () => {
    const db = await freshDb();
    const text = [
      '姓名,出生年月,单位,职务层次,是否正职',
      '甲,1986.01,永州市林业局,县处级,是',
      '乙,1970.01,永州市林业局,处级,否',
      '丙,1980.01,永州市林业局,科级,是',
      '丁,1996.01,永州市林业局,乡科级,',
      '戊,1990.01,永州市林业局,副科,是',
    ].join('\n');
    const r = await load(db, [textFile('名册.csv', text)], { defaultSnapshot: '2025-06-30' });
    const rows = await db.query<{ level: string | null }>(
      `SELECT CAST(level AS VARCHAR) AS level FROM cadres ORDER BY source_row`,
    );
    // 丁 says no 正/副: no level, and noted; 副科 is written whole, whatever 是否正职 says.
    expect(rows.map((x) => x.level)).toEqual([
      '县处级正职',
      '县处级副职',
      '乡科级正职',
      null,
      '乡科级副职',
    ]);
    expect(r.warnings.map((w) => [w.row, w.code])).toEqual([[5, 'level_unknown']]);
    await db.close();
  });

  it('reads a blank 是否班子成员 by the level where the column says 否 too, as no in a tick list', async () => {
    const rows = (team: string) =>
      [
        '姓名,出生年月,单位,单位类型,职务,职务层次,是否班子成员',
        `甲,1970.01,示例市财政局,市直,局长,县处级正职,是`,
        `乙,1975.01,示例市财政局,市直,副局长,县处级副职,`,
        `丙,1985.01,示例市财政局,市直,预算科科长,乡科级正职,${team}`,
      ].join('\n');
    const members = async (text: string) => {
      const db = await freshDb();
      await load(db, [textFile('名册.csv', text)], { defaultSnapshot: '2024-06-30' });
      const r = await db.query<{ m: boolean | null }>(
        `SELECT is_team_member AS m FROM cadres ORDER BY source_row`,
      );
      await db.close();
      return r.map((x) => x.m);
    };
    // 否 for 丙: the blank 乙 is unknown, and a 县处级 member of a 市直 bureau's team by level.
    expect(await members(rows('否'))).toEqual([true, true, false]);
    // 是 alone: a blank stays blank, which no rule counts as a member.
    expect(await members(rows(''))).toEqual([true, null, null]);
  });

  it('joins a township written with its county, and keeps a county post held with a township’s', async () => {
    const db = await freshDb();
    const text = [
      '县市区,姓名,性别,出生年月,现工作单位及职务,职务层次',
      '零陵区,周洁,女,1980.01,中共零陵区珠山镇委员会书记，兼镇人大主席团主席,乡科级正职',
      '零陵区,吴刚,男,1985.01,珠山镇党委副书记、镇人民政府镇长,乡科级正职',
      '零陵区,卫东,男,1986.11,零陵区人民政府副区长，兼珠山镇党委第一书记,县处级副职',
      '零陵区,钱进,男,1983.01,中共永州市零陵区珠山镇委员会副书记,乡科级副职',
    ].join('\n');
    await load(db, [textFile('名册.csv', text)], { defaultSnapshot: '2024-06-30' });
    expect((await people(db)).map((p) => [p.name, p.unit, p.id, p.post])).toEqual([
      // One unit, written three ways (a row each): named the longest way.
      ['周洁', '永州市零陵区珠山镇', '零陵区/珠山镇', 'township_secretary'],
      ['吴刚', '永州市零陵区珠山镇', '零陵区/珠山镇', 'township_head'],
      ['卫东', '零陵区人民政府', '零陵区人民政府', 'county_government'],
      ['钱进', '永州市零陵区珠山镇', '零陵区/珠山镇', 'other'],
    ]);
    await db.close();
  });
});
