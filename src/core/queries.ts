/** The SQL files of queries/, by name. Hosts supply the texts (Vite import in the browser, fs in Node). */
export const QUERY_NAMES = [
  'schema',
  'macros',
  'age_structure',
  'ratio_metrics',
  'ratio_units',
  'ratio_trend',
  'band_change',
  'people',
  'kpis',
  'snapshots',
  'unit_profile',
  'units_summary',
  'teams',
  'team_members',
] as const;

export type QueryName = (typeof QUERY_NAMES)[number];
export type QueryTexts = Record<QueryName, string>;
