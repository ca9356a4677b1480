// The session state advisor (docs/advisor.md): pitfalls around session state that IIS Manager does not
// flag, computed from the effective configuration of a level — its session state, the application
// pool that serves it, httpCookies, and the ASP.NET State Service. Pure rules (no Node imports): the
// server gathers the inputs, the console may run the same rules on what it shows.

import type { SectionChange } from '../engine/types.js';
import { parseStateConnectionString } from '../session-state/state-connection-string.js';

export const ADVISOR_CODES = [
  'InProcWebGarden',
  'InProcIdleTimeout',
  'InProcRecycling',
  'StateServiceStopped',
  'CookielessUri',
  'SameSiteNoneInsecure',
] as const;
export type AdvisorCode = (typeof ADVISOR_CODES)[number];

/** `error`: users lose sessions now; `warning`: they lose them at times (idle, recycle, reboot, a leaked link). */
export type AdvisorSeverity = 'error' | 'warning';

/** A configuration change that removes the cause: which section, at which level, with what change. */
export interface AdvisorConfigFix {
  kind: 'config';
  /** The button's label ("Use State Server"). */
  label: string;
  section: string;
  /** Site path of the level the change is made at ('' = server), as the API's `path` takes it. */
  path: string;
  /** The level's config path (`MACHINE/WEBROOT/APPHOST/Site/app`). */
  configPath: string;
  /** The engine's change object (`PATCH /api/config/section?section=…&path=…`). */
  change: SectionChange;
}

/** A service operation that removes the cause (the state service's Start / Set to Automatic). */
export interface AdvisorServiceFix {
  kind: 'service';
  label: string;
  service: 'aspnet_state';
  /** Start it (`POST /api/services/aspnet_state/start`). */
  start: boolean;
  /** Then set its startup type (`PATCH /api/services/aspnet_state`). */
  startupType?: 'Automatic';
}

export type AdvisorFix = AdvisorConfigFix | AdvisorServiceFix;

export interface AdvisorWarning {
  code: AdvisorCode;
  severity: AdvisorSeverity;
  /** The attribute of the Session State page the warning concerns (`mode`, `timeout`, …). */
  field: string;
  /** One sentence: what happens to users' sessions. */
  message: string;
  fix?: AdvisorFix;
}

/** The effective application pool settings the rules read (canonical texts, as the engine shows them). */
export interface AdvisorPoolInput {
  name: string;
  /** `processModel.maxProcesses`. */
  maxProcesses: string;
  /** `processModel.idleTimeout` (`00:20:00`). */
  idleTimeout: string;
  /** `processModel.idleTimeoutAction` (`Terminate`, `Suspend`). */
  idleTimeoutAction?: string;
  /** `recycling.periodicRestart.time` (`1.05:00:00`). */
  periodicRestartTime: string;
  /** `recycling.periodicRestart.schedule` entries (`03:00:00`). */
  schedule: readonly string[];
}

export interface AdvisorServiceInput {
  status: string;
  startupType: string;
}

export interface SessionStateAdvisorInput {
  /** Site path of the level ('' = server). */
  path: string;
  configPath: string;
  /** Effective `system.web/sessionState` values (canonical; `timeout` in minutes or `Infinite`). */
  sessionState: {
    mode: string;
    cookieless: string;
    cookieSameSite: string;
    timeout: string;
    stateConnectionString: string;
  };
  /** Effective `system.web/httpCookies requireSSL` (`true`/`false`); unknown = not checked. */
  httpCookiesRequireSSL?: string;
  /** The pool of the level's application; absent at server level or when the pool is not defined. */
  applicationPool?: AdvisorPoolInput;
  /** The local ASP.NET State Service; absent when this server has none the console can see. */
  stateService?: AdvisorServiceInput;
  /** Named connection strings visible at the level (a stateConnectionString may name one). */
  connectionStrings?: ReadonlyArray<{ name: string; connectionString: string }>;
  /** This machine's host name (a connection string naming it points here). */
  machineName?: string;
}

export const APPLICATION_POOLS_SECTION = 'system.applicationHost/applicationPools';
export const HTTP_COOKIES_SECTION = 'system.web/httpCookies';
const SESSION_STATE = 'system.web/sessionState';
const APPHOST_CONFIG_PATH = 'MACHINE/WEBROOT/APPHOST';

/** Seconds of an engine time span (`[-][d.]hh:mm:ss[.fffffff]`); undefined when it is not one. */
export function timeSpanSeconds(text: string): number | undefined {
  const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.\d+)?)?$/.exec(text.trim());
  if (!m) return undefined;
  const seconds = Number(m[2] ?? 0) * 86400 + Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5] ?? 0);
  return m[1] ? -seconds : seconds;
}

