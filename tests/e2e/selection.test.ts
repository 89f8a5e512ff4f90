import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../../src/cli/report.ts';
import { cliReport } from './cli-report.ts';
import type { DuckClient } from '../../src/core/db.ts';
import { materializeCube } from '../../src/core/cube.ts';
import { loadSources } from '../../src/core/load.ts';
import { nodeParquetToIPC, openNodeDatabase } from '../../src/core/node-env.ts';
import type { QueryTexts } from '../../src/core/queries.ts';
import type { Report } from '../../src/core/report.ts';
import { whatIf } from '../../src/core/selection/whatif.ts';
import { closeApp, openApp, type AppHarness } from './setup.ts';

/*
 * Selection in the page (issue 12): a condition search composed, saved, found again after a
 * reload and reopened, with the CLI agreeing on the saved rules file; a candidate placed into a
 * short team changes the Y values and the team's check as the same SQL in Node says, and undo
 * takes it back; an eligibility list exported to Excel holds the people the CLI lists.
 */
const AS_OF = '2026-10-31';
let app: AppHarness;
let node: { db: DuckClient; sql: QueryTexts };
let cli: Report;
const page = () => app.page;
const out = fileURLToPath(new URL('../.out/', import.meta.url));

beforeAll(async () => {
  [app, node, cli] = await Promise.all([
    openApp('', {}, { width: 1440, height: 900 }),
    (async () => {
      const n = await openNodeDatabase();
      const bytes = new Uint8Array(readFileSync(DEMO_FILE));
      await loadSources(n.db, [{ name: 'cadres.parquet', bytes }], {
        parquetToIPC: nodeParquetToIPC,
      });
      await materializeCube(n.db);
      return n;
    })(),
    cliReport({ files: [], format: 'json', byUnit: false }),
  ]);
  await settled();
});
afterAll(async () => {
  await closeApp(app);
  await node?.db.close();
});

async function settled(p: Page = page()) {
  await p.waitForFunction(() => !!document.querySelector('main')?.getAttribute('data-view'), null, {
    timeout: 120_000,
  });
}
async function save(trigger: () => Promise<void>, file: string): Promise<string> {
  const [d] = await Promise.all([page().waitForEvent('download'), trigger()]);
  mkdirSync(out, { recursive: true });
  const path = `${out}${file}`;
  writeFileSync(path, readFileSync(await d.path()));
  return path;
}

describe('condition search', () => {
  it('composes a search, saves it as a rule, finds it after a reload and reopens it', async () => {
    await page().getByTestId('search-open').click();
    const composer = page().getByTestId('search-composer');
    // The default draft: aged ≤ 35 with full-time 大学本科+; among 乡科级副职 in 乡镇街道.
    await composer.getByTestId('search-name').fill('乡镇副科35岁以下全日制本科');
    await composer.getByTestId('pop-level-乡科级副职').check();
    await composer.getByTestId('pop-unit-乡镇街道').check();
    await composer.getByTestId('crit-party').selectOption('中共党员');
    await composer.getByTestId('search-run').click();
    const list = page().getByTestId('eligibility-list');
    await list.getByTestId('eligibility-total').waitFor();
    const preview = await list.getByTestId('eligibility-total').innerText();
    await list.getByTestId('eligibility-close').click();
    await list.waitFor({ state: 'detached' });
    await composer.getByTestId('search-save').click();
    expect(await composer.getByTestId('search-message').innerText()).toContain('Q1');
    await settled();
    expect(new URL(page().url()).searchParams.get('rules')).toBeTruthy();

    await page().reload();
    await settled();
    const row = page().getByTestId('eligibility-Q1');
    await row.getByTestId('eligible-Q1').waitFor({ timeout: 120_000 });
    expect(await row.innerText()).toContain('乡镇副科35岁以下全日制本科');
    const eligible = Number((await row.getByTestId('eligible-Q1').innerText()).replaceAll(',', ''));
    const unknown = Number((await row.getByTestId('unknown-Q1').innerText()).replaceAll(',', ''));

    // Reopened in the composer: the same criteria, the same list.
    await page().getByTestId('search-open').click();
    const again = page().getByTestId('search-composer');
    await again.getByTestId('search-saved').selectOption('Q1');
    expect(await again.getByTestId('search-name').inputValue()).toBe('乡镇副科35岁以下全日制本科');
    expect(await again.getByTestId('crit-party').inputValue()).toBe('中共党员');
    await again.getByTestId('search-run').click();
    await list.getByTestId('eligibility-total').waitFor();
    expect(await list.getByTestId('eligibility-total').innerText()).toBe(preview);
    expect(preview).toContain(`/ ${eligible + unknown} 人`);
    await list.getByTestId('eligibility-close').click();
    await list.waitFor({ state: 'detached' });

    // The CLI with the rules file the page keeps counts the same.
    await page().getByTestId('rules-button').click();
    const rulesFile = await save(
      () => page().getByTestId('rules-download').click(),
      'rules-q1.json',
    );
    await page().getByTestId('rules-back').click();
    await settled();
    const withQ1 = await cliReport({ files: [], format: 'json', byUnit: false, rules: rulesFile });
    expect(withQ1.eligibility!.find((e) => e.id === 'Q1')).toMatchObject({ eligible, unknown });
  });
});

