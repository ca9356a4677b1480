import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  CUSTOM_PROVIDER_MISSING_WARNING,
  NO_DATABASE_ALLOWED_MESSAGE,
  STATE_CONNECTION_STRING_MESSAGE,
} from '@iis-console/config-common';
import { checkEffectiveSessionState, validateSessionStateChange } from '@iis-console/config-common';
import type { SessionStateInput, ValidationContext } from '@iis-console/config-common';

// Exact rule messages, spelled out here (not imported) so a changed constant fails the tests.
const V1 = 'Enum must be one of Off, InProc, StateServer, SQLServer, Custom';
const V2 =
  "The 'cookieless' attribute must be one of the following values: true, false, UseUri, UseCookies, AutoDetect, UseDeviceProfile.";
const V3 = 'Enum must be one of None, Lax, Strict';
const V4A =
  "The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.";
const V4B =
  'Timespan value must be between 00:00:01 and 24855.03:14:00 seconds inclusive, with a granularity of 60 seconds';
const V4C = 'For InProc and StateServer modes, the session timeout value cannot be larger than one year.';
const V5_PARSE =
  "The value of the property 'stateNetworkTimeout' cannot be parsed. The error is: Input string was not in a correct format.";
const V5 = 'The time span value must be positive';
const V6_PARSE =
  "The value of the property 'sqlCommandTimeout' cannot be parsed. The error is: Input string was not in a correct format.";
const V6 = 'The value must be 0 or more seconds, or Infinite.';
const V7 = 'The value must be true or false.';
const V8 = 'The cookie name cannot be empty.';
const V9 =
  'The <sessionState> stateConnectionString is invalid. It must have the format tcpip=<server>:<port>, where <server> is a valid IPv4 address, a machine name using only ASCII characters, or a valid IPv6 address enclosed within square brackets, and <port> is an unsigned integer ranging from 0 to 65535 (e.g., tcpip=127.0.0.1:42424, tcpip=localhost:42424, or tcpip=[::1]:42424).';
const V10A = (reason: string) => `Error parsing <sessionState> sqlConnectionString attribute: ${reason}`;
const V10B =
  "The sqlConnectionString attribute or the connection string it refers to cannot contain the connection options 'Database', 'Initial Catalog' or 'AttachDbFileName'. In order to allow this, allowCustomSqlDatabase attribute must be set to true and the application needs to be granted unrestricted SqlClientPermission. Please check with your administrator if the application does not have this permission.";
const V11 = 'Integer value must be between 1 and 2147483647 inclusive';

const SS = 'system.web/sessionState';
const PS = 'system.web/sessionPageState';

function ctx(over: Partial<ValidationContext> = {}): ValidationContext {
  return { current: {}, parent: {}, connectionStrings: new Map(), providers: new Set(), ...over };
}

function validate(input: SessionStateInput, over: Partial<ValidationContext> = {}) {
  return validateSessionStateChange(input, ctx(over));
}

/** The one change a valid single-attribute input produces. */
function written(input: SessionStateInput, over: Partial<ValidationContext> = {}) {
  const r = validate(input, over);
  expect(r.errors).toEqual([]);
  return r.changes.map((c) => `${c.attribute}=${c.value}`);
}

function refused(input: SessionStateInput, over: Partial<ValidationContext> = {}) {
  const r = validate(input, over);
  expect(r.changes).toEqual([]);
  return r.errors.map((e) => [e.attribute, e.rule, e.message]);
}

