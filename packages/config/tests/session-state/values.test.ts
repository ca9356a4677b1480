import { describe, expect, it } from 'vitest';
import type { AttributeSchema } from '@iis-console/config-common';
import { SESSION_PAGE_STATE_ATTRIBUTES, SESSION_STATE_ATTRIBUTES } from '@iis-console/config-common';
import {
  displayDefault,
  interpretValue,
  normalizeSessionStateValue,
  readSessionStateValue,
} from '@iis-console/config-common';

const attr = (name: string): AttributeSchema => {
  const a = [...SESSION_STATE_ATTRIBUTES, ...SESSION_PAGE_STATE_ATTRIBUTES].find((x) => x.name === name);
  if (!a) throw new Error(name);
  return a;
};

describe('displayDefault', () => {
  it('gives every feature default in the unit of the file', () => {
    const all = Object.fromEntries(
      [...SESSION_STATE_ATTRIBUTES, ...SESSION_PAGE_STATE_ATTRIBUTES].map((a) => [a.name, displayDefault(a)]),
    );
    expect(all).toEqual({
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
    });
  });

  it('converts hh:mm:ss schema defaults to the unit, and fills implicit IIS defaults', () => {
    const t = (
      defaultValue: string | undefined,
      timeSpanFormat: 'seconds' | 'minutes' | 'string',
    ): AttributeSchema => {
      const a: AttributeSchema = { name: 't', type: 'timeSpan', timeSpanFormat };
      if (defaultValue !== undefined) a.defaultValue = defaultValue;
      return a;
    };
    expect(displayDefault(t('00:20:00', 'minutes'))).toBe('20');
    expect(displayDefault(t('01:00:00', 'seconds'))).toBe('3600');
    expect(displayDefault(t('1.00:00:00', 'minutes'))).toBe('1440');
    expect(displayDefault(t('Infinite', 'minutes'))).toBe('Infinite');
    expect(displayDefault(t('00:01:30', 'string'))).toBe('00:01:30');
    expect(displayDefault(t(undefined, 'seconds'))).toBe('0');
    expect(displayDefault({ name: 'b', type: 'bool' })).toBe('false');
    expect(displayDefault({ name: 'i', type: 'uint' })).toBe('0');
    expect(
      displayDefault({
        name: 'e',
        type: 'enum',
        defaultValue: 'false',
        enumValues: [
          { name: 'UseUri', value: 0 },
          { name: 'UseCookies', value: 1 },
          { name: 'false', value: 1 },
        ],
      }),
    ).toBe('UseCookies');
    expect(
      displayDefault({
        name: 'e',
        type: 'enum',
        enumValues: [
          { name: 'B', value: 1 },
          { name: 'A', value: 0 },
        ],
      }),
    ).toBe('A');
  });
});

