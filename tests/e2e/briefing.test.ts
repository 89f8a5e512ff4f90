import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliReport } from './cli-report.ts';
import { DEFAULT_RULE_SET } from '../../src/core/policy/index.ts';
import { calendarWindows } from '../../src/core/flows.ts';
import { closeApp, openApp, type AppHarness } from './setup.ts';

/*
 * The monthly briefing (issue 14): the analysis says exactly what the report CLI computes (read
 * from the text on the page, not from the template); the PDF is A4 with its fonts embedded and
 * Chinese text that can be extracted; the Word file holds the same text and the charts.
 */
const run = promisify(execFile);
const out = fileURLToPath(new URL('../.out/', import.meta.url));
let app: AppHarness;
let cli: Awaited<ReturnType<typeof cliReport>>;
let analysis: string;

beforeAll(async () => {
  [app, cli] = await Promise.all([
    openApp('?view=briefing', {}, { width: 1280, height: 900 }, { waitForHeadcount: false }),
    cliReport({ files: [], format: 'json', byUnit: true }),
  ]);
  await app.page.waitForSelector('[data-testid=briefing][data-ready]', { timeout: 120_000 });
  analysis = await app.page.getByTestId('briefing-analysis').innerText();
});
afterAll(() => closeApp(app));

const n = (s: string) => Number(s.replaceAll(',', ''));
const one = (re: RegExp) => {
  const m = re.exec(analysis);
  if (!m) throw new Error(`not in the analysis: ${re}`);
  return m;
};

