import { isAbsolute, join } from 'node:path';
import type { ApplyResult, ServerTree, SessionStateView } from '@iis-console/config';
import {
  APPHOST,
  ConfigError,
  ConfigFileError,
  ConfigEngine,
  ConfigurationSystem,
  FileAccessError,
  InvalidSitePathError,
  SessionStateFeature,
  SystemDriveRoot,
  ValidationError,
  sitePathFromConfigPath,
} from '@iis-console/config';
import type { CommitTarget, SessionStateInput } from '@iis-console/config';
import { APP_USAGE, APPPOOL_USAGE, CONFIG_USAGE, GENERAL_USAGE, SITE_USAGE, VDIR_USAGE } from './helpText.js';
import { addAppPool, deleteAppPool, listAppPools, setAppPool } from './apppool.js';
import {
  addApp,
  addSite,
  addVdir,
  deleteSite,
  setOrDeleteApp,
  setOrDeleteVdir,
  setSite,
} from './siteObjects.js';
import {
  PropertySyntaxError,
  parseSectionChange,
  renderSectionAppcmdXml,
  renderSectionText,
  renderSectionXml,
  resolveSectionName,
} from './sectionConfig.js';
import type { ParsedCommand } from './parseArgs.js';
import { GENERAL_PARAMETERS, generalParam, parseArgs } from './parseArgs.js';

export interface AppcmdIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Exit codes are Win32 error codes, as IIS's appcmd returns them (docs/appcmd.md §5.4). */
export const EXIT = {
  OK: 0,
  HELP: 1,
  NO_MATCH: 1,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  INVALID_DATA: 13,
  WRITE_FAULT: 29,
  SHARING_VIOLATION: 32,
  INVALID_PARAMETER: 87,
  DISK_FULL: 112,
  ALREADY_EXISTS: 183,
  NOT_FOUND: 1168,
} as const;

/** The HRESULT appcmd prints for a Win32 error code (`HRESULT_FROM_WIN32`). */
function hresultOf(win32: number): string {
  return (0x80070000 + (win32 & 0xffff)).toString(16);
}

const SECTIONS = {
  'system.web/sessionstate': 'system.web/sessionState',
  sessionstate: 'system.web/sessionState',
  'system.web/sessionpagestate': 'system.web/sessionPageState',
  sessionpagestate: 'system.web/sessionPageState',
} as const;
type SectionName = (typeof SECTIONS)[keyof typeof SECTIONS];
const ALL_SECTIONS: SectionName[] = ['system.web/sessionState', 'system.web/sessionPageState'];

class AppcmdExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Runs one appcmd command line against a system drive root; returns the exit code. */
export function runAppcmd(argv: readonly string[], options: { root: string; io: AppcmdIo }): number {
  const { io } = options;
  const cmd = parseArgs(argv);
  try {
    if (!cmd.verb) {
      io.stdout(GENERAL_USAGE);
      return cmd.help ? EXIT.HELP : EXIT.INVALID_PARAMETER;
    }
    // `appcmd site /?` and `appcmd /?` forms.
    const object =
      cmd.object ?? (['config', 'site', 'app', 'vdir', 'apppool'].includes(cmd.verb) ? cmd.verb : undefined);
    if (cmd.help) {
      io.stdout(usageOf(object));
      return EXIT.HELP;
    }
    if (!cmd.object) {
      if (object) {
        io.stdout(usageOf(object));
        return EXIT.INVALID_PARAMETER;
      }
      io.stdout(GENERAL_USAGE);
      return EXIT.INVALID_PARAMETER;
    }
    const system = new ConfigurationSystem(options.root);
    switch (cmd.object) {
      case 'config':
        return runConfig(cmd, system, io);
      case 'apppool':
      case 'apppools':
        return runAppPool(cmd, system, io);
      case 'site':
      case 'sites':
      case 'app':
      case 'apps':
      case 'vdir':
      case 'vdirs': {
        const object = cmd.object.replace(/s$/, '') as 'site' | 'app' | 'vdir';
        if (cmd.verb === 'list') return listTreeObjects({ ...cmd, object }, system.serverTree(), io);
        if (cmd.verb === 'add' || cmd.verb === 'set' || cmd.verb === 'delete')
          return runSiteObject(cmd, object, cmd.verb, system, io);
        io.stderr(
          `Command '${cmd.verb.toUpperCase()}' is not supported on object '${object.toUpperCase()}'. Run 'appcmd.exe ${object.toUpperCase()} /?'\nto display supported commands.\n`,
        );
        return EXIT.INVALID_PARAMETER;
      }
      default:
        io.stderr(
          `Object '${cmd.object.toUpperCase()}' is not supported.  Run 'appcmd.exe /?' to display supported objects.\n`,
        );
        return EXIT.INVALID_PARAMETER;
    }
  } catch (e) {
    if (e instanceof AppcmdExit) return e.code;
    return reportError(e, options.root, io);
  }
}

