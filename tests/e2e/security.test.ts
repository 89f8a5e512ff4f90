import { existsSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.ts';
import { contentSecurityPolicy, parseDeployConfig } from '../../src/core/deploy.ts';
import { DIST } from './setup.ts';

/*
 * The page locked down (issue 10, items 12–14): its Content-Security-Policy is in force and
 * nothing the page does violates it; what comes back from storage or the URL is checked and,
 * when not valid, ignored with a notice; 清除本机数据 leaves nothing behind in any store.
 */
const POLICY = contentSecurityPolicy(
  parseDeployConfig(
    JSON.parse(readFileSync(new URL('../../deploy.config.json', import.meta.url), 'utf8')),
  ),
);
const DEMO_HEADCOUNT = '17,665';

// 张三 1983.05 → 41, 李四 1990.11 → 34, 王五 1975-02 → 49 at 2024-12-31: 3 people, mean 41.3.
const ROSTER = [
  '序号,姓名,性别,出生年月,民族,政治面貌,职务,职务层次,单位',
  '1,张三,男,1983.05,汉族,中共党员,城关镇党委书记,正科,城关镇',
  '2,李四,女,1990.11,瑶族,群众,城关镇副镇长,副科,城关镇',
  '3,王五,男,1975-02,汉族,中共党员,白沙乡乡长,正科,白沙乡',
].join('\n');

let server: StaticServer;
/** Another origin: nothing may reach it. */
let other: StaticServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(DIST + 'index.html')) throw new Error('dist/ is missing: run `npm run build`');
  [server, other, browser] = await Promise.all([
    startStaticServer(DIST),
    startStaticServer(DIST),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.close(), other?.close()]);
});

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A fresh browser profile whose pages record every CSP violation from their first moment. */
async function session(): Promise<Session> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { violations: string[] }).violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { violations: string[] }).violations);

/** Waits until every panel shows the live view (DuckDB has computed it). */
async function settled(page: Page, viewHas = '') {
  await page.waitForFunction(
    (part) =>
      (document.querySelector('main')?.getAttribute('data-view') ?? '').includes(part) &&
      !!document.querySelector('main')?.getAttribute('data-view'),
    viewHas,
    { timeout: 90_000 },
  );
}

async function download(page: Page, click: () => Promise<void>): Promise<Download> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return d;
}

/** Opens the roster file, dates it 2024-12-31 in the review and imports it. */
async function importRoster(page: Page) {
  await page
    .getByTestId('open-files')
    .setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER) });
  const review = page.getByTestId('import');
  await review.getByTestId('import-source').waitFor({ timeout: 60_000 });
  await review.getByTestId('import-snapshot').fill('2024-12-31');
  await review.getByTestId('import-confirm').click();
  await page.getByTestId('dataset').waitFor({ timeout: 60_000 });
  await settled(page, 'asOf=2024-12-31');
}

