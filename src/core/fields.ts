/**
 * Canonical fields of the `cadres` table and the headers that name them in real rosters
 * (DOMAIN.md §4), Chinese first, then English. The first alias found wins, so more specific
 * headers come first.
 */
import { normaliseText } from './width.ts';

export type FieldKind = 'text' | 'date' | 'number' | 'bool';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  aliases: string[];
}

export const FIELDS: FieldSpec[] = [
  {
    name: 'snapshot_date',
    kind: 'date',
    aliases: [
      '统计时点',
      '统计月份',
      '统计日期',
      'snapshot',
      'snapshot date',
      'as of',
      'reference date',
    ],
  },
  {
    name: 'person_id',
    kind: 'text',
    // Never 序号: offices number rows afresh in every unit, so it does not tell people apart.
    aliases: ['人员编号', '编号', '人员ID', 'person id', 'staff id', 'employee id', 'id'],
  },
  { name: 'name', kind: 'text', aliases: ['姓名', 'name', 'full name'] },
  {
    name: 'id_number',
    kind: 'text',
    aliases: [
      '身份证号',
      '公民身份号码',
      '身份证号码',
      '身份证',
      '公民身份证号码',
      '公民身份证号',
      '身份证件号码',
      'id number',
      'id card',
      'id card number',
      'national id',
    ],
  },
  { name: 'gender', kind: 'text', aliases: ['性别', 'gender', 'sex'] },
  {
    name: 'birth_date',
    kind: 'date',
    aliases: [
      '出生年月',
      '出生年月日',
      '出生日期',
      '出生时间',
      'birth',
      'date of birth',
      'birthday',
      'dob',
      'born',
      'birth month',
    ],
  },
  { name: 'birth_precision', kind: 'text', aliases: [] },
  { name: 'native_place', kind: 'text', aliases: ['籍贯', 'native place', 'place of origin'] },
  { name: 'ethnicity', kind: 'text', aliases: ['民族', 'ethnicity', 'ethnic group'] },
  { name: 'political_status', kind: 'text', aliases: ['政治面貌', 'party', 'political status'] },
  {
    name: 'party_join_date',
    kind: 'date',
    aliases: ['入党时间', 'party join date', 'joined party'],
  },
  {
    name: 'work_start_date',
    kind: 'date',
    aliases: ['参加工作时间', 'work start', 'work start date', 'started work'],
  },
  {
    name: 'education_fulltime',
    kind: 'text',
    aliases: [
      '全日制学历',
      '全日制教育',
      '全日制教育学历',
      '全日制学历学位',
      'full-time education',
      'fulltime education',
    ],
  },
  {
    name: 'degree_fulltime',
    kind: 'text',
    aliases: ['全日制学位', '全日制教育学位', 'full-time degree', 'fulltime degree'],
  },
  {
    name: 'education_inservice',
    kind: 'text',
    aliases: [
      '在职学历',
      '在职教育',
      '在职教育学历',
      '在职学历学位',
      'in-service education',
      'inservice education',
    ],
  },
  {
    name: 'degree_inservice',
    kind: 'text',
    aliases: ['在职学位', '在职教育学位', 'in-service degree', 'inservice degree'],
  },
  {
    name: 'education_highest',
    kind: 'text',
    aliases: [
      '最高学历',
      '学历',
      '学历学位',
      '最高学历学位',
      '文化程度',
      'highest education',
      'education',
    ],
  },
  { name: 'unit_id', kind: 'text', aliases: ['单位编号', '单位代码', 'unit id', 'unit code'] },
  {
    name: 'unit_name',
    kind: 'text',
    aliases: [
      '工作单位',
      '单位',
      '单位名称',
      '工作单位名称',
      '所在单位',
      '所在单位名称',
      '现工作单位',
      '任职单位',
      'unit',
      'unit name',
      'work unit',
      'organisation',
      'organization',
    ],
  },
  { name: 'unit_type', kind: 'text', aliases: ['单位类型', '单位类别', 'unit type'] },
  { name: 'region', kind: 'text', aliases: ['县市区', '所属地区', 'region', 'county', 'district'] },
  {
    name: 'post_title',
    kind: 'text',
    aliases: [
      '现任职务',
      '职务',
      '职务名称',
      '现职务',
      '现任职务名称',
      '现工作单位及职务',
      '工作单位及职务',
      '单位及职务',
      'post',
      'post title',
      'position',
      'title',
    ],
  },
  { name: 'post_class', kind: 'text', aliases: ['职务类别', 'post class'] },
  {
    name: 'level',
    kind: 'text',
    aliases: [
      '职务层次',
      '现职务层次',
      '现任职务层次',
      '级别',
      '行政级别',
      '职务级别',
      'level',
      'grade',
    ],
  },
  { name: 'rank', kind: 'text', aliases: ['职级', '现职级', 'rank'] },
  {
    name: 'level_since',
    kind: 'date',
    aliases: ['任现职务层次时间', '任同职级时间', 'level since'],
  },
  {
    name: 'post_since',
    kind: 'date',
    aliases: ['任现职时间', '任现职务时间', '任职时间', 'post since', 'in post since'],
  },
  { name: 'is_team_member', kind: 'bool', aliases: ['是否班子成员', 'team member'] },
  { name: 'is_principal', kind: 'bool', aliases: ['是否正职', 'principal'] },
  {
    name: 'reserve',
    kind: 'text',
    aliases: [
      '后备干部',
      '后备类别',
      '后备干部类别',
      '后备干部类型',
      '后备类型',
      '后备干部层次',
      '后备层次',
      '后备级别',
      '是否后备干部',
      '是否为后备干部',
      '是否后备',
      '后备干部情况',
      'reserve',
      'reserve type',
    ],
  },
  {
    name: 'grassroots_years',
    kind: 'number',
    aliases: [
      '基层工作经历(年)',
      '基层工作经历（年）',
      '基层工作经历',
      '基层工作年限',
      '基层工作经历年限',
      '基层工作时间',
      '基层工作年数',
      '是否具有两年以上基层工作经历',
      '是否有两年以上基层工作经历',
      'grassroots years',
      'grassroots experience',
    ],
  },
  {
    name: 'appraisals',
    kind: 'text',
    aliases: [
      '近三年考核结果',
      '近三年年度考核结果',
      '近三年考核情况',
      '年度考核',
      '年度考核结果',
      '考核结果',
      '考核情况',
      'appraisals',
      'annual appraisals',
      'annual review',
    ],
  },
  {
    name: 'secretary_years',
    kind: 'number',
    aliases: [
      '任乡镇(街道)党(工)委书记累计年限',
      '任乡镇党委书记累计年限',
      '任乡镇(街道)党(工)委书记年限',
      '乡镇党委书记累计任职年限',
      '书记累计年限',
      'years as township secretary',
      'secretary years',
    ],
  },
  // 是否选调生 (是/否), when the roster has no 来源: 是 is the source 选调生 (rawExpr).
  { name: 'source', kind: 'text', aliases: ['来源', 'source', '是否选调生'] },
  {
    name: 'secondment_type',
    kind: 'text',
    aliases: ['挂职类型', '挂职类别', '挂职方式', 'secondment type', 'secondment kind'],
  },
  {
    name: 'secondment_unit',
    kind: 'text',
    aliases: ['挂职单位', '挂职接收单位', 'secondment unit', 'seconded to'],
  },
  {
    name: 'secondment_start',
    kind: 'date',
    aliases: [
      '挂职开始时间',
      '挂职起始时间',
      '挂职开始日期',
      'secondment start',
      'secondment from',
    ],
  },
  {
    name: 'secondment_end',
    kind: 'date',
    aliases: ['挂职结束时间', '挂职截止时间', '挂职结束日期', 'secondment end', 'secondment to'],
  },
  {
    name: 'secondment_period',
    kind: 'text',
    aliases: ['挂职起止时间', '挂职起止日期', 'secondment period', 'secondment term'],
  },
  {
    name: 'secondment_batch',
    kind: 'text',
    aliases: ['挂职批次', 'secondment batch', 'secondment cohort'],
  },
  {
    name: 'retirement_date',
    kind: 'date',
    aliases: [
      '到龄年月',
      '到龄时间',
      '到龄日期',
      '退休年月',
      'retirement date',
      'retirement month',
    ],
  },
];

