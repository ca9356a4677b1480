import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ConfigSearchQuery,
  ConfigSearchResponse,
  FileExcerptQuery,
  FileExcerptResponse,
  LocalLocksResponse,
  SectionQuery,
  type ConfigSearchHit,
} from '@iis-console/contracts';
import {
  APPHOST,
  ConfigError,
  MACHINE,
  MAX_CONFIG_BYTES,
  WEBROOT,
  configPathOf,
  isSitePathWithin,
  joinSitePath,
  findSection,
  type ConfigDocument,
  type ConfigurationSystem,
  type XmlElement,
} from '@iis-console/config';
import { errorResponses } from '../../errors.js';

/** A configuration file of the server and the level it sits at. */
interface ServerFile {
  path: string;
  /** Config path of the file's own level. */
  configPath: string;
  /** Site path of the file's own level ('' for the server files). */
  sitePath: string;
}

/**
 * Every configuration file of the server, parents first: machine.config, the root web.config,
 * applicationHost.config, then the web.config of every site, application and virtual directory.
 */
function serverFiles(system: ConfigurationSystem): ServerFile[] {
  const files: ServerFile[] = [
    { path: system.wellKnown('machineConfig'), configPath: MACHINE, sitePath: '' },
    { path: system.wellKnown('rootWebConfig'), configPath: WEBROOT, sitePath: '' },
    { path: system.wellKnown('applicationHostConfig'), configPath: APPHOST, sitePath: '' },
  ];
  const seen = new Set(files.map((f) => f.path));
  for (const site of system.serverTree().sites) {
    for (const app of site.applications) {
      for (const vdir of app.virtualDirectories) {
        const virtualPath = `${app.path === '/' ? '' : app.path}${vdir.path === '/' ? '' : vdir.path}`;
        const sitePath = joinSitePath(site.name, virtualPath);
        let dir: string;
        try {
          dir = system.resolvePhysicalPath(vdir.physicalPath);
        } catch {
          continue; // a physical path outside the root: nothing the product reads
        }
        const path = join(dir, 'web.config');
        if (seen.has(path)) continue;
        seen.add(path);
        files.push({ path, configPath: configPathOf(sitePath), sitePath });
      }
    }
  }
  return files;
}

/** The section elements a file sets: `{ section, element, location }` for its own level and each `<location>`. */
function sectionsIn(
  doc: ConfigDocument,
  known: ReadonlySet<string>,
): Array<{ section: string; element: XmlElement; location: string | null }> {
  const out: Array<{ section: string; element: XmlElement; location: string | null }> = [];
  const walk = (el: XmlElement, prefix: string, location: string | null) => {
    for (const child of el.children) {
      if (prefix === '' && (child.name === 'configSections' || child.name === 'location')) continue;
      const name = prefix === '' ? child.name : `${prefix}/${child.name}`;
      if (known.has(name)) out.push({ section: name, element: child, location });
      else walk(child, name, location);
    }
  };
  walk(doc.root, '', null);
  for (const loc of doc.root.children) {
    if (loc.name !== 'location') continue;
    const raw = (doc.attr(loc, 'path')?.value ?? '').replace(/^\/+|\/+$/g, '');
    walk(loc, '', raw === '' || raw === '.' ? null : raw);
  }
  return out;
}

