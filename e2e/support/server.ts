// The real IIS Console server on a temporary system drive root (fixture F), as `npm start` runs it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSnapshot, createFixtureF, restoreSnapshot, type ConfigSnapshot } from './disk.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER_MAIN = join(REPO_ROOT, 'apps/server/dist/main.js');
const USERS_CLI = join(REPO_ROOT, 'apps/server/dist/users-cli.js');

export interface Credentials {
  username: string;
  password: string;
  role: 'administrator' | 'reader';
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export class IisServer {
  readonly admin: Credentials;
  readonly reader: Credentials;
  #process: ChildProcess | undefined;
  #baseline: ConfigSnapshot | undefined;
  #port = 0;

  private constructor(
    /** The temporary system drive root (fixture F). */
    readonly root: string,
    /** Scratch space beside the root: server log, saved sign-ins. */
    readonly scratch: string,
  ) {
    const password = () => `e2e-${randomBytes(9).toString('base64url')}`;
    this.admin = { username: 'admin', password: password(), role: 'administrator' };
    this.reader = { username: 'reader', password: password(), role: 'reader' };
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get logFile(): string {
    return join(this.scratch, 'server.log');
  }

  /** Fixture F, the users `admin` and `reader`, and the server listening on a free port. */
  static async start(): Promise<IisServer> {
    const server = new IisServer(createFixtureF(), mkdtempSync(join(tmpdir(), 'iisconsole-e2e-')));
    server.#addReader();
    server.#baseline = configSnapshot(server.root);
    await server.#spawn();
    return server;
  }

  #addReader(): void {
    const r = spawnSync(
      process.execPath,
      [USERS_CLI, 'add', this.reader.username, '--role', 'reader', '--root', this.root],
      { env: { ...process.env, IISCONSOLE_USER_PASSWORD: this.reader.password }, encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`users add reader failed (${r.status}): ${r.stderr}${r.stdout}`);
  }

  async #spawn(): Promise<void> {
    this.#port = await freePort();
    const log = openSync(this.logFile, 'a');
    const env: NodeJS.ProcessEnv = { ...process.env, IISCONSOLE_ADMIN_PASSWORD: this.admin.password };
    delete env.IISCONSOLE_ROOT;
    delete env.IISCONSOLE_PORT;
    delete env.IISCONSOLE_HOST;
    env.IISCONSOLE_LOG_LEVEL ??= 'warn';
    const child = spawn(
      process.execPath,
      [SERVER_MAIN, '--root', this.root, '--port', String(this.#port), '--host', '127.0.0.1'],
      { cwd: REPO_ROOT, env, stdio: ['ignore', log, log] },
    );
    closeSync(log);
    this.#process = child;
    let exited: string | undefined;
    child.once('exit', (code, signal) => (exited = `exited with ${code ?? signal}`));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (exited) throw new Error(`The server ${exited}:\n${this.logTail()}`);
      try {
        const res = await fetch(`${this.url}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`The server did not answer /api/health within 20 s:\n${this.logTail()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The last lines the server logged (attached to failed tests). */
  logTail(lines = 60): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Every configuration file back to fixture F (users, audit log and history stay). */
  resetFiles(): void {
    if (this.#baseline) restoreSnapshot(this.root, this.#baseline);
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes the root. */
  async stop(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(this.root, { recursive: true, force: true });
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
