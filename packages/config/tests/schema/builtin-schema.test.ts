// The product's built-in schema (packages/config/schema/*.xml, written by us from the documented facts)
// and its built-in section declarations (schema/declarations.json). When IIS's own schema files are at
// hand (the corpus), every section we define is checked against them.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builtinSectionDeclarations,
  findSectionDeclaration,
  readBuiltinDeclarations,
} from '../../src/hierarchy/sectionDeclaration.js';
import type { CollectionSchema, ElementSchema } from '@iis-console/config-common';
import { BUILTIN_SCHEMA_DIR, SchemaSet } from '../../src/schema/schema-set.js';
import type { AttributeSchema } from '@iis-console/config-common';
import { CORPUS_DIR } from '../fixtures/paths.js';

const WEB_SERVER = [
  'system.webServer/defaultDocument',
  'system.webServer/directoryBrowse',
  'system.webServer/httpErrors',
  'system.webServer/urlCompression',
  'system.webServer/httpLogging',
  'system.webServer/staticContent',
  'system.webServer/security/authentication/anonymousAuthentication',
  'system.webServer/security/authentication/basicAuthentication',
  'system.webServer/security/authentication/windowsAuthentication',
  'system.webServer/security/requestFiltering',
  'system.webServer/handlers',
  'system.webServer/modules',
];
const APP_HOST = ['system.applicationHost/applicationPools', 'system.applicationHost/sites'];
const SYSTEM_WEB = [
  'system.web/sessionState',
  'system.web/sessionPageState',
  'system.web/machineKey',
  'system.web/httpCookies',
  'system.web/compilation',
  'system.web/customErrors',
];
const FX = ['appSettings', 'connectionStrings'];
const ALL = [...WEB_SERVER, ...APP_HOST, ...SYSTEM_WEB, ...FX];

const set = SchemaSet.loadSync([]);

function section(name: string) {
  const s = set.section(name);
  if (!s) throw new Error(`no built-in section ${name}`);
  return s;
}

function el(parent: ElementSchema | CollectionSchema, name: string): ElementSchema {
  const e = parent.elements.find((x) => x.name === name);
  if (!e) throw new Error(`no element ${name}`);
  return e;
}

function coll(parent: ElementSchema | CollectionSchema): CollectionSchema {
  const c = parent.collection;
  if (!c) throw new Error('no collection');
  return c;
}

function attr(parent: ElementSchema | CollectionSchema, name: string): AttributeSchema {
  const a = parent.attribute(name);
  if (!a) throw new Error(`no attribute ${name}`);
  return a;
}

const enums = (a: AttributeSchema) => a.enumValues?.map((e) => `${e.name}=${e.value}`);
const directives = (c: CollectionSchema) => [c.addElement, c.removeElement, c.clearElement];

describe('the built-in schema directory', () => {
  it('reads without problems and defines every section of the built-in set', () => {
    expect(set.problems).toEqual([]);
    for (const name of ALL) {
      const s = section(name);
      expect(s.builtin, name).toBe(true);
      expect(s.file.startsWith(BUILTIN_SCHEMA_DIR), name).toBe(true);
    }
    // The Session State sections stay in ASPNET_schema.xml; the other files only add sections.
    expect(section('system.web/sessionState').file).toBe(join(BUILTIN_SCHEMA_DIR, 'ASPNET_schema.xml'));
    expect(section('system.web/machineKey').file).toBe(
      join(BUILTIN_SCHEMA_DIR, 'IISConsole_aspnet_schema.xml'),
    );
    expect(section('system.webServer/handlers').file).toBe(
      join(BUILTIN_SCHEMA_DIR, 'IISConsole_webServer_schema.xml'),
    );
    expect(section('system.applicationHost/sites').file).toBe(
      join(BUILTIN_SCHEMA_DIR, 'IISConsole_applicationHost_schema.xml'),
    );
    expect(section('appSettings').file).toBe(join(BUILTIN_SCHEMA_DIR, 'IISConsole_fx_schema.xml'));
  });
});

