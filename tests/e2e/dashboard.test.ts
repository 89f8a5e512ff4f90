import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../src/cli/report.ts';
import { cliReport } from './cli-report.ts';
import type { DuckClient } from '../../src/core/db.ts';
import {
  applyFilters,
  NO_FILTERS,
  type CategoryDim,
  type Filters,
} from '../../src/core/filters.ts';
import { materializeCube } from '../../src/core/cube.ts';
import { loadSources } from '../../src/core/load.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../../src/core/node-env.ts';
import type { QueryTexts } from '../../src/core/queries.ts';
import { computeReport, people } from '../../src/core/report.ts';
import { rosterWorkbook } from '../fixtures/roster-xlsx.ts';
import { closeApp, expectPeopleRows, openApp, type AppHarness } from './setup.ts';

/*
 * The dashboard's filters, brush, click-through, URL, language and downloads in Chromium,
 * checked against the same SQL run in Node on the same demo data.
 */
const AS_OF = '2026-10-31';
let app: AppHarness;
let node: { db: DuckClient; sql: QueryTexts };
const page = () => app.page;
const text = (testid: string) => page().getByTestId(testid).first().innerText();

beforeAll(async () => {
  [app, node] = await Promise.all([
    openApp(),
    (async () => {
      const n = await openNodeDatabase();
      const bytes = new Uint8Array(readFileSync(DEMO_FILE));
      await loadSources(n.db, [{ name: 'cadres.parquet', bytes }], {
        parquetToIPC: nodeParquetToIPC,
      });
      // As the page and the CLI do: each expected report reads the cube, not every row again
      // (4.7 s → 0.3 s a filter).
      await materializeCube(n.db);
      return n;
    })(),
  ]);
});
afterAll(async () => {
  await closeApp(app);
  await node?.db.close();
});

/** Waits until every panel shows a view whose URL parameters include these (null = absent). */
async function waitView(expected: Record<string, string | null>) {
  await page().waitForFunction((exp) => {
    const v = document.querySelector('main')?.getAttribute('data-view');
    if (!v) return false;
    const p = new URLSearchParams(v);
    return Object.entries(exp).every(([k, val]) => p.get(k) === val);
  }, expected);
}

/** The city-wide figures under these filters (the teams and the lists are not compared here). */
async function expected(filters: Filters) {
  await applyFilters(node.db, filters);
  return computeReport(node.db, node.sql, { asOf: AS_OF, withoutUnits: true });
}

