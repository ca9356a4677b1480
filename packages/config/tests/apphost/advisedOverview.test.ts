// The sites overview with the advisor's warnings (docs/advisor.md): each row's warnings from its
// pool, httpCookies and the state service; pools read once per version of applicationHost.config;
// filtering by warning.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdvisedOverview, APPLICATION_POOLS_SECTION, ConfigurationSystem } from '../../src/index.js';
import { createApphostRoot, SHOP_WEB } from './fixtureApphost.js';

let root: string;
let overview: AdvisedOverview;
beforeEach(() => {
  root = createApphostRoot();
  overview = new AdvisedOverview(new ConfigurationSystem(root));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const codesByPath = (items: Array<{ path: string; warnings: Array<{ code: string }> }>) =>
  Object.fromEntries(items.map((i) => [i.path, i.warnings.map((w) => w.code)]));

describe('AdvisedOverview', () => {
  it('gives each site and application the warnings of its pool, cookies and state service', () => {
    const stopped = { status: 'Stopped', startupType: 'Manual' };
    expect(codesByPath(overview.query({ stateService: stopped }).items)).toEqual({
      Blog: ['InProcRecycling'],
      Shop: ['InProcWebGarden', 'SameSiteNoneInsecure'],
      // The application inherits the site's SameSite=None (the site's web.config is in its chain).
      'Shop/api': ['StateServiceStopped', 'SameSiteNoneInsecure'],
    });
    // The service running automatically: no StateServiceStopped; without a service, none either.
    const running = { status: 'Running', startupType: 'Automatic' };
    expect(codesByPath(overview.query({ stateService: running }).items)['Shop/api']).toEqual([
      'SameSiteNoneInsecure',
    ]);
    expect(codesByPath(overview.query({}).items)['Shop/api']).toEqual(['SameSiteNoneInsecure']);
    expect(overview.query({}).items.find((i) => i.path === 'Shop')!.cookieSameSite).toBe('None');
  });

  it('filters by warning code (any case) or by any warning, then pages as before', () => {
    const stopped = { status: 'Stopped', startupType: 'Manual' };
    expect(overview.query({ warning: 'inprocwebgarden' }).items.map((i) => i.path)).toEqual(['Shop']);
    expect(overview.query({ warning: 'StateServiceStopped', stateService: stopped }).total).toBe(1);
    expect(overview.query({ warning: 'any' }).items.map((i) => i.path)).toEqual(['Blog', 'Shop', 'Shop/api']);
    expect(overview.query({ warning: 'InProcRecycling', sort: '-path' }).items.map((i) => i.path)).toEqual([
      'Blog',
    ]);
    expect(overview.query({ warning: 'any', filter: 'blog' }).items.map((i) => i.path)).toEqual(['Blog']);
  });

  it('reads the application pools once per version of applicationHost.config, not once per row', () => {
    let reads = 0;
    const engine = overview.inputs.engine;
    const original = engine.getSection.bind(engine);
    engine.getSection = ((
      section: string,
      ...rest: Parameters<typeof original> extends [string, ...infer R] ? R : never
    ) => {
      if (section === APPLICATION_POOLS_SECTION) reads++;
      return original(section, ...rest);
    }) as typeof engine.getSection;
    overview.query({});
    overview.query({ sort: '-path' });
    overview.query({ warning: 'any' });
    expect(reads).toBe(1);
  });

  it('follows a change of the level’s files', () => {
    expect(codesByPath(overview.query({}).items).Shop).toContain('SameSiteNoneInsecure');
    writeFileSync(
      join(root, SHOP_WEB),
      '<configuration><system.web><sessionState cookieSameSite="None" /><httpCookies requireSSL="true" /></system.web></configuration>',
    );
    expect(codesByPath(overview.query({}).items).Shop).toEqual(['InProcWebGarden']);
  });
});
