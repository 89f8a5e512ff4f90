import defaults from './default-rules.json';
import type {
  BandRule,
  CandidatesRule,
  ChangeRule,
  EligibilityRule,
  Lang,
  Programme,
  RatioRule,
  Rule,
  RuleKind,
  RuleSet,
  TemplateRule,
  Text,
} from './types.ts';
import { checkRuleSet } from './validate.ts';
import { MONTHS, PER_UNIT_CLAUSE, ratioWording, restatedItems } from './wording.ts';

export { NEW_TEMPLATE_ITEM } from './wording.ts';

export * from './types.ts';
export { checkRuleSet, LEVELS, parseRuleSet, RuleSetError } from './validate.ts';

/**
 * The default rule set (src/core/policy/default-rules.json): the targets of DOMAIN.md §5, the
 * team templates and warnings, checked like any rule file when the code loads.
 */
export const DEFAULT_RULE_SET: RuleSet = checkRuleSet(defaults);

type ByKind = {
  ratio: RatioRule;
  band: BandRule;
  change: ChangeRule;
  template: TemplateRule;
  eligibility: EligibilityRule;
  candidates: CandidatesRule;
};

export function rulesOfKind<K extends RuleKind>(rs: RuleSet, kind: K): ByKind[K][] {
  return rs.rules.filter((r): r is ByKind[K] => r.kind === kind);
}

export function ruleById(rs: RuleSet, id: string): Rule | undefined {
  return rs.rules.find((r) => r.id === id);
}

/** A rule's label in a language, or null when the rule set has no such rule. */
export function ruleLabel(rs: RuleSet, id: string, lang: Lang): string | null {
  return ruleById(rs, id)?.label[lang] ?? null;
}

/** Where a rule or programme comes from, in a language (the Chinese when no English is given). */
export const sourceText = (x: { source: string; sourceEn?: string }, lang: Lang): string =>
  lang === 'en' && x.sourceEn ? x.sourceEn : x.source;

/** The rules of a programme of one kind, in the programme's order. */
export function programmeRules<K extends RuleKind>(
  rs: RuleSet,
  p: Programme,
  kind: K,
): ByKind[K][] {
  return p.rules
    .map((id) => ruleById(rs, id))
    .filter((r): r is ByKind[K] => r !== undefined && r.kind === kind);
}

/** JSON with keys in a fixed order, so equal rule sets give equal text (and hash). */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * A short name for a rule set (11 characters), the same for the same rules in any key order:
 * the URL names a rule set by it, never by its content.
 */
export function ruleSetHash(rs: RuleSet): string {
  const s = stableJson(rs);
  // cyrb53: two 32-bit multiplicative hashes combined into 53 bits.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
}

/** How a rule differs from the default rule set: unchanged, changed (已修改) or added by the user. */
export type RuleState = 'default' | 'modified' | 'custom';

export function ruleState(rs: RuleSet, id: string, base: RuleSet = DEFAULT_RULE_SET): RuleState {
  const r = ruleById(rs, id);
  const d = ruleById(base, id);
  if (!r) return 'default';
  if (!d || r.custom) return 'custom';
  return stableJson(r) === stableJson(d) ? 'default' : 'modified';
}

/** Every rule that is not as the defaults have it. */
export function changedRules(
  rs: RuleSet,
  base: RuleSet = DEFAULT_RULE_SET,
): Map<string, RuleState> {
  const out = new Map<string, RuleState>();
  for (const r of rs.rules) {
    const s = ruleState(rs, r.id, base);
    if (s !== 'default') out.set(r.id, s);
  }
  return out;
}

/**
 * The settings besides the rules that are not as the defaults have them: each team warning by
 * id (`warning:W1`), the retirement rule, Y9's promotion rule, the secondment rule, the age
 * bands; and each default rule deleted (`deleted:Y3`).
 */
