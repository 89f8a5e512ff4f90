import {
  unitPage,
  UNIT_PAGE,
  type UnitPage,
  type UnitPageOptions,
  type UnitSortKey,
} from '../core/report.ts';
import type { Dashboard } from './dashboard.svelte.ts';
import { browserQueries as sql } from './queries-browser.ts';
import { Sorter } from './sort.svelte.ts';

const MORE = 200;

/**
 * The unit table's state: search, "only failing", sort and length, and the page on screen. The
 * rows stay in DuckDB (unit_profile_store): the page, its sort and its search are read in SQL,
 * so tens of thousands of units never cross into JS whole. The dashboard fills `page` with each
 * refresh (for the options then in force); `sync` reads a new page when the options change.
 */
export class UnitTableModel {
  search = $state('');
  onlyFailing = $state(false);
  limit = $state(UNIT_PAGE.limit!);
  readonly sorter = new Sorter<UnitSortKey>(UNIT_PAGE.sort!, !UNIT_PAGE.descending);
  page = $state.raw<UnitPage | null>(null);
  /** The options of the page being read (one read at a time; a newer one waits its turn). */
  private reading = '';

  constructor(private dash: Dashboard) {}

  options(): UnitPageOptions {
    return {
      search: this.search.trim() || null,
      onlyFailing: this.onlyFailing,
      sort: this.sorter.key,
      descending: !this.sorter.ascending,
      limit: this.limit,
    };
  }

  /** Units added by each "show more". */
  readonly more = MORE;

  showMore(): void {
    this.limit += MORE;
  }

  /** Reads the page for the options in force unless it is on screen (or being read). */
  async sync(): Promise<void> {
    const o = this.options();
    const key = JSON.stringify(o);
    const page = this.page;
    if (!page || !this.dash.settled || JSON.stringify(page.options) === key || key === this.reading)
      return;
    this.reading = key;
    try {
      // Waits for the database when the page still shows the stored first view; skipped when a
      // refresh queued meanwhile reads its own page, or when the options have changed again (a
      // search typed letter by letter reads the last).
      const wanted = () => key === JSON.stringify(this.options());
      const next = await this.dash.runFor(this.dash.refreshes, (db, asOf) =>
        wanted() ? unitPage(db, sql, asOf, o) : Promise.resolve(null),
      );
      if (next && wanted()) this.page = next;
    } finally {
      if (this.reading === key) this.reading = '';
    }
  }

  /** Every unit that passes the search and the check, in the table's order (the exports). */
  async all(): Promise<UnitPage | null> {
    const o = { ...this.options(), limit: null };
    const asOf = this.dash.asOf;
    return asOf ? this.dash.withDb((db) => unitPage(db, sql, asOf, o)) : null;
  }
}
