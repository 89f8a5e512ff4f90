import { readFileSync } from 'node:fs';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { contentSecurityPolicy, parseDeployConfig } from './src/core/deploy.ts';

/**
 * The Content-Security-Policy of every page, from deploy.config.json: a <meta> in the HTML, so it
 * travels with the static files. `vite preview` also sends it as a header, which covers the
 * workers (a meta policy does not reach a worker). The build fails if a page carries inline
 * script, which the policy would block.
 */
function contentSecurity(): Plugin {
  const file = new URL('./deploy.config.json', import.meta.url);
  const config = parseDeployConfig(JSON.parse(readFileSync(file, 'utf8')));
  return {
    name: 'content-security-policy',
    config: () => ({
      preview: {
        headers: {
          'Content-Security-Policy': contentSecurityPolicy(config, { header: true }),
        },
      },
    }),
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const inline = /<script\b(?![^>]*\ssrc=)[^>]*>|<[^>]+\son[a-z]+\s*=/i.exec(html);
        if (inline) throw new Error(`${ctx.filename}: inline script is not allowed: ${inline[0]}`);
        // Right after the charset, before any element that loads something.
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error(`${ctx.filename}: no <meta charset> to follow`);
        const policy = contentSecurityPolicy(config, { dev: !!ctx.server });
        const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
        return html.replace(charset, (m) => `${m}\n    ${meta}`);
      },
    },
  };
}

export default defineConfig({
  plugins: [svelte(), contentSecurity()],
  // The demo data (generated into data/demo) is served and bundled as static files.
  publicDir: 'data',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Fonts stay files: the policy allows fonts from 'self' only, never data: URLs.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|otf)$/.test(file) ? false : undefined),
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
  worker: { format: 'es' },
  test: {
    env: { TZ: 'Asia/Shanghai' },
    projects: [
      {
        extends: true,
        test: {
          name: 'sql',
          environment: 'node',
          include: ['tests/sql/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One process for every file: DuckDB-WASM starts once (2 s) instead of once per file
          // (src/core/db-node.ts keeps the instances a closed database leaves).
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        // Svelte's client build (mount) instead of its server build.
        resolve: { conditions: ['browser'] },
        test: {
          name: 'components',
          environment: 'jsdom',
          include: ['tests/components/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // One process for every browser file: the CLI's database of the demo, which several
          // files compare the page with, is loaded once (tests/e2e/cli-report.ts).
          isolate: false,
        },
      },
    ],
  },
});
