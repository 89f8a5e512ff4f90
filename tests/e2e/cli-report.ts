import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { openSession, sessionReport, type Args } from '../../src/cli/report.ts';
import { applyFilters, NO_FILTERS } from '../../src/core/filters.ts';
import { CLI_CACHE as DIR } from './global-setup.ts';

type Report = Awaited<ReturnType<typeof sessionReport>>;
type Session = Awaited<ReturnType<typeof openSession>>;

/** What a session depends on: the same files and rules give the same database, whatever the date. */
const SESSION_ARGS = [
  'files',
  'rules',
  'events',
  'sheet',
  'snapshot',
  'acceptDuplicates',
  'lang',
  'engine',
] as const;

/**
 * Open for the whole test run: the browser files share one process (`isolate: false` in
 * vite.config.ts), and loading the demo as the CLI does takes 10–17 s.
 */
const sessions = new Map<string, Promise<Session>>();
/** One report at a time per session: each sets the filters it is computed under. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * The report CLI's JSON (runReport's) for these arguments, computed once per test run: several
 * files compare the page with the same CLI run on the demo, which takes seconds each time. Kept
 * on disk by the hash of the arguments and the bytes of every file they name, and emptied when a
 * run starts (global-setup.ts), so it never outlives the code that made it. Runs on the same files
 * and rules share one loaded database (only the date, baseline, filters and projection differ);
 * the report is the CLI's sessionReport all the same. One run with --by-unit answers the same
 * arguments without it.
 */
export async function cliReport(asked: Args): Promise<Report> {
  // --by-unit only adds byUnit: one run serves both.
  const args = { ...asked, byUnit: true };
  const answer = (json: string): Report => {
    const r = JSON.parse(json) as Report;
    if (!asked.byUnit) delete r.byUnit;
    return r;
  };
  const file = new URL(`${hashOf(args, args)}.json`, DIR);
  if (existsSync(file)) return answer(readFileSync(file, 'utf8'));
  const json = await computed(args);
  mkdirSync(DIR, { recursive: true });
  // Whole or not at all: a second test run may be reading (scripts/test.sh).
  const part = new URL(`${file.href}.${process.pid}`);
  writeFileSync(part, json);
  renameSync(part, file);
  return answer(json);
}

/** A hash of `what` and of the bytes of every file `args` names. */
function hashOf(what: Partial<Args>, args: Args): string {
  const h = createHash('sha256').update(JSON.stringify(what));
  for (const f of [...args.files, args.rules, args.events])
    if (f) h.update('\0').update(readFileSync(f));
  return h.digest('hex');
}

/** runReport's JSON for these arguments, on the loaded database this file keeps for them. */
async function computed(args: Args): Promise<string> {
  const only: Partial<Args> = Object.fromEntries(SESSION_ARGS.map((k) => [k, args[k]]));
  // A file without dates is dated by --snapshot, else by --as-of.
  if (args.files.length && !args.snapshot) only.asOf = args.asOf;
  const key = hashOf(only, args);
  if (!sessions.has(key)) sessions.set(key, openSession({ ...only, format: 'json' } as Args));
  const opened = sessions.get(key)!;
  const run = queue.then(async () => {
    const session = await opened;
    await applyFilters(session.db, args.filters ?? NO_FILTERS);
    return JSON.stringify(await sessionReport({ ...session, args }, args));
  });
  queue = run.catch(() => undefined);
  return run;
}
