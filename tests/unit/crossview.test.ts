import { describe, expect, it } from 'vitest';
import { crossViewToParams, DEFAULT_CROSS_VIEW } from '../../src/core/tables/crosstab.ts';
import { viewFromParams } from '../../src/core/untrusted.ts';

describe('the cross-tab in the URL', () => {
  it('is written only where it differs from the default, and read back as written', () => {
    const none = new URLSearchParams();
    crossViewToParams(DEFAULT_CROSS_VIEW, none);
    expect(none.toString()).toBe('');
    const p = new URLSearchParams();
    crossViewToParams({ rows: 'unit', cols: 'age_band', pct: 'col' }, p);
    expect(p.toString()).toBe('xtab=unit%2Cage_band&xtabPct=col');
    const v = viewFromParams(`?${p}`);
    expect(v.cross).toEqual({ rows: 'unit', cols: 'age_band', pct: 'col' });
    expect(v.ignored).toEqual([]);
    expect(viewFromParams('?xtabPct=none').cross).toEqual({ ...DEFAULT_CROSS_VIEW, pct: 'none' });
    expect(viewFromParams('?asOf=2024-12-31').cross).toBeUndefined();
  });

  it('ignores, with its name, anything but two known dimensions and a known percentage', () => {
    for (const bad of [
      'level',
      'level,gender,unit',
      'level,name',
      'level,__proto__',
      ',',
      'x'.repeat(80),
    ]) {
      const v = viewFromParams(`?xtab=${encodeURIComponent(bad)}`);
      expect(v.cross, bad).toBeUndefined();
      expect(v.ignored, bad).toEqual(['xtab']);
    }
    const v = viewFromParams('?xtab=gender,level&xtabPct=all');
    expect(v.cross).toEqual({ rows: 'gender', cols: 'level', pct: DEFAULT_CROSS_VIEW.pct });
    expect(v.ignored).toEqual(['xtabPct']);
  });
});
