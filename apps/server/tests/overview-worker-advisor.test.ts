// The advisor's warnings through the overview's worker thread (compiled server), as the Sites view
// gets them: each row's warnings, the filter by warning, and the state service given with the query.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationSystem } from '@iis-console/config';
import { repoRoot } from '../src/paths.js';
import { createApphostRoot } from '../../../packages/config/tests/apphost/fixtureApphost.js';
import type { OverviewService as OverviewServiceType } from '../src/overview/OverviewService.js';

let root: string;
let service: OverviewServiceType;

beforeAll(async () => {
  spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript7/bin/tsc'), '-b', 'apps/server'], {
    cwd: repoRoot,
  });
  root = createApphostRoot();
  const mod = (await import(
    pathToFileURL(join(repoRoot, 'apps/server/dist/overview/OverviewService.js')).href
  )) as {
    OverviewService: typeof OverviewServiceType;
  };
  service = new mod.OverviewService(root, new ConfigurationSystem(root));
}, 120_000);
afterAll(async () => {
  await service.close();
  rmSync(root, { recursive: true, force: true });
});

describe('overview worker with the advisor', () => {
  it('answers rows with warnings, filtered by warning, with the service state of the query', async () => {
    expect((service as unknown as { worker?: unknown }).worker).toBeDefined();
    const garden = await service.query({ warning: 'InProcWebGarden' });
    expect(garden.items.map((i) => [i.path, i.warnings.map((w) => w.code)])).toEqual([
      ['Shop', ['InProcWebGarden', 'SameSiteNoneInsecure']],
    ]);
    const stopped = await service.query({
      warning: 'StateServiceStopped',
      stateService: { status: 'Stopped', startupType: 'Manual' },
    });
    expect(stopped.items.map((i) => i.path)).toEqual(['Shop/api']);
    expect(stopped.items[0]!.warnings[0]!.fix).toEqual({
      kind: 'service',
      label: 'Start service',
      service: 'aspnet_state',
      start: true,
      startupType: 'Automatic',
    });
  });
});
