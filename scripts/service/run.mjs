// `npm run service -- install|uninstall|status`: the steps, with every effect (commands, files,
// privilege and systemd checks, output) behind `deps` so that tests can inject them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { posix, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseServiceArgs, resolveInstallOptions, SERVICE_USAGE, ServiceUsageError } from './args.mjs';
import {
  shellQuote,
  SYSTEMD_UNIT_DIR,
  systemdInstallCommands,
  systemdStatusCommands,
  systemdUninstallCommands,
  systemdUnit,
  systemdUnitPath,
} from './systemd.mjs';
import { ensureSelfSigned, findOnPath, opensslArguments, selfSignedPaths } from './tls.mjs';
import {
  parseScOutput,
  windowsCommandLine,
  windowsCommands,
  windowsLogFile,
  windowsStatusCommands,
  windowsUninstallCommands,
} from './windows.mjs';

/** 'windows' or 'linux': IISCONSOLE_SERVICE_PLATFORM when set (tests), else the running platform. */
export function servicePlatform(env = process.env, platform = process.platform) {
  const forced = env.IISCONSOLE_SERVICE_PLATFORM;
  if (forced === 'windows' || forced === 'linux') return forced;
  if (forced)
    throw new ServiceUsageError(`IISCONSOLE_SERVICE_PLATFORM is "windows" or "linux", not "${forced}".`);
  return platform === 'win32' ? 'windows' : 'linux';
}

function execSync(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', windowsHide: true });
  return {
    status: result.status ?? 1,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    error: result.error,
  };
}

/** The real effects; tests replace any of them. */
export function defaultDeps(overrides = {}) {
  const env = overrides.env ?? process.env;
  const platform = overrides.platform ?? servicePlatform(env);
  return {
    platform,
    env,
    cwd: process.cwd(),
    repo: fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, ''),
    nodePath: process.execPath,
    hostname: hostname(),
    unitDir: SYSTEMD_UNIT_DIR,
    exec: execSync,
    exists: existsSync,
    // Root writes /etc/systemd/system; on Windows `net session` works for administrators only.
    isPrivileged: () =>
      platform === 'windows'
        ? execSync('net', ['session']).status === 0
        : typeof process.getuid === 'function' && process.getuid() === 0,
    systemdRunning: () => existsSync('/run/systemd/system'),
    findOnPath: (command) => findOnPath(command, env),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    ...overrides,
  };
}

/** Runs the command line; returns the exit code (0 ok, 1 failed or refused, 2 usage, 3 status: not running). */
export function runService(argv, deps = defaultDeps()) {
  let args;
  try {
    args = parseServiceArgs(argv);
  } catch (error) {
    if (!(error instanceof ServiceUsageError)) throw error;
    deps.err(`${error.message}\n\n${SERVICE_USAGE}`);
    return 2;
  }
  if (args === 'help') {
    deps.out(SERVICE_USAGE);
    return 0;
  }
  try {
    const branch = deps.platform === 'windows' ? windowsBranch : linuxBranch;
    return branch[args.command](args, deps);
  } catch (error) {
    if (error instanceof ServiceUsageError) {
      deps.err(`${error.message}\n\n${SERVICE_USAGE}`);
      return 2;
    }
    deps.err(`Error: ${error.message}`);
    return 1;
  }
}

const printPosix = (argv) => argv.map(shellQuote).join(' ');

/** Runs the commands in order, printing each; stops at the first failure unless `tolerate` says so. */
function runAll(deps, commands, print, tolerate = () => false) {
  for (const argv of commands) {
    deps.out(`> ${print(argv)}`);
    const result = deps.exec(argv[0], argv.slice(1));
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    if (result.status !== 0 && !tolerate(argv, result)) {
      throw new Error(
        `${print(argv)} failed (exit ${result.status})${output ? `: ${output}` : result.error ? `: ${result.error.message}` : ''}`,
      );
    }
  }
}

function refuse(deps, reason, lines) {
  deps.err(`Refusing: ${reason}`);
  deps.err('These are the steps that would run:');
  for (const line of lines) deps.err(`  ${line}`);
  return 1;
}

/** Install options plus what the machine supplies (repo, node, certificate paths, wrapper). */
function installOptions(args, deps) {
  const options = resolveInstallOptions(args, { env: deps.env, cwd: deps.cwd, platform: deps.platform });
  const path = deps.platform === 'windows' ? win32 : posix;
  const root = options.root ?? path.join(deps.repo, '.demo');
  // A dry run says what is missing and goes on; a real install stops.
  const missing = (message) => {
    if (!args.dryRun) throw new Error(message);
    deps.err(`Warning: ${message}`);
  };
  if (options.root !== undefined && !deps.exists(options.root))
    missing(`The root directory ${options.root} does not exist.`);
  for (const file of [options.cert, options.key])
    if (file !== undefined && !deps.exists(file)) missing(`${file} does not exist.`);
  const tls = options.selfSigned ? selfSignedPaths(root, options.name, deps.platform) : undefined;
  return {
    ...options,
    ...(tls ? { cert: tls.cert, key: tls.key } : {}),
    tls,
    repo: deps.repo,
    nodePath: deps.nodePath,
  };
}

