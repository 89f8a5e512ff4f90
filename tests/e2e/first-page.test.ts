import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../src/cli/report.ts';
import { cliReport } from './cli-report.ts';
import { loadSources } from '../../src/core/load.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../../src/core/node-env.ts';
import { people, type Report } from '../../src/core/report.ts';
import { closeApp, expectPeopleRows, namesIn, openApp, type AppHarness } from './setup.ts';

let app: AppHarness;
const text = (testid: string) => app.page.getByTestId(testid).first().innerText();
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The page must show exactly what the report CLI prints for the same data and date. */
async function expectPageEqualsCli(cli: Report) {
  await app.page.waitForFunction(
    (d) => document.querySelector('[data-testid=as-of]')?.getAttribute('data-ready') === d,
    cli.asOf,
  );
  expect(await text('headcount')).toBe(cli.headcount.toLocaleString('zh-CN'));
  expect(await text('mean-age')).toBe(cli.age.mean!.toFixed(1));
  expect(await text('median-age')).toBe(cli.age.median!.toFixed(1));
  for (const id of ['Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Y8', 'J1', 'J2']) {
    const m = cli.metrics.find((x) => x.id === id)!;
    expect(await text(`count-${id}`), id).toBe(`${m.numerator}/${m.denominator}`);
    expect(await text(`value-${id}`), id).toBe(pct(m.value));
    const row = app.page.getByTestId(`metric-${id}`);
    expect(await row.getAttribute('data-met'), id).toBe(m.met ? 'yes' : 'no');
    if (m.met === false) expect(await text(`gap-${id}`)).toBe(`· 还差 ${m.gap} 人`);
    if (id < 'Y7' && id.startsWith('Y'))
      expect(await text(`units-${id}`)).toBe(
        `${m.unitsEvaluated} 个班子/单位中 ${m.unitsFailing} 个未达标`,
      );
  }
  const bands = await app.page.getByTestId('age-bands').locator('svg').getAttribute('aria-label');
  for (const [band, n] of Object.entries(cli.age.bands)) expect(bands).toContain(`${band} ${n}人`);
}

beforeAll(async () => {
  app = await openApp();
});
afterAll(() => closeApp(app));

describe('first page on the demo data', () => {
  it('shows the same figures as the report CLI for the newest snapshot', async () => {
    const cli = await cliReport({ files: [], format: 'json', byUnit: false });
    expect(cli.asOf).toBe('2026-10-31');
    await expectPageEqualsCli(cli);
  });

  it('shows the 2017 baseline when the reference date is changed, and keeps it in the URL', async () => {
    await app.page.getByTestId('as-of').selectOption('2017-12-31');
    const cli = await cliReport({ files: [], asOf: '2017-12-31', format: 'json', byUnit: false });
    await expectPageEqualsCli(cli);
    expect(await text('count-Y7')).toBe('113/1614');
    expect(await text('count-Y8')).toBe('306/6800');
    expect(new URL(app.page.url()).searchParams.get('asOf')).toBe('2017-12-31');
  });

  it('makes no request outside its own origin and logs no errors', () => {
    expect(app.requests.length).toBeGreaterThan(3);
    const outside = app.requests.filter(
      (u) =>
        !u.startsWith(app.server.url + '/') && !u.startsWith('data:') && !u.startsWith('blob:'),
    );
    expect(outside).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });

  it('labels the demo data and stamps date and source', async () => {
    expect(await app.page.locator('.badge').innerText()).toBe('示例数据');
    expect(await text('source')).toContain('读取 352,643 行');
    expect(await app.page.getByTestId('age-bands').innerText()).toContain('统计时点 2017-12-31');
  });

  it('推演: a later date of the user’s ages the newest roster as the CLI’s --as-of does, and says so', async () => {
    const asOf = app.page.getByTestId('as-of');
    await asOf.selectOption('…');
    const date = app.page.getByTestId('as-of-date');
    await date.fill('2027-06-30');
    await date.dispatchEvent('change');
    const cli = await cliReport({ files: [], asOf: '2027-06-30', format: 'json', byUnit: false });
    expect(cli.snapshotDate).toBe('2026-10-31');
    await expectPageEqualsCli(cli);
    // Probe 50a's own count from DOMAIN.md: Y7 250 of 1,594 at 2027-06-30 (18.3% at 2026-10-31).
    expect(await text('count-Y7')).toBe('250/1594');
    expect(await text('as-of-note')).toBe(
      '推演：年龄按 2027-06-30 计算，人员按 2026-10-31 的名册，到该日已到龄者仍计入；逐年推算（到龄者离开）见“比例预测”。',
    );
    expect(await app.page.getByTestId('age-bands').innerText()).toContain(
      '统计时点 2027-06-30（名册快照 2026-10-31）',
    );
    expect(new URL(app.page.url()).searchParams.get('asOf')).toBe('2027-06-30');
    await asOf.selectOption('2017-12-31');
    await app.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=as-of]')?.getAttribute('data-ready') === '2017-12-31',
    );
    expect(await app.page.getByTestId('as-of-note').count()).toBe(0);
  });

  it('a file it cannot read gives a message naming the file; the data already shown stays', async () => {
    const before = await text('headcount');
    await app.page.getByTestId('open-files').setInputFiles({
      name: '坏文件.parquet',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('PAR1 this is not parquet'),
    });
    await app.page.getByTestId('error').waitFor();
    const message = await text('error');
    expect(message).toContain('无法读取文件“坏文件.parquet”');
    expect(message).toContain('Parquet');
    expect(await text('headcount')).toBe(before);
  });
});

