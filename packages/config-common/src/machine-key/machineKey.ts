// Machine Key (`system.web/machineKey`): the key lengths IIS Manager's Generate Keys produces for each
// algorithm, and the rule that keeps the keys out of logs, the audit log and readers' diffs. Pure.

export const MACHINE_KEY_SECTION = 'system.web/machineKey';

/** The attributes of `<machineKey>` that hold secrets (not `encrypted` in IIS's schema, secret all the same). */
export const MACHINE_KEY_SECRET_ATTRIBUTES = ['validationKey', 'decryptionKey'] as const;

/**
 * Bytes of a generated validation key per `validation` value: the key of .NET's HMAC class for the
 * algorithm (its block size), as Microsoft's Generate-MachineKey script (KB 2915218) and IIS Manager
 * produce them. `AES` and `3DES` as validation values mean HMACSHA1 with encryption (ASP.NET 4).
 */
export const VALIDATION_KEY_BYTES: Readonly<Record<string, number>> = {
  MD5: 64,
  SHA1: 64,
  '3DES': 64,
  AES: 64,
  HMACSHA256: 64,
  HMACSHA384: 128,
  HMACSHA512: 128,
};

/** Bytes of a generated decryption key per `decryption` value (`Auto` is AES): the algorithm's default key size. */
export const DECRYPTION_KEY_BYTES: Readonly<Record<string, number>> = {
  Auto: 32,
  AES: 32,
  DES: 8,
  '3DES': 24,
};

/** The key lengths for the chosen algorithms, or why keys cannot be generated for them. */
export function machineKeyLengths(
  validation: string,
  decryption: string,
): { validationKeyBytes: number; decryptionKeyBytes: number } | { error: string } {
  const v = Object.keys(VALIDATION_KEY_BYTES).find((k) => k.toLowerCase() === validation.toLowerCase());
  const d = Object.keys(DECRYPTION_KEY_BYTES).find((k) => k.toLowerCase() === decryption.toLowerCase());
  if (!v)
    return {
      error: `Keys cannot be generated for the validation method '${validation}': choose one of ${Object.keys(VALIDATION_KEY_BYTES).join(', ')}.`,
    };
  if (!d)
    return {
      error: `Keys cannot be generated for the encryption method '${decryption}': choose one of ${Object.keys(DECRYPTION_KEY_BYTES).join(', ')}.`,
    };
  return { validationKeyBytes: VALIDATION_KEY_BYTES[v]!, decryptionKeyBytes: DECRYPTION_KEY_BYTES[d]! };
}

/** The attribute holds a secret: IIS's `encrypted` attributes, and the machine key's two keys. */
export function isSecretAttribute(section: string, name: string, encrypted?: boolean): boolean {
  if (encrypted) return true;
  return (
    section.toLowerCase() === MACHINE_KEY_SECTION.toLowerCase() &&
    MACHINE_KEY_SECRET_ATTRIBUTES.some((a) => a.toLowerCase() === name.toLowerCase())
  );
}

/** `AutoGenerate`, `AutoGenerate,IsolateApps`, …: a key setting, not a key; shown as it is. */
export function isGeneratedKeySetting(value: string): boolean {
  const parts = value.split(',').map((p) => p.trim().toLowerCase());
  return (
    parts.length > 0 &&
    parts.every((p) => p === 'autogenerate' || p === 'isolateapps' || p === 'isolatebyappid')
  );
}

export const MACHINE_KEY_MASK = '********';

const MACHINE_KEY_VALUE =
  /(?<![A-Za-z])((?:validationKey|decryptionKey)\s*=\s*)("[^"]*"|'[^']*'|[^\s;"'<>,]*)/gi;

/**
 * Masks the values of `validationKey=` / `decryptionKey=` in any text (XML attributes, diffs, log
 * lines, appcmd-style `/validationKey:` is not matched), leaving `AutoGenerate,IsolateApps` readable.
 */
export function maskMachineKeys(text: string): string {
  return text.replace(MACHINE_KEY_VALUE, (whole, prefix: string, value: string) => {
    const quote = value.startsWith('"') || value.startsWith("'") ? value[0]! : '';
    const inner = quote ? value.slice(1, -1) : value;
    if (inner === '' || isGeneratedKeySetting(inner)) return whole;
    return `${prefix}${quote}${MACHINE_KEY_MASK}${quote}`;
  });
}

/** IIS Manager's controls for one key: "Automatically generate at runtime", "Generate a unique key for each application", the key. */
export interface KeySetting {
  autoGenerate: boolean;
  isolateApps: boolean;
  /** The key itself (hex) when it is not generated at runtime; '' otherwise. */
  key: string;
}

/** `AutoGenerate,IsolateApps` → both boxes checked; a hex key → the key, boxes clear. */
export function parseKeySetting(value: string): KeySetting {
  if (!isGeneratedKeySetting(value)) return { autoGenerate: false, isolateApps: false, key: value.trim() };
  const parts = value.split(',').map((p) => p.trim().toLowerCase());
  return {
    autoGenerate: parts.includes('autogenerate'),
    isolateApps: parts.includes('isolateapps'),
    key: '',
  };
}

/** The attribute value for the page's controls (the inverse of `parseKeySetting`). */
export function keySettingValue(setting: KeySetting): string {
  if (!setting.autoGenerate) return setting.key;
  return setting.isolateApps ? 'AutoGenerate,IsolateApps' : 'AutoGenerate';
}
