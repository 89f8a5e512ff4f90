import { describe, expect, it } from 'vitest';
import { fill } from '../../src/core/fill.ts';
import {
  countsYoung,
  DEFAULT_RULE_SET,
  defaultsKeepingSearches,
  ruleById,
  rulesOfKind,
  withRule,
  type RatioRule,
} from '../../src/core/policy/index.ts';
import { moveConflict, type Move } from '../../src/core/selection/whatif.ts';
import { vocabularyText } from '../../src/core/vocabulary.ts';

const move = (person_id: string, replaces: string | null = null): Move => ({
  person_id,
  name: person_id,
  unit_id: 'U1',
  unit_name: '白牙市镇',
  level: '乡科级副职',
  replaces,
  replaces_name: replaces,
  rule: 'Y6',
});

describe('模拟调配: one person, one post', () => {
  it('refuses a person placed already and a member replaced already, naming the move', () => {
    const moves = [move('朱琳'), move('杨帆', '吴刚')];
    expect(moveConflict(moves, move('朱琳'))).toEqual({ code: 'placed', index: 0 });
    expect(moveConflict(moves, move('何雨', '吴刚'))).toEqual({ code: 'replaced', index: 1 });
    expect(moveConflict(moves, move('何雨', '冯涛'))).toBeNull();
    // A member who left one team may be placed elsewhere.
    expect(moveConflict(moves, move('吴刚'))).toBeNull();
    expect(moveConflict([], move('朱琳'))).toBeNull();
  });
});

describe('rule set: a reset keeps saved searches; what a ratio rule counts', () => {
  it('keeps the eligibility rules the defaults lack, and drops every other change', () => {
    const s1 = ruleById(DEFAULT_RULE_SET, 'S1')!;
    const search = { ...s1, id: 'Q1', label: { zh: '东安三十岁以下党员', en: 'Q1' } };
    const y1 = ruleById(DEFAULT_RULE_SET, 'Y1') as RatioRule;
    let rs = withRule(DEFAULT_RULE_SET, search, 'selection');
    rs = withRule(rs, { ...y1, target: [1, 4] });
    const next = defaultsKeepingSearches(rs);
    expect((ruleById(next, 'Y1') as RatioRule).target).toEqual([1, 6]);
    expect(ruleById(next, 'Q1')).toEqual(search);
    expect(next.programmes.find((p) => p.id === 'selection')!.rules).toContain('Q1');
    expect(rulesOfKind(next, 'eligibility').length).toBe(
      rulesOfKind(DEFAULT_RULE_SET, 'eligibility').length + 1,
    );
    expect(defaultsKeepingSearches(DEFAULT_RULE_SET)).toBe(DEFAULT_RULE_SET);
  });

  it('calls a numerator young only when the rule counts by age or birth alone', () => {
    const y1 = ruleById(DEFAULT_RULE_SET, 'Y1') as RatioRule;
    expect(countsYoung(y1)).toBe(true);
    const women = {
      ...y1,
      counted: { maxAge: null, bornFrom: null, bornTo: null, gender: '女' as const },
    };
    expect(countsYoung(women)).toBe(false);
    expect(countsYoung({ ...y1, counted: { ...y1.counted, gender: '女' } })).toBe(false);
  });
});

describe('words: vocabulary and plurals', () => {
  it('says the data vocabulary in English and leaves other values as they are', () => {
    expect(vocabularyText('en', '县处级副职')).toBe('Deputy county');
    expect(vocabularyText('en', '群众')).toBe('No affiliation');
    expect(vocabularyText('en', '30岁及以下')).toBe('≤ 30');
    expect(vocabularyText('en', '41-45岁')).toBe('41–45');
    expect(vocabularyText('en', '80后')).toBe('1980s (1980–1989)');
    expect(vocabularyText('en', '白沙镇')).toBe('白沙镇');
    expect(vocabularyText('zh', '80后')).toBe('80后(1980–1989)');
    expect(vocabularyText('zh', '县处级副职')).toBe('县处级副职');
  });

  it('fills a template, with the word for one or many', () => {
    const t = '{failing} of {units} units short, {gap} {gap|person|people} in all';
    expect(fill(t, { failing: 1, units: 3, gap: 1 })).toBe('1 of 3 units short, 1 person in all');
    expect(fill(t, { failing: 2, units: 3, gap: 4 })).toBe('2 of 3 units short, 4 people in all');
    expect(fill('{x} and {y}', { x: 'a' })).toBe('a and ');
  });
});
