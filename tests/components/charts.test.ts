import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import BarChart from '../../src/app/charts/BarChart.svelte';
import Heatmap from '../../src/app/charts/Heatmap.svelte';
import ProjectionLine from '../../src/app/charts/ProjectionLine.svelte';
import Pyramid from '../../src/app/charts/Pyramid.svelte';
import TargetBar from '../../src/app/charts/TargetBar.svelte';
import TrendLine from '../../src/app/charts/TrendLine.svelte';

/* Geometry worked out by hand from each chart's fixed size and margins. */
let app: Record<string, unknown> | null = null;
const render = <P extends Record<string, unknown>>(C: unknown, props: P) => {
  document.body.innerHTML = '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  app = mount(C as any, { target: document.body, props });
  flushSync();
  return document.body;
};
afterEach(() => {
  if (app) unmount(app);
  app = null;
});
const attr = (el: Element | null | undefined, name: string) => Number(el?.getAttribute(name));

describe('BarChart', () => {
  const data = [
    { label: '甲', value: 10 },
    { label: '乙', value: 5 },
    { label: '丙', value: 0 },
  ];

  it('bar heights are proportional to the values on a zero-based axis', () => {
    // height 220, margins 24/36 → the axis runs from y = 184 (0) to y = 24 (10).
    const el = render(BarChart, {
      title: '测试',
      caption: '统计时点 2024-12-31',
      data,
      unit: '人',
    });
    const rects = [...el.querySelectorAll('.bar rect')];
    expect(rects.map((r) => attr(r, 'height'))).toEqual([160, 80, 0]);
    expect(rects.map((r) => attr(r, 'y'))).toEqual([24, 104, 184]);
    expect(el.querySelector('svg')?.getAttribute('aria-label')).toBe(
      '测试：甲 10人，乙 5人，丙 0人',
    );
    expect(el.querySelector('h3')?.textContent).toBe('测试');
    expect(el.querySelector('.caption')?.textContent).toBe('统计时点 2024-12-31');
  });

  it('a bar toggles its filter, marked with ✓; a number opens the people', () => {
    const onselect = vi.fn();
    const onpeople = vi.fn();
    const el = render(BarChart, {
      title: 't',
      caption: 'c',
      data,
      selected: ['乙'],
      onselect,
      onpeople,
    });
    const bars = el.querySelectorAll<SVGRectElement>('rect[role=button]');
    expect([...bars].map((b) => b.getAttribute('aria-pressed'))).toEqual([
      'false',
      'true',
      'false',
    ]);
    expect([...el.querySelectorAll('.label')].map((l) => l.textContent)).toEqual([
      '甲',
      '✓ 乙',
      '丙',
    ]);
    bars[0].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    bars[2].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(onselect.mock.calls).toEqual([['甲'], ['丙']]);
    // No number to click for an empty bar.
    const numbers = el.querySelectorAll('[data-testid=bar-people]');
    expect(numbers).toHaveLength(2);
    numbers[1].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onpeople).toHaveBeenCalledWith('乙', '乙');
  });
});

describe('Pyramid', () => {
  const cells = [
    { key: '男', key2: '30', n: 2 },
    { key: '男', key2: '31', n: 1 },
    { key: '女', key2: '30', n: 1 },
    { key: '女', key2: '34', n: 4 },
  ];
  const props = {
    title: '年龄金字塔',
    caption: 'c',
    cells,
    labels: { men: '男', women: '女', age: '年龄', years: '单岁', bands: '5岁组' },
    range: null,
    onbrush: () => {},
    onpeople: () => {},
    unit: '人',
  };

  it('single years from the oldest at the top; bar widths against the widest count', () => {
    const el = render(Pyramid, props);
    // Half width 280 − axis 28 − margin 10 = 242 px for the largest count (4).
    const ages = [...el.querySelectorAll('.age')].map((t) => t.textContent);
    expect(ages).toEqual(['34', '33', '32', '31', '30']);
    const men = [...el.querySelectorAll('rect.men')].map((r) => attr(r, 'width'));
    const women = [...el.querySelectorAll('rect.women')].map((r) => attr(r, 'width'));
    expect(men).toEqual([60.5, 121]);
    expect(women).toEqual([242, 60.5]);
    expect(el.querySelector('svg')?.getAttribute('aria-label')).toBe(
      '年龄金字塔：男 3人，女 5人，年龄 30–34',
    );
  });

  it('5-year bands add up the single years', () => {
    const el = render(Pyramid, props);
    el.querySelector<HTMLButtonElement>('[data-testid=pyramid-bands]')!.click();
    flushSync();
    expect([...el.querySelectorAll('.age')].map((t) => t.textContent)).toEqual(['30–34']);
    expect([...el.querySelectorAll('.n')].map((t) => t.textContent)).toEqual(['3', '5']);
  });

  it('a bar opens the people of that age and gender; the age range dims the rest', () => {
    const onpeople = vi.fn();
    const el = render(Pyramid, { ...props, onpeople, range: { min: 30, max: 31 } });
    el.querySelector('rect.women')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onpeople).toHaveBeenCalledWith('女', 34, 34);
    const rows = [...el.querySelectorAll('.row')];
    expect(rows.map((r) => r.classList.contains('in'))).toEqual([false, false, false, true, true]);
  });
});

