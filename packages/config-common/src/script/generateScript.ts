// Generate Script (IIS Manager's Configuration Editor): a pending change of one section at one level as
// (1) appcmd command lines, (2) PowerShell (WebAdministration) and (3) C# with
// Microsoft.Web.Administration. The appcmd lines are exact: run through this product's appcmd on the
// same root they write byte for byte what Apply writes, because appcmd builds the very same change
// object from them (packages/appcmd/src/sectionConfig.ts) and the one engine places and splices it.
// Pure: no Node imports.

import { parseElementPath, type PathSegment } from '../engine/elementPath.js';
import type { CollectionChange, SectionChange } from '../engine/types.js';

/** Where Apply writes, as the section view's `target` names it. */
export interface ScriptTarget {
  /** Root-relative file (informational). */
  file: string;
  /** Config path written at (`MACHINE/WEBROOT/APPHOST/Site` for a `<location path="Site">`). */
  configPath: string;
  /** The `<location path>` written into, or null for the file's own level. */
  location: string | null;
  /** The config path of the file written (`MACHINE/WEBROOT`, `MACHINE/WEBROOT/APPHOST`, `…/Site`). */
  commitPath: string;
}

/**
 * The section as read (the section GET's element tree), where the scripts learn the element name of
 * each collection entry they address: `site` and `binding` in system.applicationHost/sites, `add` in
 * most collections. Without it, `add` is assumed.
 */
export interface ScriptElementView {
  elements: Record<string, ScriptElementView>;
  collection?: {
    addElement: string[];
    items: Array<ScriptElementView & { elementName: string; key: Record<string, string> }>;
  };
}

export interface ScriptInput {
  section: string;
  /** The level's site path ('' = server). */
  sitePath: string;
  target: ScriptTarget;
  change: SectionChange;
  view?: ScriptElementView;
}

const sameKey = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(b).length > 0 &&
  Object.entries(b).every(([k, v]) => (a[k] ?? '').toLowerCase() === v.toLowerCase());

/** The element of the section as read at `segments` (child elements by name, entries by key). */
function viewAt(
  view: ScriptElementView | undefined,
  segments: readonly PathSegment[],
): ScriptElementView | undefined {
  let at = view;
  for (const seg of segments) {
    if (!at) break;
    at =
      seg.kind === 'element'
        ? at.elements[seg.name]
        : at.collection?.items.find((item) => sameKey(item.key, seg.key));
  }
  return at;
}

/** The element name of the entry `key` of the collection at `segments` (its add element if unknown). */
function entryElementName(
  view: ScriptElementView | undefined,
  segments: readonly PathSegment[],
  key: Record<string, string>,
): string {
  const collection = viewAt(view, segments)?.collection;
  return (
    collection?.items.find((item) => sameKey(item.key, key))?.elementName ??
    collection?.addElement[0] ??
    'add'
  );
}

/** The element name a new entry of the collection at `path` gets (its first add element). */
function addElementName(view: ScriptElementView | undefined, path: string): string {
  return viewAt(view, parseElementPath(path))?.collection?.addElement[0] ?? 'add';
}

export interface GeneratedScripts {
  appcmd: string[];
  powershell: string[];
  csharp: string[];
}

const WEBROOT = 'MACHINE/WEBROOT';
const APPHOST = 'MACHINE/WEBROOT/APPHOST';

/** appcmd's `/commit:` that sends the write to the file Apply writes (none: the level's own file). */
export function appcmdCommit(target: ScriptTarget, sitePath: string): string | undefined {
  const commit = target.commitPath.toUpperCase();
  if (commit === WEBROOT) return 'WEBROOT';
  if (commit === APPHOST) return sitePath === '' ? undefined : 'APPHOST';
  // A level's own web.config; a folder or virtual directory below an application writes the
  // application's file in a <location>.
  return target.location !== null ? 'APP' : undefined;
}

/** One argument as Windows' command line parser (CommandLineToArgvW) reads it back. */
export function quoteArg(text: string, always = false): string {
  if (!always && text !== '' && !/[\s"]/.test(text)) return text;
  let out = '"';
  let backslashes = 0;
  for (const ch of text) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(backslashes) + ch;
    }
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

/** Splits a command line as CommandLineToArgvW does (the inverse of `quoteArg`). */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '\\') {
      let n = 0;
      while (line[i] === '\\') {
        n++;
        i++;
      }
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) {
          current += '"';
          i++;
        }
      } else current += '\\'.repeat(n);
      started = true;
      continue;
    }
    if (ch === '"') {
      inQuotes = !inQuotes;
      started = true;
      i++;
      continue;
    }
    if (!inQuotes && /\s/.test(ch)) {
      if (started) args.push(current);
      current = '';
      started = false;
      i++;
      continue;
    }
    current += ch;
    started = true;
    i++;
  }
  if (started) args.push(current);
  return args;
}

