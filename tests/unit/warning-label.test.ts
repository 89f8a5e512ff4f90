import { describe, expect, it } from 'vitest';
import {
  checkRuleSet,
  DEFAULT_RULE_SET,
  RuleSetError,
  type TeamWarning,
} from '../../src/core/policy/index.ts';
import { warningLabel, warningText, type TeamScore } from '../../src/core/policy/teams.ts';

const preset = (id: string) => DEFAULT_RULE_SET.warnings.find((w) => w.id === id)!;
const edited = (id: string, patch: Partial<TeamWarning>) => ({ ...preset(id), ...patch });

describe('a team warning’s name', () => {
  it('is the default wording while its figures are the default’s', () => {
    expect(warningLabel(preset('principal_retiring'), 'zh')).toBe('主要领导半年内到龄');
    expect(warningLabel(preset('retiring_soon'), 'zh')).toBe('三年内到龄超过1/3或3人以上');
    expect(warningLabel(preset('long_tenure'), 'en')).toBe(
      'Rotation reminder: 5/8/10 years in post',
    );
  });

  it('says the edited figures, not the default’s', () => {
    expect(warningLabel(edited('principal_retiring', { months: 3 }), 'zh')).toBe(
      '主要领导3个月内到龄',
    );
    expect(warningLabel(edited('principal_retiring', { months: 12 }), 'en')).toBe(
      'Principal reaches retirement within a year',
    );
    expect(warningLabel(edited('retiring_soon', { months: 24, count: 4 }), 'zh')).toBe(
      '2年内到龄超过1/3或4人以上',
    );
    expect(warningLabel(edited('retiring_soon', { share: [1, 2], count: null }), 'en')).toBe(
      'More than 1/2 of members retire within 3 years',
    );
    expect(warningLabel(edited('long_tenure', { years: [6, 9] }), 'zh')).toBe(
      '交流提醒：任现职满6/9年',
    );
  });

  it('keeps a label the department wrote itself', () => {
    const own = edited('principal_retiring', {
      months: 3,
      label: { zh: '一把手三个月内退休', en: 'Head retires within a quarter' },
    });
    expect(warningLabel(own, 'zh')).toBe('一把手三个月内退休');
  });

  it('names the team’s warning with its figures', () => {
    const rs = {
      ...DEFAULT_RULE_SET,
      warnings: DEFAULT_RULE_SET.warnings.map((w) =>
        w.id === 'principal_retiring' ? { ...w, months: 3 } : w,
      ),
    };
    const hit = { id: 'principal_retiring', kind: 'principal_retiring', n: 1, detail: null };
    const team = { template_id: 'T1', warnings: [hit] } as unknown as TeamScore;
    expect(warningText(rs, team, hit, 'zh')).toBe('主要领导3个月内到龄（1人）');
  });
});

describe('a team warning refused', () => {
  it('is named by its label and field, not by its place in the file', () => {
    const rs = structuredClone(DEFAULT_RULE_SET);
    rs.warnings.find((w) => w.id === 'principal_retiring')!.months = 0;
    const e = (() => {
      try {
        checkRuleSet(rs);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(RuleSetError);
    expect((e as RuleSetError).text('zh')).toBe(
      '班子预警“主要领导半年内到龄” · 月数：应为 1 到 240 之间的整数',
    );
    expect((e as RuleSetError).text('en')).toBe(
      'Team warning “Principal reaches retirement within six months” · months: not a whole number from 1 to 240',
    );
  });
});
