/** What bench.html reports for one roster size (read by scripts/bench.ts). */
export interface BenchResult {
  rows: number;
  dbStartMs: number;
  loadMs: Record<string, number>;
  longestTaskDuringLoadMs: Record<string, number>;
  queries: Record<string, { p50: number; p95: number }>;
  metricSet: { p50: number; p95: number };
  userAgent: string;
}