/**
 * A roster's column of one year's review (`2023年度考核`, `2023年考核结果`, `2023年度`): the
 * year, or null. Several such columns make the appraisal history when there is no text column.
 */
export function appraisalYearOf(header: string): number | null {
  const h = normaliseText(header).replace(/\s+/g, '');
  const m =
    /^((?:19|20)\d{2})(?:年度|年)?考核(?:结果|等次|情况)?$/.exec(h) ??
    /^((?:19|20)\d{2})年度$/.exec(h);
  return m ? Number(m[1]) : null;
}

/** What a skipped row can be (load.ts SkippedRow; a blank one is counted, not listed). */
export const SKIP_KINDS = [
  'totals',
  'footer',
  'heading',
  'header',
  'page',
  'numbered',
  'columns',
] as const;

/** A row of column numbers under a statistical table's header (栏次: 甲 | 乙 | 1 | 2 | 3 …). */
export const COLUMN_NUMBERS_PATTERN =
  '[\\x1f\\s]*(?:(?:[甲乙丙丁戊己庚辛壬癸]|\\d{1,2})[\\x1f\\s]*){3,}';

/**
 * A totals line of a spreadsheet (合计 / 总计 / 小计 / 共计 / 共N人, or a cell ending so: 市直单位小计：
 * 2人): skipped, not read as a person.
 */
