// The Machine Key page as data (system.web/machineKey): what IIS Manager's controls show for a read,
// which attributes a change writes, and the rules a key must meet before Apply sends it. Pure: the page
// and its tests share it.
//
// A key value is IIS's: `AutoGenerate[,IsolateApps]` (the two check boxes) or the key in hexadecimal.
// Readers get the keys masked (`********`) by the server: a masked key is shown as it is, never checked
// and never written back.

import type { FieldError, SectionChange, SectionResponse } from '@iis-console/contracts';
import {
  DECRYPTION_KEY_BYTES,
  keySettingValue,
  MACHINE_KEY_MASK,
  parseKeySetting,
  VALIDATION_KEY_BYTES,
  type KeySetting,
} from '@iis-console/config-common';

export const KEY_ATTRIBUTES = ['validationKey', 'decryptionKey'] as const;
export type KeyAttribute = (typeof KEY_ATTRIBUTES)[number];
export const ALGORITHM_ATTRIBUTES = ['validation', 'decryption'] as const;
export type MachineKeyAttribute = KeyAttribute | (typeof ALGORITHM_ATTRIBUTES)[number];

export interface MachineKeyValues {
  validation: string;
  decryption: string;
  validationKey: KeySetting;
  decryptionKey: KeySetting;
}

/** IIS Manager's words. */
export const LABELS: Readonly<Record<MachineKeyAttribute, string>> = {
  validation: 'Validation method:',
  decryption: 'Encryption method:',
  validationKey: 'Validation key',
  decryptionKey: 'Decryption key',
};
export const AUTO_GENERATE_LABEL = 'Automatically generate at runtime';
export const ISOLATE_APPS_LABEL = 'Generate a unique key for each application';

/** IIS Manager lists the validation value `3DES` as TripleDES. */
const VALIDATION_LABELS: Readonly<Record<string, string>> = { '3DES': 'TripleDES' };
/** Encryption methods, as IIS Manager lists them (the attribute is a string: `alg:…` is shown as it is). */
export const DECRYPTION_CHOICES = ['Auto', 'DES', '3DES', 'AES'] as const;

/** The validation methods of the schema's enum (the root's schema may differ from the built-in one). */
export function validationOptions(view: SectionResponse): Array<{ value: string; label: string }> {
  const choices = view.attributes.validation?.choices ?? Object.keys(VALIDATION_KEY_BYTES);
  return choices.map((c) => ({ value: c, label: VALIDATION_LABELS[c] ?? c }));
}

export function decryptionOptions(): Array<{ value: string; label: string }> {
  return DECRYPTION_CHOICES.map((c) => ({ value: c, label: c }));
}

export const isMasked = (key: string): boolean => key.includes(MACHINE_KEY_MASK);

export function loadedValues(view: SectionResponse): MachineKeyValues {
  const value = (name: MachineKeyAttribute, fallback: string) => view.attributes[name]?.value ?? fallback;
  return {
    validation: value('validation', 'HMACSHA256'),
    decryption: value('decryption', 'Auto'),
    validationKey: parseKeySetting(value('validationKey', 'AutoGenerate,IsolateApps')),
    decryptionKey: parseKeySetting(value('decryptionKey', 'AutoGenerate,IsolateApps')),
  };
}

/** The attribute text the controls stand for. */
function attributeText(values: MachineKeyValues, name: MachineKeyAttribute): string {
  const v = values[name];
  return typeof v === 'string' ? v : keySettingValue(v);
}

export function isAttributeDirty(
  name: MachineKeyAttribute,
  loaded: MachineKeyValues,
  values: MachineKeyValues,
): boolean {
  return attributeText(loaded, name) !== attributeText(values, name);
}

const ALL: readonly MachineKeyAttribute[] = [...ALGORITHM_ATTRIBUTES, ...KEY_ATTRIBUTES];

/** Bytes a key may have for the algorithm, or undefined when the page cannot tell (a custom `alg:`). */
export function allowedKeyBytes(attribute: KeyAttribute, algorithm: string): readonly number[] | undefined {
  const table = attribute === 'validationKey' ? VALIDATION_KEY_BYTES : DECRYPTION_KEY_BYTES;
  const name = Object.keys(table).find((k) => k.toLowerCase() === algorithm.toLowerCase());
  if (!name) return undefined;
  if (attribute === 'decryptionKey') {
    // AES takes 128-, 192- or 256-bit keys; DES 64 bits; 3DES 192 bits (the machineKey element's docs).
    return name === 'Auto' || name === 'AES' ? [16, 24, 32] : [table[name]!];
  }
  // An HMAC key from the hash's output size (ASP.NET's minimum for SHA1 is 20 bytes) to the one IIS
  // Manager generates (the algorithm's block size: 64 bytes, 128 for HMACSHA384 and HMACSHA512).
  const minimum: Record<string, number> = { HMACSHA256: 32, HMACSHA384: 48, HMACSHA512: 64 };
  return [minimum[name] ?? 20, table[name]!];
}

