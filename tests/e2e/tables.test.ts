import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliReport } from './cli-report.ts';
import { loadCanonical } from '../../src/core/load.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../../src/core/node-env.ts';
import type { Report } from '../../src/core/report.ts';
import { closeApp, expectPeopleRows, namesIn, openApp, type AppHarness } from './setup.ts';

let app: AppHarness;
let cli: Report;
const page = () => app.page;

beforeAll(async () => {
  app = await openApp();
  cli = await cliReport({ files: [], format: 'json', byUnit: false });
  await settled(page());
});
afterAll(() => closeApp(app));

/** Waits until every panel shows the live view (DuckDB has computed it). */
async function settled(p: Page, viewHas = '') {
  await p.waitForFunction(
    (part) => (document.querySelector('main')?.getAttribute('data-view') ?? '').includes(part),
    viewHas,
    { timeout: 90_000 },
  );
  await p.waitForFunction(() => !!document.querySelector('main')?.getAttribute('data-view'));
}

async function download(click: () => Promise<void>): Promise<Download> {
  const [d] = await Promise.all([page().waitForEvent('download', { timeout: 90_000 }), click()]);
  return d;
}

async function workbook(d: Download) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(await d.path()).buffer as ArrayBuffer);
  return wb;
}

/** Every text of an .xlsx file (its XML parts unzipped). */
const xlsxText = async (d: Download) =>
  Object.values(unzipSync(new Uint8Array(readFileSync(await d.path()))))
    .map((b) => strFromU8(b))
    .join('\n');

const crosstab = (rows: string, cols: string) =>
  page().locator(`[data-testid=crosstab-table][data-rows=${rows}][data-cols=${cols}]`);