describe('system.web sections', () => {
  it('machineKey: AutoGenerate keys, algorithms, compatibility mode', () => {
    const mk = section('system.web/machineKey');
    expect(attr(mk, 'validationKey').defaultValue).toBe('AutoGenerate,IsolateApps');
    expect(attr(mk, 'decryptionKey').defaultValue).toBe('AutoGenerate,IsolateApps');
    expect(enums(attr(mk, 'validation'))).toEqual([
      'MD5=0',
      'SHA1=1',
      '3DES=2',
      'AES=3',
      'HMACSHA256=4',
      'HMACSHA384=5',
      'HMACSHA512=6',
    ]);
    expect(attr(mk, 'validation').defaultValue).toBe('HMACSHA256');
    // Auto, DES, 3DES, AES or alg:<name>: a string, as in IIS's own schema.
    expect(attr(mk, 'decryption')).toMatchObject({ type: 'string', defaultValue: 'Auto' });
    expect(enums(attr(mk, 'compatibilityMode'))).toEqual([
      'Framework20SP1=0',
      'Framework20SP2=1',
      'Framework45=2',
    ]);
    expect(attr(mk, 'compatibilityMode').defaultValue).toBe('Framework20SP1');
    expect(mk.attribute('applicationName')?.type).toBe('string');
    expect(mk.attribute('dataProtectorType')?.type).toBe('string');
  });

  it('httpCookies: booleans off by default, sameSite Unspecified', () => {
    const hc = section('system.web/httpCookies');
    expect(attr(hc, 'httpOnlyCookies')).toMatchObject({ type: 'bool', defaultValue: 'false' });
    expect(attr(hc, 'requireSSL')).toMatchObject({ type: 'bool', defaultValue: 'false' });
    expect(attr(hc, 'domain').type).toBe('string');
    expect(enums(attr(hc, 'sameSite'))).toEqual(['None=0', 'Lax=1', 'Strict=2', 'Unspecified=-1']);
    expect(attr(hc, 'sameSite').defaultValue).toBe('Unspecified');
  });

  it('compilation: attributes and the assemblies / buildProviders collections', () => {
    const c = section('system.web/compilation');
    expect(attr(c, 'debug').defaultValue).toBe('false');
    expect(attr(c, 'batch').defaultValue).toBe('true');
    expect(attr(c, 'defaultLanguage').defaultValue).toBe('vb');
    expect(attr(c, 'targetFramework').type).toBe('string');
    expect(attr(c, 'tempDirectory').type).toBe('string');
    expect(attr(c, 'batchTimeout')).toMatchObject({
      type: 'timeSpan',
      timeSpanFormat: 'seconds',
      defaultValue: '900',
    });
    const assemblies = coll(el(c, 'assemblies'));
    expect(directives(assemblies)).toEqual(['add', 'remove', 'clear']);
    expect(assemblies.allowDuplicates).toBe(true);
    expect(attr(assemblies, 'assembly').isUniqueKey).toBe(true);
    const providers = coll(el(c, 'buildProviders'));
    expect(attr(providers, 'extension').isUniqueKey).toBe(true);
    expect(attr(providers, 'type').required).toBe(true);
  });

  it('customErrors: mode enum and the <error> map keyed by statusCode', () => {
    const ce = section('system.web/customErrors');
    expect(enums(attr(ce, 'mode'))).toEqual(['RemoteOnly=0', 'On=1', 'Off=2']);
    expect(attr(ce, 'mode').defaultValue).toBe('RemoteOnly');
    expect(attr(ce, 'defaultRedirect').type).toBe('string');
    expect(attr(ce, 'redirectMode').defaultValue).toBe('ResponseRedirect');
    const errors = coll(ce);
    // A BasicMap in the runtime: <error> only, no <remove> or <clear>.
    expect(directives(errors)).toEqual(['error', undefined, undefined]);
    expect(attr(errors, 'statusCode')).toMatchObject({
      type: 'int',
      required: true,
      isUniqueKey: true,
      validationType: 'integerRange',
      validationParameter: '100,999',
    });
    expect(attr(errors, 'redirect').required).toBe(true);
  });
});

