// The farm's pure parts: URL rules of the registry and the comparison with its checks.
import { describe, expect, it } from 'vitest';
import { compareFarm, type MemberOutcome } from '../src/farm/compare.js';
import type { MemberSnapshot } from '../src/farm/members.js';
import { checkServerUrl } from '../src/farm/server-store.js';
import { HttpError } from '../src/errors.js';

function snapshot(
  session: Record<string, string>,
  machineKey: Record<string, string> = {},
  siteId: string | null | undefined = '1',
): MemberSnapshot {
  return {
    sessionState: Object.fromEntries(
      Object.entries(session).map(([name, value]) => [name, { section: 'system.web/sessionState', value }]),
    ),
    machineKey,
    siteId,
  };
}
const ok = (id: string, snap: MemberSnapshot): MemberOutcome => ({ id, name: id, ok: true, snapshot: snap });
const codes = (r: ReturnType<typeof compareFarm>) => r.checks.map((c) => c.code);

describe('checkServerUrl', () => {
  it('keeps the origin; http only to loopback unless allowInsecure', () => {
    expect(checkServerUrl('https://web2.example:8172/', false)).toBe('https://web2.example:8172');
    for (const url of ['http://127.0.0.1:1', 'http://127.8.9.1', 'http://localhost:8172', 'http://[::1]:9'])
      expect(checkServerUrl(url, false)).toBe(new URL(url).origin);
    expect(() => checkServerUrl('http://10.0.0.5:8172', false)).toThrow(HttpError);
    expect(checkServerUrl('http://10.0.0.5:8172', true)).toBe('http://10.0.0.5:8172');
    for (const bad of ['ftp://x', 'https://u:p@x', 'https://x/api', 'https://x/?a=1', 'not a url'])
      expect(() => checkServerUrl(bad, true)).toThrow(HttpError);
  });
});

describe('compareFarm', () => {
  it('agrees when every server has the same values, and raises nothing', () => {
    const same = snapshot(
      { mode: 'StateServer', stateConnectionString: 'tcpip=state.example:42424' },
      {
        validationKey: 'AB'.repeat(32),
        decryptionKey: 'CD'.repeat(32),
      },
    );
    const result = compareFarm('Shop', [ok('a', same), ok('b', structuredClone(same))]);
    expect(result.complete).toBe(true);
    expect(result.attributes.every((r) => r.agree)).toBe(true);
    expect(result.checks).toEqual([]);
    expect(JSON.stringify(result)).not.toContain('AB'.repeat(32));
  });

  it('compares keys unmasked: two different keys both shown masked do not agree', () => {
    const result = compareFarm('', [
      ok('a', snapshot({ mode: 'InProc' }, { validationKey: 'AB'.repeat(32) }, undefined)),
      ok('b', snapshot({ mode: 'InProc' }, { validationKey: 'EF'.repeat(32) }, undefined)),
    ]);
    const row = result.attributes.find((r) => r.name === 'validationKey')!;
    expect(row.values).toEqual({ a: '********', b: '********' });
    expect(row.agree).toBe(false);
    expect(codes(result)).toEqual(['FarmMachineKey']);
    // At the server level there is no site row and no FarmSiteId.
    expect(result.attributes.some((r) => r.section === 'site')).toBe(false);
  });

  it('AutoGenerate keys differ per machine even when the text agrees', () => {
    const generated = {
      validationKey: 'AutoGenerate,IsolateApps',
      decryptionKey: 'AutoGenerate,IsolateApps',
    };
    const result = compareFarm('Shop', [
      ok('a', snapshot({ mode: 'InProc' }, generated)),
      ok('b', snapshot({ mode: 'InProc' }, generated)),
    ]);
    expect(result.attributes.find((r) => r.name === 'validationKey')!.values.a).toBe(
      'AutoGenerate,IsolateApps',
    );
    expect(codes(result)).toEqual(['FarmMachineKey']);
    expect(result.checks[0]!.message).toContain('generated at runtime');
  });

  it('FarmSiteId: an error with out-of-process state, a warning in process; a missing site counts', () => {
    const outOfProcess = compareFarm('Shop/app', [
      ok('a', snapshot({ mode: 'SQLServer', sqlConnectionString: 'data source=sql.example' }, {}, '1')),
      ok('b', snapshot({ mode: 'SQLServer', sqlConnectionString: 'data source=sql.example' }, {}, '2')),
    ]);
    expect(outOfProcess.checks).toMatchObject([{ code: 'FarmSiteId', severity: 'error' }]);
    const inProcess = compareFarm('Shop', [
      ok('a', snapshot({ mode: 'InProc' }, {}, '1')),
      ok('b', snapshot({ mode: 'InProc' }, {}, null)),
    ]);
    expect(inProcess.checks).toMatchObject([{ code: 'FarmSiteId', severity: 'warning' }]);
    expect(inProcess.checks[0]!.message).toContain('no such site');
  });

  it('FarmLoopbackStateServer: State Server or SQL Server on loopback, in every spelling', () => {
    const loopbacks: Array<Record<string, string>> = [
      { mode: 'StateServer', stateConnectionString: 'tcpip=127.0.0.1:42424' },
      { mode: 'StateServer', stateConnectionString: 'tcpip=localhost:42424' },
      { mode: 'SQLServer', sqlConnectionString: 'data source=.\\SQLEXPRESS;Integrated Security=SSPI' },
      { mode: 'SQLServer', sqlConnectionString: 'Server=(local);Password=secret' },
      { mode: 'SQLServer', sqlConnectionString: 'server=tcp:127.0.0.1,1433' },
      { mode: 'SQLServer', sqlConnectionString: 'Data Source=(localdb)\\MSSQLLocalDB' },
    ];
    for (const session of loopbacks) {
      const result = compareFarm('Shop', [ok('a', snapshot(session)), ok('b', snapshot(session))]);
      expect(codes(result), JSON.stringify(session)).toEqual(['FarmLoopbackStateServer']);
      expect(JSON.stringify(result)).not.toContain('secret');
    }
    const remote = snapshot({ mode: 'StateServer', stateConnectionString: 'tcpip=10.0.0.5:42424' });
    expect(compareFarm('Shop', [ok('a', remote), ok('b', remote)]).checks).toEqual([]);
  });

  it('an unreachable server is reported, its values null, and the result not complete', () => {
    const result = compareFarm('Shop', [
      ok('a', snapshot({ mode: 'InProc' })),
      { id: 'b', name: 'b', ok: false, status: 'unreachable', code: 'SERVER_TIMEOUT', message: 'no answer' },
    ]);
    expect(result.complete).toBe(false);
    expect(result.servers[1]).toEqual({
      id: 'b',
      name: 'b',
      status: 'unreachable',
      code: 'SERVER_TIMEOUT',
      message: 'no answer',
    });
    expect(result.attributes.find((r) => r.name === 'mode')!.values).toEqual({ a: 'InProc', b: null });
    // One server read: nothing to compare it with, so no farm check.
    expect(result.checks).toEqual([]);
  });
});
