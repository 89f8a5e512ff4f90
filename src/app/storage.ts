import { keptDatasetCheck, mappingFromStorage, type KeptDataset } from '../core/untrusted.ts';
import { accept } from '../core/validate.ts';
import { parseRuleSet, ruleSetHash, RuleSetError, type RuleSet } from '../core/policy/index.ts';
import { i18n } from './i18n.svelte.ts';
import { notices } from './notices.svelte.ts';

/*
 * What this page keeps in the browser: the last roster loaded (normalised rows as Parquet, with
 * its load report) in IndexedDB, and the column mappings users chose in localStorage. What comes
 * back is checked before use (src/core/untrusted.ts): anything else on this origin may have
 * written it. `forgetEverything` clears every store this origin has in this browser.
 */
const DB_NAME = 'cadre-pool';
const STORE = 'datasets';
const KEY = 'current';
const PREFIX = 'cadre-pool:';

export type SavedDataset = KeptDataset;

let connection: Promise<IDBDatabase> | null = null;

function done<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** The database, with its store (made again if something else made the database without it). */
function openDb(version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(DB_NAME, version);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
    };
    r.onsuccess = () => {
      const db = r.result;
      if (db.objectStoreNames.contains(STORE)) {
        // Another tab clearing this site's data must not wait for this one.
        db.onversionchange = () => {
          db.close();
          connection = null;
        };
        resolve(db);
      } else {
        db.close();
        openDb(db.version + 1).then(resolve, reject);
      }
    };
    r.onerror = () => reject(r.error);
  });
}

async function inStore<T>(
  mode: IDBTransactionMode,
  fn: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const opening = (connection ??= openDb());
  opening.catch(() => (connection = null));
  const tx = (await opening).transaction(STORE, mode);
  const committed = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
  const result = done(fn(tx.objectStore(STORE)));
  await Promise.all([result, committed]);
  return result;
}

export async function saveDataset(d: SavedDataset): Promise<void> {
  await inStore('readwrite', (s) => s.put(d, KEY));
}

/** The roster kept in this browser, or null (none, storage blocked, or not valid: a notice). */
export async function savedDataset(): Promise<SavedDataset | null> {
  let stored: unknown;
  try {
    // Looking must not create the database (after 清除本机数据 it stays gone).
    if (typeof indexedDB.databases === 'function') {
      const names = (await indexedDB.databases()).map((d) => d.name);
      if (!names.includes(DB_NAME)) return null;
    }
    stored = await inStore('readonly', (s) => s.get(KEY));
  } catch {
    return null; // storage blocked (private window, policy): the page starts on the demo
  }
  if (stored === undefined) return null;
  const kept = accept(keptDatasetCheck, stored);
  if (!kept) notices.add('keptInvalid');
  return kept;
}

const mappingKey = (headerKey: string) => `${PREFIX}mapping:${headerKey}`;

/** The mapping chosen earlier for these headers, or null (none, or not valid: a notice). */
export function recallMapping(headerKey: string): Record<string, string> | null {
  const key = mappingKey(headerKey);
  let text: string | null;
  try {
    text = localStorage.getItem(key);
  } catch {
    return null;
  }
  if (text === null) return null;
  try {
    return mappingFromStorage(text);
  } catch {
    notices.add('mappingInvalid');
    try {
      localStorage.removeItem(key);
    } catch {
      // blocked: it is refused again next time
    }
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

/**
 * Removes everything this origin stored in this browser: every IndexedDB database, localStorage,
 * sessionStorage, the origin private file system and Cache Storage. Returns the stores that could
 * not be cleared (an IndexedDB database another tab keeps open is deleted once it closes).
 */
export async function forgetEverything(): Promise<string[]> {
  const failed: string[] = [];
  const clear = async (store: string, fn: () => unknown) => {
    try {
      await fn();
    } catch {
      failed.push(store);
    }
  };
  await clear('IndexedDB', forgetDatabases);
  await clear('localStorage', () => localStorage.clear());
  await clear('sessionStorage', () => sessionStorage.clear());
  await clear('OPFS', forgetFiles);
  await clear('Cache Storage', forgetCaches);
  return failed;
}

async function forgetDatabases(): Promise<void> {
  // This page's own connection first: an open connection holds a deletion back.
  const own = connection;
  connection = null;
  (await own?.catch(() => null))?.close();
  const names = new Set([DB_NAME]);
  if (typeof indexedDB.databases === 'function')
    for (const d of await indexedDB.databases()) if (d.name) names.add(d.name);
  const results = await Promise.allSettled([...names].map(deleteDatabase));
  if (results.some((r) => r.status === 'rejected')) throw new Error('IndexedDB');
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.deleteDatabase(name);
    r.onsuccess = () => resolve();
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`${name}: open in another tab`));
  });
}

async function forgetFiles(): Promise<void> {
  if (typeof navigator.storage?.getDirectory !== 'function') return;
  const root = await navigator.storage.getDirectory();
  const names: string[] = [];
  // keys() is in the DOM.AsyncIterable library, which this project does not load.
  for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys())
    names.push(name);
  for (const name of names) await root.removeEntry(name, { recursive: true });
}

async function forgetCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  for (const key of await caches.keys()) await caches.delete(key);
}

/*
 * The rule set in use is kept in localStorage, and every rule set used is kept by its hash, so a
 * URL that names a rule set (?rules=<hash>) reopens it in this browser. Each is checked like an
 * uploaded file when it comes back.
 */
const RULES_KEY = `${PREFIX}rules`;
const RULES_BY_HASH = `${PREFIX}rules:`;
const KEEP_RULE_SETS = 20;

function readRules(key: string): RuleSet | null {
  let json: string | null;
  try {
    json = localStorage.getItem(key);
  } catch {
    return null;
  }
  if (json === null) return null;
  try {
    return parseRuleSet(json);
  } catch (e) {
    localStorage.removeItem(key);
    notices.add('rulesInvalid', {
      error: e instanceof RuleSetError ? e.text(i18n.lang) : String(e),
    });
    return null;
  }
}

/** The rule set kept in this browser (checked), or null. */
export const storedRules = () => readRules(RULES_KEY);

/** A rule set this browser has used, by its hash (checked, and its hash checked too). */
export function rulesByHash(hash: string): RuleSet | null {
  const rs = readRules(RULES_BY_HASH + hash);
  return rs && ruleSetHash(rs) === hash ? rs : null;
}

/** Keeps the rule set in use (none: the defaults) and remembers it by its hash. */
export function keepRules(rs: RuleSet | null): void {
  try {
    if (!rs) {
      localStorage.removeItem(RULES_KEY);
      return;
    }
    const json = JSON.stringify(rs);
    localStorage.setItem(RULES_KEY, json);
    localStorage.setItem(RULES_BY_HASH + ruleSetHash(rs), json);
    const kept = Object.keys(localStorage).filter((k) => k.startsWith(RULES_BY_HASH));
    for (const k of kept.slice(0, Math.max(0, kept.length - KEEP_RULE_SETS)))
      localStorage.removeItem(k);
  } catch {
    notices.add('rulesNotKept');
  }
}