describe('二维统计 (cross-tab)', () => {
  it('any two dimensions: a cell opens exactly its people; totals equal the CLI', async () => {
    await page().locator('#tables').scrollIntoViewIfNeeded();
    await crosstab('level', 'age_band').waitFor({ timeout: 60_000 });
    await page().getByTestId('crosstab-rows').selectOption('unit_type');
    await page().getByTestId('crosstab-cols').selectOption('gender');
    const table = crosstab('unit_type', 'gender');
    await table.waitFor();
    expect(new URL(page().url()).searchParams.get('xtab')).toBe('unit_type,gender');
    const colTotals = await table.getByTestId('crosstab-col-total').allInnerTexts();
    expect(colTotals.map((s) => Number(s.replaceAll(',', '')))).toEqual([
      cli.breakdowns.gender['男'],
      cli.breakdowns.gender['女'],
    ]);
    expect(
      Number((await table.getByTestId('crosstab-total').innerText()).replaceAll(',', '')),
    ).toBe(cli.headcount);

    // The women of the township units: the list has as many rows as the cell says.
    const cell = table.locator('tbody tr').last().getByTestId('crosstab-cell').last();
    const n = Number(await cell.getAttribute('data-n'));
    expect(n).toBeGreaterThan(0);
    await cell.click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${n} 人`);
    await expectPeopleRows(dialog, n);
    expect(await dialog.getByTestId('people-title').innerText()).toContain('乡镇街道 × 女');

    // The list as Excel: title, 统计时点 and scope, the data source, one row per person.
    const d = await download(() => dialog.getByTestId('export-xlsx').click());
    expect(d.suggestedFilename()).toMatch(/_2026-10-31\.xlsx$/);
    const ws = (await workbook(d)).worksheets[0];
    expect(String(ws.getCell('A1').value)).toContain('乡镇街道 × 女');
    expect(String(ws.getCell('A2').value)).toContain('统计时点 2026-10-31');
    expect(ws.getCell('A3').value).toBe('姓名');
    expect(ws.getCell(ws.rowCount, 1).value).toBe('数据来源：示例数据');
    // Title, caption, header, n rows, a blank line, the source.
    expect(ws.rowCount).toBe(3 + n + 2);
    expect(ws.pageSetup.orientation).toBe('landscape');

    // The 花名册 of the same list: grouped by unit, every person once.
    const r = await download(() => dialog.getByTestId('export-roster').click());
    const roster = (await workbook(r)).worksheets[0];
    let people = 0;
    let headings = 0;
    roster.eachRow((row, i) => {
      if (i <= 3) return;
      if (typeof roster.getCell(i, 1).value === 'number') people++;
      else if (/（\d+ 人）$/.test(String(roster.getCell(i, 1).value))) headings++;
    });
    expect(people).toBe(n);
    expect(headings).toBeGreaterThan(1);
    // Title, 截至 date and scope, the rules, then the header.
    expect(roster.getCell('A3').value).toMatch(/^规则：默认规则；待核实：/);
    expect(roster.getCell('A4').value).toBe('序号');
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('percentages of the row or column; the URL reopens the same view', async () => {
    await page().getByTestId('crosstab-pct').selectOption('col');
    const url = new URL(page().url());
    expect(url.searchParams.get('xtabPct')).toBe('col');
    const again = await page().context().newPage();
    try {
      await again.goto(url.toString());
      await again
        .locator('[data-testid=crosstab-table][data-rows=unit_type][data-cols=gender]')
        .waitFor({ timeout: 90_000 });
      expect(await again.getByTestId('crosstab-rows').inputValue()).toBe('unit_type');
      expect(await again.getByTestId('crosstab-cols').inputValue()).toBe('gender');
      expect(await again.getByTestId('crosstab-pct').inputValue()).toBe('col');
      const first = again.getByTestId('crosstab-cell').first();
      expect(await first.getAttribute('data-n')).toBe(
        await page().getByTestId('crosstab-cell').first().getAttribute('data-n'),
      );
    } finally {
      await again.close();
    }
  });

  it('exports as .xlsx with counts, row and column percentages', async () => {
    const d = await download(() =>
      page().getByTestId('crosstab').getByTestId('export-xlsx').click(),
    );
    const ws = (await workbook(d)).worksheets[0];
    expect(ws.getCell('A1').value).toBe('二维统计：单位类别 × 性别');
    expect(ws.getCell('A4').value).toBe('单位类别 \\ 性别');
    expect([ws.getCell('B4').value, ws.getCell('C4').value, ws.getCell('D4').value]).toEqual([
      '男',
      '女',
      '合计',
    ]);
    expect(ws.getCell('A5').value).toBe('人数');
    expect(ws.getCell(ws.rowCount, 1).value).toBe('数据来源：示例数据');
  });
});

describe('chart and table downloads say where the data comes from', () => {
  it('a chart and the Y/J target bars as SVG: title, 统计时点 and scope, data source; dated names', async () => {
    const pyramid = await download(() =>
      page().getByTestId('pyramid').getByTestId('download-svg').click(),
    );
    expect(readFileSync(await pyramid.path(), 'utf8')).toContain('数据来源：示例数据');
    const bars = await download(() =>
      page().getByTestId('bars-yongzhou').getByTestId('download-svg').click(),
    );
    expect(bars.suggestedFilename()).toMatch(/目标达成情况_2026-10-31\.svg$/);
    const svg = readFileSync(await bars.path(), 'utf8');
    expect(svg).not.toContain('style="');
    for (const m of cli.metrics.filter((x) => /^Y[1-8]$/.test(x.id))) {
      expect(svg, m.id).toContain(`>${m.numerator}/${m.denominator}<`);
      if (m.met === false) expect(svg, m.id).toContain(`还差 ${m.gap} 人`);
    }
    expect(svg).toContain('统计时点 2026-10-31 · 范围：全市');
    expect(svg).toContain('数据来源：示例数据');
    const png = await download(() =>
      page().getByTestId('bars-jinzhou').getByTestId('download-png').click(),
    );
    expect(
      readFileSync(await png.path())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('the unit table as CSV and Excel', async () => {
    const panel = page().getByTestId('unit-profile');
    const csv = await download(() => panel.getByTestId('export-csv').click());
    const lines = readFileSync(await csv.path(), 'utf8')
      .slice(1)
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('各班子/单位一览');
    expect(lines.at(-1)).toBe('数据来源：示例数据');
    const xlsx = await workbook(await download(() => panel.getByTestId('export-xlsx').click()));
    const ws = xlsx.worksheets[0];
    // Title, caption, header, one row per unit, a blank line, the source.
    expect(ws.rowCount).toBe(3 + lines.length - 4 + 2);
  });
});

describe('standard statistical tables from the page', () => {
  it('干部情况统计表: the cells equal the CLI (总数, every level, bands, 平均年龄), per unit type', async () => {
    const d = await download(() => page().getByTestId('standard-stats').click());
    const wb = await workbook(d);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '干部情况统计表',
      '干部情况（市直）',
      '干部情况（县市区）',
      '干部情况（乡镇街道）',
    ]);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A2').value).toBe('截至2026年10月31日    范围：全市');
    const rows = new Map<string, number>();
    ws.eachRow((_, r) => {
      const label = ws.getCell(r, 2).value;
      if (r > 6 && typeof label === 'string') rows.set(label, r);
    });
    const count = (label: string) => ws.getCell(rows.get(label)!, 3).value as number;
    expect(count('总数')).toBe(cli.headcount);
    for (const [level, n] of Object.entries(cli.breakdowns.level))
      expect(count(level), level).toBe(n);
    expect(count('30岁及以下') + count('31-35岁')).toBe(cli.age.bands['35岁及以下']);
    for (const b of ['36-40岁', '41-45岁', '46-50岁', '51-55岁', '56岁及以上'])
      expect(count(b), b).toBe(cli.age.bands[b]);
    expect(count('平均年龄')).toBeCloseTo(cli.age.mean!, 10);
    expect((ws.model as unknown as { merges: string[] }).merges).toContain('A4:B6');
  });
});

describe('masked exports', () => {
  it(
    'with names hidden, no name of the data is in a list, its roster or the standard tables',
    { timeout: 300_000 },
    async () => {
      const { db } = await openNodeDatabase();
      const demo = (f: string) => new URL(`../../data/demo/${f}`, import.meta.url);
      await loadCanonical(
        db,
        'canonical.parquet',
        await nodeParquetToIPC(new Uint8Array(readFileSync(demo('canonical.parquet')))),
        JSON.parse(readFileSync(demo('load-report.json'), 'utf8')),
      );
      const names = (
        await db.query<{ name: string }>(
          `SELECT DISTINCT name FROM cadres WHERE snapshot_date = $1::DATE AND name IS NOT NULL`,
          [cli.asOf],
        )
      ).map((r) => r.name);
      // Organisation names that happen to contain a person's name (杨源街道) are not personal data.
      const places = (
        await db.query<{ s: string }>(
          `SELECT DISTINCT unit_name AS s FROM cadres WHERE unit_name IS NOT NULL
         UNION SELECT DISTINCT secondment_unit FROM cadres WHERE secondment_unit IS NOT NULL`,
        )
      ).map((r) => r.s);
      await db.close();
      const personal = names.filter((n) => !places.some((p) => p.includes(n)));
      expect(personal.length).toBeGreaterThan(names.length - 10);

      await page().getByTestId('mask').click();
      await page().getByTestId('crosstab-total').click();
      const dialog = page().getByTestId('people');
      // Everyone of the demo (17k rows): over 30 s when the two cores are shared three ways.
      await dialog.getByTestId('people-count').waitFor({ timeout: 90_000 });
      const files = [
        await download(() => dialog.getByTestId('export-xlsx').click()),
        await download(() => dialog.getByTestId('export-roster').click()),
      ];
      const csv = await download(() => dialog.getByTestId('export-csv').click());
      await page().keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      files.push(await download(() => page().getByTestId('standard-all').click()));
      const texts = [
        ...(await Promise.all(files.map(xlsxText))),
        readFileSync(await csv.path(), 'utf8'),
      ];
      for (const text of texts) {
        expect(text.length).toBeGreaterThan(1000);
        expect(namesIn(text, personal)).toEqual([]);
      }
      await page().getByTestId('mask').click();
    },
  );
});
