import { getContext, setContext } from 'svelte';
import {
  rosterRows,
  rosterSheetSpec,
  sourceText,
  type TableContext,
} from '../core/tables/index.ts';
import type { Dashboard } from './dashboard.svelte.ts';
import { fileNameFor } from './charts/export.ts';
import { i18n } from './i18n.svelte.ts';
import { notices } from './notices.svelte.ts';
import { browserQueries as sql } from './queries-browser.ts';
import { tx } from './tables-text.ts';
import { saveXlsx } from './xlsx-export.ts';
import type { SheetSpec } from '../core/xlsx-write.ts';

/**
 * What every export of the page states besides its own title and caption — the reference date
 * (also in its file name), the data source line (file names, or 示例数据) — and the 花名册 of a
 * people list. The page provides it once (App.svelte); charts and tables read it.
 */
export interface ExportEnv {
  /** The snapshot shown (YYYY-MM-DD), for file names. */
  date(): string;
  /** "数据来源：名册.xlsx" / "数据来源：示例数据". */
  source(): string;
  /** The context of a standard table at the current view (scope: the filters in words). */
  table(scope?: string): TableContext;
  /** 干部名册 of a people list (its person ids), masked when masking is on. */
  roster(personIds: string[], title: string): Promise<void>;
  /** Writes a workbook in the worker and saves it; a failure becomes a notice. */
  saveXlsx(sheets: SheetSpec[], title: string): Promise<void>;
}

const KEY = Symbol('exports');

export function exportEnvOf(dash: Dashboard): ExportEnv {
  const env: ExportEnv = {
    date: () => dash.report?.asOf ?? dash.asOf ?? '',
    source: () => sourceText(env.table()),
    table: (scope) => ({
      lang: i18n.lang,
      asOf: dash.asOf ?? '',
      snapshotDate: dash.report?.snapshotDate ?? null,
      scope: scope ?? dash.describe(dash.filters),
      sources: dash.isDemo ? null : (dash.report?.sources ?? []),
      v: i18n.v,
      masked: dash.masked,
      rules: dash.rules,
    }),
    roster: async (personIds, title) => {
      const rows = await dash.run((db, asOf) => rosterRows(db, sql, asOf, personIds));
      if (rows)
        await env.saveXlsx(
          [rosterSheetSpec(rows, env.table(title))],
          `${tx('tableRoster')}_${title}`,
        );
    },
    saveXlsx: async (sheets, title) => {
      try {
        // Plain data for the worker (state proxies do not cross to it).
        const plain = JSON.parse(JSON.stringify(sheets)) as SheetSpec[];
        await saveXlsx(plain, fileNameFor(title, env.date(), 'xlsx'));
      } catch (e) {
        // The writer's own text only behind 详细信息.
        notices.addText('error', tx('exportFailed'), e instanceof Error ? e.message : String(e));
      }
    },
  };
  return env;
}

export function provideExports(dash: Dashboard): void {
  setContext(KEY, exportEnvOf(dash));
}

/** The page's export environment (undefined outside the page, e.g. in component tests). */
export const exportEnv = (): ExportEnv | undefined => getContext<ExportEnv | undefined>(KEY);
