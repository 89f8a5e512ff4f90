import type { MessageKey } from './i18n.svelte.ts';

/** A note for the user that is not an error: something the page ignored and why. */
export interface Notice {
  key: MessageKey;
  vars: Record<string, string | number>;
}

/** Notes shown under the header until dismissed (kept as keys: they follow the language). */
class Notices {
  list = $state<Notice[]>([]);

  add(key: MessageKey, vars: Record<string, string | number> = {}): void {
    const same = (n: Notice) => n.key === key && JSON.stringify(n.vars) === JSON.stringify(vars);
    if (!this.list.some(same)) this.list.push({ key, vars });
  }

  dismiss(index: number): void {
    this.list.splice(index, 1);
  }

  clear(): void {
    this.list = [];
  }
}

export const notices = new Notices();
