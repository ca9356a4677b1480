import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HistoryDiffResponse, HistoryEntry, HistoryListResponse } from '@iis-console/contracts';
import { summarizeDiff } from '../../audit/diff-summary.js';
import { errorResponses } from '../../errors.js';
import { unifiedDiff } from '../config/diffs.js';
import { maskSecrets } from '../../mask.js';

const HistoryParams = z.object({
  id: z.string().regex(/^CFGHISTORY_\d{10}$/, 'Expected CFGHISTORY_ and 10 digits.'),
});

/** Configuration history (`inetpub/history/CFGHISTORY_NNNNNNNNNN`): list, diff against now, rollback. */
export const historyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      schema: {
        summary: 'Saved versions, newest first',
        tags: ['history'],
        response: { 200: HistoryListResponse, ...errorResponses(401) },
      },
    },
    async () => ({ items: app.configuration.committer.listHistory() }),
  );

  app.get(
    '/:id',
    {
      schema: {
        summary: 'The diff of each saved file against the current file',
        tags: ['history'],
        params: HistoryParams,
        response: { 200: HistoryDiffResponse, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => ({
      id: request.params.id,
      files: app.configuration.historyComparison(request.params.id).map((f) => {
        const diff = unifiedDiff(f.file, f.current, f.saved);
        // Readers never see secrets: machine keys and passwords are masked in their diffs.
        return { file: f.file, diff: request.user?.role === 'administrator' ? diff : maskSecrets(diff) };
      }),
    }),
  );

  app.post(
    '/:id/rollback',
    {
      schema: {
        summary: 'Put back the saved versions (itself saved to history, so it can be undone)',
        tags: ['history'],
        params: HistoryParams,
        response: {
          200: z.object({ history: HistoryEntry, files: z.array(z.string()) }),
          ...errorResponses(400, 401, 403, 404, 409, 422, 507),
        },
      },
    },
    async (request) => {
      const comparison = app.configuration.historyComparison(request.params.id);
      const result = app.configuration.rollback(request.params.id, { user: request.user?.username });
      const files = result.files.map((f) => app.configuration.root.relative(f));
      await app.audit.recordRequest(request, {
        action: 'config.rollback',
        target: request.params.id,
        files,
        diffSummary: comparison.map((c) => summarizeDiff(c.file, c.current ?? '', c.saved ?? '')).join('\n'),
        details: { history: result.history.id },
      });
      return { history: result.history, files };
    },
  );
};
