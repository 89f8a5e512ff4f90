/**
 * A message template with its {vars} filled in; {n|one|many} is the word for the count n
 * (English plurals: "1 person", "2 people").
 */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (_, k: string, one: string, many: string) =>
      Number(vars[k]) === 1 ? one : many,
    )
    .replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));
}
