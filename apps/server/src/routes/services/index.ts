import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorCode,
  StateServicePatch,
  StateServiceResponse,
  type StateServicePatch as Patch,
} from '@iis-console/contracts';
import { maskStoreUrl, parseStoreUrl } from '@iis-console/state-server';
import { forgetStateServiceInput } from '../../advisor/sessionStateAdvice.js';
import { errorResponses, HttpError } from '../../errors.js';
import {
  SERVICE_ERRORS,
  ServiceError,
  STATE_SERVICE_NAME,
  type StateServiceController,
} from '../../services/controller.js';

const ServiceParams = z.object({ name: z.string().min(1).max(256) });

/** HTTP status of the sc errors: a refusal by the service's state is 409, a missing service 404. */
const STATUS_OF_WIN32: Record<number, number> = { 1056: 409, 1058: 409, 1061: 409, 1062: 409, 1060: 404 };

/** A ServiceError in the API's error shape, with sc's message and the Win32 error's symbolic name. */
export function serviceHttpError(error: ServiceError): HttpError {
  const status = error.win32Code !== undefined ? (STATUS_OF_WIN32[error.win32Code] ?? 500) : 500;
  return new HttpError(status, error.code, error.message);
}

type Action = 'start' | 'stop' | 'restart';

/**
 * `/api/services/aspnet_state`: status, startup type and settings of the ASP.NET State Service;
 * start, stop, restart and PATCH need an administrator (the default policy). Service names are
 * matched without regard to case, as Windows does; any other name is sc's 1060.
 */
export const serviceRoutes: FastifyPluginAsyncZod = async (app) => {
  const controllerFor = (name: string): StateServiceController => {
    if (name.toLowerCase() !== STATE_SERVICE_NAME) {
      throw new HttpError(404, SERVICE_ERRORS[1060].name, SERVICE_ERRORS[1060].message);
    }
    return app.stateService;
  };

  /** Runs an operation; audits what it did, or what refused it. */
  const audited = async (
    request: FastifyRequest,
    action: string,
    operation: () => Promise<StateServiceResponse>,
    details: Record<string, unknown> = {},
  ): Promise<StateServiceResponse> => {
    try {
      const result = await operation().finally(() => forgetStateServiceInput(app));
      await app.audit.recordRequest(request, {
        action,
        target: STATE_SERVICE_NAME,
        details: { ...details, status: result.status, pid: result.pid },
      });
      return result;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      await app.audit.recordRequest(request, {
        action,
        target: STATE_SERVICE_NAME,
        details: { ...details, refused: error.code, message: error.message },
      });
      throw serviceHttpError(error);
    }
  };

  app.get(
    '/:name',
    {
      schema: {
        summary: 'Status, startup type and settings of the ASP.NET State Service',
        tags: ['services'],
        params: ServiceParams,
        response: { 200: StateServiceResponse, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      try {
        return await controllerFor(request.params.name).describe();
      } catch (error) {
        if (error instanceof ServiceError) throw serviceHttpError(error);
        throw error;
      }
    },
  );

  for (const action of ['start', 'stop', 'restart'] as const satisfies readonly Action[]) {
    app.post(
      `/:name/${action}`,
      {
        schema: {
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} the ASP.NET State Service`,
          description:
            action === 'stop'
              ? 'Waits until the service has stopped. 409 with sc’s message when it is not running (1062).'
              : 'Waits until the service accepts connections (or answers StartPending after the wait). 409 with sc’s message when the startup type is Disabled (1058) or, for start, when it is already running (1056).',
          tags: ['services'],
          params: ServiceParams,
          response: { 200: StateServiceResponse, ...errorResponses(401, 403, 404, 409, 500) },
        },
      },
      async (request) => {
        const controller = controllerFor(request.params.name);
        return audited(request, `service.${action}`, () => controller[action]());
      },
    );
  }

  app.patch(
    '/:name',
    {
      schema: {
        summary: 'Change the startup type and settings; settings take effect at the next start',
        tags: ['services'],
        params: ServiceParams,
        body: StateServicePatch,
        response: { 200: StateServiceResponse, ...errorResponses(400, 401, 403, 404, 500) },
      },
    },
    async (request) => {
      const controller = controllerFor(request.params.name);
      const patch: Patch = request.body;
      if (Object.keys(patch).length === 0) {
        throw new HttpError(
          400,
          ErrorCode.VALIDATION,
          'Send at least one of startupType, port, allowRemoteConnection, socketTimeout, store, keyPrefix.',
        );
      }
      checkStorePatch(patch, controller.kind);
      const before = await controller.describe();
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const current: Record<string, unknown> = { startupType: before.startupType, ...before.settings };
      for (const [key, value] of Object.entries(patch)) {
        // The audit log never holds a Redis password (the answer's settings are masked already).
        const shown = key === 'store' && typeof value === 'string' ? maskStoreUrl(value) : value;
        if (current[key] !== shown || (key === 'store' && shown !== value)) {
          changes[key] = { from: current[key], to: shown };
        }
      }
      if (Object.keys(changes).length === 0) return before;
      return audited(request, 'service.configure', () => controller.configure(patch), { changes });
    },
  );
};

/** `store` and `keyPrefix` of a PATCH: a store the service can use, a prefix Redis can take. */
function checkStorePatch(patch: Patch, kind: StateServiceController['kind']): void {
  if (patch.store !== undefined) {
    let store;
    try {
      store = parseStoreUrl(patch.store.replace(/:\*\*\*@/, '@'), {});
    } catch (error) {
      throw new HttpError(400, ErrorCode.VALIDATION, (error as Error).message);
    }
    if (store.kind !== 'memory' && kind === 'windows') {
      throw new HttpError(
        400,
        ErrorCode.VALIDATION,
        "Windows' aspnet_state keeps sessions in its own memory: a Redis store needs the built-in state service.",
      );
    }
  }
  if (patch.keyPrefix !== undefined && [...patch.keyPrefix].some((c) => c < ' ' || c === '\x7f')) {
    throw new HttpError(400, ErrorCode.VALIDATION, 'keyPrefix must not contain control characters.');
  }
}