describe('Content-Security-Policy', () => {
  let s: Session;
  beforeAll(async () => {
    s = await session();
    await s.page.goto(`${server.url}/`);
    await settled(s.page);
  });
  afterAll(() => s?.context.close());

  it('is in the built pages, right after the charset', async () => {
    const meta = s.page.locator('meta[http-equiv=Content-Security-Policy]');
    expect(await meta.getAttribute('content')).toBe(POLICY);
    expect(POLICY).toContain("script-src 'self';");
    expect(POLICY).toContain("connect-src 'self';"); // deploy.config.json allows no other host
    for (const file of ['index.html', 'bench.html']) {
      const html = readFileSync(DIST + file, 'utf8');
      expect(html, file).toContain(
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${POLICY}" />`,
      );
      expect(html, file).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    }
  });

  it('is not violated while the page runs every feature', async () => {
    const page = s.page;
    expect(await page.getByTestId('headcount').first().innerText()).toBe(DEMO_HEADCOUNT);
    // A filter.
    const menu = page.getByTestId('filter-gender');
    await menu.locator('button.summary').click();
    await menu.getByRole('checkbox', { name: /^女/ }).check();
    await page.keyboard.press('Escape');
    await settled(page, 'f.gender=');
    const women = await page.getByTestId('headcount').first().innerText();
    // A people list and its CSV.
    await page.getByTestId('headcount').getByRole('button').click();
    const dialog = page.getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(
      `${women.replaceAll(',', '')} 人`,
    );
    const csv = await download(page, () => dialog.getByTestId('export-csv').click());
    expect(readFileSync(await csv.path(), 'utf8')).toContain('姓名');
    // The same list as Excel: written in a worker that loads exceljs on demand.
    const xlsx = await download(page, () => dialog.getByTestId('export-xlsx').click());
    expect(
      readFileSync(await xlsx.path())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // A chart as SVG and as PNG (the SVG drawn into a canvas through a blob: image).
    const frame = page.getByTestId('pyramid');
    const svg = await download(page, () => frame.getByTestId('download-svg').click());
    const svgText = readFileSync(await svg.path(), 'utf8');
    expect(svgText).toContain('<svg');
    expect(svgText).not.toContain('style="');
    const png = await download(page, () => frame.getByTestId('download-png').click());
    expect(
      readFileSync(await png.path())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    // The other language and back.
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.locator('h1').innerText()).toBe('Cadre Pool Structure');
    await page.getByRole('button', { name: '中文' }).click();
    // A roster file: read in the workers, reviewed, loaded, kept in IndexedDB.
    await importRoster(page);
    expect(await page.getByTestId('headcount').first().innerText()).toBe('3');
    expect(await page.getByTestId('mean-age').first().innerText()).toBe('41.3');
    // The demo again.
    await page.getByTestId('show-demo').click();
    await page.getByTestId('show-demo').waitFor({ state: 'detached' });
    await settled(page, 'asOf=2026-10-31');
    expect(await violations(page)).toEqual([]);
    expect(s.errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  it('从网址打开 refuses an address on another origin before asking it, in either language', async () => {
    const page = s.page;
    const address = `${other.url}/demo/canonical.parquet`;
    const open = async () => {
      await page.locator('details.url summary').click();
      await page.getByTestId('open-url').fill(address);
      await page.getByTestId('open-url').press('Enter');
      await page.getByTestId('error').waitFor();
    };
    await open();
    expect(await page.getByTestId('error').innerText()).toContain(
      `不能从“${other.url}”读取：本页面只能打开以下地址上的文件：${server.url}。`,
    );
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('details.url summary').click(); // closes it
    await open();
    expect(await page.getByTestId('error').innerText()).toContain(
      `Cannot read from “${other.url}”: this page opens files only from ${server.url}.`,
    );
    await page.getByRole('button', { name: '中文' }).click();
    expect(other.served.size).toBe(0);
    expect(await violations(page)).toEqual([]);
  });

  it('blocks a request, an image and an inline script aimed past it', async () => {
    const page = s.page;
    const outcome = await page.evaluate(async (target) => {
      const fetched = await fetch(`${target}/demo/load-report.json`).then(
        () => 'fetched',
        () => 'blocked',
      );
      const img = new Image();
      const loaded = await new Promise((resolve) => {
        img.onload = () => resolve('loaded');
        img.onerror = () => resolve('blocked');
        img.src = `${target}/favicon.png`;
      });
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      return { fetched, loaded, injected: 'injected' in window };
    }, other.url);
    expect(outcome).toEqual({ fetched: 'blocked', loaded: 'blocked', injected: false });
    expect(other.served.size).toBe(0);
    const seen = await violations(page);
    expect(seen.map((v) => v.split(' ')[0])).toEqual(['connect-src', 'img-src', 'script-src-elem']);
    expect(seen[0]).toContain(`${other.url}/demo/load-report.json`);
  });
});

/** Writes `value` as the kept roster, where the page keeps it (IndexedDB cadre-pool/datasets). */
async function seedKept(page: Page, value: string) {
  // A blank page of the app's origin, so storage is seeded before the app starts.
  const blank = `${server.url}/seed`;
  await page.route(blank, (r) =>
    r.fulfill({ contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,">' }),
  );
  await page.goto(blank);
  await page.evaluate(async (json) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('cadre-pool', 1);
      r.onupgradeneeded = () => r.result.createObjectStore('datasets');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    // Revived from JSON: "__proto__" stays an own key, as a structured clone keeps it.
    const value = JSON.parse(json, (_, v) =>
      typeof v === 'string' && v.startsWith('bytes:') ? new TextEncoder().encode(v.slice(6)) : v,
    );
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('datasets', 'readwrite');
      tx.objectStore('datasets').put(value, 'current');
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, value);
}

describe('what comes back from storage and the URL', () => {
  let s: Session;
  const notice = (key: string) => s.page.locator(`[data-testid=notice][data-key=${key}]`);
  beforeAll(async () => {
    s = await session();
  });
  afterAll(() => s?.context.close());

  it('a hostile kept roster and URL are ignored with a notice; the page starts on the demo', async () => {
    // Wrong types, a huge text, markup and a prototype key (written as JSON text: an object
    // literal would take "__proto__" as its prototype, not as a key).
    await seedKept(
      s.page,
      `{"sources": ["<script>window.injected = true</script>"], "savedAt": "${'x'.repeat(1_000_000)}",` +
        ` "parquet": "not bytes", "report": {"rows": {"read": "many"}, "__proto__": {"polluted": true}}}`,
    );
    const query = new URLSearchParams({
      asOf: '<script>window.injected = true</script>',
      lang: 'fr',
      mask: 'maybe',
      'f.__proto__': 'polluted',
      'f.gender': Array(2001).fill('a').join(','),
      'f.level': 'x'.repeat(500),
      age: '20-999',
      constructor: 'x',
    });
    await s.page.goto(`${server.url}/?${query}`);
    await settled(s.page);
    const page = s.page;
    expect(await page.getByTestId('headcount').first().innerText()).toBe(DEMO_HEADCOUNT);
    expect(await page.locator('h1').innerText()).toBe('干部队伍结构分析');
    expect(await page.getByTestId('chip').count()).toBe(0);
    expect(await notice('keptInvalid').innerText()).toContain(
      '保存在本浏览器中的名册不完整或已被改动，已忽略，现显示示例数据',
    );
    expect(await notice('urlIgnored').innerText()).toContain(
      '网址中的以下参数无效，已忽略：asOf, lang, mask, constructor, f.__proto__, f.level, f.gender, age',
    );
    // The page's own URL now holds only the view it shows.
    const url = new URL(page.url());
    expect([...url.searchParams.keys()]).toEqual(['asOf']);
    expect(url.searchParams.get('asOf')).toBe('2026-10-31');
    const state = await page.evaluate(() => ({
      injected: 'injected' in window,
      polluted: 'polluted' in {},
      scripts: document.querySelectorAll('script:not([src])').length,
    }));
    expect(state).toEqual({ injected: false, polluted: false, scripts: 0 });
    // The notice goes when dismissed.
    await notice('urlIgnored').getByRole('button').click();
    expect(await notice('urlIgnored').count()).toBe(0);
    expect(await violations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });

  it('a kept roster whose report has absurd sizes is ignored with a notice', async () => {
    await seedKept(
      s.page,
      JSON.stringify({
        sources: ['名册.csv'],
        savedAt: '2026-11-05T08:09:10.123Z',
        parquet: 'bytes:PAR1....PAR1',
        report: {
          sources: ['名册.csv'],
          rows: { read: 9e15, loaded: 0, rejected: 2e9, skipped: 0 },
          rejected: [],
          warnings: [],
        },
      }),
    );
    await s.page.goto(`${server.url}/`);
    await settled(s.page);
    expect(await s.page.getByTestId('headcount').first().innerText()).toBe(DEMO_HEADCOUNT);
    expect(await notice('keptInvalid').count()).toBe(1);
    expect(await notice('urlIgnored').count()).toBe(0);
    expect(s.errors).toEqual([]);
  });

  it('a remembered mapping that is not valid is ignored with a notice and forgotten', async () => {
    const page = s.page;
    await importRoster(page);
    const key = await page.evaluate(() =>
      Object.keys(localStorage).find((k) => k.startsWith('cadre-pool:mapping:')),
    );
    expect(key).toBeTruthy();
    // Reopened, the same headers come with the mapping chosen before.
    const review = page.getByTestId('import');
    const reopen = async () => {
      await page
        .getByTestId('open-files')
        .setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(ROSTER) });
      await review.getByTestId('import-source').waitFor({ timeout: 60_000 });
    };
    await reopen();
    expect(await review.innerText()).toContain('已按上次为相同列标题选择的对应关系填好');
    await review.getByRole('button', { name: '取消' }).click();
    await review.waitFor({ state: 'detached' });
    // Now spoiled: fields that do not exist (one a prototype key), though every column does.
    await page.evaluate(
      (k) =>
        localStorage.setItem(k!, '{"birth_date":"出生年月","evil":"姓名","constructor":"性别"}'),
      key,
    );
    await reopen();
    expect(await review.innerText()).not.toContain('已按上次为相同列标题选择的对应关系填好');
    expect(await review.locator('[data-column=出生年月]').inputValue()).toBe('birth_date');
    expect(await notice('mappingInvalid').innerText()).toContain(
      '本浏览器记住的列对应关系无效，已忽略',
    );
    expect(await page.evaluate((k) => localStorage.getItem(k!), key)).toBeNull();
    expect(await page.evaluate(() => 'polluted' in {})).toBe(false);
    await review.getByRole('button', { name: '取消' }).click();
    expect(s.errors).toEqual([]);
  });
});

describe('清除本机数据', () => {
  let s: Session;
  beforeAll(async () => {
    s = await session();
    await s.page.goto(`${server.url}/`);
    await settled(s.page);
  });
  afterAll(() => s?.context.close());

  /** What every store of this origin holds. */
  const stores = (page: Page) =>
    page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      const files: string[] = [];
      for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys())
        files.push(name);
      return {
        indexedDB: (await indexedDB.databases()).map((d) => d.name).sort(),
        localStorage: Object.keys(localStorage).length,
        sessionStorage: Object.keys(sessionStorage).length,
        opfs: files.sort(),
        caches: (await caches.keys()).sort(),
      };
    });

  it('leaves nothing in IndexedDB, localStorage, sessionStorage, OPFS or Cache Storage', async () => {
    const page = s.page;
    // The page keeps the roster (IndexedDB) and its mapping (localStorage) …
    await importRoster(page);
    await page.getByTestId('saved').getByText('名册已保存在本浏览器中').waitFor();
    // … and every other store of the origin gets something too.
    await page.evaluate(async () => {
      localStorage.setItem('another-tool', 'x');
      sessionStorage.setItem('cadre-pool:session', 'x');
      await new Promise<void>((resolve, reject) => {
        const r = indexedDB.open('another-database', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('s').put('x', 'k');
        r.onsuccess = () => {
          r.result.close();
          resolve();
        };
        r.onerror = () => reject(r.error);
      });
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('exports', { create: true });
      const file = await dir.getFileHandle('a.parquet', { create: true });
      const w = await file.createWritable();
      await w.write('PAR1');
      await w.close();
      await root.getFileHandle('top.txt', { create: true });
      await (await caches.open('assets-v1')).put('/x', new Response('x'));
    });
    expect(await stores(page)).toEqual({
      indexedDB: ['another-database', 'cadre-pool'],
      localStorage: 2,
      sessionStorage: 1,
      opfs: ['exports', 'top.txt'],
      caches: ['assets-v1'],
    });

    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('forget-all').click();
    await page.getByTestId('show-demo').waitFor({ state: 'detached' });
    await settled(page, 'asOf=2026-10-31');
    expect(await page.getByTestId('headcount').first().innerText()).toBe(DEMO_HEADCOUNT);
    expect(await page.getByTestId('notice').count()).toBe(0);
    expect(await stores(page)).toEqual({
      indexedDB: [],
      localStorage: 0,
      sessionStorage: 0,
      opfs: [],
      caches: [],
    });
    // Nothing comes back after a reload, and looking for a kept roster creates nothing.
    await page.reload();
    await settled(page);
    expect(await page.getByTestId('headcount').first().innerText()).toBe(DEMO_HEADCOUNT);
    expect(await page.getByTestId('show-demo').count()).toBe(0);
    expect((await stores(page)).indexedDB).toEqual([]);
    expect(await violations(page)).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
