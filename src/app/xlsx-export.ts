import type { SheetSpec } from '../core/xlsx-write.ts';
import { saveFile } from './download.ts';
import { i18n } from './i18n.svelte.ts';
import XlsxWriteWorker from './xlsx-write.worker.ts?worker';

/**
 * Saves a workbook made in a worker (the writer and exceljs never load with the page, only on
 * the first export). The sheets are plain data: SheetSpec.
 */
let worker: Worker | null = null;
let nextId = 0;

export function workbookInWorker(sheets: SheetSpec[]): Promise<Uint8Array> {
  const w = (worker ??= new XlsxWriteWorker());
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (e: MessageEvent<{ id: number; bytes?: Uint8Array; error?: string }>) => {
      if (e.data.id !== id) return;
      w.removeEventListener('message', onMessage);
      if (e.data.bytes) resolve(e.data.bytes);
      else reject(new Error(e.data.error ?? 'xlsx'));
    };
    w.addEventListener('message', onMessage);
    w.postMessage({ id, sheets, lang: i18n.lang });
  });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function saveXlsx(sheets: SheetSpec[], fileName: string): Promise<void> {
  const bytes = await workbookInWorker(sheets);
  saveFile(new Blob([bytes as BlobPart], { type: XLSX_TYPE }), fileName);
}
