import { request } from 'node:https';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/start.js';
import { hasOpenssl, makeRoot, removeRoot, selfSignedCertificate } from './helpers.js';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await removeRoot(root);
});

function post(
  url: URL,
  body: unknown,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe.skipIf(!hasOpenssl)('HTTPS (--cert/--key)', () => {
  it('serves TLS with Secure session cookies, HSTS and upgrade-insecure-requests', async () => {
    const root = await makeRoot();
    roots.push(root);
    const { certFile: cert, keyFile: key } = selfSignedCertificate(root, 'localhost', 'localhost');
    const server = await startServer(
      { root, port: 0, host: '127.0.0.1', cert, key, logLevel: 'silent', consoleDist: false },
      { IISCONSOLE_ADMIN_PASSWORD: 'tls-test-pw' },
      { out: () => undefined, warn: () => undefined },
      [],
    );
    try {
      expect(server.url).toMatch(/^https:\/\//);
      const res = await post(new URL('/api/auth/login', server.url), {
        username: 'admin',
        password: 'tls-test-pw',
      });
      expect(res.status).toBe(200);
      const cookie = [res.headers['set-cookie']].flat().join('\n');
      expect(cookie).toMatch(/iisconsole\.sid=.*; Secure/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    } finally {
      await server.close();
    }
  });
});
