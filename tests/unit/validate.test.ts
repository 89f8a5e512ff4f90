import { describe, expect, it } from 'vitest';
import { filtersFromParams } from '../../src/core/filters.ts';
import type { LoadReport } from '../../src/core/load.ts';
import {
  keptDatasetCheck,
  LIMITS,
  mappingFromStorage,
  viewFromParams,
  type KeptDataset,
} from '../../src/core/untrusted.ts';
import {
  accept,
  dictionary,
  integer,
  Invalid,
  isoDate,
  isoTime,
  list,
  optional,
  parseJson,
  record,
  smallJson,
  text,
} from '../../src/core/validate.ts';

describe('checks', () => {
  it('text and numbers within their limits', () => {
    expect(text(3)('abc', 'x')).toBe('abc');
    expect(() => text(3)('abcd', 'x')).toThrow('x: longer than 3 characters');
    expect(() => text(3)(12, 'x')).toThrow('x: not text');
    expect(integer(0, 10)(10, 'n')).toBe(10);
    for (const bad of [11, -1, 1.5, NaN, Infinity, '3', 2n])
      expect(accept(integer(0, 10), bad)).toBeNull();
  });

  it('dates that exist, written as the page writes them', () => {
    expect(isoDate('2024-02-29', 'd')).toBe('2024-02-29');
    expect(accept(isoDate, '2023-02-29')).toBeNull();
    expect(accept(isoDate, '2024-13-01')).toBeNull();
    expect(accept(isoDate, '2024-1-1')).toBeNull();
    expect(accept(isoDate, '<script>')).toBeNull();
    expect(isoTime('2026-11-05T08:09:10.123Z', 't')).toBe('2026-11-05T08:09:10.123Z');
    expect(accept(isoTime, 'yesterday')).toBeNull();
  });

  it('lists: at most so many items, each checked', () => {
    expect(list(integer(0, 9), 3)([1, 2, 3], 'l')).toEqual([1, 2, 3]);
    expect(() => list(integer(0, 9), 3)([1, 2, 3, 4], 'l')).toThrow('not from 0 to 3 items');
    expect(() => list(integer(0, 9), 3)([1, 'x'], 'l')).toThrow('l[1]: not a whole number');
    expect(() => list(integer(0, 9), 3)({ length: 1, 0: 1 }, 'l')).toThrow('not a list');
  });

  it('records: a fresh object with the known keys; others dropped, or kept when small', () => {
    const check = record({ a: text(5), b: optional(integer(0, 9)) });
    expect(check({ a: 'x', b: 1, c: 'dropped' }, 'r')).toEqual({ a: 'x', b: 1 });
    expect(check({ a: 'x' }, 'r')).toEqual({ a: 'x' });
    expect(Object.keys(check({ a: 'x' }, 'r'))).toEqual(['a']);
    expect(() => check({ b: 1 }, 'r')).toThrow('r.a: not text');
    expect(() => check([], 'r')).toThrow('not an object');
    expect(() => check(new Date(), 'r')).toThrow('not an object');
    const open = record({ a: text(5) }, smallJson(5, 2, 2));
    expect(open({ a: 'x', note: 'ok' }, 'r')).toEqual({ a: 'x', note: 'ok' });
    expect(() => open({ a: 'x', note: 'too long' }, 'r')).toThrow('r.note: longer than 5');
    expect(() => open({ a: 'x', deep: [[['x']]] }, 'r')).toThrow('nested too deeply');
  });

  it('refuses keys that reach a prototype, as JSON.parse and structured clones deliver them', () => {
    const hostile = JSON.parse('{"a": "x", "__proto__": {"polluted": true}}');
    expect(Object.keys(hostile)).toContain('__proto__');
    expect(() => record({ a: text(5) })(hostile, 'r')).toThrow('r: forbidden key __proto__');
    expect(() => dictionary(text(20), text(5), 5)({ constructor: 'x' }, 'd')).toThrow(
      'forbidden key constructor',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('JSON text: its length first, then the parse, then the check', () => {
    expect(parseJson('[1,2]', 10, list(integer(0, 9), 5))).toEqual([1, 2]);
    expect(() => parseJson('[1,2]', 4, list(integer(0, 9), 5))).toThrow(Invalid);
    expect(() => parseJson('{', 10, list(integer(0, 9), 5))).toThrow('not JSON');
  });
});

describe('a remembered column mapping (localStorage)', () => {
  it('is read when every key is a field and every column is named once', () => {
    expect(mappingFromStorage('{"birth_date":"出生年月","name":"姓名"}')).toEqual({
      birth_date: '出生年月',
      name: '姓名',
    });
  });

  it.each([
    ['an unknown field', '{"birth_date":"出生年月","evil":"x"}'],
    ['a column used twice', '{"birth_date":"A","name":"A"}'],
    ['a column that is not text', '{"birth_date":1}'],
    ['a list', '["birth_date"]'],
    ['a prototype key', '{"__proto__":{"birth_date":"x"}}'],
    ['broken JSON', '{"birth_date":'],
    ['a huge text', JSON.stringify({ birth_date: 'x'.repeat(LIMITS.mappingChars) })],
    ['a huge header', JSON.stringify({ birth_date: 'x'.repeat(LIMITS.headerChars + 1) })],
  ])('is refused with %s', (_, json) => {
    expect(() => mappingFromStorage(json)).toThrow(Invalid);
  });
});

describe('the roster kept in this browser (IndexedDB)', () => {
  const magic = new TextEncoder().encode('PAR1');
  const parquet = new Uint8Array([...magic, 0, 0, 0, 0, ...magic]);
  // 3 rows read: 2 loaded, 1 rejected; 1 warning.
  const report = (): LoadReport => ({
    sources: ['名册.csv'],
    rows: { read: 3, loaded: 2, rejected: 1, skipped: 0 },
    rejected: [
      { file: '名册.csv', row: 4, name: '王五', code: 'birth_missing', reason: '缺少出生年月' },
    ],
    warnings: [
      {
        file: '名册.csv',
        row: 2,
        name: null,
        field: 'id_number',
        code: 'id',
        message: '校验位不符',
      },
    ],
  });
  const kept = (over: Partial<Record<keyof KeptDataset, unknown>> = {}) => ({
    sources: ['名册.csv'],
    savedAt: '2026-11-05T08:09:10.123Z',
    parquet,
    report: report(),
    ...over,
  });

  it('is accepted as saved', () => {
    const back = accept(keptDatasetCheck, kept());
    expect(back?.report).toEqual(report());
    expect(back?.parquet).toBe(parquet);
  });

  it('keeps small fields a newer version added to a report entry', () => {
    const r = report();
    Object.assign(r.rejected[0], { params: { value: '2030.01' } });
    expect(accept(keptDatasetCheck, kept({ report: r }))?.report.rejected[0]).toEqual(
      r.rejected[0],
    );
  });

  it('keeps the rows skipped, however many', () => {
    const skippedRows = Array.from({ length: 500 }, (_, i) => ({
      file: '名册.csv',
      row: i + 2,
      kind: 'totals' as const,
    }));
    const r = { ...report(), skippedRows };
    expect(accept(keptDatasetCheck, kept({ report: r }))?.report.skippedRows).toEqual(skippedRows);
  });

  const absurd: [string, (r: LoadReport & Record<string, unknown>) => void][] = [
    ['a count beyond any roster', (r) => (r.rows.read = 1e300)],
    ['a negative count', (r) => (r.rows.skipped = -1)],
    ['fewer rejected rows than counted', (r) => (r.rows.rejected = 2)],
    ['more rows loaded than read', (r) => (r.rows.loaded = 3)],
    ['a reason of a million characters', (r) => (r.rejected[0].reason = 'x'.repeat(1e6))],
    ['a name that is an object', (r) => ((r.rejected[0] as { name: unknown }).name = { a: 1 })],
    ['warnings that are not a list', (r) => ((r as { warnings: unknown }).warnings = 'many')],
    [
      'a skipped row of no known kind',
      (r) => (r.skippedRows = [{ file: 'a.csv', row: 2, kind: 'x' as 'totals' }]),
    ],
    [
      'a prototype key',
      (r) => Object.defineProperty(r, '__proto__', { value: {}, enumerable: true }),
    ],
  ];
  it.each(absurd)('is refused with %s', (_, spoil) => {
    const r = report() as LoadReport & Record<string, unknown>;
    spoil(r);
    expect(accept(keptDatasetCheck, kept({ report: r }))).toBeNull();
  });

  it.each([
    ['no sources', { sources: [] }],
    ['bytes that are not Parquet', { parquet: new Uint8Array(20) }],
    ['bytes as a plain list', { parquet: [...parquet] }],
    ['a date that is not a time', { savedAt: '<script>alert(1)</script>' }],
    ['a report that is text', { report: 'report' }],
  ])('is refused with %s', (_, over) => {
    expect(accept(keptDatasetCheck, kept(over))).toBeNull();
  });

  it('is refused when it is not an object', () => {
    for (const v of [null, 'x', 42, [], new Map()]) expect(accept(keptDatasetCheck, v)).toBeNull();
  });
});

describe('the URL of the page', () => {
  it('reads the view the page writes', () => {
    expect(
      viewFromParams(
        '?view=rules&rules=0123456789a&data=/__data/&asOf=2024-12-31&baseline=2017-12-31&lang=en&mask=1&f.gender=女&age=30-40',
      ),
    ).toEqual({
      view: 'rules',
      rules: '0123456789a',
      data: '/__data/',
      asOf: '2024-12-31',
      baseline: '2017-12-31',
      lang: 'en',
      masked: true,
      filters: { values: { gender: ['女'] }, age: { min: 30, max: 40 } },
      ignored: [],
    });
  });

  it('names each parameter it ignores and reads the others', () => {
    const v = viewFromParams(
      '?asOf=<script>&lang=fr&mask=yes&f.nope=1&f.gender=男&age=40-200&utm=1&baseline=2017-02-30&rules=../x&view=admin&data=https://evil.example/x/',
    );
    expect(v.asOf).toBeNull();
    expect(v.baseline).toBeNull();
    expect(v.lang).toBeNull();
    expect(v.masked).toBe(false);
    expect(v.filters).toEqual({ values: { gender: ['男'] }, age: null });
    expect(v.ignored.sort()).toEqual([
      'age',
      'asOf',
      'baseline',
      'data',
      'f.nope',
      'lang',
      'mask',
      'rules',
      'utm',
      'view',
    ]);
    expect([v.rules, v.view, v.data]).toEqual([null, null, null]);
    expect(viewFromParams('?data=/a/../b/').data).toBeNull();
  });

  it('ignores a whole query string beyond its limit, and shortens names it shows', () => {
    expect(viewFromParams('?a=' + 'x'.repeat(LIMITS.queryChars)).ignored).toEqual(['?…']);
    const long = viewFromParams(`?${'k'.repeat(50)}=1&__proto__=1`);
    expect(long.ignored).toEqual([`${'k'.repeat(40)}…`, '__proto__']);
    const many = viewFromParams('?' + Array.from({ length: 12 }, (_, i) => `p${i}=1`).join('&'));
    expect(many.ignored).toHaveLength(11);
    expect(many.ignored[10]).toBe('…');
  });
});

describe('filters from the URL', () => {
  const read = (q: string) => {
    const ignored: string[] = [];
    return { filters: filtersFromParams(new URLSearchParams(q), ignored), ignored };
  };

  it('keeps values within the limits, once each', () => {
    expect(read('f.region=北区,南区,北区').filters.values).toEqual({ region: ['北区', '南区'] });
    expect(
      read(
        `f.unit=${Array(2000)
          .fill('u')
          .map((u, i) => u + i)}`,
      ).filters.values.unit,
    ).toHaveLength(2000);
  });

  it.each([
    ['too many values', `f.unit=${Array.from({ length: 2001 }, (_, i) => `u${i}`)}`],
    ['a value too long', `f.unit=${'x'.repeat(201)}`],
    ['a control character', 'f.unit=a%00b'],
    ['no value', 'f.unit='],
  ])('ignores a dimension with %s', (_, q) => {
    expect(read(q)).toEqual({ filters: { values: {}, age: null }, ignored: ['f.unit'] });
  });

  it('ignores an unknown dimension and an age range beyond 150', () => {
    expect(read('f.__proto__=x&f.gender=女&age=0-151')).toEqual({
      filters: { values: { gender: ['女'] }, age: null },
      ignored: ['f.__proto__', 'age'],
    });
  });
});
