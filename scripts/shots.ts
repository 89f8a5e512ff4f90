/**
 * npm run shots -- [QUERY] [--width W] [--height H] [--out FILE] [--full]: a screenshot of the
 * built app once every panel is live (for looking at a view on a phone, a tablet, in English).
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.ts';
import { startStaticServer } from './static-server.ts';

const args = process.argv.slice(2);
const opt = (name: string, d: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : d;
};
const query = args[0] && !args[0].startsWith('--') ? args[0] : '';
const width = Number(opt('width', '1440'));
const height = Number(opt('height', '900'));
const out = opt('out', `tests/.out/shot-${width}.png`);
const server = await startStaticServer(fileURLToPath(new URL('../dist', import.meta.url)));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('console', (m) => {
    if (m.type() === 'error') console.log(`console.error: ${m.text()}`);
  });
  await page.goto(`${server.url}/${query}`);
  await page.waitForFunction(
    () => document.querySelector('main')?.getAttribute('data-view'),
    null,
    {
      timeout: 120_000,
    },
  );
  await page.evaluate(() => document.fonts.ready);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  console.log(`viewport ${width}×${height}, page width ${scrollWidth}`);
  if (args.includes('--slices')) {
    // The whole page in slices one viewport tall and a half, each readable at full size.
    const total = await page.evaluate(() => document.documentElement.scrollHeight);
    const step = Math.round(height * 1.5);
    for (let y = 0, i = 1; y < total; y += step, i++) {
      const file = out.replace(/\.png$/, `-${i}.png`);
      await page.screenshot({
        path: file,
        fullPage: true,
        clip: { x: 0, y, width, height: Math.min(step, total - y) },
      });
      console.log(`saved ${file}`);
    }
  } else {
    await page.screenshot({ path: out, fullPage: args.includes('--full') });
    console.log(`saved ${out}`);
  }
} finally {
  await browser.close();
  await server.close();
}
