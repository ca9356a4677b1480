import { ConfigError } from '../errors.js';
import type { ConfigDocument } from './ConfigDocument.js';
import { findLocations, findSection, normaliseLocationPath } from './findSection.js';
import { assertXmlName, type NewElement } from './renderElement.js';
import { EditSelfCheckError } from './verifyEdit.js';
import { XmlEditBatch, type EditResult } from './XmlEditBatch.js';
import type { XmlElement } from './XmlElement.js';

export interface SectionEdit {
  /** Section element path below `<configuration>`, e.g. ['system.web', 'sessionState']. */
  sectionPath: string[];
  /**
   * null = the file's own level: the section directly under `<configuration>`, or inside a
   * `<location path=".">` / `<location path="">` (reused if it holds the section; otherwise the
   * section is created directly under `<configuration>`). A string = inside `<location path="X">`
   * (case-insensitive, ignoring leading/trailing '/'): reused if one exists with the same lock
   * attributes, else created as the last child of `<configuration>` with `locationAttributes`.
   */
  location: string | null;
  locationAttributes?: Record<string, string>;
  /** The document root IS the section element (a configSource file); `location` is ignored. */
  configSourceRoot?: boolean;
  /** Attributes to set, in order; values are plain (unescaped) text. */
  set: Array<[name: string, value: string]>;
  /**
   * Attributes to remove. A section left empty is removed, then each enclosing group left empty
   * (e.g. `<system.web>`); never `<configuration>`, a `<location>` or a configSource root.
   */
  remove: string[];
}

/**
 * Location attributes that make two `<location>` tags with the same path different
 * (docs/config-editing.md §6.9).
 */
const LOCK_ATTRIBUTES = ['overrideMode', 'allowOverride', 'inheritInChildApplications'];

/**
 * Applies one section's attribute changes to a parsed file as minimal splices
 * (docs/config-editing.md §6, docs/placement-and-locking.md §4.4–§4.7) and returns the checked new text.
 */
export function editSection(doc: ConfigDocument, edit: SectionEdit): EditResult {
  const { sectionPath } = edit;
  const sets = new Map(edit.set);
  const removes = new Set(edit.remove);
  checkRequest(sectionPath, sets, removes);
  const unchanged: EditResult = { text: doc.text, changed: false, document: doc };
  const section = targetSection(doc, edit);
  const batch = new XmlEditBatch(doc);

  if (section) {
    const has = (name: string): boolean => section.attributes.some((a) => a.name === name);
    const changes =
      [...sets].some(([name, value]) => doc.attr(section, name)?.value !== value) || [...removes].some(has);
    if (!changes) return unchanged;
    assertEditable(doc, section, sectionPath, edit.configSourceRoot === true);
    const left =
      section.attributes.filter((a) => !removes.has(a.name)).length +
      [...sets.keys()].filter((n) => !has(n)).length;
    if (left === 0 && !section.hasContent && section.children.length === 0 && !edit.configSourceRoot) {
      batch.removeElement(outermostEmpty(doc, section, sectionPath.length - 1));
    } else {
      for (const [name, value] of sets) batch.setAttribute(section, name, value);
      for (const name of removes) batch.removeAttribute(section, name);
    }
  } else {
    if (sets.size === 0) return unchanged;
    const section: NewElement = { name: sectionPath.at(-1) as string, attributes: [...sets] };
    const { parent, child } = placeNewSection(doc, edit, section);
    batch.addChild(parent, child);
  }

  const result = batch.apply();
  readBack(result.document, edit, sets, removes);
  return result;
}

function checkRequest(sectionPath: readonly string[], sets: Map<string, string>, removes: Set<string>): void {
  if (sectionPath.length === 0) throw new ConfigError('VALIDATION', 'A section path is required.');
  for (const name of [...sectionPath, ...sets.keys(), ...removes]) assertXmlName(name);
  for (const name of removes) {
    if (sets.has(name))
      throw new ConfigError('VALIDATION', `Attribute '${name}' cannot be both set and removed.`);
  }
}

