import { toCsv } from '../../core/csv.ts';
import type { EligibilityRule } from '../../core/policy/index.ts';
import type {
  CriterionId,
  EligibilityRow,
  EligibilityStatus,
} from '../../core/selection/eligibility.ts';
import {
  CRITERION_LABELS,
  failureText,
  markedCell,
  STATUS_LABELS,
} from '../../core/selection/text.ts';
import { listSheet, type SheetSpec } from '../../core/xlsx-write.ts';
import { saveCsv } from '../download.ts';
import { saveXlsx } from '../xlsx-export.ts';
import { i18n } from '../i18n.svelte.ts';
import { MASK } from '../mask.ts';
import { w } from './words.ts';

/** A file name without characters file systems refuse. */
export const fileName = (s: string) => s.replace(/[\\/:*?"<>|]+/g, ' ').trim();

export const statusWord = (s: EligibilityStatus) => STATUS_LABELS[s][i18n.lang];

/** A person as a masked list shows them: no name or id, the birth year, the post as its level. */
export function shownPerson(r: EligibilityRow, masked: boolean) {
  return masked
    ? {
        ...r,
        name: MASK,
        person_id: '',
        birth: r.birth.slice(0, 4),
        post_title: r.level ? i18n.v(r.level) : null,
        work_start: r.work_start?.slice(0, 4) ?? null,
        party_join: r.party_join?.slice(0, 4) ?? null,
      }
    : r;
}

export type CellValue = string | number | null | undefined;

export type Table = {
  columns: { key: string; label: string }[];
  rows: Record<string, CellValue>[];
};

/** The eligibility list with one column per criterion, as on screen, for CSV and Excel. */
export function eligibilityTable(
  rule: EligibilityRule,
  criteria: CriterionId[],
  rows: EligibilityRow[],
  masked: boolean,
): Table {
  const lang = i18n.lang;
  const person = [
    { key: 'n', label: w('rosterNo') },
    ...(masked ? [] : [{ key: 'person_id', label: w('colPersonId') }]),
    { key: 'status', label: w('colStatus') },
    { key: 'name', label: w('colName') },
    { key: 'gender', label: w('colGender') },
    { key: 'birth', label: w('colBirth') },
    { key: 'age', label: w('colAge') },
    { key: 'region', label: w('colRegion') },
    { key: 'unit_name', label: w('colUnit') },
    { key: 'post_title', label: w('colPost') },
    { key: 'level', label: w('colLevel') },
  ];
  const taken = new Set(person.map((c) => c.label));
  const columns = [
    ...person,
    // A criterion named as a column already shown (年龄, 职务层次) is told apart: 年龄（条件）.
    ...criteria.map((c) => ({
      key: `c_${c}`,
      label: taken.has(CRITERION_LABELS[c][lang])
        ? w('criterionColumn', { name: CRITERION_LABELS[c][lang] })
        : CRITERION_LABELS[c][lang],
    })),
    { key: 'failed', label: w('colFailed') },
    { key: 'missing', label: w('colMissing') },
    ...(rule.priority ? [{ key: 'priority', label: w('colPriorityFlag') }] : []),
    { key: 'will_qualify', label: w('colWithinFlag') },
  ];
  const out = rows.map((r, i) => {
    const p = shownPerson(r, masked);
    const row: Record<string, CellValue> = {
      n: i + 1,
      person_id: p.person_id,
      status: statusWord(r.status),
      name: p.name,
      gender: p.gender ? i18n.v(p.gender) : null,
      birth: p.birth,
      age: r.age,
      region: p.region,
      unit_name: p.unit_name,
      post_title: p.post_title,
      level: p.level ? i18n.v(p.level) : null,
      failed: r.failed.map((c) => failureText(rule, r, c, lang)).join(lang === 'zh' ? '；' : '; '),
      missing: r.missing.map((c) => CRITERION_LABELS[c][lang]).join(lang === 'zh' ? '、' : ', '),
      priority: r.priority ? w('yes') : '',
      will_qualify: r.will_qualify ? w('yes') : '',
    };
    for (const c of criteria) row[`c_${c}`] = markedCell(rule, r, c, lang);
    return row;
  });
  return { columns, rows: out };
}

/**
 * The people as a 干部名册: grouped by unit (a line naming the unit above its people), with
 * the columns the cadre systems print, and the status of the search in 备注.
 */
export function rosterTable(rule: EligibilityRule, rows: EligibilityRow[], masked: boolean): Table {
  const lang = i18n.lang;
  const columns = [
    { key: 'n', label: w('rosterNo') },
    { key: 'name', label: w('colName') },
    { key: 'post_title', label: w('colPost') },
    { key: 'gender', label: w('colGender') },
    { key: 'ethnicity', label: w('colEthnicity') },
    { key: 'birth', label: w('colBirth') },
    { key: 'work_start', label: w('colWorkStart') },
    { key: 'party_join', label: w('colPartyJoin') },
    { key: 'education_fulltime', label: w('colEduFull') },
    { key: 'education_inservice', label: w('colEduIn') },
    { key: 'post_since', label: w('colPostSince') },
    { key: 'level_since', label: w('colLevelSince') },
    { key: 'remark', label: w('rosterRemark') },
  ];
  const byUnit = new Map<string, EligibilityRow[]>();
  for (const r of rows) {
    const k = r.unit_name ?? '';
    byUnit.set(k, [...(byUnit.get(k) ?? []), r]);
  }
  const out: Record<string, CellValue>[] = [];
  let n = 0;
  for (const [unit, people] of byUnit) {
    out.push({ n: unit || '—' });
    for (const r of people) {
      const p = shownPerson(r, masked);
      out.push({
        n: ++n,
        name: p.name,
        post_title: p.post_title,
        gender: p.gender ? i18n.v(p.gender) : null,
        ethnicity: p.ethnicity,
        birth: p.birth,
        work_start: p.work_start,
        party_join: p.party_join,
        education_fulltime: p.education_fulltime ? i18n.v(p.education_fulltime) : null,
        education_inservice:
          p.education_inservice && p.education_inservice !== '未知'
            ? i18n.v(p.education_inservice)
            : null,
        post_since: p.post_since,
        level_since: p.level_since,
        remark: [
          statusWord(r.status),
          ...r.failed.map((c) => failureText(rule, r, c, lang)),
          ...(r.missing.length
            ? [`${w('colMissing')}：${r.missing.map((c) => CRITERION_LABELS[c][lang]).join('、')}`]
            : []),
        ].join(lang === 'zh' ? '；' : '; '),
      });
    }
  }
  return { columns, rows: out };
}

export function saveTableCsv(t: Table, name: string): void {
  saveCsv(toCsv(t.rows, t.columns), `${fileName(name)}.csv`);
}

/**
 * An Excel file, by the app's one workbook writer (in a worker): each table a sheet with its
 * title lines above the header; a 名册 row holding only a unit's name is a heading row.
 */
export async function saveTableXlsx(
  sheets: (Table & { name: string; title?: string[] })[],
  name: string,
) {
  const specs: SheetSpec[] = sheets.map((s) => {
    const [title = s.name, ...meta] = s.title ?? [];
    const sheet = listSheet({
      name: s.name,
      title,
      meta,
      notes: [],
      columns: s.columns.map((c) => ({ label: c.label })),
      rows: [],
    });
    sheet.rows = s.rows.map((r) => {
      const cells = s.columns.map((c) => r[c.key] ?? null);
      const heading = cells.slice(1).every((v) => v === null) && typeof cells[0] === 'string';
      return heading ? { cells: [cells[0]], kind: 'heading' } : { cells };
    });
    return sheet;
  });
  await saveXlsx(specs, `${fileName(name)}.xlsx`);
}
