// The Session State change as this console makes it, for `/api/config/session-state` and for the
// farm's own member (farm/members.ts): the preview (diff per file and the ETag it was computed on) and
// the audited write.
import type { FastifyRequest } from 'fastify';
import type { ApplyResult } from '@iis-console/config';
import type { SessionStatePatch, SessionStatePreviewResponse } from '@iis-console/contracts';
import type { App } from '../../app.js';
import { summarizeDiff } from '../../audit/diff-summary.js';
import { maskDeep } from '../../mask.js';
import { currentUser } from '../current-user.js';
import { unifiedDiff } from './diffs.js';

/** What a PATCH with `ifMatch` would write at `path`: the unified diff per file; nothing is written. */
export function previewSessionState(
  app: App,
  path: string,
  changes: SessionStatePatch,
  ifMatch?: string | string[],
): SessionStatePreviewResponse {
  const result = app.sessionState.preview(path, changes, {
    client: 'console',
    ...(typeof ifMatch === 'string' ? { ifMatch } : {}),
  });
  return {
    changed: result.changed,
    files: result.diffs.map((d) => ({
      file: d.file,
      diff: unifiedDiff(d.file, d.before === '' ? null : d.before, d.after),
    })),
    etag: result.view.etag,
  };
}

/**
 * Writes `changes` at `path` with `ifMatch` as the signed-in user, and audits a change that wrote
 * something as `config.sessionState.set` (`via` says which route, e.g. `farm`).
 */
export async function writeSessionState(
  app: App,
  request: FastifyRequest,
  path: string,
  changes: SessionStatePatch,
  ifMatch: string,
  via?: string,
): Promise<ApplyResult> {
  const result = app.sessionState.apply(path, changes, {
    client: 'console',
    ifMatch,
    user: currentUser(request).username,
  });
  if (result.changed) {
    await app.audit.recordRequest(request, {
      action: 'config.sessionState.set',
      target: result.configPath,
      files: result.files,
      diffSummary: result.diffs.map((d) => summarizeDiff(d.file, d.before, d.after)).join('\n'),
      details: {
        changes: maskDeep(changes),
        history: result.history?.id,
        ...(via === undefined ? {} : { via }),
      },
    });
  }
  return result;
}
