// Refusals the configuration system can explain — a missing content folder, a read-only file or
// folder, a folder where the file should be, a history folder that cannot be written, a rollback
// whose folder vanished, an unreadable configSource file — on real temporary roots: each is a
// ConfigError with its own code and a message naming the file root-relative, said by the view before
// Apply, and a refused write changes zero bytes (history included).
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ConfigurationSystem, FileAccessError, SessionStateFeature } from '../../src/index.js';
import { problemOfErrno } from '../../src/commit/writeAccess.js';
import {
  APP_WEB,
  SITE1_WEB,
  addSite,
  changedFiles,
  createFixtureF,
  removeRoot,
  snapshot,
  write,
} from '../fixtures/fixtureF.js';

const INTRANET_WEB = 'vhosts/intranet/http/web.config';
const isRoot = process.getuid?.() === 0;

let root: string;
let system: ConfigurationSystem;
let feature: SessionStateFeature;

beforeEach(() => {
  root = createFixtureF();
  // As on a real server whose content lives in C:\vhosts\<site>\http: this folder is not there.
  addSite(root, 'Intranet', 'C:\\vhosts\\intranet\\http');
  system = new ConfigurationSystem(root);
  feature = new SessionStateFeature(system);
});
afterEach(() => {
  // Put permissions back so the root can be removed.
  for (const p of [join(root, SITE1_WEB), join(root, 'inetpub/WebSite1')]) {
    if (existsSync(p)) chmodSync(p, 0o755);
  }
  removeRoot(root);
});

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

function historyIds(): string[] {
  const dir = join(root, 'inetpub/history');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('CFGHISTORY_')) : [];
}

describe('a site whose content folder does not exist', () => {
  it('the view says so before Apply, naming the folder and the physical path to fix', () => {
    const view = feature.read('Intranet');
    expect(view.target).toEqual({
      file: INTRANET_WEB,
      configPath: 'MACHINE/WEBROOT/APPHOST/Intranet',
      location: null,
      exists: false,
    });
    expect(view.readOnly).toBe(
      'Cannot write vhosts/intranet/http/web.config: the folder vhosts/intranet/http does not exist. ' +
        'Create the folder, or correct the physical path of the site "Intranet" (C:\\vhosts\\intranet\\http).',
    );
  });

  it('Apply and preview are refused with TARGET_FOLDER_MISSING; nothing is created, no history', () => {
    const before = snapshot(root);
    const e = thrown(() => feature.apply('Intranet', { mode: 'Off' }, { client: 'console' }));
    expect(e).toBeInstanceOf(FileAccessError);
    expect(e).toMatchObject({
      code: 'TARGET_FOLDER_MISSING',
      file: INTRANET_WEB,
      folder: 'vhosts/intranet/http',
      problem: 'folder-missing',
    });
    expect(e.message).toBe(feature.read('Intranet').readOnly);
    expect(thrown(() => feature.preview('Intranet', { mode: 'Off' }, { client: 'console' })).code).toBe(
      'TARGET_FOLDER_MISSING',
    );
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    expect(existsSync(join(root, 'vhosts'))).toBe(false);
    expect(historyIds()).toEqual([]);
  });

  it('the committer refuses too (a folder removed after the check), before any history is written', () => {
    const e = thrown(() =>
      system.committer.commit([
        { path: join(root, INTRANET_WEB), expectedHash: '', bytes: Buffer.from('<configuration />') },
      ]),
    );
    expect(e).toMatchObject({ code: 'TARGET_FOLDER_MISSING', file: INTRANET_WEB });
    expect(e.message).toBe(
      'Cannot write vhosts/intranet/http/web.config: the folder vhosts/intranet/http does not exist. Create the folder, or correct the physical path that points to it.',
    );
    expect(historyIds()).toEqual([]);
  });

  it('writes once the folder exists', () => {
    mkdirSync(join(root, 'vhosts/intranet/http'), { recursive: true });
    expect(feature.read('Intranet').readOnly).toBeNull();
    feature.apply('Intranet', { mode: 'Off' }, { client: 'console' });
    expect(existsSync(join(root, INTRANET_WEB))).toBe(true);
  });
});

