/** A minimal static file server for the built app (tests and bench); loopback only. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  url: string;
  /** Bytes sent so far, by URL path. */
  served: Map<string, number>;
  close(): Promise<void>;
}

/** Serves `root`; each entry of `mounts` serves a folder under a URL prefix. */
export async function startStaticServer(
  root: string,
  mounts: Record<string, string> = {},
): Promise<StaticServer> {
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let base = root;
    let rel = decodeURIComponent(url.pathname);
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (rel.startsWith(prefix)) {
        base = dir;
        rel = rel.slice(prefix.length);
      }
    }
    const file = path.join(base, path.normalize(rel).replace(/^(\.\.[/\\])+/, ''));
    const target =
      existsSync(file) && statSync(file).isDirectory() ? path.join(file, 'index.html') : file;
    if (!target.startsWith(base) || !existsSync(target)) {
      res.writeHead(404).end('not found');
      return;
    }
    const size = statSync(target).size;
    const type = TYPES[path.extname(target)] ?? 'application/octet-stream';
    // Range requests (remote Parquet reads the footer, then only the columns it needs).
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = size - 1;
    if (range) {
      if (range[1] === '') start = Math.max(0, size - Number(range[2]));
      else {
        start = Number(range[1]);
        if (range[2] !== '') end = Math.min(end, Number(range[2]));
      }
      if (start > end) {
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
    }
    const length = end - start + 1;
    res.writeHead(range ? 206 : 200, {
      'content-type': type,
      'content-length': length,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    served.set(url.pathname, (served.get(url.pathname) ?? 0) + length);
    createReadStream(target, { start, end }).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