describe('system.webServer sections', () => {
  it('defaultDocument: the files list is ordered, local entries first (mergeAppend false)', () => {
    const dd = section('system.webServer/defaultDocument');
    expect(attr(dd, 'enabled').defaultValue).toBe('true');
    const files = coll(el(dd, 'files'));
    expect(directives(files)).toEqual(['add', 'remove', 'clear']);
    expect(files.mergeAppend).toBe(false);
    expect(attr(files, 'value').isUniqueKey).toBe(true);
  });

  it('directoryBrowse: showFlags flags', () => {
    const db = section('system.webServer/directoryBrowse');
    expect(attr(db, 'enabled').defaultValue).toBe('false');
    const flags = attr(db, 'showFlags');
    expect(flags.type).toBe('flags');
    expect(enums(flags)).toEqual(['None=0', 'Date=2', 'Time=4', 'Size=8', 'Extension=16', 'LongDate=32']);
    expect(flags.defaultValue).toBe('Date, Time, Size, Extension');
  });

  it('httpErrors: modes and the <error> collection keyed by statusCode + subStatusCode', () => {
    const he = section('system.webServer/httpErrors');
    expect(enums(attr(he, 'errorMode'))).toEqual(['DetailedLocalOnly=0', 'Custom=1', 'Detailed=2']);
    expect(attr(he, 'errorMode').defaultValue).toBe('DetailedLocalOnly');
    expect(enums(attr(he, 'existingResponse'))).toEqual(['Auto=0', 'Replace=1', 'PassThrough=2']);
    expect(enums(attr(he, 'defaultResponseMode'))).toEqual(['File=0', 'ExecuteURL=1', 'Redirect=2']);
    expect(attr(he, 'defaultPath').expanded).toBe(true);
    expect(attr(he, 'detailedMoreInformationLink').type).toBe('string');
    expect(attr(he, 'allowAbsolutePathsWhenDelegated').defaultValue).toBe('false');
    const errors = coll(he);
    expect(directives(errors)).toEqual(['error', 'remove', 'clear']);
    expect(attr(errors, 'statusCode')).toMatchObject({
      type: 'uint',
      isCombinedKey: true,
      validationType: 'integerRange',
      validationParameter: '400,999',
    });
    expect(attr(errors, 'subStatusCode')).toMatchObject({
      type: 'int',
      isCombinedKey: true,
      defaultValue: '-1',
    });
    expect(errors.attributes.filter((a) => a.isUniqueKey)).toEqual([]);
    expect(attr(errors, 'prefixLanguageFilePath').type).toBe('string');
    expect(attr(errors, 'path').type).toBe('string');
    expect(enums(attr(errors, 'responseMode'))).toEqual(['File=0', 'ExecuteURL=1', 'Redirect=2']);
  });

  it('urlCompression and httpLogging', () => {
    const uc = section('system.webServer/urlCompression');
    expect(attr(uc, 'doStaticCompression').defaultValue).toBe('true');
    expect(attr(uc, 'doDynamicCompression').defaultValue).toBe('true');
    expect(attr(uc, 'dynamicCompressionBeforeCache').defaultValue).toBe('false');
    const hl = section('system.webServer/httpLogging');
    expect(attr(hl, 'dontLog').defaultValue).toBe('false');
    expect(enums(attr(hl, 'selectiveLogging'))).toEqual(['LogAll=0', 'LogSuccessful=1', 'LogError=2']);
    expect(attr(hl, 'selectiveLogging').defaultValue).toBe('LogAll');
  });

  it('staticContent: doc footer, clientCache and the mimeMap collection', () => {
    const sc = section('system.webServer/staticContent');
    expect(attr(sc, 'enableDocFooter').defaultValue).toBe('false');
    expect(attr(sc, 'isDocFooterFileName').defaultValue).toBe('false');
    expect(attr(sc, 'defaultDocFooter').type).toBe('string');
    const cache = el(sc, 'clientCache');
    expect(enums(attr(cache, 'cacheControlMode'))).toEqual([
      'NoControl=0',
      'DisableCache=1',
      'UseMaxAge=2',
      'UseExpires=3',
    ]);
    expect(attr(cache, 'cacheControlMaxAge')).toEqual({
      name: 'cacheControlMaxAge',
      type: 'timeSpan',
      defaultValue: '1.00:00:00',
    });
    expect(attr(cache, 'setEtag').defaultValue).toBe('true');
    expect(cache.attribute('httpExpires')?.type).toBe('string');
    expect(cache.attribute('cacheControlCustom')?.type).toBe('string');
    const mime = coll(sc);
    expect(directives(mime)).toEqual(['mimeMap', 'remove', 'clear']);
    expect(attr(mime, 'fileExtension').isUniqueKey).toBe(true);
    expect(attr(mime, 'mimeType').required).toBe(true);
  });

  it('authentication sections: encrypted passwords, logon methods, providers', () => {
    const logon = ['Interactive=0', 'Batch=1', 'Network=2', 'ClearText=3'];
    const anon = section('system.webServer/security/authentication/anonymousAuthentication');
    expect(attr(anon, 'enabled').defaultValue).toBe('true');
    expect(attr(anon, 'userName').defaultValue).toBe('IUSR');
    expect(attr(anon, 'password')).toMatchObject({ encrypted: true, caseSensitive: true });
    expect(enums(attr(anon, 'logonMethod'))).toEqual(logon);
    expect(attr(anon, 'logonMethod').defaultValue).toBe('ClearText');
    const basic = section('system.webServer/security/authentication/basicAuthentication');
    expect(attr(basic, 'enabled').defaultValue).toBe('false');
    expect(attr(basic, 'realm').type).toBe('string');
    expect(attr(basic, 'defaultLogonDomain').type).toBe('string');
    expect(enums(attr(basic, 'logonMethod'))).toEqual(logon);
    const win = section('system.webServer/security/authentication/windowsAuthentication');
    expect(attr(win, 'enabled').defaultValue).toBe('false');
    expect(attr(win, 'authPersistSingleRequest').defaultValue).toBe('false');
    expect(attr(win, 'useKernelMode').defaultValue).toBe('true');
    const providers = coll(el(win, 'providers'));
    expect(directives(providers)).toEqual(['add', 'remove', 'clear']);
    expect(attr(providers, 'value').isUniqueKey).toBe(true);
    const ep = el(win, 'extendedProtection');
    expect(enums(attr(ep, 'tokenChecking'))).toEqual(['None=0', 'Allow=1', 'Require=2']);
    expect(attr(ep, 'flags').type).toBe('flags');
    expect(directives(coll(ep))).toEqual(['spn', 'removeSpn', 'clearSpns']);
  });

  it('requestFiltering: limits and the extension, segment and verb collections', () => {
    const rf = section('system.webServer/security/requestFiltering');
    expect(attr(rf, 'allowDoubleEscaping').defaultValue).toBe('false');
    expect(attr(rf, 'allowHighBitCharacters').defaultValue).toBe('true');
    expect(attr(rf, 'removeServerHeader').type).toBe('bool');
    expect(attr(rf, 'unescapeQueryString').defaultValue).toBe('true');
    const limits = el(rf, 'requestLimits');
    expect(attr(limits, 'maxAllowedContentLength')).toEqual({
      name: 'maxAllowedContentLength',
      type: 'uint',
      defaultValue: '30000000',
    });
    expect(attr(limits, 'maxUrl').defaultValue).toBe('4096');
    expect(attr(limits, 'maxQueryString').defaultValue).toBe('2048');
    const ext = el(rf, 'fileExtensions');
    expect(attr(ext, 'allowUnlisted').defaultValue).toBe('true');
    expect(attr(coll(ext), 'fileExtension').isUniqueKey).toBe(true);
    expect(attr(coll(ext), 'allowed').type).toBe('bool');
    expect(attr(coll(el(rf, 'hiddenSegments')), 'segment').isUniqueKey).toBe(true);
    const verbs = el(rf, 'verbs');
    expect(attr(verbs, 'allowUnlisted').defaultValue).toBe('true');
    expect(attr(coll(verbs), 'verb')).toMatchObject({ isUniqueKey: true, caseSensitive: true });
  });

  it('handlers: access policy flags and the ordered handler list', () => {
    const h = section('system.webServer/handlers');
    const policy = attr(h, 'accessPolicy');
    expect(policy.type).toBe('flags');
    expect(policy.defaultValue).toBe('Read');
    expect(enums(policy)).toEqual([
      'None=0',
      'Read=1',
      'Write=2',
      'Execute=4',
      'Source=16',
      'Script=512',
      'NoRemoteWrite=1024',
      'NoRemoteRead=4096',
      'NoRemoteExecute=8192',
      'NoRemoteScript=16384',
    ]);
    const list = coll(h);
    expect(directives(list)).toEqual(['add', 'remove', 'clear']);
    expect(list.mergeAppend).toBe(false);
    expect(attr(list, 'name')).toMatchObject({ required: true, isUniqueKey: true });
    for (const name of ['path', 'verb', 'type', 'modules', 'scriptProcessor', 'preCondition']) {
      expect(attr(list, name).type, name).toBe('string');
    }
    expect(enums(attr(list, 'resourceType'))).toEqual(['File=0', 'Directory=1', 'Either=2', 'Unspecified=3']);
    expect(attr(list, 'resourceType').defaultValue).toBe('Unspecified');
    expect(enums(attr(list, 'requireAccess'))).toEqual([
      'None=0',
      'Read=1',
      'Write=2',
      'Script=3',
      'Execute=4',
    ]);
    expect(attr(list, 'requireAccess').defaultValue).toBe('Script');
    expect(attr(list, 'allowPathInfo').defaultValue).toBe('false');
    expect(attr(list, 'responseBufferLimit')).toMatchObject({ type: 'uint', defaultValue: '4194304' });
  });

  it('modules: managed-module switches and the module list keyed by name', () => {
    const m = section('system.webServer/modules');
    expect(attr(m, 'runAllManagedModulesForAllRequests').defaultValue).toBe('false');
    expect(attr(m, 'runManagedModulesForWebDavRequests').defaultValue).toBe('false');
    const list = coll(m);
    expect(directives(list)).toEqual(['add', 'remove', 'clear']);
    expect(list.mergeAppend).toBe(true);
    expect(attr(list, 'name').isUniqueKey).toBe(true);
    expect(list.attribute('type')?.type).toBe('string');
    expect(list.attribute('preCondition')?.type).toBe('string');
  });
});

