// Acceptance cases S1–S27 of docs/session-state.md §7.3 that concern the configuration system, on
// fixture F. (The page-only parts of S1, S4, S16 and S17 are covered by the console's tests; appcmd's
// S18, S19 and S23 by packages/appcmd.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILTIN_SCHEMA_DIR,
  ConfigError,
  ConfigurationSystem,
  SessionStateFeature,
  ValidationError,
} from '../../src/index.js';
import type { ApplyOptions, SessionStateInput } from '../../src/index.js';
import {
  APP_WEB,
  APPHOST,
  ROOT_WEB,
  addSite,
  SITE1_ORIGINAL,
  SITE1_WEB,
  SITE2_WEB,
  HELP_WEB,
  canonicalXml,
  changedFiles,
  createFixtureF,
  read,
  removeRoot,
  snapshot,
  write,
} from '../fixtures/fixtureF.js';

let root: string;
let feature: SessionStateFeature;
const consoleOptions: ApplyOptions = { client: 'console' };

beforeEach(() => {
  root = createFixtureF();
  feature = new SessionStateFeature(new ConfigurationSystem(root));
});
afterEach(() => removeRoot(root));

function apply(path: string, input: SessionStateInput, options: ApplyOptions = consoleOptions) {
  return feature.apply(path, input, options);
}

/** Runs `fn`, expecting it to throw, and proves that no file changed. */
function refused(fn: () => unknown): unknown {
  const before = snapshot(root);
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected the write to be refused').toBeDefined();
  expect(changedFiles(before, snapshot(root))).toEqual([]);
  return error;
}

function messagesOf(e: unknown): string[] {
  if (e instanceof ValidationError) return e.errors.map((x) => x.message);
  if (e instanceof ConfigError) return [e.message];
  throw e;
}

