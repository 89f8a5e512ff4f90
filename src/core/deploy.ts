/**
 * What a deployment allows beyond the page's own origin (deploy.config.json at the top level):
 * the file servers that 从网址打开 may read Parquet from. The build turns it into the page's
 * Content-Security-Policy (vite.config.ts) and the page refuses any other address before it asks.
 */
export interface DeployConfig {
  /** Origins such as "https://files.intranet.example" (scheme, host and port; no path). */
  remoteParquetHosts: string[];
}

const MAX_HOSTS = 50;

/** The config as written, checked: every host a plain http(s) origin. Throws on anything else. */
export function parseDeployConfig(raw: unknown): DeployConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error('deploy.config.json: expected an object such as { "remoteParquetHosts": [] }');
  const unknown = Object.keys(raw).filter((k) => k !== 'remoteParquetHosts');
  if (unknown.length) throw new Error(`deploy.config.json: unknown key(s) ${unknown.join(', ')}`);
  const hosts = (raw as { remoteParquetHosts?: unknown }).remoteParquetHosts ?? [];
  if (!Array.isArray(hosts) || hosts.length > MAX_HOSTS)
    throw new Error(
      `deploy.config.json: remoteParquetHosts must be a list of at most ${MAX_HOSTS}`,
    );
  return { remoteParquetHosts: hosts.map(checkOrigin) };
}

function checkOrigin(host: unknown): string {
  const bad = () =>
    new Error(
      `deploy.config.json: ${JSON.stringify(host)} is not an origin such as "https://files.example"`,
    );
  if (typeof host !== 'string' || host.length > 200) throw bad();
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw bad();
  }
  // Only the origin itself: a path, wildcard, quote or space would widen or break the policy.
  if (
    !/^https?:$/.test(url.protocol) ||
    !/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname) ||
    url.origin !== host.replace(/\/$/, '')
  )
    throw bad();
  return url.origin;
}

/** Whether the page may read `address`: its own origin or an allowed host (same origin exactly). */
export function remoteAllowed(address: URL, pageOrigin: string, hosts: readonly string[]): boolean {
  if (!/^https?:$/.test(address.protocol)) return false;
  return address.origin === pageOrigin || hosts.includes(address.origin);
}

/**
 * The page's policy: no inline script and no eval, requests only to this origin and the allowed
 * hosts. Images may be data: (the favicon) and blob: (PNG export draws the chart's SVG through
 * an image). WebAssembly runs only in workers, which a <meta> policy does not reach; `header`
 * is the policy a server sends with every file, workers included, and allows WebAssembly there
 * (DuckDB, parquet-wasm). `dev`: the Vite dev server injects CSS as <style> elements.
 */
export function contentSecurityPolicy(
  config: DeployConfig,
  options: { dev?: boolean; header?: boolean } = {},
): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'", ...(options.header ? ["'wasm-unsafe-eval'"] : [])],
    ['style-src', "'self'", ...(options.dev ? ["'unsafe-inline'"] : [])],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...config.remoteParquetHosts],
    ['worker-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    // Only a header can forbid framing.
    ...(options.header ? [['frame-ancestors', "'none'"] as [string, string]] : []),
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