describe('V1 mode', () => {
  it('accepts any letter case and writes the canonical name (P4, S23)', () => {
    expect(validate({ mode: 'sqlserver' })).toEqual({
      changes: [{ section: SS, attribute: 'mode', value: 'SQLServer' }],
      errors: [],
      warnings: [],
    });
    expect(written({ mode: 'SqlServer' })).toEqual(['mode=SQLServer']);
    expect(written({ mode: 'OFF' })).toEqual(['mode=Off']);
    expect(written({ mode: 'stateserver' })).toEqual(['mode=StateServer']);
    expect(written({ mode: 'inproc' })).toEqual(['mode=InProc']);
  });

  it('refuses numeric and padded values (S23)', () => {
    expect(refused({ mode: '2' })).toEqual([['mode', 'V1', V1]]);
    expect(refused({ mode: ' InProc' })).toEqual([['mode', 'V1', V1]]);
    expect(refused({ mode: 'InProc ' })).toEqual([['mode', 'V1', V1]]);
    expect(refused({ mode: 2 })).toEqual([['mode', 'V1', V1]]);
    expect(refused({ mode: '' })).toEqual([['mode', 'V1', V1]]);
    expect(refused({ mode: 'SQL Server' })).toEqual([['mode', 'V1', V1]]);
  });
});

describe('V2 cookieless', () => {
  it('accepts names and true/false in any case, writing true as UseUri and false as UseCookies', () => {
    expect(written({ cookieless: 'useuri' })).toEqual(['cookieless=UseUri']);
    expect(written({ cookieless: 'TRUE' })).toEqual(['cookieless=UseUri']);
    expect(written({ cookieless: 'false' })).toEqual(['cookieless=UseCookies']);
    expect(written({ cookieless: true })).toEqual(['cookieless=UseUri']);
    expect(written({ cookieless: 'autodetect' })).toEqual(['cookieless=AutoDetect']);
    expect(written({ cookieless: 'USEDEVICEPROFILE' })).toEqual(['cookieless=UseDeviceProfile']);
    expect(written({ cookieless: 'UseCookies' })).toEqual(['cookieless=UseCookies']);
  });

  it('refuses anything else', () => {
    expect(refused({ cookieless: 'yes' })).toEqual([['cookieless', 'V2', V2]]);
    expect(refused({ cookieless: '0' })).toEqual([['cookieless', 'V2', V2]]);
    expect(refused({ cookieless: 'Use URI' })).toEqual([['cookieless', 'V2', V2]]);
  });
});

describe('V3 cookieSameSite (S24)', () => {
  it('accepts None, Lax, Strict in any case', () => {
    expect(written({ cookieSameSite: 'None' })).toEqual(['cookieSameSite=None']);
    expect(written({ cookieSameSite: 'strict' })).toEqual(['cookieSameSite=Strict']);
    expect(written({ cookieSameSite: 'LAX' })).toEqual(['cookieSameSite=Lax']);
  });

  it('refuses Unspecified and -1', () => {
    expect(refused({ cookieSameSite: 'Unspecified' })).toEqual([['cookieSameSite', 'V3', V3]]);
    expect(refused({ cookieSameSite: '-1' })).toEqual([['cookieSameSite', 'V3', V3]]);
    expect(refused({ cookieSameSite: -1 })).toEqual([['cookieSameSite', 'V3', V3]]);
  });
});

