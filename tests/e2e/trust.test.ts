import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../src/cli/report.ts';
import { cliReport } from './cli-report.ts';
import type { DuckClient } from '../../src/core/db.ts';
import { loadSources } from '../../src/core/load.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../../src/core/node-env.ts';
import type { Report } from '../../src/core/report.ts';
import {
  type AppHarness,
  closeApp,
  expectPeopleRows,
  openApp,
  PEOPLE_PAGE,
  showAllPeople,
} from './setup.ts';

/*
 * The first hour with the dashboard (issue 9): no number contradicts what the screen says, the
 * compliance summary comes first, and the page works with a keyboard, on a phone, in English and
 * with names hidden.
 */
const AS_OF = '2026-10-31';
let app: AppHarness;
let node: DuckClient;
let cli: Report;
const page = () => app.page;

beforeAll(async () => {
  [app, node, cli] = await Promise.all([
    openApp('', {}, { width: 1440, height: 900 }),
    (async () => {
      const n = await openNodeDatabase();
      const bytes = new Uint8Array(readFileSync(DEMO_FILE));
      await loadSources(n.db, [{ name: 'cadres.parquet', bytes }], {
        parquetToIPC: nodeParquetToIPC,
      });
      return n.db;
    })(),
    cliReport({ files: [], format: 'json', byUnit: true }),
  ]);
  await waitView({ asOf: AS_OF });
});
afterAll(async () => {
  await closeApp(app);
  await node?.close();
});

async function waitView(expected: Record<string, string | null>, p: Page = page()) {
  await p.waitForFunction((exp) => {
    const v = document.querySelector('main')?.getAttribute('data-view');
    if (!v) return false;
    const q = new URLSearchParams(v);
    return Object.entries(exp).every(([k, val]) => q.get(k) === val);
  }, expected);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
async function chooseInMenu(dim: string, value: string) {
  const menu = page().getByTestId(`filter-${dim}`);
  await menu.locator('button.summary').click();
  await menu.getByRole('checkbox', { name: new RegExp(`^${escape(value)}`) }).check();
  await page().keyboard.press('Escape');
  await menu.locator('fieldset').waitFor({ state: 'detached' });
}

/** The open people list: its title, its count, and its rows as header → cell text. */
async function openList(trigger: Locator) {
  const n = Number((await trigger.textContent())!.replaceAll(',', '').trim());
  await trigger.click();
  const dialog = page().getByTestId('people');
  await dialog.getByTestId('people-count').waitFor();
  await showAllPeople(dialog);
  const title = await dialog.getByTestId('people-title').innerText();
  const heads = await dialog.locator('thead th').allInnerTexts();
  const rows = await dialog
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent ?? '')));
  const count = await dialog.getByTestId('people-count').innerText();
  await page().keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  const col = (name: string) => heads.findIndex((h) => h.trim().startsWith(name));
  return { n, title, count, rows, col };
}

/** Every person of a list passes every filter its title names (age range, highest education). */
function expectListHonoursTitle(list: Awaited<ReturnType<typeof openList>>) {
  expect(list.count).toBe(`${list.n} 人`);
  expect(list.rows.length).toBe(list.n);
  const age = /年龄=(\d+)–(\d+)/.exec(list.title);
  const edu = /最高学历=([^，）]+)/.exec(list.title);
  for (const r of list.rows) {
    if (age) {
      const a = Number(r[list.col('年龄')]);
      expect(a, list.title).toBeGreaterThanOrEqual(Number(age[1]));
      expect(a, list.title).toBeLessThanOrEqual(Number(age[2]));
    }
    if (edu) expect(r[list.col('最高学历')], list.title).toBe(edu[1]);
  }
}

