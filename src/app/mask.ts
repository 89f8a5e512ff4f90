import type { PersonRow } from '../core/report.ts';

/*
 * Masking (隐藏姓名) hides every person: names, ID numbers, and the combinations that identify
 * someone (a unit, a post and a birth month side by side). It covers the page and every export.
 */
export const MASK = '＊＊';

/** An ID number reduced to its area code: enough to check a region, not to find a person. */
export const maskIdNumber = (id: string) =>
  id.length > 6 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 6)}` : '*'.repeat(id.length);

/** A person as a masked list shows them: no name, the birth year only, the post as its level. */
export function maskPerson(
  r: PersonRow,
  levelLabel: (level: string) => string = (l) => l,
): PersonRow {
  return {
    ...r,
    name: MASK,
    birth: r.birth ? r.birth.slice(0, 4) : r.birth,
    post_title: r.level ? levelLabel(r.level) : null,
  };
}

/**
 * Text with every ID number of the data masked (18 or 15 characters of digits, an X allowed at
 * the end), for messages that quote one.
 */
export const maskIdsIn = (text: string) =>
  text.replace(
    /\b(\d{6})(\d{8}\d{3}[\dXx]|\d{9})\b/g,
    (_, area: string, rest: string) => area + '*'.repeat(rest.length),
  );