describe('drill-down to people and units', () => {
  const asOf = () => app.page.getByTestId('as-of').inputValue();

  it('a numerator opens exactly the people it counts; CSV downloads for Excel; Esc closes', async () => {
    const cli = await cliReport({ files: [], asOf: await asOf(), format: 'json', byUnit: false });
    const y2 = cli.metrics.find((m) => m.id === 'Y2')!;
    await app.page.getByTestId('young-Y2').click();
    const dialog = app.page.getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${y2.numerator} 人`);
    await expectPeopleRows(dialog, y2.numerator!);

    const [download] = await Promise.all([
      app.page.waitForEvent('download'),
      dialog.getByTestId('export-csv').click(),
    ]);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    // The list's title and its 统计时点 and scope above the header, the data source under it.
    expect(lines[0]).toBe(await dialog.getByTestId('people-title').innerText());
    expect(lines[1]).toMatch(/^统计时点 \d{4}-\d{2}-\d{2} · 范围：全市/);
    expect(lines[2].split(',').slice(0, 4)).toEqual(['姓名', '性别', '出生年月', '年龄']);
    expect(lines).toHaveLength(y2.numerator! + 4);
    expect(lines.at(-1)).toBe('数据来源：示例数据');
    expect(download.suggestedFilename()).toMatch(/_\d{4}-\d{2}-\d{2}\.csv$/);

    await app.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('the unit table of a rule lists every team/unit with the CLI’s shortfall count', async () => {
    const cli = await cliReport({ files: [], asOf: await asOf(), format: 'json', byUnit: false });
    const y6 = cli.metrics.find((m) => m.id === 'Y6')!;
    await app.page.getByTestId('units-Y6').click();
    const table = app.page.getByTestId('unit-table');
    await table.getByTestId('unit-row').first().waitFor();
    expect(await table.getByTestId('unit-row').count()).toBe(y6.unitsEvaluated);
    expect(await table.locator('[data-testid=unit-row][data-met=no]').count()).toBe(
      y6.unitsFailing,
    );
    expect(await table.locator('[data-met=no] td').last().innerText()).toContain('未达标');

    const first = table.getByTestId('unit-row').first();
    const unit = await first.locator('td').first().innerText();
    const members = Number(await first.locator('td').nth(2).innerText());
    await first.locator('td').nth(2).getByRole('button').click();
    const dialog = app.page.getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${members} 人`);
    await app.page.keyboard.press('Escape');

    await table.getByTestId('unit-search').fill(unit);
    expect(await table.getByTestId('unit-row').count()).toBeGreaterThanOrEqual(1);
    expect(await table.getByTestId('unit-row').first().locator('td').first().innerText()).toBe(
      unit,
    );
  });
});

describe('masking for screenshots', () => {
  it('hides every name of the data on the page and in the export, and keeps it in the URL', async () => {
    const cli = await cliReport({
      files: [],
      asOf: await app.page.getByTestId('as-of').inputValue(),
      format: 'json',
      byUnit: false,
    });
    const y1 = cli.metrics.find((m) => m.id === 'Y1')!;
    await app.page.getByTestId('mask').click();
    expect(await app.page.getByTestId('mask').getAttribute('aria-pressed')).toBe('true');
    expect(new URL(app.page.url()).searchParams.get('mask')).toBe('1');
    await app.page.getByTestId('all-Y1').click();
    const dialog = app.page.getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    await expectPeopleRows(dialog, y1.denominator!);

    const { db, sql } = await openNodeDatabase();
    await loadSources(
      db,
      [{ name: 'cadres.parquet', bytes: new Uint8Array(readFileSync(DEMO_FILE)) }],
      {
        parquetToIPC: nodeParquetToIPC,
      },
    );
    const names = (await people(db, sql, { asOf: cli.asOf, metricId: 'Y1' })).map((p) => p.name!);
    await db.close();
    expect(names).toHaveLength(y1.denominator!);
    const page = await app.page.locator('body').innerText();
    expect(namesIn(page, names)).toEqual([]);

    const [download] = await Promise.all([
      app.page.waitForEvent('download'),
      dialog.getByTestId('export-csv').click(),
    ]);
    const csv = readFileSync(await download.path()).toString('utf8');
    expect(namesIn(csv, names)).toEqual([]);
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('mask').click();
  });
});

