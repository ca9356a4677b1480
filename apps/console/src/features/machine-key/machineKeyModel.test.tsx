import { describe, expect, it } from 'vitest';
import { keyError } from './machineKeyModel';

const key = (chars: number) => ({ autoGenerate: false, isolateApps: false, key: 'A'.repeat(chars) });

describe('the key lengths each method takes (in hexadecimal characters)', () => {
  it.each([
    ['validationKey', 'MD5', 40, 128],
    ['validationKey', 'SHA1', 40, 128],
    ['validationKey', '3DES', 40, 128],
    ['validationKey', 'AES', 40, 128],
    ['validationKey', 'HMACSHA256', 64, 128],
    ['validationKey', 'HMACSHA384', 96, 256],
    ['validationKey', 'hmacsha512', 128, 256],
  ] as const)('%s with %s: %i to %i', (attribute, method, min, max) => {
    expect(keyError(attribute, key(min), method)).toBeUndefined();
    expect(keyError(attribute, key(max), method)).toBeUndefined();
    expect(keyError(attribute, key(min - 2), method)).toMatch(/must be/);
    expect(keyError(attribute, key(max + 2), method)).toMatch(/must be/);
    expect(keyError(attribute, key(min + 1), method)).toMatch(/must be/);
  });

  it.each([
    ['Auto', [32, 48, 64]],
    ['AES', [32, 48, 64]],
    ['3DES', [48]],
    ['DES', [16]],
  ] as const)('decryptionKey with %s: %j', (method, lengths) => {
    for (let chars = 2; chars <= 96; chars += 2)
      expect(keyError('decryptionKey', key(chars), method) === undefined).toBe(
        (lengths as readonly number[]).includes(chars),
      );
  });

  it('a generated key, or a custom algorithm, is not checked', () => {
    expect(
      keyError('validationKey', { autoGenerate: true, isolateApps: true, key: '' }, 'SHA1'),
    ).toBeUndefined();
    expect(keyError('decryptionKey', key(10), 'alg:MyCipher')).toBeUndefined();
    expect(
      keyError('decryptionKey', { autoGenerate: false, isolateApps: false, key: 'xyz' }, 'alg:Mine'),
    ).toMatch(/hexadecimal/);
  });
});
