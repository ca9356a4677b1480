import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { errorOf, makeRoot, removeRoot, setup } from './helpers.js';

let app: App | undefined;
const roots: string[] = [];

afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const root of roots.splice(0)) await removeRoot(root);
});

async function withConsole() {
  const dist = await makeRoot();
  roots.push(dist);
  await mkdir(join(dist, 'assets'));
  await writeFile(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app-1a2b.js"></script>',
  );
  await writeFile(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');
  const started = await setup({ consoleDist: dist });
  app = started.app;
  roots.push(started.root);
  return started.app;
}

describe('the built console', () => {
  it('is served with its index for console URLs, and hashed assets cached for good', async () => {
    const app = await withConsole();
    const index = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('/assets/app-1a2b.js');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");

    const deepLink = await app.inject({
      method: 'GET',
      url: '/sites/Default%20Web%20Site/session-state',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.body).toBe(index.body);

    const asset = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('answers missing assets, API URLs and non-browser requests with a 404 error', async () => {
    const app = await withConsole();
    for (const [url, accept] of [
      ['/assets/missing-123.js', 'text/html'],
      ['/api/nothing', 'text/html'],
      ['/sites/x', 'application/json'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url, headers: { accept } });
      expect(res.statusCode, url).toBe(404);
      expect(errorOf(res).code).toBe('NOT_FOUND');
    }
    const post = await app.inject({
      method: 'POST',
      url: '/sites/x',
      headers: { accept: 'text/html' },
      payload: {},
    });
    expect(post.statusCode).toBe(404);
  });

  it('does not serve files outside the build', async () => {
    const app = await withConsole();
    const res = await app.inject({ method: 'GET', url: '/..%2f..%2fetc%2fpasswd' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain('root:');
  });
});