describe('system.applicationHost sections', () => {
  it('applicationPools: the pool attributes and child elements, in both <add> and applicationPoolDefaults', () => {
    const ap = section('system.applicationHost/applicationPools');
    const add = coll(ap);
    expect(add.addElementNames).toEqual(['add']);
    expect(add.defaultElement).toBe('applicationPoolDefaults');
    expect(attr(add, 'name')).toMatchObject({ required: true, isUniqueKey: true });
    const defaults = el(ap, 'applicationPoolDefaults');
    for (const pool of [add, defaults]) {
      expect(attr(pool, 'queueLength')).toMatchObject({ type: 'uint', defaultValue: '1000' });
      expect(attr(pool, 'autoStart').defaultValue).toBe('true');
      expect(attr(pool, 'enable32BitAppOnWin64').defaultValue).toBe('false');
      for (const name of ['managedRuntimeVersion', 'managedRuntimeLoader', 'CLRConfigFile']) {
        expect(attr(pool, name).type, name).toBe('string');
      }
      expect(attr(pool, 'enableConfigurationOverride').defaultValue).toBe('true');
      expect(attr(pool, 'passAnonymousToken').defaultValue).toBe('true');
      expect(enums(attr(pool, 'managedPipelineMode'))).toEqual(['Integrated=0', 'Classic=1']);
      expect(enums(attr(pool, 'startMode'))).toEqual(['OnDemand=0', 'AlwaysRunning=1']);

      const pm = el(pool, 'processModel');
      expect(enums(attr(pm, 'identityType'))).toEqual([
        'LocalSystem=0',
        'LocalService=1',
        'NetworkService=2',
        'SpecificUser=3',
        'ApplicationPoolIdentity=4',
      ]);
      expect(attr(pm, 'identityType').defaultValue).toBe('ApplicationPoolIdentity');
      expect(attr(pm, 'password')).toMatchObject({ encrypted: true, caseSensitive: true });
      expect(attr(pm, 'idleTimeout')).toMatchObject({
        type: 'timeSpan',
        defaultValue: '00:20:00',
        validationType: 'timeSpanRange',
        validationParameter: '0,2592000,60',
      });
      expect(attr(pm, 'idleTimeout').timeSpanFormat).toBeUndefined();
      expect(enums(attr(pm, 'idleTimeoutAction'))).toEqual(['Terminate=0', 'Suspend=1']);
      expect(attr(pm, 'maxProcesses')).toMatchObject({ type: 'uint', defaultValue: '1' });
      for (const name of ['shutdownTimeLimit', 'startupTimeLimit', 'pingInterval', 'pingResponseTime']) {
        expect(attr(pm, name).type, name).toBe('timeSpan');
      }
      for (const name of [
        'loadUserProfile',
        'setProfileEnvironment',
        'manualGroupMembership',
        'pingingEnabled',
      ]) {
        expect(attr(pm, name).type, name).toBe('bool');
      }
      expect(enums(attr(pm, 'logonType'))).toEqual(['LogonBatch=0', 'LogonService=1']);

      const recycling = el(pool, 'recycling');
      expect(attr(recycling, 'disallowOverlappingRotation').defaultValue).toBe('false');
      expect(attr(recycling, 'logEventOnRecycle').type).toBe('flags');
      const restart = el(recycling, 'periodicRestart');
      expect(attr(restart, 'time')).toMatchObject({ type: 'timeSpan', defaultValue: '1.05:00:00' });
      for (const name of ['memory', 'privateMemory', 'requests']) {
        expect(attr(restart, name)).toMatchObject({ type: 'uint', defaultValue: '0' });
      }
      const schedule = coll(el(restart, 'schedule'));
      expect(schedule.addElementNames).toEqual(['add']);
      expect(attr(schedule, 'value')).toMatchObject({ type: 'timeSpan', isUniqueKey: true });

      expect(attr(el(pool, 'failure'), 'rapidFailProtection').defaultValue).toBe('true');
      const cpu = el(pool, 'cpu');
      expect(attr(cpu, 'limit').type).toBe('uint');
      expect(enums(attr(cpu, 'action'))).toEqual([
        'NoAction=0',
        'KillW3wp=1',
        'Throttle=2',
        'ThrottleUnderLoad=3',
      ]);
      expect(attr(cpu, 'resetInterval').type).toBe('timeSpan');
    }
    // applicationPoolDefaults has the same attributes and children as an <add>.
    expect(defaults.attributes.map((a) => a.name)).toEqual(add.attributes.map((a) => a.name));
    expect(defaults.elements.map((e) => e.name)).toEqual(add.elements.map((e) => e.name));
    expect(attr(defaults, 'name').required).toBeUndefined();
  });

  it('sites: sites keyed by name (id unique too), bindings, applications and virtual directories', () => {
    const sites = section('system.applicationHost/sites');
    const site = coll(sites);
    expect(site.addElementNames).toEqual(['site']);
    expect(site.defaultElement).toBe('siteDefaults');
    expect(attr(site, 'name')).toMatchObject({ required: true, isUniqueKey: true });
    expect(attr(site, 'id')).toMatchObject({ type: 'uint', required: true, isUniqueKey: true });
    expect(attr(site, 'serverAutoStart').defaultValue).toBe('true');
    const bindings = coll(el(site, 'bindings'));
    expect(directives(bindings)).toEqual(['binding', undefined, 'clear']);
    expect(attr(bindings, 'protocol')).toMatchObject({ required: true, isCombinedKey: true });
    expect(attr(bindings, 'bindingInformation')).toMatchObject({ required: true, isCombinedKey: true });
    for (const name of [
      'limits',
      'logFile',
      'traceFailedRequestsLogging',
      'applicationDefaults',
      'virtualDirectoryDefaults',
    ]) {
      expect(
        site.elements.some((e) => e.name === name),
        name,
      ).toBe(true);
    }
    expect(enums(attr(el(site, 'logFile'), 'logFormat'))).toEqual(['IIS=0', 'NCSA=1', 'W3C=2', 'Custom=3']);
    for (const name of ['siteDefaults', 'applicationDefaults', 'virtualDirectoryDefaults']) {
      expect(
        sites.elements.some((e) => e.name === name),
        name,
      ).toBe(true);
    }

    const app = coll(site);
    expect(app.addElementNames).toEqual(['application']);
    expect(app.defaultElement).toBe('applicationDefaults');
    expect(attr(app, 'path')).toMatchObject({ required: true, isUniqueKey: true });
    expect(attr(app, 'applicationPool').type).toBe('string');
    expect(attr(app, 'enabledProtocols').defaultValue).toBe('http');
    expect(attr(app, 'preloadEnabled').defaultValue).toBe('false');
    expect(attr(app, 'serviceAutoStartEnabled').defaultValue).toBe('false');

    const vdir = coll(app);
    expect(vdir.addElementNames).toEqual(['virtualDirectory']);
    expect(attr(vdir, 'path').isUniqueKey).toBe(true);
    expect(attr(vdir, 'physicalPath').expanded).toBe(true);
    expect(attr(vdir, 'userName').type).toBe('string');
    expect(attr(vdir, 'password')).toMatchObject({ encrypted: true, caseSensitive: true });
    expect(enums(attr(vdir, 'logonMethod'))).toEqual([
      'Interactive=0',
      'Batch=1',
      'Network=2',
      'ClearText=3',
    ]);
    expect(attr(vdir, 'allowSubDirConfig').defaultValue).toBe('true');
    const vdirDefaults = el(sites, 'virtualDirectoryDefaults');
    expect(attr(vdirDefaults, 'password').encrypted).toBe(true);
  });
});

