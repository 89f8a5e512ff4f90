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