describe('模拟调配', () => {
  it('a candidate replacing a member of a short team: Y6 and the team’s check change; undo', async () => {
    await page().getByTestId('y10-Y10').waitFor({ timeout: 120_000 });
    // A team of four with no one young: one young member is enough for 1/6.
    const row = page()
      .locator('[data-testid=target-team][data-rule=Y6]')
      .filter({ hasText: '0/1 (4)' })
      .first();
    const unit = (await row.getAttribute('data-unit'))!;
    await row.getByTestId('open-team').click();
    const team = page().getByTestId('team-dialog');
    const first = team.getByTestId('candidate').first();
    await first.waitFor();
    // Dated, and judged on all its members whatever the filters.
    expect(await team.getByTestId('team-caption').innerText()).toMatch(
      /^统计时点 \d{4}-\d\d-\d\d · 不受人员筛选影响：班子按全体成员核算，人选来自全部后备干部$/,
    );
    const person = (await first.getAttribute('data-person'))!;
    const oldest = (await team
      .locator('[data-testid=team-members] tr[data-person]')
      .first()
      .getAttribute('data-person'))!;
    await first.getByRole('button', { name: '接替…' }).click();
    await team.getByTestId(`replace-${person}`).selectOption(oldest);
    await team.getByTestId(`replace-go-${person}`).click();
    await team.getByTestId('team-placed').waitFor();
    // One person, one post: the one placed is no longer offered, the one replaced has left.
    expect(await team.locator(`[data-testid=candidate][data-person="${person}"]`).count()).toBe(0);
    expect(
      await team.locator(`[data-testid=team-members] tr[data-person="${oldest}"]`).count(),
    ).toBe(0);
    // The one placed is among the members now, marked as the scenario's.
    const placedRow = team.locator(`[data-testid=team-placed-member][data-person="${person}"]`);
    expect(await placedRow.count()).toBe(1);
    expect(await placedRow.innerText()).toContain('拟调入（模拟）');
    await team.getByTestId('team-close').click();

    const whatif = page().getByTestId('whatif');
    await whatif.getByTestId('whatif-result').waitFor({ timeout: 60_000 });
    // The same move through the same SQL in Node.
    const expected = await whatIf(node.db, node.sql, AS_OF, [
      {
        person_id: person,
        name: null,
        unit_id: unit,
        unit_name: null,
        level: null,
        replaces: oldest,
        replaces_name: null,
        rule: 'Y6',
      },
    ]);
    const y6 = expected.ratios.find((r) => r.id === 'Y6')!;
    const cells = await whatif.getByTestId('whatif-ratio-Y6').locator('td').allInnerTexts();
    expect(cells[1]).toContain(`${y6.b_num}/${y6.b_den}`);
    expect(cells[2]).toContain(`${y6.a_num}/${y6.a_den}`);
    expect([y6.b_num, y6.b_den]).not.toEqual([y6.a_num, y6.a_den]);
    // Before: the CLI's Y6.
    const cliY6 = cli.metrics.find((m) => m.id === 'Y6')!;
    expect([y6.b_num, y6.b_den]).toEqual([cliY6.numerator, cliY6.denominator]);
    const check = whatif.locator(`[data-testid=whatif-unit][data-unit="${unit}"][data-rule=Y6]`);
    const teamCells = await check.locator('td').allInnerTexts();
    expect(teamCells[2]).toContain('0/4');
    expect(teamCells[2]).toContain('✗ 未达标');
    expect(teamCells[3]).toContain('1/4');
    expect(teamCells[3]).toContain('✓ 达标');
    expect(await whatif.getByTestId('move').count()).toBe(1);
    // The team's structure items, 应配 / 实配 / 缺配 before → after (DOMAIN.md §8).
    const young = whatif
      .getByTestId('whatif-template')
      .first()
      .locator('[data-testid^=whatif-item-]');
    expect(await young.count()).toBeGreaterThan(0);
    expect(await young.first().innerText()).toMatch(/应配 \d+，实配 \d+ → \d+，缺配 \d+ → \d+$/);

    await whatif.getByTestId('scenario-undo').click();
    await whatif.getByTestId('whatif-empty').waitFor();
    expect(await whatif.getByTestId('whatif-result').count()).toBe(0);
  });
});

