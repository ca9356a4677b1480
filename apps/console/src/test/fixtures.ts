// Test data in the API's shapes (packages/contracts).

import type {
  SectionResponse,
  SessionStateAttribute,
  SessionStateResponse,
  StateServiceResponse,
  TreeNode,
} from '@iis-console/contracts';

export const MACHINE = 'IISHOST';

const DEFAULTS: Record<string, string> = {
  allowCustomSqlDatabase: 'false',
  compressionEnabled: 'false',
  cookieless: 'UseCookies',
  cookieName: 'ASP.NET_SessionId',
  customProvider: '',
  mode: 'InProc',
  partitionResolverType: '',
  regenerateExpiredSessionId: 'true',
  sessionIDManagerType: '',
  sqlCommandTimeout: '30',
  sqlConnectionRetryInterval: '0',
  sqlConnectionString: 'data source=localhost;Integrated Security=SSPI',
  stateConnectionString: 'tcpip=loopback:42424',
  stateNetworkTimeout: '10',
  timeout: '20',
  useHostingIdentity: 'true',
  cookieSameSite: 'Lax',
  historySize: '9',
};

export const SITE_FILE = 'inetpub/WebSite1/web.config';

/** An attribute set in the site's own web.config. */
export function setHere(value: string, line = 4): Partial<SessionStateAttribute> {
  return {
    value,
    stored: value,
    local: true,
    origin: { file: SITE_FILE, configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1', line, column: 5 },
  };
}

/** A Session State GET for WebSite1 where every value is the schema default, with overrides. */
export function sessionState(
  overrides: Partial<Omit<SessionStateResponse, 'attributes'>> & {
    attributes?: Record<string, Partial<SessionStateAttribute>>;
  } = {},
): SessionStateResponse {
  const { attributes: attrOverrides = {}, ...rest } = overrides;
  const attributes: Record<string, SessionStateAttribute> = {};
  for (const [name, value] of Object.entries(DEFAULTS)) {
    attributes[name] = {
      section: name === 'historySize' ? 'system.web/sessionPageState' : 'system.web/sessionState',
      value,
      origin: 'default',
      local: false,
      locked: false,
      ...attrOverrides[name],
    };
  }
  return {
    path: 'WebSite1',
    configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
    levelKind: 'site',
    attributes,
    unknownAttributes: [],
    providers: [],
    connectionStrings: [
      { name: 'LocalSqlServer', connectionString: 'data source=.\\SQLEXPRESS;Integrated Security=SSPI' },
    ],
    target: {
      file: SITE_FILE,
      configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
      location: null,
      exists: true,
    },
    readOnly: null,
    sectionLocked: false,
    errors: [],
    warnings: [],
    etag: '"etag-1"',
    ...rest,
  };
}

export function serverTree(): TreeNode {
  const site = (name: string, children: TreeNode[] = []): TreeNode => ({
    kind: 'site',
    name,
    path: name,
    configPath: `MACHINE/WEBROOT/APPHOST/${name}`,
    children,
  });
  return {
    kind: 'server',
    name: MACHINE,
    path: '',
    configPath: 'MACHINE/WEBROOT',
    children: [
      {
        kind: 'sites',
        name: 'Sites',
        path: '',
        configPath: 'MACHINE/WEBROOT/APPHOST',
        children: [
          site('WebSite1', [
            {
              kind: 'application',
              name: 'app',
              path: 'WebSite1/app',
              configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1/app',
              children: [],
            },
          ]),
          site('WebSite2', [
            {
              kind: 'virtualDirectory',
              name: 'help',
              path: 'WebSite2/help',
              configPath: 'MACHINE/WEBROOT/APPHOST/WebSite2/help',
              children: [],
            },
          ]),
        ],
      },
    ],
  };
}

export function stateService(overrides: Partial<StateServiceResponse> = {}): StateServiceResponse {
  return {
    name: 'aspnet_state',
    displayName: 'ASP.NET State Service',
    status: 'Stopped',
    startupType: 'Manual',
    settings: { port: 42424, allowRemoteConnection: false, socketTimeout: 30 },
    runningSettings: null,
    pid: null,
    controller: 'builtin',
    counters: null,
    restartRequired: false,
    ...overrides,
  };
}

/**
 * A section as `GET /api/config/section` answers it at WebSite1, written to the site's web.config,
 * unlocked and without errors; `fields` gives the section, its values and anything else that differs.
 */
export function sectionAtWebSite1(
  fields: Pick<SectionResponse, 'section' | 'attributes' | 'elements' | 'declaration' | 'etag'> &
    Partial<SectionResponse>,
): SectionResponse {
  return {
    sitePath: 'WebSite1',
    configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
    levelKind: 'site',
    name: fields.section,
    path: '',
    locked: false,
    unknownAttributes: [],
    overrideMode: 'Allow',
    sectionLocked: false,
    target: {
      file: SITE_FILE,
      configPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
      location: null,
      commitPath: 'MACHINE/WEBROOT/APPHOST/WebSite1',
      exists: true,
    },
    readOnly: null,
    errors: [],
    ...fields,
  };
}
