import type { DuckClient } from '../db.ts';
import { keepRows } from '../kept.ts';
import { keepKindsUnknown } from '../policy/teams.ts';
import { LEVELS } from '../policy/validate.ts';
import type { QueryTexts } from '../queries.ts';
import { list, nullable, oneOf, record, text, type Check } from '../validate.ts';

/**
 * Why a move cannot apply to the roster: its person, unit or member replaced is not in it, or
 * an id names someone else there (`…_other`).
 */
export type MoveGone = 'person' | 'person_other' | 'unit' | 'replaces' | 'replaces_other';

/**
 * 模拟调配: a person placed into a unit, filling a place at a level, or replacing a member who
 * leaves (and taking that member's post). The SQL finds people by their ids; the names tell an
 * id that names someone else in another roster (MoveGone).
 */
export interface Move {
  person_id: string;
  name: string | null;
  unit_id: string;
  unit_name: string | null;
  /** The level the person takes when filling a place (a replacement takes the member's). */
  level: string | null;
  replaces: string | null;
  replaces_name: string | null;
  /** The ratio rule whose gap the move is meant to close, when placed from its candidates. */
  rule: string | null;
}

/**
 * Why a move cannot join the moves before it (null: it can): its person is already placed by
 * move `index` (a cadre holds one post), or the member it replaces has already been replaced
 * there (one post, one holder).
 */
export function moveConflict(
  moves: readonly Move[],
  m: Move,
): { code: 'placed' | 'replaced'; index: number } | null {
  const placed = moves.findIndex((x) => x.person_id === m.person_id);
  if (placed >= 0) return { code: 'placed', index: placed };
  const replaced = m.replaces === null ? -1 : moves.findIndex((x) => x.replaces === m.replaces);
  if (replaced >= 0) return { code: 'replaced', index: replaced };
  return null;
}

/** A named list of moves, kept in this browser and exported as a list. */
export interface Scenario {
  name: string;
  /** The reference date the moves were made at. */
  asOf: string;
  moves: Move[];
}

/** One line of a move's effect, before → after (whatif.sql). */
export interface WhatIfRow {
  kind: 'ratio' | 'unit' | 'template' | 'missing';
  seq: number | null;
  id: string | null;
  unit_id: string | null;
  unit_name: string | null;
  region: string | null;
  b_num: number | null;
  b_den: number | null;
  a_num: number | null;
  a_den: number | null;
  b_met: boolean | null;
  a_met: boolean | null;
  b_score: number | null;
  a_score: number | null;
  b_status: string | null;
  a_status: string | null;
  b_detail: string | null;
  a_detail: string | null;
  /** missing: what is no longer in the roster, or is someone else in it (…_other). */
  what: MoveGone | null;
}

export interface WhatIf {
  ratios: WhatIfRow[];
  units: WhatIfRow[];
  templates: WhatIfRow[];
  /** Moves that cannot apply to the roster loaded (by index in the scenario), and why. */
  missing: { index: number; what: MoveGone }[];
}

/**
 * The scenario's effect at a reference date: the moves are written to scenario_moves (a scratch
 * table; the roster never changes) and whatif.sql compares before and after. The city-wide
 * "before" is counted once per date (whatif_city), as every move at that date starts from it.
 */
