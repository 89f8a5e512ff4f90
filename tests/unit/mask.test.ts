import { describe, expect, it } from 'vitest';
import { MASK, maskedSources, maskFileNamesIn, maskReport, maskRow } from '../../src/core/mask.ts';
import { formatMessage } from '../../src/core/messages.ts';

describe('maskReport', () => {
  it('hides names, posts and ID numbers, and numbers each person the same in every list', () => {
    const person = (person_id: string, name: string) => ({
      person_id,
      name,
      post: '城关镇党委书记',
      level: '乡科级正职',
    });
    const out = maskReport(
      {
        rejected: [],
        warnings: [],
        eligibility: [
          {
            people: [
              person('430103198001010017', '欧阳明'),
              person('430103198502020026', '司马光'),
            ],
          },
          { people: [person('430103198502020026', '司马光')] },
        ],
      },
      'zh',
    );
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

  it('hides an id made from a name and a birth month whole (its hash would give them back)', () => {
    const person = (person_id: string) => ({ person_id, name: '黄涛', post: '科员' });
    const out = maskReport(
      {
        rejected: [],
        warnings: [],
        eligibility: [{ people: [person('N0dc27bbd2742'), person('N0dc27bbd2742-2')] }],
      },
      'zh',
    );
    expect(out.eligibility![0].people.map((p) => p.person_id)).toEqual([
      `N${MASK}#1`,
      `N${MASK}#2`,
    ]);
  });

  it('cuts an ID number written with dashes or a letter to its area code in a list', () => {
    const person = (person_id: string) => ({ person_id, name: '欧密丁', post: '科员' });
    const out = maskReport(
      {
        rejected: [],
        warnings: [],
        eligibility: [{ people: [person('431121-19810420-3211'), person('4311211980O3153171')] }],
      },
      'zh',
    );
    expect(out.eligibility![0].people.map((p) => p.person_id)).toEqual([
      '431121**************#1',
      '431121************#2',
    ]);
  });
});

describe('maskRow', () => {
  const note = (code: string, params: Record<string, string>, lang: 'zh' | 'en' = 'zh') => ({
    file: '名册.csv',
    row: 11,
    name: '欧阳明',
    field: '身份证号',
    code,
    params,
    message: formatMessage(code, params, lang),
  });

  it('masks an ID number with digits lost (17 digits) as one of 18', () => {
    const m = maskRow(note('id_checksum', { id: '43110319871120561' }), 'zh');
    expect([m.name, m.params!.id, m.message]).toEqual([
      MASK,
      '431103***********',
      '身份证号校验位错误：431103***********',
    ]);
  });

  it('says no birth month of a 1989.1 read as October, or of one that may be either', () => {
    const oct = { value: '1989.1', year: '1989', month: '10' };
    expect(maskRow(note('birth_month_october', oct), 'zh').message).toBe(
      '出生年月“＊＊”已按 1989年*月读取（本列其他出生年月的月份都写两位数，Excel 数字单元格会去掉月份末尾的 0），请核对',
    );
    const either = { ...oct, month: '01', other: '10' };
    expect(maskRow(note('birth_month_ambiguous', either, 'en'), 'en').message).toBe(
      'birth date “＊＊” may be 1989-* (an Excel number cell drops the trailing 0); it was read as 1989-*: please check',
    );
  });

  it('gives the birth months of a note as years, and quotes no birth as written nor a post', () => {
    const m = maskRow(note('id_birth_mismatch', { id_birth: '1989-02', birth: '1990-02' }), 'zh');
    expect(m.message).toBe(
      '身份证号中的出生年月（1989-**）与出生年月（1990-**）不一致，以出生年月为准',
    );
    expect(m.params).toEqual({ id_birth: '1989-**', birth: '1990-**' });
    const en = maskRow(
      note(
        'birth_read_as_month',
        { value: '19801', year: '1980', month: '1', serial: '1954-03-18' },
        'en',
      ),
      'en',
    );
    expect(en.message).toBe(
      'birth date “＊＊” was read as 1980-0* (year and month); as an Excel date number it would be 1954-**-**: please check',
    );
    const post = maskRow(note('post_unclassified', { value: '珠山镇党委第一书记' }), 'zh');
    expect(post.message).not.toContain('珠山镇');
    expect(post.params).toEqual({ value: MASK });
    // A shifted row's spare values may be a name or an ID number.
    const spare = maskRow(note('extra_fields', { value: '张三，430103198001010017' }), 'zh');
    expect(spare.message).not.toContain('张三');
    expect(spare.message).not.toContain('4301031980');
    expect(spare.params).toEqual({ value: MASK });
  });

  it('quotes no cell as written but a word from a short list, and no ID number however written', () => {
    // A birth date with its day, free text naming someone: the cell is hidden.
    const birth = maskRow(
      {
        file: '名册.csv',
        row: 5,
        name: '甄秘密',
        code: 'birth_unparsed',
        params: { value: '1983.05.12号' },
        reason: formatMessage('birth_unparsed', { value: '1983.05.12号' }),
      },
      'zh',
    );
    expect(birth.reason).toBe('出生年月无法识别：＊＊');
    for (const [code, value] of [
      ['grassroots_unreadable', '曾任贾隐私秘书三年'],
      ['secondment_term_unread', '甄秘密安排'],
      ['party_join_date_unreadable', '见本人档案'],
    ]) {
      const m = maskRow(note(code, { value }), 'zh');
      expect(m.message, code).not.toContain(value);
      expect(m.params, code).toEqual({ value: MASK });
    }
    // A level or a unit type as written says nothing of the person: kept.
    expect(maskRow(note('level_unknown', { value: '正科级非领导职务' }), 'zh').message).toBe(
      '职务层次无法识别：正科级非领导职务',
    );
    // Dashes, or a letter typed for a digit: still cut to the area code.
    for (const id of ['431102-19870405-2016', '43110219880l152131']) {
      const m = maskRow(note('id_malformed', { id, n: String(id.length) }), 'zh');
      expect(m.params!.id).toBe('431102' + '*'.repeat(id.length - 6));
      expect(m.message).not.toContain(id.slice(6, 12));
    }
    // A duplicate keyed by a name and a birth month: the key is hidden whole.
    const dup = maskRow(
      {
        file: '名册.csv',
        row: 9,
        name: '甄秘密',
        code: 'duplicate',
        params: { person_id: 'N4dcc969aba03', first_row: 3 },
        reason: '',
      },
      'zh',
    );
    expect(dup.reason).toContain(`N${MASK}`);
    expect(dup.reason).not.toContain('4dcc969aba03');
  });
});

describe('file names', () => {
  // A cadre system names each 任免审批表 after its person; a roster file names a roster.
  it('masks the name of a 任免审批表 wherever a report or a message quotes it', () => {
    expect(maskFileNamesIn('李建国.lrmx')).toBe('＊＊.lrmx');
    expect(maskFileNamesIn('与“李建国(1).lrmx”第 1 行相同')).toBe('与“＊＊.lrmx”第 1 行相同');
    expect(maskFileNamesIn('王芳_430103199103150011.LRMX 等 5 个任免审批表')).toBe(
      '＊＊.LRMX 等 5 个任免审批表',
    );
    expect(maskFileNamesIn('干部名册2024-12.xlsx、名册_430103199103150011.csv')).toBe(
      '干部名册2024-12.xlsx、名册_430103************.csv',
    );
    const duplicate = {
      file: '李建国(1).lrmx',
      row: 1,
      name: '李建国',
      field: '身份证号',
      code: 'duplicate',
      params: { person_id: '431102197506120319', first_file: '李建国.lrmx', first_row: 1 },
      reason: formatMessage('duplicate', {
        person_id: '431102197506120319',
        first_file: '李建国.lrmx',
        first_row: 1,
      }),
    };
    // The id here is a 身份证号 (no 人员编号 column): the message calls it so.
    expect(duplicate.reason).toBe(
      '同一统计时点重复出现的人员（身份证号 431102197506120319，与“李建国.lrmx”相同）',
    );
    const out = maskReport(
      { sources: ['李建国.lrmx 等 5 个任免审批表'], rejected: [duplicate], warnings: [] },
      'zh',
    );
    expect(out.sources).toEqual(['＊＊.lrmx 等 5 个任免审批表']);
    // A caption counts the forms instead of repeating ＊＊.lrmx.
    const files = ['李建国.lrmx', '王芳.lrmx', '赵敏.lrmx', '补充名册.csv'];
    expect(maskedSources(files, 'zh')).toEqual(['补充名册.csv', '3 个任免审批表（已隐藏姓名）']);
    expect(maskedSources(files, 'en')).toEqual(['补充名册.csv', '3 LRMX forms (names hidden)']);
    expect(maskedSources(['李建国.lrmx'], 'zh')).toEqual(['＊＊.lrmx']);
    expect([out.rejected[0].file, out.rejected[0].name, out.rejected[0].reason]).toEqual([
      '＊＊.lrmx',
      MASK,
      '同一统计时点重复出现的人员（身份证号 431102************，与“＊＊.lrmx”相同）',
    ]);
    expect(formatMessage('duplicate', { person_id: 'P-0012', first_row: 3 }, 'en')).toBe(
      'the same person twice in one snapshot (person id P-0012, as on row 3)',
    );
  });
});

describe('a 身份证号 whose lost digits are starred', () => {
  it('is masked to its area code, and its note still says how many digits it kept', () => {
    const note = {
      file: '名册.csv',
      row: 2,
      name: '甲',
      code: 'id_digits_lost',
      params: { id: '431102198001011***', kept: 15 },
      field: '身份证号',
      message: '',
    };
    const masked = maskRow(note, 'zh');
    expect(masked.params).toMatchObject({ id: '431102************', kept: 15 });
    expect(masked.message).toContain('身份证号只有前 15 位：431102************');
    expect(maskFileNamesIn('43010319800101****.csv')).toBe('430103************.csv');
  });
});
