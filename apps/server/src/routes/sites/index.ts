import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type {
  SectionApplyResult,
  SectionChange,
  SectionView,
  ServerTree,
  SiteBinding,
} from '@iis-console/config';
import {
  ConfigError,
  SITES_SECTION,
  ValidationError,
  applicationPoolsView,
  bindingConflicts,
  bindingDisplay,
  bindingsChange,
  convertToApplicationChange,
  duplicateBindingMessage,
  findSite,
  locateSitePath,
  newApplicationChange,
  newSiteChange,
  newVirtualDirectoryChange,
  pathSelector,
  removeChange,
  siteRow,
  siteSelector,
  sitesView,
} from '@iis-console/config';
import {
  ApplicationCreate,
  ConvertToApplication,
  SiteBindingsChange,
  SiteCreate,
  SiteParams,
  SitePathQuery,
  SiteSettingsChange,
  SitesOverviewQuery,
  SitesOverviewResponse,
  SitesResponse,
  SiteWriteResponse,
  SiteItem,
  VirtualDirectoryCreate,
} from '@iis-console/contracts';
import { errorResponses, HttpError } from '../../errors.js';
import { requireIfMatch } from '../if-match.js';
import { currentUser } from '../current-user.js';
import { auditWrite, w3svcStatus } from '../apphost-objects.js';
import { advisedOverview } from '../overview/index.js';

const IfMatchHeaders = z.object({ 'if-match': z.string().optional() }).passthrough();
const WRITE_ERRORS = [400, 401, 403, 404, 409, 412, 413, 422, 428, 507] as const;

type TreeSite = ServerTree['sites'][number];
type SiteStates = Awaited<ReturnType<ReturnType<typeof w3svcStatus>['states']>>;

/** IIS Manager's Sites row of a site of the server tree, with W3SVC's state. */
function siteItem(site: TreeSite, status: SiteStates): SiteItem {
  const root = site.applications.find((a) => a.path === '/');
  const bindings = site.bindings.map((b) => ({
    protocol: b.protocol,
    bindingInformation: b.bindingInformation,
  }));
  return {
    name: site.name,
    id: site.id,
    status: status.states.get(site.name.toLowerCase()) ?? 'Unknown',
    bindings,
    binding: bindings.map(bindingDisplay).join(', '),
    physicalPath: root?.virtualDirectories.find((v) => v.path === '/')?.physicalPath ?? '',
    applicationPool: root?.applicationPool ?? '',
    serverAutoStart: site.serverAutoStart,
  };
}

/** The server tree and applicationHost.config's ETag, read together (one check of the files). */
function treeAndEtag(app: FastifyInstance) {
  return app.configuration.files.withPass(() => ({
    tree: app.configuration.serverTree(),
    // Every section of applicationHost.config at server level has the same ETag (the files read):
    // the pools section is the cheap one to compute.
    etag: applicationPoolsView(app.configEngine).etag,
  }));
}

/**
 * The Sites list from the server tree (read once per version of applicationHost.config, so 10,000
 * sites stay quick), with W3SVC's state and the ETag writes are checked against.
 */
async function siteList(app: FastifyInstance) {
  const { tree, etag } = treeAndEtag(app);
  const status = await w3svcStatus(app).states('SITE');
  return { items: tree.sites.map((site) => siteItem(site, status)), statusReason: status.reason, etag };
}

interface Level {
  site: TreeSite;
  physicalPath: string;
  applicationPool: string;
}

/** Every site and application by site path (lower case), built once per version of the tree. */
const levelsByTree = new WeakMap<ServerTree, Map<string, Level>>();
function levelsOf(tree: ServerTree): Map<string, Level> {
  let levels = levelsByTree.get(tree);
  if (!levels) {
    levels = new Map();
    for (const site of tree.sites)
      for (const a of site.applications)
        levels.set(`${site.name}${a.path === '/' ? '' : a.path}`.toLowerCase(), {
          site,
          physicalPath: a.virtualDirectories.find((v) => v.path === '/')?.physicalPath ?? '',
          applicationPool: a.applicationPool,
        });
    levelsByTree.set(tree, levels);
  }
  return levels;
}

