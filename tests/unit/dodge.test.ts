import { describe, expect, it } from 'vitest';
import { dodge } from '../../src/app/charts/text.ts';

/* End labels of a chart kept apart (worked by hand). */
describe('dodge', () => {
  it('leaves labels far enough apart where they are', () => {
    expect(dodge([200, 100, 150], 13)).toEqual([200, 100, 150]);
  });

  it('spreads two close labels around their mean, in their order', () => {
    // 100 and 105 want 102.5 between them: 96 and 109; 200 stays.
    expect(dodge([105, 200, 100], 13)).toEqual([109, 200, 96]);
  });

  it('spreads a chain that grows into its neighbour', () => {
    // 0 and 10 → around 5 (−1.5, 11.5), still within 13 of 20 → all three around 10.
    expect(dodge([0, 10, 20], 13)).toEqual([-3, 10, 23]);
    expect(dodge([50, 50, 50], 10)).toEqual([40, 50, 60]);
  });
});
