import type { DuckClient } from '../db.ts';
import { FIELDS } from '../fields.ts';
import { rulesOfKind, type EligibilityRule, type Lang, type RuleSet } from '../policy/index.ts';
import type { QueryTexts } from '../queries.ts';
import { keepRows } from '../kept.ts';
import { textArray } from '../json.ts';
import { cellText, failureText, type CriterionValues } from './text.ts';

/** The criteria an eligibility rule can test, in the order lists show them (ids of the CLI). */
export const CRITERIA = [
  'age',
  'birth',
  'education',
  'fulltime_education',
  'party',
  'tenure',
  'appraisals',
  'grassroots',
  'unit_type',
  'level',
  'post_class',
  'region',
  'reserve',
  'post_years',
  'level_years',
  'gender',
  'ethnicity',
] as const;
export type CriterionId = (typeof CRITERIA)[number];
export type CriterionState = 'pass' | 'fail' | 'unknown';
export type EligibilityStatus = 'eligible' | 'unknown' | 'near' | 'fail';

/** "Will qualify within" this many months (reaching the years, a review still to come). */
export const WITHIN_MONTHS = 12;

/** The criteria a rule tests, in list order. */
export function criteriaOf(rule: EligibilityRule): CriterionId[] {
  const c = rule.criteria;
  const on: Record<CriterionId, unknown> = {
    age: c.age?.length,
    birth: c.birth,
    education: c.education,
    fulltime_education: c.fulltimeEducation,
    party: c.party,
    tenure: c.tenure,
    appraisals: c.appraisals,
    grassroots: c.grassroots,
    unit_type: c.unitTypes,
    level: c.levels,
    post_class: c.postClasses,
    region: c.regions,
    reserve: c.reserves,
    post_years: c.postYears,
    level_years: c.levelYears,
    gender: c.gender,
    ethnicity: c.minority ?? null,
  };
  return CRITERIA.filter((id) => on[id] !== null && on[id] !== undefined && on[id] !== 0);
}

/**
 * The columns a list of the rule shows: its criteria, and each field its population restricts
 * (unit type, level, post) that the roster leaves empty for someone (`presence`): the ? that
 * makes such a person 待核实. The same for every page and filter of the list.
 */
export function shownCriteria(
  rule: EligibilityRule,
  presence: ColumnPresence | null,
): CriterionId[] {
  const pop = rule.population;
  const own = criteriaOf(rule);
  const lacking = (list: unknown, column: 'unit_type' | 'level' | 'post_class') =>
    !!list && !!presence && presence[column] < presence.rows_at;
  const extra: CriterionId[] = [];
  if (lacking(pop.unitTypes, 'unit_type')) extra.push('unit_type');
  if (lacking(pop.levels, 'level')) extra.push('level');
  if (lacking(pop.postClasses, 'post_class')) extra.push('post_class');
  return CRITERIA.filter((id) => own.includes(id) || extra.includes(id));
}

/** One person of a rule's population with every criterion's state and value (eligibility.sql). */
export interface EligibilityRow {
  rule_id: string;
  person_id: string;
  name: string | null;
  gender: string | null;
  birth: string;
  age: number;
  region: string | null;
  unit_id: string | null;
  unit_name: string | null;
  post_title: string | null;
  unit_type: string | null;
  level: string | null;
  post_class: string | null;
  reserve: string | null;
  education_highest: string | null;
  education_fulltime: string | null;
  party: string | null;
  political_status: string | null;
  ethnicity: string | null;
  grassroots_years: number | null;
  appraisals: string | null;
  education_inservice: string | null;
  /** Months written YYYY-MM, for the 名册. */
  work_start: string | null;
  party_join: string | null;
  post_since: string | null;
  level_since: string | null;
  status: EligibilityStatus;
  failed: CriterionId[];
  missing: CriterionId[];
  will_qualify: boolean;
  priority: boolean;
  s_age: CriterionState | null;
  age_bound: string | null;
  s_birth: CriterionState | null;
  s_education: CriterionState | null;
  s_fulltime: CriterionState | null;
  s_party: CriterionState | null;
  s_tenure: CriterionState | null;
  tenure_months: number | null;
  tenure_exact: boolean | null;
  s_appraisals: CriterionState | null;
  appraisal_last: string | null;
  s_grassroots: CriterionState | null;
  s_unit_type: CriterionState | null;
  s_level: CriterionState | null;
  s_post_class: CriterionState | null;
  s_region: CriterionState | null;
  s_reserve: CriterionState | null;
  s_post_years: CriterionState | null;
  post_months: number | null;
  s_level_years: CriterionState | null;
  level_months: number | null;
  s_gender: CriterionState | null;
  s_ethnicity: CriterionState | null;
}

