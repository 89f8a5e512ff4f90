import { word } from '../selection/text.ts';
import type {
  Counted,
  Lang,
  Population,
  RatioRule,
  TemplateItem,
  TemplateItemKind,
  TemplateRule,
  Text,
} from './types.ts';

/*
 * A ratio rule's label and definition written from its settings, in Chinese and English: for a
 * custom rule with no words of its own, and for a rule whose population or test was edited in a
 * way its old words cannot follow (restated). Plain, not elegant: it states what is counted.
 */

/** What a per-team rule's definition ends with (restated adds or drops it on a toggle). */
export const PER_UNIT_CLAUSE: Text = {
  zh: '；逐个班子(单位)核对',
  en: ', city-wide and in every team/unit',
};

const UNIT_TYPES: Record<string, Text> = {
  市直: { zh: '市直单位', en: 'city departments' },
  县市区: { zh: '县市区', en: 'counties/districts' },
  乡镇街道: { zh: '乡镇(街道)', en: 'townships/streets' },
};

const list = (xs: string[], lang: Lang) => xs.join(lang === 'zh' ? '、' : ', ');

const TIERS = [
  { tier: '厅局级', en: 'bureau-level' },
  { tier: '县处级', en: 'county-level' },
  { tier: '乡科级', en: 'section-level' },
];

/** Levels in words: both posts of a tier as the tier (县处级), else each level. */
function levelsText(levels: string[], lang: Lang): string {
  const out: string[] = [];
  const rest = new Set(levels);
  for (const { tier, en } of TIERS) {
    const [head, deputy] = [`${tier}正职`, `${tier}副职`];
    const both = rest.has(head) && rest.has(deputy);
    for (const [l, english] of [
      [head, `${en} principals`],
      [deputy, `${en} deputies`],
    ])
      if (rest.has(l)) {
        rest.delete(l);
        if (!both) out.push(lang === 'zh' ? l : english);
      }
    if (both) out.push(lang === 'zh' ? tier : en);
  }
  for (const l of levels) if (rest.has(l)) out.push(word(l, lang));
  return list(out, lang);
}

function populationText(p: Population, lang: Lang): string {
  const units = p.unitTypes
    ? list(
        p.unitTypes.map((u) => UNIT_TYPES[u]?.[lang] ?? u),
        lang,
      )
    : '';
  const posts = p.postClasses
    ? list(
        p.postClasses.map((c) => word(c, lang)),
        lang,
      )
    : '';
  const levels = p.levels ? levelsText(p.levels, lang) : '';
  if (lang === 'zh') {
    const who = posts || levels;
    const team = p.teamOnly && !who.endsWith('成员') ? '领导班子成员' : posts ? '' : '干部';
    return `${posts.startsWith(units) ? '' : units}${who}${team}`;
  }
  const what = (posts || levels).toLowerCase();
  const noun = /(principals|deputies|members)$/.test(what)
    ? ''
    : p.teamOnly
      ? what.endsWith('team')
        ? 'members'
        : 'team members'
      : posts
        ? ''
        : 'cadres';
  const who = [what, noun].filter(Boolean).join(' ');
  return units ? `${who} in ${units}` : who;
}

export const MONTHS =
  'January February March April May June July August September October November December'.split(
    ' ',
  );
/** A month in words; `short`: a January as its year alone (1980年, 1980). */
const monthText = (ym: string, lang: Lang, short = false) => {
  const [y, m] = ym.split('-').map(Number);
  if (short && m === 1) return lang === 'zh' ? `${y}年` : `${y}`;
  return lang === 'zh' ? `${y}年${m}月` : `${MONTHS[m - 1]} ${y}`;
};

function countedText(c: Counted, lang: Lang, short = false): string {
  const zh = lang === 'zh';
  const parts = [
    c.maxAge !== null ? (zh ? `${c.maxAge}岁及以下` : `aged ${c.maxAge} or under`) : '',
    c.bornFrom
      ? zh
        ? `${monthText(c.bornFrom, lang, short)}及以后出生`
        : `born in ${monthText(c.bornFrom, lang, short)} or later`
      : '',
    c.bornTo
      ? zh
        ? `${monthText(c.bornTo, lang, short)}及以前出生`
        : `born in ${monthText(c.bornTo, lang, short)} or earlier`
      : '',
    c.gender ? (zh ? `${c.gender}性` : c.gender === '女' ? 'women' : 'men') : '',
    c.party ? (zh ? (c.party === '中共党员' ? '中共党员' : '党外干部') : word(c.party, lang)) : '',
    c.minority === true
      ? zh
        ? '少数民族'
        : 'minority'
      : c.minority === false
        ? word('汉族', lang)
        : '',
    c.education ? (zh ? `${c.education}及以上学历` : `${word(c.education, lang)} or above`) : '',
  ].filter(Boolean);
  return parts.join(zh ? '且' : ' and ');
}

