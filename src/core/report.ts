import type { DuckClient } from './db.ts';
import { keepRows } from './kept.ts';
import type { Filters } from './filters.ts';
import type { LoadReport } from './load.ts';
import { formatMessage, type RejectedRow, type RowWarning } from './messages.ts';
import type { QueryTexts } from './queries.ts';
import {
  changedRules,
  changedSettings,
  DEFAULT_RULE_SET,
  ruleSetHash,
  rulesOfKind,
  type Lang,
  type RuleSet,
} from './policy/index.ts';
import {
  ITEM_COLUMNS,
  itemsNotScored,
  notScoredText,
  teamScores,
  teamsForReport,
} from './policy/teams.ts';
import { dataQuality, type DataQuality } from './quality.ts';
import { candidateMetrics, candidates } from './selection/candidates.ts';
import { eligibilityReport, type EligibilityReportEntry } from './selection/eligibility.ts';
import { fixed } from './decimal.ts';

export interface MetricResult {
  id: string;
  /**
   * The rule's kind: a ratio against a target, an age band, a change against a baseline, or
   * the share of target posts with enough candidates (Y10).
   */
  kind: 'ratio' | 'band' | 'change' | 'candidates';
  label: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: number | null;
  comparator: string | null;
  met: boolean | null;
  gap: number | null;
  /** Teams/units evaluated and those short of the target (ratio rules only). */
  unitsEvaluated?: number;
  unitsFailing?: number;
  /** Counties/districts with members of the rule, and those short of the target on their own. */
  regionsEvaluated?: number;
  regionsFailing?: number;
  /** The city's own level among those regions (市本级, 市直), which is no county. */
  regionsCityLevel?: string;
  /** Change rules: what changes ('mean_age' in years, 'fulltime_univ_share' in points). */
  measure?: string;
  /** J4/J5: the two sides of the change. */
  current?: number | null;
  baseline?: number | null;
  baselineDate?: string | null;
  /** Change rules: the members at the baseline (`denominator`: those now). */
  baselineCount?: number;
  unverified?: boolean;
}

/**
 * Why a change rule has no change to judge: both dates fall in one snapshot; one side has none of
 * the rule's people ('none_current', 'none_baseline'); or one side has no data to measure (a
 * roster without 全日制学历 for a full-time share: 'no_current', 'no_baseline'). Null when it has
 * a change.
 */
export function changeGap(
  m: MetricResult,
  snapshotDate: string | null,
): 'same_snapshot' | 'none_current' | 'none_baseline' | 'no_current' | 'no_baseline' | null {
  if (m.kind !== 'change' || (m.value !== null && m.value !== undefined)) return null;
  if (!m.baselineDate || m.baselineDate === snapshotDate) return 'same_snapshot';
  if (!m.denominator) return 'none_current';
  if (m.current === null || m.current === undefined) return 'no_current';
  return m.baselineCount ? 'no_baseline' : 'none_baseline';
}

/**
 * Decimals to show a change rule's value with: one, or two when one would round it onto its
 * target (−4.96 years shown as −5.0 beside ≤ −5.0 seems to meet what it misses).
 */
export function changeDigits(m: Pick<MetricResult, 'measure' | 'value' | 'target'>): 1 | 2 {
  if (m.value === null || m.value === undefined || m.target === null || m.value === m.target)
    return 1;
  const scale = m.measure === 'mean_age' ? 1 : 100;
  return fixed(m.value * scale, 1) === fixed(m.target * scale, 1) ? 2 : 1;
}

/** A 县市区 value that names the city's own level (as queries/macros.sql unit_type_of reads it). */
export const CITY_LEVEL = /市直|市本级|市级|本级|直属/;

export interface UnitMetricRow {
  id: string;
  scope: 'region' | 'unit';
  region: string | null;
  unitId: string | null;
  unitName: string | null;
  numerator: number;
  denominator: number;
  value: number | null;
  met: boolean | null;
  gap: number | null;
}

