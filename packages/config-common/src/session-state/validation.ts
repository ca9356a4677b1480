// The one validator of the Session State feature (docs/session-state.md §2.7, P3, P4): the API, the
// console and appcmd all call validateSessionStateChange. Pure (no Node imports): the console runs it in the browser.

import type { FieldError } from '../engine/fieldError.js';
import { parseStateConnectionString, STATE_CONNECTION_STRING_MESSAGE } from './state-connection-string.js';
import { findSessionStateAttribute, SESSION_STATE_FEATURE_ATTRIBUTES } from './attributes.js';
import type { SessionStateSectionName } from './attributes.js';
import { namesSqlDatabase, parseSqlConnectionString } from './connection-strings.js';
import {
  CUSTOM_PROVIDER_MISSING_WARNING,
  customProviderMessage,
  NO_DATABASE_ALLOWED_MESSAGE,
  sqlConnectionStringParseMessage,
  TIMEOUT_ONE_YEAR_MESSAGE,
  unknownAttributeMessage,
} from './messages.js';
import { displayDefault, INFINITE, normalizeSessionStateValue, readSessionStateValue } from './values.js';

/** A PATCH body / appcmd arguments: attribute → new value; `null` = remove the local value (revert to parent). */
export type SessionStateInput = Record<string, string | number | boolean | null>;

/** What the cross-attribute rules need besides the attribute values. */
export interface EffectiveContext {
  /** Effective `<connectionStrings>`: name → connectionString. */
  connectionStrings: ReadonlyMap<string, string>;
  /** Effective names of `<sessionState><providers>`. */
  providers: ReadonlySet<string>;
}

export interface ValidationContext extends EffectiveContext {
  /** Effective values at this level before the change (as stored in files or defaults; may be non-canonical), keyed by schema attribute name. */
  current: Record<string, string>;
  /** Effective values the level would inherit from its parent (what a reverted attribute becomes). */
  parent: Record<string, string>;
}

export interface NormalizedChange {
  section: SessionStateSectionName;
  /** Schema spelling. */
  attribute: string;
  /** Canonical text to write; null = remove the local value (revert to parent). */
  value: string | null;
}

export interface SessionStateValidation {
  /** What to write, in input order; empty whenever `errors` is not (a refused change writes nothing). */
  changes: NormalizedChange[];
  /** Rules that refuse the change. */
  errors: FieldError[];
  /** Problems of untouched (inherited) values, and advice; they do not block the write. */
  warnings: FieldError[];
}

/** Message for the same attribute given twice in different letter case with different values. */
export function duplicateAttributeMessage(name: string): string {
  return `Attribute "${name}" is given more than once with different values.`;
}

function defaults(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { schema } of SESSION_STATE_FEATURE_ATTRIBUTES) out[schema.name] = displayDefault(schema);
  return out;
}

/** The name as listed, exact spelling first, then case-insensitively (as .NET's keyed collections match). */
function findName(names: Iterable<string>, name: string): string | undefined {
  let loose: string | undefined;
  const lower = name.toLowerCase();
  for (const n of names) {
    if (n === name) return n;
    if (loose === undefined && n.toLowerCase() === lower) loose = n;
  }
  return loose;
}

/**
 * How the runtime resolves a connection-string attribute: a `registry:` reference (read from the
 * registry, not checkable here), else the name of a `<connectionStrings>` entry with a non-empty string
 * (its string is used), else the value itself (HandlerBase.CheckAndReadConnectionString).
 */
function resolveConnectionString(
  value: string,
  ctx: EffectiveContext,
): { registry: true } | { text: string } {
  const isRegistry = (s: string) => s.slice(0, 9).toLowerCase() === 'registry:';
  if (isRegistry(value)) return { registry: true };
  const key = findName(ctx.connectionStrings.keys(), value);
  const named = key === undefined ? undefined : ctx.connectionStrings.get(key);
  const text = named !== undefined && named !== '' ? named : value;
  return isRegistry(text) ? { registry: true } : { text };
}

interface Finding {
  rule: string;
  /** The attribute the rule is about (where a warning is shown). */
  subject: string;
  /** Attributes whose change makes the finding an error. */
  involved: readonly string[];
  message: string;
  /** Advice that never blocks a write. */
  warningOnly?: boolean;
}

/**
 * The cross-attribute rules (V4c, V9, V10a, V10b, V12) on a set of effective values. `value(name)`
 * gives the canonical value or undefined when it cannot be read (then rules needing it are skipped).
 */
