import type { Segment } from '../filters.ts';
import { rulesOfKind, ruleById, type Lang, type RuleSet } from '../policy/index.ts';
import type { TeamScore } from '../policy/teams.ts';
import {
  changeDigits,
  changeGap,
  type Kpi,
  type MetricResult,
  type Report,
  type TrendPoint,
  type UnitMetricRow,
} from '../report.ts';
import { calendarWindows } from '../flows.ts';
import { fixed } from '../decimal.ts';
import { vocabularyText } from '../vocabulary.ts';
import { tt } from '../tables/text.ts';

/**
 * The written analysis of a briefing (总体情况, 年龄结构, 学历结构, 年轻干部配备, 乡镇党政正职, 班子结构,
 * 存在问题), built from the same results the page shows: sentences whose words follow the
 * numbers (提高/下降/持平, 达标/未达标、还差 N 人), each number a part that can open its people.
 * Pure: the page and the CLI's documents use it alike.
 */

/** What a number of the analysis opens: a rule's population (young or all) or a part. */
export interface PeopleLink {
  what: string;
  metricId?: string;
  young?: 'young' | null;
  segment?: Segment;
}

/** A piece of a sentence: words, or a number with the text it is shown as. */
export type Part = string | { text: string; value: number; people?: PeopleLink };

export interface AnalysisSection {
  id:
    | 'overall'
    | 'age'
    | 'education'
    | 'young'
    | 'principals'
    | 'teams'
    | 'selection'
    | 'retirement'
    | 'problems';
  title: string;
  paragraphs: Part[][];
}

export interface BriefingInput {
  report: Report;
  kpis: Kpi[];
  /** Every ratio rule city-wide at every snapshot. */
  trend: TrendPoint[];
  /** The snapshot a year earlier that the KPIs compare with (null: none within tolerance). */
  yearAgoDate: string | null;
  /** Per-team rules' units that fall short, for naming them. */
  unitRows: UnitMetricRow[];
  teams: TeamScore[] | null;
  rules: RuleSet;
  scope: string;
  /**
   * A filter on people is on (gender, level, age …, not only region, unit or unit type): a
   * team's per-team check then counts the members it keeps, and the text says so.
   */
  personFiltered?: boolean;
  /** The minority groups in the data (汉族 excluded), for the people of 少数民族. */
  minorityValues: string[];
  /** Each eligibility rule's city-wide counts (the report's `eligibility`); null: not computed. */
  eligibility?: EligibilityCounts[] | null;
  /** Who reaches retirement (the report's `retirements`); null: not computed. */
  retirements?: RetirementCounts | null;
  /** Rules computed after the report (Y10: candidates for every target post); null: not yet. */
  candidates?: MetricResult[] | null;
}

export interface EligibilityCounts {
  id: string;
  population: number;
  eligible: number;
  unknown: number;
  nearMiss: number;
  willQualify: number;
}

export interface RetirementCounts {
  due: number;
  within12: number;
  within36: number;
  within60: number;
  thisMonth: number;
  nextMonth: number;
  thisYear: number;
  /** 试用期满 in the same calendar windows, with the rule's months; unknown: no date to count from. */
  probation?: {
    months: number;
    thisMonth: number;
    nextMonth: number;
    thisYear: number;
    unknown?: number;
  };
}

/** 试用期满 in the 到龄 board's calendar windows (DOMAIN §8: 到龄 board … 试用期满). */
function probationSentence(
  p: NonNullable<RetirementCounts['probation']>,
  cal: ReturnType<typeof calendarWindows>,
  zh: boolean,
): Part[] {
  const unknown = p.unknown ?? 0;
  return zh
    ? [
        `任职试用期满（提拔任现职务层次满${p.months}个月）：本月`,
        num(p.thisMonth),
        '人，下月',
        num(p.nextMonth),
        `人，${cal.year}年全年`,
        num(p.thisYear),
        ...(unknown ? ['人；另有', num(unknown), '人缺任现职务层次时间，无法计算。'] : ['人。']),
      ]
    : [
        `Probation ending (${p.months} months after the promotion to the level): this month: `,
        num(p.thisMonth),
        '; next month: ',
        num(p.nextMonth),
        `; in all of ${cal.year}: `,
        num(p.thisYear),
        ...(unknown ? ['; with no date of reaching the level, not counted: ', num(unknown)] : []),
        '.',
      ];
}