describe('appSettings and connectionStrings', () => {
  it('are collections keyed by key / name', () => {
    const app = coll(section('appSettings'));
    expect(directives(app)).toEqual(['add', 'remove', 'clear']);
    expect(attr(app, 'key')).toMatchObject({ required: true, isUniqueKey: true });
    expect(attr(app, 'value').type).toBe('string');
    expect(section('appSettings').attribute('file')?.type).toBe('string');
    const cs = coll(section('connectionStrings'));
    expect(directives(cs)).toEqual(['add', 'remove', 'clear']);
    expect(attr(cs, 'name')).toMatchObject({ required: true, isUniqueKey: true });
    expect(attr(cs, 'connectionString').required).toBe(true);
    expect(attr(cs, 'providerName').defaultValue).toBe('System.Data.SqlClient');
  });
});

describe('built-in section declarations (schema/declarations.json)', () => {
  const decl = (name: string) => findSectionDeclaration([], name);

  it('declare every section of the built-in schema, as IIS and .NET declare them', () => {
    const builtin = builtinSectionDeclarations();
    for (const s of set.sections) expect(builtin.has(s.name), s.name).toBe(true);
    for (const name of APP_HOST) {
      expect(decl(name)).toEqual({ name, allowDefinition: 'AppHostOnly', overrideModeDefault: 'Deny' });
    }
    for (const name of [
      'system.webServer/handlers',
      'system.webServer/httpLogging',
      'system.webServer/security/access',
      'system.webServer/security/ipSecurity',
      'system.webServer/security/authentication/anonymousAuthentication',
      'system.webServer/security/authentication/basicAuthentication',
      'system.webServer/security/authentication/windowsAuthentication',
      'system.webServer/security/authentication/digestAuthentication',
    ]) {
      expect(decl(name), name).toEqual({ name, allowDefinition: 'Everywhere', overrideModeDefault: 'Deny' });
    }
    expect(decl('system.webServer/modules')).toMatchObject({
      allowDefinition: 'MachineToApplication',
      overrideModeDefault: 'Deny',
    });
    for (const name of [
      'system.webServer/defaultDocument',
      'system.webServer/directoryBrowse',
      'system.webServer/httpErrors',
      'system.webServer/urlCompression',
      'system.webServer/staticContent',
      'system.webServer/security/requestFiltering',
      'system.web/httpCookies',
      'system.web/compilation',
      'system.web/customErrors',
      'system.web/sessionPageState',
      'appSettings',
      'connectionStrings',
    ]) {
      expect(decl(name), name).toEqual({ name, allowDefinition: 'Everywhere', overrideModeDefault: 'Allow' });
    }
    for (const name of ['system.web/machineKey', 'system.web/sessionState']) {
      expect(decl(name), name).toEqual({
        name,
        allowDefinition: 'MachineToApplication',
        overrideModeDefault: 'Allow',
      });
    }
    // A section nobody declares: Everywhere / Allow.
    expect(decl('my.company/settings')).toEqual({
      name: 'my.company/settings',
      allowDefinition: 'Everywhere',
      overrideModeDefault: 'Allow',
    });
  });

  it('refuses a broken declarations text', () => {
    expect(() => readBuiltinDeclarations('{}')).toThrow(/no "sections" object/);
    expect(() =>
      readBuiltinDeclarations(
        '{"sections":{"a":{"allowDefinition":"Anywhere","overrideModeDefault":"Allow"}}}',
      ),
    ).toThrow("The built-in declaration of section 'a' is not valid.");
    expect(() =>
      readBuiltinDeclarations(
        '{"sections":{"a":{"allowDefinition":"Everywhere","overrideModeDefault":"deny"}}}',
      ),
    ).toThrow("The built-in declaration of section 'a' is not valid.");
  });
});

