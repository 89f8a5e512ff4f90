/** What bench.html reports for one roster size (read by scripts/bench.ts). */
export interface BenchResult {
  rows: number;
  dbStartMs: number;
  loadMs: Record<string, number>;
  longestTaskDuringLoadMs: Record<string, number>;
  /** Time per load step (read, normalise, write) for each format. */
  loadSteps: Record<string, Record<string, number>>;
  /** Keeping the loaded roster in the browser: export, Parquet (in a worker), its size. */
  keep: { ms: number; bytes: number; longestTaskMs: number };
  queries: Record<string, { p50: number; p95: number }>;
  metricSet: { p50: number; p95: number };
  /** Every panel of the page after a filter change (computePanels), and the longest main-thread task meanwhile. */
  filterRefresh: {
    p50: number;
    p95: number;
    longestTaskMs: number;
    /** Building the cube once per dataset. */
    cubeMs: number;
    /** The per-unit panels that follow (every row is read). */
    units: { p50: number; p95: number };
  };
  userAgent: string;
}
