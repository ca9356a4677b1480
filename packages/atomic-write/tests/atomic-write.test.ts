// The one atomic-write helper, on real files in a temporary folder.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic, writeFileAtomicSync } from '../src/index.js';

const root = mkdtempSync(join(tmpdir(), 'atomic-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  return dir;
};

const variants = [
  [
    'writeFileAtomicSync',
    async (...args: Parameters<typeof writeFileAtomicSync>) => writeFileAtomicSync(...args),
  ],
  ['writeFileAtomic', writeFileAtomic],
] as const;

describe.each(variants)('%s', (_name, write) => {
  it('creates a file, then replaces it whole, and leaves no temporary file', async () => {
    const dir = freshDir();
    const file = join(dir, 'users.json');
    await write(file, '{"a":1}\n');
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n');
    await write(file, Buffer.from('second'));
    expect(readFileSync(file, 'utf8')).toBe('second');
    await write(file, '');
    expect(readFileSync(file, 'utf8')).toBe('');
    expect(readdirSync(dir)).toEqual(['users.json']);
  });

  it('writes a large file completely', async () => {
    const dir = freshDir();
    const file = join(dir, 'big.bin');
    const bytes = Buffer.alloc(5 * 1024 * 1024 + 17, 0x5a);
    await write(file, bytes);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('gives the new file the mode asked for (default 0644)', async () => {
    if (process.platform === 'win32') return;
    const dir = freshDir();
    await write(join(dir, 'public'), 'x');
    await write(join(dir, 'secret'), 'x', { mode: 0o600 });
    expect(statSync(join(dir, 'public')).mode & 0o077).toBe(0o044 & ~process.umask());
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
  });

  it('fails in a missing folder unless asked to create it', async () => {
    const dir = freshDir();
    const file = join(dir, 'a', 'b', 'settings.json');
    await expect(write(file, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(join(dir, 'a'))).toBe(false);
    await write(file, 'x', { mkdir: true });
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a write that fails after the temporary file exists leaves the original untouched and no temporary file', async () => {
    const dir = freshDir();
    const file = join(dir, 'web.config');
    writeFileSync(file, 'original');
    const notBytes = { length: 3 } as unknown as Uint8Array;
    await expect(write(file, notBytes)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('original');
    expect(readdirSync(dir)).toEqual(['web.config']);
  });

  it('a rename that fails leaves the target untouched and no temporary file', async () => {
    const dir = freshDir();
    const target = join(dir, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    await expect(write(target, 'new')).rejects.toThrow();
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(readdirSync(dir)).toEqual(['occupied']);
  });
});

describe('removeStaleTempFiles', () => {
  it('removes the temporary files of that file older than a minute, nothing else', () => {
    const dir = freshDir();
    const file = join(dir, 'web.config');
    const old = new Date(Date.now() - 5 * 60_000);
    const names = {
      stale: '.web.config.0123456789ab.tmp',
      fresh: '.web.config.ba9876543210.tmp',
      otherFile: '.web.config.bak.0123456789ab.tmp',
      notOurs: '.web.config.notes.tmp',
    };
    for (const name of Object.values(names)) {
      writeFileSync(join(dir, name), 'half a file');
      if (name !== names.fresh) utimesSync(join(dir, name), old, old);
    }
    writeFileSync(file, 'whole');
    removeStaleTempFiles(file);
    expect(readdirSync(dir).sort()).toEqual(
      [names.fresh, names.otherFile, names.notOurs, 'web.config'].sort(),
    );
  });

  it('does nothing when the folder is missing', () => {
    expect(() => removeStaleTempFiles(join(root, 'missing', 'x'))).not.toThrow();
  });
});
