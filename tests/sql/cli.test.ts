import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lrmxFiles } from '../fixtures/lrmx.ts';
import { rosterWorkbook, unitGroupSheetsWorkbook } from '../fixtures/roster-xlsx.ts';
import { cli } from './cli-run.ts';
import { csv } from './helpers.ts';

const run = promisify(execFile);
/** The CLI as a process of its own: its output through a pipe, its exit status. */
const spawned = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });

describe('report CLI', () => {
  it('a date after the snapshot says in the table that those due by then are still counted', async () => {
    mkdirSync('tests/.out/cli', { recursive: true });
    const file = 'tests/.out/cli/later-date.csv';
    // 甲, a man born 1960-01, retires at 60 (born before 1965: no delay) in 2020-01: at 2024-12-31
    // he is due, and still counted, as the snapshot of 2019-12-31 holds him. 乙 is 39.
    writeFileSync(
      file,
      csv([
        { 姓名: '甲', 性别: '男', 出生年月: '1960.01', 职务层次: '正科' },
        { 姓名: '乙', 性别: '女', 出生年月: '1985.01', 职务层次: '副科' },
      ]),
    );
    const table = (snapshot: string, asOf: string) =>
      cli(file, '--snapshot', snapshot, '--as-of', asOf, '--format', 'table');
    const lines = (await table('2019-12-31', '2024-12-31')).stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '统计时点 2024-12-31（快照 2019-12-31）  来源 later-date.csv',
      '年龄按 2024-12-31 计算，人员按 2019-12-31 的名册：到该日已到龄的 1 人仍计入各项比例；逐年推算（到龄者离开）请用 --as-of 2019-12-31 --project 年数',
    ]);
    // A later date still before his exit month: nobody is due, no such line.
    expect((await table('2019-06-30', '2019-12-31')).stdout).not.toContain('仍计入');
    // A comparison date in force of the same snapshot compares the roster with itself.
    const same = await cli(file, '--snapshot', '2019-12-31', '--compare', '2019-12-31');
    expect(JSON.parse(same.stdout).changes).toMatchObject({ from: '2019-12-31', to: '2019-12-31' });
    expect(same.stderr).toContain(
      '提示：--compare 2019-12-31 与统计时点 2019-12-31 用的是同一期名册（快照 2019-12-31），两期对比没有变化',
    );
  });

  it('prints the JSON report of a file for a reference date', async () => {
    mkdirSync('tests/.out', { recursive: true });
    const file = 'tests/.out/roster.csv';
    writeFileSync(
      file,
      csv([
        {
          姓名: '示例甲',
          出生年月: '1980.01',
          职务: '城关镇党委书记',
          职务层次: '正科',
          性别: '男',
        },
        {
          姓名: '示例乙',
          出生年月: '1979.12',
          职务: '白沙乡党委书记',
          职务层次: '正科',
          性别: '女',
        },
        { 姓名: '示例丙', 出生年月: '', 职务: '科员', 职务层次: '科员' },
      ]),
    );
    const { stdout } = await spawned(file, '--as-of', '2024-12-31');
    const r = JSON.parse(stdout);
    expect(r.asOf).toBe('2024-12-31');
    expect(r.sources).toEqual(['roster.csv']);
    expect(r.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 0 });
    expect(r.rejected).toMatchObject([{ row: 4, name: '示例丙', reason: '缺少出生年月' }]);
    expect(r.headcount).toBe(2);
    expect(r.age).toEqual({
      mean: 44.5,
      median: 44.5,
      bands: {
        '35岁及以下': 0,
        '36-40岁': 0,
        '41-45岁': 2,
        '46-50岁': 0,
        '51-55岁': 0,
        '56岁及以上': 0,
      },
      // 示例甲 is 44 at 2024-12-31, 示例乙 45: the pyramid by single years, both 正科 in 41-45岁.
      byGender: { 男: { '44': 1 }, 女: { '45': 1 } },
      byLevel: { 乡科级正职: { '41-45岁': 2 } },
    });
    expect(r.breakdowns.yearsAtLevel).toMatchObject({ 未知: 2 });
    expect(r.reserves).toEqual({
      young: { all: { n: 0, ageLe40: 0, born1980: 0, born1985: 0 } },
      byCohort: {},
      byEducation: {},
      byGender: {},
    });
    expect(r.cohorts).toEqual({ '50后': 0, '60后': 0, '70后': 1, '80后': 1, '90后': 0, '00后': 0 });
    // As policy counts them (born in or after): 80后 is 示例甲 (1980.01), not 示例乙 (1979.12).
    expect(r.cohortsFrom).toEqual({
      '60后': 2,
      '70后': 2,
      '80后': 1,
      '85后': 0,
      '90后': 0,
      '00后': 0,
    });
    expect(r.breakdowns.gender).toEqual({ 男: 1, 女: 1 });
    const j1 = r.metrics.find((m: { id: string }) => m.id === 'J1');
    expect(j1).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 0.5,
      target: 1 / 3,
      comparator: '>',
      met: true,
      gap: 0,
    });
  });

  it('--mask: no name and no whole ID number in the JSON or the table', async () => {
    mkdirSync('tests/.out', { recursive: true });
    const file = 'tests/.out/roster-mask.csv';
    const people = [
      // A township secretary aged 45: in S1's list (eligible, 待核实 or near).
      ['欧阳明', '1980.01', '城关镇党委书记', '正科', '430103198001010017'],
      // A check digit that fails: a note quoting the number.
      ['司马光', '1975.06', '科长', '正科', '430103197506010010'],
      // No birth date: a rejected row with the name.
      ['上官燕', '', '科员', '科员', '430103199001010026'],
    ];
    writeFileSync(
      file,
      csv(
        people.map(([姓名, 出生年月, 职务, 职务层次, 身份证号]) => ({
          姓名,
          出生年月,
          职务,
          职务层次,
          身份证号,
          统计时点: '2024-12-31',
        })),
      ),
    );
    // In-process (the same main() as the process): a process of its own costs seconds each.
    const plain = JSON.parse((await cli(file)).stdout);
    // Unmasked, the names and the number are there: the test would catch a leak.
    expect(JSON.stringify(plain)).toContain('司马光');
    expect(JSON.stringify(plain)).toContain('430103197506010010');
    expect(plain.eligibility.some((e: { people: unknown[] }) => e.people.length > 0)).toBe(true);
    for (const format of ['json', 'table']) {
      const { stdout } = await cli(file, '--mask', '--format', format);
      for (const [name, , , , id] of people) {
        expect(stdout, format).not.toContain(name);
        expect(stdout, format).not.toContain(id);
        expect(stdout, format).not.toContain(id.slice(6, 14));
      }
      expect(stdout, format).toContain('＊＊');
      // The post with the unit would name him: a masked list keeps the level instead.
      expect(stdout, format).not.toContain('城关镇党委书记');
    }
  });

  it('--format table says what the JSON says of the flows: retirements, changes, projection', async () => {
    mkdirSync('tests/.out', { recursive: true });
    const file = 'tests/.out/roster-flows.csv';
    const row = (name: string, birth: string, level: string, date: string) => ({
      人员编号: `P-${name}`,
      姓名: name,
      性别: '男',
      出生年月: birth,
      职务层次: level,
      工作单位: '市财政局',
      统计时点: date,
    });
    writeFileSync(
      file,
      csv([
        row('甲', '1965.01', '县处级正职', '2024-06-30'),
        row('乙', '1990.01', '乡科级副职', '2024-06-30'),
        row('甲', '1965.01', '县处级正职', '2024-12-31'),
        row('乙', '1990.01', '乡科级正职', '2024-12-31'),
        row('丙', '1995.01', '科员', '2024-12-31'),
      ]),
    );
    const args = [file, '--compare', '2024-06-30', '--project', '1'];
    const first = await cli(...args);
    const json = JSON.parse(first.stdout);
    // The June rows are not in the figures at December: said on stderr.
    expect(first.stderr).toContain('提示：载入的 5 行中，统计时点 2024-12-31 的 3 人计入本报告');
    const { stdout } = await cli(...args, '--format', 'table');
    const x = json.retirements;
    // 甲 (1965-01, base 60, +1 month) leaves 2025-02: within 12 months of 2024-12.
    expect(x).toEqual({
      due: 0,
      within12: 1,
      within36: 1,
      within60: 1,
      thisMonth: 0,
      nextMonth: 0,
      thisYear: 0,
      unknown: 0,
    });
    expect(stdout).toContain(
      `到龄退休：已到龄 ${x.due}，12 个月内 ${x.within12}，36 个月内 ${x.within36}，60 个月内 ${x.within60}`,
    );
    expect(stdout).toContain('到龄提醒：本月（2024-12）0，下月（2025-01）0，2024 年全年 0');
    // 丙 new, 乙 promoted.
    expect(json.changes).toMatchObject({ entered: 1, left: 0, promoted: 1 });
    expect(stdout).toContain('2024-06-30 → 2024-12-31：新进 1，退出 0（其中到龄退休 0），提拔 1');
    expect(stdout).toContain(`预测 1 年后（${json.projection[0].date}）`);
  });

  it('--help prints the flags; the table names rejected rows and what a one-snapshot change is now; -o writes it', async () => {
    const help = await cli('--help');
    expect(help.stdout).toContain('--as-of YYYY-MM-DD');
    expect((await cli('-h', '--lang', 'en')).stdout).toContain('Exit codes:');
    mkdirSync('tests/.out/cli', { recursive: true });
    const file = 'tests/.out/cli/table-roster.csv';
    writeFileSync(
      file,
      [
        '姓名,出生年月,工作单位,现任职务,职务层次,统计时点',
        '甲,1980.05,白沙镇,白沙镇党委书记,乡科级正职,2024-12-31',
        '乙,1986.05,白沙镇,白沙镇镇长,乡科级正职,2024-12-31',
        '丙,1985.13,白沙镇,白沙镇副镇长,乡科级副职,2024-12-31',
      ].join('\n'),
    );
    await cli(file, '--format', 'table', '-o', 'tests/.out/cli/table.txt');
    const text = readFileSync('tests/.out/cli/table.txt', 'utf8');
    expect(text).toContain('  拒收 table-roster.csv 第 4 行 丙：出生年月无法识别：1985.13');
    // J4: the township principals' mean age, (44 + 38) / 2 = 41 at 2024-12-31, with no baseline.
    expect(text).toContain('现为 41.00 岁（需两个统计时点比较）');
    // The structure, as the page's charts show it: ages 44 and 38, born in the 80s, two 正科.
    expect(text).toContain(
      '年龄段  35岁及以下 0（0.0%）  36-40岁 1（50.0%）  41-45岁 1（50.0%）  46-50岁 0（0.0%）',
    );
    expect(text).toContain(
      '职务层次  县处级正职 0（0.0%）  县处级副职 0（0.0%）  乡科级正职 2（100.0%）',
    );
    // J1 is judged city-wide and by county, not unit by unit: no units short.
    expect(
      text
        .split('\n')
        .find((l) => l.startsWith('J1\t'))!
        .split('\t')
        .at(-1),
    ).toBe('—');
    // --lang en: the same table in English; only the data's own words (names, units, posts) and
    // the column names a roster may add stay Chinese.
    const en = (await cli(file, '--format', 'table', '--lang', 'en')).stdout;
    expect(en).toContain('3 rows read, 2 loaded, 1 rejected, 0 warnings');
    expect(en).toContain(
      '  Rejected table-roster.csv row 4 丙: birth date not recognised: 1985.13',
    );
    expect(en).toContain('now 41.00 years (a change needs two reference dates)');
    expect(en).toContain('Age band  ≤ 35 0 (0.0%)  36–40 1 (50.0%)  41–45 1 (50.0%)');
    expect(en).toContain('Born in or after (policy cohorts)  1960+ 2 (100.0%)');
    expect(en).toContain(
      'J1\tTownship/street party secretaries born 1980 or later\t1/1\t100.0%\t> 33.3%\t✓ met\t0\t—',
    );
    expect(en).toContain(
      'T4 Township/street leadership teams: 1 team, 0 met, 0 partly met, 1 not met',
    );
    expect(en).toContain('\tnear miss\t甲\t44\t白沙镇\t白沙镇党委书记\tAge 44 > 40');
    const words = en
      .split('\n')
      .filter((l) => !l.startsWith('  The roster has no'))
      .join('\n')
      .replace(/白沙镇(党委书记|镇长)?|[甲乙丙]|任现职时间/g, '');
    expect(words.match(/\p{Script=Han}+/gu)).toBeNull();
    // --by-unit: each rule unit by unit in the table too (it was in the JSON only).
    const byUnit = (await cli(file, '--format', 'table', '--by-unit')).stdout;
    expect(byUnit).toContain('指标\t县市区\t单位\t分子/分母\t比例\t达标\t还差');
    expect(byUnit).toContain('Y4\t—\t白沙镇\t0/2\t0.0%\t✗ 未达标\t1');
  });

  it('a team template item whose column the roster lacks is not scored, and the report says so', async () => {
    mkdirSync('tests/.out/cli', { recursive: true });
    const rows = (grassroots: boolean) =>
      [
        `姓名,性别,出生年月,政治面貌,最高学历,工作单位,县市区,职务层次,是否班子成员${grassroots ? ',基层工作经历(年)' : ''}`,
        `甲,男,1970.01,中共党员,研究生,市财政局,市直,正处级,是${grassroots ? ',3' : ''}`,
        `乙,女,1980.01,群众,大学,市财政局,市直,副处级,是${grassroots ? ',1' : ''}`,
        `丙,男,1988.01,中共党员,大学,市财政局,市直,副处级,是${grassroots ? ',2' : ''}`,
      ].join('\n');
    writeFileSync('tests/.out/cli/team-no-grassroots.csv', rows(false));
    writeFileSync('tests/.out/cli/team-grassroots.csv', rows(true));
    const run = async (f: string) =>
      JSON.parse((await cli(f, '--snapshot', '2025-06-30')).stdout) as {
        teams: { template: string; score: number; status: string; items: { id: string }[] }[];
        teamItemsNotScored?: { item: string; text: string }[];
      };
    // T1 (市直): women 20 (乙), non-CPC 10 (乙), ≤40 20 (丙), 老中青 20 (55, 45, 37 years old),
    // 研究生 15 (甲) = 85 of the 85 scored: 100. Grassroots (15) is not scored.
    const without = await run('tests/.out/cli/team-no-grassroots.csv');
    expect(without.teams).toHaveLength(1);
    expect(without.teams[0]).toMatchObject({ template: 'T1', score: 100, status: '达标' });
    expect(without.teams[0].items.map((i) => i.id)).not.toContain('grassroots');
    expect(without.teamItemsNotScored?.map((x) => [x.item, x.text])).toEqual([
      [
        'grassroots',
        '名册没有基层工作经历列：“两年以上基层工作经历”不评分，得分按其余各项折算为百分制',
      ],
    ]);
    // With the column: 甲 and 丙 have 2 years or more, 2 of 2 required: 100 again, scored on all.
    const withIt = await run('tests/.out/cli/team-grassroots.csv');
    expect(withIt.teams[0]).toMatchObject({ score: 100, status: '达标' });
    expect(withIt.teams[0].items.map((i) => i.id)).toContain('grassroots');
    expect(withIt.teamItemsNotScored).toBeUndefined();
  });

  it('duplicates among LRMX forms are named by their form, not “row 1”', async () => {
    mkdirSync('tests/.out/cli/dup-forms', { recursive: true });
    const form = (name: string) =>
      '<?xml version="1.0" encoding="UTF-8"?>\n<Person><XingMing>' +
      name +
      '</XingMing><ChuShengNianYue>198305</ChuShengNianYue>' +
      '<ShenFenZheng>43110219830512019X</ShenFenZheng></Person>';
    const files = ['a', 'b', 'c'].map((f) => {
      writeFileSync(`tests/.out/cli/dup-forms/${f}.lrmx`, form('张明'));
      return `tests/.out/cli/dup-forms/${f}.lrmx`;
    });
    const e = await cli(...files, '--snapshot', '2024-12-31').catch((x) => x);
    expect(e.code).toBe(4);
    expect(e.stderr).toContain(
      '“b.lrmx”第 1 行 张明：身份证号 43110219830512019X，与“a.lrmx”第 1 行相同',
    );
    expect(e.stderr).toContain('“c.lrmx”第 1 行 张明');
  });

  it('reads Excel, JSON and LRMX files as the page does; --sheet and --snapshot', async () => {
    mkdirSync('tests/.out/cli', { recursive: true });
    writeFileSync('tests/.out/cli/干部名册.xlsx', await rosterWorkbook());
    const xlsx = JSON.parse((await cli('tests/.out/cli/干部名册.xlsx')).stdout);
    // Worked out in tests/fixtures/roster-xlsx.ts.
    expect(xlsx.rows).toEqual({ read: 5, loaded: 3, rejected: 2, skipped: 2 });
    // Row 6 is blank (counted only); row 10 is the totals line, listed with what it is.
    expect(xlsx.skippedRows).toEqual([
      { file: '干部名册.xlsx', row: 10, kind: 'totals', reason: '合计行' },
    ]);
    const table = (await cli('tests/.out/cli/干部名册.xlsx', '--format', 'table')).stdout;
    expect(table).toContain('跳过 干部名册.xlsx 第 10 行：合计行（不是人员行）');
    // A workbook's other roster-like sheet, not read, is said (tests/sql/ingest.test.ts).
    writeFileSync('tests/.out/cli/永宁县.xlsx', await unitGroupSheetsWorkbook());
    const other = await cli('tests/.out/cli/永宁县.xlsx', '--snapshot', '2025-06-30');
    expect(JSON.parse(other.stdout).sheetsNotRead).toEqual([
      { file: '永宁县.xlsx', sheet: 'Sheet3' },
    ]);
    expect(other.stderr).toContain('永宁县.xlsx 中的工作表“Sheet3”也有出生年月列，未读取');
    const notes = await cli('tests/.out/cli/干部名册.xlsx', '--sheet', '填表说明').catch((e) => e);
    expect(notes.code).toBe(1);
    expect(notes.stderr).toContain('找不到出生年月列');

    writeFileSync(
      'tests/.out/cli/名册.json',
      JSON.stringify([
        { 姓名: '甲', 出生年月: '1984.07' },
        { 姓名: '乙', 出生年月: '1990.01' },
      ]),
    );
    const forms = lrmxFiles().map((f) => {
      writeFileSync(`tests/.out/cli/${f.name}`, f.bytes);
      return `tests/.out/cli/${f.name}`;
    });
    const r = JSON.parse(
      (await cli('tests/.out/cli/名册.json', ...forms, '--snapshot', '2024-06-30')).stdout,
    );
    expect(r.snapshotDate).toBe('2024-06-30');
    // JSON 2 loaded; the LRMX forms 3 loaded and 赵丽 rejected (tests/fixtures/lrmx.ts).
    expect(r.rows).toEqual({ read: 6, loaded: 5, rejected: 1, skipped: 0 });
    expect(r.sources).toEqual(['名册.json', ...lrmxFiles().map((f) => f.name)]);
  });

  it('says which files had no 统计时点 when others had one (their rows are rejected)', async () => {
    mkdirSync('tests/.out/undated', { recursive: true });
    const row = '姓名,出生年月,职务层次\n甲,1980.01,科员\n乙,1985.03,科员\n';
    writeFileSync('tests/.out/undated/2025-05.csv', row);
    writeFileSync('tests/.out/undated/6月底.csv', row);
    const r = await spawned('tests/.out/undated/6月底.csv', 'tests/.out/undated/2025-05.csv');
    expect(JSON.parse(r.stdout).rows).toEqual({ read: 4, loaded: 2, rejected: 2, skipped: 0 });
    expect(r.stderr).toContain('提示：“6月底.csv”没有统计时点，其中的行未载入；请用 --snapshot');
  });

  it('fails with a clear message and a non-zero exit for a missing file or a bad date', async () => {
    const missing = await spawned('no-such-file.csv').catch((e) => e);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('无法读取文件“no-such-file.csv”：文件不存在');
    const bad = await spawned('--as-of', '2024-13-01').catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('YYYY-MM-DD');
  });

  it('nothing loaded: the report with every rejected row, exit 3; --lang en; --verbose', async () => {
    mkdirSync('tests/.out/cli', { recursive: true });
    const file = 'tests/.out/cli/毫秒名册.csv';
    writeFileSync(
      file,
      '姓名,出生年月,统计时点\n甲,420566400000,2024-12-31\n乙,452102400000,2024-12-31\n',
    );
    const zh = await cli(file).catch((e) => e);
    expect(zh.code).toBe(3);
    const out = JSON.parse(zh.stdout);
    expect(out.rows).toEqual({ read: 2, loaded: 0, rejected: 2, skipped: 0 });
    expect(out.rejected).toMatchObject([
      { row: 2, name: '甲', code: 'birth_unparsed', reason: '出生年月无法识别：420566400000' },
      { row: 3, name: '乙', code: 'birth_unparsed', reason: '出生年月无法识别：452102400000' },
    ]);
    expect(out.error.code).toBe('nothing_loaded');
    expect(zh.stderr).toContain('没有载入任何行');
    const en = await cli(file, '--lang', 'en').catch((e) => e);
    expect(en.code).toBe(3);
    expect(JSON.parse(en.stdout).rejected[0].reason).toBe(
      'birth date not recognised: 420566400000',
    );
    expect(en.stderr).toContain('nothing was loaded');
    // No 统计时点 anywhere: the rows are rejected for it, and the CLI says which option gives it.
    writeFileSync('tests/.out/cli/无日期名册.csv', '姓名,出生年月\n甲,1980.01\n');
    const undated = await cli('tests/.out/cli/无日期名册.csv').catch((e) => e);
    expect(undated.code).toBe(3);
    expect(JSON.parse(undated.stdout).rejected[0].code).toBe('snapshot_missing');
    expect(undated.stderr).toContain('--snapshot YYYY-MM-DD');
    writeFileSync('tests/.out/cli/空名册.csv', '姓名,出生年月\n');
    const empty = await cli('tests/.out/cli/空名册.csv').catch((e) => e);
    expect(empty.code).toBe(3);
    expect(JSON.parse(empty.stdout).rows).toEqual({ read: 0, loaded: 0, rejected: 0, skipped: 0 });
    // The engine's words only with --verbose.
    writeFileSync('tests/.out/cli/坏.arrow', Buffer.from('ARROW1\0\0\xff\xff\x01'));
    const quiet = await cli('tests/.out/cli/坏.arrow').catch((e) => e);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr.trim()).toBe(
      '无法读取文件“坏.arrow”：Arrow 文件已损坏或不完整，无法读取：请重新导出',
    );
    const verbose = await cli('tests/.out/cli/坏.arrow', '--verbose', '--lang', 'en').catch(
      (e) => e,
    );
    expect(verbose.stderr).toMatch(
      /^Cannot read “坏.arrow”: the Arrow file is damaged or incomplete: export it again\nDetails: \S+/,
    );
  });

  it('too many duplicates: refused (exit 4) unless --accept-duplicates', async () => {
    mkdirSync('tests/.out/cli', { recursive: true });
    const file = 'tests/.out/cli/分单位编号.csv';
    // 人员编号 numbered afresh per unit: rows 5–7 repeat the ids of rows 2–4.
    writeFileSync(
      file,
      [
        '人员编号,姓名,单位,出生年月,统计时点',
        ...['甲', '乙', '丙'].map((n, i) => `${i + 1},${n},城关镇,198${i}.01,2024-12-31`),
        ...['丁', '戊', '己', '庚'].map((n, i) => `${i + 1},${n},白沙乡,198${i + 3}.01,2024-12-31`),
      ].join('\n'),
    );
    const refused = await cli(file).catch((e) => e);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('“分单位编号.csv”中有 3 行（共 7 行）');
    expect(refused.stderr).toContain('第 5 行 丁：人员编号 1，与第 2 行相同');
    expect(refused.stderr).toContain('--accept-duplicates');
    const r = JSON.parse((await cli(file, '--accept-duplicates')).stdout);
    expect(r.rows).toEqual({ read: 7, loaded: 4, rejected: 3, skipped: 0 });
    expect(r.rejected.map((x: { row: number }) => x.row)).toEqual([5, 6, 7]);
  });

  it('on the demo data reproduces the 2017 Yongzhou baseline', async () => {
    const { stdout } = await cli('--as-of', '2017-12-31');
    const r = JSON.parse(stdout);
    const m = (id: string) => r.metrics.find((x: { id: string }) => x.id === id);
    expect([m('Y7').numerator, m('Y7').denominator]).toEqual([113, 1614]);
    expect([m('Y8').numerator, m('Y8').denominator]).toEqual([306, 6800]);
    expect(r.sources).toEqual(['cadres.parquet']);
  });
});