function crossAttributeFindings(
  value: (name: string) => string | undefined,
  raw: (name: string) => string | undefined,
  ctx: EffectiveContext,
): Finding[] {
  const findings: Finding[] = [];
  const mode = value('mode');
  if (mode === undefined) return findings;

  if (mode === 'InProc' || mode === 'StateServer') {
    const t = value('timeout');
    if (t !== undefined && (t === INFINITE || Number(t) > 525600)) {
      findings.push({
        rule: 'V4c',
        subject: 'timeout',
        involved: ['timeout', 'mode'],
        message: TIMEOUT_ONE_YEAR_MESSAGE,
      });
    }
  }

  if (mode === 'StateServer') {
    const s = raw('stateConnectionString');
    if (s !== undefined) {
      const resolved = resolveConnectionString(s, ctx);
      if (!('registry' in resolved) && !parseStateConnectionString(resolved.text)) {
        findings.push({
          rule: 'V9',
          subject: 'stateConnectionString',
          involved: ['stateConnectionString', 'mode'],
          message: STATE_CONNECTION_STRING_MESSAGE,
        });
      }
    }
  }

  if (mode === 'SQLServer') {
    const s = raw('sqlConnectionString');
    if (s !== undefined) {
      const resolved = resolveConnectionString(s, ctx);
      if (!('registry' in resolved)) {
        const parsed = parseSqlConnectionString(resolved.text);
        if (!parsed.ok) {
          findings.push({
            rule: 'V10a',
            subject: 'sqlConnectionString',
            involved: ['sqlConnectionString', 'mode'],
            message: sqlConnectionStringParseMessage(parsed.reason),
          });
        } else if (namesSqlDatabase(parsed.options)) {
          const allow = value('allowCustomSqlDatabase');
          if (allow !== undefined && allow !== 'true') {
            findings.push({
              rule: 'V10b',
              subject: 'sqlConnectionString',
              involved: ['sqlConnectionString', 'allowCustomSqlDatabase', 'mode'],
              message: NO_DATABASE_ALLOWED_MESSAGE,
            });
          }
        }
      }
    }
  }

  if (mode === 'Custom') {
    const provider = raw('customProvider') ?? '';
    if (provider === '') {
      findings.push({
        rule: 'V12',
        subject: 'customProvider',
        involved: ['customProvider', 'mode'],
        message: CUSTOM_PROVIDER_MISSING_WARNING,
        warningOnly: true,
      });
    } else if (findName(ctx.providers, provider) === undefined) {
      findings.push({
        rule: 'V12',
        subject: 'customProvider',
        involved: ['customProvider', 'mode'],
        message: customProviderMessage(provider),
      });
    }
  }
  return findings;
}

/** Reads an effective (possibly non-canonical, inherited) value as IIS would; undefined when unreadable. */
function readable(name: string, text: string | undefined): string | undefined {
  return text === undefined ? undefined : readSessionStateValue(name, text);
}

function inputText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'boolean') return String(raw);
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : undefined;
  return undefined;
}

/**
 * Validates and normalises a change of the Session State feature (both sections) at one level.
 *
 * Names are matched case-insensitively across `system.web/sessionState` and
 * `system.web/sessionPageState`; an unknown name is refused with V14. Values are normalised (P4):
 * canonical enum spelling, lowercase booleans, time spans as an integer in the unit or `Infinite`.
 * The cross-attribute rules (V4c, V9, V10a, V10b, V12) run on the effective values after the change
 * (changed values, reverted ones → `parent`, the rest → `current`); a failure is an error when the rule
 * involves a changed attribute and a warning otherwise.
 */
export function validateSessionStateChange(
  input: SessionStateInput,
  ctx: ValidationContext,
): SessionStateValidation {
  const changes: NormalizedChange[] = [];
  const errors: FieldError[] = [];
  const after: Record<string, string> = { ...defaults(), ...ctx.current };
  const changed = new Set<string>();
  const invalid = new Set<string>();
  const given = new Map<string, string | null>();

  for (const [key, raw] of Object.entries(input)) {
    const attr = findSessionStateAttribute(key);
    if (!attr) {
      errors.push({ attribute: key, rule: 'V14', message: unknownAttributeMessage(key) });
      continue;
    }
    const name = attr.schema.name;
    let value: string | null;
    if (raw === null) {
      value = null;
    } else {
      const text = inputText(raw);
      const check = text === undefined ? undefined : normalizeSessionStateValue(name, text);
      if (check === undefined || !check.ok) {
        // A value of another JSON type gets the rule's own message, as an unparseable string would.
        const failed = check ?? normalizeSessionStateValue(name, '\u0000');
        const rule = failed && !failed.ok ? failed.rule : 'V13';
        const message = failed && !failed.ok ? failed.message : `The value of "${name}" must be a string.`;
        errors.push({ attribute: name, rule, message });
        changed.add(name);
        invalid.add(name);
        continue;
      }
      value = check.value;
    }
    if (given.has(name)) {
      if (given.get(name) !== value) {
        errors.push({ attribute: name, rule: 'DUPLICATE', message: duplicateAttributeMessage(name) });
      }
      continue;
    }
    given.set(name, value);
    changed.add(name);
    changes.push({ section: attr.section, attribute: name, value });
    after[name] = value ?? ctx.parent[name] ?? displayDefault(attr.schema);
  }

  const findings = crossAttributeFindings(
    (name) => (invalid.has(name) ? undefined : readable(name, after[name])),
    (name) => (invalid.has(name) ? undefined : after[name]),
    ctx,
  );
  const warnings: FieldError[] = [];
  for (const f of findings) {
    const touched = f.involved.filter((n) => changed.has(n));
    if (touched.length === 0 || f.warningOnly) {
      warnings.push({ attribute: f.subject, rule: f.rule, message: f.message });
    } else {
      errors.push({
        attribute: touched.includes(f.subject) ? f.subject : (touched[0] ?? f.subject),
        rule: f.rule,
        message: f.message,
      });
    }
  }
  return { changes: errors.length > 0 ? [] : changes, errors, warnings };
}

/**
 * Problems of the effective values at a level that no change touches (shown as warnings on the page
 * and in GET): the cross-attribute rules, and mode Custom without a provider. Values the runtime
 * rejects on their own are reported per attribute by interpretValue (with file and line), not here.
 */
export function checkEffectiveSessionState(
  effective: Record<string, string>,
  ctx: EffectiveContext,
): FieldError[] {
  const values = { ...defaults(), ...effective };
  return crossAttributeFindings(
    (name) => readable(name, values[name]),
    (name) => values[name],
    ctx,
  ).map((f) => ({ attribute: f.subject, rule: f.rule, message: f.message }));
}
