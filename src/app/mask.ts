import { MASK } from '../core/mask.ts';
import type { PersonRow } from '../core/report.ts';

/* Masking (隐藏姓名) in the page: the core's (src/core/mask.ts), and people lists. */
export { MASK, maskFileNamesIn, maskIdNumber, maskIdsIn, maskRow } from '../core/mask.ts';

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
