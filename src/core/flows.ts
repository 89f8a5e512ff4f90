import { quoteIdent, quoteLiteral, type DuckClient } from './db.ts';
import { discardStaged, stageSources, type LoadOptions, type SourceFile } from './load.ts';
import { errorDetail, formatMessage, LoadError, type RejectedRow } from './messages.ts';
import type { PersonRow } from './report.ts';
import type { QueryTexts } from './queries.ts';
import { TOTALS_PATTERN } from './fields.ts';

/*
 * Flows (issue 13): what changed between two snapshots and why each ratio moved, who reaches
 * retirement, where every ratio rule goes if nothing changes, promotion batches (Y9), secondment
 * cohorts and grassroots sourcing. Every figure is SQL of queries/ (flows_macros.sql and one file
 * per panel), run by the page and the report CLI alike, within the global filters.
 */

type R = Record<string, unknown>;

/** The snapshot in force at each date (the newest on or before it), or null before the first. */
export async function snapshotsFor(db: DuckClient, dates: string[]): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  for (const d of dates) {
    const [row] = await db.query<{ s: string | null }>(
      `SELECT strftime(snapshot_for($1::DATE), '%Y-%m-%d') AS s`,
      [d],
    );
    out.push(row?.s ?? null);
  }
  return out;
}

// ---- Two-snapshot comparison -------------------------------------------------------------

export interface ComparisonRow {
  scope: 'city' | 'region' | 'unit';
  region: string | null;
  unitId: string | null;
  unitName: string | null;
  before: number;
  after: number;
  entered: number;
  left: number;
  /** Of those who left, how many had reached their exit month by the later snapshot. */
  retired: number;
  promoted: number;
  moved: number;
  movedIn: number;
  movedOut: number;
  reserveOn: number;
  reserveOff: number;
}

export interface Comparison {
  /** The two snapshots compared (the ones in force at the dates asked for). */
  from: string;
  to: string;
  city: ComparisonRow;
  regions: ComparisonRow[];
  units: ComparisonRow[];
}

const emptyRow = (scope: ComparisonRow['scope']): ComparisonRow => ({
  scope,
  region: null,
  unitId: null,
  unitName: null,
  before: 0,
  after: 0,
  entered: 0,
  left: 0,
  retired: 0,
  promoted: 0,
  moved: 0,
  movedIn: 0,
  movedOut: 0,
  reserveOn: 0,
  reserveOff: 0,
});

/**
 * Compares the snapshots in force at `from` and `to` (within the filters), city-wide, per
 * county/district and per unit. Null when either date falls before the first snapshot.
 */
export async function compareSnapshots(
  db: DuckClient,
  sql: QueryTexts,
  from: string,
  to: string,
): Promise<Comparison | null> {
  const [a, b] = await snapshotsFor(db, [from, to]);
  if (!a || !b) return null;
  const rows = await db.query<R>(sql.flows_compare, [a, b]);
  const map = (r: R): ComparisonRow => ({
    scope: r.scope as ComparisonRow['scope'],
    region: r.region as string | null,
    unitId: r.unit_id as string | null,
    unitName: r.unit_name as string | null,
    before: r.before as number,
    after: r.after as number,
    entered: r.entered as number,
    left: r.left as number,
    retired: r.retired as number,
    promoted: r.promoted as number,
    moved: r.moved as number,
    movedIn: r.moved_in as number,
    movedOut: r.moved_out as number,
    reserveOn: r.reserve_on as number,
    reserveOff: r.reserve_off as number,
  });
  const all = rows.map(map);
  return {
    from: a,
    to: b,
    city: all.find((r) => r.scope === 'city') ?? emptyRow('city'),
    regions: all.filter((r) => r.scope === 'region'),
    units: all.filter((r) => r.scope === 'unit'),
  };
}

export const CAUSES = ['entered', 'left', 'promoted', 'moved', 'aged_out', 'other'] as const;
export type Cause = (typeof CAUSES)[number];

export interface RuleSide {
  numerator: number;
  denominator: number;
  value: number | null;
  met: boolean | null;
}

/** A ratio rule's value at two dates and its change split into causes. */
export interface RuleChange {
  id: string;
  before: RuleSide;
  after: RuleSide;
  /** after.value − before.value (null when either has no members). */
  change: number | null;
  causes: {
    cause: Cause;
    /** Change of the numerator and of the denominator for this cause. */
    dNum: number;
    dDen: number;
    people: number;
    /** Its share of the change of the value; the shares add up to `change`. */
    contribution: number | null;
  }[];
}