const nf = (v: number, digits = 0) =>
  v.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const num = (value: number, people?: PeopleLink): Part => ({ text: nf(value), value, people });
const pctPart = (share: number): Part => ({
  text: `${fixed(share * 100, 1)}%`,
  value: Math.round(share * 1000) / 10,
});
const dec = (value: number, digits = 1): Part => ({
  text: fixed(value, digits),
  value: +fixed(value, digits),
});

/** 提高/下降/持平 (rose/fell/unchanged) with the size of the change at the shown precision. */
function change(
  delta: number | null,
  digits: number,
  unit: { zh: string; en: string; enOne?: string },
  lang: Lang,
  words: { up: [string, string]; down: [string, string]; same: [string, string] } = {
    up: ['提高', 'up'],
    down: ['下降', 'down'],
    same: ['持平', 'unchanged'],
  },
): Part[] {
  if (delta === null) return [];
  const shown = fixed(Math.abs(delta), digits);
  const i = lang === 'zh' ? 0 : 1;
  if (Number(shown) === 0) return [words.same[i]];
  const w = delta > 0 ? words.up[i] : words.down[i];
  return lang === 'zh'
    ? [w, { text: shown, value: Number(shown) }, unit.zh]
    : [
        `${w} `,
        { text: shown, value: Number(shown) },
        shown === '1' ? (unit.enOne ?? unit.en) : unit.en,
      ];
}

