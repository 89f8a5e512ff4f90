import { describe, expect, it } from 'vitest';
import { teamsKey } from '../../src/core/policy/teams.ts';

describe('teamsKey', () => {
  it('changes with the date and the scope filters, not with the person filters', () => {
    const base = teamsKey('2026-10-31', { values: {} });
    expect(teamsKey('2026-10-31', { values: { gender: ['女'] }, age: { min: 30, max: 40 } })).toBe(
      base,
    );
    expect(teamsKey('2026-10-31', { values: { level: ['乡科级正职'], cohort: ['80后'] } })).toBe(
      base,
    );
    expect(teamsKey('2025-12-31', { values: {} })).not.toBe(base);
    expect(teamsKey('2026-10-31', { values: { region: ['东岭县'] } })).not.toBe(base);
    expect(teamsKey('2026-10-31', { values: { unit: ['U1'] } })).not.toBe(base);
    expect(teamsKey('2026-10-31', { values: { unit_type: ['乡镇街道'] } })).not.toBe(base);
  });
});