/** Every ratio rule at `from` and `to` (reference dates), its change split into causes. */
export async function ratioChanges(
  db: DuckClient,
  sql: QueryTexts,
  from: string,
  to: string,
): Promise<RuleChange[]> {
  const [a, b] = await snapshotsFor(db, [from, to]);
  if (!a || !b) return [];
  const rows = await db.query<R>(sql.flows_causes, [from, to, a, b]);
  const out: RuleChange[] = [];
  for (const r of rows) {
    let rule = out[out.length - 1];
    if (!rule || rule.id !== r.metric_id) {
      const before = {
        numerator: r.num_a as number,
        denominator: r.den_a as number,
        value: r.value_a as number | null,
        met: r.met_a as boolean | null,
      };
      const after = {
        numerator: r.num_b as number,
        denominator: r.den_b as number,
        value: r.value_b as number | null,
        met: r.met_b as boolean | null,
      };
      rule = {
        id: r.metric_id as string,
        before,
        after,
        change: before.value === null || after.value === null ? null : after.value - before.value,
        causes: [],
      };
      out.push(rule);
    }
    rule.causes.push({
      cause: r.cause as Cause,
      dNum: r.d_num as number,
      dDen: r.d_den as number,
      people: r.people as number,
      contribution: r.contribution as number | null,
    });
  }
  return out;
}

// ---- Retirement pipeline -----------------------------------------------------------------

export const RETIREMENT_WINDOWS = ['due', 'within12', 'within36', 'within60'] as const;
/** The 到龄 board's calendar windows: the reference date's month, the next, its year. */
export const RETIREMENT_CALENDAR = ['thisMonth', 'nextMonth', 'thisYear'] as const;
/** The same windows of the month a 任职试用期 ends (试用期满, the rule set's probation). */
export const PROBATION_CALENDAR = [
  'probationThisMonth',
  'probationNextMonth',
  'probationThisYear',
] as const;
export type RetirementWindow =
  | (typeof RETIREMENT_WINDOWS)[number]
  | (typeof RETIREMENT_CALENDAR)[number]
  | (typeof PROBATION_CALENDAR)[number]
  | 'probationUnknown';

export interface RetirementRow {
  scope: 'city' | 'region' | 'unit';
  region: string | null;
  unitId: string | null;
  unitName: string | null;
  /** The row sums every level of its scope (its `level` is null then). */
  allLevels: boolean;
  /** The level; null on the all-levels row and on the row of cadres with no 职务层次. */
  level: string | null;
  headcount: number;
  due: number;
  within12: number;
  within36: number;
  within60: number;
  /** Exit month the reference date's month (also counted in `due`). */
  thisMonth: number;
  /** Exit month the month after it (also in `within12`). */
  nextMonth: number;
  /** Exit month in the reference date's calendar year, months already past included. */
  thisYear: number;
  /** No exit month (gender unknown and no 到龄年月). */
  unknown: number;
  /** 任职试用期 ending in the reference date's month, the next, its year (past months included). */
  probationThisMonth: number;
  probationNextMonth: number;
  probationThisYear: number;
  /** At a post with a 任职试用期 but no 任现职务层次时间: in no window. */
  probationUnknown: number;
  /** The rule's months. */
  probationMonths: number;
  /** Reserves of the type that prepares for the level (every reserve on the all-levels row). */
  reserves: number;
  /** That type (null on the all-levels row, for no level and levels no reserve prepares for). */
  reserveType: string | null;
}

/** The months and the year the calendar windows name at reference date `asOf` (YYYY-MM-DD). */
export function calendarWindows(asOf: string): { month: string; next: string; year: string } {
  const [y, m] = asOf.split('-').map(Number);
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return {
    month: asOf.slice(0, 7),
    next: `${ny}-${String(nm).padStart(2, '0')}`,
    year: String(y),
  };
}

/** Who reaches retirement (or the local exit age) at reference date `asOf`, per level and unit. */
export async function retirementPipeline(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  { cityOnly = false } = {},
): Promise<RetirementRow[]> {
  const [s] = await snapshotsFor(db, [asOf]);
  if (!s) return [];
  return (await db.query<R>(sql.retirements, [asOf, s, !cityOnly])).map((r) => ({
    scope: r.scope as RetirementRow['scope'],
    region: r.region as string | null,
    unitId: r.unit_id as string | null,
    unitName: r.unit_name as string | null,
    allLevels: r.all_levels as boolean,
    level: r.level as string | null,
    headcount: r.headcount as number,
    due: r.due as number,
    within12: r.within12 as number,
    within36: r.within36 as number,
    within60: r.within60 as number,
    thisMonth: r.this_month as number,
    nextMonth: r.next_month as number,
    thisYear: r.this_year as number,
    unknown: r.unknown as number,
    probationThisMonth: r.probation_this_month as number,
    probationNextMonth: r.probation_next_month as number,
    probationThisYear: r.probation_this_year as number,
    probationUnknown: r.probation_unknown as number,
    probationMonths: r.probation_months as number,
    reserves: r.reserves as number,
    reserveType: r.reserve_type as string | null,
  }));
}