export interface Report {
  asOf: string;
  snapshotDate: string | null;
  sources: string[];
  /** Skipped: blank and totals lines, not counted as read. */
  rows: { read: number; loaded: number; rejected: number; skipped: number };
  rejected: RejectedRow[];
  warnings: RowWarning[];
  /** Sheets of a workbook that look like a roster and were not read (LoadReport.sheetsNotRead). */
  sheetsNotRead?: { file: string; sheet: string }[];
  /** Columns of a roster that no field reads (LoadReport.columnsNotRead). */
  columnsNotRead?: { file: string; columns: string[] }[];
  /** The rows skipped as no person but blank ones (LoadReport.skippedRows), what each is in words. */
  skippedRows?: { file: string; row: number; kind: string; reason: string }[];
  headcount: number;
  age: {
    mean: number | null;
    median: number | null;
    bands: Record<string, number>;
    /** The pyramid: per gender, per single year of age. */
    byGender?: Record<string, Record<string, number>>;
    /** Per level (未定级: none), per age band. */
    byLevel?: Record<string, Record<string, number>>;
  };
  /** Strict birth decades (80后 = 1980–1989), the birth-decade chart's bars. */
  cohorts: Record<string, number>;
  /**
   * Born in or after each cohort's first year, as policy counts 80后 by default (DOMAIN.md §2:
   * 80后 includes 90后); 85后 = 1985 or later.
   */
  cohortsFrom?: Record<string, number>;
  breakdowns: {
    gender: Record<string, number>;
    /** Highest education (最高学历). */
    education: Record<string, number>;
    /** Full-time education (全日制学历), the same categories. */
    educationFulltime: Record<string, number>;
    party: Record<string, number>;
    level: Record<string, number>;
    reserve: Record<string, number>;
    /** 汉族 / 少数民族 (未知 when the roster does not say). */
    ethnicity: Record<string, number>;
    unitType?: Record<string, number>;
    /** ≥2年 / <2年 of grassroots experience (未知 when not said). */
    grassroots?: Record<string, number>;
    /** Years at the current level at the snapshot's date: <1年, 1–3年, 3–5年, 5–10年, ≥10年. */
    yearsAtLevel?: Record<string, number>;
  };
  /**
   * The reserve pool: per reserve type (and `all`) how many and how many are young (aged ≤ 40,
   * born 1980 or later, born 1985 or later); per type, by birth decade, education and gender.
   */
  reserves?: {
    young: Record<string, { n: number; ageLe40: number; born1980: number; born1985: number }>;
    byCohort: Record<string, Record<string, number>>;
    byEducation: Record<string, Record<string, number>>;
    byGender: Record<string, Record<string, number>>;
  };
  metrics: MetricResult[];
  /** Q1: the snapshot's records with a data-quality finding (every record, whatever the filters). */
  quality?: DataQuality;
  /** Every ratio rule per county/district (from the cube, always computed). */
  byRegion: UnitMetricRow[];
  /** With --by-unit: the ratio rules per region and per team/unit. */
  byUnit?: UnitMetricRow[];
  /**
   * With --by-unit: the page's unit table (DOMAIN.md §6), one row per unit in scope: headcount,
   * mean age, born ≥ 1980 / ≥ 1985, women, minorities and the unit's own young-cadre checks.
   */
  unitProfiles?: UnitProfile[];
  /** Every leadership team scored on its structure template, with its warnings. */
  teams?: ReturnType<typeof teamsForReport>;
  /** Template items no team was scored on, the roster lacking their column (itemsNotScored). */
  teamItemsNotScored?: { template: string; item: string; column: string; text: string }[];
  /**
   * Per candidates rule (Y10), every team with target posts under a per-unit ratio rule: the
   * places it is short by, the members retiring within the rule's months, and how many reserve
   * cadres could fill them (covered: at least the rule's minimum).
   */
  candidateTeams?: {
    rule: string;
    metric: string;
    unit_id: string;
    unit: string | null;
    region: string | null;
    members: number;
    young: number;
    short: number;
    retiring: number;
    targetPosts: number;
    candidates: number;
    covered: boolean;
  }[];
  /** Every eligibility rule: counts and the eligible, 待核实 and near-miss people. */
  eligibility?: EligibilityReportEntry[];
  /** The filters the figures were computed under (report CLI --filter/--age). */
  filters?: Filters;
  /** A filter value the data does not have, in words (report CLI): it selects nobody. */
  filterNotes?: string[];
  /**
   * The rule set the figures follow: its hash (as the page names it in its URL),
   * the rules changed from the defaults ('modified', or 'custom' for a rule of its own) and the
   * other settings changed (warnings, retirement …).
   */
  ruleSet?: { hash: string; changed: Record<string, string>; settingsChanged: string[] };
}

