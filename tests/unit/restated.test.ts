import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_SET,
  restated,
  ruleById,
  type RatioRule,
} from '../../src/core/policy/index.ts';

/* A rule edited in 政策规则 keeps its words in step with its figures. */
describe('restated', () => {
  const y1 = ruleById(DEFAULT_RULE_SET, 'Y1') as RatioRule;

  it('writes a new target and age limit into the label and definition', () => {
    const out = restated(y1, {
      ...y1,
      target: [1, 5],
      counted: { ...y1.counted, maxAge: 38 },
    }) as RatioRule;
    // The defaults say 40岁 / aged 40 and 1/6.
    expect(y1.definition.zh).toContain('40岁及以下者所占比例，不少于1/6');
    expect(out.definition.zh).toContain('38岁及以下者所占比例，不少于1/5');
    expect(out.definition.zh).not.toMatch(/1\/6|40岁/);
    expect(out.definition.en).toContain('aged 38 or under');
    expect(out.definition.en).toContain('at least 1/5');
    expect(out.label.zh).toBe(y1.label.zh.replace('40岁', '38岁'));
    // Y7 says ≤ 40 in English.
    const y7 = ruleById(DEFAULT_RULE_SET, 'Y7') as RatioRule;
    const y7b = restated(y7, { ...y7, counted: { ...y7.counted, maxAge: 38 } });
    expect([y7b.label.zh, y7b.label.en]).toEqual([
      '县处级干部中38岁以下',
      'All county/division-level cadres aged ≤ 38',
    ]);
  });

  it('leaves words the user wrote in the same edit, and other kinds of rule, as they are', () => {
    const mine = { zh: '我们自己的说明：1/6', en: 'Our own words: 1/6' };
    const out = restated(y1, { ...y1, target: [1, 5], definition: mine });
    expect(out.definition).toEqual(mine);
    const j3 = ruleById(DEFAULT_RULE_SET, 'J3')!;
    expect(restated(j3, j3)).toBe(j3);
    // 11/60 is no 1/6: only the fraction itself changes.
    const odd = { ...y1, definition: { zh: '不少于1/6，即 11/60 以上', en: '1/6' } };
    expect(restated(odd, { ...odd, target: [1, 5] }).definition.zh).toBe(
      '不少于1/5，即 11/60 以上',
    );
  });
});
