import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { quoteIdent, type DuckClient } from './db.ts';
import { FIELDS, mapHeaders, type FieldSpec } from './fields.ts';

export interface SourceFile {
  name: string;
  bytes: Uint8Array;
}

export type SourceFormat = 'csv' | 'parquet' | 'arrow';

export interface LoadOptions {
  /** Snapshot for rows whose file has no 统计时点 column and no date in its name (YYYY-MM-DD). */
  defaultSnapshot?: string;
  /** Replace every loaded row instead of adding to them (only once all files have been read). */
  replace?: boolean;
  /** Parquet → Arrow IPC stream (parquet-wasm; in the browser it runs in a worker). */
  parquetToIPC: (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;
}

export interface RejectedRow {
  file: string;
  row: number;
  name: string | null;
  code: string;
  reason: string;
}

export interface RowWarning {
  file: string;
  row: number;
  name: string | null;
  field: string;
  code: string;
  message: string;
}

export interface LoadReport {
  sources: string[];
  rows: { read: number; loaded: number; rejected: number; skipped: number };
  rejected: RejectedRow[];
  warnings: RowWarning[];
}

/** A file that cannot be read at all; the message is for the user (Chinese). */
export class LoadError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super(`无法读取文件“${file}”：${detail}`);
    this.name = 'LoadError';
  }
}

export function detectFormat(file: SourceFile): SourceFormat {
  const b = file.bytes;
  const ascii = (from: number, len: number) => String.fromCharCode(...b.subarray(from, from + len));
  if (b.length >= 4 && ascii(0, 4) === 'PAR1') return 'parquet';
  if (b.length >= 6 && ascii(0, 6) === 'ARROW1') return 'arrow';
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xff && b[2] === 0xff && b[3] === 0xff)
    return 'arrow';
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'parquet') return 'parquet';
  if (ext === 'arrow' || ext === 'feather' || ext === 'ipc' || ext === 'arrows') return 'arrow';
  return 'csv';
}

