import { describe, expect, it } from 'vitest';
import {
  CATEGORY_DIMS,
  narrowFilters,
  valuesMissing,
  type CategoryDim,
  type FilterOption,
  type Filters,
} from '../../src/core/filters.ts';

/*
 * The filters a part of a chart stands for. With 年龄 42–52 and 研究生 applied, the age-band
 * chart keeps its context (drawn without the age filter): its bar "35岁及以下" counts 研究生 aged
 * ≤ 35, and its list must be exactly those people — not 42–52, not everyone.
 */
const applied: Filters = { values: { education: ['研究生'] }, age: { min: 42, max: 52 } };

describe('narrowFilters', () => {
  it('a bar of a chart drawn without its own filter replaces that filter', () => {
    expect(narrowFilters(applied, { age: { min: 0, max: 35 } }, 'age')).toEqual({
      values: { education: ['研究生'] },
      age: { min: 0, max: 35 },
    });
  });

  it('a cell of a chart drawn with every filter narrows them: ranges meet', () => {
    // Band 41–45 under 42–52 is 42–45; a level under no level filter is that level.
    expect(
      narrowFilters(applied, { values: { level: ['乡科级正职'] }, age: { min: 41, max: 45 } }),
    ).toEqual({
      values: { education: ['研究生'], level: ['乡科级正职'] },
      age: { min: 42, max: 45 },
    });
  });

  it('values already chosen are narrowed to the part; a part outside them is nobody', () => {
    const two: Filters = { values: { reserve: ['处级后备', '科级后备'] } };
    expect(narrowFilters(two, { values: { reserve: ['处级后备'] } })).toEqual({
      values: { reserve: ['处级后备'] },
      age: null,
    });
    expect(
      narrowFilters({ values: { gender: ['女'] } }, { values: { gender: ['男'] } }),
    ).toBeNull();
    expect(narrowFilters(applied, { age: { min: 20, max: 35 } })).toBeNull();
  });

  it('without a part, the filters as they are', () => {
    expect(narrowFilters(applied)).toEqual(applied);
    expect(narrowFilters(applied, {}, 'education')).toEqual({
      values: {},
      age: { min: 42, max: 52 },
    });
  });
});

describe('valuesMissing', () => {
  const opt = (value: string, label = value): FilterOption => ({
    value,
    label,
    region: null,
    n: 1,
  });
  const options = Object.fromEntries(CATEGORY_DIMS.map((d) => [d, []])) as unknown as Record<
    CategoryDim,
    FilterOption[]
  >;
  options.region = [opt('潇水区'), opt('市本级')];
  options.unit = [opt('U1', '示例市财政局')];
  options.gender = [opt('男'), opt('女')];
  it('names per dimension the values the roster lacks (a link made on another roster)', () => {
    const f: Filters = {
      values: { region: ['东岭县', '潇水区'], unit: ['R02-X06'], gender: ['女'] },
      age: null,
    };
    expect(valuesMissing(f, options)).toEqual([
      { dim: 'region', values: ['东岭县'] },
      { dim: 'unit', values: ['R02-X06'] },
    ]);
  });
  it('is empty when every value is there, or nothing is filtered', () => {
    expect(valuesMissing({ values: { gender: ['男', '女'] }, age: null }, options)).toEqual([]);
    expect(valuesMissing({ values: {}, age: null }, options)).toEqual([]);
  });
});