describe('V4 timeout', () => {
  it('writes integer minutes from integers, [d.]hh:mm:ss and JSON numbers', () => {
    expect(written({ timeout: 30 })).toEqual(['timeout=30']);
    expect(written({ timeout: '30' })).toEqual(['timeout=30']);
    expect(written({ timeout: '030' })).toEqual(['timeout=30']);
    expect(written({ timeout: '00:20:00' })).toEqual(['timeout=20']);
    expect(written({ timeout: '1.00:00:00' })).toEqual(['timeout=1440']);
    expect(written({ timeout: '0:01:00' })).toEqual(['timeout=1']);
    expect(written({ timeout: '525600' })).toEqual(['timeout=525600']);
  });

  it('V4a: refuses what is not a number (S7: 1.5, abc)', () => {
    expect(refused({ timeout: '1.5' })).toEqual([['timeout', 'V4a', V4A]]);
    expect(refused({ timeout: 'abc' })).toEqual([['timeout', 'V4a', V4A]]);
    expect(refused({ timeout: 1.5 })).toEqual([['timeout', 'V4a', V4A]]);
    expect(refused({ timeout: '' })).toEqual([['timeout', 'V4a', V4A]]);
    expect(refused({ timeout: '00:20' })).toEqual([['timeout', 'V4a', V4A]]);
    expect(refused({ timeout: '24:00:00' })).toEqual([['timeout', 'V4a', V4A]]);
    expect(refused({ timeout: ' 30' })).toEqual([['timeout', 'V4a', V4A]]);
    expect(refused({ timeout: true })).toEqual([['timeout', 'V4a', V4A]]);
  });

  it('V4b: refuses 0, negatives, too large and seconds (S7: 0)', () => {
    expect(refused({ timeout: '0' })).toEqual([['timeout', 'V4b', V4B]]);
    expect(refused({ timeout: 0 })).toEqual([['timeout', 'V4b', V4B]]);
    expect(refused({ timeout: '-1' })).toEqual([['timeout', 'V4b', V4B]]);
    expect(refused({ timeout: '99999999999999999999999' })).toEqual([['timeout', 'V4b', V4B]]);
    expect(refused({ timeout: '00:00:30' })).toEqual([['timeout', 'V4b', V4B]]);
    expect(refused({ timeout: '00:20:30' })).toEqual([['timeout', 'V4b', V4B]]);
    expect(refused({ mode: 'SQLServer', timeout: '35791395' })).toEqual([['timeout', 'V4b', V4B]]);
    expect(written({ mode: 'SQLServer', timeout: '35791394' })).toEqual([
      'mode=SQLServer',
      'timeout=35791394',
    ]);
  });

  it('V4c: refuses more than a year when the effective mode is InProc or StateServer (S7: 525601)', () => {
    expect(refused({ timeout: '525601' })).toEqual([['timeout', 'V4c', V4C]]);
    expect(refused({ timeout: '525601' }, { current: { mode: 'StateServer' } })).toEqual([
      ['timeout', 'V4c', V4C],
    ]);
    expect(written({ timeout: '525601' }, { current: { mode: 'Off' } })).toEqual(['timeout=525601']);
    expect(written({ timeout: '525601' }, { current: { mode: 'Custom' } })).toEqual(['timeout=525601']);
  });

  it('S26: Infinite is refused with InProc, accepted with SQLServer in the same change', () => {
    expect(refused({ timeout: 'Infinite' })).toEqual([['timeout', 'V4c', V4C]]);
    expect(validate({ mode: 'SQLServer', timeout: 'infinite' })).toEqual({
      changes: [
        { section: SS, attribute: 'mode', value: 'SQLServer' },
        { section: SS, attribute: 'timeout', value: 'Infinite' },
      ],
      errors: [],
      warnings: [],
    });
  });

  it('switching mode to InProc under an inherited 600000 is refused on mode', () => {
    expect(refused({ mode: 'InProc' }, { current: { mode: 'SQLServer', timeout: '600000' } })).toEqual([
      ['mode', 'V4c', V4C],
    ]);
  });

  it('reverting mode to an inherited InProc is checked against the effective timeout', () => {
    const c = {
      current: { mode: 'SQLServer', timeout: '600000' },
      parent: { mode: 'InProc', timeout: '20' },
    };
    expect(refused({ mode: null }, c)).toEqual([['mode', 'V4c', V4C]]);
    // Reverting both brings back the parent's 20 minutes: fine.
    expect(validate({ mode: null, timeout: null }, c)).toEqual({
      changes: [
        { section: SS, attribute: 'mode', value: null },
        { section: SS, attribute: 'timeout', value: null },
      ],
      errors: [],
      warnings: [],
    });
  });

  it('reads inherited values as IIS does (non-canonical mode, hh:mm:ss timeout)', () => {
    expect(refused({ timeout: '600000' }, { current: { mode: 'inproc' } })).toEqual([
      ['timeout', 'V4c', V4C],
    ]);
    expect(refused({ mode: 'StateServer' }, { current: { mode: 'off', timeout: 'INFINITE' } })).toEqual([
      ['mode', 'V4c', V4C],
    ]);
  });

  it('an untouched problem is a warning, not an error', () => {
    const r = validate({ cookieName: 'MyCookie' }, { current: { mode: 'InProc', timeout: '600000' } });
    expect(r.errors).toEqual([]);
    expect(r.changes).toEqual([{ section: SS, attribute: 'cookieName', value: 'MyCookie' }]);
    expect(r.warnings).toEqual([{ attribute: 'timeout', rule: 'V4c', message: V4C }]);
  });
});

