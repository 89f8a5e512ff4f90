import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliReport } from './cli-report.ts';
import { PER_UNIT_CSV, titledCsv, utf16 } from '../fixtures/ingest.ts';
import { closeApp, openApp, type AppHarness } from './setup.ts';

/*
 * Rosters of issue 10 on the page, against the report CLI on the same files: a CSV with title
 * lines, Excel's "Unicode 文本" export dropped on the page, a roster that loads nothing, one whose
 * person ids repeat, and a damaged file. Fixtures and hand-worked counts: tests/fixtures/ingest.ts.
 */
const OUT = fileURLToPath(new URL('../.out/ingest/', import.meta.url));
let app: AppHarness;
const page = () => app.page;
const text = (testid: string) => page().getByTestId(testid).first().innerText();
const review = () => page().getByTestId('import');

/** Waits until the page shows dataset `name` and every panel its view at `asOf`. */
async function waitReady(name: string, asOf: string) {
  await page()
    .waitForFunction(
      ([n, d]) =>
        document.querySelector('[data-testid=dataset]')?.textContent === n &&
        document.querySelector('[data-testid=as-of]')?.getAttribute('data-ready') === d &&
        !!document.querySelector('main')?.getAttribute('data-view'),
      [name, asOf],
      { timeout: 60_000 },
    )
    .catch(async (e) => {
      const shown = await page().locator('[role=alert], [role=status]').allInnerTexts();
      throw new Error(`${e}\n${shown.join('\n')}\n${app.consoleErrors.join('\n')}`);
    });
}

/** Drops files on the page as a user drags them from the desktop. */
async function drop(files: { name: string; bytes: Uint8Array }[]) {
  await page().evaluate(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    },
    files.map((f) => ({ name: f.name, bytes: [...f.bytes] })),
  );
}

const cliOf = (file: string) => cliReport({ files: [file], format: 'json', byUnit: false });

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  app = await openApp();
});
afterAll(() => closeApp(app));

