import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../src/cli/report.ts';
import { cliReport } from './cli-report.ts';
import { closeApp, openApp, type AppHarness } from './setup.ts';

/*
 * The flows section in Chromium against the report CLI on the same demo: the two-snapshot
 * comparison's counts (city-wide, then within a county), the projection's figures, a projection
 * chart with its target line, and a number opening its people.
 */
const AS_OF = '2026-10-31';
const FROM = '2025-12-31';
let app: AppHarness;
const page = () => app.page;
const text = (testid: string) => page().getByTestId(testid).first().innerText();
const count = (s: string) => Number(s.replace(/[^\d]/g, ''));

beforeAll(async () => {
  app = await openApp();
});
afterAll(async () => {
  await closeApp(app);
});

/** Waits until the flows show the comparison from `from`, computed for the scope in the caption. */
async function waitFlows(from: string, scope: string) {
  await page().waitForFunction(
    ([f, s]) => {
      const section = document.querySelector('[data-testid=flows]');
      const caption = document.querySelector('[data-testid=compare-caption]')?.textContent ?? '';
      return (
        section?.getAttribute('data-flows') === 'ready' &&
        caption.includes(`${f} →`) &&
        caption.includes(s)
      );
    },
    [from, scope],
    { timeout: 120_000 },
  );
}

async function cliFlows(filters?: { values: { region: string[] } }) {
  return cliReport({
    files: [DEMO_FILE],
    format: 'json',
    byUnit: false,
    asOf: AS_OF,
    compare: FROM,
    project: [1, 2, 3, 5],
    filters,
  });
}

describe('flows', () => {
  it('shows the same comparison counts as the report CLI, city-wide and in a county', async () => {
    await page().getByTestId('compare-from').selectOption(FROM);
    await waitFlows(FROM, '全市');
    const r = await cliFlows();
    expect(r.changes).toMatchObject({ from: FROM, to: AS_OF });
    for (const key of ['entered', 'left', 'retired', 'promoted', 'moved'] as const)
      expect(count(await text(`change-${key}`)), key).toBe(r.changes![key]);
    expect(r.changes!.promoted).toBeGreaterThan(0);

    await page().getByTestId('scope-region').selectOption('东岭县');
    await waitFlows(FROM, '东岭县');
    const d = await cliFlows({ values: { region: ['东岭县'] } });
    for (const key of ['entered', 'left', 'retired', 'promoted', 'moved'] as const)
      expect(count(await text(`change-${key}`)), key).toBe(d.changes![key]);
    expect(d.changes!.left).toBeLessThan(r.changes!.left);
    await page().getByTestId('scope-region').selectOption('');
    await waitFlows(FROM, '全市');
  });

  it('opens the people behind a comparison number', async () => {
    const n = count(await text('change-retired'));
    await page().getByTestId('change-retired').click();
    await page().getByTestId('people-count').waitFor();
    expect(count(await text('people-count'))).toBe(n);
    expect(await text('people-title')).toContain('其中到龄退休');
    await page().getByTestId('close-people').click();
    // A retiring cadre's month says where it comes from, in the page's language.
    await page().getByTestId('retire-within12-all').first().click();
    await page().getByTestId('people-count').waitFor();
    const list = await text('people-scroll');
    expect(list).toMatch(/20\d\d-\d\d · 法定/);
    expect(list).not.toContain('statutory');
    await page().getByTestId('close-people').click();
    // A cohort's members are shown as sent: the caption says so, beside its date.
    const cohort = page().getByTestId('cohorts-table').locator('tbody tr').first();
    const sent = count(await cohort.locator('button.link').first().innerText());
    await cohort.locator('button.link').first().click();
    await page().getByTestId('people-count').waitFor();
    expect(count(await text('people-count'))).toBe(sent);
    expect(await page().getByTestId('people').locator('.caption').innerText()).toContain(
      `统计时点 ${AS_OF} · 范围：全市；职务、年龄为派出时`,
    );
    await page().getByTestId('close-people').click();
  });

  it('projects every rule as the CLI does, and draws each with its target line', async () => {
    const r = await cliFlows();
    for (const p of r.projection!)
      for (const m of p.metrics) {
        const cell = await text(`proj-${m.id}-${p.years}`);
        expect(cell, `${m.id} +${p.years}`).toContain(`${(m.value! * 100).toFixed(1)}%`);
      }
    // Y7 is met now and stops being met within three years if nobody is appointed.
    const y7 = r.projection!.find((p) => p.years === 3)!.metrics.find((m) => m.id === 'Y7')!;
    expect(y7.met).toBe(false);
    expect(await text('when-Y7')).toMatch(/20(27|28|29) 年起不达标/);
    const chart = page().getByTestId('projection-Y7');
    await chart.scrollIntoViewIfNeeded();
    const target = chart.getByTestId('target-line');
    expect(await target.count()).toBe(1);
    const y1 = Number(await target.getAttribute('y1'));
    expect(y1).toBe(Number(await target.getAttribute('y2')));
    const projection = chart.locator('path[data-series=projection]');
    expect(await projection.getAttribute('stroke-dasharray')).toBeTruthy();
    expect((await projection.getAttribute('d'))!.length).toBeGreaterThan(10);
    expect(await chart.locator('path[data-series=history]').getAttribute('d')).toMatch(/^M/);
    expect(await chart.locator('svg').getAttribute('aria-label')).toContain('≥ 1/6');
  });
});
