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

/** Built-in declarations for a root without machine.config (session-state.md §2.1). */
const BUILTIN: Record<string, Omit<SectionDeclaration, 'name'>> = {
  'system.web/sessionState': { allowDefinition: 'MachineToApplication', overrideModeDefault: 'Allow' },
  'system.web/sessionPageState': { allowDefinition: 'Everywhere', overrideModeDefault: 'Allow' },
  connectionStrings: { allowDefinition: 'Everywhere', overrideModeDefault: 'Allow' },
};

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
  const builtin = BUILTIN[sectionName] ?? { allowDefinition: 'Everywhere', overrideModeDefault: 'Allow' };
  return { name: sectionName, ...builtin };
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
