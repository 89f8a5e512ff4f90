/* eslint-disable svelte/prefer-svelte-reactivity -- URLSearchParams here are local, not state */
import { openBrowserClient } from '../core/db-browser.ts';
import type { DuckClient } from '../core/db.ts';
import {
  activeDims,
  applyFilters,
  CATEGORY_DIMS,
  facetCounts,
  filterOptions,
  filtersToParams,
  isEmpty,
  narrowFilters,
  NO_FILTERS,
  valuesMissing,
  NONE,
  SCOPE_DIMS,
  type CategoryDim,
  type FilterDim,
  type FilterOption,
  type Filters,
  type Segment,
} from '../core/filters.ts';
import { exportCanonical, LoadError, loadCanonical, type LoadReport } from '../core/load.ts';
import { maskedSources } from '../core/mask.ts';
import { tt } from '../core/tables/text.ts';
import {
  listSnapshots,
  snapshotShown,
  people,
  ratioUnits,
  type AgeStructure,
  type Kpi,
  type PersonRow,
  type TrendPoint,
  type Report,
  type UnitMetricRow,
  type UnitPage,
  type UnitPageOptions,
} from '../core/report.ts';
import { materializeCube } from '../core/cube.ts';
import { computePanels, computeUnitPanels, withUnits, type InitialView } from '../core/panels.ts';
import {
  changedRules,
  changedSettings,
  countsYoung,
  DEFAULT_RULE_SET,
  parseRuleSet,
  ruleById,
  ruleLabel,
  ruleSetHash,
  stableJson,
  type RuleSet,
  type RuleState,
} from '../core/policy/index.ts';
import { writeRuleTables } from '../core/policy/tables.ts';
import { teamMembers, teamsKey, type TeamScore } from '../core/policy/teams.ts';
import { initDeferred, initStructure } from '../core/setup.ts';
import { i18n, type Lang, type MessageKey } from './i18n.svelte.ts';
import { Importer } from './importer.svelte.ts';
import { UnitTableModel } from './unit-table.svelte.ts';
import { parquetToIPC, toParquet } from './parquet.ts';
import {
  forgetEverything,
  keepRules,
  rulesByHash,
  saveDataset,
  savedDataset,
  storedRules,
} from './storage.ts';
import { notices } from './notices.svelte.ts';
import { viewFromParams } from '../core/untrusted.ts';
import { crossViewToParams, DEFAULT_CROSS_VIEW, type CrossView } from '../core/tables/crosstab.ts';
import { browserQueries as sql } from './queries-browser.ts';
import { num, ruleTargetText } from './format.ts';

/** The demo city, normalised ahead of time by `npm run demo-data` (the same loader and SQL). */
const DEMO = `${import.meta.env.BASE_URL}demo/`;

/** The pages: the dashboard, the rule editor (政策规则), the print-ready briefing (简报). */
export type View = 'dashboard' | 'rules' | 'briefing';

/** What a people list (反查) is asked for: a rule's population or everyone, within a part. */
export interface PeopleRequest {
  metricId?: string;
  unitId?: string;
  young?: 'young' | 'other' | null;
  /** The part of a chart or table, within the global filters. */
  segment?: Segment;
  /** The filter a chart is drawn without (it keeps its context), replaced by the segment. */
  leaveOut?: FilterDim | null;
}

/**
 * Rows this tool has normalised, served from a folder of this origin: the demo, or a roster the
 * report CLI serves to make a briefing (canonical.parquet and load-report.json).
 */
function fetchCanonical(base = DEMO): { ipc: Promise<Uint8Array>; report: Promise<LoadReport> } {
  const rows = fetch(base + 'canonical.parquet');
  const report = fetch(base + 'load-report.json');
  return {
    ipc: rows.then(async (r) => {
      if (!r.ok) throw new LoadError('', 'demo_unavailable', { status: `HTTP ${r.status}` });
      return parquetToIPC(new Uint8Array(await r.arrayBuffer()));
    }),
    report: report.then(async (r) => {
      if (!r.ok) throw new LoadError('', 'demo_unavailable', { status: `HTTP ${r.status}` });
      return (await r.json()) as LoadReport;
    }),
  };
}

/** The rules served beside a roster (rules.json), checked; null when there are none. */
async function servedRules(base: string): Promise<RuleSet | null> {
  const r = await fetch(base + 'rules.json').catch(() => null);
  return r?.ok ? parseRuleSet(await r.text()) : null;
}

/** The demo's first view, computed ahead by `npm run demo-data` (null if it is not there). */
async function fetchInitialView(): Promise<InitialView | null> {
  try {
    const r = await fetch(DEMO + 'initial-view.json');
    return r.ok ? ((await r.json()) as InitialView) : null;
  } catch {
    return null;
  }
}

/** How many views the page keeps the panels of (a view at a million cadres holds a few MB). */
const RECENT_VIEWS = 8;