const STANDARD_COHORTS = ['50后', '60后', '70后', '80后', '90后', '00后'];
const BREAKDOWN_KEYS = {
  gender: ['男', '女'],
  education: ['研究生', '大学本科', '大学专科', '中专及以下', '未知'],
  education_fulltime: ['研究生', '大学本科', '大学专科', '中专及以下', '未知'],
  party: ['中共党员', '非中共党员'],
  level: ['县处级正职', '县处级副职', '乡科级正职', '乡科级副职', '科员'],
  reserve: ['处级后备', '科级后备'],
  ethnicity: ['汉族', '少数民族'],
};

/**
 * The snapshot shown for a date asked for (a link's): the date itself when it is a snapshot,
 * else the snapshot in force then (`inForce`), else — before the first — `fallback` (`before`).
 * `snapshots` are in order, oldest first.
 */
export function snapshotShown(
  snapshots: string[],
  asked: string | null,
  fallback: string,
): { shown: string; note: 'inForce' | 'before' | null } {
  if (asked === null || snapshots.includes(asked)) return { shown: asked ?? fallback, note: null };
  const inForce = snapshots.filter((s) => s <= asked).pop();
  return inForce ? { shown: inForce, note: 'inForce' } : { shown: fallback, note: 'before' };
}

export async function listSnapshots(db: DuckClient, sql: QueryTexts) {
  return db.query<{ snapshot_date: string; headcount: number }>(sql.snapshots);
}

/** The default reference date: the newest snapshot. */
export async function newestSnapshot(db: DuckClient, sql: QueryTexts): Promise<string | null> {
  const s = await listSnapshots(db, sql);
  return s.length ? s[s.length - 1].snapshot_date : null;
}

export async function oldestSnapshot(db: DuckClient, sql: QueryTexts): Promise<string | null> {
  const s = await listSnapshots(db, sql);
  return s.length ? s[0].snapshot_date : null;
}

type R = Record<string, unknown>;

/** Grid cells as key → key2 → n (swapped: key2 → key → n). */
function nest(cells: GridCell[] = [], swapped = false): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const c of cells) {
    const [a, b] = swapped ? [c.key2, c.key] : [c.key, c.key2];
    (out[a] ??= {})[b] = c.n;
  }
  return out;
}

export interface AgeStructure {
  snapshotDate: string | null;
  headcount: number;
  meanAge: number | null;
  medianAge: number | null;
  /** band, cohort, gender, education, education_fulltime, party, level, reserve, unit_type,
   * ethnicity, grassroots, years_at_level → key → n */
  sections: Record<string, Record<string, number>>;
  /** Two-way sections (pyramid, band_level, reserve_cohort, reserve_education, reserve_gender,
   * reserve_young) → cells in query order. */
  grids: Record<string, GridCell[]>;
}

export interface GridCell {
  key: string;
  key2: string;
  n: number;
}

/** Headcount, mean/median age, bands, cohorts and breakdowns at a reference date (one query). */
export async function ageStructure(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  /** Only these sections and grids (a chart keeping its context); all when null. */
  only: string[] | null = null,
): Promise<AgeStructure> {
  const rows = await db.query<{
    section: string;
    key: string;
    key2: string | null;
    n: number | null;
    value: number | null;
    label: string | null;
  }>(sql.age_structure, [asOf, only && JSON.stringify(only)]);
  let snapshotDate: string | null = null;
  const sections: AgeStructure['sections'] = {};
  const grids: AgeStructure['grids'] = {};
  let headcount = 0;
  let meanAge: number | null = null;
  let medianAge: number | null = null;
  for (const r of rows) {
    if (r.section === 'summary') {
      if (r.key === 'headcount') headcount = r.n ?? 0;
      if (r.key === 'mean_age') meanAge = r.value;
      if (r.key === 'median_age') medianAge = r.value;
      if (r.key === 'snapshot_date') snapshotDate = r.label;
    } else if (r.key2 !== null)
      (grids[r.section] ??= []).push({ key: r.key, key2: r.key2, n: r.n ?? 0 });
    else (sections[r.section] ??= {})[r.key] = r.n ?? 0;
  }
  return { snapshotDate, headcount, meanAge, medianAge, sections, grids };
}

