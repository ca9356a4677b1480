// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { sessionState, setHere } from '../../test/fixtures';
import {
  changedFields,
  enabledByMode,
  FORM_FIELDS,
  loadedValues,
  pendingChange,
  rebase,
  type FormField,
  type FormValues,
} from './formModel';

const base = loadedValues(sessionState());
const withValues = (v: Partial<FormValues>): FormValues => ({ ...base, ...v });
const enabledSet = (values: FormValues) => FORM_FIELDS.filter((f) => enabledByMode(f, values));

describe('enabled controls per session mode (docs/session-state.md §3.2)', () => {
  const stateServer: FormField[] = ['stateConnectionString', 'stateNetworkTimeout'];
  const sql: FormField[] = ['sqlConnectionString', 'sqlCommandTimeout', 'allowCustomSqlDatabase'];
  const cookies: FormField[] = ['cookieless', 'cookieName', 'timeout', 'cookieSameSite'];

  it.each([
    ['Off', ['mode']],
    ['InProc', ['mode', ...cookies, 'useHostingIdentity']],
    ['Custom', ['mode', ...cookies, 'useHostingIdentity']],
    ['StateServer', ['mode', ...stateServer, ...cookies, 'useHostingIdentity']],
    ['SQLServer', ['mode', ...sql, ...cookies, 'useHostingIdentity']],
  ] as const)('mode %s enables exactly its controls (cookie mode Use Cookies)', (mode, expected) => {
    expect(enabledSet(withValues({ mode })).sort()).toEqual([...expected].sort());
  });
});

describe('enabled controls per cookie mode (docs/session-state.md §3.3)', () => {
  it.each([
    [
      'UseCookies',
      { cookieName: true, timeout: true, regenerateExpiredSessionId: false, cookieSameSite: true },
    ],
    [
      'AutoDetect',
      { cookieName: true, timeout: true, regenerateExpiredSessionId: true, cookieSameSite: true },
    ],
    [
      'UseDeviceProfile',
      { cookieName: true, timeout: true, regenerateExpiredSessionId: true, cookieSameSite: true },
    ],
    ['UseUri', { cookieName: false, timeout: true, regenerateExpiredSessionId: true, cookieSameSite: false }],
  ] as const)('%s', (cookieless, expected) => {
    const values = withValues({ cookieless });
    for (const [field, enabled] of Object.entries(expected)) {
      expect(enabledByMode(field as FormField, values), field).toBe(enabled);
    }
    expect(enabledByMode('cookieless', values)).toBe(true);
  });

  it('a stored alias (cookieless="true") counts as Use URI', () => {
    expect(enabledByMode('cookieName', withValues({ cookieless: 'true' }))).toBe(false);
  });
});

describe('what counts as a change (docs/session-state.md §3.5, P1)', () => {
  it('selecting the effective value or changing back is no change', () => {
    expect(changedFields(base, withValues({ mode: 'InProc' }))).toEqual([]);
    expect(changedFields(base, withValues({ timeout: '020' }))).toEqual([]);
    expect(changedFields(base, withValues({ regenerateExpiredSessionId: 'true' }))).toEqual([]);
  });

  it('fields of another mode are not written', () => {
    // State Server's connection string edited, then the mode switched back to In process.
    expect(changedFields(base, withValues({ stateConnectionString: 'tcpip=10.0.0.5:42424' }))).toEqual([]);
    expect(
      changedFields(base, withValues({ mode: 'StateServer', stateConnectionString: 'tcpip=10.0.0.5:42424' })),
    ).toEqual(['mode', 'stateConnectionString']);
  });

  it('locked attributes are never written', () => {
    expect(changedFields(base, withValues({ timeout: '30' }), (f) => f === 'timeout')).toEqual([]);
  });
});

describe('the PATCH body', () => {
  it('holds only the changed attributes, normalised', () => {
    const state = sessionState();
    const change = pendingChange(state, base, withValues({ timeout: '030', cookieless: 'UseUri' }));
    expect(change.body).toEqual({ cookieless: 'UseUri', timeout: '30' });
    expect(change.validation.errors).toEqual([]);
  });

  it('is empty and carries the rule message when a value is refused (S7)', () => {
    const state = sessionState();
    const change = pendingChange(state, base, withValues({ timeout: 'abc' }));
    expect(change.body).toEqual({});
    expect(change.validation.errors).toEqual([
      {
        attribute: 'timeout',
        rule: 'V4a',
        message:
          "The value of the property 'timeout' cannot be parsed. The error is: Input string was not in a correct format.",
      },
    ]);
  });

  it('writes an explicit value equal to the inherited one (S20)', () => {
    const state = sessionState({ attributes: { timeout: setHere('30') } });
    const loaded = loadedValues(state);
    expect(pendingChange(state, loaded, { ...loaded, timeout: '20' }).body).toEqual({ timeout: '20' });
  });

  it('a non-canonical stored value is shown canonically and not rewritten unless changed (S9a)', () => {
    const state = sessionState({ attributes: { cookieless: { ...setHere('UseCookies'), stored: 'false' } } });
    const loaded = loadedValues(state);
    expect(loaded.cookieless).toBe('UseCookies');
    expect(pendingChange(state, loaded, { ...loaded, cookieName: 'MyCookie' }).body).toEqual({
      cookieName: 'MyCookie',
    });
  });
});

describe('rebase after the configuration was re-read', () => {
  it('keeps edits and takes new values for untouched fields', () => {
    const edited = withValues({ cookieName: 'Mine' });
    const reread = withValues({ timeout: '45' });
    expect(rebase(base, edited, reread)).toEqual({ ...base, cookieName: 'Mine', timeout: '45' });
  });
});
