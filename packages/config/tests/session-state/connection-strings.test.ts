import { describe, expect, it } from 'vitest';
import {
  isIPv6Address,
  namesSqlDatabase,
  parseSqlConnectionString,
  parseStateConnectionString,
} from '../../src/session-state/connection-strings.js';

describe('parseStateConnectionString', () => {
  it('returns server and port as the runtime parses them', () => {
    expect(parseStateConnectionString('tcpip=loopback:42424')).toEqual({
      server: 'loopback',
      port: 42424,
      ipv6: false,
    });
    expect(parseStateConnectionString('tcpip=[::1]:0')).toEqual({ server: '::1', port: 0, ipv6: true });
    expect(parseStateConnectionString('tcpip=h:+80')).toEqual({ server: 'h', port: 80, ipv6: false });
    expect(parseStateConnectionString('tcpip=h:-0')).toEqual({ server: 'h', port: 0, ipv6: false });
    expect(parseStateConnectionString('tcpip=h:00065535')).toEqual({ server: 'h', port: 65535, ipv6: false });
    expect(parseStateConnectionString('tcpip=[::1]:42424\n')).toEqual({
      server: '::1',
      port: 42424,
      ipv6: true,
    });
  });

  it('refuses what the runtime refuses', () => {
    for (const s of [
      'tcpip=h:80:',
      'tcpip=h:8 0',
      'tcpip=[::1]: 80',
      'tcpip=[::1]x:80',
      'Tcpip=h:80',
      'tcpip=h:٤٢',
    ]) {
      expect(parseStateConnectionString(s)).toBeUndefined();
    }
  });
});

describe('isIPv6Address', () => {
  it.each([
    '::',
    '::1',
    '1::',
    'fe80::1',
    '2001:db8::8a2e:370:7334',
    '1:2:3:4:5:6:7:8',
    '::ffff:10.0.0.1',
    'fe80::1%4',
  ])('accepts %s', (a) => expect(isIPv6Address(a)).toBe(true));
  it.each([
    '',
    '1',
    '1.2.3.4',
    ':1',
    '1:',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '12345::',
    'g::',
    '::1.2.3',
    '::256.1.1.1',
    '1:2:3:4:5:6:7::8:9',
    'fe80::1%',
  ])('refuses %j', (a) => expect(isIPv6Address(a)).toBe(false));
});

describe('parseSqlConnectionString', () => {
  it('resolves synonyms to SqlClient keywords; the last value wins', () => {
    const r = parseSqlConnectionString("Server=a;UID=u;Pwd='p;w''d';Database=d;database=e");
    expect(r).toEqual({
      ok: true,
      options: new Map([
        ['data source', 'a'],
        ['user id', 'u'],
        ['password', "p;w'd"],
        ['initial catalog', 'e'],
      ]),
    });
  });

  it('keeps quoted white space, trims unquoted values and keys, and reads == as a literal = in keys', () => {
    expect(parseSqlConnectionString('  Data  Source  =  a b  ; password=" x "')).toEqual({
      ok: false,
      reason: "Keyword not supported: 'data  source'.",
    });
    expect(parseSqlConnectionString('data source=  a b  ; password=" x "')).toEqual({
      ok: true,
      options: new Map([
        ['data source', 'a b'],
        ['password', ' x '],
      ]),
    });
    expect(parseSqlConnectionString('a==b=1')).toEqual({
      ok: false,
      reason: "Keyword not supported: 'a=b'.",
    });
  });

  it('reports the index where the syntax breaks', () => {
    const reason = (s: string) => {
      const r = parseSqlConnectionString(s);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason('=x')).toBe(
      'Format of the initialization string does not conform to specification starting at index 0.',
    );
    expect(reason('server=a;;  =x')).toBe(
      'Format of the initialization string does not conform to specification starting at index 12.',
    );
    expect(reason("server=a;pwd='x")).toBe(
      'Format of the initialization string does not conform to specification starting at index 9.',
    );
    expect(reason('server=a;\u0001')).toBe(
      'Format of the initialization string does not conform to specification starting at index 9.',
    );
    expect(reason('server=a\u0000 \u0000')).toBe('ok');
    expect(reason('server=a\u0000x')).toBe(
      'Format of the initialization string does not conform to specification starting at index 9.',
    );
    expect(reason('server=')).toBe('ok');
  });

  it('namesSqlDatabase looks at Initial Catalog and AttachDbFileName only', () => {
    const opts = (s: string) => {
      const r = parseSqlConnectionString(s);
      if (!r.ok) throw new Error(r.reason);
      return r.options;
    };
    expect(namesSqlDatabase(opts('server=a;Integrated Security=SSPI'))).toBe(false);
    expect(namesSqlDatabase(opts('server=a;Initial Catalog=x'))).toBe(true);
    expect(namesSqlDatabase(opts('server=a;AttachDBFilename=x.mdf'))).toBe(true);
    expect(namesSqlDatabase(opts('server=a;Initial Catalog='))).toBe(false);
  });
});