/** Every ratio rule city-wide (scope 'city') and per county/district (scope 'region'). */
export async function ratioMetrics(db: DuckClient, sql: QueryTexts, asOf: string) {
  return db.query<R>(sql.ratio_metrics, [asOf]);
}

const unitMetricRow = (r: R): UnitMetricRow => ({
  id: r.metric_id as string,
  scope: r.scope as 'region' | 'unit',
  region: r.region as string | null,
  unitId: (r.unit_id as string | null) ?? null,
  unitName: (r.unit_name as string | null) ?? null,
  numerator: r.numerator as number,
  denominator: r.denominator as number,
  value: r.value as number | null,
  met: r.met as boolean | null,
  gap: r.gap as number | null,
});

export interface UnitsSummary {
  metric_id: string;
  units_evaluated: number;
  units_failing: number;
}

/**
 * One row per unit at asOf (the rows in scope) stored once in unit_profile_store, with its counts
 * of each ratio rule (the view unit_ratios) for the unit table's checks and the per-rule summary:
 * each would otherwise read every row for the same counts. The pages, sorts and searches of the
 * unit table read the stored rows, so a table of tens of thousands of units never crosses into
 * JS whole.
 */
const storeUnits = (db: DuckClient, sql: QueryTexts, asOf: string) =>
  keepRows(db, 'unit_profile_store', [asOf], () => db.query(sql.unit_profile_store, [asOf]));