describe('Heatmap', () => {
  it('prints every count with row and column totals; a cell opens its people', () => {
    const onpeople = vi.fn();
    const el = render(Heatmap, {
      title: 'h',
      caption: 'c',
      rows: [
        { key: 'r1', label: '行一' },
        { key: 'r2', label: '行二' },
      ],
      cols: [
        { key: 'c1', label: '列一' },
        { key: 'c2', label: '列二' },
      ],
      cells: [
        { key: 'r1', key2: 'c1', n: 3 },
        { key: 'r1', key2: 'c2', n: 2 },
        { key: 'r2', key2: 'c2', n: 5 },
      ],
      onpeople,
    });
    const values = [...el.querySelectorAll('text.v')].map((t) => t.textContent);
    // r1: 3 2 Σ5; r2: 0 5 Σ5; columns: 3 7.
    expect(values).toEqual(['3', '2', '5', '0', '5', '5', '3', '7']);
    const cells = el.querySelectorAll('[data-testid=heat-cell]');
    expect(cells).toHaveLength(3);
    cells[2].dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onpeople).toHaveBeenCalledWith('r2', 'c2');
  });
});

describe('TargetBar', () => {
  it('draws the share and the target line on the same scale; status in words', () => {
    const el = render(TargetBar, {
      id: 'Y1',
      label: '示例',
      numerator: 1,
      denominator: 7,
      value: 1 / 7,
      target: 1 / 6,
      comparator: '>=',
      met: false,
      gap: 1,
      max: 0.5,
    });
    // The panel's shared domain [0, 0.5] over 360 px.
    const bar = el.querySelector('rect.bar')!;
    expect(attr(bar, 'width')).toBeCloseTo((1 / 7 / 0.5) * 360, 6);
    expect(attr(el.querySelector('line.target'), 'x1')).toBeCloseTo((1 / 6 / 0.5) * 360, 6);
    expect(el.querySelector('[data-testid=gap-Y1]')?.textContent).toBe('· 还差 1 人');
    expect(el.querySelector('[data-testid=metric-Y1]')?.getAttribute('data-met')).toBe('no');
  });
});

describe('TargetBar scale', () => {
  it('bars of one panel share a scale: lengths are proportional to the values', () => {
    const bar = (id: string, value: number) =>
      attr(
        render(TargetBar, {
          id,
          label: id,
          numerator: 0,
          denominator: 0,
          value,
          target: 1 / 3,
          comparator: '>',
          met: value > 1 / 3,
          gap: 0,
          max: 0.7,
        }).querySelector('rect.bar'),
        'width',
      );
    // J1 64.7% and J2 52.9% used to be drawn the same length; on one scale they keep their ratio.
    expect(bar('J1', 0.647) / bar('J2', 0.529)).toBeCloseTo(0.647 / 0.529, 6);
    expect(bar('J1', 0.647)).toBeCloseTo((0.647 / 0.7) * 360, 6);
  });
});

describe('TrendLine', () => {
  it('one path per series and its last value with the status mark', () => {
    const pt = (date: string, value: number, met: boolean) => ({
      date,
      value,
      numerator: 0,
      denominator: 0,
      met,
    });
    const el = render(TrendLine, {
      title: 't',
      caption: 'c',
      series: [
        {
          id: 'J1',
          label: 'a',
          points: [pt('2020-12-31', 0.2, false), pt('2021-12-31', 0.4, true)],
        },
        {
          id: 'J2',
          label: 'b',
          points: [pt('2020-12-31', 0.1, false), pt('2021-12-31', 0.3, false)],
        },
      ],
      target: 1 / 3,
      comparator: '>',
    });
    expect(el.querySelectorAll('path')).toHaveLength(2);
    expect(el.querySelector('[data-testid=trend-end-J1]')?.textContent).toBe('J1 40.0% ✓');
    expect(el.querySelector('[data-testid=trend-end-J2]')?.textContent).toBe('J2 30.0% ✗');
  });

  it('three monthly snapshots are ticked by month, a long history by year', () => {
    const pt = (date: string) => ({ date, value: 0.3, numerator: 0, denominator: 0, met: true });
    const ticks = (dates: string[]) => {
      const el = render(TrendLine, {
        title: 't',
        caption: 'c',
        series: [{ id: 'J1', label: 'a', points: dates.map(pt) }],
        target: 1 / 3,
        comparator: '>',
      });
      return [...el.querySelectorAll('.xtick')].map((t) => t.textContent);
    };
    expect(ticks(['2025-09-30', '2025-10-31', '2025-11-30'])).toEqual([
      '2025-09',
      '2025-10',
      '2025-11',
    ]);
    expect(ticks(['2018-12-31', '2020-12-31', '2022-12-31', '2024-12-31'])).toEqual([
      '2019',
      '2020',
      '2021',
      '2022',
      '2023',
      '2024',
    ]);
  });
});

describe('ProjectionLine', () => {
  it('a rule with nobody in its population keeps its period on the axis and says 无数据', () => {
    const point = (date: string) => ({
      date,
      value: null,
      numerator: 0,
      denominator: 0,
      met: null,
    });
    const el = render(ProjectionLine, {
      title: 'Y2',
      caption: '统计时点 2025-06-30',
      history: [point('2025-04-30'), point('2025-06-30')],
      projection: [point('2026-06-30'), point('2028-06-30'), point('2030-06-30')],
      target: 1 / 6,
      comparator: '>=',
      labels: { history: '历史', projection: '预测', scenario: '情景' },
    });
    const years = [...el.querySelectorAll('.xtick')].map((t) => t.textContent);
    expect(years.length).toBeGreaterThan(0);
    expect(years.every((y) => Number(y) >= 2025 && Number(y) <= 2030)).toBe(true);
    expect(el.querySelector('[data-testid=no-data]')?.textContent).toBe('无数据');
  });
});
