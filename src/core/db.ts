import {
  DataType,
  Precision,
  RecordBatchReader,
  tableFromIPC,
  tableToIPC,
  type Data,
  type Table,
  type Vector,
} from 'apache-arrow';

/** Plain row from a query: BIGINTs become numbers, so callers never see bigint. */
export type Row = Record<string, unknown>;

/**
 * One interface over DuckDB-WASM, whether it runs in a browser worker or in Node.
 * User-supplied values go through `params` ($1, $2 … in the SQL), never into the text.
 */
export interface DuckClient {
  query<T extends object = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The result as an Arrow table (exports, large results). */
  queryArrow(sql: string): Promise<Table>;
  /** The result as Arrow IPC bytes (file format), not decoded on the page (keeping a roster). */
  queryIPC(sql: string): Promise<Uint8Array>;
  /** Runs one or more statements without parameters (schema, macros), not kept prepared. */
  exec(sql: string): Promise<void>;
  /**
   * Creates `table` from an Arrow IPC stream, or with `append` adds the rows to it, column by
   * column in order. The buffer is detached: pass a copy to keep it.
   */
  insertArrowIPC(table: string, ipc: Uint8Array, append?: boolean): Promise<void>;
  registerFile(name: string, bytes: Uint8Array): Promise<void>;
  /**
   * Engines that read files themselves (native DuckDB): the SQL table expression that reads
   * these Parquet files (paths on this machine), with a `filename` column if asked.
   */
  readParquetSql?(files: string[], withFileName?: boolean): string;
  dropFile(name: string): Promise<void>;
  /** Large results can be read whole (native DuckDB), not a page at a time to bound memory. */
  readonly wholeResults?: boolean;
  close(): Promise<void>;
}

