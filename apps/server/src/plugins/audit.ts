import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditEntry } from '@iis-console/contracts';
import { AuditLog, type AuditRecord } from '../audit/audit-log.js';

export interface Audit {
  /** The underlying log (file path, reading). */
  readonly log: AuditLog;
  /**
   * Appends an entry. Never rejects: a failed append is logged as an error, so that an action that
   * already happened (a written config file) is not reported as failed.
   */
  record(record: AuditRecord): Promise<void>;
  /** Like `record`, with `user`, `via` and `ip` taken from the request. */
  recordRequest(request: FastifyRequest, record: Omit<AuditRecord, 'user' | 'via' | 'ip'>): Promise<void>;
  /** The last `limit` entries, newest first. */
  recent(limit: number): Promise<AuditEntry[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The audit log (`ProgramData/IISConsole/audit.log`): who did what, when, to which files. */
    audit: Audit;
  }
}

export interface AuditPluginOptions {
  root: string;
}

export const auditPlugin = fp<AuditPluginOptions>(
  async (app, options) => {
    const log = AuditLog.forRoot(options.root);
    const record = async (entry: AuditRecord): Promise<void> => {
      try {
        await log.record(entry);
      } catch (error) {
        app.log.error({ err: error, action: entry.action }, 'could not write the audit log');
      }
    };
    app.decorate('audit', {
      log,
      record,
      recordRequest: (request, entry) =>
        record({
          user: request.user?.username ?? 'anonymous',
          via: request.user?.authenticatedBy,
          ip: request.ip,
          ...entry,
          ...(request.user?.tokenId ? { details: { ...entry.details, tokenId: request.user.tokenId } } : {}),
        }),
      recent: (limit) => log.recent(limit),
    } satisfies Audit);
  },
  { name: 'iisconsole-audit', fastify: '5.x' },
);
