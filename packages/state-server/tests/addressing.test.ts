// Loopback checks (AllowRemoteConnection), resource names and their encoding. The connection-string
// rule is @iis-console/config-common's (tested there; Test connection's use in StateClient.test.ts).
import { describe, expect, it } from 'vitest';
import { decodeResourceName } from '../src/decodeResourceName.js';
import { isLoopback } from '../src/isLoopback.js';
import { StateServer } from '../src/StateServer.js';
import { stateResourceName } from '../src/stateResourceName.js';
import { urlEncode } from '../src/urlEncode.js';

describe('isLoopback', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '::1',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    '::FFFF:7f00:1',
    '::ffff:127.1.2.3',
  ])('%s is loopback', (address) => expect(isLoopback(address)).toBe(true));

  it.each([
    '10.0.0.5',
    '192.168.1.20',
    '0.0.0.0',
    '128.0.0.1',
    '::',
    '::2',
    '::ffff:10.0.0.5',
    'fe80::1%eth0',
    '2001:db8::1',
    '::127.0.0.1',
    'localhost',
    '',
    undefined,
  ])('%s is not loopback', (address) => expect(isLoopback(address)).toBe(false));
});

describe('StateServer.acceptsPeer (the check every accepted connection goes through)', () => {
  it('serves loopback peers only while AllowRemoteConnection is off', () => {
    const server = new StateServer({ port: 0 });
    expect(server.acceptsPeer('127.0.0.1')).toBe(true);
    expect(server.acceptsPeer('::ffff:127.0.0.1')).toBe(true);
    expect(server.acceptsPeer('10.0.0.5')).toBe(false);
    expect(server.acceptsPeer('::ffff:10.0.0.5')).toBe(false);
    expect(server.acceptsPeer(undefined)).toBe(false);
  });

  it('serves every peer when it is on', () => {
    const server = new StateServer({ port: 0, allowRemoteConnection: true });
    expect(server.acceptsPeer('10.0.0.5')).toBe(true);
    expect(server.acceptsPeer('2001:db8::1')).toBe(true);
  });

  it('listens on loopback only by default', async () => {
    const server = new StateServer({ port: 0 });
    await server.listen();
    try {
      for (const address of server.addresses()) expect(isLoopback(address.address)).toBe(true);
      expect(server.address().address).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
  });
});

describe('resource names (docs/state-protocol.md §3)', () => {
  it('computes the worked example of docs/state-protocol.md §3', () => {
    const name = stateResourceName('/LM/W3SVC/1/ROOT/Shop', 'ptmlzm45wtmzvs55hm3f3xbz');
    expect(name).toBe(
      '/LM/W3SVC/1/ROOT/Shop(bYtVMaohfZFUiXYkEsOyO6OYDIrLpeN/XWE/4khrD9U=)/ptmlzm45wtmzvs55hm3f3xbz',
    );
    expect(urlEncode(name)).toBe(
      '%2fLM%2fW3SVC%2f1%2fROOT%2fShop(bYtVMaohfZFUiXYkEsOyO6OYDIrLpeN%2fXWE%2f4khrD9U%3d)%2fptmlzm45wtmzvs55hm3f3xbz',
    );
    expect(stateResourceName('LM/W3SVC/1/ROOT/Shop', 'x')).toBe(
      stateResourceName('/LM/W3SVC/1/ROOT/Shop', 'x'),
    );
  });

  it('encodes like HttpUtility.UrlEncode: safe set, + for space, lowercase hex of UTF-8', () => {
    expect(urlEncode("aZ09-_.!*()~' +/=é")).toBe('aZ09-_.!*()%7e%27+%2b%2f%3d%c3%a9');
  });

  const decode = (text: string) => {
    const bytes = Buffer.from(text, 'latin1');
    return decodeResourceName(bytes, 0, bytes.length);
  };

  it('decodes like HttpUtility.UrlDecode and strips one slash of a leading //', () => {
    expect(decode('%2fa%2Fb+c')).toBe('/a/b c');
    expect(decode('%c3%a9%u0041')).toBe('éA');
    expect(decode('%zz%2%')).toBe('%zz%2%'); // malformed escapes stay
    expect(decode('//w3svc/x')).toBe('/w3svc/x');
    expect(decode('%2f%2fw3svc')).toBe('//w3svc'); // the quirk applies to the raw target only
    expect(decode('%ff')).toBe('\ufffd');
  });

  it('round-trips every name the encoder produces', () => {
    for (const name of ['/LM/W3SVC/1/ROOT(a+b/c=)/id', 'ünï cødé/☃', '%41+']) {
      expect(decode(urlEncode(name))).toBe(name);
    }
  });
});
