import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliReport } from './cli-report.ts';
import { closeApp, openApp, type AppHarness } from './setup.ts';

/*
 * The policy engine in the page (issue 11): a target edited in 政策规则 changes the bar, its
 * marks, its people list and the CLI run with the downloaded rules file alike; the rules survive
 * a reload and the URL names them; a custom rule shows everywhere; a refused edit changes nothing.
 */
let app: AppHarness;
const page = () => app.page;
const out = fileURLToPath(new URL('../.out/', import.meta.url));
let defaults: Awaited<ReturnType<typeof cliReport>>;

beforeAll(async () => {
  [app, defaults] = await Promise.all([
    openApp('', {}, { width: 1440, height: 900 }),
    cliReport({ files: [], format: 'json', byUnit: false }),
  ]);
  await settled();
});
afterAll(() => closeApp(app));

async function settled(p = page()) {
  await p.waitForFunction(() => !!document.querySelector('main')?.getAttribute('data-view'), null, {
    timeout: 90_000,
  });
}
async function downloadRules(file: string): Promise<string> {
  const [d] = await Promise.all([
    page().waitForEvent('download'),
    page().getByTestId('rules-download').click(),
  ]);
  mkdirSync(out, { recursive: true });
  const path = `${out}${file}`;
  writeFileSync(path, readFileSync(await d.path()));
  return path;
}

