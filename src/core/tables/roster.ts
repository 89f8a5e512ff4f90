import { MASK } from '../mask.ts';
import type { DuckClient } from '../db.ts';
import type { QueryTexts } from '../queries.ts';
import type { SheetRow, SheetSpec } from '../xlsx-write.ts';
import { metaLines, sourceText, valueText, type TableContext } from './context.ts';
import { tt } from './text.ts';

/** 干部名册 (花名册): one row per cadre, grouped by unit (queries/roster.sql). */
export interface RosterRow {
  person_id: string;
  name: string | null;
  unit_id: string | null;
  unit_name: string | null;
  region: string | null;
  post_title: string | null;
  level: string | null;
  gender: string | null;
  ethnicity: string | null;
  native_place: string | null;
  birth: string | null;
  work_start: string | null;
  party_join: string | null;
  education_fulltime: string | null;
  degree_fulltime: string | null;
  education_inservice: string | null;
  degree_inservice: string | null;
  /** The highest education when neither education column shows it (queries/roster.sql). */
  highest_note: string | null;
  post_since: string | null;
  level_since: string | null;
  reserve: string | null;
  secondment_type: string | null;
  secondment_unit: string | null;
}

/** The roster of a people list (its person ids), or of every cadre under the filters (null). */
export async function rosterRows(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  personIds: string[] | null,
): Promise<RosterRow[]> {
  return db.query<RosterRow>(sql.roster, [asOf, personIds ? JSON.stringify(personIds) : null]);
}

/** A date written 1983.05 reduced to its year, for masked lists. */
const year = (d: string | null) => (d ? d.slice(0, 4) : d);

export function rosterSheetSpec(
  rows: RosterRow[],
  ctx: TableContext,
  title: string = tt(ctx.lang, 'rosterTitle'),
): SheetSpec {
  const { lang } = ctx;
  const t = (k: Parameters<typeof tt>[1], vars?: Record<string, string | number>) =>
    tt(lang, k, vars);
  const v = (x: string | null) => (x === null ? null : valueText(ctx, x));
  const masked = ctx.masked ?? false;
  const date = (d: string | null) => (masked ? year(d) : d);
  const columns = [
    t('seq'),
    t('name'),
    t('post'),
    t('gender'),
    t('ethnicity'),
    t('birth'),
    t('nativePlace'),
    t('workStart'),
    t('partyJoin'),
    t('eduFulltime'),
    t('eduInservice'),
    t('postSince'),
    t('levelSince'),
    t('remark'),
  ];
  const out: SheetRow[] = [];
  let unit: string | null | undefined;
  let seq = 0;
  const sizes = new Map<string | null, number>();
  for (const r of rows) sizes.set(r.unit_id, (sizes.get(r.unit_id) ?? 0) + 1);
  for (const r of rows) {
    if (r.unit_id !== unit) {
      unit = r.unit_id;
      seq = 0;
      const name = r.unit_name ?? r.unit_id ?? t('noUnit');
      const where = r.region && !name.startsWith(r.region) ? `${r.region} · ${name}` : name;
      out.push({
        cells: [t('unitHeading', { unit: where, n: sizes.get(r.unit_id) ?? 0 })],
        kind: 'heading',
      });
    }
    const remarks = [
      r.highest_note ? t('highestEducation', { v: valueText(ctx, r.highest_note) }) : null,
      r.reserve ? v(r.reserve) : null,
      r.secondment_type
        ? t('secondment', {
            type: valueText(ctx, r.secondment_type),
            unit: r.secondment_unit ?? '',
          })
        : null,
    ].filter((x) => x !== null);
    out.push({
      cells: [
        ++seq,
        masked ? MASK : r.name,
        masked ? v(r.level) : r.post_title,
        v(r.gender),
        r.ethnicity ? v(r.ethnicity) : null,
        date(r.birth),
        // With names hidden, a birthplace beside a unit and a birth year could name someone.
        masked ? null : r.native_place,
        date(r.work_start),
        date(r.party_join),
        [v(r.education_fulltime), r.degree_fulltime && v(r.degree_fulltime)]
          .filter(Boolean)
          .join(' ') || null,
        [v(r.education_inservice), r.degree_inservice && v(r.degree_inservice)]
          .filter(Boolean)
          .join(' ') || null,
        date(r.post_since),
        date(r.level_since),
        remarks.join(lang === 'zh' ? '；' : '; ') || null,
      ],
    });
  }
  return {
    name: title,
    title,
    meta: metaLines(ctx),
    header: [columns],
    rows: out,
    notes: [t('rosterNote'), ...(masked ? [t('maskedNote')] : []), sourceText(ctx)],
    widths: [6, 10, 30, 6, 8, 10, 10, 12, 10, 16, 12, 11, 15, 20],
  };
}
