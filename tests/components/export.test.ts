import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_SET, ruleById, type EligibilityRule } from '../../src/core/policy/index.ts';
import type { EligibilityRow } from '../../src/core/selection/eligibility.ts';
import { eligibilityTable } from '../../src/app/selection/export.ts';
import { i18n } from '../../src/app/i18n.svelte.ts';

const row = {
  person_id: 'X4',
  name: '庚',
  gender: '男',
  birth: '1995-01',
  age: 30,
  region: '市直',
  unit_name: '永州市商务局',
  post_title: '副科长',
  level: null,
  status: 'unknown',
  failed: [],
  missing: ['level'],
  will_qualify: false,
  priority: false,
  s_age: 'pass',
  s_level: 'unknown',
} as unknown as EligibilityRow;

describe('an eligibility list exported', () => {
  it('names every column once: the criterion beside the person’s own 年龄 or 职务层次 is （条件）', () => {
    const s4 = ruleById(DEFAULT_RULE_SET, 'S4') as EligibilityRule;
    for (const lang of ['zh', 'en'] as const) {
      i18n.lang = lang;
      const t = eligibilityTable(s4, ['age', 'level'], [row], false);
      const labels = t.columns.map((c) => c.label);
      expect(new Set(labels).size).toBe(labels.length);
      expect(labels).toContain(lang === 'zh' ? '职务层次（条件）' : 'Level (criterion)');
    }
    i18n.lang = 'zh';
  });
});
