// The ASP.NET State Service: start and stop from the console (a real process on a real port), the
// warning on the Session State page, Test connection (docs/session-state.md §3.8), and the store:
// a real redis-server shared with a second state service process (docs/state-store.md).
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ensureRedisServer, startRedis, type RunningRedis } from '../../scripts/redis.mjs';
import { test, expect, useIisServer } from '../support/test.js';
import { freePort } from '../support/server.js';
import { chooseOption, expectSelected, expectUnavailable } from '../pages/controls.js';
import { SAVED_MESSAGE } from '../pages/SessionStatePage.js';
import { read } from '../support/disk.js';

useIisServer();

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

let port = 0;

// Never 42424: every test gets a port of its own, and every test leaves the service stopped.
test.beforeEach(async ({ iis }) => {
  port = await freePort();
  await iis.api.patchStateService({ port, startupType: 'Manual' });
});

test.afterEach(async ({ iis }) => {
  const service = await iis.api.stateService().catch(() => undefined);
  if (service && service.status !== 'Stopped') {
    await iis.api.controlStateService('stop');
    await expect.poll(async () => (await iis.api.stateService()).status, { timeout: 15_000 }).toBe('Stopped');
  }
});

test('Start and Stop run the service and open and close its port', async ({ stateService: s }) => {
  await s.goto();
  await expect(s.heading).toBeVisible();
  await expect(s.status('Stopped')).toBeVisible();
  await expect(s.port).toHaveValue(String(port));
  await expectSelected(s.startupType, 'Manual');
  expect(await canConnect(port)).toBe(false);

  await s.start.click();
  await expect(s.status('Running')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => canConnect(port), { timeout: 10_000 }).toBe(true);
  await expect(s.start).toBeDisabled();

  await s.stop.click();
  await expect(s.status('Stopped')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => canConnect(port), { timeout: 10_000 }).toBe(false);
  await expect(s.stop).toBeDisabled();
});

test('Restart keeps the service running on its port', async ({ stateService: s, iis }) => {
  expect((await iis.api.controlStateService('start')).ok()).toBe(true);
  await s.goto();
  await expect(s.status('Running')).toBeVisible({ timeout: 15_000 });
  await s.restart.click();
  await expect(s.status('Running')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => canConnect(port), { timeout: 10_000 }).toBe(true);
});

test('State Server with the service stopped warns; Start service starts it', async ({
  sessionState: p,
  iis,
}) => {
  await p.gotoServer();
  await p.selectMode('State Server');
  await p.stateServer.connectionString.fill(`tcpip=127.0.0.1:${port}`);
  const warning = p.page
    .getByRole('alert')
    .filter({ hasText: /^The ASP.NET State Service on this server is/ });
  await expect(warning).toBeVisible();
  await expect(warning.getByRole('button', { name: 'Set to Automatic' })).toBeVisible();
  await warning.getByRole('button', { name: 'Start service' }).click();

  await expect.poll(async () => (await iis.api.stateService()).status, { timeout: 15_000 }).toBe('Running');
  await expect.poll(() => canConnect(port), { timeout: 10_000 }).toBe(true);
  // The page follows: the service is running now (a Manual startup type may still be pointed out).
  await expect
    .poll(async () => (await warning.count()) === 0 || /is Running/.test(await warning.innerText()))
    .toBe(true);
  await expectUnavailable(warning.getByRole('button', { name: 'Start service' }));
});

test('Set to Automatic changes the startup type', async ({ sessionState: p, iis }) => {
  await p.gotoServer();
  await p.selectMode('State Server');
  await p.stateServer.connectionString.fill(`tcpip=127.0.0.1:${port}`);
  const warning = p.page
    .getByRole('alert')
    .filter({ hasText: /^The ASP.NET State Service on this server is/ });
  await warning.getByRole('button', { name: 'Set to Automatic' }).click();
  await expect.poll(async () => (await iis.api.stateService()).startupType).toBe('Automatic');
});

test('Test connection reports the version of a running service', async ({ sessionState: p, iis }) => {
  expect((await iis.api.controlStateService('start')).ok()).toBe(true);
  await expect.poll(async () => (await iis.api.stateService()).status, { timeout: 15_000 }).toBe('Running');
  await p.gotoServer();
  await p.selectMode('State Server');
  await p.stateServer.connectionString.fill(`tcpip=127.0.0.1:${port}`);
  await p.testConnection.click();
  await expect(p.page.getByRole('status').filter({ hasText: '4.0.30319' })).toBeVisible({ timeout: 10_000 });
});

