import type { DuckClient } from '../db.ts';
import { keepRows } from '../kept.ts';
import type { Filters } from '../filters.ts';
import type { QueryTexts } from '../queries.ts';
import type { PersonRow } from '../report.ts';
import { DEFAULT_RULE_SET, ruleById, stableJson } from './index.ts';
import type { Lang, RuleSet, TeamWarning, TemplateItem, TemplateRule } from './types.ts';

/** One item of a team's template: 应配 (required), 实配 (actual), 缺配 (short). */
export interface TeamItemResult {
  id: string;
  kind: string;
  required: number;
  actual: number;
  short: number;
  weight: number;
  veto: boolean;
}

/** A warning raised on a team: its id and kind, a count where it has one, and details. */
export interface TeamWarningHit {
  id: string;
  kind: string;
  n: number | null;
  detail: string | null;
}

export type TeamStatus = '达标' | '基本达标' | '不达标';

/** A leadership team scored on its template (teams.sql). */
export interface TeamScore {
  template_id: string;
  unit_id: string;
  unit_name: string | null;
  region: string | null;
  members: number;
  score: number;
  status: TeamStatus;
  vetoed: boolean;
  items: TeamItemResult[];
  warnings: TeamWarningHit[];
}

/**
 * What the team scores depend on besides the data and the rules: the reference date and the
 * scope filters (region, unit, unit type) that choose the teams listed. Person filters do not
 * count (teams are judged on all their members).
 */
export function teamsKey(asOf: string, filters: Filters): string {
  const v = filters.values;
  return JSON.stringify([asOf, v.region ?? [], v.unit ?? [], v.unit_type ?? []]);
}

/**
 * The template item kinds the roster cannot tell at the date (template_kinds_unknown_store), which
 * team scores and moves leave unscored: stored once per date, as they read every row.
 */
