import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import PeopleDialog from '../../src/app/PeopleDialog.svelte';
import type { PersonRow } from '../../src/core/report.ts';

let app: Record<string, unknown> | null = null;
beforeAll(() => {
  // jsdom has no modal dialogs.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
  };
});
afterEach(() => {
  if (app) unmount(app);
  app = null;
});

const person = (i: number): PersonRow =>
  ({
    person_id: `p${i}`,
    name: `人员${String(i).padStart(4, '0')}`,
    gender: i % 2 ? '男' : '女',
    birth: '1980-01',
    age: 20 + (i % 40),
    ethnicity: '汉族',
    party: '中共党员',
    education_highest: '大学本科',
    education_fulltime: '大学本科',
    region: '白沙县',
    unit_name: '白沙县财政局',
    post_title: '科员',
    level: '科员',
  }) as unknown as PersonRow;

describe('PeopleDialog', () => {
  it('draws 500 of 1,100 people, 500 more per click, then focuses the table', async () => {
    document.body.innerHTML = '';
    const rows = Array.from({ length: 1100 }, (_, i) => person(i));
    app = mount(PeopleDialog, {
      target: document.body,
      props: {
        title: '总人数',
        caption: '统计时点 2024-12-31',
        rows,
        masked: false,
        onclose: () => {},
      },
    });
    flushSync();
    const drawn = () => document.querySelectorAll('tbody tr').length;
    const more = () => document.querySelector<HTMLElement>('[data-testid=people-more]');
    expect(drawn()).toBe(500);
    expect(document.querySelector('[data-testid=people-count]')!.textContent).toBe('1100 人');
    expect(more()!.textContent).toContain('显示前 500 人，共 1100 人；导出包含全部人员');
    expect(more()!.querySelector('button')!.textContent).toBe('再显示 500 人');
    more()!.querySelector('button')!.click();
    await tick();
    flushSync();
    expect(drawn()).toBe(1000);
    expect(more()!.querySelector('button')!.textContent).toBe('再显示 100 人');
    more()!.querySelector('button')!.click();
    await tick();
    await tick();
    flushSync();
    expect(drawn()).toBe(1100);
    expect(more()).toBeNull();
    expect(document.activeElement?.getAttribute('data-testid')).toBe('people-scroll');
  });
});
