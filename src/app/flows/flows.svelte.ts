import type { DuckClient } from '../../core/db.ts';
import { errorDetail, LoadError } from '../../core/messages.ts';
import type { Segment } from '../../core/filters.ts';
import {
  clearEvents,
  compareSnapshots,
  currentSecondees,
  flowPeople,
  grassrootsSourcing,
  loadEvents,
  OUTCOME_YEARS,
  projectRules,
  promotionBatches,
  ratioChanges,
  retirementPipeline,
  SECONDMENT_BORN_FROM,
  SOURCING_YEARS,
  secondmentCohorts,
  type Batches,
  type CohortRow,
  type Comparison,
  type EventsReport,
  type FlowPeople,
  type FlowPersonRow,
  type RetirementRow,
  type RuleChange,
  type RuleProjection,
  type SecondeeRow,
  type SourcingRow,
} from '../../core/flows.ts';
import { DEFAULT_RULE_SET, type RuleSet } from '../../core/policy/index.ts';
import type { Dashboard } from '../dashboard.svelte.ts';
import { parquetToIPC, textToCsv, xlsxToCsv } from '../parquet.ts';
import { browserQueries as sql } from '../queries-browser.ts';
import { ft, type FlowKey } from './messages.ts';

/** The years the projection table shows (R + 1, 2, 3, 5). */
export const PROJECTION_YEARS = [1, 2, 3, 5];

/**
 * The flows section's state: its settings, its figures (its own queries, run in the dashboard's
 * queue after the panels, within the same filters) and the appointment events it reads.
 */
export class Flows {
  /** The earlier snapshot compared (null: the one before the reference date's). */
  compareFrom = $state<string | null>(null);
  /** Scenario: share of young appointees to the vacated posts. */
  youngShare = $state(0.3);
  /** Year by which each rule should be met (null: R's year + 3). */
  targetYear = $state<number | null>(null);
  bornFrom = $state(SECONDMENT_BORN_FROM);
  outcomeYears = $state(OUTCOME_YEARS);
  sourcingYears = $state(SOURCING_YEARS);

  comparison = $state.raw<Comparison | null>(null);
  changes = $state.raw<RuleChange[]>([]);
  retirement = $state.raw<RetirementRow[]>([]);
  projection = $state.raw<RuleProjection[]>([]);
  batches = $state.raw<Batches | null>(null);
  cohorts = $state.raw<CohortRow[]>([]);
  secondees = $state.raw<SecondeeRow[]>([]);
  sourcing = $state.raw<SourcingRow[]>([]);
  /** The events file read (null: none; the demo's own events count as read from the demo). */
  events = $state.raw<{ report: EventsReport; demo: boolean } | null>(null);
  /** Why the events file could not be read (a LoadError speaks both languages). */
  eventsError = $state<LoadError | string | null>(null);
  eventsBusy = $state(false);
  /** The view the figures on screen are for ('' while computing): tests wait for it. */
  shownKey = $state('');

  private dash: Dashboard;
  private version = 0;
  private computedKey = '';
  private datasetKey = '';

  constructor(dash: Dashboard) {
    this.dash = dash;
  }

  /** The snapshot before the one in force at the reference date (the default comparison). */
  previousSnapshot(): string | null {
    const { snapshots, asOf } = this.dash;
    if (!asOf) return null;
    const i = snapshots.filter((s) => s <= asOf).length - 1;
    return i >= 1 ? snapshots[i - 1] : null;
  }

  from(): string | null {
    const asOf = this.dash.asOf;
    const chosen = this.compareFrom;
    return chosen && asOf && chosen < asOf && this.dash.snapshots.includes(chosen)
      ? chosen
      : this.previousSnapshot();
  }

  target(): number {
    const y = Number((this.dash.asOf ?? '2000').slice(0, 4));
    return this.targetYear !== null && this.targetYear > y ? this.targetYear : y + 3;
  }

