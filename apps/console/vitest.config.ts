import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// The console's component tests as a Vitest project: the console's own module resolution (workspace
// packages from source by alias), not a global `source` condition, which Node would also apply to
// react-aria-components (whose `source` files are not published) and fail.
export default mergeConfig(
  viteConfig,
  defineConfig({
    root: dirname(fileURLToPath(import.meta.url)),
    test: {
      name: 'console',
      include: ['src/**/*.test.tsx'],
      environment: 'happy-dom',
      testTimeout: 30_000,
      pool: 'forks',
    },
  }),
);
