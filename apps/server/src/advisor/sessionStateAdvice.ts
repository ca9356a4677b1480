// The session state advisor on the server (docs/advisor.md): gathers what the pure rules need for a
// level — the pool of its application and httpCookies (the configuration system), the local ASP.NET
// State Service (the service controller) and this machine's name — and returns the warnings.

import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type {
  AdvisorServiceInput,
  AdvisorWarning,
  ConfigurationSystem,
  SessionStateView,
} from '@iis-console/config';
import { AdvisorInputs, adviseSessionState } from '@iis-console/config';
import type { SessionStateWarning } from '@iis-console/contracts';

const inputsBySystem = new WeakMap<ConfigurationSystem, AdvisorInputs>();

function inputsOf(app: FastifyInstance): AdvisorInputs {
  let inputs = inputsBySystem.get(app.configuration);
  if (!inputs) {
    inputs = new AdvisorInputs(app.configuration, app.configEngine);
    inputsBySystem.set(app.configuration, inputs);
  }
  return inputs;
}

/** How long one look at the state service serves (the overview asks on every page). */
const SERVICE_TTL_MS = 2000;
/** By configuration system (one per app, shared by its plugin contexts): one look serves every route. */
const serviceCache = new WeakMap<
  ConfigurationSystem,
  { at: number; value: Promise<AdvisorServiceInput | undefined> }
>();

/** The local state service's status and startup type, or undefined when the console cannot see one. */
export function stateServiceInput(app: FastifyInstance): Promise<AdvisorServiceInput | undefined> {
  if (!app.hasDecorator('stateService')) return Promise.resolve(undefined);
  const controller = app.stateService;
  const cached = serviceCache.get(app.configuration);
  if (cached && Date.now() - cached.at < SERVICE_TTL_MS) return cached.value;
  const value = (async () => {
    try {
      const s = await controller.describe();
      return { status: s.status, startupType: s.startupType };
    } catch {
      return undefined;
    }
  })();
  serviceCache.set(app.configuration, { at: Date.now(), value });
  return value;
}

/**
 * The service was started, stopped or configured: the next warning looks again (the advisor's Start
 * service / Set to Automatic must not be answered by a look from before).
 */
export function forgetStateServiceInput(app: FastifyInstance): void {
  serviceCache.delete(app.configuration);
}

export const machineName = (): string => hostname();

/** The advisor's warnings for the level a Session State view was read at. */
export async function adviseLevel(app: FastifyInstance, view: SessionStateView): Promise<AdvisorWarning[]> {
  const inputs = inputsOf(app);
  const value = (name: string) => view.attributes[name]?.value ?? '';
  const sessionState = {
    mode: value('mode'),
    cookieless: value('cookieless'),
    cookieSameSite: value('cookieSameSite') || 'Lax',
    timeout: value('timeout'),
    stateConnectionString: value('stateConnectionString'),
  };
  const pool = app.configuration.files.withPass(() => inputs.poolFor(view.path));
  const needsCookies = sessionState.cookieSameSite.toLowerCase() === 'none' && sessionState.mode !== 'Off';
  const requireSSL = needsCookies ? inputs.httpCookiesRequireSSL(view.path) : undefined;
  const stateService = sessionState.mode === 'StateServer' ? await stateServiceInput(app) : undefined;
  return adviseSessionState({
    path: view.path,
    configPath: view.configPath,
    sessionState,
    ...(pool ? { applicationPool: pool } : {}),
    ...(requireSSL !== undefined ? { httpCookiesRequireSSL: requireSSL } : {}),
    ...(stateService ? { stateService } : {}),
    connectionStrings: view.connectionStrings,
    machineName: machineName(),
  });
}

/**
 * The Session State page's `warnings`: the file warnings it had (each now with a `code` and a
 * `severity`), then the advisor's (`attribute` = the field, `rule` = the code), as DESIGN.md's
 * `{ code, severity, message }`.
 */
export function pageWarnings(view: SessionStateView, advice: AdvisorWarning[]): SessionStateWarning[] {
  return [
    ...view.warnings.map((w) => ({ ...w, code: w.rule, severity: 'warning' as const })),
    ...advice.map((a) => ({
      attribute: a.field,
      rule: a.code,
      message: a.message,
      code: a.code,
      severity: a.severity,
      ...(a.fix ? { fix: a.fix } : {}),
    })),
  ];
}