describe('V5 stateNetworkTimeout', () => {
  it('S8: 0 is refused as not positive', () => {
    expect(refused({ mode: 'StateServer', stateNetworkTimeout: '0' })).toEqual([
      ['stateNetworkTimeout', 'V5', V5],
    ]);
    expect(refused({ stateNetworkTimeout: -5 })).toEqual([['stateNetworkTimeout', 'V5', V5]]);
  });

  it('refuses non-numbers with the runtime parse message', () => {
    expect(refused({ stateNetworkTimeout: 'ten' })).toEqual([['stateNetworkTimeout', 'V5', V5_PARSE]]);
  });

  it('accepts integer seconds, hh:mm:ss and Infinite', () => {
    expect(written({ stateNetworkTimeout: 20 })).toEqual(['stateNetworkTimeout=20']);
    expect(written({ stateNetworkTimeout: '00:00:30' })).toEqual(['stateNetworkTimeout=30']);
    expect(written({ stateNetworkTimeout: '00:02:00' })).toEqual(['stateNetworkTimeout=120']);
    expect(written({ stateNetworkTimeout: 'INFINITE' })).toEqual(['stateNetworkTimeout=Infinite']);
  });
});

describe('V6 sqlCommandTimeout, sqlConnectionRetryInterval', () => {
  it('accepts 0 or more seconds, hh:mm:ss and Infinite', () => {
    expect(written({ sqlCommandTimeout: 0 })).toEqual(['sqlCommandTimeout=0']);
    expect(written({ sqlCommandTimeout: '45' })).toEqual(['sqlCommandTimeout=45']);
    expect(written({ sqlConnectionRetryInterval: '00:01:00' })).toEqual(['sqlConnectionRetryInterval=60']);
    expect(written({ sqlConnectionRetryInterval: 'infinite' })).toEqual([
      'sqlConnectionRetryInterval=Infinite',
    ]);
  });

  it('refuses negatives and non-numbers', () => {
    expect(refused({ sqlCommandTimeout: '-1' })).toEqual([['sqlCommandTimeout', 'V6', V6]]);
    expect(refused({ sqlCommandTimeout: 'x' })).toEqual([['sqlCommandTimeout', 'V6', V6_PARSE]]);
    expect(refused({ sqlConnectionRetryInterval: '1e3' })).toEqual([
      [
        'sqlConnectionRetryInterval',
        'V6',
        "The value of the property 'sqlConnectionRetryInterval' cannot be parsed. The error is: Input string was not in a correct format.",
      ],
    ]);
  });
});

describe('V7 booleans', () => {
  it('writes lowercase true/false from any case or JSON booleans', () => {
    expect(written({ allowCustomSqlDatabase: 'TRUE' })).toEqual(['allowCustomSqlDatabase=true']);
    expect(written({ regenerateExpiredSessionId: false })).toEqual(['regenerateExpiredSessionId=false']);
    expect(written({ useHostingIdentity: 'False' })).toEqual(['useHostingIdentity=false']);
    expect(written({ compressionEnabled: true })).toEqual(['compressionEnabled=true']);
  });

  it('refuses anything else', () => {
    expect(refused({ compressionEnabled: 'yes' })).toEqual([['compressionEnabled', 'V7', V7]]);
    expect(refused({ useHostingIdentity: 1 })).toEqual([['useHostingIdentity', 'V7', V7]]);
    expect(refused({ regenerateExpiredSessionId: '' })).toEqual([['regenerateExpiredSessionId', 'V7', V7]]);
  });
});

