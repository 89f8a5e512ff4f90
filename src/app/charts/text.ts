/**
 * A category label on two lines when it carries a note in brackets ("80后(1980–1989)",
 * "1980s (1980–1989)"), so narrow bars and columns keep it whole.
 */
export function labelLines(label: string): string[] {
  const i = label.search(/\s?\(/);
  return i > 0 ? [label.slice(0, i), label.slice(i).trim()] : [label];
}