test('Test connection against a closed port says it was refused', async ({ sessionState: p }) => {
  const closed = await freePort();
  await p.gotoServer();
  await p.selectMode('State Server');
  await p.stateServer.connectionString.fill(`tcpip=127.0.0.1:${closed}`);
  await p.testConnection.click();
  await expect(p.page.getByRole('status').filter({ hasText: /refused/i })).toBeVisible({ timeout: 10_000 });
});

test('settings changed on the page are saved and used by the next start', async ({
  stateService: s,
  iis,
}) => {
  const newPort = await freePort();
  await s.goto();
  await expect(s.status('Stopped')).toBeVisible();
  await s.port.fill(String(newPort));
  await chooseOption(s.startupType, 'Automatic');
  await s.socketTimeout.fill('30');
  await s.action('Apply').click();
  await expect(s.page.getByRole('status').filter({ hasText: SAVED_MESSAGE })).toBeVisible();

  const settings = await iis.api.stateService();
  expect(settings.startupType).toBe('Automatic');
  expect(settings.settings).toMatchObject({ port: newPort, socketTimeout: 30 });
  // Kept on disk with the console's own state (the registry's Parameters on Windows).
  expect(read(iis.root, 'ProgramData/IISConsole/services/aspnet_state.settings.json')).toContain(
    String(newPort),
  );

  await s.start.click();
  await expect(s.status('Running')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => canConnect(newPort), { timeout: 10_000 }).toBe(true);
  expect(await canConnect(port)).toBe(false);
});

test.describe('the store', () => {
  const redisServer = ensureRedisServer({ quiet: true });
  let redis: RunningRedis | undefined;
  const others: ChildProcess[] = [];

  test.beforeAll(async () => {
    if (redisServer.path !== undefined) redis = await startRedis({ path: redisServer.path });
  });
  test.afterAll(async () => {
    await redis?.stop();
  });
  test.afterEach(async ({ iis }) => {
    for (const child of others.splice(0)) child.kill('SIGKILL');
    await iis.api.patchStateService({ store: 'memory' });
  });

  test('Redis: Test, Apply, Start, and the page shows the store and every instance sharing it', async ({
    stateService: s,
    iis,
  }) => {
    test.skip(redis === undefined, redisServer.reason ?? 'redis-server not found');
    const url = `redis://127.0.0.1:${redis!.port}`;
    await s.goto();
    await expect(s.inMemory).toBeChecked();
    await s.redis.check();
    await s.redisUrl.fill(url);
    await expect(s.keyPrefix).toHaveValue('aspnet_state:');
    await s.keyPrefix.fill('e2e:');
    await s.testStore.click();
    await expect(
      s.page.getByRole('status').filter({ hasText: /^Connected to Redis [\d.]+ at / }),
    ).toBeVisible({
      timeout: 10_000,
    });
    await s.action('Apply').click();
    await expect(s.page.getByRole('status').filter({ hasText: SAVED_MESSAGE })).toBeVisible();
    expect((await iis.api.stateService()).settings).toMatchObject({ store: url, keyPrefix: 'e2e:' });

    await s.start.click();
    await expect(s.status('Running')).toBeVisible({ timeout: 15_000 });
    await expect(s.storeInUse()).toHaveText(
      new RegExp(
        `^Store in use: Redis at redis://127\\.0\\.0\\.1:${redis!.port}/0, key prefix "e2e:" — reachable`,
      ),
      { timeout: 10_000 },
    );

    // A second state service (another web server's, say) on the same Redis and prefix.
    const other = spawn(
      process.execPath,
      [
        'packages/state-server/bin/aspnet-state.js',
        '--port',
        String(await freePort()),
        '--host',
        '127.0.0.1',
        '--store',
        url,
        '--key-prefix',
        'e2e:',
      ],
      { cwd: repoRoot, stdio: 'ignore' },
    );
    others.push(other);
    await expect(async () => {
      await s.page.reload();
      await expect(s.page.getByText(/^Shared by 2 state service instances/)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
  });
});
