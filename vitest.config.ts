import { defineConfig } from 'vitest/config';

// Two projects: Node tests resolve workspace packages to their TypeScript sources (the `source`
// export condition); the console's component tests run with its own Vite config (happy-dom).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'packages/*/tests/**/*.test.ts',
            'apps/server/tests/**/*.test.ts',
            'scripts/tests/**/*.test.ts',
          ],
          // One line when the real-world corpus is absent (its suites are skipped): see README.
          globalSetup: ['packages/config/tests/fixtures/corpusNotice.ts'],
        },
      },
      'apps/console/vitest.config.ts',
    ],
  },
});
