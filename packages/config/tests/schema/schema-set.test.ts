import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileError } from '../../src/errors.js';
import { COOKIE_SAME_SITE_ATTRIBUTE, RUNTIME_DEFAULT_ORIGIN } from '@iis-console/config-common';
import { decodeSchemaBytes, parseSchemaXml } from '../../src/schema/parse-schema.js';
import { BUILTIN_SCHEMA_DIR, SchemaSet } from '../../src/schema/schema-set.js';
import { SESSION_PAGE_STATE_ATTRIBUTES, SESSION_STATE_ATTRIBUTES } from '@iis-console/config-common';

const SESSION_STATE = 'system.web/sessionState';
const PAGE_STATE = 'system.web/sessionPageState';

/** The sessionState section as IIS's own ASPNET_schema.xml (IIS 7.x) has it: no cookieSameSite. */
const IIS_STYLE_SESSION_STATE = `<!--
    ASP.NET configuration schema (test copy).
-->
<configSchema>
    <sectionSchema name="system.web/sessionState">
        <attribute name="allowCustomSqlDatabase" type="bool" defaultValue="False" />
        <attribute name="cookieless" type="enum" defaultValue="UseCookies">
            <enum name="UseUri" value="0" />
            <enum name="UseCookies" value="1" />
            <enum name="AutoDetect" value="2" />
            <enum name="UseDeviceProfile" value="3" />
            <enum name="true" value="0" />
            <enum name="false" value="1" />
        </attribute>
        <attribute name="mode" type="enum" defaultValue="InProc">
            <enum name="Off" value="0" />
            <enum name="InProc" value="1" />
            <enum name="StateServer" value="2" />
            <enum name="SQLServer" value="3" />
            <enum name="Custom" value="4" />
        </attribute>
        <attribute name="timeout" type="timeSpan" validationType="timeSpanRange" validationParameter="1,2147483640,60" allowInfinite="true" timeSpanFormat="minutes" defaultValue="30" />
    </sectionSchema>
</configSchema>
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'schema-set-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('built-in ASPNET_schema.xml', () => {
  it('defines exactly the two sections of the feature, with IIS defaults and validators', async () => {
    const set = await SchemaSet.load([]);
    expect(set.problems).toEqual([]);
    const aspnet = set.sections.filter((s) => s.file === join(BUILTIN_SCHEMA_DIR, 'ASPNET_schema.xml'));
    expect(aspnet.map((s) => s.name).sort()).toEqual([PAGE_STATE, SESSION_STATE]);
    const ss = set.section(SESSION_STATE)!;
    expect(ss.builtin).toBe(true);
    expect(ss.file).toBe(join(BUILTIN_SCHEMA_DIR, 'ASPNET_schema.xml'));
    expect(ss.attributes.map((a) => a.name)).toEqual([
      'allowCustomSqlDatabase',
      'compressionEnabled',
      'cookieless',
      'cookieName',
      'customProvider',
      'mode',
      'partitionResolverType',
      'regenerateExpiredSessionId',
      'sessionIDManagerType',
      'sqlCommandTimeout',
      'sqlConnectionRetryInterval',
      'sqlConnectionString',
      'stateConnectionString',
      'stateNetworkTimeout',
      'timeout',
      'useHostingIdentity',
      'cookieSameSite',
    ]);
    expect(ss.attribute('timeout')).toEqual({
      name: 'timeout',
      type: 'timeSpan',
      validationType: 'timeSpanRange',
      validationParameter: '1,2147483640,60',
      allowInfinite: true,
      timeSpanFormat: 'minutes',
      defaultValue: '20',
    });
    expect(ss.attribute('cookieless')?.enumValues).toEqual([
      { name: 'UseUri', value: 0 },
      { name: 'UseCookies', value: 1 },
      { name: 'AutoDetect', value: 2 },
      { name: 'UseDeviceProfile', value: 3 },
      { name: 'true', value: 0 },
      { name: 'false', value: 1 },
    ]);
    expect(ss.attribute('mode')?.enumValues?.map((e) => `${e.name}=${e.value}`)).toEqual([
      'Off=0',
      'InProc=1',
      'StateServer=2',
      'SQLServer=3',
      'Custom=4',
    ]);
    expect(ss.attribute('stateNetworkTimeout')).toEqual({
      name: 'stateNetworkTimeout',
      type: 'timeSpan',
      allowInfinite: true,
      timeSpanFormat: 'seconds',
      defaultValue: '10',
    });
    expect(ss.attribute('sqlConnectionString')?.defaultValue).toBe(
      'data source=localhost;Integrated Security=SSPI',
    );
    expect(ss.attribute('stateConnectionString')?.defaultValue).toBe('tcpip=loopback:42424');
    expect(ss.attribute('regenerateExpiredSessionId')?.defaultValue).toBe('True');
    const providers = ss.element('providers')!;
    expect(providers.collection?.addElementNames).toEqual(['add']);
    expect(providers.collection?.removeElement).toBe('remove');
    expect(providers.collection?.clearElement).toBe('clear');
    expect(providers.collection?.allowUnrecognizedAttributes).toBe(true);
    expect(providers.collection?.attribute('name')).toEqual({
      name: 'name',
      type: 'string',
      required: true,
      isUniqueKey: true,
    });
    const page = set.section(PAGE_STATE)!;
    expect(page.attributes).toEqual([
      {
        name: 'historySize',
        type: 'int',
        validationType: 'integerRange',
        validationParameter: '1,2147483647',
        defaultValue: '9',
      },
    ]);
  });

  it('adds cookieSameSite as a runtime extension (not in the IIS schema)', async () => {
    const ss = (await SchemaSet.load([])).section(SESSION_STATE)!;
    expect(ss.attribute('cookieSameSite')).toEqual({
      name: 'cookieSameSite',
      type: 'enum',
      defaultValue: 'Lax',
      enumValues: [
        { name: 'None', value: 0 },
        { name: 'Lax', value: 1 },
        { name: 'Strict', value: 2 },
      ],
      extension: 'runtime',
    });
    expect(RUNTIME_DEFAULT_ORIGIN).toBe('ASP.NET default (not in the IIS schema)');
  });

  it('matches the static tables the browser-side validator uses', async () => {
    const set = SchemaSet.loadSync([]);
    expect(JSON.parse(JSON.stringify(set.section(SESSION_STATE)!.attributes))).toEqual(
      JSON.parse(JSON.stringify(SESSION_STATE_ATTRIBUTES)),
    );
    expect(set.section(PAGE_STATE)!.attributes).toEqual(SESSION_PAGE_STATE_ATTRIBUTES);
  });

  it('finds attributes case-insensitively, exact spelling first', async () => {
    const ss = (await SchemaSet.load([])).section(SESSION_STATE)!;
    expect(ss.attribute('TIMEOUT')?.name).toBe('timeout');
    expect(ss.attribute('sessionidmanagertype')?.name).toBe('sessionIDManagerType');
    expect(ss.attribute('nope')).toBeUndefined();
    expect((await SchemaSet.load([])).section('system.web/sessionstate')).toBeUndefined();
  });
});

describe('SchemaSet.load with a root schema directory', () => {
  it('takes a section from the root and falls back to the built-in file for the others', async () => {
    writeFileSync(join(dir, 'ASPNET_schema.xml'), IIS_STYLE_SESSION_STATE);
    const set = await SchemaSet.load([dir]);
    expect(set.problems).toEqual([]);
    const ss = set.section(SESSION_STATE)!;
    expect(ss.file).toBe(join(dir, 'ASPNET_schema.xml'));
    expect(ss.builtin).toBe(false);
    expect(ss.attribute('timeout')?.defaultValue).toBe('30');
    // The whole section comes from the root: attributes the root's copy lacks are not mixed in.
    expect(ss.attribute('compressionEnabled')).toBeUndefined();
    // cookieSameSite is added because the root's schema lacks it.
    expect(ss.attributes.map((a) => a.name)).toEqual([
      'allowCustomSqlDatabase',
      'cookieless',
      'mode',
      'timeout',
      'cookieSameSite',
    ]);
    expect(ss.attribute('cookieSameSite')?.extension).toBe('runtime');
    const page = set.section(PAGE_STATE)!;
    expect(page.builtin).toBe(true);
    expect(page.file).toBe(join(BUILTIN_SCHEMA_DIR, 'ASPNET_schema.xml'));
  });

  it('keeps a cookieSameSite the root schema defines itself', async () => {
    writeFileSync(
      join(dir, 'extra.xml'),
      `<configSchema><sectionSchema name="system.web/sessionState">
        <attribute name="cookieSameSite" type="enum" defaultValue="None"><enum name="None" value="0"/><enum name="Lax" value="1"/></attribute>
      </sectionSchema></configSchema>`,
    );
    const ss = (await SchemaSet.load([dir])).section(SESSION_STATE)!;
    expect(ss.attributes).toEqual([
      {
        name: 'cookieSameSite',
        type: 'enum',
        defaultValue: 'None',
        enumValues: [
          { name: 'None', value: 0 },
          { name: 'Lax', value: 1 },
        ],
      },
    ]);
  });

  it('merges a section extended by a second file of the same directory', async () => {
    writeFileSync(join(dir, 'a_schema.xml'), IIS_STYLE_SESSION_STATE);
    writeFileSync(
      join(dir, 'b_schema.xml'),
      `<configSchema><sectionSchema name="system.web/sessionState">
        <attribute name="myExtra" type="uint" defaultValue="7" />
        <attribute name="timeout" type="int" />
      </sectionSchema></configSchema>`,
    );
    const set = await SchemaSet.load([dir]);
    const ss = set.section(SESSION_STATE)!;
    expect(ss.attribute('myExtra')).toEqual({ name: 'myExtra', type: 'uint', defaultValue: '7' });
    expect(ss.attribute('timeout')?.type).toBe('timeSpan');
    expect(set.problems.map((p) => p.reason)).toEqual([
      "Attribute 'timeout' of section 'system.web/sessionState' is already defined.",
    ]);
  });

  it('gives the first directory priority over later ones', async () => {
    const second = join(dir, 'second');
    const first = join(dir, 'first');
    mkdirSync(first);
    mkdirSync(second);
    writeFileSync(
      join(first, 'x.xml'),
      IIS_STYLE_SESSION_STATE.replace('defaultValue="30"', 'defaultValue="45"'),
    );
    writeFileSync(join(second, 'x.xml'), IIS_STYLE_SESSION_STATE);
    const set = await SchemaSet.load([first, second]);
    expect(set.section(SESSION_STATE)?.attribute('timeout')?.defaultValue).toBe('45');
  });

  it('accepts a missing directory and ignores files that are not *.xml or not regular files', async () => {
    writeFileSync(join(dir, 'notes.txt'), '<configSchema><sectionSchema name="x/y" /></configSchema>');
    const outside = mkdtempSync(join(tmpdir(), 'schema-outside-'));
    try {
      writeFileSync(
        join(outside, 'evil.xml'),
        '<configSchema><sectionSchema name="x/evil" /></configSchema>',
      );
      symlinkSync(join(outside, 'evil.xml'), join(dir, 'link.xml'));
      writeFileSync(join(dir, 'UPPER.XML'), '<configSchema><sectionSchema name="x/upper" /></configSchema>');
      const set = await SchemaSet.load([join(dir, 'missing'), dir]);
      expect(set.problems).toEqual([]);
      expect(set.sections.filter((s) => !s.builtin).map((s) => s.name)).toEqual(['x/upper']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('skips a malformed root file, reports file, line and column, and falls back to the built-in copy', async () => {
    const file = join(dir, 'ASPNET_schema.xml');
    writeFileSync(
      file,
      '<configSchema>\r\n  <sectionSchema name="system.web/sessionState">\r\n    <attribute name="a" type="bool">\r\n</configSchema>\r\n',
    );
    const set = await SchemaSet.load([dir]);
    expect(set.problems).toHaveLength(1);
    const problem = set.problems[0]!;
    expect(problem).toBeInstanceOf(ConfigFileError);
    expect(problem.file).toBe(file);
    expect(problem.line).toBe(4);
    expect(problem.column).toBe(1);
    expect(problem.reason).toBe(
      "Expected closing tag 'attribute' (opened in line 3, col 5) instead of closing tag 'configSchema'.",
    );
    expect(set.section(SESSION_STATE)?.builtin).toBe(true);
  });

  it('refuses a DOCTYPE (even in upper/lower case) but not the word inside a comment', async () => {
    writeFileSync(join(dir, 'a.xml'), '<!-- <!DOCTYPE x> -->\n<configSchema />');
    writeFileSync(
      join(dir, 'b.xml'),
      '<?xml version="1.0"?>\n<!doctype configSchema [<!ENTITY x "y">]>\n<configSchema><sectionSchema name="&x;"/></configSchema>',
    );
    const set = await SchemaSet.load([dir]);
    expect(set.problems.map((p) => [p.file, p.line, p.column, p.reason])).toEqual([
      [join(dir, 'b.xml'), 2, 1, 'A DOCTYPE is not allowed in a schema file.'],
    ]);
  });

  it('reads the same with loadSync', async () => {
    writeFileSync(join(dir, 'ASPNET_schema.xml'), IIS_STYLE_SESSION_STATE);
    const a = await SchemaSet.load([dir]);
    const b = SchemaSet.loadSync([dir]);
    expect(JSON.stringify(b.sections)).toBe(JSON.stringify(a.sections));
  });

  it('throws when the built-in directory itself is unusable', async () => {
    await expect(SchemaSet.load([], join(dir, 'nothing-here'))).rejects.toThrow(/ENOENT/);
    writeFileSync(join(dir, 'bad.xml'), '<configSchema>');
    await expect(SchemaSet.load([], dir)).rejects.toBeInstanceOf(ConfigFileError);
  });
});

describe('parseSchemaXml', () => {
  it('reports a semantic error at the element that has it', () => {
    const text =
      '<configSchema>\n  <sectionSchema name="s">\n    <attribute name="a" type="bool" />\n    <attribute name="b" type="decimal" />\n  </sectionSchema>\n</configSchema>';
    let error: unknown;
    try {
      parseSchemaXml(text, 'f.xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as ConfigFileError).message).toBe(
      "f.xml(4,5): Attribute 'b' has an unknown type 'decimal'.",
    );
  });

  it('refuses a duplicate attribute, a bad timeSpanFormat, an enum without a value and a wrong root', () => {
    expect(() =>
      parseSchemaXml(
        '<configSchema><sectionSchema name="s"><attribute name="a" type="int"/><attribute name="a" type="int"/></sectionSchema></configSchema>',
        'f',
      ),
    ).toThrow("f(1,71): Attribute 'a' is defined more than once.");
    expect(() =>
      parseSchemaXml(
        '<configSchema><sectionSchema name="s"><attribute name="t" type="timeSpan" timeSpanFormat="hours"/></sectionSchema></configSchema>',
        'f',
      ),
    ).toThrow("Attribute 't' has an unknown timeSpanFormat 'hours'.");
    expect(() =>
      parseSchemaXml(
        '<configSchema><sectionSchema name="s"><attribute name="e" type="enum"><enum name="A" value="x"/></attribute></sectionSchema></configSchema>',
        'f',
      ),
    ).toThrow("An enum value of attribute 'e' needs a name and an integer value.");
    expect(() => parseSchemaXml('<other/>', 'f')).toThrow(
      'f(1,1): The root element of a schema file must be <configSchema>.',
    );
  });

  it('decodes entities, flags, hex values and nested collections', () => {
    const [s] = parseSchemaXml(
      `<configSchema><sectionSchema name="s" allowUnrecognizedAttributes="TRUE">
        <attribute name="d" type="string" defaultValue="a&amp;b &#65;&#x42; &quot;q&quot;" caseSensitive="true" encrypted="true" expanded="false" />
        <attribute name="f" type="flags" defaultValue="A, B"><flag name="A" value="1"/><flag name="B" value="0x2"/></attribute>
        <element name="list"><collection addElement="allow,deny" mergeAppend="false" allowDuplicates="true">
          <attribute name="k" type="string" isCombinedKey="true" />
        </collection></element>
      </sectionSchema></configSchema>`,
      'f',
    );
    expect(s?.allowUnrecognizedAttributes).toBe(true);
    expect(s?.attribute('d')).toEqual({
      name: 'd',
      type: 'string',
      defaultValue: 'a&b AB "q"',
      caseSensitive: true,
      encrypted: true,
      expanded: false,
    });
    expect(s?.attribute('f')?.enumValues).toEqual([
      { name: 'A', value: 1 },
      { name: 'B', value: 2 },
    ]);
    const c = s?.element('list')?.collection;
    expect(c?.addElementNames).toEqual(['allow', 'deny']);
    expect(c?.mergeAppend).toBe(false);
    expect(c?.allowDuplicates).toBe(true);
    expect(c?.allowUnrecognizedAttributes).toBe(false);
    expect(c?.attribute('K')).toEqual({ name: 'k', type: 'string', isCombinedKey: true });
  });

  it('decodes UTF-8 with or without BOM and UTF-16 with a BOM', () => {
    const text = '<configSchema><sectionSchema name="é"/></configSchema>';
    const utf8 = new TextEncoder().encode(text);
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le[2 + 2 * i] = c & 0xff;
      le[3 + 2 * i] = c >> 8;
      be[2 + 2 * i] = c >> 8;
      be[3 + 2 * i] = c & 0xff;
    }
    expect(decodeSchemaBytes(utf8)).toBe(text);
    expect(decodeSchemaBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(text);
    expect(decodeSchemaBytes(le)).toBe(text);
    expect(decodeSchemaBytes(be)).toBe(text);
  });

  it('keeps the extension constant untouched when a section gets it', async () => {
    const ss = (await SchemaSet.load([])).section(SESSION_STATE)!;
    expect(ss.attribute('cookieSameSite')).not.toBe(COOKIE_SAME_SITE_ATTRIBUTE);
  });
});
