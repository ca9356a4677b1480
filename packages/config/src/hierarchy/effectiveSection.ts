import type { ServerTree } from '../apphost/ServerTree.js';
import { resolveSitePath } from '../apphost/ServerTree.js';
import { ConfigFileError } from '../errors.js';
import { attrValue } from './elements.js';
import type { XmlElement } from '../xml/XmlElement.js';
import type { SectionDeclaration } from './sectionDeclaration.js';
import { isDefinitionAllowed } from './sectionDeclaration.js';
import type { SectionLayer } from './sectionLayers.js';

/** Attributes that configure the configuration system itself, never values of the section. */
const META_ATTRIBUTES = new Set([
  'configSource',
  'lockAttributes',
  'lockAllAttributesExcept',
  'lockElements',
  'lockAllElementsExcept',
  'lockItem',
  'xdt:Transform',
  'xdt:Locator',
  'xmlns',
]);

export interface AttributeOrigin {
  /** Absolute path of the file that sets the value. */
  file: string;
  configPath: string;
  line: number;
  column: number;
}

export interface EffectiveAttribute {
  name: string;
  /** The raw stored value (decoded), or undefined when no file sets it (the schema default applies). */
  stored?: string;
  origin?: AttributeOrigin;
  /** Set in the layer a write at this level edits. */
  local: boolean;
  /** Locked by a parent level (`lockAttributes` / `lockAllAttributesExcept`), with where. */
  lockedBy?: AttributeOrigin;
}

/** Where a write would go: the chain index of the target file and the config path it writes at. */
export interface WritePosition {
  chainIndex: number;
  configPath: string;
}

export interface EffectiveSection {
  attributes: Map<string, EffectiveAttribute>;
  /** Attributes found in files that the schema does not know (kept, shown read-only). */
  unknown: Array<{ name: string; value: string; origin: AttributeOrigin }>;
  /** The section is locked for the write position (overrideMode / allowOverride / overrideModeDefault). */
  sectionLockedBy?: AttributeOrigin;
  /** The layer a write at the position edits (the file's own-level section), if it exists. */
  localLayer?: SectionLayer;
  /** Configuration errors in the layers read (lock violations, definitions at a wrong level). */
  errors: ConfigFileError[];
}

/**
 * Merges the layers (parent first) into effective values for `knownAttributes`, tracking where each
 * comes from and whether it is locked for a write at `position` (docs/placement-and-locking.md §4.3, §4.8).
 */
export function computeEffectiveSection(
  tree: ServerTree,
  layers: readonly SectionLayer[],
  declaration: SectionDeclaration,
  knownAttributes: readonly string[],
  position: WritePosition | undefined,
): EffectiveSection {
  const attributes = new Map<string, EffectiveAttribute>();
  for (const name of knownAttributes) attributes.set(name, { name, local: false });
  const known = new Set(knownAttributes);
  const unknownByName = new Map<string, { name: string; value: string; origin: AttributeOrigin }>();
  const errors: ConfigFileError[] = [];

  let localLayer: SectionLayer | undefined;

  for (const layer of layers) {
    const isLocal = position !== undefined && layer.chainIndex === position.chainIndex && layer.ownLevel;
    if (isLocal) localLayer = layer;
    const doc = layer.file.doc;
    const originOf = (offset: number): AttributeOrigin => {
      const pos = doc ? doc.position(offset) : { line: layer.element.line, column: layer.element.column };
      return { file: layer.file.path, configPath: layer.configPath, line: pos.line, column: pos.column };
    };
    const elementOrigin = originOf(layer.element.start);

    // A section defined where it is not allowed (MachineToApplication below an application).
    const levelKind = resolveSitePath(tree, layer.sitePath)?.kind ?? 'folder';
    if (!isDefinitionAllowed(declaration.allowDefinition, layer.chainFile.kind, levelKind)) {
      errors.push(
        new ConfigFileError(
          layer.file.path,
          elementOrigin.line,
          elementOrigin.column,
          `It is an error to use a section registered as allowDefinition='${declaration.allowDefinition}' beyond application level. This error can be caused by a virtual directory not being configured as an application in IIS.`,
        ),
      );
    }
    // A section set in a file below a level that denies overriding it.
    const here = { chainIndex: layer.chainIndex, configPath: layer.configPath };
    if (sectionLockFor(layers, declaration, here)) {
      errors.push(
        new ConfigFileError(
          layer.file.path,
          elementOrigin.line,
          elementOrigin.column,
          'This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".',
        ),
      );
    }

    for (const a of layer.element.attributes) {
      if (META_ATTRIBUTES.has(a.name) || a.name.startsWith('xmlns:') || a.name.startsWith('xdt:')) continue;
      const origin = originOf(a.nameStart);
      if (!known.has(a.name)) {
        unknownByName.set(a.name, { name: a.name, value: a.value, origin });
        continue;
      }
      if (lockFor(layers, a.name, here, known)) {
        errors.push(new ConfigFileError(layer.file.path, origin.line, origin.column, 'Lock violation'));
      }
      const entry = attributes.get(a.name)!;
      entry.stored = a.value;
      entry.origin = origin;
      entry.local = isLocal;
    }

    const lockList = attrValue(layer.element, 'lockAttributes');
    for (const n of lockList === undefined ? [] : splitList(lockList)) {
      if (n !== '*' && !known.has(n))
        errors.push(
          new ConfigFileError(
            layer.file.path,
            elementOrigin.line,
            elementOrigin.column,
            `lockAttributes contains unknown attribute '${n}'`,
          ),
        );
    }
  }

  // Locks only bind levels below the layer that set them: recompute for the write position.
  if (position) {
    for (const entry of attributes.values()) entry.lockedBy = lockFor(layers, entry.name, position, known);
  }
  let sectionLockedBy: AttributeOrigin | undefined;
  if (position) sectionLockedBy = sectionLockFor(layers, declaration, position);

  return { attributes, unknown: [...unknownByName.values()], sectionLockedBy, localLayer, errors };
}

