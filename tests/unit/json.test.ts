import { describe, expect, it } from 'vitest';
import { textArray, writeJson } from '../../src/core/json.ts';

const written = (v: unknown) => {
  const pieces: string[] = [];
  writeJson(v, (s) => pieces.push(s));
  return pieces;
};

describe('writeJson', () => {
  const people = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      person_id: `p${i}`,
      name: i % 7 ? `张"${i}` : null,
      failed: i % 2 ? ['age'] : [],
      skipped: undefined,
    }));

  it('writes the value of JSON.stringify, indented as it indents, long arrays a member per line', () => {
    const values: unknown[] = [
      {
        eligibility: [
          { id: 'G1', people: people(600) },
          { id: 'S1', people: [] },
          { id: 'S2', people: people(2) },
        ],
        n: 1,
      },
      Array.from({ length: 300 }, (_, i) => (i % 5 ? [i, { z: 'é' }] : undefined)),
      { small: [1, 2], empty: {}, none: [], date: new Date(0), f: () => 1, u: undefined },
      'text',
      null,
    ];
    for (const v of values)
      expect(JSON.parse(written(v).join(''))).toEqual(JSON.parse(JSON.stringify(v)));
    // Without a long array: exactly JSON.stringify(v, null, 2).
    for (const v of values.slice(2)) expect(written(v).join('')).toBe(JSON.stringify(v, null, 2));

    const text = written(values[0]).join('');
    // The short list as JSON.stringify indents it; each of the 600 on a line of its own.
    expect(text).toContain(
      JSON.stringify({ id: 'S2', people: people(2) }, null, 2).replaceAll('\n', '\n    '),
    );
    expect(text).toContain('\n        {"person_id":"p1","name":"张\\"1","failed":["age"]},\n');
    expect(text.split('\n').filter((l) => l.includes('"person_id"'))).toHaveLength(602);
    expect(written(values[1]).join('')).toContain('\n  null,\n  [1,{"z":"é"}],\n');
  });

  it('writes long lists in more than one piece, none of them long', () => {
    const pieces = written({ people: people(40_000) });
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(1.1 * 2 ** 20);
  });

  it('writes a text array from its pieces, each member on its line; to others it is empty', () => {
    const list = textArray<{ a: number }>(['{"a":1},\n{"a":2}', '{"a":"x\\ny"}']);
    expect(written({ people: list, n: 2 }).join('')).toBe(
      '{\n  "people": [\n    {"a":1},\n    {"a":2},\n    {"a":"x\\ny"}\n  ],\n  "n": 2\n}',
    );
    expect(JSON.stringify({ people: list })).toBe('{"people":[]}');
    expect(Object.isFrozen(list)).toBe(true);
    expect(written({ people: textArray([]) }).join('')).toBe('{\n  "people": []\n}');
  });
});
