import type { MessageKey } from './i18n.svelte.ts';

/**
 * A message for the user, shown where they are until closed: an error (a file that could not
 * be read) or a note (something the page ignored, and why). Kept as a message key where there is
 * one, so it follows the language switch; otherwise as text, with technical detail on request.
 */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  key?: MessageKey;
  /** A function is worded when shown, in the language then (a dimension's name, its values). */
  vars?: Record<string, string | number | (() => string)>;
  text?: string;
  detail?: string;
}

class Notices {
  list = $state<Notice[]>([]);
  private next = 0;

  /** A note by message key; the same note is not shown twice. */
  add(
    key: MessageKey,
    vars: Record<string, string | number | (() => string)> = {},
    kind: Notice['kind'] = 'info',
    detail?: string,
  ): void {
    const words = (v: Notice['vars']) =>
      JSON.stringify(
        Object.entries(v ?? {}).map(([k, x]) => [k, typeof x === 'function' ? x() : x]),
      );
    const same = (n: Notice) => n.key === key && words(n.vars) === words(vars);
    if (!this.list.some(same)) this.list.push({ id: ++this.next, kind, key, vars, detail });
  }

  /** A message already in words (from a file or the engine), with optional detail. */
  addText(kind: Notice['kind'], text: string, detail?: string): void {
    this.list.push({ id: ++this.next, kind, text, detail });
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }

  clear(): void {
    this.list = [];
  }
}

export const notices = new Notices();
