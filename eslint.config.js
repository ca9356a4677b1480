import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_IN_BROWSER_CODE =
  'packages/config-common runs in the browser too: no Node modules (put Node code in packages/config).';
const CONSOLE_USES_CONFIG_COMMON =
  'The console uses @iis-console/config-common (the browser-safe part of the engine), never @iis-console/config.';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.demo/**',
      'bench/.data/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Headers: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        SharedArrayBuffer: 'readonly',
        Atomics: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // The browser-safe engine part: no Node built-ins, whichever way they are named.
    files: ['packages/config-common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: NODE_IN_BROWSER_CODE })),
          patterns: [{ group: ['node:*'], message: NODE_IN_BROWSER_CODE }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'setImmediate', 'require', '__dirname', '__filename'].map((name) => ({
          name,
          message: NODE_IN_BROWSER_CODE,
        })),
      ],
    },
  },
  {
    // The console depends on the browser-safe part only, never on the Node configuration system.
    files: ['apps/console/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@iis-console/config', message: CONSOLE_USES_CONFIG_COMMON }],
          patterns: [{ group: ['@iis-console/config/*'], message: CONSOLE_USES_CONFIG_COMMON }],
        },
      ],
    },
  },
  {
    files: [
      '**/*.config.{js,ts,mjs}',
      'eslint.config.js',
      'vitest.config.ts',
      '**/vite.config.ts',
      '**/playwright.config.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
