/**
 * Policy targets and thresholds as data (DOMAIN.md §5). The SQL reads them from tables, so a
 * user can edit them without touching a query.
 */
export type Comparator = '>' | '>=';

export interface RatioRule {
  metricId: string;
  label: string;
  labelEn: string;
  /** Population filters; null means "any". */
  unitTypes: string[] | null;
  levels: string[] | null;
  postClasses: string[] | null;
  teamOnly: boolean;
  /** "Young" test: age ≤ maxAge at the reference date and/or born within [bornFrom, bornTo]. */
  maxAge: number | null;
  bornFrom: string | null;
  bornTo: string | null;
  /** Target as a fraction, kept exact: targetNum / targetDen. */
  targetNum: number;
  targetDen: number;
  comparator: Comparator;
  /** DOMAIN.md marks the six Yongzhou definitions as a reconstruction to be confirmed (待核实). */
  unverified: boolean;
  /** The rule applies to each team/unit too ("teams that miss it get young cadres first"). */
  perUnit: boolean;
  /** Published baseline for the briefing (Y7, Y8). */
  baseline?: { date: string; numerator: number; value: number };
  /** Shown in the KPI strip beside headcount and ages. */
  kpi?: boolean;
}

export const COUNTY_LEVELS = ['县处级正职', '县处级副职'];

const sixth = { targetNum: 1, targetDen: 6, comparator: '>=' as const };
const third = { targetNum: 1, targetDen: 3, comparator: '>' as const };
const none = { postClasses: null, bornFrom: null, bornTo: null };

export const DEFAULT_RATIO_RULES: RatioRule[] = [
  {
    metricId: 'Y1',
    label: '市直单位领导班子成员中40岁以下',
    labelEn: 'City departments: team members aged ≤ 40',
    unitTypes: ['市直'],
    levels: COUNTY_LEVELS,
    teamOnly: true,
    maxAge: 40,
    ...none,
    ...sixth,
    unverified: true,
    perUnit: true,
  },
  {
    metricId: 'Y2',
    label: '县市区党政领导班子成员中40岁以下',
    labelEn: 'County/district party & government teams: members aged ≤ 40',
    unitTypes: ['县市区'],
    levels: COUNTY_LEVELS,
    teamOnly: true,
    maxAge: 40,
    ...none,
    ...sixth,
    unverified: true,
    perUnit: true,
  },
  {
    metricId: 'Y3',
    label: '市直单位正科级领导干部中35岁以下',
    labelEn: 'City departments: section-chief principals aged ≤ 35',
    unitTypes: ['市直'],
    levels: ['乡科级正职'],
    teamOnly: false,
    maxAge: 35,
    ...none,
    ...sixth,
    unverified: true,
    perUnit: true,
  },
  {
    metricId: 'Y4',
    label: '县市区直单位及乡镇(街道)正科级领导干部中35岁以下',
    labelEn: 'County units & townships: section-chief principals aged ≤ 35',
    unitTypes: ['县市区', '乡镇街道'],
    levels: ['乡科级正职'],
    teamOnly: false,
    maxAge: 35,
    ...none,
    ...sixth,
    unverified: true,
    perUnit: true,
  },
  {
    metricId: 'Y5',
    label: '市直单位副科级领导干部中30岁以下',
    labelEn: 'City departments: section-chief deputies aged ≤ 30',
    unitTypes: ['市直'],
    levels: ['乡科级副职'],
    teamOnly: false,
    maxAge: 30,
    ...none,
    ...sixth,
    unverified: true,
    perUnit: true,
  },
  {
    metricId: 'Y6',
    label: '县市区直单位及乡镇(街道)副科级领导干部中30岁以下',
    labelEn: 'County units & townships: section-chief deputies aged ≤ 30',
    unitTypes: ['县市区', '乡镇街道'],
    levels: ['乡科级副职'],
    teamOnly: false,
    maxAge: 30,
    ...none,
    ...sixth,
    unverified: true,
    perUnit: true,
  },
  {
    metricId: 'Y7',
    label: '县处级干部中40岁以下',
    labelEn: 'All county/division-level cadres aged ≤ 40',
    unitTypes: null,
    levels: COUNTY_LEVELS,
    teamOnly: false,
    maxAge: 40,
    ...none,
    ...sixth,
    unverified: false,
    perUnit: false,
    baseline: { date: '2017-12-31', numerator: 113, value: 0.07 },
    kpi: true,
  },
  {
    metricId: 'Y8',
    label: '正科级干部中35岁以下',
    labelEn: 'All section-chief principals aged ≤ 35',
    unitTypes: null,
    levels: ['乡科级正职'],
    teamOnly: false,
    maxAge: 35,
    ...none,
    ...sixth,
    unverified: false,
    perUnit: false,
    baseline: { date: '2017-12-31', numerator: 306, value: 0.045 },
    kpi: true,
  },
  {
    metricId: 'J1',
    label: '乡镇(街道)党(工)委书记中1980年及以后出生',
    labelEn: 'Township/street party secretaries born 1980 or later',
    unitTypes: null,
    levels: null,
    postClasses: ['township_secretary'],
    teamOnly: false,
    maxAge: null,
    bornFrom: '1980-01-01',
    bornTo: null,
    ...third,
    unverified: false,
    perUnit: false,
  },
  {
    metricId: 'J2',
    label: '乡镇长(街道办事处主任)中1985年及以后出生',
    labelEn: 'Township heads / street office directors born 1985 or later',
    unitTypes: null,
    levels: null,
    postClasses: ['township_head'],
    teamOnly: false,
    maxAge: null,
    bornFrom: '1985-01-01',
    bornTo: null,
    ...third,
    unverified: false,
    perUnit: false,
  },
];

