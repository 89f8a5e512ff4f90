/**
 * A category label on two lines when it carries a note in brackets ("80后(1980–1989)",
 * "1980s (1980–1989)"), so narrow bars and columns keep it whole.
 */
export function labelLines(label: string): string[] {
  const i = label.search(/\s?\(/);
  return i > 0 ? [label.slice(0, i), label.slice(i).trim()] : [label];
}

/**
 * A label on two lines when it carries a note in brackets (labelLines), or, longer than
 * `maxChars`, split at the space nearest its middle ("Secondary or below" → "Secondary", "or
 * below"). `note`: the second line is a note (drawn smaller).
 */
export function wrapLabel(label: string, maxChars: number): { lines: string[]; note: boolean } {
  const lines = labelLines(label);
  if (lines.length > 1) return { lines, note: true };
  if (label.length <= maxChars || !label.includes(' ')) return { lines, note: false };
  const mid = label.length / 2;
  let at = -1;
  for (let i = label.indexOf(' '); i >= 0; i = label.indexOf(' ', i + 1))
    if (at < 0 || Math.abs(i - mid) < Math.abs(at - mid)) at = i;
  return { lines: [label.slice(0, at), label.slice(at + 1)], note: false };
}

/**
 * Vertical positions for labels wanted at `ys` (in any order) that keep at least `gap` pixels
 * apart: overlapping labels are spread around where they want to be, in their order. Returns the
 * positions in the order given.
 */
export function dodge(ys: number[], gap: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  // Groups of labels too close together, each centred on the mean of what its labels want.
  const groups: { want: number; ids: number[] }[] = [];
  for (const o of order) {
    groups.push({ want: o.y, ids: [o.i] });
    while (groups.length > 1) {
      const b = groups[groups.length - 1];
      const a = groups[groups.length - 2];
      const aEnd = a.want + ((a.ids.length - 1) * gap) / 2;
      const bStart = b.want - ((b.ids.length - 1) * gap) / 2;
      if (bStart - aEnd >= gap) break;
      const n = a.ids.length + b.ids.length;
      groups.splice(-2, 2, {
        want: (a.want * a.ids.length + b.want * b.ids.length) / n,
        ids: [...a.ids, ...b.ids],
      });
    }
  }
  const out = new Array<number>(ys.length);
  for (const g of groups)
    g.ids.forEach((id, k) => (out[id] = g.want + (k - (g.ids.length - 1) / 2) * gap));
  return out;
}