describe('numbers never contradict the screen', () => {
  it('with 年龄 42–52 and 研究生, every chart’s list honours the filters its title names', async () => {
    try {
      await listsHonourTitles();
    } finally {
      await page().keyboard.press('Escape');
      if (await page().getByTestId('clear-filters').count())
        await page().getByTestId('clear-filters').click();
      await waitView({ age: null, 'f.education': null });
    }
  });

  async function listsHonourTitles() {
    await page().getByTestId('age-min').fill('42');
    await page().getByTestId('age-max').fill('52');
    await page().getByTestId('age-max').press('Enter');
    await waitView({ age: '42-52' });
    await chooseInMenu('education', '研究生');
    await waitView({ age: '42-52', 'f.education': '研究生' });

    // The age-band chart keeps its context: it says which filter it leaves out, and its
    // "35岁及以下" list is 研究生 aged ≤ 35, titled without the age filter.
    const bands = page().getByTestId('age-bands');
    expect(await bands.locator('.caption').innerText()).toContain('本图未按“年龄”筛选');
    const young = await openList(bands.getByTestId('bar-people').first());
    expect(young.title).not.toContain('年龄=42–52');
    expect(young.title).toContain('最高学历=研究生');
    expectListHonoursTitle(young);
    for (const r of young.rows) expect(Number(r[young.col('年龄')])).toBeLessThanOrEqual(35);

    // Charts drawn with every filter: their lists keep every filter, and say so.
    for (const chart of ['cohorts', 'years-at-level', 'grassroots']) {
      const list = await openList(page().getByTestId(chart).getByTestId('bar-people').first());
      expect(list.title, chart).toContain('年龄=42–52');
      expectListHonoursTitle(list);
    }
    // The education chart leaves out its own filter and says so.
    const edu = page().getByTestId('education');
    expect(await edu.locator('.caption').innerText()).toContain('本图未按“最高学历”筛选');
    const eduList = await openList(edu.getByTestId('bar-people').nth(1));
    expect(eduList.title).not.toContain('最高学历=研究生');
    expectListHonoursTitle(eduList);
    // A heatmap cell (band × level) is that band within the age filter.
    const cells = page().getByTestId('band-level').getByTestId('heat-cell');
    expectListHonoursTitle(await openList(cells.first().locator('text')));
    // A pyramid bar, a reserve count, the headcount, a rule's population.
    const bar = page().getByTestId('pyramid').locator('rect.men').first();
    await bar.click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-title').innerText()).toContain('最高学历=研究生');
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    for (const t of [
      page().getByTestId('headcount').getByRole('button'),
      page().getByTestId('all-Y7'),
      page().getByTestId('reserve-count-all'),
    ]) {
      if (!(await t.count()) || (await t.innerText()).trim() === '0') continue;
      const list = await openList(t);
      expect(list.title).toContain('年龄=42–52');
      expectListHonoursTitle(list);
    }
  }

  it('bars of one target panel share one scale: lengths compare', async () => {
    const width = (id: string) =>
      page()
        .getByTestId(`metric-${id}`)
        .locator('rect.bar')
        .evaluate((r) => Number(r.getAttribute('width')));
    const j1 = cli.metrics.find((m) => m.id === 'J1')!;
    const j2 = cli.metrics.find((m) => m.id === 'J2')!;
    expect((await width('J1')) / (await width('J2'))).toBeCloseTo(j1.value! / j2.value!, 3);
    const target = (id: string) =>
      page()
        .getByTestId(`metric-${id}`)
        .locator('line.target')
        .evaluate((l) => Number(l.getAttribute('x1')));
    expect(await target('J1')).toBeCloseTo(await target('J2'), 6);
  });

  it('“80后” never carries two meanings: decades are “80后(1980–1989)”, the rest “1980年及以后出生”', async () => {
    const body = await page().locator('main').innerText();
    const svgText = (await page().locator('main svg text').allTextContents()).join(' ');
    // Bare 80后/85后 only inside the footnote's quotation of the policy.
    const outside = body.replace(/政策所称“80后”“85后”/, '');
    expect(outside).not.toMatch(/[89]5?0?后(?!\s*\()/);
    expect(svgText).toContain('(1980–1989)');
    expect(body).toContain('1980年及以后出生');
  });
});

describe('what leadership looks for first', () => {
  it('the compliance summary is on the first screen at 1440×900, each rule with its status', async () => {
    await page().evaluate(() => window.scrollTo(0, 0));
    const box = (await page().getByTestId('compliance').boundingBox())!;
    expect(box.y).toBeLessThan(300);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    for (const m of cli.metrics.filter((x) => x.target !== null)) {
      const row = page().locator(`[data-testid="summary-${m.id}"]:not([data-pending])`);
      const s = await row.innerText();
      if (m.met === true) expect(s, m.id).toContain('✓');
      if (m.met === false) expect(s, m.id).toContain('✗');
      if (m.met === false && m.gap) expect(s).toContain(`还差 ${m.gap} 人`);
    }
    // A template's target is every team 达标: ✗ with a team 不达标, △ 基本达标 with one 基本达标.
    for (const tp of new Set((cli.teams ?? []).map((x) => x.template))) {
      const of = cli.teams!.filter((x) => x.template === tp);
      const s = await page().getByTestId(`summary-${tp}`).innerText();
      const expected = of.some((x) => x.status === '不达标')
        ? '✗'
        : of.some((x) => x.status === '基本达标')
          ? '△ 基本达标'
          : '✓';
      expect(s, tp).toContain(expected);
      expect(s, tp).toContain(
        `${of.filter((x) => x.status === '达标').length}/${of.length} 个班子达标`,
      );
    }
    const y6 = cli.metrics.find((m) => m.id === 'Y6')!;
    expect(await page().getByTestId('summary-units-Y6').innerText()).toBe(
      `${y6.unitsFailing}/${y6.unitsEvaluated} 个班子/单位`,
    );
  });

  it('J1 has a table of counties and districts, with the CLI’s figures', async () => {
    await page().getByTestId('summary-units-J1').click();
    const table = page().getByTestId('unit-table');
    await table.waitFor();
    expect(await table.getByTestId('tab-regions').getAttribute('aria-pressed')).toBe('true');
    expect(await table.getByTestId('tab-units').count()).toBe(0);
    const regions = cli.byUnit!.filter((r) => r.id === 'J1' && r.scope === 'region');
    const rows = table.getByTestId('unit-row');
    expect(await rows.count()).toBe(regions.filter((r) => r.denominator > 0).length);
    const texts = await rows.allInnerTexts();
    for (const r of regions) {
      const line = texts.find((t) => t.startsWith(r.region!))!;
      expect(line, r.region!).toContain(`${r.denominator}\t`);
      expect(line).toContain(r.met ? '达标' : '未达标');
    }
    expect(await table.getByTestId('rule-table-count').innerText()).toBe(
      `${regions.length} 个县市区中 ${regions.filter((r) => r.met === false).length} 个未达标`,
    );
    await table.getByTestId('close-rule-table').click();
  });
});

describe('an analyst at her desk', () => {
  it('a filter menu closes on a click elsewhere and on Escape; one is open at a time; counts follow the other filters', async () => {
    const gender = page().getByTestId('filter-gender');
    const level = page().getByTestId('filter-level');
    await gender.locator('button.summary').click();
    await level.locator('button.summary').click();
    expect(await page().locator('[data-testid=filter-bar] fieldset').count()).toBe(1);
    await page().locator('h1').click();
    expect(await page().locator('[data-testid=filter-bar] fieldset').count()).toBe(0);
    await level.locator('button.summary').click();
    await page().keyboard.press('Escape');
    expect(await page().locator('[data-testid=filter-bar] fieldset').count()).toBe(0);

    // Under 80后 (the decade), the gender counts add up to the people in view, not the city.
    await chooseInMenu('cohort', '80后');
    await waitView({ 'f.cohort': '80后' });
    const headcount = Number((await page().getByTestId('headcount').innerText()).replace(/,/g, ''));
    await gender.locator('button.summary').click();
    await page().waitForFunction(() =>
      [...document.querySelectorAll('[data-testid=filter-gender] [data-testid=facet-count]')].every(
        (e) => e.textContent !== '…',
      ),
    );
    const counts = (await gender.getByTestId('facet-count').allInnerTexts()).map((c) =>
      Number(c.replace(/,/g, '')),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(headcount);
    await page().keyboard.press('Escape');
    await page().getByTestId('clear-filters').click();
    await waitView({ 'f.cohort': null });
  });

  it('no column of a people list is cut at 1024 px: it scrolls with the name column fixed', async () => {
    await page().setViewportSize({ width: 1024, height: 768 });
    await page().getByTestId('headcount').getByRole('button').click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1024);
    const scroll = dialog.getByTestId('people-scroll');
    // Every header shows its whole text.
    const cut = await dialog
      .locator('thead th')
      .evaluateAll((ths) => ths.filter((th) => th.scrollWidth > th.clientWidth + 1).length);
    expect(cut).toBe(0);
    await scroll.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const [nameLeft, scrollLeft] = await Promise.all([
      dialog
        .locator('tbody tr')
        .first()
        .locator('td')
        .first()
        .evaluate((td) => td.getBoundingClientRect().left),
      scroll.evaluate((el) => el.getBoundingClientRect().left),
    ]);
    expect(Math.abs(nameLeft - scrollLeft)).toBeLessThan(2);
    // The last column can be scrolled into view.
    const last = dialog.locator('thead th').last();
    const lastBox = (await last.boundingBox())!;
    expect(lastBox.x + lastBox.width).toBeLessThanOrEqual(box.x + box.width);
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page().setViewportSize({ width: 1440, height: 900 });
  });

  it('a bad file dropped while scrolled down says so where the user is, and can be closed', async () => {
    await page().evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page().evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array([0, 1, 2, 3, 0, 0, 7, 8])], '坏文件.csv'));
      document.body.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    });
    const error = page().getByTestId('error');
    await error.waitFor();
    const box = (await error.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    expect(await error.innerText()).toContain('坏文件.csv');
    await error.getByTestId('dismiss').click();
    await error.waitFor({ state: 'detached' });
  });

  it('a number clicked while the database starts opens its list once it is ready', async () => {
    const early = await openApp('', {}, { width: 1440, height: 900 }, { waitForHeadcount: false });
    try {
      const p = early.page;
      // The stored first view: numbers are there before the database is.
      await p.getByTestId('headcount').getByRole('button').waitFor({ timeout: 60_000 });
      const live = await p.evaluate(
        () => !!document.querySelector('main')?.getAttribute('data-view'),
      );
      await p.getByTestId('headcount').getByRole('button').click();
      const dialog = p.getByTestId('people');
      await dialog.waitFor();
      if (!live)
        expect(await dialog.getByTestId('people-loading').innerText()).toContain('就绪后即打开');
      await dialog.getByTestId('people-count').waitFor({ timeout: 90_000 });
      expect(await dialog.getByTestId('people-count').innerText()).toBe(`${cli.headcount} 人`);
      // The whole city: its first rows drawn, the rest a click away, the count of them all.
      await expectPeopleRows(dialog, cli.headcount);
      await dialog.getByTestId('people-more').getByRole('button').click();
      expect(await dialog.locator('tbody tr').count()).toBe(2 * PEOPLE_PAGE);
      expect(await dialog.getByTestId('people-more').innerText()).toContain(
        `显示前 ${2 * PEOPLE_PAGE} 人，共 ${cli.headcount} 人`,
      );
    } finally {
      await closeApp(early);
    }
  });
});