function bytesText(bytes: readonly number[], attribute: KeyAttribute): string {
  const chars = (b: number) => String(b * 2);
  if (attribute === 'validationKey') {
    const [min, max] = bytes as [number, number];
    return `${chars(min)} to ${chars(max)} hexadecimal characters (${min} to ${max} bytes)`;
  }
  if (bytes.length === 1) return `${chars(bytes[0]!)} hexadecimal characters (${bytes[0]} bytes)`;
  return `${bytes
    .map(chars)
    .join(', ')
    .replace(
      /, (\d+)$/,
      ' or $1',
    )} hexadecimal characters (${bytes.join(', ').replace(/, (\d+)$/, ' or $1')} bytes)`;
}

/**
 * Why a key cannot be written with the algorithm, or undefined: hexadecimal only, and as long as the
 * algorithm takes (a key of another length makes ASP.NET refuse the configuration at run time).
 */
export function keyError(
  attribute: KeyAttribute,
  setting: KeySetting,
  algorithm: string,
): string | undefined {
  if (setting.autoGenerate) return undefined;
  const label = LABELS[attribute].toLowerCase();
  const key = setting.key.trim();
  if (key === '') return `Type the ${label} or check "${AUTO_GENERATE_LABEL}".`;
  if (isMasked(key))
    return `The ${label} is hidden (${MACHINE_KEY_MASK}): type the key or use Generate Keys.`;
  if (!/^[0-9a-f]+$/i.test(key))
    return `The ${label} must be hexadecimal: only the digits 0-9 and the letters A-F.`;
  const bytes = allowedKeyBytes(attribute, algorithm);
  if (!bytes) return undefined;
  const length = key.length;
  const fits =
    length % 2 === 0 &&
    (attribute === 'validationKey'
      ? length >= bytes[0]! * 2 && length <= bytes[1]! * 2
      : bytes.includes(length / 2));
  if (fits) return undefined;
  const method = attribute === 'validationKey' ? LABELS.validation : LABELS.decryption;
  return `For ${method.replace(/:$/, '').toLowerCase()} ${algorithm} the ${label} must be ${bytesText(bytes, attribute)}; this one has ${length} characters. Generate Keys makes one of the right length.`;
}

/** The algorithm whose length rule applies to a key. */
const algorithmOf = (attribute: KeyAttribute, values: MachineKeyValues) =>
  attribute === 'validationKey' ? values.validation : values.decryption;

/**
 * The change Apply sends: the attributes whose value differs from the read. A key that is still the
 * masked value it was read as is never sent; a changed key (or algorithm) must fit the algorithm.
 */
export function pendingChange(
  view: SectionResponse,
  loaded: MachineKeyValues,
  values: MachineKeyValues,
): { dirty: boolean; body: SectionChange; errors: FieldError[] } {
  const attributes: Record<string, string> = {};
  for (const name of ALL) {
    if (view.attributes[name]?.locked) continue;
    if (isAttributeDirty(name, loaded, values)) attributes[name] = attributeText(values, name);
  }
  const errors: FieldError[] = [];
  for (const name of KEY_ATTRIBUTES) {
    const keyChanged = name in attributes;
    const algorithmChanged = (name === 'validationKey' ? 'validation' : 'decryption') in attributes;
    if (!keyChanged && !(algorithmChanged && !isMasked(values[name].key))) continue;
    const message = keyError(name, values[name], algorithmOf(name, values));
    if (message) errors.push({ attribute: name, rule: 'KEY_LENGTH', message });
  }
  const dirty = Object.keys(attributes).length > 0;
  return { dirty, body: { attributes }, errors };
}

/** After a re-read (a revert): what the user did not touch follows the new values; edits stay. */
export function rebase(
  oldLoaded: MachineKeyValues,
  values: MachineKeyValues,
  newLoaded: MachineKeyValues,
): MachineKeyValues {
  const next = { ...values };
  for (const name of ALL) {
    if (!isAttributeDirty(name, oldLoaded, values)) Object.assign(next, { [name]: newLoaded[name] });
  }
  return next;
}

/** Generate Keys: the keys in the boxes, the automatic generation boxes cleared (as IIS Manager does). */
export function withGeneratedKeys(
  values: MachineKeyValues,
  keys: { validationKey: string; decryptionKey: string },
): MachineKeyValues {
  return {
    ...values,
    validationKey: { autoGenerate: false, isolateApps: false, key: keys.validationKey },
    decryptionKey: { autoGenerate: false, isolateApps: false, key: keys.decryptionKey },
  };
}