function usageOf(object: string | undefined): string {
  switch (object) {
    case 'config':
      return CONFIG_USAGE;
    case 'site':
      return SITE_USAGE;
    case 'app':
      return APP_USAGE;
    case 'vdir':
      return VDIR_USAGE;
    case 'apppool':
      return APPPOOL_USAGE;
    default:
      return GENERAL_USAGE;
  }
}

function fail(io: AppcmdIo, message: string, code: number): never {
  io.stderr(`ERROR ( message:${message} )\n`);
  throw new AppcmdExit(code);
}

function sectionsOf(cmd: ParsedCommand, io: AppcmdIo, required: boolean): SectionName[] {
  const p = generalParam(cmd, 'section');
  if (!p.present) {
    if (required) fail(io, 'Must specify the section with /section:<name>.', EXIT.INVALID_PARAMETER);
    return ALL_SECTIONS;
  }
  if (p.value === '?') {
    io.stdout(ALL_SECTIONS.join('\n') + '\n');
    throw new AppcmdExit(EXIT.OK);
  }
  const name = SECTIONS[(p.value ?? '').toLowerCase() as keyof typeof SECTIONS];
  if (!name)
    fail(io, `Unknown config section "${p.value ?? ''}".  Replace with ? for help.`, EXIT.INVALID_PARAMETER);
  return [name];
}

/** The identifier as a level: a site path, a config path or a URL. `MACHINE/WEBROOT` implies /commit:WEBROOT. */
function levelOf(cmd: ParsedCommand, tree: ServerTree): { sitePath: string; impliedCommit?: CommitTarget } {
  const id = cmd.identifier ?? '';
  if (/^MACHINE\/WEBROOT\/?$/i.test(id.replace(/\\/g, '/')))
    return { sitePath: '', impliedCommit: 'WEBROOT' };
  const url = /^https?:\/\/([^/:]+)(?::(\d+))?(\/.*)?$/i.exec(id);
  if (url) {
    const [, host = '', port = id.toLowerCase().startsWith('https') ? '443' : '80', path = '/'] = url;
    const site = tree.sites.find((s) =>
      s.bindings.some((b) => {
        const [, bPort = '', bHost = ''] = b.bindingInformation.split(':');
        return bPort === port && (bHost === '' || bHost.toLowerCase() === host.toLowerCase());
      }),
    );
    return { sitePath: site ? `${site.name}${path}` : `${host}${path}` };
  }
  return { sitePath: sitePathFromConfigPath(id) };
}

function commitOf(cmd: ParsedCommand, io: AppcmdIo, implied?: CommitTarget): CommitTarget {
  const p = generalParam(cmd, 'commit');
  if (!p.present) return implied ?? 'default';
  const v = (p.value ?? '').toUpperCase();
  if (v === 'WEBROOT' || v === 'APPHOST' || v === 'SITE' || v === 'APP') return v;
  if (v === 'MACHINE/WEBROOT') return 'WEBROOT';
  if (v === 'MACHINE/WEBROOT/APPHOST') return 'APPHOST';
  return fail(
    io,
    `The /commit value "${p.value ?? ''}" is not supported. Use WEBROOT, APPHOST, SITE or APP.`,
    EXIT.INVALID_PARAMETER,
  );
}

