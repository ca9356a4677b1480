// What the benchmarks share: the repository, the admin password they start servers with, a median,
// and starting the real server (`apps/server/dist/main.js`) on a free loopback port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const PASSWORD = 'bench-password-1';

export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Starts the server on `root`; resolves with the child process and its URL once it listens. */
export function startServer(root, env = {}) {
  const child = spawn(
    process.execPath,
    [join(REPO, 'apps/server/dist/main.js'), '--root', root, '--port', '0'],
    {
      env: { ...process.env, IISCONSOLE_ADMIN_PASSWORD: PASSWORD, IISCONSOLE_LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let text = '';
    const on = (chunk) => {
      text += chunk;
      const m = /IIS Console is running at (\S+)/.exec(text);
      if (m) resolve({ child, url: m[1] });
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${text}`)));
  });
}

/** Signs in as `admin` and makes an API token (the header scripts and other consoles use). */
export async function bearer(url, name = 'bench') {
  const login = await fetch(new URL('/api/auth/login', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrfToken } = await login.json();
  const res = await fetch(new URL('/api/tokens', url), {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  return (await res.json()).token;
}
