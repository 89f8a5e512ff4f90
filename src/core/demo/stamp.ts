import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The fingerprint of the code that makes the demo data (generator, loader, rules, SQL, the script
 * that writes it): the demo in data/demo/ is made again whenever it changes
 * (scripts/generate-demo.ts), and the report CLI reads the stored, normalised demo only when it
 * matches.
 */
export function demoStamp(root: URL): string {
  const hash = createHash('sha256');
  // The default rules (policy/default-rules.json) shape the stored first view too.
  const folders = ['queries/', 'src/core/'];
  for (const d of readdirSync(new URL('src/core/', root), { withFileTypes: true }))
    if (d.isDirectory()) folders.push(`src/core/${d.name}/`);
  for (const folder of folders.sort())
    for (const f of readdirSync(new URL(folder, root)).sort())
      if (/\.(sql|ts|json)$/.test(f))
        hash.update(folder + f).update(readFileSync(new URL(folder + f, root)));
  hash.update(readFileSync(new URL('scripts/generate-demo.ts', root)));
  return hash.digest('hex');
}

/** Where one snapshot's rows lie in the demo's normalised rows (data/demo/snapshots.json). */
export interface DemoSnapshot {
  date: string;
  offset: number;
  rows: number;
}

/** The demo's snapshots as scripts/generate-demo.ts records them, from the project at `root`. */
export function demoSnapshots(root: URL): DemoSnapshot[] {
  return JSON.parse(
    readFileSync(new URL('data/demo/snapshots.json', root), 'utf8'),
  ) as DemoSnapshot[];
}