export function buildAnalysis(input: BriefingInput, lang: Lang): AnalysisSection[] {
  const zh = lang === 'zh';
  const { report: r, rules } = input;
  const kpi = (k: string) => input.kpis.find((x) => x.kpi === k);
  const metric = (id: string) => r.metrics.find((m) => m.id === id);
  const sections: AnalysisSection[] = [];
  const everyone: PeopleLink = { what: zh ? '全部干部' : 'All cadres' };
  const sep = zh ? '；' : '; ';

  // 总体情况
  const n = r.headcount;
  const women = r.breakdowns.gender['女'] ?? 0;
  const minority = r.breakdowns.ethnicity?.['少数民族'] ?? 0;
  const cpc = r.breakdowns.party['中共党员'] ?? 0;
  const head = kpi('headcount');
  const mean = kpi('mean_age');
  // A reference date that is no snapshot (推演) names the roster whose people it ages.
  const asOf =
    r.snapshotDate && r.snapshotDate !== r.asOf
      ? r.asOf + tt(lang, 'snapshotNote', { date: r.snapshotDate })
      : r.asOf;
  const overall: Part[] = zh
    ? [`截至${asOf}，${input.scope}共有干部`, num(n, everyone), '人']
    : [
        `As of ${asOf}, ${input.scope.replace(/^Whole city/, 'the whole city')} has `,
        num(n, everyone),
        n === 1 ? ' cadre' : ' cadres',
      ];
  if (head?.vs_previous !== null && head?.vs_previous !== undefined)
    overall.push(
      zh ? '，较上期' : ', ',
      ...change(head.vs_previous, 0, { zh: '人', en: ' people', enOne: ' person' }, lang, {
        up: ['增加', 'up'],
        down: ['减少', 'down'],
        same: ['持平', 'unchanged'],
      }),
      zh ? '' : ' on the previous snapshot',
    );
  if (r.age.mean !== null) {
    overall.push(zh ? '；平均年龄' : '; mean age ', dec(r.age.mean), zh ? '岁' : ' years');
    if (mean?.vs_year_ago !== null && mean?.vs_year_ago !== undefined && input.yearAgoDate)
      overall.push(
        zh
          ? `，较去年同期（${input.yearAgoDate}）`
          : `, against a year earlier (${input.yearAgoDate}) `,
        ...change(mean.vs_year_ago, 1, { zh: '岁', en: ' years' }, lang),
      );
  }
  if (n > 0) {
    overall.push(
      zh ? '；女干部' : '; women ',
      num(women, { what: zh ? '女干部' : 'Women', segment: { values: { gender: ['女'] } } }),
      zh ? '人，占' : ', ',
      pctPart(women / n),
      zh ? '；少数民族干部' : '; minority cadres ',
      num(minority, {
        what: zh ? '少数民族干部' : 'Minority cadres',
        segment: { values: { ethnicity: input.minorityValues } },
      }),
      zh ? '人，占' : ', ',
      pctPart(minority / n),
      zh ? '；中共党员' : '; CPC members ',
      num(cpc, {
        what: zh ? '中共党员' : 'CPC members',
        segment: { values: { party: ['中共党员'] } },
      }),
      zh ? '人，占' : ', ',
      pctPart(cpc / n),
      zh ? '。' : '.',
    );
  } else overall.push(zh ? '。' : '.');
  sections.push({ id: 'overall', title: zh ? '总体情况' : 'Overview', paragraphs: [overall] });

  // 年龄结构
  if (n > 0) {
    const bands = Object.entries(r.age.bands);
    // A band in words: its label in Chinese, its bounds in English (aged ≤ 35, 36–40, ≥ 56).
    const bandText = (label: string) => {
      const b = rules.ageBands.find((x) => x.label === label);
      if (zh || !b) return label;
      if (b.minAge === null) return `aged ≤ ${b.maxAge}`;
      return b.maxAge === null ? `aged ≥ ${b.minAge}` : `aged ${b.minAge}–${b.maxAge}`;
    };
    const ages: Part[] = [zh ? '按年龄段：' : 'By age band: '];
    bands.forEach(([label, count], i) => {
      const band = rules.ageBands.find((b) => b.label === label);
      if (i) ages.push(sep);
      ages.push(
        `${bandText(label)}${zh ? '' : ' '}`,
        num(count, {
          what: label,
          segment: band ? { age: { min: band.minAge ?? 0, max: band.maxAge ?? 150 } } : undefined,
        }),
        zh ? '人（' : ' (',
        pctPart(count / n),
        zh ? '）' : ')',
      );
    });
    if (r.age.median !== null)
      ages.push(zh ? '；年龄中位数' : '; median age ', dec(r.age.median), zh ? '岁。' : ' years.');
    // Every band of the largest count: two of 7 are both named, each 7.
    const most = Math.max(...bands.map((b) => b[1]));
    const largest = bands.filter((b) => b[1] === most).map((b) => b[0]);
    const tie = largest.length > 1;
    const p2: Part[] = zh
      ? [
          '人数最多的年龄段为',
          largest.join('、').replace(/、([^、]*)$/, '和$1'),
          tie ? '，各' : '，共',
          num(most),
          '人。',
        ]
      : [
          tie ? 'The largest age bands are ' : 'The largest age band is ',
          largest
            .map(bandText)
            .join(', ')
            .replace(/, ([^,]*)$/, ' and $1'),
          ', with ',
          num(most),
          most === 1 ? ' person' : ' people',
          tie ? ' each.' : '.',
        ];
    sections.push({ id: 'age', title: zh ? '年龄结构' : 'Age structure', paragraphs: [ages, p2] });
  }

  // 学历结构: the highest education by category, then full-time 大学本科 and above (where the
  // roster says what anyone's full-time education is).
  const education = Object.entries(r.breakdowns.education).filter(([, c]) => c > 0);
  if (n > 0 && education.some(([k]) => k !== '未知')) {
    const p: Part[] = [zh ? '按最高学历：' : 'By highest education: '];
    education.forEach(([k, c], i) => {
      if (i) p.push(sep);
      const what = `${zh ? '最高学历' : 'Highest education'} ${vocabularyText(lang, k)}`;
      p.push(
        `${vocabularyText(lang, k)}${zh ? '' : ' '}`,
        num(c, { what, segment: { values: { education: [k] } } }),
        zh ? '人（' : ' (',
        pctPart(c / n),
        zh ? '）' : ')',
      );
    });
    const ft = r.breakdowns.educationFulltime;
    const university = (ft?.['研究生'] ?? 0) + (ft?.['大学本科'] ?? 0);
    if (ft && (ft['未知'] ?? 0) < n) {
      const what = zh ? '全日制大学本科及以上' : 'Full-time university degree or above';
      p.push(
        zh ? '；全日制大学本科及以上' : '; full-time university degree or above ',
        num(university, {
          what,
          segment: { values: { education_fulltime: ['研究生', '大学本科'] } },
        }),
        zh ? '人，占' : ', ',
        pctPart(university / n),
      );
    }
    p.push(zh ? '。' : '.');
    sections.push({
      id: 'education',
      title: zh ? '学历结构' : 'Education',
      paragraphs: [p],
    });
  }

  // 年轻干部配备: every ratio rule, in the rule set's order.
  const young: Part[][] = [];
  const trendAt = (id: string, date: string | null) =>
    date ? input.trend.find((p) => p.metric_id === id && p.snapshot_date === date) : undefined;
  for (const rule of rulesOfKind(rules, 'ratio')) {
    const m = metric(rule.id);
    if (!m || !m.denominator) continue;
    const p: Part[] = [
      `${rule.id} ${rule.label[lang]}${zh ? '：' : ': '}`,
      num(m.numerator ?? 0, {
        what: `${rule.id} ${rule.label[lang]}`,
        metricId: rule.id,
        young: 'young',
      }),
      '/',
      num(m.denominator, { what: `${rule.id} ${rule.label[lang]}`, metricId: rule.id }),
      zh ? '，占' : ', ',
      pctPart(m.value ?? 0),
      zh ? '，' : ', ',
      ...metStatus(m, lang),
    ];
    const before = trendAt(rule.id, input.yearAgoDate);
    if (before && m.value !== null)
      p.push(
        zh ? `；较去年同期` : '; against a year earlier ',
        ...change((m.value - before.value) * 100, 1, { zh: '个百分点', en: ' points' }, lang),
      );
    if (rule.perUnit && m.unitsEvaluated)
      p.push(...unitsShort(rule.id, m, input.unitRows, lang, input.personFiltered));
    p.push(zh ? '。' : '.');
    young.push(p);
  }
  if (young.length)
    sections.push({ id: 'young', title: zh ? '年轻干部配备' : 'Young cadres', paragraphs: young });

  // 乡镇党政正职: band and change rules.
  const princ: Part[][] = [];
  const bands = rulesOfKind(rules, 'band')
    .map((b) => ({ b, m: metric(b.id) }))
    .filter((x) => x.m?.denominator);
  if (bands.length) {
    const p: Part[] = [zh ? '“三个一批”年龄结构：' : 'The "three batches": '];
    bands.forEach(({ b, m }, i) => {
      if (i) p.push(sep);
      p.push(
        `${b.label[lang]}${zh ? '' : ' '}`,
        num(m!.numerator ?? 0),
        zh ? '人（' : ' (',
        pctPart(m!.value ?? 0),
        zh ? '）' : ')',
      );
    });
    p.push(zh ? '。' : '.');
    princ.push(p);
  }
  for (const c of rulesOfKind(rules, 'change')) {
    const m = metric(c.id);
    if (!m || !m.denominator) continue;
    const years = c.measure === 'mean_age';
    const p: Part[] = [`${c.id} ${c.label[lang]}${zh ? '：' : ': '}`];
    const gap = changeGap(m, input.report.snapshotDate);
    if (gap && gap !== 'same_snapshot') {
      // A side without the rule's people, or a roster without 全日制学历: nothing to compare.
      const now = gap === 'no_current' || gap === 'none_current';
      const date = now ? input.report.snapshotDate : m.baselineDate;
      const none = gap.startsWith('none');
      p.push(
        zh
          ? `${now ? '本期' : '基期'}（${date}）${none ? '没有该规则的人员' : '的名册没有全日制学历'}，无法比较。`
          : `the ${now ? 'current' : 'baseline'} roster (${date}) ${none ? 'has none of its people' : 'has no full-time education'}: nothing to compare.`,
      );
    } else if (m.value === null || m.met === null) {
      // The baseline falls in the snapshot of R itself (one snapshot loaded, or R the earliest).
      p.push(
        zh
          ? `基期（${m.baselineDate}）与统计时点是同一期数据，无法比较。`
          : `the baseline (${m.baselineDate}) and the reference date are the same snapshot: nothing to compare.`,
      );
    } else {
      p.push(
        zh ? `较基期（${m.baselineDate}）` : `against the baseline (${m.baselineDate}) `,
        ...change(
          years ? m.value : m.value * 100,
          changeDigits(m),
          years ? { zh: '岁', en: ' years' } : { zh: '个百分点', en: ' points' },
          lang,
        ),
        zh ? '，' : ', ',
        ...metStatus(m, lang),
        zh ? '。' : '.',
      );
    }
    princ.push(p);
  }
  if (princ.length)
    sections.push({
      id: 'principals',
      title: zh ? '乡镇(街道)党政正职' : 'Township principals',
      paragraphs: princ,
    });

  // 班子结构
  const teamParas: Part[][] = [];
  if (input.teams)
    for (const tp of rulesOfKind(rules, 'template')) {
      const of = input.teams.filter((x) => x.template_id === tp.id);
      if (!of.length) continue;
      const count = (s: string) => of.filter((x) => x.status === s).length;
      const p: Part[] = zh
        ? [
            `${tp.label.zh}：`,
            num(of.length),
            '个班子中，达标',
            num(count('达标')),
            '个，基本达标',
            num(count('基本达标')),
            '个，不达标',
            num(count('不达标')),
            '个',
          ]
        : [
            `${tp.label.en}: of `,
            num(of.length),
            of.length === 1 ? ' team, ' : ' teams, ',
            num(count('达标')),
            ' met, ',
            num(count('基本达标')),
            ' mostly met, ',
            num(count('不达标')),
            ' not met',
          ];
      const warned = rules.warnings
        .filter((w) => w.enabled)
        .map((w) => ({ w, k: of.filter((x) => x.warnings.some((h) => h.id === w.id)).length }))
        .filter((x) => x.k > 0);
      if (warned.length) {
        p.push(zh ? '；预警：' : '; warnings: ');
        warned.forEach(({ w, k }, i) => {
          if (i) p.push(zh ? '，' : ', ');
          p.push(`${w.label[lang]}${zh ? '' : ' '}`, num(k), zh ? '个' : '');
        });
      }
      p.push(zh ? '。' : '.');
      teamParas.push(p);
    }
  if (teamParas.length)
    sections.push({
      id: 'teams',
      title: zh ? '班子结构' : 'Leadership teams',
      paragraphs: teamParas,
    });

  // 选拔任用人选: each eligibility rule's counts at the reference date.
  const selection: Part[][] = [];
  for (const e of input.eligibility ?? []) {
    const rule = ruleById(rules, e.id);
    if (!rule) continue;
    selection.push(
      zh
        ? [
            `${e.id} ${rule.label.zh}：考察范围`,
            num(e.population),
            '人，符合条件',
            num(e.eligible),
            '人，待核实',
            num(e.unknown),
            '人，仅差一项',
            num(e.nearMiss),
            '人；12个月内可符合',
            num(e.willQualify),
            '人。',
          ]
        : [
            `${e.id} ${rule.label.en}: `,
            num(e.population),
            ' looked at, ',
            num(e.eligible),
            ' eligible, ',
            num(e.unknown),
            ' to be confirmed, ',
            num(e.nearMiss),
            ' one criterion short; ',
            num(e.willQualify),
            ' qualify within 12 months.',
          ],
    );
  }
  if (selection.length)
    sections.push({
      id: 'selection',
      title: zh ? '选拔与挂职人选' : 'Selection and secondment',
      paragraphs: selection,
    });

  // 到龄退休: who has reached, and who reaches, retirement (or the local exit age).
  const ret = input.retirements;
  const cal = calendarWindows(input.report.asOf);
  if (ret)
    sections.push({
      id: 'retirement',
      title: zh ? '到龄退休' : 'Retirement',
      paragraphs: [
        zh
          ? [
              '已到退休（退出领导岗位）年龄',
              num(ret.due),
              '人；今后12个月内到龄',
              num(ret.within12),
              '人，36个月内',
              num(ret.within36),
              '人，60个月内',
              num(ret.within60),
              '人（各期含较短期）。',
            ]
          : [
              'Already at retirement (or exit) age: ',
              num(ret.due),
              '; reaching it within 12 months ',
              num(ret.within12),
              ', within 36 months ',
              num(ret.within36),
              ', within 60 months ',
              num(ret.within60),
              ' (each window includes the shorter ones).',
            ],
        zh
          ? [
              `其中本月（${cal.month}）到龄`,
              num(ret.thisMonth),
              `人，下月（${cal.next}）`,
              num(ret.nextMonth),
              `人；${cal.year}年全年`,
              num(ret.thisYear),
              '人。',
            ]
          : [
              `This month (${cal.month}): `,
              num(ret.thisMonth),
              `; next month (${cal.next}): `,
              num(ret.nextMonth),
              `; in all of ${cal.year}: `,
              num(ret.thisYear),
              '.',
            ],
        ...(ret.probation ? [probationSentence(ret.probation, cal, zh)] : []),
      ],
    });

  // 存在问题: every target not met, with how far; every team or unit short of a rule judged
  // team by team, though the city meets it (DOMAIN §1: which units fail?).
  const problems: Part[][] = [];
  // The figures are the whole city's only without filters: else "met" is the scope's.
  const whole = /^(全市|Whole city)$/.test(input.scope);
  const kept = membersKept(lang, input.personFiltered);
  const unitsPart = (n: number): Part[] => [
    ...kept.before,
    num(n),
    zh ? '个班子/单位未达标' : n === 1 ? ' team/unit short' : ' teams/units short',
    ...kept.after,
  ];
  for (const m of [...r.metrics, ...(input.candidates ?? [])]) {
    const rule = ruleById(rules, m.id);
    if (!rule) continue;
    const unitsFailing = rule.kind === 'ratio' && rule.perUnit ? (m.unitsFailing ?? 0) : 0;
    if (m.met === true && unitsFailing > 0)
      problems.push([
        `${m.id} ${rule.label[lang]}${
          whole
            ? zh
              ? '全市达标，但'
              : ' met city-wide, but '
            : zh
              ? '总体达标，但'
              : ' met overall, but '
        }`,
        ...unitsPart(unitsFailing),
        ...unitsNamed(rule.id, input.unitRows, lang),
        zh ? '。' : '.',
      ]);
    if (m.met !== false) continue;
    if (m.kind === 'ratio')
      problems.push([
        `${m.id} ${rule.label[lang]}${zh ? '未达标，还差' : ' not met, short by '}`,
        num(m.gap ?? 0),
        zh ? '人' : m.gap === 1 ? ' person' : ' people',
        ...(unitsFailing
          ? [
              zh ? '；' : '; ',
              ...unitsPart(unitsFailing),
              ...unitsNamed(rule.id, input.unitRows, lang),
            ]
          : []),
        zh ? '。' : '.',
      ]);
    else if (rule.kind === 'candidates')
      problems.push([
        `${m.id} ${rule.label[lang]}${zh ? '未达标，还差' : ' not met, short by '}`,
        num(m.gap ?? 0),
        zh ? '个岗位' : m.gap === 1 ? ' post' : ' posts',
        zh
          ? `（后备人选不足${rule.minCandidates}人）。`
          : ` (fewer than ${rule.minCandidates} candidates).`,
      ]);
    else problems.push([`${m.id} ${rule.label[lang]}${zh ? '未达到目标。' : ' not met.'}`]);
  }
  if (input.teams)
    for (const tp of rulesOfKind(rules, 'template')) {
      const failing = input.teams.filter(
        (x) => x.template_id === tp.id && x.status === '不达标',
      ).length;
      if (failing)
        problems.push([
          `${tp.label[lang]}${zh ? '不达标' : ': '}`,
          num(failing),
          zh ? '个。' : failing === 1 ? ' team not met.' : ' teams not met.',
        ]);
    }
  // A target nobody falls under (0/0), or with nothing to compare, is not met either: said.
  // Band rules (J3a–c) describe and have no target: they are never judged.
  const judged = [...r.metrics, ...(input.candidates ?? [])].filter(
    (m) => m.kind !== 'band' && ruleById(rules, m.id),
  );
  const noData = judged.filter((m) => m.met === null).map((m) => m.id);
  const list = (ids: string[]) => ids.join(zh ? '、' : ', ');
  if (!problems.length)
    problems.push(
      noData.length === judged.length
        ? [zh ? '没有可评价的目标（均无数据）。' : 'No target can be judged (no data for any).']
        : noData.length
          ? zh
            ? [`已评价的目标均已达标；${list(noData)}无数据，未评价。`]
            : [`Every target judged is met; ${list(noData)}: no data, not judged.`]
          : [zh ? '各项目标均已达标。' : 'Every target is met.'],
    );
  else if (noData.length)
    problems.push(
      zh ? [`${list(noData)}无数据，未评价。`] : [`${list(noData)}: no data, not judged.`],
    );
  sections.push({ id: 'problems', title: zh ? '存在问题' : 'Issues', paragraphs: problems });
  return sections;
}

