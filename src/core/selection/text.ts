import type { EligibilityRule, Lang } from '../policy/index.ts';
import { tt } from '../tables/text.ts';
import type {
  CriterionId,
  CriterionState,
  EligibilityRow,
  EligibilityStatus,
} from './eligibility.ts';

/*
 * Eligibility in words, in Chinese and English, for the page, its exports and the report CLI:
 * criterion names, a person's value under each criterion ("✗ 51 > 50"), statuses. The numbers
 * come from SQL; this only writes them out.
 */

export const CRITERION_LABELS: Record<CriterionId, { zh: string; en: string }> = {
  age: { zh: '年龄', en: 'Age' },
  birth: { zh: '出生年月', en: 'Born' },
  education: { zh: '最高学历', en: 'Highest education' },
  fulltime_education: { zh: '全日制学历', en: 'Full-time education' },
  party: { zh: '政治面貌', en: 'Party' },
  tenure: { zh: '任乡镇(街道)党(工)委书记', en: 'Years as township secretary' },
  appraisals: { zh: '近年年度考核', en: 'Annual reviews' },
  grassroots: { zh: '基层工作经历', en: 'Grassroots experience' },
  unit_type: { zh: '单位类型', en: 'Unit type' },
  level: { zh: '职务层次', en: 'Level' },
  post_class: { zh: '职务类别', en: 'Post class' },
  region: { zh: '县市区', en: 'Region' },
  reserve: { zh: '后备干部', en: 'Reserve' },
  post_years: { zh: '任现职年限', en: 'Years in post' },
  level_years: { zh: '任现职务层次年限', en: 'Years at level' },
  gender: { zh: '性别', en: 'Gender' },
  ethnicity: { zh: '民族', en: 'Ethnicity' },
};

export const STATUS_LABELS: Record<EligibilityStatus, { zh: string; en: string }> = {
  eligible: { zh: '符合条件', en: 'Eligible' },
  unknown: { zh: '待核实', en: 'To confirm' },
  near: { zh: '差一项', en: 'Near miss' },
  fail: { zh: '不符合', en: 'Not eligible' },
};

export const STATE_MARK: Record<CriterionState, string> = { pass: '✓', fail: '✗', unknown: '?' };

const POST_CLASS_WORDS: Record<string, { zh: string; en: string }> = {
  township_secretary: { zh: '乡镇(街道)党(工)委书记', en: 'Township secretary' },
  township_head: { zh: '乡镇长(街道办事处主任)', en: 'Township head' },
  township_secretary_head: {
    zh: '乡镇(街道)党(工)委书记兼乡镇长',
    en: 'Township secretary and head',
  },
  county_party: { zh: '县市区党委班子成员', en: 'County party committee team' },
  county_government: { zh: '县市区政府班子成员', en: 'County government team' },
  other: { zh: '其他职务', en: 'Other post' },
};

/** English names of the vocabulary values criteria show. */
const VALUES_EN: Record<string, string> = {
  研究生: 'postgraduate',
  大学本科: 'bachelor',
  大学专科: 'college',
  中专及以下: 'secondary or below',
  未知: 'unknown',
  中共党员: 'CPC member',
  非中共党员: 'non-CPC',
  中共预备党员: 'CPC probationary member',
  群众: 'no affiliation',
  共青团员: 'Youth League member',
  男: 'male',
  女: 'female',
  汉族: 'Han',
  市直: 'city department',
  县市区: 'county/district',
  乡镇街道: 'township/street',
  县处级正职: 'county level, principal',
  县处级副职: 'county level, deputy',
  乡科级正职: 'section level, principal',
  乡科级副职: 'section level, deputy',
  厅局级正职: 'bureau level, principal',
  厅局级副职: 'bureau level, deputy',
  科员: 'staff member',
  办事员: 'clerk',
  处级后备: 'county-level reserve',
  科级后备: 'section-level reserve',
  优秀: 'excellent',
  称职: 'competent',
  基本称职: 'basically competent',
  不称职: 'incompetent',
};