/** KPIs and every ratio count on the page equal the Node figures under the same filters. */
async function expectPanels(filters: Filters) {
  const r = await expected(filters);
  expect(await text('headcount')).toBe(r.headcount.toLocaleString('zh-CN'));
  if (r.headcount) expect(await text('mean-age')).toBe(r.age.mean!.toFixed(1));
  for (const id of ['Y1', 'Y3', 'Y6', 'Y7', 'Y8', 'J1', 'J2']) {
    const m = r.metrics.find((x) => x.id === id)!;
    expect(await text(`count-${id}`), id).toBe(`${m.numerator}/${m.denominator}`);
  }
  const bands = await page().getByTestId('age-bands').locator('svg').getAttribute('aria-label');
  if (!filters.age)
    for (const [band, n] of Object.entries(r.age.bands)) expect(bands).toContain(`${band} ${n}人`);
  return r;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function chooseInMenu(dim: CategoryDim, value: string) {
  const menu = page().getByTestId(`filter-${dim}`);
  await menu.locator('button.summary').click();
  await menu.getByRole('checkbox', { name: new RegExp(`^${escape(value)}`) }).check();
  await page().keyboard.press('Escape');
  await menu.locator('fieldset').waitFor({ state: 'detached' });
}

describe('global filters', () => {
  const cases: [CategoryDim, string][] = [
    ['unit_type', '乡镇街道'],
    ['level', '乡科级副职'],
    ['rank', '一级科员'],
    ['gender', '女'],
    ['ethnicity', '瑶族'],
    ['education', '研究生'],
    ['education_fulltime', '大学专科'],
    ['party', '非中共党员'],
    ['cohort', '80后'],
    ['reserve', '科级后备'],
    ['grassroots', '<2年'],
    ['years_at_level', '≥10年'],
  ];
  for (const [dim, value] of cases) {
    it(`${dim} = ${value}: every panel, a chip, the caption; the chip removes it`, async () => {
      await chooseInMenu(dim, value);
      await waitView({ [`f.${dim}`]: value });
      const r = await expectPanels({ values: { [dim]: [value] } });
      expect(r.headcount).toBeGreaterThan(0);
      const chip = page().getByTestId('chip');
      expect(await chip.count()).toBe(1);
      expect(await chip.innerText()).toContain(value);
      expect(await page().getByTestId('pyramid').locator('.caption').innerText()).toContain(
        '已筛选',
      );
      await chip.click();
      await waitView({ [`f.${dim}`]: null });
      expect(await page().getByTestId('chip').count()).toBe(0);
    });
  }

  it('age range from the filter bar, then one click clears several filters', async () => {
    await page().getByTestId('age-min').fill('30');
    await page().getByTestId('age-max').fill('40');
    await page().getByTestId('age-max').press('Enter');
    await waitView({ age: '30-40' });
    await chooseInMenu('gender', '女');
    await waitView({ age: '30-40', 'f.gender': '女' });
    await expectPanels({ values: { gender: ['女'] }, age: { min: 30, max: 40 } });
    expect(await page().getByTestId('chip').count()).toBe(2);
    // On paper the filters are a line of the stamp, not controls.
    await page().emulateMedia({ media: 'print' });
    expect(await page().getByTestId('filter-bar').isVisible()).toBe(false);
    expect(await page().getByTestId('print-date').innerText()).toBe(AS_OF);
    const scope = await page().getByTestId('print-scope').innerText();
    expect(scope).toContain('女');
    expect(scope).toContain('30');
    expect(await page().getByTestId('print-source').innerText()).toContain('示例数据');
    // Nor any other control: no select, box, or button but the numbers that open their people, the
    // toggles that say what is shown (the template, each status with its count), and numbers set
    // on the page (an exit age), which print as numbers.
    const controls = await page()
      .locator(
        "main select, main input:not([type='number']), main button:not(.link):not([aria-pressed])",
      )
      .evaluateAll((els) =>
        els.filter((e) => e.checkVisibility()).map((e) => e.outerHTML.slice(0, 120)),
      );
    await page().emulateMedia({ media: 'screen' });
    expect(controls).toEqual([]);
    expect(await page().getByTestId('print-head').isVisible()).toBe(false);
    const recalled = () =>
      page().evaluate(() => performance.getEntriesByName('panels-recalled').length);
    const before = await recalled();
    await page().getByTestId('clear-filters').click();
    await waitView({ age: null, 'f.gender': null });
    const all = await expectPanels(NO_FILTERS);
    // The view without filters was computed before: it comes back from memory, the same figures,
    // and the people behind them are everyone's again (not the filters' of the view before).
    expect(await recalled()).toBe(before + 1);
    await page().getByTestId('metric-Y7').getByTestId('young-Y7').click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    const y7 = all.metrics.find((m) => m.id === 'Y7')!;
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${y7.numerator} 人`);
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('scope: a county, then one unit in it; the caption names the scope', async () => {
    await page().getByTestId('scope-region').selectOption('东岭县');
    await waitView({ 'f.region': '东岭县' });
    await expectPanels({ values: { region: ['东岭县'] } });
    expect(await page().getByTestId('cohorts').locator('.caption').innerText()).toContain(
      '范围：东岭县',
    );
    const unit = page().getByTestId('scope-unit');
    const [first] = await unit
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    await unit.selectOption(first);
    await waitView({ 'f.region': '东岭县', 'f.unit': first });
    const r = await expectPanels({ values: { region: ['东岭县'], unit: [first] } });
    expect(await page().getByTestId('profile-row').count()).toBe(1);
    expect(r.headcount).toBe(Number(await text('headcount')));
    await page().getByTestId('scope-region').selectOption('');
    await waitView({ 'f.region': null, 'f.unit': null });
  });
});

describe('cross-filtering', () => {
  it('clicking a cohort bar filters every other panel; the cohort chart keeps its context', async () => {
    const cohorts = page().getByTestId('cohorts').locator('svg');
    const before = await cohorts.getAttribute('aria-label');
    await page().getByTestId('cohorts').locator('rect[role=button]').nth(2).click();
    await waitView({ 'f.cohort': '80后' });
    await expectPanels({ values: { cohort: ['80后'] } });
    expect(await cohorts.getAttribute('aria-label')).toBe(before);
    expect(await page().getByTestId('cohorts').locator('rect[aria-pressed=true]').count()).toBe(1);
    await page().getByTestId('cohorts').locator('rect[aria-pressed=true]').click();
    await waitView({ 'f.cohort': null });
  });

  it('brushing the pyramid’s age axis filters by that age range; the pyramid stays whole', async () => {
    const pyramid = page().getByTestId('pyramid').locator('svg');
    const before = await pyramid.getAttribute('aria-label');
    const box = (await page().locator('[data-testid=pyramid-brush] .overlay').boundingBox())!;
    const x = box.x + box.width / 2;
    await page().mouse.move(x, box.y + box.height * 0.3);
    await page().mouse.down();
    await page().mouse.move(x, box.y + box.height * 0.45, { steps: 5 });
    await page().mouse.up();
    await page().waitForFunction(() => new URLSearchParams(location.search).has('age'));
    const [min, max] = new URL(page().url()).searchParams.get('age')!.split('-').map(Number);
    expect(max).toBeGreaterThan(min);
    await waitView({ age: `${min}-${max}` });
    await expectPanels({ values: {}, age: { min, max } });
    // Same totals and age span as before, plus the chosen range.
    expect(await pyramid.getAttribute('aria-label')).toBe(`${before}；${min}–${max}`);
    await page().getByTestId('clear-filters').click();
    await waitView({ age: null });
  });
});

describe('click-through to the people', () => {
  it('a chart number, a heatmap cell and a reserve count open exactly that many people', async () => {
    const dialog = page().getByTestId('people');
    const check = async (open: () => Promise<string>) => {
      const n = Number((await open()).replaceAll(',', ''));
      await dialog.getByTestId('people-count').waitFor();
      expect(await dialog.getByTestId('people-count').innerText()).toBe(`${n} 人`);
      await expectPeopleRows(dialog, n);
      await page().keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    };
    await check(async () => {
      const num = page().getByTestId('years-at-level').getByTestId('bar-people').first();
      const n = (await num.textContent())!.trim();
      await num.click();
      return n;
    });
    await check(async () => {
      const cell = page().getByTestId('band-level').getByTestId('heat-cell').nth(3);
      const n = (await cell.locator('text').textContent())!.trim();
      await cell.click();
      return n;
    });
    await check(async () => {
      const btn = page().getByTestId('reserve-count-处级后备');
      const n = (await btn.textContent())!.trim();
      await btn.click();
      return n;
    });
  });

  it('the list of a pyramid bar is the people of that age and gender in the filters', async () => {
    await chooseInMenu('level', '乡科级正职');
    await waitView({ 'f.level': '乡科级正职' });
    await page().getByTestId('pyramid').locator('rect.women').nth(10).click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    const title = await dialog.locator('h2, h3').first().innerText();
    const age = Number(/· (\d+)岁/.exec(title)![1]);
    await applyFilters(node.db, {
      values: { level: ['乡科级正职'], gender: ['女'] },
      age: { min: age, max: age },
    });
    const list = await people(node.db, node.sql, { asOf: AS_OF });
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${list.length} 人`);
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // The headcount opens everyone in the filters.
    const headcount = await text('headcount');
    await page().getByTestId('headcount').getByRole('button').click();
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(
      `${headcount.replaceAll(',', '')} 人`,
    );
    await page().keyboard.press('Escape');
    await page().getByTestId('clear-filters').click();
    await waitView({ 'f.level': null });
  });
});