describe('Jinzhou trend', () => {
  it('plots J1 and J2 at every snapshot and ends on the CLI’s newest values', async () => {
    const cli = await cliReport({ files: [], format: 'json', byUnit: false });
    const chart = app.page.getByTestId('trend-jinzhou');
    expect(await chart.locator('circle').count()).toBe(2 * 20);
    for (const id of ['J1', 'J2']) {
      const m = cli.metrics.find((x) => x.id === id)!;
      expect(await chart.getByTestId(`trend-end-${id}`).textContent()).toBe(
        `${id} ${pct(m.value)} ${m.met ? '✓' : '✗'}`,
      );
    }
    const label = await chart.locator('svg').getAttribute('aria-label');
    expect(label).toContain('J1 2017-12-31 10.0%');
  });
});

describe('Jinzhou J3–J5', () => {
  it('shows 三个一批 bands and J4/J5 against the baseline the user picks, as the CLI does', async () => {
    await app.page.getByTestId('as-of').selectOption('2026-10-31');
    await app.page.getByTestId('baseline-J4').selectOption('2020-12-31');
    await app.page.waitForFunction(
      () => new URL(location.href).searchParams.get('baseline') === '2020-12-31',
    );
    const cli = await cliReport({
      files: [],
      asOf: '2026-10-31',
      baseline: '2020-12-31',
      format: 'json',
      byUnit: false,
    });
    const m = (id: string) => cli.metrics.find((x) => x.id === id)!;
    for (const id of ['J3a', 'J3b', 'J3c'])
      expect(await text(`band-${id}`)).toContain(`${m(id).numerator}`);
    const signed = (v: number, unit: string) => {
      const shown = Math.abs(v).toFixed(1);
      return `${Number(shown) === 0 ? '±' : v > 0 ? '+' : '−'}${shown} ${unit}`;
    };
    const j4 = m('J4');
    expect(await text('current-J4')).toBe(`${j4.current!.toFixed(1)} 岁`);
    expect(await text('delta-J4')).toBe(signed(j4.value!, '岁'));
    const j5 = m('J5');
    expect(await text('delta-J5')).toBe(signed(j5.value! * 100, '个百分点'));
    expect(await text('change-J4')).toContain(j4.met ? '达标' : '未达标');
  });
});

describe('KPI strip', () => {
  it('shows the change since the previous snapshot and a year earlier, as two CLI runs give', async () => {
    await app.page.getByTestId('as-of').selectOption('2025-12-31');
    await app.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=as-of]')?.getAttribute('data-ready') === '2025-12-31',
    );
    const report = (asOf: string) => cliReport({ files: [], asOf, format: 'json', byUnit: false });
    const [now, prev, yearAgo] = await Promise.all([
      report('2025-12-31'),
      report('2025-11-30'),
      report('2024-12-31'),
    ]);
    const signed = (v: number, digits: number, unit: string) => {
      const shown = Math.abs(v).toFixed(digits);
      return `${Number(shown) === 0 ? '±' : v > 0 ? '+' : '−'}${shown} ${unit}`;
    };
    expect(await text('kpi-mean_age-prev')).toBe(
      `较上期 ${signed(now.age.mean! - prev.age.mean!, 1, '岁')}`,
    );
    expect(await text('kpi-mean_age-year')).toBe(
      `较去年同期（2024-12-31） ${signed(now.age.mean! - yearAgo.age.mean!, 1, '岁')}`,
    );
    const y7 = (r: Report) => r.metrics.find((m) => m.id === 'Y7')!.value!;
    expect(await text('kpi-Y7-year')).toBe(
      `较去年同期（2024-12-31） ${signed((y7(now) - y7(yearAgo)) * 100, 1, '个百分点')}`,
    );
    // No snapshot in 2025-10: the nearest one within two months of a year earlier (2025-11-30)
    // is compared, and named.
    await app.page.getByTestId('as-of').selectOption('2026-10-31');
    await app.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=as-of]')?.getAttribute('data-ready') === '2026-10-31',
    );
    // The newest snapshot is the CLI's default date (the run of the first test).
    const [latest, nearest] = await Promise.all([
      cliReport({ files: [], format: 'json', byUnit: false }),
      report('2025-11-30'),
    ]);
    expect(latest.asOf).toBe('2026-10-31');
    expect(await text('kpi-headcount-year')).toBe(
      `较去年同期（2025-11-30） ${signed(latest.headcount - nearest.headcount, 0, '').trim()}`,
    );
    expect(await app.page.getByTestId('kpi-headcount-year').getAttribute('title')).toContain(
      '2025-11-30',
    );
    // The first snapshot has nothing a year before it: no figure is invented, and it says why.
    await app.page.getByTestId('as-of').selectOption('2017-12-31');
    await app.page.waitForFunction(
      () =>
        document.querySelector('[data-testid=as-of]')?.getAttribute('data-ready') === '2017-12-31',
    );
    expect(await text('kpi-headcount-year')).toBe('较去年同期 —');
    expect(await app.page.getByTestId('kpi-headcount-year').getAttribute('title')).toContain(
      '没有统计时点',
    );
    await app.page.getByTestId('as-of').selectOption('2026-10-31');
  });
});