// ---- Projection --------------------------------------------------------------------------

export interface ProjectionOptions {
  asOf: string;
  /** Years ahead to report (1, 2, 3, 5 …). */
  years: number[];
  /** Scenario: the share of young appointees to the vacated posts (0–1). */
  youngShare: number;
  /** The year by which each rule should be met (young appointments per year); null: none. */
  targetYear: number | null;
}

export interface ProjectionPoint {
  years: number;
  date: string;
  /** One of the years asked for (k = 0 is the rule as it stands). */
  requested: boolean;
  numerator: number;
  denominator: number;
  value: number | null;
  met: boolean | null;
  gap: number | null;
  /** Posts vacated by then. */
  vacated: number;
  /** Scenario: the vacated posts refilled with the young share. */
  scenario: { numerator: number; denominator: number; value: number | null; met: boolean | null };
}

export interface RuleProjection {
  id: string;
  points: ProjectionPoint[];
  /** The first year ahead in which `met` differs from now (null: not within the horizon). */
  changeYears: number | null;
  scenarioChangeYears: number | null;
  /** For the target year: young appointments needed in all, per year, and posts vacated by then. */
  target: { year: number; needed: number; perYear: number; vacated: number } | null;
}

/** Every ratio rule projected year by year from `asOf` (queries/projection.sql). */
export async function projectRules(
  db: DuckClient,
  sql: QueryTexts,
  o: ProjectionOptions,
): Promise<RuleProjection[]> {
  const [s] = await snapshotsFor(db, [o.asOf]);
  if (!s) return [];
  const rows = await db.query<R>(sql.projection, [
    o.asOf,
    s,
    JSON.stringify(o.years),
    o.youngShare,
    o.targetYear,
  ]);
  const out: RuleProjection[] = [];
  for (const r of rows) {
    let rule = out[out.length - 1];
    if (!rule || rule.id !== r.metric_id) {
      const targetOk = o.targetYear !== null && r.target_needed !== null;
      rule = {
        id: r.metric_id as string,
        points: [],
        changeYears: r.change_k as number | null,
        scenarioChangeYears: r.scenario_change_k as number | null,
        target: targetOk
          ? {
              year: o.targetYear!,
              needed: r.target_needed as number,
              perYear: r.target_per_year as number,
              vacated: r.target_vacated as number,
            }
          : null,
      };
      out.push(rule);
    }
    rule.points.push({
      years: r.years as number,
      date: r.date as string,
      requested: r.requested as boolean,
      numerator: r.numerator as number,
      denominator: r.denominator as number,
      value: r.value as number | null,
      met: r.met as boolean | null,
      gap: r.gap as number | null,
      vacated: r.vacated as number,
      scenario: {
        numerator: r.scenario_numerator as number,
        denominator: r.scenario_denominator as number,
        value: r.scenario_value as number | null,
        met: r.scenario_met as boolean | null,
      },
    });
  }
  return out;
}

// ---- Promotion batches (Y9) --------------------------------------------------------------

export interface BatchRow {
  batch: string;
  date: string;
  promoted: number;
  young: number;
  /** Promoted with no known birth date (counted as not young). */
  unknownAge: number;
  value: number;
  met: boolean;
  gap: number;
}

export interface Batches {
  /** Where the promotions come from: an appointment-events file or consecutive snapshots. */
  source: 'events' | 'snapshots';
  target: number;
  comparator: string;
  batches: BatchRow[];
}

export async function hasEvents(db: DuckClient): Promise<boolean> {
  const [r] = await db.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM appointments');
  return r.n > 0;
}