describe('URL and language', () => {
  it('a bookmarked view reopens with the same filters, scope, date and figures', async () => {
    await page().getByTestId('as-of').selectOption('2024-12-31');
    await chooseInMenu('education', '研究生');
    await waitView({ asOf: '2024-12-31', 'f.education': '研究生' });
    const url = page().url();
    const headcount = await text('headcount');
    const other = await app.browser.newPage();
    await other.goto(url);
    await other.waitForFunction(
      () => document.querySelector('main')?.getAttribute('data-view')?.includes('education'),
      null,
      { timeout: 90_000 },
    );
    expect(await other.getByTestId('headcount').innerText()).toBe(headcount);
    expect(await other.getByTestId('chip').innerText()).toContain('研究生');
    expect(await other.getByTestId('as-of').inputValue()).toBe('2024-12-31');
    expect(new URL(other.url()).search).toBe(new URL(url).search);
    await other.close();
    await page().getByTestId('clear-filters').click();
    await page().getByTestId('as-of').selectOption(AS_OF);
    await waitView({ asOf: AS_OF, 'f.education': null });
  });

  it('a reference date set back: every panel is computed again, none stays 正在计算', async () => {
    const computed = () =>
      page().waitForFunction(
        () => !document.querySelector('main')?.textContent?.includes('正在计算'),
        null,
        { timeout: 60_000 },
      );
    await computed();
    await page().getByTestId('as-of').selectOption('2024-12-31');
    await waitView({ asOf: '2024-12-31' });
    await computed();
    await page().getByTestId('as-of').selectOption(AS_OF);
    await waitView({ asOf: AS_OF });
    // Y10 (its candidates) was left computing for good when the view came back from the cache.
    await computed();
    expect(await page().getByTestId('candidates-Y10').innerText()).toMatch(/\d+(\.\d)?%/);
  });

  it('switches to English and back, and keeps the language in the URL', async () => {
    await page().getByRole('button', { name: 'English' }).click();
    expect(await page().locator('h1').innerText()).toBe('Cadre Pool Structure');
    expect(await page().getByTestId('pyramid').locator('h3').innerText()).toBe(
      'Age pyramid by gender',
    );
    expect(await page().locator('html').getAttribute('lang')).toBe('en');
    expect(await page().title()).toBe('Cadre Pool Structure');
    expect(new URL(page().url()).searchParams.get('lang')).toBe('en');
    expect(await page().getByTestId('cohorts').locator('.caption').innerText()).toContain(
      'Scope: Whole city',
    );
    await page().getByRole('button', { name: '中文' }).click();
    expect(await page().locator('h1').innerText()).toBe('干部队伍结构分析');
    expect(await page().title()).toBe('干部队伍结构分析');
    expect(new URL(page().url()).searchParams.get('lang')).toBeNull();
  });
});

