import type { ConfigDocument } from './ConfigDocument.js';
import type { XmlElement } from './XmlElement.js';

/**
 * A `<location path>` in comparable form (docs/config-editing.md §5 step 7): case-insensitive,
 * without leading or trailing '/'; `.` and `` both mean the file's own level and give ''.
 */
export function normaliseLocationPath(path: string | null | undefined): string {
  const p = (path ?? '').replace(/^\/+|\/+$/g, '').toLowerCase();
  return p === '.' ? '' : p;
}

/** The `<location>` children of `<configuration>` whose path is `location` (null = the file's own level). */
export function findLocations(doc: ConfigDocument, location: string | null): XmlElement[] {
  const key = normaliseLocationPath(location);
  return doc.root.children.filter(
    (c) => c.name === 'location' && normaliseLocationPath(doc.attr(c, 'path')?.value) === key,
  );
}

/**
 * The section element at `sectionPath` (below `<configuration>`) for a level of this file:
 * `location` null (or '.', '') = the file's own level, directly under `<configuration>` or inside a
 * `<location path=".">` / `<location path="">`; otherwise inside `<location path="location">`.
 */
export function findSection(
  doc: ConfigDocument,
  sectionPath: readonly string[],
  location: string | null,
): XmlElement | undefined {
  if (doc.root.name !== 'configuration' || sectionPath.length === 0) return undefined;
  if (normaliseLocationPath(location) === '') {
    const direct = descend(doc, doc.root, sectionPath);
    if (direct) return direct;
  }
  for (const loc of findLocations(doc, location)) {
    const found = descend(doc, loc, sectionPath);
    if (found) return found;
  }
  return undefined;
}

function descend(doc: ConfigDocument, from: XmlElement, path: readonly string[]): XmlElement | undefined {
  let el: XmlElement | undefined = from;
  for (const name of path) el = el && doc.child(el, name);
  return el;
}