  private datasetOf(): string {
    const l = this.dash.load;
    return `${this.dash.isDemo}|${l?.sources.join('/')}|${l?.rows.read}|${l?.rows.loaded}`;
  }

  /** What the figures depend on: the view, the dataset, the rules and the settings. */
  key(): string {
    const d = this.dash;
    return JSON.stringify([
      d.asOf,
      $state.snapshot(d.filters),
      this.datasetOf(),
      $state.snapshot(d.rules.retirement),
      $state.snapshot(d.rules.promotion ?? null),
      $state.snapshot(d.rules.probation ?? null),
      this.from(),
      this.youngShare,
      this.target(),
      this.bornFrom,
      this.outcomeYears,
      this.sourcingYears,
      this.events?.report.sources ?? null,
    ]);
  }

  /**
   * Recomputes every figure when what they depend on changed. Each query waits its turn in the
   * dashboard's queue; a newer view makes the older results go unshown.
   */
  async refresh(force = false): Promise<void> {
    const asOf = this.dash.asOf;
    if (!asOf) return;
    const key = this.key();
    if (!force && key === this.computedKey) return;
    // The panels first (their refresh sets the filters); the figures on screen are stale now.
    if (this.dash.phase !== null) {
      this.shownKey = '';
      return;
    }
    this.computedKey = key;
    const v = ++this.version;
    this.shownKey = '';
    const stale = () => v !== this.version;
    const run = <T>(fn: (db: DuckClient) => Promise<T>) =>
      this.dash.withDb(async (db) => (stale() ? null : fn(db)));
    if (this.datasetOf() !== this.datasetKey) {
      this.datasetKey = this.datasetOf();
      await this.datasetChanged();
      if (stale()) return;
    }
    const from = this.from();
    const steps: (() => Promise<unknown>)[] = [
      async () => {
        const [c, ch] = from
          ? ((await run(async (db) => [
              await compareSnapshots(db, sql, from, asOf),
              await ratioChanges(db, sql, from, asOf),
            ])) ?? [null, []])
          : [null, []];
        if (!stale())
          [this.comparison, this.changes] = [c as Comparison | null, ch as RuleChange[]];
      },
      async () => {
        const p = await run((db) =>
          projectRules(db, sql, {
            asOf,
            years: PROJECTION_YEARS,
            youngShare: this.youngShare,
            targetYear: this.target(),
          }),
        );
        if (!stale() && p) this.projection = p;
      },
      async () => {
        const r = await run((db) => retirementPipeline(db, sql, asOf));
        if (!stale() && r) this.retirement = r;
      },
      async () => {
        const b = await run((db) => promotionBatches(db, sql, asOf));
        if (!stale() && b) this.batches = b;
      },
      async () => {
        const c = await run(async (db) => ({
          cohorts: await secondmentCohorts(db, sql, {
            asOf,
            bornFrom: this.bornFrom,
            years: this.outcomeYears,
          }),
          secondees: await currentSecondees(db, sql, asOf),
        }));
        if (!stale() && c) [this.cohorts, this.secondees] = [c.cohorts, c.secondees];
      },
      async () => {
        const s = await run((db) =>
          grassrootsSourcing(db, sql, { asOf, years: this.sourcingYears }),
        );
        if (!stale() && s) this.sourcing = s;
      },
    ];
    for (const step of steps) {
      await step();
      if (stale()) return;
    }
    this.shownKey = key;
  }

  /** A new dataset: the demo brings its own events; a roster the user opened starts with none. */
  private async datasetChanged(): Promise<void> {
    this.events = null;
    this.eventsError = null;
    if (!this.dash.isDemo) {
      await this.dash.withDb((db) => clearEvents(db));
      return;
    }
    try {
      const r = await fetch(`${import.meta.env.BASE_URL}demo/appointments.csv`);
      if (!r.ok) throw new LoadError('appointments.csv', 'demo_unavailable', { status: r.status });
      const bytes = new Uint8Array(await r.arrayBuffer());
      const report = await this.dash.withDb((db) =>
        loadEvents(db, [{ name: 'appointments.csv', bytes }], this.loadOptions()),
      );
      if (report) this.events = { report, demo: true };
    } catch (e) {
      // Without the demo's events the batches come from its snapshots.
      await this.dash.withDb((db) => clearEvents(db));
      this.eventsError = e instanceof LoadError ? e : errorDetail(e);
    }
  }

