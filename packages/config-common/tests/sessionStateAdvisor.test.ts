// The session state advisor's rules (docs/advisor.md): each with a case that triggers it and one that
// does not, plus the machine key's key lengths and masking.
import { describe, expect, it } from 'vitest';
import {
  adviseSessionState,
  isLocalStateServerHost,
  keySettingValue,
  machineKeyLengths,
  parseKeySetting,
  maskMachineKeys,
  timeSpanSeconds,
  type AdvisorPoolInput,
  type SessionStateAdvisorInput,
} from '../src/index.js';

const POOL: AdvisorPoolInput = {
  name: 'Shop',
  maxProcesses: '1',
  idleTimeout: '00:00:00',
  idleTimeoutAction: 'Terminate',
  periodicRestartTime: '00:00:00',
  schedule: [],
};

function input(
  over: Partial<SessionStateAdvisorInput> = {},
  ss: Partial<SessionStateAdvisorInput['sessionState']> = {},
) {
  return {
    path: 'Shop',
    configPath: 'MACHINE/WEBROOT/APPHOST/Shop',
    sessionState: {
      mode: 'InProc',
      cookieless: 'UseCookies',
      cookieSameSite: 'Lax',
      timeout: '20',
      stateConnectionString: 'tcpip=loopback:42424',
      ...ss,
    },
    applicationPool: POOL,
    httpCookiesRequireSSL: 'false',
    ...over,
  } satisfies SessionStateAdvisorInput;
}
const codes = (i: SessionStateAdvisorInput) => adviseSessionState(i).map((w) => w.code);

describe('a quiet configuration', () => {
  it('warns about nothing', () => {
    expect(adviseSessionState(input())).toEqual([]);
  });
});

describe('InProcWebGarden', () => {
  it('triggers for InProc in a pool with more than one worker process, with the "Use State Server" fix', () => {
    const [w] = adviseSessionState(input({ applicationPool: { ...POOL, maxProcesses: '4' } }));
    expect(w).toEqual({
      code: 'InProcWebGarden',
      severity: 'error',
      field: 'mode',
      message:
        "Application pool 'Shop' runs 4 worker processes (a web garden), each with its own in-process sessions, so users lose their session whenever a request reaches another process.",
      fix: {
        kind: 'config',
        label: 'Use State Server',
        section: 'system.web/sessionState',
        path: 'Shop',
        configPath: 'MACHINE/WEBROOT/APPHOST/Shop',
        change: { attributes: { mode: 'StateServer' } },
      },
    });
  });
  it('does not trigger with one worker process, or out of process', () => {
    expect(codes(input({ applicationPool: { ...POOL, maxProcesses: '1' } }))).toEqual([]);
    expect(
      codes(input({ applicationPool: { ...POOL, maxProcesses: '4' } }, { mode: 'StateServer' })),
    ).toEqual([]);
    expect(codes(input({ applicationPool: undefined }))).toEqual([]);
  });
});

describe('InProcIdleTimeout', () => {
  it('triggers when the pool idles out before the session times out, with "Set Idle Time-out to 0"', () => {
    const [w] = adviseSessionState(
      input({ applicationPool: { ...POOL, idleTimeout: '00:10:00' } }, { timeout: '30' }),
    );
    expect(w).toMatchObject({
      code: 'InProcIdleTimeout',
      severity: 'warning',
      field: 'timeout',
      message:
        "Application pool 'Shop' shuts its worker process down after 10 minutes without requests, so when the site is quiet in-process sessions end before their 30-minute time-out.",
      fix: {
        kind: 'config',
        label: 'Set Idle Time-out to 0',
        section: 'system.applicationHost/applicationPools',
        path: '',
        configPath: 'MACHINE/WEBROOT/APPHOST',
        change: { elements: { "[name='Shop'].processModel": { attributes: { idleTimeout: '00:00:00' } } } },
      },
    });
    // IIS's defaults: 20-minute idle time-out, 20-minute session: not shorter, no warning.
    expect(codes(input({ applicationPool: { ...POOL, idleTimeout: '00:20:00' } }))).toEqual([]);
    expect(
      codes(input({ applicationPool: { ...POOL, idleTimeout: '00:20:00' } }, { timeout: 'Infinite' })),
    ).toEqual(['InProcIdleTimeout']);
  });
  it('does not trigger when idle time-out is off, suspends, or the session is shorter', () => {
    expect(
      codes(input({ applicationPool: { ...POOL, idleTimeout: '00:00:00' } }, { timeout: '600' })),
    ).toEqual([]);
    expect(
      codes(input({ applicationPool: { ...POOL, idleTimeout: '00:05:00', idleTimeoutAction: 'Suspend' } })),
    ).toEqual([]);
    expect(codes(input({ applicationPool: { ...POOL, idleTimeout: '1.00:00:00' } }))).toEqual([]);
    expect(
      codes(input({ applicationPool: { ...POOL, idleTimeout: '00:05:00' } }, { mode: 'SQLServer' })),
    ).toEqual([]);
  });
});

