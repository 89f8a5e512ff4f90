/** Row groups read together up to this many rows: fewer trips, and still no file decoded whole. */
export const CHUNK_ROWS = 262_144;

/**
 * The row groups of a Parquet file in consecutive chunks of at least `chunkRows` rows (the last
 * may hold fewer), from each group's row count.
 */
export function chunkRowGroups(groupRows: number[], chunkRows = CHUNK_ROWS): number[][] {
  const chunks: number[][] = [];
  let rows = chunkRows;
  groupRows.forEach((n, i) => {
    if (rows >= chunkRows) {
      chunks.push([]);
      rows = 0;
    }
    chunks[chunks.length - 1].push(i);
    rows += n;
  });
  return chunks;
}