/**
 * What a write returns, without re-reading the list (seconds at 10,000 sites): the new ETag (the
 * engine's view after the write), the site written as the list shows it, the history entry.
 */
async function written(
  app: FastifyInstance,
  result: SectionApplyResult,
  extra: { warnings?: string[]; created?: string; removed?: string; site?: string } = {},
) {
  const status = await w3svcStatus(app).states('SITE');
  const item = extra.site ? siteRow(findSite(result.view, extra.site)) : undefined;
  return {
    etag: result.view.etag,
    changed: result.changed,
    ...(result.history ? { history: result.history.id } : {}),
    warnings: extra.warnings ?? [],
    ...(extra.created ? { created: extra.created } : {}),
    ...(extra.removed ? { removed: extra.removed } : {}),
    ...(item
      ? { site: { ...item, status: status.states.get(item.name.toLowerCase()) ?? ('Unknown' as const) } }
      : {}),
    statusReason: status.reason,
  };
}

/**
 * IIS Manager's warning for bindings another site has: refused (409 DUPLICATE_BINDING, the question
 * IIS Manager asks) until the request says Yes (`allowDuplicateBinding`); then the warnings to return.
 */
function checkBindings(
  view: SectionView,
  bindings: readonly SiteBinding[],
  exceptSite: string | undefined,
  allow: boolean | undefined,
): string[] {
  const conflicts = bindingConflicts(view, bindings, exceptSite);
  if (conflicts.length === 0) return [];
  const messages = [...new Set(conflicts.map((c) => duplicateBindingMessage(c.binding)))];
  if (!allow) throw new HttpError(409, 'DUPLICATE_BINDING', messages.join('\n'));
  return messages;
}

/** The engine's 412 before a question is asked about a list that changed meanwhile. */
function checkEtag(view: SectionView, ifMatch: string): void {
  if (ifMatch !== '*' && ifMatch !== view.etag)
    throw new ConfigError(
      'PRECONDITION',
      'The configuration was changed by someone else since it was read. Reload to see the current values.',
    );
}

/** The application a site path lies in, and the path inside it (case as given): `Shop/api/docs` → `/api`, `/docs`. */
function inApplication(app: FastifyInstance, sitePath: string) {
  const located = locateSitePath(sitesView(app.configEngine), sitePath, 'VDIR');
  const appPath = located.app.key.path ?? '/';
  const inApp = appPath === '/' ? located.given : located.given.slice(appPath.length) || '/';
  return { ...located, appPath, inApp };
}

const joinVirtual = (base: string, alias: string) =>
  `${base === '/' ? '' : base.replace(/\/+$/, '')}/${alias.replace(/^\/+|\/+$/g, '')}`;