function runConfig(cmd: ParsedCommand, system: ConfigurationSystem, io: AppcmdIo): number {
  const feature = new SessionStateFeature(system);
  const level = levelOf(cmd, system.serverTree());
  // Any section other than Session State's two goes through the configuration engine.
  const sectionParam = generalParam(cmd, 'section');
  const names = system.schema().sections.map((s) => s.name);
  if (sectionParam.present && sectionParam.value === '?') {
    io.stdout([...names].sort().join('\n') + '\n');
    return EXIT.OK;
  }
  if (sectionParam.present || cmd.verb === 'lock' || cmd.verb === 'unlock') {
    if (!sectionParam.present)
      fail(io, 'Must specify the section with /section:<name>.', EXIT.INVALID_PARAMETER);
    const name = resolveSectionName(names, sectionParam.value ?? '');
    if (!name)
      fail(
        io,
        `Unknown config section "${sectionParam.value ?? ''}".  Replace with ? for help.`,
        EXIT.INVALID_PARAMETER,
      );
    if (!(ALL_SECTIONS as string[]).includes(name) || cmd.verb === 'lock' || cmd.verb === 'unlock')
      return runSectionConfig(cmd, system, name, level, io);
  }
  switch (cmd.verb) {
    case 'list':
      return listConfig(cmd, feature, level.sitePath, io);
    case 'set':
    case 'clear': {
      const [section] = sectionsOf(cmd, io, true) as [SectionName];
      const commit = commitOf(cmd, io, level.impliedCommit);
      const view = feature.read(level.sitePath, { client: 'appcmd', commit });
      const input: SessionStateInput = {};
      const attrs = cmd.params.filter((p) => p.escaped || !GENERAL_PARAMETERS.has(p.name.toLowerCase()));
      for (const p of attrs) {
        const known = Object.entries(view.attributes).find(
          ([name, a]) => name.toLowerCase() === p.name.toLowerCase() && a.section === section,
        );
        if (!known) fail(io, `Unknown attribute "${p.name}".  Replace with -? for help.`, EXIT.INVALID_DATA);
        input[known[0]] = cmd.verb === 'clear' ? null : (p.value ?? '');
      }
      if (cmd.verb === 'clear' && attrs.length === 0) {
        for (const [name, a] of Object.entries(view.attributes))
          if (a.section === section && a.local) input[name] = null;
      }
      if (cmd.verb === 'set' && attrs.length === 0) {
        fail(io, 'Must specify at least one attribute to set, e.g. /mode:InProc.', EXIT.INVALID_PARAMETER);
      }
      const result = feature.apply(level.sitePath, input, { client: 'appcmd', commit });
      printApplied(io, section, result);
      return EXIT.OK;
    }
    default:
      io.stderr(
        `Command '${(cmd.verb ?? '').toUpperCase()}' is not supported on object 'CONFIG'. Run 'appcmd.exe CONFIG /?'\nto display supported commands.\n`,
      );
      return EXIT.INVALID_PARAMETER;
  }
}

/** add / set / delete site, app and vdir (docs/appcmd.md). */
function runSiteObject(
  cmd: ParsedCommand,
  object: 'site' | 'app' | 'vdir',
  verb: 'add' | 'set' | 'delete',
  system: ConfigurationSystem,
  io: AppcmdIo,
): number {
  const engine = new ConfigEngine(system);
  const params = cmd.params.filter((p) => p.escaped || !GENERAL_PARAMETERS.has(p.name.toLowerCase()));
  const idParam = `${object}.name`;
  const identifier = cmd.identifier ?? generalParamValue(cmd, idParam);
  if (verb === 'add') {
    if (object === 'site') return addSite(engine, params, io);
    if (object === 'app') return addApp(engine, params, io);
    return addVdir(engine, params, io);
  }
  if (!identifier)
    fail(io, `Must specify the ${object.toUpperCase()} object with identifier.`, EXIT.INVALID_PARAMETER);
  const rest = params.filter((p) => p.name.toLowerCase() !== idParam);
  if (verb === 'set' && rest.length === 0)
    fail(io, 'Must specify at least one property to set.', EXIT.INVALID_PARAMETER);
  if (object === 'site')
    return verb === 'set' ? setSite(engine, identifier, rest, io) : deleteSite(engine, identifier, io);
  if (object === 'app') return setOrDeleteApp(engine, verb, identifier, rest, io);
  return setOrDeleteVdir(engine, verb, identifier, rest, io);
}

