// The Session State page as data: which attributes it edits, what it shows when loaded, which controls
// are enabled (docs/session-state.md §3.2, §3.3), what counts as a change (§3.5, P1) and what Apply
// sends. Pure: the page and its tests share it. Validation is the shared validator of
// @iis-console/config-common.

import type { FieldError, SessionStatePatch, SessionStateResponse } from '@iis-console/contracts';
import {
  normalizeSessionStateValue,
  readSessionStateValue,
  validateSessionStateChange,
} from '@iis-console/config-common';
import type { SessionStateValidation, ValidationContext } from '@iis-console/config-common';

/** The attributes the page edits, in page order. */
export const FORM_FIELDS = [
  'mode',
  'stateConnectionString',
  'stateNetworkTimeout',
  'sqlConnectionString',
  'sqlCommandTimeout',
  'allowCustomSqlDatabase',
  'cookieless',
  'cookieName',
  'timeout',
  'regenerateExpiredSessionId',
  'cookieSameSite',
  'useHostingIdentity',
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** Every value as text: booleans `true` / `false`, enums by their schema name, time spans as typed. */
export type FormValues = Record<FormField, string>;

/** The visible label of each field (IIS Manager's words, docs/session-state.md §3.1). */
export const FIELD_LABELS: Readonly<Record<FormField, string>> = {
  mode: 'Session State Mode Settings',
  stateConnectionString: 'Connection string',
  stateNetworkTimeout: 'Time-out (in seconds)',
  sqlConnectionString: 'Connection string',
  sqlCommandTimeout: 'Time-out (in seconds)',
  allowCustomSqlDatabase: 'Enable custom database',
  cookieless: 'Mode',
  cookieName: 'Name',
  timeout: 'Time-out (in minutes)',
  regenerateExpiredSessionId: 'Regenerate expired session ID',
  cookieSameSite: 'SameSite',
  useHostingIdentity: 'Use hosting identity for impersonation',
};

/** Schema defaults, for a response that lacks an attribute. */
const FALLBACK: Readonly<FormValues> = {
  mode: 'InProc',
  stateConnectionString: 'tcpip=loopback:42424',
  stateNetworkTimeout: '10',
  sqlConnectionString: 'data source=localhost;Integrated Security=SSPI',
  sqlCommandTimeout: '30',
  allowCustomSqlDatabase: 'false',
  cookieless: 'UseCookies',
  cookieName: 'ASP.NET_SessionId',
  timeout: '20',
  regenerateExpiredSessionId: 'true',
  cookieSameSite: 'Lax',
  useHostingIdentity: 'true',
};

export function isFormField(name: string): name is FormField {
  return (FORM_FIELDS as readonly string[]).includes(name);
}

/** What the page shows when loaded: each attribute's effective value, as IIS reads it (canonical). */
export function loadedValues(state: SessionStateResponse): FormValues {
  const values = { ...FALLBACK };
  for (const name of FORM_FIELDS) {
    const attr = state.attributes[name];
    if (attr) values[name] = attr.value;
  }
  return values;
}

/**
 * The value a field stands for: the normalised text Apply would write (`020` → `20`, `sqlserver` →
 * `SQLServer`), or the raw text when it is not valid. Two texts with the same meaning are no change.
 */
export function meaning(name: FormField, text: string): string {
  const check = normalizeSessionStateValue(name, text);
  return check?.ok ? check.value : `\u0000${text}`;
}

/** The session mode the page currently shows (canonical, or the raw text when unreadable). */
export function currentMode(values: FormValues): string {
  return readSessionStateValue('mode', values.mode) ?? values.mode;
}

export function currentCookieMode(values: FormValues): string {
  return readSessionStateValue('cookieless', values.cookieless) ?? values.cookieless;
}

/**
 * Whether the page's rules enable a field for the current mode (§3.2) and cookie mode (§3.3); locks and
 * read-only states come on top. Disabled fields keep and show their values.
 */
export function enabledByMode(name: FormField, values: FormValues): boolean {
  const mode = currentMode(values);
  const cookie = currentCookieMode(values);
  switch (name) {
    case 'mode':
      return true;
    case 'stateConnectionString':
    case 'stateNetworkTimeout':
      return mode === 'StateServer';
    case 'sqlConnectionString':
    case 'sqlCommandTimeout':
    case 'allowCustomSqlDatabase':
      return mode === 'SQLServer';
    case 'cookieless':
    case 'timeout':
    case 'useHostingIdentity':
      return mode !== 'Off';
    case 'cookieName':
      return mode !== 'Off' && cookie !== 'UseUri';
    case 'regenerateExpiredSessionId':
      return mode !== 'Off' && cookie !== 'UseCookies';
    case 'cookieSameSite':
      return mode !== 'Off' && cookie !== 'UseUri';
  }
}

/** A field differs from what was loaded (P1: changing and changing back is no change). */
export function isFieldDirty(name: FormField, loaded: FormValues, values: FormValues): boolean {
  return meaning(name, values[name]) !== meaning(name, loaded[name]);
}

/**
 * The changes Apply would write: fields that differ from what was loaded and that are enabled, so
 * the attributes of another mode are not written (§3.2), nor locked ones.
 */
export function changedFields(
  loaded: FormValues,
  values: FormValues,
  isLocked: (name: FormField) => boolean = () => false,
): FormField[] {
  return FORM_FIELDS.filter(
    (name) => isFieldDirty(name, loaded, values) && enabledByMode(name, values) && !isLocked(name),
  );
}

/** The context the shared validator needs: the effective values and collections at this level. */
export function validationContext(state: SessionStateResponse): ValidationContext {
  const current: Record<string, string> = {};
  for (const [name, attr] of Object.entries(state.attributes)) current[name] = attr.stored ?? attr.value;
  return {
    current,
    // The parent's values are known to the server only; the page never reverts through Apply.
    parent: current,
    connectionStrings: new Map(state.connectionStrings.map((c) => [c.name, c.connectionString])),
    providers: new Set(state.providers.map((p) => p.name)),
  };
}

export interface PendingChange {
  fields: FormField[];
  validation: SessionStateValidation;
  /** The PATCH body: only the changed attributes, normalised; empty when invalid. */
  body: SessionStatePatch;
}

/**
 * Validates the changed fields as typed (docs/session-state.md §2.7) and builds the PATCH body from
 * them.
 */
export function pendingChange(
  state: SessionStateResponse,
  loaded: FormValues,
  values: FormValues,
  isLocked: (name: FormField) => boolean = () => false,
): PendingChange {
  const fields = changedFields(loaded, values, isLocked);
  const input: Record<string, string> = {};
  for (const name of fields) input[name] = values[name];
  const validation = validateSessionStateChange(input, validationContext(state));
  const body: SessionStatePatch = {};
  for (const change of validation.changes) body[change.attribute] = change.value;
  return { fields, validation, body };
}

/** Errors by the field they are shown next to; the rest (no such field on the page) under `other`. */
export function errorsByField(errors: readonly FieldError[]): {
  byField: Partial<Record<FormField, string>>;
  other: FieldError[];
} {
  const byField: Partial<Record<FormField, string>> = {};
  const other: FieldError[] = [];
  for (const e of errors) {
    if (isFormField(e.attribute)) byField[e.attribute] ??= e.message;
    else other.push(e);
  }
  return { byField, other };
}

/**
 * After the configuration was re-read (a revert, someone else's change): fields the user had not
 * touched take the new values, edited fields keep the edit.
 */
export function rebase(oldLoaded: FormValues, values: FormValues, newLoaded: FormValues): FormValues {
  const next = { ...newLoaded };
  for (const name of FORM_FIELDS) {
    if (isFieldDirty(name, oldLoaded, values)) next[name] = values[name];
  }
  return next;
}
