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

/** What parquet-wasm's ParquetFile gives (its browser and Node builds alike). */
interface ParquetFooter {
  metadata(): {
    rowGroups(): { numRows(): number | bigint }[];
    fileMetadata(): { numRows(): number | bigint };
  };
  schema(): { intoIPCStream(): Uint8Array };
  free(): void;
}

/**
 * How a file opened for its footer will be read: its rows, its chunks of row groups, and for a
 * file without rows its columns as an empty table. Frees the file.
 */
export function readPlan(
  file: ParquetFooter,
  chunkRows = CHUNK_ROWS,
): { rows: number; chunks: number[][]; empty: Uint8Array | null } {
  const meta = file.metadata();
  const chunks = chunkRowGroups(
    meta.rowGroups().map((g) => Number(g.numRows())),
    chunkRows,
  );
  const plan = {
    rows: Number(meta.fileMetadata().numRows()),
    chunks,
    empty: chunks.length === 0 ? file.schema().intoIPCStream() : null,
  };
  file.free();
  return plan;
}