/** Per ratio rule: the teams/units it covers and how many of them fall short on their own. */
export async function unitsSummary(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<UnitsSummary[]> {
  await storeUnits(db, sql, asOf);
  return db.query<UnitsSummary>(sql.units_summary);
}

export interface TrendPoint {
  metric_id: string;
  snapshot_date: string;
  numerator: number;
  denominator: number;
  value: number;
  target: number;
  comparator: string;
  met: boolean;
}

/** The ratio rules city-wide at every snapshot. */
export async function ratioTrend(db: DuckClient, sql: QueryTexts): Promise<TrendPoint[]> {
  return db.query<TrendPoint>(sql.ratio_trend);
}

/** Every ratio rule per team/unit (reads every row). */
export async function ratioUnits(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<UnitMetricRow[]> {
  return (await db.query<R>(sql.ratio_units, [asOf])).map(unitMetricRow);
}

/** A rejected row as the report's JSON lists it (the roster's rows, the events file's). */
export const rejectedEntry = (r: RejectedRow): RejectedRow => ({
  row: r.row,
  name: r.name,
  reason: r.reason,
  file: r.file,
  code: r.code,
  ...(r.params && { params: r.params }),
});

/** Everything the report CLI prints and the first page shows, for one reference date. */
export async function computeReport(
  db: DuckClient,
  sql: QueryTexts,
  opts: {
    asOf: string;
    baseline?: string;
    load?: LoadReport;
    byUnit?: boolean;
    rules?: RuleSet;
    /** The age structure at `asOf` when the caller has it already. */
    structure?: AgeStructure;
    /** Leave out the per-unit counts (unitsEvaluated/unitsFailing), which read every row. */
    withoutUnits?: boolean;
    /** The eligibility lists as text for writeJson alone (eligibilityReport's asText). */
    listsAsText?: boolean;
    /** The language of the report's words: team warnings, eligibility labels and reasons. */
    lang?: Lang;
  },
): Promise<Report> {
  const { asOf } = opts;
  const rules = opts.rules ?? DEFAULT_RULE_SET;
  const baseline = opts.baseline ?? (await oldestSnapshot(db, sql)) ?? asOf;
  const structure = opts.structure ?? (await ageStructure(db, sql, asOf));
  const ratioRows = await ratioMetrics(db, sql, asOf);
  const ratios = ratioRows.filter((r) => r.scope === 'city');
  const byRegion = ratioRows.filter((r) => r.scope === 'region').map(unitMetricRow);
  const units = new Map(
    (opts.withoutUnits ? [] : await unitsSummary(db, sql, asOf)).map((u) => [u.metric_id, u]),
  );
  const bandsAndChanges = await db.query<R>(sql.band_change, [asOf, baseline]);

  const unverified = new Map(rules.rules.map((r) => [r.id, r.unverified]));
  const metrics: MetricResult[] = [];
  for (const row of ratios) {
    const id = row.metric_id as string;
    metrics.push({
      id,
      kind: 'ratio',
      label: row.label as string,
      numerator: row.numerator as number,
      denominator: row.denominator as number,
      value: row.value as number | null,
      target: row.target as number,
      comparator: row.comparator as string,
      met: row.met as boolean | null,
      gap: row.gap as number | null,
      unitsEvaluated: units.get(id)?.units_evaluated,
      unitsFailing: units.get(id)?.units_failing,
      regionsEvaluated: byRegion.filter((u) => u.id === id).length,
      regionsFailing: byRegion.filter((u) => u.id === id && u.met === false).length,
      regionsCityLevel:
        byRegion.find((u) => u.id === id && u.region !== null && CITY_LEVEL.test(u.region))
          ?.region ?? undefined,
      unverified: unverified.get(id) ?? false,
    });
  }
  for (const p of bandsAndChanges) {
    const den = p.denominator as number | null;
    const isBand = p.target === null;
    metrics.push({
      id: p.metric_id as string,
      kind: isBand ? 'band' : 'change',
      label: p.label as string,
      numerator: p.numerator as number | null,
      denominator: den,
      value: isBand ? (den ? (p.numerator as number) / den : null) : (p.value as number | null),
      target: p.target as number | null,
      comparator: p.comparator as string | null,
      met: p.met as boolean | null,
      gap: null,
      ...(isBand
        ? {}
        : {
            measure: p.measure as string,
            current: p.current as number | null,
            baseline: p.baseline as number | null,
            baselineDate: p.baseline_date as string | null,
            baselineCount: p.baseline_n as number,
          }),
      unverified: unverified.get(p.metric_id as string) ?? false,
    });
  }
  // In the rule set's order, whatever their kind.
  const order = new Map(rules.rules.map((r, i) => [r.id, i]));
  metrics.sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));

  const bd = (dim: keyof typeof BREAKDOWN_KEYS) => ({
    ...Object.fromEntries(BREAKDOWN_KEYS[dim].map((k) => [k, 0])),
    ...structure.sections[dim],
  });
  const cohortCounts = {
    ...Object.fromEntries(STANDARD_COHORTS.map((k) => [k, 0])),
    ...structure.sections.cohort,
  };

  const load = opts.load;
  const report: Report = {
    asOf,
    snapshotDate: structure.snapshotDate,
    sources: load?.sources ?? [],
    rows: load
      ? {
          read: load.rows.read,
          loaded: load.rows.loaded,
          rejected: load.rows.rejected,
          skipped: load.rows.skipped,
        }
      : { read: 0, loaded: 0, rejected: 0, skipped: 0 },
    rejected: (load?.rejected ?? []).map(rejectedEntry),
    ...(load?.sheetsNotRead?.length && { sheetsNotRead: load.sheetsNotRead }),
    ...(load?.columnsNotRead?.length && { columnsNotRead: load.columnsNotRead }),
    ...(load?.skippedRows?.length && {
      skippedRows: load.skippedRows.map((x) => ({
        ...x,
        reason: formatMessage(`skipped_${x.kind}`, {}, opts.lang ?? 'zh'),
      })),
    }),
    warnings: (load?.warnings ?? []).map((w) => ({
      row: w.row,
      field: w.field,
      message: w.message,
      file: w.file,
      name: w.name,
      code: w.code,
      ...(w.params && { params: w.params }),
    })),
    headcount: structure.headcount,
    age: {
      mean: structure.meanAge,
      median: structure.medianAge,
      bands: structure.sections.band,
      byGender: nest(structure.grids.pyramid),
      byLevel: nest(structure.grids.band_level, true),
    },
    cohorts: cohortCounts,
    ...(structure.sections.cohort_from && { cohortsFrom: structure.sections.cohort_from }),
    breakdowns: {
      gender: bd('gender'),
      education: bd('education'),
      educationFulltime: bd('education_fulltime'),
      party: bd('party'),
      level: bd('level'),
      reserve: bd('reserve'),
      ethnicity: bd('ethnicity'),
      unitType: structure.sections.unit_type ?? {},
      grassroots: structure.sections.grassroots ?? {},
      yearsAtLevel: structure.sections.years_at_level ?? {},
    },
    reserves: {
      young: Object.fromEntries(
        Object.entries(nest(structure.grids.reserve_young)).map(([k, v]) => [
          k,
          {
            n: v.n ?? 0,
            ageLe40: v.age_le_40 ?? 0,
            born1980: v.born_1980 ?? 0,
            born1985: v.born_1985 ?? 0,
          },
        ]),
      ),
      byCohort: nest(structure.grids.reserve_cohort),
      byEducation: nest(structure.grids.reserve_education),
      byGender: nest(structure.grids.reserve_gender),
    },
    metrics,
    quality: await dataQuality(db, sql, asOf),
    byRegion,
    ruleSet: {
      hash: ruleSetHash(rules),
      changed: Object.fromEntries(changedRules(rules)),
      settingsChanged: changedSettings(rules),
    },
  };
  if (!opts.withoutUnits) {
    const scores = await teamScores(db, sql, asOf);
    const lang = opts.lang ?? 'zh';
    report.teams = teamsForReport(rules, scores, lang);
    const notScored = rulesOfKind(rules, 'template').flatMap((t) => {
      const items = itemsNotScored(t, scores);
      const text = notScoredText(items, lang);
      return items.map((i) => ({
        template: t.id,
        item: i.id,
        column: ITEM_COLUMNS[i.kind]?.[lang] ?? '',
        text,
      }));
    });
    if (notScored.length) report.teamItemsNotScored = notScored;
    // Y10 and the eligibility lists read every row, as the teams do.
    const cand = await candidates(db, sql, asOf);
    metrics.push(...candidateMetrics(rules, cand.totals));
    report.candidateTeams = cand.teams.map((t) => ({
      rule: t.cand_id,
      metric: t.metric_id,
      unit_id: t.unit_id,
      unit: t.unit_name,
      region: t.region,
      members: t.members,
      young: t.young,
      short: t.short,
      retiring: t.retiring,
      targetPosts: t.target_posts,
      candidates: t.candidates,
      covered: t.met,
    }));
    metrics.sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
    report.eligibility = await eligibilityReport(db, sql, rules, asOf, lang, {
      asText: opts.listsAsText,
      cadres: structure.headcount,
    });
  }
  if (opts.byUnit) {
    const order = new Map(ratios.map((r, i) => [r.metric_id as string, i]));
    report.byUnit = [...byRegion, ...(await ratioUnits(db, sql, asOf))].sort(
      (a, b) => order.get(a.id)! - order.get(b.id)!,
    );
    report.unitProfiles = await unitProfile(db, sql, asOf);
  }
  return report;
}

