/**
 * Checks for what comes back from outside the code: browser storage (remembered mappings, the
 * kept roster), the URL, and later rule files. A check returns a fresh value built only from
 * what it accepts, or throws `Invalid`; every list, text and number has a size limit, and keys
 * that could reach an object's prototype are refused.
 */
export class Invalid extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`${path || 'value'}: ${why}`);
    this.name = 'Invalid';
  }
}

export type Check<T> = (value: unknown, path: string) => T;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function ownKeys(v: Record<string, unknown>, path: string, max: number): string[] {
  const keys = Object.keys(v);
  if (keys.length > max) throw new Invalid(path, `more than ${max} keys`);
  for (const k of keys) if (FORBIDDEN_KEYS.has(k)) throw new Invalid(path, `forbidden key ${k}`);
  return keys;
}

/** A string of at most `max` characters (and matching `pattern`). */
export const text =
  (max: number, pattern?: RegExp): Check<string> =>
  (v, path) => {
    if (typeof v !== 'string') throw new Invalid(path, 'not text');
    if (v.length > max) throw new Invalid(path, `longer than ${max} characters`);
    if (pattern && !pattern.test(v)) throw new Invalid(path, 'not in the expected form');
    return v;
  };

/** A whole number in [min, max]. */
export const integer =
  (min: number, max: number): Check<number> =>
  (v, path) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw new Invalid(path, `not a whole number from ${min} to ${max}`);
    return v;
  };

export const boolean: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new Invalid(path, 'not true or false');
  return v;
};

export const oneOf =
  <T extends string>(values: readonly T[]): Check<T> =>
  (v, path) => {
    if (!values.includes(v as T)) throw new Invalid(path, 'not one of the known values');
    return v as T;
  };

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v, path) =>
    v === null ? null : check(v, path);

const OPTIONAL = Symbol('optional');
type Optional<T> = Check<T | undefined> & { [OPTIONAL]: true };

/** A key that may be absent (left out of the result then). */
export function optional<T>(check: Check<T>): Optional<T> {
  const c = ((v: unknown, path: string) =>
    v === undefined ? undefined : check(v, path)) as Optional<T>;
  c[OPTIONAL] = true;
  return c;
}

/** Bytes (a Uint8Array, not a view of something else) of a length in [min, max]. */
export const bytes =
  (min: number, max: number): Check<Uint8Array> =>
  (v, path) => {
    if (!(v instanceof Uint8Array)) throw new Invalid(path, 'not bytes');
    if (v.byteLength < min || v.byteLength > max)
      throw new Invalid(path, `not from ${min} to ${max} bytes`);
    return v;
  };

/** An array of at most `max` items, each checked. */
export const list =
  <T>(item: Check<T>, max: number, min = 0): Check<T[]> =>
  (v, path) => {
    if (!Array.isArray(v)) throw new Invalid(path, 'not a list');
    if (v.length > max || v.length < min)
      throw new Invalid(path, `not from ${min} to ${max} items`);
    const out = new Array<T>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = item(v[i], `${path}[${i}]`);
    return out;
  };

type Shape = Record<string, Check<unknown>>;
type FromShape<S extends Shape> = {
  [K in keyof S as S[K] extends Optional<unknown> ? never : K]: ReturnType<S[K]>;
} & {
  [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: Exclude<
    ReturnType<S[K]>,
    undefined
  >;
};

/**
 * A plain object with the keys of `shape`, each checked. Other keys are left out, or, with
 * `rest`, kept when `rest` accepts them (data written by a newer version of the page).
 */
export const record =
  <S extends Shape>(shape: S, rest?: Check<unknown>): Check<FromShape<S>> =>
  (v, path) => {
    if (!isPlainObject(v)) throw new Invalid(path, 'not an object');
    const out: Record<string, unknown> = {};
    for (const k of ownKeys(v, path, Object.keys(shape).length + (rest ? 32 : 1000))) {
      if (Object.hasOwn(shape, k) || !rest) continue;
      out[k] = rest(v[k], `${path}.${k}`);
    }
    for (const [k, check] of Object.entries(shape)) {
      const value = check(v[k], `${path}.${k}`);
      if (value !== undefined) out[k] = value;
    }
    return out as FromShape<S>;
  };

export const UNKNOWN_KEY = 'not a known setting (misspelt, or from another version)';

/**
 * `record`, refusing a key `shape` does not have (a file a person wrote: a misspelt key is said,
 * not silently dropped).
 */
export const exactRecord =
  <S extends Shape>(shape: S): Check<FromShape<S>> =>
  (v, path) => {
    if (isPlainObject(v))
      for (const k of Object.keys(v))
        if (!Object.hasOwn(shape, k) && !FORBIDDEN_KEYS.has(k))
          throw new Invalid(`${path}.${k.slice(0, 40)}`, UNKNOWN_KEY);
    return record(shape)(v, path);
  };

/** A plain object of at most `max` entries, its keys and values checked. */
export const dictionary =
  <T>(key: Check<string>, value: Check<T>, max: number): Check<Record<string, T>> =>
  (v, path) => {
    if (!isPlainObject(v)) throw new Invalid(path, 'not an object');
    const out: Record<string, T> = {};
    for (const k of ownKeys(v, path, max)) out[key(k, `${path} key`)] = value(v[k], `${path}.${k}`);
    return out;
  };

/** Any JSON value (text, number, true/false, null, lists, objects) within small limits. */
export const smallJson =
  (maxText = 10_000, maxItems = 1_000, maxDepth = 4): Check<unknown> =>
  (v, path) => {
    const walk = (x: unknown, p: string, depth: number): unknown => {
      if (x === null || typeof x === 'boolean') return x;
      if (typeof x === 'number') {
        if (!Number.isFinite(x)) throw new Invalid(p, 'not a finite number');
        return x;
      }
      if (typeof x === 'string') return text(maxText)(x, p);
      if (depth >= maxDepth) throw new Invalid(p, 'nested too deeply');
      if (Array.isArray(x)) return list((y, q) => walk(y, q, depth + 1), maxItems)(x, p);
      return dictionary(text(200), (y, q) => walk(y, q, depth + 1), maxItems)(x, p);
    };
    return walk(v, path, 0);
  };

/** JSON text of at most `maxChars` characters, parsed and checked. */
export function parseJson<T>(json: string, maxChars: number, check: Check<T>): T {
  if (json.length > maxChars) throw new Invalid('', `longer than ${maxChars} characters`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Invalid('', 'not JSON');
  }
  return check(value, '');
}

/** The check's result, or null when the value fails it (never throws). */
export function accept<T>(check: Check<T>, value: unknown): T | null {
  try {
    return check(value, '');
  } catch (e) {
    if (e instanceof Invalid || e instanceof RangeError) return null;
    throw e;
  }
}

/** A real calendar date written YYYY-MM-DD. */
export const isoDate: Check<string> = (v, path) => {
  const s = text(10, /^\d{4}-\d{2}-\d{2}$/)(v, path);
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d)
    throw new Invalid(path, 'not a calendar date');
  return s;
};

/** An ISO date-time, as `new Date().toISOString()` writes it. */
export const isoTime: Check<string> = (v, path) => {
  const s = text(40, /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/)(v, path);
  if (!Number.isFinite(Date.parse(s))) throw new Invalid(path, 'not a time');
  return s;
};