/** The panels of one view, as a refresh left them. */
interface ShownPanels {
  report: Report | null;
  structure: AgeStructure | null;
  kpis: Kpi[];
  trend: TrendPoint[];
  page: UnitPage | null;
  teams: TeamScore[] | null;
}

/** Page state: the database, the loaded dataset and the report for the chosen reference date. */
export class Dashboard {
  phase = $state<MessageKey | null>('loadingDb');
  /** A failure that left nothing to show (the page shows it in place of the panels). */
  error = $state<string | null>(null);
  /** The rule set every panel follows (kept in this browser, named in the URL by its hash). */
  rules = $state<RuleSet>(DEFAULT_RULE_SET);
  /** The rule set's short name, and the rules that differ from the defaults (已修改, 自定义). */
  rulesHash = $derived(ruleSetHash(this.rules));
  changed = $derived(changedRules(this.rules));
  /** How many rules and other settings (warnings, retirement, bands …) differ from the defaults. */
  edits = $derived(this.changed.size + changedSettings(this.rules).length);
  /** The page shown: the dashboard, or the rule editor (政策规则). */
  view = $state<View>('dashboard');
  /**
   * Every leadership team in scope scored on its template (null while counting). Results like
   * this are replaced, never changed in place, so they are not made deeply reactive: at a million
   * cadres, proxying tens of thousands of teams as panels filtered them held the main thread for
   * over a second.
   */
  teams = $state.raw<TeamScore[] | null>(null);
  /** The teams of the last refresh, with what they depend on (teamsKey, the data, the rules). */
  private teamsKept: {
    key: string;
    load: LoadReport | null;
    rules: string;
    teams: TeamScore[];
  } | null = null;
  /**
   * The panels of the views shown lately, for this dataset and rule set (newest last): going back
   * to one (clearing a filter, the date before) shows it at once instead of counting it again.
   */
  private recent = new Map<string, ShownPanels>();
  private recentFor: { data: number; rules: string } | null = null;
  /** What the team scorecard shows: a template, and teams of one status or with one warning. */
  scorecard = $state<{
    template: string | null;
    status: TeamScore['status'] | null;
    warning: string | null;
  }>({ template: null, status: null, warning: null });
  snapshots = $state<string[]>([]);
  asOf = $state<string | null>(null);
  /** Baseline snapshot of J4/J5 (default: the oldest). */
  baseline = $state<string | null>(null);
  report = $state.raw<Report | null>(null);
  kpis = $state.raw<Kpi[]>([]);
  load = $state.raw<LoadReport | null>(null);
  isDemo = $state(true);
  /** Every rule city-wide at every snapshot (loaded once per dataset). */
  trend = $state.raw<TrendPoint[]>([]);
  /** Hides names everywhere (lists and exports), for screenshots. */
  masked = $state(false);
  /**
   * The people list (反查) that is open: its title and rows (null while querying; `waiting`
   * while the database starts, the list opens when it is ready).
   */
  /** The people list open: its title, rows, and the caption of the filters it passes. */
  drill = $state.raw<{
    title: string;
    rows: PersonRow[] | null;
    waiting?: boolean;
    caption?: string;
  } | null>(null);
  /** The rule whose table (per county/district, per team/unit) is shown, and its team rows. */
  unitRule = $state<string | null>(null);
  unitRows = $state.raw<UnitMetricRow[] | null>(null);
  /** Global filters (in the URL); every panel counts only the cadres that pass them. */
  filters = $state<Filters>(NO_FILTERS);
  /** Choices of every filter at the reference date, with counts. */
  options = $state.raw<Record<CategoryDim, FilterOption[]> | null>(null);
  /** Age structure for the charts (sections of the panel a filter came from keep their context). */
  structure = $state.raw<AgeStructure | null>(null);
  /** The unit table: one row per unit in scope, paged, sorted and searched in SQL. */
  readonly unitTable = new UnitTableModel(this);
  /** The view's URL parameters once every panel shows it (tests wait for this). */
  viewKey = $state('');
  /** Counts the datasets shown: a roster opened with the same date, filters and rules is new. */
  dataVersion = $state(0);
  /** The view and the dataset it shows: what a computed document or list belongs to. */
  get dataViewKey(): string {
    return `${this.dataVersion}|${this.viewKey}`;
  }
  /** False while the per-unit counts of the view on screen are still being computed. */
  settled = $state(false);
  /** The cross-tab (二维统计) on screen: its dimensions and percentages (in the URL). */
  crossView = $state<CrossView>(DEFAULT_CROSS_VIEW);
  /** Opening rosters: review, mapping, progress. */
  importer = new Importer(
    async (fn) => {
      await this.ready;
      if (!this.db) throw new LoadError('', 'db_unavailable');
      const db = this.db;
      return this.serial(() => fn(db));
    },
    (load) => this.showLoaded(load),
  );
  /** The roster kept in this browser: when it was saved, or why it could not be. */
  saved = $state<{ at: string } | { error: string } | null>(null);
  private db: DuckClient | null = null;
  // Declared first: the promise below sets it while fields are initialised in order.
  private markReady: () => void = () => {};
  /** Settles when the database holds the demo (files opened earlier wait for it). */
  private ready: Promise<void> = new Promise((resolve) => (this.markReady = resolve));
  /** Every database step runs one after another: the filters live in one shared view. */
  private queue: Promise<unknown> = Promise.resolve();
  private version = 0;
  /** A people list asked for before the database was ready. */
  private pendingPeople: (() => Promise<void>) | null = null;

