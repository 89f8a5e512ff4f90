import { describe, expect, it } from 'vitest';
import { lrmxFiles } from '../fixtures/lrmx.ts';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import {
  readParquet,
  readSchema,
  Table as WasmTable,
  writeParquet,
  WriterPropertiesBuilder,
} from 'parquet-wasm';
import {
  commitSources,
  discardStaged,
  exportCanonical,
  loadCanonical,
  LoadCancelled,
  loadSources,
  NothingLoaded,
  MAX_ROWS,
  stageSources,
  tooLarge,
  tooManyRows,
} from '../../src/core/load.ts';
import { nodeParquetChunks } from '../../src/core/node-env.ts';
import { chunkRowGroups } from '../../src/core/parquet-chunks.ts';
import { headerSetKey } from '../../src/core/fields.ts';
import { serialToDate } from '../../src/core/xlsx.ts';
import { ipcRows, ipcStream } from '../../src/core/db.ts';
import { csv, freshDb, parquetToIPC, textFile } from './helpers.ts';

const count = async (db: Awaited<ReturnType<typeof freshDb>>) =>
  (await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM cadres'))[0].n;

describe('LRMX forms', () => {
  it('many forms become one roster, a row per file; GB2312 forms read too', async () => {
    const db = await freshDb();
    // Worked out in tests/fixtures/lrmx.ts.
    const r = await loadSources(db, lrmxFiles(), { parquetToIPC, defaultSnapshot: '2024-12-31' });
    expect(r.rows).toEqual({ read: 4, loaded: 3, rejected: 1, skipped: 0 });
    expect(r.rejected.map((x) => [x.file, x.row, x.name, x.code])).toEqual([
      ['赵丽.lrmx', 1, '赵丽', 'birth_future'],
    ]);
    const rows = await db.query(`
      SELECT name, strftime(birth_date, '%Y-%m') AS birth, political_status, party,
        education_fulltime AS edu, post_class, source_file
      FROM cadres ORDER BY birth_date`);
    expect(rows).toEqual([
      {
        name: '王强',
        birth: '1970-01',
        political_status: null,
        party: null,
        edu: '未知',
        post_class: 'county_party',
        source_file: '王强.lrmx',
      },
      {
        name: '张明',
        birth: '1983-05',
        political_status: '中共党员',
        party: '中共党员',
        edu: '大学本科',
        post_class: 'township_secretary',
        source_file: '张明.lrmx',
      },
      {
        name: '李华',
        birth: '1988-07',
        political_status: '民盟',
        party: '非中共党员',
        edu: '研究生',
        post_class: 'township_head',
        source_file: '李华.lrmx',
      },
    ]);
    await db.close();
  });

  it('a batch of nothing but a file that is not a form loads nothing, and says why', async () => {
    const db = await freshDb();
    const bad = textFile('说明.lrmx', '<?xml version="1.0"?><Notes><p>x</p></Notes>');
    const e = await loadSources(db, [bad], { parquetToIPC, defaultSnapshot: '2024-12-31' }).catch(
      (x) => x,
    );
    expect(e).toBeInstanceOf(NothingLoaded);
    expect(e.report.rejected).toMatchObject([
      { file: '说明.lrmx', row: 1, code: 'lrmx_not_form', reason: '不是任免审批表（LRMX）文件' },
    ]);
    expect(await count(db)).toBe(0);
    await db.close();
  });
});

describe('JSON rosters', () => {
  it('an array of records (or an object holding one); records numbered from 1', async () => {
    const db = await freshDb();
    const records = [
      { 姓名: '甲', 出生年月: '1983.05', 性别: 1, 统计时点: '2024-12-31' },
      { 姓名: '乙', 出生年月: 198707, 性别: 2, 统计时点: '2024-12-31', 奖惩: { 年度: 2023 } },
      { 姓名: '丙', 统计时点: '2024-12-31' },
      { 姓名: '丁', 出生年月: '1990年1月', 统计时点: '2024-12-31' },
    ];
    const r = await loadSources(db, [textFile('名册.json', JSON.stringify({ rows: records }))], {
      parquetToIPC,
    });
    expect(r.rows).toEqual({ read: 4, loaded: 3, rejected: 1, skipped: 0 });
    expect(r.rejected.map((x) => [x.row, x.name, x.code])).toEqual([[3, '丙', 'birth_missing']]);
    const rows = await db.query(
      `SELECT name, gender, strftime(birth_date, '%Y-%m') AS birth FROM cadres ORDER BY source_row`,
    );
    expect(rows).toEqual([
      { name: '甲', gender: '男', birth: '1983-05' },
      { name: '乙', gender: '女', birth: '1987-07' },
      { name: '丁', gender: null, birth: '1990-01' },
    ]);
    await expect(
      loadSources(db, [textFile('坏.json', '{"rows": [')], { parquetToIPC }),
    ).rejects.toThrow(
      '无法读取文件“坏.json”：不是有效的 JSON 文件：请确认文件完整，内容为记录数组',
    );
    await db.close();
  });
});

describe('messy input', () => {
  it('English headers map to the same fields', async () => {
    const db = await freshDb();
    const text =
      'Name,Sex,Date of Birth,Ethnic Group,Political Status,Level,Work Unit,Post Title,Snapshot Date\n' +
      'Li Ming,M,1983-05,汉族,中共党员,正科,城关镇,城关镇党委书记,2024-12-31\n' +
      'Wang Fang,F,1990.01,壮族,群众,副科,白沙乡,白沙乡副乡长,2024-12-31\n';
    const [s] = await stageSources(db, [textFile('roster.csv', text)], { parquetToIPC });
    expect(s.mapping).toEqual({
      name: 'Name',
      gender: 'Sex',
      birth_date: 'Date of Birth',
      ethnicity: 'Ethnic Group',
      political_status: 'Political Status',
      level: 'Level',
      unit_name: 'Work Unit',
      post_title: 'Post Title',
      snapshot_date: 'Snapshot Date',
    });
    const r = await commitSources(db, [s], [], {});
    await discardStaged(db, [s]);
    expect(r.rows.loaded).toBe(2);
    const rows = await db.query(
      `SELECT name, gender, level::VARCHAR AS level, party, post_class FROM cadres ORDER BY name`,
    );
    expect(rows).toEqual([
      {
        name: 'Li Ming',
        gender: '男',
        level: '乡科级正职',
        party: '中共党员',
        post_class: 'township_secretary',
      },
      {
        name: 'Wang Fang',
        gender: '女',
        level: '乡科级副职',
        party: '非中共党员',
        post_class: 'other',
      },
    ]);
    await db.close();
  });

  it('ranks written with digits or short forms read as their full names', async () => {
    const db = await freshDb();
    const ranks = [
      '1级主任科员',
      '二调',
      '三级主任',
      '一巡',
      '四 级 调研员',
      '二级科员',
      '副主任科员',
    ];
    const text = csv(ranks.map((r, i) => ({ 姓名: `人${i}`, 出生年月: '1980.01', 职级: r })));
    await loadSources(db, [textFile('名册2024-12.csv', text)], { parquetToIPC });
    const rows = await db.query<{ rank: string }>(`SELECT rank FROM cadres ORDER BY source_row`);
    expect(rows.map((r) => r.rank)).toEqual([
      '一级主任科员',
      '二级调研员',
      '三级主任科员',
      '一级巡视员',
      '四级调研员',
      '二级科员',
      '副主任科员',
    ]);
    await db.close();
  });

  it('formulas, HTML and script tags are kept as text', async () => {
    const db = await freshDb();
    const text = csv([
      {
        姓名: '=HYPERLINK("http://x","点我")',
        出生年月: '1983.05',
        职务: '<script>alert(1)</script>',
      },
      { 姓名: '<img src=x onerror=alert(1)>', 出生年月: '1985.01', 职务: '@SUM(1,2)' },
    ]);
    await loadSources(db, [textFile('名册2024-12.csv', text)], { parquetToIPC });
    const rows = await db.query(`SELECT name, post_title FROM cadres ORDER BY source_row`);
    expect(rows).toEqual([
      { name: '=HYPERLINK("http://x","点我")', post_title: '<script>alert(1)</script>' },
      { name: '<img src=x onerror=alert(1)>', post_title: '@SUM(1,2)' },
    ]);
    await db.close();
  });

  it('binary bytes renamed .csv, and a file too large for the page, say so', async () => {
    const db = await freshDb();
    const binary = new Uint8Array(2000).map((_, i) => (i * 37) % 256);
    await expect(
      loadSources(db, [{ name: '名册.csv', bytes: binary }], { parquetToIPC }),
    ).rejects.toThrow(
      '无法读取文件“名册.csv”：这是二进制文件，不是文本（可能是其他格式的文件改了扩展名），不是名册文件。',
    );
    expect(tooLarge('名册.csv', 900 * 2 ** 20)).toBeNull();
    expect(tooLarge('名册.csv', 3 * 2 ** 30)?.message).toBe(
      '无法读取文件“名册.csv”：文件过大（3.0 GB），浏览器中最多可读取 1.0 GB 的CSV文件。' +
        '请按月份或单位拆分后分别打开，或另存为 Parquet 格式（体积约为 CSV 的十分之一）',
    );
    expect(tooLarge('名册.xlsx', 300 * 2 ** 20)?.message).toMatch(/300 MB.*256 MB 的Excel文件/);
    await db.close();
  });

  it('序号 is not a person id when there is a 身份证号', async () => {
    const db = await freshDb();
    const text = '序号,姓名,身份证号,出生年月\n1,甲,11010519491231002X,1949.12\n';
    const [s] = await stageSources(db, [textFile('名册2024-12.csv', text)], { parquetToIPC });
    expect(s.mapping.person_id).toBeUndefined();
    await commitSources(db, [s], [], {});
    await discardStaged(db, [s]);
    expect((await db.query(`SELECT person_id FROM cadres`))[0].person_id).toBe(
      '11010519491231002X',
    );
    await db.close();
  });
});

describe('several files at once', () => {
  it('become monthly snapshots: from the file names, or the dates the user gives', async () => {
    const db = await freshDb();
    const rows = csv([
      { 人员编号: 'a', 姓名: '甲', 出生年月: '1980.01' },
      { 人员编号: 'b', 姓名: '乙', 出生年月: '1985.06' },
    ]);
    const staged = await stageSources(
      db,
      [
        textFile('名册2024年11月.csv', rows),
        textFile('名册2024-12.csv', rows),
        textFile('名册.csv', rows),
      ],
      { parquetToIPC },
    );
    expect(staged.map((s) => s.snapshotFromName)).toEqual(['2024-11-30', '2024-12-31', null]);
    const r = await commitSources(db, staged, [{}, {}, { snapshot: '2025-01-31' }], {});
    await discardStaged(db, staged);
    expect(r.rows).toEqual({ read: 6, loaded: 6, rejected: 0, skipped: 0 });
    const snaps = await db.query(
      `SELECT strftime(snapshot_date, '%Y-%m-%d') AS d, count(*)::INTEGER AS n
       FROM cadres GROUP BY ALL ORDER BY d`,
    );
    expect(snaps).toEqual([
      { d: '2024-11-30', n: 2 },
      { d: '2024-12-31', n: 2 },
      { d: '2025-01-31', n: 2 },
    ]);
    await db.close();
  });
});

describe('a Parquet file on a server', () => {
  it('reads its schema, then only the mapped columns; a column mapped later is fetched then', async () => {
    const ipc = tableToIPC(
      tableFromArrays({
        人员编号: ['p1', 'p2'],
        出生年月: ['1983.05', '1990.01'],
        照片: ['xxxx', 'yyyy'],
        统计时点: ['2024-12-31', '2024-12-31'],
        单位: ['城关镇', '白沙乡'],
      }),
      'stream',
    );
    const file = writeParquet(WasmTable.fromIPCStream(ipc));
    // What the page's worker does over HTTP, here on the bytes: the schema alone, or some columns.
    const asked: string[][] = [];
    const remoteParquet = async (_url: string, columns?: string[]) => {
      asked.push(columns ?? []);
      const schema = readSchema(file).intoIPCStream();
      if (!columns?.length) return schema;
      const all = tableFromIPC(readParquet(file).intoIPCStream());
      return tableToIPC(all.select(columns), 'stream');
    };
    const db = await freshDb();
    const [s] = await stageSources(db, [{ name: 'r.parquet', url: 'http://intranet/r.parquet' }], {
      parquetToIPC,
      remoteParquet,
    });
    expect(s.columns.map((c) => c.name)).toEqual([
      '人员编号',
      '出生年月',
      '照片',
      '统计时点',
      '单位',
    ]);
    expect(s.mapping).toEqual({
      person_id: '人员编号',
      birth_date: '出生年月',
      snapshot_date: '统计时点',
      unit_name: '单位',
    });
    expect(asked.map((c) => [...c].sort())).toEqual([
      [],
      ['人员编号', '出生年月', '单位', '统计时点'].sort(),
    ]);
    // The photo column was never read; its samples are empty.
    expect(s.samples[0]).toEqual(['p1', '1983.05', null, '2024-12-31', '城关镇']);
    const mapping = { ...s.mapping, source: '照片' };
    const r = await commitSources(db, [s], [{ mapping }], { remoteParquet });
    await discardStaged(db, [s]);
    expect(asked[2].sort()).toEqual(['人员编号', '出生年月', '单位', '照片', '统计时点'].sort());
    expect(r.rows.loaded).toBe(2);
    expect(await db.query(`SELECT source FROM cadres ORDER BY person_id`)).toEqual([
      { source: 'xxxx' },
      { source: 'yyyy' },
    ]);
    await db.close();
  });
});

describe('a large Parquet file', () => {
  const roster = (n: number) =>
    tableToIPC(
      tableFromArrays({
        人员编号: Array.from({ length: n }, (_, i) => `p${i}`),
        出生年月: Array.from({ length: n }, (_, i) => `19${70 + (i % 20)}.0${1 + (i % 9)}`),
        统计时点: Array.from({ length: n }, () => '2024-12-31'),
      }),
      'stream',
    );
  it('is read a few row groups at a time: every row arrives, in order', async () => {
    // Chunks of at least 3 rows from groups of 2, 2, 2 and 1: groups 0–1 (4 rows), then 2–3.
    expect(chunkRowGroups([2, 2, 2, 1], 3)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(chunkRowGroups([], 3)).toEqual([]);
    // 7 rows in groups of 2, read in chunks of at least 3: 4 rows, then 3.
    const props = new WriterPropertiesBuilder().setMaxRowGroupSize(2).build();
    const file = writeParquet(WasmTable.fromIPCStream(roster(7)), props);
    const byThree = (b: Uint8Array) => nodeParquetChunks(b, 3);
    const { rows, chunks } = await byThree(file.slice());
    const sizes: number[] = [];
    for await (const c of chunks) sizes.push(tableFromIPC(c).numRows);
    expect([rows, sizes]).toEqual([7, [4, 3]]);
    const db = await freshDb();
    const r = await loadSources(db, [{ name: 'r.parquet', bytes: file }], {
      parquetToIPC,
      parquetChunks: byThree,
    });
    expect(r.rows).toEqual({ read: 7, loaded: 7, rejected: 0, skipped: 0 });
    expect(
      (await db.query<{ p: string }>('SELECT person_id AS p FROM cadres ORDER BY source_row')).map(
        (x) => x.p,
      ),
    ).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
  });
  it('with more rows than the page holds is refused from its footer, before a row is read', async () => {
    expect(tooManyRows('r.parquet', MAX_ROWS)).toBeNull();
    const db = await freshDb();
    let read = 0;
    let closed = 0;
    const parquetChunks = async () => ({
      rows: 5_000_000,
      chunks: (async function* () {
        read++;
        yield roster(1);
      })(),
      close: async () => void closed++,
    });
    const e = await loadSources(db, [{ name: '全省.parquet', bytes: new Uint8Array(4) }], {
      parquetToIPC,
      parquetChunks,
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'too_many_rows' });
    expect((e as Error).message).toBe(
      '无法读取文件“全省.parquet”：文件有 5,000,000 行，浏览器中最多可载入 1,400,000 行（统计时每百万行约需 2.2 GB 内存，浏览器中的数据库最多可用约 3 GB，超过则会因内存不足而中断）。请按月份、县市区或单位拆分后分别打开；全省多月数据请用报表命令行的原生引擎（npm run report -- --engine native）',
    );
    // Not read, but let go of (the page's worker keeps a file's bytes until then).
    expect([read, closed, await count(db)]).toEqual([0, 1, 0]);
  });
  it('an Arrow file is counted from its record batches the same way', () => {
    expect(ipcRows(roster(3))).toBe(3);
    expect(tooManyRows('r.arrow', MAX_ROWS + 1)).toMatchObject({ code: 'too_many_rows' });
  });
});

describe('Excel serial numbers', () => {
  it('count from 1900-01-01 with Excel’s 29 February 1900, or from 1904 when the workbook says', () => {
    expect(serialToDate(1)).toBe('1900-01-01');
    expect(serialToDate(59)).toBe('1900-02-28');
    expect(serialToDate(61)).toBe('1900-03-01');
    // 1899-12-30 + 30438 days (Python: date(1899, 12, 30) + timedelta(30438)).
    expect(serialToDate(30438)).toBe('1983-05-02');
    expect(serialToDate(30438.75)).toBe('1983-05-02');
    // A formula's 29494.999999999996 is the 29495 Excel shows (15 digits): 1980-10-01.
    expect(serialToDate(29494.999999999996)).toBe('1980-10-01');
    expect(serialToDate(29494.9999)).toBe('1980-09-30');
    expect(serialToDate(0, true)).toBeNull();
    expect(serialToDate(1, true)).toBe('1904-01-02');
    expect(serialToDate(29000, true)).toBe('1983-05-26');
  });
});

describe('keeping a roster', () => {
  it('exported as Parquet and read back, every row and value is the same', async () => {
    const db = await freshDb();
    const report = await loadSources(db, lrmxFiles(), {
      parquetToIPC,
      defaultSnapshot: '2024-12-31',
    });
    // No boolean column has a value here: the case the Parquet writer refuses unless handled.
    const kept = writeParquet(WasmTable.fromIPCStream(ipcStream(await exportCanonical(db))));
    const again = await freshDb();
    await loadCanonical(again, 'kept.parquet', parquetToIPC(kept), report);
    const all = 'SELECT * FROM cadres ORDER BY person_id';
    expect(await again.query(all)).toEqual(await db.query(all));
    expect((await again.query(all)).length).toBe(3);
    await Promise.all([db.close(), again.close()]);
  });

  it('with true and false in its boolean columns, and with its columns in another order', async () => {
    const db = await freshDb();
    const report = await loadSources(db, lrmxFiles(), {
      parquetToIPC,
      defaultSnapshot: '2024-12-31',
    });
    await db.exec(`UPDATE cadres SET is_team_member = person_id = (SELECT min(person_id) FROM cadres),
      is_principal = false`);
    const all = 'SELECT * FROM cadres ORDER BY person_id';
    const rows = await db.query<{ is_team_member: boolean }>(all);
    expect(rows.map((r) => r.is_team_member)).toEqual([true, false, false]);
    // Rows in the order of `cadres` go straight in; others (kept by an older version) by name.
    const kept = writeParquet(WasmTable.fromIPCStream(ipcStream(await exportCanonical(db))));
    const reordered = ipcStream(
      await db.queryIPC(
        'SELECT name, * EXCLUDE (name) REPLACE (is_principal::TINYINT AS is_principal) FROM cadres',
      ),
    );
    for (const ipc of [parquetToIPC(kept), reordered]) {
      const again = await freshDb();
      await loadCanonical(again, 'kept.parquet', ipc, report);
      expect(await again.query(all)).toEqual(rows);
      await again.close();
    }
    await db.close();
  });
});

describe('staged import: review, choose, remember', () => {
  const text = '姓名,生日,部门,时点备注\n甲,1983.05,城关镇,x\n乙,1990.02,白沙乡,y\n丙,,白沙乡,z\n';

  it('shows columns and samples; the user maps 生日 to birth and gives the snapshot', async () => {
    const db = await freshDb();
    const [s] = await stageSources(db, [textFile('名册.csv', text)], { parquetToIPC });
    expect(s.columns.map((c) => c.name)).toEqual(['姓名', '生日', '部门', '时点备注']);
    expect(s.samples[0]).toEqual(['甲', '1983.05', '城关镇', 'x']);
    expect(s.lines).toBe(3);
    expect(s.mapping).toEqual({ name: '姓名' });
    expect(s.snapshotFromName).toBeNull();
    await expect(commitSources(db, [s], [], {})).rejects.toThrow('请指定哪一列是出生年月');
    const r = await commitSources(
      db,
      [s],
      [
        {
          mapping: { name: '姓名', birth_date: '生日', unit_name: '部门' },
          snapshot: '2024-06-30',
        },
      ],
      {},
    );
    await discardStaged(db, [s]);
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 0 });
    const rows = await db.query(
      `SELECT name, unit_name, strftime(snapshot_date, '%Y-%m-%d') AS snap FROM cadres ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: '乙', unit_name: '白沙乡', snap: '2024-06-30' },
      { name: '甲', unit_name: '城关镇', snap: '2024-06-30' },
    ]);
    await db.close();
  });

  it('a remembered mapping for the same headers (in any order) is proposed', async () => {
    const db = await freshDb();
    const key = headerSetKey(['时点备注', '部门', '生日', '姓名']);
    const remembered = { [key]: { name: '姓名', birth_date: '生日' } };
    const [s] = await stageSources(db, [textFile('名册.csv', text)], {
      parquetToIPC,
      rememberedMapping: (k) => remembered[k],
    });
    expect(s.headerKey).toBe(key);
    expect(s.mappingFrom).toBe('remembered');
    expect(s.mapping).toEqual({ name: '姓名', birth_date: '生日' });
    await discardStaged(db, [s]);
    await db.close();
  });

  it('a cancelled load changes nothing', async () => {
    const db = await freshDb();
    await loadSources(db, [textFile('旧2024-11.csv', csv([{ 姓名: '旧', 出生年月: '1980.01' }]))], {
      parquetToIPC,
    });
    const abort = new AbortController();
    const files = [textFile('新2024-12.csv', csv([{ 姓名: '新', 出生年月: '1981.01' }]))];
    const staged = await stageSources(db, files, { parquetToIPC });
    const load = commitSources(db, staged, [], {
      replace: true,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.step === 'write') abort.abort();
      },
    });
    await expect(load).rejects.toBeInstanceOf(LoadCancelled);
    await discardStaged(db, staged);
    expect(await db.query(`SELECT name FROM cadres`)).toEqual([{ name: '旧' }]);
    await db.close();
  });
});
