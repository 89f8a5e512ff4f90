/* eslint-disable svelte/prefer-svelte-reactivity -- URLSearchParams here are local, not state */
import { openBrowserClient } from '../core/db-browser.ts';
import type { DuckClient } from '../core/db.ts';
import { LoadError, loadCanonical, loadSources, type LoadReport } from '../core/load.ts';
import {
  computeReport,
  kpis,
  listSnapshots,
  people,
  ratioTrend,
  ratioUnits,
  type Kpi,
  type PersonRow,
  type TrendPoint,
  type Report,
} from '../core/report.ts';
import { DEFAULT_RULES } from '../core/rules.ts';
import { initDatabase } from '../core/setup.ts';
import { i18n, type Lang, type MessageKey } from './i18n.svelte.ts';
import { parquetToIPC } from './parquet.ts';
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

async function fetchDemo(): Promise<{ ipc: Uint8Array; report: LoadReport }> {
  const [rows, report] = await Promise.all([
    fetch(DEMO + 'canonical.parquet'),
    fetch(DEMO + 'load-report.json'),
  ]);
  if (!rows.ok || !report.ok) throw new LoadError('示例数据', `HTTP ${rows.status}`);
  const ipc = await parquetToIPC(new Uint8Array(await rows.arrayBuffer()));
  return { ipc, report: (await report.json()) as LoadReport };
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
  private db: DuckClient | null = null;

  async start(): Promise<void> {
    const params = new URLSearchParams(location.search);
    const lang = params.get('lang');
    if (lang === 'en' || lang === 'zh') i18n.lang = lang as Lang;
    this.masked = params.get('mask') === '1';
    try {
      // The database starts while the demo is fetched and decoded in the Parquet worker.
      const demo = fetchDemo();
      this.db = await openBrowserClient();
      await initDatabase(this.db, sql, DEFAULT_RULES);
      performance.mark('db-ready');
      this.phase = 'loadingData';
      const { ipc, report } = await demo;
      performance.mark('demo-decoded');
      this.load = await loadCanonical(this.db, 'canonical.parquet', ipc, report);
      performance.mark('data-loaded');
      await this.showDataset(params.get('asOf'), params.get('baseline'));
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.phase = null;
    }
  }

  /** Replaces the dataset with the user's files; on failure the current data stays. */
  async openFiles(list: File[]): Promise<void> {
    if (!this.db || list.length === 0) return;
    this.error = null;
    this.phase = 'loadingData';
    try {
      const files = await Promise.all(
        list.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      const load = await loadSources(this.db, files, { parquetToIPC, replace: true });
      this.load = load;
      this.isDemo = false;
      await this.showDataset(null, null);
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.phase = null;
    }
  }

  /** After a load: the snapshots, the trend, then the report (newest snapshot unless asked). */
  private async showDataset(asOf: string | null, baseline: string | null): Promise<void> {
    if (!this.db) return;
    this.snapshots = (await listSnapshots(this.db, sql)).map((s) => s.snapshot_date);
    this.trend = await ratioTrend(this.db, sql);
    const known = (d: string | null) => d !== null && this.snapshots.includes(d);
    this.baseline = known(baseline) ? baseline : this.snapshots[0];
    await this.setAsOf(known(asOf) ? asOf! : this.snapshots[this.snapshots.length - 1]);
  }

  async setAsOf(asOf: string): Promise<void> {
    if (!this.db) return;
    this.phase = 'computing';
    this.asOf = asOf;
    this.kpis = await kpis(this.db, sql, asOf);
    this.report = await computeReport(this.db, sql, {
      asOf,
      baseline: this.baseline ?? this.snapshots[0],
      load: this.load ?? undefined,
    });
    this.phase = null;
    performance.mark('report-ready');
    this.syncUrl();
    if (this.unitRule) await this.showUnits(this.unitRule);
  }

  async openPeople(
    title: string,
    filter: { metricId?: string; unitId?: string; young?: 'young' | 'other' | null },
  ): Promise<void> {
    if (!this.db || !this.asOf) return;
    this.drill = { title, rows: null };
    const rows = await people(this.db, sql, { asOf: this.asOf, ...filter });
    if (this.drill?.title === title) this.drill = { title, rows };
  }

  closePeople(): void {
    this.drill = null;
  }

  async showUnits(metricId: string): Promise<void> {
    if (!this.db || !this.asOf) return;
    this.unitRule = metricId;
    this.unitRows = null;
    const rows = await ratioUnits(this.db, sql, this.asOf);
    this.unitRows = rows.filter(
      (r) => r.metric_id === metricId && r.scope === 'unit',
    ) as unknown as UnitRow[];
  }

  async setBaseline(baseline: string): Promise<void> {
    this.baseline = baseline;
    if (this.asOf) await this.setAsOf(this.asOf);
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
    history.replaceState(null, '', `${location.pathname}?${params}`);
  }
}
