/// <reference lib="webworker" />
import { xlsxToCsv } from '../core/xlsx.ts';

self.onmessage = async (e: MessageEvent<{ id: number; bytes: Uint8Array }>) => {
  const { id, bytes } = e.data;
  try {
    self.postMessage({ id, sheet: await xlsxToCsv(bytes) });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
