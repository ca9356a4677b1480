// Value formats of the Session State attributes (docs/session-state.md §2.5): reading a stored value
// as IIS would, normalising an input value to the text the file receives, and each attribute's default
// in the unit of the file. The per-value rules of §2.7 (V1–V8, V11) live here. Pure (no Node imports).

import { SESSION_PAGE_STATE_SECTION, SESSION_STATE_SECTION } from '../schema/extensions.js';
import type { AttributeSchema } from '../schema/types.js';
import { findSessionStateAttribute } from './attributes.js';
import {
  BOOLEAN_MESSAGE,
  COOKIELESS_MESSAGE,
  EMPTY_COOKIE_NAME_MESSAGE,
  HISTORY_SIZE_RANGE_MESSAGE,
  invalidAttributeMessage,
  MODE_ENUM_MESSAGE,
  NON_NEGATIVE_TIMESPAN_MESSAGE,
  POSITIVE_TIMESPAN_MESSAGE,
  SAME_SITE_MESSAGE,
  TIMEOUT_RANGE_MESSAGE,
  timeSpanFormatMessage,
} from './messages.js';

/** Result of checking one value: the canonical text, or the rule that refuses it. */
export type ValueCheck =
  | { ok: true; value: string }
  | {
      ok: false;
      rule: string;
      message: string;
      /** For a stored value: how IIS would still read it (e.g. `sqlserver` → `SQLServer`), when it can. */
      value?: string;
    };

/** A stored value read as IIS would, with the IIS file-error detail when the runtime or schema rejects it. */
export interface InterpretedValue {
  /** Canonical text (`SQLServer`, `UseUri` for `true`, `20`, `true`), or the raw text when unreadable. */
  value: string;
  /** `The '<attr>' attribute is invalid.  <rule message>` (two spaces, as IIS writes it). */
  error?: string;
  /** Rule id (docs/session-state.md §2.7) behind `error`. */
  rule?: string;
}

/** `input` = API / UI / appcmd input (product rules, P4); `stored` = a value already in a file. */
type Source = 'input' | 'stored';

// ---- Time spans ----

export const INFINITE = 'Infinite';
/** 2147483640 s, the IIS schema maximum of `timeout`, in minutes. */
const TIMEOUT_MAX_MINUTES = 35791394n;
/** Largest TimeSpan, in whole seconds. */
const TIMESPAN_MAX_SECONDS = 922337203685n;

type TimeSpanText =
  | { kind: 'infinite'; exact: boolean }
  | { kind: 'seconds'; seconds: bigint; /** written as [d.]hh:mm:ss rather than an integer */ clock: boolean }
  | { kind: 'invalid' };