/** The state of one criterion of a row. */
export function stateOf(row: EligibilityRow, id: CriterionId): CriterionState | null {
  const key = id === 'fulltime_education' ? 's_fulltime' : (`s_${id}` as const);
  return row[key as keyof EligibilityRow] as CriterionState | null;
}

/** A list's sort keys: a column, or a criterion's state ('s:age'). */
export type EligibilitySort =
  | 'status'
  | 'name'
  | 'age'
  | 'region'
  | 'unit'
  | 'post'
  | 'level'
  | 'reserve'
  | 'tenure'
  | 'grassroots'
  | 'appraisals'
  | 'post_years'
  | 'level_years'
  | 'birth'
  | `s:${CriterionId}`;

export interface ListOptions {
  asOf: string;
  /** One rule, or every rule (null). */
  ruleId: string | null;
  statuses?: EligibilityStatus[] | null;
  limit?: number | null;
  offset?: number;
  sort?: EligibilitySort | null;
  descending?: boolean;
  /** Name, unit, post or region containing this text. */
  search?: string | null;
  /** Only people whose criterion is in this state. */
  criterion?: { id: CriterionId; state: CriterionState } | null;
  region?: string | null;
  unitId?: string | null;
  /** Only those who qualify within the months (and do not yet). */
  willQualify?: boolean;
  within?: number;
}

const listParams = (o: ListOptions) => [
  o.asOf,
  o.ruleId,
  o.within ?? WITHIN_MONTHS,
  o.statuses?.length ? JSON.stringify(o.statuses) : null,
  o.limit ?? null,
  o.offset ?? 0,
  o.sort ?? null,
  o.descending ?? false,
  o.search?.trim() ? o.search.trim() : null,
  o.criterion?.id ?? null,
  o.criterion?.state ?? null,
  o.region ?? null,
  o.unitId ?? null,
  o.willQualify ?? false,
];

/**
 * The people of a list judged once for its date, months and rule (and the filters in force) into
 * eligibility_store, which its pages, sorts, searches and count read.
 */
const storeEligibility = (db: DuckClient, sql: QueryTexts, o: ListOptions) => {
  const within = o.within ?? WITHIN_MONTHS;
  return keepRows(db, 'eligibility_store', [o.asOf, within, o.ruleId], () =>
    db.query(sql.eligibility_store, [o.asOf, within, o.ruleId]),
  );
};

/** The people of a rule (or of every rule), filtered, sorted and paged in SQL. */
export async function eligibilityList(
  db: DuckClient,
  sql: QueryTexts,
  o: ListOptions,
): Promise<EligibilityRow[]> {
  await storeEligibility(db, sql, o);
  return db.query<EligibilityRow>(sql.eligibility, listParams(o));
}

/** How many people the same list has, before the page is cut. */
export async function eligibilityCount(
  db: DuckClient,
  sql: QueryTexts,
  o: ListOptions,
): Promise<number> {
  await storeEligibility(db, sql, o);
  const [{ total }] = await db.query<{ total: number }>(
    sql.eligibility_count,
    listParams({ ...o, limit: null, offset: 0, sort: null, descending: false }),
  );
  return total;
}

/** A rule's counts city-wide ('city') or in one county/district ('region'). */
export interface EligibilityCount {
  rule_id: string;
  scope: 'city' | 'region' | 'unit';
  region: string | null;
  unit_id?: string | null;
  unit_name?: string | null;
  population: number;
  eligible: number;
  unknown: number;
  near: number;
  will_qualify: number;
  priority?: number;
}

/** The counts of every eligibility rule, or of rule `ruleId`. */
export async function eligibilitySummary(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  within = WITHIN_MONTHS,
  ruleId: string | null = null,
  stored = false,
): Promise<EligibilityCount[]> {
  return db.query<EligibilityCount>(sql.eligibility_summary, [asOf, within, ruleId, stored]);
}

/** One rule per team/unit. */
export async function eligibilityUnits(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  ruleId: string,
  within = WITHIN_MONTHS,
): Promise<EligibilityCount[]> {
  const rows = await db.query<Omit<EligibilityCount, 'rule_id' | 'scope'>>(sql.eligibility_units, [
    asOf,
    within,
    ruleId,
  ]);
  return rows.map((r) => ({ ...r, rule_id: ruleId, scope: 'unit' as const }));
}

/** Where years as township secretary come from (the list's caption says which). */
export type TenureSource = 'column' | 'snapshots' | 'post_since' | 'none';

