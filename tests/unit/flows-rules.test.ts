import { describe, expect, it } from 'vitest';
import {
  changedSettings,
  checkRuleSet,
  DEFAULT_RULE_SET,
  RuleSetError,
  withoutRule,
} from '../../src/core/policy/index.ts';

/** The rule set's flows settings: exit ages per level, Y9 and the secondment quota. */
describe('flows settings of the rule set', () => {
  const withRetirement = (exitAges: unknown) => ({
    ...DEFAULT_RULE_SET,
    retirement: { ...DEFAULT_RULE_SET.retirement, exitAges },
  });

  it('has no exit ages by default, Y9 at one third and a 30% 优秀 quota', () => {
    expect(DEFAULT_RULE_SET.retirement.exitAges).toEqual({});
    expect(DEFAULT_RULE_SET.promotion).toMatchObject({
      id: 'Y9',
      target: [1, 3],
      comparator: '>=',
    });
    expect(DEFAULT_RULE_SET.promotion!.young.map((y) => [y.level, y.maxAge])).toEqual([
      ['县处级正职', 40],
      ['县处级副职', 40],
      ['乡科级正职', 35],
      ['乡科级副职', 30],
    ]);
    expect(DEFAULT_RULE_SET.secondment).toEqual({ excellentQuota: [3, 10] });
  });

  it('accepts an exit age per known level and refuses others', () => {
    expect(checkRuleSet(withRetirement({ 县处级正职: 58 })).retirement.exitAges).toEqual({
      县处级正职: 58,
    });
    expect(() => checkRuleSet(withRetirement({ 县长: 58 }))).toThrow(RuleSetError);
    expect(() => checkRuleSet(withRetirement({ 县处级正职: 30 }))).toThrow(RuleSetError);
    expect(() => checkRuleSet(withRetirement(JSON.parse('{"__proto__": 58}')))).toThrow(
      RuleSetError,
    );
  });

  it('refuses a level listed twice in Y9, and reads a file written before Y9', () => {
    const twice = {
      ...DEFAULT_RULE_SET,
      promotion: {
        ...DEFAULT_RULE_SET.promotion!,
        young: [
          { level: '乡科级正职', maxAge: 35 },
          { level: '乡科级正职', maxAge: 36 },
        ],
      },
    };
    expect(() => checkRuleSet(twice)).toThrow(/乡科级正职|twice/);
    const older: Record<string, unknown> = { ...DEFAULT_RULE_SET };
    delete older.promotion;
    delete older.secondment;
    const rs = checkRuleSet({
      ...older,
      retirement: { ...DEFAULT_RULE_SET.retirement, exitAges: undefined },
    });
    expect(rs.promotion).toBeUndefined();
    expect(rs.retirement.exitAges).toBeUndefined();
  });
});

describe('任职试用期 in the rule set', () => {
  const withProbation = (probation: unknown) => ({ ...DEFAULT_RULE_SET, probation });

  it('is a year for the six leading levels by default, and marked when changed', () => {
    expect(DEFAULT_RULE_SET.probation).toEqual({
      months: 12,
      levels: ['厅局级正职', '厅局级副职', '县处级正职', '县处级副职', '乡科级正职', '乡科级副职'],
      exceptPostClasses: [
        'township_secretary',
        'township_head',
        'county_party',
        'county_government',
      ],
      exceptTeamPrincipals: true,
    });
    const six = checkRuleSet(withProbation({ months: 6, levels: ['乡科级副职'] }));
    expect(six.probation).toEqual({ months: 6, levels: ['乡科级副职'] });
    expect(changedSettings(six)).toEqual(['probation']);
  });

  it('refuses no months, no level, an unknown level or one listed twice, naming the field', () => {
    const message = (v: unknown) => {
      try {
        checkRuleSet(withProbation(v));
      } catch (e) {
        return (e as RuleSetError).message;
      }
      return 'accepted';
    };
    expect(message({ months: 0, levels: ['乡科级副职'] })).toMatch(/^Probation · months:/);
    expect(message({ months: 12, levels: [] })).toMatch(/^Probation · levels:/);
    expect(message({ months: 12, levels: ['县长'] })).toMatch(/^Probation · levels #1:/);
    expect(message({ months: 12, levels: ['科员', '科员'] })).toMatch(/两次|twice/);
    expect(message({ months: 1.5, levels: ['科员'] })).toMatch(/^Probation · months:/);
    expect(message({ months: 12, levels: ['科员'], exceptPostClasses: ['县长'] })).toMatch(
      /^Probation · post classes without one #1:/,
    );
  });
});

describe('settings that differ from the defaults', () => {
  it('are none for the defaults, or for an older file without womenCountyDelayed', () => {
    expect(changedSettings(DEFAULT_RULE_SET)).toEqual([]);
    const older = { ...DEFAULT_RULE_SET.retirement };
    delete older.womenCountyDelayed;
    expect(changedSettings({ ...DEFAULT_RULE_SET, retirement: older })).toEqual([]);
  });

  it('name the retirement rule, a warning and a deleted default rule', () => {
    const rs = withoutRule(
      {
        ...DEFAULT_RULE_SET,
        retirement: { ...DEFAULT_RULE_SET.retirement, womenCountyDelayed: false },
        warnings: DEFAULT_RULE_SET.warnings.map((w, i) =>
          i === 0 ? { ...w, enabled: !w.enabled } : w,
        ),
      },
      'Y3',
    );
    expect(changedSettings(rs)).toEqual([
      `warning:${DEFAULT_RULE_SET.warnings[0].id}`,
      'retirement',
      'deleted:Y3',
    ]);
  });

  it('womenCountyDelayed is a yes or no', () => {
    const bad = {
      ...DEFAULT_RULE_SET,
      retirement: { ...DEFAULT_RULE_SET.retirement, womenCountyDelayed: 'no' },
    };
    expect(() => checkRuleSet(bad)).toThrow(RuleSetError);
  });
});