export interface PersonRow {
  person_id: string;
  name: string | null;
  gender: string | null;
  birth: string;
  age: number;
  ethnicity: string | null;
  party: string | null;
  education_fulltime: string | null;
  education_highest: string | null;
  region: string | null;
  unit_name: string | null;
  post_title: string | null;
  level: string | null;
  reserve: string | null;
  is_young: boolean | null;
}

/** The people behind a number: a rule's population (or everyone), optionally one unit, young or not. */
export async function people(
  db: DuckClient,
  sql: QueryTexts,
  opts: {
    asOf: string;
    metricId?: string | null;
    unitId?: string | null;
    young?: 'young' | 'other' | null;
  },
): Promise<PersonRow[]> {
  return db.query<PersonRow>(sql.people, [
    opts.asOf,
    opts.metricId ?? null,
    opts.unitId ?? null,
    opts.young ?? null,
  ]);
}

/**
 * "A year earlier" is the snapshot nearest to one year before the current one within this many
 * days either side: monthly rosters rarely fall on the same day, year-end ones do.
 */
export const YEAR_AGO_TOLERANCE_DAYS = 62;

export interface Kpi {
  /** headcount, mean_age, median_age, or the metric id of a ratio rule flagged `kpi`. */
  kpi: string;
  current: number | null;
  vs_previous: number | null;
  vs_year_ago: number | null;
  previous_date: string | null;
  year_ago_date: string | null;
}