export const word = (v: string | null | undefined, lang: Lang): string => {
  if (v === null || v === undefined || v === '') return tt(lang, 'none');
  if (POST_CLASS_WORDS[v]) return POST_CLASS_WORDS[v][lang];
  return lang === 'zh' ? v : (VALUES_EN[v] ?? v);
};

/** Months as years and months: "2年11个月", "2 y 11 m". */
export function yearsMonths(months: number, lang: Lang): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  if (lang === 'zh') return y === 0 ? `${m}个月` : m === 0 ? `${y}年` : `${y}年${m}个月`;
  return y === 0 ? `${m} m` : m === 0 ? `${y} y` : `${y} y ${m} m`;
}

const yearsText = (years: number, lang: Lang) =>
  lang === 'zh' ? `${+years.toFixed(2)}年` : `${+years.toFixed(2)} y`;

const rangeBound = (
  r: { minYears: number | null; lessThan: number | null } | null | undefined,
  lang: Lang,
): string =>
  !r
    ? ''
    : [
        r.minYears !== null ? `≥ ${yearsText(r.minYears, lang)}` : '',
        r.lessThan !== null ? `< ${yearsText(r.lessThan, lang)}` : '',
      ]
        .filter(Boolean)
        .join(lang === 'zh' ? '且' : ' and ');

const listText = (xs: readonly string[] | null | undefined, lang: Lang) =>
  (xs ?? []).map((x) => word(x, lang)).join(lang === 'zh' ? '、' : ', ');

/** What a criterion's value in words reads of a person's row (a report's near miss has only these). */
export type CriterionValues = Pick<
  EligibilityRow,
  | 'age'
  | 'age_bound'
  | 'birth'
  | 'education_highest'
  | 'education_fulltime'
  | 'party'
  | 'political_status'
  | 'tenure_months'
  | 'tenure_exact'
  | 'appraisal_last'
  | 'grassroots_years'
  | 'unit_type'
  | 'level'
  | 'post_class'
  | 'region'
  | 'reserve'
  | 'post_months'
  | 'level_months'
  | 'gender'
  | 'ethnicity'
> &
  Partial<EligibilityRow>;