describe('the written analysis', () => {
  it('states the CLI’s headcount, ages, women, minorities and CPC members', () => {
    const m = one(/截至(\d{4}-\d{2}-\d{2})，全市共有干部([\d,]+)人/);
    expect(m[1]).toBe(cli.snapshotDate);
    expect(n(m[2])).toBe(cli.headcount);
    expect(one(/平均年龄([\d.]+)岁/)[1]).toBe(cli.age.mean!.toFixed(1));
    expect(n(one(/女干部([\d,]+)人，占([\d.]+)%/)[1])).toBe(cli.breakdowns.gender['女']);
    expect(n(one(/少数民族干部([\d,]+)人/)[1])).toBe(cli.breakdowns.ethnicity['少数民族']);
    expect(n(one(/中共党员([\d,]+)人/)[1])).toBe(cli.breakdowns.party['中共党员']);
    expect(one(/年龄中位数([\d.]+)岁/)[1]).toBe(cli.age.median!.toFixed(1));
    for (const [band, count] of Object.entries(cli.age.bands))
      expect(n(one(new RegExp(`${band}([\\d,]+)人`))[1]), band).toBe(count);
  });

  it('states every ratio rule as the CLI has it: counts, share, met or short by, units short', () => {
    for (const m of cli.metrics.filter((x) => x.kind === 'ratio')) {
      const line = one(new RegExp(`${m.id} [^：]+：([\\d,]+)/([\\d,]+)，占([\\d.]+)%，([^；。]+)`));
      expect([n(line[1]), n(line[2])], m.id).toEqual([m.numerator, m.denominator]);
      expect(line[3], m.id).toBe(((m.value ?? 0) * 100).toFixed(1));
      expect(line[4], m.id).toBe(m.met ? '达标' : `未达标、还差${m.gap}人`);
      const rule = DEFAULT_RULE_SET.rules.find((r) => r.id === m.id);
      if (rule?.kind === 'ratio' && rule.perUnit) {
        const units = one(new RegExp(`${m.id} [^\\n]*；(\\d+)个班子/单位中(\\d+)个未达标`));
        expect([n(units[1]), n(units[2])], m.id).toEqual([m.unitsEvaluated, m.unitsFailing]);
      }
    }
  });

  it('states the bands, the changes and the teams as the CLI has them', () => {
    for (const m of cli.metrics.filter((x) => x.kind === 'band'))
      expect(n(one(new RegExp(`${m.label.replace(/[()]/g, '\\$&')}([\\d,]+)人`))[1])).toBe(
        m.numerator,
      );
    const j4 = cli.metrics.find((x) => x.id === 'J4')!;
    const change = one(/J4 [^：]+：较基期（([\d-]+)）(下降|提高)([\d.]+)岁，(达标|未达标)/);
    expect(change[1]).toBe(j4.baselineDate);
    expect(change[2]).toBe(j4.value! < 0 ? '下降' : '提高');
    expect(change[3]).toBe(Math.abs(j4.value!).toFixed(1));
    expect(change[4]).toBe(j4.met ? '达标' : '未达标');
    const teams = cli.teams!.filter((t) => t.template === 'T1');
    const t1 = one(/市直单位领导班子：(\d+)个班子中，达标(\d+)个，基本达标(\d+)个，不达标(\d+)个/);
    expect(t1.slice(1).map(Number)).toEqual([
      teams.length,
      teams.filter((t) => t.status === '达标').length,
      teams.filter((t) => t.status === '基本达标').length,
      teams.filter((t) => t.status === '不达标').length,
    ]);
  });

  it('states each eligibility rule’s counts and the retirements ahead as the CLI has them', () => {
    expect(cli.eligibility?.length).toBeGreaterThan(0);
    for (const e of cli.eligibility!) {
      const m = one(
        new RegExp(
          `${e.id} [^：]+：考察范围([\\d,]+)人，符合条件([\\d,]+)人，待核实([\\d,]+)人，仅差一项([\\d,]+)人；12个月内可符合([\\d,]+)人`,
        ),
      );
      expect(m.slice(1).map(n), e.id).toEqual([
        e.population,
        e.eligible,
        e.unknown,
        e.nearMiss,
        e.willQualify,
      ]);
    }
    const r = one(
      /已到退休（退出领导岗位）年龄([\d,]+)人；今后12个月内到龄([\d,]+)人，36个月内([\d,]+)人，60个月内([\d,]+)人/,
    );
    const { due, within12, within36, within60, thisMonth, nextMonth, thisYear } = cli.retirements;
    expect(r.slice(1).map(n)).toEqual([due, within12, within36, within60]);
    const b = one(
      /其中本月（([\d-]+)）到龄([\d,]+)人，下月（([\d-]+)）([\d,]+)人；(\d+)年全年([\d,]+)人/,
    );
    expect([b[1], b[3], b[5]]).toEqual(Object.values(calendarWindows(cli.asOf)));
    expect([b[2], b[4], b[6]].map(n)).toEqual([thisMonth, nextMonth, thisYear]);
  });

  it('its numbers open their people; the head block names date, scope and source', async () => {
    const p = app.page;
    expect(await p.getByTestId('briefing-date').innerText()).toBe(cli.snapshotDate);
    expect(await p.getByTestId('briefing-source').innerText()).toContain('示例数据');
    const y6 = cli.metrics.find((m) => m.id === 'Y6')!;
    await p
      .locator('[data-testid=briefing-analysis] p')
      .filter({ hasText: /^Y6 / })
      .locator('button')
      .first()
      .click();
    const dialog = p.getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${y6.numerator} 人`);
    await p.keyboard.press('Escape');
  });

  it('on paper: no controls', async () => {
    const p = app.page;
    await p.emulateMedia({ media: 'print' });
    expect(await p.getByTestId('briefing-toolbar').isVisible()).toBe(false);
    expect(await p.locator('header.top').isVisible()).toBe(false);
    expect(await p.getByTestId('briefing').getByTestId('download-svg').first().isVisible()).toBe(
      false,
    );
    // No select, box or button but the numbers that open their people (numbers set on the page
    // print as numbers).
    const controls = await p
      .getByTestId('briefing')
      .locator("select, input:not([type='number']), button:not(.link)")
      .evaluateAll((els) =>
        els.filter((e) => e.checkVisibility()).map((e) => e.outerHTML.slice(0, 120)),
      );
    await p.emulateMedia({ media: 'screen' });
    expect(controls).toEqual([]);
  });

  it('the Word download holds the analysis and the charts', async () => {
    const [d] = await Promise.all([
      app.page.waitForEvent('download'),
      app.page.getByTestId('briefing-docx').click(),
    ]);
    expect(d.suggestedFilename()).toBe(`干部队伍结构分析简报_${cli.snapshotDate}.docx`);
    const files = unzipSync(new Uint8Array(readFileSync(await d.path())));
    const doc = strFromU8(files['word/document.xml']);
    const text = [...doc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('干部队伍结构分析简报');
    expect(text).toContain(`全市共有干部${cli.headcount.toLocaleString('zh-CN')}人`);
    expect(Object.keys(files).filter((f) => f.startsWith('word/media/')).length).toBeGreaterThan(5);
    // Every page: the date and scope above, its number below.
    const part = (prefix: string) =>
      Object.keys(files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => strFromU8(files[f]))
        .join('');
    expect(part('word/header')).toContain(`统计时点 ${cli.snapshotDate} · 全市`);
    expect(part('word/footer')).toMatch(/PAGE[\s\S]*NUMPAGES/);
  });
});

describe('the PDF from the report CLI', () => {
  it('A4 pages, fonts embedded, Chinese text that extracts, date and source on page 1', async () => {
    mkdirSync(out, { recursive: true });
    const pdf = `${out}briefing.pdf`;
    await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/report.ts',
      '--format',
      'pdf',
      '--out',
      pdf,
    ]);
    const info = (await run('pdfinfo', [pdf])).stdout;
    expect(info).toMatch(/Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(3);
    const fonts = (await run('pdffonts', [pdf])).stdout.trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect(f.split(/\s+/).at(-5), f).toBe('yes'); // emb
    const page1 = (await run('pdftotext', ['-f', '1', '-l', '1', pdf, '-'])).stdout;
    expect(page1).toContain('干部队伍结构分析简报');
    expect(page1).toContain(`统计时点 ${cli.snapshotDate}`);
    expect(page1).toContain('数据来源');
    expect(page1).toContain(`第 1 页 共 ${pages} 页`);
    // Every later page names its date and scope at its head, as the Word file's header does.
    const page2 = (await run('pdftotext', ['-f', '2', '-l', '2', pdf, '-'])).stdout;
    expect(page2.split('\n')[0]).toBe(`统计时点 ${cli.snapshotDate} · 全市`);
  });

  it('a later --as-of (推演) ages the newest roster, as the JSON report does, and says which', async () => {
    const pdf = `${out}briefing-later.pdf`;
    const args = ['--import', 'tsx', 'src/cli/report.ts', '--as-of', '2027-06-30'];
    await run(process.execPath, [...args, '--format', 'pdf', '--out', pdf]);
    const later = await cliReport({ files: [], asOf: '2027-06-30', format: 'json', byUnit: false });
    const y7 = later.metrics.find((m) => m.id === 'Y7')!;
    // Probe 50a's own count: 250 of 1,594 at 2027-06-30 (the newest snapshot's is 18.3%).
    expect([y7.numerator, y7.denominator]).toEqual([250, 1594]);
    const text = (await run('pdftotext', [pdf, '-'])).stdout;
    const page2 = (await run('pdftotext', ['-f', '2', '-l', '2', pdf, '-'])).stdout;
    // Every page's head names the date and its roster (pdftotext may put a table's title first).
    expect(page2.split('\n')).toContain('统计时点 2027-06-30（名册快照 2026-10-31） · 全市');
    // Lines wrap anywhere in Chinese: compared without white space.
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('截至2027-06-30（名册快照2026-10-31），全市共有干部');
    expect(flat).toContain('Y7县处级干部中40岁以下：250/1,594，占15.7%，未达标、还差16人');
  });
});

describe('a roster opened on the briefing', () => {
  it('rewrites the whole document for it, though its date, filters and rules are the same', async () => {
    const p = app.page;
    mkdirSync(out, { recursive: true });
    const file = out + 'briefing-roster.csv';
    writeFileSync(
      file,
      [
        '人员编号,姓名,性别,出生年月,工作单位,职务,职务层次,统计时点',
        `b1,甲,男,1976.01,甲镇,甲镇党委书记,乡科级正职,${cli.snapshotDate}`,
        `b2,乙,女,1985.03,乙镇,乙镇党委书记,乡科级正职,${cli.snapshotDate}`,
      ].join('\n'),
    );
    await p.getByTestId('open-files').setInputFiles(file);
    await p.getByTestId('import').getByTestId('import-confirm').click();
    await p.waitForFunction(
      () => {
        const b = document.querySelector('[data-testid=briefing]');
        const text = document.querySelector('[data-testid=briefing-analysis]')?.textContent ?? '';
        return b?.hasAttribute('data-ready') && text.includes('全市共有干部2人');
      },
      undefined,
      { timeout: 120_000 },
    );
    const text = await p.getByTestId('briefing-analysis').innerText();
    // The two secretaries are S1's whole population; nobody of the demo is left in the text.
    expect(text).toMatch(/S1 [^：]+：考察范围2人/);
    expect(text).not.toContain(`全市共有干部${cli.headcount.toLocaleString('en-US')}人`);
    expect(text).toMatch(/今后12个月内到龄0人/);
  });
});
