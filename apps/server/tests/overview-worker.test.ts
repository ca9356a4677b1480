// The overview's worker thread, from the compiled server (the worker runs compiled JavaScript).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationSystem } from '@iis-console/config';
import { repoRoot } from '../src/paths.js';
import {
  SITE1_WEB,
  createFixtureF,
  removeRoot,
  write,
} from '../../../packages/config/tests/fixtures/fixtureF.js';
import type { OverviewService as OverviewServiceType } from '../src/overview/OverviewService.js';

let root: string;
let service: OverviewServiceType;

beforeAll(async () => {
  spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript7/bin/tsc'), '-b', 'apps/server'], {
    cwd: repoRoot,
  });
  root = createFixtureF();
  const mod = (await import(
    pathToFileURL(join(repoRoot, 'apps/server/dist/overview/OverviewService.js')).href
  )) as {
    OverviewService: typeof OverviewServiceType;
  };
  service = new mod.OverviewService(root, new ConfigurationSystem(root));
}, 120_000);
afterAll(async () => {
  await service.close();
  removeRoot(root);
});

describe('overview worker', () => {
  it('answers from its own thread and sees files changed on disk', async () => {
    expect((service as unknown as { worker?: unknown }).worker).toBeDefined();
    const first = await service.query({ sort: 'path' });
    expect(first.items.map((i) => `${i.path}:${i.mode}`)).toEqual([
      'WebSite1:InProc',
      'WebSite1/app:InProc',
      'WebSite2:InProc',
    ]);
    write(
      root,
      SITE1_WEB,
      '<configuration><system.web><sessionState mode="Off" /></system.web></configuration>',
    );
    const second = await service.query({ sort: '-mode', filter: 'off' });
    expect(second.items.map((i) => `${i.path}:${i.mode}`)).toEqual(['WebSite1:Off', 'WebSite1/app:Off']);
  });

  it('reports a malformed applicationHost.config as a configuration error with its position', async () => {
    write(
      root,
      'Windows/System32/inetsrv/config/applicationHost.config',
      '<configuration>\n<broken>\n</configuration>',
    );
    await expect(service.query({})).rejects.toMatchObject({ code: 'CONFIG_FILE', line: expect.any(Number) });
  });
});
