/**
 * The briefing, headless: the report CLI's `--format pdf|docx --out FILE`. The files are read
 * and normalised here, as for the JSON report; the page (the built app in dist/) then shows the
 * same briefing it shows a user, for the same state (date, filters, rules, masking, language),
 * in headless Chromium, which prints it to PDF or saves the Word file the page makes. One
 * document, whoever asks for it.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Compression, Table, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm';
import { launchChromium } from '../../scripts/chromium.ts';
import { startStaticServer } from '../../scripts/static-server.ts';
import { filtersToParams } from '../core/filters.ts';
import { exportCanonical } from '../core/load.ts';
import { stableJson } from '../core/policy/index.ts';
import { listSnapshots, snapshotShown } from '../core/report.ts';
import { demoSnapshots } from '../core/demo/stamp.ts';
// Types only: report.ts is the CLI's entry and imports this module when asked for a document.
import { OutputError } from './errors.ts';
import type { Args, loadRules as LoadRules, openRoster } from './report.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(root, 'dist');

const DEMO_FILE = path.join(root, 'data/demo/cadres.parquet');

/**
 * The baseline snapshot the page compares with: a --baseline between snapshots becomes the one
 * in force then, as in the JSON report, and the user is told. (A reference date needs none: the
 * page ages the roster in force at any date, 推演.)
 */
export function baselineInForce(dates: string[], baseline: string, lang: Args['lang']): string {
  const { shown: s } = snapshotShown(dates, baseline, baseline);
  if (s !== baseline)
    process.stderr.write(
      lang === 'en'
        ? `baseline ${baseline} is not a snapshot date: the change rules compare with the snapshot in force then, ${s}, as the JSON report does\n`
        : `基期 ${baseline} 不是名册快照日期：变化类指标与当时有效的快照 ${s} 比较（与 JSON 报告相同）\n`,
    );
  return s;
}

export async function writeBriefing(
  args: Args,
  format: 'pdf' | 'docx',
  out: string,
  open: typeof openRoster,
  loadRules: typeof LoadRules,
) {
  if (!existsSync(path.join(DIST, 'index.html')))
    throw new OutputError(
      args.lang === 'en'
        ? 'Cannot make the briefing: the page is not built; run npm run build first (the briefing is made by the built page)'
        : '无法生成简报：页面尚未构建，请先运行 npm run build（简报由构建好的页面生成）',
    );
  const demo = args.files.length === 0 || (args.files.length === 1 && args.files[0] === DEMO_FILE);
  const dir = mkdtempSync(path.join(tmpdir(), 'briefing-'));
  try {
    // The demo is what the page shows by itself: only another roster is read and served.
    let asOf = args.asOf ?? null;
    // The page takes a snapshot date as baseline: the one in force at --baseline, as the JSON's.
    let baseline = args.baseline ?? null;
    if (demo && baseline) {
      const dates = demoSnapshots(new URL('../../', import.meta.url)).map((d) => d.date);
      baseline = baselineInForce(dates, baseline, args.lang);
    }
    if (!demo) {
      const { db, sql, load, asOf: given } = await open(args);
      try {
        const dates = (await listSnapshots(db, sql)).map((d) => d.snapshot_date);
        asOf = given;
        if (baseline) baseline = baselineInForce(dates, baseline, args.lang);
        // The normalised rows, as the page keeps a roster: Parquet read by the page's worker.
        const ipc = await exportCanonical(db);
        const arrow = createRequire(import.meta.url)(
          'apache-arrow',
        ) as typeof import('apache-arrow');
        const props = new WriterPropertiesBuilder().setCompression(Compression.ZSTD).build();
        const stream = arrow.tableToIPC(arrow.tableFromIPC(ipc), 'stream');
        writeFileSync(
          path.join(dir, 'canonical.parquet'),
          writeParquet(Table.fromIPCStream(stream), props),
        );
        writeFileSync(path.join(dir, 'load-report.json'), JSON.stringify(load));
      } finally {
        await db.close();
      }
    }
    if (args.rules) writeFileSync(path.join(dir, 'rules.json'), stableJson(loadRules(args.rules)));
    const params = new URLSearchParams({ view: 'briefing' });
    if (asOf) params.set('asOf', asOf);
    if (!demo || args.rules) params.set('data', '/__data/');
    if (baseline) params.set('baseline', baseline);
    if (args.lang === 'en') params.set('lang', 'en');
    if (args.mask) params.set('mask', '1');
    if (args.filters) filtersToParams(args.filters, params);
    if (demo && args.rules) {
      // The demo with other rules: the page reads the demo's own folder's rows.
      copyFileSync(
        path.join(DIST, 'demo', 'canonical.parquet'),
        path.join(dir, 'canonical.parquet'),
      );
      copyFileSync(path.join(DIST, 'demo', 'load-report.json'), path.join(dir, 'load-report.json'));
    }
    const server = await startStaticServer(DIST, { '/__data/': dir });
    let browser;
    try {
      browser = await launchChromium();
    } catch {
      await server.close();
      throw new Error(
        '无法启动 Chromium：生成 PDF/Word 简报需要 Debian 的 chromium（sudo apt-get install -y chromium）',
      );
    }
    try {
      const context = await browser.newContext({
        acceptDownloads: true,
        viewport: { width: 1200, height: 900 },
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/?${params}`);
      await page.waitForSelector('[data-testid=briefing][data-ready]', { timeout: 180_000 });
      await page.evaluate(() => document.fonts.ready);
      if (format === 'pdf') {
        await page.emulateMedia({ media: 'print' });
        await page.pdf({ path: out, preferCSSPageSize: true, printBackground: true });
      } else {
        const [download] = await Promise.all([
          page.waitForEvent('download', { timeout: 120_000 }),
          page.getByTestId('briefing-docx').click(),
        ]);
        await download.saveAs(out);
      }
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