/** Snapshot date from a file name such as `roster-2024-12.csv` or `干部名册202412.parquet`. */
export function snapshotFromFileName(name: string): string | null {
  const m = name.match(
    /(20\d{2}|19\d{2})[-_.年]?(0[1-9]|1[0-2])(?:[-_.月]?(0[1-9]|[12]\d|3[01]))?/,
  );
  if (!m) return null;
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (m[3]) return `${m[1]}-${m[2]}-${m[3]}`;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}`;
}

/**
 * Loads every file into `cadres`, all or nothing: a file that cannot be read rolls back the
 * whole batch and throws a LoadError. Every data row ends up loaded or rejected.
 */
export async function loadSources(
  db: DuckClient,
  files: SourceFile[],
  options: LoadOptions,
): Promise<LoadReport> {
  const report: LoadReport = {
    sources: files.map((f) => f.name),
    rows: { read: 0, loaded: 0, rejected: 0, skipped: 0 },
    rejected: [],
    warnings: [],
  };
  const tables = files.map((_, i) => `normalised_${i}`);
  const dropAll = () =>
    db.exec(['staging', ...tables].map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n'));
  try {
    // Parse and normalise every file first: a file that cannot be read leaves cadres untouched.
    for (const [i, file] of files.entries()) await normaliseFile(db, file, tables[i], options);
  } catch (e) {
    await dropAll();
    throw e instanceof LoadError
      ? e
      : new LoadError(files.map((f) => f.name).join(', '), errorText(e));
  }
  await db.exec('BEGIN TRANSACTION');
  try {
    if (options.replace) await db.exec('DELETE FROM cadres;');
    for (const table of tables) {
      const one = await insertNormalised(db, table);
      report.rows.read += one.rows.read;
      report.rows.loaded += one.rows.loaded;
      report.rows.rejected += one.rows.rejected;
      report.rows.skipped += one.rows.skipped;
      report.rejected.push(...one.rejected);
      report.warnings.push(...one.warnings);
    }
    await deriveUnits(db);
    await db.exec('COMMIT');
  } catch (e) {
    await db.exec('ROLLBACK');
    throw new LoadError(files.map((f) => f.name).join(', '), errorText(e));
  } finally {
    await dropAll();
  }
  return report;
}

async function normaliseFile(
  db: DuckClient,
  file: SourceFile,
  table: string,
  options: LoadOptions,
): Promise<void> {
  const format = detectFormat(file);
  if (file.bytes.length === 0) throw new LoadError(file.name, '文件为空');
  await db.exec('DROP TABLE IF EXISTS staging;');
  let firstRow = 1;
  try {
    if (format === 'parquet') {
      await db.insertArrowIPC('staging', await options.parquetToIPC(file.bytes));
    } else if (format === 'arrow') {
      const arrow = tableFromIPC(file.bytes);
      await db.insertArrowIPC('staging', tableToIPC(arrow, 'stream'));
    } else {
      firstRow = 2;
      const internal = '__source.csv';
      await db.registerFile(internal, utf8Bytes(file.bytes));
      try {
        await db.exec(
          `CREATE TABLE staging AS SELECT * FROM read_csv('${internal}', header = true, ` +
            `all_varchar = true, auto_detect = true, null_padding = true)`,
        );
      } finally {
        await db.dropFile(internal);
      }
    }
  } catch (e) {
    throw new LoadError(file.name, `${formatName(format)}格式无法解析（${errorText(e)}）`);
  }
  const columns = await db.query<{ column_name: string; column_type: string }>(
    'SELECT column_name, column_type FROM (DESCRIBE staging)',
  );
  const types = new Map(columns.map((c) => [c.column_name, c.column_type]));
  const mapping = mapHeaders(columns.map((c) => c.column_name));
  if (!mapping.birth_date) {
    throw new LoadError(file.name, '找不到出生年月列（出生年月 / 出生日期 / birth_date）');
  }
  const snapshot =
    mapping.snapshot_date === undefined
      ? (snapshotFromFileName(file.name) ?? options.defaultSnapshot ?? null)
      : null;
  await db.query(normaliseSql(table, mapping, types, firstRow, format === 'csv'), [
    file.name,
    snapshot,
  ]);
  await db.exec('DROP TABLE staging;');
}

async function insertNormalised(db: DuckClient, table: string) {
  await markDuplicates(db, table);
  const [counts] = await db.query<{ read: number; rejected: number; skipped: number }>(
    `SELECT count(*) FILTER (WHERE NOT skipped)::INTEGER AS read,
       count(*) FILTER (WHERE NOT skipped AND reject_code IS NOT NULL)::INTEGER AS rejected,
       count(*) FILTER (WHERE skipped)::INTEGER AS skipped
     FROM ${table}`,
  );
  const canonical = FIELDS.map((f) => f.name).concat(['party', 'source_file', 'source_row']);
  const [inserted] = await db.query<{ Count: number }>(
    `INSERT INTO cadres (${canonical.join(', ')})
     SELECT ${canonical.join(', ')} FROM ${table} WHERE NOT skipped AND reject_code IS NULL`,
  );
  const rejected = await db.query<RejectedRow>(
    `SELECT source_file AS file, source_row AS row, name, reject_code AS code, ${REJECT_REASON_SQL} AS reason
     FROM ${table} WHERE NOT skipped AND reject_code IS NOT NULL ORDER BY source_row`,
  );
  const warnings = await db.query<RowWarning>(warningsSql(table));
  return {
    rows: {
      read: counts.read,
      loaded: Number(inserted?.Count ?? 0),
      rejected: counts.rejected,
      skipped: counts.skipped,
    },
    rejected,
    warnings,
  };
}

function formatName(f: SourceFormat) {
  return f === 'csv' ? 'CSV' : f === 'parquet' ? 'Parquet' : 'Arrow';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message.split('\n')[0] : String(e);
}

/** UTF-8 (with or without BOM) passes through; anything else is read as GB18030 (GBK). */
export function utf8Bytes(bytes: Uint8Array): Uint8Array {
  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return body.slice();
  } catch {
    return new TextEncoder().encode(new TextDecoder('gb18030').decode(body));
  }
}

const SQL_TYPE = { text: 'VARCHAR', date: 'DATE', number: 'DOUBLE', bool: 'BOOLEAN' } as const;

/** Text from CSV is trimmed; typed Parquet/Arrow columns are taken as they are (trim is costly). */
function rawExpr(field: FieldSpec, column: string, type: string, trim: boolean): string {
  const c = quoteIdent(column);
  const t = type.toUpperCase();
  switch (field.kind) {
    case 'date':
      if (t === 'DATE' || t.startsWith('TIMESTAMP')) return `CAST(${c} AS DATE)`;
      return `parse_date(${c})`;
    case 'number':
      return t === 'VARCHAR' ? `TRY_CAST(norm_text(${c}) AS DOUBLE)` : `CAST(${c} AS DOUBLE)`;
    case 'bool':
      return t === 'BOOLEAN' ? c : `norm_bool(norm_text(${c}))`;
    default:
      return trim ? `norm_text(${c})` : `nullif(CAST(${c} AS VARCHAR), '')`;
  }
}

/** Builds the statement that turns `staging` into `table` ($1 = file name, $2 = snapshot). */
function normaliseSql(
  table: string,
  mapping: Record<string, string>,
  types: Map<string, string>,
  firstRow: number,
  trim: boolean,
): string {
  const raw: string[] = [];
  for (const f of FIELDS) {
    const col = mapping[f.name];
    raw.push(
      col === undefined
        ? `CAST(NULL AS ${SQL_TYPE[f.kind]}) AS ${f.name}`
        : `${rawExpr(f, col, types.get(col)!, trim)} AS ${f.name}`,
    );
  }
  const birthCol = mapping.birth_date;
  const birthType = types.get(birthCol)!.toUpperCase();
  const birthRaw =
    birthType === 'VARCHAR'
      ? `norm_text(${quoteIdent(birthCol)})`
      : `CAST(${quoteIdent(birthCol)} AS VARCHAR)`;
  const birthPrecision =
    mapping.birth_precision !== undefined
      ? 'r.birth_precision'
      : birthType === 'DATE' || birthType.startsWith('TIMESTAMP')
        ? `'day'`
        : `date_precision(r.birth_raw)`;
  const has = (f: string) => mapping[f] !== undefined;
  // Blank lines are a spreadsheet artefact; typed Parquet/Arrow rows are never skipped.
  const allNull = !trim
    ? 'false'
    : [...types]
        .map(([name, type]) =>
          type.toUpperCase() === 'VARCHAR'
            ? `nullif(trim(${quoteIdent(name)}), '') IS NULL`
            : `${quoteIdent(name)} IS NULL`,
        )
        .join(' AND ');
  return `
