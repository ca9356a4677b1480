// What the Application Pools and Sites routes share: the W3SVC state of the host, and how a write is
// audited (the same record as every configuration write: files, a masked diff summary, history).

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SectionApplyResult } from '@iis-console/config';
import { summarizeDiff } from '../audit/diff-summary.js';
import { maskDeep } from '../mask.js';
import { W3svcStatus } from '../iis/w3svcStatus.js';

const statusByApp = new WeakMap<FastifyInstance, W3svcStatus>();

/** The host's W3SVC states (Unknown off Windows, or when the root is not this server's system drive). */
export function w3svcStatus(app: FastifyInstance): W3svcStatus {
  let status = statusByApp.get(app);
  if (!status) {
    status = new W3svcStatus(app.configuration.root.dir);
    statusByApp.set(app, status);
  }
  return status;
}

/** Audits a write that changed something (nothing is recorded for a change that wrote nothing). */
export async function auditWrite(
  app: FastifyInstance,
  request: FastifyRequest,
  action: string,
  target: string,
  result: SectionApplyResult,
  details: Record<string, unknown> = {},
): Promise<void> {
  if (!result.changed) return;
  await app.audit.recordRequest(request, {
    action,
    target,
    files: result.files,
    diffSummary: result.diffs.map((d) => summarizeDiff(d.file, d.before, d.after)).join('\n'),
    details: { ...(maskDeep(details) as Record<string, unknown>), history: result.history?.id },
  });
}
