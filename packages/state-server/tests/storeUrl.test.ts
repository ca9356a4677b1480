// The `--store` value: memory or a Redis URL, with the password from the URL or the environment and
// never in anything shown.
import { describe, expect, it } from 'vitest';
import { maskStoreUrl, parseStoreUrl, REDIS_PASSWORD_VARIABLE } from '../src/storeUrl.js';

describe('parseStoreUrl', () => {
  it('reads memory, redis:// and rediss:// with user, password, port and database', () => {
    expect(parseStoreUrl('memory', {})).toEqual({ kind: 'memory' });
    expect(parseStoreUrl('', {})).toEqual({ kind: 'memory' });
    expect(parseStoreUrl('redis://127.0.0.1', {})).toMatchObject({
      kind: 'redis',
      tls: false,
      host: '127.0.0.1',
      port: 6379,
      db: 0,
      username: undefined,
      password: undefined,
      address: 'redis://127.0.0.1:6379/0',
    });
    expect(parseStoreUrl('rediss://app:p%40ss@cache.example:6380/3', {})).toMatchObject({
      tls: true,
      host: 'cache.example',
      port: 6380,
      db: 3,
      username: 'app',
      password: 'p@ss',
      address: 'rediss://cache.example:6380/3',
    });
    expect(parseStoreUrl('redis://[::1]:7000', {})).toMatchObject({
      host: '::1',
      address: 'redis://[::1]:7000/0',
    });
  });

  it(`takes the password from ${REDIS_PASSWORD_VARIABLE} when the URL has none, and the URL's first`, () => {
    const env = { [REDIS_PASSWORD_VARIABLE]: 'from-env' };
    expect(parseStoreUrl('redis://cache:6379', env)).toMatchObject({ password: 'from-env' });
    expect(parseStoreUrl('redis://:from-url@cache:6379', env)).toMatchObject({ password: 'from-url' });
  });

  it('never repeats a password in an error', () => {
    for (const bad of [
      'redis://:hunter2@cache:6379/db',
      'redis://:hunter2@cache:6379/0?x=1',
      'http://:hunter2@x',
    ]) {
      expect(() => parseStoreUrl(bad, {})).toThrow();
      try {
        parseStoreUrl(bad, {});
      } catch (error) {
        expect((error as Error).message).not.toContain('hunter2');
      }
    }
  });
});

describe('maskStoreUrl', () => {
  it('masks the password and keeps everything else', () => {
    expect(maskStoreUrl('redis://:hunter2@cache:6379/1')).toBe('redis://:***@cache:6379/1');
    expect(maskStoreUrl('rediss://app:hunter2@cache:6380')).toBe('rediss://app:***@cache:6380');
    expect(maskStoreUrl('redis://app@cache')).toBe('redis://app@cache');
    expect(maskStoreUrl('redis://cache:6379')).toBe('redis://cache:6379');
    expect(maskStoreUrl('memory')).toBe('memory');
  });
});
