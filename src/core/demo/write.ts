import {
  Bool,
  DateDay,
  Float64,
  Table,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
  type Vector,
} from 'apache-arrow';
import type { AppointmentEvent, DemoCity } from './generate.ts';

const DATE_COLUMNS = new Set([
  'snapshot_date',
  'birth_date',
  'party_join_date',
  'work_start_date',
  'level_since',
  'post_since',
  'secondment_start',
  'secondment_end',
]);

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for 'YYYY-MM-DD' (memoised: the demo repeats few distinct dates). */
function dayVector(values: (string | number | boolean | null)[]): Vector {
  const days = new Int32Array(values.length);
  const valid = new Uint8Array(Math.ceil(values.length / 8));
  const memo = new Map<string, number>();
  let nulls = 0;
  values.forEach((v, i) => {
    if (v === null) {
      nulls++;
      return;
    }
    let d = memo.get(v as string);
    if (d === undefined) {
      d = Date.parse(`${v}T00:00:00Z`) / DAY_MS;
      memo.set(v as string, d);
    }
    days[i] = d;
    valid[i >> 3] |= 1 << (i & 7);
  });
  return makeVector(
    makeData({
      type: new DateDay(),
      length: values.length,
      nullCount: nulls,
      data: days,
      nullBitmap: valid,
    }),
  );
}

/** Utf8 vector built from one encoded buffer (vectorFromArray is slow on 350k-row columns). */
function textVector(values: (string | number | boolean | null)[]): Vector {
  const enc = new TextEncoder();
  const offsets = new Int32Array(values.length + 1);
  const valid = new Uint8Array(Math.ceil(values.length / 8));
  const memo = new Map<string, Uint8Array>();
  const parts: Uint8Array[] = [];
  let size = 0;
  let nulls = 0;
  values.forEach((v, i) => {
    if (v === null) nulls++;
    else {
      let b = memo.get(v as string);
      if (b === undefined) {
        b = enc.encode(v as string);
        memo.set(v as string, b);
      }
      parts.push(b);
      size += b.length;
      valid[i >> 3] |= 1 << (i & 7);
    }
    offsets[i + 1] = size;
  });
  const data = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return makeVector(
    makeData({
      type: new Utf8(),
      length: values.length,
      nullCount: nulls,
      valueOffsets: offsets,
      data,
      nullBitmap: valid,
    }),
  );
}

/** The demo roster as an Arrow IPC stream with typed columns (dates as DATE). */
export function demoToArrowIPC(city: DemoCity): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, values] of Object.entries(city.columns)) {
    if (DATE_COLUMNS.has(name)) vectors[name] = dayVector(values);
    else if (name === 'is_team_member' || name === 'is_principal')
      vectors[name] = vectorFromArray(values as (boolean | null)[], new Bool());
    else if (name === 'grassroots_years')
      vectors[name] = vectorFromArray(values as (number | null)[], new Float64());
    else vectors[name] = textVector(values);
  }
  return tableToIPC(new Table(vectors), 'stream');
}

/**
 * The appointment events as a 任免记录 sheet (CSV, UTF-8 with BOM so Excel reads it): one row
 * per appointment, in date order. A person who joins from outside the roster has no 原职务层次.
 */
export function appointmentsCsv(events: AppointmentEvent[]): string {
  const head = [
    '人员编号',
    '姓名',
    '任免时间',
    '批次',
    '原职务层次',
    '新职务层次',
    '是否提拔',
    '原任职务',
    '新任职务',
  ];
  const cell = (v: string | null) => {
    if (v === null) return '';
    return /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  };
  const lines = events.map((e) =>
    [
      e.person_id,
      e.name,
      e.date,
      e.batch,
      e.from_level,
      e.to_level,
      e.is_promotion ? '是' : '否',
      e.from_post,
      e.to_post,
    ]
      .map(cell)
      .join(','),
  );
  return '\ufeff' + [head.join(','), ...lines].join('\r\n') + '\r\n';
}
