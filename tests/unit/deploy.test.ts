import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, parseDeployConfig, remoteAllowed } from '../../src/core/deploy.ts';

describe('deploy.config.json', () => {
  it('takes plain http(s) origins, without a trailing slash', () => {
    expect(
      parseDeployConfig({
        remoteParquetHosts: ['https://files.intranet.example/', 'http://10.0.0.5:8080'],
      }),
    ).toEqual({ remoteParquetHosts: ['https://files.intranet.example', 'http://10.0.0.5:8080'] });
    expect(parseDeployConfig({})).toEqual({ remoteParquetHosts: [] });
  });

  it.each([
    ['a path', 'https://files.example/data'],
    ['a wildcard', 'https://*.example'],
    ['a quote that would end the directive', "https://files.example 'unsafe-inline'"],
    ['a semicolon that would add a directive', 'https://files.example;script-src *'],
    ['another scheme', 'ftp://files.example'],
    ['a data URL', 'data:text/plain,x'],
    ['not text', 42],
  ])('refuses %s', (_, host) => {
    expect(() => parseDeployConfig({ remoteParquetHosts: [host] })).toThrow(/not an origin/);
  });

  it('refuses an unknown key and a list that is not a list', () => {
    expect(() => parseDeployConfig({ remoteParquetHost: [] })).toThrow(/unknown key/);
    expect(() => parseDeployConfig({ remoteParquetHosts: 'https://a.example' })).toThrow(/list/);
    expect(() => parseDeployConfig([])).toThrow(/object/);
  });
});

describe('the page policy', () => {
  const config = { remoteParquetHosts: ['https://files.intranet.example'] };

  it('allows requests to this origin and the allowed hosts only, and no inline script', () => {
    expect(contentSecurityPolicy(config)).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
        "font-src 'self'; connect-src 'self' https://files.intranet.example; worker-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'",
    );
  });

  it('as a header it also covers the workers, which compile WebAssembly, and framing', () => {
    const header = contentSecurityPolicy(config, { header: true });
    expect(header).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(header).toMatch(/; frame-ancestors 'none'$/);
  });

  it('lets the dev server inject styles', () => {
    expect(contentSecurityPolicy(config, { dev: true })).toContain(
      "style-src 'self' 'unsafe-inline';",
    );
  });
});

describe('addresses 从网址打开 may read', () => {
  const page = 'http://127.0.0.1:4173';
  const hosts = ['https://files.intranet.example'];
  const ok = (a: string) => remoteAllowed(new URL(a), page, hosts);

  it('this origin and the allowed hosts', () => {
    expect(ok('http://127.0.0.1:4173/files/x.parquet')).toBe(true);
    expect(ok('https://files.intranet.example/2024/x.parquet')).toBe(true);
  });

  it('nothing else: another port, scheme or host, or a look-alike', () => {
    expect(ok('http://127.0.0.1:4174/x.parquet')).toBe(false);
    expect(ok('http://files.intranet.example/x.parquet')).toBe(false);
    expect(ok('https://files.intranet.example.evil.example/x.parquet')).toBe(false);
    expect(ok('https://evil.example/?https://files.intranet.example')).toBe(false);
    expect(ok('data:application/octet-stream,PAR1')).toBe(false);
  });
});