describe('InProcRecycling', () => {
  it('triggers for a regular time interval and for specific times (IIS default: every 1740 minutes)', () => {
    const [w] = adviseSessionState(
      input({ applicationPool: { ...POOL, periodicRestartTime: '1.05:00:00' } }),
    );
    expect(w).toMatchObject({
      code: 'InProcRecycling',
      severity: 'warning',
      field: 'mode',
      message:
        "Application pool 'Shop' recycles its worker process every 1740 minutes, and every recycle discards all in-process sessions, signing users out mid-visit.",
      fix: { label: 'Use State Server' },
    });
    expect(
      adviseSessionState(input({ applicationPool: { ...POOL, schedule: ['03:00:00', '15:00:00'] } }))[0]!
        .message,
    ).toContain('recycles its worker process at 03:00:00, 15:00:00,');
  });
  it('does not trigger when the pool never recycles on a schedule, or out of process', () => {
    expect(
      codes(input({ applicationPool: { ...POOL, periodicRestartTime: '00:00:00', schedule: [] } })),
    ).toEqual([]);
    expect(
      codes(
        input({ applicationPool: { ...POOL, periodicRestartTime: '1.05:00:00' } }, { mode: 'StateServer' }),
      ),
    ).toEqual([]);
  });
});

describe('StateServiceStopped', () => {
  const stateServer = { mode: 'StateServer', stateConnectionString: 'tcpip=127.0.0.1:42424' };
  it('triggers when State Server points here and the service is stopped, with "Start service"', () => {
    const [w] = adviseSessionState(
      input({ stateService: { status: 'Stopped', startupType: 'Manual' } }, stateServer),
    );
    expect(w).toEqual({
      code: 'StateServiceStopped',
      severity: 'error',
      field: 'stateConnectionString',
      message:
        'The ASP.NET State Service on this server is Stopped (startup type Manual), so every request that uses session state fails until the service runs.',
      fix: {
        kind: 'service',
        label: 'Start service',
        service: 'aspnet_state',
        start: true,
        startupType: 'Automatic',
      },
    });
  });
  it('warns when it runs but would not start after a reboot; a named connection string and the machine name count', () => {
    const running = { status: 'Running', startupType: 'Manual' };
    expect(adviseSessionState(input({ stateService: running }, stateServer))[0]).toMatchObject({
      severity: 'warning',
      fix: { label: 'Set to Automatic', start: false, startupType: 'Automatic' },
    });
    expect(
      codes(
        input(
          {
            stateService: running,
            connectionStrings: [{ name: 'State', connectionString: 'tcpip=WEB01:42424' }],
            machineName: 'web01',
          },
          { mode: 'StateServer', stateConnectionString: 'State' },
        ),
      ),
    ).toEqual(['StateServiceStopped']);
  });
  it('does not trigger when the service runs automatically, points elsewhere, or is not known', () => {
    expect(
      codes(input({ stateService: { status: 'Running', startupType: 'Automatic' } }, stateServer)),
    ).toEqual([]);
    expect(
      codes(
        input(
          { stateService: { status: 'Stopped', startupType: 'Manual' } },
          { ...stateServer, stateConnectionString: 'tcpip=10.0.0.5:42424' },
        ),
      ),
    ).toEqual([]);
    expect(codes(input({}, stateServer))).toEqual([]);
    expect(codes(input({ stateService: { status: 'Stopped', startupType: 'Manual' } }))).toEqual([]);
  });
  it('offers no fix when the service is Disabled', () => {
    const [w] = adviseSessionState(
      input({ stateService: { status: 'Stopped', startupType: 'Disabled' } }, stateServer),
    );
    expect(w!.fix).toBeUndefined();
  });
});

