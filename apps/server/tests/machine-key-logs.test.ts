// Machine keys never reach the server log: by name in logged objects, by `validationKey=` in text.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { maskSecrets } from '../src/mask.js';

const KEY = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';

describe('machine keys in logs', () => {
  it('are redacted in objects and masked in messages and strings', () => {
    let out = '';
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const log = createLogger({ stream });
    log.info(
      { validationKey: KEY, body: { decryptionKey: KEY } },
      `wrote <machineKey validationKey="${KEY}" />`,
    );
    log.info({ detail: `decryptionKey=${KEY};validation=SHA1` }, 'done');
    expect(out).not.toContain(KEY);
    expect(out).toContain('validationKey=\\"********\\"');
  });

  it('leave AutoGenerate settings readable', () => {
    expect(maskSecrets('<machineKey validationKey="AutoGenerate,IsolateApps" />')).toBe(
      '<machineKey validationKey="AutoGenerate,IsolateApps" />',
    );
  });
});
