import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Alias } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The workspace packages resolve to their TypeScript sources (each export's `source` condition), so
 * the browser runs the very validator and messages the API and appcmd use. Only for these packages:
 * a global `source` condition would also pick react-aria's unpublished sources.
 */
function workspaceSources(...packages: string[]): Alias[] {
  return packages.flatMap((name) => {
    const dir = resolve(here, '../../packages', name);
    const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as {
      name: string;
      exports: Record<string, { source?: string }>;
    };
    return Object.entries(pkg.exports).flatMap(([subpath, conditions]) => {
      if (!conditions.source) return [];
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
      const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      return [{ find: new RegExp(`^${escaped}$`), replacement: resolve(dir, conditions.source) }];
    });
  });
}

export default defineConfig({
  plugins: [react()],
  // Keep Vite's and Vitest's caches out of the workspace folder.
  cacheDir: resolve(here, '../../node_modules/.vite/console'),
  resolve: { alias: workspaceSources('contracts', 'config-common') },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The server's CSP allows scripts from 'self' only: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
  },
  server: {
    // `node node_modules/vite/bin/vite.js apps/console` while `npm start` serves the API on 8172.
    proxy: { '/api': 'http://127.0.0.1:8172' },
  },
});