  private loadOptions() {
    return { parquetToIPC, xlsxToCsv, textToCsv };
  }

  /** Reads an appointment-events file (任免记录) the user chose; the batches then come from it. */
  async openEvents(file: File): Promise<void> {
    this.eventsBusy = true;
    this.eventsError = null;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const report = await this.dash.withDb((db) =>
        loadEvents(db, [{ name: file.name, bytes }], this.loadOptions()),
      );
      if (report) this.events = { report, demo: false };
      await this.refresh(true);
    } catch (e) {
      this.eventsError = e instanceof LoadError ? e : errorDetail(e);
    } finally {
      this.eventsBusy = false;
    }
  }

  /** Sets (or, with null, removes) the local exit age of a level: a change of the rule set. */
  async setExitAge(level: string, age: number | null): Promise<void> {
    const rules = $state.snapshot(this.dash.rules) as RuleSet;
    const exitAges = { ...(rules.retirement.exitAges ?? {}) };
    if (age === null) delete exitAges[level];
    else exitAges[level] = age;
    await this.dash.setRules({ ...rules, retirement: { ...rules.retirement, exitAges } });
  }

  /** Sets the highest young age at a level promoted to (Y9): a change of the rule set. */
  async setPromotionAge(level: string, maxAge: number): Promise<void> {
    const rules = $state.snapshot(this.dash.rules) as RuleSet;
    const promotion = rules.promotion ?? DEFAULT_RULE_SET.promotion!;
    const young = promotion.young.map((y) => (y.level === level ? { ...y, maxAge } : y));
    await this.dash.setRules({ ...rules, promotion: { ...promotion, young } });
  }

  /** Opens the people behind a number. */
  people(
    what: string,
    q: FlowPeople,
    /** The county a row is limited to; what its caption adds (default: rowsNote). */
    o: { segment?: Segment; note?: string } = {},
  ): Promise<void> {
    // The earlier snapshot's people (there at the start, leaving, moving out) are shown as it
    // has them, so stamped with its date.
    const earlier =
      q.kind === 'compare' && ['at_a', 'left', 'retired', 'moved_out'].includes(q.event)
        ? q.from
        : undefined;
    return this.dash.openRows(
      what,
      async (db) => {
        const rows = await flowPeople(db, sql, q);
        return q.kind === 'retirement' ? rows.map(withBasis) : rows;
      },
      earlier,
      o.note ?? rowsNote(q),
      o.segment,
    );
  }
}

/** What a list's caption says of rows that are not those at the reference date. */
function rowsNote(q: FlowPeople): string | undefined {
  if (q.kind === 'batch') return ft('rowsAtPromotion');
  if (q.kind === 'secondment' && q.which !== 'current' && q.which !== 'ending_soon')
    return ft('rowsAsSent');
  if (q.kind === 'sourcing' && q.section === 'entered') return ft('rowsAtEntry');
  if (q.kind === 'sourcing' && q.section === 'leading') return ft('rowsAtFirstLead');
  return undefined;
}

/** A retiring cadre's exit month with where it comes from, in words (people_retirement.sql). */
function withBasis(row: FlowPersonRow & { leave_basis?: string | null }): FlowPersonRow {
  const { leave_basis: basis, ...rest } = row;
  const words = basis ? ft(`basis_${basis}` as FlowKey) : null;
  return { ...rest, note: [rest.note, words].filter(Boolean).join(' · ') || null };
}