/** The label and the definition a ratio rule's settings state. */
export function ratioWording(r: RatioRule): { label: Text; definition: Text } {
  const text = (lang: Lang) => {
    const pop = populationText(r.population, lang);
    const counted = countedText(r.counted, lang);
    const short = countedText(r.counted, lang, true);
    const at = r.counted.maxAge !== null;
    const [a, b] = r.target;
    if (lang === 'zh')
      return {
        label: `${pop}中${short}`,
        definition: `${pop}中，${at ? '统计时点' : ''}${counted}${/[下生]$/.test(counted) ? '者' : ''}所占比例，${r.comparator === '>' ? '超过' : '不少于'}${a}/${b}${r.perUnit ? PER_UNIT_CLAUSE.zh : ''}。`,
      };
    return {
      label: `${pop[0].toUpperCase()}${pop.slice(1)}: ${short}`,
      definition: `${pop[0].toUpperCase()}${pop.slice(1)}, ${counted}${at ? ' at the reference date' : ''}, as a share of all of them: ${r.comparator === '>' ? 'more than' : 'at least'} ${a}/${b}${r.perUnit ? PER_UNIT_CLAUSE.en : ''}.`,
    };
  };
  const zh = text('zh');
  const en = text('en');
  return {
    label: { zh: zh.label, en: en.label },
    definition: { zh: zh.definition, en: en.definition },
  };
}

/** A template item's label from its kind and setting (女干部, 35岁及以下, 3年以上基层工作经历 …). */
export function itemWording(item: TemplateItem): Text {
  switch (item.kind) {
    case 'young':
      return item.maxAge != null
        ? { zh: `${item.maxAge}岁及以下`, en: `Aged ≤ ${item.maxAge}` }
        : { zh: '年轻干部', en: 'Young members' };
    case 'grassroots':
      return item.minYears != null
        ? {
            zh: `${item.minYears}年以上基层工作经历`,
            en: `${item.minYears} or more years at the grassroots`,
          }
        : { zh: '基层工作经历', en: 'Grassroots experience' };
    case 'minority':
      return item.autonomousOnly
        ? { zh: '少数民族干部（民族自治地方）', en: 'Minority members (autonomous areas)' }
        : { zh: '少数民族干部', en: 'Minority members' };
    default:
      return ITEM_WORDS[item.kind];
  }
}

const ITEM_WORDS: Record<TemplateItemKind, Text> = {
  women: { zh: '女干部', en: 'Women' },
  non_cpc: { zh: '党外干部', en: 'Non-CPC members' },
  minority: { zh: '少数民族干部', en: 'Minority members' },
  young: { zh: '年轻干部', en: 'Young members' },
  ladder: { zh: '老中青梯次', en: 'Age ladder' },
  postgraduate: { zh: '研究生学历', en: 'Postgraduate education' },
  grassroots: { zh: '基层工作经历', en: 'Grassroots experience' },
  members: { zh: '班子人数', en: 'Team size' },
};

/** The item the template form adds: women ≥ 1, no weight yet. */
export const NEW_TEMPLATE_ITEM: Omit<TemplateItem, 'id'> = {
  kind: 'women',
  label: ITEM_WORDS.women,
  required: 1,
  weight: 0,
  veto: false,
};

/**
 * A template edited without its items' words: an item whose kind or setting changed (a new item
 * included, against NEW_TEMPLATE_ITEM) and whose label the user left as it was is labelled anew.
 */
export function restatedItems(before: TemplateRule | undefined, after: TemplateRule): TemplateRule {
  const items = after.items.map((item) => {
    const was = before?.items.find((i) => i.id === item.id) ?? {
      ...NEW_TEMPLATE_ITEM,
      id: item.id,
    };
    const untouched = was.label.zh === item.label.zh && was.label.en === item.label.en;
    const changed =
      was.kind !== item.kind ||
      (was.maxAge ?? null) !== (item.maxAge ?? null) ||
      (was.minYears ?? null) !== (item.minYears ?? null) ||
      Boolean(was.autonomousOnly) !== Boolean(item.autonomousOnly);
    return untouched && changed ? { ...item, label: itemWording(item) } : item;
  });
  return { ...after, items };
}
