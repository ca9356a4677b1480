// The one state-server connection-string rule (V9), used by the validator and by Test connection.
// Written from the runtime's parser (OutOfProcSessionStateStore.ParseStateConnectionString).
import { describe, expect, it } from 'vitest';
import { isIPv6Address, parseStateConnectionString, STATE_CONNECTION_STRING_MESSAGE } from '../src/index.js';

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

  it('takes what the runtime takes, and nothing more: white space only where UInt16.Parse allows it', () => {
    expect(parseStateConnectionString('tcpip=h: 80 ')).toEqual({ server: 'h', port: 80, ipv6: false });
    // The server name is taken as it stands (a name with a space fails later, at name resolution).
    expect(parseStateConnectionString('tcpip= h:80')).toEqual({ server: ' h', port: 80, ipv6: false });
    expect(parseStateConnectionString('tcpip=127.0.0.1:42424')).toEqual({
      server: '127.0.0.1',
      port: 42424,
      ipv6: false,
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
      // What the looser Test connection parser once took, and ASP.NET never did:
      'TCPIP=h:80',
      'h:80',
      '10.0.0.5:42424',
      ' tcpip=h:80',
      'tcpip = h:80',
      'tcpip=::1:42424',
      // Also refused:
      'tcpip=',
      'tcpip=h',
      'tcpip=h:',
      'tcpip=:42424',
      'tcpip=hôte:1',
      'tcpip=h:65536',
      'tcpip=[::1]',
      'tcpip=[fe80::1%eth0]:1',
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

describe('STATE_CONNECTION_STRING_MESSAGE', () => {
  it('is the runtime’s wording, which names the form it expects', () => {
    expect(STATE_CONNECTION_STRING_MESSAGE).toMatch(/^The <sessionState> stateConnectionString is invalid\./);
    expect(STATE_CONNECTION_STRING_MESSAGE).toContain('tcpip=<server>:<port>');
  });
});
