import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  SectionChange,
  SectionLockRequest,
  SectionPreviewResponse,
  SectionQuery,
  SectionResponse,
  SectionsResponse,
  LevelQuery,
} from '@iis-console/contracts';
import type { SectionApplyResult } from '@iis-console/config';
import { summarizeDiff } from '../../audit/diff-summary.js';
import { errorResponses } from '../../errors.js';
import { requireIfMatch } from '../if-match.js';
import { auditChange, maskSectionForReader } from '../../audit/audit-change.js';
import { unifiedDiff } from '../config/diffs.js';
import { currentUser } from '../current-user.js';

function previewBody(result: SectionApplyResult) {
  return {
    changed: result.changed,
    files: result.diffs.map((d) => ({
      file: d.file,
      diff: unifiedDiff(d.file, d.before === '' ? null : d.before, d.after),
    })),
  };
}

/**
 * Any configuration section through the one engine (docs/engine.md): the sections of a level, a
 * section's effective attributes, child elements and collections with origins and locks, changes
 * (attributes, elements, collection add/remove/set/clear) with If-Match, a preview, and lock/unlock.
 */
export const configSectionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/sections',
    {
      schema: {
        summary: 'The configuration sections the schema defines, and whether each may be set at this level',
        tags: ['configuration'],
        querystring: LevelQuery,
        response: { 200: SectionsResponse, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (request) => ({ items: app.configEngine.sections(request.query.path) }),
  );

  app.get(
    '/section',
    {
      schema: {
        summary:
          'A section at a level: every attribute, child element and collection item with origin and lock',
        tags: ['configuration'],
        querystring: SectionQuery,
        response: { 200: SectionResponse, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (request, reply) => {
      const { section, path, commit } = request.query;
      const view = app.configEngine.getSection(section, path, { client: 'console', commit });
      const shown = request.user?.role === 'administrator' ? view : maskSectionForReader(view);
      return reply.header('etag', view.etag).header('cache-control', 'no-store').send(shown);
    },
  );

  app.patch(
    '/section',
    {
      schema: {
        summary:
          'Change a section (If-Match required): attributes (null reverts), child elements, collections',
        tags: ['configuration'],
        querystring: SectionQuery,
        headers: z.object({ 'if-match': z.string().optional() }).passthrough(),
        body: SectionChange,
        response: {
          200: SectionResponse,
          ...errorResponses(400, 401, 403, 404, 409, 412, 413, 422, 428, 507),
        },
      },
    },
    async (request, reply) => {
      const ifMatch = requireIfMatch(request.headers['if-match']);
      const { section, path, commit } = request.query;
      const user = currentUser(request);
      const result = app.configEngine.apply(section, path, request.body, {
        client: 'console',
        commit: request.body.commit ?? commit,
        ifMatch,
        user: user.username,
      });
      if (result.changed) {
        await app.audit.recordRequest(request, {
          action: 'config.section.set',
          target: `${result.view.section} at ${result.configPath}`,
          files: result.files,
          diffSummary: result.diffs.map((d) => summarizeDiff(d.file, d.before, d.after)).join('\n'),
          details: {
            changes: auditChange(request.body, app.configEngine.sectionSchema(section)),
            history: result.history?.id,
          },
        });
      }
      return reply.header('etag', result.view.etag).send(result.view);
    },
  );

  app.post(
    '/section/preview',
    {
      schema: {
        summary: 'What a PATCH would write: the unified diff per file. Nothing is written.',
        tags: ['configuration'],
        querystring: SectionQuery,
        body: SectionChange,
        response: { 200: SectionPreviewResponse, ...errorResponses(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request) => {
      const ifMatch = request.headers['if-match'];
      const { section, path, commit } = request.query;
      const result = app.configEngine.preview(section, path, request.body, {
        client: 'console',
        commit: request.body.commit ?? commit,
        ...(typeof ifMatch === 'string' ? { ifMatch } : {}),
      });
      return previewBody(result);
    },
  );

  app.post(
    '/section/lock',
    {
      schema: {
        summary:
          'Lock (Deny) or unlock (Allow) a section for a path: overrideMode on its <location> in applicationHost.config',
        tags: ['configuration'],
        querystring: SectionQuery,
        body: SectionLockRequest,
        response: { 200: SectionResponse, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { section, path } = request.query;
      const user = currentUser(request);
      const result = app.configEngine.setOverrideMode(section, path, request.body.overrideMode, {
        user: user.username,
      });
      if (result.changed) {
        await app.audit.recordRequest(request, {
          action: request.body.overrideMode === 'Deny' ? 'config.section.lock' : 'config.section.unlock',
          target: `${result.view.section} at ${result.configPath}`,
          files: result.files,
          diffSummary: result.diffs.map((d) => summarizeDiff(d.file, d.before, d.after)).join('\n'),
          details: {},
        });
      }
      return reply.header('etag', result.view.etag).send(result.view);
    },
  );
};
