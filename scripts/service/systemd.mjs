// The systemd branch: the unit file and the systemctl command lines.
import { posix } from 'node:path';

export const SYSTEMD_UNIT_DIR = '/etc/systemd/system';

/** The server's command line after node: main.js and the options the service was installed with. */
export function serverArguments(options, path = posix) {
  const args = [path.join(options.repo, 'apps', 'server', 'dist', 'main.js')];
  if (options.root !== undefined) args.push('--root', options.root);
  args.push('--port', String(options.port), '--host', options.host);
  if (options.cert !== undefined) args.push('--cert', options.cert, '--key', options.key);
  return args;
}

function refuseControlCharacters(text) {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(text))
    throw new Error(`A unit file cannot hold a line break or control character: ${JSON.stringify(text)}`);
}

/**
 * One word of a command line in a unit file (systemd.service(5), "Command lines"; systemd.syntax(7)):
 * `%` starts a specifier and `$` a variable, so both are doubled everywhere; a word with spaces,
 * quotes or backslashes is double-quoted with C-style escapes for `\` and `"`.
 */
export function systemdQuote(word) {
  refuseControlCharacters(word);
  const escaped = word.replaceAll('%', '%%').replaceAll('$', '$$$$');
  if (escaped !== '' && !/[\s"'\\;]/.test(escaped)) return escaped;
  return `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** A path on a line of its own (WorkingDirectory=): the rest of the line, specifiers escaped. */
function systemdPath(path) {
  refuseControlCharacters(path);
  if (path !== path.trim()) throw new Error(`A unit file path cannot start or end with a space: "${path}"`);
  return path.replaceAll('%', '%%');
}

/** `Environment=` assignments, each quoted as a whole ("NAME=value with spaces"). */
function systemdEnvironment(environment) {
  return Object.entries(environment).map(([name, value]) => {
    const assignment = `${name}=${value}`;
    refuseControlCharacters(assignment);
    const escaped = assignment.replaceAll('%', '%%');
    return /[\s"'\\]/.test(escaped)
      ? `Environment="${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
      : `Environment=${escaped}`;
  });
}

export function systemdUnitPath(name, dir = SYSTEMD_UNIT_DIR) {
  return posix.join(dir, `${name}.service`);
}

/**
 * The unit file for `options` ({ name, repo, nodePath, root?, port, host, cert?, key?, environment }):
 * restarts on failure after 5 s, logs to the journal, starts at boot (multi-user.target).
 */
export function systemdUnit(options) {
  const execStart = [options.nodePath, ...serverArguments(options)].map(systemdQuote).join(' ');
  return [
    '# Written by `npm run service -- install` (IIS Console); remove it with `npm run service -- uninstall`.',
    '[Unit]',
    'Description=IIS Console (IIS Manager in a browser)',
    'After=network-online.target',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `WorkingDirectory=${systemdPath(options.repo)}`,
    ...systemdEnvironment(options.environment ?? {}),
    `ExecStart=${execStart}`,
    'Restart=on-failure',
    'RestartSec=5',
    'StandardOutput=journal',
    'StandardError=journal',
    `SyslogIdentifier=${options.name}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/** A POSIX shell word, for printing command lines (single quotes when needed). */
export function shellQuote(word) {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** What `install` runs after writing the unit: a new unit is enabled and started, an existing one restarted. */
export function systemdInstallCommands(name, { update = false } = {}) {
  const unit = `${name}.service`;
  return [
    ['systemctl', 'daemon-reload'],
    ...(update
      ? [
          ['systemctl', 'enable', unit],
          ['systemctl', 'restart', unit],
        ]
      : [['systemctl', 'enable', '--now', unit]]),
  ];
}

/** `uninstall`: stop and disable, then (after removing the unit file) reload. */
export function systemdUninstallCommands(name) {
  const unit = `${name}.service`;
  return {
    before: [['systemctl', 'disable', '--now', unit]],
    after: [
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'reset-failed', unit],
    ],
  };
}

export function systemdStatusCommands(name) {
  const unit = `${name}.service`;
  return [
    ['systemctl', 'is-active', unit],
    ['systemctl', 'is-enabled', unit],
  ];
}
