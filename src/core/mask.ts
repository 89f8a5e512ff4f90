import {
  formatMessage,
  type Lang,
  type Params,
  type RejectedRow,
  type RowWarning,
} from './messages.ts';

/*
 * Masking (隐藏姓名) hides every person: names, ID numbers, and the combinations that identify
 * someone (a unit, a post and a birth month side by side). The page, its exports and the report
 * CLI share these.
 */

/** What stands in for a name. */
export const MASK = '＊＊';
/** A person id the loader made from a name and a birth month (load.ts: 'N' and an md5 prefix). */
const NAME_KEY = /^N[0-9a-f]{12}/;

/** An ID number reduced to its area code: enough to check a region, not to find a person. */
export const maskIdNumber = (id: string) =>
  id.length > 6 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 6)}` : '*'.repeat(id.length);

/**
 * Text with every ID number of the data masked, for messages that quote one: any run of 14 to 20
 * digits (an X allowed at the end), so that one with digits lost or added is masked too, and 18
 * characters of digits whose last ones are starred.
 */
export const maskIdsIn = (text: string) =>
  text
    .replace(
      /(?<!\d)(\d{6})(\d{7,13}[\dXx])(?![\dXx])/g,
      (_, area: string, rest: string) => area + '*'.repeat(rest.length),
    )
    // One whose lost digits are starred (431102198001011***, load.ts): 18 characters.
    .replace(/(?<![\d*])(\d{6})(\d{1,11}\*{1,12})(?![\d*])/g, (all, area: string, rest: string) =>
      all.length === 18 ? area + '*'.repeat(rest.length) : all,
    );

/**
 * Text with the names of 任免审批表 files masked: a form is one person's, and cadre systems name
 * it after them (李建国.lrmx, 王芳_430103199103150011.lrmx). Other files name a roster, not a
 * person; an ID number in their name is masked all the same.
 */
export const maskFileNamesIn = (text: string) =>
  maskIdsIn(text).replace(/[^\s“”"'‘’，,、：:；;]+(\.lrmx?)(?![A-Za-z0-9])/gi, `${MASK}$1`);

/**
 * The files a figure comes from, as a masked caption names them: each masked, and several
 * 任免审批表 (masked alike) said as how many they are.
 */
export function maskedSources(names: string[], lang: Lang): string[] {
  const masked = names.map(maskFileNamesIn);
  const form = (n: string) => n.startsWith(`${MASK}.`);
  const forms = masked.filter(form).length;
  if (forms < 2) return masked;
  return [
    ...masked.filter((n) => !form(n)),
    lang === 'zh' ? `${forms} 个任免审批表（已隐藏姓名）` : `${forms} LRMX forms (names hidden)`,
  ];
}

/**
 * Dates written YYYY-MM or YYYY-MM-DD cut to their year, as masked exports give dates; the month
 * shown hidden (1989-**), so that two dates a note compares still read as dates.
 */
const yearsIn = (text: string) =>
  text.replace(/\b(\d{4})-\d{2}(-\d{2})?\b/g, (_, y: string, d?: string) =>
    d ? `${y}-**-**` : `${y}-**`,
  );

/**
 * The codes whose `value` is a word from a short list (a level, a unit type, a 性别 or 是否班子成员
 * as written, a roster's date), shown masked. Every other code's `value` is a cell as the roster
 * wrote it — a birth date, a post, free text that may name someone — and is hidden.
 */
const WORD_VALUES = new Set([
  'level_unknown',
  'level_non_leading',
  'unit_type_unknown',
  'unit_type_missing',
  'team_member_unreadable',
  'gender_unreadable',
  'gender_from_id',
  'snapshot_unreadable',
  'event_level_unknown',
]);

/**
 * A person id as a masked text quotes it: an ID number (however written) cut to its area code, a
 * key made from a name and a birth month hidden whole, a 人员编号 kept (README: 隐藏姓名).
 */
export const maskPersonId = (id: string) =>
  NAME_KEY.test(id)
    ? `N${MASK}`
    : /^\d{6}/.test(id) && id.length >= 14
      ? maskIdNumber(id)
      : maskFileNamesIn(id);

const maskParams = (code: string, p: Params): Params =>
  Object.fromEntries(
    Object.entries(p).map(([k, v]) => [
      k,
      typeof v !== 'string'
        ? v
        : k === 'id'
          ? // However it is written (431102-19870405-2016, a letter for a digit).
            maskIdNumber(v)
          : k === 'person_id'
            ? maskPersonId(v)
            : (k === 'month' || k === 'other') && code.startsWith('birth_')
              ? '*'
              : k === 'value' && !WORD_VALUES.has(code)
                ? MASK
                : yearsIn(maskFileNamesIn(v)),
    ]),
  );

/**
 * A rejected row or a data-quality note without the person's name or ID number, dates as years,
 * and no birth month or post title quoted: its text in `lang` is made again from its masked
 * parameters (rejectReason and warningText make it from them too).
 */
export const maskRow = <T extends RejectedRow | RowWarning>(r: T, lang: Lang): T => {
  const params = r.params && maskParams(r.code, r.params);
  const text = (t: string) =>
    params ? formatMessage(r.code, params, lang) : yearsIn(maskFileNamesIn(t));
  return {
    ...r,
    ...('file' in r && typeof r.file === 'string' ? { file: maskFileNamesIn(r.file) } : {}),
    name: r.name === null ? null : MASK,
    params,
    ...('reason' in r ? { reason: text(r.reason) } : {}),
    ...('message' in r ? { message: text(r.message) } : {}),
  };
};

/**
 * A report as a masked export holds it: rejected rows, notes and the people of each eligibility
 * list without names or posts, and ID numbers cut to their area code (a person id also numbered,
 * 431122************#3, the same number for the same person).
 */
export function maskReport<
  R extends {
    sources?: string[];
    skippedRows?: { file: string }[];
    rejected: RejectedRow[];
    warnings: RowWarning[];
    eligibility?: { people: { person_id: string; name: string | null; post: string | null }[] }[];
    events?: { sources: string[]; rejected: RejectedRow[] };
  },
>(r: R, lang: Lang): R {
  // The same person keeps one number across the lists, so masked rows can still be told apart
  // and compared; the number says nothing of the person. An id made from the name and birth
  // month (N + its hash, a roster with no number) is hidden whole: a list of common names and
  // a dozen birth months would give its hash back.
  const seen = new Map<string, string>();
  const pseudonym = (id: string) => {
    let p = seen.get(id);
    const shown = maskPersonId(id);
    if (p === undefined) seen.set(id, (p = `${shown}#${seen.size + 1}`));
    return p;
  };
  return {
    ...r,
    ...(r.sources ? { sources: r.sources.map(maskFileNamesIn) } : {}),
    ...(r.skippedRows
      ? { skippedRows: r.skippedRows.map((x) => ({ ...x, file: maskFileNamesIn(x.file) })) }
      : {}),
    rejected: r.rejected.map((x) => maskRow(x, lang)),
    warnings: r.warnings.map((x) => maskRow(x, lang)),
    ...(r.events
      ? {
          events: {
            ...r.events,
            sources: r.events.sources.map(maskFileNamesIn),
            rejected: r.events.rejected.map((x) => maskRow(x, lang)),
          },
        }
      : {}),
    ...(r.eligibility
      ? {
          eligibility: r.eligibility.map((e) => ({
            ...e,
            people: e.people.map((p) => ({
              ...p,
              person_id: pseudonym(p.person_id),
              name: p.name === null ? null : MASK,
              // A unit and a post name a person; the level does not.
              post: null,
            })),
          })),
        }
      : {}),
  };
}