/** `[value='home.html',priority='1']`: an item selector in appcmd's notation. */
function selector(attrs: Record<string, string>): string {
  const parts = Object.entries(attrs).map(([k, v]) => `${k}=${v.includes("'") ? `"${v}"` : `'${v}'`}`);
  return `[${parts.join(',')}]`;
}

function prefixed(path: string, rest: string): string {
  return path === '' ? rest : `${path}.${rest}`;
}

interface Property {
  verb: 'set' | 'clear';
  /** The parameter as written on the command line (`/enabled:"False"`, `/+"files.[value='a']"`). */
  arg: string;
}

const q = (text: string) => quoteArg(text, true);
const setArg = (name: string, value: string): Property => ({
  verb: 'set',
  // `/name:"value"` as IIS writes it; a name with spaces (an item's key) is quoted whole.
  arg: /[\s"]/.test(name) ? `/${q(`${name}:${value}`)}` : `/${name}:${q(value)}`,
});
const clearArg = (name: string): Property => ({ verb: 'clear', arg: `/${quoteArg(name)}` });

/** The change as appcmd property parameters, in the change object's order. */
function appcmdProperties(change: SectionChange): Property[] {
  const props: Property[] = [];
  const attr = (prefix: string, name: string, value: string | null) =>
    props.push(value === null ? clearArg(prefixed(prefix, name)) : setArg(prefixed(prefix, name), value));
  for (const [name, value] of Object.entries(change.attributes ?? {})) attr('', name, value);
  for (const [path, el] of Object.entries(change.elements ?? {}))
    for (const [name, value] of Object.entries(el.attributes)) attr(path, name, value);
  for (const [path, ops] of Object.entries(change.collections ?? {})) {
    for (const op of ops) props.push(...collectionProperties(path, op));
  }
  return props;
}

function collectionProperties(path: string, op: CollectionChange): Property[] {
  switch (op.op) {
    case 'add':
      return [{ verb: 'set', arg: `/+${q(prefixed(path, selector(op.attributes)))}` }];
    case 'remove':
      return [{ verb: 'set', arg: `/-${q(prefixed(path, selector(op.key)))}` }];
    case 'set':
      return Object.entries(op.attributes).map(([name, value]) => {
        const item = `${prefixed(path, selector(op.key))}.${name}`;
        return value === null
          ? { verb: 'clear' as const, arg: `/${q(item)}` }
          : { verb: 'set' as const, arg: `/${q(`${item}:${value}`)}` };
      });
    case 'clear':
      return [{ verb: 'set', arg: path === '' ? '/~' : `/~${q(path)}` }];
  }
}

/** appcmd command lines: `set config` for values, `clear config` for reverts, in the change's order. */
export function appcmdScript(input: ScriptInput): string[] {
  const { section, sitePath, target, change } = input;
  const props = appcmdProperties(change);
  const commit = appcmdCommit(target, sitePath);
  const head = (verb: 'set' | 'clear') =>
    [
      'appcmd.exe',
      `${verb} config`,
      ...(sitePath === '' ? [] : [quoteArg(sitePath, true)]),
      `-section:${section}`,
    ].join(' ');
  const tail = commit ? ` /commit:${commit.toLowerCase()}` : '';
  const lines: string[] = [];
  if (change.revertToParent) lines.push(`${head('clear')}${tail}`);
  // Consecutive parameters of the same verb share one command line.
  let run: Property[] = [];
  const flush = () => {
    if (run.length === 0) return;
    lines.push(`${head(run[0]!.verb)} ${run.map((p) => p.arg).join(' ')}${tail}`);
    run = [];
  };
  for (const p of props) {
    if (run.length > 0 && run[0]!.verb !== p.verb) flush();
    run.push(p);
  }
  flush();
  return lines;
}

function psString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function psHashtable(attrs: Record<string, string>): string {
  return `@{${Object.entries(attrs)
    .map(([k, v]) => `${k}=${psString(v)}`)
    .join(';')}}`;
}

function xpathPredicate(key: Record<string, string>): string {
  return Object.entries(key)
    .map(([k, v]) => `@${k}=${v.includes("'") ? `"${v}"` : `'${v}'`}`)
    .join(' and ');
}

/**
 * `files` → `files`; `[name='Pool'].processModel` → `add[@name='Pool']/processModel`;
 * `[name='Site'].bindings` in sites → `site[@name='Site']/bindings` (XPath of the filter).
 */
function filterPath(section: string, path: string, view: ScriptElementView | undefined): string {
  const segments = parseElementPath(path);
  let out = section;
  segments.forEach((seg, i) => {
    out +=
      seg.kind === 'element'
        ? `/${seg.name}`
        : `/${entryElementName(view, segments.slice(0, i), seg.key)}[${xpathPredicate(seg.key)}]`;
  });
  return out;
}

/** PowerShell with the WebAdministration module. */
export function powershellScript(input: ScriptInput): string[] {
  const { section, target, change, view } = input;
  const where = `-PSPath ${psString(target.commitPath)}${target.location !== null ? ` -Location ${psString(target.location)}` : ''}`;
  const lines: string[] = ['Import-Module WebAdministration', ''];
  if (change.revertToParent) lines.push(`Clear-WebConfiguration ${where} -Filter ${psString(section)}`);
  const attr = (filter: string, name: string, value: string | null) =>
    lines.push(
      value === null
        ? `Clear-WebConfiguration ${where} -Filter ${psString(`${filter}/@${name}`)}`
        : `Set-WebConfigurationProperty ${where} -Filter ${psString(filter)} -Name ${psString(name)} -Value ${psString(value)}`,
    );
  for (const [name, value] of Object.entries(change.attributes ?? {})) attr(section, name, value);
  for (const [path, el] of Object.entries(change.elements ?? {}))
    for (const [name, value] of Object.entries(el.attributes))
      attr(filterPath(section, path, view), name, value);
  for (const [path, ops] of Object.entries(change.collections ?? {})) {
    const filter = filterPath(section, path, view);
    for (const op of ops) {
      if (op.op === 'add')
        lines.push(
          `Add-WebConfigurationProperty ${where} -Filter ${psString(filter)} -Name '.' -Value ${psHashtable(op.attributes)}`,
        );
      else if (op.op === 'remove')
        lines.push(
          `Remove-WebConfigurationProperty ${where} -Filter ${psString(filter)} -Name '.' -AtElement ${psHashtable(op.key)}`,
        );
      else if (op.op === 'clear')
        lines.push(`Clear-WebConfiguration ${where} -Filter ${psString(`${filter}/*`)}`);
      else
        for (const [name, value] of Object.entries(op.attributes))
          attr(
            `${filter}/${entryElementName(view, parseElementPath(path), op.key)}[${xpathPredicate(op.key)}]`,
            name,
            value,
          );
    }
  }
  return lines;
}

function csString(text: string): string {
  return `@"${text.replace(/"/g, '""')}"`;
}

function csIdentifier(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_]/g, '');
  return /^[A-Za-z_]/.test(clean) ? clean : `_${clean}`;
}

/** C# with Microsoft.Web.Administration (`ServerManager`), as IIS Manager generates it. */
export function csharpScript(input: ScriptInput): string[] {
  const { section, sitePath, target, change, view } = input;
  const sectionVar = `${csIdentifier(section.split('/').at(-1) ?? 'section')}Section`;
  const body: string[] = [];
  const commit = target.commitPath.toUpperCase();
  if (commit === APPHOST) {
    body.push('Configuration config = serverManager.GetApplicationHostConfiguration();');
    body.push(
      target.location !== null
        ? `ConfigurationSection ${sectionVar} = config.GetSection(${JSON.stringify(section)}, ${JSON.stringify(target.location)});`
        : `ConfigurationSection ${sectionVar} = config.GetSection(${JSON.stringify(section)});`,
    );
  } else if (commit === WEBROOT) {
    body.push('// MACHINE/WEBROOT: the .NET root web.config');
    body.push('Configuration config = serverManager.GetWebConfiguration((string)null);');
    body.push(
      target.location !== null
        ? `ConfigurationSection ${sectionVar} = config.GetSection(${JSON.stringify(section)}, ${JSON.stringify(target.location)});`
        : `ConfigurationSection ${sectionVar} = config.GetSection(${JSON.stringify(section)});`,
    );
  } else {
    const [site, ...rest] = sitePath.split('/');
    body.push(
      rest.length > 0
        ? `Configuration config = serverManager.GetWebConfiguration(${JSON.stringify(site)}, ${JSON.stringify(`/${rest.join('/')}`)});`
        : `Configuration config = serverManager.GetWebConfiguration(${JSON.stringify(site)});`,
    );
    body.push(`ConfigurationSection ${sectionVar} = config.GetSection(${JSON.stringify(section)});`);
  }
  if (change.revertToParent) body.push(`${sectionVar}.Delete();`);
  let counter = 0;
  const attr = (element: string, name: string, value: string | null) =>
    body.push(
      value === null
        ? `${element}.GetAttribute(${JSON.stringify(name)}).Delete();`
        : `${element}[${JSON.stringify(name)}] = ${csString(value)};`,
    );
  /** `x.First(e => <key matches>)`: the entry of a collection with that key (IIS compares keys case-insensitively). */
  const findEntry = (collection: string, key: Record<string, string>) =>
    `${collection}.First(e => ${Object.entries(key)
      .map(
        ([k, value]) =>
          `string.Equals((string)e[${JSON.stringify(k)}], ${csString(value)}, StringComparison.OrdinalIgnoreCase)`,
      )
      .join(' && ')})`;
  /** A variable holding the element at `path` (child elements by name, collection entries by key). */
  const elementVar = (path: string): string => {
    if (path === '') return sectionVar;
    let expr = sectionVar;
    for (const seg of parseElementPath(path)) {
      if (seg.kind === 'element') {
        expr += `.GetChildElement(${JSON.stringify(seg.name)})`;
        continue;
      }
      const entry = `entry${++counter}`;
      body.push(`ConfigurationElement ${entry} = ${findEntry(`${expr}.GetCollection()`, seg.key)};`);
      expr = entry;
    }
    if (/^entry\d+$/.test(expr)) return expr;
    const v = `element${++counter}`;
    body.push(`ConfigurationElement ${v} = ${expr};`);
    return v;
  };
  for (const [name, value] of Object.entries(change.attributes ?? {})) attr(sectionVar, name, value);
  for (const [path, el] of Object.entries(change.elements ?? {})) {
    const v = elementVar(path);
    for (const [name, value] of Object.entries(el.attributes)) attr(v, name, value);
  }
  for (const [path, ops] of Object.entries(change.collections ?? {})) {
    const coll = `${csIdentifier(path.split('.').at(-1) || 'section')}Collection`;
    body.push(
      path === ''
        ? `ConfigurationElementCollection ${coll} = ${sectionVar}.GetCollection();`
        : /^[^.[]+$/.test(path)
          ? `ConfigurationElementCollection ${coll} = ${sectionVar}.GetCollection(${JSON.stringify(path)});`
          : `ConfigurationElementCollection ${coll} = ${elementVar(path)}.GetCollection();`,
    );
    for (const op of ops) {
      const v = `item${++counter}`;
      if (op.op === 'add') {
        body.push(
          `ConfigurationElement ${v} = ${coll}.CreateElement(${JSON.stringify(addElementName(view, path))});`,
        );
        for (const [k, value] of Object.entries(op.attributes))
          body.push(`${v}[${JSON.stringify(k)}] = ${csString(value)};`);
        body.push(`${coll}.Add(${v});`);
      } else if (op.op === 'clear') {
        body.push(`${coll}.Clear();`);
      } else {
        body.push(`ConfigurationElement ${v} = ${findEntry(coll, op.key)};`);
        if (op.op === 'remove') body.push(`${coll}.Remove(${v});`);
        else for (const [k, value] of Object.entries(op.attributes)) attr(v, k, value);
      }
    }
  }
  body.push('serverManager.CommitChanges();');
  return [
    'using System;',
    'using System.Linq;',
    'using Microsoft.Web.Administration;',
    '',
    'internal static class Sample',
    '{',
    '    private static void Main()',
    '    {',
    '        using (ServerManager serverManager = new ServerManager())',
    '        {',
    ...body.map((l) => `            ${l}`),
    '        }',
    '    }',
    '}',
  ];
}

/** All three scripts of a pending change. */
export function generateScripts(input: ScriptInput): GeneratedScripts {
  return {
    appcmd: appcmdScript(input),
    powershell: powershellScript(input),
    csharp: csharpScript(input),
  };
}
