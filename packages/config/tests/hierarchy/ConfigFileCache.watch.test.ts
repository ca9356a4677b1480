// The parse cache with folder watching (the sites overview's reader): a file no event has named is
// current without a stat; a change on disk is seen by the first read after its event; folders that
// cannot be watched fall back to a stat per read.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileCache } from '../../src/hierarchy/ConfigFileCache.js';

let dir: string;
let cache: ConfigFileCache;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iisconsole-watch-'));
  cache = new ConfigFileCache({ watch: true });
});
afterEach(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Lets pending file system events reach their watchers (two turns of the event loop). */
async function events(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
}

const text = (v: string) =>
  `<configuration><system.web><sessionState mode="${v}" /></system.web></configuration>`;

describe('ConfigFileCache with watching', () => {
  it('sees an edit in place and an atomic replace (rename over the file) after their events', async () => {
    const file = join(dir, 'web.config');
    writeFileSync(file, text('InProc'));
    const first = cache.get(file);
    expect(cache.isCurrent(first)).toBe(true);
    writeFileSync(file, text('Off'));
    await events();
    expect(cache.isCurrent(first)).toBe(false);
    expect(cache.get(file).text).toContain('Off');
    writeFileSync(join(dir, 'web.config.tmp'), text('SQLServer'));
    renameSync(join(dir, 'web.config.tmp'), file);
    await events();
    expect(cache.get(file).text).toContain('SQLServer');
  });

  it('sees a file created later, and a folder that did not exist (stat fallback)', async () => {
    const file = join(dir, 'web.config');
    expect(cache.get(file).exists).toBe(false);
    writeFileSync(file, text('InProc'));
    await events();
    expect(cache.get(file).exists).toBe(true);
    const later = join(dir, 'later', 'web.config');
    expect(cache.get(later).exists).toBe(false);
    mkdirSync(join(dir, 'later'));
    writeFileSync(later, text('Off'));
    expect(cache.get(later).exists).toBe(true);
  });

  it('a folder removed and created again is watched anew', async () => {
    const sub = join(dir, 'site');
    mkdirSync(sub);
    const file = join(sub, 'web.config');
    writeFileSync(file, text('InProc'));
    expect(cache.get(file).text).toContain('InProc');
    rmSync(sub, { recursive: true });
    await events();
    mkdirSync(sub);
    writeFileSync(file, text('Off'));
    await events();
    expect(cache.get(file).text).toContain('Off');
  });
});

describe('the sites overview with watched folders', () => {
  it('answers from its last check until an event, then sees the change', async () => {
    const { ConfigurationSystem, SessionStateOverview } = await import('../../src/index.js');
    const { createFixtureF, SITE1_WEB, removeRoot } = await import('../fixtures/fixtureF.js');
    const root = createFixtureF();
    const system = new ConfigurationSystem(root, { watchFiles: true });
    try {
      const overview = new SessionStateOverview(system);
      const mode = () =>
        overview.query({ filter: 'WebSite1' }).items.find((i) => i.path === 'WebSite1')!.mode;
      expect(mode()).toBe('InProc');
      expect(overview.entries()).toBe(overview.entries());
      writeFileSync(
        join(root, SITE1_WEB),
        '<configuration><system.web><sessionState mode="Off" /></system.web></configuration>',
      );
      await events();
      expect(mode()).toBe('Off');
    } finally {
      system.close();
      removeRoot(root);
    }
  });
});