  /** How many refreshes have been asked for: work queued for an earlier one is stale. */
  get refreshes(): number {
    return this.version;
  }

  /**
   * Queues `fn`. Work other than the structure panels' (`structureOnly`) first has the loader,
   * selection and flows macros created, which the page leaves until its first view is drawn.
   */
  private serial<T>(fn: () => Promise<T>, structureOnly = false): Promise<T> {
    const run = this.queue.then(async () => {
      if (!structureOnly && this.db) await this.initDeferred(this.db);
      return fn();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private deferredReady: Promise<void> | null = null;
  /** Called in the queue only, so the macros are created by one task. */
  private initDeferred(db: DuckClient): Promise<void> {
    return (this.deferredReady ??= initDeferred(db, sql));
  }

  async start(): Promise<void> {
    // The URL is anyone's to write: what is not valid is ignored, with a notice.
    const view = viewFromParams(location.search);
    if (view.lang) this.showLang(view.lang);
    this.masked = view.masked;
    this.filters = view.filters;
    if (view.view) this.view = view.view;
    if (view.cross) this.crossView = view.cross;
    // The rule set: the one the URL names, else the one kept in this browser, else the defaults.
    const named = view.rules ? rulesByHash(view.rules) : null;
    if (view.rules && !named && view.rules !== ruleSetHash(DEFAULT_RULE_SET))
      notices.add('rulesUnknown', { hash: view.rules });
    this.rules = named ?? (view.rules ? null : storedRules()) ?? DEFAULT_RULE_SET;
    if (view.ignored.length) notices.add('urlIgnored', { params: view.ignored.join(', ') });
    // The default view of the demo is drawn from its stored first view while DuckDB starts.
    const plain = !view.asOf && !view.baseline && isEmpty(this.filters) && this.edits === 0;
    // DuckDB takes seconds to start: it starts first, while the rest is looked up.
    const opening = openBrowserClient();
    opening.catch(() => {}); // awaited below
    try {
      // A roster kept in this browser comes back; otherwise the demo, fetched and decoded in the
      // Parquet worker while the database starts.
      // A folder of this origin named in the URL (the report CLI making a briefing) comes first,
      // with its rules when it has them.
      const served = view.data ? fetchCanonical(view.data) : null;
      if (view.data) {
        const rules = await servedRules(view.data);
        if (rules) this.rules = rules;
      }
      const kept = served ? null : await savedDataset();
      this.isDemo = !kept && !served;
      const demo = kept || served ? null : fetchCanonical();
      if (plain && demo)
        Promise.all([fetchInitialView(), demo.report])
          .then(([view, load]) => {
            if (view && !this.db) this.showInitial(view, load);
          })
          .catch(() => {}); // the same failure is reported below, once
      const keptRows = kept ? parquetToIPC(kept.parquet) : null;
      keptRows?.catch(() => {}); // reported below, where the demo takes its place
      const db = await opening;
      performance.mark('db-open');
      let written = this.rules;
      await initStructure(db, sql, $state.snapshot(written) as RuleSet);
      performance.mark('db-ready');
      if (kept) {
        try {
          const name = kept.sources.join('、');
          this.load = await loadCanonical(db, name, await keptRows!, kept.report);
          this.saved = { at: kept.savedAt };
        } catch (e) {
          // Saved by an older version, or damaged: the demo is shown, the user reopens the file.
          notices.add('keptUnreadable', {}, 'error', e instanceof Error ? e.message : String(e));
          this.isDemo = true;
        }
      }
      if (served) {
        const report = await served.report;
        this.load = await loadCanonical(db, report.sources.join('、'), await served.ipc, report);
      } else if (this.isDemo) {
        const { ipc, report } = demo ?? fetchCanonical();
        const rows = await ipc;
        performance.mark('demo-fetched');
        this.load = await loadCanonical(db, 'canonical.parquet', rows, await report);
      }
      performance.mark('demo-decoded');
      await materializeCube(db);
      performance.mark('data-loaded');
      // Rules edited while the database started (the rules page opens before it is ready) were
      // not written: setRules writes only to a ready database.
      while (this.rules !== written) {
        written = this.rules;
        await writeRuleTables(db, $state.snapshot(written) as RuleSet);
      }
      this.db = db;
      this.markReady();
      // Whatever the user chose meanwhile is kept.
      await this.showDataset(this.asOf ?? view.asOf, this.baseline ?? view.baseline);
      void this.serial(async () => {}); // creates the loader, selection and flows macros
      const pending = this.pendingPeople;
      this.pendingPeople = null;
      await pending?.();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.phase = null;
    }
  }

  /** After an import: the new dataset on screen, then kept in this browser. */
  private async showLoaded(load: LoadReport): Promise<void> {
    const db = this.db!;
    if (load.sheetsNotRead?.length)
      notices.add('sheetsNotRead', {
        sheets: load.sheetsNotRead
          .map((x) =>
            i18n.lang === 'zh' ? `${x.file} 中的“${x.sheet}”` : `“${x.sheet}” of ${x.file}`,
          )
          .join(i18n.t('listSep')),
      });
    await this.serial(() => materializeCube(db));
    this.load = load;
    this.isDemo = false;
    this.filters = NO_FILTERS;
    this.error = null;
    this.unitRule = null;
    await this.showDataset(null, null);
    await this.keep(load);
  }

  /** Saves the loaded rows (as Parquet) and their report in IndexedDB. */
  private async keep(load: LoadReport): Promise<void> {
    const db = this.db!;
    try {
      const parquet = await toParquet(await this.serial(() => exportCanonical(db)));
      const savedAt = new Date().toISOString();
      await saveDataset({ sources: load.sources, savedAt, parquet, report: load });
      this.saved = { at: savedAt };
    } catch (e) {
      this.saved = { error: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Shows the demo city again (a roster kept in this browser stays kept). */
  async showDemo(): Promise<void> {
    await this.ready;
    if (!this.db) return;
    const db = this.db;
    this.phase = 'loadingData';
    this.error = null;
    this.unitRule = null;
    try {
      const demo = fetchCanonical();
      const [ipc, report] = await Promise.all([demo.ipc, demo.report]);
      this.load = await this.serial(async () => {
        const l = await loadCanonical(db, 'canonical.parquet', ipc, report);
        await materializeCube(db);
        return l;
      });
      this.isDemo = true;
      this.filters = NO_FILTERS;
      await this.showDataset(null, null);
    } catch (e) {
      notices.addText('error', e instanceof Error ? e.message : String(e));
      this.phase = null;
    }
  }

  /** Removes every byte of data this page stored in the browser, then shows the demo. */
  async forgetAll(): Promise<void> {
    notices.clear();
    const failed = await forgetEverything();
    if (failed.length) notices.add('forgetIncomplete', { stores: failed.join(', ') });
    this.saved = null;
    await this.showDemo();
  }

  /** The stored first view, until the database has computed it live. */
  private showInitial(view: InitialView, load: LoadReport): void {
    this.snapshots = view.snapshots;
    this.asOf = view.asOf;
    this.baseline = view.baseline;
    this.options = view.options;
    this.load = load;
    this.report = {
      ...withUnits(view.panels.report, view.units.units),
      rejected: load.rejected,
      warnings: load.warnings,
    };
    this.structure = view.panels.structure;
    this.kpis = view.panels.kpis;
    this.trend = view.panels.trend;
    this.unitTable.page = view.units.profile;
    this.teams = view.units.teams;
    performance.mark('initial-view');
  }

  /** After a load: the snapshots, the trend, then the report (newest snapshot unless asked). */
  private async showDataset(asOf: string | null, baseline: string | null): Promise<void> {
    if (!this.db) return;
    this.dataVersion++;
    this.snapshots = (await listSnapshots(this.db, sql)).map((s) => s.snapshot_date);
    const newest = this.snapshots[this.snapshots.length - 1];
    // A baseline that is no snapshot of this roster (a link made on another one): the snapshot
    // in force then, else the first, and the notice says which. A reference date is any date
    // from the first snapshot on (推演, as the CLI's --as-of); before it, the newest.
    const base = snapshotShown(this.snapshots, baseline, this.snapshots[0]);
    if (base.note)
      notices.add(base.note === 'inForce' ? 'baselineInForce' : 'baselineBeforeFirst', {
        asked: baseline ?? '',
        shown: base.shown,
      });
    this.baseline = base.shown;
    const date = asOf === null || snapshotShown(this.snapshots, asOf, newest).note !== 'before';
    if (!date) notices.add('asOfBeforeFirst', { asked: asOf ?? '', shown: newest });
    await this.setAsOf(date ? (asOf ?? newest) : newest);
    for (const m of this.options ? valuesMissing(this.filters, this.options) : [])
      notices.add('filterValuesMissing', {
        dim: () => i18n.t(`dim_${m.dim}`),
        values: () => m.values.map((v) => i18n.v(v)).join(i18n.t('listSep')),
        n: m.values.length,
        date: this.asOf ?? '',
      });
  }

  async setAsOf(asOf: string): Promise<void> {
    if (!this.db) {
      this.asOf = asOf; // applied when the database is ready
      return;
    }
    this.phase = 'computing';
    this.asOf = asOf;
    this.version++; // a refresh still running for the previous date must not show its result
    const db = this.db;
    this.options = await this.serial(() => filterOptions(db, asOf), true);
    await this.refresh();
  }

  setFilters(filters: Filters): Promise<void> {
    this.filters = filters;
    return this.refresh();
  }

  /**
   * Recomputes every panel for the reference date, baseline and filters. Changes that arrive
   * while a refresh runs are folded into the next one; a superseded result is never shown.
   */
  private async refresh(): Promise<void> {
    const db = this.db;
    const asOf = this.asOf;
    if (!db || !asOf) return;
    const version = ++this.version;
    // What the panels are computed from: a rule set or dataset put in force meanwhile is not.
    const stamp = { data: this.dataVersion, rules: this.rulesHash };
    const seen = this.recentView(asOf);
    if (seen) {
      // The database follows the view all the same: people lists, the tables and the flows that
      // come next in the queue count under the filters in force.
      const filters = $state.snapshot(this.filters) as Filters;
      void this.serial(() => applyFilters(db, filters), true);
      this.show(seen);
      return;
    }
    this.phase = 'computing';
    await this.serial(async () => {
      if (version !== this.version) return;
      const filters = $state.snapshot(this.filters) as Filters;
      const baseline = this.baseline ?? this.snapshots[0];
      const table = this.unitTable.options();
      const panelsKey = this.panelsKey(asOf, table);
      const panels = await computePanels(db, sql, {
        asOf,
        baseline,
        filters,
        load: this.load ?? undefined,
      });
      if (version !== this.version) return;
      // The city-wide panels show at once; the per-unit counts follow (they read every row).
      this.report = panels.report;
      this.structure = panels.structure;
      this.kpis = panels.kpis;
      this.trend = panels.trend;
      this.unitTable.page = null;
      this.teams = null;
      this.settled = false;
      this.phase = null;
      performance.mark('report-ready');
      const key = teamsKey(asOf, filters);
      const kept = this.teamsKept;
      const same = kept?.key === key && kept.load === this.load && kept.rules === this.rulesHash;
      const units = await computeUnitPanels(db, sql, asOf, same ? kept.teams : null, table);
      const unitRows = this.unitRule ? await this.unitRowsOf(db, asOf, this.unitRule) : null;
      if (version !== this.version) return;
      this.report = withUnits(panels.report, units.units);
      this.unitTable.page = units.profile;
      this.teams = units.teams;
      this.teamsKept = { key, load: this.load, rules: this.rulesHash, teams: units.teams };
      if (this.unitRule) this.unitRows = unitRows;
      this.settled = true;
      this.syncUrl();
      this.remember(panelsKey, stamp, {
        report: this.report,
        structure: this.structure,
        kpis: this.kpis,
        trend: this.trend,
        page: units.profile,
        teams: units.teams,
      });
    }, true);
  }

  /** Everything a refresh's panels depend on but the data and the rules. */
  private panelsKey(asOf: string, table: UnitPageOptions): string {
    return JSON.stringify([
      asOf,
      this.baseline ?? this.snapshots[0],
      $state.snapshot(this.filters),
      table,
    ]);
  }

  /**
   * The panels of a view shown lately, if the data and the rules are still those. Not while a
   * rule's table per team/unit is open: its rows are counted afresh.
   */
  private recentView(asOf: string): ShownPanels | null {
    const now = this.recentFor;
    if (!now || now.data !== this.dataVersion || now.rules !== this.rulesHash) return null;
    if (this.unitRule) return null;
    const key = this.panelsKey(asOf, this.unitTable.options());
    const seen = this.recent.get(key);
    if (!seen) return null;
    this.recent.delete(key);
    this.recent.set(key, seen);
    return seen;
  }

  private remember(key: string, stamp: { data: number; rules: string }, shown: ShownPanels): void {
    if (stamp.data !== this.dataVersion || stamp.rules !== this.rulesHash) return;
    const now = this.recentFor;
    if (!now || now.data !== stamp.data || now.rules !== stamp.rules) {
      this.recent.clear();
      this.recentFor = stamp;
    }
    this.recent.set(key, shown);
    if (this.recent.size > RECENT_VIEWS) this.recent.delete(this.recent.keys().next().value!);
  }

  private show(v: ShownPanels): void {
    this.report = v.report;
    this.structure = v.structure;
    this.kpis = v.kpis;
    this.trend = v.trend;
    this.unitTable.page = v.page;
    this.teams = v.teams;
    this.phase = null;
    this.settled = true;
    this.syncUrl();
    performance.mark('panels-recalled');
  }

  /** The team/unit rows of a rule that applies to each team/unit (none for the others). */
  private async unitRowsOf(
    db: DuckClient,
    asOf: string,
    metricId: string,
  ): Promise<UnitMetricRow[]> {
    const rule = ruleById(this.rules, metricId);
    if (rule?.kind !== 'ratio' || !rule.perUnit) return [];
    return (await ratioUnits(db, sql, asOf)).filter((r) => r.id === metricId);
  }

  /** A rule's label in the current language (any kind of rule), or its id. */
  ruleLabel(id: string): string {
    return ruleLabel(this.rules, id, i18n.lang) ?? id;
  }

  /** Whether a rule's numerator is its young cadres (not women, members … of a custom rule). */
  countsYoung(id: string): boolean {
    const r = ruleById(this.rules, id);
    return !r || r.kind !== 'ratio' || countsYoung(r);
  }

  /** What a rule's numerator is called: "Y1 年轻干部", or "W1 计入分子的人员" for a rule counting women. */
  numeratorTitle(id: string): string {
    return i18n.t(this.countsYoung(id) ? 'youngOf' : 'countedOf', { id });
  }

  /** A rule's label with its mark, for titles and captions: "…（已修改）". */
  ruleTitle(id: string): string {
    const mark = this.ruleMark(id);
    const label = this.ruleLabel(id);
    if (!mark) return label;
    // A changed or added ratio rule says its target too: an exported table's title then says
    // what its 还差 counts against.
    const r = ruleById(this.rules, id);
    const word = i18n.t(mark === 'custom' ? 'ruleCustom' : 'ruleModified');
    const target =
      r?.kind === 'ratio' ? `${i18n.t('listSep')}${i18n.t('target')} ${ruleTargetText(r)}` : '';
    return label + i18n.t('inParens', { x: word + target });
  }

  /** A filter value as the page shows it (units by name, empty cells in words). */
  valueLabel(dim: CategoryDim, v: string): string {
    if (v === NONE) return dim === 'reserve' ? i18n.t('notReserve') : i18n.t('noneValue');
    if (dim === 'unit') return this.options?.unit.find((o) => o.value === v)?.label ?? v;
    return i18n.v(v);
  }

  /** The files the data came from, as the page may show them (forms counted when masked). */
  sourceNames(): string[] {
    const names = this.report?.sources ?? [];
    return this.masked ? maskedSources(names, i18n.lang) : names;
  }

  /** Where the figures come from: the files (or the demo) and what became of their rows. */
  sourceText(): string {
    const report = this.report;
    if (!report) return '';
    const t = i18n.t;
    return `${this.isDemo ? t('demoNote') : this.sourceNames().join(t('listSep'))} · ${t('rows', {
      read: num(report.rows.read),
      loaded: num(report.rows.loaded),
      rejected: num(report.rows.rejected),
      skipped: num(report.rows.skipped),
      warnings: num(report.warnings.length),
    })}`;
  }

  /**
   * Where numbers come from, in words: the scope (whole city, counties, units), then every other
   * filter of `f`. Captions and people-list titles use it, so a title names exactly the filters
   * its list passes.
   */
  describe(f: Filters): string {
    const t = i18n.t;
    const units = f.values.unit ?? [];
    const regions = f.values.region ?? [];
    let scope = units.length
      ? units.map((u) => this.valueLabel('unit', u)).join(t('listSep'))
      : regions.length
        ? regions.map((r) => this.valueLabel('region', r)).join(t('listSep'))
        : t('wholeCity');
    const others = CATEGORY_DIMS.filter(
      (d) => d !== 'unit' && d !== 'region' && f.values[d]?.length,
    ).map(
      (d) =>
        `${t(`dim_${d}` as MessageKey)}=${f.values[d]!.map((v) => this.valueLabel(d, v)).join('/')}`,
    );
    if (f.age) others.push(`${t('dim_age')}=${f.age.min}–${f.age.max}`);
    if (others.length) scope += t('filtered', { list: others.join(t('listSep')) });
    return scope;
  }

  /**
   * The reference date as captions write it. A date that is no snapshot (推演: a later date, or
   * one between two) names the roster whose people it ages, as the standard tables do.
   */
  dateText(r: Report | null = this.report): string {
    if (!r) return this.asOf ?? '';
    return r.snapshotDate && r.snapshotDate !== r.asOf
      ? r.asOf + tt(i18n.lang, 'snapshotNote', { date: r.snapshotDate })
      : r.asOf;
  }

  /** The date and the scope alone (region, unit, unit type): for teams, judged on all members. */
  scopeCaption(): string {
    const v = this.filters.values;
    const scope: Filters = { values: { region: v.region, unit: v.unit, unit_type: v.unit_type } };
    for (const d of SCOPE_DIMS) if (!v[d]) delete scope.values[d];
    return i18n.t('chartCaption', { date: this.dateText(), scope: this.describe(scope) });
  }

  /**
   * A chart's caption: the date and what it counts. A chart drawn without its own filter (it
   * keeps its context while the user acts on it) says so.
   */
  caption(leaveOut: FilterDim | null = null, list = false): string {
    const date = this.dateText();
    const left = leaveOut !== null && activeDims(this.filters).includes(leaveOut);
    const f = left ? narrowFilters(this.filters, {}, leaveOut)! : this.filters;
    const text = i18n.t('chartCaption', { date, scope: this.describe(f) });
    if (!left) return text;
    const dim = i18n.t(`dim_${leaveOut}` as MessageKey);
    return text + i18n.t(list ? 'leftOutList' : 'leftOut', { dim });
  }

  /**
   * The people behind a number: a rule's population or a part of a chart, within the filters
   * (narrowed by the part). The title is `what` and the filters the list passes. Asked for while
   * the database starts, the list opens when it is ready.
   */
  async openPeople(what: string, req: PeopleRequest = {}): Promise<void> {
    const filters = $state.snapshot(this.filters) as Filters;
    const effective = narrowFilters(filters, req.segment, req.leaveOut ?? null);
    // `what` names the part (a band, a bar); the scope says the user's filters it keeps.
    const kept = narrowFilters(filters, {}, req.leaveOut ?? null) ?? filters;
    const title = `${what} · ${this.describe(kept)}`;
    // A part of a chart drawn without one of the filters is stamped so, as its chart is.
    const caption = this.caption(req.leaveOut ?? null, true);
    const db = this.db;
    const asOf = this.asOf;
    if (!db || !asOf || this.phase === 'loadingDb') {
      this.drill = { title, rows: null, waiting: true, caption };
      this.pendingPeople = () => this.openPeople(what, req);
      return;
    }
    this.drill = { title, rows: null, caption };
    const { metricId, unitId, young } = req;
    const rows = !effective
      ? []
      : await this.serial(async () => {
          const same = JSON.stringify(effective) === JSON.stringify(narrowFilters(filters));
          if (same) return people(db, sql, { asOf, metricId, unitId, young });
          await applyFilters(db, effective);
          try {
            return await people(db, sql, { asOf, metricId, unitId, young });
          } finally {
            await applyFilters(db, filters);
          }
        });
    if (this.drill?.title === title) this.drill = { title, rows, caption };
  }

  /**
   * The members of a team, or those who count for one of its items or warnings. A team is
   * judged on all its members, so the list is too: its title says so instead of the filters.
   */
  async openTeamPeople(
    what: string,
    team: { unitId: string; name: string; templateId: string; countsFor?: string | null },
  ): Promise<void> {
    const title = `${what} · ${i18n.t('teamAllMembers')}`;
    // Its scope is the team, whatever the person filters (the page's caption would name them).
    const caption = i18n.t('teamCaption', { date: this.dateText(), team: team.name });
    const db = this.db;
    const asOf = this.asOf;
    if (!db || !asOf || this.phase === 'loadingDb') {
      this.drill = { title, rows: null, waiting: true, caption };
      this.pendingPeople = () => this.openTeamPeople(what, team);
      return;
    }
    this.drill = { title, rows: null, caption };
    const rows = await this.serial(() =>
      teamMembers(db, sql, asOf, team.unitId, team.templateId, team.countsFor ?? null),
    );
    if (this.drill?.title === title) this.drill = { title, rows, caption };
  }

  /**
   * Runs `fn` on the database in the queue, at the reference date and under the filters in
   * force: what the exports and the cross-tab ask for. Null while the database starts.
   */
  async run<T>(fn: (db: DuckClient, asOf: string) => Promise<T>): Promise<T | null> {
    const db = this.db;
    const asOf = this.asOf;
    if (!db || !asOf || this.phase === 'loadingDb') return null;
    return this.serial(() => fn(db, asOf));
  }

  /**
   * Runs `fn` on the database in the queue (once it is ready) for the refresh numbered `asked`
   * (`refreshes` when the work was asked for): skipped, null, when a newer refresh has been asked
   * for by its turn, as that refresh does the work again.
   */
  async runFor<T>(
    asked: number,
    fn: (db: DuckClient, asOf: string) => Promise<T | null>,
  ): Promise<T | null> {
    return this.withDb((db) => {
      const asOf = this.asOf;
      return asked === this.version && asOf ? fn(db, asOf) : Promise.resolve(null);
    });
  }

  setCrossView(v: CrossView): void {
    this.crossView = v;
    this.syncUrl();
  }

  /**
   * Runs `fn` on the database after every step queued before it (the filters live in shared
   * tables); null when the database did not start. Panels with their own queries use it.
   */
  async withDb<T>(fn: (db: DuckClient) => Promise<T>): Promise<T | null> {
    await this.ready;
    const db = this.db;
    return db ? this.serial(() => fn(db)) : null;
  }

  /** A people list from a panel's own query, titled like openPeople's (what · the filters). */
  async openRows(
    what: string,
    fetch: (db: DuckClient) => Promise<PersonRow[]>,
    /** The snapshot the rows show (ages, posts), when it is not the one in force. */
    date?: string,
    /** Appended to the caption: when rows from several dates are from (派出时, 提拔时 …). */
    note?: string,
    /** The part of the scope the rows are limited to (a county's row): named as the scope. */
    segment?: Segment,
  ): Promise<void> {
    const filters = $state.snapshot(this.filters) as Filters;
    const scope = this.describe((segment && narrowFilters(filters, segment)) || filters);
    const title = `${what} · ${scope}`;
    const stamp =
      date || note || segment
        ? i18n.t('chartCaption', { date: date ?? this.dateText(), scope })
        : undefined;
    const caption = stamp && note ? stamp + note : stamp;
    this.drill = { title, rows: null, waiting: !this.db, caption };
    const rows = await this.withDb(fetch);
    if (this.drill?.title === title) this.drill = { title, rows: rows ?? [], caption };
  }

  closePeople(): void {
    this.drill = null;
    this.pendingPeople = null;
  }

  /** Opens a rule's table: per county/district, and per team/unit where the rule is per team. */
  async showUnits(metricId: string): Promise<void> {
    this.unitRule = metricId;
    this.unitRows = null;
    if (!this.db || !this.asOf) return; // filled by the refresh once the database is ready
    const db = this.db;
    const asOf = this.asOf;
    const rows = await this.serial(() => this.unitRowsOf(db, asOf, metricId));
    if (this.unitRule === metricId) this.unitRows = rows;
  }

  closeUnits(): void {
    this.unitRule = null;
    this.unitRows = null;
  }

  /** Every per-team rule's units at the reference date (the briefing names those short). */
  async allUnitRows(): Promise<UnitMetricRow[]> {
    const db = this.db;
    const asOf = this.asOf;
    if (!db || !asOf) return [];
    return this.serial(() => ratioUnits(db, sql, asOf));
  }

  /** A filter menu's counts: each value of `dim` under every other filter. */
  async facetCounts(dim: CategoryDim): Promise<Map<string, number> | null> {
    const db = this.db;
    const asOf = this.asOf;
    if (!db || !asOf) return null;
    const filters = $state.snapshot(this.filters) as Filters;
    return this.serial(() => facetCounts(db, asOf, filters, dim));
  }

  async setBaseline(baseline: string): Promise<void> {
    this.baseline = baseline;
    await this.refresh();
  }

  setMasked(masked: boolean): void {
    this.masked = masked;
    this.syncUrl();
  }

  setLang(lang: Lang): void {
    this.showLang(lang);
    this.syncUrl();
  }

  /** The page in a language: its words, its lang attribute and its title (the browser's tab). */
  private showLang(lang: Lang): void {
    i18n.lang = lang;
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = i18n.t('title');
  }

  /**
   * Puts a (checked) rule set in force: every panel, caption and list follows; it is kept in
   * this browser and named in the URL. Null brings back the defaults.
   */
  async setRules(rs: RuleSet | null): Promise<void> {
    const next = rs ?? DEFAULT_RULE_SET;
    this.rules = next;
    keepRules(stableJson(next) === stableJson(DEFAULT_RULE_SET) ? null : next);
    const db = this.db;
    if (db) await this.serial(() => writeRuleTables(db, next));
    if (this.unitRule && !ruleById(next, this.unitRule)) this.unitRule = null;
    this.syncUrl();
    await this.refresh();
  }

  /** How a rule differs from the defaults: 'modified' (已修改), 'custom' (自定义) or null. */
  ruleMark(id: string): Exclude<RuleState, 'default'> | null {
    const state = this.changed.get(id);
    return state === 'modified' || state === 'custom' ? state : null;
  }

  setView(view: View): void {
    this.view = view;
    this.syncUrl();
    window.scrollTo(0, 0);
  }

  private syncUrl(): void {
    const params = new URLSearchParams();
    if (this.view !== 'dashboard') params.set('view', this.view);
    if (this.edits) params.set('rules', this.rulesHash);
    if (this.asOf) params.set('asOf', this.asOf);
    if (this.baseline && this.baseline !== this.snapshots[0]) params.set('baseline', this.baseline);
    if (i18n.lang !== 'zh') params.set('lang', i18n.lang);
    if (this.masked) params.set('mask', '1');
    filtersToParams(this.filters, params);
    crossViewToParams(this.crossView, params);
    this.viewKey = params.toString();
    history.replaceState(null, '', `${location.pathname}?${params}`);
  }
}
