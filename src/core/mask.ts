import type { Params, RejectedRow, RowWarning } from './messages.ts';

/*
 * Masking (隐藏姓名) hides every person: names, ID numbers, and the combinations that identify
 * someone (a unit, a post and a birth month side by side). The page, its exports and the report
 * CLI share these.
 */

/** What stands in for a name. */
export const MASK = '＊＊';

/** An ID number reduced to its area code: enough to check a region, not to find a person. */
export const maskIdNumber = (id: string) =>
  id.length > 6 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 6)}` : '*'.repeat(id.length);

/**
 * Text with every ID number of the data masked (18 or 15 characters of digits, an X allowed at
 * the end), for messages that quote one.
 */
export const maskIdsIn = (text: string) =>
  text.replace(
    /\b(\d{6})(\d{8}\d{3}[\dXx]|\d{9})\b/g,
    (_, area: string, rest: string) => area + '*'.repeat(rest.length),
  );

const maskParams = (p: Params | undefined): Params | undefined =>
  p &&
  Object.fromEntries(
    Object.entries(p).map(([k, v]) => [k, typeof v === 'string' ? maskIdsIn(v) : v]),
  );

/** A rejected row or a data-quality note without the person's name or ID number. */
export const maskRow = <T extends RejectedRow | RowWarning>(r: T): T => ({
  ...r,
  name: r.name === null ? null : MASK,
  params: maskParams(r.params),
  ...('reason' in r ? { reason: maskIdsIn(r.reason) } : {}),
  ...('message' in r ? { message: maskIdsIn(r.message) } : {}),
});

/**
 * A report as a masked export holds it: rejected rows, notes and the people of each eligibility
 * list without names or posts, and ID numbers cut to their area code (a person id also numbered,
 * 431122************#3, the same number for the same person).
 */
export function maskReport<
  R extends {
    rejected: RejectedRow[];
    warnings: RowWarning[];
    eligibility?: { people: { person_id: string; name: string | null; post: string | null }[] }[];
    events?: { rejected: RejectedRow[] };
  },
>(r: R): R {
  // The same person keeps one number across the lists, so masked rows can still be told apart
  // and compared; the number says nothing of the person.
  const seen = new Map<string, string>();
  const pseudonym = (id: string) => {
    let p = seen.get(id);
    if (p === undefined) seen.set(id, (p = `${maskIdsIn(id)}#${seen.size + 1}`));
    return p;
  };
  return {
    ...r,
    rejected: r.rejected.map(maskRow),
    warnings: r.warnings.map(maskRow),
    ...(r.events ? { events: { ...r.events, rejected: r.events.rejected.map(maskRow) } } : {}),
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