describe('chart downloads', () => {
  it('SVG keeps the Chinese title, caption and labels as text; PNG is twice the size', async () => {
    const frame = page().getByTestId('pyramid');
    const [svg] = await Promise.all([
      page().waitForEvent('download'),
      frame.getByTestId('download-svg').click(),
    ]);
    expect(svg.suggestedFilename()).toBe(`年龄金字塔（按性别）_${AS_OF}.svg`);
    const content = readFileSync(await svg.path(), 'utf8');
    expect(content).toContain('<svg');
    expect(content).toContain('年龄金字塔（按性别）');
    expect(content).toContain(`统计时点 ${AS_OF} · 范围：全市`);
    expect(content).toContain('年龄（周岁）');
    expect(content).not.toContain('class="overlay"');
    // The page's font travels inside the file: it looks the same on any machine.
    expect(content).toMatch(
      /@font-face\{font-family:"Noto Sans SC";font-weight:400;font-style:normal;unicode-range:[^;]+;src:url\(data:font\/woff2;base64,/,
    );

    const [png] = await Promise.all([
      page().waitForEvent('download'),
      frame.getByTestId('download-png').click(),
    ]);
    const image = PNG.sync.read(readFileSync(await png.path()));
    const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(content)!;
    expect(image.width).toBe(2 * Number(viewBox[1]));
    expect(image.height).toBe(2 * Number(viewBox[2]));
    // Its text is drawn: the title's band (the top 46 px, twice) holds dark pixels, and so does
    // the axis title under the chart. Drawn before its inlined fonts loaded, it held none.
    const dark = (y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++)
        for (let x = 0; x < image.width; x++) {
          const i = (y * image.width + x) * 4;
          if (image.data[i] < 130 && image.data[i + 1] < 130 && image.data[i + 2] < 130) n++;
        }
      return n;
    };
    expect(dark(0, 92)).toBeGreaterThan(500);
    expect(dark(image.height - 140, image.height)).toBeGreaterThan(100);
  });
});

describe('screenshots of the main views', () => {
  const dir = fileURLToPath(new URL('./baselines/', import.meta.url));
  const out = fileURLToPath(new URL('../.out/', import.meta.url));
  const views = ['pyramid', 'band-level', 'yongzhou', 'reserve-cohort'];
  it.each(views)('%s matches its baseline (under one pixel in a hundred differs)', async (view) => {
    await waitView({ asOf: AS_OF });
    // The sticky section links stay out of the picture.
    await page().evaluate(() => {
      const nav = document.querySelector<HTMLElement>('[data-testid="section-nav"]');
      if (nav) nav.style.position = 'static';
    });
    const testid = view === 'yongzhou' ? 'bars-yongzhou' : view;
    // Panels above finish at their own pace and may leave the picture half a pixel off the
    // grid: it is moved onto whole pixels, so the same picture gives the same pixels.
    const el = page().getByTestId(testid);
    // Every panel with its own queries has finished, so the layout above no longer moves.
    await page().waitForFunction(
      () => !document.querySelector('main')?.textContent?.includes('正在计算'),
    );
    await el.scrollIntoViewIfNeeded();
    await el.evaluate((node) => {
      const top = node.getBoundingClientRect().top;
      document.body.style.transform = `translateY(${Math.floor(top) - top}px)`;
    });
    const shot = await el.screenshot({ animations: 'disabled' });
    await page().evaluate(() => (document.body.style.transform = ''));
    const file = `${dir}${view}.png`;
    if (process.env.UPDATE_BASELINES || !existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, shot);
      if (!process.env.UPDATE_BASELINES) throw new Error(`no baseline for ${view}: written now`);
      return;
    }
    const a = PNG.sync.read(readFileSync(file));
    const b = PNG.sync.read(shot);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    const diff = new PNG({ width: a.width, height: a.height });
    const n = pixelmatch(a.data, b.data, diff.data, a.width, a.height, { threshold: 0.2 });
    if (n > 0) {
      mkdirSync(out, { recursive: true });
      writeFileSync(`${out}${view}-actual.png`, shot);
      writeFileSync(`${out}${view}-diff.png`, PNG.sync.write(diff));
    }
    expect(n / (a.width * a.height)).toBeLessThan(0.01);
  });
});

