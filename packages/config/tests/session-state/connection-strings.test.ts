import { describe, expect, it } from 'vitest';
import { namesSqlDatabase, parseSqlConnectionString } from '@iis-console/config-common';

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