export async function keepKindsUnknown(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<void> {
  await keepRows(
    db,
    'template_kinds_unknown_store',
    [asOf],
    () => db.query(sql.template_kinds_unknown_store, [asOf]),
    { everyone: true },
  );
}

/**
 * Every team in scope scored on its template at the reference date, with its warnings. Every team
 * is scored once per date (team_scores, kept until the data or the rules change); the scope
 * filters then only choose among them.
 */
export async function teamScores(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<TeamScore[]> {
  await keepKindsUnknown(db, sql, asOf);
  await keepRows(db, 'team_scores', [asOf], () => db.query(sql.team_scores, [asOf]), {
    everyone: true,
  });
  return db.query<TeamScore>(sql.teams);
}

/** A team member as people lists show them, with the items and warnings they count for. */
export type TeamMember = PersonRow & { counts_for: string[] };

/**
 * The members of one team, or those who count for one of its items or warnings (实配 of an item,
 * the people a warning is about).
 */
export async function teamMembers(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  unitId: string,
  templateId: string,
  countsFor: string | null = null,
): Promise<TeamMember[]> {
  const rows = await db.query<TeamMember>(sql.team_members, [asOf, unitId, templateId]);
  return countsFor ? rows.filter((r) => r.counts_for.includes(countsFor)) : rows;
}

const itemLabel = (t: TemplateRule | undefined, id: string, lang: Lang) =>
  t?.items.find((i) => i.id === id)?.label[lang] ?? id;

/**
 * A warning's name as shown: its own label, unless that is the default's wording and its
 * figures were edited (主要领导半年内到龄 set to 3 months): then the wording of its figures.
 */
export function warningLabel(w: TeamWarning, lang: Lang): string {
  const own = w.label[lang];
  const d = DEFAULT_RULE_SET.warnings.find((x) => x.id === w.id && x.kind === w.kind);
  if (!d || d.label[lang] !== own) return own;
  const figures = (x: TeamWarning) =>
    stableJson([x.months, x.share, x.count, x.years].map((v) => v ?? null));
  if (figures(w) === figures(d)) return own;
  const zh = lang === 'zh';
  const m = w.months ?? 0;
  const within = zh
    ? m % 12 === 0
      ? `${m / 12}年内`
      : `${m}个月内`
    : m % 12 === 0
      ? `within ${m === 12 ? 'a year' : `${m / 12} years`}`
      : `within ${m} ${m === 1 ? 'month' : 'months'}`;
  switch (w.kind) {
    case 'principal_retiring':
      return zh ? `主要领导${within}到龄` : `Principal reaches retirement ${within}`;
    case 'retiring_soon': {
      const [a, b] = w.share ?? [0, 0];
      const parts = zh
        ? [w.share ? `超过${a}/${b}` : '', w.count ? `${w.count}人以上` : '']
        : [w.share ? `more than ${a}/${b} of members` : '', w.count ? `${w.count} or more` : ''];
      const who = parts.filter(Boolean).join(zh ? '或' : ', or ');
      return zh
        ? `${within}到龄${who}`
        : `${who[0]?.toUpperCase() ?? ''}${who.slice(1)} retire ${within}`;
    }
    case 'long_tenure': {
      const ys = (w.years ?? []).join('/');
      return zh ? `交流提醒：任现职满${ys}年` : `Rotation reminder: ${ys} years in post`;
    }
    default:
      return own;
  }
}

/** A warning in words, with its figures ("主要领导半年内到龄（1人）"). */
export function warningText(rs: RuleSet, team: TeamScore, w: TeamWarningHit, lang: Lang): string {
  const def = rs.warnings.find((x) => x.id === w.id);
  const label = def ? warningLabel(def, lang) : w.id;
  const zh = lang === 'zh';
  const people = (n: number) => (zh ? `${n}人` : `${n} ${n === 1 ? 'person' : 'people'}`);
  const paren = (x: string) => (zh ? `${label}（${x}）` : `${label} (${x})`);
  const pairs = (w.detail ?? '')
    .split('、')
    .filter(Boolean)
    .map((p) => p.split(':'));
  switch (w.kind) {
    case 'no_principal': {
      // A township with its 书记 or its 乡镇长 post vacant: which.
      const post = {
        secretary: { zh: '党（工）委书记', en: 'party secretary' },
        head: { zh: '乡镇长', en: 'township head' },
        street_head: { zh: '街道办事处主任', en: 'street office director' },
      }[w.detail ?? ''];
      return post ? (zh ? `${label}：缺${post.zh}` : `${label}: no ${post.en}`) : label;
    }
    case 'principal_retiring':
    case 'retiring_soon':
      return paren(people(w.n ?? 0));
    case 'young_short': {
      // "Y4:0/1": the rule, and its young members of all the members it counts.
      const rules = (w.detail ?? '')
        .split('、')
        .map((x) => x.replace(/^(.+):(\d+\/\d+)$/, '$1 $2'))
        .join(zh ? '、' : ', ');
      return paren(zh ? `按班子成员：${rules}` : `team members: ${rules}`);
    }
    case 'template_short': {
      const t = ruleById(rs, team.template_id) as TemplateRule | undefined;
      return paren(
        pairs
          .map(([id, n]) =>
            zh ? `${itemLabel(t, id, lang)}缺配${n}名` : `${itemLabel(t, id, lang)} short by ${n}`,
          )
          .join(zh ? '、' : ', '),
      );
    }
    case 'unknown_data': {
      // Items short by no more than the members whose value the roster leaves blank.
      const t = ruleById(rs, team.template_id) as TemplateRule | undefined;
      const kinds = (id: string) => t?.items.find((i) => i.id === id)?.kind;
      return pairs
        .map(([id, n]) => {
          const column = ITEM_COLUMNS[kinds(id) ?? 'members']?.[lang] ?? '';
          return zh
            ? `${itemLabel(t, id, lang)}待核实（${n}人${column}不详）`
            : `${itemLabel(t, id, lang)} to be confirmed (${column} unknown for ${people(Number(n))})`;
        })
        .join(zh ? '、' : ', ');
    }
    case 'long_tenure':
      return paren(
        pairs
          .filter(([, n]) => Number(n) > 0)
          .map(([y, n]) => (zh ? `满${y}年${n}人` : `${n} at ${y}+ years`))
          .join(zh ? '，' : ', '),
      );
    default:
      return label;
  }
}

/** The roster column each kind of template item counts on. */
export const ITEM_COLUMNS: Partial<Record<TemplateItem['kind'], { zh: string; en: string }>> = {
  grassroots: { zh: '基层工作经历', en: 'grassroots experience' },
  postgraduate: { zh: '学历', en: 'education' },
  women: { zh: '性别', en: 'gender' },
  non_cpc: { zh: '政治面貌', en: 'political status' },
  minority: { zh: '民族', en: 'ethnicity' },
};

/**
 * The items of a template its teams were not scored on: the roster has none of their column at
 * the date (template_kinds_unknown in queries/macros.sql), so counting nobody would fail them all.
 */
export function itemsNotScored(t: TemplateRule | undefined, teams: TeamScore[]): TemplateItem[] {
  const one = teams.find((x) => x.template_id === t?.id);
  if (!t || !one) return [];
  const scored = new Set(one.items.map((i) => i.id));
  return t.items.filter((i) => !scored.has(i.id));
}

/** Those items in words: "名册没有基层工作经历列：两年以上基层工作经历不评分 …". */
export function notScoredText(items: TemplateItem[], lang: Lang): string {
  if (items.length === 0) return '';
  const zh = lang === 'zh';
  const columns = [
    ...new Set(items.map((i) => ITEM_COLUMNS[i.kind]?.[lang]).filter((c) => c !== undefined)),
  ];
  const labels = items.map((i) => (zh ? `“${i.label.zh}”` : `“${i.label.en}”`));
  return zh
    ? `名册没有${columns.join('、')}列：${labels.join('、')}不评分，得分按其余各项折算为百分制`
    : `The roster has no ${columns.join(', ')} column: ${labels.join(', ')} not scored; the score is out of 100 over the other items`;
}

/** The `teams` array of the report CLI's JSON (Chinese warning texts, as the issue states). */
export function teamsForReport(rs: RuleSet, teams: TeamScore[], lang: Lang = 'zh') {
  return teams.map((t) => ({
    unit_id: t.unit_id,
    unit: t.unit_name,
    template: t.template_id,
    score: t.score,
    status: t.status,
    vetoed: t.vetoed,
    items: t.items.map((i) => ({
      id: i.id,
      required: i.required,
      actual: i.actual,
      short: i.short,
    })),
    warnings: t.warnings.map((w) => warningText(rs, t, w, lang)),
  }));
}
