import { accept, list } from '../../core/validate.ts';
import {
  moveConflict,
  scenarioCheck,
  whatIf,
  type Move,
  type Scenario,
  type WhatIf,
} from '../../core/selection/whatif.ts';
import type { Dashboard } from '../dashboard.svelte.ts';
import { browserQueries as sql } from '../queries-browser.ts';

/*
 * The 模拟调配 scenario on screen and the scenarios saved by name in this browser
 * (localStorage `cadre-pool:scenarios`, checked when it comes back). The moves live only here:
 * each change recomputes before → after in SQL; the roster never changes.
 */
const KEY = 'cadre-pool:scenarios';
/** The scenario on screen, kept so that a reload does not lose moves not yet saved by name. */
const DRAFT_KEY = 'cadre-pool:scenario-draft';
const MAX_SAVED = 50;

function readDraft(): (Scenario & { unsaved: boolean }) | null {
  try {
    const text = localStorage.getItem(DRAFT_KEY);
    if (!text) return null;
    const { unsaved, ...s } = JSON.parse(text) as Scenario & { unsaved: unknown };
    const value = accept(scenarioCheck, s);
    return value ? { ...value, unsaved: unsaved === true } : null;
  } catch {
    return null;
  }
}

function readSaved(): Scenario[] {
  try {
    const text = localStorage.getItem(KEY);
    if (!text) return [];
    const value = accept(list(scenarioCheck, MAX_SAVED), JSON.parse(text));
    if (!value) localStorage.removeItem(KEY);
    return value ?? [];
  } catch {
    return [];
  }
}

export class ScenarioStore {
  name = $state('');
  /** The reference date the scenario was made at. */
  asOf = $state<string | null>(null);
  moves = $state<Move[]>([]);
  result = $state<WhatIf | null>(null);
  computing = $state(false);
  /** Moves made since the scenario was opened, saved or cleared. */
  unsaved = $state(false);
  saved = $state<Scenario[]>(readSaved());
  /** The view the result was computed for. */
  private key = '';

  constructor(private dash: Dashboard) {
    const draft = readDraft();
    if (draft && draft.moves.length) {
      this.name = draft.name;
      this.asOf = draft.asOf || null;
      this.moves = draft.moves;
      this.unsaved = draft.unsaved;
    }
  }

  private keepDraft(): void {
    try {
      if (this.moves.length === 0) localStorage.removeItem(DRAFT_KEY);
      else
        localStorage.setItem(
          DRAFT_KEY,
          JSON.stringify({
            name: this.name,
            asOf: this.asOf ?? this.dash.asOf ?? '',
            moves: $state.snapshot(this.moves),
            unsaved: this.unsaved,
          }),
        );
    } catch {
      // storage blocked: the scenario stays on screen until the page closes
    }
  }

  /** Adds a move, unless it conflicts with an earlier one (returned, and nothing changes). */
  async add(m: Move): Promise<ReturnType<typeof moveConflict>> {
    const conflict = moveConflict(this.moves, m);
    if (conflict) return conflict;
    this.moves = [...this.moves, m];
    this.asOf ??= this.dash.asOf;
    this.unsaved = true;
    this.keepDraft();
    await this.recompute(true);
    return null;
  }

  async undo(): Promise<void> {
    this.moves = this.moves.slice(0, -1);
    this.unsaved = true;
    this.keepDraft();
    await this.recompute(true);
  }

  async remove(i: number): Promise<void> {
    this.moves = this.moves.filter((_, j) => j !== i);
    this.unsaved = true;
    this.keepDraft();
    await this.recompute(true);
  }

  clear(): void {
    this.unsaved = false;
    this.moves = [];
    this.result = null;
    this.name = '';
    this.asOf = null;
    this.key = '';
    this.keepDraft();
  }

  /** Saves the scenario under its name (replacing one of the same name). */
  save(name: string): boolean {
    const s: Scenario = {
      name: name.trim().slice(0, 100),
      asOf: this.asOf ?? this.dash.asOf ?? '',
      moves: $state.snapshot(this.moves) as Move[],
    };
    if (!s.name || !accept(scenarioCheck, s)) return false;
    const next = [...this.saved.filter((x) => x.name !== s.name), s].slice(-MAX_SAVED);
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      return false;
    }
    this.saved = next;
    this.name = s.name;
    this.unsaved = false;
    this.keepDraft();
    return true;
  }

  async open(name: string): Promise<void> {
    const s = this.saved.find((x) => x.name === name);
    if (!s) return;
    this.name = s.name;
    this.asOf = s.asOf;
    this.moves = s.moves.map((m) => ({ ...m }));
    this.unsaved = false;
    this.keepDraft();
    await this.recompute(true);
  }

  delete(name: string): void {
    const next = this.saved.filter((x) => x.name !== name);
    try {
      localStorage.setItem(KEY, JSON.stringify(next));
    } catch {
      // storage blocked: the list on screen still drops it
    }
    this.saved = next;
  }

  /** Before → after for the moves at the page's reference date (again only when asked or the view changed). */
  async recompute(force = false): Promise<void> {
    // Another roster (an import, the demo again) with the same date and moves is another result.
    const key = `${this.dash.dataVersion}|${this.dash.asOf}|${this.dash.rulesHash}|${JSON.stringify(this.moves)}`;
    if (!force && key === this.key) return;
    this.key = key;
    if (this.moves.length === 0) {
      this.result = null;
      return;
    }
    this.computing = true;
    const moves = $state.snapshot(this.moves) as Move[];
    const r = await this.dash.run((db, asOf) => whatIf(db, sql, asOf, moves));
    if (key !== this.key) return;
    this.computing = false;
    if (r) this.result = r;
    else this.key = '';
  }
}

const stores = new WeakMap<Dashboard, ScenarioStore>();

/** The page's one scenario. */
export function scenarioOf(dash: Dashboard): ScenarioStore {
  let s = stores.get(dash);
  if (!s) stores.set(dash, (s = new ScenarioStore(dash)));
  return s;
}