function checkAlias(alias: string): void {
  const a = alias.replace(/^\/+|\/+$/g, '');
  if (
    a === '' ||
    a.includes('/') ||
    a.includes('\\') ||
    a === '.' ||
    a === '..' ||
    /[?;:@&=+$,|"<>*]/.test(a)
  )
    throw new ValidationError([
      {
        attribute: 'alias',
        rule: 'VALUE',
        message: `The alias "${alias}" is not valid: use one path segment without ?;:@&=+$,|"<>*.`,
      },
    ]);
}

/**
 * `/api/sites` (IIS Manager's Sites), `/api/applications` and `/api/virtual-directories`: the list;
 * Add Website…, Edit Bindings…, Basic / Advanced Settings…, Remove; Add Application…, Convert to
 * Application, Add Virtual Directory…, and their Remove. Every write is checked against the list's
 * ETag (If-Match), goes through the engine (lossless, history) and is audited. Removing only removes
 * configuration: content on disk is never deleted.
 */
export const siteRoutes: FastifyPluginAsyncZod = async (app) => {
  const apply = (change: SectionChange, ifMatch: string, user: string) =>
    app.configEngine.apply(SITES_SECTION, '', change, { client: 'console', ifMatch, user });

  app.get(
    '/sites',
    {
      schema: {
        summary: 'Sites: name, ID, status, bindings, physical path',
        tags: ['sites'],
        response: { 200: SitesResponse, ...errorResponses(401, 422) },
      },
    },
    async (_request, reply) => {
      const list = await siteList(app);
      return reply.header('etag', list.etag).header('cache-control', 'no-store').send(list);
    },
  );

  app.get(
    '/sites/:name',
    {
      schema: {
        summary: 'One site as the Sites list shows it (name, ID, status, bindings, physical path)',
        tags: ['sites'],
        params: SiteParams,
        response: { 200: SiteItem, ...errorResponses(401, 404, 422) },
      },
    },
    async (request, reply) => {
      const { tree } = treeAndEtag(app);
      const name = request.params.name.toLowerCase();
      const site = tree.sites.find((s) => s.name.toLowerCase() === name);
      if (!site) {
        throw new HttpError(
          404,
          'NOT_FOUND',
          `Cannot find SITE object with identifier "${request.params.name}".`,
        );
      }
      const status = await w3svcStatus(app).states('SITE');
      return reply.header('cache-control', 'no-store').send(siteItem(site, status));
    },
  );

  app.get(
    '/sites/overview',
    {
      schema: {
        summary:
          'The Sites node: every site and application with its session state, the advisor’s warnings and the site columns (paged)',
        tags: ['sites'],
        querystring: SitesOverviewQuery,
        response: { 200: SitesOverviewResponse, ...errorResponses(400, 401, 422) },
      },
    },
    async (request, reply) => {
      const [page, status] = await Promise.all([
        advisedOverview(app, request.query),
        w3svcStatus(app).states('SITE'),
      ]);
      // The page's rows only (50 map lookups): the tree is the version the server holds now; a row
      // the overview knows but the tree not yet (a write between the two reads) keeps empty columns.
      const { tree, etag } = treeAndEtag(app);
      const levels = levelsOf(tree);
      const items = page.items.map((row) => {
        const level = levels.get(row.path.toLowerCase());
        return {
          ...row,
          physicalPath: level?.physicalPath ?? '',
          applicationPool: level?.applicationPool ?? '',
          ...(level && row.kind === 'site' ? { site: siteItem(level.site, status) } : {}),
        };
      });
      return reply
        .header('etag', etag)
        .header('cache-control', 'no-store')
        .send({ items, total: page.total, statusReason: status.reason, etag });
    },
  );

  app.post(
    '/sites',
    {
      schema: {
        summary:
          'Add Website… (a unique name and ID; a binding another site has needs allowDuplicateBinding)',
        tags: ['sites'],
        headers: IfMatchHeaders,
        body: SiteCreate,
        response: { 201: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const body = request.body;
      // A stale ETag, then a taken name or ID (IIS's message, from newSiteChange), then the bindings question.
      const view = sitesView(app.configEngine);
      checkEtag(view, ifMatch);
      const { change } = newSiteChange(view, {
        name: body.name,
        ...(body.id ? { id: body.id } : {}),
        physicalPath: body.physicalPath,
        ...(body.applicationPool ? { applicationPool: body.applicationPool } : {}),
        bindings: body.bindings,
        ...(body.serverAutoStart !== undefined
          ? { attributes: { serverAutoStart: String(body.serverAutoStart) } }
          : {}),
      });
      const warnings = checkBindings(view, body.bindings, undefined, body.allowDuplicateBinding);
      const result = apply(change, ifMatch, user.username);
      await auditWrite(app, request, 'site.add', body.name, result, { site: body });
      const out = await written(app, result, { warnings, created: body.name, site: body.name });
      return reply.code(201).header('etag', out.etag).send(out);
    },
  );

  app.patch(
    '/sites/:name',
    {
      schema: {
        summary: 'Basic / Advanced Settings…: physical path, application pool, ID, start automatically',
        tags: ['sites'],
        params: SiteParams,
        headers: IfMatchHeaders,
        body: SiteSettingsChange,
        response: { 200: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const view = sitesView(app.configEngine);
      const site = findSite(view, request.params.name);
      const name = site.key.name!;
      const { physicalPath, applicationPool, id, serverAutoStart } = request.body;
      if (id !== undefined) {
        const taken = (view.collection?.items ?? []).find((s) => s !== site && s.attributes.id?.value === id);
        if (taken)
          throw new ValidationError([
            {
              attribute: 'id',
              rule: 'DUPLICATE',
              message: `Cannot add duplicate collection entry of type 'site' with unique key attribute 'id' set to '${id}'`,
            },
          ]);
      }
      const s = siteSelector(name);
      const root = `${s}.${pathSelector('/')}`;
      const elements: NonNullable<SectionChange['elements']> = {};
      const siteAttributes: Record<string, string> = {
        ...(id !== undefined ? { id } : {}),
        ...(serverAutoStart !== undefined ? { serverAutoStart: String(serverAutoStart) } : {}),
      };
      if (Object.keys(siteAttributes).length > 0) elements[s] = { attributes: siteAttributes };
      if (applicationPool !== undefined) elements[root] = { attributes: { applicationPool } };
      if (physicalPath !== undefined)
        elements[`${root}.${pathSelector('/')}`] = { attributes: { physicalPath } };
      const result = apply({ elements }, ifMatch, user.username);
      await auditWrite(app, request, 'site.set', name, result, { changes: request.body });
      const out = await written(app, result, { site: name });
      return reply.header('etag', out.etag).send(out);
    },
  );

  app.put(
    '/sites/:name/bindings',
    {
      schema: {
        summary:
          'Edit Bindings…: the site’s bindings become these (only the bindings that change are written)',
        tags: ['sites'],
        params: SiteParams,
        headers: IfMatchHeaders,
        body: SiteBindingsChange,
        response: { 200: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const view = sitesView(app.configEngine);
      checkEtag(view, ifMatch);
      const site = findSite(view, request.params.name);
      const name = site.key.name!;
      const change = bindingsChange(site, request.body.bindings);
      // Only bindings being added are asked about (IIS Manager asks when one is added or edited).
      const added = (change.collections?.[`${siteSelector(name)}.bindings`] ?? []).flatMap((op) =>
        op.op === 'add'
          ? [{ protocol: op.attributes.protocol!, bindingInformation: op.attributes.bindingInformation! }]
          : [],
      );
      const warnings = checkBindings(view, added, name, request.body.allowDuplicateBinding);
      const result = apply(change, ifMatch, user.username);
      await auditWrite(app, request, 'site.bindings', name, result, { bindings: request.body.bindings });
      const out = await written(app, result, { warnings, site: name });
      return reply.header('etag', out.etag).send(out);
    },
  );

  app.delete(
    '/sites/:name',
    {
      schema: {
        summary: 'Remove a site (its configuration only: content on disk is never deleted)',
        tags: ['sites'],
        params: SiteParams,
        headers: IfMatchHeaders,
        response: { 200: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const { change, name } = removeChange(
        sitesView(app.configEngine),
        request.params.name.replace(/\//g, ''),
      );
      const result = apply(change, ifMatch, user.username);
      await auditWrite(app, request, 'site.delete', name, result);
      const out = await written(app, result, { removed: name });
      return reply.header('etag', out.etag).send(out);
    },
  );

  app.post(
    '/applications',
    {
      schema: {
        summary:
          'Add Application… below a site or an application (pool: the parent application’s by default)',
        tags: ['sites'],
        headers: IfMatchHeaders,
        body: ApplicationCreate,
        response: { 201: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const { parent, alias, physicalPath, applicationPool } = request.body;
      checkAlias(alias);
      const at = inApplication(app, parent);
      const siteName = at.site.key.name!;
      const path = joinVirtual(at.given, alias);
      // IIS Manager offers the parent application's pool (applicationDefaults applied, as the tree has it).
      const pool =
        applicationPool ||
        app.configuration.resolveLevel(`${siteName}${at.appPath === '/' ? '' : at.appPath}`).application
          ?.applicationPool;
      const { change } = newApplicationChange(sitesView(app.configEngine), {
        site: siteName,
        path,
        physicalPath,
        ...(pool ? { applicationPool: pool } : {}),
      });
      const result = apply(change, ifMatch, user.username);
      const created = `${siteName}${path}`;
      await auditWrite(app, request, 'app.add', created, result, { application: request.body });
      const out = await written(app, result, { created });
      return reply.code(201).header('etag', out.etag).send(out);
    },
  );

  app.post(
    '/applications/convert',
    {
      schema: {
        summary: 'Convert to Application: a virtual directory or folder becomes an application',
        tags: ['sites'],
        headers: IfMatchHeaders,
        body: ConvertToApplication,
        response: { 200: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const { change, site, path } = convertToApplicationChange(
        sitesView(app.configEngine),
        request.body.path,
        request.body.applicationPool,
      );
      const result = apply(change, ifMatch, user.username);
      const created = `${site}${path}`;
      await auditWrite(app, request, 'app.convert', created, result, { conversion: request.body });
      const out = await written(app, result, { created });
      return reply.header('etag', out.etag).send(out);
    },
  );

  app.delete(
    '/applications',
    {
      schema: {
        summary: 'Remove an application (configuration only; not a site’s root application)',
        tags: ['sites'],
        querystring: SitePathQuery,
        headers: IfMatchHeaders,
        response: { 200: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const removal = removeChange(sitesView(app.configEngine), request.query.path);
      if (removal.kind !== 'application')
        throw new ConfigError('NOT_FOUND', `Cannot find APP object with identifier "${request.query.path}".`);
      const result = apply(removal.change, ifMatch, user.username);
      await auditWrite(app, request, 'app.delete', removal.name, result);
      const out = await written(app, result, { removed: removal.name });
      return reply.header('etag', out.etag).send(out);
    },
  );

  app.post(
    '/virtual-directories',
    {
      schema: {
        summary: 'Add Virtual Directory… below a site, an application or a virtual directory',
        tags: ['sites'],
        headers: IfMatchHeaders,
        body: VirtualDirectoryCreate,
        response: { 201: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const { parent, alias, physicalPath } = request.body;
      checkAlias(alias);
      const at = inApplication(app, parent);
      const siteName = at.site.key.name!;
      const application = `${siteName}${at.appPath === '/' ? '/' : at.appPath}`;
      const { change, id } = newVirtualDirectoryChange(sitesView(app.configEngine), {
        application,
        path: joinVirtual(at.inApp, alias),
        physicalPath,
      });
      const result = apply(change, ifMatch, user.username);
      await auditWrite(app, request, 'vdir.add', id, result, { virtualDirectory: request.body });
      const out = await written(app, result, { created: id });
      return reply.code(201).header('etag', out.etag).send(out);
    },
  );

  app.delete(
    '/virtual-directories',
    {
      schema: {
        summary: 'Remove a virtual directory (configuration only; not an application’s root)',
        tags: ['sites'],
        querystring: SitePathQuery,
        headers: IfMatchHeaders,
        response: { 200: SiteWriteResponse, ...errorResponses(...WRITE_ERRORS) },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const user = currentUser(request);
      const removal = removeChange(sitesView(app.configEngine), request.query.path);
      if (removal.kind !== 'virtualDirectory')
        throw new ConfigError(
          'NOT_FOUND',
          `Cannot find VDIR object with identifier "${request.query.path}".`,
        );
      const result = apply(removal.change, ifMatch, user.username);
      await auditWrite(app, request, 'vdir.delete', removal.name, result);
      const out = await written(app, result, { removed: removal.name });
      return reply.header('etag', out.etag).send(out);
    },
  );
};