/** What the roster has of each column the criteria read (eligibility_columns.sql). */
export interface ColumnPresence {
  rows_at: number;
  snapshots: number;
  [column: string]: number;
}

export async function columnPresence(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<ColumnPresence> {
  return (await db.query<ColumnPresence>(sql.eligibility_columns, [asOf]))[0];
}

export function tenureSource(p: ColumnPresence): TenureSource {
  if (p.secretary_years > 0) return 'column';
  if (p.snapshots > 1) return 'snapshots';
  return p.post_since > 0 ? 'post_since' : 'none';
}

/**
 * The roster columns a criterion reads: it can be decided when the roster has any of them (in
 * the snapshot), and is ? for everyone otherwise. The first is the one to add.
 */
export const CRITERION_COLUMNS: Record<CriterionId, string[]> = {
  age: ['birth_date'],
  birth: ['birth_date'],
  education: ['education_highest', 'education_fulltime', 'education_inservice'],
  fulltime_education: ['education_fulltime'],
  party: ['political_status'],
  tenure: ['secretary_years', 'post_since'],
  appraisals: ['appraisals'],
  grassroots: ['grassroots_years'],
  unit_type: ['unit_type'],
  level: ['level'],
  post_class: ['post_title', 'post_class'],
  region: ['region'],
  reserve: ['reserve'],
  post_years: ['post_since'],
  level_years: ['level_since'],
  gender: ['gender'],
  ethnicity: ['ethnicity'],
};

/** The population's fields and the columns they read. */
const POPULATION_COLUMNS = {
  unitTypes: ['unit_type'],
  levels: ['level'],
  postClasses: ['post_title', 'post_class'],
} as const;

/** A column to add to the roster, with the headers the loader accepts for it. */
export interface ColumnHint {
  /** The criterion (or population field: unit_type, level, post_class, team) it serves. */
  criterion: string;
  column: string;
  headers: string[];
}

const headersOf = (column: string) => FIELDS.find((f) => f.name === column)?.aliases ?? [];
const has = (p: ColumnPresence, columns: readonly string[]) => columns.some((c) => p[c] > 0);

/** The columns a rule needs that the roster lacks, criterion by criterion. */
export function missingColumns(rule: EligibilityRule, p: ColumnPresence): ColumnHint[] {
  if (!p || p.rows_at === 0) return [];
  const out: ColumnHint[] = [];
  const add = (criterion: string, columns: readonly string[]) =>
    out.push({ criterion, column: columns[0], headers: headersOf(columns[0]) });
  const pop = rule.population;
  if (pop.unitTypes && !has(p, POPULATION_COLUMNS.unitTypes)) add('unit_type', ['unit_type']);
  if (pop.levels && !has(p, POPULATION_COLUMNS.levels)) add('level', ['level']);
  if (pop.postClasses && !has(p, POPULATION_COLUMNS.postClasses)) add('post_class', ['post_title']);
  if (pop.teamOnly && !has(p, ['is_team_member'])) add('team', ['is_team_member']);
  for (const id of criteriaOf(rule)) {
    // Every loaded row has a birth month.
    if (id === 'age' || id === 'birth' || out.some((h) => h.criterion === id)) continue;
    const columns = CRITERION_COLUMNS[id];
    if (id === 'tenure') {
      // Years as secretary need the column, or the posts with their 任现职时间 (or several
      // snapshots that show the spells).
      if (p.secretary_years > 0) continue;
      if (!has(p, ['post_title', 'post_class'])) add(id, ['post_title']);
      else if (p.post_since === 0 && p.snapshots <= 1) add(id, columns);
      continue;
    }
    if (!has(p, columns)) add(id, columns);
  }
  return out;
}

/** The `eligibility` array of the report CLI (issue 12). */
export interface EligibilityReportEntry {
  id: string;
  label: string;
  population: number;
  eligible: number;
  unknown: number;
  nearMiss: number;
  willQualify: number;
  tenureSource: TenureSource | null;
  missingColumns: { criterion: string; column: string; headers: string[] }[];
  people: {
    person_id: string;
    name: string | null;
    unit: string | null;
    region: string | null;
    /** 现任职务 (null in a masked report, which keeps the level), 职务层次 and age at R. */
    post: string | null;
    level: string | null;
    age: number;
    status: 'eligible' | 'unknown' | 'near';
    failed: CriterionId[];
    missing: CriterionId[];
    /** The failing values in words ("年龄 51 > 50"). */
    reasons: string[];
    priority: boolean;
    /** Counted in willQualify: some month within the horizon passes every criterion. */
    will_qualify: boolean;
  }[];
}

/**
 * Every eligibility rule with its counts and its eligible, unknown and near people. asText: each
 * list is a textArray (src/core/json.ts) that only writeJson reads, for the report CLI's JSON.
 */
export async function eligibilityReport(
  db: DuckClient,
  sql: QueryTexts,
  rs: RuleSet,
  asOf: string,
  lang: Lang = 'zh',
  { asText = false, cadres = Infinity } = {},
): Promise<EligibilityReportEntry[]> {
  type Person = EligibilityReportEntry['people'][number];
  const rules = rulesOfKind(rs, 'eligibility');
  if (rules.length === 0) return [];
  const presence = await columnPresence(db, sql, asOf);
  const out: EligibilityReportEntry[] = [];
  // One rule at a time, a page at a time on DuckDB-WASM: the lists of every rule at once do not
  // fit in its memory at a million cadres. Native DuckDB judges every rule in one pass (6 s
  // instead of 13 s on a province) and reads a list whole; so does DuckDB-WASM for a city's
  // roster (`cadres`, the headcount at R), where one pass saves most of a second.
  const whole = db.wholeResults || cadres <= EVERY_RULE_AT_ONCE;
  const page = whole ? null : REPORT_PAGE;
  const byId = new Map(rules.map((r) => [r.id, r]));
  const lists = new Map(rules.map((r) => [r.id, { people: [] as Person[], text: [] as string[] }]));
  const counts: EligibilityCount[] = [];
  // Whole: every rule at once (the loop runs once, for no rule in particular).
  for (const rule of whole ? [null] : rules) {
    const ruleId = rule?.id ?? null;
    await storeEligibility(db, sql, { asOf, ruleId });
    // Counted from the list just stored: judging everyone again took seconds on a province.
    counts.push(...(await eligibilitySummary(db, sql, asOf, WITHIN_MONTHS, ruleId, true)));
    // Each distinct failing value of a near miss put in words once, and joined back in SQL.
    const keys = await db.query<{ rule_id: string; key: string }>(sql.eligibility_reasons, [
      ruleId,
    ]);
    const words = [
      keys.map((k) => k.rule_id + RULE_END + k.key).join(LIST_SEP),
      keys
        .map(({ rule_id, key }) => {
          const [criterion, v] = key.split(KEY_END) as [CriterionId, string];
          return failureText(byId.get(rule_id)!, JSON.parse(v) as CriterionValues, criterion, lang)
            .replaceAll(KEY_END, ' ')
            .replaceAll(LIST_SEP, ' ');
        })
        .join(LIST_SEP),
    ];
    for (let offset = 0; ; offset += REPORT_PAGE) {
      const chunks = await db.query<{ rule_id: string; n: number; people: string }>(
        sql.eligibility_report,
        [asOf, ruleId, WITHIN_MONTHS, page, offset, ...words],
      );
      let n = 0;
      for (const chunk of chunks) {
        n += chunk.n;
        const list = lists.get(chunk.rule_id)!;
        // Each entry is final: the JSON text goes out as it is, or becomes the objects.
        if (asText) list.text.push(chunk.people);
        else for (const r of JSON.parse(`[${chunk.people}]`) as Person[]) list.people.push(r);
      }
      if (page === null || n < page) break;
    }
  }
  for (const rule of rules) {
    const c = counts.find((x) => x.rule_id === rule.id && x.scope === 'city');
    const { people, text } = lists.get(rule.id)!;
    out.push({
      id: rule.id,
      label: rule.label[lang],
      population: c?.population ?? 0,
      eligible: c?.eligible ?? 0,
      unknown: c?.unknown ?? 0,
      nearMiss: c?.near ?? 0,
      willQualify: c?.will_qualify ?? 0,
      tenureSource: rule.criteria.tenure ? tenureSource(presence) : null,
      missingColumns: missingColumns(rule, presence),
      people: asText ? textArray(text) : people,
    });
  }
  return out;
}

const REPORT_PAGE = 100_000;
/** Up to how many cadres at R DuckDB-WASM judges every eligibility rule in one pass. */
const EVERY_RULE_AT_ONCE = 100_000;
/** near_key's end of the criterion (chr(30)), and what joins eligibility_report.sql's $6/$7. */
const KEY_END = String.fromCharCode(30);
/** Between the rule id and its near_key in eligibility_report.sql's $6 (chr(29)). */
const RULE_END = String.fromCharCode(29);
const LIST_SEP = String.fromCharCode(31);

export { cellText, failureText };