export function changedSettings(rs: RuleSet, base: RuleSet = DEFAULT_RULE_SET): string[] {
  const out: string[] = [];
  const same = (a: unknown, b: unknown) => stableJson(a ?? null) === stableJson(b ?? null);
  for (const w of rs.warnings) {
    const d = base.warnings.find((x) => x.id === w.id);
    if (!d || !same(w, d)) out.push(`warning:${w.id}`);
  }
  for (const d of base.warnings)
    if (!rs.warnings.some((w) => w.id === d.id)) out.push(`warning:${d.id}`);
  const retirement = (r: RuleSet) => ({
    ...r.retirement,
    womenCountyDelayed: r.retirement.womenCountyDelayed ?? true,
  });
  if (!same(retirement(rs), retirement(base))) out.push('retirement');
  if (rs.promotion && !same(rs.promotion, base.promotion)) out.push('promotion');
  if (rs.secondment && !same(rs.secondment, base.secondment)) out.push('secondment');
  if (rs.probation && !same(rs.probation, base.probation)) out.push('probation');
  if (!same(rs.ageBands, base.ageBands)) out.push('ageBands');
  if (rs.tableAgeBands && !same(rs.tableAgeBands, base.tableAgeBands)) out.push('tableAgeBands');
  for (const d of base.rules) if (!rs.rules.some((r) => r.id === d.id)) out.push(`deleted:${d.id}`);
  return out;
}

/** A rule set with one rule replaced (or added at the end of its programme). */
export function withRule(rs: RuleSet, rule: Rule, programmeId?: string): RuleSet {
  const exists = rs.rules.some((r) => r.id === rule.id);
  return {
    ...rs,
    rules: exists ? rs.rules.map((r) => (r.id === rule.id ? rule : r)) : [...rs.rules, rule],
    programmes: rs.programmes.map((p) =>
      !exists && p.id === programmeId ? { ...p, rules: [...p.rules, rule.id] } : p,
    ),
  };
}

/** Whether a ratio rule counts young cadres (an age or birth test only), not women, members … */
export function countsYoung(r: RatioRule): boolean {
  const c = r.counted;
  return (
    (c.maxAge !== null || c.bornFrom !== null || c.bornTo !== null) &&
    !c.gender &&
    !c.party &&
    c.minority == null &&
    !c.education
  );
}

/**
 * The default rules with the eligibility rules `rs` adds (saved condition searches) kept: going
 * back to the default policy does not throw away a user's searches.
 */
export function defaultsKeepingSearches(rs: RuleSet): RuleSet {
  let next = DEFAULT_RULE_SET;
  for (const r of rulesOfKind(rs, 'eligibility'))
    if (!ruleById(DEFAULT_RULE_SET, r.id)) next = withRule(next, r, 'selection');
  return next;
}

/** A rule set without a rule (and without it in any programme). */
export function withoutRule(rs: RuleSet, id: string): RuleSet {
  return {
    ...rs,
    rules: rs.rules.filter((r) => r.id !== id),
    programmes: rs.programmes.map((p) => ({ ...p, rules: p.rules.filter((x) => x !== id) })),
  };
}

/**
 * A ratio rule edited without its words: the target fraction (1/6 → 1/5), the comparator (不少于
 * ↔ 超过), the age limit (40岁 → 38岁) and the birth month (1980年 → 1982年) written in its label
 * and definition follow the edit, so that no text beside a figure states the old rule. An edit
 * the old words cannot follow (another population, a test added or dropped) writes both anew from
 * the settings (ratioWording), as for a rule that has none. Words the user changed in the same
 * edit are theirs.
 */