export const TOTALS_PATTERN =
  '^\\s*(合\\s*计|总\\s*计|小\\s*计|共\\s*计|共\\s*\\d+\\s*人)|(合\\s*计|总\\s*计|小\\s*计|共\\s*计)\\s*[:：]?\\s*(\\d+\\s*人)?\\s*$';

/**
 * The label of a totals line that has a count where a birth date would be (合计,,,18): the whole
 * cell, so that a person named 合计员 is still a person.
 */
export const COUNTED_TOTALS_PATTERN =
  '\\s*[\\p{Han}（）()]{0,12}?(合\\s*计|总\\s*计|小\\s*计|共\\s*计)\\s*[:：]?\\s*(\\d+\\s*人)?\\s*|\\s*共\\s*\\d+\\s*人\\s*';

/** A section heading between groups of people (一、市直单位, （三）乡镇街道): skipped. */
export const SECTION_PATTERN =
  '^\\s*([一二三四五六七八九十]+\\s*[、.．]|[（(]\\s*[一二三四五六七八九十]+\\s*[)）])';

/**
 * A footer line under a roster (填表人：…, 单位负责人（签字）：…, 填报日期：…, 备注：…, 注：…), in any
 * cell of a row without a birth date: skipped like a totals line.
 */
export const FOOTER_PATTERN = `^\\s*(${[
  ...['填表人', '填报人', '审核人', '审批人', '制表人', '负责人', '单位负责人', '联系人'],
  ...['经办人', '主管领导', '分管领导', '单位领导', '主要负责人'],
  ...['填表日期', '填报日期', '制表日期', '填报单位', '联系电话', '电话', '审核', '制表'],
  ...['打印时间', '打印日期', '导出时间', '导出日期', '数据截止日期', '截止日期', '统计时间'],
  ...['备注', '说明', '注', '签字', '签名', '盖章', '单位盖章', '数据来源', '资料来源'],
]
  .map((w) => [...w].join('\\s*'))
  .join('|')})\\s*([(（][^)）]*[)）])?\\s*[:：]`;

/**
 * A row whose only text is a printout's mark: a page number (第 1 页 共 3 页, - 2 -, 1/3), 以下空白,
 * or a place to sign or stamp (单位（盖章）): skipped like a footer line.
 */
export const PAGE_MARK_PATTERN =
  '\\s*(第\\s*\\d+\\s*页(\\s*[,，、]?\\s*共\\s*\\d+\\s*页)?|共\\s*\\d+\\s*页\\s*[,，、]?\\s*第\\s*\\d+\\s*页|[-－—]\\s*\\d+\\s*[-－—]|\\d+\\s*/\\s*\\d+|[Pp]age\\s*\\d+(\\s*of\\s*\\d+)?|[(（]?\\s*以下\\s*(空白|无内容|无正文)\\s*[)）]?|(单位)?\\s*[(（]?\\s*(盖章|公章|签字|签名|签章)\\s*[)）]?)\\s*';

