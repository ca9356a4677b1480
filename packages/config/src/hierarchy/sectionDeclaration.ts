import { readFileSync } from 'node:fs';
import type { XmlElement } from '../xml/XmlElement.js';
import type { ChainFile } from './ConfigChain.js';
import { attrValue, childElements, firstChild } from './elements.js';

export type AllowDefinition =
  'Everywhere' | 'MachineOnly' | 'MachineToWebRoot' | 'MachineToApplication' | 'AppHostOnly';

/** How a section is declared in `<configSections>` (machine.config for system.web, as in IIS). */
export interface SectionDeclaration {
  name: string;
  allowDefinition: AllowDefinition;
  overrideModeDefault: 'Allow' | 'Deny';
  /** Where the declaration was found; undefined when the product's built-in declaration serves. */
  file?: string;
}

export type BuiltinSectionDeclaration = Omit<SectionDeclaration, 'name' | 'file'>;

/** The product's built-in declarations file; the same depth from src/ and dist/ (like the schema directory). */
export const BUILTIN_DECLARATIONS_FILE = new URL('../../schema/declarations.json', import.meta.url);

const ALLOW_DEFINITIONS: readonly AllowDefinition[] = [
  'Everywhere',
  'MachineOnly',
  'MachineToWebRoot',
  'MachineToApplication',
  'AppHostOnly',
];

let builtinDeclarations: ReadonlyMap<string, BuiltinSectionDeclaration> | undefined;

/**
 * Built-in declarations for a section that no `<configSections>` of the chain declares (a root without
 * machine.config or applicationHost.config; docs/session-state.md §2.1): the stock declarations of
 * .NET's machine.config and IIS's applicationHost.config, read once from `schema/declarations.json`.
 * The file is part of the product: a broken one throws.
 */
export function builtinSectionDeclarations(): ReadonlyMap<string, BuiltinSectionDeclaration> {
  builtinDeclarations ??= readBuiltinDeclarations(readFileSync(BUILTIN_DECLARATIONS_FILE, 'utf8'));
  return builtinDeclarations;
}

/** Parses the text of declarations.json: `{ "sections": { "<name>": { allowDefinition, overrideModeDefault } } }`. */
export function readBuiltinDeclarations(text: string): Map<string, BuiltinSectionDeclaration> {
  const doc = JSON.parse(text) as { sections?: unknown };
  const sections = doc.sections;
  if (!sections || typeof sections !== 'object' || Array.isArray(sections)) {
    throw new Error('The built-in section declarations have no "sections" object.');
  }
  const map = new Map<string, BuiltinSectionDeclaration>();
  for (const [name, value] of Object.entries(sections as Record<string, unknown>)) {
    const v = (value ?? {}) as { allowDefinition?: unknown; overrideModeDefault?: unknown };
    const allowDefinition = ALLOW_DEFINITIONS.find((a) => a === v.allowDefinition);
    const overrideModeDefault =
      v.overrideModeDefault === 'Allow' || v.overrideModeDefault === 'Deny'
        ? v.overrideModeDefault
        : undefined;
    if (!allowDefinition || !overrideModeDefault) {
      throw new Error(`The built-in declaration of section '${name}' is not valid.`);
    }
    map.set(name, { allowDefinition, overrideModeDefault });
  }
  return map;
}

/** Finds the declaration of `sectionName` (e.g. `system.web/sessionState`) in the chain, parent first. */
export function findSectionDeclaration(chain: readonly ChainFile[], sectionName: string): SectionDeclaration {
  const parts = sectionName.split('/');
  for (const c of chain) {
    const configuration = c.file.doc?.root;
    const sections = configuration && firstChild(configuration, 'configSections');
    if (!sections) continue;
    const decl = cachedFind(sections, sectionName, parts);
    if (decl) {
      return {
        name: sectionName,
        allowDefinition: normalizeAllowDefinition(attrValue(decl, 'allowDefinition')),
        overrideModeDefault:
          (attrValue(decl, 'overrideModeDefault') ?? '').toLowerCase() === 'deny' ? 'Deny' : 'Allow',
        file: c.file.path,
      };
    }
  }
  const builtin = builtinSectionDeclarations().get(sectionName);
  return {
    name: sectionName,
    ...(builtin ?? { allowDefinition: 'Everywhere', overrideModeDefault: 'Allow' }),
  };
}

const declarationCache = new WeakMap<XmlElement, Map<string, XmlElement | undefined>>();

/** Declarations by section name per parsed `<configSections>` (parses are immutable). */
function cachedFind(sections: XmlElement, name: string, parts: string[]): XmlElement | undefined {
  let memo = declarationCache.get(sections);
  if (!memo) declarationCache.set(sections, (memo = new Map()));
  if (!memo.has(name)) memo.set(name, findIn(sections, parts));
  return memo.get(name);
}

function findIn(group: XmlElement, parts: string[]): XmlElement | undefined {
  const [head, ...rest] = parts;
  if (head === undefined) return undefined;
  if (rest.length === 0) return childElements(group, 'section').find((s) => attrValue(s, 'name') === head);
  const sub = childElements(group, 'sectionGroup').find((g) => attrValue(g, 'name') === head);
  return sub && findIn(sub, rest);
}

function normalizeAllowDefinition(v: string | undefined): AllowDefinition {
  switch ((v ?? '').toLowerCase()) {
    case 'machineonly':
      return 'MachineOnly';
    case 'machinetowebroot':
      return 'MachineToWebRoot';
    case 'machinetoapplication':
      return 'MachineToApplication';
    case 'apphostonly':
      return 'AppHostOnly';
    default:
      return 'Everywhere';
  }
}

/** Whether a section so declared may be defined in a file of this kind at this level. */
export function isDefinitionAllowed(
  allow: AllowDefinition,
  kind: ChainFile['kind'],
  levelKind: 'server' | 'site' | 'application' | 'virtualDirectory' | 'folder',
): boolean {
  switch (allow) {
    case 'MachineOnly':
      return kind === 'machine';
    case 'MachineToWebRoot':
      return kind === 'machine' || kind === 'webroot';
    case 'AppHostOnly':
      return kind === 'apphost';
    case 'MachineToApplication':
      return kind !== 'web' || levelKind === 'site' || levelKind === 'application';
    default:
      return true;
  }
}