describe('keyboard', () => {
  it('a skip link first; the summary leads to Y6 and one Tab reaches its numerator; pyramid bars by arrow keys', async () => {
    // A fresh start, as a keyboard user arrives.
    await page().goto(page().url());
    await waitView({ asOf: AS_OF });
    await page().keyboard.press('Tab');
    expect(await page().evaluate(() => document.activeElement?.className)).toContain('skip');
    let presses = 1;
    while (presses < 80) {
      await page().keyboard.press('Tab');
      presses++;
      const at = await page().evaluate(() => document.activeElement?.getAttribute('href'));
      if (at === '#metric-Y6') break;
    }
    expect(presses).toBeLessThan(80);
    await page().keyboard.press('Enter');
    expect(await page().evaluate(() => document.activeElement?.id)).toBe('metric-Y6');
    await page().keyboard.press('Tab');
    expect(await page().evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'young-Y6',
    );
    // The pyramid is one Tab stop; arrows move between bars; Enter opens the people.
    const first = page().getByTestId('pyramid').locator('rect[tabindex="0"]');
    expect(await first.count()).toBe(1);
    await first.focus();
    const before = await page().evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await page().keyboard.press('ArrowDown');
    const after = await page().evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(after).not.toBe(before);
    await page().keyboard.press('Enter');
    await page().getByTestId('people').getByTestId('people-count').waitFor();
    await page().keyboard.press('Escape');
  });

  it('a table of numbers is one Tab stop: the flows section has tens, not 1,500', async () => {
    await page()
      .locator('[data-testid=flows] table tbody button')
      .first()
      .waitFor({ timeout: 60_000 });
    const stops = await page().evaluate(() => {
      const flows = document.querySelector('[data-testid=flows]')!;
      return [...flows.querySelectorAll<HTMLElement>('a[href], button, input, select, [tabindex]')]
        .filter((e) => e.tabIndex >= 0 && !(e as HTMLButtonElement).disabled)
        .filter((e) => e.getClientRects().length).length;
    });
    expect(stops).toBeLessThan(100);
    // Within a table the arrows move between its numbers, the Tab stop following.
    const moved = await page().evaluate(() => {
      const table = [...document.querySelectorAll('[data-testid=flows] table')].find(
        (t) => t.querySelectorAll('tbody button').length > 2,
      )!;
      const zero = () => [...table.querySelectorAll<HTMLElement>('tbody button[tabindex="0"]')];
      const start = zero();
      start[0].focus();
      start[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      const now = document.activeElement as HTMLElement;
      return { stops: [start.length, zero().length], moved: now !== start[0], tab: now.tabIndex };
    });
    expect(moved).toEqual({ stops: [1, 1], moved: true, tab: 0 });
  });
});

describe('phone and tablet', () => {
  it.each([390, 768, 1024])('at %i px the page is as wide as the screen', async (width) => {
    await page().setViewportSize({ width, height: 844 });
    await page().waitForTimeout(100);
    expect(await page().evaluate(() => document.documentElement.scrollWidth)).toBe(width);
    if (width === 390) {
      // The header's actions fold behind one menu button.
      expect(await page().getByTestId('open-files').isVisible()).toBe(false);
      await page().getByTestId('menu-toggle').click();
      expect(await page().getByTestId('mask').isVisible()).toBe(true);
      await page().getByTestId('menu-toggle').click();
    }
    await page().setViewportSize({ width: 1440, height: 900 });
  });
});

describe('English', () => {
  it('no Chinese text in the English page but the data’s own names (units, regions, posts)', async () => {
    const en = await openApp('?lang=en', {}, { width: 1440, height: 900 });
    try {
      await waitView({ lang: 'en' }, en.page);
      const rows = await node.query<{ v: string }>(
        `SELECT DISTINCT v FROM (SELECT unnest([region, unit_name, post_title, name]) AS v FROM cadres) WHERE v IS NOT NULL`,
      );
      const data = rows.map((r) => r.v);
      const text = await en.page.evaluate(() => {
        const parts = [document.body.innerText];
        for (const el of document.querySelectorAll('[title],[aria-label],[placeholder]'))
          for (const a of ['title', 'aria-label', 'placeholder'])
            if (el.getAttribute(a)) parts.push(el.getAttribute(a)!);
        for (const t of document.querySelectorAll('svg title')) parts.push(t.textContent ?? '');
        return parts.join('\n');
      });
      const runs = new Set(text.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/g) ?? []);
      runs.delete('中文'); // the switch back to Chinese, marked lang="zh-CN"
      const stray = [...runs].filter((r) => !data.some((v) => v.includes(r)));
      expect(stray).toEqual([]);
    } finally {
      await closeApp(en);
    }
  });
});

