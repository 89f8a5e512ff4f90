import type { DuckClient } from './db.ts';
import { DEFAULT_RULE_SET, type RuleSet } from './policy/index.ts';
import { writeRuleTables } from './policy/tables.ts';
import type { QueryTexts } from './queries.ts';

/**
 * Creates the canonical tables and macros, and writes the rule tables from `rules`. The selection
 * and flows macros are created when a statement first names one of them (createWhenNamed): a
 * session that never asks who is eligible or what changed does not pay for them.
 */
export async function initDatabase(
  db: DuckClient,
  sql: QueryTexts,
  rules: RuleSet = DEFAULT_RULE_SET,
): Promise<void> {
  await initStructure(db, sql, rules);
  await db.exec(sql.ingest);
  createWhenNamed(db, [sql.selection, sql.flows_macros]);
}

/**
 * What the structure panels need: the tables, their macros and the rule tables. The page draws
 * its first view with these alone and creates the rest after (`initDeferred`).
 */
export async function initStructure(
  db: DuckClient,
  sql: QueryTexts,
  rules: RuleSet = DEFAULT_RULE_SET,
): Promise<void> {
  await db.exec([sql.schema, sql.macros].join('\n'));
  await writeRuleTables(db, rules);
}

/**
 * What the first view does not need: the loader's macros (ingest.sql), and the selection and
 * flows macros. DuckDB binds a table macro or view as it is created, and these take about 0.6 s
 * (more on a cold page).
 */
export async function initDeferred(db: DuckClient, sql: QueryTexts): Promise<void> {
  await db.exec([sql.ingest, sql.selection, sql.flows_macros].join('\n'));
}

/** The names a text of SQL creates (macros, views, tables, types). */
export function namesCreated(text: string): string[] {
  const created =
    /CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\s+)?(?:MACRO|VIEW|TABLE|TYPE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/gi;
  return [...text.matchAll(created)].map((m) => m[1]);
}

/**
 * Has each text of `texts` (statements creating macros, views or tables) run on `db` just before
 * the first statement that names something it creates; a text that names another's is created
 * after it. The client's statement methods are wrapped in place.
 */
export function createWhenNamed(db: DuckClient, texts: string[]): void {
  const groups = texts.map((text) => ({
    text,
    names: new RegExp(`\\b(?:${namesCreated(text).join('|')})\\b`),
    ready: null as Promise<void> | null,
  }));
  type Group = (typeof groups)[number];
  const exec = db.exec.bind(db);
  const checked = new Set<string>();
  // `making`: the groups whose creation led here, which are not waited for (two texts that name
  // each other would wait for ever).
  const ensure = async (sql: string, making: Group[] = []): Promise<void> => {
    if (checked.has(sql)) return;
    for (const g of groups)
      if (!making.includes(g) && g.names.test(sql))
        await (g.ready ??= ensure(g.text, [...making, g]).then(() => exec(g.text)));
    checked.add(sql);
  };
  const before =
    <A extends unknown[], R>(f: (sql: string, ...rest: A) => Promise<R>) =>
    async (sql: string, ...rest: A): Promise<R> => {
      await ensure(sql);
      return f(sql, ...rest);
    };
  db.query = before(db.query.bind(db)) as DuckClient['query'];
  db.queryArrow = before(db.queryArrow.bind(db));
  db.queryIPC = before(db.queryIPC.bind(db));
  db.exec = before(exec);
}
