/** Sort state of a table: which column, which direction; nulls always last. */
export class Sorter<K extends string> {
  key = $state<K>() as K;
  ascending = $state(true);

  constructor(key: K, ascending = true) {
    this.key = key;
    this.ascending = ascending;
  }

  /** Clicking the sorted column flips it; another column starts in its natural direction. */
  by(key: K, naturalAscending = true): void {
    this.ascending = this.key === key ? !this.ascending : naturalAscending;
    this.key = key;
  }

  sort<T extends Record<K, unknown>>(rows: T[]): T[] {
    const dir = this.ascending ? 1 : -1;
    const key = this.key;
    return [...rows].sort((a, b) => {
      const x = a[key] as number | string | null;
      const y = b[key] as number | string | null;
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    });
  }
}