describe('CookielessUri', () => {
  it('triggers when session IDs travel in URLs (UseUri or its alias true)', () => {
    expect(adviseSessionState(input({}, { cookieless: 'UseUri' }))).toEqual([
      {
        code: 'CookielessUri',
        severity: 'warning',
        field: 'cookieless',
        message:
          'Session IDs travel in URLs, so anyone who gets a shared link, a bookmark or a Referer header from a user can take over that user’s session.',
      },
    ]);
    expect(codes(input({}, { cookieless: 'true', mode: 'SQLServer' }))).toEqual(['CookielessUri']);
  });
  it('does not trigger with cookies, or with session state off', () => {
    expect(codes(input({}, { cookieless: 'UseCookies' }))).toEqual([]);
    expect(codes(input({}, { cookieless: 'UseUri', mode: 'Off' }))).toEqual([]);
  });
});

describe('SameSiteNoneInsecure', () => {
  it('triggers for SameSite=None without requireSSL, with "Require SSL for cookies"', () => {
    const [w] = adviseSessionState(input({ httpCookiesRequireSSL: 'false' }, { cookieSameSite: 'None' }));
    expect(w).toMatchObject({
      code: 'SameSiteNoneInsecure',
      severity: 'error',
      field: 'cookieSameSite',
      fix: {
        kind: 'config',
        label: 'Require SSL for cookies',
        section: 'system.web/httpCookies',
        path: 'Shop',
        change: { attributes: { requireSSL: 'true' } },
      },
    });
  });
  it('does not trigger with requireSSL, another SameSite, no cookie, or requireSSL unknown', () => {
    expect(codes(input({ httpCookiesRequireSSL: 'true' }, { cookieSameSite: 'None' }))).toEqual([]);
    expect(codes(input({}, { cookieSameSite: 'Lax' }))).toEqual([]);
    expect(codes(input({}, { cookieSameSite: 'None', cookieless: 'UseUri' }))).toEqual(['CookielessUri']);
    expect(codes(input({ httpCookiesRequireSSL: undefined }, { cookieSameSite: 'None' }))).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads time spans and local host names', () => {
    expect(timeSpanSeconds('1.05:00:00')).toBe(104400);
    expect(timeSpanSeconds('00:20:00')).toBe(1200);
    expect(timeSpanSeconds('nonsense')).toBeUndefined();
    expect(isLocalStateServerHost('localhost')).toBe(true);
    expect(isLocalStateServerHost('[::1]')).toBe(true);
    expect(isLocalStateServerHost('127.0.0.2')).toBe(true);
    expect(isLocalStateServerHost('10.0.0.5')).toBe(false);
    expect(isLocalStateServerHost('web01.contoso.com', 'WEB01')).toBe(true);
  });
});

describe('machine key', () => {
  it('generates keys of the length of each algorithm (KB 2915218, IIS Manager)', () => {
    expect(machineKeyLengths('HMACSHA256', 'AES')).toEqual({
      validationKeyBytes: 64,
      decryptionKeyBytes: 32,
    });
    expect(machineKeyLengths('hmacsha512', 'Auto')).toEqual({
      validationKeyBytes: 128,
      decryptionKeyBytes: 32,
    });
    expect(machineKeyLengths('HMACSHA384', '3DES')).toEqual({
      validationKeyBytes: 128,
      decryptionKeyBytes: 24,
    });
    expect(machineKeyLengths('SHA1', 'DES')).toEqual({ validationKeyBytes: 64, decryptionKeyBytes: 8 });
    expect(machineKeyLengths('alg:Custom', 'AES')).toHaveProperty('error');
  });
  it('reads and writes the page’s "Automatically generate" and "unique key for each application" boxes', () => {
    expect(parseKeySetting('AutoGenerate,IsolateApps')).toEqual({
      autoGenerate: true,
      isolateApps: true,
      key: '',
    });
    expect(parseKeySetting('AutoGenerate')).toEqual({ autoGenerate: true, isolateApps: false, key: '' });
    expect(parseKeySetting('ABCDEF')).toEqual({ autoGenerate: false, isolateApps: false, key: 'ABCDEF' });
    expect(keySettingValue({ autoGenerate: true, isolateApps: true, key: '' })).toBe(
      'AutoGenerate,IsolateApps',
    );
    expect(keySettingValue({ autoGenerate: false, isolateApps: true, key: 'ABCDEF' })).toBe('ABCDEF');
  });

  it('masks keys in any text and leaves AutoGenerate settings readable', () => {
    expect(
      maskMachineKeys('<machineKey validationKey="ABCDEF0123" decryptionKey=\'99AA\' validation="SHA1" />'),
    ).toBe('<machineKey validationKey="********" decryptionKey=\'********\' validation="SHA1" />');
    const auto = '<machineKey validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate" />';
    expect(maskMachineKeys(auto)).toBe(auto);
  });
});
