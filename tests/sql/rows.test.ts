import { describe, expect, it } from 'vitest';
import { arrowToRows } from '../../src/core/db.ts';
import { openNodeDatabase } from '../../src/core/node-env.ts';

describe('query results as plain rows', () => {
  it('turns nested lists and structs, NULLs and BIGINTs into plain values, whole or sliced', async () => {
    const { db } = await openNodeDatabase();
    const text = `SELECT i::BIGINT AS n, 'p' || i AS s,
        CASE WHEN i = 1 THEN NULL ELSE [{'id': 'a' || i, 'k': i::BIGINT, 'l': [i, i + 1]},
          {'id': NULL, 'k': NULL, 'l': []}] END AS items,
        CASE WHEN i = 2 THEN NULL ELSE {'x': i, 'y': [[i]]} END AS st,
        []::INTEGER[] AS empty
      FROM range(4) t(i) ORDER BY i`;
    const expected = [0, 1, 2, 3].map((i) => ({
      n: i,
      s: `p${i}`,
      items:
        i === 1
          ? null
          : [
              { id: `a${i}`, k: i, l: [i, i + 1] },
              { id: null, k: null, l: [] },
            ],
      st: i === 2 ? null : { x: i, y: [[i]] },
      empty: [],
    }));
    expect(await db.query(text)).toEqual(expected);
    const table = await db.queryArrow(text);
    expect(arrowToRows(table.slice(1, 3))).toEqual(expected.slice(1, 3));
    expect(await db.query(`${text} LIMIT 0`)).toEqual([]);
    await db.close();
  });

  it('reads numbers, booleans and strings (CJK, emoji, empty, a leading BOM) with their NULLs', async () => {
    const { db } = await openNodeDatabase();
    const words = ['\uFEFF甲', '', "O'Hare区", '😀乙', null, 'plain', '女'];
    const text = `SELECT * FROM (VALUES ${words
      .map(
        (w, i) =>
          `(${i}, ${w === null ? 'NULL' : `'${w.replaceAll("'", "''")}'`}, ${i % 3 === 0 ? 'NULL' : i / 4}::DOUBLE, ${i % 2 === 0}, ${i === 2 ? 'NULL' : i - 3}::BIGINT, ${i === 5 ? 'NULL' : i % 3 === 1}, ${i}::TINYINT)`,
      )
      .join(', ')}) t(i, s, d, b, big, nb, tiny) ORDER BY i`;
    const expected = words.map((w, i) => ({
      i,
      s: w,
      d: i % 3 === 0 ? null : i / 4,
      b: i % 2 === 0,
      big: i === 2 ? null : i - 3,
      nb: i === 5 ? null : i % 3 === 1,
      tiny: i,
    }));
    expect(await db.query(text)).toEqual(expected);
    const table = await db.queryArrow(text);
    for (const [a, b] of [
      [1, 4],
      [3, 7],
      [5, 6],
    ])
      expect(arrowToRows(table.slice(a, b))).toEqual(expected.slice(a, b));
    await db.close();
  });
});
