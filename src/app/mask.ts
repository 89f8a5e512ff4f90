import { MASK } from '../core/mask.ts';
import type { PersonRow } from '../core/report.ts';

/* Masking (隐藏姓名) in the page: the core's (src/core/mask.ts), and people lists. */
export {
  MASK,
  maskFileNamesIn,
  maskIdNumber,
  maskIdsIn,
  maskPersonId,
  maskRow,
} from '../core/mask.ts';

/** A person as a masked list shows them: no name, the birth year only, the post as its level. */
export function maskPerson(
  r: PersonRow,
  levelLabel: (level: string) => string = (l) => l,
): PersonRow {
  const note = (r as { note?: string | null }).note;
  return {
    ...r,
    name: MASK,
    birth: r.birth ? r.birth.slice(0, 4) : r.birth,
    post_title: r.level ? levelLabel(r.level) : null,
    // A retirement month is the birth month plus a fixed age: its month is hidden too.
    ...(typeof note === 'string' && { note: note.replace(/\b(\d{4})-\d{2}\b/g, '$1-**') }),
  };
}

const keys = new Map<string, string>();

/**
 * A person id as the page's elements carry it (data-person, test ids, a menu's values): masked,
 * an opaque key for this page's life instead, since an id is often an ID number or a key a
 * name and a birth month give back.
 */
export function domKey(id: string, masked: boolean): string {
  if (!masked) return id;
  let k = keys.get(id);
  if (k === undefined) keys.set(id, (k = `p${keys.size + 1}`));
  return k;
}