/** `600` seconds → "10 minutes", `104400` → "1740 minutes" (IIS Manager counts these in minutes). */
function minutesText(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Host names that mean "this machine" for a state server connection string. */
export function isLocalStateServerHost(host: string, machineName?: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (['loopback', 'localhost', '127.0.0.1', '::1', '0:0:0:0:0:0:0:1', '.'].includes(h)) return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  if (!machineName) return false;
  const machine = machineName.toLowerCase();
  return h === machine || h.split('.')[0] === machine;
}

function localStateServer(input: SessionStateAdvisorInput): boolean {
  const value = input.sessionState.stateConnectionString;
  const named = input.connectionStrings?.find((c) => c.name.toLowerCase() === value.toLowerCase());
  const address = parseStateConnectionString(
    named && named.connectionString !== '' ? named.connectionString : value,
  );
  return address !== undefined && isLocalStateServerHost(address.server, input.machineName);
}

function useStateServer(input: SessionStateAdvisorInput): AdvisorConfigFix {
  return {
    kind: 'config',
    label: 'Use State Server',
    section: SESSION_STATE,
    path: input.path,
    configPath: input.configPath,
    change: { attributes: { mode: 'StateServer' } },
  };
}

/** The pool's item path in `system.applicationHost/applicationPools` (appcmd's notation). */
export function poolItemPath(name: string): string {
  return `[name='${name.replace(/'/g, '')}']`;
}

/**
 * The warnings of DESIGN.md for one level, in a fixed order (the codes' order). A rule that needs an
 * input the caller could not give (no pool, no service) does not fire.
 */
export function adviseSessionState(input: SessionStateAdvisorInput): AdvisorWarning[] {
  const out: AdvisorWarning[] = [];
  const ss = input.sessionState;
  const mode = ss.mode.toLowerCase();
  const inProc = mode === 'inproc';
  const pool = input.applicationPool;

  if (inProc && pool) {
    const processes = Number(pool.maxProcesses);
    if (Number.isFinite(processes) && processes > 1) {
      out.push({
        code: 'InProcWebGarden',
        severity: 'error',
        field: 'mode',
        message: `Application pool '${pool.name}' runs ${processes} worker processes (a web garden), each with its own in-process sessions, so users lose their session whenever a request reaches another process.`,
        fix: useStateServer(input),
      });
    }
    const idle = timeSpanSeconds(pool.idleTimeout);
    const suspend = (pool.idleTimeoutAction ?? '').toLowerCase() === 'suspend';
    const infinite = ss.timeout.toLowerCase() === 'infinite';
    const sessionSeconds = infinite ? Number.POSITIVE_INFINITY : Number(ss.timeout) * 60;
    if (
      idle !== undefined &&
      idle > 0 &&
      !suspend &&
      !Number.isNaN(sessionSeconds) &&
      idle < sessionSeconds
    ) {
      out.push({
        code: 'InProcIdleTimeout',
        severity: 'warning',
        field: 'timeout',
        message: `Application pool '${pool.name}' shuts its worker process down after ${minutesText(idle)} without requests, so when the site is quiet in-process sessions end before their ${infinite ? 'unlimited' : `${ss.timeout}-minute`} time-out.`,
        fix: {
          kind: 'config',
          label: 'Set Idle Time-out to 0',
          section: APPLICATION_POOLS_SECTION,
          path: '',
          configPath: APPHOST_CONFIG_PATH,
          change: {
            elements: {
              [`${poolItemPath(pool.name)}.processModel`]: { attributes: { idleTimeout: '00:00:00' } },
            },
          },
        },
      });
    }
    const every = timeSpanSeconds(pool.periodicRestartTime);
    const periodic = every !== undefined && every > 0;
    if (periodic || pool.schedule.length > 0) {
      const when = [
        ...(periodic ? [`every ${minutesText(every)}`] : []),
        ...(pool.schedule.length > 0 ? [`at ${pool.schedule.join(', ')}`] : []),
      ].join(' and ');
      out.push({
        code: 'InProcRecycling',
        severity: 'warning',
        field: 'mode',
        message: `Application pool '${pool.name}' recycles its worker process ${when}, and every recycle discards all in-process sessions, signing users out mid-visit.`,
        fix: useStateServer(input),
      });
    }
  }

  if (mode === 'stateserver' && input.stateService && localStateServer(input)) {
    const s = input.stateService;
    const running = s.status === 'Running';
    const automatic = s.startupType === 'Automatic';
    if (!running || !automatic) {
      out.push({
        code: 'StateServiceStopped',
        severity: running ? 'warning' : 'error',
        field: 'stateConnectionString',
        message: running
          ? `The ASP.NET State Service on this server runs but its startup type is ${s.startupType}, so after a restart of the server every request that uses session state fails until someone starts it.`
          : `The ASP.NET State Service on this server is ${s.status} (startup type ${s.startupType}), so every request that uses session state fails until the service runs.`,
        ...(s.startupType === 'Disabled'
          ? {}
          : {
              fix: {
                kind: 'service' as const,
                label: running ? 'Set to Automatic' : 'Start service',
                service: 'aspnet_state' as const,
                start: !running && s.status === 'Stopped',
                ...(automatic ? {} : { startupType: 'Automatic' as const }),
              },
            }),
      });
    }
  }

  const sessions = mode !== 'off';
  const cookieless = ss.cookieless.toLowerCase();
  const inUri = cookieless === 'useuri' || cookieless === 'true';
  if (sessions && inUri) {
    out.push({
      code: 'CookielessUri',
      severity: 'warning',
      field: 'cookieless',
      message:
        'Session IDs travel in URLs, so anyone who gets a shared link, a bookmark or a Referer header from a user can take over that user’s session.',
    });
  }

  if (
    sessions &&
    !inUri &&
    ss.cookieSameSite.toLowerCase() === 'none' &&
    input.httpCookiesRequireSSL !== undefined &&
    input.httpCookiesRequireSSL.toLowerCase() !== 'true'
  ) {
    out.push({
      code: 'SameSiteNoneInsecure',
      severity: 'error',
      field: 'cookieSameSite',
      message:
        'The session cookie says SameSite=None without Secure (httpCookies requireSSL is false), so current browsers reject it and users get a new, empty session on every request.',
      fix: {
        kind: 'config',
        label: 'Require SSL for cookies',
        section: HTTP_COOKIES_SECTION,
        path: input.path,
        configPath: input.configPath,
        change: { attributes: { requireSSL: 'true' } },
      },
    });
  }
  return out;
}
