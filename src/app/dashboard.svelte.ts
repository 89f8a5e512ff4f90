/* eslint-disable svelte/prefer-svelte-reactivity -- URLSearchParams here are local, not state */
import { openBrowserClient } from '../core/db-browser.ts';
import type { DuckClient } from '../core/db.ts';
import {
  applyFilters,
  filterOptions,
  filtersFromParams,
  filtersToParams,
  isEmpty,
  NO_FILTERS,
  type CategoryDim,
  type FilterOption,
  type Filters,
} from '../core/filters.ts';
import { exportCanonical, LoadError, loadCanonical, type LoadReport } from '../core/load.ts';
import {
  listSnapshots,
  people,
  ratioUnits,
  type AgeStructure,
  type Kpi,
  type PersonRow,
  type TrendPoint,
  type Report,
  type UnitProfile,
} from '../core/report.ts';
import { materializeCube } from '../core/cube.ts';
import { computePanels, computeUnitPanels, withUnits, type InitialView } from '../core/panels.ts';
import { DEFAULT_RULES } from '../core/rules.ts';
import { initDatabase } from '../core/setup.ts';
import { i18n, type Lang, type MessageKey } from './i18n.svelte.ts';
import { Importer } from './importer.svelte.ts';
import { parquetToIPC, toParquet } from './parquet.ts';
import { forgetEverything, saveDataset, savedDataset } from './storage.ts';
import { browserQueries as sql } from './queries-browser.ts';

/** The demo city, normalised ahead of time by `npm run demo-data` (the same loader and SQL). */
const DEMO = `${import.meta.env.BASE_URL}demo/`;

export interface UnitRow {
  metric_id: string;
  region: string | null;
  unit_id: string | null;
  unit_name: string | null;
  numerator: number;
  denominator: number;
  value: number;
  met: boolean;
  gap: number | null;
}

