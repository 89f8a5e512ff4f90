/// <reference lib="webworker" />
import type { Lang } from '../core/messages.ts';
import { workbookBytes, type SheetSpec } from '../core/xlsx-write.ts';

/** Writes workbooks off the page's thread; exceljs is loaded here only, on the first export. */
self.onmessage = async (e: MessageEvent<{ id: number; sheets: SheetSpec[]; lang: Lang }>) => {
  const { id, sheets, lang } = e.data;
  try {
    const bytes = await workbookBytes(sheets, { lang });
    self.postMessage({ id, bytes }, { transfer: [bytes.buffer] });
  } catch (err) {
    self.postMessage({
      id,
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    });
  }
};
