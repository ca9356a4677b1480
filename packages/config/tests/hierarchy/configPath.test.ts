// The one parser of site paths (the API's `path`, appcmd's identifier): what it accepts, what it
// refuses and how it says so; and that resolving a level goes through it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigError } from '../../src/index.js';
import {
  ConfigurationSystem,
  InvalidSitePathError,
  SessionStateFeature,
  SessionStateOverview,
  parseSitePath,
  sitePathFromConfigPath,
} from '../../src/index.js';
import { addSite, createFixtureF, removeRoot } from '../fixtures/fixtureF.js';

function refusal(fn: () => unknown): InvalidSitePathError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidSitePathError);
    return e as InvalidSitePathError;
  }
  throw new Error('expected an InvalidSitePathError');
}

describe('parseSitePath', () => {
  it('accepts the server, sites, applications and folders, with / or \\', () => {
    expect(parseSitePath('')).toEqual([]);
    expect(parseSitePath('Default Web Site')).toEqual(['Default Web Site']);
    expect(parseSitePath('Default Web Site/shop/images')).toEqual(['Default Web Site', 'shop', 'images']);
    expect(parseSitePath('Default Web Site\\shop')).toEqual(['Default Web Site', 'shop']);
    // Names with dots are names: only segments of nothing but dots (and spaces) are refused.
    expect(parseSitePath('site.example.com/.well-known/a..b')).toEqual([
      'site.example.com',
      '.well-known',
      'a..b',
    ]);
  });

  it('accepts one trailing separator: appcmd\'s "Default Web Site/" is the root application', () => {
    expect(parseSitePath('Default Web Site/')).toEqual(['Default Web Site']);
    expect(parseSitePath('Default Web Site/shop\\')).toEqual(['Default Web Site', 'shop']);
  });

  it.each([
    ['Intranet/../../outside', '"." and ".." segments are not allowed (found "..")'],
    ['..', '"." and ".." segments are not allowed (found "..")'],
    ['Site/./app', '"." and ".." segments are not allowed (found ".")'],
    ['Site\\..\\other', '"." and ".." segments are not allowed (found "..")'],
    ['Site/...', 'segments of only dots and spaces are not allowed (found "...")'],
    ['Site/ /app', 'segments of only dots and spaces are not allowed (found " ")'],
    ['Site//app', 'empty segments are not allowed (a leading separator, or two separators in a row)'],
    ['/Site', 'empty segments are not allowed (a leading separator, or two separators in a row)'],
    ['Site//', 'empty segments are not allowed (a leading separator, or two separators in a row)'],
    ['/', 'empty segments are not allowed (a leading separator, or two separators in a row)'],
    ['Site/a\u0000b', 'control characters are not allowed (found U+0000)'],
    ['Site\nX', 'control characters are not allowed (found U+000A)'],
    ['Site/\u001f', 'control characters are not allowed (found U+001F)'],
    ['Site\u007f', 'control characters are not allowed (found U+007F)'],
  ])('refuses %j: %s', (path, reason) => {
    const e = refusal(() => parseSitePath(path));
    expect(e.code).toBe('INVALID_PATH');
    expect(e.reason).toBe(reason);
    expect(e.path).toBe(path);
    expect(e.message).toContain(reason);
  });

  it('names the path in the message, with control characters escaped', () => {
    expect(refusal(() => parseSitePath('Intranet/../../outside')).message).toBe(
      'The site path "Intranet/../../outside" is not valid: "." and ".." segments are not allowed (found "..").',
    );
    const e = refusal(() => parseSitePath('Site\u0001/x'));
    expect(e.message).toBe(
      'The site path "Site\\u0001/x" is not valid: control characters are not allowed (found U+0001).',
    );
    expect([...e.message].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
  });
});

describe('sitePathFromConfigPath (appcmd identifiers)', () => {
  it('takes config paths and site paths', () => {
    expect(sitePathFromConfigPath('MACHINE/WEBROOT/APPHOST')).toBe('');
    expect(sitePathFromConfigPath('MACHINE/WEBROOT/APPHOST/')).toBe('');
    expect(sitePathFromConfigPath('machine/webroot/apphost/Default Web Site/shop')).toBe(
      'Default Web Site/shop',
    );
    expect(sitePathFromConfigPath('Default Web Site/')).toBe('Default Web Site');
  });

  it('refuses a bad path, naming it as it was given', () => {
    const e = refusal(() => sitePathFromConfigPath('MACHINE/WEBROOT/APPHOST/Intranet/..'));
    expect(e.path).toBe('MACHINE/WEBROOT/APPHOST/Intranet/..');
    expect(e.configPath).toBe('MACHINE/WEBROOT/APPHOST/Intranet/..');
    const site = refusal(() => sitePathFromConfigPath('Intranet/../../outside'));
    expect(site.configPath).toBe('MACHINE/WEBROOT/APPHOST/Intranet/../../outside');
  });
});

describe('levels are resolved through the parser', () => {
  let root: string;
  beforeEach(() => {
    root = createFixtureF();
  });
  afterEach(() => removeRoot(root));

  it('resolveLevel and the Session State view refuse bad paths and accept a trailing slash', () => {
    const system = new ConfigurationSystem(root);
    const feature = new SessionStateFeature(system);
    expect(() => system.resolveLevel('WebSite1/../../outside')).toThrow(InvalidSitePathError);
    expect(() => feature.read('WebSite1//app')).toThrow(/empty segments are not allowed/);
    expect(() => feature.apply('WebSite1/..', { mode: 'Off' }, { client: 'console' })).toThrow(
      InvalidSitePathError,
    );
    expect(feature.read('WebSite1/').configPath).toBe('MACHINE/WEBROOT/APPHOST/WebSite1');
    expect(feature.read('WebSite1/app/').path).toBe('WebSite1/app');
    expect(feature.read('').configPath).toBe('MACHINE/WEBROOT');
    // An unknown site is still NOT_FOUND, named by its first segment.
    const missing = (() => {
      try {
        system.resolveLevel('Nope/');
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(missing).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Cannot find SITE object with identifier "Nope".',
    });
  });

  it('the overview lists a site whose name is no site path with the reason; the others still compute', () => {
    addSite(root, '..', 'C:\\inetpub\\dots');
    addSite(root, 'a/b', 'C:\\inetpub\\ab');
    const entries = new SessionStateOverview(new ConfigurationSystem(root)).entries();
    expect(entries.find((e) => e.path === '..')).toMatchObject({
      error: 'The site path ".." is not valid: "." and ".." segments are not allowed (found "..").',
    });
    expect(entries.find((e) => e.path === 'a/b')?.error).toBe(
      'The site path "a/b" does not name a site of the server.',
    );
    expect(entries.find((e) => e.path === 'WebSite1')).toMatchObject({ mode: 'InProc' });
    expect(entries.find((e) => e.path === 'WebSite1')?.error).toBeUndefined();
  });
});
