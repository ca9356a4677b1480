// Values of any schema attribute, as IIS's configuration system reads and writes them: the canonical
// text of a stored value, the text an input value is written as, and the schema validators with IIS's
// own messages (docs/engine.md, "Values and validators"). Pure: no Node imports.

import type { AttributeSchema, EnumValue } from '../schema/types.js';

export type AttributeValueCheck = { ok: true; value: string } | { ok: false; message: string };

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int: [-2147483648n, 2147483647n],
  uint: [0n, 4294967295n],
  int64: [-9223372036854775808n, 9223372036854775807n],
};

/** Largest TimeSpan in whole seconds (TimeSpan.MaxValue is 10675199.02:48:05.4775807). */
const TIMESPAN_MAX_SECONDS = 922337203685n;

function enumNames(values: readonly EnumValue[]): string {
  return values.map((v) => v.name).join(', ');
}

/** The first name that has `value` (several names may share one, e.g. cookieless `UseUri` and `true`). */
function firstNameOf(values: readonly EnumValue[], value: number): string | undefined {
  return values.find((v) => v.value === value)?.name;
}

function parseEnum(schema: AttributeSchema, text: string): AttributeValueCheck {
  const values = schema.enumValues ?? [];
  const trimmed = text.trim();
  const named =
    values.find((v) => v.name === trimmed) ??
    values.find((v) => v.name.toLowerCase() === trimmed.toLowerCase());
  if (named) return { ok: true, value: firstNameOf(values, named.value) ?? named.name };
  if (/^-?\d+$/.test(trimmed)) {
    const byNumber = firstNameOf(values, Number(trimmed));
    if (byNumber !== undefined) return { ok: true, value: byNumber };
  }
  return { ok: false, message: `Enum must be one of ${enumNames(values)}` };
}

function parseFlags(schema: AttributeSchema, text: string): AttributeValueCheck {
  const values = schema.enumValues ?? [];
  const fail = { ok: false, message: `Flags must be some combination of ${enumNames(values)}` } as const;
  let bits = 0;
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length === 0 || (parts.length === 1 && parts[0] === '')) return fail;
  for (const part of parts) {
    const named =
      values.find((v) => v.name === part) ?? values.find((v) => v.name.toLowerCase() === part.toLowerCase());
    if (named) bits |= named.value;
    else if (/^\d+$/.test(part)) bits |= Number(part);
    else return fail;
  }
  return { ok: true, value: flagsText(values, bits) };
}

/** Flags as IIS prints them: the names of the set bits in schema order, `, `-separated; 0 = the zero name. */
export function flagsText(values: readonly EnumValue[], bits: number): string {
  if (bits === 0) return firstNameOf(values, 0) ?? '0';
  const names: string[] = [];
  let covered = 0;
  for (const v of values) {
    if (v.value !== 0 && (bits & v.value) === v.value && (covered & v.value) !== v.value) {
      names.push(v.name);
      covered |= v.value;
    }
  }
  if (covered !== bits) names.push(String(bits & ~covered));
  return names.join(', ');
}

function parseInteger(schema: AttributeSchema, text: string): AttributeValueCheck {
  const [min, max] = integerLimits(schema);
  const t = text.trim();
  const fail = { ok: false, message: `Integer value must be between ${min} and ${max} inclusive` } as const;
  if (!/^[-+]?\d+$/.test(t)) return fail;
  const n = BigInt(t);
  if (n < min || n > max) return fail;
  const excluded = integerExclusion(schema);
  if (excluded && n >= excluded[0] && n <= excluded[1])
    return {
      ok: false,
      message: `Integer value must not be between ${excluded[0]} and ${excluded[1]} inclusive`,
    };
  return { ok: true, value: n.toString() };
}

