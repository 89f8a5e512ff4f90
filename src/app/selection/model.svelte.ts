import { candidates, type CandidatesResult } from '../../core/selection/candidates.ts';
import { rulesOfKind } from '../../core/policy/index.ts';
import { teamsKey } from '../../core/policy/teams.ts';
import {
  columnPresence,
  eligibilitySummary,
  WITHIN_MONTHS,
  type ColumnPresence,
  type EligibilityCount,
} from '../../core/selection/eligibility.ts';
import type { Dashboard } from '../dashboard.svelte.ts';
import { browserQueries as sql } from '../queries-browser.ts';

/**
 * What the selection views share for the view on screen: the eligibility counts of every rule
 * (city-wide and by region), what the roster has of the columns the criteria read, and the
 * candidates for every team's gap (Y10). Recomputed when the date, the filters (for the
 * candidates, the scope alone) or the rules change; a result for a view no longer on screen is
 * dropped.
 */
export class SelectionModel {
  summary = $state.raw<EligibilityCount[] | null>(null);
  presence = $state.raw<ColumnPresence | null>(null);
  candidates = $state.raw<CandidatesResult | null>(null);
  private eligibilityKey = '';
  private candidatesKey = '';
  private candidatesLoad: unknown = null;

  constructor(private dash: Dashboard) {}

  /** The view the counts belong to (date, filters, rules). */
  key(): string {
    return `${this.dash.asOf}|${this.dash.dataViewKey}|${this.dash.rulesHash}`;
  }

  /**
   * Rule by rule, each its own step in the database's queue: a million cadres take seconds for
   * all of them, and a filter changed meanwhile waits for one rule, not all. Steps queued for a
   * view that a newer refresh has replaced are skipped; that refresh counts them again.
   */
  async refreshEligibility(): Promise<void> {
    const key = this.key();
    if (!this.dash.settled || key === this.eligibilityKey) return;
    this.eligibilityKey = key;
    this.summary = null;
    const asked = this.dash.refreshes;
    const summary: EligibilityCount[] = [];
    for (const rule of rulesOfKind(this.dash.rules, 'eligibility')) {
      const r = await this.dash.runFor(asked, (db, asOf) =>
        eligibilitySummary(db, sql, asOf, WITHIN_MONTHS, rule.id),
      );
      if (key !== this.eligibilityKey) return;
      if (!r) return this.again(asked, () => (this.eligibilityKey = ''), this.refreshEligibility);
      summary.push(...r);
    }
    const presence = await this.dash.runFor(asked, (db, asOf) => columnPresence(db, sql, asOf));
    if (key !== this.eligibilityKey) return;
    if (!presence)
      return this.again(asked, () => (this.eligibilityKey = ''), this.refreshEligibility);
    this.summary = summary;
    this.presence = presence;
  }

  /**
   * Candidates and Y10 judge teams on all their members: the date, the scope (region, unit,
   * unit type), the rules and the data decide them, not the person filters.
   */
  private candidatesKeyNow(): string {
    return `${teamsKey(this.dash.asOf ?? '', this.dash.filters)}|${this.dash.rulesHash}`;
  }

  async refreshCandidates(): Promise<void> {
    const key = this.candidatesKeyNow();
    const load = this.dash.load;
    if (!this.dash.settled || (key === this.candidatesKey && load === this.candidatesLoad)) return;
    this.candidatesKey = key;
    this.candidatesLoad = load;
    this.candidates = null;
    const asked = this.dash.refreshes;
    const r = await this.dash.runFor(asked, (db, asOf) => candidates(db, sql, asOf));
    if (key !== this.candidatesKey) return;
    if (!r) return this.again(asked, () => (this.candidatesKey = ''), this.refreshCandidates);
    this.candidates = r;
  }

  /**
   * Work skipped for a refresh that a newer one replaced is asked again for the view now on
   * screen: a newer refresh that shows a view seen before (the date set back) leaves the date,
   * the filters and the rules as they were, so nothing else would ask, and the panel would say
   * 正在计算 for good. Not asked again when nothing newer came (no database, no date).
   */
  private again(asked: number, forget: () => void, refresh: () => Promise<void>): Promise<void> {
    forget();
    return asked !== this.dash.refreshes ? refresh.call(this) : Promise.resolve();
  }
}

const models = new WeakMap<Dashboard, SelectionModel>();

/** The page's one selection model. */
export function selectionOf(dash: Dashboard): SelectionModel {
  let m = models.get(dash);
  if (!m) models.set(dash, (m = new SelectionModel(dash)));
  return m;
}