/** 达标 / 未达标、还差 N 人 (met / not met, short by N). */
function metStatus(m: MetricResult, lang: Lang): Part[] {
  const zh = lang === 'zh';
  if (m.met === null) return [zh ? '无数据' : 'no data'];
  if (m.met) return [zh ? '达标' : 'met'];
  return m.kind === 'ratio' && m.gap !== null
    ? [
        zh ? '未达标、还差' : 'not met, short by ',
        num(m.gap),
        zh ? '人' : m.gap === 1 ? ' person' : ' people',
      ]
    : [zh ? '未达标' : 'not met'];
}

/** "N 个班子/单位中 M 个未达标（A、B、C 等）": failing units named, up to five. */
function unitsShort(
  id: string,
  m: MetricResult,
  rows: UnitMetricRow[],
  lang: Lang,
  personFiltered = false,
): Part[] {
  const zh = lang === 'zh';
  const kept = membersKept(lang, personFiltered);
  return [
    zh ? '；' : '; ',
    ...kept.before,
    num(m.unitsEvaluated ?? 0),
    zh ? '个班子/单位中' : m.unitsEvaluated === 1 ? ' team/unit, ' : ' teams/units, ',
    num(m.unitsFailing ?? 0),
    zh ? '个未达标' : ' short',
    ...kept.after,
    ...unitsNamed(id, rows, lang),
  ];
}

