/**
 * The policy engine's data: every rule a department applies, grouped into programmes. A rule
 * set is plain JSON (downloaded, uploaded, passed to the CLI with --rules); the SQL reads it from
 * tables written by `writeRuleTables`, and the pages loop over it. No code names a rule.
 */
export type Lang = 'zh' | 'en';

/** Text in both languages of the page. */
export interface Text {
  zh: string;
  en: string;
}

export type Comparator = '>=' | '>';

/**
 * Who a rule looks at: cadres of these unit types, levels and post classes (null: any), and
 * only the members of a unit's leadership team when `teamOnly`.
 */
export interface Population {
  unitTypes: string[] | null;
  levels: string[] | null;
  postClasses: string[] | null;
  teamOnly: boolean;
}

interface RuleBase {
  id: string;
  label: Text;
  /** What the rule counts and against what, in a sentence. */
  definition: Text;
  /** Where the rule comes from (a policy document or article). */
  source: string;
  /** The same in English, for the English page (else `source` is shown). */
  sourceEn?: string;
  /** The definition is a reconstruction to be confirmed (待核实). */
  unverified: boolean;
  /** Added by the user (not in the default rule set). */
  custom?: boolean;
}

/**
 * Who a ratio rule's numerator counts among its population. For the youth targets: age ≤ maxAge
 * at the reference date and/or born within [bornFrom, bornTo] (YYYY-MM); a department's own rule
 * may count by gender, party, minority or education instead (女干部, 党外干部 …). Every condition
 * given must hold; null ones do not apply.
 */
export interface Counted {
  maxAge: number | null;
  bornFrom: string | null;
  bornTo: string | null;
  gender?: '男' | '女' | null;
  party?: '中共党员' | '非中共党员' | null;
  minority?: boolean | null;
  /** The lowest highest-education that counts. */
  education?: '研究生' | '大学本科' | '大学专科' | null;
}

/** A share of a population counted (young, by default) against a target fraction (Y1–Y8, J1 …). */
export interface RatioRule extends RuleBase {
  kind: 'ratio';
  population: Population;
  counted: Counted;
  /** Target as an exact fraction [numerator, denominator]. */
  target: [number, number];
  comparator: Comparator;
  /** The target applies to every team/unit on its own, not only city-wide. */
  perUnit: boolean;
  /** Shown in the KPI strip. */
  kpi: boolean;
  /** A published figure to compare with (Yongzhou's 2017 baseline). */
  baseline: { date: string; numerator: number; value: number } | null;
}

/** How many of a population fall in an age band (三个一批): a structure to watch, no target. */
export interface BandRule extends RuleBase {
  kind: 'band';
  population: Population;
  minAge: number | null;
  maxAge: number | null;
}

/** What a change rule measures among its population. */
export type ChangeMeasure = 'mean_age' | 'fulltime_univ_share';

/** A change of a population's measure against a baseline snapshot (J4, J5). */
export interface ChangeRule extends RuleBase {
  kind: 'change';
  population: Population;
  measure: ChangeMeasure;
  /** Years for a mean age, a share (0.2 = 20 points) for a share. */
  target: number;
  comparator: '<=' | '>=';
}

export type TemplateItemKind =
  'members' | 'women' | 'non_cpc' | 'minority' | 'young' | 'ladder' | 'postgraduate' | 'grassroots';

/** One requirement of a team structure template (班子结构): at least `required` of something. */
export interface TemplateItem {
  id: string;
  kind: TemplateItemKind;
  label: Text;
  required: number;
  /** Share of the team's score (the items of a template weigh 100 in all). */
  weight: number;
  /** 一票否决: a team short of this item fails whatever its score. */
  veto: boolean;
  /** young: members aged ≤ maxAge. */
  maxAge?: number | null;
  /** grassroots: members with at least this many years of grassroots work. */
  minYears?: number | null;
  /** ladder (老中青): age bands; `required` of them must each hold a member. */
  bands?: { label: Text; minAge: number | null; maxAge: number | null }[];
  /** minority: only in autonomous areas (a region whose name says 自治). */
  autonomousOnly?: boolean;
}