/** The first MAX_CONFIG_BYTES of a file as UTF-8 text (a file larger than that is refused anyway). */
function readHead(path: string, file: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new ConfigError('NOT_FOUND', `The file ${file} does not exist.`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new ConfigError('NOT_A_FILE', `${file} is not a file.`);
    const buffer = Buffer.alloc(Math.min(fstatSync(fd).size, MAX_CONFIG_BYTES));
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const LOCK_ATTRIBUTES = [
  'lockAttributes',
  'lockAllAttributesExcept',
  'lockElements',
  'lockAllElementsExcept',
];

/** The lock attributes of an element and of its child elements (not collection entries), by element path. */
function localLocks(
  doc: ConfigDocument,
  el: XmlElement,
  path: string,
  collectionElements: ReadonlySet<string>,
  out: Record<string, Record<string, string>>,
): Record<string, Record<string, string>> {
  const locks: Record<string, string> = {};
  for (const name of LOCK_ATTRIBUTES) {
    const a = doc.attr(el, name);
    if (a) locks[name] = a.value;
  }
  if (Object.keys(locks).length > 0) out[path] = locks;
  for (const child of el.children) {
    if (collectionElements.has(child.name)) continue;
    localLocks(doc, child, path === '' ? child.name : `${path}.${child.name}`, collectionElements, out);
  }
  return out;
}

/**
 * Search Configuration (IIS Manager's Configuration Editor): where a section is set across the
 * server's files, with the level and file of each hit; and the lines of a configuration file around a
 * line, for the console's Config Error view.
 */
export const configSearchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        summary:
          'Where a section is set across the server’s configuration files (file, level, location, line)',
        tags: ['configuration'],
        querystring: ConfigSearchQuery,
        response: { 200: ConfigSearchResponse, ...errorResponses(400, 401, 422) },
      },
    },
    async (request) => {
      const system = app.configuration;
      const wanted = request.query.section.trim().toLowerCase();
      const scope = request.query.path;
      const names = system.schema().sections.map((s) => s.name);
      const known = new Set(names);
      const items: ConfigSearchHit[] = [];
      const unreadable: Array<{ file: string; message: string }> = [];
      let searched = 0;
      for (const f of serverFiles(system)) {
        const file = system.files.get(f.path);
        if (!file.exists) continue;
        const rel = system.root.relative(f.path);
        if (file.error || !file.doc) {
          unreadable.push({ file: rel, message: file.error?.message ?? 'The file cannot be read.' });
          continue;
        }
        searched++;
        for (const hit of sectionsIn(file.doc, known)) {
          if (wanted && !hit.section.toLowerCase().includes(wanted)) continue;
          const sitePath = hit.location === null ? f.sitePath : joinSitePath(f.sitePath, hit.location);
          if (scope && !isSitePathWithin(sitePath, scope)) continue;
          const configPath =
            hit.location === null ? f.configPath : configPathOf(joinSitePath(f.sitePath, hit.location));
          items.push({
            section: hit.section,
            file: rel,
            fileConfigPath: f.configPath,
            location: hit.location,
            configPath,
            sitePath,
            line: hit.element.line,
            column: hit.element.column,
            attributes: hit.element.attributes.length,
            children: hit.element.children.length,
          });
        }
      }
      return { items, unreadable, files: searched };
    },
  );

  app.get(
    '/section/local-locks',
    {
      schema: {
        summary:
          'The lock attributes (lockAttributes, lockElements, …) set in the place a write at this level edits, by element path',
        tags: ['configuration'],
        querystring: SectionQuery,
        response: { 200: LocalLocksResponse, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (request) => {
      const { section, path, commit } = request.query;
      const view = app.configEngine.getSection(section, path, { client: 'console', commit });
      if (!view.target) return { elements: {} };
      const system = app.configuration;
      const file = system.files.get(system.root.resolve(view.target.file));
      if (!file.doc) return { elements: {} };
      const doc = file.doc;
      const sectionPath = view.section.split('/');
      const el =
        doc.root.name === sectionPath.at(-1) ? doc.root : findSection(doc, sectionPath, view.target.location);
      if (!el) return { elements: {} };
      // Collection entries (`add`, `remove`, `clear`) are items, not child elements.
      const directives = new Set<string>();
      const walk = (e: {
        collection?: { addElement: string[]; removeElement?: string; clearElement?: string };
      }) => {
        for (const n of e.collection?.addElement ?? []) directives.add(n);
        if (e.collection?.removeElement) directives.add(e.collection.removeElement);
        if (e.collection?.clearElement) directives.add(e.collection.clearElement);
      };
      walk(view);
      for (const child of Object.values(view.elements)) walk(child);
      return { elements: localLocks(doc, el, '', directives, {}) };
    },
  );

  app.get(
    '/file-excerpt',
    {
      schema: {
        summary: 'The lines of a configuration file (.config, inside the root) around a line',
        tags: ['configuration'],
        querystring: FileExcerptQuery,
        response: { 200: FileExcerptResponse, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { file, line, context } = request.query;
      if (!/\.config$/i.test(file)) {
        throw new ConfigError('VALIDATION', 'Only configuration files (.config) can be shown.');
      }
      const system = app.configuration;
      const path = system.root.resolve(file);
      // Read as bytes: the file is usually one the parser refused, so there is no parse to ask.
      const lines = readHead(path, file).split(/\r\n|\r|\n/);
      const from = Math.max(1, line - context);
      const to = Math.min(lines.length, line + context);
      const out: Array<{ number: number; text: string }> = [];
      for (let n = from; n <= to; n++)
        out.push({ number: n, text: (lines[n - 1] ?? '').replace(/^\uFEFF/, '') });
      return { file: system.root.relative(path), lines: out };
    },
  );
};
