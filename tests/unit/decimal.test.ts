import { describe, expect, it } from 'vitest';
import { fixed } from '../../src/core/decimal.ts';
import { changeDigits } from '../../src/core/report.ts';

describe('a change rule shown beside its target', () => {
  it('takes a second decimal only when one would round it onto the target', () => {
    // −4.96 years rounds to −5.0, the target's own figure: shown −4.96.
    expect(changeDigits({ measure: 'mean_age', value: -4.96, target: -5 })).toBe(2);
    // −4.94 shows as −4.9, which already differs from −5.0.
    expect(changeDigits({ measure: 'mean_age', value: -4.94, target: -5 })).toBe(1);
    // Exactly on the target: −5.0 is true.
    expect(changeDigits({ measure: 'mean_age', value: -5, target: -5 })).toBe(1);
    // Points: +19.96 points (0.1996) beside ≥ +20.0 points (0.2).
    expect(changeDigits({ measure: 'fulltime_univ_share', value: 0.1996, target: 0.2 })).toBe(2);
    expect(changeDigits({ measure: 'fulltime_univ_share', value: 0.21, target: 0.2 })).toBe(1);
    expect(changeDigits({ measure: 'mean_age', value: null, target: -5 })).toBe(1);
    expect(changeDigits({ measure: 'mean_age', value: -4.96, target: null })).toBe(1);
  });
});

describe('numbers shown with a fixed number of decimals', () => {
  it('round half up on the decimal they read as, as Excel shows them', () => {
    // 841 ÷ 20 = 42.05: Excel's 0.0 shows 42.1; toFixed gave 42.0 (the double is 42.0499…).
    expect(fixed(841 / 20, 1)).toBe('42.1');
    expect((841 / 20).toFixed(1)).toBe('42.0');
    expect(fixed(1.005, 2)).toBe('1.01');
    expect(fixed(-4.965, 2)).toBe('-4.97');
    expect(fixed(2 / 3, 1)).toBe('0.7');
    expect(fixed(12345.5, 0)).toBe('12346');
    expect(fixed(0, 1)).toBe('0.0');
  });
});