const siteWith = (sessionState: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <system.web>\n    ${sessionState}\n${extra}  </system.web>\n</configuration>\n`;

describe('S1 defaults', () => {
  it.each(['', 'WebSite1', 'WebSite1/app', 'WebSite2/help'])(
    'every value is the schema default at "%s"',
    (path) => {
      const before = snapshot(root);
      const v = feature.read(path);
      const values = Object.fromEntries(Object.entries(v.attributes).map(([k, a]) => [k, a.value]));
      expect(values).toMatchObject({
        mode: 'InProc',
        cookieless: 'UseCookies',
        cookieName: 'ASP.NET_SessionId',
        timeout: '20',
        regenerateExpiredSessionId: 'true',
        useHostingIdentity: 'true',
        cookieSameSite: 'Lax',
        stateConnectionString: 'tcpip=loopback:42424',
        stateNetworkTimeout: '10',
        sqlConnectionString: 'data source=localhost;Integrated Security=SSPI',
        sqlCommandTimeout: '30',
        allowCustomSqlDatabase: 'false',
        historySize: '9',
      });
      expect(Object.values(v.attributes).every((a) => a.origin === 'default' && !a.local && !a.locked)).toBe(
        true,
      );
      expect(changedFiles(before, snapshot(root))).toEqual([]);
    },
  );

  it('names the file a write goes to', () => {
    expect(feature.read('').target).toMatchObject({ file: ROOT_WEB, configPath: 'MACHINE/WEBROOT' });
    expect(feature.read('WebSite1').target).toMatchObject({
      file: SITE1_WEB,
      configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
    });
    expect(feature.read('WebSite1/app').target).toMatchObject({ file: APP_WEB, exists: false });
    expect(feature.read('WebSite2/help').target).toBeNull();
  });
});

describe('S2–S6 writes only what changed', () => {
  it('S2 server: State Server writes exactly three attributes to the root web.config', () => {
    const before = snapshot(root);
    apply('', {
      mode: 'StateServer',
      stateConnectionString: 'tcpip=10.0.0.5:42424',
      stateNetworkTimeout: '20',
    });
    expect(changedFiles(before, snapshot(root))).toEqual([ROOT_WEB]);
    expect(canonicalXml(read(root, ROOT_WEB))).toBe(
      canonicalXml(
        '<configuration><system.web><sessionState mode="StateServer" stateConnectionString="tcpip=10.0.0.5:42424" stateNetworkTimeout="20" /></system.web></configuration>',
      ),
    );
  });

  it('S3 site: Not enabled appends system.web as the last child of configuration', () => {
    const before = snapshot(root);
    apply('WebSite1', { mode: 'Off' });
    expect(changedFiles(before, snapshot(root))).toEqual([SITE1_WEB]);
    const text = read(root, SITE1_WEB);
    expect(canonicalXml(text)).toBe(
      canonicalXml(
        SITE1_ORIGINAL.replace(
          '</configuration>',
          '<system.web><sessionState mode="Off" /></system.web></configuration>',
        ),
      ),
    );
    // Every byte of the original outside the insertion survives.
    const insertAt = SITE1_ORIGINAL.indexOf('</configuration>');
    expect(text.startsWith(SITE1_ORIGINAL.slice(0, insertAt).trimEnd())).toBe(true);
    expect(text.endsWith('</configuration>\n')).toBe(true);
  });

  it('S4 selecting the effective value through the API is written (P1), a no-op change is not', () => {
    const before = snapshot(root);
    const r = apply('WebSite1', {});
    expect(r.changed).toBe(false);
    expect(changedFiles(before, snapshot(root))).toEqual([]);
  });

  it('S5 cookieless alone', () => {
    apply('WebSite1', { cookieless: 'UseUri' });
    expect(read(root, SITE1_WEB)).toContain('<sessionState cookieless="UseUri" />');
    expect(read(root, SITE1_WEB)).not.toContain('regenerateExpiredSessionId');
  });

  it('S6 timeout as integer minutes', () => {
    apply('WebSite1', { timeout: 30 });
    expect(read(root, SITE1_WEB)).toContain('<sessionState timeout="30" />');
    apply('WebSite1', { timeout: '00:45:00' });
    expect(read(root, SITE1_WEB)).toContain('<sessionState timeout="45" />');
  });
});

describe('S7–S8 value rules refuse and write nothing', () => {
  it.each([
    [
      '0',
      'Timespan value must be between 00:00:01 and 24855.03:14:00 seconds inclusive, with a granularity of 60 seconds',
    ],
    [
      '1.5',
      "The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
    ],
    [
      'abc',
      "The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
    ],
    ['525601', 'For InProc and StateServer modes, the session timeout value cannot be larger than one year.'],
  ])('S7 timeout %s', (value, message) => {
    expect(messagesOf(refused(() => apply('WebSite1', { timeout: value })))).toEqual([message]);
  });

  it('S8 State Server time-out 0', () => {
    expect(
      messagesOf(refused(() => apply('WebSite1', { mode: 'StateServer', stateNetworkTimeout: '0' }))),
    ).toEqual(['The time span value must be positive']);
  });
});

describe('S9–S10 untouched values stay byte-identical', () => {
  it('S9a cookieless="false" shows Use Cookies and survives a cookieName change', () => {
    write(root, SITE1_WEB, siteWith('<sessionState cookieless="false" />'));
    const v = feature.read('WebSite1');
    expect(v.attributes.cookieless).toMatchObject({ value: 'UseCookies', stored: 'false', local: true });
    apply('WebSite1', { cookieName: 'MyCookie' });
    expect(read(root, SITE1_WEB)).toBe(siteWith('<sessionState cookieless="false" cookieName="MyCookie" />'));
  });

  it('S9b cookieless="true" shows Use URI and survives a regenerate change', () => {
    write(root, SITE1_WEB, siteWith('<sessionState cookieless="true" />'));
    expect(feature.read('WebSite1').attributes.cookieless?.value).toBe('UseUri');
    apply('WebSite1', { regenerateExpiredSessionId: false });
    expect(read(root, SITE1_WEB)).toBe(
      siteWith('<sessionState cookieless="true" regenerateExpiredSessionId="false" />'),
    );
  });

  it('S10 cookieSameSite and providers are preserved', () => {
    const original = siteWith(
      '<sessionState cookieSameSite="None"><providers><add name="p" type="T" /></providers></sessionState>',
    );
    write(root, SITE1_WEB, original);
    const v = feature.read('WebSite1');
    expect(v.attributes.cookieSameSite).toMatchObject({ value: 'None', local: true });
    expect((v.attributes.cookieSameSite?.origin as { file: string }).file).toBe(SITE1_WEB);
    expect(v.providers).toEqual([{ name: 'p', type: 'T' }]);
    apply('WebSite1', { timeout: 25 });
    expect(read(root, SITE1_WEB)).toBe(
      original.replace('cookieSameSite="None">', 'cookieSameSite="None" timeout="25">'),
    );
  });
});

describe('S11–S15 locks and levels', () => {
  it.each([['overrideMode="Deny"'], ['allowOverride="false"']])(
    'S11 section locked by a location with %s',
    (lock) => {
      write(
        root,
        ROOT_WEB,
        `<configuration><system.web /><location path="WebSite1" ${lock}><system.web><sessionState /></system.web></location></configuration>`,
      );
      const v = feature.read('WebSite1');
      expect(v.sectionLocked).toBe(true);
      expect(v.readOnly).toBe('This feature has been locked and is read only.');
      expect(messagesOf(refused(() => apply('WebSite1', { mode: 'Off' })))).toEqual([
        'This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".',
      ]);
      // The server level itself is not locked by a location for a site.
      expect(feature.read('').sectionLocked).toBe(false);
    },
  );

  it('S12 an attribute locked at server level', () => {
    write(
      root,
      ROOT_WEB,
      '<configuration><system.web><sessionState lockAttributes="timeout" /></system.web></configuration>',
    );
    const v = feature.read('WebSite1');
    expect(v.attributes.timeout).toMatchObject({ locked: true });
    expect((v.attributes.timeout?.lockedBy as { file: string }).file).toBe(ROOT_WEB);
    expect(v.attributes.mode?.locked).toBe(false);
    const e = refused(() => apply('WebSite1', { timeout: '30' }));
    expect((e as ConfigError).code).toBe('LOCKED');
    expect((e as ConfigError).message).toBe('Lock violation');
    apply('WebSite1', { mode: 'Off' });
    expect(read(root, SITE1_WEB)).toContain('<sessionState mode="Off" />');
    // At the server itself the lock does not apply.
    expect(feature.read('').attributes.timeout?.locked).toBe(false);
  });

  it('S13 configSource: reads and writes the external file, web.config unchanged', () => {
    const web = siteWith('<sessionState configSource="session.config" />');
    write(root, SITE1_WEB, web);
    write(root, 'inetpub/WebSite1/session.config', '<sessionState timeout="45" />');
    const v = feature.read('WebSite1');
    expect(v.attributes.timeout).toMatchObject({ value: '45', local: true });
    expect((v.attributes.timeout?.origin as { file: string }).file).toBe('inetpub/WebSite1/session.config');
    expect(v.target?.file).toBe('inetpub/WebSite1/session.config');
    apply('WebSite1', { timeout: 50 });
    expect(read(root, 'inetpub/WebSite1/session.config')).toBe('<sessionState timeout="50" />');
    expect(read(root, SITE1_WEB)).toBe(web);
  });

  it('S13 a missing configSource file is reported', () => {
    write(root, SITE1_WEB, siteWith('<sessionState configSource="missing.config" />'));
    const v = feature.read('WebSite1');
    expect(v.errors.map((e) => e.message).join()).toContain('Specified configSource cannot be parsed');
    const e = refused(() => apply('WebSite1', { timeout: 50 }));
    expect((e as ConfigError).code).toBe('CONFIG_FILE');
  });

  it('S14 custom database needs allowCustomSqlDatabase', () => {
    const sql = 'data source=db1;Initial Catalog=Sessions;Integrated Security=SSPI';
    const e = refused(() => apply('WebSite1/app', { mode: 'SQLServer', sqlConnectionString: sql }));
    expect(messagesOf(e)[0]).toMatch(
      /^The sqlConnectionString attribute or the connection string it refers to cannot contain/,
    );
    const before = snapshot(root);
    apply('WebSite1/app', { mode: 'SQLServer', sqlConnectionString: sql, allowCustomSqlDatabase: true });
    expect(changedFiles(before, snapshot(root))).toEqual([APP_WEB]);
    expect(canonicalXml(read(root, APP_WEB))).toBe(
      canonicalXml(
        `<configuration><system.web><sessionState mode="SQLServer" sqlConnectionString="${sql}" allowCustomSqlDatabase="true" /></system.web></configuration>`,
      ),
    );
    expect(read(root, APP_WEB)).toContain('\r\n');
  });

  it('S15 a virtual directory that is not an application is read-only', () => {
    const v = feature.read('WebSite2/help');
    expect(v.levelKind).toBe('virtualDirectory');
    expect(v.target).toBeNull();
    expect(v.readOnly).toContain(
      "It is an error to use a section registered as allowDefinition='MachineToApplication'",
    );
    const e = refused(() => apply('WebSite2/help', { mode: 'Off' }));
    expect((e as ConfigError).code).toBe('NOT_APPLICATION');
    expect((e as ConfigError).message).toBe(
      "It is an error to use a section registered as allowDefinition='MachineToApplication' beyond application level. This error can be caused by a virtual directory not being configured as an application in IIS.",
    );
    expect(() => read(root, HELP_WEB)).toThrow();
  });

  it('a sessionState in a virtual directory web.config is reported as a MachineToApplication error', () => {
    write(
      root,
      HELP_WEB,
      '<configuration><system.web><sessionState mode="Off" /></system.web></configuration>',
    );
    const v = feature.read('WebSite2/help');
    expect(v.errors.some((e) => e.file === HELP_WEB && e.message.includes('MachineToApplication'))).toBe(
      true,
    );
  });

  it('inheritInChildApplications="false" stops a site setting at the child application', () => {
    write(
      root,
      SITE1_WEB,
      '<configuration><location path="." inheritInChildApplications="false"><system.web><sessionState timeout="33" /></system.web></location></configuration>',
    );
    expect(feature.read('WebSite1').attributes.timeout?.value).toBe('33');
    expect(feature.read('WebSite1').attributes.timeout?.local).toBe(true);
    expect(feature.read('WebSite1/app').attributes.timeout?.value).toBe('20');
    // A write at the site edits the section inside location path=".".
    apply('WebSite1', { timeout: 34 });
    expect(read(root, SITE1_WEB)).toContain('<sessionState timeout="34" />');
    expect(read(root, SITE1_WEB).match(/sessionState/g)).toHaveLength(1);
  });

  it('values reach a site through a location tag in a parent file, not local there', () => {
    write(
      root,
      ROOT_WEB,
      '<configuration><location path="WebSite1"><system.web><sessionState mode="SQLServer" /></system.web></location></configuration>',
    );
    const v = feature.read('WebSite1');
    expect(v.attributes.mode).toMatchObject({ value: 'SQLServer', local: false });
    expect(v.attributes.mode?.origin).toMatchObject({
      file: ROOT_WEB,
      configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
    });
    expect(feature.read('WebSite1/app').attributes.mode?.value).toBe('SQLServer');
    expect(feature.read('WebSite2').attributes.mode?.value).toBe('InProc');
  });
});

describe('S20–S22 explicit writes, revert, ETag', () => {
  it('S20 an explicit value equal to the inherited one replaces in place', () => {
    write(root, SITE1_WEB, siteWith('<sessionState timeout="30" />'));
    apply('WebSite1', { timeout: '20' });
    expect(read(root, SITE1_WEB)).toBe(siteWith('<sessionState timeout="20" />'));
  });

  it('S21 revert removes the attribute, then the empty section and system.web', () => {
    write(
      root,
      SITE1_WEB,
      '<configuration>\n  <system.web>\n    <sessionState timeout="30" />\n  </system.web>\n</configuration>\n',
    );
    apply('WebSite1', { timeout: null });
    expect(read(root, SITE1_WEB)).toBe('<configuration>\n</configuration>\n');
    expect(feature.read('WebSite1').attributes.timeout).toMatchObject({ value: '20', origin: 'default' });
  });

  it('S21 variants: another attribute or another child keeps the elements', () => {
    write(root, SITE1_WEB, siteWith('<sessionState timeout="30" mode="Off" />'));
    apply('WebSite1', { timeout: null });
    expect(read(root, SITE1_WEB)).toBe(siteWith('<sessionState mode="Off" />'));

    write(root, SITE1_WEB, siteWith('<sessionState timeout="30" />', '    <compilation debug="true" />\n'));
    apply('WebSite1', { timeout: null });
    expect(read(root, SITE1_WEB)).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <system.web>\n    <compilation debug="true" />\n  </system.web>\n</configuration>\n',
    );
  });

  it('S21 revert of an attribute that is not set locally writes nothing and keeps no history', () => {
    const before = snapshot(root);
    const r = apply('WebSite1', { timeout: null });
    expect(r.changed).toBe(false);
    expect(changedFiles(before, snapshot(root))).toEqual([]);
    expect(new ConfigurationSystem(root).committer.listHistory()).toEqual([]);
  });

  it('S22 a stale ETag is refused with nothing written', () => {
    const etag = feature.read('WebSite1').etag;
    apply('WebSite1', { timeout: 30 }, { client: 'console', ifMatch: etag });
    const e = refused(() => apply('WebSite1', { timeout: 40 }, { client: 'console', ifMatch: etag }));
    expect((e as ConfigError).code).toBe('PRECONDITION');
  });

  it('an edit by someone else (a text editor) changes the ETag and is seen at once', () => {
    const etag = feature.read('WebSite1').etag;
    write(root, SITE1_WEB, siteWith('<sessionState mode="Off" />'));
    const v = feature.read('WebSite1');
    expect(v.etag).not.toBe(etag);
    expect(v.attributes.mode?.value).toBe('Off');
  });

  it('history keeps the previous version of each write', () => {
    apply('WebSite1', { timeout: 30 });
    apply('WebSite1', { timeout: 31 });
    const system = new ConfigurationSystem(root);
    const history = system.committer.listHistory();
    expect(history).toHaveLength(2);
    expect(history[0]?.files).toEqual([{ path: SITE1_WEB, existed: true }]);
    expect(Buffer.from(system.committer.readHistoryFile(history[0]!.id, SITE1_WEB)!).toString()).toContain(
      'timeout="30"',
    );
    expect(Buffer.from(system.committer.readHistoryFile(history[1]!.id, SITE1_WEB)!).toString()).toBe(
      SITE1_ORIGINAL,
    );
  });
});

describe('S23–S27 input forms, unknown attributes, broken files', () => {
  it.each([
    [{ mode: 'sqlserver' }, 'mode="SQLServer"'],
    [{ cookieless: 'useuri' }, 'cookieless="UseUri"'],
    [{ cookieless: 'TRUE' }, 'cookieless="UseUri"'],
  ])('S23 %j is written canonically', (input, expected) => {
    apply('WebSite1', input);
    expect(read(root, SITE1_WEB)).toContain(expected);
  });

  it.each([{ mode: '2' }, { mode: ' InProc' }])('S23 %j is refused with V1', (input) => {
    expect(messagesOf(refused(() => apply('WebSite1', input)))).toEqual([
      'Enum must be one of Off, InProc, StateServer, SQLServer, Custom',
    ]);
  });

  it('S24 SameSite', () => {
    apply('WebSite1', { cookieSameSite: 'None' });
    expect(read(root, SITE1_WEB)).toContain('cookieSameSite="None"');
    apply('WebSite1', { cookieSameSite: 'strict' });
    expect(read(root, SITE1_WEB)).toContain('<sessionState cookieSameSite="Strict" />');
    for (const bad of ['Unspecified', '-1']) {
      expect(messagesOf(refused(() => apply('WebSite1', { cookieSameSite: bad })))).toEqual([
        'Enum must be one of None, Lax, Strict',
      ]);
    }
  });

  it('S25 unknown attributes are listed, preserved and not settable', () => {
    write(root, SITE1_WEB, siteWith('<sessionState fooBar="1" timeout="30" />'));
    expect(feature.read('WebSite1').unknownAttributes).toMatchObject([{ name: 'fooBar', value: '1' }]);
    apply('WebSite1', { timeout: 25 });
    expect(read(root, SITE1_WEB)).toBe(siteWith('<sessionState fooBar="1" timeout="25" />'));
    expect(messagesOf(refused(() => apply('WebSite1', { fooBar: '2' })))).toEqual([
      'Unknown attribute "fooBar".',
    ]);
  });

  it('S26 Infinite needs a mode without the one-year limit', () => {
    expect(messagesOf(refused(() => apply('', { timeout: 'Infinite' })))).toEqual([
      'For InProc and StateServer modes, the session timeout value cannot be larger than one year.',
    ]);
    apply('', { mode: 'SQLServer', timeout: 'infinite' });
    expect(read(root, ROOT_WEB)).toContain('<sessionState mode="SQLServer" timeout="Infinite" />');
  });

  it('S27 a malformed site web.config is reported with line and column and never written', () => {
    write(
      root,
      SITE1_WEB,
      '<configuration>\n  <system.web>\n    <sessionState mode="Off" />\n</configuration>\n',
    );
    const v = feature.read('WebSite1');
    expect(v.readOnly).toContain(SITE1_WEB);
    expect(v.errors[0]).toMatchObject({ file: SITE1_WEB });
    expect(v.errors[0]?.line).toBeGreaterThan(0);
    expect(v.errors[0]?.column).toBeGreaterThan(0);
    const e = refused(() => apply('WebSite1', { mode: 'InProc' }));
    expect((e as ConfigError).code).toBe('CONFIG_FILE');
  });

  it('historySize goes to sessionPageState', () => {
    apply('WebSite1', { historySize: 5 });
    expect(read(root, SITE1_WEB)).toContain('<sessionPageState historySize="5" />');
    expect(messagesOf(refused(() => apply('WebSite1', { historySize: 0 })))).toEqual([
      'Integer value must be between 1 and 2147483647 inclusive',
    ]);
  });

  it('unknown sites are NOT_FOUND', () => {
    const e = refused(() => feature.read('Missing'));
    expect((e as ConfigError).code).toBe('NOT_FOUND');
  });

  it('applicationHost.config is never touched by console writes', () => {
    const apphost = read(root, APPHOST);
    apply('', { mode: 'Off' });
    apply('WebSite1', { mode: 'Off' });
    apply('WebSite1/app', { mode: 'Off' });
    apply('WebSite2', { mode: 'Off' });
    expect(read(root, APPHOST)).toBe(apphost);
    expect(read(root, SITE2_WEB)).toContain('mode="Off"');
  });
});

describe('the sites overview', () => {
  it('filters on what the Sites view shows: labels, paths and files, not config paths', async () => {
    const { SessionStateOverview } = await import('../../src/index.js');
    write(root, SITE1_WEB, siteWith('<sessionState mode="Off" cookieless="UseUri" />'));
    const overview = new SessionStateOverview(new ConfigurationSystem(root));
    const paths = (filter: string) => overview.query({ filter }).items.map((i) => i.path);
    expect(paths('not enabled')).toEqual(['WebSite1', 'WebSite1/app']);
    expect(paths('use uri')).toEqual(['WebSite1', 'WebSite1/app']);
    expect(paths('in process')).toEqual(['WebSite2']);
    expect(paths('apphost')).toEqual([]);
    expect(paths('inetpub/website1/web.config')).toEqual(['WebSite1', 'WebSite1/app']);
    expect(overview.query({ sort: '-path', pageSize: 2, page: 1 })).toMatchObject({
      total: 3,
      items: [{ path: 'WebSite2' }, { path: 'WebSite1/app' }],
    });
  });

  it('sorts by the Sites list’s columns: the site’s ID numerically, its bindings, the physical path', async () => {
    const { SessionStateOverview } = await import('../../src/index.js');
    // ID 102, binding :8102:localhost, a physical path in C:\ (after %SystemDrive%\…).
    addSite(root, 'Alpha', 'C:\\inetpub\\alpha');
    const overview = new SessionStateOverview(new ConfigurationSystem(root));
    const order = (sort: string) => overview.query({ sort }).items.map((i) => i.path);
    expect(order('id')).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2', 'Alpha']);
    expect(order('-id')).toEqual(['Alpha', 'WebSite2', 'WebSite1', 'WebSite1/app']);
    expect(order('binding')).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2', 'Alpha']);
    expect(order('-binding')).toEqual(['Alpha', 'WebSite2', 'WebSite1', 'WebSite1/app']);
    expect(order('physicalPath')).toEqual(['WebSite1', 'WebSite1/app', 'WebSite2', 'Alpha']);
    expect(order('-physicalPath')).toEqual(['Alpha', 'WebSite2', 'WebSite1/app', 'WebSite1']);
    expect(order('path')).toEqual(['Alpha', 'WebSite1', 'WebSite1/app', 'WebSite2']);
  });

  it('takes defaults from the root’s schema files, as the page does (one source of defaults)', async () => {
    const { SessionStateOverview } = await import('../../src/index.js');
    write(
      root,
      'Windows/System32/inetsrv/config/schema/ASPNET_schema.xml',
      readFileSync(join(BUILTIN_SCHEMA_DIR, 'ASPNET_schema.xml'), 'utf8').replace(
        /(<attribute name="timeout"[^>]*defaultValue=")20(")/,
        '$130$2',
      ),
    );
    const system = new ConfigurationSystem(root);
    const entry = new SessionStateOverview(system).query({ filter: 'WebSite2' }).items[0]!;
    expect(entry.timeout).toBe('30');
    expect(new SessionStateFeature(system).read('WebSite2').attributes.timeout!.value).toBe('30');
  });
});
