import { describe, expect, it } from 'vitest';
import { writeJson } from '../../src/core/json.ts';

describe('writeJson', () => {
  it('writes in pieces exactly the text of JSON.stringify(value, null, 2)', () => {
    const people = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        person_id: `p${i}`,
        name: i % 7 ? `张"${i}` : null,
        failed: i % 2 ? ['age'] : [],
        skipped: undefined,
      }));
    const values: unknown[] = [
      {
        eligibility: [
          { id: 'G1', people: people(600) },
          { id: 'S1', people: [] },
        ],
        n: 1,
      },
      Array.from({ length: 300 }, (_, i) => (i % 5 ? [i, { z: 'é' }] : undefined)),
      { small: [1, 2], empty: {}, none: [], date: new Date(0), f: () => 1, u: undefined },
      'text',
      null,
    ];
    for (const v of values) {
      const pieces: string[] = [];
      writeJson(v, (s) => pieces.push(s));
      expect(pieces.join('')).toBe(JSON.stringify(v, null, 2));
    }
    // Long lists are written in more than one piece, none of them long.
    const pieces: string[] = [];
    writeJson({ people: people(40_000) }, (s) => pieces.push(s));
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1.1 * 2 ** 20);
  });
});
