import { describe, expect, it } from 'vitest';
import {
  changedRules,
  changedSettings,
  DEFAULT_RULE_SET,
  parseRuleSet,
  RuleSetError,
  sourceText,
} from '../../src/core/policy/index.ts';

describe('where a rule comes from, in English', () => {
  it('every default rule and programme says it in English, article titles kept as written', () => {
    const all = [...DEFAULT_RULE_SET.programmes, ...DEFAULT_RULE_SET.rules].filter(
      (x) => 'source' in x,
    ) as { id: string; source: string; sourceEn?: string }[];
    expect(all.length).toBeGreaterThan(20);
    for (const x of all) {
      const en = sourceText(x, 'en');
      expect(en, x.id).not.toBe(x.source);
      // Chinese only inside 《…》 (the article's own title) or beside a word it glosses (墩苗).
      expect(en.replace(/《[^》]*》/g, '').replace(/墩苗/g, ''), x.id).not.toMatch(
        /[\u3400-\u9fff]/,
      );
      expect(sourceText(x, 'zh'), x.id).toBe(x.source);
    }
  });

  it('a rules file may give it or not; a source in English that is not text is refused', () => {
    const text = JSON.stringify(DEFAULT_RULE_SET);
    expect(() => parseRuleSet(text)).not.toThrow();
    const bad = JSON.parse(text);
    bad.rules[0].sourceEn = 42;
    expect(() => parseRuleSet(JSON.stringify(bad))).toThrow(RuleSetError);
    // A department's own source, with no English: the Chinese, on either page.
    delete bad.rules[0].sourceEn;
    bad.rules[0].source = '本部门2025年干部工作要点';
    expect(sourceText(parseRuleSet(JSON.stringify(bad)).rules[0], 'en')).toBe(
      '本部门2025年干部工作要点',
    );
  });

  it('a rule set saved before sources had English is still the defaults, in English too', () => {
    const old = JSON.parse(JSON.stringify(DEFAULT_RULE_SET));
    for (const x of [...old.programmes, ...old.rules, old.promotion]) delete x.sourceEn;
    const rs = parseRuleSet(JSON.stringify(old));
    expect([...changedRules(rs)]).toEqual([]);
    expect(changedSettings(rs)).toEqual([]);
    expect(sourceText(rs.rules[0], 'en')).toBe(sourceText(DEFAULT_RULE_SET.rules[0], 'en'));
  });
});