/** A leadership team structure template: every team of its population is scored on it. */
export interface TemplateRule extends RuleBase {
  kind: 'template';
  /** The members a team is made of (its unit's team members of these types and levels). */
  population: Population;
  items: TemplateItem[];
  /** Score at or above `met`: 达标; at or above `basic`: 基本达标; below: 不达标. */
  thresholds: { met: number; basic: number };
}

/** An annual review result as rosters write it. */
export type Appraisal = '优秀' | '称职' | '基本称职' | '不称职';

/** An age limit of an eligibility rule for some levels (null: every level no other limit names). */
export interface AgeLimit {
  levels: string[] | null;
  minAge: number | null;
  maxAge: number | null;
}

/** A number of years from `minYears` (inclusive) up to `lessThan` (exclusive); null: no bound. */
export interface YearsRange {
  minYears: number | null;
  lessThan: number | null;
}

/**
 * What an eligibility rule asks of each person of its population. Every criterion given is
 * tested; an absent or null one is not. Each gives ✓, ✗ (with the failing value) or ? (the roster
 * lacks the data).
 */
export interface EligibilityCriteria {
  /** Age at the reference date: the first limit naming the person's level applies. */
  age?: AgeLimit[] | null;
  /** Birth month within [from, to] (YYYY-MM). */
  birth?: { from: string | null; to: string | null } | null;
  /** The lowest highest education that passes. */
  education?: EducationMin | null;
  /** The lowest full-time education that passes. */
  fulltimeEducation?: EducationMin | null;
  party?: '中共党员' | '非中共党员' | null;
  /** Cumulative years as township (street) party secretary. */
  tenure?: { minYears: number } | null;
  /** The last `years` annual reviews on record are all among `accepted`. */
  appraisals?: { years: number; accepted: Appraisal[] } | null;
  grassroots?: YearsRange | null;
  unitTypes?: string[] | null;
  levels?: string[] | null;
  postClasses?: string[] | null;
  regions?: string[] | null;
  reserves?: string[] | null;
  /** Years in the current post (任现职时间). */
  postYears?: YearsRange | null;
  /** Years at the current level (任现职务层次时间). */
  levelYears?: YearsRange | null;
  gender?: '男' | '女' | null;
  /** true: minority only; false: 汉族 only. */
  minority?: boolean | null;
}

export type EducationMin = '研究生' | '大学本科' | '大学专科';

/**
 * Who qualifies for a selection or a secondment (符合条件人选: Shanxi S1–S4, Jincheng G1,
 * Anqiu G2), and every condition search saved by name: each person of the population is
 * eligible, 待核实 (no criterion failed, some unknown), a near miss (exactly one failed) or not.
 */
export interface EligibilityRule extends RuleBase {
  kind: 'eligibility';
  population: Population;
  criteria: EligibilityCriteria;
  /** Eligible people flagged 优先: reserves, and/or people aged ≤ maxAge. */
  priority?: { reserve: boolean; maxAge: number | null } | null;
}

/** A reserve pool that feeds a level (处级后备 → 县处级), drawn city-wide or within the region. */
export interface CandidateFeed {
  levels: string[];
  reserve: '处级后备' | '科级后备';
  scope: 'city' | 'region';
}

export type CandidateOrder = 'level' | 'grassroots' | 'appraisals' | 'age';

/**
 * Who can close each team's gap (Yongzhou Y10): for every team short of a per-unit ratio rule,
 * and every post whose holder reaches retirement within `retiringMonths`, the reserve cadres who
 * could fill it (the reserve that feeds the rule's levels, young by the rule's own test, not in
 * the team). The share of target posts with at least `minCandidates` such candidates is held
 * against a target.
 */
export interface CandidatesRule extends RuleBase {
  kind: 'candidates';
  /** The teams it looks at, by unit type (levels and post classes are the ratio rules'). */
  population: Population;
  /** The per-unit ratio rules whose gaps it covers (null: every one of young cadres). */
  rules: string[] | null;
  feeds: CandidateFeed[];
  minCandidates: number;
  retiringMonths: number;
  /** How candidates are ranked, first key first. */
  order: CandidateOrder[];
  target: [number, number];
  comparator: Comparator;
}

