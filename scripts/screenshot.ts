/**
 * npm run screenshot [-- QUERY [OUT.png]]: the built app in headless Chromium; prints the time
 * to the first chart and the page's performance marks, and saves a full-page screenshot.
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.ts';
import { startStaticServer } from './static-server.ts';

const [query = '', out = 'tests/.out/screenshot.png'] = process.argv.slice(2);
const server = await startStaticServer(fileURLToPath(new URL('../dist', import.meta.url)));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => console.log(`console.${m.type()}: ${m.text()}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) console.log(`request outside the origin: ${r.url()}`);
  });
  const t0 = Date.now();
  await page.goto(`${server.url}/${query}`);
  await page.waitForSelector('[data-testid=age-bands] svg', { timeout: 60_000 });
  const marks = await page.evaluate(() =>
    performance.getEntriesByType('mark').map((m) => `${m.name} ${Math.round(m.startTime)} ms`),
  );
  console.log(`first chart after ${Date.now() - t0} ms (${marks.join(', ')})`);
  await page.waitForFunction(
    () => document.querySelector('main')?.getAttribute('data-view'),
    null,
    { timeout: 120_000 },
  );
  const live = await page.evaluate(() =>
    performance.getEntriesByType('mark').map((m) => `${m.name} ${Math.round(m.startTime)} ms`),
  );
  console.log(`every panel computed live after ${Date.now() - t0} ms (${live.join(', ')})`);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  await server.close();
}