describe('placing from an eligibility list', () => {
  it('adds a move once: the same cadre again is refused with the move that holds him', async () => {
    await page().getByTestId('eligibility-S1').getByTestId('eligible-S1').click();
    const list = page().getByTestId('eligibility-list');
    await list.getByTestId('eligibility-total').waitFor();
    const place = list.locator('[data-testid^=place-]').first();
    const placeInto = async (option: number) => {
      await place.click();
      await list.getByTestId('place-unit').selectOption({ index: option });
      await list.getByTestId('place-add').click();
    };
    await placeInto(1);
    expect(await list.getByTestId('placed-note').innerText()).toBe(
      '已加入模拟调配方案（1 项调整）',
    );
    await placeInto(2);
    expect(await list.getByTestId('placed-note').innerText()).toMatch(
      /^.+ 已在第 1 项调整中安排，一人只能任一个职务；如需改动，请先撤销那一项$/,
    );
    await list.getByTestId('eligibility-close').click();
    await list.waitFor({ state: 'detached' });
    const whatif = page().getByTestId('whatif');
    expect(await whatif.getByTestId('move').count()).toBe(1);
    await whatif.getByTestId('scenario-undo').click();
    await whatif.getByTestId('whatif-empty').waitFor();
  });
});

describe('exports', () => {
  it('S1’s eligible people exported to Excel are those the CLI lists', async () => {
    const row = page().getByTestId('eligibility-S1');
    await row.getByTestId('eligible-S1').click();
    const list = page().getByTestId('eligibility-list');
    await list.getByTestId('eligibility-total').waitFor();
    const file = await save(() => list.getByTestId('eligibility-xlsx').click(), 'S1.xlsx');
    await list.getByTestId('eligibility-close').click();

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    expect(String(ws.getCell('A1').value)).toContain('S1');
    const header = (ws.getRow(3).values as unknown[]).slice(1).map(String);
    const col = (label: string) => header.indexOf(label) + 1;
    const rows: { id: string; status: string; unit: string }[] = [];
    for (let r = 4; r <= ws.rowCount; r++) {
      const get = (label: string) => String(ws.getRow(r).getCell(col(label)).value ?? '');
      rows.push({ id: get('人员编号'), status: get('状态'), unit: get('单位') });
    }
    const s1 = cli.eligibility!.find((e) => e.id === 'S1')!;
    const expected = s1.people.filter((p) => p.status === 'eligible');
    expect(rows.length).toBe(s1.eligible);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((p) => p.person_id).sort());
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['符合条件']));
    const units = new Map(expected.map((p) => [p.person_id, p.unit]));
    for (const r of rows) expect(r.unit).toBe(units.get(r.id));
    expect(header).toEqual(
      expect.arrayContaining(['年龄', '最高学历', '任乡镇(街道)党(工)委书记', '近年年度考核']),
    );
  });
});
