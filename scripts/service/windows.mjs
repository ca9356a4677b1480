// The Windows branch: sc.exe (and the NSSM service wrapper) command lines.
//
// node.exe is not a service program: it never calls StartServiceCtrlDispatcher, so a service whose
// binPath= is node.exe fails to start with error 1053 ("did not respond in a timely fashion"). The
// service's program is therefore the NSSM wrapper (https://nssm.cc): sc.exe creates the service
// with binPath= nssm.exe (exactly what `nssm install` does), NSSM reads its parameters (the node
// command line, the log files) from the service's Parameters registry key, written with `nssm set`.
import { win32 } from 'node:path';
import { quoteArg } from '@iis-console/config-common';
import { serverArguments } from './systemd.mjs';

export const DISPLAY_NAME = 'IIS Console';
export const LOG_ROTATE_BYTES = 10 * 1024 * 1024;

/** A command line as cmd.exe or PowerShell's `&` would pass it (CommandLineToArgvW quoting). */
export function windowsCommandLine(argv) {
  return argv.map((arg) => quoteArg(arg)).join(' ');
}

/** `<root>\ProgramData\IISConsole\logs\<name>.log` (the demo root when no root was given). */
export function windowsLogFile(options) {
  const root = options.root ?? win32.join(options.repo, '.demo');
  return win32.join(root, 'ProgramData', 'IISConsole', 'logs', `${options.name}.log`);
}

/**
 * The argv lists `install` runs, in order, for `options` ({ name, repo, nodePath, wrapper, root?, port,
 * host, cert?, key?, environment }). sc.exe takes `key= value` as two arguments: the option with its
 * `=`, then the value (the space after `=` is mandatory).
 */
export function windowsCommands(options) {
  const { name, wrapper } = options;
  const nssm = (parameter, ...values) => [wrapper, 'set', name, parameter, ...values];
  const log = windowsLogFile(options);
  const url = `${options.cert ? 'https' : 'http'}://${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}/`;
  const environment = Object.entries(options.environment ?? {}).map(([key, value]) => `${key}=${value}`);
  return [
    [
      'sc.exe',
      'create',
      name,
      'binPath=',
      quoteArg(wrapper, true),
      'start=',
      'auto',
      'DisplayName=',
      DISPLAY_NAME,
    ],
    ['sc.exe', 'description', name, `IIS Manager in a browser, at ${url} (run by NSSM; log: ${log})`],
    nssm('Application', options.nodePath),
    nssm('AppParameters', windowsCommandLine(serverArguments(options, win32))),
    nssm('AppDirectory', options.repo),
    ...(environment.length > 0 ? [nssm('AppEnvironmentExtra', ...environment)] : []),
    nssm('AppStdout', log),
    nssm('AppStderr', log),
    nssm('AppRotateFiles', '1'),
    nssm('AppRotateOnline', '1'),
    nssm('AppRotateBytes', String(LOG_ROTATE_BYTES)),
    nssm('AppRestartDelay', '5000'),
    ['sc.exe', 'failure', name, 'reset=', '86400', 'actions=', 'restart/5000/restart/5000/restart/5000'],
    ['sc.exe', 'start', name],
  ];
}

export function windowsUninstallCommands(name) {
  return [
    ['sc.exe', 'stop', name],
    ['sc.exe', 'delete', name],
  ];
}

export function windowsStatusCommands(name) {
  return [
    ['sc.exe', 'query', name],
    ['sc.exe', 'qc', name],
  ];
}

/** STATE and START_TYPE out of `sc.exe query` / `sc.exe qc` output (e.g. "RUNNING", "AUTO_START"). */
export function parseScOutput(text) {
  const field = (key) => new RegExp(`^\\s*${key}\\s*:\\s*\\d+\\s+(\\S+)`, 'm').exec(text)?.[1];
  return {
    state: field('STATE'),
    startType: field('START_TYPE'),
    binaryPath: /BINARY_PATH_NAME\s*:\s*(.*)$/m.exec(text)?.[1]?.trim(),
  };
}