/** A person's value under a criterion, with the bound it fails when it fails. */
export function cellText(
  rule: EligibilityRule,
  row: CriterionValues,
  id: CriterionId,
  lang: Lang,
  state: CriterionState | null = stateFor(row, id),
): string {
  const c = rule.criteria;
  const failed = state === 'fail';
  const zh = lang === 'zh';
  switch (id) {
    case 'age': {
      if (failed && row.age_bound)
        return `${row.age} ${row.age_bound[0]} ${row.age_bound.slice(1)}`;
      if (failed)
        return zh ? `${row.age}（该职务层次无年龄条件）` : `${row.age} (no limit for the level)`;
      if (state === 'unknown')
        return zh ? `${row.age}（职务层次不详）` : `${row.age} (level unknown)`;
      return String(row.age);
    }
    case 'birth':
      return failed ? `${row.birth} ∉ ${c.birth?.from ?? '…'}–${c.birth?.to ?? '…'}` : row.birth;
    case 'education':
      // A roster with 全日制学历 alone: the full-time level is only a floor of the highest.
      if (
        state === 'unknown' &&
        row.education_inservice === null &&
        row.education_fulltime &&
        row.education_fulltime !== '未知'
      )
        return zh
          ? `全日制${word(row.education_fulltime, lang)}，名册无在职学历或最高学历`
          : `full-time ${word(row.education_fulltime, lang)}; the roster has no in-service or highest education`;
      return failed
        ? `${word(row.education_highest, lang)} < ${word(c.education, lang)}`
        : word(row.education_highest, lang);
    case 'fulltime_education': {
      if (failed && (row.education_fulltime === null || row.education_fulltime === '未知'))
        return zh
          ? `最高学历 ${word(row.education_highest, lang)} < ${word(c.fulltimeEducation, lang)}`
          : `highest ${word(row.education_highest, lang)} < ${word(c.fulltimeEducation, lang)}`;
      return failed
        ? `${word(row.education_fulltime, lang)} < ${word(c.fulltimeEducation, lang)}`
        : word(row.education_fulltime, lang);
    }
    case 'party': {
      const v = word(row.political_status ?? row.party, lang);
      return failed ? `${v} ≠ ${word(c.party, lang)}` : v;
    }
    case 'tenure': {
      if (row.tenure_months === null) return tt(lang, 'none');
      const v = (row.tenure_exact ? '' : '≥ ') + yearsMonths(row.tenure_months, lang);
      return failed ? `${v} < ${yearsText(c.tenure?.minYears ?? 0, lang)}` : v;
    }
    case 'appraisals': {
      const text = (row.appraisal_last ?? '')
        .split(' ')
        .filter(Boolean)
        .map((x) => (zh ? x : `${x.slice(0, 4)} ${word(x.slice(4), lang)}`))
        .join(zh ? ' ' : ', ');
      if (!text) return zh ? '无考核记录' : 'none on record';
      if (state === 'unknown') {
        const n = text.split(zh ? ' ' : ', ').length;
        return zh ? `仅${n}年：${text}` : `only ${n}: ${text}`;
      }
      return text;
    }
    case 'grassroots': {
      if (row.grassroots_years === null) return tt(lang, 'none');
      const v = yearsText(row.grassroots_years, lang);
      return failed ? `${v}，${zh ? '应' : 'needs '}${rangeBound(c.grassroots, lang)}` : v;
    }
    case 'unit_type':
      return failed
        ? `${word(row.unit_type, lang)} ∉ ${listText(c.unitTypes, lang)}`
        : word(row.unit_type, lang);
    case 'level':
      return failed
        ? `${word(row.level, lang)} ∉ ${listText(c.levels, lang)}`
        : word(row.level, lang);
    case 'post_class':
      return failed
        ? `${word(row.post_class, lang)} ∉ ${listText(c.postClasses, lang)}`
        : word(row.post_class, lang);
    case 'region':
      return failed
        ? `${word(row.region, lang)} ∉ ${listText(c.regions, lang)}`
        : word(row.region, lang);
    case 'reserve':
      return row.reserve === null
        ? state === 'unknown'
          ? zh
            ? '名册无后备干部列'
            : 'no reserve column'
          : zh
            ? '非后备干部'
            : 'not a reserve'
        : word(row.reserve, lang);
    case 'post_years':
    case 'level_years': {
      const m = id === 'post_years' ? row.post_months : row.level_months;
      if (m === null) return tt(lang, 'none');
      const v = yearsMonths(m, lang);
      const bound = rangeBound(id === 'post_years' ? c.postYears : c.levelYears, lang);
      return failed ? `${v}，${zh ? '应' : 'needs '}${bound}` : v;
    }
    case 'gender':
      return failed
        ? `${word(row.gender, lang)} ≠ ${word(c.gender, lang)}`
        : word(row.gender, lang);
    case 'ethnicity': {
      const want = c.minority ? (zh ? '少数民族' : 'minority') : word('汉族', lang);
      return failed ? `${word(row.ethnicity, lang)} ≠ ${want}` : word(row.ethnicity, lang);
    }
  }
}

function stateFor(row: Partial<EligibilityRow>, id: CriterionId): CriterionState | null {
  const key = id === 'fulltime_education' ? 's_fulltime' : `s_${id}`;
  return (row[key as keyof EligibilityRow] ?? null) as CriterionState | null;
}

/** A failed criterion in words: "年龄 51 > 50". */
export function failureText(
  rule: EligibilityRule,
  row: CriterionValues,
  id: CriterionId,
  lang: Lang,
): string {
  return `${CRITERION_LABELS[id][lang]} ${cellText(rule, row, id, lang, 'fail')}`;
}