describe('interpretValue (stored values, docs/session-state.md §2.5)', () => {
  it('reads canonical values without error', () => {
    expect(interpretValue(attr('mode'), 'InProc')).toEqual({ value: 'InProc' });
    expect(interpretValue(attr('timeout'), '20')).toEqual({ value: '20' });
    expect(interpretValue(attr('timeout'), 'Infinite')).toEqual({ value: 'Infinite' });
    expect(interpretValue(attr('stateNetworkTimeout'), '10')).toEqual({ value: '10' });
    expect(interpretValue(attr('cookieSameSite'), 'None')).toEqual({ value: 'None' });
    expect(interpretValue(attr('historySize'), '9')).toEqual({ value: '9' });
    expect(interpretValue(attr('cookieName'), 'x')).toEqual({ value: 'x' });
  });

  it('reads cookieless true/false as Use URI / Use Cookies without error (S9)', () => {
    expect(interpretValue(attr('cookieless'), 'true')).toEqual({ value: 'UseUri' });
    expect(interpretValue(attr('cookieless'), 'false')).toEqual({ value: 'UseCookies' });
  });

  it('reads booleans in any case (bool.Parse)', () => {
    expect(interpretValue(attr('regenerateExpiredSessionId'), 'True')).toEqual({ value: 'true' });
    expect(interpretValue(attr('useHostingIdentity'), 'FALSE')).toEqual({ value: 'false' });
  });

  it('reads what IIS reads but the runtime rejects, with the IIS error detail', () => {
    expect(interpretValue(attr('mode'), 'sqlserver')).toEqual({
      value: 'SQLServer',
      error:
        "The 'mode' attribute is invalid.  Enum must be one of Off, InProc, StateServer, SQLServer, Custom",
      rule: 'V1',
    });
    expect(interpretValue(attr('cookieless'), 'TRUE')).toEqual({
      value: 'UseUri',
      error:
        "The 'cookieless' attribute is invalid.  The 'cookieless' attribute must be one of the following values: true, false, UseUri, UseCookies, AutoDetect, UseDeviceProfile.",
      rule: 'V2',
    });
    expect(interpretValue(attr('cookieSameSite'), 'strict')).toEqual({
      value: 'Strict',
      error: "The 'cookieSameSite' attribute is invalid.  Enum must be one of None, Lax, Strict",
      rule: 'V3',
    });
    expect(interpretValue(attr('timeout'), '00:20:00')).toEqual({
      value: '20',
      error:
        "The 'timeout' attribute is invalid.  The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
      rule: 'V4a',
    });
    expect(interpretValue(attr('timeout'), 'infinite')).toEqual({
      value: 'Infinite',
      error:
        "The 'timeout' attribute is invalid.  The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
      rule: 'V4a',
    });
  });

  it('keeps the raw text of values nobody can read', () => {
    expect(interpretValue(attr('timeout'), 'abc')).toEqual({
      value: 'abc',
      error:
        "The 'timeout' attribute is invalid.  The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
      rule: 'V4a',
    });
    expect(interpretValue(attr('mode'), '2')).toEqual({
      value: '2',
      error:
        "The 'mode' attribute is invalid.  Enum must be one of Off, InProc, StateServer, SQLServer, Custom",
      rule: 'V1',
    });
    expect(interpretValue(attr('regenerateExpiredSessionId'), 'yes')).toEqual({
      value: 'yes',
      error: "The 'regenerateExpiredSessionId' attribute is invalid.  The value must be true or false.",
      rule: 'V7',
    });
  });

  it('reports range errors of readable values', () => {
    expect(interpretValue(attr('timeout'), '0')).toEqual({
      value: '0',
      error:
        "The 'timeout' attribute is invalid.  Timespan value must be between 00:00:01 and 24855.03:14:00 seconds inclusive, with a granularity of 60 seconds",
      rule: 'V4b',
    });
    expect(interpretValue(attr('stateNetworkTimeout'), '0')).toEqual({
      value: '0',
      error: "The 'stateNetworkTimeout' attribute is invalid.  The time span value must be positive",
      rule: 'V5',
    });
    expect(interpretValue(attr('sqlCommandTimeout'), '-1')).toEqual({
      value: '-1',
      error:
        "The 'sqlCommandTimeout' attribute is invalid.  The value must be 0 or more seconds, or Infinite.",
      rule: 'V6',
    });
    expect(interpretValue(attr('historySize'), '0')).toEqual({
      value: '0',
      error:
        "The 'historySize' attribute is invalid.  Integer value must be between 1 and 2147483647 inclusive",
      rule: 'V11',
    });
    expect(interpretValue(attr('cookieName'), '')).toEqual({
      value: '',
      error: "The 'cookieName' attribute is invalid.  The cookie name cannot be empty.",
      rule: 'V8',
    });
  });

  it('uses the schema rules for attributes of other sections', () => {
    const other = 'system.web/other';
    const e: AttributeSchema = {
      name: 'level',
      type: 'enum',
      enumValues: [
        { name: 'Low', value: 0 },
        { name: 'High', value: 1 },
      ],
    };
    expect(interpretValue(e, 'high', other)).toEqual({ value: 'High' });
    expect(interpretValue(e, 'mid', other)).toEqual({
      value: 'mid',
      error: "The 'level' attribute is invalid.  Enum must be one of Low, High",
      rule: 'SCHEMA',
    });
    const t: AttributeSchema = {
      name: 'timeout',
      type: 'timeSpan',
      timeSpanFormat: 'minutes',
      validationType: 'timeSpanRange',
      validationParameter: '60,2147483640,60',
    };
    expect(interpretValue(t, '30', other)).toEqual({ value: '30' });
    expect(interpretValue(t, '0', other)).toEqual({
      value: '0',
      error:
        "The 'timeout' attribute is invalid.  Timespan value must be between 00:01:00 and 24855.03:14:00 seconds inclusive, with a granularity of 60 seconds",
      rule: 'SCHEMA',
    });
    const n: AttributeSchema = {
      name: 'n',
      type: 'uint',
      validationType: 'integerRange',
      validationParameter: '10,65535',
    };
    expect(interpretValue(n, '5', other).error).toBe(
      "The 'n' attribute is invalid.  Integer value must be between 10 and 65535 inclusive",
    );
    expect(interpretValue(n, 'x', other).error).toBe(
      "The 'n' attribute is invalid.  Not a valid unsigned integer",
    );
  });
});

describe('normalizeSessionStateValue and readSessionStateValue', () => {
  it('normalise input and read stored values by name, case-insensitively', () => {
    expect(normalizeSessionStateValue('MODE', 'sqlserver')).toEqual({ ok: true, value: 'SQLServer' });
    expect(normalizeSessionStateValue('fooBar', 'x')).toBeUndefined();
    expect(readSessionStateValue('mode', 'sqlserver')).toBe('SQLServer');
    expect(readSessionStateValue('timeout', '00:30:00')).toBe('30');
    expect(readSessionStateValue('timeout', 'abc')).toBeUndefined();
    expect(readSessionStateValue('fooBar', 'x')).toBeUndefined();
  });
});
