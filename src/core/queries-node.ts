import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { QUERY_NAMES, type QueryTexts } from './queries.ts';

export function readQueryTexts(): QueryTexts {
  const dir = fileURLToPath(new URL('../../queries/', import.meta.url));
  return Object.fromEntries(
    QUERY_NAMES.map((n) => [n, readFileSync(dir + n + '.sql', 'utf8')]),
  ) as QueryTexts;
}