describe('V8 cookieName', () => {
  it('accepts any non-empty name as given, refuses an empty one', () => {
    expect(written({ cookieName: 'MyCookie' })).toEqual(['cookieName=MyCookie']);
    expect(refused({ cookieName: '' })).toEqual([['cookieName', 'V8', V8]]);
  });
});

describe('V9 stateConnectionString', () => {
  const valid = [
    'tcpip=10.0.0.5:42424',
    'tcpip=loopback:42424',
    'tcpip=localhost:0',
    'tcpip=host:65535',
    'tcpip=my-server.example.com:04242',
    'tcpip=[::1]:42424',
    'tcpip=[fe80::1%12]:42424',
    'tcpip=[::ffff:127.0.0.1]:1',
    'tcpip=[2001:db8:0:0:0:0:0:1]:42424',
    'tcpip=localhost: 42424',
    'registry:HKLM\\SOFTWARE\\MyApp\\ASPNET_SETREG,stateConnectionString',
    'REGISTRY:anything',
  ];
  it.each(valid)('accepts %s when the effective mode is StateServer', (s) => {
    expect(written({ mode: 'StateServer', stateConnectionString: s })).toEqual([
      'mode=StateServer',
      `stateConnectionString=${s}`,
    ]);
  });

  const invalid = [
    'TCPIP=localhost:42424',
    'tcpip =localhost:42424',
    'tcpip=localhost',
    'tcpip=localhost:65536',
    'tcpip=localhost:-1',
    'tcpip=localhost:',
    'tcpip=a:b:1',
    'tcpip=::1:42424',
    'tcpip=[127.0.0.1]:42424',
    'tcpip=[::1]',
    'tcpip=[::1]:',
    'tcpip=[::1]:70000',
    'tcpip=[1::2::3]:42424',
    'tcpip=[fe80::1%eth0]:42424',
    'tcpip=hôst:42424',
    'tcpip=:42424',
    'localhost:42424',
    '',
  ];
  it.each(invalid)('refuses %j when the effective mode is StateServer', (s) => {
    expect(refused({ mode: 'StateServer', stateConnectionString: s })).toEqual([
      ['stateConnectionString', 'V9', V9],
    ]);
  });

  it('checks the string of a <connectionStrings> entry named instead (name matched case-insensitively)', () => {
    const connectionStrings = new Map([
      ['StateSrv', 'tcpip=127.0.0.1:42424'],
      ['Bad', 'tcpip=nope'],
      ['Empty', ''],
      ['Reg', 'registry:HKLM\\X'],
    ]);
    expect(
      written({ mode: 'StateServer', stateConnectionString: 'StateSrv' }, { connectionStrings }),
    ).toEqual(['mode=StateServer', 'stateConnectionString=StateSrv']);
    expect(
      written({ mode: 'StateServer', stateConnectionString: 'statesrv' }, { connectionStrings }),
    ).toEqual(['mode=StateServer', 'stateConnectionString=statesrv']);
    expect(written({ mode: 'StateServer', stateConnectionString: 'Reg' }, { connectionStrings })).toEqual([
      'mode=StateServer',
      'stateConnectionString=Reg',
    ]);
    expect(refused({ mode: 'StateServer', stateConnectionString: 'Bad' }, { connectionStrings })).toEqual([
      ['stateConnectionString', 'V9', V9],
    ]);
    // An entry with an empty string is not used: the name itself is checked, and fails.
    expect(refused({ mode: 'StateServer', stateConnectionString: 'Empty' }, { connectionStrings })).toEqual([
      ['stateConnectionString', 'V9', V9],
    ]);
  });

  it('is not checked unless the effective mode is StateServer', () => {
    expect(written({ stateConnectionString: 'junk' })).toEqual(['stateConnectionString=junk']);
  });

  it('switching to StateServer with a bad inherited string is refused on mode', () => {
    expect(refused({ mode: 'StateServer' }, { current: { stateConnectionString: 'tcpip=x' } })).toEqual([
      ['mode', 'V9', V9],
    ]);
  });

  it('a bad inherited string under an inherited StateServer is a warning', () => {
    const r = validate(
      { timeout: '30' },
      { current: { mode: 'StateServer', stateConnectionString: 'tcpip=x' } },
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      { attribute: 'stateConnectionString', rule: 'V9', message: STATE_CONNECTION_STRING_MESSAGE },
    ]);
  });
});