export async function whatIf(
  db: DuckClient,
  sql: QueryTexts,
  asOf: string,
  moves: readonly Move[],
): Promise<WhatIf> {
  await db.query('DELETE FROM scenario_moves');
  if (moves.length) {
    let n = 0;
    const tuples = moves.map(
      () => `($${++n}::INTEGER, $${++n}, $${++n}, $${++n}, $${++n}, $${++n}, $${++n})`,
    );
    await db.query(
      `INSERT INTO scenario_moves (seq, person_id, unit_id, level, replaces, name, replaces_name)
       VALUES ${tuples.join(', ')}`,
      moves.flatMap((m, i) => [
        i,
        m.person_id,
        m.unit_id,
        m.level,
        m.replaces,
        m.name,
        m.replaces ? m.replaces_name : null,
      ]),
    );
  }
  await keepRows(db, 'whatif_city', [asOf], () => db.query(sql.whatif_city, [asOf]), {
    everyone: true,
  });
  await keepKindsUnknown(db, sql, asOf);
  const rows = await db.query<WhatIfRow>(sql.whatif, [asOf]);
  await db.query('DELETE FROM scenario_moves');
  return {
    ratios: rows.filter((r) => r.kind === 'ratio'),
    units: rows.filter((r) => r.kind === 'unit'),
    templates: rows.filter((r) => r.kind === 'template'),
    missing: rows
      .filter((r) => r.kind === 'missing')
      .map((r) => ({ index: r.seq!, what: r.what! })),
  };
}

/** A template item of a team before → after a scenario: 应配 (required), 实配 (actual), 缺配. */
export interface ItemChange {
  id: string;
  required: number;
  before: number;
  after: number;
}

/**
 * The items of a template row (b_detail/a_detail: "item:actual/required,…"), in `order` (the
 * template's own), those short before or after or whose 实配 changes: what the move does to the
 * team's 应配 / 实配 / 缺配 (DOMAIN.md §8).
 */
export function itemChanges(row: WhatIfRow, order: readonly string[]): ItemChange[] {
  const parse = (d: string | null) =>
    new Map(
      (d ?? '')
        .split(',')
        .filter(Boolean)
        .map((x) => {
          const [, item, actual, required] = /^(.*):(\d+)\/(\d+)$/.exec(x) ?? [];
          return [item, { actual: Number(actual), required: Number(required) }] as const;
        }),
    );
  const b = parse(row.b_detail);
  const a = parse(row.a_detail);
  const ids = [...new Set([...b.keys(), ...a.keys()])].sort(
    (x, y) => order.indexOf(x) - order.indexOf(y),
  );
  return ids
    .map((item) => ({
      id: item,
      required: (a.get(item) ?? b.get(item))!.required,
      before: b.get(item)?.actual ?? 0,
      after: a.get(item)?.actual ?? 0,
    }))
    .filter((x) => x.before !== x.after || x.before < x.required || x.after < x.required);
}

const id = text(200);
const label = nullable(text(200));
const moveCheck: Check<Move> = record({
  person_id: id,
  name: label,
  unit_id: id,
  unit_name: label,
  level: nullable(oneOf(LEVELS)),
  replaces: nullable(id),
  replaces_name: label,
  rule: nullable(text(32)),
});

/** A scenario as it comes back from storage or a file (checked; throws Invalid). */
export const scenarioCheck: Check<Scenario> = record({
  name: text(100),
  asOf: text(10, /^\d{4}-\d{2}-\d{2}$/),
  moves: list(moveCheck, 200),
});

/** The scenario's moves as CSV rows (a list of moves to hand on). */
export function movesTable(s: Scenario, lang: 'zh' | 'en') {
  const zh = lang === 'zh';
  return {
    columns: [
      { key: 'n', label: zh ? '序号' : 'No.' },
      { key: 'person_id', label: zh ? '人员编号' : 'Person id' },
      { key: 'name', label: zh ? '姓名' : 'Name' },
      { key: 'unit_id', label: zh ? '调入单位编号' : 'To unit id' },
      { key: 'unit_name', label: zh ? '调入单位' : 'To unit' },
      { key: 'level', label: zh ? '职务层次' : 'Level' },
      { key: 'replaces_name', label: zh ? '接替' : 'Replaces' },
      { key: 'replaces', label: zh ? '接替人员编号' : 'Replaces (id)' },
      { key: 'rule', label: zh ? '针对规则' : 'For rule' },
    ],
    rows: s.moves.map((m, i) => ({ n: i + 1, ...m })),
  };
}