export function restated(before: Rule | undefined, after: Rule): Rule {
  if (after.kind === 'template')
    return restatedItems(before?.kind === 'template' ? before : undefined, after);
  if (after.kind !== 'ratio') return after;
  const blank = (x: Text) => !x.zh.trim() && !x.en.trim();
  const wording = ratioWording(after);
  // A rule with no words of its own (a custom rule saved with an empty definition) gets the
  // settings' words.
  const filled: RatioRule = {
    ...after,
    label: blank(after.label) ? wording.label : after.label,
    definition: blank(after.definition) ? wording.definition : after.definition,
  };
  if (before?.kind !== 'ratio') return filled;
  // A setting left out and one set to null are the same (the form writes every key).
  const same = (x: object, y: object) => {
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
    const norm = (o: object) =>
      Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k] ?? null]));
    return stableJson(norm(x)) === stableJson(norm(y));
  };
  const untouched = (was: Text, now: Text) => was.zh === now.zh && was.en === now.en;
  const { maxAge: a0, bornFrom: f0, ...rest0 } = before.counted;
  const { maxAge: a1, bornFrom: f1, ...rest1 } = after.counted;
  const rewritable =
    same(before.population, after.population) &&
    same(rest0, rest1) &&
    (a0 === null) === (a1 === null) &&
    (f0 === null) === (f1 === null);
  if (!rewritable)
    return {
      ...filled,
      label: untouched(before.label, after.label) ? wording.label : filled.label,
      definition: untouched(before.definition, after.definition)
        ? wording.definition
        : filled.definition,
    };
  const swaps: [RegExp, string][] = [];
  const [a, b] = before.target;
  const [c, d] = after.target;
  if (a !== c || b !== d) swaps.push([new RegExp(`(?<!\\d)${a}/${b}(?!\\d)`, 'g'), `${c}/${d}`]);
  if (a0 !== null && a1 !== null && a0 !== a1)
    swaps.push(
      [new RegExp(`(?<!\\d)${a0}岁`, 'g'), `${a1}岁`],
      [new RegExp(`\\baged ${a0}(?!\\d)`, 'g'), `aged ${a1}`],
      [new RegExp(`(?<!\\d)${a0}(?= or under)`, 'g'), `${a1}`],
      [new RegExp(`(?<=≤ ?)${a0}(?!\\d)`, 'g'), `${a1}`],
    );
  if (f0 && f1 && f0 !== f1) {
    const [y0, m0] = f0.split('-').map(Number);
    const [y1, m1] = f1.split('-').map(Number);
    const en = (m: number) => MONTHS[m - 1];
    swaps.push(
      [new RegExp(`(?<!\\d)${y0}年0?${m0}月`, 'g'), `${y1}年${m1}月`],
      [new RegExp(`(?<!\\d)${y0}年(?!\\d{1,2}月)`, 'g'), m1 === 1 ? `${y1}年` : `${y1}年${m1}月`],
      [new RegExp(`${en(m0)} ${y0}(?!\\d)`, 'g'), `${en(m1)} ${y1}`],
      [
        new RegExp(`(?<!(?:${MONTHS.join('|')}|[A-Z][a-z]{2}\\.) )(?<!\\d)${y0}(?!\\d|年|s)`, 'g'),
        m1 === 1 ? `${y1}` : `${en(m1)} ${y1}`,
      ],
    );
  }
  // Only the word before the target's fraction: 不超过35岁 and "no more than" elsewhere stay.
  if (before.comparator !== after.comparator) {
    const f = `(?=\\s?${c}/${d}(?!\\d))`;
    swaps.push(
      after.comparator === '>'
        ? [new RegExp(`(?:不少于|不低于|达到)${f}`, 'g'), '超过']
        : [new RegExp(`(?<!不)超过${f}`, 'g'), '不少于'],
      after.comparator === '>'
        ? [new RegExp(`at least ${f}`, 'g'), 'more than ']
        : [new RegExp(`(?<!no )more than ${f}`, 'g'), 'at least '],
    );
  }
  // Per team or not: the clause that says so, added or dropped (the label does not say it).
  if (before.perUnit !== after.perUnit)
    swaps.push(
      after.perUnit
        ? [/(?<!核对)。$/, `${PER_UNIT_CLAUSE.zh}。`]
        : [/；逐个[^；。]*核对(?=。?$)/, ''],
      after.perUnit
        ? [/(?<!team\/unit)\.$/, `${PER_UNIT_CLAUSE.en}.`]
        : [/,? city-wide and in every [\w/]+(?=\.?$)/, ''],
    );
  if (!swaps.length) return filled;
  const swap = (t: string) => swaps.reduce((x, [re, by]) => x.replace(re, by), t);
  const text = (was: Text, now: Text): Text =>
    untouched(was, now) ? { zh: swap(now.zh), en: swap(now.en) } : now;
  return {
    ...filled,
    label: text(before.label, filled.label),
    definition: text(before.definition, filled.definition),
  };
}