CREATE TEMP TABLE ${table} AS
WITH src AS (
  SELECT CAST(rowid + ${firstRow} AS INTEGER) AS source_row, *
  FROM staging
),
r AS (
  SELECT source_row, (${allNull}) AS skipped, ${birthRaw} AS birth_raw,
    ${
      has('level')
        ? rawExpr(
            FIELDS.find((f) => f.name === 'level')!,
            mapping.level,
            types.get(mapping.level)!,
            trim,
          )
        : 'NULL'
    } AS level_raw,
    ${raw.join(',\n    ')}
  FROM src
),
n AS (
  SELECT r.source_row, r.skipped, r.birth_raw, r.level_raw,
    coalesce(r.snapshot_date, $2::DATE) AS snapshot_date,
    coalesce(r.person_id, r.id_number, CAST($1 AS VARCHAR) || '#' || CAST(r.source_row AS VARCHAR)) AS person_id,
    r.name, upper(r.id_number) AS id_number,
    norm_gender(r.gender) AS gender,
    r.birth_date, ${birthPrecision} AS birth_precision,
    r.ethnicity, r.political_status, norm_party(r.political_status) AS party,
    r.party_join_date, r.work_start_date,
    norm_education(r.education_fulltime) AS education_fulltime, r.degree_fulltime,
    norm_education(r.education_inservice) AS education_inservice,
    ${
      has('education_highest')
        ? 'norm_education(r.education_highest)'
        : `CASE WHEN norm_education(r.education_fulltime) = '未知' THEN norm_education(r.education_inservice)
            WHEN norm_education(r.education_inservice) = '未知' THEN norm_education(r.education_fulltime)
            ELSE [norm_education(r.education_fulltime), norm_education(r.education_inservice)][
              1 + CAST(list_position(['研究生', '大学本科', '大学专科', '中专及以下'], norm_education(r.education_inservice))
                < list_position(['研究生', '大学本科', '大学专科', '中专及以下'], norm_education(r.education_fulltime)) AS INTEGER)]
          END`
    } AS education_highest,
    coalesce(r.unit_id, r.unit_name) AS unit_id, r.unit_name,
    norm_unit_type(r.unit_type) AS unit_type, r.region,
    r.post_title,
    ${
      has('post_class')
        ? `CASE WHEN r.post_class IN ('township_secretary', '乡镇党委书记', '街道党工委书记', '书记') THEN 'township_secretary'
             WHEN r.post_class IN ('township_head', '乡镇长', '街道办事处主任', '乡镇长(街道主任)') THEN 'township_head'
             WHEN r.post_class IS NULL THEN post_class_of(r.post_title, norm_unit_type(r.unit_type))
             ELSE 'other' END`
        : 'post_class_of(r.post_title, norm_unit_type(r.unit_type))'
    } AS post_class,
    norm_level(r.level) AS level, r.rank, r.level_since, r.post_since,
    r.is_team_member,
    coalesce(r.is_principal, CASE WHEN norm_level(r.level) LIKE '%正职' THEN true
      WHEN norm_level(r.level) LIKE '%副职' THEN false END) AS is_principal,
    norm_reserve(r.reserve) AS reserve,
    r.grassroots_years, r.appraisals, r.source,
    CAST($1 AS VARCHAR) AS source_file
  FROM r
),
checked AS (
  SELECT n.*,
    CASE WHEN n.id_number IS NOT NULL THEN id_number_valid(n.id_number) END AS id_ok,
    CASE
      WHEN n.skipped THEN NULL
      WHEN n.birth_raw IS NULL THEN 'birth_missing'
      WHEN n.birth_date IS NULL THEN 'birth_unparsed'
      WHEN n.snapshot_date IS NULL THEN 'snapshot_missing'
      WHEN n.birth_date > n.snapshot_date THEN 'birth_future'
      WHEN n.birth_date < DATE '1900-01-01' OR age_at(n.birth_date, n.snapshot_date) > 100
        THEN 'birth_implausible'
    END AS reject_code
  FROM n
)
SELECT * FROM checked`;
}

/**
 * Marks later copies of a person in one snapshot (in this file or already loaded) as
 * duplicates. A grouped count finds whether there are any before the row-level pass.
 */
async function markDuplicates(db: DuckClient, table: string): Promise<void> {
  const [{ n }] = await db.query<{ n: number }>(`
    SELECT count(*)::INTEGER AS n FROM (
      SELECT snapshot_date, person_id FROM ${table} WHERE reject_code IS NULL AND NOT skipped
      GROUP BY ALL HAVING count(*) > 1
      UNION ALL
      SELECT snapshot_date, person_id FROM ${table} n
      WHERE reject_code IS NULL AND NOT skipped
        AND n.snapshot_date IN (SELECT DISTINCT snapshot_date FROM cadres)
        AND EXISTS (SELECT 1 FROM cadres k
                    WHERE k.snapshot_date = n.snapshot_date AND k.person_id = n.person_id))`);
  if (n === 0) return;
  await db.exec(`
    UPDATE ${table} SET reject_code = 'duplicate'
    WHERE source_row IN (
      SELECT source_row FROM (
        SELECT source_row, snapshot_date, person_id,
          row_number() OVER (PARTITION BY snapshot_date, person_id ORDER BY source_row) AS k
        FROM ${table} WHERE reject_code IS NULL AND NOT skipped) d
      WHERE k > 1 OR EXISTS (SELECT 1 FROM cadres c
                             WHERE c.snapshot_date = d.snapshot_date AND c.person_id = d.person_id))`);
}

const REJECT_REASON_SQL = `
  CASE reject_code
    WHEN 'birth_missing' THEN '缺少出生年月'
    WHEN 'birth_unparsed' THEN '出生年月无法识别：' || birth_raw
    WHEN 'snapshot_missing' THEN '缺少统计时点（文件无统计时点列，文件名中也没有日期）'
    WHEN 'birth_future' THEN '出生年月晚于统计时点：' || birth_raw
    WHEN 'birth_implausible' THEN '出生年月不合理：' || birth_raw
    WHEN 'duplicate' THEN '同一统计时点重复出现的人员（人员编号 ' || person_id || '）'
  END`;

const warningsSql = (table: string) => `
SELECT source_file AS file, source_row AS row, name, field, code, message FROM (
  SELECT *, '身份证号' AS field, 'id_checksum' AS code, '身份证号校验位错误：' || id_number AS message
  FROM ${table} WHERE reject_code IS NULL AND NOT skipped AND NOT id_ok
  UNION ALL
  SELECT *, '身份证号', 'id_birth_mismatch',
    '身份证号中的出生年月（' || strftime(id_number_birth_month(id_number), '%Y-%m') ||
    '）与出生年月（' || strftime(birth_date, '%Y-%m') || '）不一致，以出生年月为准'
  FROM ${table} WHERE reject_code IS NULL AND NOT skipped AND id_ok
    AND strftime(id_number_birth_month(id_number), '%Y-%m') <> strftime(birth_date, '%Y-%m')
  UNION ALL
  SELECT *, '职务层次', 'level_unknown', '职务层次无法识别：' || level_raw
  FROM ${table} WHERE reject_code IS NULL AND NOT skipped AND level_raw IS NOT NULL AND level IS NULL
  UNION ALL
  SELECT *, '参加工作时间', 'work_before_16', '参加工作时间早于16周岁'
  FROM ${table} WHERE reject_code IS NULL AND NOT skipped
    AND work_start_date IS NOT NULL AND age_at(birth_date, work_start_date) < 16
  UNION ALL
  SELECT *, '入党时间', 'party_before_18', '入党时间早于18周岁'
  FROM ${table} WHERE reject_code IS NULL AND NOT skipped
    AND party_join_date IS NOT NULL AND age_at(birth_date, party_join_date) < 18
)
ORDER BY source_row, code`;

/** Units seen in the loaded rosters; a county-level unit's parent is its region. */
async function deriveUnits(db: DuckClient): Promise<void> {
  await db.exec(`
    DELETE FROM units;
    INSERT INTO units
    SELECT unit_id, arg_max(unit_name, snapshot_date), arg_max(unit_type, snapshot_date),
      arg_max(region, snapshot_date),
      CASE WHEN arg_max(unit_type, snapshot_date) IN ('县市区', '乡镇街道')
        THEN 'region:' || arg_max(region, snapshot_date) END
    FROM cadres WHERE unit_id IS NOT NULL GROUP BY unit_id;`);
}
