/**
 * Canonical fields of the `cadres` table and the headers that name them in real rosters
 * (DOMAIN.md §4). The first alias found wins, so more specific headers come first.
 */
export type FieldKind = 'text' | 'date' | 'number' | 'bool';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  aliases: string[];
}

export const FIELDS: FieldSpec[] = [
  { name: 'snapshot_date', kind: 'date', aliases: ['统计时点', '统计月份', '统计日期'] },
  { name: 'person_id', kind: 'text', aliases: ['人员编号', '编号', '人员ID', '序号'] },
  { name: 'name', kind: 'text', aliases: ['姓名'] },
  { name: 'id_number', kind: 'text', aliases: ['身份证号', '公民身份号码', '身份证号码'] },
  { name: 'gender', kind: 'text', aliases: ['性别'] },
  { name: 'birth_date', kind: 'date', aliases: ['出生年月', '出生日期', '出生时间'] },
  { name: 'birth_precision', kind: 'text', aliases: [] },
  { name: 'ethnicity', kind: 'text', aliases: ['民族'] },
  { name: 'political_status', kind: 'text', aliases: ['政治面貌', 'party'] },
  { name: 'party_join_date', kind: 'date', aliases: ['入党时间'] },
  { name: 'work_start_date', kind: 'date', aliases: ['参加工作时间'] },
  { name: 'education_fulltime', kind: 'text', aliases: ['全日制学历', '全日制教育'] },
  { name: 'degree_fulltime', kind: 'text', aliases: ['全日制学位'] },
  { name: 'education_inservice', kind: 'text', aliases: ['在职学历', '在职教育'] },
  { name: 'education_highest', kind: 'text', aliases: ['最高学历', '学历'] },
  { name: 'unit_id', kind: 'text', aliases: ['单位编号', '单位代码'] },
  { name: 'unit_name', kind: 'text', aliases: ['工作单位', '单位', '所在单位', '现工作单位'] },
  { name: 'unit_type', kind: 'text', aliases: ['单位类型', '单位类别'] },
  { name: 'region', kind: 'text', aliases: ['县市区', '所属地区'] },
  { name: 'post_title', kind: 'text', aliases: ['现任职务', '职务', '现工作单位及职务'] },
  { name: 'post_class', kind: 'text', aliases: ['职务类别'] },
  { name: 'level', kind: 'text', aliases: ['职务层次', '现职务层次', '级别'] },
  { name: 'rank', kind: 'text', aliases: ['职级', '现职级'] },
  { name: 'level_since', kind: 'date', aliases: ['任现职务层次时间', '任同职级时间'] },
  { name: 'post_since', kind: 'date', aliases: ['任现职时间'] },
  { name: 'is_team_member', kind: 'bool', aliases: ['是否班子成员'] },
  { name: 'is_principal', kind: 'bool', aliases: ['是否正职'] },
  { name: 'reserve', kind: 'text', aliases: ['后备干部', '后备类别'] },
  { name: 'grassroots_years', kind: 'number', aliases: ['基层工作经历(年)', '基层工作经历（年）'] },
  { name: 'appraisals', kind: 'text', aliases: ['近三年考核结果', '年度考核'] },
  { name: 'source', kind: 'text', aliases: ['来源'] },
];

/** A totals line of a spreadsheet (合计 / 总计 / 小计 / 共N人): skipped, not read as a person. */
export const TOTALS_PATTERN = '^\\s*(合\\s*计|总\\s*计|小\\s*计|共\\s*\\d+\\s*人)';

const normHeader = (h: string) => h.replace(/\s+/g, '').toLowerCase();

/** Maps each canonical field to the source column that carries it, or leaves it out. */
export function mapHeaders(headers: string[]): Record<string, string> {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normHeader(h))) byNorm.set(normHeader(h), h);
  const used = new Set<string>();
  const mapping: Record<string, string> = {};
  for (const f of FIELDS) {
    for (const candidate of [f.name, ...f.aliases]) {
      const col = byNorm.get(normHeader(candidate));
      if (col !== undefined && !used.has(col)) {
        mapping[f.name] = col;
        used.add(col);
        break;
      }
    }
  }
  return mapping;
}
