// The farm's comparison of one site path across servers: each attribute's value per server, whether
// they agree, and the farm checks (docs/farm.md). Pure: the routes fetch, this compares.
import { isGeneratedKeySetting, isSecretAttribute, maskPasswords, MASKED_VALUE } from '@iis-console/config';
import type { FarmCheck, FarmSessionStateResponse } from '@iis-console/contracts';
import { MACHINE_KEY_SECTION, type MemberSnapshot } from './members.js';

export type MemberOutcome =
  | { id: string; name: string; ok: true; snapshot: MemberSnapshot }
  | { id: string; name: string; ok: false; status: 'unreachable' | 'error'; code: string; message: string };

type Row = FarmSessionStateResponse['attributes'][number];

const KEY_ATTRIBUTES = ['validationKey', 'decryptionKey'];
/** `AutoGenerate…`: each server makes its own key at runtime. */
const isGenerated = (value: string | undefined): boolean =>
  value !== undefined && value !== '' && isGeneratedKeySetting(value);

/** What a user is shown: machine keys masked (unless generated at runtime), passwords masked. */
function shown(section: string, name: string, value: string | null): string | null {
  if (value === null) return null;
  if (isSecretAttribute(section, name) && value !== '' && !isGenerated(value)) return MASKED_VALUE;
  return maskPasswords(value);
}

function row(
  section: string,
  name: string,
  members: Array<Extract<MemberOutcome, { ok: true }>>,
  all: MemberOutcome[],
  valueOf: (snapshot: MemberSnapshot) => string | null,
): Row {
  const raw = new Map(members.map((m) => [m.id, valueOf(m.snapshot)]));
  return {
    section,
    name,
    values: Object.fromEntries(all.map((m) => [m.id, shown(section, name, raw.get(m.id) ?? null)])),
    // Compared on the real values: two different keys both shown as ******** do not agree.
    agree: new Set(raw.values()).size <= 1,
  };
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\]|\.|\(local\)|\(localdb\).*)$/i;

/** The state server or SQL Server host of a connection string, or undefined. */
function connectionHost(mode: string, snapshot: MemberSnapshot): string | undefined {
  const attribute = (name: string) => snapshot.sessionState[name]?.value ?? '';
  if (mode === 'StateServer') {
    const match = /(?:^|;)\s*tcpip\s*=\s*([^;]+)/i.exec(attribute('stateConnectionString'));
    return match?.[1]?.trim().replace(/:\d+$/, '');
  }
  if (mode === 'SQLServer') {
    const match = /(?:^|;)\s*(?:data source|server|address|addr|network address)\s*=\s*([^;]+)/i.exec(
      attribute('sqlConnectionString'),
    );
    const source = match?.[1]?.trim().replace(/^tcp:/i, '').split(',')[0];
    // `.\SQLEXPRESS`, `localhost\SQLEXPRESS`: the host is before the instance name; LocalDB is local.
    return source === undefined || /^\(localdb\)/i.test(source) ? source : source.split('\\')[0];
  }
  return undefined;
}

const names = (members: Array<{ name: string }>): string => members.map((m) => m.name).join(', ');

function checks(path: string, members: Array<Extract<MemberOutcome, { ok: true }>>): FarmCheck[] {
  if (members.length < 2) return [];
  const out: FarmCheck[] = [];
  const outOfProcess = members.some((m) => {
    const mode = m.snapshot.sessionState.mode?.value;
    return mode === 'StateServer' || mode === 'SQLServer';
  });

  const site = path.split('/').find((s) => s !== '');
  if (site !== undefined && new Set(members.map((m) => m.snapshot.siteId ?? null)).size > 1) {
    const ids = members.map((m) => `${m.name}: ${m.snapshot.siteId ?? 'no such site'}`).join(', ');
    out.push({
      code: 'FarmSiteId',
      severity: outOfProcess ? 'error' : 'warning',
      message:
        `The site "${site}" has different IDs (${ids}): out-of-process session state is keyed by the ` +
        'application path /LM/W3SVC/<site ID>/ROOT/…, so a user whose request goes to another server ' +
        'finds no session there and starts an empty one.',
      servers: members.map((m) => m.id),
    });
  }

  const keyNames = new Set(members.flatMap((m) => Object.keys(m.snapshot.machineKey)));
  const differing = [...keyNames].filter(
    (name) => new Set(members.map((m) => m.snapshot.machineKey[name] ?? null)).size > 1,
  );
  const generated = members.filter((m) =>
    KEY_ATTRIBUTES.some((name) => isGenerated(m.snapshot.machineKey[name])),
  );
  if (differing.length > 0 || generated.length > 0) {
    const what =
      differing.length > 0
        ? `The machine key settings differ (${differing.join(', ')})`
        : `The machine keys are generated at runtime on ${names(generated)}, so each server has its own`;
    out.push({
      code: 'FarmMachineKey',
      severity: 'error',
      message:
        `${what}: view state, forms authentication tickets and other data one server protects are ` +
        'rejected by the others, so users moved between servers lose their sign-in and the state of their pages.',
      servers: (differing.length > 0 ? members : generated).map((m) => m.id),
    });
  }

  const loopback = members.filter((m) => {
    const host = connectionHost(m.snapshot.sessionState.mode?.value ?? '', m.snapshot);
    return host !== undefined && LOOPBACK_HOST.test(host);
  });
  if (loopback.length > 0) {
    out.push({
      code: 'FarmLoopbackStateServer',
      severity: 'warning',
      message:
        `The session state store is on loopback on ${names(loopback)}: each server keeps its sessions on ` +
        'its own machine, so a user whose next request goes to another server starts a new, empty ' +
        'session (unless those state services share one Redis store).',
      servers: loopback.map((m) => m.id),
    });
  }
  return out;
}

/** The farm view of `path` from each server's outcome, in the order given. */
export function compareFarm(path: string, outcomes: MemberOutcome[]): FarmSessionStateResponse {
  const ok = outcomes.filter((o): o is Extract<MemberOutcome, { ok: true }> => o.ok);
  const attributes: Row[] = [];
  const sessionNames = new Map<string, string>();
  for (const m of ok)
    for (const [name, a] of Object.entries(m.snapshot.sessionState)) {
      if (!sessionNames.has(name)) sessionNames.set(name, a.section);
    }
  for (const [name, section] of sessionNames) {
    attributes.push(row(section, name, ok, outcomes, (s) => s.sessionState[name]?.value ?? null));
  }
  const keyNames = new Set(ok.flatMap((m) => Object.keys(m.snapshot.machineKey)));
  for (const name of keyNames) {
    attributes.push(row(MACHINE_KEY_SECTION, name, ok, outcomes, (s) => s.machineKey[name] ?? null));
  }
  if (path.split('/').some((s) => s !== '')) {
    attributes.push(row('site', 'id', ok, outcomes, (s) => s.siteId ?? null));
  }
  return {
    path,
    servers: outcomes.map((o) =>
      o.ok
        ? { id: o.id, name: o.name, status: 'ok' as const }
        : { id: o.id, name: o.name, status: o.status, code: o.code, message: o.message },
    ),
    complete: outcomes.every((o) => o.ok),
    attributes,
    checks: checks(path, ok),
  };
}
