/** What bench.html reports for one case (read by scripts/bench.ts). */
export interface BenchResult {
  /** distinct (the generated province), history (monthly snapshots), tiled (the old roster). */
  case: string;
  rows: number;
  people: number;
  snapshots: number;
  units: number;
  regions: number;
  /** Opening DuckDB-WASM with the schema, macros and rules. */
  dbStartMs: number;
  /** When DuckDB was ready, in ms since the page's navigation started. */
  dbReadyMs: number;
  /** Per format (or the history's files together): time, time per step, longest main-thread task. */
  loads: Record<
    string,
    {
      ms: number;
      steps: Record<string, number>;
      longestTaskMs: number;
      files: number;
      bytes: number;
    }
  >;
  /** Keeping the loaded roster in the browser: export, Parquet (in a worker), its size. */
  keep: { ms: number; bytes: number; longestTaskMs: number };
  /** The cube, stored once per dataset: build time and size (cells; columns). */
  cube: { ms: number; rows: number; columns: number; cadres: number };
  /** Each query file alone, at the newest snapshot without filters. */
  queries: Record<string, Stats>;
  /** The report (computeReport) as the CLI computes it. */
  metricSet: Stats;
  /** A filter change: the city-wide panels (computePanels), then the per-unit panels. */
  refresh: {
    runs: number;
    city: Stats;
    units: Stats;
    /** Each refresh in order (the filter steps, `iterations` times): city-wide and per-unit ms. */
    each: { filters: string; city: number; units: number }[];
    /** Longest main-thread task during the refreshes (PerformanceObserver longtask: ≥ 50 ms). */
    longestTaskMs: number;
    /** Per refresh: each statement's calls, wall time at the client and time in the engine. */
    statements: Statement[];
    /** Summed engine time of a refresh's statements (mean per refresh). */
    engineMs: { city: number; units: number };
    /** Our overhead: mean refresh time / summed engine time. */
    overhead: { city: number; units: number };
  };
  /** Phases of the run in epoch ms, so that memory samples can be attributed. */
  phases: { name: string; start: number; end: number }[];
  userAgent: string;
}

export interface Stats {
  p50: number;
  p95: number;
  mean: number;
  n: number;
}

export interface Statement {
  phase: 'city' | 'units';
  name: string;
  calls: number;
  wallMs: number;
  engineMs: number;
}