// ---------------------------------------------------------------------------------------------------
// Cross-check against IIS's own schema files (the corpus's copy of %windir%\System32\inetsrv\config\schema).

const REAL_SCHEMA_DIR = CORPUS_DIR === undefined ? undefined : join(CORPUS_DIR, 'schema');
const hasRealSchema = REAL_SCHEMA_DIR !== undefined && existsSync(REAL_SCHEMA_DIR);

/** Sections IIS ships in FX_schema.xml, which the corpus does not hold. */
const NOT_IN_IIS_SCHEMA_FILES = new Set(FX);

/** Where we differ from IIS's files on purpose (path → the reason). */
const DELIBERATE: Record<string, string> = {
  'system.web/httpCookies@sameSite':
    'ASP.NET 4.7.2+ runtime attribute; IIS never added it to ASPNET_schema.xml',
  'system.web/machineKey@validation:default':
    'ASP.NET 4.x default HMACSHA256; IIS’s ASPNET_schema.xml keeps the 2.0 default SHA1',
};

/** A default value in comparable form: booleans lower-case, flags as bits, time spans in seconds. */
function comparableDefault(a: AttributeSchema): string | undefined {
  const raw = a.defaultValue;
  if (raw === undefined) return undefined;
  const t = raw.trim();
  switch (a.type) {
    case 'bool':
      return t.toLowerCase();
    case 'flags': {
      let bits = 0;
      for (const part of t.split(',').map((p) => p.trim())) {
        const v = a.enumValues?.find((e) => e.name.toLowerCase() === part.toLowerCase());
        bits |= v ? v.value : Number(part);
      }
      return String(bits);
    }
    case 'timeSpan': {
      const unit = a.timeSpanFormat === 'minutes' ? 60 : 1;
      if (/^-?\d+$/.test(t)) return String(Number(t) * unit);
      const m = /^(?:(\d+)\.)?(\d+):(\d+)(?::(\d+))?$/.exec(t);
      if (!m) return t;
      return String(Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0));
    }
    default:
      return t;
  }
}