describe('a team’s people under a person filter', () => {
  it('lists every member, and its caption says the filter does not apply', async () => {
    await chooseInMenu('gender', '女');
    await waitView({ 'f.gender': '女' });
    const row = page().getByTestId('scorecard').getByTestId('team-row').first();
    const members = row.locator('td.num button');
    const n = Number((await members.innerText()).replace(/,/g, ''));
    const name = await row.locator('td').first().innerText();
    await members.click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${n} 人`);
    expect(await dialog.locator('.caption').innerText()).toContain(
      `范围：${name}班子全体成员（不受人员筛选影响）`,
    );
    // Its men too: the team is judged on all its members.
    expect(await dialog.locator('tbody tr', { hasText: '男' }).count()).toBeGreaterThan(0);
    await dialog.getByTestId('close-people').click();
    await page().getByTestId('chip').click();
    await waitView({ 'f.gender': null });
  });
});

describe('on paper', () => {
  it('the team scorecard prints every team, and shows its page again afterwards', async () => {
    const rows = () => page().getByTestId('scorecard').locator('tbody > tr').count();
    const teams = await rows();
    await page().evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await expect.poll(rows).toBeGreaterThan(teams);
    await page().evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await expect.poll(rows).toBe(teams);
  });
});

describe('dropping an Excel roster on the page', () => {
  it('loads it and shows what the report CLI computes from the same file', async () => {
    const file = fileURLToPath(new URL('../.out/干部名册.xlsx', import.meta.url));
    mkdirSync(dirname(file), { recursive: true });
    const bytes = await rosterWorkbook();
    writeFileSync(file, bytes);
    const cli = await cliReport({ files: [file], format: 'json', byUnit: false });
    // A drop as the browser delivers it: a DragEvent whose DataTransfer holds the file.
    await page().evaluate((b64) => {
      const dt = new DataTransfer();
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([raw], '干部名册.xlsx'));
      const main = document.querySelector('main')!;
      main.dispatchEvent(
        new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
      main.dispatchEvent(
        new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
      );
    }, Buffer.from(bytes).toString('base64'));
    // The review lists both sheets, the roster sheet chosen, its header row found under the title.
    const review = page().getByTestId('import');
    await review.getByTestId('import-confirm').waitFor({ timeout: 60_000 });
    expect(await review.getByTestId('import-sheet').inputValue()).toBe('干部名册');
    expect(await review.getByTestId('import-sheet').locator('option').allInnerTexts()).toEqual([
      '填表说明（未识别到名册列）',
      '干部名册（第 3 行为列标题，识别 6 列）',
    ]);
    expect(await review.locator('[data-column=出生年月]').inputValue()).toBe('birth_date');
    await review.getByTestId('import-confirm').click();
    await page()
      .getByTestId('dataset')
      .waitFor({ timeout: 60_000 })
      .catch(async (e) => {
        const shown = await page().locator('[data-testid=error], [role=status]').allInnerTexts();
        throw new Error(`${e}\n${app.consoleErrors.join('\n')}\n${shown.join('\n')}`);
      });
    await waitView({ asOf: cli.asOf });
    expect(await text('dataset')).toBe('干部名册.xlsx');
    expect(await text('headcount')).toBe(String(cli.headcount));
    expect(cli.headcount).toBe(3);
    expect(await text('mean-age')).toBe(cli.age.mean!.toFixed(1));
    expect(await text('source')).toContain('读取 5 行，载入 3 行，拒收 2 行');
    // The rejected rows download with their Excel row numbers and reasons.
    const [csv] = await Promise.all([
      page().waitForEvent('download'),
      page().getByTestId('save-rejected').click(),
    ]);
    const lines = readFileSync(await csv.path(), 'utf8')
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toEqual([
      '文件,行号,姓名,原因',
      '干部名册.xlsx,8,赵六,出生年月晚于统计时点：2030.01',
      '干部名册.xlsx,9,钱七,缺少出生年月',
    ]);
  });
});
