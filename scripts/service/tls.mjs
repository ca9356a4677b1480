// `install --self-signed`: a certificate and key made by openssl (Node's crypto cannot make X.509
// certificates), fingerprinted with Node's X509Certificate for pinning by other consoles.
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { delimiter, join, posix, win32 } from 'node:path';

/** `<root>/ProgramData/IISConsole/tls/<name>.{crt,key}`. */
export function selfSignedPaths(root, name, platform) {
  const path = platform === 'windows' ? win32 : posix;
  const dir = path.join(root, 'ProgramData', 'IISConsole', 'tls');
  return { dir, cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
}

/** subjectAltName: the host name, localhost and the loopback addresses, and --host when specific. */
export function subjectAltName(hostname, host) {
  const names = [`DNS:${hostname}`, 'DNS:localhost', 'IP:127.0.0.1', 'IP:::1'];
  const extra = isIP(host) ? `IP:${host}` : `DNS:${host}`;
  if (!['0.0.0.0', '::'].includes(host) && !names.some((name) => name.toLowerCase() === extra.toLowerCase()))
    names.push(extra);
  return names.join(',');
}

export function opensslArguments({ cert, key, hostname, host }) {
  return [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '825',
    '-subj',
    `/CN=${hostname}`,
    '-addext',
    `subjectAltName=${subjectAltName(hostname, host)}`,
    '-keyout',
    key,
    '-out',
    cert,
  ];
}

/** The first `command` on PATH (with PATHEXT on Windows), or undefined. */
export function findOnPath(command, env = process.env, platform = process.platform) {
  const windows = platform === 'win32';
  const extensions = windows ? (env.PATHEXT || '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(windows ? ';' : delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const file = join(dir, command + extension);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

/** "AA:BB:…": the SHA-256 fingerprint of a PEM certificate, as other consoles pin it. */
export function certificateFingerprint(certFile) {
  return new X509Certificate(readFileSync(certFile)).fingerprint256;
}

export const OPENSSL_MISSING =
  '--self-signed needs openssl on PATH (Debian/Ubuntu: apt-get install openssl; Windows: Git for Windows ' +
  'ships one in C:\\Program Files\\Git\\usr\\bin, or winget install ShiningLight.OpenSSL.Light), or give ' +
  'your own certificate with --cert FILE --key FILE.';

/**
 * Makes the certificate and key (key mode 0600) unless both already exist (kept, so that consoles
 * which pinned the certificate keep trusting it). Returns { cert, key, fingerprint, created }.
 */
export function ensureSelfSigned({ paths, hostname, host, openssl, exec }) {
  if (existsSync(paths.cert) && existsSync(paths.key))
    return { ...paths, fingerprint: certificateFingerprint(paths.cert), created: false };
  if (!openssl) throw new Error(OPENSSL_MISSING);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  // The key is never readable by others, not even between openssl writing it and the chmod.
  const umask = process.umask(0o077);
  let result;
  try {
    result = exec(openssl, opensslArguments({ cert: paths.cert, key: paths.key, hostname, host }));
  } finally {
    process.umask(umask);
  }
  if (result.status !== 0)
    throw new Error(
      `openssl could not make the certificate: ${(result.stderr || result.error?.message || '').trim()}`,
    );
  chmodSync(paths.key, 0o600);
  chmodSync(paths.cert, 0o644);
  return { ...paths, fingerprint: certificateFingerprint(paths.cert), created: true };
}
