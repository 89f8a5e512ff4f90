import { materializeCube } from './cube.ts';
import type { DuckClient } from './db.ts';
import {
  activeDims,
  applyFilters,
  filterOptions,
  NO_FILTERS,
  type CategoryDim,
  type FilterDim,
  type FilterOption,
  type Filters,
} from './filters.ts';
import type { LoadReport } from './load.ts';
import { teamScores, type TeamScore } from './policy/teams.ts';
import type { QueryTexts } from './queries.ts';
import {
  ageStructure,
  computeReport,
  kpis,
  listSnapshots,
  ratioTrend,
  unitPage,
  unitsSummary,
  UNIT_PAGE,
  type AgeStructure,
  type Kpi,
  type Report,
  type TrendPoint,
  type UnitPage,
  type UnitPageOptions,
  type UnitsSummary,
} from './report.ts';

/**
 * The structure sections a chart shows and the filter that chart sets: when that filter is on,
 * the chart is computed without it, so the panel the user acts on keeps its context.
 */
export const CONTEXT: [FilterDim, { sections: string[]; grids: string[] }][] = [
  ['age', { sections: ['band'], grids: ['pyramid'] }],
  ['cohort', { sections: ['cohort'], grids: [] }],
  ['years_at_level', { sections: ['years_at_level'], grids: [] }],
  ['education', { sections: ['education'], grids: [] }],
  ['education_fulltime', { sections: ['education_fulltime'], grids: [] }],
  ['grassroots', { sections: ['grassroots'], grids: [] }],
];

export interface Panels {
  /** City-wide figures; unitsEvaluated/unitsFailing come with the unit panels. */
  report: Report;
  /** The age structure as the charts show it (with each acting panel's own context). */
  structure: AgeStructure;
  kpis: Kpi[];
  trend: TrendPoint[];
}

export interface UnitPanels {
  units: UnitsSummary[];
  /** The unit table's page for the options it was asked with. */
  profile: UnitPage;
  /** Every leadership team in scope scored on its template. */
  teams: TeamScore[];
}

/**
 * The city-wide panels for a reference date, a baseline and the filters, from the cube. Leaves
 * the views on the filters, so the unit panels and people lists that follow count the same cadres.
 */
export async function computePanels(
  db: DuckClient,
  sql: QueryTexts,
  opts: { asOf: string; baseline: string; filters: Filters; load?: LoadReport },
): Promise<Panels> {
  const { asOf, baseline, filters } = opts;
  // The charts that keep their context first, so the filters are written once more at the end.
  const active = activeDims(filters);
  const wider = CONTEXT.filter(([dim]) => active.includes(dim));
  const context: AgeStructure[] = [];
  for (const [dim, { sections, grids }] of wider) {
    // Into scoped_context: scoped_table keeps the filters in force for what follows.
    await applyFilters(db, filters, dim, 'context');
    context.push(await ageStructure(db, sql, asOf, [...sections, ...grids]));
  }
  await applyFilters(db, filters);
  const whole = await ageStructure(db, sql, asOf);
  const report = await computeReport(db, sql, {
    asOf,
    baseline,
    load: opts.load,
    structure: whole,
    withoutUnits: true,
  });
  const k = await kpis(db, sql, asOf);
  const trend = await ratioTrend(db, sql);
  const shown: AgeStructure = {
    ...whole,
    sections: { ...whole.sections },
    grids: { ...whole.grids },
  };
  wider.forEach(([, { sections, grids }], i) => {
    for (const x of sections) shown.sections[x] = context[i].sections[x] ?? {};
    for (const g of grids) shown.grids[g] = context[i].grids[g] ?? [];
  });
  return { report, structure: shown, kpis: k, trend };
}

/**
 * The per-unit panels (every row is read): units short of each rule, the unit table, the teams.
 * Teams are judged on all their members, so a change of the person filters alone leaves them as
 * they were: the caller passes them back (same teamsKey, data and rules) instead of scoring again.
 */
export async function computeUnitPanels(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  /** The teams of an earlier refresh with the same data, rules and teamsKey (kept, not read). */
  teams?: TeamScore[] | null,
  /** The unit table's search, sort and length. */
  table: UnitPageOptions = UNIT_PAGE,
): Promise<UnitPanels> {
  return {
    units: await unitsSummary(db, sql, asOf),
    profile: await unitPage(db, sql, asOf, table),
    teams: teams ?? (await teamScores(db, sql, asOf)),
  };
}

/** The report with each rule's per-unit counts filled in. */
export function withUnits(report: Report, units: UnitsSummary[]): Report {
  const byId = new Map(units.map((u) => [u.metric_id, u]));
  return {
    ...report,
    metrics: report.metrics.map((m) => {
      const u = byId.get(m.id);
      return u ? { ...m, unitsEvaluated: u.units_evaluated, unitsFailing: u.units_failing } : m;
    }),
  };
}

/** Everything the first view of a dataset shows: newest snapshot, oldest baseline, no filters. */
export interface InitialView {
  snapshots: string[];
  asOf: string;
  baseline: string;
  options: Record<CategoryDim, FilterOption[]>;
  panels: Panels;
  units: UnitPanels;
}

/**
 * The first view, computed by the same queries; `npm run demo-data` stores it for the demo, so
 * the page can draw it while DuckDB is still starting (as Evidence pre-renders its queries).
 */
export async function computeInitialView(
  db: DuckClient,
  sql: QueryTexts,
  load?: LoadReport,
): Promise<InitialView> {
  await materializeCube(db);
  const snapshots = (await listSnapshots(db, sql)).map((s) => s.snapshot_date);
  const asOf = snapshots[snapshots.length - 1];
  const baseline = snapshots[0];
  const options = await filterOptions(db, asOf);
  const panels = await computePanels(db, sql, { asOf, baseline, filters: NO_FILTERS, load });
  const units = await computeUnitPanels(db, sql, asOf);
  return { snapshots, asOf, baseline, options, panels, units };
}
