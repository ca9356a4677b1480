// Settings defaults and validation, and the bin's command line (parsed in-process).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseStateServerArgs } from '../src/parseStateServerArgs.js';
import { DEFAULT_STATE_SERVER_SETTINGS, resolveStateServerSettings } from '../src/StateServerSettings.js';

const dir = mkdtempSync(join(tmpdir(), 'state-server-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveStateServerSettings', () => {
  it('has the service defaults: port 42424, loopback only, 30 s socket time-out, 20 MiB bodies', () => {
    expect(resolveStateServerSettings()).toEqual(DEFAULT_STATE_SERVER_SETTINGS);
    expect(DEFAULT_STATE_SERVER_SETTINGS).toMatchObject({
      port: 42424,
      allowRemoteConnection: false,
      socketTimeout: 30,
      maxBodySize: 20971520,
    });
  });

  it('reads the registry names, with AllowRemoteConnection as 0/1, and ignores unknown keys', () => {
    expect(
      resolveStateServerSettings({
        Port: 42425,
        AllowRemoteConnection: 1,
        SocketTimeout: 60,
        startupType: 'Manual',
      }),
    ).toMatchObject({ port: 42425, allowRemoteConnection: true, socketTimeout: 60 });
  });

  it.each([
    [{ port: 65536 }, /port must be an integer from 0 to 65535/],
    [{ port: 1.5 }, /port/],
    [{ socketTimeout: 0 }, /socketTimeout must be an integer from 1 to 86400/],
    [{ maxBodySize: 100 }, /maxBodySize must be an integer from 1024/],
    [{ allowRemoteConnection: 'yes' }, /allowRemoteConnection/],
    [{ host: '' }, /host/],
  ])('refuses %j', (input, message) => {
    expect(() => resolveStateServerSettings(input)).toThrow(message);
  });
});

describe('parseStateServerArgs', () => {
  it('reads every option', () => {
    const { settings } = parseStateServerArgs([
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--allow-remote-connection',
      '--socket-timeout',
      '5',
      '--idle-timeout',
      '0',
      '--max-body-bytes',
      '65536',
      '--max-connections',
      '50',
      '--store',
      'rediss://cache.example:6380/2',
      '--key-prefix',
      'farm1:',
    ]);
    expect(settings).toEqual({
      port: 0,
      host: '127.0.0.1',
      allowRemoteConnection: true,
      socketTimeout: 5,
      idleTimeout: 0,
      maxBodySize: 65536,
      maxHeaderBytes: 8192,
      maxConnections: 50,
      store: 'rediss://cache.example:6380/2',
      keyPrefix: 'farm1:',
    });
  });

  it('defaults to the memory store and reads Store / KeyPrefix from a settings file', () => {
    expect(parseStateServerArgs([]).settings).toMatchObject({ store: 'memory', keyPrefix: 'aspnet_state:' });
    const file = join(dir, 'store.json');
    writeFileSync(file, '{ "Store": "redis://127.0.0.1:6379", "KeyPrefix": "shop:" }');
    expect(parseStateServerArgs(['--settings', file]).settings).toMatchObject({
      store: 'redis://127.0.0.1:6379',
      keyPrefix: 'shop:',
    });
    expect(parseStateServerArgs(['--store', 'MEMORY']).settings.store).toBe('memory');
  });

  it('merges a settings file (BOM allowed) under the command line', () => {
    const file = join(dir, 'aspnet_state.json');
    writeFileSync(file, '\uFEFF{ "Port": 4000, "socketTimeout": 9, "startupType": "Automatic" }');
    expect(parseStateServerArgs(['--settings', file, '--port', '4001']).settings).toMatchObject({
      port: 4001,
      socketTimeout: 9,
    });
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '-1'], /--port/],
    [['--bogus'], /Unknown option/],
    [['--settings', '/nonexistent/file.json'], /cannot read settings file/],
    [['--store', 'http://cache:6379'], /must start with redis:\/\/ or rediss:\/\//],
    [['--store', 'redis://:secret@cache:6379/x'], /database number/],
    [['--store', 'redis://'], /needs a host|memory/],
    [['--key-prefix', 'a\u0001b'], /keyPrefix/],
    [['--store', 'redis://cache', '--max-body-bytes', '1000000000'], /at most 536870912 with a Redis store/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseStateServerArgs(argv)).toThrow(message);
  });

  it('refuses a settings file that is not a JSON object', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '[1]');
    expect(() => parseStateServerArgs(['--settings', file])).toThrow(/must hold a JSON object/);
    writeFileSync(file, '{ port: 1 }');
    expect(() => parseStateServerArgs(['--settings', file])).toThrow(/not valid JSON/);
  });
});
