import defaults from './default-rules.json';
import { ratioWording } from './wording.ts';
import {
  boolean,
  dictionary,
  integer,
  Invalid,
  list,
  nullable,
  oneOf,
  optional,
  exactRecord as record,
  text,
  UNKNOWN_KEY,
  type Check,
} from '../validate.ts';
import type {
  AgeBand,
  AgeLimit,
  BandRule,
  CandidatesRule,
  ChangeRule,
  EligibilityCriteria,
  EligibilityRule,
  Population,
  Programme,
  PromotionRule,
  RatioRule,
  ProbationRule,
  RetirementRule,
  Rule,
  RuleSet,
  SecondmentRule,
  TeamWarning,
  TemplateItem,
  TemplateRule,
  Text,
  YearsRange,
} from './types.ts';

/*
 * A rule set from outside (a file a user uploads, the browser's storage, --rules) is checked
 * field by field before anything uses it: types, ranges, vocabularies, exact fractions at most
 * 1, weights that total 100, references between rules. A failure names the field and the reason
 * in both languages; nothing is changed.
 */
export const UNIT_TYPES = ['市直', '县市区', '乡镇街道'] as const;
export const LEVELS = [
  '厅局级正职',
  '厅局级副职',
  '县处级正职',
  '县处级副职',
  '乡科级正职',
  '乡科级副职',
  '科员',
  '办事员',
] as const;
export const POST_CLASSES = [
  'township_secretary',
  'township_head',
  'county_party',
  'county_government',
  'other',
] as const;
export const ITEM_KINDS = [
  'members',
  'women',
  'non_cpc',
  'minority',
  'young',
  'ladder',
  'postgraduate',
  'grassroots',
] as const;

/** The largest rule file accepted (characters of JSON). */
export const MAX_RULES_CHARS = 512 * 1024;