describe('read-only files and folders', () => {
  it('a file without write permission (the read-only attribute) is READ_ONLY, said before Apply', () => {
    // Refused by the product's own check of the mode bits, as Windows refuses a read-only file: it
    // holds even for root, which the kernel would let write.
    chmodSync(join(root, SITE1_WEB), 0o444);
    const view = feature.read('WebSite1');
    expect(view.readOnly).toBe(
      'Cannot write inetpub/WebSite1/web.config: the file is read-only. Clear its read-only attribute (give it write permission) and try again.',
    );
    const before = snapshot(root);
    const e = thrown(() => feature.apply('WebSite1', { mode: 'Off' }, { client: 'console' }));
    expect(e).toMatchObject({ code: 'READ_ONLY', file: SITE1_WEB, problem: 'read-only-file' });
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    expect(historyIds()).toEqual([]);
  });

  it('a folder where the file should be is NOT_A_FILE', () => {
    mkdirSync(join(root, APP_WEB));
    expect(feature.read('WebSite1/app').readOnly).toBe(
      'Cannot write inetpub/WebSite1App/web.config: a folder (not a file) has that name.',
    );
    const e = thrown(() => feature.apply('WebSite1/app', { mode: 'Off' }, { client: 'console' }));
    expect(e).toMatchObject({ code: 'NOT_A_FILE', file: APP_WEB });
    expect(historyIds()).toEqual([]);
  });

  it.skipIf(isRoot)(
    'a folder the process may not write in is READ_ONLY (EACCES) — skipped when running as root, whom the kernel lets write anyway',
    () => {
      chmodSync(join(root, 'inetpub/WebSite1'), 0o555);
      const view = feature.read('WebSite1');
      expect(view.readOnly).toMatch(
        /^Cannot write inetpub\/WebSite1\/web\.config: access is denied \(EACCES\)\./,
      );
      const e = thrown(() => feature.apply('WebSite1', { mode: 'Off' }, { client: 'console' }));
      expect(e).toMatchObject({ code: 'READ_ONLY', problem: 'access-denied', errno: 'EACCES' });
    },
  );

  it('errno codes map to refusals a user can act on; anything else stays unexpected', () => {
    expect(problemOfErrno('ENOENT')).toBe('folder-missing');
    expect(problemOfErrno('EACCES')).toBe('access-denied');
    expect(problemOfErrno('EPERM')).toBe('access-denied');
    expect(problemOfErrno('EROFS')).toBe('read-only-file-system');
    expect(problemOfErrno('ENOSPC')).toBe('disk-full');
    expect(problemOfErrno('EBUSY')).toBe('in-use');
    expect(problemOfErrno('EIO')).toBe('failed');
    const cases = [
      ['EROFS', 'READ_ONLY', 'Cannot write a/web.config: the file system is read-only (EROFS).'],
      ['ENOSPC', 'DISK_FULL', 'Cannot write a/web.config: there is no space left on the disk (ENOSPC).'],
      [
        'EBUSY',
        'CONFLICT',
        'Cannot write a/web.config: the file is in use by another process (EBUSY). Try again.',
      ],
      ['EIO', 'WRITE_FAILED', 'Cannot write a/web.config: the operation failed (EIO).'],
    ] as const;
    for (const [errno, code, message] of cases) {
      const e = new FileAccessError({
        file: 'a/web.config',
        folder: 'a',
        operation: 'write',
        problem: problemOfErrno(errno),
        errno,
      });
      expect(e).toMatchObject({ code, message });
    }
  });
});

describe('history and rollback', () => {
  it('a history folder that cannot be created refuses the commit, naming it; nothing is written', () => {
    mkdirSync(join(root, 'inetpub'), { recursive: true });
    writeFileSync(join(root, 'inetpub/history'), 'not a folder');
    const before = snapshot(root);
    const e = thrown(() => feature.apply('WebSite1', { mode: 'Off' }, { client: 'console' }));
    expect(e).toMatchObject({ code: 'NOT_A_FILE', file: 'inetpub/history', operation: 'history' });
    expect(e.message).toMatch(
      /^Cannot save the configuration history in inetpub\/history: it is not a folder \((EEXIST|ENOTDIR)\)\.$/,
    );
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('a rollback whose folder has vanished is TARGET_FOLDER_MISSING, nothing changed', () => {
    write(root, APP_WEB, '<configuration />');
    feature.apply('WebSite1/app', { mode: 'Off' }, { client: 'console' });
    const entry = system.committer.listHistory()[0]!;
    rmSync(join(root, 'inetpub/WebSite1App'), { recursive: true });
    const before = snapshot(root);
    const e = thrown(() => system.rollback(entry.id));
    expect(e).toMatchObject({ code: 'TARGET_FOLDER_MISSING', file: APP_WEB });
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    expect(system.committer.listHistory().map((h) => h.id)).toEqual([entry.id]);
  });
});

describe('unreadable files are named root-relative, never by their host path', () => {
  it('a configSource file in a folder that does not exist', () => {
    write(
      root,
      SITE1_WEB,
      '<configuration><system.web><sessionState configSource="sub\\session.config" /></system.web></configuration>',
    );
    const view = feature.read('WebSite1');
    expect(view.readOnly).not.toBeNull();
    expect(view.errors[0]).toMatchObject({ file: SITE1_WEB });
    const e = thrown(() => feature.apply('WebSite1', { timeout: 30 }, { client: 'console' }));
    expect(e.code).toBe('CONFIG_FILE');
    expect(e).toMatchObject({ file: SITE1_WEB });
    expect(e.message).toContain(SITE1_WEB);
    expect(e.message).not.toContain(root);
  });

  it('a malformed web.config', () => {
    write(root, SITE1_WEB, '<configuration>\n  <system.web>\n</configuration>');
    const e = thrown(() => feature.apply('WebSite1', { mode: 'Off' }, { client: 'console' }));
    expect(e).toMatchObject({ code: 'CONFIG_FILE', file: SITE1_WEB, line: 3 });
    expect(e.message).toMatch(/^inetpub\/WebSite1\/web\.config\(3,\d+\): /);
  });
});