describe('V10 sqlConnectionString', () => {
  const sql = (s: string, over: Partial<ValidationContext> = {}) =>
    validate({ mode: 'SQLServer', sqlConnectionString: s }, over).errors.map((e) => [
      e.attribute,
      e.rule,
      e.message,
    ]);

  it('accepts connection-string syntax: quotes, doubled quotes, empty segments, any key case', () => {
    for (const s of [
      'data source=localhost;Integrated Security=SSPI',
      'data source=db1;;Integrated Security=SSPI;',
      "Server='my;srv';User ID=a;Password='it''s'",
      'DATA SOURCE="x""y";PWD=a b c',
      '  server = db1 ;  ',
      '',
    ]) {
      expect(sql(s)).toEqual([]);
    }
  });

  it('V10a: refuses bad syntax and unknown keywords with the parser reason', () => {
    expect(sql('data source')).toEqual([
      [
        'sqlConnectionString',
        'V10a',
        V10A('Format of the initialization string does not conform to specification starting at index 0.'),
      ],
    ]);
    expect(sql('data source=x;password="abc')).toEqual([
      [
        'sqlConnectionString',
        'V10a',
        V10A('Format of the initialization string does not conform to specification starting at index 14.'),
      ],
    ]);
    expect(sql("data source=x'")).toEqual([
      [
        'sqlConnectionString',
        'V10a',
        V10A('Format of the initialization string does not conform to specification starting at index 0.'),
      ],
    ]);
    expect(sql("server='a' b")).toEqual([
      [
        'sqlConnectionString',
        'V10a',
        V10A('Format of the initialization string does not conform to specification starting at index 0.'),
      ],
    ]);
    expect(sql('data source=x;Foo Bar=1')).toEqual([
      ['sqlConnectionString', 'V10a', V10A("Keyword not supported: 'foo bar'.")],
    ]);
  });

  it('V10b (S14): a database needs allowCustomSqlDatabase=true', () => {
    const s = 'data source=db1;Initial Catalog=Sessions;Integrated Security=SSPI';
    expect(refused({ mode: 'SQLServer', sqlConnectionString: s })).toEqual([
      ['sqlConnectionString', 'V10b', V10B],
    ]);
    expect(validate({ mode: 'SQLServer', sqlConnectionString: s, allowCustomSqlDatabase: 'true' })).toEqual({
      changes: [
        { section: SS, attribute: 'mode', value: 'SQLServer' },
        { section: SS, attribute: 'sqlConnectionString', value: s },
        { section: SS, attribute: 'allowCustomSqlDatabase', value: 'true' },
      ],
      errors: [],
      warnings: [],
    });
    expect(sql(s, { current: { allowCustomSqlDatabase: 'True' } })).toEqual([]);
  });

  it('V10b recognises Database, Initial Catalog and AttachDbFileName with their synonyms', () => {
    for (const s of [
      'server=a;Database=x',
      'server=a; initial catalog =x',
      'server=a;INITIAL CATALOG=x',
      'server=a;AttachDbFileName=|DataDirectory|a.mdf',
      'server=a;extended properties=a.mdf',
      'server=a;Initial File Name=a.mdf',
      "server=a;database=' '",
    ]) {
      expect(sql(s)).toEqual([['sqlConnectionString', 'V10b', V10B]]);
    }
    expect(sql('server=a;Database=')).toEqual([]);
    expect(sql('server=a;Database=x;Database=')).toEqual([]);
  });

  it('resolves a <connectionStrings> name (LocalSqlServer) before checking', () => {
    const connectionStrings = new Map([
      [
        'LocalSqlServer',
        'data source=.\\SQLEXPRESS;Integrated Security=SSPI;AttachDBFilename=|DataDirectory|aspnetdb.mdf;User Instance=true',
      ],
      ['Broken', 'server=a;bogus=1'],
    ]);
    expect(sql('LocalSqlServer', { connectionStrings })).toEqual([['sqlConnectionString', 'V10b', V10B]]);
    expect(
      written(
        { mode: 'SQLServer', sqlConnectionString: 'LocalSqlServer', allowCustomSqlDatabase: true },
        { connectionStrings },
      ),
    ).toEqual(['mode=SQLServer', 'sqlConnectionString=LocalSqlServer', 'allowCustomSqlDatabase=true']);
    expect(sql('Broken', { connectionStrings })).toEqual([
      ['sqlConnectionString', 'V10a', V10A("Keyword not supported: 'bogus'.")],
    ]);
    expect(sql('registry:HKLM\\x')).toEqual([]);
  });

  it('turning allowCustomSqlDatabase off under a string with a database is refused on that attribute', () => {
    const current = {
      mode: 'SQLServer',
      sqlConnectionString: 'server=a;Database=x',
      allowCustomSqlDatabase: 'true',
    };
    expect(refused({ allowCustomSqlDatabase: false }, { current })).toEqual([
      ['allowCustomSqlDatabase', 'V10b', V10B],
    ]);
  });

  it('is not checked unless the effective mode is SQLServer', () => {
    expect(written({ sqlConnectionString: 'server=a;Database=x' })).toEqual([
      'sqlConnectionString=server=a;Database=x',
    ]);
    expect(written({ sqlConnectionString: 'nonsense' })).toEqual(['sqlConnectionString=nonsense']);
  });

  it('S23: mode sqlserver with a valid inherited SQL string is accepted', () => {
    expect(
      written(
        { mode: 'sqlserver' },
        { current: { sqlConnectionString: 'data source=db;Integrated Security=SSPI' } },
      ),
    ).toEqual(['mode=SQLServer']);
  });
});