/** Y9 per batch of promotions up to `asOf`: from the events when loaded, else from snapshots. */
export async function promotionBatches(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<Batches> {
  const events = await hasEvents(db);
  const rows = await db.query<R>(sql.batches, [asOf, events]);
  const [rule] = await db.query<{ target: number; comparator: string }>(
    'SELECT target_num / target_den AS target, comparator FROM promotion_rules LIMIT 1',
  );
  return {
    source: events ? 'events' : 'snapshots',
    target: rule?.target ?? 1 / 3,
    comparator: rule?.comparator ?? '>=',
    batches: rows.map((r) => ({
      batch: r.batch as string,
      date: r.date as string,
      promoted: r.promoted as number,
      young: r.young as number,
      unknownAge: r.unknown_age as number,
      value: r.value as number,
      met: r.met as boolean,
      gap: r.gap as number,
    })),
  };
}

// ---- Secondment cohorts ------------------------------------------------------------------

export interface CohortRow {
  cohort: string;
  start: string | null;
  end: string | null;
  n: number;
  party: number;
  reserve: number;
  seniorPlus: number;
  universityPlus: number;
  masters: number;
  phd: number;
  bornFrom: number;
  bornFromCount: number;
  youngestBirthYear: number | null;
  meanAge: number | null;
  /** Outcome within the years asked for: promoted, else moved to a key post. */
  promoted: number;
  keyPost: number;
  outcomeShare: number;
  /** The last snapshot the outcome is read from. */
  observedTo: string | null;
  /** The reviews of the years the term holds (six months or more of each), all years together. */
  reviews: number;
  excellent: number;
  excellentShare: number | null;
  excellentQuota: number;
  /** Each review year against the quota on its own; null without reviews. */
  withinQuota: boolean | null;
  reviewYears: ReviewYear[];
}

/** One year's reviews of a cohort: 优秀 among them, and whether that is within the quota. */
export interface ReviewYear {
  year: number;
  reviews: number;
  excellent: number;
  share: number;
  withinQuota: boolean;
}

export async function secondmentCohorts(
  db: DuckClient,
  sql: QueryTexts,
  o: { asOf: string; bornFrom: number; years: number },
): Promise<CohortRow[]> {
  const [s] = await snapshotsFor(db, [o.asOf]);
  if (!s) return [];
  return (await db.query<R>(sql.secondments, [o.asOf, s, o.bornFrom, o.years])).map((r) => ({
    cohort: r.cohort as string,
    start: r.start as string | null,
    end: r.end as string | null,
    n: r.n as number,
    party: r.party as number,
    reserve: r.reserve as number,
    seniorPlus: r.senior_plus as number,
    universityPlus: r.university_plus as number,
    masters: r.masters as number,
    phd: r.phd as number,
    bornFrom: r.born_from as number,
    bornFromCount: r.born_from_count as number,
    youngestBirthYear: r.youngest_birth_year as number | null,
    meanAge: r.mean_age as number | null,
    promoted: r.promoted as number,
    keyPost: r.key_post as number,
    outcomeShare: r.outcome_share as number,
    observedTo: r.observed_to as string | null,
    reviews: r.reviews as number,
    excellent: r.excellent as number,
    excellentShare: r.excellent_share as number | null,
    excellentQuota: r.excellent_quota as number,
    withinQuota: r.within_quota as boolean | null,
    reviewYears: (
      r.review_years as {
        year: number;
        reviews: number;
        excellent: number;
        within_quota: boolean;
      }[]
    ).map((y) => ({
      year: y.year,
      reviews: y.reviews,
      excellent: y.excellent,
      share: y.excellent / y.reviews,
      withinQuota: y.within_quota,
    })),
  }));
}

export interface SecondeeRow {
  /** null on the row that counts everyone. */
  kind: string | null;
  /** null on a kind's own row. */
  unit: string | null;
  n: number;
  endingSoon: number;
}

/** The cadres seconded at `asOf`, by kind and receiving unit, and whose term ends within 3 months. */
export async function currentSecondees(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<SecondeeRow[]> {
  const [s] = await snapshotsFor(db, [asOf]);
  if (!s) return [];
  return (await db.query<R>(sql.secondees, [asOf, s])).map((r) => ({
    kind: r.kind as string | null,
    unit: r.unit as string | null,
    n: r.n as number,
    endingSoon: r.ending_soon as number,
  }));
}

// ---- Grassroots sourcing -----------------------------------------------------------------

export interface SourcingRow {
  section: 'source' | 'entered' | 'leading' | 'reserve' | 'principals';
  key: string;
  /** 'source': the spelling of the roster (null on the group's own row). */
  key2: string | null;
  n: number;
  grassroots: number;
  /** 'entered': from grassroots sources into county organs and townships. */
  county: number | null;
}

export async function grassrootsSourcing(
  db: DuckClient,
  sql: QueryTexts,
  o: { asOf: string; years: number },
): Promise<SourcingRow[]> {
  const [s] = await snapshotsFor(db, [o.asOf]);
  if (!s) return [];
  return (await db.query<R>(sql.sourcing, [o.asOf, s, o.years])).map((r) => ({
    section: r.section as SourcingRow['section'],
    key: r.key as string,
    key2: r.key2 as string | null,
    n: r.n as number,
    grassroots: r.grassroots as number,
    county: r.county as number | null,
  }));
}

/** The parts of a cohort a people list can show. */
export type SecondmentPart =
  | 'members'
  | 'party'
  | 'reserve'
  | 'senior_plus'
  | 'university_plus'
  | 'masters'
  | 'phd'
  | 'born_from'
  | 'youngest'
  | 'promoted'
  | 'key_post'
  | 'outcome';

// ---- People behind the numbers -----------------------------------------------------------

/** A person behind a flows number, with what happened to them in words (note). */
export interface FlowPersonRow extends PersonRow {
  note: string | null;
}

export type FlowPeople =
  | {
      kind: 'compare';
      from: string;
      to: string;
      event:
        | 'at_a'
        | 'at_b'
        | 'entered'
        | 'left'
        | 'retired'
        | 'promoted'
        | 'moved'
        | 'moved_in'
        | 'moved_out'
        | 'reserve_on'
        | 'reserve_off';
      region?: string | null;
      unitId?: string | null;
    }
  | {
      kind: 'cause';
      from: string;
      to: string;
      metricId: string;
      /** A cause, or the members (young members) at the earlier or the later date. */
      cause: Cause | 'in_a' | 'in_b' | 'young_a' | 'young_b';
    }
  | {
      kind: 'retirement';
      asOf: string;
      window: RetirementWindow | 'unknown';
      /** null: every level; NONE ('(none)'): the cadres with no 职务层次. */
      level?: string | null;
      region?: string | null;
      unitId?: string | null;
    }
  | {
      kind: 'projection';
      asOf: string;
      metricId: string;
      years: number;
      which: 'young' | 'other' | 'stays' | 'leaving';
    }
  | { kind: 'batch'; asOf: string; batch: string; young: boolean }
  | {
      kind: 'secondment';
      asOf: string;
      cohort: string | null;
      which: SecondmentPart | 'current' | 'ending_soon';
      years: number;
      /** 'born_from': the first birth year counted. */
      bornFrom?: number;
      secondmentType?: string | null;
      unit?: string | null;
    }
  | {
      kind: 'sourcing';
      asOf: string;
      section: SourcingRow['section'];
      key: string | null;
      grassroots: boolean;
      county: boolean;
      years: number;
    };

/** The people behind a flows number (the same SQL as the number, one row per person). */
export async function flowPeople(
  db: DuckClient,
  sql: QueryTexts,
  q: FlowPeople,
): Promise<FlowPersonRow[]> {
  switch (q.kind) {
    case 'compare': {
      const [a, b] = await snapshotsFor(db, [q.from, q.to]);
      if (!a || !b) return [];
      return db.query(sql.people_compare, [a, b, q.event, q.region ?? null, q.unitId ?? null]);
    }
    case 'cause': {
      const [a, b] = await snapshotsFor(db, [q.from, q.to]);
      if (!a || !b) return [];
      return db.query(sql.people_causes, [q.from, q.to, a, b, q.metricId, q.cause]);
    }
    case 'retirement': {
      const [s] = await snapshotsFor(db, [q.asOf]);
      if (!s) return [];
      return db.query(sql.people_retirement, [
        q.asOf,
        s,
        q.window,
        q.level ?? null,
        q.region ?? null,
        q.unitId ?? null,
      ]);
    }
    case 'projection': {
      const [s] = await snapshotsFor(db, [q.asOf]);
      if (!s) return [];
      return db.query(sql.people_projection, [q.asOf, s, q.metricId, q.years, q.which]);
    }
    case 'batch':
      return db.query(sql.people_batches, [
        q.asOf,
        await hasEvents(db),
        q.batch,
        q.young ? 'young' : null,
      ]);
    case 'secondment': {
      const [s] = await snapshotsFor(db, [q.asOf]);
      if (!s) return [];
      return db.query(sql.people_secondment, [
        q.asOf,
        s,
        q.cohort,
        q.years,
        q.which,
        q.secondmentType ?? null,
        q.unit ?? null,
        q.bornFrom ?? null,
      ]);
    }
    case 'sourcing': {
      const [s] = await snapshotsFor(db, [q.asOf]);
      if (!s) return [];
      return db.query(sql.people_sourcing, [
        q.asOf,
        s,
        q.section,
        q.key,
        q.grassroots,
        q.county,
        q.years,
      ]);
    }
  }
}

// ---- Appointment events (任免记录) --------------------------------------------------------

/** The columns of an appointment-events file and the headers that name them. */
export const EVENT_FIELDS: { name: string; aliases: string[] }[] = [
  {
    name: 'person_id',
    aliases: [
      '人员编号',
      '编号',
      '人员ID',
      '身份证号',
      '公民身份号码',
      'person id',
      'staff id',
      'id',
    ],
  },
  { name: 'name', aliases: ['姓名', 'name'] },
  {
    name: 'event_date',
    aliases: [
      '任免时间',
      '任免日期',
      '任职时间',
      '任职日期',
      '任命时间',
      '任命日期',
      '批准时间',
      'event date',
      'appointment date',
      'date',
    ],
  },
  {
    name: 'batch_id',
    aliases: ['批次', '任免批次', '会议', '会议批次', '会议名称', 'batch', 'meeting'],
  },
  {
    name: 'from_level',
    aliases: ['原职务层次', '原级别', '原层次', 'from level', 'previous level'],
  },
  {
    name: 'to_level',
    aliases: ['新职务层次', '新任职务层次', '现职务层次', '新级别', 'to level', 'new level'],
  },
  { name: 'is_promotion', aliases: ['是否提拔', '提拔', '是否晋升', 'promotion', 'is promotion'] },
  { name: 'birth_date', aliases: ['出生年月', '出生日期', 'birth', 'date of birth'] },
];

const normHeader = (h: string) =>
  h
    .replace(/[\s_\-.]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();

/** Event field → the column that carries it (the first alias found wins). */
export function mapEventHeaders(headers: string[]): Record<string, string> {
  const byNorm = new Map<string, string>();
  for (const h of headers) if (!byNorm.has(normHeader(h))) byNorm.set(normHeader(h), h);
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const f of EVENT_FIELDS)
    for (const alias of [f.name, ...f.aliases]) {
      const col = byNorm.get(normHeader(alias));
      if (col !== undefined && !used.has(col)) {
        out[f.name] = col;
        used.add(col);
        break;
      }
    }
  return out;
}

/** Whether a header row is that of appointment events (a date and a new level), not a roster. */
export function isEventHeaders(headers: string[]): boolean {
  const m = mapEventHeaders(headers);
  return m.event_date !== undefined && m.to_level !== undefined;
}

export interface EventsReport {
  sources: string[];
  rows: { read: number; loaded: number; rejected: number; skipped: number };
  rejected: RejectedRow[];
  /** Of the loaded events, how many are promotions. */
  promotions: number;
}

/**
 * Reads appointment-event files (CSV, Excel … through the roster readers) into `appointments`,
 * replacing any events loaded before, all or nothing. Every data row is loaded or rejected with
 * its row number and reason; blank and totals lines are skipped. A row is a promotion when its
 * 是否提拔 column says so, else when the new level is above the former one.
 */
export async function loadEvents(
  db: DuckClient,
  files: SourceFile[],
  options: LoadOptions,
): Promise<EventsReport> {
  // An events workbook need not have a birth column: any sheet with known headers will do.
  const read = options.xlsxToCsv;
  const staged = await stageSources(db, files, {
    ...options,
    xlsxToCsv: read && ((bytes, o) => read(bytes, { ...o, anySheet: true })),
  });
  const report: EventsReport = {
    sources: staged.flatMap((s) => s.files),
    rows: { read: 0, loaded: 0, rejected: 0, skipped: 0 },
    rejected: [],
    promotions: 0,
  };
  try {
    const views: string[] = [];
    for (const s of staged) {
      const m = mapEventHeaders(s.columns.map((c) => c.name));
      if (m.event_date === undefined || m.to_level === undefined || !(m.person_id ?? m.name))
        throw new LoadError(s.name, 'events_not_events');
      const col = (f: string) => {
        const c = m[f];
        if (c === undefined) return 'CAST(NULL AS VARCHAR)';
        const type = s.columns.find((x) => x.name === c)!.type.toUpperCase();
        return type === 'VARCHAR'
          ? `norm_text(${quoteIdent(c)})`
          : `nullif(CAST(${quoteIdent(c)} AS VARCHAR), '')`;
      };
      const allNull = s.columns
        .map((c) => `norm_text(CAST(${quoteIdent(c.name)} AS VARCHAR)) IS NULL`)
        .join(' AND ');
      const label = m.name ?? m.person_id!;
      const view = `${s.staging}_ev`;
      views.push(view);
      await db.exec(`
        CREATE OR REPLACE TEMP TABLE ${view} AS
        WITH r AS (
          SELECT CAST(rowid + ${s.firstRow} AS INTEGER) AS source_row,
            ${quoteLiteral(s.name)} AS source_file,
            ${col('person_id')} AS pid, ${col('name')} AS name, ${col('event_date')} AS date_raw,
            ${col('batch_id')} AS batch_id, ${col('from_level')} AS from_raw,
            ${col('to_level')} AS to_raw, ${col('is_promotion')} AS promo_raw,
            ${col('birth_date')} AS birth_raw,
            (${allNull}) OR regexp_matches(coalesce(CAST(${quoteIdent(label)} AS VARCHAR), ''),
              ${quoteLiteral(TOTALS_PATTERN)}) AS skipped
          FROM ${s.staging}
        ),
        n AS (
          SELECT *, coalesce(pid, name) AS person_id, parse_date(date_raw) AS event_date,
            norm_level(from_raw) AS from_level, norm_level(to_raw) AS to_level,
            parse_date(birth_raw) AS birth_date
          FROM r
        )
        SELECT *, CASE
            WHEN skipped THEN NULL
            WHEN person_id IS NULL THEN 'event_person_missing'
            WHEN date_raw IS NULL THEN 'event_date_missing'
            WHEN event_date IS NULL THEN 'event_date_unparsed'
            WHEN to_raw IS NOT NULL AND to_level IS NULL THEN 'event_level_unknown'
          END AS code,
          coalesce(norm_bool(promo_raw), level_above(to_level, from_level)) AS is_promotion
        FROM n`);
      const [counts] = await db.query<{ read: number; skipped: number; rejected: number }>(
        `SELECT (count(*) FILTER (WHERE NOT skipped))::INTEGER AS read,
          (count(*) FILTER (WHERE skipped))::INTEGER AS skipped,
          (count(*) FILTER (WHERE code IS NOT NULL))::INTEGER AS rejected FROM ${view}`,
      );
      report.rows.read += counts.read;
      report.rows.skipped += counts.skipped;
      report.rows.rejected += counts.rejected;
      report.rows.loaded += counts.read - counts.rejected;
      const rejected = await db.query<Omit<RejectedRow, 'reason'> & { value: string | null }>(
        `SELECT source_file AS file, source_row AS row, name, code,
           CASE code WHEN 'event_date_unparsed' THEN date_raw
             WHEN 'event_level_unknown' THEN to_raw END AS value
         FROM ${view} WHERE code IS NOT NULL ORDER BY source_row`,
      );
      report.rejected.push(
        ...rejected.map(({ value, ...r }) => {
          const params = value === null ? {} : { value };
          return { ...r, params, reason: formatMessage(r.code, params, 'zh') };
        }),
      );
    }
    await db.exec('BEGIN TRANSACTION');
    try {
      await db.exec('DELETE FROM appointments;');
      for (const view of views)
        await db.exec(`
          INSERT INTO appointments BY NAME
          SELECT person_id, name, event_date, batch_id, from_level, to_level,
            coalesce(is_promotion, false) AS is_promotion, birth_date, source_file, source_row
          FROM ${view} WHERE NOT skipped AND code IS NULL`);
      await db.exec('COMMIT');
    } catch (e) {
      await db.exec('ROLLBACK');
      throw new LoadError(report.sources.join(', '), 'events_write_failed', {}, errorDetail(e));
    } finally {
      await db.exec(views.map((v) => `DROP TABLE IF EXISTS ${v};`).join('\n'));
    }
    const [p] = await db.query<{ n: number }>(
      'SELECT (count(*) FILTER (WHERE is_promotion))::INTEGER AS n FROM appointments',
    );
    report.promotions = p.n;
    return report;
  } finally {
    await discardStaged(db, staged);
  }
}

/** Removes the appointment events (a new roster has come: they belonged to the old one). */
export async function clearEvents(db: DuckClient): Promise<void> {
  await db.exec('DELETE FROM appointments;');
}

// ---- The report CLI's flows keys ---------------------------------------------------------

export interface FlowsReport {
  changes?: {
    from: string;
    to: string;
    entered: number;
    left: number;
    retired: number;
    promoted: number;
    moved: number;
    /** Who became a reserve, and who is no longer one (staying on the roster). */
    reserveOn: number;
    reserveOff: number;
  };
  retirements: {
    due: number;
    within12: number;
    within36: number;
    within60: number;
    thisMonth: number;
    nextMonth: number;
    thisYear: number;
    unknown: number;
  };
  /**
   * The retirement pipeline per level against the reserves that prepare for it (DOMAIN.md §6:
   * reserve depth), as the page's table: level null for cadres with no 职务层次.
   */
  retirementsByLevel: Pick<
    RetirementRow,
    | 'level'
    | 'headcount'
    | 'due'
    | 'within12'
    | 'within36'
    | 'within60'
    | 'reserveType'
    | 'reserves'
  >[];
  /**
   * 试用期满: 任职试用期 ending this month, next month and this year (the rule set's probation, of
   * `months`); unknown: at a post with one but no 任现职务层次时间.
   */
  probation: {
    months: number;
    thisMonth: number;
    nextMonth: number;
    thisYear: number;
    unknown: number;
  };
  projection?: {
    years: number;
    date: string;
    metrics: {
      id: string;
      numerator: number;
      denominator: number;
      value: number | null;
      met: boolean | null;
      gap: number | null;
      /** Posts of the rule's population vacated by then (their holders leave). */
      vacated: number;
    }[];
  }[];
  batches: {
    batch: string;
    date: string;
    promoted: number;
    young: number;
    /** Promoted without a known birth date (in neither file): counted as not young. */
    unknownAge: number;
    value: number;
    met: boolean;
    gap: number;
  }[];
  /** With an appointment-events file: its rows read, loaded and rejected (with row and reason). */
  events?: EventsReport;
  /** Each cohort's profile, its outcome within `outcomeYears` years and its reviews (seed 002). */
  secondments: (CohortRow & { outcomeYears: number })[];
  /**
   * Seconded at the reference date, and those whose term ends within 3 months, by kind and by
   * kind and receiving unit.
   */
  secondees: {
    now: number;
    endingSoon: number;
    byKind: { kind: string; n: number; endingSoon: number }[];
    byUnit: { kind: string; unit: string; n: number; endingSoon: number }[];
  };
  /** Grassroots sourcing (seed 001), entries and first leading posts within `years` years. */
  sourcing: { years: number; rows: SourcingRow[] };
}

/** Defaults of the page and the CLI: born in 1970 or later, outcomes within 3 years. */
export const SECONDMENT_BORN_FROM = 1970;
export const OUTCOME_YEARS = 3;
/** Sourcing: entries and first leading posts within the last 5 years (the page's default). */
export const SOURCING_YEARS = 5;

/** The flows keys of the report CLI's JSON (issue 13), from the same queries as the page. */
export async function flowsReport(
  db: DuckClient,
  sql: QueryTexts,
  o: { asOf: string; compare?: string; project?: number[] },
): Promise<FlowsReport> {
  const out: FlowsReport = {
    retirements: {
      due: 0,
      within12: 0,
      within36: 0,
      within60: 0,
      thisMonth: 0,
      nextMonth: 0,
      thisYear: 0,
      unknown: 0,
    },
    retirementsByLevel: [],
    probation: { months: 0, thisMonth: 0, nextMonth: 0, thisYear: 0, unknown: 0 },
    batches: [],
    secondments: [],
    secondees: { now: 0, endingSoon: 0, byKind: [], byUnit: [] },
    sourcing: { years: SOURCING_YEARS, rows: [] },
  };
  if (o.compare) {
    const c = await compareSnapshots(db, sql, o.compare, o.asOf);
    if (c)
      out.changes = {
        from: c.from,
        to: c.to,
        entered: c.city.entered,
        left: c.city.left,
        retired: c.city.retired,
        promoted: c.city.promoted,
        moved: c.city.moved,
        reserveOn: c.city.reserveOn,
        reserveOff: c.city.reserveOff,
      };
  }
  const pipeline = await retirementPipeline(db, sql, o.asOf, { cityOnly: true });
  const city = pipeline.find((r) => r.scope === 'city' && r.allLevels);
  out.retirementsByLevel = pipeline
    .filter((r) => r.scope === 'city' && !r.allLevels)
    .map(({ level, headcount, due, within12, within36, within60, reserveType, reserves }) => ({
      level,
      headcount,
      due,
      within12,
      within36,
      within60,
      reserveType,
      reserves,
    }));
  if (city)
    out.retirements = {
      due: city.due,
      within12: city.within12,
      within36: city.within36,
      within60: city.within60,
      thisMonth: city.thisMonth,
      nextMonth: city.nextMonth,
      thisYear: city.thisYear,
      // No month to leave in: gender unknown and no 到龄年月 (said, not left out silently).
      unknown: city.unknown,
    };
  if (city)
    out.probation = {
      months: city.probationMonths,
      thisMonth: city.probationThisMonth,
      nextMonth: city.probationNextMonth,
      thisYear: city.probationThisYear,
      unknown: city.probationUnknown,
    };
  if (o.project) {
    const rules = await projectRules(db, sql, {
      asOf: o.asOf,
      years: o.project,
      youngShare: 0,
      targetYear: null,
    });
    out.projection = o.project.map((k) => ({
      years: k,
      date: rules[0]?.points.find((p) => p.years === k)?.date ?? '',
      metrics: rules.map((r) => {
        const p = r.points.find((x) => x.years === k)!;
        return {
          id: r.id,
          numerator: p.numerator,
          denominator: p.denominator,
          value: p.value,
          met: p.met,
          gap: p.gap,
          vacated: p.vacated,
        };
      }),
    }));
  }
  out.batches = (await promotionBatches(db, sql, o.asOf)).batches.map((b) => ({
    batch: b.batch,
    date: b.date,
    promoted: b.promoted,
    young: b.young,
    unknownAge: b.unknownAge,
    value: b.value,
    met: b.met,
    gap: b.gap,
  }));
  out.secondments = (
    await secondmentCohorts(db, sql, {
      asOf: o.asOf,
      bornFrom: SECONDMENT_BORN_FROM,
      years: OUTCOME_YEARS,
    })
  ).map((c) => ({ ...c, outcomeYears: OUTCOME_YEARS }));
  const seconded = await currentSecondees(db, sql, o.asOf);
  const all = seconded.find((r) => r.kind === null && r.unit === null);
  out.secondees = {
    now: all?.n ?? 0,
    endingSoon: all?.endingSoon ?? 0,
    byKind: seconded
      .filter((r) => r.kind !== null && r.unit === null)
      .map((r) => ({ kind: r.kind!, n: r.n, endingSoon: r.endingSoon })),
    byUnit: seconded
      .filter((r) => r.kind !== null && r.unit !== null)
      .map((r) => ({ kind: r.kind!, unit: r.unit!, n: r.n, endingSoon: r.endingSoon })),
  };
  out.sourcing = {
    years: SOURCING_YEARS,
    rows: await grassrootsSourcing(db, sql, { asOf: o.asOf, years: SOURCING_YEARS }),
  };
  return out;
}
