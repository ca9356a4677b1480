// The bins' build on first use (scripts/typescript-build.mjs), on a throwaway project: built when
// dist/ is missing or older than the sources, silently, so that stdout is the bin's alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { typeScriptBuildNeeded } from '../typescript-build.mjs';

const helper = pathToFileURL(join(import.meta.dirname, '..', 'typescript-build.mjs')).href;
const dir = mkdtempSync(join(tmpdir(), 'typescript-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes src/main.ts, and makes an existing build a minute older than it. */
const writeSource = (text: string) => {
  writeFileSync(join(dir, 'src', 'main.ts'), text);
  const built = join(dir, 'dist', '.tsbuildinfo');
  const past = new Date(Date.now() - 60_000);
  if (existsSync(built)) utimesSync(built, past, past);
};

beforeAll(() => {
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2023',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        composite: true,
        types: [],
        rootDir: 'src',
        outDir: 'dist',
        tsBuildInfoFile: 'dist/.tsbuildinfo',
      },
      include: ['src'],
    }),
  );
  writeFileSync(
    join(dir, 'bin', 'demo.js'),
    `import { ensureBuilt } from ${JSON.stringify(helper)};\n` +
      `ensureBuilt(new URL('..', import.meta.url), 'demo');\n` +
      `const { greeting } = await import('../dist/main.js');\n` +
      `process.stdout.write(greeting());\n`,
  );
});

const run = () => spawnSync(process.execPath, [join(dir, 'bin', 'demo.js')], { encoding: 'utf8' });

describe('ensureBuilt', { timeout: 120_000 }, () => {
  it('builds a project without dist/ on first use, and prints nothing of its own', () => {
    writeSource(`export const greeting = (): string => 'hello\\n';\n`);
    expect(typeScriptBuildNeeded(dir)).toBe(true);
    const r = run();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('hello\n');
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'dist', 'main.js'))).toBe(true);
    expect(typeScriptBuildNeeded(dir)).toBe(false);
  });

  it('rebuilds when a source is newer than dist/', () => {
    writeSource(`export const greeting = (): string => 'changed\\n';\n`);
    expect(typeScriptBuildNeeded(dir)).toBe(true);
    const r = run();
    expect([r.stdout, r.stderr, r.status]).toEqual(['changed\n', '', 0]);
    expect(typeScriptBuildNeeded(dir)).toBe(false);
  });

  it('stops with the compiler messages on stderr, nothing on stdout, when the build fails', () => {
    writeSource(`export const greeting = (): string => 42;\n`);
    const r = run();
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error TS2322/);
    expect(r.stderr).toContain('demo: the build failed');
    expect(r.status).not.toBe(0);
  });
});
