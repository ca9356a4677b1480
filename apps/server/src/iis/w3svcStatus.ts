// The state of application pools and sites as W3SVC reports it. Only a Windows host whose root is its
// own system drive can be asked (through IIS's appcmd.exe: `list apppool` / `list site` print
// `state:Started`); anywhere else every state is "Unknown", with the reason, and Start / Stop /
// Recycle are unavailable.

import { execFile } from 'node:child_process';
import { join, parse, resolve } from 'node:path';

export type ObjectStatus = 'Started' | 'Stopped' | 'Starting' | 'Stopping' | 'Unknown';

export interface StatusReport {
  /** State by lower-case name; missing = Unknown. */
  states: Map<string, ObjectStatus>;
  /** Why the states are unknown, or null when W3SVC answered. */
  reason: string | null;
}

const NOT_WINDOWS =
  'This host does not run IIS (W3SVC): the state of application pools and sites is unknown, and Start, Stop and Recycle are unavailable.';
const OTHER_ROOT =
  'The console edits a root that is not this server’s system drive: W3SVC’s state does not describe it, so the state is unknown and Start, Stop and Recycle are unavailable.';

/** `APPPOOL "DefaultAppPool" (MgdVersion:v4.0,MgdMode:Integrated,state:Started)` / `SITE "x" (id:1,…,state:Stopped)` lines. */
export function parseAppcmdStates(output: string, object: 'APPPOOL' | 'SITE'): Map<string, ObjectStatus> {
  const states = new Map<string, ObjectStatus>();
  const line = new RegExp(`^${object} "(.*)" \\(.*state:([A-Za-z]+)\\)\\s*$`);
  for (const text of output.split(/\r?\n/)) {
    const m = line.exec(text);
    if (!m) continue;
    const state = m[2]!;
    const known: ObjectStatus[] = ['Started', 'Stopped', 'Starting', 'Stopping'];
    states.set(m[1]!.toLowerCase(), known.find((k) => k.toLowerCase() === state.toLowerCase()) ?? 'Unknown');
  }
  return states;
}

export class W3svcStatus {
  private cache = new Map<'APPPOOL' | 'SITE', { at: number; report: Promise<StatusReport> }>();

  constructor(
    private readonly root: string,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly ttlMs = 2000,
  ) {}

  /** Why nothing can be asked here, or null when appcmd.exe may be asked. */
  unavailableReason(): string | null {
    if (this.platform !== 'win32') return NOT_WINDOWS;
    const systemDrive = `${process.env.SystemDrive ?? 'C:'}\\`;
    const root = resolve(this.root);
    if (
      root.toLowerCase() !== parse(root).root.toLowerCase() ||
      root.toLowerCase() !== systemDrive.toLowerCase()
    )
      return OTHER_ROOT;
    return null;
  }

  states(object: 'APPPOOL' | 'SITE'): Promise<StatusReport> {
    const reason = this.unavailableReason();
    if (reason) return Promise.resolve({ states: new Map(), reason });
    const cached = this.cache.get(object);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.report;
    const report = new Promise<StatusReport>((done) => {
      const exe = join(process.env.windir ?? 'C:\\Windows', 'System32', 'inetsrv', 'appcmd.exe');
      execFile(
        exe,
        ['list', object.toLowerCase()],
        { timeout: 10_000, windowsHide: true },
        (error, stdout) => {
          if (error && !stdout)
            done({
              states: new Map(),
              reason: `appcmd.exe could not be asked for the state: ${error.message}`,
            });
          else done({ states: parseAppcmdStates(String(stdout), object), reason: null });
        },
      );
    });
    this.cache.set(object, { at: Date.now(), report });
    return report;
  }
}
