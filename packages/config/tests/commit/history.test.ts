import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ConfigurationSystem, SessionStateFeature, sha256 } from '../../src/index.js';
import {
  SITE1_ORIGINAL,
  SITE1_WEB,
  APP_WEB,
  changedFiles,
  createFixtureF,
  read,
  removeRoot,
  snapshot,
} from '../fixtures/fixtureF.js';

let root: string;
let system: ConfigurationSystem;
let feature: SessionStateFeature;

beforeEach(() => {
  root = createFixtureF();
  system = new ConfigurationSystem(root, { maxHistories: 3 });
  feature = new SessionStateFeature(system);
});
afterEach(() => removeRoot(root));

describe('history and rollback', () => {
  it('keeps the last maxHistories versions in CFGHISTORY_NNNNNNNNNN folders', () => {
    for (let i = 1; i <= 5; i++) feature.apply('WebSite1', { timeout: 20 + i }, { client: 'console' });
    const dirs = readdirSync(join(root, 'inetpub/history')).filter((d) => d.startsWith('CFGHISTORY_'));
    expect(dirs).toEqual(['CFGHISTORY_0000000003', 'CFGHISTORY_0000000004', 'CFGHISTORY_0000000005']);
    expect(system.committer.listHistory().map((h) => h.id)).toEqual([...dirs].reverse());
  });

  it('rolls back to a saved version, and the rollback itself can be undone', () => {
    feature.apply('WebSite1', { timeout: 30 }, { client: 'console' });
    const first = system.committer.listHistory()[0]!;
    expect(system.historyComparison(first.id)).toEqual([
      { file: SITE1_WEB, saved: SITE1_ORIGINAL, current: read(root, SITE1_WEB) },
    ]);
    const afterWrite = read(root, SITE1_WEB);
    const rb = system.rollback(first.id, { user: 'admin' });
    expect(read(root, SITE1_WEB)).toBe(SITE1_ORIGINAL);
    system.rollback(rb.history.id);
    expect(read(root, SITE1_WEB)).toBe(afterWrite);
  });

  it('rolling back the creation of a web.config removes it', () => {
    feature.apply('WebSite1/app', { mode: 'Off' }, { client: 'console' });
    expect(existsSync(join(root, APP_WEB))).toBe(true);
    const entry = system.committer.listHistory()[0]!;
    expect(entry.files).toEqual([{ path: APP_WEB, existed: false }]);
    system.rollback(entry.id);
    expect(existsSync(join(root, APP_WEB))).toBe(false);
  });

  it('unknown history ids are NOT_FOUND', () => {
    expect(() => system.rollback('CFGHISTORY_0000000099')).toThrow(ConfigError);
    expect(() => system.rollback('../../etc')).toThrow(/No configuration history/);
  });
});

describe('commit safety', () => {
  it('a file changed on disk since it was read is not overwritten (conflict, zero bytes changed)', () => {
    const path = join(root, SITE1_WEB);
    const hash = sha256(Buffer.from(SITE1_ORIGINAL));
    writeFileSync(path, SITE1_ORIGINAL.replace('home1', 'home2'));
    const before = snapshot(root);
    expect(() =>
      system.committer.commit([{ path, expectedHash: hash, bytes: Buffer.from('<configuration />') }]),
    ).toThrow(/changed by someone else/);
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    expect(system.committer.listHistory()).toEqual([]);
  });

  it('a new file needs its folder', () => {
    const path = join(root, 'inetpub/nowhere/web.config');
    expect(() =>
      system.committer.commit([{ path, expectedHash: '', bytes: Buffer.from('<configuration />') }]),
    ).toThrow(/does not exist/);
    expect(existsSync(join(root, 'inetpub/nowhere'))).toBe(false);
  });

  it('temp files left by a killed write are removed by the next commit, fresh ones are not', () => {
    const dir = join(root, 'inetpub/WebSite1');
    const stale = join(dir, '.web.config.0123456789ab.tmp');
    const fresh = join(dir, '.web.config.ba9876543210.tmp');
    writeFileSync(stale, 'half a file');
    writeFileSync(fresh, 'being written');
    const old = new Date(Date.now() - 120_000);
    utimesSync(stale, old, old);
    feature.apply('WebSite1', { timeout: 30 }, { client: 'console' });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('a lock left by a dead process is taken over', () => {
    const lock = join(root, 'inetpub/history/.commit.lock');
    mkdirSync(join(root, 'inetpub/history'), { recursive: true });
    writeFileSync(lock, '999999999\n');
    feature.apply('WebSite1', { timeout: 30 }, { client: 'console' });
    expect(read(root, SITE1_WEB)).toContain('timeout="30"');
    expect(existsSync(lock)).toBe(false);
  });
});
