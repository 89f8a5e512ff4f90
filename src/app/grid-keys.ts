/**
 * A table of clickable numbers as one Tab stop (the ARIA grid's roving tabindex): Tab enters at
 * the number last visited, the arrow keys move between numbers (up and down to the nearest one in
 * the next row that has any), Home/End to the row's first and last, Ctrl+Home/End to the table's,
 * PageUp/PageDown ten rows. The flows section alone had 1,500 Tab stops.
 *
 * A Svelte action: `<table use:gridKeys>`. Rows that come and go (sorting, paging) are followed.
 */
export function gridKeys(table: HTMLTableElement): { destroy(): void } {
  let current: HTMLElement | null = null;
  const items = () =>
    [...table.querySelectorAll<HTMLElement>('tbody button, tbody a[href]')].filter(
      (el) => !(el as HTMLButtonElement).disabled,
    );
  const rowsOf = (all: HTMLElement[]) => {
    const rows = new Map<HTMLTableRowElement, HTMLElement[]>();
    for (const el of all) {
      const tr = el.closest('tr');
      if (tr) (rows.get(tr) ?? rows.set(tr, []).get(tr)!).push(el);
    }
    return [...rows.values()];
  };
  const settle = () => {
    const all = items();
    if (!current || !all.includes(current)) current = all[0] ?? null;
    for (const el of all) el.tabIndex = el === current ? 0 : -1;
  };
  const move = (to: HTMLElement | undefined) => {
    if (!to) return;
    current = to;
    settle();
    to.focus();
  };
  const left = (el: HTMLElement) => el.getBoundingClientRect().left;
  const nearest = (row: HTMLElement[], x: number) =>
    row.reduce((a, b) => (Math.abs(left(b) - x) < Math.abs(left(a) - x) ? b : a));

  const onKey = (e: KeyboardEvent) => {
    const el = e.target as HTMLElement;
    const all = items();
    if (!all.includes(el)) return;
    const rows = rowsOf(all);
    const r = rows.findIndex((row) => row.includes(el));
    const row = rows[r];
    const c = row.indexOf(el);
    const toRow = (k: number) => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, k))];
      return target && nearest(target, left(el));
    };
    let to: HTMLElement | undefined;
    switch (e.key) {
      case 'ArrowRight':
        to = row[c + 1] ?? rows[r + 1]?.[0];
        break;
      case 'ArrowLeft':
        to = row[c - 1] ?? rows[r - 1]?.at(-1);
        break;
      case 'ArrowDown':
        to = toRow(r + 1);
        break;
      case 'ArrowUp':
        to = toRow(r - 1);
        break;
      case 'PageDown':
        to = toRow(r + 10);
        break;
      case 'PageUp':
        to = toRow(r - 10);
        break;
      case 'Home':
        to = e.ctrlKey ? all[0] : row[0];
        break;
      case 'End':
        to = e.ctrlKey ? all.at(-1) : row.at(-1);
        break;
      default:
        return;
    }
    e.preventDefault();
    move(to);
  };
  const onFocus = (e: FocusEvent) => {
    const el = e.target as HTMLElement;
    if (el !== current && items().includes(el)) {
      current = el;
      settle();
    }
  };
  settle();
  const observer = new MutationObserver(settle);
  observer.observe(table, { childList: true, subtree: true });
  table.addEventListener('keydown', onKey);
  table.addEventListener('focusin', onFocus);
  return {
    destroy() {
      observer.disconnect();
      table.removeEventListener('keydown', onKey);
      table.removeEventListener('focusin', onFocus);
    },
  };
}