function tlsSteps(options, deps) {
  if (!options.tls) return [];
  if (deps.exists(options.tls.cert) && deps.exists(options.tls.key))
    return [`keep the existing certificate ${options.tls.cert} and key ${options.tls.key}`];
  const argv = [
    'openssl',
    ...opensslArguments({ ...options.tls, hostname: deps.hostname, host: options.host }),
  ];
  const print = deps.platform === 'windows' ? windowsCommandLine : printPosix;
  return [print(argv), `(key ${options.tls.key} mode 0600; prints the certificate's SHA-256 fingerprint)`];
}

function makeCertificate(options, deps) {
  if (!options.tls) return;
  const made = ensureSelfSigned({
    paths: options.tls,
    hostname: deps.hostname,
    host: options.host,
    openssl: deps.findOnPath('openssl'),
    exec: deps.exec,
  });
  deps.out(
    made.created
      ? `Created the self-signed certificate ${made.cert} (key ${made.key}, mode 0600).`
      : `Kept the existing certificate ${made.cert} (delete it and its key to make a new one).`,
  );
  deps.out(`SHA-256 fingerprint (pin it when connecting from another console): ${made.fingerprint}`);
}

function checkBuilt(options, deps) {
  const path = deps.platform === 'windows' ? win32 : posix;
  const main = path.join(options.repo, 'apps', 'server', 'dist', 'main.js');
  if (!deps.exists(main)) throw new Error(`${main} is missing: build first (npm run build).`);
}

const linuxBranch = {
  install(args, deps) {
    const options = installOptions(args, deps);
    const unitPath = systemdUnitPath(options.name, deps.unitDir);
    const unit = systemdUnit(options);
    const update = deps.exists(unitPath);
    const commands = systemdInstallCommands(options.name, { update });
    const tls = tlsSteps(options, deps);
    const steps = [...tls, `write ${unitPath} (mode 0644)`, ...commands.map(printPosix)];
    if (args.dryRun) {
      deps.out(`Dry run: nothing is written or run.`);
      if (options.root === undefined)
        deps.out(`No --root: the service serves the demo root ${options.repo}/.demo.`);
      if (tls.length > 0) deps.out('Would make the certificate:');
      for (const step of tls) deps.out(`  ${step}`);
      deps.out(`Would write ${unitPath}:`);
      deps.out(unit.trimEnd());
      deps.out('Would run:');
      for (const argv of commands) deps.out(`  ${printPosix(argv)}`);
      return 0;
    }
    if (!deps.isPrivileged())
      return refuse(deps, `writing ${deps.unitDir} needs root (run it with sudo).`, steps);
    if (!deps.systemdRunning())
      return refuse(deps, 'systemd is not running here (/run/systemd/system is missing).', steps);
    checkBuilt(options, deps);
    makeCertificate(options, deps);
    mkdirSync(deps.unitDir, { recursive: true });
    writeFileSync(unitPath, unit, { mode: 0o644 });
    deps.out(`Wrote ${unitPath}`);
    runAll(deps, commands, printPosix);
    deps.out(
      `IIS Console runs as the systemd unit ${options.name}.service and starts at boot.` +
        ` Status: npm run service -- status${nameOption(options.name)}; log: journalctl -u ${options.name}.service -f`,
    );
    return 0;
  },

  uninstall(args, deps) {
    const unitPath = systemdUnitPath(args.name, deps.unitDir);
    const { before, after } = systemdUninstallCommands(args.name);
    const steps = [...before.map(printPosix), `remove ${unitPath}`, ...after.map(printPosix)];
    if (args.dryRun) {
      deps.out('Dry run: nothing is removed or run. Would run:');
      for (const step of steps) deps.out(`  ${step}`);
      return 0;
    }
    if (!deps.isPrivileged()) return refuse(deps, `removing a unit from ${deps.unitDir} needs root.`, steps);
    if (!deps.systemdRunning())
      return refuse(deps, 'systemd is not running here (/run/systemd/system is missing).', steps);
    if (!deps.exists(unitPath)) {
      deps.out(`${args.name}.service is not installed (${unitPath} does not exist).`);
      return 0;
    }
    runAll(deps, before, printPosix);
    rmSync(unitPath, { force: true });
    deps.out(`Removed ${unitPath}`);
    // reset-failed fails when the unit was never failed: nothing to reset.
    runAll(deps, after, printPosix, (argv) => argv[1] === 'reset-failed');
    deps.out(`Uninstalled ${args.name}.service.`);
    return 0;
  },

  status(args, deps) {
    const unitPath = systemdUnitPath(args.name, deps.unitDir);
    const installed = deps.exists(unitPath);
    const execStart = installed ? /^ExecStart=(.*)$/m.exec(readFileSync(unitPath, 'utf8'))?.[1] : undefined;
    if (!deps.systemdRunning()) {
      deps.out(
        `${args.name}.service: ${installed ? `unit file ${unitPath}` : 'not installed'}; systemd is not running here.`,
      );
      if (execStart) deps.out(`  runs: ${execStart}`);
      return 3;
    }
    const [active, enabled] = systemdStatusCommands(args.name).map(
      (argv) => deps.exec(argv[0], argv.slice(1)).stdout.trim() || 'unknown',
    );
    if (!installed && enabled !== 'enabled') {
      deps.out(`${args.name}.service is not installed (${unitPath} does not exist).`);
      return 3;
    }
    deps.out(
      `${args.name}.service: ${active}, ${enabled === 'enabled' ? 'starts at boot' : `does not start at boot (${enabled})`}.`,
    );
    deps.out(`  unit: ${unitPath}`);
    if (execStart) deps.out(`  runs: ${execStart}`);
    deps.out(`  log:  journalctl -u ${args.name}.service`);
    return active === 'active' ? 0 : 3;
  },
};

