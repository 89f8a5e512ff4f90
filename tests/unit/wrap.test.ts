import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/app/charts/export.ts';

describe('a chart title wider than its chart', () => {
  it('wraps between words, or between Chinese characters', () => {
    // 0.6 × 10 px a Latin character: 60 px holds ten.
    expect(wrapText('Age band × level', 60, 10)).toEqual(['Age band', '× level']);
    expect(wrapText('short', 60, 10)).toEqual(['short']);
    // A Chinese character is as wide as the size: 40 px holds four.
    expect(wrapText('乡镇街道党政正职年龄', 40, 10)).toEqual(['乡镇街道', '党政正职', '年龄']);
    expect(wrapText('', 40, 10)).toEqual(['']);
  });
});