/** Differences of `ours` from `real` (attributes we define, recursively through elements and collections). */
function differences(
  path: string,
  ours: ElementSchema | CollectionSchema,
  real: ElementSchema | CollectionSchema,
) {
  const out: string[] = [];
  for (const a of ours.attributes) {
    const at = `${path}@${a.name}`;
    const r = real.attributes.find((x) => x.name === a.name);
    if (!r) {
      if (!DELIBERATE[at]) out.push(`${at}: not in IIS's schema`);
      continue;
    }
    if (a.type !== r.type) out.push(`${at}: type ${a.type}, IIS ${r.type}`);
    if (JSON.stringify(enums(a)) !== JSON.stringify(enums(r)))
      out.push(`${at}: values ${enums(a)?.join(' ')}, IIS ${enums(r)?.join(' ')}`);
    for (const flag of ['required', 'isUniqueKey', 'isCombinedKey', 'encrypted', 'caseSensitive'] as const) {
      if ((a[flag] ?? false) !== (r[flag] ?? false)) out.push(`${at}: ${flag} ${a[flag]}, IIS ${r[flag]}`);
    }
    if (comparableDefault(a) !== comparableDefault(r) && !DELIBERATE[`${at}:default`])
      out.push(`${at}: default ${a.defaultValue}, IIS ${r.defaultValue}`);
  }
  for (const e of ours.elements) {
    const r = real.elements.find((x) => x.name === e.name);
    if (!r) out.push(`${path}/${e.name}: no such element in IIS's schema`);
    else out.push(...differences(`${path}/${e.name}`, e, r));
  }
  if (ours.collection) {
    const c = ours.collection;
    const r = real.collection;
    const at = `${path}[${c.addElement}]`;
    if (!r) out.push(`${at}: no collection in IIS's schema`);
    else {
      if (JSON.stringify(directives(c)) !== JSON.stringify(directives(r)))
        out.push(`${at}: ${directives(c).join(' ')}, IIS ${directives(r).join(' ')}`);
      if (c.mergeAppend !== r.mergeAppend)
        out.push(`${at}: mergeAppend ${c.mergeAppend}, IIS ${r.mergeAppend}`);
      out.push(...differences(at, c, r));
    }
  }
  return out;
}

describe('cross-check with IIS’s own schema files', () => {
  it.skipIf(!hasRealSchema)(
    'IIS’s files define every section we define, with the attributes we define',
    () => {
      const real = SchemaSet.loadSync([REAL_SCHEMA_DIR!]);
      expect(real.problems).toEqual([]);
      const found: string[] = [];
      for (const ours of set.sections) {
        const theirs = real.section(ours.name);
        if (NOT_IN_IIS_SCHEMA_FILES.has(ours.name)) continue;
        expect(theirs?.builtin, `${ours.name} is not in IIS's schema files`).toBe(false);
        found.push(...differences(ours.name, ours, theirs!));
      }
      expect(found).toEqual([]);
    },
  );
});