export function arrowToRows<T extends object>(table: Table): T[] {
  const fields = table.schema.fields.map((f) => f.name);
  // Every column is read whole first (typed arrays, one decode per string column), then the rows
  // are assembled: reading value by value through Arrow's accessors was most of the time of
  // turning a large result (the unit table, the team scores) into rows.
  const cols = fields.map((f) => {
    const col = table.getChild(f)!;
    // Vectors are made with the table's own Arrow build: the Node DuckDB returns tables of
    // apache-arrow's CommonJS copy, whose classes are not this module's.
    const V = col.constructor as new (data: Data[]) => Vector;
    return col.data.length === 1
      ? columnValues(col.data[0], V)
      : col.data.flatMap((data) => columnValues(data, V));
  });
  const out: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    for (let j = 0; j < fields.length; j++) row[fields[j]] = cols[j][i];
    out[i] = row as T;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Every value of one column chunk as plain JS, column by column: structs and lists are built
 * from their children's values; numbers, booleans and strings are read from their buffers.
 */
function columnValues(data: Data, V: new (data: Data[]) => Vector): unknown[] {
  const n = data.length;
  const out = new Array<unknown>(n);
  const type = data.type;
  if (DataType.isStruct(type) && data.children.length === type.children.length) {
    const kids = type.children.map((f, k) => [f.name, columnValues(data.children[k], V)] as const);
    for (let i = 0; i < n; i++) {
      if (!data.getValid(i)) {
        out[i] = null;
        continue;
      }
      const o: Row = {};
      for (const [name, values] of kids) o[name] = values[i];
      out[i] = o;
    }
    return out;
  }
  if (DataType.isList(type) && data.children[0]) {
    const off = data.valueOffsets;
    const first = off[0];
    const child = columnValues(data.children[0].slice(first, off[n] - first), V);
    for (let i = 0; i < n; i++)
      out[i] = data.getValid(i) ? child.slice(off[i] - first, off[i + 1] - first) : null;
    return out;
  }
  if (!fillPrimitive(data, out)) {
    const vector = new V([data]);
    for (let i = 0; i < n; i++) out[i] = plain(vector.get(i));
  }
  return out;
}

/** Numbers, booleans and UTF-8 strings straight from the chunk's buffers; false for other types. */
function fillPrimitive(data: Data, out: unknown[]): boolean {
  const n = data.length;
  const type = data.type;
  if (
    (DataType.isInt(type) || (DataType.isFloat(type) && type.precision !== Precision.HALF)) &&
    data.values
  ) {
    const values = data.values as ArrayLike<number | bigint>;
    if (DataType.isInt(type) && type.bitWidth === 64)
      for (let i = 0; i < n; i++) out[i] = Number(values[i]);
    else for (let i = 0; i < n; i++) out[i] = values[i];
  } else if (DataType.isBool(type) && data.values) {
    const bits = data.values as Uint8Array;
    for (let i = 0, b = data.offset; i < n; i++, b++)
      out[i] = ((bits[b >> 3] >> (b & 7)) & 1) === 1;
  } else if (DataType.isUtf8(type) && data.values && data.valueOffsets) {
    const bytes = data.values as Uint8Array;
    const off = data.valueOffsets as Int32Array;
    const text = utf8.decode(bytes.subarray(off[0], off[n]));
    if (text.length === off[n] - off[0])
      for (let i = 0; i < n; i++) out[i] = text.slice(off[i] - off[0], off[i + 1] - off[0]);
    else {
      // UTF-16 positions of the byte offsets: a lead byte starts a character (two code units
      // from four bytes up).
      let pos = off[0];
      let unit = 0;
      let start = 0;
      for (let i = 0; i < n; i++) {
        const end = off[i + 1];
        for (; pos < end; pos++) {
          const b = bytes[pos];
          if ((b & 0xc0) !== 0x80) unit += b >= 0xf0 ? 2 : 1;
        }
        out[i] = text.slice(start, unit);
        start = unit;
      }
    }
  } else return false;
  if (data.nullCount > 0) for (let i = 0; i < n; i++) if (!data.getValid(i)) out[i] = null;
  return true;
}

/** Cells turned into objects between two pauses: 10–20 ms of the page's main thread. */
const CELLS_PER_SLICE = 20_000;

/**
 * The same in slices with a pause between them, so turning a large result into objects never
 * holds the page's main thread for long: a slice of fewer rows when they have many columns (the
 * load's notes of a million-row roster have 45: 4,000 rows of them took 110 ms).
 */
export async function arrowToRowsInSlices<T extends object>(
  table: Table,
  slice = Math.max(200, Math.floor(CELLS_PER_SLICE / Math.max(1, table.numCols))),
): Promise<T[]> {
  if (table.numRows <= slice) return arrowToRows<T>(table);
  const out: T[] = [];
  for (let start = 0; start < table.numRows; start += slice) {
    if (start > 0) await pause();
    out.push(...arrowToRows<T>(table.slice(start, start + slice)));
  }
  return out;
}

/**
 * A pause that lets the page handle input and paint, without the 4 ms a chain of setTimeout(0)
 * is clamped to (thousands of pauses for a million rows of notes): a message to itself.
 */
export function pause(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((r) => setTimeout(r, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

/** A value as plain JS: BIGINT as a number, Arrow lists and structs as arrays and objects. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && !(v instanceof Date) && !ArrayBuffer.isView(v)) {
    const json = (v as { toJSON?: () => unknown }).toJSON?.();
    if (Array.isArray(json)) return json.map(plain);
    if (json !== null && typeof json === 'object')
      return Object.fromEntries(Object.entries(json).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/** Quotes an identifier from user data (a column header) for SQL text. */
export function quoteIdent(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Quotes a string literal for SQL text, for the rare places where a parameter cannot go. */
export function quoteLiteral(value: string): string {
  return "'" + value.replaceAll("'", "''") + "'";
}

/**
 * Every session's settings. No extension is fetched or loaded. The in_clause optimizer is off:
 * it turns each `x IN (6 or more constants)` into a join, and the retirement macros expand one
 * such list some sixty times into a statement, which then took 0.7 s to plan for a two-row
 * roster (0.2 s without). Our lists hold at most twenty constants, compared row by row.
 */
export const SESSION_SETTINGS = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  "SET disabled_optimizers = 'in_clause'",
].join(';\n');

/**
 * Prepared statements by SQL text, so a query asked again is not planned again: the metric
 * queries expand many macros and planning costs more than running them on the cube. DuckDB
 * re-binds a statement by itself when the catalog has changed since it was prepared.
 */
export class StatementCache<S> {
  private map = new Map<string, S>();
  constructor(
    private prepare: (sql: string) => S,
    private close: (s: S) => unknown,
    private limit = 64,
  ) {}

  get(sql: string): S {
    let s = this.map.get(sql);
    if (s === undefined) {
      s = this.prepare(sql);
      if (this.map.size >= this.limit) {
        const [oldest, stmt] = this.map.entries().next().value!;
        this.map.delete(oldest);
        void this.close(stmt);
      }
    } else this.map.delete(sql);
    this.map.set(sql, s);
    return s;
  }

  clear(): unknown[] {
    const closing = [...this.map.values()].map((s) => this.close(s));
    this.map.clear();
    return closing;
  }
}

/** The rows of an Arrow IPC file or stream, from its record batches (views, no copy). */
export function ipcRows(bytes: Uint8Array): number {
  let n = 0;
  for (const batch of RecordBatchReader.from(bytes)) n += batch.numRows;
  return n;
}

/**
 * The column names of an Arrow IPC file or stream that has a schema and no row (a script's empty
 * table), else null. (A stream of dictionary columns then ends before its dictionaries, which the
 * reader calls an error.) DuckDB refuses to insert such a stream.
 */
export function ipcEmpty(bytes: Uint8Array): string[] | null {
  const reader = RecordBatchReader.from(bytes).open();
  const names = reader.schema?.fields.map((f) => f.name) ?? [];
  try {
    for (const batch of reader) if (batch.numRows > 0) return null;
    return names;
  } catch (e) {
    if (names.length && /dictionar/i.test(String(e))) return names;
    throw e;
  }
}

/** Arrow IPC in the stream format (parquet-wasm and DuckDB read streams; files are converted). */
export function ipcStream(bytes: Uint8Array): Uint8Array {
  const isFile = bytes.length >= 6 && String.fromCharCode(...bytes.subarray(0, 6)) === 'ARROW1';
  return isFile ? tableToIPC(tableFromIPC(bytes), 'stream') : bytes;
}
