// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  isLocalHost,
  sqlServerConnectionString,
  stateServerAddress,
  stateServerConnectionString,
} from './connectionStrings';

describe('Create State Server Connection String (docs/session-state.md §3.7)', () => {
  it('builds tcpip=<server>:<port>', () => {
    expect(stateServerConnectionString('loopback', '42424')).toBe('tcpip=loopback:42424');
    expect(stateServerConnectionString('10.0.0.5', '42425')).toBe('tcpip=10.0.0.5:42425');
  });

  it('wraps an IPv6 literal in brackets, once', () => {
    expect(stateServerConnectionString('::1', '42424')).toBe('tcpip=[::1]:42424');
    expect(stateServerConnectionString('[fe80::1]', '42424')).toBe('tcpip=[fe80::1]:42424');
  });
});

describe('Create SQL Server Connection String (docs/session-state.md §3.7)', () => {
  const base = { server: 'localhost', database: '', userName: '', password: '' };

  it('Windows Integrated Security', () => {
    expect(sqlServerConnectionString({ ...base, credentials: 'integrated' })).toBe(
      'data source=localhost;Integrated Security=SSPI',
    );
  });

  it('specified credentials', () => {
    expect(
      sqlServerConnectionString({
        ...base,
        server: 'db1',
        credentials: 'specify',
        userName: 'sa',
        password: 'p@ss',
      }),
    ).toBe('data source=db1;user id=sa;password=p@ss');
  });

  it('a database adds Initial Catalog', () => {
    expect(sqlServerConnectionString({ ...base, database: 'Sessions', credentials: 'integrated' })).toBe(
      'data source=localhost;Integrated Security=SSPI;Initial Catalog=Sessions',
    );
  });

  it('quotes values that would break the syntax', () => {
    expect(
      sqlServerConnectionString({ ...base, credentials: 'specify', userName: 'sa', password: 'a;b' }),
    ).toBe('data source=localhost;user id=sa;password="a;b"');
  });
});

describe('this machine', () => {
  it.each(['loopback', 'localhost', '127.0.0.1', '::1', '[::1]', 'IISHOST', 'iishost.corp.example'])(
    '%s is local',
    (host) => expect(isLocalHost(host, 'IISHOST')).toBe(true),
  );
  it('another host is not', () => expect(isLocalHost('10.0.0.5', 'IISHOST')).toBe(false));

  it('resolves a named connection string', () => {
    expect(
      stateServerAddress('StateDb', [{ name: 'statedb', connectionString: 'tcpip=localhost:1234' }]),
    ).toEqual({ server: 'localhost', port: 1234 });
  });
});
