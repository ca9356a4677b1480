// Every user-visible text of the Session State feature that the console, the API and appcmd share:
// the value rules (docs/session-state.md §2.7), the messages (§6) and the UI labels (§3.1), word for word.
// Pure (no Node imports): the console imports this file.

// ---- Value rules (§2.7) ----

/** V1 */
export const MODE_ENUM_MESSAGE = 'Enum must be one of Off, InProc, StateServer, SQLServer, Custom';
/** V2 */
export const COOKIELESS_MESSAGE =
  "The 'cookieless' attribute must be one of the following values: true, false, UseUri, UseCookies, AutoDetect, UseDeviceProfile.";
/** V3 */
export const SAME_SITE_MESSAGE = 'Enum must be one of None, Lax, Strict';
/** V4a, and the format errors of V5 and V6. */
export function timeSpanFormatMessage(attribute: string): string {
  return `The value of the property '${attribute}' cannot be parsed. The error is: Input string was not in a correct format.`;
}
/** V4b */
export const TIMEOUT_RANGE_MESSAGE =
  'Timespan value must be between 00:00:01 and 24855.03:14:00 seconds inclusive, with a granularity of 60 seconds';
/** V4c */
export const TIMEOUT_ONE_YEAR_MESSAGE =
  'For InProc and StateServer modes, the session timeout value cannot be larger than one year.';
/** V5 */
export const POSITIVE_TIMESPAN_MESSAGE = 'The time span value must be positive';
/** V6 */
export const NON_NEGATIVE_TIMESPAN_MESSAGE = 'The value must be 0 or more seconds, or Infinite.';
/** V7 */
export const BOOLEAN_MESSAGE = 'The value must be true or false.';
/** V8 */
export const EMPTY_COOKIE_NAME_MESSAGE = 'The cookie name cannot be empty.';
/** V9 (shared with the state service's Test connection) */
export { STATE_CONNECTION_STRING_MESSAGE } from './state-connection-string.js';
/** V10a; `reason` is the connection-string parser's message. */
export function sqlConnectionStringParseMessage(reason: string): string {
  return `Error parsing <sessionState> sqlConnectionString attribute: ${reason}`;
}
/** V10b */
export const NO_DATABASE_ALLOWED_MESSAGE =
  "The sqlConnectionString attribute or the connection string it refers to cannot contain the connection options 'Database', 'Initial Catalog' or 'AttachDbFileName'. In order to allow this, allowCustomSqlDatabase attribute must be set to true and the application needs to be granted unrestricted SqlClientPermission. Please check with your administrator if the application does not have this permission.";
/** V11 */
export const HISTORY_SIZE_RANGE_MESSAGE = 'Integer value must be between 1 and 2147483647 inclusive';
/** V12 */
export function customProviderMessage(name: string): string {
  return `The custom session state store provider name '${name}' is invalid.`;
}
/** V12 warning: mode Custom with an empty customProvider is allowed, but ASP.NET needs a provider. */
export const CUSTOM_PROVIDER_MISSING_WARNING =
  'Session state mode Custom needs a custom session state store provider: ASP.NET will fail until customProvider names an entry of <providers>.';
/** V14 */
export function unknownAttributeMessage(name: string): string {
  return `Unknown attribute "${name}".`;
}
/** The IIS configuration system's wording for an invalid value found in a file (two spaces, §2.5). */
export function invalidAttributeMessage(attribute: string, detail: string): string {
  return `The '${attribute}' attribute is invalid.  ${detail}`;
}

// ---- Messages index (§6) ----

export const LOCKED_FEATURE_ALERT = 'This feature has been locked and is read only.';
export const UNSAVED_CHANGES_PROMPT = 'The changes you have made will be lost. Do you want to save changes?';
export const SECTION_LOCKED_MESSAGE =
  'This configuration section cannot be used at this path. This happens when the section is locked at a parent level. Locking is either by default (overrideModeDefault="Deny"), or set explicitly by a location tag with overrideMode="Deny" or the legacy allowOverride="false".';
export const LOCK_VIOLATION_MESSAGE = 'Lock violation';
export const MACHINE_TO_APPLICATION_MESSAGE =
  "It is an error to use a section registered as allowDefinition='MachineToApplication' beyond application level. This error can be caused by a virtual directory not being configured as an application in IIS.";

// ---- UI labels (§3.1) ----

export type SessionMode = 'Off' | 'InProc' | 'StateServer' | 'SQLServer' | 'Custom';
export type CookieMode = 'UseUri' | 'UseCookies' | 'AutoDetect' | 'UseDeviceProfile';
export type SameSiteMode = 'None' | 'Lax' | 'Strict';

/** Radio buttons of "Session State Mode Settings". */
export const SESSION_MODE_LABELS: Readonly<Record<SessionMode, string>> = {
  Off: 'Not enabled',
  InProc: 'In process',
  Custom: 'Custom',
  StateServer: 'State Server',
  SQLServer: 'SQL Server',
};
/** The radio buttons in page order. */
export const SESSION_MODE_ORDER: readonly SessionMode[] = [
  'Off',
  'InProc',
  'Custom',
  'StateServer',
  'SQLServer',
];

/** "Cookie Settings › Mode" drop-down. */
export const COOKIE_MODE_LABELS: Readonly<Record<CookieMode, string>> = {
  UseUri: 'Use URI',
  UseCookies: 'Use Cookies',
  AutoDetect: 'Auto Detect',
  UseDeviceProfile: 'Use Device Profile',
};
/** The drop-down entries in page order. */
export const COOKIE_MODE_ORDER: readonly CookieMode[] = [
  'AutoDetect',
  'UseCookies',
  'UseDeviceProfile',
  'UseUri',
];

/** "Cookie Settings › SameSite" (product extra, §3.4). */
export const SAME_SITE_LABELS: Readonly<Record<SameSiteMode, string>> = {
  None: 'None',
  Lax: 'Lax',
  Strict: 'Strict',
};
export const SAME_SITE_ORDER: readonly SameSiteMode[] = ['None', 'Lax', 'Strict'];
/** How the SameSite default is shown. */
export const SAME_SITE_DEFAULT_LABEL = 'Lax (ASP.NET default)';