/** Said of a per-team count under a filter on people: whose share it is (before or after it). */
function membersKept(lang: Lang, on = false): { before: Part[]; after: Part[] } {
  if (!on) return { before: [], after: [] };
  return lang === 'zh'
    ? { before: ['按筛选保留的成员计，'], after: [] }
    : { before: [], after: [' (counting only the members the filters keep)'] };
}

/** （甲局、乙局等）: the first five units short of rule `id`, most short first; none: nothing. */
function unitsNamed(id: string, rows: UnitMetricRow[], lang: Lang): Part[] {
  const failing = rows
    .filter((u) => u.id === id && u.scope === 'unit' && u.met === false)
    .sort((a, b) => (b.gap ?? 0) - (a.gap ?? 0));
  const names = failing.slice(0, 5).map((u) => u.unitName ?? u.unitId ?? '');
  if (!names.length) return [];
  const more = failing.length > names.length;
  return [
    lang === 'zh'
      ? `（${names.join('、')}${more ? '等' : ''}）`
      : ` (${names.join(', ')}${more ? ' and others' : ''})`,
  ];
}

/** The analysis as plain text (a paragraph per line), as it reads on paper. */
export function analysisText(sections: AnalysisSection[]): string {
  return sections
    .map(
      (s) =>
        `${s.title}\n` +
        s.paragraphs
          .map((p) => p.map((x) => (typeof x === 'string' ? x : x.text)).join(''))
          .join('\n'),
    )
    .join('\n\n');
}