describe('editing a rule', () => {
  it('Y7 at 1/5: the bar, its marks, its list and the CLI with the downloaded rules agree', async () => {
    await page().getByTestId('rules-button').click();
    // Esc closes the form unsaved, back on 编辑; opened, the keyboard is in its first field.
    await page().getByTestId('edit-Y7').click();
    expect(
      await page().evaluate(() => document.activeElement?.closest('form')?.dataset.testid),
    ).toBe('rule-form');
    await page().keyboard.press('Escape');
    await page().getByTestId('rule-form').waitFor({ state: 'detached' });
    expect(await page().evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'edit-Y7',
    );
    await page().getByTestId('edit-Y7').click();
    const form = page().getByTestId('rule-form');
    await form.getByTestId('target-num').fill('1');
    await form.getByTestId('target-den').fill('5');
    await form.getByTestId('rule-save').click();
    await page().getByTestId('rules-message').waitFor();
    expect(await page().getByTestId('rules-state').innerText()).toContain('1 条不同');
    const rulesFile = await downloadRules('rules-y7.json');
    const cli = await cliReport({ files: [], format: 'json', byUnit: false, rules: rulesFile });
    const y7 = cli.metrics.find((m) => m.id === 'Y7')!;
    // Worked out: ⌈1594/5⌉ = 319 needed against 292 young → short by 27.
    expect(y7).toMatchObject({ numerator: 292, denominator: 1594, met: false, gap: 27 });
    expect(y7.target).toBeCloseTo(0.2, 12);

    await page().getByTestId('rules-back').click();
    // The keyboard is back on the button that opened the rules, not at the top of the page.
    expect(await page().evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'rules-button',
    );
    await settled();
    const bar = page().getByTestId('metric-Y7');
    expect(await bar.getAttribute('data-met')).toBe('no');
    expect(await bar.getByTestId('mark-Y7').innerText()).toBe('已修改');
    expect(await page().getByTestId('gap-Y7').innerText()).toBe(`· 还差 ${y7.gap} 人`);
    expect(await bar.innerText()).toContain('目标 ≥ 1/5');
    expect(await page().getByTestId('summary-Y7').innerText()).toContain('✗ 未达标');
    expect(await page().getByTestId('kpi-Y7').innerText()).toContain('（已修改，目标 ≥ 1/5）');
    await bar.getByTestId('young-Y7').click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-title').innerText()).toContain(
      '（已修改，目标 ≥ 1/5）',
    );
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${y7.numerator} 人`);
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Other rules are as before.
    const y8 = defaults.metrics.find((m) => m.id === 'Y8')!;
    expect(await page().getByTestId('count-Y8').innerText()).toBe(
      `${y8.numerator}/${y8.denominator}`,
    );
  });

  it('a reload keeps the edited rules; the URL names them and reopens them', async () => {
    const url = page().url();
    expect(new URL(url).searchParams.get('rules')).toMatch(/^[0-9a-z]{11}$/);
    await page().reload();
    await settled();
    expect(await page().getByTestId('metric-Y7').getByTestId('mark-Y7').innerText()).toBe('已修改');
    // Back to the defaults here; the old address still opens the edited rule set.
    await page().getByTestId('rules-button').click();
    page().once('dialog', (d) => void d.accept());
    await page().getByTestId('rules-reset').click();
    await page().getByTestId('rules-message').waitFor();
    expect(await page().getByTestId('rules-state').innerText()).toBe('当前为默认规则。');
    const other = await page().context().newPage();
    try {
      await other.goto(url);
      await settled(other);
      expect(await other.getByTestId('metric-Y7').getAttribute('data-met')).toBe('no');
      expect(await other.getByTestId('metric-Y7').getByTestId('mark-Y7').innerText()).toBe(
        '已修改',
      );
      // The briefing's notes give the definition with the target in force.
      const briefing = new URL(url);
      briefing.searchParams.set('view', 'briefing');
      await other.goto(briefing.toString());
      await other.waitForSelector('[data-testid=briefing][data-ready]', { timeout: 120_000 });
      expect(await other.getByTestId('def-Y7').innerText()).toContain(
        '（本规则已修改：现行目标 ≥ 1/5，以“政策规则”中的现行设置为准）',
      );
      expect(await other.getByTestId('def-Y8').innerText()).not.toContain('已修改');
    } finally {
      await other.close();
    }
    await page().getByTestId('rules-back').click();
    await settled();
    expect(await page().getByTestId('metric-Y7').getAttribute('data-met')).toBe('yes');
  });
});

describe('the retirement rule', () => {
  it('women at 县处级 without the delay: the mark, the URL, the pipeline and the CLI agree', async () => {
    const due = () => page().getByTestId('retire-due-all').innerText();
    const before = await due();
    expect(Number(before.replace(/\D/g, ''))).toBe(defaults.retirements.due);
    // The 到龄 board's city row: this month, next month and the year, as the CLI counts them;
    // the year's number opens its people.
    const { thisMonth, nextMonth, thisYear } = defaults.retirements;
    const p = defaults.probation;
    const city = page().getByTestId('retire-board').locator('tbody tr').first();
    expect(
      (await city.locator('td').allInnerTexts()).map((t) => Number(t.replace(/\D/g, ''))),
    ).toEqual([thisMonth, nextMonth, thisYear, p.thisMonth, p.nextMonth, p.thisYear]);
    await page().getByTestId('board-thisYear-city').click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${thisYear} 人`);
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // A county's cell: its title names the county, whose people alone it lists.
    const county = page()
      .getByTestId('retire-board')
      .locator('tbody tr', { has: page().locator('[data-testid^=board-thisYear-]') })
      .nth(1);
    const region = await county.locator('th').innerText();
    const cell = county.locator('[data-testid^=board-thisYear-]');
    const n = Number((await cell.innerText()).replace(/\D/g, ''));
    await cell.click();
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${n} 人`);
    // Its scope is the county, in the title and the caption alike.
    expect(await dialog.getByTestId('people-title').innerText()).toMatch(
      new RegExp(`^到龄退休 · 全年.* · ${region}$`),
    );
    expect(await dialog.locator('.caption').innerText()).toContain(`范围：${region}`);
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page().getByTestId('rules-button').click();
    await page().getByTestId('retirement-county-delayed').uncheck();
    await page().getByTestId('retirement-modified').waitFor();
    expect(await page().getByTestId('rules-state').innerText()).toContain('1 条不同');
    expect(await page().getByTestId('retirement-summary').innerText()).toContain(
      '县处级及以上女干部不延迟',
    );
    await page().waitForURL(/[?&]rules=[0-9a-z]{11}/);
    const rulesFile = await downloadRules('rules-retirement.json');
    const cli = await cliReport({ files: [], format: 'json', byUnit: false, rules: rulesFile });
    // Undelayed, such women leave up to 36 months sooner: more are due now.
    expect(cli.retirements.due).toBeGreaterThan(defaults.retirements.due);
    await page().getByTestId('rules-back').click();
    await settled();
    await page().waitForFunction(
      (n) => document.querySelector('[data-testid=retire-due-all]')?.textContent?.trim() === n,
      cli.retirements.due.toLocaleString('zh-CN'),
      { timeout: 60_000 },
    );
    expect(await page().getByTestId('retire-rule').innerText()).toContain(
      '（女性县处级干部不延迟）',
    );
    await page().getByTestId('rules-button').click();
    // A value out of range is refused beside its field, and nothing changes.
    await page().getByTestId('retirement-menAge').fill('90');
    await page().getByTestId('retirement-menAge').press('Enter');
    expect(await page().getByTestId('retirement-error').innerText()).toBe(
      '法定退休年龄 · 男：应为 40 到 75 之间的整数；未采用，退休规则未改变。',
    );
    expect(await page().getByTestId('rules-state').innerText()).toContain('1 条不同');
    await page().getByTestId('retirement-restore').click();
    await page().getByTestId('retirement-modified').waitFor({ state: 'detached' });
    expect(await page().getByTestId('rules-state').innerText()).toBe('当前为默认规则。');
    expect(await page().getByTestId('retirement-menAge').inputValue()).toBe('60');
    await page().getByTestId('rules-back').click();
    await settled();
    expect(await due()).toBe(before);
  });
});

describe('the probation rule (任职试用期)', () => {
  it('counts 试用期满 on the board as the CLI does, opens its people, and follows an edited rule', async () => {
    const p = defaults.probation;
    expect(p.months).toBe(12);
    expect(p.thisMonth).toBeGreaterThan(0);
    const cell = page().getByTestId('board-probationThisMonth-city');
    expect(Number((await cell.innerText()).replace(/\D/g, ''))).toBe(p.thisMonth);
    await cell.click();
    const dialog = page().getByTestId('people');
    await dialog.getByTestId('people-count').waitFor();
    expect(await dialog.getByTestId('people-count').innerText()).toBe(`${p.thisMonth} 人`);
    expect(await dialog.getByTestId('people-title').innerText()).toMatch(/^试用期满 · 本月/);
    // Each row says the month its probation ends, that month being the reference month.
    expect(await dialog.getByTestId('people-scroll').innerText()).toContain(
      `${defaults.asOf.slice(0, 7)} · 试用期满`,
    );
    await page().keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Six months instead of a year: the board, the CLI with the downloaded rules and the mark.
    await page().getByTestId('rules-button').click();
    await page().getByTestId('probation-months').fill('6');
    await page().getByTestId('probation-months').press('Enter');
    await page().getByTestId('probation-modified').waitFor();
    await page().waitForURL(/[?&]rules=[0-9a-z]{11}/);
    const cli = await cliReport({
      files: [],
      format: 'json',
      byUnit: false,
      rules: await downloadRules('rules-probation.json'),
    });
    expect(cli.probation.months).toBe(6);
    expect(cli.probation.thisMonth).not.toBe(p.thisMonth);
    // No months at all is refused, naming the field, and nothing changes.
    await page().getByTestId('probation-months').fill('0');
    await page().getByTestId('probation-months').press('Enter');
    expect(await page().getByTestId('probation-error').innerText()).toBe(
      '任职试用期 · 试用期月数：应为 1 到 60 之间的整数；未采用，试用期规则未改变。',
    );
    await page().getByTestId('rules-back').click();
    await settled();
    await page().waitForFunction(
      (n) =>
        document
          .querySelector('[data-testid=board-probationThisMonth-city]')
          ?.textContent?.trim() === n,
      cli.probation.thisMonth.toLocaleString('zh-CN'),
      { timeout: 60_000 },
    );
    expect(await page().getByTestId('probation-rule').innerText()).toContain('试用期 6 个月');
    await page().getByTestId('rules-button').click();
    await page().getByTestId('probation-restore').click();
    await page().getByTestId('probation-modified').waitFor({ state: 'detached' });
    expect(await page().getByTestId('rules-state').innerText()).toBe('当前为默认规则。');
    await page().getByTestId('rules-back').click();
    await settled();
  });
});

describe('a custom rule', () => {
  it('added to the Jinzhou programme, it shows in the summary, the bars, the county table and the trend, as the CLI computes it', async () => {
    await page().getByTestId('rules-button').click();
    await page().getByTestId('add-rule-jinzhou').click();
    const form = page().getByTestId('rule-form');
    await form.getByTestId('rule-id').fill('J9');
    await form.getByTestId('rule-label-zh').fill('乡镇长中1988年及以后出生');
    await form.getByTestId('rule-label-en').fill('Township heads born 1988 or later');
    await form.getByTestId('any-levels').check();
    await form.getByTestId('postclass-township_head').check();
    await form.getByTestId('counted-gender').selectOption({ label: '不限' });
    await form.getByTestId('counted-born-from').fill('1988-01');
    await form.getByTestId('target-num').fill('1');
    await form.getByTestId('target-den').fill('5');
    await form.getByTestId('rule-save').click();
    await page().getByTestId('rules-message').waitFor();
    expect(await page().getByTestId('rule-J9').innerText()).toContain('自定义');
    const rulesFile = await downloadRules('rules-j9.json');
    const cli = await cliReport({ files: [], format: 'json', byUnit: true, rules: rulesFile });
    const j9 = cli.metrics.find((m) => m.id === 'J9')!;
    expect(j9.denominator).toBe(cli.metrics.find((m) => m.id === 'J2')!.denominator);

    await page().getByTestId('rules-back').click();
    await settled();
    expect(await page().getByTestId('count-J9').innerText()).toBe(
      `${j9.numerator}/${j9.denominator}`,
    );
    expect(await page().getByTestId('summary-J9').innerText()).toContain(j9.met ? '✓' : '✗');
    // J9's target (≥ 1/5) is not J1's and J2's (> 1/3): its own chart, with its own target line.
    const trend = page().getByTestId('trend-jinzhou-1');
    expect(await trend.locator('h3').innerText()).toContain('J9');
    expect(await trend.locator('.target-label').textContent()).toBe('目标 ≥ 1/5');
    await page().getByTestId('summary-units-J9').click();
    const rows = page().getByTestId('unit-table').getByTestId('unit-row');
    const regions = cli.byUnit!.filter(
      (r) => r.id === 'J9' && r.scope === 'region' && r.denominator > 0,
    );
    expect(await rows.count()).toBe(regions.length);
  });

  it('a rule set that fails its checks changes nothing and says why', async () => {
    await page().getByTestId('rules-button').click();
    // Weights of T1 that total 105.
    await page().getByTestId('edit-T1').click();
    const form = page().getByTestId('rule-form');
    await form.getByTestId('item-weight').first().fill('25');
    expect(await form.getByTestId('weight-total').innerText()).toContain('105');
    await form.getByTestId('rule-save').click();
    expect(await form.getByTestId('rule-error').innerText()).toBe(
      '规则 T1 · 配备项：各项权重合计应为 100，现为 105',
    );
    await form.getByRole('button', { name: '取消' }).click();
    expect(await page().getByTestId('rule-T1').innerText()).not.toContain('已修改');
    // An uploaded file with a target of 7/6 is refused, naming the rule and the field.
    const bad = JSON.parse(readFileSync(`${out}rules-j9.json`, 'utf8'));
    bad.rules.find((r: { id: string }) => r.id === 'Y1').target = [7, 6];
    await page()
      .getByTestId('rules-upload')
      .setInputFiles({
        name: 'bad.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(bad)),
      });
    const msg = page().getByTestId('rules-message');
    await page().waitForFunction(() =>
      document.querySelector('[data-testid=rules-message]')?.textContent?.includes('未载入'),
    );
    expect(await msg.innerText()).toBe(
      '规则文件“bad.json”未载入：规则 Y1 · 目标：目标 7/6 大于 1（比例不能超过 100%）；当前规则未改变',
    );
    expect(await page().getByTestId('rule-J9').count()).toBe(1);
    page().once('dialog', (d) => void d.accept());
    await page().getByTestId('rules-reset').click();
    await page().getByTestId('rules-back').click();
    await settled();
  });
});

describe('a warning edited while the database starts', () => {
  it('is the one the scorecard counts, as the CLI with the downloaded rules does', async () => {
    // A context of its own: its rules kept in the browser are not the other tests'.
    const context = await app.browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const p = await context.newPage();
      await p.goto(`${new URL(page().url()).origin}/?view=rules`);
      const months = p.getByTestId('warning-rule-principal_retiring').locator('input');
      await months.last().waitFor();
      // Edited once the database is open and being set up with the rules of that moment.
      await p.waitForFunction(() => performance.getEntriesByName('db-open').length > 0);
      const early = await p.evaluate(
        () => !document.querySelector('main')?.getAttribute('data-view'),
      );
      await months.last().fill('24');
      await months.last().press('Tab');
      await p.getByText('主要领导2年内到龄').first().waitFor();
      await settled(p);
      const [d] = await Promise.all([
        p.waitForEvent('download'),
        p.getByTestId('rules-download').click(),
      ]);
      const rulesFile = `${out}rules-warning.json`;
      writeFileSync(rulesFile, readFileSync(await d.path()));
      const cli = (await cliReport({
        files: [],
        format: 'json',
        byUnit: false,
        rules: rulesFile,
      })) as unknown as { teams: { template: string; warnings: string[] }[] };
      // The scorecard opens on the first template's teams.
      const n = cli.teams.filter(
        (t) => t.template === 'T1' && t.warnings.some((w) => w.startsWith('主要领导2年内到龄')),
      ).length;
      // Two years catch more principals than the default six months (this test's premise).
      const six = (
        defaults as unknown as { teams: { template: string; warnings: string[] }[] }
      ).teams.filter(
        (t) => t.template === 'T1' && t.warnings.some((w) => w.startsWith('主要领导半年内到龄')),
      ).length;
      expect(n).toBeGreaterThan(six);
      // A refused value is said beside the warnings, naming the warning, and changes nothing.
      await months.last().fill('0');
      await months.last().press('Tab');
      expect(await p.getByTestId('warning-error').innerText()).toBe(
        '班子预警“主要领导2年内到龄” · 月数：应为 1 到 240 之间的整数；未采用，班子预警未改变。',
      );
      // The field shows the months in force again, not the refused 0.
      expect(await months.last().inputValue()).toBe('24');
      await p.getByTestId('rules-back').click();
      await settled(p);
      expect(await p.getByTestId('template-T1').getAttribute('aria-pressed')).toBe('true');
      const chip = p.getByTestId('warning-principal_retiring');
      if (n === 0) expect(await chip.count()).toBe(0);
      else expect((await chip.innerText()).replace(/\s+/g, ' ')).toBe(`⚠ 主要领导2年内到龄 ${n}`);
      // Said whether the edit came before the database was ready (the case this test is for).
      console.log(`warning edited ${early ? 'before' : 'after'} the database was ready`);
    } finally {
      await context.close();
    }
  });
});
