export interface ExecResult {
  status: number;
  stdout: string;
  stderr: string;
  error?: Error;
}

export interface ServiceDeps {
  platform: 'linux' | 'windows';
  env: NodeJS.ProcessEnv;
  cwd: string;
  repo: string;
  nodePath: string;
  hostname: string;
  unitDir: string;
  exec(command: string, args: string[]): ExecResult;
  exists(path: string): boolean;
  isPrivileged(): boolean;
  systemdRunning(): boolean;
  findOnPath(command: string): string | undefined;
  out(line: string): void;
  err(line: string): void;
}

export interface ServiceArgs {
  command: 'install' | 'uninstall' | 'status';
  name: string;
  dryRun: boolean;
  root?: string;
  port?: string;
  host?: string;
  cert?: string;
  key?: string;
  selfSigned: boolean;
  wrapper?: string;
}

export interface UnitOptions {
  name: string;
  repo: string;
  nodePath: string;
  root?: string | undefined;
  port: number;
  host: string;
  cert?: string | undefined;
  key?: string | undefined;
  environment?: Record<string, string>;
}

export interface WindowsOptions extends UnitOptions {
  wrapper: string;
}

export declare const DEFAULT_SERVICE_NAME: string;
export declare const SERVICE_USAGE: string;
export declare const SYSTEMD_UNIT_DIR: string;
export declare const LOG_ROTATE_BYTES: number;
export declare const OPENSSL_MISSING: string;
export declare class ServiceUsageError extends Error {}

export declare function parseServiceArgs(argv: string[]): ServiceArgs | 'help';
export declare function resolveInstallOptions(
  args: ServiceArgs,
  context: { env?: NodeJS.ProcessEnv; cwd: string; platform: 'linux' | 'windows' },
): UnitOptions & { selfSigned: boolean; environment: Record<string, string> };

export declare function serverArguments(options: UnitOptions): string[];
export declare function systemdQuote(word: string): string;
export declare function systemdUnit(options: UnitOptions): string;
export declare function systemdUnitPath(name: string, dir?: string): string;
export declare function shellQuote(word: string): string;
export declare function systemdInstallCommands(name: string, options?: { update?: boolean }): string[][];

export declare function windowsCommandLine(argv: string[]): string;
export declare function windowsLogFile(options: UnitOptions): string;
export declare function windowsCommands(options: WindowsOptions): string[][];
export declare function windowsUninstallCommands(name: string): string[][];
export declare function parseScOutput(text: string): {
  state: string | undefined;
  startType: string | undefined;
  binaryPath: string | undefined;
};

export declare function selfSignedPaths(
  root: string,
  name: string,
  platform: 'linux' | 'windows',
): { dir: string; cert: string; key: string };
export declare function subjectAltName(hostname: string, host: string): string;
export declare function findOnPath(
  command: string,
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
): string | undefined;
export declare function certificateFingerprint(certFile: string): string;

export declare function servicePlatform(
  env?: NodeJS.ProcessEnv,
  platform?: NodeJS.Platform,
): 'linux' | 'windows';
export declare function defaultDeps(overrides?: Partial<ServiceDeps>): ServiceDeps;
export declare function runService(argv: string[], deps?: ServiceDeps): number;
