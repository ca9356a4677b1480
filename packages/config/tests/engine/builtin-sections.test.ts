// Every section of the built-in schema through the engine on the demo root (which has no schema files
// of its own for them): read at each kind of level without a configuration error, and a round trip of
// a change that the schema allows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigEngine, ConfigurationSystem, ensureDemoRoot } from '@iis-console/config';
import { changedFiles, snapshot } from '../fixtures/fixtureF.js';

let root: string;
let engine: ConfigEngine;
beforeAll(() => {
  root = join(mkdtempSync(join(tmpdir(), 'iisconsole-builtin-')), 'root');
  ensureDemoRoot(root);
  engine = new ConfigEngine(new ConfigurationSystem(root));
});
afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

describe('built-in sections on the demo root', () => {
  it('reads every section at the server, a site and an application', () => {
    const names = engine.sections('').map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(20);
    for (const path of ['', 'Contoso Shop', 'Default Web Site']) {
      for (const name of names) {
        const view = engine.getSection(name, path);
        expect(view.section).toBe(name);
        expect(view.etag).toMatch(/^"/);
      }
    }
  });

  it('the sites section lists the demo sites with bindings and applications', () => {
    const sites = engine.getSection('system.applicationHost/sites', '', { client: 'appcmd' });
    const names = sites.collection!.items.map((s) => s.key.name);
    expect(names).toContain('Contoso Shop');
    const shop = sites.collection!.items.find((s) => s.key.name === 'Contoso Shop')!;
    expect(shop.elements.bindings!.collection!.items.length).toBeGreaterThan(0);
    expect(shop.collection!.items.map((a) => a.key.path)).toContain('/');
  });

  it('previews a change of each writable kind without touching a file', () => {
    const before = snapshot(root);
    const p = engine.preview('system.webServer/staticContent', 'Contoso Shop', {
      elements: {
        clientCache: { attributes: { cacheControlMode: 'UseMaxAge', cacheControlMaxAge: '7.00:00:00' } },
      },
      collections: {
        '': [
          { op: 'add', attributes: { fileExtension: '.webmanifest', mimeType: 'application/manifest+json' } },
        ],
      },
    });
    expect(p.changed).toBe(true);
    expect(p.diffs[0]!.after).toContain(
      '<clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="7.00:00:00" />',
    );
    expect(p.diffs[0]!.after).toContain(
      '<mimeMap fileExtension=".webmanifest" mimeType="application/manifest+json" />',
    );
    const mk = engine.preview('system.web/machineKey', 'Contoso Shop', {
      attributes: { validation: 'hmacsha512' },
    });
    expect(mk.diffs[0]!.after).toContain('<machineKey validation="HMACSHA512" />');
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('a site’s id is unique on its own, as IIS says', () => {
    const sites = engine.getSection('system.applicationHost/sites', '', { client: 'appcmd' });
    const first = sites.collection!.items[0]!;
    let message = '';
    try {
      engine.preview(
        'system.applicationHost/sites',
        '',
        {
          collections: {
            '': [{ op: 'add', attributes: { name: 'Another', id: first.attributes.id!.value } }],
          },
        },
        { client: 'appcmd' },
      );
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      `Cannot add duplicate collection entry of type 'site' with unique key attribute 'id' set to '${first.attributes.id!.value}'`,
    );
  });
});