function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** True when `layer` sits above the write position: a parent file, or a shallower config path of the same file. */
function isAbove(layer: SectionLayer, position: WritePosition): boolean {
  if (layer.chainIndex < position.chainIndex) return true;
  if (layer.chainIndex > position.chainIndex) return false;
  const a = layer.configPath.toLowerCase();
  return position.configPath.toLowerCase().startsWith(a + '/');
}

function lockFor(
  layers: readonly SectionLayer[],
  name: string,
  position: WritePosition,
  known: Set<string>,
): AttributeOrigin | undefined {
  for (const layer of layers) {
    if (!isAbove(layer, position)) continue;
    const origin = (): AttributeOrigin => {
      const pos = layer.file.doc?.position(layer.element.start) ?? {
        line: layer.element.line,
        column: layer.element.column,
      };
      return { file: layer.file.path, configPath: layer.configPath, line: pos.line, column: pos.column };
    };
    const list = attrValue(layer.element, 'lockAttributes');
    if (list !== undefined) {
      const names = splitList(list);
      if (names.includes('*') || names.includes(name)) return origin();
    }
    const except = attrValue(layer.element, 'lockAllAttributesExcept');
    if (except !== undefined && known.has(name) && !splitList(except).includes(name)) return origin();
  }
  return undefined;
}

function sectionLockFor(
  layers: readonly SectionLayer[],
  declaration: SectionDeclaration,
  position: WritePosition,
): AttributeOrigin | undefined {
  let denied: { origin: AttributeOrigin; chainIndex: number } | undefined =
    declaration.overrideModeDefault === 'Deny'
      ? {
          origin: { file: declaration.file ?? '', configPath: 'MACHINE', line: 0, column: 0 },
          chainIndex: -1,
        }
      : undefined;
  for (const layer of layers) {
    if (!layer.location || !isAbove(layer, position)) continue;
    const pos = layer.chainFile.file.doc?.position(layer.location.start) ?? { line: 0, column: 0 };
    const origin = {
      file: layer.chainFile.file.path,
      configPath: layer.configPath,
      line: pos.line,
      column: pos.column,
    };
    if (layer.overrideMode === 'Deny') denied = { origin, chainIndex: layer.chainIndex };
    else if (
      layer.overrideMode === 'Allow' &&
      denied &&
      (denied.chainIndex === layer.chainIndex || denied.chainIndex === -1)
    )
      denied = undefined;
  }
  return denied?.origin;
}

/** Merges an `add`/`remove`/`clear` collection (keyed by `name`) along the layers, parent first. */
export function mergeNamedCollection(
  elements: ReadonlyArray<{ el: XmlElement }>,
): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  for (const { el } of elements) {
    for (const child of el.children) {
      if (child.name === 'clear') result.clear();
      else if (child.name === 'remove') {
        const n = attrValue(child, 'name');
        if (n !== undefined) result.delete(n);
      } else if (child.name === 'add') {
        const n = attrValue(child, 'name');
        if (n === undefined) continue;
        const record: Record<string, string> = {};
        for (const a of child.attributes) record[a.name] = a.value;
        result.set(n, record);
      }
    }
  }
  return result;
}
