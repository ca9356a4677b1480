// The built-in ASP.NET state service controller against real processes on free loopback ports:
// the aspnet-state bin (and three wrappers of it that are slow to listen, slow to stop, or deaf to
// SIGTERM) started detached, tracked by its pid file, and read from the process and its port.
import { spawn } from 'node:child_process';
import { repoRoot } from '../src/paths.js';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StateClient } from '@iis-console/state-server';
import {
  BuiltinStateServiceController,
  type BuiltinStateServiceControllerOptions,
} from '../src/services/builtin-controller.js';
import { ServiceError } from '../src/services/controller.js';
import { probePort, processExists } from '../src/services/process-probe.js';
import { servicesDir } from '../src/services/settings-store.js';
import { makeRoot, removeRoot } from './helpers.js';
import {
  buildStateServer,
  fixture,
  freePort,
  Pids,
  recordedPid,
  waitForExit,
  writeServiceSettings,
} from './services-support.js';

const pids = new Pids();
const roots: string[] = [];

const controllers: BuiltinStateServiceController[] = [];

// apps/server's build as well: one test runs the controller in a console process of its own.
beforeAll(() => buildStateServer('apps/server'), 120_000);
afterEach(async () => {
  // A failed test may leave a start in flight: let it finish, then end what it started.
  for (const controller of controllers.splice(0)) await controller.close().catch(() => undefined);
  pids.killAll();
});
afterAll(async () => {
  for (const root of roots.splice(0)) await removeRoot(root);
});

/** A root whose service listens on a free port, and a controller on it. */
async function setupService(
  options: Omit<BuiltinStateServiceControllerOptions, 'root'> = {},
  settings: Record<string, unknown> = {},
): Promise<{ root: string; port: number; controller: BuiltinStateServiceController }> {
  const root = await makeRoot();
  roots.push(root);
  pids.watchRoot(root);
  const port = await freePort();
  await writeServiceSettings(root, { port, ...settings });
  const controller = new BuiltinStateServiceController({ root, ...options });
  controllers.push(controller);
  return { root, port, controller };
}