const nameOption = (name) => (name === 'iis-console' ? '' : ` --name ${name}`);

function windowsWrapper(args, deps, { dryRun }) {
  if (args.wrapper) {
    if (!dryRun && !deps.exists(args.wrapper))
      throw new Error(`The service wrapper ${args.wrapper} does not exist.`);
    return win32.resolve(deps.cwd, args.wrapper);
  }
  const found = deps.findOnPath('nssm');
  if (found) return found;
  if (dryRun) return 'nssm.exe';
  throw new Error(
    'node.exe cannot run as a Windows service by itself (it does not answer the service control manager), ' +
      'so the service runs it through NSSM (https://nssm.cc): put nssm.exe on PATH or pass --wrapper C:\\path\\to\\nssm.exe.',
  );
}

const windowsBranch = {
  install(args, deps) {
    const options = installOptions(args, deps);
    options.wrapper = windowsWrapper(args, deps, { dryRun: args.dryRun });
    const log = windowsLogFile(options);
    const commands = windowsCommands(options);
    const steps = [
      ...tlsSteps(options, deps),
      `create ${win32.dirname(log)}`,
      ...commands.map(windowsCommandLine),
    ];
    if (args.dryRun) {
      deps.out('Dry run: nothing is written or run.');
      if (options.root === undefined)
        deps.out(`No --root: the service serves the demo root ${win32.join(options.repo, '.demo')}.`);
      deps.out('Would run:');
      for (const step of steps) deps.out(`  ${step}`);
      return 0;
    }
    if (!deps.isPrivileged())
      return refuse(
        deps,
        'creating a service needs an administrator (run it from an elevated prompt).',
        steps,
      );
    checkBuilt(options, deps);
    makeCertificate(options, deps);
    mkdirSync(win32.dirname(log), { recursive: true });
    runAll(deps, commands, windowsCommandLine);
    deps.out(
      `IIS Console runs as the Windows service ${options.name} ("IIS Console") and starts at boot. ` +
        `Status: npm run service -- status${nameOption(options.name)}; log: ${log} (rotated at 10 MB)`,
    );
    return 0;
  },

  uninstall(args, deps) {
    const commands = windowsUninstallCommands(args.name);
    const steps = commands.map(windowsCommandLine);
    if (args.dryRun) {
      deps.out('Dry run: nothing is removed or run. Would run:');
      for (const step of steps) deps.out(`  ${step}`);
      return 0;
    }
    if (!deps.isPrivileged()) return refuse(deps, 'removing a service needs an administrator.', steps);
    // 1062: the service was not running, so there is nothing to stop.
    runAll(
      deps,
      commands,
      windowsCommandLine,
      (argv, result) => argv[1] === 'stop' && /1062/.test(result.stdout + result.stderr),
    );
    deps.out(`Uninstalled the service ${args.name} (its log files are kept).`);
    return 0;
  },

  status(args, deps) {
    const [query, config] = windowsStatusCommands(args.name).map((argv) => deps.exec(argv[0], argv.slice(1)));
    if (query.status !== 0) {
      deps.out(
        `The service ${args.name} is not installed${/1060/.test(query.stdout + query.stderr) ? '' : ` (${(query.stdout + query.stderr).trim()})`}.`,
      );
      return 3;
    }
    const { state } = parseScOutput(query.stdout);
    const { startType, binaryPath } = parseScOutput(config.stdout);
    deps.out(
      `${args.name}: ${state ?? 'unknown state'}, ${startType === 'AUTO_START' ? 'starts at boot' : `start type ${startType ?? 'unknown'}`}.`,
    );
    if (binaryPath) deps.out(`  program: ${binaryPath}`);
    return state === 'RUNNING' ? 0 : 3;
  },
};