function fetchDemo(): { ipc: Promise<Uint8Array>; report: Promise<LoadReport> } {
  const rows = fetch(DEMO + 'canonical.parquet');
  const report = fetch(DEMO + 'load-report.json');
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

/** The demo's first view, computed ahead by `npm run demo-data` (null if it is not there). */
async function fetchInitialView(): Promise<InitialView | null> {
  try {
    const r = await fetch(DEMO + 'initial-view.json');
    return r.ok ? ((await r.json()) as InitialView) : null;
  } catch {
    return null;
  }
}

/** A part of the view in people lists: these filter values on top of the global filters. */
export interface Segment {
  values?: Filters['values'];
  age?: Filters['age'];
}

/** Page state: the database, the loaded dataset and the report for the chosen reference date. */
export class Dashboard {
  phase = $state<MessageKey | null>('loadingDb');
  error = $state<string | null>(null);
  snapshots = $state<string[]>([]);
  asOf = $state<string | null>(null);
  /** Baseline snapshot of J4/J5 (default: the oldest). */
  baseline = $state<string | null>(null);
  report = $state<Report | null>(null);
  kpis = $state<Kpi[]>([]);
  load = $state<LoadReport | null>(null);
  isDemo = $state(true);
  /** Every rule city-wide at every snapshot (loaded once per dataset). */
  trend = $state<TrendPoint[]>([]);
  /** Hides names everywhere (lists and exports), for screenshots. */
  masked = $state(false);
  /** The people list (反查) that is open: its title and rows (null while querying). */
  drill = $state<{ title: string; rows: PersonRow[] | null } | null>(null);
  /** The rule whose per-unit table is shown, and its rows. */
  unitRule = $state<string | null>(null);
  unitRows = $state<UnitRow[] | null>(null);
  /** Global filters (in the URL); every panel counts only the cadres that pass them. */
  filters = $state<Filters>(NO_FILTERS);
  /** Choices of every filter at the reference date, with counts. */
  options = $state<Record<CategoryDim, FilterOption[]> | null>(null);
  /** Age structure for the charts (sections of the panel a filter came from keep their context). */
  structure = $state<AgeStructure | null>(null);
  /** One row per unit in scope. */
  profile = $state<UnitProfile[] | null>(null);
  /** The view's URL parameters once every panel shows it (tests wait for this). */
  viewKey = $state('');
  /** False while the per-unit counts of the view on screen are still being computed. */
  settled = $state(false);
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

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async start(): Promise<void> {
    const params = new URLSearchParams(location.search);
    const lang = params.get('lang');
    if (lang === 'en' || lang === 'zh') i18n.lang = lang as Lang;
    this.masked = params.get('mask') === '1';
    this.filters = filtersFromParams(params);
    // The default view of the demo is drawn from its stored first view while DuckDB starts.
    const plain = !params.has('asOf') && !params.has('baseline') && isEmpty(this.filters);
    try {
      // A roster kept in this browser comes back; otherwise the demo, fetched and decoded in the
      // Parquet worker while the database starts.
      const kept = await savedDataset();
      this.isDemo = !kept;
      const demo = kept ? null : fetchDemo();
      if (plain && demo)
        Promise.all([fetchInitialView(), demo.report])
          .then(([view, load]) => {
            if (view && !this.db) this.showInitial(view, load);
          })
          .catch(() => {}); // the same failure is reported below, once
      const keptRows = kept ? parquetToIPC(kept.parquet) : null;
      keptRows?.catch(() => {}); // reported below, where the demo takes its place
      const db = await openBrowserClient();
      await initDatabase(db, sql, DEFAULT_RULES);
      performance.mark('db-ready');
      if (kept) {
        try {
          const name = kept.sources.join('、');
          this.load = await loadCanonical(db, name, await keptRows!, kept.report);
          this.saved = { at: kept.savedAt };
        } catch (e) {
          // Saved by an older version, or damaged: the demo is shown, the user reopens the file.
          this.error = i18n.t('keptUnreadable', {
            error: e instanceof Error ? e.message : String(e),
          });
          this.isDemo = true;
        }
      }
      if (this.isDemo) {
        const { ipc, report } = demo ?? fetchDemo();
        this.load = await loadCanonical(db, 'canonical.parquet', await ipc, await report);
      }
      performance.mark('demo-decoded');
      await materializeCube(db);
      performance.mark('data-loaded');
      this.db = db;
      this.markReady();
      // Whatever the user chose meanwhile is kept.
      await this.showDataset(
        this.asOf ?? params.get('asOf'),
        this.baseline ?? params.get('baseline'),
      );
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.phase = null;
    }
  }

  /** After an import: the new dataset on screen, then kept in this browser. */
  private async showLoaded(load: LoadReport): Promise<void> {
    const db = this.db!;
    await this.serial(() => materializeCube(db));
    this.load = load;
    this.isDemo = false;
    this.filters = NO_FILTERS;
    this.error = null;
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
    try {
      const demo = fetchDemo();
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
      this.error = e instanceof Error ? e.message : String(e);
      this.phase = null;
    }
  }

  /** Removes every byte of data this page stored in the browser, then shows the demo. */
  async forgetAll(): Promise<void> {
    await forgetEverything();
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
    this.profile = view.units.profile;
    performance.mark('initial-view');
  }

  /** After a load: the snapshots, the trend, then the report (newest snapshot unless asked). */
  private async showDataset(asOf: string | null, baseline: string | null): Promise<void> {
    if (!this.db) return;
    this.snapshots = (await listSnapshots(this.db, sql)).map((s) => s.snapshot_date);
    const known = (d: string | null) => d !== null && this.snapshots.includes(d);
    this.baseline = known(baseline) ? baseline : this.snapshots[0];
    await this.setAsOf(known(asOf) ? asOf! : this.snapshots[this.snapshots.length - 1]);
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
    this.options = await this.serial(() => filterOptions(db, asOf));
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
    this.phase = 'computing';
    await this.serial(async () => {
      if (version !== this.version) return;
      const filters = $state.snapshot(this.filters) as Filters;
      const baseline = this.baseline ?? this.snapshots[0];
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
      this.profile = null;
      this.settled = false;
      this.phase = null;
      performance.mark('report-ready');
      const units = await computeUnitPanels(db, sql, asOf);
      const unitRows = this.unitRule ? await this.unitRowsOf(db, asOf, this.unitRule) : null;
      if (version !== this.version) return;
      this.report = withUnits(panels.report, units.units);
      this.profile = units.profile;
      if (this.unitRule) this.unitRows = unitRows;
      this.settled = true;
      this.syncUrl();
    });
  }

  private async unitRowsOf(db: DuckClient, asOf: string, metricId: string): Promise<UnitRow[]> {
    const rows = await ratioUnits(db, sql, asOf);
    return rows.filter(
      (r) => r.metric_id === metricId && r.scope === 'unit',
    ) as unknown as UnitRow[];
  }

  /** The people behind a number: a rule's population or a part of a chart, within the filters. */
  async openPeople(
    title: string,
    filter: {
      metricId?: string;
      unitId?: string;
      young?: 'young' | 'other' | null;
      segment?: Segment;
    },
  ): Promise<void> {
    const db = this.db;
    const asOf = this.asOf;
    if (!db || !asOf) return;
    this.drill = { title, rows: null };
    const { segment, ...rest } = filter;
    const filters = $state.snapshot(this.filters) as Filters;
    const rows = await this.serial(async () => {
      if (!segment) return people(db, sql, { asOf, ...rest });
      await applyFilters(db, {
        values: { ...filters.values, ...segment.values },
        age: segment.age ?? filters.age,
      });
      try {
        return await people(db, sql, { asOf, ...rest });
      } finally {
        await applyFilters(db, filters);
      }
    });
    if (this.drill?.title === title) this.drill = { title, rows };
  }

  closePeople(): void {
    this.drill = null;
  }

  async showUnits(metricId: string): Promise<void> {
    if (!this.db || !this.asOf) return;
    this.unitRule = metricId;
    this.unitRows = null;
    const db = this.db;
    const asOf = this.asOf;
    const rows = await this.serial(() => this.unitRowsOf(db, asOf, metricId));
    if (this.unitRule === metricId) this.unitRows = rows;
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
    i18n.lang = lang;
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    this.syncUrl();
  }

  private syncUrl(): void {
    const params = new URLSearchParams();
    if (this.asOf) params.set('asOf', this.asOf);
    if (this.baseline && this.baseline !== this.snapshots[0]) params.set('baseline', this.baseline);
    if (i18n.lang !== 'zh') params.set('lang', i18n.lang);
    if (this.masked) params.set('mask', '1');
    filtersToParams(this.filters, params);
    this.viewKey = params.toString();
    history.replaceState(null, '', `${location.pathname}?${params}`);
  }
}
