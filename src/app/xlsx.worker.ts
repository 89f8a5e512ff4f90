/// <reference lib="webworker" />
import { textToCsv, type SourceFile } from '../core/load.ts';
import { ReadError } from '../core/messages.ts';
import { xlsxToCsv } from '../core/xlsx.ts';

/** Off the page's thread: workbooks, and text rosters (GBK decoding, JSON, LRMX) → UTF-8 CSV. */
type Request =
  | { id: number; op?: 'xlsx'; bytes: Uint8Array; sheet?: string; anySheet?: boolean }
  | { id: number; op: 'text'; format: 'csv' | 'json' | 'lrmx'; files: SourceFile[] };

self.onmessage = async (e: MessageEvent<Request>) => {
  const req = e.data;
  const { id } = req;
  try {
    if (req.op === 'text') {
      const text = textToCsv(req.format, req.files);
      self.postMessage({ id, text }, { transfer: [text.csv.buffer] });
      return;
    }
    let last = 0;
    const result = await xlsxToCsv(req.bytes, {
      sheet: req.sheet,
      anySheet: req.anySheet,
      onProgress: (progress) => {
        if (progress - last < 0.02 && progress < 1) return;
        last = progress;
        self.postMessage({ id, progress });
      },
    });
    const buffers = [result, ...(result.parts ?? [])].map((r) => r.csv.buffer as ArrayBuffer);
    self.postMessage({ id, sheet: result }, { transfer: buffers });
  } catch (err) {
    // A reader's own failure travels as its code; anything else as the engine's text (detail).
    const coded = err instanceof ReadError ? { code: err.code, params: err.params } : {};
    const detail =
      err instanceof ReadError
        ? err.detail
        : err instanceof Error
          ? `${err.name}: ${err.message}`
          : String(err);
    self.postMessage({
      id,
      error: err instanceof Error ? err.message : String(err),
      detail,
      ...coded,
    });
  }
};