async function refusal(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

async function roundTrip(port: number): Promise<void> {
  const client = await StateClient.connect('127.0.0.1', port);
  try {
    expect((await client.put('/LM/W3SVC/1/ROOT(h)/s1', Buffer.from('hello'))).status).toBe(200);
    const read = await client.getExclusive('/LM/W3SVC/1/ROOT(h)/s1');
    expect(read).toMatchObject({ status: 200, aspNetVersion: '4.0.30319' });
    expect(read.body.toString()).toBe('hello');
  } finally {
    await client.close();
  }
}

describe('BuiltinStateServiceController', () => {
  it('is Stopped with the defaults (Manual, port 42424) on a fresh root', async () => {
    const root = await makeRoot();
    roots.push(root);
    const state = await new BuiltinStateServiceController({ root }).describe();
    expect(state).toEqual({
      name: 'aspnet_state',
      displayName: 'ASP.NET State Service',
      status: 'Stopped',
      startupType: 'Manual',
      settings: {
        port: 42424,
        allowRemoteConnection: false,
        socketTimeout: 30,
        store: 'memory',
        keyPrefix: 'aspnet_state:',
      },
      runningSettings: null,
      pid: null,
      controller: 'builtin',
      counters: null,
      store: null,
      restartRequired: false,
    });
    // Reading creates nothing.
    expect(existsSync(servicesDir(root))).toBe(false);
  });

  it('start: StartPending until the port is open, then Running; the service speaks MS-ASP', async () => {
    const { root, port, controller } = await setupService({ bin: fixture('aspnet-state-slow-start.mjs') });
    const starting = controller.start();
    // This controller says so as soon as its start is under way; another one (another console)
    // reads it from the pid file and the port.
    await expect
      .poll(async () => (await controller.describe()).status, { timeout: 2000, interval: 10 })
      .toBe('StartPending');
    await expect.poll(() => recordedPid(root), { timeout: 5000 }).toBeTypeOf('number');
    const other = await new BuiltinStateServiceController({ root }).describe();
    expect(other).toMatchObject({ status: 'StartPending', pid: recordedPid(root), counters: null });
    expect(await probePort('127.0.0.1', port)).toBe(false);

    const started = await starting;
    pids.add(started.pid);
    expect(started).toMatchObject({
      status: 'Running',
      runningSettings: { port, allowRemoteConnection: false, socketTimeout: 30 },
      restartRequired: false,
    });
    expect(started.pid).toBe(recordedPid(root));
    expect(await probePort('127.0.0.1', port)).toBe(true);
    await roundTrip(port);

    // Counters come from the status file the service rewrites every second.
    await expect
      .poll(async () => (await controller.describe()).counters, { timeout: 4000, interval: 200 })
      .toMatchObject({ activeSessions: 1, totalSessions: 1, bytesInMemory: 5 });
    expect(readFileSync(join(servicesDir(root), 'aspnet_state.json'), 'utf8')).toContain(
      `"pid": ${started.pid}`,
    );

    await controller.stop();
  });

  it('stop: StopPending while the process ends, then Stopped with the port closed', async () => {
    const { root, port, controller } = await setupService({ bin: fixture('aspnet-state-slow-stop.mjs') });
    const started = await controller.start();
    pids.add(started.pid);
    const pid = started.pid as number;
    expect(started.status).toBe('Running');

    const stopping = controller.stop();
    await expect
      .poll(async () => (await controller.describe()).status, { timeout: 2000, interval: 10 })
      .toBe('StopPending');
    // Another console sees it from the pid file, while the process still lives and serves.
    await expect
      .poll(async () => (await new BuiltinStateServiceController({ root }).describe()).status, {
        timeout: 2000,
        interval: 20,
      })
      .toBe('StopPending');
    expect(processExists(pid)).toBe(true);

    const stopped = await stopping;
    expect(stopped).toMatchObject({ status: 'Stopped', pid: null, runningSettings: null, counters: null });
    expect(stopped.lastFailure).toBeUndefined();
    expect(processExists(pid)).toBe(false);
    expect(await probePort('127.0.0.1', port)).toBe(false);
    expect(existsSync(join(servicesDir(root), 'aspnet_state.json'))).toBe(false);
    expect(existsSync(join(servicesDir(root), 'aspnet_state.status.json'))).toBe(false);
  });

  it('stop: SIGKILL after the time limit when SIGTERM is ignored', async () => {
    const { port, controller } = await setupService({
      bin: fixture('aspnet-state-ignore-sigterm.mjs'),
      stopTimeoutMs: 400,
    });
    const started = await controller.start();
    pids.add(started.pid);
    const begun = Date.now();
    const stopped = await controller.stop();
    expect(Date.now() - begun).toBeGreaterThanOrEqual(400);
    expect(stopped.status).toBe('Stopped');
    expect(processExists(started.pid as number)).toBe(false);
    expect(await probePort('127.0.0.1', port)).toBe(false);
  });

  it('refuses with sc’s errors: 1058 Disabled, 1056 already running, 1062 not started', async () => {
    const { controller } = await setupService({}, { startupType: 'Disabled' });
    const disabled = await refusal(controller.start());
    expect(disabled).toMatchObject({
      win32Code: 1058,
      code: 'ERROR_SERVICE_DISABLED',
      message:
        'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
    });
    expect((await refusal(controller.restart())).win32Code).toBe(1058);
    expect((await controller.describe()).status).toBe('Stopped');

    const notStarted = await refusal(controller.stop());
    expect(notStarted).toMatchObject({
      win32Code: 1062,
      code: 'ERROR_SERVICE_NOT_ACTIVE',
      message: 'The service has not been started.',
    });

    await controller.configure({ startupType: 'Manual' });
    const started = await controller.start();
    pids.add(started.pid);
    const running = await refusal(controller.start());
    expect(running).toMatchObject({
      win32Code: 1056,
      code: 'ERROR_SERVICE_ALREADY_RUNNING',
      message: 'An instance of the service is already running.',
    });
    // Disabling a running service leaves it running, as on Windows; it can still be stopped.
    expect((await controller.configure({ startupType: 'Disabled' })).status).toBe('Running');
    expect((await controller.stop()).status).toBe('Stopped');
  });

  it('settings apply at the next start: restartRequired until a restart', async () => {
    const { root, port, controller } = await setupService();
    const started = await controller.start();
    pids.add(started.pid);
    const newPort = await freePort();
    const changed = await controller.configure({
      port: newPort,
      socketTimeout: 60,
      startupType: 'Automatic',
    });
    expect(changed).toMatchObject({
      status: 'Running',
      startupType: 'Automatic',
      settings: { port: newPort, allowRemoteConnection: false, socketTimeout: 60 },
      runningSettings: { port, allowRemoteConnection: false, socketTimeout: 30 },
      restartRequired: true,
      pid: started.pid,
    });
    expect(JSON.parse(readFileSync(join(servicesDir(root), 'aspnet_state.settings.json'), 'utf8'))).toEqual({
      startupType: 'Automatic',
      port: newPort,
      allowRemoteConnection: false,
      socketTimeout: 60,
      store: 'memory',
      keyPrefix: 'aspnet_state:',
    });
    // Still serving on the old port.
    await roundTrip(port);

    const restarted = await controller.restart();
    pids.add(restarted.pid);
    expect(restarted).toMatchObject({
      status: 'Running',
      restartRequired: false,
      runningSettings: { port: newPort, socketTimeout: 60 },
    });
    expect(restarted.pid).not.toBe(started.pid);
    expect(processExists(started.pid as number)).toBe(false);
    expect(await probePort('127.0.0.1', port)).toBe(false);
    await roundTrip(newPort);
    // Changing a setting back to what the service runs with needs no restart.
    await controller.configure({ port: 1 });
    expect((await controller.configure({ port: newPort })).restartRequired).toBe(false);
    await controller.stop();
  });

  it('restart of a stopped service starts it', async () => {
    const { port, controller } = await setupService();
    const restarted = await controller.restart();
    pids.add(restarted.pid);
    expect(restarted.status).toBe('Running');
    await roundTrip(port);
    await controller.stop();
  });

  it('outlives the controller: a new one finds it Running by its pid file and can stop it', async () => {
    const { root, port, controller } = await setupService();
    const started = await controller.start();
    pids.add(started.pid);
    await controller.close();
    const again = new BuiltinStateServiceController({ root });
    expect(await again.describe()).toMatchObject({ status: 'Running', pid: started.pid });
    expect(await again.startIfAutomatic()).toBe('not-automatic');
    await again.configure({ startupType: 'Automatic' });
    expect(await again.startIfAutomatic()).toBe('already-running');
    expect((await again.describe()).pid).toBe(started.pid);
    await roundTrip(port);
    expect((await again.stop()).status).toBe('Stopped');
    await waitForExit(started.pid as number);
  });

  it.skipIf(process.platform === 'win32')(
    'outlives the console process, and a Ctrl+C in the console’s terminal does not reach it',
    async () => {
      const { root, port } = await setupService();
      // A console of its own (its own process group, as in a terminal) that starts the service.
      const controllerJs = join(repoRoot, 'apps/server/dist/services/builtin-controller.js');
      const script = `
      const { BuiltinStateServiceController } = await import(${JSON.stringify(controllerJs)});
      const state = await new BuiltinStateServiceController({ root: ${JSON.stringify(root)} }).start();
      console.log(JSON.stringify(state));
      setInterval(() => undefined, 1000);
    `;
      const consoleProcess = spawn(process.execPath, ['--input-type=module', '-e', script], {
        detached: true,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) =>
        consoleProcess.once('exit', (_code, signal) => resolve(signal)),
      );
      let state: { status: string; pid: number };
      try {
        let out = '';
        consoleProcess.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
        await expect.poll(() => out.includes('\n'), { timeout: 15_000 }).toBe(true);
        state = JSON.parse(out) as { status: string; pid: number };
        pids.add(state.pid);
        expect(state.status).toBe('Running');

        // Ctrl+C: SIGINT to the console's whole process group.
        process.kill(-(consoleProcess.pid as number), 'SIGINT');
        expect(await exited).toBe('SIGINT');
      } finally {
        if (consoleProcess.exitCode === null && consoleProcess.signalCode === null)
          consoleProcess.kill('SIGKILL');
      }
      expect(processExists(state.pid)).toBe(true);
      await roundTrip(port);

      const controller = new BuiltinStateServiceController({ root });
      expect(await controller.describe()).toMatchObject({ status: 'Running', pid: state.pid });
      expect((await controller.stop()).status).toBe('Stopped');
      await waitForExit(state.pid);
    },
  );

  it('a stale pid file (dead pid, or a pid now used by another process) reads as Stopped', async () => {
    const { root, port, controller } = await setupService();
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = dead.pid as number;
    await new Promise((resolve) => dead.once('exit', resolve));
    await waitForExit(deadPid);
    const record = (pid: number) => ({
      pid,
      execPath: process.execPath,
      bin: join(root, 'aspnet-state.js'),
      statusFile: join(servicesDir(root), 'aspnet_state.status.json'),
      logFile: join(servicesDir(root), 'aspnet_state.log'),
      logOffset: 0,
      settings: { port, allowRemoteConnection: false, socketTimeout: 30 },
      startedAt: new Date().toISOString(),
    });
    const pidFile = join(servicesDir(root), 'aspnet_state.json');
    await mkdir(servicesDir(root), { recursive: true });

    await writeFile(pidFile, JSON.stringify(record(deadPid)));
    const stale = await controller.describe();
    expect(stale).toMatchObject({ status: 'Stopped', pid: null, runningSettings: null });
    expect(stale.lastFailure).toMatch(/^The process terminated unexpectedly\./);

    // This very test process is alive, but it is not the state service.
    await writeFile(pidFile, JSON.stringify(record(process.pid)));
    expect((await controller.describe()).status).toBe('Stopped');
    await expect(controller.stop()).rejects.toMatchObject({ win32Code: 1062 });

    // Start replaces the stale record.
    const started = await controller.start();
    pids.add(started.pid);
    expect(started).toMatchObject({ status: 'Running' });
    expect(started.pid).not.toBe(process.pid);
    await controller.stop();
  });

  it('a process that cannot listen: 1067 with its reason, then Stopped with lastFailure', async () => {
    const { port, controller } = await setupService();
    // Something else holds the port.
    const { createServer } = await import('node:net');
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const failed = await refusal(controller.start());
      expect(failed.win32Code).toBe(1067);
      expect(failed.code).toBe('ERROR_PROCESS_ABORTED');
      expect(failed.message).toMatch(
        new RegExp(
          `^The process terminated unexpectedly\\. Exit code 1\\. aspnet_state: cannot listen on loopback:${port}: .*EADDRINUSE`,
        ),
      );
      const state = await controller.describe();
      expect(state.status).toBe('Stopped');
      expect(state.lastFailure).toBe(failed.message);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    // Once the port is free the service starts, and the failure is forgotten.
    const started = await controller.start();
    pids.add(started.pid);
    expect(started.status).toBe('Running');
    expect(started.lastFailure).toBeUndefined();
    await controller.stop();
  });

  it('a service that dies on its own reads as Stopped with the reason', async () => {
    const { controller } = await setupService();
    const started = await controller.start();
    pids.add(started.pid);
    process.kill(started.pid as number, 'SIGKILL');
    await waitForExit(started.pid as number);
    const state = await controller.describe();
    expect(state.status).toBe('Stopped');
    expect(state.lastFailure).toBe('The process terminated unexpectedly. Ended by SIGKILL.');
  });

  it('a service stopped from outside (kill) reads as Stopped, and says so, in any console', async () => {
    const { root, controller } = await setupService();
    const started = await controller.start();
    pids.add(started.pid);
    process.kill(started.pid as number, 'SIGTERM');
    await waitForExit(started.pid as number);
    expect((await controller.describe()).lastFailure).toBe('The service was stopped outside the console.');
    // Another console does not know the exit code: the clean stop shows in the log and status file.
    const other = await new BuiltinStateServiceController({ root }).describe();
    expect(other).toMatchObject({
      status: 'Stopped',
      lastFailure: 'The service was stopped outside the console.',
    });
  });

  it('concurrent starts run one after the other: one starts, the other gets 1056', async () => {
    const { controller } = await setupService();
    const results = await Promise.allSettled([controller.start(), controller.start()]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    pids.add(fulfilled[0]?.value.pid);
    expect(rejected[0]?.reason).toMatchObject({ win32Code: 1056 });
    await controller.stop();
  });

  it('does not pass the console’s secrets to the service process', async () => {
    const { serviceEnvironment } = await import('../src/services/builtin-controller.js');
    expect(
      serviceEnvironment({
        PATH: '/usr/bin',
        IISCONSOLE_ADMIN_PASSWORD: 'x',
        IISCONSOLE_ROOT: '/r',
        NODE_OPTIONS: '--inspect',
        GITHUB_TOKEN: 't',
        HOME: '/home/u',
      }),
    ).toEqual({ PATH: '/usr/bin', HOME: '/home/u' });
  });
});