describe('report CLI with rules', () => {
  it('--print-rules gives the rule file a script can edit; --rules runs the report with it', async () => {
    mkdirSync('tests/.out', { recursive: true });
    const file = 'tests/.out/cli-roster.csv';
    // Two 县处级 cadres aged 39 and 45 at 2024-12-31: Y7 is 1/2.
    writeFileSync(
      file,
      csv([
        { 姓名: '示例甲', 出生年月: '1985.03', 职务层次: '正处', 性别: '男' },
        { 姓名: '示例乙', 出生年月: '1979.03', 职务层次: '副处', 性别: '女' },
      ]),
    );
    const printed = JSON.parse((await cli('--print-rules')).stdout);
    for (const r of printed.rules.filter((x: { kind: string }) => x.kind === 'ratio')) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['id', 'kind', 'target', 'comparator']),
      );
      expect(r.target).toHaveLength(2);
    }
    const y7 = printed.rules.find((r: { id: string }) => r.id === 'Y7');
    // Under the default 1/6, one of two is met; a script raises the target to 2/3.
    const base = JSON.parse((await cli(file, '--as-of', '2024-12-31')).stdout);
    expect(base.metrics.find((m: { id: string }) => m.id === 'Y7')).toMatchObject({
      numerator: 1,
      denominator: 2,
      met: true,
    });
    y7.target = [2, 3];
    writeFileSync('tests/.out/rules-edited.json', JSON.stringify(printed));
    const edited = JSON.parse(
      (await cli(file, '--as-of', '2024-12-31', '--rules', 'tests/.out/rules-edited.json')).stdout,
    );
    // ⌈2 × 2/3⌉ = 2 needed: short by 1.
    expect(edited.metrics.find((m: { id: string }) => m.id === 'Y7')).toMatchObject({
      numerator: 1,
      denominator: 2,
      met: false,
      gap: 1,
    });
    expect(Array.isArray(edited.teams)).toBe(true);
    // The output says which rules it follows: Y7 changed, nothing else.
    expect(base.ruleSet.changed).toEqual({});
    expect(edited.ruleSet).toMatchObject({ changed: { Y7: 'modified' }, settingsChanged: [] });
    expect(edited.ruleSet.hash).not.toBe(base.ruleSet.hash);
    const table = (
      await cli(
        file,
        '--as-of',
        '2024-12-31',
        '--rules',
        'tests/.out/rules-edited.json',
        '--format',
        'table',
      )
    ).stdout;
    expect(table).toContain('规则：已修改 Y7；待核实：');
    // The printed file of an edited set is that set.
    const again = JSON.parse(
      (await cli('--print-rules', '--rules', 'tests/.out/rules-edited.json')).stdout,
    );
    expect(again.rules.find((r: { id: string }) => r.id === 'Y7').target).toEqual([2, 3]);
  });

  it('a rules file that fails its checks: exit 2 and the field named', async () => {
    const printed = JSON.parse((await cli('--print-rules')).stdout);
    printed.rules.find((r: { id: string }) => r.id === 'Y1').target = [7, 6];
    writeFileSync('tests/.out/rules-bad.json', JSON.stringify(printed));
    const err = await cli('--rules', 'tests/.out/rules-bad.json').catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('规则 Y1 · 目标：目标 7/6 大于 1');
  });

  it('a baseline after the reference date or before every snapshot: exit 2, saying which', async () => {
    const file = 'tests/.out/baseline.csv';
    writeFileSync(
      file,
      csv([{ 姓名: '示例甲', 出生年月: '1980.01', 职务层次: '正科', 性别: '男' }]),
    );
    const asked = (baseline: string) =>
      cli(file, '--snapshot', '2024-06-30', '--baseline', baseline).catch((e) => e);
    const late = await asked('2024-12-31');
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('--baseline 2024-12-31 不能晚于统计时点 2024-06-30');
    const early = await asked('2023-12-31');
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('--baseline 2023-12-31 早于最早的快照 2024-06-30');
    // In English with --lang en, as the wrong arguments themselves are.
    const en = await cli(
      file,
      '--snapshot',
      '2024-06-30',
      '--compare',
      '2024-12-31',
      '--lang',
      'en',
    ).catch((e) => e);
    expect(en.stderr).toContain(
      '--compare 2024-12-31 may not be after the reference date 2024-06-30',
    );
    const bad = await cli('--as-of', '2024-13-01', '--lang', 'en').catch((e) => e);
    expect([bad.code, bad.stderr.trim()]).toEqual([
      2,
      '--as-of needs a date as YYYY-MM-DD: 2024-13-01',
    ]);
    expect(JSON.parse((await asked('2024-06-30')).stdout).headcount).toBe(1);
  });

  it('the table names each team warning with its teams, those that meet their template too', async () => {
    const file = 'tests/.out/warned.csv';
    // A 市直 team of two that scores 达标 under an edited template, its principal retiring in
    // two months (2024-08, born 1964-08: no delay before 1965-01): 1 of 2 is also more than a
    // third retiring within three years.
    writeFileSync(
      file,
      csv([
        {
          姓名: '示例甲',
          性别: '男',
          出生年月: '1964.08',
          工作单位: '示例市统计局',
          单位类型: '市直',
          职务层次: '正处',
          是否班子成员: '是',
          是否正职: '是',
        },
        {
          姓名: '示例乙',
          性别: '女',
          出生年月: '1990.01',
          工作单位: '示例市统计局',
          单位类型: '市直',
          职务层次: '副处',
          是否班子成员: '是',
          是否正职: '否',
        },
      ]),
    );
    const printed = JSON.parse((await cli('--print-rules')).stdout);
    const t1 = printed.rules.find((r: { id: string }) => r.id === 'T1');
    t1.items = [{ ...t1.items.find((i: { id: string }) => i.id === 'women'), weight: 100 }];
    writeFileSync('tests/.out/rules-t1.json', JSON.stringify(printed));
    const args = [file, '--as-of', '2024-06-30', '--rules', 'tests/.out/rules-t1.json'];
    const teams = JSON.parse((await cli(...args)).stdout).teams;
    expect(teams).toMatchObject([
      {
        unit: '示例市统计局',
        status: '达标',
        warnings: ['主要领导半年内到龄（1人）', '三年内到龄超过1/3或3人以上（1人）'],
      },
    ]);
    const table = (await cli(...args, '--format', 'table')).stdout;
    expect(table).toContain('T1 市直单位领导班子：1 个班子，达标 1，基本达标 0，不达标 0');
    expect(table).toContain('  预警 主要领导半年内到龄：1 个班子（示例市统计局）');
  });

  it('--age is age at --as-of, also when --as-of is after the snapshot', async () => {
    mkdirSync('tests/.out/cli', { recursive: true });
    const file = 'tests/.out/cli/age-after.csv';
    // At the snapshot (2026-10-31) both are 35; on 2026-11-15 甲 (born 1990-11) is 36.
    writeFileSync(
      file,
      [
        '姓名,出生年月,职务层次,统计时点',
        '甲,1990.11,乡科级副职,2026-10-31',
        '乙,1991.10,乡科级副职,2026-10-31',
      ].join('\n'),
    );
    const headcount = async (asOf: string) =>
      JSON.parse((await cli(file, '--as-of', asOf, '--age', '30-35')).stdout).headcount;
    expect(await headcount('2026-10-31')).toBe(2);
    expect(await headcount('2026-11-15')).toBe(1);
  });

  it('a filter value the data lacks is named on stderr; a unit may be given by its name', async () => {
    const file = 'tests/.out/filter-values.csv';
    writeFileSync(
      file,
      csv([
        {
          姓名: '示例甲',
          出生年月: '1980.01',
          职务层次: '正科',
          性别: '男',
          工作单位: '示例市统计局',
          单位类型: '市直',
        },
        {
          姓名: '示例乙',
          出生年月: '1985.01',
          职务层次: '副科',
          性别: '女',
          工作单位: '示例市档案局',
          单位类型: '市直',
        },
      ]),
    );
    const args = [file, '--as-of', '2024-12-31'];
    const wrong = await cli(...args, '--filter', 'level=正科');
    expect(JSON.parse(wrong.stdout).headcount).toBe(0);
    expect(wrong.stderr).toContain(
      '提示：筛选 level=正科：统计时点的数据中没有“正科”（职务层次的取值有 乡科级正职、乡科级副职），按此筛选没有人',
    );
    // One value of two missing: the note names it, and the other still selects (乡科级正职: 1).
    const half = await cli(...args, '--filter', 'level=正科,乡科级正职');
    expect(JSON.parse(half.stdout).headcount).toBe(1);
    expect(half.stderr).toContain(
      '提示：筛选 level=正科,乡科级正职：统计时点的数据中没有“正科”（职务层次的取值有 乡科级正职、乡科级副职），只按其余取值筛选',
    );
    // A workbook says it too (the notes went to stderr for json and table only).
    const book = await cli(
      ...args,
      '--filter',
      'level=正科',
      '--format',
      'xlsx',
      '--out',
      'tests/.out/cli/f.xlsx',
    );
    expect(book.stderr).toContain('没有“正科”');
    const en = await cli(...args, '--filter', 'level=正科', '--lang', 'en');
    expect(en.stderr).toContain('this filter selects nobody');
    const byName = await cli(...args, '--filter', 'unit=示例市档案局');
    const r = JSON.parse(byName.stdout);
    expect([r.headcount, r.breakdowns.gender['女'], byName.stderr]).toEqual([1, 1, '']);
  });
});