/** Reads `Infinite` (any case), an integer in `unitSeconds`, or `[-][d.]hh:mm:ss`. */
function parseTimeSpan(text: string, unitSeconds: bigint): TimeSpanText {
  if (/^infinite$/i.test(text)) return { kind: 'infinite', exact: text === INFINITE };
  if (/^-?\d{1,19}$/.test(text)) {
    const seconds = BigInt(text) * unitSeconds;
    if (seconds > TIMESPAN_MAX_SECONDS || seconds < -TIMESPAN_MAX_SECONDS) return { kind: 'invalid' };
    return { kind: 'seconds', seconds, clock: false };
  }
  const m = /^(-)?(?:(\d{1,8})\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(text);
  if (m) {
    const [h, min, s] = [Number(m[3]), Number(m[4]), Number(m[5])];
    if (h > 23 || min > 59 || s > 59) return { kind: 'invalid' };
    const total = BigInt(m[2] ?? '0') * 86400n + BigInt(h * 3600 + min * 60 + s);
    if (total > TIMESPAN_MAX_SECONDS) return { kind: 'invalid' };
    return { kind: 'seconds', seconds: m[1] ? -total : total, clock: true };
  }
  return { kind: 'invalid' };
}

/** `d.hh:mm:ss` as IIS prints time-span limits (`24855.03:14:00`, `00:00:01`). */
function clockText(totalSeconds: bigint): string {
  const neg = totalSeconds < 0n;
  let s = neg ? -totalSeconds : totalSeconds;
  const days = s / 86400n;
  s %= 86400n;
  const pad = (n: bigint) => n.toString().padStart(2, '0');
  const clock = `${pad(s / 3600n)}:${pad((s % 3600n) / 60n)}:${pad(s % 60n)}`;
  return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${clock}`;
}

function timeout(text: string, source: Source): ValueCheck {
  const range = { ok: false, rule: 'V4b', message: TIMEOUT_RANGE_MESSAGE } as const;
  const t = parseTimeSpan(text, 60n);
  if (t.kind === 'invalid') {
    // An integer too large for a TimeSpan is still a number: out of range, not unparseable.
    return /^-?\d+$/.test(text)
      ? range
      : { ok: false, rule: 'V4a', message: timeSpanFormatMessage('timeout') };
  }
  if (t.kind === 'infinite') {
    if (source === 'stored' && !t.exact) {
      return { ok: false, rule: 'V4a', message: timeSpanFormatMessage('timeout'), value: INFINITE };
    }
    return { ok: true, value: INFINITE };
  }
  if (t.seconds % 60n !== 0n) return range;
  const minutes = t.seconds / 60n;
  if (minutes < 1n || minutes > TIMEOUT_MAX_MINUTES) return { ...range, value: minutes.toString() };
  if (source === 'stored' && t.clock) {
    // The runtime reads integer minutes only (long.Parse).
    return { ok: false, rule: 'V4a', message: timeSpanFormatMessage('timeout'), value: minutes.toString() };
  }
  return { ok: true, value: minutes.toString() };
}

function secondsSpan(name: string, text: string, source: Source, positive: boolean): ValueCheck {
  const rule = positive ? 'V5' : 'V6';
  const t = parseTimeSpan(text, 1n);
  if (t.kind === 'invalid') return { ok: false, rule, message: timeSpanFormatMessage(name) };
  if (t.kind === 'infinite') {
    if (source === 'stored' && !t.exact) {
      return { ok: false, rule, message: timeSpanFormatMessage(name), value: INFINITE };
    }
    return { ok: true, value: INFINITE };
  }
  const value = t.seconds.toString();
  if (positive && t.seconds <= 0n) return { ok: false, rule, message: POSITIVE_TIMESPAN_MESSAGE, value };
  if (!positive && t.seconds < 0n) return { ok: false, rule, message: NON_NEGATIVE_TIMESPAN_MESSAGE, value };
  if (source === 'stored' && t.clock) return { ok: false, rule, message: timeSpanFormatMessage(name), value };
  return { ok: true, value };
}

// ---- Enums, booleans, integers ----

/**
 * Enum input is case-insensitive and written canonically (P4); a stored value must match exactly,
 * because the runtime parses enums case-sensitively (`accepted` lists what it takes as is).
 */
function enumeration(
  text: string,
  source: Source,
  canonical: ReadonlyMap<string, string>,
  accepted: readonly string[],
  rule: string,
  message: string,
): ValueCheck {
  const value = canonical.get(text.toLowerCase());
  if (value === undefined) return { ok: false, rule, message };
  if (source === 'stored' && !accepted.includes(text)) return { ok: false, rule, message, value };
  return { ok: true, value };
}

const lowerMap = (names: readonly string[], aliases: [string, string][] = []) =>
  new Map<string, string>([...names.map((n): [string, string] => [n.toLowerCase(), n]), ...aliases]);

const MODES = ['Off', 'InProc', 'StateServer', 'SQLServer', 'Custom'] as const;
const MODE_MAP = lowerMap(MODES);
const COOKIE_MODES = ['UseUri', 'UseCookies', 'AutoDetect', 'UseDeviceProfile'] as const;
const COOKIE_MAP = lowerMap(COOKIE_MODES, [
  ['true', 'UseUri'],
  ['false', 'UseCookies'],
]);
const SAME_SITE = ['None', 'Lax', 'Strict'] as const;
const SAME_SITE_MAP = lowerMap(SAME_SITE);

function boolean(text: string): ValueCheck {
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return { ok: true, value: lower };
  return { ok: false, rule: 'V7', message: BOOLEAN_MESSAGE };
}

function historySize(text: string): ValueCheck {
  if (/^-?\d{1,19}$/.test(text)) {
    const n = BigInt(text);
    if (n >= 1n && n <= 2147483647n) return { ok: true, value: n.toString() };
  }
  return { ok: false, rule: 'V11', message: HISTORY_SIZE_RANGE_MESSAGE };
}

/** The per-value rules of the feature, by schema attribute name. */
function featureValue(name: string, text: string, source: Source): ValueCheck {
  switch (name) {
    case 'mode':
      return enumeration(text, source, MODE_MAP, MODES, 'V1', MODE_ENUM_MESSAGE);
    case 'cookieless':
      return enumeration(
        text,
        source,
        COOKIE_MAP,
        [...COOKIE_MODES, 'true', 'false'],
        'V2',
        COOKIELESS_MESSAGE,
      );
    case 'cookieSameSite':
      return enumeration(text, source, SAME_SITE_MAP, SAME_SITE, 'V3', SAME_SITE_MESSAGE);
    case 'timeout':
      return timeout(text, source);
    case 'stateNetworkTimeout':
      return secondsSpan(name, text, source, true);
    case 'sqlCommandTimeout':
    case 'sqlConnectionRetryInterval':
      return secondsSpan(name, text, source, false);
    case 'allowCustomSqlDatabase':
    case 'regenerateExpiredSessionId':
    case 'useHostingIdentity':
    case 'compressionEnabled':
      return boolean(text);
    case 'cookieName':
      return text === ''
        ? { ok: false, rule: 'V8', message: EMPTY_COOKIE_NAME_MESSAGE }
        : { ok: true, value: text };
    case 'historySize':
      return historySize(text);
    default:
      // V13 and the strings checked by the conditional rules (V9, V10, V12): any text.
      return { ok: true, value: text };
  }
}

/**
 * Normalises an input value (API, UI, appcmd) of a feature attribute to the text a file receives:
 * enums in canonical spelling, booleans lowercase, time spans as an integer in the attribute's unit
 * or `Infinite`. `name` is matched case-insensitively. Undefined for an unknown attribute.
 */
export function normalizeSessionStateValue(name: string, text: string): ValueCheck | undefined {
  const attr = findSessionStateAttribute(name);
  return attr ? featureValue(attr.schema.name, text, 'input') : undefined;
}

/**
 * A stored (possibly non-canonical) value of a feature attribute as IIS reads it: `sqlserver` →
 * `SQLServer`, `true` (cookieless) → `UseUri`, `00:20:00` (timeout) → `20`. Undefined when IIS cannot
 * read it at all (`abc` for a time span) or the attribute is unknown.
 */
export function readSessionStateValue(name: string, text: string): string | undefined {
  const attr = findSessionStateAttribute(name);
  if (!attr) return undefined;
  const check = featureValue(attr.schema.name, text, 'stored');
  return check.value;
}

// ---- Generic schema rules (attributes outside the feature) ----

function range(parameter: string | undefined): [bigint, bigint, bigint] | undefined {
  const parts = (parameter ?? '').split(',').map((p) => p.trim());
  if (parts.length < 2 || !parts.slice(0, 3).every((p) => /^-?\d{1,19}$/.test(p))) return undefined;
  return [BigInt(parts[0] ?? '0'), BigInt(parts[1] ?? '0'), BigInt(parts[2] ?? '1')];
}

function genericValue(attr: AttributeSchema, text: string): ValueCheck {
  const rule = 'SCHEMA';
  switch (attr.type) {
    case 'bool':
      return boolean(text);
    case 'enum': {
      const values = attr.enumValues ?? [];
      const hit = values.find((e) => e.name.toLowerCase() === text.toLowerCase());
      const first = hit && values.find((e) => e.value === hit.value);
      if (first) return { ok: true, value: first.name };
      return { ok: false, rule, message: `Enum must be one of ${values.map((e) => e.name).join(', ')}` };
    }
    case 'int':
    case 'uint':
    case 'int64': {
      const r = attr.validationType === 'integerRange' ? range(attr.validationParameter) : undefined;
      if (/^-?\d{1,19}$/.test(text)) {
        const n = BigInt(text);
        if (!r || (n >= r[0] && n <= r[1])) return { ok: true, value: n.toString() };
        return {
          ok: false,
          rule,
          message: `Integer value must be between ${r[0]} and ${r[1]} inclusive`,
          value: text,
        };
      }
      return {
        ok: false,
        rule,
        message: `Not a valid ${attr.type === 'int' ? 'signed' : 'unsigned'} integer`,
      };
    }
    case 'timeSpan': {
      const inUnit = attr.timeSpanFormat === 'seconds' || attr.timeSpanFormat === 'minutes';
      const unit = attr.timeSpanFormat === 'minutes' ? 60n : 1n;
      // Without a unit (timeSpanFormat="string") only [d.]hh:mm:ss is a time span.
      const t: TimeSpanText =
        inUnit || !/^-?\d+$/.test(text) ? parseTimeSpan(text, unit) : { kind: 'invalid' };
      if (t.kind === 'infinite' && attr.allowInfinite) return { ok: true, value: INFINITE };
      if (t.kind !== 'seconds') return { ok: false, rule, message: 'Not a valid time span value' };
      const r = attr.validationType === 'timeSpanRange' ? range(attr.validationParameter) : undefined;
      const value = inUnit ? (t.seconds / unit).toString() : clockText(t.seconds);
      if (r && (t.seconds < r[0] || t.seconds > r[1] || (r[2] > 0n && t.seconds % r[2] !== 0n))) {
        return {
          ok: false,
          rule,
          message: `Timespan value must be between ${clockText(r[0])} and ${clockText(r[1])} seconds inclusive, with a granularity of ${r[2]} seconds`,
          value,
        };
      }
      return { ok: true, value };
    }
    default:
      return { ok: true, value: text };
  }
}

function isFeatureSection(section: string | undefined): boolean {
  return section === undefined || section === SESSION_STATE_SECTION || section === SESSION_PAGE_STATE_SECTION;
}

/**
 * Reads a value stored in a config file as IIS would: enums case-insensitively (cookieless `true` /
 * `false` as `UseUri` / `UseCookies`), booleans in any case, time spans as an integer in the unit,
 * `Infinite` or `[d.]hh:mm:ss`. `error` carries the IIS file-error detail when the ASP.NET runtime or
 * the schema would reject the value (e.g. `mode="sqlserver"`, `timeout="abc"`); the caller adds file
 * and line. `section` defaults to the Session State sections; other sections get the schema's rules.
 */
export function interpretValue(attr: AttributeSchema, raw: string, section?: string): InterpretedValue {
  const feature = isFeatureSection(section) ? findSessionStateAttribute(attr.name) : undefined;
  const check = feature ? featureValue(feature.schema.name, raw, 'stored') : genericValue(attr, raw);
  if (check.ok) return { value: check.value };
  return {
    value: check.value ?? raw,
    error: invalidAttributeMessage(attr.name, check.message),
    rule: check.rule,
  };
}

/**
 * The attribute's default as the file would write it: timeSpans in the unit of the file (`timeout`
 * "20", `stateNetworkTimeout` "10"), booleans lowercase, enums by their first schema name, strings as
 * they are. Attributes without a defaultValue get IIS's implicit default (empty, false, 0, first enum).
 */
export function displayDefault(attr: AttributeSchema): string {
  const d = attr.defaultValue;
  switch (attr.type) {
    case 'bool':
      return (d ?? 'false').toLowerCase() === 'true' ? 'true' : 'false';
    case 'enum': {
      const values = attr.enumValues ?? [];
      const hit =
        d === undefined
          ? values.find((e) => e.value === 0)
          : values.find((e) => e.name.toLowerCase() === d.toLowerCase());
      const first = hit && values.find((e) => e.value === hit.value);
      return first?.name ?? d ?? values[0]?.name ?? '';
    }
    case 'timeSpan': {
      if (d === undefined)
        return attr.timeSpanFormat === 'seconds' || attr.timeSpanFormat === 'minutes' ? '0' : '00:00:00';
      if (attr.timeSpanFormat !== 'seconds' && attr.timeSpanFormat !== 'minutes') return d;
      const unit = attr.timeSpanFormat === 'minutes' ? 60n : 1n;
      const t = parseTimeSpan(d, unit);
      if (t.kind === 'infinite') return INFINITE;
      if (t.kind === 'seconds') return (t.seconds / unit).toString();
      return d;
    }
    case 'int':
    case 'uint':
    case 'int64':
      return d ?? '0';
    default:
      return d ?? '';
  }
}
