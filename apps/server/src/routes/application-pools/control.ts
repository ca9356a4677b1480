// Start, Stop and Recycle of an application pool: W3SVC's verbs, asked of IIS's own appcmd.exe where
// the host runs IIS and the root is its system drive. Anywhere else they are refused with the reason
// the list gives for its `Unknown` states (nothing to start on a host without W3SVC).

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applicationPoolsView, requireApplicationPool } from '@iis-console/config';
import { ApplicationPoolsResponse, PoolParams } from '@iis-console/contracts';
import { errorResponses, HttpError } from '../../errors.js';
import { w3svcStatus } from '../apphost-objects.js';

export const POOL_COMMANDS = ['start', 'stop', 'recycle'] as const;
export type PoolCommand = (typeof POOL_COMMANDS)[number];

/** What appcmd.exe printed of a refusal (`ERROR ( message:… )`), or its whole output. */
export function appcmdMessage(output: string): string {
  const m = /ERROR \( message:([\s\S]*?) \)\s*$/.exec(output.trim());
  return (m?.[1] ?? output).trim();
}

/** Runs `appcmd.exe <command> apppool /apppool.name:<name>`; resolves, or rejects with appcmd's message. */
function runAppcmd(command: PoolCommand, name: string): Promise<void> {
  const exe = join(process.env.windir ?? 'C:\\Windows', 'System32', 'inetsrv', 'appcmd.exe');
  return new Promise((resolve, reject) => {
    execFile(
      exe,
      [command, 'apppool', `/apppool.name:${name}`],
      { timeout: 30_000, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) resolve();
        else reject(new Error(appcmdMessage(`${String(stdout)}${String(stderr)}`) || error.message));
      },
    );
  });
}

/** Registers `POST /application-pools/:name/{start,stop,recycle}`; each answers with the list. */
export function poolControlRoutes(
  list: (app: FastifyInstance) => Promise<ApplicationPoolsResponse>,
): FastifyPluginAsyncZod {
  return async (app) => {
    for (const command of POOL_COMMANDS) {
      app.post(
        `/application-pools/:name/${command}`,
        {
          schema: {
            summary: `${command[0]!.toUpperCase()}${command.slice(1)} an application pool (W3SVC, through IIS's appcmd.exe)`,
            tags: ['application pools'],
            params: PoolParams,
            response: { 200: ApplicationPoolsResponse, ...errorResponses(401, 403, 404, 409, 422) },
          },
        },
        async (request) => {
          const pool = app.configuration.files.withPass(() =>
            requireApplicationPool(applicationPoolsView(app.configEngine), request.params.name),
          );
          const name = pool.key.name ?? request.params.name;
          const reason = w3svcStatus(app).unavailableReason();
          if (reason) throw new HttpError(409, 'UNAVAILABLE', reason);
          try {
            await runAppcmd(command, name);
          } catch (error) {
            await app.audit.recordRequest(request, {
              action: `apppool.${command}`,
              target: name,
              details: { refused: (error as Error).message },
            });
            throw new HttpError(409, 'W3SVC', (error as Error).message);
          }
          await app.audit.recordRequest(request, { action: `apppool.${command}`, target: name });
          return list(app);
        },
      );
    }
  };
}
