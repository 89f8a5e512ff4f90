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
  'flows_macros',
  'flows_compare',
  'flows_causes',
  'retirements',
  'projection',
  'batches',
  'secondments',
  'secondees',
  'sourcing',
  'people_compare',
  'people_causes',
  'people_retirement',
  'people_projection',
  'people_batches',
  'people_secondment',
  'people_sourcing',
] as const;

export type QueryName = (typeof QUERY_NAMES)[number];
export type QueryTexts = Record<QueryName, string>;