describe('text rosters as offices export them', () => {
  it('a CSV with title lines: header found, 统计时点 taken from the title, the CLI’s figures', async () => {
    const file = OUT + '干部名册.csv';
    writeFileSync(file, titledCsv());
    const cli = await cliOf(file);
    // 张三 1983.05 → 41, 李四 1990.11 → 34 at 2024-12-31: 2 people, mean 37.5.
    expect([cli.asOf, cli.headcount, cli.age.mean]).toEqual(['2024-12-31', 2, 37.5]);
    expect(cli.rows).toEqual({ read: 3, loaded: 2, rejected: 1, skipped: 3 });

    await page().getByTestId('open-files').setInputFiles(file);
    await review().getByTestId('import-source').waitFor();
    expect(await review().getByTestId('import-snapshot').inputValue()).toBe('2024-12-31');
    expect(await text('import-snapshot-title')).toBe('取自标题，请核对');
    expect(await text('import-header-row')).toBe('第 3 行为列标题，上方的标题行不导入');
    expect(await text('import-identity')).toContain('以姓名和出生年月区分人员');
    // No 是否班子成员: the review says how teams are taken; no unit column, so no unit types.
    expect(await text('import-team')).toContain('最高一级的正副职领导');
    expect(await review().getByTestId('import-unit-type').count()).toBe(0);
    expect(await review().locator('[data-column=序号]').inputValue()).toBe('');
    await review().getByTestId('import-confirm').click();
    await waitReady('干部名册.csv', '2024-12-31');
    expect(await text('headcount')).toBe(String(cli.headcount));
    expect(await text('mean-age')).toBe(cli.age.mean!.toFixed(1));
    expect(await text('source')).toContain(
      '读取 3 行，载入 2 行，拒收 1 行，跳过空行、合计行和页码等 3 行',
    );
  });

  it('Excel’s “Unicode 文本” (UTF-16LE, tab-separated) dropped on the page', async () => {
    const bytes = utf16(titledCsv('\t'), 'le', true);
    const file = OUT + '干部名册.txt';
    writeFileSync(file, bytes);
    const cli = await cliOf(file);
    expect([cli.headcount, cli.age.mean]).toEqual([2, 37.5]);
    await drop([{ name: '干部名册.txt', bytes }]);
    await review().getByTestId('import-source').waitFor();
    expect(await review().getByTestId('import-snapshot').inputValue()).toBe('2024-12-31');
    await review().getByTestId('import-confirm').click();
    await waitReady('干部名册.txt', '2024-12-31');
    expect(await text('headcount')).toBe(String(cli.headcount));
    expect(await text('mean-age')).toBe(cli.age.mean!.toFixed(1));
    expect(await text('source')).toContain('读取 3 行，载入 2 行，拒收 1 行');
    // The rejected row downloads with its line number, in the page's language.
    await page().getByRole('button', { name: 'English' }).click();
    const [csv] = await Promise.all([
      page().waitForEvent('download'),
      page().getByTestId('save-rejected').click(),
    ]);
    expect(
      readFileSync(await csv.path(), 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd(),
    ).toBe('File,Row,Name,Reason\r\n干部名册.txt,6,王五,no birth date');
    await page().getByRole('button', { name: '中文' }).click();
  });
});

describe('outcomes that need the user', () => {
  it('nothing loaded: the validation report, downloadable; the data shown stays', async () => {
    const epoch =
      '姓名,出生年月,统计时点\n甲,420566400000,2024-12-31\n乙,452102400000,2024-12-31\n';
    await page()
      .getByTestId('open-files')
      .setInputFiles({ name: '毫秒名册.csv', mimeType: 'text/csv', buffer: Buffer.from(epoch) });
    await review().getByTestId('import-confirm').click();
    const outcome = review().getByTestId('import-outcome');
    await outcome.waitFor();
    expect(await outcome.locator('[role=alert]').innerText()).toBe(
      '没有载入任何行：读取的 2 行全部被拒收（原因见拒收行清单），当前数据未改变',
    );
    expect(await text('import-outcome-rows')).toContain('读取 2 行，载入 0 行，拒收 2 行');
    expect(await outcome.locator('tbody tr').allInnerTexts()).toEqual([
      '毫秒名册.csv\t2\t甲\t出生年月无法识别：420566400000',
      '毫秒名册.csv\t3\t乙\t出生年月无法识别：452102400000',
    ]);
    const [csv] = await Promise.all([
      page().waitForEvent('download'),
      review().getByTestId('import-outcome-save').click(),
    ]);
    expect(
      readFileSync(await csv.path(), 'utf8')
        .replace(/^\uFEFF/, '')
        .trimEnd(),
    ).toBe(
      '文件,行号,姓名,原因\r\n毫秒名册.csv,2,甲,出生年月无法识别：420566400000\r\n' +
        '毫秒名册.csv,3,乙,出生年月无法识别：452102400000',
    );
    await review().getByTestId('import-cancel').click();
    await review().waitFor({ state: 'detached' });
    // The same in English (the review is modal: the language is chosen before opening).
    await page().getByRole('button', { name: 'English' }).click();
    await page()
      .getByTestId('open-files')
      .setInputFiles({ name: '毫秒名册.csv', mimeType: 'text/csv', buffer: Buffer.from(epoch) });
    await review().getByTestId('import-confirm').click();
    await outcome.waitFor();
    expect(await outcome.locator('[role=alert]').innerText()).toBe(
      'nothing was loaded: all 2 rows read were rejected (see the rejected rows for why); the data on screen is unchanged',
    );
    expect(await outcome.locator('tbody tr').first().innerText()).toBe(
      '毫秒名册.csv\t2\t甲\tbirth date not recognised: 420566400000',
    );
    await review().getByTestId('import-cancel').click();
    await review().waitFor({ state: 'detached' });
    await page().getByRole('button', { name: '中文' }).click();
    expect(await text('dataset')).toBe('干部名册.txt');
    expect(await text('headcount')).toBe('2');
    expect(await page().getByTestId('error').count()).toBe(0);
  });

  it('序号 mapped as person id repeats: the import pauses with examples; import anyway', async () => {
    await page()
      .getByTestId('open-files')
      .setInputFiles({
        name: '分单位名册.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(PER_UNIT_CSV),
      });
    await review().getByTestId('import-source').waitFor();
    await review().locator('[data-column=序号]').selectOption('person_id');
    await review().getByTestId('import-confirm').click();
    const pause = review().getByTestId('import-duplicates');
    await pause.waitFor();
    expect(await pause.innerText()).toContain('“分单位名册.csv”中有 3 行（共 7 行）');
    expect(await pause.locator('li').allInnerTexts()).toEqual([
      '第 5 行 丁：人员编号 1，与第 2 行相同',
      '第 6 行 戊：人员编号 2，与第 3 行相同',
      '第 7 行 己：人员编号 3，与第 4 行相同',
    ]);
    // Nothing has changed yet.
    expect(await text('dataset')).toBe('干部名册.txt');
    await pause.getByTestId('import-anyway').click();
    await waitReady('分单位名册.csv', '2024-12-31');
    expect(await text('headcount')).toBe('4');
    expect(await text('source')).toContain('读取 7 行，载入 4 行，拒收 3 行');
  });

  it('the same person in three LRMX forms: each example names its form and the first one', async () => {
    const form = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Person><XingMing>张明</XingMing>' +
        '<ChuShengNianYue>198305</ChuShengNianYue><ShenFenZheng>43110219830512019X</ShenFenZheng></Person>',
    );
    await page()
      .getByTestId('open-files')
      .setInputFiles(
        ['a', 'b', 'c'].map((f) => ({ name: `${f}.lrmx`, mimeType: '', buffer: form })),
      );
    await review().getByTestId('import-source').waitFor();
    await review().getByTestId('import-snapshot').fill('2024-12-31');
    await review().getByTestId('import-confirm').click();
    const pause = review().getByTestId('import-duplicates');
    await pause.waitFor();
    expect(await pause.locator('li').allInnerTexts()).toEqual([
      'b.lrmx · 第 1 行 张明：身份证号 43110219830512019X，与“a.lrmx”第 1 行相同',
      'c.lrmx · 第 1 行 张明：身份证号 43110219830512019X，与“a.lrmx”第 1 行相同',
    ]);
    await review().getByTestId('import-cancel').click();
  });

  it('a damaged file: a plain message, the engine’s words behind 详细信息', async () => {
    const bytes = new Uint8Array([...Buffer.from('ARROW1\0\0'), 0xff, 0xff, 1, 2, 3]);
    await page()
      .getByTestId('open-files')
      .setInputFiles({ name: '坏.arrow', mimeType: '', buffer: Buffer.from(bytes) });
    const error = page().getByTestId('error');
    await error.waitFor();
    expect(await error.locator('p').innerText()).toBe(
      '无法读取文件“坏.arrow”：Arrow 文件已损坏或不完整，无法读取：请重新导出',
    );
    expect(await error.locator('details').isVisible()).toBe(true);
    expect(await error.locator('details pre').isVisible()).toBe(false);
    await error.locator('summary').click();
    expect(await error.locator('details pre').innerText()).not.toBe('');
    await page().getByRole('button', { name: 'English' }).click();
    expect(await error.locator('p').innerText()).toBe(
      'Cannot read “坏.arrow”: the Arrow file is damaged or incomplete: export it again',
    );
    expect(await error.locator('summary').innerText()).toBe('Details');
    await page().getByRole('button', { name: '中文' }).click();
    expect(await text('headcount')).toBe('4');
  });

  it('a file of headers and no row says so at once: no review asking for its 统计时点', async () => {
    await page()
      .getByTestId('open-files')
      .setInputFiles({
        name: '空名册.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('姓名,性别,出生年月,工作单位\n'),
      });
    const error = page().getByTestId('error');
    await error.waitFor();
    expect(await error.locator('p').innerText()).toBe(
      '无法读取文件“空名册.csv”：文件中只有列标题，没有数据行；当前数据未改变',
    );
    expect(await review().getByTestId('import-source').count()).toBe(0);
    expect(await text('headcount')).toBe('4');
  });
});
