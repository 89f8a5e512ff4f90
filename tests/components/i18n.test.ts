import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../src/app/i18n.svelte.ts';

afterEach(() => {
  i18n.lang = 'zh';
});

describe('messages', () => {
  it('English counts take the singular for one, the plural otherwise; Chinese has none', () => {
    i18n.lang = 'en';
    expect(i18n.t('unitsOf', { failing: 1, n: 1 })).toBe('1 of 1 team/unit');
    expect(i18n.t('unitsOf', { failing: 0, n: 3 })).toBe('0 of 3 teams/units');
    expect(i18n.t('complianceCount', { failing: 0, n: 17 })).toBe('0 of 17 targets not met');
    expect(i18n.t('peopleCount', { n: 1 })).toBe('1 person');
    expect(i18n.t('peopleCount', { n: '1,204' })).toBe('1,204 people');
    i18n.lang = 'zh';
    expect(i18n.t('unitsOf', { failing: 1, n: 1 })).not.toContain('|');
  });
});
