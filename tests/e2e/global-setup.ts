import { rmSync } from 'node:fs';

/** Where cliReport (cli-report.ts) keeps the report CLI's JSON during one test run. */
export const CLI_CACHE = new URL('../.out/cli-report/', import.meta.url);

/**
 * Vitest globalSetup of the e2e project: no report of an earlier run is reused. A second run
 * beside the first (E2E_LATE, scripts/test.sh) shares its reports.
 */
export default function setup(): void {
  if (!process.env.E2E_LATE) rmSync(CLI_CACHE, { recursive: true, force: true });
}
