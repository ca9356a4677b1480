// `npm test`: lint, type-check, build, unit/API/CLI/conformance tests (Vitest), then the browser tests
// (Playwright in Debian's Chromium). Exits non-zero on the first failing stage and closes with one
// summary line, "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './chromium.mjs';
import { ensureRedisServer } from './redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const only = process.argv.slice(2);

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function fail(stage) {
  console.error(`\nnpm test: ${stage} failed`);
  process.exit(1);
}

const node = process.execPath;
const bin = (p) => join(root, 'node_modules', p);
let passed = 0;
let failed = 0;

if (run('lint (eslint)', node, [bin('eslint/bin/eslint.js'), '.']) !== 0) fail('lint');
if (
  run('format (prettier --check)', node, [
    bin('prettier/bin/prettier.cjs'),
    '--check',
    '.',
    '--log-level',
    'warn',
  ]) !== 0
)
  fail('format check (run `npm run format`)');
if (run('build (tsc -b, vite)', node, [join(root, 'scripts/build.mjs')]) !== 0) fail('build');
if (run('type-check tests', node, [bin('typescript7/bin/tsc'), '-p', 'tsconfig.tests.json']) !== 0)
  fail('type-check of tests');
// The console and the browser tests are bundled or run from source (vite, Playwright strip types):
// type-check them here, or nothing would.
for (const project of ['apps/console', 'e2e'])
  if (run(`type-check ${project}`, node, [bin('typescript7/bin/tsc'), '-p', project]) !== 0)
    fail(`type-check of ${project}`);

// The state service's Redis-store suites need redis-server: install it once here (as root) rather
// than from several test files at a time; they skip with one line if it cannot be had.
ensureRedisServer();

const vitestJson = join(tmp, 'vitest.json');
const vitestStatus = run('unit, API, CLI and protocol tests (vitest)', node, [
  bin('vitest/vitest.mjs'),
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
  ...only,
]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
}
if (vitestStatus !== 0) {
  console.log(`\n${passed} passed, ${Math.max(failed, 1)} failed`);
  fail('vitest');
}

if (existsSync(join(root, 'e2e/playwright.config.ts')) && only.length === 0) {
  const chromium = ensureChromium();
  const pwJson = join(tmp, 'playwright.json');
  const status = run(
    'browser tests (playwright, Debian chromium)',
    node,
    [bin('@playwright/test/cli.js'), 'test', '-c', 'e2e'],
    {
      CHROMIUM_PATH: chromium,
      PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
    },
  );
  if (existsSync(pwJson)) {
    const r = JSON.parse(readFileSync(pwJson, 'utf8'));
    passed += r.stats?.expected ?? 0;
    failed += (r.stats?.unexpected ?? 0) + (r.stats?.flaky ?? 0);
  }
  if (status !== 0) {
    console.log(`\n${passed} passed, ${Math.max(failed, 1)} failed`);
    fail('playwright');
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