/** A cell of the list: the mark and the value ("✗ 51 > 50", "✓ 45", "? 仅2年：…"). */
export function markedCell(
  rule: EligibilityRule,
  row: EligibilityRow,
  id: CriterionId,
  lang: Lang,
): string {
  const s = stateFor(row, id);
  return s === null ? '' : `${STATE_MARK[s]} ${cellText(rule, row, id, lang, s)}`;
}

const LEVEL_GROUPS: [string[], { zh: string; en: string }][] = [
  [['县处级正职', '县处级副职'], { zh: '县处级', en: 'county level' }],
  [['乡科级正职', '乡科级副职'], { zh: '乡科级', en: 'section level' }],
];
const levelsText = (levels: string[] | null, lang: Lang) =>
  levels === null
    ? lang === 'zh'
      ? '其他'
      : 'others'
    : (LEVEL_GROUPS.find(([g]) => g.join() === levels.join())?.[1][lang] ?? listText(levels, lang));

/** An eligibility rule's criteria in one line, for the rule editor ("年龄 ≤ 50 · 最高学历 ≥ 大学本科 …"). */
export function criteriaSummary(rule: EligibilityRule, lang: Lang): string {
  const c = rule.criteria;
  const zh = lang === 'zh';
  const L = (id: CriterionId) => CRITERION_LABELS[id][lang];
  const parts: string[] = [];
  if (c.age?.length)
    parts.push(
      `${L('age')} ${c.age
        .map((a) => {
          const range = [
            a.minAge !== null ? `≥ ${a.minAge}` : '',
            a.maxAge !== null ? `≤ ${a.maxAge}` : '',
          ]
            .filter(Boolean)
            .join(' ');
          return c.age!.length > 1 || a.levels ? `${levelsText(a.levels, lang)} ${range}` : range;
        })
        .join(zh ? '，' : ', ')}`,
    );
  if (c.birth) parts.push(`${L('birth')} ${c.birth.from ?? '…'}–${c.birth.to ?? '…'}`);
  if (c.education) parts.push(`${L('education')} ≥ ${word(c.education, lang)}`);
  if (c.fulltimeEducation)
    parts.push(`${L('fulltime_education')} ≥ ${word(c.fulltimeEducation, lang)}`);
  if (c.party) parts.push(`${L('party')} ${word(c.party, lang)}`);
  if (c.tenure) parts.push(`${L('tenure')} ≥ ${yearsText(c.tenure.minYears, lang)}`);
  if (c.appraisals)
    parts.push(
      zh
        ? `近${c.appraisals.years}年考核均为${c.appraisals.accepted.join('或')}`
        : `last ${c.appraisals.years} reviews all ${listText(c.appraisals.accepted, lang)}`,
    );
  if (c.grassroots) parts.push(`${L('grassroots')} ${rangeBound(c.grassroots, lang)}`);
  if (c.postYears) parts.push(`${L('post_years')} ${rangeBound(c.postYears, lang)}`);
  if (c.levelYears) parts.push(`${L('level_years')} ${rangeBound(c.levelYears, lang)}`);
  for (const [id, xs] of [
    ['unit_type', c.unitTypes],
    ['level', c.levels],
    ['post_class', c.postClasses],
    ['region', c.regions],
    ['reserve', c.reserves],
  ] as const)
    if (xs) parts.push(`${L(id)} ${listText(xs, lang)}`);
  if (c.gender) parts.push(`${L('gender')} ${word(c.gender, lang)}`);
  if (c.minority !== null && c.minority !== undefined)
    parts.push(c.minority ? (zh ? '少数民族' : 'minority') : word('汉族', lang));
  if (rule.priority)
    parts.push(
      zh
        ? `优先：${[rule.priority.reserve ? '后备干部' : '', rule.priority.maxAge !== null ? `${rule.priority.maxAge}岁及以下` : ''].filter(Boolean).join('、')}`
        : `first: ${[rule.priority.reserve ? 'reserves' : '', rule.priority.maxAge !== null ? `aged ≤ ${rule.priority.maxAge}` : ''].filter(Boolean).join(', ')}`,
    );
  return parts.join(' · ');
}