export type Rule =
  RatioRule | BandRule | ChangeRule | TemplateRule | EligibilityRule | CandidatesRule;
export type RuleKind = Rule['kind'];

export type WarningKind =
  | 'no_principal'
  | 'principal_retiring'
  | 'young_short'
  | 'retiring_soon'
  | 'template_short'
  | 'long_tenure';

/** A preset warning raised on a team (班子预警), switchable and with its own parameters. */
export interface TeamWarning {
  id: string;
  kind: WarningKind;
  label: Text;
  enabled: boolean;
  /** principal_retiring, retiring_soon: within this many months of the reference date. */
  months?: number | null;
  /** retiring_soon: raised when more than this share of members, or at least this many, retire. */
  share?: [number, number] | null;
  count?: number | null;
  /** template_short: the template item kinds it watches (women, non_cpc …). */
  itemKinds?: TemplateItemKind[] | null;
  /** long_tenure: years in post that call for rotation (交流提醒). */
  years?: number[] | null;
}

/**
 * Statutory retirement (DOMAIN.md §5): a base age by gender (and for women at 县处级), and the
 * gradual delay from 2025 — for births from `from`, +1 month and +1 more every `step` months of
 * birth cohort, at most `max` months.
 */
export interface RetirementRule {
  menAge: number;
  womenAge: number;
  /** Women at 县处级 retire at this age (a local rule: 待核实). */
  womenCountyAge: number;
  /**
   * Whether the gradual delay applies to women at 县处级 too (a local rule; absent in older rule
   * files: it does).
   */
  womenCountyDelayed?: boolean;
  delay: { from60: string; from55: string; step: number; max: number };
  /**
   * Local exit from leadership posts (退出领导岗位): an age per level that replaces the
   * statutory month for everyone at that level (none by default).
   */
  exitAges?: Partial<Record<string, number>>;
}

/**
 * Y9: the young share of each batch of promotions (提拔), young by the level promoted to (age at
 * the promotion ≤ maxAge); promotions to a level not listed are not counted.
 */
export interface PromotionRule {
  id: string;
  label: Text;
  definition: Text;
  source: string;
  sourceEn?: string;
  unverified: boolean;
  young: { level: string; maxAge: number }[];
  target: [number, number];
  comparator: Comparator;
}

/**
 * 任职试用期 (《党政领导干部选拔任用工作条例》2019, 第六十条): a cadre promoted to a post that is
 * not elected serves `months` of probation. Counted from 任现职务层次时间 (the promotion to the
 * level) for the levels listed, but not for the post classes of `exceptPostClasses` (乡镇党政正职
 * and county 党委/政府 posts: elected or chosen by the 人大) nor, with `exceptTeamPrincipals`, for
 * a team's 正职 (a department's head, named by the 人大常委会 or the 党委): the 到龄 board's
 * 试用期满 columns.
 */
export interface ProbationRule {
  months: number;
  levels: string[];
  /** Absent in a rules file written before it: none. */
  exceptPostClasses?: string[];
  exceptTeamPrincipals?: boolean;
}

/** Secondment cohorts (挂职): the largest share of a cohort that may be rated 优秀. */
export interface SecondmentRule {
  excellentQuota: [number, number];
}

export interface Programme {
  id: string;
  title: Text;
  source: string;
  sourceEn?: string;
  note?: Text | null;
  /** The programme's rules, in the order pages show them. */
  rules: string[];
}

export interface AgeBand {
  label: string;
  minAge: number | null;
  maxAge: number | null;
}

export interface RuleSet {
  version: 1;
  name: string;
  programmes: Programme[];
  rules: Rule[];
  warnings: TeamWarning[];
  retirement: RetirementRule;
  /** Y9 (absent in older rule files: the default applies). */
  promotion?: PromotionRule;
  /** Secondment cohorts (absent in older rule files: the default applies). */
  secondment?: SecondmentRule;
  /** 任职试用期 (absent in older rule files: the default applies). */
  probation?: ProbationRule;
  /** The age bands of the structure views (a reporting convention). */
  ageBands: AgeBand[];
  /** The age bands of the standard statistical tables (干部情况统计表); the defaults' when absent. */
  tableAgeBands?: AgeBand[];
}