/** list / add / set / delete apppool (docs/appcmd.md). */
function runAppPool(cmd: ParsedCommand, system: ConfigurationSystem, io: AppcmdIo): number {
  const engine = new ConfigEngine(system);
  const params = cmd.params.filter((p) => p.escaped || !GENERAL_PARAMETERS.has(p.name.toLowerCase()));
  const name = cmd.identifier ?? generalParamValue(cmd, 'apppool.name');
  switch (cmd.verb) {
    case 'list':
      return listAppPools(engine, name, io);
    case 'add':
      return addAppPool(engine, params, io);
    case 'set':
    case 'delete': {
      if (!name) fail(io, 'Must specify the APPPOOL object with identifier.', EXIT.INVALID_PARAMETER);
      const rest = params.filter((p) => p.name.toLowerCase() !== 'apppool.name');
      return cmd.verb === 'set' ? setAppPool(engine, name, rest, io) : deleteAppPool(engine, name, io);
    }
    default:
      io.stderr(
        `Command '${(cmd.verb ?? '').toUpperCase()}' is not supported on object 'APPPOOL'. Run 'appcmd.exe APPPOOL /?'\nto display supported commands.\n`,
      );
      return EXIT.INVALID_PARAMETER;
  }
}

/** list / set / clear / lock / unlock config for a section of the engine. */
function runSectionConfig(
  cmd: ParsedCommand,
  system: ConfigurationSystem,
  section: string,
  level: { sitePath: string; impliedCommit?: CommitTarget },
  io: AppcmdIo,
): number {
  const engine = new ConfigEngine(system);
  const commit = commitOf(cmd, io, level.impliedCommit);
  const commitOption = commit === 'default' ? undefined : commit;
  switch (cmd.verb) {
    case 'list': {
      const view = engine.getSection(section, level.sitePath, { client: 'appcmd', commit: commitOption });
      if (view.errors.length > 0) {
        const e = view.errors[0]!;
        throw new ConfigFileError(e.file, e.line, e.column, e.message);
      }
      const all = generalParam(cmd, 'config').value === '*';
      const text = generalParam(cmd, 'text');
      if (generalParam(cmd, 'xml').present) io.stdout(renderSectionAppcmdXml(view, all));
      else if (text.present && text.value === '*') io.stdout(renderSectionText(view));
      else if (text.present && text.value) {
        const a = Object.values(view.attributes).find(
          (x) => x.name.toLowerCase() === text.value!.toLowerCase(),
        );
        if (a) io.stdout(`${a.stored ?? a.value}\n`);
      } else io.stdout(renderSectionXml(view, all));
      return EXIT.OK;
    }
    case 'set':
    case 'clear': {
      const params = cmd.params.filter((p) => p.escaped || !GENERAL_PARAMETERS.has(p.name.toLowerCase()));
      if (cmd.verb === 'set' && params.length === 0)
        fail(io, 'Must specify at least one attribute to set, e.g. /enabled:true.', EXIT.INVALID_PARAMETER);
      let change;
      try {
        change =
          cmd.verb === 'clear' && params.length === 0
            ? { revertToParent: true }
            : parseSectionChange(params, cmd.verb);
      } catch (e) {
        if (e instanceof PropertySyntaxError) fail(io, e.message, EXIT.INVALID_PARAMETER);
        throw e;
      }
      const result = engine.apply(
        section,
        level.sitePath,
        { ...change, commit: commitOption },
        { client: 'appcmd' },
      );
      io.stdout(
        `Applied configuration changes to section "${section}" for "${result.configPath}" at configuration commit path "${result.commitPath}"\n`,
      );
      return EXIT.OK;
    }
    case 'lock':
    case 'unlock': {
      const result = engine.setOverrideMode(section, level.sitePath, cmd.verb === 'lock' ? 'Deny' : 'Allow');
      io.stdout(
        `${cmd.verb === 'lock' ? 'Locked' : 'Unlocked'} section "${section}" at configuration path "${result.configPath}".\n`,
      );
      return EXIT.OK;
    }
    default:
      io.stderr(
        `Command '${(cmd.verb ?? '').toUpperCase()}' is not supported on object 'CONFIG'. Run 'appcmd.exe CONFIG /?'\nto display supported commands.\n`,
      );
      return EXIT.INVALID_PARAMETER;
  }
}