describe('masking', () => {
  it('with names hidden, no name or ID number of the data is on the page, in a download or in the URL', async () => {
    await page().getByTestId('mask').click();
    await waitView({ mask: '1' });
    const names = new Set(
      (
        await node.query<{ name: string }>(
          `SELECT DISTINCT name FROM cadres WHERE snapshot_date = DATE '${AS_OF}'`,
        )
      ).map((r) => r.name),
    );
    await page().getByTestId('headcount').getByRole('button').click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    const cells = await dialog.locator('tbody td:first-child').allInnerTexts();
    expect(cells.every((c) => c === '＊＊')).toBe(true);
    // Birth as a year only, the post as its level: no unit + post + month combination.
    const heads = await dialog.locator('thead th').allInnerTexts();
    const birth = heads.findIndex((h) => h.startsWith('出生年月'));
    const births = await dialog.locator(`tbody tr td:nth-child(${birth + 1})`).allInnerTexts();
    expect(births.every((b) => /^\d{4}$/.test(b))).toBe(true);
    const [csv] = await Promise.all([
      page().waitForEvent('download'),
      dialog.getByTestId('export-csv').click(),
    ]);
    const csvText = readFileSync(await csv.path(), 'utf8');
    for (const field of csvText.split(/[,\r\n]/)) expect(names.has(field), field).toBe(false);
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The data-quality notes quote ID numbers: masked too.
    const [notes] = await Promise.all([
      page().waitForEvent('download'),
      page().getByTestId('save-warnings').click(),
    ]);
    const notesText = readFileSync(await notes.path(), 'utf8');
    expect(notesText).not.toMatch(/\d{17}[\dXx]/);
    for (const field of notesText.split(/[,\r\n]/)) expect(names.has(field), field).toBe(false);
    const body = await page().locator('body').innerText();
    expect(body).not.toMatch(/\d{17}[\dXx]/);
    expect(decodeURIComponent(page().url())).not.toMatch(/[\u4e00-\u9fff]{2,3}(?=&|$)/);
    await page().getByTestId('mask').click();
    await waitView({ mask: null });
  });
});

