/// <reference lib="webworker" />
import { xlsxToCsv } from '../core/xlsx.ts';

self.onmessage = async (e: MessageEvent<{ id: number; bytes: Uint8Array; sheet?: string }>) => {
  const { id, bytes, sheet } = e.data;
  let last = 0;
  try {
    const result = await xlsxToCsv(bytes, {
      sheet,
      onProgress: (progress) => {
        if (progress - last < 0.02 && progress < 1) return;
        last = progress;
        self.postMessage({ id, progress });
      },
    });
    self.postMessage({ id, sheet: result }, { transfer: [result.csv.buffer] });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