/** Headers compare without spaces, case, `_ - .`, a required mark (*姓名, ★出生年月) and the width of brackets. */
const normHeader = (h: string) =>
  normaliseText(h)
    .replace(/[\s_\-.*★☆※▲△●◆■]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();

/** Names a set of headers (in any order), for remembering the mapping a user chose for it. */
export function headerSetKey(headers: string[]): string {
  const text = [...new Set(headers.map(normHeader))].sort().join('\u001f');
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(16).padStart(8, '0')}-${headers.length}`;
}

/** Maps each canonical field to the source column that carries it, or leaves it out. */
export function mapHeaders(headers: string[]): Record<string, string> {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normHeader(h))) byNorm.set(normHeader(h), h);
  // Then without a note in brackets at the end (出生年月(岁), 出生年月（年龄）), for the fields
  // no header named exactly.
  const bare = new Map<string, string>();
  for (const h of headers) {
    const b = normHeader(h).replace(/\([^()]*\)$/, '');
    if (b && !byNorm.has(b) && !bare.has(b)) bare.set(b, h);
  }
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const byName of [byNorm, bare])
    for (const f of FIELDS) {
      if (mapping[f.name] !== undefined) continue;
      for (const candidate of [f.name, ...f.aliases]) {
        const col = byName.get(normHeader(candidate));
        if (col !== undefined && !used.has(col)) {
          mapping[f.name] = col;
          used.add(col);
          break;
        }
      }
    }
  return mapping;
}

/** A sheet that sums up the others (汇总, 总表 …): read instead of them, never beside them. */
export const SUMMARY_SHEET = /汇总|总表|合计|总计|全部|总名册|全市|全县/;

/** A sheet that lists people who are not (or not only) the roster's: never read as a part of it. */
export const OTHER_LIST_SHEET =
  /调出|调离|离退|退休|离职|去世|已故|死亡|后备|说明|填表|模板|字典|代码|删除|对象|拟|考察/;

/** How many rows at the top of a sheet or text file are searched for the header. */
export const HEADER_SEARCH_ROWS = 30;

export interface HeaderFound {
  /** The row (1-based) that looks most like a header, or null when none of its cells is known. */
  headerRow: number | null;
  /** How many canonical fields that header row names. */
  mapped: number;
  /** Whether it names a birth column (a roster must). */
  hasBirth: boolean;
  /** The canonical fields it names, sorted. */
  fields?: string[];
  /**
   * A header of two rows (学历学位 merged over 全日制教育 | 在职教育, the other headers not merged
   * down): each column's name, the lower row's where it has one. headerRow is then the lower row.
   */
  cells?: string[];
  /** Dates split over 年 | 月 (| 日) columns under one heading, joined as the rows are read. */
  joins?: DateJoin[];
}

/** The columns (0-based) of a date's year, month and day under a heading such as 出生年月. */
export interface DateJoin {
  year: number;
  month: number;
  day: number | null;
}

/** A date split over columns, by their header names: the year's column holds the date once joined. */
export interface DateColumns {
  year: string;
  month: string;
  day: string | null;
}

/** The columns of `joins` by the names the header gives them. */
export const dateColumns = (joins: DateJoin[] | undefined, cells: readonly string[]) =>
  joins?.length
    ? joins.map((j) => ({
        year: cells[j.year],
        month: cells[j.month],
        day: j.day === null ? null : cells[j.day],
      }))
    : undefined;

/**
 * Finds the header under any title rows, the same way for workbooks and text files: offered the
 * first rows one by one, it keeps the row that names a birth column and the most canonical
 * fields; with none known, the first row that is not empty.
 */
export class HeaderFinder {
  private best: HeaderFound = { headerRow: null, mapped: 0, hasBirth: false };
  private firstFilled: number | null = null;
  private previous: { row: number; cells: (string | null)[] } | null = null;

  /** With `twoRows`, a row of sub-headers under the header is read with it (a sheet's). */
  constructor(private readonly twoRows = false) {}

  offer(row: number, cells: readonly (string | null | undefined)[]): void {
    const filled = (h: unknown): h is string => typeof h === 'string' && h.trim() !== '';
    const headers = cells.filter(filled);
    if (headers.length > 0) this.firstFilled ??= row;
    this.consider(row, headers);
    const prev = this.previous;
    // Sub-headers: text only (a data row has dates and numbers), under the row just above, each
    // read alone or with the heading over it.
    if (
      this.twoRows &&
      prev?.row === row - 1 &&
      headers.length > 0 &&
      !headers.some((h) => /\d/.test(h))
    ) {
      const width = Math.max(prev.cells.length, cells.length);
      const joins: DateJoin[] = [];
      const both = Array.from({ length: width }, (_, i) => {
        if (!filled(cells[i])) return prev.cells[i] ?? '';
        const child = cells[i]!;
        // Under a heading spanning several sub-headers (全日制教育 over 学历 | 学位, 学历 over
        // 全日制 | 在职), the heading and the sub-header together, either way round, when that
        // names a field (全日制教育学位, 全日制学历), else the sub-header.
        let j = i;
        while (j > 0 && prev.cells[j] === null && filled(cells[j - 1])) j--;
        const parent = prev.cells[j];
        if (!parent) return child;
        for (const joined of [parent + child, child + parent])
          if (Object.keys(mapHeaders([joined])).length > 0) return joined;
        // A date over 年 | 月 (| 日): the 年 column takes the heading, and the date's parts are
        // joined into it as the rows are read (DateJoin).
        if (/^年$/.test(child.trim()) && Object.keys(mapHeaders([parent])).length > 0) {
          const at = (k: number) => (cells[k] ?? '').trim();
          const month = at(i + 1) === '月' ? i + 1 : null;
          if (month !== null) {
            joins.push({ year: i, month, day: at(i + 2) === '日' ? i + 2 : null });
            return parent;
          }
        }
        // Its 月 and 日, named after the heading (each header name once).
        const split = joins.at(-1);
        if (split && (split.month === i || split.day === i)) return `${parent}（${child.trim()}）`;
        return child;
      });
      // Kept only if it names more than the rows above (or joins a date), as any header is.
      this.consider(row, both.filter(filled), both, joins);
    }
    this.previous = { row, cells: cells.map((c) => (filled(c) ? c : null)) };
  }

  private consider(row: number, headers: string[], cells?: string[], joins?: DateJoin[]): void {
    const mapping = mapHeaders(headers);
    const mapped = Object.keys(mapping).length;
    const hasBirth = mapping.birth_date !== undefined;
    const b = this.best;
    // A birth column outranks any number of other fields; at the same fields, a header that
    // joins a date split over 年 | 月 under them.
    if (
      mapped > 0 &&
      (Number(hasBirth) - Number(b.hasBirth) ||
        mapped - b.mapped ||
        (joins?.length ?? 0) - (b.joins?.length ?? 0)) > 0
    )
      this.best = {
        headerRow: row,
        mapped,
        hasBirth,
        fields: Object.keys(mapping).sort(),
        ...(cells ? { cells } : {}),
        ...(joins?.length ? { joins } : {}),
      };
  }

  result(): HeaderFound {
    return { ...this.best, headerRow: this.best.headerRow ?? this.firstFilled };
  }
}

/**
 * The 统计时点 a title above the header gives (`XX县干部名册（截至2024年12月31日）`, `统计时点：
 * 2024.12`, `统计时间：2025-06-30`, `截止时间：2024年12月31日`), else a date in brackets on the
 * title line itself (`XX市干部花名册（2025年6月30日）`) or alone (`（2025年6月）`), else a month
 * heading the title (`2026年1月干部名册`): YYYY-MM-DD, the month's last day when no day is
 * written; null when none. A 填报日期 or 制表时间 is not one.
 */
export function snapshotFromTitle(lines: readonly string[]): string | null {
  const keyed =
    /(?:截\s*[至止](?:\s*[到至])?(?:\s*(?:日\s*期|时\s*间|时\s*点))?|统\s*计\s*时\s*[点间]|统\s*计\s*日\s*期)\s*[:：]?\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*(?:[月.\-/]\s*(?:(\d{1,2})\s*日?)?)?/;
  const bracketed =
    /[（(]\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*(?:[月.\-/]\s*(?:(\d{1,2})\s*日?)?)?\s*(?:底|末)?\s*[)）]/;
  const dateOf = (m: RegExpExecArray | null) => {
    if (!m) return null;
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return null;
    const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const d = m[3] === undefined ? last : Number(m[3]);
    if (d < 1 || d > last) return null;
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  // A month at the head of a title (`2026年1月干部名册`, `XX县2025年6月底干部花名册`), not one
  // that says who was born when (`1985年10月以后出生`).
  const leading =
    /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?\s*(?:份|底|末)?(?!\s*[以之前后出])(?=[^（(]*(?:名册|花名册|统计表|情况表|一览表))/;
  const texts = lines.map((line) => normaliseText(line));
  for (const text of texts) {
    const d = dateOf(keyed.exec(text));
    if (d) return d;
  }
  for (const line of texts) {
    // What follows a 填报日期, 制表时间 … is not the roster's date; what comes before it can be.
    const text = line.replace(/(?:填|制\s*表|打\s*印|导\s*出)[\s\S]*$/, '');
    if (!/名册|花名册|统计表|情况表|一览表|^\s*[（(]/.test(text)) continue;
    // A title about births (1985年1月及以后出生干部名册) is dated by nothing but brackets.
    const d =
      dateOf(bracketed.exec(text)) ?? (/出生/.test(text) ? null : dateOf(leading.exec(text)));
    if (d) return d;
  }
  return null;
}
