// The product's schema of the Session State feature: the two sections of the built-in
// schema/ASPNET_schema.xml plus `cookieSameSite`, as static data so that validation runs the same in the
// browser, the server and appcmd. A test keeps it equal to the schema file. Pure (no Node imports).

import {
  COOKIE_SAME_SITE_ATTRIBUTE,
  SESSION_PAGE_STATE_SECTION,
  SESSION_STATE_SECTION,
} from '../schema/extensions.js';
import type { AttributeSchema } from '../schema/types.js';

export type SessionStateSectionName = typeof SESSION_STATE_SECTION | typeof SESSION_PAGE_STATE_SECTION;

const bool = (name: string, defaultValue: 'True' | 'False'): AttributeSchema => ({
  name,
  type: 'bool',
  defaultValue,
});
const str = (name: string, defaultValue?: string): AttributeSchema =>
  defaultValue === undefined ? { name, type: 'string' } : { name, type: 'string', defaultValue };
const seconds = (name: string, defaultValue: string): AttributeSchema => ({
  name,
  type: 'timeSpan',
  allowInfinite: true,
  timeSpanFormat: 'seconds',
  defaultValue,
});

/** `system.web/sessionState` attributes in schema order (IIS's file lists them alphabetically). */
export const SESSION_STATE_ATTRIBUTES: readonly AttributeSchema[] = [
  bool('allowCustomSqlDatabase', 'False'),
  bool('compressionEnabled', 'False'),
  {
    name: 'cookieless',
    type: 'enum',
    defaultValue: 'UseCookies',
    enumValues: [
      { name: 'UseUri', value: 0 },
      { name: 'UseCookies', value: 1 },
      { name: 'AutoDetect', value: 2 },
      { name: 'UseDeviceProfile', value: 3 },
      { name: 'true', value: 0 },
      { name: 'false', value: 1 },
    ],
  },
  str('cookieName', 'ASP.NET_SessionId'),
  str('customProvider'),
  {
    name: 'mode',
    type: 'enum',
    defaultValue: 'InProc',
    enumValues: [
      { name: 'Off', value: 0 },
      { name: 'InProc', value: 1 },
      { name: 'StateServer', value: 2 },
      { name: 'SQLServer', value: 3 },
      { name: 'Custom', value: 4 },
    ],
  },
  str('partitionResolverType'),
  bool('regenerateExpiredSessionId', 'True'),
  str('sessionIDManagerType'),
  seconds('sqlCommandTimeout', '30'),
  seconds('sqlConnectionRetryInterval', '0'),
  str('sqlConnectionString', 'data source=localhost;Integrated Security=SSPI'),
  str('stateConnectionString', 'tcpip=loopback:42424'),
  seconds('stateNetworkTimeout', '10'),
  {
    name: 'timeout',
    type: 'timeSpan',
    validationType: 'timeSpanRange',
    validationParameter: '1,2147483640,60',
    allowInfinite: true,
    timeSpanFormat: 'minutes',
    defaultValue: '20',
  },
  bool('useHostingIdentity', 'True'),
  COOKIE_SAME_SITE_ATTRIBUTE,
];

/** `system.web/sessionPageState` attributes. */
export const SESSION_PAGE_STATE_ATTRIBUTES: readonly AttributeSchema[] = [
  {
    name: 'historySize',
    type: 'int',
    validationType: 'integerRange',
    validationParameter: '1,2147483647',
    defaultValue: '9',
  },
];

export interface SessionStateAttribute {
  section: SessionStateSectionName;
  schema: AttributeSchema;
}

/** Every attribute of the feature; names are unique across the two sections. */
export const SESSION_STATE_FEATURE_ATTRIBUTES: readonly SessionStateAttribute[] = [
  ...SESSION_STATE_ATTRIBUTES.map((schema) => ({ section: SESSION_STATE_SECTION, schema }) as const),
  ...SESSION_PAGE_STATE_ATTRIBUTES.map(
    (schema) => ({ section: SESSION_PAGE_STATE_SECTION, schema }) as const,
  ),
];

/** The attribute with this name in either section, matched case-insensitively (API and appcmd spelling). */
export function findSessionStateAttribute(name: string): SessionStateAttribute | undefined {
  const lower = name.toLowerCase();
  return SESSION_STATE_FEATURE_ATTRIBUTES.find((a) => a.schema.name.toLowerCase() === lower);
}
