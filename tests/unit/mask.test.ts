import { describe, expect, it } from 'vitest';
import { MASK, maskReport } from '../../src/core/mask.ts';

describe('maskReport', () => {
  it('hides names, posts and ID numbers, and numbers each person the same in every list', () => {
    const person = (person_id: string, name: string) => ({
      person_id,
      name,
      post: '城关镇党委书记',
      level: '乡科级正职',
    });
    const out = maskReport({
      rejected: [],
      warnings: [],
      eligibility: [
        {
          people: [person('430103198001010017', '欧阳明'), person('430103198502020026', '司马光')],
        },
        { people: [person('430103198502020026', '司马光')] },
      ],
    });
    expect(out.eligibility!.map((e) => e.people.map((p) => [p.person_id, p.name, p.post]))).toEqual(
      [
        [
          ['430103************#1', MASK, null],
          ['430103************#2', MASK, null],
        ],
        [['430103************#2', MASK, null]],
      ],
    );
    expect(out.eligibility![0].people[0].level).toBe('乡科级正职');
  });
});