function integerLimits(schema: AttributeSchema): [bigint, bigint] {
  const [typeMin, typeMax] = INT_RANGES[schema.type] ?? INT_RANGES.int!;
  if (schema.validationType?.toLowerCase() !== 'integerrange' || !schema.validationParameter)
    return [typeMin, typeMax];
  const [a, b, exclude] = schema.validationParameter.split(',').map((s) => s.trim());
  if (exclude?.toLowerCase() === 'exclude') return [typeMin, typeMax];
  try {
    return [BigInt(a ?? typeMin), BigInt(b ?? typeMax)];
  } catch {
    return [typeMin, typeMax];
  }
}

function integerExclusion(schema: AttributeSchema): [bigint, bigint] | undefined {
  if (schema.validationType?.toLowerCase() !== 'integerrange' || !schema.validationParameter)
    return undefined;
  const [a, b, exclude] = schema.validationParameter.split(',').map((s) => s.trim());
  if (exclude?.toLowerCase() !== 'exclude') return undefined;
  try {
    return [BigInt(a ?? '0'), BigInt(b ?? '0')];
  } catch {
    return undefined;
  }
}

/** Reads `[-][d.]hh:mm:ss[.fffffff]`, or an integer in the attribute's unit; whole seconds. */
export function parseTimeSpanSeconds(text: string, unitSeconds: bigint): bigint | undefined {
  const t = text.trim();
  if (/^-?\d{1,19}$/.test(t)) {
    const s = BigInt(t) * unitSeconds;
    return s > TIMESPAN_MAX_SECONDS || s < -TIMESPAN_MAX_SECONDS ? undefined : s;
  }
  const m = /^(-)?(?:(\d{1,8})\.)?(\d{1,5}):(\d{1,2})(?::(\d{1,2})(?:\.\d{1,7})?)?$/.exec(t);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[3]), Number(m[4]), Number(m[5] ?? '0')];
  // IIS's own schema writes hours past a day without days (`29:00:00` = 1.05:00:00).
  if ((m[2] !== undefined && h > 23) || min > 59 || s > 59) return undefined;
  const total = BigInt(m[2] ?? '0') * 86400n + BigInt(h * 3600 + min * 60 + s);
  if (total > TIMESPAN_MAX_SECONDS) return undefined;
  return m[1] ? -total : total;
}

