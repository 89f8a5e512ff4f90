import { describe, expect, it } from 'vitest';
import { MASK, maskPerson } from '../../src/app/mask.ts';
import type { PersonRow } from '../../src/core/report.ts';

describe('a person of a flow list, masked', () => {
  it('hides the month of a retirement note, which gives the birth month away', () => {
    const row = {
      person_id: 'p1',
      name: '张三',
      birth: '1966-03',
      level: '县处级正职',
      post_title: '县长',
      note: '2026-03、2026-07',
    } as unknown as PersonRow;
    const m = maskPerson(row) as PersonRow & { note: string };
    expect([m.name, m.birth, m.post_title, m.note]).toEqual([
      MASK,
      '1966',
      '县处级正职',
      '2026-**、2026-**',
    ]);
    // A note of levels or units keeps its words.
    const promoted = maskPerson({ ...row, note: '乡科级正职 → 县处级副职' } as PersonRow);
    expect((promoted as PersonRow & { note: string }).note).toBe('乡科级正职 → 县处级副职');
  });
});