function targetSection(doc: ConfigDocument, edit: SectionEdit): XmlElement | undefined {
  const name = edit.sectionPath.at(-1) as string;
  if (edit.configSourceRoot) {
    if (doc.root.name !== name) {
      throw doc.error(doc.root.start, `The root element of this configSource file must be <${name}>.`);
    }
    return doc.root;
  }
  if (doc.root.name !== 'configuration') {
    throw doc.error(doc.root.start, `The root element of a configuration file must be <configuration>.`);
  }
  return findSection(doc, edit.sectionPath, edit.location);
}

/**
 * Encrypted sections and sections moved out with configSource are not edited here
 * (docs/config-editing.md §5 step 8, docs/placement-and-locking.md §4.6).
 */
export function assertEditable(
  doc: ConfigDocument,
  section: XmlElement,
  path: readonly string[],
  sourceRoot: boolean,
): void {
  const name = path.join('/');
  if (doc.attr(section, 'configProtectionProvider') || doc.child(section, 'EncryptedData')) {
    throw doc.error(section.start, `The section '${name}' is encrypted and cannot be edited.`);
  }
  const source = doc.attr(section, 'configSource');
  if (source && !sourceRoot) {
    throw doc.error(
      section.start,
      `The section '${name}' is stored in '${source.value}' (configSource); edit that file.`,
    );
  }
}

/** The section, or the outermost enclosing group (at most `levels` up) that would be left empty. */
export function outermostEmpty(doc: ConfigDocument, section: XmlElement, levels: number): XmlElement {
  let victim = section;
  for (let i = 0; i < levels; i++) {
    const p = victim.parent;
    if (!p || p === doc.root || p.name === 'location') break;
    if (p.attributes.length > 0 || p.hasContent || p.children.length !== 1) break;
    victim = p;
  }
  return victim;
}

/**
 * Where a missing section goes and the markup to add: the missing groups around `section`, and a
 * `<location>` if needed (reusing one with the same path and lock attributes).
 */
export function placeNewSection(
  doc: ConfigDocument,
  edit: Pick<SectionEdit, 'sectionPath' | 'location' | 'locationAttributes'>,
  section: NewElement,
): { parent: XmlElement; child: NewElement } {
  const path = edit.sectionPath;
  const own = normaliseLocationPath(edit.location) === '';
  const wanted = edit.locationAttributes ?? {};
  const location = own
    ? undefined
    : findLocations(doc, edit.location).find((loc) =>
        LOCK_ATTRIBUTES.every((k) => doc.attr(loc, k)?.value.toLowerCase() === wanted[k]?.toLowerCase()),
      );
  let parent = own ? doc.root : location;
  let depth = 0;
  while (parent && depth < path.length - 1) {
    const next = doc.child(parent, path[depth] as string);
    if (!next) break;
    parent = next;
    depth++;
  }
  let child: NewElement = section;
  for (let i = path.length - 2; i >= depth; i--) child = { name: path[i] as string, children: [child] };
  if (parent) return { parent, child };
  const attributes: Array<[string, string]> = [['path', edit.location as string]];
  for (const [k, v] of Object.entries(wanted)) if (k !== 'path') attributes.push([k, v]);
  return { parent: doc.root, child: { name: 'location', attributes, children: [child] } };
}

/** The section as the edit intends it, read from the re-parsed text (docs/config-editing.md §7 step 2). */
function readBack(
  doc: ConfigDocument,
  edit: SectionEdit,
  sets: Map<string, string>,
  removes: Set<string>,
): void {
  const section = edit.configSourceRoot ? doc.root : findSection(doc, edit.sectionPath, edit.location);
  const fail = (reason: string): never => {
    throw new EditSelfCheckError(doc.file, reason);
  };
  for (const [name, value] of sets) {
    if (!section || doc.attr(section, name)?.value !== value) fail(`'${name}' does not read back as set.`);
  }
  for (const name of removes) {
    if (section && doc.attr(section, name)) fail(`'${name}' is still present after its removal.`);
  }
}
