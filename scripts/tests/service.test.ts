// `npm run service -- install|uninstall|status` (scripts/service/): the systemd unit and the sc.exe
// command lines it generates, dry runs, the self-signed certificate, refusals. Every effect is
// injected; the opt-in test at the end installs a real unit (IISCONSOLE_TEST_SYSTEMD=1, as root,
// where systemd runs).
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitCommandLine } from '@iis-console/config-common';
import {
  defaultDeps,
  findOnPath,
  parseServiceArgs,
  runService,
  systemdQuote,
  systemdUnit,
  windowsCommandLine,
  windowsCommands,
  type ExecResult,
  type ServiceDeps,
} from '../service/index.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'service test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;
const freshDir = (name: string) => {
  const dir = join(scratch, `${name} ${++counter}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** Every file under dir, relative. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

interface Harness {
  deps: ServiceDeps;
  out: string[];
  err: string[];
  ran: string[][];
}

/** Deps with a recording exec (systemctl / sc.exe answer `answer`), real file system under tmp dirs. */
function harness(
  overrides: Partial<ServiceDeps> = {},
  answer: (argv: string[]) => ExecResult | undefined = () => undefined,
): Harness {
  const out: string[] = [];
  const err: string[] = [];
  const ran: string[][] = [];
  const repo = freshDir('repo');
  mkdirSync(join(repo, 'apps', 'server', 'dist'), { recursive: true });
  writeFileSync(join(repo, 'apps', 'server', 'dist', 'main.js'), '');
  const deps = defaultDeps({
    platform: 'linux',
    env: { PATH: process.env.PATH ?? '' },
    cwd: scratch,
    repo,
    nodePath: '/usr/bin/node',
    hostname: 'web01',
    unitDir: freshDir('units'),
    isPrivileged: () => true,
    systemdRunning: () => true,
    exec: (command, args) => {
      const argv = [command, ...args];
      ran.push(argv);
      const answered = answer(argv);
      if (answered) return answered;
      if (command === 'systemctl' || command === 'sc.exe' || command.endsWith('nssm.exe'))
        return { status: 0, stdout: '', stderr: '' };
      // openssl runs for real.
      const result = spawnSync(command, args, { encoding: 'utf8' });
      return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
    },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    ...overrides,
  });
  return { deps, out, err, ran };
}

describe('the systemd unit', () => {
  it('runs node on main.js with the options, restarts on failure and logs to the journal', () => {
    const unit = systemdUnit({
      name: 'iis-console',
      repo: '/opt/IIS Console',
      nodePath: '/usr/local/bin/node',
      root: '/srv/iis root',
      port: 8443,
      host: '0.0.0.0',
      cert: '/srv/iis root/ProgramData/IISConsole/tls/iis-console.crt',
      key: '/srv/iis root/ProgramData/IISConsole/tls/iis-console.key',
      environment: { IISCONSOLE_LOG_LEVEL: 'warn', IISCONSOLE_RATE_LIMIT: '500' },
    });
    expect(unit.split('\n')).toEqual([
      '# Written by `npm run service -- install` (IIS Console); remove it with `npm run service -- uninstall`.',
      '[Unit]',
      'Description=IIS Console (IIS Manager in a browser)',
      'After=network-online.target',
      'Wants=network-online.target',
      '',
      '[Service]',
      'Type=simple',
      'WorkingDirectory=/opt/IIS Console',
      'Environment=IISCONSOLE_LOG_LEVEL=warn',
      'Environment=IISCONSOLE_RATE_LIMIT=500',
      'ExecStart=/usr/local/bin/node "/opt/IIS Console/apps/server/dist/main.js" --root "/srv/iis root" --port 8443 --host 0.0.0.0' +
        ' --cert "/srv/iis root/ProgramData/IISConsole/tls/iis-console.crt" --key "/srv/iis root/ProgramData/IISConsole/tls/iis-console.key"',
      'Restart=on-failure',
      'RestartSec=5',
      'StandardOutput=journal',
      'StandardError=journal',
      'SyslogIdentifier=iis-console',
      '',
      '[Install]',
      'WantedBy=multi-user.target',
      '',
    ]);
  });

  it('escapes specifiers, variables, quotes and backslashes in command-line words', () => {
    expect(systemdQuote('/srv/plain')).toBe('/srv/plain');
    expect(systemdQuote('/srv/100%')).toBe('/srv/100%%');
    expect(systemdQuote('/srv/$HOME')).toBe('/srv/$$HOME');
    expect(systemdQuote('/srv/a "b"')).toBe('"/srv/a \\"b\\""');
    expect(systemdQuote('C:\\x')).toBe('"C:\\\\x"');
    expect(systemdQuote('')).toBe('""');
    expect(() => systemdQuote('/srv/a\nb')).toThrow(/line break/);
  });

  const analyze = findOnPath('systemd-analyze');
  it.skipIf(!analyze)('passes systemd-analyze verify', () => {
    const dir = freshDir('verify');
    const repo = join(dir, 'IIS Console');
    mkdirSync(join(repo, 'apps', 'server', 'dist'), { recursive: true });
    writeFileSync(join(repo, 'apps', 'server', 'dist', 'main.js'), '');
    const file = join(dir, 'iis-console-verify.service');
    writeFileSync(
      file,
      systemdUnit({
        name: 'iis-console-verify',
        repo,
        nodePath: process.execPath,
        root: join(dir, 'root 100%'),
        port: 8172,
        host: '127.0.0.1',
        environment: { IISCONSOLE_LOG_LEVEL: 'info' },
      }),
    );
    const result = spawnSync(analyze!, ['verify', file], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/iis-console-verify/);
  });
  if (!analyze) console.log('systemd-analyze is not installed: the unit is not verified by systemd here.');
});

describe('the Windows commands', () => {
  const options = {
    name: 'iis-console',
    repo: 'C:\\Program Files\\IIS Console',
    nodePath: 'C:\\Program Files\\nodejs\\node.exe',
    wrapper: 'C:\\Program Files\\nssm\\nssm.exe',
    root: 'C:\\',
    port: 8443,
    host: '0.0.0.0',
    cert: 'C:\\ProgramData\\IISConsole\\tls\\iis-console.crt',
    key: 'C:\\ProgramData\\IISConsole\\tls\\iis-console.key',
    environment: { IISCONSOLE_LOG_LEVEL: 'info' },
  };
  const commands = windowsCommands(options);
  const lines = commands.map(windowsCommandLine);

  it('are the documented sc.exe lines: each `key=` an argument of its own, its value the next', () => {
    expect(lines[0]).toBe(
      'sc.exe create iis-console binPath= "\\"C:\\Program Files\\nssm\\nssm.exe\\"" start= auto DisplayName= "IIS Console"',
    );
    expect(lines).toContain(
      'sc.exe failure iis-console reset= 86400 actions= restart/5000/restart/5000/restart/5000',
    );
    expect(lines.at(-1)).toBe('sc.exe start iis-console');
    for (const argv of commands.filter((a) => a[0] === 'sc.exe')) {
      argv.forEach((arg, i) => {
        if (!/^[A-Za-z]+=/.test(arg)) return;
        // `binPath= value`: the option ends with "=" and the value is the next argument.
        expect(arg).toMatch(/^[A-Za-z]+=$/);
        expect(argv[i + 1]).toBeDefined();
        expect(argv[i + 1]).not.toMatch(/^[A-Za-z]+=$/);
      });
    }
  });

  it('quote every line so that CommandLineToArgvW gives back the arguments, binPath and AppParameters included', () => {
    commands.forEach((argv, i) => expect(splitCommandLine(lines[i]!)).toEqual(argv));
    const create = splitCommandLine(lines[0]!);
    expect(splitCommandLine(create[create.indexOf('binPath=') + 1]!)).toEqual([options.wrapper]);
    const parameters = commands.find((argv) => argv[3] === 'AppParameters')![4]!;
    expect(splitCommandLine(parameters)).toEqual([
      'C:\\Program Files\\IIS Console\\apps\\server\\dist\\main.js',
      '--root',
      'C:\\',
      '--port',
      '8443',
      '--host',
      '0.0.0.0',
      '--cert',
      options.cert,
      '--key',
      options.key,
    ]);
  });

  it('log to a rotating file under the root and restart node after 5 s', () => {
    const set = Object.fromEntries(commands.filter((a) => a[1] === 'set').map((a) => [a[3], a.slice(4)]));
    expect(set).toMatchObject({
      Application: [options.nodePath],
      AppDirectory: [options.repo],
      AppStdout: ['C:\\ProgramData\\IISConsole\\logs\\iis-console.log'],
      AppStderr: ['C:\\ProgramData\\IISConsole\\logs\\iis-console.log'],
      AppRotateFiles: ['1'],
      AppRotateOnline: ['1'],
      AppRotateBytes: ['10485760'],
      AppRestartDelay: ['5000'],
      AppEnvironmentExtra: ['IISCONSOLE_LOG_LEVEL=info'],
    });
  });

  it('install --dry-run prints them; a non-administrator is refused; uninstall and status use sc.exe', () => {
    const h = harness({
      platform: 'windows',
      repo: options.repo,
      nodePath: options.nodePath,
      exists: () => true,
    });
    expect(runService(['install', '--root', 'C:\\', '--wrapper', options.wrapper, '--dry-run'], h.deps)).toBe(
      0,
    );
    expect(h.out).toContain(
      `  ${windowsCommandLine(windowsCommands({ ...options, port: 8172, host: '127.0.0.1', cert: undefined, key: undefined }).at(-2)!)}`,
    );
    expect(h.ran).toEqual([]);

    const refused = harness({ platform: 'windows', isPrivileged: () => false, exists: () => true });
    expect(runService(['install', '--wrapper', options.wrapper], refused.deps)).toBe(1);
    expect(refused.err[0]).toMatch(/^Refusing: creating a service needs an administrator/);
    expect(refused.err.join('\n')).toContain('sc.exe create iis-console binPath=');
    expect(refused.ran).toEqual([]);

    const noWrapper = harness({ platform: 'windows', findOnPath: () => undefined });
    expect(runService(['install'], noWrapper.deps)).toBe(1);
    expect(noWrapper.err[0]).toMatch(/NSSM .*--wrapper/);

    const un = harness({ platform: 'windows' }, (argv) =>
      argv[1] === 'stop'
        ? { status: 1062, stdout: '[SC] ControlService FAILED 1062:', stderr: '' }
        : undefined,
    );
    expect(runService(['uninstall'], un.deps)).toBe(0);
    expect(un.ran).toEqual([
      ['sc.exe', 'stop', 'iis-console'],
      ['sc.exe', 'delete', 'iis-console'],
    ]);

    const st = harness({ platform: 'windows' }, (argv) => ({
      status: 0,
      stderr: '',
      stdout:
        argv[1] === 'query'
          ? 'SERVICE_NAME: iis-console\n        TYPE               : 10  WIN32_OWN_PROCESS\n        STATE              : 4  RUNNING\n'
          : '        START_TYPE         : 2   AUTO_START\n        BINARY_PATH_NAME   : "C:\\nssm\\nssm.exe"\n',
    }));
    expect(runService(['status'], st.deps)).toBe(0);
    expect(st.out[0]).toBe('iis-console: RUNNING, starts at boot.');
  });
});

describe('install on Linux', () => {
  it('--dry-run prints the unit and the commands and changes nothing', () => {
    const root = freshDir('root');
    const h = harness();
    expect(
      runService(['install', '--root', root, '--port', '8443', '--self-signed', '--dry-run'], h.deps),
    ).toBe(0);
    expect(tree(root)).toEqual([]);
    expect(tree(h.deps.unitDir)).toEqual([]);
    expect(h.ran).toEqual([]);
    const printed = h.out.join('\n');
    expect(printed).toContain(`Would write ${h.deps.unitDir}/iis-console.service:`);
    expect(printed).toMatch(/^ExecStart=\/usr\/bin\/node .* --port 8443 --host 127\.0\.0\.1 --cert /m);
    expect(printed).toContain('openssl req -x509 -newkey rsa:2048 -nodes -days 825');
    expect(printed).toContain('  systemctl enable --now iis-console.service');
  });

  it('refuses when not root or when systemd is not running, printing what would run', () => {
    for (const [overrides, reason] of [
      [{ isPrivileged: () => false }, /needs root/],
      [{ systemdRunning: () => false }, /systemd is not running/],
    ] as const) {
      const h = harness(overrides);
      expect(runService(['install', '--root', freshDir('root')], h.deps)).toBe(1);
      expect(h.err[0]).toMatch(reason);
      expect(h.err).toContain('  systemctl enable --now iis-console.service');
      expect(tree(h.deps.unitDir)).toEqual([]);
      expect(h.ran).toEqual([]);
      expect(runService(['uninstall'], h.deps)).toBe(1);
    }
  });

  it('writes the unit, enables and starts it; a second install restarts it', () => {
    const root = freshDir('root');
    const h = harness();
    expect(runService(['install', '--root', root, '--name', 'farm-a', '--host', '0.0.0.0'], h.deps)).toBe(0);
    const unitFile = join(h.deps.unitDir, 'farm-a.service');
    expect(readFileSync(unitFile, 'utf8')).toContain(`--root "${root}" --port 8172 --host 0.0.0.0\n`);
    expect(statSync(unitFile).mode & 0o777).toBe(0o644);
    expect(h.ran).toEqual([
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'farm-a.service'],
    ]);
    h.ran.length = 0;
    expect(runService(['install', '--root', root, '--name', 'farm-a'], h.deps)).toBe(0);
    expect(h.ran).toEqual([
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', 'farm-a.service'],
      ['systemctl', 'restart', 'farm-a.service'],
    ]);
  });

  it('reports a failing systemctl with its message', () => {
    const h = harness({}, (argv) =>
      argv[1] === 'enable' ? { status: 1, stdout: '', stderr: 'Failed to enable unit' } : undefined,
    );
    expect(runService(['install', '--root', freshDir('root')], h.deps)).toBe(1);
    expect(h.err[0]).toBe(
      'Error: systemctl enable --now iis-console.service failed (exit 1): Failed to enable unit',
    );
  });

  const openssl = findOnPath('openssl');
  it.skipIf(!openssl)('--self-signed makes a certificate and a 0600 key and prints the fingerprint', () => {
    const root = freshDir('root');
    const h = harness();
    expect(runService(['install', '--root', root, '--self-signed', '--host', '10.0.0.5'], h.deps)).toBe(0);
    const tls = join(root, 'ProgramData', 'IISConsole', 'tls');
    expect(statSync(join(tls, 'iis-console.key')).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(readFileSync(join(tls, 'iis-console.crt')));
    expect(cert.subject).toBe('CN=web01');
    expect(cert.subjectAltName).toContain('IP Address:10.0.0.5');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    const line = h.out.find((l) => l.startsWith('SHA-256 fingerprint'))!;
    expect(line.endsWith(`: ${cert.fingerprint256}`)).toBe(true);
    expect(cert.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(readFileSync(join(h.deps.unitDir, 'iis-console.service'), 'utf8')).toContain(
      `--cert "${tls}/iis-console.crt" --key "${tls}/iis-console.key"`,
    );
    // A second install keeps the certificate, so pins stay valid.
    const again = harness();
    expect(runService(['install', '--root', root, '--self-signed'], again.deps)).toBe(0);
    expect(again.out).toContain(
      `SHA-256 fingerprint (pin it when connecting from another console): ${cert.fingerprint256}`,
    );
    expect(again.ran.some((argv) => argv[0] === openssl)).toBe(false);
  });
  if (!openssl) console.log('openssl is not on PATH: --self-signed is not tested here.');

  it('says clearly when openssl is missing', () => {
    const h = harness({ findOnPath: () => undefined });
    expect(runService(['install', '--root', freshDir('root'), '--self-signed'], h.deps)).toBe(1);
    expect(h.err[0]).toMatch(/--self-signed needs openssl on PATH/);
    expect(tree(h.deps.unitDir)).toEqual([]);
  });
});

describe('uninstall and status on Linux', () => {
  it('uninstall disables, removes the unit and reloads; status summarizes', () => {
    const h = harness({}, (argv) =>
      argv[1] === 'is-active'
        ? { status: 0, stdout: 'active\n', stderr: '' }
        : argv[1] === 'is-enabled'
          ? { status: 0, stdout: 'enabled\n', stderr: '' }
          : undefined,
    );
    expect(runService(['install', '--root', freshDir('root')], h.deps)).toBe(0);
    expect(runService(['status'], h.deps)).toBe(0);
    expect(h.out).toContain('iis-console.service: active, starts at boot.');
    h.ran.length = 0;
    expect(runService(['uninstall'], h.deps)).toBe(0);
    expect(existsSync(join(h.deps.unitDir, 'iis-console.service'))).toBe(false);
    expect(h.ran).toEqual([
      ['systemctl', 'disable', '--now', 'iis-console.service'],
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'reset-failed', 'iis-console.service'],
    ]);
  });

  it('status without systemd says so', () => {
    const h = harness({ systemdRunning: () => false });
    expect(runService(['status'], h.deps)).toBe(3);
    expect(h.out[0]).toBe('iis-console.service: not installed; systemd is not running here.');
  });
});

describe('the command line', () => {
  it('takes a command and refuses what does not fit', () => {
    expect(parseServiceArgs(['install', '--self-signed', '--port', '9000'])).toMatchObject({
      command: 'install',
      name: 'iis-console',
      selfSigned: true,
      port: '9000',
      dryRun: false,
    });
    expect(parseServiceArgs(['--help'])).toBe('help');
    for (const [argv, message] of [
      [[], /install, uninstall or status/],
      [['start'], /Unknown command "start"/],
      [['install', '--self-signed', '--cert', 'a', '--key', 'b'], /not both/],
      [['uninstall', '--root', '/'], /--root is an install option/],
      [['install', '--name', 'a b'], /Not a service name/],
      [['install', '--bogus'], /Unknown option/],
    ] as const) {
      expect(() => parseServiceArgs([...argv])).toThrow(message);
    }
    const h = harness();
    expect(runService(['install', '--port', '70000', '--dry-run'], h.deps)).toBe(2);
    expect(h.err[0]).toMatch(/Not a port number/);
  });
});

// Opt-in: installs a real unit on this machine, checks it runs, removes it.
const real =
  process.env.IISCONSOLE_TEST_SYSTEMD === '1' &&
  existsSync('/run/systemd/system') &&
  typeof process.getuid === 'function' &&
  process.getuid() === 0;
describe.skipIf(!real)('a real systemd unit (IISCONSOLE_TEST_SYSTEMD=1)', () => {
  it('installs, runs and uninstalls', async () => {
    const name = `iis-console-test-${process.pid}`;
    const root = freshDir('root');
    const deps = defaultDeps({ platform: 'linux', out: () => {}, err: () => {} });
    try {
      expect(runService(['install', '--root', root, '--port', '0', '--name', name], deps)).toBe(2); // port 0 refused
      expect(runService(['install', '--root', root, '--port', '18172', '--name', name], deps)).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(
        spawnSync('systemctl', ['is-active', `${name}.service`], { encoding: 'utf8' }).stdout.trim(),
      ).toBe('active');
      expect(runService(['status', '--name', name], deps)).toBe(0);
    } finally {
      expect(runService(['uninstall', '--name', name], deps)).toBe(0);
    }
    expect(existsSync(`/etc/systemd/system/${name}.service`)).toBe(false);
  });
});
