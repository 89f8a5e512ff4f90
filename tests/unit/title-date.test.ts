import { describe, expect, it } from 'vitest';
import { snapshotFromTitle } from '../../src/core/fields.ts';

describe('snapshotFromTitle', () => {
  it('reads the 统计时点 of a title as offices write it, and no other date', () => {
    const cases: [string[], string | null][] = [
      [['永州市干部名册（截至2025年6月30日）'], '2025-06-30'],
      [['（统计时间：2025-06-30）'], '2025-06-30'],
      [['统计时间：2025-06-30'], '2025-06-30'],
      [['统计日期：2025.6'], '2025-06-30'],
      [['填报单位：XX县委组织部,,,,截止时间：2024年12月31日'], '2024-12-31'],
      [['截至时间：2024年12月31日'], '2024-12-31'],
      [['截止日期：2024-12-31'], '2024-12-31'],
      [['数据截至时点：2024年12月'], '2024-12-31'],
      [['统计截止日期：2024.12.31'], '2024-12-31'],
      [['XX市干部花名册（2025年6月30日）'], '2025-06-30'],
      [['干部名册', '（2025年6月）'], '2025-06-30'],
      [['XX市干部情况统计表(2024年12月底)'], '2024-12-31'],
      // A month heading the title; a bracketed date before a 制表时间.
      [['2026年1月干部名册'], '2026-01-31'],
      [['XX县2025年6月底干部花名册'], '2025-06-30'],
      [['零陵区2025年6月30日领导干部一览表'], '2025-06-30'],
      [['干部名册(2026-01) 制表时间：2026-02-05'], '2026-01-31'],
      // A filling, printing or export date is not the 统计时点; nor a cohort or a month that is none.
      [['干部名册', '（填报日期：2025年7月3日）'], null],
      [['干部名册（制表时间 2025年7月3日）'], null],
      [['80后干部名册（1980年以后出生）'], null],
      [['1985年10月以后出生干部名册'], null],
      [['干部名册', '制表时间：2026年2月5日'], null],
      [['干部名册（2025年13月）'], null],
    ];
    for (const [lines, want] of cases)
      expect([lines, snapshotFromTitle(lines)]).toEqual([lines, want]);
  });
});