/** Headcount, mean/median age and the young shares of the KPI rules, with their changes. */
export async function kpis(db: DuckClient, sql: QueryTexts, asOf: string): Promise<Kpi[]> {
  return db.query<Kpi>(sql.kpis, [asOf, YEAR_AGO_TOLERANCE_DAYS]);
}

export interface UnitProfile {
  unit_id: string;
  unit_name: string | null;
  region: string | null;
  unit_type: string | null;
  n: number;
  mean_age: number;
  born_1980: number;
  born_1985: number;
  women: number;
  minorities: number;
  /** The unit's own young-cadre checks (Y1–Y6 that apply to it). */
  checks: { id: string; numerator: number; denominator: number; gap: number }[];
  /** How many of those checks fall short. */
  failing: number;
}

/** The columns the unit table sorts by (shares of the headcount; worstGap: the largest gap). */
export type UnitSortKey =
  | 'unit_name'
  | 'region'
  | 'n'
  | 'mean_age'
  | 'b80'
  | 'b85'
  | 'womenShare'
  | 'minorityShare'
  | 'worstGap';

/** Which units of the unit table, in which order: searched, sorted and paged in SQL. */
export interface UnitPageOptions {
  /** Units whose name or county/district contains it. */
  search: string | null;
  /** Only units short of at least one of their own checks. */
  onlyFailing: boolean;
  /** null: by county/district, name and id. */
  sort: UnitSortKey | null;
  descending: boolean;
  /** The first `limit` units; null: every unit. */
  limit: number | null;
}

/** The table's default: the largest gap first, the first 50 units. */
export const UNIT_PAGE: UnitPageOptions = {
  search: null,
  onlyFailing: false,
  sort: 'worstGap',
  descending: true,
  limit: 50,
};

/** A page of the unit table, with the counts its caption and its "more" button need. */
export interface UnitPage {
  options: UnitPageOptions;
  rows: UnitProfile[];
  /** Units that pass the search and the "only failing" check. */
  matched: number;
  /** Every unit in scope, and how many of them fall short of a check. */
  units: number;
  failing: number;
}

/** A page of units: headcount, mean age, cohorts, women and minorities, own checks. */
export async function unitPage(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  o: UnitPageOptions = UNIT_PAGE,
): Promise<UnitPage> {
  await storeUnits(db, sql, asOf);
  const search = o.search?.trim() || null;
  const rows = await db.query<Omit<UnitProfile, 'checks'> & { checks: string | null }>(
    sql.unit_profile,
    [search, o.onlyFailing, o.sort, o.descending, o.limit],
  );
  const [counts] = await db.query<{ units: number; failing: number; matched: number }>(
    sql.unit_profile_count,
    [search, o.onlyFailing],
  );
  return {
    options: o,
    ...counts,
    rows: rows.map((r) => ({
      ...r,
      checks: (r.checks ? r.checks.split(';') : []).map((c) => {
        const [id, numerator, denominator, gap] = c.split(':');
        return { id, numerator: +numerator, denominator: +denominator, gap: +gap };
      }),
    })),
  };
}

/** Every unit, by county/district, name and id (the CLI, the tests). */
export async function unitProfile(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
): Promise<UnitProfile[]> {
  const { rows } = await unitPage(db, sql, asOf, {
    ...UNIT_PAGE,
    sort: null,
    descending: false,
    limit: null,
  });
  return rows;
}
