import { clear, createStore, get, set } from 'idb-keyval';
import type { LoadReport } from '../core/load.ts';

/*
 * What this page keeps in the browser, and nothing else: the last roster loaded (normalised
 * rows as Parquet, with its load report) in IndexedDB, and the column mappings users chose in
 * localStorage. `forgetEverything` removes all of it.
 */
const DB_NAME = 'cadre-pool';
const PREFIX = 'cadre-pool:';
let opened: ReturnType<typeof createStore> | null = null;
const store = () => (opened ??= createStore(DB_NAME, 'datasets'));

export interface SavedDataset {
  /** The files it came from. */
  sources: string[];
  /** When it was saved (ISO time). */
  savedAt: string;
  /** The `cadres` rows as Parquet (what `loadCanonical` reads after Parquet → Arrow). */
  parquet: Uint8Array;
  report: LoadReport;
}

export async function saveDataset(d: SavedDataset): Promise<void> {
  await set('current', d, store());
}

export async function savedDataset(): Promise<SavedDataset | null> {
  try {
    return (await get<SavedDataset>('current', store())) ?? null;
  } catch {
    return null; // storage blocked (private window, policy): the page starts on the demo
  }
}

const mappingKey = (headerKey: string) => `${PREFIX}mapping:${headerKey}`;

export function recallMapping(headerKey: string): Record<string, string> | null {
  try {
    const text = localStorage.getItem(mappingKey(headerKey));
    return text ? (JSON.parse(text) as Record<string, string>) : null;
  } catch {
    return null;
  }
}

export function rememberMapping(headerKey: string, mapping: Record<string, string>): void {
  try {
    localStorage.setItem(mappingKey(headerKey), JSON.stringify(mapping));
  } catch {
    // storage full or blocked: the mapping is proposed from the headers next time
  }
}

function forgetMappings(): void {
  for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
}

/** Removes every byte this page stored in this browser. */
export async function forgetEverything(): Promise<void> {
  forgetMappings();
  await clear(store());
}