function printApplied(io: AppcmdIo, section: SectionName, result: ApplyResult): void {
  io.stdout(
    `Applied configuration changes to section "${section}" for "${result.configPath}" at configuration commit path "${result.commitPath}"\n`,
  );
  if (result.commitPath === APPHOST) {
    io.stderr(
      `WARNING: ${section} was written to applicationHost.config (MACHINE/WEBROOT/APPHOST). ASP.NET reads system.web settings only from machine.config and web.config files, so running applications will not see this change. Use /commit:WEBROOT to write the root web.config instead.\n`,
    );
  }
}

function escapeXml(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

function attributesFor(view: SessionStateView, section: SectionName, all: boolean): Array<[string, string]> {
  return Object.entries(view.attributes)
    .filter(([, a]) => a.section === section && (all || a.origin !== 'default'))
    .map(([name, a]) => [name, a.stored ?? a.value]);
}

function listConfig(
  cmd: ParsedCommand,
  feature: SessionStateFeature,
  sitePath: string,
  io: AppcmdIo,
): number {
  const sections = sectionsOf(cmd, io, false);
  const view = feature.read(sitePath, { client: 'appcmd' });
  if (view.errors.length > 0) {
    const e = view.errors[0]!;
    throw new ConfigFileError(e.file, e.line, e.column, e.message);
  }
  const all = generalParam(cmd, 'config').value === '*';
  const text = generalParam(cmd, 'text');
  const locked = view.sectionLocked ? 'true' : 'false';
  if (generalParam(cmd, 'xml').present) {
    let out = '<?xml version="1.0" encoding="UTF-8"?>\n<appcmd>\n';
    for (const s of sections) {
      const attrs = attributesFor(view, s, all)
        .map(([n, v]) => ` ${n}="${escapeXml(v)}"`)
        .join('');
      out += `    <CONFIG CONFIG.SECTION="${s}" path="${view.configPath}" overrideMode="Inherit" locked="${locked}">\n`;
      out += `        <${s.replace('/', '-')}${attrs} />\n    </CONFIG>\n`;
    }
    io.stdout(out + '</appcmd>\n');
    return EXIT.OK;
  }
  if (text.present && text.value !== undefined && text.value !== '*') {
    const name = text.value.toLowerCase();
    for (const s of sections) {
      const found = Object.entries(view.attributes).find(
        ([n, a]) => a.section === s && n.toLowerCase() === name,
      );
      if (found) io.stdout(`${found[1].stored ?? found[1].value}\n`);
    }
    return EXIT.OK;
  }
  if (text.present && text.value === '*') {
    for (const s of sections) {
      let out = `CONFIG\n  CONFIG.SECTION:"${s}"\n  path:"${view.configPath}"\n  overrideMode:"Inherit"\n  locked:"${locked}"\n  [${s}]\n`;
      for (const [n, v] of attributesFor(view, s, true)) out += `    ${n}:"${v}"\n`;
      io.stdout(out);
    }
    return EXIT.OK;
  }
  let out = '<system.web>\n';
  for (const s of sections) {
    const element = s.split('/')[1]!;
    const attrs = attributesFor(view, s, all)
      .map(([n, v]) => ` ${n}="${escapeXml(v)}"`)
      .join('');
    if (s === 'system.web/sessionState' && view.providers.length > 0) {
      out += `  <${element}${attrs}>\n    <providers>\n`;
      for (const p of view.providers)
        out += `      <add name="${escapeXml(p.name)}" type="${escapeXml(p.type)}" />\n`;
      out += `    </providers>\n  </${element}>\n`;
    } else out += `  <${element}${attrs} />\n`;
  }
  io.stdout(out + '</system.web>\n');
  return EXIT.OK;
}

/** Attributes of the site element reachable through /text:<attr>, but not part of the SITE object's XML. */
const SITE_ELEMENT_ATTRIBUTES = new Set(['name', 'id', 'serverAutoStart']);

function listTreeObjects(cmd: ParsedCommand, tree: ServerTree, io: AppcmdIo): number {
  const rows: Array<{ id: string; props: Array<[string, string]> }> = [];
  const siteFilter = generalParamValue(cmd, 'site.name');
  for (const site of tree.sites) {
    if (siteFilter && site.name.toLowerCase() !== siteFilter.toLowerCase()) continue;
    if (cmd.object === 'site') {
      rows.push({
        id: site.name,
        props: [
          ['SITE.NAME', site.name],
          ['SITE.ID', site.id],
          // The site element's own attributes, as appcmd offers them to /text:<attr>.
          ['name', site.name],
          ['id', site.id],
          ['serverAutoStart', String(site.serverAutoStart)],
          ['bindings', site.bindings.map((b) => `${b.protocol}/${b.bindingInformation}`).join(',')],
          ['state', 'Unknown'],
        ],
      });
      continue;
    }
    for (const app of site.applications) {
      const appName = `${site.name}${app.path}`;
      if (cmd.object === 'app') {
        rows.push({
          id: appName,
          props: [
            ['APP.NAME', appName],
            ['APPPOOL.NAME', app.applicationPool],
            ['SITE.NAME', site.name],
            ['path', app.path],
            ['applicationPool', app.applicationPool],
          ],
        });
        continue;
      }
      for (const vdir of app.virtualDirectories) {
        const vdirName = `${site.name}${app.path === '/' ? '' : app.path}${vdir.path}`;
        rows.push({
          id: vdirName,
          props: [
            ['VDIR.NAME', vdirName],
            ['APP.NAME', appName],
            ['path', vdir.path],
            ['physicalPath', vdir.physicalPath],
          ],
        });
      }
    }
  }
  const identifier = cmd.identifier?.replace(/\\/g, '/');
  const matching = identifier
    ? rows.filter((r) => {
        const a = r.id.toLowerCase().replace(/\/$/, '');
        const b = identifier.toLowerCase().replace(/\/$/, '');
        return a === b;
      })
    : rows;
  if (matching.length === 0) return EXIT.NO_MATCH;
  const kind = cmd.object!.toUpperCase();
  const text = generalParam(cmd, 'text');
  if (generalParam(cmd, 'xml').present) {
    let out = '<?xml version="1.0" encoding="UTF-8"?>\n<appcmd>\n';
    for (const r of matching) {
      const shown = r.props.filter(([k]) => !(kind === 'SITE' && SITE_ELEMENT_ATTRIBUTES.has(k)));
      out += `    <${kind} ${shown.map(([k, v]) => `${k}="${escapeXml(v)}"`).join(' ')} />\n`;
    }
    io.stdout(out + '</appcmd>\n');
    return EXIT.OK;
  }
  if (text.present && text.value && text.value !== '*') {
    const key = text.value.toLowerCase();
    for (const r of matching) {
      const p = r.props.find(([k]) => k.toLowerCase() === key);
      if (p) io.stdout(`${p[1]}\n`);
    }
    return EXIT.OK;
  }
  // IIS's summary line: `SITE "Default Web Site" (id:1,bindings:http/*:80:,state:Started)`.
  const summary: Record<string, string[]> = {
    SITE: ['SITE.ID', 'bindings', 'state'],
    APP: ['applicationPool'],
    VDIR: ['physicalPath'],
  };
  for (const r of matching) {
    const shown = (summary[kind] ?? []).map((k) => {
      const v = r.props.find(([n]) => n === k)?.[1] ?? '';
      return `${k === 'SITE.ID' ? 'id' : k}:${v}`;
    });
    io.stdout(`${kind} "${r.id}" (${shown.join(',')})\n`);
  }
  return EXIT.OK;
}

function generalParamValue(cmd: ParsedCommand, name: string): string | undefined {
  return cmd.params.find((p) => p.name.toLowerCase() === name)?.value;
}

function reportError(e: unknown, root: string, io: AppcmdIo): number {
  if (e instanceof ConfigFileError) {
    const reason = e.reason.replace(/\.$/, '');
    io.stderr(
      `ERROR ( message:Configuration error\nFilename: ${windowsPath(root, e.file)}\nLine Number: ${e.line}\nDescription: ${reason}. )\n`,
    );
    return EXIT.INVALID_DATA;
  }
  if (e instanceof ValidationError) {
    for (const fe of e.errors) {
      const unknown = fe.rule === 'UNKNOWN' ? /^Unrecognized attribute '(.*)'$/.exec(fe.message) : null;
      const msg = unknown
        ? `Unknown attribute "${unknown[1]}".  Replace with -? for help.`
        : fe.rule === 'V14'
          ? `${fe.message}  Replace with -? for help.`
          : fe.message;
      io.stderr(`ERROR ( message:${msg} )\n`);
    }
    return e.errors.every((x) => x.rule === 'DUPLICATE') ? EXIT.ALREADY_EXISTS : EXIT.INVALID_DATA;
  }
  if (e instanceof InvalidSitePathError) {
    io.stderr(`ERROR ( message:Unrecognized configuration path '${e.configPath}': ${e.reason}. )\n`);
    return EXIT.INVALID_DATA;
  }
  if (e instanceof FileAccessError) return reportFileAccess(e, root, io);
  if (e instanceof ConfigError) {
    switch (e.code) {
      case 'NOT_FOUND':
        io.stderr(`ERROR ( message:${e.message} )\n`);
        return EXIT.NOT_FOUND;
      case 'CONFLICT':
        io.stderr(
          `ERROR ( hresult:80070020, message:Failed to commit configuration changes.\n${e.message} )\n`,
        );
        return EXIT.SHARING_VIOLATION;
      case 'WRITE_FAILED':
        io.stderr(`ERROR ( message:${e.message} )\n`);
        return EXIT.WRITE_FAULT;
      default:
        io.stderr(`ERROR ( message:${e.message} )\n`);
        return EXIT.INVALID_DATA;
    }
  }
  io.stderr(`ERROR ( message:${(e as Error).message ?? String(e)} )\n`);
  return EXIT.INVALID_DATA;
}

/**
 * A refusal of the file system, as IIS's appcmd reports a failed commit: the HRESULT of the Win32
 * error and its code as the exit code (ERROR_PATH_NOT_FOUND 3 for a missing folder, ERROR_ACCESS_DENIED
 * 5 for a read-only file or folder, ERROR_DISK_FULL 112, ERROR_SHARING_VIOLATION 32), files named `C:\…`.
 */
function reportFileAccess(e: FileAccessError, root: string, io: AppcmdIo): number {
  const text = e.describe((file) => windowsPath(root, file));
  const win32 =
    e.problem === 'folder-missing'
      ? EXIT.PATH_NOT_FOUND
      : e.problem === 'read-only-file' ||
          e.problem === 'access-denied' ||
          e.problem === 'read-only-file-system' ||
          e.problem === 'not-a-file'
        ? EXIT.ACCESS_DENIED
        : e.problem === 'disk-full'
          ? EXIT.DISK_FULL
          : e.problem === 'in-use'
            ? EXIT.SHARING_VIOLATION
            : e.operation === 'read'
              ? EXIT.INVALID_DATA
              : EXIT.WRITE_FAULT;
  const intro = e.operation === 'read' ? '' : 'Failed to commit configuration changes.\n';
  io.stderr(`ERROR ( hresult:${hresultOf(win32)}, message:${intro}${text} )\n`);
  return win32;
}

/** `C:\inetpub\…` for a file named root-relative (as views do) or absolute under the root. */
function windowsPath(root: string, file: string): string {
  const system = new SystemDriveRoot(root);
  return system.toWindowsPath(isAbsolute(file) ? file : join(system.dir, file));
}
