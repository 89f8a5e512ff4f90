import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_SET,
  restated,
  ruleById,
  NEW_TEMPLATE_ITEM,
  type RatioRule,
  type TemplateRule,
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
    const j3 = ruleById(DEFAULT_RULE_SET, 'J3a')!;
    expect(restated(j3, j3)).toBe(j3);
    // 11/60 is no 1/6: only the fraction itself changes.
    const odd = { ...y1, definition: { zh: '不少于1/6，即 11/60 以上', en: '1/6' } };
    expect(restated(odd, { ...odd, target: [1, 5] }).definition.zh).toBe(
      '不少于1/5，即 11/60 以上',
    );
  });

  const j1 = ruleById(DEFAULT_RULE_SET, 'J1') as RatioRule;

  it('writes a new birth month and comparator into the words', () => {
    const y82 = restated(j1, { ...j1, counted: { ...j1.counted, bornFrom: '1982-01' } });
    expect(y82.label).toEqual({
      zh: '乡镇(街道)党(工)委书记中1982年及以后出生',
      en: 'Township/street party secretaries born 1982 or later',
    });
    expect(y82.definition.zh).toContain('1982年1月及以后出生者所占比例，超过1/3');
    expect(y82.definition.en).toContain('born in January 1982 or later');
    // The form writes every setting, unset ones as null: still a birth month to rewrite.
    const march = restated(j1, {
      ...j1,
      counted: { ...j1.counted, bornFrom: '1980-03', gender: null, party: null, minority: null },
    });
    expect(march.label.zh).toBe('乡镇(街道)党(工)委书记中1980年3月及以后出生');
    expect(march.label.en).toBe('Township/street party secretaries born March 1980 or later');
    expect(march.definition.zh).toContain('1980年3月及以后出生');
    expect(march.definition.en).toContain('born in March 1980 or later');
    const atLeast = restated(j1, { ...j1, comparator: '>=' });
    expect(atLeast.definition.zh).toContain('不少于1/3');
    expect(atLeast.definition.zh).not.toContain('超过');
    expect(atLeast.definition.en).toContain('at least 1/3');
  });

  it('writes the words anew from the settings when the population changes', () => {
    const all = restated(y1, { ...y1, population: { ...y1.population, teamOnly: false } });
    expect(all.label).toEqual({
      zh: '市直单位县处级干部中40岁及以下',
      en: 'County-level cadres in city departments: aged 40 or under',
    });
    expect(all.definition.zh).toBe(
      '市直单位县处级干部中，统计时点40岁及以下者所占比例，不少于1/6；逐个班子(单位)核对。',
    );
    // A women's rule with no words of its own, and a copy of Y1 with another target.
    const women: RatioRule = {
      ...y1,
      id: 'C1',
      label: { zh: '', en: '' },
      definition: { zh: '', en: '' },
      population: {
        unitTypes: null,
        levels: ['县处级正职', '县处级副职'],
        postClasses: null,
        teamOnly: false,
      },
      counted: { maxAge: null, bornFrom: null, bornTo: null, gender: '女' },
      target: [1, 5],
      perUnit: false,
    };
    expect(restated(undefined, women).definition.zh).toBe(
      '县处级干部中，女性所占比例，不少于1/5。',
    );
    expect(restated(undefined, women).label.en).toBe('County-level cadres: women');
    const copy = {
      ...y1,
      id: 'Y1_1',
      label: { zh: `${y1.label.zh}（副本）`, en: `${y1.label.en} (copy)` },
    };
    expect(restated(copy, { ...copy, target: [1, 3] }).definition.zh).toContain('不少于1/3');
  });

  it('labels a template item anew when its kind or setting changes and its label does not', () => {
    const t1 = ruleById(DEFAULT_RULE_SET, 'T1') as TemplateRule;
    const items = t1.items.map((i) =>
      i.id === 'young' ? { ...i, maxAge: 35 } : i.id === 'women' ? { ...i, required: 2 } : i,
    );
    const added = { ...NEW_TEMPLATE_ITEM, id: 'item7', kind: 'postgraduate' as const };
    const mine = {
      ...NEW_TEMPLATE_ITEM,
      id: 'item8',
      kind: 'non_cpc' as const,
      label: { zh: '无党派', en: 'Independents' },
    };
    const out = restated(t1, { ...t1, items: [...items, added, mine] }) as TemplateRule;
    const label = (id: string) => out.items.find((i) => i.id === id)!.label;
    expect(label('young')).toEqual({ zh: '35岁及以下', en: 'Aged ≤ 35' });
    expect(label('women')).toEqual({ zh: '女干部', en: 'Women' });
    expect(label('item7')).toEqual({ zh: '研究生学历', en: 'Postgraduate education' });
    expect(label('item8')).toEqual({ zh: '无党派', en: 'Independents' });
  });

  it('changes only the comparator before the target, and the per-team clause alone', () => {
    const own = {
      ...j1,
      definition: {
        zh: '年龄不超过35岁者所占比例，超过1/3。',
        en: 'Aged no more than 35, as a share: more than 1/3.',
      },
    };
    expect(restated(own, { ...own, comparator: '>=' }).definition).toEqual({
      zh: '年龄不超过35岁者所占比例，不少于1/3。',
      en: 'Aged no more than 35, as a share: at least 1/3.',
    });
    const y2 = ruleById(DEFAULT_RULE_SET, 'Y2') as RatioRule;
    const whole = restated(y2, { ...y2, perUnit: false });
    expect(whole.label).toEqual(y2.label);
    expect(whole.definition.zh).toBe(y2.definition.zh.replace('；逐个班子核对', ''));
    expect(whole.definition.en).toBe(y2.definition.en.replace(', city-wide and in every team', ''));
    const y7 = ruleById(DEFAULT_RULE_SET, 'Y7') as RatioRule;
    expect(restated(y7, { ...y7, perUnit: true }).definition.zh).toBe(
      '全部县处级干部（正职、副职）中，40岁及以下者所占比例；2017年基期113人、7%；逐个班子(单位)核对。',
    );
  });

  it('rewrites a zero-padded month and leaves a decade alone', () => {
    const own = {
      ...j1,
      definition: { zh: '1980年01月及以后出生', en: 'Born 1980 or later; in the 1980s' },
    };
    expect(
      restated(own, { ...own, counted: { ...own.counted, bornFrom: '1982-01' } }).definition,
    ).toEqual({
      zh: '1982年1月及以后出生',
      en: 'Born 1982 or later; in the 1980s',
    });
  });
});