describe('V11 historySize', () => {
  it('goes to sessionPageState, matched case-insensitively', () => {
    expect(validate({ HistorySize: 5 })).toEqual({
      changes: [{ section: PS, attribute: 'historySize', value: '5' }],
      errors: [],
      warnings: [],
    });
    expect(written({ historySize: '2147483647' })).toEqual(['historySize=2147483647']);
  });

  it('refuses 0, negatives, too large and non-integers', () => {
    for (const v of ['0', '-1', '2147483648', 'abc', '1.5', 2.5, '']) {
      expect(refused({ historySize: v })).toEqual([['historySize', 'V11', V11]]);
    }
  });
});

describe('V12 customProvider', () => {
  const providers = new Set(['MyProvider']);
  it('must name an effective provider when the effective mode is Custom (case-insensitive)', () => {
    expect(written({ mode: 'Custom', customProvider: 'MyProvider' }, { providers })).toEqual([
      'mode=Custom',
      'customProvider=MyProvider',
    ]);
    expect(written({ mode: 'custom', customProvider: 'myprovider' }, { providers })).toEqual([
      'mode=Custom',
      'customProvider=myprovider',
    ]);
    expect(refused({ mode: 'Custom', customProvider: 'Other' }, { providers })).toEqual([
      ['customProvider', 'V12', "The custom session state store provider name 'Other' is invalid."],
    ]);
    expect(written({ customProvider: 'Other' }, { providers })).toEqual(['customProvider=Other']);
  });

  it('mode Custom with an empty customProvider is allowed with a warning', () => {
    const r = validate({ mode: 'Custom' }, { providers });
    expect(r.errors).toEqual([]);
    expect(r.changes).toEqual([{ section: SS, attribute: 'mode', value: 'Custom' }]);
    expect(r.warnings).toEqual([
      { attribute: 'customProvider', rule: 'V12', message: CUSTOM_PROVIDER_MISSING_WARNING },
    ]);
  });
});