/** `d.hh:mm:ss` (days only when non-zero), as IIS writes time spans in `string` format. */
export function timeSpanText(totalSeconds: bigint): string {
  const neg = totalSeconds < 0n;
  let s = neg ? -totalSeconds : totalSeconds;
  const days = s / 86400n;
  s %= 86400n;
  const pad = (n: bigint) => n.toString().padStart(2, '0');
  return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${pad(s / 3600n)}:${pad((s % 3600n) / 60n)}:${pad(s % 60n)}`;
}

function unitOf(schema: AttributeSchema): bigint {
  return schema.timeSpanFormat === 'minutes' ? 60n : 1n;
}

function parseTimeSpan(schema: AttributeSchema, text: string): AttributeValueCheck {
  if (schema.allowInfinite && /^infinite$/i.test(text.trim())) return { ok: true, value: 'Infinite' };
  const unit = unitOf(schema);
  const seconds = parseTimeSpanSeconds(text, unit);
  const range = timeSpanRange(schema);
  if (seconds === undefined) {
    return {
      ok: false,
      message: range
        ? timeSpanRangeMessage(range)
        : `The value '${text}' is not a valid time span ([d.]hh:mm:ss${schema.timeSpanFormat === 'string' || !schema.timeSpanFormat ? '' : ` or whole ${schema.timeSpanFormat}`}).`,
    };
  }
  if (
    range &&
    (seconds < range.min ||
      seconds > range.max ||
      (range.granularity > 0n && seconds % range.granularity !== 0n))
  )
    return { ok: false, message: timeSpanRangeMessage(range) };
  if (schema.timeSpanFormat === 'seconds' || schema.timeSpanFormat === 'minutes') {
    if (seconds % unit !== 0n)
      return { ok: false, message: `The value must be a whole number of ${schema.timeSpanFormat}.` };
    return { ok: true, value: (seconds / unit).toString() };
  }
  return { ok: true, value: timeSpanText(seconds) };
}

interface TimeSpanRange {
  min: bigint;
  max: bigint;
  granularity: bigint;
}

function timeSpanRange(schema: AttributeSchema): TimeSpanRange | undefined {
  if (schema.validationType?.toLowerCase() !== 'timespanrange' || !schema.validationParameter)
    return undefined;
  const [a, b, g] = schema.validationParameter.split(',').map((s) => s.trim());
  try {
    return { min: BigInt(a ?? '0'), max: BigInt(b ?? TIMESPAN_MAX_SECONDS), granularity: BigInt(g ?? '1') };
  } catch {
    return undefined;
  }
}

function timeSpanRangeMessage(r: TimeSpanRange): string {
  return `Timespan value must be between ${timeSpanText(r.min)} and ${timeSpanText(r.max)} seconds inclusive, with a granularity of ${r.granularity} seconds`;
}

function parseBool(text: string): AttributeValueCheck {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === 'false') return { ok: true, value: t };
  return { ok: false, message: `The value '${text}' is not valid: a boolean value must be true or false.` };
}

function checkString(schema: AttributeSchema, text: string): AttributeValueCheck {
  const v = schema.validationType?.toLowerCase();
  if (v === 'nonemptystring' && text === '') return { ok: false, message: 'String must not be empty' };
  if (v === 'requiretrimmedstring' && text !== text.trim())
    return { ok: false, message: 'String must not have leading or trailing whitespace' };
  if (v === 'regex' && schema.validationParameter) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(`^(?:${schema.validationParameter})$`);
    } catch {
      re = undefined;
    }
    if (re && !re.test(text))
      return { ok: false, message: `The value does not match the pattern '${schema.validationParameter}'` };
  }
  return { ok: true, value: text };
}

/**
 * Checks a value for an attribute and returns the text the file receives (canonical: `true`, the
 * enum's first name, flags in schema order, `hh:mm:ss` or whole units for time spans, decimal integers).
 */
export function checkAttributeValue(schema: AttributeSchema, text: string): AttributeValueCheck {
  switch (schema.type) {
    case 'bool':
      return parseBool(text);
    case 'enum':
      return parseEnum(schema, text);
    case 'flags':
      return parseFlags(schema, text);
    case 'int':
    case 'uint':
    case 'int64':
      return parseInteger(schema, text);
    case 'timeSpan':
      return parseTimeSpan(schema, text);
    default:
      return checkString(schema, text);
  }
}

/** The schema default as the engine shows it (canonical; '' when the schema gives none). */
export function defaultValueText(schema: AttributeSchema): string {
  let text = defaults.get(schema);
  if (text === undefined) defaults.set(schema, (text = computeDefaultValueText(schema)));
  return text;
}

/** Schemas are immutable once read: each default is computed once. */
const defaults = new WeakMap<AttributeSchema, string>();

function computeDefaultValueText(schema: AttributeSchema): string {
  const raw = schema.defaultValue;
  if (raw === undefined) {
    if (schema.type === 'bool') return 'false';
    if (schema.type === 'int' || schema.type === 'uint' || schema.type === 'int64') return '0';
    if (schema.type === 'enum' || schema.type === 'flags')
      return firstNameOf(schema.enumValues ?? [], 0) ?? '';
    if (schema.type === 'timeSpan')
      return schema.timeSpanFormat === 'string' || !schema.timeSpanFormat ? '00:00:00' : '0';
    return '';
  }
  const checked = checkAttributeValue({ ...schema, validationType: undefined }, raw);
  return checked.ok ? checked.value : raw;
}

/** A stored value read as IIS reads it: canonical text, or the raw text with IIS's file error. */
export function readStoredValue(schema: AttributeSchema, stored: string): { value: string; error?: string } {
  const checked = checkAttributeValue(schema, stored);
  if (checked.ok) return { value: checked.value };
  return { value: stored, error: `The '${schema.name}' attribute is invalid.  ${checked.message}` };
}

/** The text shown for an encrypted attribute's value (never the value itself). */
export const MASKED_VALUE = '********';
