import { readFile, stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { AuditLog } from '../src/audit/audit-log.js';
import { summarizeDiff } from '../src/audit/diff-summary.js';
import { maskDeep, maskSecrets } from '../src/mask.js';
import { ADMIN, READER, errorOf, login, makeRoot, removeRoot, setup } from './helpers.js';

let app: App | undefined;
const roots: string[] = [];

afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const root of roots.splice(0)) await removeRoot(root);
});

async function start(...args: Parameters<typeof setup>) {
  const started = await setup(...args);
  app = started.app;
  roots.push(started.root);
  return started;
}

async function auditLines(root: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(root, 'ProgramData/IISConsole/audit.log'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('masking', () => {
  it('masks passwords in connection strings, keeping everything else', () => {
    expect(maskSecrets('data source=db;user id=sa;password=Secr3t;Pooling=true')).toBe(
      'data source=db;user id=sa;password=*****;Pooling=true',
    );
    expect(maskSecrets('Server=x;Pwd = abc')).toBe('Server=x;Pwd = *****');
    expect(maskSecrets('PASSWORD="a;b";x=1')).toBe('PASSWORD=*****;x=1');
    expect(maskSecrets("Password='a;b'")).toBe('Password=*****');
    expect(maskSecrets('sqlConnectionString="data source=.;password=p@ss" timeout="20"')).toBe(
      'sqlConnectionString="data source=.;password=*****" timeout="20"',
    );
    expect(maskSecrets('password=&quot;x;y&quot;;a=b')).toBe('password=*****;a=b');
    expect(maskSecrets('db_password=x')).toBe('db_password=*****');
    expect(maskSecrets('passwordFormat="Clear" tcpip=127.0.0.1:42424')).toBe(
      'passwordFormat="Clear" tcpip=127.0.0.1:42424',
    );
    expect(maskDeep({ a: ['pwd=1'], b: { c: 'password=2;' }, n: 3 })).toEqual({
      a: ['pwd=*****'],
      b: { c: 'password=*****;' },
      n: 3,
    });
  });

  it('summarizes a diff with the password masked', () => {
    const before = '<configuration>\r\n  <sessionState mode="InProc" />\r\n</configuration>\r\n';
    const after =
      '<configuration>\r\n  <sessionState mode="SQLServer" sqlConnectionString="data source=.;password=Secr3t" />\r\n</configuration>\r\n';
    const summary = summarizeDiff('web.config', before, after);
    expect(summary).toContain('web.config: +1 -1');
    expect(summary).toContain('-  <sessionState mode="InProc" />');
    expect(summary).toContain('password=*****');
    expect(summary).not.toContain('Secr3t');
    expect(summary).not.toContain('\r');
  });
});

describe('the audit log', () => {
  it('records sign-in, failures, sign-out and token changes', async () => {
    const { app, root } = await start();
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'wrong' },
    });
    const { cookie, csrf } = await login(app, ADMIN.username, ADMIN.password);
    const headers = { cookie, 'x-csrf-token': csrf };
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers,
      payload: { name: 'ci' },
    });
    const { id, token } = created.json() as { id: string; token: string };
    await app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers });
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers });

    const lines = await auditLines(root);
    expect(lines.map((l) => [l.user, l.action])).toEqual([
      ['admin', 'auth.login.failed'],
      ['admin', 'auth.login'],
      ['admin', 'token.create'],
      ['admin', 'token.revoke'],
      ['admin', 'auth.logout'],
    ]);
    for (const line of lines) {
      expect(Date.parse(String(line.time))).not.toBeNaN();
      expect(line.ip).toBe('127.0.0.1');
    }
    expect(lines[2]).toMatchObject({ target: 'ci', via: 'session', details: { id } });
    const text = await readFile(join(root, 'ProgramData/IISConsole/audit.log'), 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(ADMIN.password);
    expect(text).not.toContain('"wrong"');
    expect((await stat(join(root, 'ProgramData/IISConsole/audit.log'))).mode & 0o077).toBe(0);
  });

  it('records lockouts', async () => {
    const { app, root } = await start({ loginThrottle: { maxFailuresPerUser: 2 } });
    for (let i = 0; i < 3; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'reader', password: 'x' },
      });
    }
    expect((await auditLines(root)).map((l) => l.action)).toEqual([
      'auth.login.failed',
      'auth.login.failed',
      'auth.lockout',
      'auth.login.refused',
    ]);
  });

  it('masks passwords in what callers record, and shows recent entries to administrators only', async () => {
    const { app, root } = await start();
    const admin = await login(app, ADMIN.username, ADMIN.password);
    await app.audit.record({
      user: 'admin',
      action: 'config.set',
      target: 'MACHINE/WEBROOT/APPHOST/Default Web Site',
      files: ['inetpub/wwwroot/web.config'],
      diffSummary:
        'web.config: +1 -0\n+<sessionState sqlConnectionString="data source=.;Password=Secr3t;" />',
      details: { changes: { sqlConnectionString: 'data source=.;pwd=Secr3t' } },
    });
    const text = await readFile(join(root, 'ProgramData/IISConsole/audit.log'), 'utf8');
    expect(text).not.toContain('Secr3t');
    expect(text).toContain('Password=*****');
    expect(text).toContain('pwd=*****');

    const res = await app.inject({
      method: 'GET',
      url: '/api/audit?limit=2',
      headers: { cookie: admin.cookie },
    });
    expect(res.statusCode).toBe(200);
    const { entries } = res.json() as { entries: Array<Record<string, unknown>> };
    expect(entries.map((e) => e.action)).toEqual(['config.set', 'auth.login']);
    expect(entries[0]).toMatchObject({
      files: ['inetpub/wwwroot/web.config'],
      target: 'MACHINE/WEBROOT/APPHOST/Default Web Site',
    });

    const reader = await login(app, READER.username, READER.password);
    const refused = await app.inject({
      method: 'GET',
      url: '/api/audit',
      headers: { cookie: reader.cookie },
    });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused).code).toBe('FORBIDDEN');
  });

  it('reads the newest entries from the end of a long log', async () => {
    const root = await makeRoot();
    roots.push(root);
    const log = AuditLog.forRoot(root);
    expect(await log.recent(10)).toEqual([]);
    const detail = 'x'.repeat(300);
    await Promise.all(
      Array.from({ length: 1500 }, (_, i) => log.record({ user: 'u', action: `a${i}`, details: { detail } })),
    );
    const recent = await log.recent(1000);
    expect(recent).toHaveLength(1000);
    expect(recent.map((e) => e.action)).toEqual(Array.from({ length: 1000 }, (_, i) => `a${1499 - i}`));
    expect((await log.recent(3)).map((e) => e.action)).toEqual(['a1499', 'a1498', 'a1497']);
    expect(await log.recent(5000)).toHaveLength(1500);
  });
});

describe('the server log', () => {
  it('redacts credentials and masks connection-string passwords', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const { app } = await start({ logger: { level: 'info', stream } });
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'wrong-Secr3t' },
    });
    await app.inject({ method: 'GET', url: '/api/health?cs=data%20source%3D.%3Bpassword%3DSecr3t' });
    await app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: 'Bearer iisc_Secr3t' },
    });
    app.log.info('connecting with data source=.;password=Secr3t;');
    app.log.info(
      { sqlConnectionString: 'server=.;pwd=Secr3t', nested: { list: ['Password=Secr3t'] } },
      'changed',
    );
    app.log.info({
      headers: { authorization: 'Bearer Secr3t', cookie: 'iisconsole.sid=Secr3t' },
      body: { password: 'Secr3t' },
    });
    const log = lines.join('');
    expect(log).toContain('"msg":"changed"');
    expect(log).toContain('password=*****');
    expect(log).toContain('[redacted]');
    expect(log).not.toContain('Secr3t');
  });
});