describe('trend CLI', { timeout: 120_000 }, () => {
  const trend = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/cli/trend.ts', ...args], { encoding: 'utf8' });

  it('says which file had no date, and --snapshot dates it', async () => {
    mkdirSync('tests/.out/trend', { recursive: true });
    const head = {
      姓名: '甲',
      出生年月: '1990.01',
      职务层次: '乡科级正职',
      现任职务: '某镇党委书记',
    };
    // cadres-2026-6.csv: a month of one digit; 名册.csv: no date anywhere.
    writeFileSync('tests/.out/trend/cadres-2026-6.csv', csv([head]));
    writeFileSync('tests/.out/trend/名册.csv', csv([head, { ...head, 姓名: '乙' }]));
    const files = ['tests/.out/trend/cadres-2026-6.csv', 'tests/.out/trend/名册.csv'];
    const a = await trend(...files);
    expect(JSON.parse(a.stdout)).toMatchObject({
      rows: { read: 3, loaded: 1, rejected: 2 },
      undated: ['名册.csv'],
      snapshots: ['2026-06-30'],
    });
    expect(a.stderr).toBe(
      '提示：读取的 3 行中拒收 2 行，不在任何统计时点（见 JSON 的 rows）\n' +
        '提示：“名册.csv”没有统计时点，其中的行未载入；请用 --snapshot YYYY-MM-DD 给出（用于所有未注明统计时点的文件）\n',
    );
    const b = await trend(...files, '--snapshot', '2026-07-31');
    expect(JSON.parse(b.stdout)).toMatchObject({
      rows: { read: 3, loaded: 3, rejected: 0 },
      undated: [],
      snapshots: ['2026-06-30', '2026-07-31'],
    });
    expect(b.stderr).toBe('');
  });
});

describe('report CLI: columns not read', { timeout: 120_000 }, () => {
  it('names the columns no field reads, but 序号, 备注 and a year’s review', async () => {
    mkdirSync('tests/.out/cols', { recursive: true });
    const file = 'tests/.out/cols/名册2024-12.csv';
    writeFileSync(
      file,
      csv([
        {
          序号: '1',
          姓名: '甲',
          出生年月: '1980.01',
          特长: '写作',
          学位: '学士',
          '2023年度考核': '优秀',
          备注: '',
        },
      ]),
    );
    const r = await spawned(file);
    expect(JSON.parse(r.stdout).columnsNotRead).toEqual([
      { file: '名册2024-12.csv', columns: ['特长', '学位'] },
    ]);
    expect(r.stderr).toContain(
      '提示：名册2024-12.csv 中这些列未读取：特长、学位（需要读取时请改用标准列名，见 docs/data-model.md）',
    );
  });
});