export interface AgeBand {
  label: string;
  minAge: number | null;
  maxAge: number | null;
}

export const DEFAULT_AGE_BANDS: AgeBand[] = [
  { label: '35岁及以下', minAge: null, maxAge: 35 },
  { label: '36-40岁', minAge: 36, maxAge: 40 },
  { label: '41-45岁', minAge: 41, maxAge: 45 },
  { label: '46-50岁', minAge: 46, maxAge: 50 },
  { label: '51-55岁', minAge: 51, maxAge: 55 },
  { label: '56岁及以上', minAge: 56, maxAge: null },
];

export interface PrincipalBand extends AgeBand {
  metricId: string;
  labelEn: string;
}

/** J3 三个一批. "50岁以上" includes 50 (DOMAIN.md §2); "35岁左右" is read as 33–37. */
export const DEFAULT_PRINCIPAL_BANDS: PrincipalBand[] = [
  {
    metricId: 'J3a',
    label: '50岁及以上(调出一批)',
    labelEn: 'Aged 50+ (move out)',
    minAge: 50,
    maxAge: null,
  },
  {
    metricId: 'J3b',
    label: '40-45岁(保留一批)',
    labelEn: 'Aged 40–45 (keep)',
    minAge: 40,
    maxAge: 45,
  },
  {
    metricId: 'J3c',
    label: '33-37岁(补充一批)',
    labelEn: 'Aged 33–37 (add)',
    minAge: 33,
    maxAge: 37,
  },
];

/** What a change rule measures among township principals. */
export type ChangeMeasure = 'mean_age' | 'fulltime_univ_share';

export interface ChangeRule {
  metricId: string;
  label: string;
  labelEn: string;
  measure: ChangeMeasure;
  target: number;
  comparator: '<=' | '>=';
}

export const DEFAULT_CHANGE_RULES: ChangeRule[] = [
  {
    metricId: 'J4',
    label: '乡镇(街道)党政正职平均年龄较基期变化(岁)',
    labelEn: 'Township principals: change in mean age vs baseline (years)',
    measure: 'mean_age',
    target: -5,
    comparator: '<=',
  },
  {
    metricId: 'J5',
    label: '乡镇(街道)党政正职全日制大学本科及以上占比较基期变化',
    labelEn: 'Township principals: change in full-time bachelor+ share vs baseline',
    measure: 'fulltime_univ_share',
    target: 0.2,
    comparator: '>=',
  },
];

/**
 * A policy programme: the rules one source article sets, shown together. Pages loop over the
 * programmes and their rules; no page names a rule.
 */
export interface Programme {
  id: string;
  title: string;
  titleEn: string;
  /** The source article (DOMAIN.md §5). */
  source: string;
  note?: string;
  noteEn?: string;
  /** Ratio rules, principal bands and change rules of the programme, by metric id. */
  ratioIds: string[];
  bandIds: string[];
  changeIds: string[];
}

export const DEFAULT_PROGRAMMES: Programme[] = [
  {
    id: 'yongzhou',
    title: '永州“六个六分之一”及基期指标',
    titleEn: 'Yongzhou “six one-sixths” and baseline indicators',
    source: '永州市年轻干部队伍建设五年规划（2018–2022）',
    note: 'Y1–Y6 的具体口径为依据公开报道的推定，待核实，可调整。',
    noteEn: 'Y1–Y6 definitions are reconstructed from press reports: to be confirmed, editable.',
    ratioIds: ['Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Y8'],
    bandIds: [],
    changeIds: [],
  },
  {
    id: 'jinzhou',
    title: '锦州乡镇(街道)党政正职年轻化',
    titleEn: 'Jinzhou: younger township principals',
    source: '锦州市乡镇(街道)党政正职队伍建设',
    ratioIds: ['J1', 'J2'],
    bandIds: ['J3a', 'J3b', 'J3c'],
    changeIds: ['J4', 'J5'],
  },
];

export interface RuleSet {
  ratio: RatioRule[];
  ageBands: AgeBand[];
  principalBands: PrincipalBand[];
  change: ChangeRule[];
  programmes: Programme[];
}

export const DEFAULT_RULES: RuleSet = {
  ratio: DEFAULT_RATIO_RULES,
  ageBands: DEFAULT_AGE_BANDS,
  principalBands: DEFAULT_PRINCIPAL_BANDS,
  change: DEFAULT_CHANGE_RULES,
  programmes: DEFAULT_PROGRAMMES,
};

/** A rule of any kind by its metric id, with its labels (for captions and people lists). */
export function ruleLabel(rules: RuleSet, id: string, lang: 'zh' | 'en'): string | null {
  const r =
    rules.ratio.find((x) => x.metricId === id) ??
    rules.principalBands.find((x) => x.metricId === id) ??
    rules.change.find((x) => x.metricId === id);
  return r ? (lang === 'zh' ? r.label : r.labelEn) : null;
}
