import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.ts';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export interface AppHarness {
  server: StaticServer;
  browser: Browser;
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  consoleErrors: string[];
}

/** The built app (npm test builds it first) in headless Chromium. */
export async function openApp(
  query = '',
  mounts: Record<string, string> = {},
  viewport = { width: 1280, height: 900 },
  { waitForHeadcount = true } = {},
): Promise<AppHarness> {
  if (!existsSync(DIST + 'index.html')) throw new Error('dist/ is missing: run `npm run build`');
  const server = await startStaticServer(DIST, mounts);
  const browser = await launchChromium();
  // A context of its own (not browser.newPage's), so a test can open a second page in it.
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  // Playwright's 30 s default is too short for a list of the whole demo while the test run's
  // other processes share the two cores.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`${server.url}/${query}`);
  if (waitForHeadcount) await page.waitForSelector('[data-testid=headcount]', { timeout: 90_000 });
  return { server, browser, page, requests, consoleErrors };
}

export async function closeApp(h: AppHarness | undefined): Promise<void> {
  await h?.browser.close();
  await h?.server.close();
}

/**
 * The names of `names` that occur in `text`, in one pass over the text (a search per name of a
 * roster through a workbook's text took a minute).
 */
export function namesIn(text: string, names: string[]): string[] {
  const wanted = new Set(names);
  const lengths = [...new Set(names.map((n) => n.length))];
  const found = new Set<string>();
  for (let i = 0; i < text.length; i++)
    for (const l of lengths) {
      const s = text.slice(i, i + l);
      if (wanted.has(s)) found.add(s);
    }
  return names.filter((n) => found.has(n));
}

/** Rows a people list draws at a time (PeopleDialog.svelte). */
export const PEOPLE_PAGE = 500;

/**
 * An open people list of `n` people draws its first PEOPLE_PAGE rows and says how many it has
 * in all, or draws them all.
 */
export async function expectPeopleRows(dialog: Locator, n: number): Promise<void> {
  expect(await dialog.locator('tbody tr').count()).toBe(Math.min(n, PEOPLE_PAGE));
  const more = dialog.getByTestId('people-more');
  if (n <= PEOPLE_PAGE) expect(await more.count()).toBe(0);
  else expect(await more.innerText()).toContain(`显示前 ${PEOPLE_PAGE} 人，共 ${n} 人`);
}

/** Draws every row of an open people list (its 再显示 button until none is left). */
export async function showAllPeople(dialog: Locator): Promise<void> {
  const more = dialog.getByTestId('people-more');
  while ((await more.count()) > 0) await more.getByRole('button').click();
}
