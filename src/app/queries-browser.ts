import { QUERY_NAMES, type QueryTexts } from '../core/queries.ts';

const files = import.meta.glob('/queries/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export const browserQueries = Object.fromEntries(
  QUERY_NAMES.map((n) => [n, files[`/queries/${n}.sql`]]),
) as QueryTexts;
