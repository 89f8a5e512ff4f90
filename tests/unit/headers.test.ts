import { describe, expect, it } from 'vitest';
import { mapHeaders } from '../../src/core/fields.ts';

describe('mapHeaders', () => {
  it('knows the headers 花名册 and HR exports write beside the standard ones', () => {
    // Headers of real rosters (probe 46b): each names one field.
    expect(
      mapHeaders([
        '序号',
        '姓名',
        '公民身份证号码',
        '出生年月日',
        '文化程度',
        '职务名称',
        '任职时间',
        '行政级别',
      ]),
    ).toEqual({
      name: '姓名',
      id_number: '公民身份证号码',
      birth_date: '出生年月日',
      education_highest: '文化程度',
      post_title: '职务名称',
      post_since: '任职时间',
      level: '行政级别',
    });
    expect(
      mapHeaders(['姓名', '身份证', '出生年月', '现职务', '现任职务层次', '职务级别']),
    ).toEqual({
      name: '姓名',
      id_number: '身份证',
      birth_date: '出生年月',
      post_title: '现职务',
      level: '现任职务层次',
    });
  });
});
