import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runReport, type Args } from '../../src/cli/report.ts';
import { CLI_CACHE as DIR } from './global-setup.ts';

/**
 * The report CLI's JSON (runReport) for these arguments, computed once per test run: several
 * files compare the page with the same CLI run on the demo, which takes seconds each time. Kept
 * on disk by the hash of the arguments and the bytes of every file they name, and emptied when a
 * run starts (global-setup.ts), so it never outlives the code that made it.
 */
export async function cliReport(args: Args): ReturnType<typeof runReport> {
  const hash = createHash('sha256').update(JSON.stringify(args));
  for (const f of [...args.files, args.rules, args.events])
    if (f) hash.update('\0').update(readFileSync(f));
  const file = new URL(`${hash.digest('hex')}.json`, DIR);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const json = JSON.stringify(await runReport(args));
  mkdirSync(DIR, { recursive: true });
  writeFileSync(file, json);
  return JSON.parse(json);
}