describe('a roster of one snapshot', () => {
  it('J4/J5 need two snapshots: said in words, never judged', async () => {
    const roster = [
      '序号,姓名,性别,出生年月,民族,政治面貌,职务,职务层次,单位,全日制学历',
      '1,张三,男,1983.05,汉族,中共党员,城关镇党委书记,正科,城关镇,大学',
      '2,李四,女,1990.11,瑶族,群众,城关镇镇长,正科,城关镇,大专',
      '3,王五,男,1975-02,汉族,中共党员,白沙乡乡长,正科,白沙乡,大学',
    ].join('\n');
    await page()
      .getByTestId('open-files')
      .setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(roster) });
    const review = page().getByTestId('import');
    await review.getByTestId('import-source').waitFor({ timeout: 60_000 });
    await review.getByTestId('import-snapshot').fill('2024-12-31');
    await review.getByTestId('import-confirm').click();
    await page().getByTestId('dataset').waitFor({ timeout: 60_000 });
    await waitView({ asOf: '2024-12-31' });
    for (const id of ['J4', 'J5']) {
      const panel = page().getByTestId(`change-${id}`);
      expect(await panel.innerText()).toContain('需要两个统计时点');
      expect(await panel.innerText()).not.toContain('✗');
      const row = await page().getByTestId(`summary-${id}`).innerText();
      expect(row).toContain('需要两个统计时点');
      expect(row).not.toContain('✗');
    }
  });
});
