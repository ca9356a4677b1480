// The IIS configuration schema model, as IIS's own schema files describe it
// (`%windir%\System32\inetsrv\config\schema\*.xml`). Plain data: no Node imports, so the console can
// use these types too.

/** `type` of an `<attribute>` in an IIS schema file. */
export type AttributeType = 'string' | 'bool' | 'enum' | 'flags' | 'int' | 'uint' | 'int64' | 'timeSpan';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  'string',
  'bool',
  'enum',
  'flags',
  'int',
  'uint',
  'int64',
  'timeSpan',
];

/** How a timeSpan is written in config files: an integer in seconds or minutes, or `[d.]hh:mm:ss`. */
export type TimeSpanFormat = 'seconds' | 'minutes' | 'string';

/** One `<enum>` (or `<flag>`) of an attribute. Several names may share a value (cookieless `true` = `UseUri`). */
export interface EnumValue {
  name: string;
  value: number;
}

export interface AttributeSchema {
  name: string;
  type: AttributeType;
  /** The schema's `defaultValue` text as written (IIS spells e.g. `False`, `20`, `00:20:00`). */
  defaultValue?: string;
  /** Names of an `enum` (or flags of a `flags`) attribute, in schema order. */
  enumValues?: EnumValue[];
  /** For `timeSpan`: the unit the file uses. IIS's default is `string` (`hh:mm:ss`). */
  timeSpanFormat?: TimeSpanFormat;
  allowInfinite?: boolean;
  /** e.g. `timeSpanRange`, `integerRange`, `nonEmptyString`. */
  validationType?: string;
  /** e.g. `1,2147483640,60` for `timeSpanRange` (min, max, granularity in seconds). */
  validationParameter?: string;
  required?: boolean;
  isUniqueKey?: boolean;
  isCombinedKey?: boolean;
  encrypted?: boolean;
  caseSensitive?: boolean;
  expanded?: boolean;
  /**
   * Set when the attribute is not in the IIS schema but added by the product: `runtime` = an ASP.NET
   * runtime attribute that IIS's schema lacks (`cookieSameSite`); its default is the ASP.NET default.
   */
  extension?: 'runtime';
}