describe('V13 and V14', () => {
  it('V13: type names are written as given', () => {
    expect(written({ partitionResolverType: 'My.Resolver, My' })).toEqual([
      'partitionResolverType=My.Resolver, My',
    ]);
    expect(written({ sessionIDManagerType: '' })).toEqual(['sessionIDManagerType=']);
  });

  it('V14: unknown names are refused, keeping the name as given (S25)', () => {
    const r = validate({ fooBar: '2', timeout: '30' });
    expect(r.changes).toEqual([]);
    expect(r.errors).toEqual([{ attribute: 'fooBar', rule: 'V14', message: 'Unknown attribute "fooBar".' }]);
    const error = new ValidationError(r.errors);
    expect(error.code).toBe('UNKNOWN_ATTRIBUTE');
    expect(error.message).toBe('Unknown attribute "fooBar".');
  });
});

describe('names, reverts and the whole change', () => {
  it('matches names case-insensitively and writes schema spelling (S23, docs/session-state.md §2.6)', () => {
    expect(written({ Timeout: '30', COOKIENAME: 'x', sessionidmanagertype: 'T' })).toEqual([
      'timeout=30',
      'cookieName=x',
      'sessionIDManagerType=T',
    ]);
  });

  it('null reverts to the parent', () => {
    expect(validate({ timeout: null })).toEqual({
      changes: [{ section: SS, attribute: 'timeout', value: null }],
      errors: [],
      warnings: [],
    });
  });

  it('the same attribute twice: once if the values agree, refused if not', () => {
    expect(written({ timeout: '30', Timeout: 30 })).toEqual(['timeout=30']);
    expect(refused({ timeout: '30', TIMEOUT: '40' })).toEqual([
      ['timeout', 'DUPLICATE', 'Attribute "timeout" is given more than once with different values.'],
    ]);
  });

  it('refuses the whole change when any rule fails, reporting every failure', () => {
    expect(refused({ mode: 'StateServer', timeout: 'abc', cookieName: '', stateNetworkTimeout: 0 })).toEqual([
      ['timeout', 'V4a', V4A],
      ['cookieName', 'V8', V8],
      ['stateNetworkTimeout', 'V5', V5],
    ]);
  });

  it('a value of another JSON type gets the rule message', () => {
    const odd = { mode: {} } as unknown as SessionStateInput;
    expect(refused(odd)).toEqual([['mode', 'V1', V1]]);
  });
});

describe('checkEffectiveSessionState', () => {
  const empty = { connectionStrings: new Map<string, string>(), providers: new Set<string>() };
  it('defaults have no problems', () => {
    expect(checkEffectiveSessionState({}, empty)).toEqual([]);
  });

  it('reports cross-attribute problems of stored values, read as IIS reads them', () => {
    expect(
      checkEffectiveSessionState(
        { mode: 'stateserver', stateConnectionString: 'tcpip=bad', timeout: 'Infinite' },
        empty,
      ),
    ).toEqual([
      {
        attribute: 'timeout',
        rule: 'V4c',
        message:
          'For InProc and StateServer modes, the session timeout value cannot be larger than one year.',
      },
      { attribute: 'stateConnectionString', rule: 'V9', message: STATE_CONNECTION_STRING_MESSAGE },
    ]);
    expect(
      checkEffectiveSessionState({ mode: 'SQLServer', sqlConnectionString: 'server=a;database=b' }, empty),
    ).toEqual([{ attribute: 'sqlConnectionString', rule: 'V10b', message: NO_DATABASE_ALLOWED_MESSAGE }]);
    expect(checkEffectiveSessionState({ mode: 'Custom' }, empty)).toEqual([
      { attribute: 'customProvider', rule: 'V12', message: CUSTOM_PROVIDER_MISSING_WARNING },
    ]);
  });

  it('skips rules whose values cannot be read', () => {
    expect(checkEffectiveSessionState({ mode: 'bogus', timeout: 'Infinite' }, empty)).toEqual([]);
    expect(checkEffectiveSessionState({ mode: 'InProc', timeout: 'abc' }, empty)).toEqual([]);
  });
});