/** A rule set that cannot be used: where and why, in both languages. */
export class RuleSetError extends Error {
  constructor(
    /** The field, in each language ("规则 Y1 · 目标分子" / "rule Y1 · Target numerator"). */
    readonly where: { zh: string; en: string },
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${where.en}: ${en}`);
    this.name = 'RuleSetError';
  }
  text(lang: 'zh' | 'en'): string {
    return lang === 'zh' ? `${this.where.zh}：${this.zh}` : `${this.where.en}: ${this.en}`;
  }
}

const FILE = { zh: '规则文件', en: 'rules file' };

/** Raised inside the checks with both languages at once. */
class Reason extends Invalid {
  constructor(
    path: string,
    readonly zh: string,
    en: string,
  ) {
    super(path, en);
  }
}
const fail = (path: string, zh: string, en: string): never => {
  throw new Reason(path, zh, en);
};

/** The generic checks' English reasons, in Chinese. */
function reasonZh(why: string): string {
  const m = (re: RegExp) => why.match(re);
  let x: RegExpMatchArray | null;
  if (why === 'not text') return '应为文字';
  if ((x = m(/^longer than (\d+) characters$/))) return `超过 ${x[1]} 个字符`;
  if ((x = m(/^not a whole number from (-?\d+) to (-?\d+)$/)))
    return `应为 ${x[1]} 到 ${x[2]} 之间的整数`;
  if (why === 'not true or false') return '应为 true 或 false';
  if (why === 'not one of the known values') return '不是可用的取值';
  if (why === UNKNOWN_KEY) return '不是可用的设置项（拼写有误，或来自其他版本）';
  if (why === 'not a list') return '应为列表';
  if ((x = m(/^not from (\d+) to (\d+) items$/))) return `应有 ${x[1]} 到 ${x[2]} 项`;
  if (why === 'not an object') return '应为对象';
  if (why.startsWith('forbidden key')) return `含有不允许的键（${why.slice(14)}）`;
  if ((x = m(/^more than (\d+) keys$/))) return `键超过 ${x[1]} 个`;
  if (why === 'not JSON') return '不是 JSON 文件';
  if (why === 'not in the expected form') return '格式不对';
  return why;
}

// eslint-disable-next-line no-control-regex -- control characters are what it refuses
const MARKUP = /[<>\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
/** Text shown on the page and in exports: no markup, no control characters. */
const plain =
  (max: number): Check<string> =>
  (v, path) => {
    const s = text(max)(v, path);
    if (MARKUP.test(s))
      fail(
        path,
        '不能包含 < > 或控制字符（规则文字只显示为文字）',
        'must not contain < > or control characters (rule text is shown as text)',
      );
    return s;
  };
const words = (max: number): Check<Text> => record({ zh: plain(max), en: plain(max) });
const ID = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;
const ruleId: Check<string> = (v, path) => {
  if (typeof v !== 'string' || !ID.test(v))
    fail(
      path,
      '应为字母开头、最多32个字母数字或 _ - 的编号',
      'must be a letter followed by up to 31 letters, digits, _ or -',
    );
  return v as string;
};
const month: Check<string> = (v, path) => {
  const s = text(7)(v, path);
  const m = /^(\d{4})-(\d{2})$/.exec(s);
  if (!m || +m[2] < 1 || +m[2] > 12 || +m[1] < 1900 || +m[1] > 2100)
    fail(path, '应为 YYYY-MM 形式的年月', 'must be a month written YYYY-MM');
  return s;
};
const age = integer(0, 120);
/** A vocabulary list: null for any, otherwise at least one known value, each once. */
const vocab =
  (values: readonly string[]): Check<string[] | null> =>
  (v, path) => {
    if (v === null) return null;
    const out = list(oneOf(values), values.length)(v, path);
    if (out.length === 0)
      fail(path, '不能为空列表（不限请写 null）', 'must not be empty (null means any)');
    if (new Set(out).size !== out.length) fail(path, '有重复的值', 'has a value twice');
    return out;
  };
const population: Check<Population> = record({
  unitTypes: vocab(UNIT_TYPES),
  levels: vocab(LEVELS),
  postClasses: vocab(POST_CLASSES),
  teamOnly: boolean,
});
/** An exact fraction from 0 to 1: [numerator, denominator]. */
const fraction: Check<[number, number]> = (v, path) => {
  const [n, d] = list(integer(0, 100_000), 2, 2)(v, path);
  if (d < 1) fail(path, '分母应为正整数', 'the denominator must be a positive whole number');
  if (n > d)
    fail(
      path,
      `目标 ${n}/${d} 大于 1（比例不能超过 100%）`,
      `target ${n}/${d} is above 1 (a share cannot exceed 100%)`,
    );
  return [n, d];
};
/** A target no share can meet (more than 100%) is refused. */
const reachable = (r: { target: [number, number]; comparator: string }, path: string) => {
  const [n, d] = r.target;
  if (r.comparator === '>' && n >= d)
    fail(
      `${path}.target`,
      `目标“大于 ${n}/${d}”无法达到（比例不会超过 100%）：请改为“不低于”，或较小的目标`,
      `a target of more than ${n}/${d} cannot be met (a share cannot exceed 100%): use “at least”, or a smaller target`,
    );
};
const finite =
  (min: number, max: number): Check<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      fail(path, `应为 ${min} 到 ${max} 之间的数`, `must be a number from ${min} to ${max}`);
    return v as number;
  };
const ageRange = (path: string, lo: number | null, hi: number | null, required = true) => {
  if (required && lo === null && hi === null)
    fail(path, '至少要给出最小或最大年龄', 'needs a lowest or a highest age');
  if (lo !== null && hi !== null && lo > hi)
    fail(path, `最小年龄 ${lo} 大于最大年龄 ${hi}`, `lowest age ${lo} is above highest age ${hi}`);
};

const base = {
  id: ruleId,
  label: words(200),
  definition: words(2000),
  source: plain(500),
  sourceEn: optional(plain(500)),
  unverified: boolean,
  custom: optional(boolean),
};

const ratioRule: Check<RatioRule> = (v, path) => {
  const r = record({
    ...base,
    kind: oneOf(['ratio'] as const),
    population,
    counted: record({
      maxAge: nullable(age),
      bornFrom: nullable(month),
      bornTo: nullable(month),
      gender: optional(nullable(oneOf(['男', '女'] as const))),
      party: optional(nullable(oneOf(['中共党员', '非中共党员'] as const))),
      minority: optional(nullable(boolean)),
      education: optional(nullable(oneOf(['研究生', '大学本科', '大学专科'] as const))),
    }),
    target: fraction,
    comparator: oneOf(['>=', '>'] as const),
    perUnit: boolean,
    kpi: boolean,
    baseline: nullable(
      record({
        date: text(10, /^\d{4}-\d{2}-\d{2}$/),
        numerator: integer(0, 10_000_000),
        value: finite(0, 1),
      }),
    ),
  })(v, path);
  reachable(r, path);
  const y = r.counted;
  if (
    y.maxAge === null &&
    y.bornFrom === null &&
    y.bornTo === null &&
    !y.gender &&
    !y.party &&
    (y.minority ?? null) === null &&
    !y.education
  )
    fail(
      `${path}.counted`,
      '需要计入分子的条件：年龄上限、出生年月范围、性别、政治面貌、民族或学历',
      'needs a condition for the numerator: highest age, birth months, gender, party, minority or education',
    );
  if (y.bornFrom && y.bornTo && y.bornFrom > y.bornTo)
    fail(`${path}.counted`, '出生年月起点晚于终点', 'bornFrom is after bornTo');
  return r as RatioRule;
};

const bandRule: Check<BandRule> = (v, path) => {
  const r = record({
    ...base,
    kind: oneOf(['band'] as const),
    population,
    minAge: nullable(age),
    maxAge: nullable(age),
  })(v, path);
  ageRange(path, r.minAge, r.maxAge);
  return r as BandRule;
};

const changeRule: Check<ChangeRule> = (v, path) => {
  const r = record({
    ...base,
    kind: oneOf(['change'] as const),
    population,
    measure: oneOf(['mean_age', 'fulltime_univ_share'] as const),
    target: finite(-100, 100),
    comparator: oneOf(['<=', '>='] as const),
  })(v, path);
  if (r.measure === 'fulltime_univ_share' && Math.abs(r.target) > 1)
    fail(
      `${path}.target`,
      '占比的变化应在 -1 到 1 之间（0.2 表示 20 个百分点）',
      'a change of share must be from -1 to 1 (0.2 is 20 points)',
    );
  return r as ChangeRule;
};

const band = record({ label: words(50), minAge: nullable(age), maxAge: nullable(age) });
const templateItem: Check<TemplateItem> = (v, path) => {
  const it = record({
    id: ruleId,
    kind: oneOf(ITEM_KINDS),
    label: words(200),
    required: integer(0, 100),
    weight: finite(0, 100),
    veto: boolean,
    maxAge: optional(nullable(age)),
    minYears: optional(nullable(finite(0, 60))),
    bands: optional(list(band, 6, 2)),
    autonomousOnly: optional(boolean),
  })(v, path);
  if (it.kind === 'young' && (it.maxAge ?? null) === null)
    fail(`${path}.maxAge`, '年轻干部项需要年龄上限', 'a young item needs a highest age');
  if (it.kind === 'grassroots' && (it.minYears ?? null) === null)
    fail(`${path}.minYears`, '基层经历项需要最少年数', 'a grassroots item needs a number of years');
  if (it.kind === 'ladder') {
    if (!it.bands) fail(`${path}.bands`, '梯次项需要年龄段', 'a ladder item needs age bands');
    it.bands!.forEach((b, i) => ageRange(`${path}.bands[${i}]`, b.minAge, b.maxAge));
    if (it.required > it.bands!.length)
      fail(
        `${path}.required`,
        `应配 ${it.required} 个年龄段，但只有 ${it.bands!.length} 个`,
        `requires ${it.required} bands but has ${it.bands!.length}`,
      );
  }
  return it as TemplateItem;
};

const templateRule: Check<TemplateRule> = (v, path) => {
  const r = record({
    ...base,
    kind: oneOf(['template'] as const),
    population,
    items: list(templateItem, 30, 1),
    thresholds: record({ met: finite(0, 100), basic: finite(0, 100) }),
  })(v, path);
  const total = r.items.reduce((s, i) => s + i.weight, 0);
  if (Math.abs(total - 100) > 1e-6)
    fail(
      `${path}.items`,
      `各项权重合计应为 100，现为 ${+total.toFixed(4)}`,
      `weights must total 100; they total ${+total.toFixed(4)}`,
    );
  const ids = r.items.map((i) => i.id);
  if (new Set(ids).size !== ids.length)
    fail(`${path}.items`, '配备项编号有重复', 'two items have the same id');
  if (r.thresholds.basic > r.thresholds.met)
    fail(
      `${path}.thresholds`,
      '“基本达标”的分数线高于“达标”',
      'the threshold for mostly met is above the one for met',
    );
  return r as TemplateRule;
};

export const EDUCATION_MINS = ['研究生', '大学本科', '大学专科'] as const;
export const APPRAISALS = ['优秀', '称职', '基本称职', '不称职'] as const;
export const RESERVES = ['处级后备', '科级后备'] as const;

const yearsRange: Check<YearsRange> = (v, path) => {
  const r = record({
    minYears: nullable(finite(0, 60)),
    lessThan: nullable(finite(0, 60)),
  })(v, path);
  if (r.minYears === null && r.lessThan === null)
    fail(path, '至少要给出最少年数或不满年数', 'needs a lowest number of years or a bound');
  if (r.minYears !== null && r.lessThan !== null && r.minYears >= r.lessThan)
    fail(
      path,
      `最少 ${r.minYears} 年不小于不满 ${r.lessThan} 年`,
      `at least ${r.minYears} years is not below less than ${r.lessThan} years`,
    );
  return r;
};
const ageLimit: Check<AgeLimit> = (v, path) => {
  const l = record({ levels: vocab(LEVELS), minAge: nullable(age), maxAge: nullable(age) })(
    v,
    path,
  );
  ageRange(path, l.minAge, l.maxAge);
  return l;
};
/** Free values (regions): each once, at least one. */
const values =
  (max: number): Check<string[]> =>
  (v, path) => {
    const out = list(plain(100), max, 1)(v, path);
    if (new Set(out).size !== out.length) fail(path, '有重复的值', 'has a value twice');
    return out;
  };
const criteria: Check<EligibilityCriteria> = (v, path) => {
  const c = record({
    age: optional(nullable(list(ageLimit, 8, 1))),
    birth: optional(nullable(record({ from: nullable(month), to: nullable(month) }))),
    education: optional(nullable(oneOf(EDUCATION_MINS))),
    fulltimeEducation: optional(nullable(oneOf(EDUCATION_MINS))),
    party: optional(nullable(oneOf(['中共党员', '非中共党员'] as const))),
    tenure: optional(nullable(record({ minYears: finite(0, 60) }))),
    appraisals: optional(
      nullable(
        record({
          years: integer(1, 5),
          accepted: (x, p) => {
            const a = list(oneOf(APPRAISALS), 4, 1)(x, p);
            if (new Set(a).size !== a.length) fail(p, '有重复的值', 'has a value twice');
            return a;
          },
        }),
      ),
    ),
    grassroots: optional(nullable(yearsRange)),
    unitTypes: optional(vocab(UNIT_TYPES)),
    levels: optional(vocab(LEVELS)),
    postClasses: optional(vocab(POST_CLASSES)),
    regions: optional(nullable(values(200))),
    reserves: optional(vocab(RESERVES)),
    postYears: optional(nullable(yearsRange)),
    levelYears: optional(nullable(yearsRange)),
    gender: optional(nullable(oneOf(['男', '女'] as const))),
    minority: optional(nullable(boolean)),
  })(v, path);
  if (c.birth) {
    if (c.birth.from === null && c.birth.to === null)
      fail(`${path}.birth`, '至少要给出出生年月起点或终点', 'needs a first or a last month');
    if (c.birth.from && c.birth.to && c.birth.from > c.birth.to)
      fail(`${path}.birth`, '出生年月起点晚于终点', 'from is after to');
  }
  return c as EligibilityCriteria;
};

const eligibilityRule: Check<EligibilityRule> = (v, path) => {
  const r = record({
    ...base,
    kind: oneOf(['eligibility'] as const),
    population,
    criteria,
    priority: optional(nullable(record({ reserve: boolean, maxAge: nullable(age) }))),
  })(v, path);
  if (Object.values(r.criteria).every((x) => x === null || x === undefined))
    fail(
      `${path}.criteria`,
      '至少需要一个条件（年龄、学历、政治面貌、任职年限、考核等）',
      'needs at least one criterion (age, education, party, tenure, reviews …)',
    );
  return r as EligibilityRule;
};

const candidatesRule: Check<CandidatesRule> = (v, path) => {
  const r = record({
    ...base,
    kind: oneOf(['candidates'] as const),
    population,
    rules: nullable(list(ruleId, 100, 1)),
    feeds: list(
      record({
        levels: (x, p) => vocab(LEVELS)(x, p) ?? fail(p, '不能为空', 'must not be empty'),
        reserve: oneOf(RESERVES),
        scope: oneOf(['city', 'region'] as const),
      }),
      10,
      1,
    ),
    minCandidates: integer(1, 100),
    retiringMonths: integer(0, 120),
    order: (x, p) => {
      const o = list(oneOf(['level', 'grassroots', 'appraisals', 'age'] as const), 4, 1)(x, p);
      if (new Set(o).size !== o.length) fail(p, '排序依据有重复', 'a key is named twice');
      return o;
    },
    target: fraction,
    comparator: oneOf(['>=', '>'] as const),
  })(v, path);
  reachable(r, path);
  const p = r.population;
  if (p.levels !== null || p.postClasses !== null || p.teamOnly)
    fail(
      `${path}.population`,
      '人选规则只按单位类型限定班子（职务层次和职务类别取自所覆盖的比例规则）',
      'a candidates rule limits teams by unit type only (levels and post classes are those of the ratio rules it covers)',
    );
  return r as CandidatesRule;
};

const rule: Check<Rule> = (v, path) => {
  const kind = (v as { kind?: unknown } | null)?.kind;
  if (kind === 'ratio') return ratioRule(v, path);
  if (kind === 'band') return bandRule(v, path);
  if (kind === 'change') return changeRule(v, path);
  if (kind === 'template') return templateRule(v, path);
  if (kind === 'eligibility') return eligibilityRule(v, path);
  if (kind === 'candidates') return candidatesRule(v, path);
  return fail(
    `${path}.kind`,
    '规则类型应为 ratio、band、change、template、eligibility 或 candidates',
    'kind must be ratio, band, change, template, eligibility or candidates',
  );
};

const warning: Check<TeamWarning> = (v, path) => {
  const w = record({
    id: ruleId,
    kind: oneOf([
      'no_principal',
      'principal_retiring',
      'young_short',
      'retiring_soon',
      'template_short',
      'long_tenure',
    ] as const),
    label: words(200),
    enabled: boolean,
    months: optional(nullable(integer(1, 240))),
    share: optional(nullable(fraction)),
    count: optional(nullable(integer(1, 100))),
    itemKinds: optional(nullable(list(oneOf(ITEM_KINDS), 8, 1))),
    years: optional(nullable(list(integer(1, 50), 5, 1))),
  })(v, path);
  const need = (key: keyof typeof w, zh: string, en: string) => {
    if (w[key] === undefined || w[key] === null) fail(`${path}.${key}`, zh, en);
  };
  if (w.kind === 'principal_retiring' || w.kind === 'retiring_soon')
    need('months', '需要月数', 'needs a number of months');
  if (w.kind === 'retiring_soon') {
    need('share', '需要比例', 'needs a share');
    need('count', '需要人数', 'needs a count');
  }
  if (w.kind === 'template_short') need('itemKinds', '需要配备项类型', 'needs item kinds');
  if (w.kind === 'long_tenure') need('years', '需要年数', 'needs years');
  return w as TeamWarning;
};

/** 退出领导岗位 ages: level → age; a key that is no level is named, with the levels there are. */
const exitAges: Check<Record<string, number>> = (v, path) => {
  if (v !== null && typeof v === 'object' && !Array.isArray(v))
    for (const k of Object.keys(v))
      if (!(LEVELS as readonly string[]).includes(k))
        fail(
          `${path}.${k.slice(0, 40)}`,
          `不是职务层次，可用：${LEVELS.join('、')}`,
          `not a level; the levels are ${LEVELS.join(', ')}`,
        );
  return dictionary(oneOf(LEVELS), integer(40, 75), LEVELS.length)(v, path);
};

const retirement: Check<RetirementRule> = record({
  menAge: integer(40, 75),
  womenAge: integer(40, 75),
  womenCountyAge: integer(40, 75),
  womenCountyDelayed: optional(boolean),
  delay: record({
    from60: month,
    from55: month,
    step: integer(1, 24),
    max: integer(0, 120),
  }),
  exitAges: optional(exitAges),
});

const promotion: Check<PromotionRule> = (v, path) => {
  const r = record({
    id: ruleId,
    label: words(200),
    definition: words(2000),
    source: plain(500),
    sourceEn: optional(plain(500)),
    unverified: boolean,
    young: list(record({ level: oneOf(LEVELS), maxAge: age }), LEVELS.length, 1),
    target: fraction,
    comparator: oneOf(['>=', '>'] as const),
  })(v, path);
  reachable(r, path);
  const levels = r.young.map((y) => y.level);
  if (new Set(levels).size !== levels.length)
    fail(`${path}.young`, '同一职务层次出现两次', 'a level appears twice');
  return r as PromotionRule;
};

const secondment: Check<SecondmentRule> = record({ excellentQuota: fraction });

const probation: Check<ProbationRule> = (v, path) => {
  const r = record({
    months: integer(1, 60),
    levels: list(oneOf(LEVELS), LEVELS.length, 1),
    exceptPostClasses: optional(list(oneOf(POST_CLASSES), POST_CLASSES.length)),
    exceptTeamPrincipals: optional(boolean),
  })(v, path);
  if (new Set(r.levels).size !== r.levels.length)
    fail(`${path}.levels`, '同一职务层次出现两次', 'a level appears twice');
  return r as ProbationRule;
};

const programme: Check<Programme> = record({
  id: ruleId,
  title: words(200),
  source: plain(500),
  sourceEn: optional(plain(500)),
  note: optional(nullable(words(1000))),
  rules: list(ruleId, 200),
});

const ageBand: Check<AgeBand> = (v, path) => {
  const b = record({ label: plain(30), minAge: nullable(age), maxAge: nullable(age) })(v, path);
  ageRange(path, b.minAge, b.maxAge);
  return b;
};

const ruleSetShape = record({
  version: (v, path) => (v === 1 ? 1 : fail(path, '版本应为 1', 'version must be 1')),
  name: plain(100),
  programmes: list(programme, 50),
  rules: list(rule, 500, 1),
  warnings: list(warning, 50),
  retirement,
  promotion: optional(promotion),
  secondment: optional(secondment),
  probation: optional(probation),
  ageBands: list(ageBand, 12, 1),
  tableAgeBands: optional(list(ageBand, 12, 1)),
});

/** The retirement rule's fields as the rule editor names them. */
const RETIREMENT_FIELDS: Record<string, { zh: string; en: string }> = {
  menAge: { zh: '男', en: 'men' },
  womenAge: { zh: '女', en: 'women' },
  womenCountyAge: { zh: '县处级及以上女干部', en: 'women at county level and above' },
  womenCountyDelayed: { zh: '县处级及以上女干部也延迟', en: 'women at county level delayed' },
  'delay.from60': { zh: '60 岁基准延迟起始出生年月', en: 'delay for base 60 from' },
  'delay.from55': { zh: '55 岁基准延迟起始出生年月', en: 'delay for base 55 from' },
  'delay.step': { zh: '每几个月延迟 1 个月', en: 'months of birth per month of delay' },
  'delay.max': { zh: '最多延迟（月）', en: 'most months of delay' },
};

const PROBATION_FIELDS: Record<string, { zh: string; en: string }> = {
  months: { zh: '试用期月数', en: 'months' },
  levels: { zh: '适用的职务层次', en: 'levels' },
  exceptPostClasses: { zh: '不实行试用期的职务类别', en: 'post classes without one' },
  exceptTeamPrincipals: { zh: '班子正职不实行试用期', en: 'none for a team’s head' },
};

const TEAM_WARNING_FIELDS: Record<string, { zh: string; en: string }> = {
  months: { zh: '月数', en: 'months' },
  years: { zh: '任现职年数', en: 'years in post' },
  count: { zh: '人数', en: 'count' },
  share: { zh: '比例', en: 'share' },
  label: { zh: '名称', en: 'name' },
  enabled: { zh: '是否启用', en: 'switched on' },
};

/** The rule set's own fields, as a user would name them. */
const TOP_FIELDS: Record<string, { zh: string; en: string }> = {
  version: { zh: '规则文件版本', en: 'Rules file version' },
  name: { zh: '规则集名称', en: 'Rule set name' },
  programmes: { zh: '政策项目', en: 'Programmes' },
  rules: { zh: '规则', en: 'Rules' },
  warnings: { zh: '班子预警', en: 'Team warnings' },
  ageBands: { zh: '年龄段', en: 'Age bands' },
};

/** A rule's fields as the rule form names them (目标分子, 年龄不超过 …), by their path in the file. */
const RULE_FIELDS: Record<string, { zh: string; en: string }> = {
  id: { zh: '编号', en: 'Id' },
  label: { zh: '名称', en: 'Name' },
  'label.zh': { zh: '名称（中文）', en: 'Name (Chinese)' },
  'label.en': { zh: '名称（英文）', en: 'Name (English)' },
  definition: { zh: '定义', en: 'Definition' },
  'definition.zh': { zh: '定义（中文）', en: 'Definition (Chinese)' },
  'definition.en': { zh: '定义（英文）', en: 'Definition (English)' },
  target: { zh: '目标', en: 'Target' },
  'target[0]': { zh: '目标分子', en: 'Target numerator' },
  'target[1]': { zh: '目标分母', en: 'Target denominator' },
  comparator: { zh: '比较方式', en: 'Comparison' },
  population: { zh: '人员范围', en: 'Population' },
  'population.unitTypes': { zh: '人员范围 · 单位类别', en: 'Population · Unit type' },
  'population.levels': { zh: '人员范围 · 职务层次', en: 'Population · Level' },
  'population.postClasses': { zh: '人员范围 · 职务类别', en: 'Population · Post class' },
  counted: { zh: '计入分子的条件', en: 'Counted in the numerator' },
  'counted.maxAge': { zh: '年龄不超过(岁)', en: 'Aged at most' },
  'counted.bornFrom': { zh: '出生不早于', en: 'Born from' },
  'counted.bornTo': { zh: '出生不晚于', en: 'Born until' },
  'counted.gender': { zh: '性别', en: 'Gender' },
  'counted.party': { zh: '政治面貌', en: 'Party' },
  'counted.education': { zh: '学历', en: 'Education' },
  items: { zh: '配备项', en: 'Items' },
  thresholds: { zh: '分数线', en: 'Scores' },
  'thresholds.met': { zh: '达标分数线', en: 'Score for met' },
  'thresholds.basic': { zh: '基本达标分数线', en: 'Score for mostly met' },
};

const ITEM_FIELDS: Record<string, { zh: string; en: string }> = {
  label: { zh: '名称', en: 'name' },
  'label.zh': { zh: '名称', en: 'name' },
  'label.en': { zh: '名称（英文）', en: 'name (English)' },
  kind: { zh: '类型', en: 'kind' },
  required: { zh: '应配', en: 'required' },
  weight: { zh: '权重', en: 'weight' },
  veto: { zh: '一票否决', en: 'veto' },
  maxAge: { zh: '年龄', en: 'age' },
  minYears: { zh: '年限', en: 'years' },
};

/** The rest of a rule's path in the form's words, else as it is. */
function ruleField(rest: string, lang: 'zh' | 'en'): string {
  const item = /^items\[(\d+)\]\.?(.*)$/.exec(rest);
  if (item) {
    const n = +item[1] + 1;
    const f = ITEM_FIELDS[item[2]]?.[lang];
    return lang === 'zh'
      ? `配备项第 ${n} 项${f ? ` · ${f}` : item[2] ? ` · ${item[2]}` : ''}`
      : `item ${n}${f ? ` · ${f}` : item[2] ? ` · ${item[2]}` : ''}`;
  }
  return RULE_FIELDS[rest]?.[lang] ?? rest;
}

/** Readable path: `rules[3]` becomes `规则 Y4` / `rule Y4` where the rule has an id. */
function readablePath(path: string, value: unknown, lang: 'zh' | 'en'): string {
  const rules = (value as { rules?: unknown[] } | null)?.rules;
  const retirement = /^\.?retirement\.(.+)$/.exec(path);
  const field = retirement && RETIREMENT_FIELDS[retirement[1]];
  if (field) return lang === 'zh' ? `法定退休年龄 · ${field.zh}` : `Retirement · ${field.en}`;
  const probation = /^\.?probation\.(\w+)(.*)$/.exec(path);
  const probationField = probation && PROBATION_FIELDS[probation[1]];
  if (probation && probationField) {
    const { zh, en } = probationField;
    const i = /^\[(\d+)\]/.exec(probation[2]);
    return lang === 'zh'
      ? `任职试用期 · ${zh}${i ? ` 第 ${+i[1] + 1} 项` : ''}`
      : `Probation · ${en}${i ? ` #${+i[1] + 1}` : ''}`;
  }
  const exit = /^\.?retirement\.exitAges\.(.+)$/.exec(path);
  if (exit)
    return lang === 'zh'
      ? `退出领导岗位年龄 · ${exit[1]}`
      : `Age of leaving leadership posts · ${exit[1]}`;
  const warning = /^\.?warnings\[(\d+)\]\.?(\w*)/.exec(path);
  if (warning) {
    const w = (value as { warnings?: { label?: Record<string, unknown> }[] } | null)?.warnings?.[
      +warning[1]
    ];
    const label = w?.label?.[lang];
    const key = TEAM_WARNING_FIELDS[warning[2]];
    if (typeof label === 'string' && label.length <= 200)
      return lang === 'zh'
        ? `班子预警“${label}”${key ? ` · ${key.zh}` : ''}`
        : `Team warning “${label}”${key ? ` · ${key.en}` : ''}`;
  }
  const top = TOP_FIELDS[path.replace(/^\./, '')];
  if (top) return top[lang];
  return path
    .replace(/^\./, '')
    .replace(/^rules\[(\d+)\]\.?(.*)$/, (whole, i: string, rest: string) => {
      const id = Array.isArray(rules) ? (rules[+i] as { id?: unknown } | null)?.id : undefined;
      return typeof id === 'string' && ID.test(id)
        ? lang === 'zh'
          ? `规则 ${id} · ${ruleField(rest, 'zh')}`
          : `rule ${id} · ${ruleField(rest, 'en')}`
        : whole;
    })
    .replace(/ · $/, '')
    .trim();
}

/**
 * Checks a rule set (parsed JSON) and returns a fresh copy, or throws RuleSetError naming the
 * field and the reason.
 */
export function checkRuleSet(value: unknown): RuleSet {
  let rs: RuleSet;
  try {
    rs = ruleSetShape(value, '') as RuleSet;
  } catch (e) {
    if (!(e instanceof Invalid) && !(e instanceof RangeError)) throw e;
    const path = e instanceof Invalid ? e.path : '';
    const zh = e instanceof Reason ? e.zh : e instanceof Invalid ? reasonZh(e.why) : '嵌套过深';
    const en = e instanceof Invalid ? e.why : 'nested too deeply';
    throw new RuleSetError(
      {
        zh: readablePath(path, value, 'zh') || FILE.zh,
        en: readablePath(path, value, 'en') || FILE.en,
      },
      zh,
      en,
    );
  }
  const ids = rs.rules.map((r) => r.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup)
    throw new RuleSetError(
      { zh: `规则 ${dup}`, en: `rule ${dup}` },
      '编号重复',
      'the id is used twice',
    );
  for (const p of rs.programmes) {
    const missing = p.rules.find((id) => !ids.includes(id));
    if (missing)
      throw new RuleSetError(
        { zh: `programmes.${p.id}`, en: `programmes.${p.id}` },
        `引用了不存在的规则 ${missing}`,
        `names rule ${missing}, which does not exist`,
      );
  }
  for (const c of rs.rules) {
    if (c.kind !== 'candidates') continue;
    const bad = (c.rules ?? []).find((id) => {
      const q = rs.rules.find((x) => x.id === id);
      return !q || q.kind !== 'ratio' || !q.perUnit;
    });
    if (bad)
      throw new RuleSetError(
        { zh: `规则 ${c.id} · rules`, en: `rule ${c.id} · rules` },
        `${bad} 不是逐个班子核对的比例规则`,
        `${bad} is not a ratio rule applied to every team`,
      );
  }
  const wids = rs.warnings.map((w) => w.id);
  if (new Set(wids).size !== wids.length)
    throw new RuleSetError(
      { zh: 'warnings', en: 'warnings' },
      '预警编号有重复',
      'two warnings have the same id',
    );
  // A rule set saved before rules had English sources: what cites a default's source takes its
  // English too (else every rule of it would read 已修改 beside the defaults).
  for (const x of [...rs.programmes, ...rs.rules, ...(rs.promotion ? [rs.promotion] : [])])
    if ('source' in x && x.sourceEn === undefined && SOURCES_EN.has(x.source))
      x.sourceEn = SOURCES_EN.get(x.source);
  // A ratio rule without words of its own (a file written by hand or by a script) says what its
  // settings count, so that no list, chart or briefing shows it as a bare id.
  for (const r of rs.rules)
    if (r.kind === 'ratio') {
      const w = ratioWording(r);
      if (!r.label.zh.trim() && !r.label.en.trim()) r.label = w.label;
      if (!r.definition.zh.trim() && !r.definition.en.trim()) r.definition = w.definition;
    }
  return rs;
}

/** The default rules' sources in English, by their Chinese. */
const SOURCES_EN = new Map(
  [...defaults.programmes, ...defaults.rules, defaults.promotion].flatMap((x) =>
    'sourceEn' in x && x.sourceEn ? [[x.source, x.sourceEn] as const] : [],
  ),
);

/** A rule set from JSON text (a file or storage): size-limited, parsed, checked. */
export function parseRuleSet(json: string): RuleSet {
  if (json.length > MAX_RULES_CHARS)
    throw new RuleSetError(
      FILE,
      `大于 ${MAX_RULES_CHARS / 1024} KB`,
      `larger than ${MAX_RULES_CHARS / 1024} KB`,
    );
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new RuleSetError(FILE, '不是 JSON 文件', 'not a JSON file');
  }
  return checkRuleSet(value);
}
